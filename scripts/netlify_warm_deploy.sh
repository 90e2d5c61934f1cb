#!/usr/bin/env bash
# Run `netlify build --offline` twice, each on a fresh clone of this repository, as Netlify
# would for two commits, and show that the second build restores the build cache and the
# last site, reuses every page the commit does not reach (the restored files have new inodes
# and mtimes: the build trusts them by their bytes), lets Pagefind find the unchanged pages'
# fragments in place, and makes a site equal to a cold build of the same commit.
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
# The build command installs the project; a venv keeps that away from the machine's Python.
python3 -m venv --system-site-packages "$work/venv"
export PATH="$work/venv/bin:$PATH" URL=https://example.org

clone() {  # a fresh checkout in the same place; Netlify's cache (.netlify/) outlives it
  [ -d "$work/repo/.netlify" ] && mv "$work/repo/.netlify" "$work/netlify-cache"
  rm -rf "$work/repo"
  git clone --quiet "$repo" "$work/repo"
  ln -s "$repo/node_modules" "$work/repo/node_modules"
  [ -d "$work/netlify-cache" ] && mv "$work/netlify-cache" "$work/repo/.netlify"
  return 0
}

deploy() {  # one Netlify build: only what the cache plugin restores survives the last one
  (cd "$work/repo" && "$netlify" build --offline) >"$work/$1.log" 2>&1 || {
    cat "$work/$1.log"
    exit 1
  }
  grep -E "restored|built site" "$work/$1.log" | sed "s/^/$1: /"
}

the_commit() {  # the second commit: one entry's body gets a sentence
  entry=$(cd "$work/repo" && git ls-files 'content/entries/*.md' | head -1)
  printf '\nA sentence added by the second commit.\n' >>"$work/repo/$entry"
}

clone
deploy first
pages=$(sed -nE 's/.*built site: ([0-9]+) files? written, ([0-9]+) unchanged.*/\1/p' "$work/first.log")
clone
if [ -e "$work/repo/site" ] || [ -e "$work/repo/.cache/briefing" ]; then
  echo "the clone is not fresh" && exit 1
fi
the_commit
deploy second
grep -q "Successfully restored: .cache/briefing, site" "$work/second.log"
echo "second build: the build cache and the last site were restored"
written=$(sed -nE 's/.*built site: ([0-9]+) files? written, ([0-9]+) unchanged.*/\1/p' "$work/second.log")
reused=$(sed -nE 's/.*built site: ([0-9]+) files? written, ([0-9]+) unchanged.*/\2/p' "$work/second.log")
[ "$written" -lt "$pages" ] && [ "$reused" -gt 0 ] || {
  echo "second build rewrote the site ($written of $pages files written): the restored site was not reused"
  exit 1
}
echo "second build: $written of $pages files written, $reused reused from the restored site"
grep -q "pages' fragments kept" "$work/second.log" || {
  echo "second build: Pagefind wrote every page's fragment again"
  exit 1
}
echo "second build: $(grep -oE "[0-9,]+ of [0-9,]+ pages' fragments kept" "$work/second.log")"

# The warm site equals a cold build of the same commit (Pagefind's bundle aside, whose
# filter files Pagefind orders differently on every run).
(cd "$work/repo" && python build.py build --no-cache --base-url "$URL/" --out "$work/cold") >/dev/null
diff -r -x pagefind "$work/repo/site" "$work/cold"
echo "warm deploy equals a cold build: ok"
