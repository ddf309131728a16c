#!/bin/sh
# tests/test_formats.sh - real files in the formats users have, read to the same ids.
#
# SST-2 dev and QNLI dev (../shared/data) written by pandas and by datasets as quoted TSV,
# CSV (minimal quoting, every field quoted, a byte-order mark with CRLF) and JSON Lines
# (tests/reference/write_formats.py); `prune tokenize` must read every one of them to the
# same tokenized dataset, byte for byte, and the same label map, as GLUE's plain TSV.
# Skips visibly without ../shared/data or without python3's pandas and datasets (.ci/run
# installs them). Tokenizer: the fixture vocabulary (no model needed).
root=$(cd "$(dirname "$0")/.." && pwd)
PRUNE=${PRUNE:-$root/prune}
DATA=${DATA:-$root/../shared/data}
VOCAB="$root/tests/fixtures/tokenizer/vocab.txt"
fail=0
pass=0
report() { if [ $? -eq 0 ]; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }
if [ ! -f "$DATA/sst2/dev.tsv" ] || [ ! -f "$DATA/qnli/dev.tsv" ]; then
    echo "# SKIP: $DATA has no sst2/dev.tsv or qnli/dev.tsv (a fresh clone has no shared data): formats not checked on real files"
    exit 0
fi
if ! python3 -c 'import pandas, datasets' 2>/dev/null; then
    echo "# SKIP: python3 lacks pandas or datasets (pip install pandas datasets; .ci/run installs them): formats not checked on real files"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
python3 "$root/tests/reference/write_formats.py" "$DATA" . >write.log 2>&1
report "pandas and datasets wrote SST-2 dev and QNLI dev in $(grep -c rows write.log) files"
for name in sst2 qnli; do
    src="$DATA/$name/dev.tsv"
    [ $name = sst2 ] && src="$DATA/sst2/dev.tsv"
    "$PRUNE" tokenize --vocab "$VOCAB" "$src" -o "ref_$name" --text -q >/dev/null 2>ref.err
    report "$name: GLUE's plain TSV tokenizes"
    for f in $name.*.tsv $name.*.csv $name.*.jsonl; do
        "$PRUNE" tokenize --vocab "$VOCAB" "$f" -o "$f.ids" --text -q >/dev/null 2>"$f.err"
        { [ $? -eq 0 ] && cmp -s "ref_$name" "$f.ids" && cmp -s "ref_$name.labels.tsv" "$f.ids.labels.tsv"; }
        report "$f: the same ids and label map as the plain TSV, $(wc -l < "$f.ids" 2>/dev/null) rows$(head -c 200 "$f.err")"
    done
done
# SNLI's own release (JSON Lines, gold_label, '-' for no gold label), against the same rows as a TSV
if [ -f "$DATA/snli/snli_1.0_dev.jsonl" ]; then
    python3 -c 'import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open("snli.tsv", "w", encoding="utf-8") as o:
    o.write("sentence1\tsentence2\tgold_label\n")
    for line in f:
        r = json.loads(line)
        o.write(r["sentence1"] + "\t" + r["sentence2"] + "\t" + r["gold_label"] + "\n")' "$DATA/snli/snli_1.0_dev.jsonl"
    "$PRUNE" tokenize --vocab "$VOCAB" --label gold_label --drop-label - snli.tsv -o snli_tsv.ids --text -q >/dev/null 2>snli1.err
    "$PRUNE" tokenize --vocab "$VOCAB" --drop-label - "$DATA/snli/snli_1.0_dev.jsonl" -o snli_jsonl.ids --text -q >/dev/null 2>snli2.err
    all=$(awk 'END { print NR }' snli.tsv); kept=$(wc -l < snli_jsonl.ids 2>/dev/null); nogold=$(awk -F '\t' '$3 == "-"' snli.tsv | wc -l)
    { cmp -s snli_tsv.ids snli_jsonl.ids && cmp -s snli_tsv.ids.labels.tsv snli_jsonl.ids.labels.tsv && [ "$kept" -eq $((all - 1 - nogold)) ]; }
    report "SNLI's dev release (JSON Lines): --drop-label - keeps $kept of $((all - 1)) pairs, the same ids as the TSV of its rows$(head -c 200 snli2.err)"
fi
echo "# $pass passed, $fail failed"
[ $fail -eq 0 ]
