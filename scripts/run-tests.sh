#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed" summed over all of them.
# Exit status is non-zero if any test failed or a test project could not run.
set -uo pipefail
config="${1:-Release}"
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet test Cluster.sln -c "$config" --no-build --nologo -v quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" 2>&1 \
  | grep -vE '^\s*$|^Test run for|^A total of|^VSTest version|^Starting test execution|^Build started|^Results File|No test is available|Additionally, path to test adapters|Additional logging|NUnit Adapter'
status=${PIPESTATUS[0]}

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The run itself broke (a crashed test host, a missing project): count it rather than report green.
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
