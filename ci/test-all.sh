#!/usr/bin/env bash
# ci/test-all.sh — the whole test suite, real engines included: starts PostgreSQL, MariaDB and H2
# on loopback (ci/engines.sh), runs every test with cargo-nextest, and stops the engines whatever
# happens. With ISMIG_REQUIRE_ENGINES=1 (set here) an engine test that cannot reach its engine fails
# instead of skipping; with ISMIG_REQUIRE_DEEP=1 (set here) so does the deep-parser test
# (tests/deep_check.rs) when ../shared/engines/deep/deep-check.sh cannot run. The deep checker
# installs its parsers into DEEPCHECK_DIR: this run's temporary directory unless it is given.
set -euo pipefail
cd "$(dirname "$0")/.."

export ISMIG_ENGINES_DIR=${ISMIG_ENGINES_DIR:-${TMPDIR:-/tmp}/ismig-engines-$$}
if [ -z "${DEEPCHECK_DIR:-}" ]; then
  export DEEPCHECK_DIR=${TMPDIR:-/tmp}/ismig-deepcheck-$$
  trap 'bash ci/engines.sh down; rm -rf "$DEEPCHECK_DIR"' EXIT
else
  trap 'bash ci/engines.sh down' EXIT
fi
bash ci/engines.sh up
# shellcheck disable=SC1091
. "$ISMIG_ENGINES_DIR/env.sh"
export ISMIG_REQUIRE_ENGINES=1 ISMIG_REQUIRE_DERBY=1 ISMIG_REQUIRE_DEEP=1

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast "$@"
else
  cargo test --workspace --no-fail-fast "$@"
fi
