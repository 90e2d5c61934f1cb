#!/usr/bin/env bash
# Run `netlify build --offline` twice on a clean clone of this repository, as Netlify would
# for two commits, and show that the second build restores the build cache, and that the
# site it makes equals a cold build of the same commit.
#
#   bash scripts/netlify_warm_deploy.sh
#
# Needs npm (it installs netlify-cli into a temporary folder) and the repository's own
# node_modules (`npm ci --ignore-scripts`) for the cache plugin.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
netlify_cli_version=23.9.5  # the newest major that supports Node 20

echo "installing netlify-cli $netlify_cli_version"
npm install --silent --prefix "$work/cli" --no-audit --no-fund --ignore-scripts \
  "netlify-cli@$netlify_cli_version" >/dev/null
netlify="$work/cli/node_modules/.bin/netlify"

[ -d "$repo/node_modules/netlify-plugin-cache" ] || (cd "$repo" && npm ci --ignore-scripts --no-audit --no-fund)
git clone --quiet "$repo" "$work/repo"
ln -s "$repo/node_modules" "$work/repo/node_modules"
# The build command installs the project; a venv keeps that away from the machine's Python.
python3 -m venv --system-site-packages "$work/venv"
export PATH="$work/venv/bin:$PATH" URL=https://example.org

deploy() {  # one Netlify build from a fresh checkout: no site/, only what the cache restores
  rm -rf "$work/repo/site"
  (cd "$work/repo" && "$netlify" build --offline) >"$work/$1.log" 2>&1 || {
    cat "$work/$1.log"
    exit 1
  }
  grep -E "restored|built site" "$work/$1.log" | sed "s/^/$1: /"
}

deploy first
entry=$(cd "$work/repo" && git ls-files 'content/entries/*.md' | head -1)
printf '\nA sentence added by the second commit.\n' >>"$work/repo/$entry"
deploy second
grep -q "Successfully restored: .cache/briefing" "$work/second.log"
echo "second build: the build cache was restored"

# The warm site equals a cold build of the same commit (Pagefind's bundle aside, whose
# filter files Pagefind orders differently on every run).
(cd "$work/repo" && python build.py build --no-cache --base-url "$URL/" --out "$work/cold") >/dev/null
diff -r -x pagefind "$work/repo/site" "$work/cold"
echo "warm deploy equals a cold build: ok"
