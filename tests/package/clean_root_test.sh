#!/usr/bin/env bash
# Installs formcheck's Debian package into a clean Debian bookworm root, as a site's CI or a new
# user would (apt-get install ./formcheck_*.deb, dependencies from Debian's archive), then runs,
# from a folder that is not this repository: `formcheck --version`, `formcheck demo` (exit 0),
# and `formcheck init` + `formcheck validate` on the sample Next.js site.
#
# Usage: tests/package/clean_root_test.sh [DEB]   (default: build it with scripts/package.sh)
#   FORMCHECK_ROOT_CACHE   where the root tarball and apt's downloads are kept between runs
#                          (default /var/cache/formcheck-test-root: outside any clone, so a fresh
#                          CI clone on the same machine reuses it); keyed by the root's recipe
#   FORMCHECK_DEBIAN_MIRROR  (default http://deb.debian.org/debian)
# Needs root (chroot, mount) and debootstrap. Exit 77 (skipped) when not root.
#
# Everything runs inside private mount and PID namespaces (unshare): the chroot's /proc mount
# and every process started in the root vanish with the script, even after kill -9.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ "$(id -u)" -ne 0 ]; then
  echo "clean-root: skipped: needs root for debootstrap and chroot" >&2
  exit 77
fi
if [ -z "${FORMCHECK_IN_NAMESPACE:-}" ]; then
  exec env FORMCHECK_IN_NAMESPACE=1 unshare --mount --pid --fork --kill-child --propagation private \
    bash "$0" "$@"
fi
command -v debootstrap >/dev/null ||
  { echo "clean-root: debootstrap is missing: apt-get install debootstrap (scripts/setup.sh does)" >&2; exit 2; }

started=$(date +%s.%N)
stage() { awk -v what="$1" -v from="$started" -v now="$(date +%s.%N)" \
  'BEGIN { printf "clean-root: %-56s %6.1f s since start\n", what, now - from }'; }

deb="${1:-}"
if [ -z "$deb" ]; then
  deb=$(FORMCHECK_SKIP_SETUP=1 bash "$repo/scripts/package.sh" | tail -n 1)
  stage "built $(basename "$deb")"
fi
deb="$(realpath "$deb")"
[ -f "$deb" ] || { echo "clean-root: $deb is not a file" >&2; exit 2; }
case "$(basename "$deb")" in formcheck_*_amd64.deb) ;; *) echo "clean-root: unexpected name $deb" >&2; exit 1 ;; esac
# Dependencies come from dpkg-shlibdeps (libcurl4 is what the binaries link), the browser from Recommends.
dpkg-deb --field "$deb" Depends | grep -q 'libcurl4 (>=' ||
  { echo "clean-root: Depends lacks the shared libraries: $(dpkg-deb --field "$deb" Depends)" >&2; exit 1; }
[ "$(dpkg-deb --field "$deb" Recommends)" = "chromium, chromium-driver" ] ||
  { echo "clean-root: Recommends is '$(dpkg-deb --field "$deb" Recommends)'" >&2; exit 1; }

cache="${FORMCHECK_ROOT_CACHE:-/var/cache/formcheck-test-root}"
mirror="${FORMCHECK_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security="${mirror%/debian}/debian-security"
recipe="bookworm minbase include=ca-certificates $mirror $security v1"
key=$(printf '%s' "$recipe" | sha256sum | cut -c1-16)
tarball="$cache/bookworm-minbase-$key.tar"
mkdir -p "$cache/archives/partial"

work=$(mktemp -d /tmp/formcheck-clean-root.XXXXXX)
root="$work/root"
keep="${FORMCHECK_CLEAN_ROOT_KEEP:-${TMPDIR:-/tmp}/formcheck-clean-root-failure}"
cleanup() {
  local code=$?
  if [ "$code" -ne 0 ] && [ -d "$work" ]; then
    # What the root's commands printed and the reports they wrote, for the failure's diagnosis.
    rm -rf "$keep" && mkdir -p "$keep"
    cp "$work"/*.log "$keep"/ 2>/dev/null || true
    cp -r "$root/root/site/reports" "$keep"/ 2>/dev/null || true
    echo "clean-root: logs and reports kept in $keep" >&2
  fi
  # The mounts die with the namespace anyway; unmount first so rm never walks into /proc.
  umount -R "$root/proc" 2>/dev/null || true
  umount "$root/var/cache/apt/archives" 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -f "$tarball" ]; then
  mkdir "$root"
  tar -C "$root" -xf "$tarball"
  stage "unpacked the cached root ($(du -m "$tarball" | cut -f1) MiB)"
else
  debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; echo "clean-root: debootstrap from $mirror failed" >&2; exit 3; }
  cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
SOURCES
  chroot "$root" apt-get update -qq
  chroot "$root" apt-get clean
  tar -C "$root" -cf "$tarball.tmp.$$" . && mv "$tarball.tmp.$$" "$tarball"
  stage "made a clean bookworm root and cached it ($(du -m "$tarball" | cut -f1) MiB)"
fi

mount -t proc proc "$root/proc"  # formcheck finds its data through /proc/self/exe
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
cp "$deb" "$root/tmp/"
installed_kib() { chroot "$root" dpkg-query -W -f '${Installed-Size}\n' | awk '{ s += $1 } END { print s }'; }
before_kib=$(installed_kib)
install_deb() {
  # apt locks its archives folder, which every run shares through the bind mount: one at a time.
  flock "$cache/archives.lock" chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "/tmp/$(basename "$deb")" >"$work/apt.log" 2>&1
}
if ! install_deb; then
  # The cached package lists went stale (the archive moved on): refresh them once.
  chroot "$root" apt-get update -qq
  install_deb || { cat "$work/apt.log" >&2; echo "clean-root: apt-get install ./$(basename "$deb") failed" >&2; exit 1; }
fi
after_kib=$(installed_kib)
stage "apt-get install ./$(basename "$deb")"
echo "clean-root: installed: formcheck $(chroot "$root" dpkg-query -W -f '${Installed-Size}' formcheck) KiB" \
  "(Installed-Size); $(( after_kib - before_kib )) KiB with the dependencies it pulled into a minbase root"

in_root() { chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
version=$(in_root sh -c 'cd / && formcheck --version')
[ "$version" = "formcheck $(dpkg-deb --field "$deb" Version)" ] ||
  { echo "clean-root: formcheck --version printed '$version'" >&2; exit 1; }
echo "clean-root: $version"

in_root sh -c 'mkdir -p /root/site && cd /root/site && exec formcheck demo --out reports' >"$work/demo.log" 2>&1 ||
  { tail -n 60 "$work/demo.log" >&2; echo "clean-root: formcheck demo failed in the clean root" >&2; exit 1; }
grep -q 'passed, 0 failed, 0 errors' "$work/demo.log" ||
  { tail -n 60 "$work/demo.log" >&2; echo "clean-root: formcheck demo did not pass every check" >&2; exit 1; }
grep -m1 -E '^[0-9]+ passed' "$work/demo.log" | sed 's/^/clean-root: demo: /'
stage "formcheck demo in /root/site"

# Nothing from the machine that built the package: not the source tree's path in a binary, a
# data file or a report.
if grep -rlF "$repo" "$root/usr/bin" "$root/usr/share/formcheck" "$root/root/site/reports"; then
  echo "clean-root: the files above contain the build machine's path $repo" >&2
  exit 1
fi

cp -r "$repo/tests/data/init/nextjs-site" "$root/root/nextjs-site"
in_root sh -c 'cd /root/nextjs-site && formcheck init' >"$work/init.log" 2>&1 ||
  { cat "$work/init.log" >&2; echo "clean-root: formcheck init failed" >&2; exit 1; }
in_root env TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef TWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef \
  TWILIO_WHATSAPP_FROM=whatsapp:+15557654321 STAFF_WHATSAPP_TO=whatsapp:+6281234567890 \
  PREVIEW_URL=https://surf-camp-git-main.vercel.app PRODUCTION_URL=https://surf-camp.example \
  sh -c 'cd /root/nextjs-site && formcheck validate' >"$work/validate.log" 2>&1 ||
  { cat "$work/init.log" "$work/validate.log" >&2; echo "clean-root: the config formcheck init wrote does not validate" >&2; exit 1; }
stage "formcheck init + validate on the sample Next.js site"
echo "clean-root: passed"
