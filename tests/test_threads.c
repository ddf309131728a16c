/* tests/test_threads.c - the same bits on any number of threads.

   Trains a model with dropout on for a few steps on batches of changing shape, on
   1, 2 and 3 threads, and compares a hash of every parameter. The shapes are large
   enough that every matrix product is cut into several tiles in M, N and K, and
   every row/column kernel into several tasks, so a reduction whose order followed
   the thread count would show. Six models: a BERT, and OPT's two shapes (pre-LN;
   post-LN with project_in/project_out), whose last layer reads each example's last
   token; a BERT with the multiple-choice head (2 options per question), and a BERT and
   a post-LN OPT with the span head (every token of the last layer). Prints one hash of
   them all; with --expect HEX it also checks it against a
   hash from another build (tests/run.sh passes the threaded build's hash to the
   PRUNE_NO_THREADS build). */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include "test.h"

/* arch 0: BERT; 1: OPT pre-LN; 2: OPT post-LN with E 96 != C 192; 3: BERT multiple
   choice; 4: BERT span; 5: OPT post-LN span */
static uint64_t train(int threads, int arch, double *loss_out) {
    prune_model m;
    prune_model_desc d;
    prune_optim o = prune_optim_defaults();
    prune_error err;
    static int32_t ids[8 * 40], types[8 * 40], lens[8], labels[16];
    uint64_t r = 12345, h;
    int s, i, head = arch == 3 ? PRUNE_HEAD_CHOICE : arch >= 4 ? PRUNE_HEAD_SPAN : PRUNE_HEAD_CLASSIFY;
    if (arch == 5) arch = 2;
    if (arch >= 3) arch = 0;
    memset(&d, 0, sizeof d);
    d.config = prune_config_defaults();          /* dropout 0.1 everywhere */
    d.config.vocab_size = 301; d.config.hidden = 192; d.config.heads = 6; d.config.layers = 2;
    d.config.ffn = 768; d.config.max_pos = 40; d.config.labels = head == PRUNE_HEAD_CLASSIFY ? 3 : 0;
    d.config.head = head;
    if (arch) {
        d.config.arch = PRUNE_ARCH_OPT; d.config.pre_ln = arch == 1; d.config.embed_dim = arch == 2 ? 96 : 0;
        d.config.type_vocab = 1; d.config.max_pos = 42; d.config.pos_offset = 2;
    }
    d.max_batch = 8; d.max_len = 40; d.training = 1; d.threads = threads; d.seed = 42;
    if (prune_model_create(&m, &d, &err) != PRUNE_OK) { fprintf(stderr, "%s\n", err.msg); exit(2); }
    prune_model_init_weights(&m, 1, 0);
    o.lr = 1e-3; o.warmup_steps = 2; o.total_steps = 10;
    for (s = 0; s < 4; s++) {
        prune_batch b;
        prune_step_stats st;
        b.B = head == PRUNE_HEAD_CHOICE ? 8 - 2 * (s % 2) : 8 - s; b.T = 40 - 7 * s;   /* dynamic shapes */
        b.choices = 2;
        for (i = 0; i < b.B * b.T; i++) {
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            ids[i] = (int32_t)((r >> 33) % 301);
            types[i] = arch ? 0 : (i % b.T) > b.T / 2;
        }
        for (i = 0; i < b.B; i++) {
            lens[i] = b.T - (i * 5) % b.T;
            labels[i] = head == PRUNE_HEAD_CHOICE ? i % 2 : i % 3;
            if (head == PRUNE_HEAD_SPAN) {   /* some answers, some "none" (0, 0) */
                labels[2 * i] = i % 3 ? (i * 7) % lens[i] : 0;
                labels[2 * i + 1] = i % 3 ? PRUNE__MIN(lens[i] - 1, labels[2 * i] + i % 4) : 0;
            }
        }
        b.ids = ids; b.types = types; b.lens = lens; b.labels = labels;
        if (prune_train_step(&m, &b, &o, &st, &err) != PRUNE_OK) { fprintf(stderr, "%s\n", err.msg); exit(2); }
        *loss_out = st.loss;
    }
    h = prune_params_hash(&m);
    prune_model_free(&m);
    return h;
}

int main(int argc, char **argv) {
    static const char *const names[6] = {"BERT", "OPT pre-LN", "OPT post-LN with projections", "BERT multiple choice", "BERT span",
                                         "OPT post-LN span"};
    uint64_t all = PRUNE_HASH_INIT;
    int arch;
    for (arch = 0; arch < 6; arch++) {
        double l1, l2, l3;
        uint64_t h1 = train(1, arch, &l1), h2 = train(2, arch, &l2), h3 = train(3, arch, &l3);
        CHECK(h1 == h2, "%s: 1 and 2 threads give the same parameters (%016llx, %016llx)", names[arch], (unsigned long long)h1,
              (unsigned long long)h2);
        CHECK(h1 == h3, "%s: 1 and 3 threads give the same parameters (%016llx, %016llx)", names[arch], (unsigned long long)h1,
              (unsigned long long)h3);
        CHECK(l1 == l2 && l1 == l3, "%s: same last loss on 1, 2, 3 threads (%.9g)", names[arch], l1);
        all = prune_hash(all, &h1, sizeof h1);
    }
    if (argc > 2 && strcmp(argv[1], "--expect") == 0)
        CHECK(strtoull(argv[2], NULL, 16) == all, "same parameters as the other build (%016llx vs %s)", (unsigned long long)all, argv[2]);
    printf("hash %016llx\n", (unsigned long long)all);
    return TEST_END();
}
