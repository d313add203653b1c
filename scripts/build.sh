#!/usr/bin/env bash
# Installs the Debian packages (once), configures with a preset and builds.
# Usage: scripts/build.sh [preset]   (default: dev; binaries land in build/bin/, or the
# preset's folder: build-ci/, build-release/, build-fuzz/)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
bash scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
