#!/usr/bin/env bash
# Builds the Debian package: formcheck, formcheck-supervise, the stand-ins, the suites, payloads
# and example configs, installed under /usr (bin/ and share/formcheck/).
# Usage: scripts/package.sh [OUT_DIR]   (default: build-package/; prints the .deb's path last)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-build-package}")
if [ -z "${FORMCHECK_SKIP_SETUP:-}" ]; then
  bash scripts/setup.sh
fi
# CPack computes Depends with dpkg-shlibdeps, after `file` has told it which files are ELF binaries.
for tool in dpkg-shlibdeps dpkg-deb file; do
  command -v "$tool" >/dev/null || { echo "package: $tool is missing: apt-get install dpkg-dev file" >&2; exit 2; }
done
cmake --preset package >/dev/null
cmake --build --preset package -j "$(nproc)"
mkdir -p "$out"
# cpack runs the install rules into its own staging folder and computes Depends with dpkg-shlibdeps.
(cd build-package && cpack -G DEB -B "$out" >/dev/null) ||
  { echo "package: cpack failed (see build-package/_CPack_Packages/*/DEB/*.log)" >&2; exit 1; }
rm -rf "$out/_CPack_Packages"
deb=$(ls -t "$out"/formcheck_*_*.deb | head -n 1)
echo "package: $deb ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends Installed-Size
echo "$deb"
