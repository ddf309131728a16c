#!/bin/sh
# tests/fuzz/run.sh SECONDS [BUILD] - build every libFuzzer harness in tests/fuzz with
# clang under ASan+UBSan, seed each with valid inputs (make_seeds.c), and run each for
# SECONDS. Prints one line per target (runs, coverage, result) and exits non-zero if
# any target crashed or spent over 10 s on one input (a hang is a bug too: that is
# how an unbounded label map was found); the input is kept as
# BUILD/fuzz/crash-<target>-crash-* or BUILD/fuzz/crash-<target>-timeout-*.
# Run from the repository root. Needs clang with libFuzzer (Debian: libclang-rt-14-dev).
secs=${1:-60}
build=${2:-build}
out="$build/fuzz"
cc=${FUZZ_CC:-clang}
mkdir -p "$out"
if ! printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}\n' > "$out/probe.c" ||
   ! $cc -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" 2>/dev/null; then
    echo "not ok - fuzz: $cc cannot build libFuzzer programs (install clang and libclang-rt-dev)"
    exit 1
fi
${CC:-cc} -O2 -I. -o "$out/make_seeds" tests/fuzz/make_seeds.c -lm -pthread || exit 1
rm -rf "$out/seeds" && "$out/make_seeds" "$out/seeds" || exit 1
fail=0
for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c); t=${t#fuzz_}
    $cc -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I. -o "$out/fuzz_$t" "$src" -lm -pthread || { fail=1; continue; }
    mkdir -p "$out/corpus/$t"
    [ -d "$out/seeds/$t" ] && cp "$out/seeds/$t"/* "$out/corpus/$t/"
    # the committed corpus: inputs earlier long runs found to reach new coverage
    [ -d "tests/fuzz/corpus/$t" ] && cp "tests/fuzz/corpus/$t"/* "$out/corpus/$t/" 2>/dev/null
    ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1 "$out/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="$out/crash-$t-" -print_final_stats=1 "$out/corpus/$t" > "$out/$t.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
    cov=$(grep -o 'cov: [0-9]*' "$out/$t.log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "ok - fuzz $t: ${secs}s, ${runs:-?} inputs, $cov, no crash"
    else
        echo "not ok - fuzz $t: crashed (exit $rc), see $out/$t.log and $out/crash-$t-*"
        grep -m 5 -E 'ERROR|runtime error|SUMMARY' "$out/$t.log" | sed 's/^/    /'
        fail=1
    fi
done
exit $fail
