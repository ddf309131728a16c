#!/bin/sh
# tests/test_report.sh - `prune report`: one self-contained HTML page, checked in a real browser.
#
# A generated task with known flipped labels (build/demodata), phase 1 with a small model from
# scratch, then `prune report`. The page must need no network (no external script, style, font
# or image), and headless Chromium must load it with no script error or console message: the
# page's own script sets data-ready="1" on <body> when it has drawn everything, data-error on any
# error, data-map-ink to the pixels the data map's dots cover, data-rows to the examples the
# table's filters keep (a view is linked as report.html#h=0&label=1) and data-mislabelled to the
# examples it flags. The screenshot must hold the plots (a few hundred KB of PNG, not a blank page).
# Skips visibly where Chromium is missing (.ci/run installs Debian's chromium).
root=$(cd "$(dirname "$0")/.." && pwd)
PRUNE=${PRUNE:-$root/prune}
DEMODATA=${DEMODATA:-$root/build/demodata}
fail=0
pass=0
report() { if [ $? -eq 0 ]; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
"$DEMODATA" d --train 1200 --dev 10 >demo.out 2>&1
"$PRUNE" phase1 --scratch 1,16,2,32 --lr 4e-3 --batch 16 --runs 3 --epochs 3 --threads 2 --train d/train.ids.tsv --out p -q >/dev/null 2>&1 &&
"$PRUNE" merge p >/dev/null 2>&1
report "phase 1 and merge on a generated task"
"$PRUNE" report p/merged.scores --train d/train.ids.tsv --out r >r.out 2>r.err
{ [ $? -eq 0 ] && [ -s r/report.html ] && [ -s r/ticket.rows ] && [ -s r/h.tsv ]; }
report "report writes select's files and report.html ($(wc -c < r/report.html 2>/dev/null) bytes)"
"$PRUNE" select p/merged.scores --train d/train.ids.tsv --out s --report >/dev/null 2>&1
rc=$?
sed 's#>s/#>r/#g' s/report.html > s.html   # the rows files' directory is the only difference
{ [ $rc -eq 0 ] && cmp -s r/report.html s.html; }; report "select --report writes the same page"
# self-contained: nothing fetched (the SVG namespace URI is a name, not a fetch)
ext=$(sed 's#xmlns="http://www.w3.org/2000/svg"##g' r/report.html | grep -c -i -E '<script[^>]* src=|<link |@import|url\(|https?://')
{ [ "$ext" -eq 0 ]; }; report "the page fetches nothing: no external script, style, font or image"
n=$(awk 'NR > 1' r/h.tsv | wc -l)
h0=$(awk -F '\t' 'NR > 1 && $3 == 0' r/h.tsv | wc -l)
browser=""
for b in chromium chromium-browser google-chrome; do command -v $b >/dev/null 2>&1 && { browser=$b; break; }; done
if [ -z "$browser" ]; then
    echo "# SKIP: no Chromium here (apt-get install chromium; .ci/run installs it): the page is not opened in a browser"
else
    B="$browser --headless=new --no-sandbox --disable-gpu --no-first-run --enable-logging=stderr --v=0 --virtual-time-budget=10000"
    $B --dump-dom "file://$tmp/r/report.html" >dom.html 2>dom.err
    body=$(grep -o '<body[^>]*>' dom.html | head -1)
    ink=$(echo "$body" | sed -n 's/.*data-map-ink="\([0-9]*\)".*/\1/p')
    rows=$(echo "$body" | sed -n 's/.*data-rows="\([0-9]*\)".*/\1/p')
    { echo "$body" | grep -q 'data-ready="1"' && ! echo "$body" | grep -q 'data-error'; }
    report "$browser loads the page and its script finishes without an error ($body)"
    ! grep -i -E 'uncaught|CONSOLE' dom.err >/dev/null; report "no console message or script error on stderr$(grep -i -m1 -E 'uncaught|CONSOLE' dom.err)"
    { [ "${ink:-0}" -gt 300 ]; }; report "the data map is drawn: $ink pixels of dots"
    { [ "${rows:-0}" -eq "$n" ]; }; report "the examples' table holds all $n examples"
    $B --dump-dom "file://$tmp/r/report.html#h=0" >dom0.html 2>/dev/null
    rows0=$(grep -o '<body[^>]*>' dom0.html | sed -n 's/.*data-rows="\([0-9]*\)".*/\1/p')
    { [ "${rows0:--1}" -eq "$h0" ]; }; report "filtered by H = 0 (report.html#h=0) it keeps the $h0 examples h.tsv gives H = 0 (got $rows0)"
    $B --window-size=1200,2400 --screenshot="$tmp/shot.png" "file://$tmp/r/report.html" >/dev/null 2>&1
    size=$(wc -c < shot.png 2>/dev/null || echo 0)
    { [ "$size" -gt 60000 ]; }; report "the screenshot shows the page's plots and tables ($size bytes of PNG)"
    # texts that would break a page that pasted them in: they must show as text
    VOCAB="$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/tokenizer/vocab.txt"
    [ -f "$VOCAB" ] || VOCAB="$root/tests/fixtures/tokenizer/vocab.txt"
    { printf 'sentence\tlabel\n'
      i=0; while [ $i -lt 40 ]; do
          printf '</script><script>document.body.setAttribute("data-error","injected")</script> the movie %d\t1\n' $i
          printf '<!-- <b>bold</b> & "quoted" \\ the film %d\t0\n' $i
          i=$((i + 1)); done; } > hostile.tsv
    "$PRUNE" phase1 --scratch 1,16,2,32 --vocab "$VOCAB" --runs 2 --epochs 1 --batch 16 --train hostile.tsv --out hp -q --force >/dev/null 2>&1 &&
    "$PRUNE" merge hp >/dev/null 2>&1 &&
    "$PRUNE" report hp/merged.scores --vocab "$VOCAB" --train hostile.tsv --out hr --force >/dev/null 2>&1
    $B --dump-dom "file://$tmp/hr/report.html" >domh.html 2>/dev/null
    { grep -o '<body[^>]*>' domh.html | grep -q 'data-ready="1"' && ! grep -o '<body[^>]*>' domh.html | grep -q 'data-error' &&
      grep -q '&lt;/script&gt;&lt;script&gt;' domh.html && grep -q '&lt;!-- &lt;b&gt;bold&lt;/b&gt; &amp; "quoted"' domh.html; }
    report "texts with </script>, <!-- and markup in them show as text and run nothing"
fi
echo "# $pass passed, $fail failed"
[ $fail -eq 0 ]
