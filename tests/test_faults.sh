#!/bin/sh
# tests/test_faults.sh - kill -9 at every point where a crash leaves other bytes on
# disk, for phase1, merge, select, compare and train, and rerun to the end.
#
# $PRUNE_FAULTY is the tool built with PRUNE_FAULT_INJECTION: the library counts its
# durability points (a temporary file created, written, synced, renamed over its
# path; a score block half appended, appended and synced). PRUNE_FAULT_LOG lists
# them; PRUNE_FAULT_AT=k kills the process with SIGKILL at the k-th. For each
# command this test
#   1. runs it once uninterrupted (the reference) and counts its points;
#   2. for every point k: runs it in a fresh copy of its inputs with
#      PRUNE_FAULT_AT=k (it must die there, exit 137), reruns the same command
#      without faults (it must finish, exit 0), and compares every file the command
#      writes, byte for byte, with the reference, and finds no temporary file left.
# Data: build/demodata, 1,200 training examples; a tiny --scratch model, 2 runs.
# Prints "ok - ..." / "not ok - ..." lines (one per command, and one per failing
# kill point), exits non-zero on any failure.
root=$(cd "$(dirname "$0")/.." && pwd)
PRUNE_FAULTY=${PRUNE_FAULTY:-$root/build/tests/prune_faulty}
DEMODATA=${DEMODATA:-$root/build/demodata}
fail=0
pass=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
notok() { echo "not ok - $*"; fail=$((fail + 1)); }
for b in "$PRUNE_FAULTY" "$DEMODATA"; do
    [ -x "$b" ] || { echo "not ok - $b is not built (run make)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
"$DEMODATA" data --train 1200 --dev 100 >/dev/null 2>&1 || { echo "not ok - demodata"; exit 1; }
P1="--scratch 1,16,2,32 --lr=4e-3 --batch 16 --runs 2 --threads 1"
T=$tmp/data/train.ids.tsv
D=$tmp/data/dev.ids.tsv
total=0

# check NAME OUT PREREQ CMD...: CMD writes OUT (a file or directory) in a directory
# that holds copies of PREREQ (space-separated paths relative to ref/, or "")
check() {
    name=$1 out=$2 prereq=$3
    shift 3
    rm -rf ref.$name && mkdir ref.$name
    for p in $prereq; do cp -R "ref/$p" "ref.$name/$p"; done
    (cd ref.$name && PRUNE_FAULT_LOG=points "$@" >/dev/null 2>&1) || { notok "$name: the uninterrupted run failed"; return; }
    n=$(wc -l < ref.$name/points | tr -d ' ')
    bad=0 k=1
    while [ "$k" -le "$n" ]; do
        w=w.$name.$k
        rm -rf "$w" && mkdir "$w"
        for p in $prereq; do cp -R "ref/$p" "$w/$p"; done
        exec 3>&2 2>/dev/null   # the shell's own "Killed" report is expected here
        (cd "$w" && PRUNE_FAULT_AT=$k "$@" >/dev/null 2>&1)
        rc=$?
        exec 2>&3 3>&-
        where=$(sed -n "${k}p" ref.$name/points | cut -d' ' -f2-)
        if [ $rc -ne 137 ]; then
            notok "$name: killed at point $k ($where): exit $rc, not 137 (the point was not reached?)"; bad=1
        elif ! (cd "$w" && "$@" >/dev/null 2>err); then
            notok "$name: after a kill at point $k ($where) the rerun failed: $(head -c 300 "$w/err")"; bad=1
        elif ! diff -r -x err -x points "ref.$name/$out" "$w/$out" >/dev/null; then
            notok "$name: after a kill at point $k ($where) the rerun's $out differs from an uninterrupted run's"; bad=1
        elif [ -n "$(find "$w" -name '*.tmp.*')" ]; then
            notok "$name: after a kill at point $k ($where) a temporary file is left: $(find "$w" -name '*.tmp.*' | head -1)"; bad=1
        fi
        [ $bad -eq 0 ] && rm -rf "$w"
        k=$((k + 1))
    done
    total=$((total + n))
    [ $bad -eq 0 ] && ok "$name: killed at each of its $n durability points, rerun, the same bytes as an uninterrupted run, no temporary file"
    cp -R "ref.$name/$out" "ref/$out" 2>/dev/null
}

mkdir ref
check phase1 p "" "$PRUNE_FAULTY" phase1 $P1 --train "$T" --out p -q
check merge m.scores "p" "$PRUNE_FAULTY" merge p -o m.scores
check select s "m.scores" "$PRUNE_FAULTY" select m.scores --train "$T" --out s
check compare c "m.scores" "$PRUNE_FAULTY" compare $P1 --train "$T" --dev "$D" --scores m.scores --seeds 1 --sets full,ticket --out c
check train t "" "$PRUNE_FAULTY" train --scratch 1,16,2,32 --lr=4e-3 --batch 16 --threads 1 --train "$T" --dev "$D" --out t
echo "# $total kill points in all"
echo "# $pass passed, $fail failed"
[ $fail -eq 0 ]
