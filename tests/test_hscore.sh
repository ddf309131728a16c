#!/bin/sh
# tests/test_hscore.sh - examples/hscore.c, the teaching program, runs the method end
# to end and what it prints holds up:
#   1. it exits 0, and all 6 phase-1 runs learned
#   2. the flipped labels land at H = 0: at least 90% of them (it prints 284 of 288;
#      five other data and starting-weight seeds gave 97.9% to 99.3%), with at most 3%
#      of the clean examples (it prints 20 of 2712)
#   3. the winning ticket is a proper subset holding at most a tenth as many flipped
#      labels as the random subset of its size (4 against 203), which has its size
#   4. phase 2 trained and evaluated all three sets: dev accuracy at least 0.95 each
#      (all print 1.0000), and the ticket's dev loss below the random subset's
#      (0.0068 against 0.1043)
#   5. the output is the same bytes on 1 and 2 threads
# Prints "ok - ..." / "not ok - ..." lines, exits non-zero on any failure.
# $HSCORE is the binary (default build/hscore); `make` builds build/tests/test_hscore,
# which runs this with the build's own.
root=$(cd "$(dirname "$0")/.." && pwd)
HSCORE=${HSCORE:-$root/build/hscore}
fail=0
pass=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
notok() { echo "not ok - $*"; fail=$((fail + 1)); }
# `CONDITION; report "what"`: ok when the condition held
report() { if [ $? -eq 0 ]; then ok "$1"; else notok "$1"; fi; }
[ -x "$HSCORE" ] || { echo "not ok - $HSCORE is not built (run make)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$HSCORE" 1 >"$tmp/out1" 2>"$tmp/err1"; rc1=$?
"$HSCORE" 2 >"$tmp/out2" 2>"$tmp/err2"; rc2=$?
out=$tmp/out1
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]; report "hscore exits 0 on 1 and 2 threads (status $rc1, $rc2)"
[ $rc1 -eq 0 ] || { sed 's/^/# /' "$tmp/out1" "$tmp/err1" | tail -n 30; }

# 1. step 3: one "learned" line per run
learned=$(grep -c '^  run [0-9].* learned$' "$out")
[ "$learned" -eq 6 ] && grep -q '^  every run learned$' "$out"; report "all 6 phase-1 runs learned ($learned)"

# 2. step 4: "  flipped labels at H = 0: A of B" and "  clean examples at H = 0: A of B"
set -- $(awk '/^  flipped labels at H = 0: /{print $7, $9} /^  clean examples at H = 0: /{print $7, $9}' "$out") x x x x
f0=$1 nf=$2 c0=$3 nc=$4
num() { case $1 in ''|*[!0-9]*) return 1;; esac; }
num "$f0" && num "$nf" && awk -v a="$f0" -v b="$nf" 'BEGIN { exit !(b > 0 && a >= 0.9 * b) }'
report "flipped labels at H = 0: $f0 of $nf (at least 90%)"
num "$c0" && num "$nc" && awk -v a="$c0" -v b="$nc" 'BEGIN { exit !(b > 0 && a <= 0.03 * b) }'
report "clean examples at H = 0: $c0 of $nc (at most 3%)"

# 3. step 5: "  NAME  SIZE examples ... flipped labels: K"
awk '/flipped labels: [0-9]+$/ { n[$1] = $2; f[$1] = $NF }
     END { exit !(("full" in n) && n["ticket"] > 0 && n["ticket"] < n["full"] && n["random"] == n["ticket"] &&
                  10 * f["ticket"] <= f["random"]) }' "$out"
report "the ticket is a proper subset with at most a tenth of the flipped labels of a random subset of its size ($(awk '/flipped labels: [0-9]+$/{printf "%s%s %s examples, %s flipped", sep, $1, $2, $NF; sep = "; "}' "$out"))"

# 4. step 6: "  NAME  SIZE examples   dev accuracy A   dev loss L"
awk '/ dev accuracy / { n[$1] = 1; if ($6 < 0.95) bad = 1; loss[$1] = $9 }
     END { exit !(n["full"] && n["ticket"] && n["random"] && !bad && loss["ticket"] < loss["random"]) }' "$out"
report "phase 2 on full, ticket and random: dev accuracy >= 0.95 each, ticket's dev loss below random's ($(awk '/ dev accuracy /{printf "%s%s %s %s", sep, $1, $6, $9; sep = "; "}' "$out"))"

# 5. the same output on any thread count
[ -s "$tmp/out1" ] && cmp -s "$tmp/out1" "$tmp/out2"; report "the same output on 1 and 2 threads"

echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
