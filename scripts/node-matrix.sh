#!/bin/bash
# The supported Node lines besides the machine's own (which runs `npm test`): the unit
# tests and a registry + apply + update e2e smoke test (test/e2e/update-apply.test.ts,
# quadctl run inside the sandbox by that Node) on each. Binaries come from the npm
# registry (scripts/node-bin.sh), cached in .cache/node/. Needs `npm run build` first.
# Prints one `node vX: unit N passed, N failed; e2e …` line per line and fails if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
lines=${QUADCTL_NODE_LINES:-22 24 26}
status=0
for line in $lines; do
  node_bin=$(scripts/node-bin.sh "$line") || { echo "node $line: cannot fetch"; status=1; continue; }
  start=$SECONDS
  summary=()
  for suite in test/unit test/e2e/update-apply.test.ts; do
    out=.cache/node-matrix-$line.json
    rm -f "$out"
    QUADCTL_E2E_NODE=$node_bin "$node_bin" node_modules/jest/bin/jest.js "$suite" --silent --json --outputFile="$out" >/dev/null 2>.cache/node-matrix-$line.log || status=1
    summary+=("$(basename "$suite"): $("$node_bin" -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(`${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`)' "$out" 2>/dev/null || echo 'no result')")
  done
  echo "node $("$node_bin" -v): ${summary[*]} ($((SECONDS - start)) s)"
done
exit $status
