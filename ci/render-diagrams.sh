#!/usr/bin/env bash
# ci/render-diagrams.sh — renders every Mermaid diagram of PLAN.md (the example, all six dialects)
# to SVG with the Mermaid CLI, so that a diagram GitHub or GitLab could not draw fails CI.
# Installs Debian's chromium (the CLI's browser; its own browser download is not used) when
# missing, and @mermaid-js/mermaid-cli into a temporary directory. ISMIG_BIN names the binary
# (default: the debug build the test suite made).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${ISMIG_BIN:-target/debug/ismig}
[ -x "$BIN" ] || cargo build --quiet --bin ismig
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null
fi
(cd "$work" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund @mermaid-js/mermaid-cli@11.17.0 >/dev/null)
# flags for a headless browser as root on a machine without a network beyond the registries
cat >"$work/puppeteer.json" <<'JSON'
{"executablePath": "/usr/bin/chromium",
 "args": ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"]}
JSON

"$BIN" generate examples/is-5.7.0-to-5.9.0 --dialect all --out "$work/out" >/dev/null 2>"$work/generate.log" ||
  { cat "$work/generate.log" >&2; exit 1; }
expected=$(grep -c '^```mermaid' "$work/out/PLAN.md")
[ "$expected" -gt 0 ] || { echo "error: PLAN.md has no Mermaid diagram" >&2; exit 1; }
mkdir "$work/svg"
# mmdc exits non-zero with the parse error when a diagram does not parse
"$work/node_modules/.bin/mmdc" -q -p "$work/puppeteer.json" -i "$work/out/PLAN.md" -o "$work/svg/PLAN.md"
rendered=$(find "$work/svg" -name 'PLAN-*.svg' | wc -l)
if [ "$rendered" -ne "$expected" ]; then
  echo "error: $expected diagrams in PLAN.md, $rendered rendered" >&2
  exit 1
fi
echo "diagrams: $rendered of PLAN.md rendered to SVG"
