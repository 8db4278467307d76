#!/usr/bin/env bash
# ci/test-all.sh — the whole test suite, real engines included: starts PostgreSQL, MariaDB and H2
# on loopback (ci/engines.sh), runs every test with cargo-nextest, and stops the engines whatever
# happens. With ISMIG_REQUIRE_ENGINES=1 (set here) an engine test that cannot reach its engine fails
# instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."

export ISMIG_ENGINES_DIR=${ISMIG_ENGINES_DIR:-${TMPDIR:-/tmp}/ismig-engines-$$}
trap 'bash ci/engines.sh down' EXIT
bash ci/engines.sh up
# shellcheck disable=SC1091
. "$ISMIG_ENGINES_DIR/env.sh"
export ISMIG_REQUIRE_ENGINES=1 ISMIG_REQUIRE_DERBY=1

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast "$@"
else
  cargo test --workspace --no-fail-fast "$@"
fi
