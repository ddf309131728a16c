#!/bin/sh
# tests/run.sh DIR - run every test binary in DIR, count "ok" / "not ok" lines,
# print "N passed, N failed" and exit non-zero on any failure. A binary that exits
# non-zero without a failed check (a crash, a sanitizer report) counts as a failure.
# Run from the repository root (fixtures are found relative to it).
dir=${1:-build/tests}
pass=0
fail=0
log=$(mktemp)
hash=""
# every test binary in DIR; in name order, so test_threads runs before test_threads_nothreads
for bin in "$dir"/test_*; do
    [ -x "$bin" ] || continue
    t=${bin##*/}
    args=""
    # the build without threads must reproduce the threaded build's parameters
    [ "$t" = test_threads_nothreads ] && [ -n "$hash" ] && args="--expect $hash"
    start=$(date +%s)
    "$bin" $args >"$log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    [ "$t" = test_threads ] && hash=$(awk '/^hash /{print $2}' "$log")
    p=$(grep -c '^ok - ' "$log")
    f=$(grep -c '^not ok - ' "$log")
    grep -E '^(not ok - |# )' "$log" | sed "s/^/  [$t] /"
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "  [$t] exited with status $rc:"; tail -n 20 "$log" | sed 's/^/    /'
        f=1
    fi
    echo "$t: $p passed, $f failed (${secs}s)"
    pass=$((pass + p)); fail=$((fail + f))
done
rm -f "$log"
[ "$pass" -gt 0 ] || { echo "not ok - no test ran in $dir"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
