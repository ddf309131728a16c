/* examples/demo.c - `make demo`: train a small BERT from scratch on a task the
   project generates (examples/toytask.h: does token A come before token B?), with
   a progress line, then report held-out accuracy. Everything a fine-tuning loop
   needs, in one page: a model, batches, prune_train_step, evaluation. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include "toytask.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { V = 17, T = 12, BATCH = 32, STEPS = 600, EVAL = 2048 };

int main(void) {
    prune_model m;
    prune_model_desc d;
    prune_optim o = prune_optim_defaults();
    prune_error err;
    prune_batch b;
    static int32_t ids[BATCH * T], lens[BATCH], labels[BATCH];
    uint64_t rng = 7;
    int step, i, correct = 0;
    clock_t t0 = clock();

    memset(&d, 0, sizeof d);
    d.config.vocab_size = V; d.config.hidden = 64; d.config.heads = 4; d.config.layers = 2;
    d.config.ffn = 128; d.config.max_pos = T; d.config.labels = 2;
    d.max_batch = BATCH; d.max_len = T; d.training = 1; d.seed = 1;   /* threads: all CPUs */
    if (prune_model_create(&m, &d, &err) != PRUNE_OK) { fprintf(stderr, "demo: %s\n", err.msg); return 1; }
    prune_model_init_weights(&m, 3, 0.02);
    printf("model: %d layers, hidden %d, %d heads, FFN %d, %lu parameters, %d threads\n",
           m.cfg.layers, m.cfg.hidden, m.cfg.heads, m.cfg.ffn, (unsigned long)m.nparams, m.desc.threads);
    o.lr = 1e-3; o.warmup_steps = 60; o.total_steps = STEPS;
    b.B = BATCH; b.T = T; b.ids = ids; b.types = NULL; b.lens = lens; b.labels = labels;
    for (i = 0; i < BATCH; i++) lens[i] = T;
    for (step = 0; step < STEPS; step++) {
        prune_step_stats st;
        for (i = 0; i < BATCH; i++) labels[i] = toy_example(&rng, ids + i * T, T, V);
        if (prune_train_step(&m, &b, &o, &st, &err) != PRUNE_OK) { fprintf(stderr, "demo: %s\n", err.msg); return 1; }
        if (step % 50 == 0 || step == STEPS - 1)
            fprintf(stderr, "step %4d/%d  loss %.4f  grad norm %7.3f  lr %.2e\n", step + 1, STEPS, st.loss, st.grad_norm, st.lr);
    }
    for (step = 0; step < EVAL / BATCH; step++) {
        for (i = 0; i < BATCH; i++) labels[i] = toy_example(&rng, ids + i * T, T, V);
        if (prune_forward(&m, &b, 0, &err) != PRUNE_OK) { fprintf(stderr, "demo: %s\n", err.msg); return 1; }
        for (i = 0; i < BATCH; i++) correct += (m.logits[i * 2 + 1] > m.logits[i * 2]) == labels[i];
    }
    printf("held-out accuracy: %.2f%% of %d sequences, %.1f s of CPU time\n",
           100.0 * correct / EVAL, EVAL, (double)(clock() - t0) / CLOCKS_PER_SEC);
    prune_model_free(&m);
    return 0;
}
