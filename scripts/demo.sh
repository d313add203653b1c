#!/usr/bin/env bash
# The README's first command: install, build, and run the demo against the bundled stand-ins.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh ci
exec ./build/bin/formcheck demo "$@"
