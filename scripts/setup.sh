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
