#!/bin/bash
# The supported Node lines besides the machine's own (which runs `npm test`): the unit
# tests and a registry + apply + update e2e smoke test (test/e2e/update-apply.test.ts,
# quadctl run inside the sandbox by that Node) on each. Binaries come from the npm
# registry (scripts/node-bin.sh), cached in .cache/node/. Needs `npm run build` first.
# Prints one `node vX: unit N passed, N failed; e2e …` line per line and fails if any did.
# Each run's jest JSON is kept as .jest-results-nodeLINE-SUITE.json, and their names are
# listed in .jest-results-node-matrix.list: .ci/run hands them to npm test
# (QUADCTL_EARLIER_RESULTS), whose last line then counts them too.
set -uo pipefail
cd "$(dirname "$0")/.."
lines=${QUADCTL_NODE_LINES:-22 24 26}
status=0
: >.jest-results-node-matrix.list
for line in $lines; do
  # A line that cannot be fetched lists a results file that does not exist: one failure.
  node_bin=$(scripts/node-bin.sh "$line") || { echo "node $line: cannot fetch"; echo ".jest-results-node$line-fetch.json" >>.jest-results-node-matrix.list; status=1; continue; }
  start=$SECONDS
  summary=()
  for suite in test/unit test/e2e/update-apply.test.ts; do
    name=node$line-$(basename "$suite" .ts | sed 's/\.test$//')
    out=.jest-results-$name.json
    rm -f "$out"
    echo "$out" >>.jest-results-node-matrix.list
    QUADCTL_E2E_NODE=$node_bin "$node_bin" node_modules/jest/bin/jest.js "$suite" --silent --json --outputFile="$out" >/dev/null 2>".cache/$name.log" || status=1
    summary+=("$(basename "$suite"): $("$node_bin" -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(`${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`)' "$out" 2>/dev/null || echo 'no result')")
  done
  echo "node $("$node_bin" -v): ${summary[*]} ($((SECONDS - start)) s)"
done
exit $status
