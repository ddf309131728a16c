/* tests/test_learn.c - it learns, from scratch, a task that needs attention.

   The task of examples/toytask.h: does token A come before token B in a sequence of
   12? A 2-layer model trained from random weights must reach >= 95% on 2000
   held-out sequences. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include "test.h"
#include "../examples/toytask.h"

enum { V = 17, T = 12, BATCH = 32 };

int main(void) {
    prune_model m;
    prune_model_desc d;
    prune_optim o = prune_optim_defaults();
    prune_error err;
    static int32_t ids[BATCH * T], lens[BATCH], labels[BATCH];
    prune_batch b;
    int step, i, correct = 0, total = 0, steps = 500, rc;
    uint64_t rng = 2024;
    double last = 0;

    memset(&d, 0, sizeof d);
    d.config.vocab_size = V; d.config.hidden = 64; d.config.heads = 4; d.config.layers = 2;
    d.config.ffn = 128; d.config.max_pos = T; d.config.labels = 2;
    d.max_batch = BATCH; d.max_len = T; d.training = 1; d.threads = 2; d.seed = 1;
    rc = prune_model_create(&m, &d, &err);
    CHECK(rc == PRUNE_OK, "create (%s)", rc ? err.msg : "ok");
    if (rc) return 1;
    prune_model_init_weights(&m, 3, 0.02);
    o.lr = 1e-3; o.warmup_steps = 100; o.total_steps = steps; o.weight_decay = 0.01;
    b.B = BATCH; b.T = T; b.ids = ids; b.types = NULL; b.lens = lens; b.labels = labels;
    for (i = 0; i < BATCH; i++) lens[i] = T;
    for (step = 0; step < steps; step++) {
        prune_step_stats st;
        for (i = 0; i < BATCH; i++) labels[i] = toy_example(&rng, ids + i * T, T, V);
        if ((rc = prune_train_step(&m, &b, &o, &st, &err)) != PRUNE_OK) break;
        last = 0.98 * last + 0.02 * st.loss;
    }
    CHECK(rc == PRUNE_OK, "%d training steps (%s), smoothed loss at the end %.4f", steps, rc ? err.msg : "ok", last);
    /* held out: fresh sequences the model never saw */
    for (step = 0; step < 2000 / BATCH + 1; step++) {
        for (i = 0; i < BATCH; i++) labels[i] = toy_example(&rng, ids + i * T, T, V);
        if (prune_forward(&m, &b, 0, &err) != PRUNE_OK) break;
        for (i = 0; i < BATCH; i++) {
            correct += (m.logits[i * 2 + 1] > m.logits[i * 2]) == labels[i];
            total++;
        }
    }
    CHECK(correct >= 0.95 * total, "held-out accuracy %.2f%% (%d/%d), needs >= 95%%", 100.0 * correct / total, correct, total);
    prune_model_free(&m);
    return TEST_END();
}
