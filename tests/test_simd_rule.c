/* tests/test_simd_rule.c - one rule picks SIMD: the AVX-512 dropout, GELU and AdamW
   run only on a model whose GEMM kernel is avx512. So a model on the portable
   kernel gives, bit for bit, what a build without any SIMD code (PRUNE_NO_SIMD)
   gives: this file is compiled twice (the Makefile builds it once more with
   -DSIMD_RULE_UNIT -DPRUNE_NO_SIMD into a second translation unit), each with a
   private copy of the library (PRUNE_STATIC), and trains the same small model with
   dropout for a few steps in each. */
#define PRUNE_IMPLEMENTATION
#define PRUNE_STATIC
#include "../prune.h"
#include <stdio.h>
#include <string.h>

#ifdef SIMD_RULE_UNIT
#define TRAIN train_nosimd
#else
#define TRAIN train_here
#endif

/* 12 steps of a 3-layer model on fixed batches with padding; the parameters' hash,
   or 0 when the kernel is not on this CPU */
uint64_t TRAIN(const char *kernel);
uint64_t TRAIN(const char *kernel) {
    prune_model m;
    prune_model_desc d;
    prune_error e;
    prune_optim o = prune_optim_defaults();
    int32_t ids[4 * 24], types[4 * 24], lens[4], labels[4];
    prune_batch b;
    uint64_t h;
    int s, i;
    memset(&b, 0, sizeof b);
    if (!prune_gemm_kernel(kernel)) return 0;
    memset(&d, 0, sizeof d);
    d.config = prune_config_defaults();
    d.config.vocab_size = 300; d.config.hidden = 64; d.config.layers = 3; d.config.heads = 4;
    d.config.ffn = 128; d.config.max_pos = 64; d.config.labels = 3;
    d.max_batch = 4; d.max_len = 24; d.training = 1; d.seed = 7; d.threads = 2;
    if (prune_model_create(&m, &d, &e) != PRUNE_OK) return 0;
    prune_model_init_weights(&m, 3, 0.02);
    o.lr = 1e-3; o.warmup_steps = 2; o.total_steps = 20;
    for (s = 0; s < 12; s++) {
        for (i = 0; i < 4 * 24; i++) { ids[i] = (int32_t)((i * 37 + s * 11) % 300); types[i] = (i / 12) % 2; }
        for (i = 0; i < 4; i++) { lens[i] = 24 - 5 * i; labels[i] = (i + s) % 3; }
        b.B = 4; b.T = 24; b.ids = ids; b.types = types; b.lens = lens; b.labels = labels;
        if (prune_train_step(&m, &b, &o, NULL, &e) != PRUNE_OK) { prune_model_free(&m); return 0; }
    }
    h = prune_params_hash(&m);
    prune_model_free(&m);
    return h;
}

#ifndef SIMD_RULE_UNIT
#include "test.h"
uint64_t train_nosimd(const char *kernel);

int main(void) {
    uint64_t portable = train_here("portable"), plain = train_nosimd("portable"), wide = train_here("avx512");
    CHECK(portable != 0 && portable == plain,
          "the portable kernel gives a build without SIMD code its bits (%016llx, %016llx)",
          (unsigned long long)portable, (unsigned long long)plain);
    if (wide) CHECK(wide != portable, "the avx512 kernel is another run (its GELU is a polynomial, its products fused): %016llx", (unsigned long long)wide);
    else printf("# no avx512 kernel on this CPU or build: the second check is skipped\n");
    return TEST_END();
}
#endif
