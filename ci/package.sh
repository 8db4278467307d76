#!/usr/bin/env bash
# Builds what a DBA installs: a statically linked x86_64 Linux binary, its man page and shell
# completions (printed by the binary itself, from the same clap definitions), and from them a .deb
# (cargo-deb) and an .rpm (cargo-generate-rpm), into target/package/.
# The binary is built with the `dist` profile (release without fat LTO: a build that fits CI).
# PACKAGE_CHECK=1 also installs the .deb (dpkg, as root), checks what it installed and removes it
# again, and installs the .rpm into a scratch root and runs its binary (the rpm tool is installed
# with apt when missing); .ci/run runs it so.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
TARGET=x86_64-unknown-linux-gnu
OUT=target/package
BIN="target/$TARGET/dist/ismig"

for tool in cargo-deb cargo-generate-rpm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    cargo install "$tool" --locked
  fi
done

# --target keeps build scripts and proc macros dynamic: only the binary is static
RUSTFLAGS="-C target-feature=+crt-static" cargo build --locked --profile dist --target "$TARGET" --bin ismig
# glibc's static-pie binary: ldd says "statically linked" (older ldd: "not a dynamic executable")
if ldd "$BIN" 2>&1 | grep -qE "not a dynamic executable|statically linked"; then
  echo "static: $BIN"
else
  echo "error: $BIN is dynamically linked:" >&2
  ldd "$BIN" >&2 || true
  exit 1
fi

rm -rf "$OUT"
mkdir -p "$OUT/completions"
"$BIN" man > "$OUT/ismig.1"
"$BIN" completions bash > "$OUT/completions/ismig"
"$BIN" completions zsh > "$OUT/completions/_ismig"
"$BIN" completions fish > "$OUT/completions/ismig.fish"
"$BIN" completions powershell > "$OUT/completions/ismig.ps1"
gzip -9n < "$OUT/ismig.1" > "$OUT/ismig.1.gz"

cargo deb --no-build --no-strip --profile dist --target "$TARGET" --output "$OUT/"
version=$("$BIN" --version | head -n 1 | cut -d ' ' -f 2)
# the assets name their paths, so generate-rpm needs no profile; the host's arch is x86_64
cargo generate-rpm --output "$OUT/ismig-$version-1.x86_64.rpm"
ls -l "$OUT"/*.deb "$OUT"/*.rpm

if [ "${PACKAGE_CHECK:-0}" = 1 ]; then
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
  need=()
  command -v rpm >/dev/null || need+=(rpm)
  command -v man >/dev/null || need+=(man-db)
  if [ ${#need[@]} -gt 0 ]; then
    as_root apt-get update -q >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  fi
  deb=$(ls "$OUT"/*.deb)
  # the check installs the package and removes it again, and its scratch rpm root, whatever happens
  rpmroot=$(mktemp -d)
  trap 'as_root dpkg -r ismig >/dev/null 2>&1 || true; rm -rf "$rpmroot"' EXIT
  as_root dpkg -i "$deb"
  ismig --version | grep -q "dialects: oracle, db2, mssql, mysql, postgresql, h2"
  man -l /usr/share/man/man1/ismig.1.gz | grep -q "ismig generate"
  grep -q "complete" /usr/share/bash-completion/completions/ismig
  rpm -qlp "$OUT"/*.rpm | tee "$OUT/rpm-files.txt"
  for f in /usr/bin/ismig /usr/share/man/man1/ismig.1.gz /usr/share/bash-completion/completions/ismig \
    /usr/share/doc/ismig/README.md /usr/share/doc/ismig/LICENSE; do
    grep -qx "$f" "$OUT/rpm-files.txt"
    dpkg -L ismig | grep -qx "$f"
  done
  # the .rpm installs and its binary runs: installed into a scratch root with its own rpm
  # database (--nodeps: the scratch root has no packages; the binary is static and needs none)
  rpm --root "$rpmroot" --initdb
  rpm --root "$rpmroot" --nodeps --noscripts -i "$OUT"/*.rpm
  "$rpmroot/usr/bin/ismig" --version | grep -q "dialects: oracle, db2, mssql, mysql, postgresql, h2"
  "$rpmroot/usr/bin/ismig" validate examples/is-5.7.0-to-5.9.0 --dialect all >/dev/null 2>&1
  rpm --root "$rpmroot" -q ismig
  echo "packages check: ok"
fi
