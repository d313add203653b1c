#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): puts formcheck on a Debian bookworm runner.
#   FORMCHECK_DEB      a .deb path or URL to install (optional)
#   FORMCHECK_VERSION  otherwise, the release asset formcheck_<version>_amd64.deb of
#   ACTION_REPOSITORY  the action's repository; when that cannot be downloaded, the package is
#   ACTION_PATH        built from the action's source (scripts/package.sh)
#   FORMCHECK_BROWSER  "true": also chromium and chromium-driver
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if ! grep -qs 'VERSION_CODENAME=bookworm' /etc/os-release; then
  echo "formcheck: the package is built for Debian bookworm; run the job in 'container: debian:bookworm'" >&2
  exit 2
fi
$SUDO apt-get update -qq
command -v curl >/dev/null || $SUDO apt-get install -y -qq --no-install-recommends curl ca-certificates

work=$(mktemp -d)
deb="$work/formcheck_${FORMCHECK_VERSION}_amd64.deb"
if [ -n "${FORMCHECK_DEB:-}" ]; then
  case "$FORMCHECK_DEB" in
    http://* | https://*) curl -fsSL -o "$deb" "$FORMCHECK_DEB" ;;
    *) cp "$FORMCHECK_DEB" "$deb" ;;
  esac
elif ! curl -fsSL -o "$deb" \
  "https://github.com/${ACTION_REPOSITORY}/releases/download/v${FORMCHECK_VERSION}/formcheck_${FORMCHECK_VERSION}_amd64.deb"; then
  echo "formcheck: no release asset for ${FORMCHECK_VERSION}; building the package from ${ACTION_PATH}"
  $SUDO apt-get install -y -qq --no-install-recommends build-essential cmake ninja-build pkg-config dpkg-dev file \
    libcurl4-openssl-dev libboost1.81-dev nlohmann-json3-dev libfmt-dev libcli11-dev libpugixml-dev \
    libcpp-httplib-dev libssl-dev
  deb=$(FORMCHECK_SKIP_SETUP=1 bash "$ACTION_PATH/scripts/package.sh" "$work/built" | tail -n 1)
fi
extra=()
[ "${FORMCHECK_BROWSER:-false}" != "true" ] || extra=(chromium chromium-driver)
$SUDO apt-get install -y -qq --no-install-recommends "$deb" "${extra[@]}"
formcheck --version
