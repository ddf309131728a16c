#!/bin/sh
# tests/test_cli.sh - the prune tool from the outside, on small generated data
# (build/demodata) and a tiny --scratch model:
#   1. phase 1 killed with SIGKILL after its first epoch is on disk, and again in its
#      first epoch, then rerun with the same command, ends with a score file
#      byte-identical to an uninterrupted run's; a second process on a running run is
#      refused
#   2. merge refuses score files of other configurations or datasets, missing or
#      doubled runs; phase 1 refuses to add to another experiment's directory
#   3. --help works for the tool and every command; bad usage exits 2
#   4. select writes the histogram, h.tsv, the summary and row files that are rows
#      of the training file, ascending, of the sizes the summary says
#   5. train + evaluate agree; a TSV, its tokenized binary and text forms give the
#      same results
#   6. the pipeline end to end, and run again: nothing retrained, same results
#   7. a phase 1 that did not learn (random labels, a rate of 1e-9) is stopped, named
#      by merge, refused by select unless --force; the probe finds a rate that learns
#   8. compare: sets x seeds, mean and std, a SIGKILLed comparison resuming without
#      redoing any finished training
#   9. RoBERTa from a TSV of pairs: the byte-level BPE tokenizer from the checkpoint's
#      vocab.json and merges.txt, phase 1 (the same bits on 1 and 2 threads), select,
#      train on the ticket (a roberta checkpoint with its BPE files), evaluate, pipeline,
#      compare
#  10. OPT (post-LN, projections) from the same pairs: phase 1 (the same bits on 1 and
#      2 threads), merge, select, train, evaluate, pipeline, compare
#  11. multiple choice (RACE's layout) and extractive QA (SQuAD) from the committed
#      fixtures: phase 1 (the same bits on 1 and 2 threads), merge, select with the
#      classes A-D and answer / no answer, compare (accuracy; exact and F1), train
#      saves ...ForMultipleChoice / ...ForQuestionAnswering, evaluate and its answers,
#      select --unit question (a question's features together), SIGKILL and resume,
#      and a dev set of another task refused
# Prints "ok - ..." / "not ok - ..." lines, exits non-zero on any failure.
# Binaries: $PRUNE (default ./prune at the repository root) and $DEMODATA (default
# build/demodata); `make` builds both and build/tests/test_cli runs this with them.
root=$(cd "$(dirname "$0")/.." && pwd)
PRUNE=${PRUNE:-$root/prune}
DEMODATA=${DEMODATA:-$root/build/demodata}
fail=0
pass=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
notok() { echo "not ok - $*"; fail=$((fail + 1)); }
# `CONDITION; report "what"`: ok when the condition (a command or a { list; }) held
report() { if [ $? -eq 0 ]; then ok "$1"; else notok "$1"; fi; }
for b in "$PRUNE" "$DEMODATA"; do
    [ -x "$b" ] || { echo "not ok - $b is not built (run make)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# ---- data: two small generated training sets, a dev set
"$DEMODATA" d1 --train 1200 --dev 300 2>/dev/null || { echo "not ok - demodata"; exit 1; }
"$DEMODATA" d2 --train 1200 --dev 10 --seed 7 2>/dev/null || { echo "not ok - demodata"; exit 1; }
T1=d1/train.ids.tsv
T2=d2/train.ids.tsv
DEV=d1/dev.ids.tsv
n=1200
# phase 1 on a model of 1 layer, hidden 16: a run takes a fraction of a second
P1="--scratch 1,16,2,32 --lr=4e-3 --batch 16 --runs 3 --threads 2"
size() { if [ -f "$1" ]; then wc -c < "$1" | tr -d ' '; else echo 0; fi; }

# ---- 1. SIGKILL after the first epoch, restart, byte-identical
"$PRUNE" phase1 $P1 --train $T1 --out a --run 0 -q >/dev/null 2>a.err
report "phase1 --run 0 exits 0"
{ [ -f a/run-0.scores ] && [ ! -f a/run-0.state ]; }; report "phase1 --run 0 wrote a/run-0.scores and removed its state"
header=$((72 + n))                         # a per-run score file: 64 bytes, 1 run id padded to 8, n labels padded to 8
block=$((16 + 14 * n))                     # run, epoch, 14 bytes per example, checksum
full=$((header + 3 * block))
{ [ "$(size a/run-0.scores)" -eq $full ]; }; report "a/run-0.scores holds 3 whole epochs ($full bytes)"

# kill_after DIR BYTES: start run 0 into DIR, SIGKILL it once its score file holds
# BYTES (0: as soon as its starting state is on disk), rerun the same command
kill_after() {
    "$PRUNE" phase1 $P1 --train $T1 --out $1 --run 0 -q >/dev/null 2>&1 &
    pid=$!
    i=0
    while kill -0 $pid 2>/dev/null && [ $i -lt 3000 ]; do
        if [ "$2" -eq 0 ]; then [ -f $1/run-0.state ] && break; else [ "$(size $1/run-0.scores)" -ge "$2" ] && break; fi
        sleep 0.01
        i=$((i + 1))
    done
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    at_kill=$(size $1/run-0.scores)
    echo "# killed phase 1 with SIGKILL with $at_kill of $full bytes of its score file on disk"
}
kill_after b $((header + block))
{ [ "$at_kill" -ge $((header + block)) ] && [ "$at_kill" -lt $full ]; }; report "SIGKILL landed after the first epoch and before the last"
"$PRUNE" phase1 $P1 --train $T1 --out b --run 0 >/dev/null 2>b.err
report "the same command after SIGKILL exits 0"
grep -q "on disk, resuming" b.err; report "it says it resumes"
cmp -s a/run-0.scores b/run-0.scores; report "the resumed score file is byte-identical to the uninterrupted one"
[ ! -f b/run-0.state ]; report "the resumed run removed its state file"
kill_after b1 0
[ "$at_kill" -lt $((header + block)) ]; report "SIGKILL landed in the first epoch"
"$PRUNE" phase1 $P1 --train $T1 --out b1 --run 0 -q >/dev/null 2>b1.err
report "the same command after a SIGKILL in the first epoch exits 0"
cmp -s a/run-0.scores b1/run-0.scores; report "and its score file is byte-identical to the uninterrupted one"
"$PRUNE" phase1 $P1 --train $T1 --out b --run 0 >/dev/null 2>b2.err
{ grep -q "already complete" b2.err && cmp -s a/run-0.scores b/run-0.scores; }; report "a finished run, run again, is left as it is"
# what a kill during a save leaves behind (temporary files named by PID) goes with the next run of that run
echo junk > b/run-0.state.tmp.12345; echo junk > b/run-0.scores.tmp.999; echo keep > b/run-1.state.tmp.777
"$PRUNE" phase1 $P1 --train $T1 --out b --run 0 -q >/dev/null 2>&1
{ [ ! -f b/run-0.state.tmp.12345 ] && [ ! -f b/run-0.scores.tmp.999 ] && [ -f b/run-1.state.tmp.777 ]; }
report "a killed run's temporary files are removed when that run is run again, no other run's"
rm -f b/run-1.state.tmp.777

# one process per run: a second one on the same run and directory is refused
"$PRUNE" phase1 $P1 --train $T1 --out l --run 0 -q >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -f l/run-0.state ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i + 1)); done
"$PRUNE" phase1 $P1 --train $T1 --out l --run 0 -q >/dev/null 2>l.err
rc=$?
wait $pid
{ [ $rc -eq 1 ] && grep -q "another process" l.err && cmp -s a/run-0.scores l/run-0.scores; }
report "a run already running in another process is refused, and that one finishes unharmed"

# ---- 2. merge refuses what does not belong together
"$PRUNE" phase1 $P1 --train $T1 --out a --run 1 -q >/dev/null 2>&1 &&
"$PRUNE" phase1 $P1 --train $T1 --out a --run 2 -q >/dev/null 2>&1
report "phase1 runs 1 and 2"
"$PRUNE" merge a >merge.out 2>&1
{ [ $? -eq 0 ] && [ -f a/merged.scores ]; }; report "merge DIR of 3 consistent runs exits 0"
"$PRUNE" phase1 $P1 --lr 3e-3 --train $T1 --out c --run 1 -q >/dev/null 2>&1
"$PRUNE" phase1 $P1 --train $T2 --out e --run 1 -q >/dev/null 2>&1
"$PRUNE" merge -o x.scores a/run-0.scores c/run-1.scores a/run-2.scores >m1.out 2>&1
rc=$?
{ [ $rc -eq 1 ] && grep -q "another configuration" m1.out && [ ! -f x.scores ]; }; report "merge refuses another configuration (exit 1)"
"$PRUNE" merge -o x.scores a/run-0.scores e/run-1.scores a/run-2.scores >m2.out 2>&1
rc=$?
{ [ $rc -eq 1 ] && grep -q "another training set" m2.out && [ ! -f x.scores ]; }; report "merge refuses another training set (exit 1)"
"$PRUNE" merge -o x.scores a/run-0.scores a/run-0.scores a/run-2.scores >m3.out 2>&1
{ [ $? -eq 1 ] && grep -q "twice" m3.out; }; report "merge refuses a run given twice"
"$PRUNE" merge -o x.scores a/run-0.scores a/run-2.scores >m4.out 2>&1
{ [ $? -eq 1 ] && grep -q "missing: run 1)" m4.out; }; report "merge refuses a missing run, and names it"
"$PRUNE" merge nosuchdir >m6.out 2>&1
{ [ $? -eq 1 ] && grep -q "nosuchdir: no such file or directory" m6.out; }; report "merge of a directory that does not exist says so (not '-o is required')"
"$PRUNE" train --help >th.out 2>&1
{ [ $? -eq 0 ] && ! grep -q -- "--runs" th.out; }; report "train --help does not offer --runs, which train does not use"
mkdir -p dmg && cp a/run-0.scores dmg/ && printf 'X' | dd of=dmg/run-0.scores bs=1 seek=$((full - 30)) conv=notrunc 2>/dev/null
"$PRUNE" merge -o x.scores dmg/run-0.scores a/run-1.scores a/run-2.scores >m5.out 2>&1
{ [ $? -eq 1 ] && grep -q "fails its checksum" m5.out && ! grep -q "still running" m5.out; }
report "merge tells a damaged last epoch from an unfinished one"
"$PRUNE" phase1 $P1 --lr 3e-3 --train $T1 --out a --run 0 -q >p.out 2>&1
{ [ $? -eq 1 ] && grep -q "refusing" p.out && cmp -s a/run-0.scores b/run-0.scores; }; report "phase1 refuses to mix another configuration into a directory"
"$PRUNE" phase1 $P1 --train $T2 --out a --run 0 -q >p.out 2>&1
{ [ $? -eq 1 ] && grep -q "another training set" p.out; }; report "phase1 refuses to mix another training set into a directory"
{ grep -q "fingerprint differs" m1.out && grep -q "what differs: lr 0.004 vs 0.003" m1.out; }
report "merge says which setting differs (from the directories' phase1.txt): $(grep -o 'what differs: [^;]*' m1.out)"
{ "$PRUNE" phase1 $P1 --lr 3e-3 --train $T1 --out a --run 0 -q 2>&1 | grep -q "what differs: lr 0.004 vs 0.003"; }
report "phase1 refusing another configuration says which setting differs"
mkdir -p k && cp a/run-0.scores k/
"$PRUNE" phase1 $P1 --lr 3e-3 --train $T1 --out k --run 1 -q >p.out 2>&1
{ [ $? -eq 1 ] && grep -q "holds k/run-0.scores, recorded with another configuration" p.out && [ ! -f k/run-1.scores ]; }
report "phase1 --run 1 refuses a directory whose run 0 is another configuration's"
"$PRUNE" phase1 $P1 --train $T1 --out k --run 1 --threads 100000 >p.out 2>&1
{ [ $? -eq 2 ] && grep -q "CPUs" p.out; }; report "--threads beyond the CPUs: a usage error"

# ---- 3. help and usage errors
"$PRUNE" --help >h.out 2>&1
{ [ $? -eq 0 ] && grep -q pipeline h.out && grep -q "Exit status" h.out; }; report "prune --help exits 0 and lists the commands"
for c in tokenize probe phase1 merge select compare train evaluate pipeline; do
    "$PRUNE" $c --help >h.out 2>h.err
    { [ $? -eq 0 ] && grep -q "^usage: prune $c" h.out && [ ! -s h.err ]; }; report "prune $c --help exits 0 and prints its usage on stdout"
done
usage() { d=$1; shift; "$PRUNE" "$@" >u.out 2>u.err; rc=$?; [ $rc -eq 2 ] && [ -s u.err ] && [ ! -s u.out ]; report "$d exits 2"; }
usage "no command" 
usage "an unknown command" frobnicate
usage "an unknown option" phase1 --frobnicate
usage "--lr abc" phase1 --scratch 1,16,2,32 --train $T1 --out z --lr abc
usage "--lr=abc" phase1 --scratch 1,16,2,32 --train $T1 --out z --lr=abc
usage "--lr without a value" phase1 --scratch 1,16,2,32 --train $T1 --out z --lr
usage "--epochs 0" phase1 --scratch 1,16,2,32 --train $T1 --out z --epochs 0
usage "--run 3 with --runs 3" phase1 --scratch 1,16,2,32 --train $T1 --out z --runs 3 --run 3
usage "--scratch 1,16,3,32 (3 heads do not divide 16)" phase1 --scratch 1,16,3,32 --train $T1 --out z
usage "phase1 without --out" phase1 --scratch 1,16,2,32 --train $T1
usage "phase1 without a model" phase1 --train $T1 --out z
usage "--model and --scratch together" phase1 --model m --scratch 1,16,2,32 --train $T1 --out z
usage "an option of another command" merge --lr 1e-3 a
usage "a flag given a value" phase1 --reshuffle=1 --scratch 1,16,2,32 --train $T1 --out z
{ [ ! -e z ]; }; report "no directory was made by a usage error"
"$PRUNE" phase1 --scratch 1,16,2,32 --train does-not-exist --out z -q >u.out 2>u.err
{ [ $? -eq 1 ] && grep -q "does-not-exist" u.err; }; report "a missing training file exits 1"

# ---- 4. select: histogram, summary, row files
"$PRUNE" select a/merged.scores --train $T1 --out s --remove 0 --remove 0-1,3 --baselines >sel.out 2>sel.err
report "select exits 0"
{ grep -q "^H-scores of $n examples, 3 runs x 3 epochs" sel.out && grep -q "^ticket " sel.out; }; report "select prints the histogram and the summary on stdout"
{ grep -q "^<svg" s/histogram.svg; }; report "select writes histogram.svg"
{ [ "$(wc -l < s/h.tsv)" -eq $((n + 1)) ]; }; report "select writes h.tsv with every example"
{ [ "$(head -n 1 s/summary.tsv)" = "$(printf 'subset\tmethod\tremoved_H\texamples\tpercent\tfile\tn_0\tn_1\tpct_0\tpct_1')" ]; }
report "select writes summary.tsv, with the class mix"
# the class mix of every set: its counts add up to its size and are the counts of its rows' labels
bad=$(awk -F '\t' 'NR == FNR { if (FNR > 1) lab[$1] = $2; next }
        FNR > 1 { if ($7 + $8 != $4) print $1 ": " $7 " + " $8 " != " $4
                  if ($6 != "-") { c0 = 0; c1 = 0; while ((getline r < $6) > 0) { if (lab[r] == 0) c0++; else c1++ } close($6)
                                   if (c0 != $7 || c1 != $8) print $1 ": rows have " c0 "/" c1 ", summary says " $7 "/" $8 } }' s/h.tsv s/summary.tsv)
{ [ -z "$bad" ]; }; report "the class-mix columns count each set's rows by label${bad:+ ($bad)}"
# every subset of the summary: its file exists, has its size, ascending unique rows in 0..n-1
bad=$(awk -F '\t' -v n=$n 'NR > 2 {
        f = $6; want = $4; k = 0; prev = -1
        while ((getline line < f) > 0) { k++; if (line !~ /^[0-9]+$/ || line + 0 <= prev || line + 0 >= n) { print f ": bad line " line; exit } prev = line + 0 }
        close(f)
        if (k != want) print f ": " k " rows, summary says " want
        files++
    } END { if (files < 10) print "only " files " subsets" }' s/summary.tsv)
{ [ -z "$bad" ]; }; report "every row file has the summary's size and ascending rows of the training file${bad:+ ($bad)}"
awk -F '\t' 'NR > 1 && $3 > 0 && $3 < 3 { print $1 }' s/h.tsv > want.rows
cmp -s want.rows s/ticket.rows; report "the winning ticket keeps exactly the rows with 0 < H < R"
{ [ -f s/user-1.rows ] && [ -f s/user-2.rows ] && [ -f s/ticket.random.rows ] && [ -f s/ticket.el2n.rows ] && [ -f s/user-2.forgetting.rows ]; }
report "--remove gives user-1 and user-2, --baselines every baseline"
awk -F '\t' 'NR > 1 && $3 > 0 { print $1 }' s/h.tsv > want.rows
cmp -s want.rows s/user-1.rows; report "user-1 (--remove 0) keeps every row with H > 0"
"$PRUNE" select a/merged.scores --train $T2 --out s2 >u.out 2>u.err
{ [ $? -eq 1 ] && grep -q "another training set" u.err; }; report "select refuses another training set (exit 1)"
"$PRUNE" select a/run-0.scores --train $T1 --out s2 >u.out 2>u.err
{ [ $? -eq 1 ] && grep -q "merge" u.err; }; report "select refuses a single run's file (exit 1)"
"$PRUNE" select a/merged.scores --train $T1 --out s2 --remove 0,9 >u.out 2>u.err
{ [ $? -eq 2 ]; }; report "select --remove 0,9 with R = 3 exits 2"

# ---- 5. train, evaluate, and the three data formats
P2="--scratch 1,16,2,32 --lr 4e-3 --batch 16 --epochs 2 --threads 2 -q"
"$PRUNE" train $P2 --train $T1 --rows s/ticket.rows --dev $DEV --out model >t.out 2>t.err
{ [ $? -eq 0 ] && [ -f model/model.safetensors ] && [ -f model/config.json ]; }; report "train --rows --dev --out exits 0"
"$PRUNE" evaluate --model model --dev $DEV -q >ev.out 2>ev.err
report "evaluate exits 0"
acc_t=$(awk 'NR == 2 { print $4 }' t.out)
acc_e=$(awk 'NR == 2 { print $3 }' ev.out)
echo "# dev accuracy after train: $acc_t, evaluate of the saved model: $acc_e"
{ [ -n "$acc_t" ] && [ "$acc_t" = "$acc_e" ]; }; report "evaluate of the saved model gives train's dev accuracy"
"$PRUNE" evaluate --model model --dev $DEV --predictions pred.tsv -q >/dev/null 2>&1
bad=$(awk -F '\t' 'NR == 1 { if ($1 != "row" || $2 != "gold" || $3 != "predicted" || $6 != "p_0" || $7 != "p_1") print "header: " $0; next }
        { s = $6 + $7; if (s < 0.9999 || s > 1.0001) print "row " $1 ": probabilities sum to " s
          if (($6 > $7 ? 0 : 1) != $3 && $6 != $7) print "row " $1 ": predicted " $3 " is not the most probable class"; n++ }
        END { if (n != 300) print n " rows" }' pred.tsv)
{ [ -z "$bad" ]; }; report "evaluate --predictions: row, gold, predicted, names, every class's probability (sum 1, argmax = predicted)${bad:+ ($bad)}"
printf '[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\ngood\nbad\nmovie\nplot\nwas\nvery\n' > vocab.txt
{ printf 'sentence\tlabel\n'; i=0; while [ $i -lt 40 ]; do printf 'the movie was very good\tpos\nthe plot was bad\tneg\nvery bad movie\tneg\ngood plot\tpos\n'; i=$((i + 1)); done; } > small.tsv
"$PRUNE" tokenize --vocab vocab.txt small.tsv -q >tok.out 2>&1
{ [ $? -eq 0 ] && [ -f small.bin ] && [ "$(cat small.bin.labels.tsv)" = "$(printf '0\tneg\n1\tpos')" ]; }; report "tokenize writes small.bin and its label map"
"$PRUNE" tokenize --vocab vocab.txt small.tsv --text -q >tok.out 2>&1
{ [ $? -eq 0 ] && [ "$(head -n 1 small.ids.tsv)" = "$(printf '1\t5 8 10 11 6')" ]; }; report "tokenize --text writes small.ids.tsv"
printf '[PAD]\n[UNK]\n[SEP]\nthe\n' > nocls.txt
"$PRUNE" tokenize --vocab nocls.txt small.tsv -o nocls.bin -q >tok.out 2>&1
{ [ $? -eq 1 ] && grep -q "has no \[CLS\] token" tok.out; }; report "a vocabulary without [CLS]: the message names it"
P3="--scratch 1,16,2,32 --vocab vocab.txt --lr 4e-3 --batch 16 --epochs 1 --threads 2 -q"
"$PRUNE" train $P3 --train small.tsv --dev small.tsv >f1.out 2>&1 &&
"$PRUNE" train $P3 --train small.bin --dev small.bin >f2.out 2>&1 &&
"$PRUNE" train $P3 --train small.ids.tsv --dev small.ids.tsv >f3.out 2>&1
{ [ $? -eq 0 ] && cmp -s f1.out f2.out && cmp -s f1.out f3.out; }; report "train on a TSV, its binary and its text dataset: same dev metrics"

# a checkpoint with NaN weights is refused; one with more layers than config.json says is warned about
mkdir -p fx1 fx2
cp "$root/tests/fixtures/hf/bert/config.json" "$root/tests/fixtures/hf/bert/model.safetensors" fx1/
cp "$root/tests/fixtures/hf/bert/config.json" "$root/tests/fixtures/hf/bert/model.safetensors" fx2/
sed 's/"num_hidden_layers": 2/"num_hidden_layers": 1/' "$root/tests/fixtures/hf/bert/config.json" > fx1/config.json
FX="--vocab vocab.txt --train small.ids.tsv --epochs 1 --batch 16 --threads 2"
"$PRUNE" train --model fx1 $FX >fx.out 2>fx.err
{ [ $? -eq 0 ] && grep -q "config.json describes fewer layers" fx.err; }; report "a checkpoint with a layer config.json does not have: trained, with a warning"
hl=$(od -An -tu8 -N8 fx2/model.safetensors | tr -d ' ')   # the header's length; the first tensor (an embedding LayerNorm bias) follows it
printf '\000\000\300\177' | dd of=fx2/model.safetensors bs=1 seek=$((8 + hl)) conv=notrunc 2>/dev/null
"$PRUNE" train --model fx2 $FX >fx.out 2>fx.err
{ [ $? -eq 1 ] && grep -q "1 NaN or infinite values" fx.err; }; report "a checkpoint with a NaN weight: refused, naming the file"

# a token id the model has no embedding for: the training file is named
printf '1\t5 8 500\n0\t6 7\n' > bigid.ids.tsv
"$PRUNE" train --scratch 1,16,2,32 --vocab vocab.txt --train bigid.ids.tsv --epochs 1 --threads 2 -q >io.out 2>io.err
{ [ $? -eq 1 ] && grep -q "bigid.ids.tsv: example 0 (row 0), token 2: id 500" io.err; }; report "an id beyond the vocabulary: the file, example and token named"

# an output that names an input is refused before anything is written
cp small.tsv small-copy.tsv
"$PRUNE" tokenize --vocab vocab.txt -o small.tsv small.tsv -q >io.out 2>io.err
{ [ $? -eq 1 ] && grep -q "also an input" io.err && cmp -s small.tsv small-copy.tsv; }; report "tokenize -o IN IN: refused, the input intact"
cp a/run-0.scores run0-copy.scores
"$PRUNE" merge -o a/run-0.scores a/run-0.scores a/run-1.scores a/run-2.scores >io.out 2>io.err
{ [ $? -eq 1 ] && grep -q "also an input" io.err && cmp -s a/run-0.scores run0-copy.scores; }; report "merge -o one of its inputs: refused, the input intact"
cp model/model.safetensors model-copy.safetensors
"$PRUNE" train --model model --train $T1 --epochs 1 --batch 16 --threads 2 --out model -q >io.out 2>io.err
{ [ $? -eq 1 ] && grep -q "also an input" io.err && cmp -s model/model.safetensors model-copy.safetensors; }
report "train --out the --model directory: refused, the checkpoint intact"
"$PRUNE" phase1 $P1 --train . --out dd >io.out 2>io.err
{ [ $? -eq 1 ] && grep -q "is a directory" io.err; }; report "a directory given as the training set: said so"
"$PRUNE" select . --train $T1 --out dd >io.out 2>io.err
{ [ $? -eq 1 ] && grep -q "is a directory" io.err; }; report "a directory given as the score file: said so"

# ---- disk full: a file-size limit (SIGXFSZ ignored, so writes fail with EFBIG) makes
# every write fail partway; each command says so, exits 1 and leaves no partial file
if ( trap '' XFSZ; ulimit -f 4 ) 2>/dev/null; then
    mkdir -p full
    lim() { ( trap '' XFSZ; ulimit -f "$1"; shift; "$PRUNE" "$@" ) >full.out 2>full.err; }
    clean() { [ -z "$(find full -name '*.tmp*' | head -n 1)" ]; }
    lim 4 tokenize --vocab vocab.txt small.tsv -o full/small.bin -q
    { [ $? -eq 1 ] && grep -q "disk full" full.err && [ ! -f full/small.bin ] && clean; }; report "disk full: tokenize fails cleanly, no partial file"
    lim 40 phase1 $P1 --train $T1 --out full/p1 --run 0 -q
    { [ $? -eq 1 ] && grep -q "disk full" full.err && [ ! -f full/p1/run-0.state ] && clean; }; report "disk full: phase 1 fails cleanly, no partial state"
    lim 8 select a/merged.scores --train $T1 --out full/sel -q
    { [ $? -eq 1 ] && grep -q "disk full" full.err && clean; }; report "disk full: select fails cleanly, no partial file"
    lim 8 train $P2 --train $T1 --out full/model
    { [ $? -eq 1 ] && grep -q "disk full" full.err && [ ! -f full/model/model.safetensors ] && clean; }; report "disk full: train --out fails cleanly, no partial checkpoint"
else
    echo "# skipped: this shell cannot set a file-size limit (ulimit -f): no disk-full tests"
fi

# ---- read-only: a directory nobody may write (chmod 555; as root, which writes anyway,
# /sys when creating files there fails): every command says it cannot create, exits 1
ro=
if [ "$(id -u)" -ne 0 ]; then mkdir ro && chmod 555 ro && ro=ro
elif [ -d /sys ] && ! touch /sys/prune_probe 2>/dev/null; then ro=/sys
fi
if [ -n "$ro" ]; then
    "$PRUNE" select a/merged.scores --train $T1 --out $ro/sel -q >ro.out 2>ro.err
    { [ $? -eq 1 ] && grep -q "cannot create" ro.err; }; report "read-only ($ro): select says it cannot create its directory, exit 1"
    "$PRUNE" merge a -o $ro/x.scores >ro.out 2>ro.err
    { [ $? -eq 1 ] && grep -q "cannot create" ro.err; }; report "read-only ($ro): merge says it cannot create its file, exit 1"
    "$PRUNE" tokenize --vocab vocab.txt small.tsv -o $ro/small.bin -q >ro.out 2>ro.err
    { [ $? -eq 1 ] && grep -q "cannot create" ro.err; }; report "read-only ($ro): tokenize says it cannot create its file, exit 1"
    "$PRUNE" train $P2 --train $T1 --out $ro/model >ro.out 2>ro.err
    { [ $? -eq 1 ] && grep -q "cannot create" ro.err; }; report "read-only ($ro): train --out says it cannot create the checkpoint, exit 1"
    [ "$ro" = ro ] && chmod 755 ro
else
    echo "# skipped: running as root and no read-only place found: no read-only tests"
fi

# ---- 6. the pipeline end to end, and a rerun that keeps every finished piece
"$PRUNE" pipeline $P1 --epochs 2 --train $T1 --dev $DEV --out pl -q >pl.out 2>pl.err
report "pipeline exits 0"
{ grep -q "^ticket  *H (paper) " pl.out && grep -q "^ticket.random  *random " pl.out && [ "$(wc -l < pl/phase2/results.tsv)" -eq 4 ]; }
report "pipeline prints the dev metrics of full, ticket and random and writes results.tsv"
"$PRUNE" pipeline $P1 --epochs 2 --train $T1 --dev $DEV --out pl >pl2.out 2>pl2.err
{ [ $? -eq 0 ] && cmp -s pl.out pl2.out && [ "$(grep -c "already complete" pl2.err)" -eq 3 ] && [ "$(grep -c "not trained again" pl2.err)" -eq 3 ]; }
report "pipeline run again trains nothing and prints the same results"
! grep -q "did not learn" pl.err; report "a phase 1 that learns is not reported as collapsed"

# ---- 7. phase 1 that did not learn: named by every command that reads its scores
# random labels (fixed seed): nothing to learn, the first epoch is at chance
awk -F '\t' 'BEGIN { srand(11) } { $1 = (rand() < 0.5) ? 0 : 1; print }' OFS='\t' $T1 > rnd.tsv
"$PRUNE" phase1 $P1 --train rnd.tsv --out rnd >r.out 2>r.err
rc=$?
{ [ $rc -eq 1 ] && grep -q "WARNING: run 0 did not learn" r.err && grep -q "not clearly above" r.err && grep -q "prune probe" r.err &&
  [ -f rnd/run-0.state ] && [ ! -f rnd/run-1.scores ]; }
report "random labels: phase 1 stops after run 0's first epoch, says why and what to try, keeps its state (exit $rc)"
"$PRUNE" phase1 $P1 --train rnd.tsv --out rnd >r2.out 2>r2.err
{ [ $? -eq 1 ] && grep -q "did not learn (epoch 1 in" r2.err; }; report "run again without --force: still refused"
"$PRUNE" phase1 $P1 --train rnd.tsv --out rnd --force >r3.out 2>r3.err
{ [ $? -eq 0 ] && grep -q "DID NOT LEARN" r3.out && [ -f rnd/run-2.scores ]; }; report "--force: phase 1 goes on, and each run's line says it did not learn"
"$PRUNE" merge rnd >rm.out 2>rm.err
{ [ $? -eq 0 ] && grep -q "DID NOT LEARN" rm.out && grep -q "WARNING" rm.err; }; report "merge names the collapsed runs"
"$PRUNE" select rnd/merged.scores --train rnd.tsv --out rs >rsel.out 2>rsel.err
{ [ $? -eq 1 ] && grep -q "refusing to write subsets" rsel.err && [ ! -f rs/ticket.rows ]; }; report "select refuses to write subsets from runs that did not learn (exit 1)"
"$PRUNE" select rnd/merged.scores --train rnd.tsv --out rs --force >rsel2.out 2>rsel2.err
{ [ $? -eq 0 ] && grep -q "WARNING" rsel2.err && [ -f rs/ticket.rows ]; }; report "select --force writes them, with the warning"
# a run whose only (so last) epoch did not learn is finished, and phase 1 stops before the next run
"$PRUNE" phase1 $P1 --epochs 1 --train rnd.tsv --out rnd1 >q.out 2>q.err
{ [ $? -eq 1 ] && grep -q "phase 1 stopped" q.err && [ -f rnd1/run-0.scores ] && [ ! -f rnd1/run-0.state ] && [ ! -f rnd1/run-1.scores ]; }
report "a collapse in a run's last epoch stops phase 1 before the next run"
"$PRUNE" phase1 $P1 --epochs 1 --train rnd.tsv --out rnd1 >q2.out 2>q2.err
{ [ $? -eq 1 ] && grep -q "Not going on to the next run" q2.err && [ ! -f rnd1/run-1.scores ]; }; report "and run again without --force, it still stops there"
# select on a merged file of an unfinished run: a message, not a crash
"$PRUNE" phase1 $P1 --runs 1 --train $T1 --out one -q >/dev/null 2>&1
head -c $((header + block)) one/run-0.scores > one1.scores
"$PRUNE" select one1.scores --train $T1 --out so >so.out 2>so.err
{ [ $? -eq 1 ] && grep -q "run 0 is unfinished" so.err; }; report "select on an unfinished run's file: exit 1, naming the run"
# a rate that does nothing (1e-9): the random head answers mostly one class
"$PRUNE" phase1 $P1 --lr 1e-9 --train $T1 --out tiny --run 0 >t1.out 2>t1.err
{ [ $? -eq 1 ] && grep -q "did not learn" t1.err; }; report "lr 1e-9: phase 1 stops after the first epoch"
# more classes than a score file keeps predictions for: the paper's path still works, said so
awk -F '\t' '{ $1 = NR % 300; print }' OFS='\t' $T1 > many.tsv
"$PRUNE" phase1 --scratch 1,16,2,32 --batch 16 --threads 2 --runs 2 --epochs 1 --train many.tsv --out many >mn.out 2>mn.err &&
"$PRUNE" merge many >mn2.out 2>mn2.err &&
"$PRUNE" select many/merged.scores --train many.tsv --out ms >mn3.out 2>mn3.err
{ [ $? -eq 0 ] && grep -q "300 classes, more than the 254" mn.err && grep -q "no health check" mn3.err && [ -f ms/ticket.rows ] &&
  grep -q "^<svg" ms/histogram.svg; }
report "300 classes: phase 1, merge and select work, and say the health is not checked"
# the probe finds a rate that learns
"$DEMODATA" d3 --train 3000 --dev 10 --seed 5 2>/dev/null
"$PRUNE" probe --scratch 1,16,2,32 --batch 16 --threads 2 --train d3/train.ids.tsv --examples 2500 --rates 1e-9,5e-3 -q >pr.out 2>pr.err
{ [ $? -eq 0 ] && grep -q "^probe: 2500 of 3000 examples" pr.out && grep -q "^    1e-09 .*DID NOT LEARN" pr.out && grep -q "^    0.005 .*learned" pr.out &&
  grep -q "^suggested: --lr 0.005 " pr.out; }
report "probe on 2500 of 3000 examples: 1e-9 did not learn, 5e-3 did, and is suggested"
"$PRUNE" probe --scratch 1,16,2,32 --batch 16 --threads 2 --train d3/train.ids.tsv --examples 2500 --rates 5e-3 --seeds 2 -q >pr3.out 2>pr3.err
{ [ $? -eq 0 ] && [ "$(grep -c '^    0.005 ' pr3.out)" -eq 2 ] && grep -q "^    0.005    43 " pr3.out && grep -q "with every seed" pr3.out &&
  [ "$(grep '^    0.005    42 ' pr3.out)" = "$(grep '^    0.005 ' pr.out)" ]; }
report "probe --seeds 2: each rate with the seeds of runs 0 and 1, seed 42's row as without --seeds"
"$PRUNE" probe --scratch 1,16,2,32 --batch 16 --threads 2 --train $T1 --examples 300 --rates 1e-9 -q >pr2.out 2>pr2.err
{ [ $? -eq 1 ] && grep -q "none of these rates learned" pr2.err; }; report "probe: no rate learned is exit 1 with advice"

# ---- 8. compare: every (set, seed) training is kept; killed, it resumes without redoing any
C="compare --scratch 1,16,2,32 --lr 4e-3 --batch 16 --epochs 2 --runs 3 --threads 2 --train $T1 --dev $DEV --scores a/merged.scores"
"$PRUNE" $C --out cmp --seeds 2 --sets full,ticket,ticket.random,ticket.ambiguous --class-aware >c.out 2>c.err
{ [ $? -eq 0 ] && [ "$(wc -l < cmp/results.tsv)" -eq 5 ] && [ "$(wc -l < cmp/units.tsv)" -eq 9 ] && grep -q "^<svg" cmp/compare-accuracy.svg &&
  grep -q "^ticket.ambiguous  *ambiguous " c.out; }
report "compare: 4 sets x 2 seeds, results.tsv, units.tsv, the plots, the table"
# mean and std in results.tsv are those of units.tsv's two seeds
bad=$(awk -F '\t' 'NR == FNR { if (FNR > 1) { s[$1] += $4; q[$1] += $4 * $4; k[$1]++ } next }
        FNR > 1 { m = s[$1] / k[$1]; sd = sqrt((q[$1] - k[$1] * m * m) / (k[$1] - 1)); if (sd != sd) sd = 0
                  if ((m - $7)^2 > 1e-11 || (sd - $8)^2 > 1e-9) print $1 ": " m " " sd " vs " $7 " " $8 }' cmp/units.tsv cmp/results.tsv)
{ [ -z "$bad" ]; }; report "compare: accuracy mean and std over the seeds agree with units.tsv${bad:+ ($bad)}"
"$PRUNE" $C --out cmpk --seeds 2 --sets full,ticket,ticket.random,ticket.ambiguous --class-aware >ck.out 2>ck.err &
pid=$!
i=0
while kill -0 $pid 2>/dev/null && [ "$(ls cmpk/units 2>/dev/null | grep -c 'result$')" -lt 3 ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i + 1)); done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
had=$(ls cmpk/units 2>/dev/null | grep -c 'result$')
echo "# killed compare with SIGKILL after $had of 8 trainings"
"$PRUNE" $C --out cmpk --seeds 2 --sets full,ticket,ticket.random,ticket.ambiguous --class-aware >ck2.out 2>ck2.err
{ [ $? -eq 0 ] && [ "$had" -ge 3 ] && [ "$had" -lt 8 ] && [ "$(grep -c "not trained again" ck2.err)" -eq "$had" ] &&
  [ "$(grep -c "trained on" ck2.err)" -eq $((8 - had)) ] && cmp -s cmp/results.tsv cmpk/results.tsv; }
report "compare killed after $had trainings resumes: those $had not redone, the rest trained, the same results.tsv"
"$PRUNE" $C --out cmpk --sets full,nosuch >cu.out 2>cu.err
{ [ $? -eq 2 ] && grep -q "no set named 'nosuch'" cu.err; }; report "compare --sets with an unknown name: exit 2, the names listed"

# ---- 9. RoBERTa from a TSV of pairs: byte-level BPE from the checkpoint's files,
# <s> A </s></s> B </s> batches, phase 1 to a pruned subset, the same bits on 1 and 2 threads
# (a tiny random RoBERTa does not learn this in 2 epochs: --force, the plumbing is what is tested)
mkdir rb
for f in config.json model.safetensors; do cp "$root/tests/fixtures/hf/roberta_bpe/$f" rb/; done
for f in vocab.json merges.txt; do cp "$root/tests/fixtures/bpe/$f" rb/; done
awk 'BEGIN { srand(3); split("the cat dog sat on a mat ran fast slow red blue big small house tree", w, " ")
             print "sentence1\tsentence2\tlabel"
             for (i = 0; i < 240; i++) { a = w[1 + int(rand() * 16)]; b = w[1 + int(rand() * 16)]; c = w[1 + int(rand() * 16)]
                                        y = rand() < 0.5; d = y ? a : c
                                        printf "%s %s went home.\t%s and %s, it said\t%d\n", a, b, d, b, y } }' > pairs.tsv
RB="--model rb --runs 2 --epochs 2 --batch 16 --lr 1e-3 --max-len 32 --force"
"$PRUNE" tokenize --model rb pairs.tsv -o pairs.ids.tsv --text >rt.out 2>rt.err
{ [ $? -eq 0 ] && [ "$(wc -l < pairs.ids.tsv)" -eq 240 ] && [ "$(head -1 pairs.ids.tsv | awk -F '\t' '{print NF}')" -eq 3 ]; }
report "tokenize --model with vocab.json and merges.txt: byte-level BPE, 240 pairs"
"$PRUNE" phase1 $RB --threads 2 --train pairs.tsv --out rp2 -q >rp2.out 2>rp2.err
rc2=$?
"$PRUNE" phase1 $RB --threads 1 --train pairs.tsv --out rp1 -q >rp1.out 2>rp1.err
rc1=$?
{ [ $rc2 -eq 0 ] && [ $rc1 -eq 0 ] && cmp -s rp1/run-0.scores rp2/run-0.scores && cmp -s rp1/run-1.scores rp2/run-1.scores; }
report "RoBERTa phase 1 on a TSV of pairs: 2 runs, the same score files on 1 and 2 threads"
"$PRUNE" merge rp2 >rm.out 2>rm.err && "$PRUNE" select rp2/merged.scores --model rb --train pairs.tsv --out rbs --force >rs.out 2>rs.err
{ [ $? -eq 0 ] && [ -s rbs/summary.tsv ] && [ -f rbs/ticket.rows ] &&
  awk 'NR > 1 && $1 <= prev { exit 1 } { prev = $1 } END { exit NR == 0 }' rbs/ticket.rows; }
report "RoBERTa: merge and select write a winning ticket, rows ascending ($(wc -l < rbs/ticket.rows 2>/dev/null) of 240 rows)"
head -41 pairs.tsv > pdev.tsv
"$PRUNE" train --model rb --epochs 1 --batch 16 --max-len 32 --lr 1e-3 --threads 2 --train pairs.tsv --rows rbs/ticket.rows --dev pdev.tsv \
    --out rbt >rtr.out 2>rtr.err
rc=$?
"$PRUNE" evaluate --model rbt --dev pdev.tsv --batch 16 --max-len 32 >rev.out 2>rev.err
rc2=$?
{ [ $rc -eq 0 ] && [ $rc2 -eq 0 ] && [ -f rbt/vocab.json ] && [ -f rbt/merges.txt ] && grep -q '"model_type": "roberta"' rbt/config.json &&
  [ "$(awk 'NR == 2 { print $4 }' rtr.out)" = "$(awk 'NR == 2 { print $3 }' rev.out)" ]; }
report "RoBERTa: train on the ticket saves a roberta checkpoint with its BPE files; evaluate of it gives train's dev accuracy"
"$PRUNE" pipeline $RB --threads 2 --train pairs.tsv --dev pdev.tsv --out rpl -q >rpl.out 2>rpl.err
{ [ $? -eq 0 ] && [ "$(wc -l < rpl/phase2/results.tsv)" -eq 4 ] && cmp -s rpl/phase1/run-0.scores rp2/run-0.scores; }
report "RoBERTa: pipeline runs phase 1 (the same scores as phase1) and trains full, ticket and random"
"$PRUNE" compare $RB --threads 2 --train pairs.tsv --dev pdev.tsv --scores rp2/merged.scores --seeds 1 --sets full,ticket,ticket.ambiguous \
    --out rpc >rpc.out 2>rpc.err
{ [ $? -eq 0 ] && [ "$(wc -l < rpc/results.tsv)" -eq 4 ]; }
report "RoBERTa: compare trains full, ticket and its ambiguous baseline"

# ---- 10. OPT from the same TSV of pairs: the post-LN shape with project_in/project_out,
# </s> A </s> B batches read at the last token; every command, the same bits on 1 and 2 threads
mkdir op
for f in config.json model.safetensors tokenizer_config.json; do cp "$root/tests/fixtures/hf/opt_post/$f" op/; done
for f in vocab.json merges.txt; do cp "$root/tests/fixtures/bpe/$f" op/; done
OP="--model op --runs 2 --epochs 2 --batch 16 --lr 1e-3 --max-len 32 --force"
"$PRUNE" phase1 $OP --threads 2 --train pairs.tsv --out op2 -q >op2.out 2>op2.err
rc2=$?
"$PRUNE" phase1 $OP --threads 1 --train pairs.tsv --out op1 -q >op1.out 2>op1.err
rc1=$?
{ [ $rc2 -eq 0 ] && [ $rc1 -eq 0 ] && cmp -s op1/run-0.scores op2/run-0.scores && cmp -s op1/run-1.scores op2/run-1.scores &&
  ! cmp -s op2/run-0.scores rp2/run-0.scores; }
report "OPT phase 1 on a TSV of pairs: 2 runs, the same score files on 1 and 2 threads"
"$PRUNE" merge op2 >om.out 2>om.err && "$PRUNE" select op2/merged.scores --model op --train pairs.tsv --out ops --force >os.out 2>os.err
{ [ $? -eq 0 ] && [ -s ops/summary.tsv ] && [ -f ops/ticket.rows ]; }
report "OPT: merge and select write a winning ticket ($(wc -l < ops/ticket.rows 2>/dev/null) of 240 rows)"
# h.tsv carries each example's texts, read again from the TSV: row r is line r + 2 of pairs.tsv
bad=$(awk -F '\t' 'NR == FNR { if (FNR > 1) { a[FNR - 2] = $1; b[FNR - 2] = $2 } next }
        FNR == 1 { if ($(NF - 1) != "text_a" || $NF != "text_b") { print "header: " $0; exit } next }
        { if ($(NF - 1) != a[$1] || $NF != b[$1]) { print "row " $1 ": " $(NF - 1) " | " $NF; exit } }' pairs.tsv ops/h.tsv)
{ [ -z "$bad" ] && [ "$(wc -l < ops/h.tsv)" -eq 241 ]; }; report "h.tsv has every example's text_a and text_b from the TSV${bad:+ ($bad)}"
if python3 -c 'import pandas' 2>/dev/null; then
    python3 -c 'import pandas as pd, sys; d = pd.read_csv("ops/h.tsv", sep="\t"); t = pd.read_csv("pairs.tsv", sep="\t", quoting=3)
sys.exit(0 if len(d) == 240 and list(d.text_a) == list(t.sentence1[d.row]) and "label_name" in d else 1)' 2>pd.err
    report "pandas reads h.tsv with no options: 240 rows, the texts of the TSV's rows$(head -c 200 pd.err)"
else
    echo "# SKIP: python3 has no pandas: h.tsv not read by pandas here"
fi
"$PRUNE" train --model op --epochs 1 --batch 16 --max-len 32 --lr 1e-3 --threads 2 --train pairs.tsv --rows ops/ticket.rows --dev pdev.tsv \
    --out opt_t >otr.out 2>otr.err
rc=$?
"$PRUNE" evaluate --model opt_t --dev pdev.tsv --batch 16 --max-len 32 >oev.out 2>oev.err
rc2=$?
{ [ $rc -eq 0 ] && [ $rc2 -eq 0 ] && [ -f opt_t/vocab.json ] && grep -q '"model_type": "opt"' opt_t/config.json &&
  grep -q '"word_embed_proj_dim": 16' opt_t/config.json && grep -q '"do_layer_norm_before": false' opt_t/config.json &&
  [ "$(awk 'NR == 2 { print $4 }' otr.out)" = "$(awk 'NR == 2 { print $3 }' oev.out)" ]; }
report "OPT: train on the ticket saves an opt checkpoint; evaluate of it gives train's dev accuracy"
"$PRUNE" pipeline $OP --threads 2 --train pairs.tsv --dev pdev.tsv --out opl -q >opl.out 2>opl.err
{ [ $? -eq 0 ] && [ "$(wc -l < opl/phase2/results.tsv)" -eq 4 ] && cmp -s opl/phase1/run-0.scores op2/run-0.scores; }
report "OPT: pipeline runs phase 1 (the same scores as phase1) and trains full, ticket and random"
"$PRUNE" compare $OP --threads 2 --train pairs.tsv --dev pdev.tsv --scores op2/merged.scores --seeds 1 --sets full,ticket,ticket.ambiguous \
    --out opc >opc.out 2>opc.err
{ [ $? -eq 0 ] && [ "$(wc -l < opc/results.tsv)" -eq 4 ]; }
report "OPT: compare trains full, ticket and its ambiguous baseline"

# ---- 11. RACE and SQuAD: the tool on the fixtures, a tiny --scratch model
FX=$root/tests/fixtures
MC="--scratch 1,16,2,32 --vocab $FX/tokenizer/vocab.txt --max-len 48 --batch 2 --runs 2 --epochs 2 --lr 4e-3 --force"
"$PRUNE" phase1 $MC --threads 1 --train "$FX/race/passages" --out mc1 >mc1.out 2>mc1.err
rc=$?
"$PRUNE" phase1 $MC --threads 2 --train "$FX/race/passages" --out mc2 >/dev/null 2>&1
{ [ $rc -eq 0 ] && cmp -s mc1/run-0.scores mc2/run-0.scores && cmp -s mc1/run-1.scores mc2/run-1.scores && grep -q "recall: A" mc1.err; }
report "RACE: phase 1 reads the release's directory of passages, shows each option's recall, the same bits on 1 and 2 threads"
"$PRUNE" merge mc1 >/dev/null 2>&1 && "$PRUNE" select mc1/merged.scores --train "$FX/race/passages" --vocab "$FX/tokenizer/vocab.txt" --force \
    --out mcs >mcs.out 2>mcs.err
{ [ $? -eq 0 ] && [ "$(wc -l < mcs/h.tsv)" -eq 4 ] && grep -q "A .*B .*C .*D " mcs.out; }
report "RACE: select writes h.tsv of the 3 questions and names the options A-D in the class mixes"
"$PRUNE" compare $MC --threads 2 --train "$FX/race/passages" --dev "$FX/race/questions.jsonl" --scores mc1/merged.scores --seeds 1 \
    --sets full,ticket --out mcc >mcc.out 2>mcc.err
{ [ $? -eq 0 ] && head -1 mcc/results.tsv | grep -q "accuracy_mean" && grep -q "^full	" mcc/results.tsv; }
report "RACE: compare trains the full set (the ticket of 3 questions may be empty) and reports dev accuracy"
MT="--scratch 1,16,2,32 --vocab $FX/tokenizer/vocab.txt --max-len 48 --batch 2 --epochs 2 --lr 4e-3"
"$PRUNE" train $MT --threads 2 --train "$FX/race/passages" --dev "$FX/race/questions.jsonl" --out mct >mct.out 2>mct.err
rc=$?
"$PRUNE" evaluate --model mct --dev "$FX/race/questions.jsonl" --max-len 48 >mce.out 2>mce.err
{ [ $rc -eq 0 ] && [ $? -eq 0 ] && grep -q '"BertForMultipleChoice"' mct/config.json &&
  [ "$(awk 'NR == 2 { print $4 }' mct.out)" = "$(awk 'NR == 2 { print $3 }' mce.out)" ]; }
report "RACE: train saves a BertForMultipleChoice; evaluate of it gives train's dev accuracy"
SQ="--scratch 1,16,2,32 --vocab $FX/tokenizer/vocab.txt --max-len 32 --stride 8 --batch 4 --runs 2 --epochs 2 --lr 4e-3 --force"
"$PRUNE" phase1 $SQ --threads 1 --train "$FX/squad/tiny.json" --out sq1 >sq1.out 2>sq1.err
rc=$?
"$PRUNE" phase1 $SQ --threads 2 --train "$FX/squad/tiny.json" --out sq2 >/dev/null 2>&1
{ [ $rc -eq 0 ] && cmp -s sq1/run-0.scores sq2/run-0.scores && grep -q "4 questions (articles 0-1) -> 11 features" sq1.err; }
report "SQuAD: phase 1 on the features (11 of 4 questions at max length 32, stride 8), the same bits on 1 and 2 threads"
"$PRUNE" merge sq1 >/dev/null 2>&1 && "$PRUNE" select sq1/merged.scores --train "$FX/squad/tiny.json" --vocab "$FX/tokenizer/vocab.txt" \
    --max-len 32 --stride 8 --force --out sqs >sqs.out 2>sqs.err
{ [ $? -eq 0 ] && [ "$(wc -l < sqs/h.tsv)" -eq 12 ] && grep -q "answer .*no answer" sqs.out; }
report "SQuAD: select writes h.tsv of the 11 features, the class mix in answer / no answer"
"$PRUNE" select sq1/merged.scores --train "$FX/squad/tiny.json" --vocab "$FX/tokenizer/vocab.txt" --max-len 40 --stride 8 --force \
    --out sqx >/dev/null 2>sqx.err
{ [ $? -eq 1 ] && grep -q "another training set" sqx.err; }
report "SQuAD: select with another max length (other features) is refused, and says why"
"$PRUNE" compare $SQ --threads 2 --train "$FX/squad/tiny.json" --dev "$FX/squad/tiny.json" --dev-articles 1-1 --scores sq1/merged.scores \
    --seeds 1 --sets full --out sqc >sqc.out 2>sqc.err
{ [ $? -eq 0 ] && head -1 sqc/results.tsv | grep -q "exact_mean.*f1_mean" && [ -f sqc/compare-f1.svg ]; }
report "SQuAD: compare reports exact match and F1 (results.tsv, compare-f1.svg)"
ST="--scratch 1,16,2,32 --vocab $FX/tokenizer/vocab.txt --max-len 32 --stride 8 --batch 4 --epochs 2 --lr 4e-3"
"$PRUNE" train $ST --threads 2 --train "$FX/squad/tiny.json" --out sqt >sqt.out 2>sqt.err
rc=$?
"$PRUNE" evaluate --model sqt --dev "$FX/squad/tiny.json" --max-len 32 --stride 8 --predictions sqp.tsv >sqe.out 2>sqe.err
{ [ $rc -eq 0 ] && [ $? -eq 0 ] && grep -q '"BertForQuestionAnswering"' sqt/config.json && grep -q "exact .*F1 .*HasAns-F1" sqe.out &&
  [ "$(wc -l < sqp.tsv)" -eq 5 ] && head -1 sqp.tsv | grep -q "^id	answer"; }
report "SQuAD: train saves a BertForQuestionAnswering; evaluate gives exact match and F1 and writes every question's answer"
"$PRUNE" select sq1/merged.scores --train "$FX/squad/tiny.json" --vocab "$FX/tokenizer/vocab.txt" --max-len 32 --stride 8 --force \
    --unit question --remove 2 --baselines --out squ >squ.out 2>squ.err
rc=$?
bad=$(for f in squ/*.rows; do   # every question (h.tsv's text_a) whole in every rows file
    awk -F '\t' -v f="$f" 'NR == FNR { if (FNR > 1) q[$1] = $11; next } { keep[q[$1]]++ } END {
        while ((getline line < "squ/h.tsv") > 0) { split(line, a, "\t"); if (a[1] != "row") total[a[11]]++ }
        for (k in keep) if (keep[k] != total[k]) print f ": " k }' squ/h.tsv "$f"; done)
{ [ $rc -eq 0 ] && grep -q "unit: the question" squ.err && [ "$(ls squ/*.rows | wc -l)" -ge 3 ] && [ -z "$bad" ]; }
report "SQuAD: select --unit question keeps or drops a question's features together, in the subsets and the baselines${bad:+ ($bad)}"
# SIGKILL in the middle of a SQuAD phase 1 (30 epochs of the 11 features), then the same command
SK="--scratch 1,16,2,32 --vocab $FX/tokenizer/vocab.txt --max-len 32 --stride 8 --batch 4 --runs 1 --epochs 30 --lr 4e-3 --force --threads 2"
"$PRUNE" phase1 $SK --train "$FX/squad/tiny.json" --out sk1 -q >/dev/null 2>&1
"$PRUNE" phase1 $SK --train "$FX/squad/tiny.json" --out sk2 -q >/dev/null 2>&1 &
pid=$!
i=0
while kill -0 $pid 2>/dev/null && [ "$(size sk2/run-0.scores)" -lt $((88 + 3 * 170)) ] && [ $i -lt 3000 ]; do sleep 0.005; i=$((i + 1)); done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
at_kill=$(size sk2/run-0.scores)
"$PRUNE" phase1 $SK --train "$FX/squad/tiny.json" --out sk2 >/dev/null 2>sk2.err
{ [ $? -eq 0 ] && [ "$at_kill" -lt "$(size sk1/run-0.scores)" ] && grep -q "resuming" sk2.err && cmp -s sk1/run-0.scores sk2/run-0.scores; }
report "SQuAD: phase 1 killed with SIGKILL ($at_kill of $(size sk1/run-0.scores) bytes on disk) resumes to the same score file"
"$PRUNE" evaluate --model sqt --dev "$FX/race/questions.jsonl" --max-len 32 >/dev/null 2>sqw.err
{ [ $? -eq 1 ] && grep -q "question-answering model" sqw.err; }
report "SQuAD: evaluating a QA model on multiple-choice questions is refused"
printf 'sentence\tlabel\nthe sky is blue\ta\nrain today\tb\ncats and dogs\tc\n' > c3.tsv
"$PRUNE" train --scratch 1,16,2,32 --vocab "$FX/tokenizer/vocab.txt" --max-len 64 --batch 2 --epochs 1 --threads 2 --train c3.tsv --out cls3 \
    >/dev/null 2>&1 &&
"$PRUNE" train --model cls3 --max-len 48 --batch 2 --epochs 1 --threads 2 --train "$FX/race/passages" --out mcfrom >/dev/null 2>mcfrom.err
{ [ $? -eq 0 ] && grep -q "classifier for 3 labels" mcfrom.err && grep -q '"BertForMultipleChoice"' mcfrom/config.json; }
report "RACE: a 3-class classifier as the starting checkpoint: its encoder and pooler loaded, the multiple-choice head new"
"$PRUNE" train $MT --threads 2 --train "$FX/race/passages" --dev "$FX/squad/tiny.json" --out mcx >/dev/null 2>mcx.err
{ [ $? -eq 1 ] && grep -q "holds SQuAD questions, but the training set holds multiple-choice" mcx.err; }
report "RACE: a SQuAD dev set for a multiple-choice training set is refused"

echo "# $pass passed, $fail failed"
[ $fail -eq 0 ]
