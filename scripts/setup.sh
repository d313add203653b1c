#!/usr/bin/env bash
# Installs the Debian bookworm packages formcheck builds with. Idempotent: when every
# package is already installed it does nothing (no apt-get update, no network).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  googletest libgtest-dev libgmock-dev
  libcurl4-openssl-dev libboost1.81-dev nlohmann-json3-dev libfmt-dev
  libcli11-dev libpugixml-dev libcpp-httplib-dev libssl-dev openssl
  libxml2-utils curl procps
  clang libclang-rt-14-dev ccache
  chromium chromium-driver fonts-noto-cjk fonts-noto-color-emoji
  webkit2gtk-driver xvfb firefox-esr
  file debootstrap  # the Debian package (CPack needs file) and its clean-root test
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages already installed"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Twilio's official Node SDK, for the SDK conformance test (tests/sdk). Optional: without
# Node the test says it was skipped.
root="$(cd "$(dirname "$0")/.." && pwd)"
if command -v npm >/dev/null 2>&1 && [ ! -f "$root/tests/sdk/node_modules/twilio/package.json" ]; then
  echo "setup: npm ci in tests/sdk (twilio-node)"
  (cd "$root/tests/sdk" && npm ci --no-audit --no-fund --loglevel=error) || echo "setup: npm ci failed; the SDK test will be skipped"
fi

# The Next.js fixture (fixtures/nextjs-site): `formcheck demo` runs it as its local target and
# the `nextjs` tests drive it. Optional too: without npm the demo uses the C++ site and the
# tests say "skipped: npm not found". scripts/nextjs-site.sh builds it (cached) when needed.
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: npm not found: skipping fixtures/nextjs-site (the demo uses the C++ contact site; the nextjs tests are skipped)"
elif [ ! -f "$root/fixtures/nextjs-site/node_modules/.package-lock.json" ] ||
     [ "$root/fixtures/nextjs-site/package-lock.json" -nt "$root/fixtures/nextjs-site/node_modules/.package-lock.json" ]; then
  echo "setup: npm ci in fixtures/nextjs-site (next, react, twilio)"
  t=$(date +%s)
  (cd "$root/fixtures/nextjs-site" && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "setup: npm ci failed in fixtures/nextjs-site; the demo uses the C++ contact site"
  echo "setup: npm ci took $(( $(date +%s) - t )) s"
fi
