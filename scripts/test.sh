#!/usr/bin/env bash
# The README's test command: install, configure, build, and run every test with ctest.
# Usage: scripts/test.sh [preset] [extra ctest args…]   (default preset: ci)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-ci}"
shift || true
bash scripts/build.sh "$preset"
if [ ! -d ../shared/twilio-oai ]; then
  echo "test: ../shared/twilio-oai is absent: the OpenAPI conformance tests will be skipped (visible in ctest output)"
fi
ctest --preset "$preset" "$@"
