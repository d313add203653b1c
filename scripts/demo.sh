#!/usr/bin/env bash
# The README's first command: install, build (release preset, no tests), and run the demo
# against the bundled stand-ins.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release
exec ./build-release/bin/formcheck demo "$@"
