#!/usr/bin/env bash
# Prepares the Next.js fixture (fixtures/nextjs-site) for the tests:
#   scripts/nextjs-site.sh prepare BUILD_DIR
# 1. `npm ci` in the fixture when its node_modules is missing or older than package-lock.json;
# 2. a copy of the sources in BUILD_DIR/nextjs-site/app (node_modules hard-linked, so no
#    second 400 MB): the source tree stays clean, and Next wants its distDir inside the app;
# 3. `next build` there, cached: skipped while the hash of the sources (README aside), the
#    lock file and the Node version is the one recorded after the last build.
# The last line on stdout is the prepared app folder. Each stage prints its time on stderr.
# Exit codes: 0 ready, 77 npm or node not found (callers report "skipped: npm not found"),
# 1 a stage failed (its output is on stderr).
set -euo pipefail

die() { echo "nextjs-site: $*" >&2; exit 1; }
[ "${1:-}" = prepare ] && [ -n "${2:-}" ] || die "usage: $0 prepare BUILD_DIR"
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/fixtures/nextjs-site"
work="$(mkdir -p "$2" && cd "$2" && pwd)/nextjs-site"
app="$work/app"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "nextjs-site: skipped: npm not found (install Debian's nodejs and npm, then run scripts/setup.sh)" >&2
  exit 77
fi

now_ms() { date +%s%3N; }
stage() { echo "nextjs-site: $1 in $(( ($(now_ms) - $2) )) ms" >&2; }

mkdir -p "$work"
# One preparer at a time: parallel tests wait here and then find the cache warm.
exec 9>"$work/.lock"
flock 9

if [ ! -f "$src/node_modules/.package-lock.json" ] || [ "$src/package-lock.json" -nt "$src/node_modules/.package-lock.json" ]; then
  t=$(now_ms)
  (cd "$src" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in $src"
  stage "npm ci" "$t"
fi

sources() {
  (cd "$src" && find . \( -name node_modules -o -name '.next*' -o -name next-env.d.ts -o -name '*.tsbuildinfo' -o -name '*.md' \) -prune \
    -o -type f -print | LC_ALL=C sort)
}
t=$(now_ms)
hash="$( { sources | (cd "$src" && xargs -d '\n' sha256sum); node --version; } | sha256sum | cut -c1-16)"
stage "hashed the sources ($hash)" "$t"

if [ -f "$app/.formcheck-build" ] && [ "$(cat "$app/.formcheck-build")" = "$hash" ] && [ -f "$app/.next/BUILD_ID" ]; then
  echo "nextjs-site: next build is cached ($hash)" >&2
  echo "$app"
  exit 0
fi

t=$(now_ms)
rm -rf "$app"
mkdir -p "$app"
(cd "$src" && tar --exclude=./node_modules --exclude='./.next*' -cf - .) | tar -xf - -C "$app"
cp -al "$src/node_modules" "$app/node_modules" 2>/dev/null || cp -a "$src/node_modules" "$app/node_modules"
stage "copied the app to $app" "$t"

t=$(now_ms)
(cd "$app" && NEXT_TELEMETRY_DISABLED=1 ./node_modules/.bin/next build >"$work/next-build.log" 2>&1) ||
  { tail -n 40 "$work/next-build.log" >&2; die "next build failed (log: $work/next-build.log)"; }
echo "$hash" >"$app/.formcheck-build"
stage "next build" "$t"
echo "$app"
