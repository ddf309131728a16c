#!/bin/sh
# tests/fuzz/keep.sh [BUILD] - after a long `make fuzz` (or tests/fuzz/run.sh SECONDS BUILD),
# keep what it learned: each target's corpus in BUILD/fuzz/corpus/T is minimised with
# libFuzzer's -merge=1 (the fewest inputs that reach the same coverage) into
# tests/fuzz/corpus/T, which run.sh adds to the seeds of every later run (CI's smoke
# run included). Inputs over 16 KB are left out (the big ones are make_seeds.c's seeds,
# which every run makes again), so the committed corpora stay small.
# Run from the repository root, with the harnesses BUILD/fuzz/fuzz_T that run.sh built.
build=${1:-build}
out="$build/fuzz"
for bin in "$out"/fuzz_*; do
    [ -x "$bin" ] || continue
    t=$(basename "$bin"); t=${t#fuzz_}
    [ -d "$out/corpus/$t" ] || continue
    rm -rf "$out/keep-$t" && mkdir -p "$out/keep-$t" "tests/fuzz/corpus/$t"
    ASAN_OPTIONS=detect_leaks=0 "$bin" -merge=1 -max_len=65536 "$out/keep-$t" "tests/fuzz/corpus/$t" "$out/corpus/$t" \
        > "$out/keep-$t.log" 2>&1 || { echo "not ok - $t: merge failed, see $out/keep-$t.log"; continue; }
    rm -f "tests/fuzz/corpus/$t"/*
    cp "$out/keep-$t"/* "tests/fuzz/corpus/$t/" 2>/dev/null
    find "tests/fuzz/corpus/$t" -type f -size +16k -delete
    echo "ok - $t: $(ls "tests/fuzz/corpus/$t" | wc -l) inputs, $(cat "tests/fuzz/corpus/$t"/* 2>/dev/null | wc -c) bytes kept"
done
