#!/usr/bin/env bash
# Builds release and prints one table: the per-statement parse floor, `ismig generate` in-process
# and as a process (peak heap / peak RSS), for the example migration and 100 / 1,000 / 10,000
# synthetic tables (tests/common/synth.rs), one dialect and all six; the WSO2 IS 5.7.0 identity scripts
# (../shared/fixtures beside the repository, skipped when missing); and sqlglot on the
# 10,000-table DDL when pip can install it into a throwaway venv (skipped otherwise).
# Run it on an idle machine: `uptime` is printed first. BENCH_SIZES=100,1000 BENCH_REPS=3 narrow it.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "load: $(uptime)"
echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"

cargo build --release --quiet --bin ismig
cargo bench --no-run --quiet --bench generate

venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
if [ -z "${SQLGLOT_PYTHON:-}" ] && command -v python3 >/dev/null 2>&1; then
  if python3 -m venv "$venv/py" >/dev/null 2>&1 \
    && "$venv/py/bin/pip" install --quiet --disable-pip-version-check sqlglot >/dev/null 2>&1; then
    export SQLGLOT_PYTHON="$venv/py/bin/python"
    echo "sqlglot: $("$SQLGLOT_PYTHON" -c 'import sqlglot; print(sqlglot.__version__)')"
  else
    echo "sqlglot: skipped: could not install it into a venv"
  fi
fi
echo
cargo bench --quiet --bench generate
