#!/usr/bin/env bash
# Installs the Debian packages (once), configures with a preset and builds.
# Usage: scripts/build.sh [preset]   (default: ci; binaries land in build/bin/)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-ci}"
bash scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
