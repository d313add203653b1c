#!/usr/bin/env bash
# Builds the Dockerfile with Debian's podman (no container daemon needed) and runs
# `formcheck --version` and `formcheck demo` in the image. Not a ctest test: the build stage
# compiles formcheck from scratch inside the container (no ccache), which costs more than CI's
# budget allows; run it by hand after changing the Dockerfile.
#
# Usage: tests/package/container_build_test.sh
#   FORMCHECK_BASE_IMAGE_TAR  a bookworm root tarball to use as debian:bookworm and
#                             debian:bookworm-slim when no registry is reachable (default: the
#                             root cached by clean_root_test.sh, if any); empty: pull them
# Needs root and podman (apt-get install podman runc). On a host with hybrid cgroups (v1) and no
# CAP_SYS_RESOURCE, crun cannot start containers; runc with the cgroupfs manager and no default
# ulimits can, which is what this script uses.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
command -v podman >/dev/null || { echo "container: podman is missing: apt-get install podman runc" >&2; exit 77; }
work=$(mktemp -d /tmp/formcheck-container.XXXXXX)
trap 'rm -rf "$work"' EXIT
printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"
podman_() { podman --runtime runc --cgroup-manager cgroupfs "$@"; }

base="${FORMCHECK_BASE_IMAGE_TAR-$(ls -t /var/cache/formcheck-test-root/bookworm-minbase-*.tar 2>/dev/null | head -n 1)}"
pull=always
if [ -n "$base" ]; then
  podman_ import "$base" docker.io/library/debian:bookworm >/dev/null
  podman_ tag docker.io/library/debian:bookworm docker.io/library/debian:bookworm-slim
  pull=never
  echo "container: debian:bookworm and bookworm-slim imported from $base (a minbase debootstrap root)"
fi
started=$(date +%s)
podman_ build --pull="$pull" --network host --isolation chroot -t localhost/formcheck:test "$repo"
echo "container: built localhost/formcheck:test in $(( $(date +%s) - started )) s;" \
  "$(podman_ image inspect localhost/formcheck:test --format '{{.Size}}' | awk '{ printf "%.0f MiB", $1 / 1048576 }')"
podman_ run --rm --network host localhost/formcheck:test --version
podman_ run --rm --network host --entrypoint sh localhost/formcheck:test -c 'cd /tmp && formcheck demo --out demo' \
  >"$work/demo.log" 2>&1 || { tail -n 40 "$work/demo.log" >&2; echo "container: formcheck demo failed" >&2; exit 1; }
grep -m1 -E '^[0-9]+ passed' "$work/demo.log"
echo "container: passed"
