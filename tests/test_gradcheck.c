/* tests/test_gradcheck.c - finite differences against backward, in double.

   Built with PRUNE_DOUBLE. A small model with dropout ON everywhere (the masks are a
   pure function of (seed, step, site, index), so two forwards at the same step see
   the same masks and the loss is a smooth function of the weights), padding, and
   two token types. For every parameter tensor, a few elements (always including the
   largest-gradient one) get a central difference (L(w+h) - L(w-h)) / 2h that must
   match the analytic gradient. No PyTorch needed: this checks backward against the
   forward pass itself. Four models: BERT, BERT with RoBERTa's head, and OPT's two
   shapes (pre-LN; post-LN with project_in/project_out), each with a causal mask,
   ReLU and the head on the last token. */
#define PRUNE_DOUBLE
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include "test.h"

static double loss_at(prune_model *m, const prune_batch *b) {
    prune_error err;
    if (prune_forward(m, b, 1, &err) != PRUNE_OK) { fprintf(stderr, "%s\n", err.msg); exit(2); }
    return m->loss;
}

/* one model; head_in: RoBERTa's head (dropout on the [CLS] vector before the dense);
   opt: 0 BERT, 1 OPT pre-LN, 2 OPT post-LN with E = 8 != C = 12 */
static double run(int head_in, int opt) {
    static const char *const names[] = {"", "OPT pre-LN: ", "OPT post-LN, projections: "}, *what[] = {"", " (OPT pre-LN)", " (OPT post-LN, projections)"};
    prune_model m;
    prune_model_desc d;
    prune_error err;
    prune_batch b;
    int32_t ids[4 * 6], types[4 * 6], lens[4] = {6, 4, 2, 5}, labels[4] = {1, 0, 2, 1};
    int i, t, rc;
    uint64_t r = 99;
    double worst = 0;

    memset(&d, 0, sizeof d);
    d.config.vocab_size = 23; d.config.hidden = 12; d.config.heads = 3; d.config.layers = 2;
    d.config.ffn = 20; d.config.max_pos = 8; d.config.type_vocab = 2; d.config.labels = 3;
    d.config.pos_offset = 1;                       /* exercise RoBERTa-style offsets too */
    d.config.hidden_dropout = 0.1; d.config.attn_dropout = 0.1; d.config.classifier_dropout = 0.2;
    d.config.head_dropout_in = head_in;
    if (opt) {
        d.config.arch = PRUNE_ARCH_OPT; d.config.pre_ln = opt == 1; d.config.embed_dim = opt == 2 ? 8 : 0;
        d.config.type_vocab = 1; d.config.max_pos = 10; d.config.pos_offset = 2;
    }
    d.max_batch = 4; d.max_len = 6; d.training = 1; d.threads = 2; d.seed = 7;
    rc = prune_model_create(&m, &d, &err);
    CHECK(rc == PRUNE_OK, "create (%s)", rc ? err.msg : "ok");
    if (rc) return 1e9;
    prune_model_init_weights(&m, 5, 0.5);
    /* LayerNorm weights and all biases away from 1 and 0 so that their paths matter */
    for (i = 0; i < PRUNE_NTENSORS; i++)
        if (!m.tensors[i].decay) {
            size_t k;
            for (k = 0; k < m.tensors[i].size; k++) {
                r = r * 6364136223846793005ull + 1442695040888963407ull;
                prune_tensor(&m, m.params, i)[k] += 0.3 * ((double)(r >> 11) / 9007199254740992.0 - 0.5);
            }
        }
    for (i = 0; i < 24; i++) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        ids[i] = (int32_t)((r >> 33) % 23);
        types[i] = opt ? 0 : (i % 6) >= 3;
    }
    b.B = 4; b.T = 6; b.ids = ids; b.types = types; b.lens = lens; b.labels = labels;
    m.step = 3;   /* any step: the dropout masks depend on it */

    prune_zero_grad(&m);
    loss_at(&m, &b);
    rc = prune_backward(&m, &err);
    CHECK(rc == PRUNE_OK, "backward (%s)", rc ? err.msg : "ok");

    for (t = 0; t < PRUNE_NTENSORS; t++) {
        prune_float *p = prune_tensor(&m, m.params, t), *g = prune_tensor(&m, m.grads, t);
        size_t n = m.tensors[t].size, k, big = 0, pick[6];
        double tensor_worst = 0;
        if (n == 0) continue;   /* a tensor this architecture lacks */
        for (k = 1; k < n; k++) if (fabs(g[k]) > fabs(g[big])) big = k;
        pick[0] = big;
        for (k = 1; k < 6; k++) { r = r * 6364136223846793005ull + 1442695040888963407ull; pick[k] = (size_t)((r >> 33) % n); }
        for (k = 0; k < 6; k++) {
            size_t e = pick[k];
            double keep = p[e], h = 1e-5, lp, lm, fd, err_e;
            p[e] = keep + h; lp = loss_at(&m, &b);
            p[e] = keep - h; lm = loss_at(&m, &b);
            p[e] = keep;
            fd = (lp - lm) / (2 * h);
            /* relative to the tensor's largest gradient: elements whose gradient is
               ~0 are compared on that scale, not on their own */
            err_e = fabs(fd - g[e]) / (fabs(g[big]) > 1e-12 ? fabs(g[big]) : 1.0);
            if (t == PRUNE_QKVB && e % (3 * 12) >= 12 && e % (3 * 12) < 24) err_e = fabs(fd); /* key bias: 0 by construction */
            if (err_e > tensor_worst) tensor_worst = err_e;
        }
        CHECK(tensor_worst < 1e-7, "%s%sfinite differences %-9s max error %.2e (largest |grad| %.3e)", head_in ? "RoBERTa head: " : "",
              names[opt], m.tensors[t].name, tensor_worst, fabs(g[big]));
        if (tensor_worst > worst) worst = tensor_worst;
    }
    printf("# finite-difference check%s%s, largest error %.2e\n", head_in ? " (RoBERTa head)" : "", what[opt], worst);
    prune_model_free(&m);
    return worst;
}

int main(void) {
    run(0, 0);
    run(1, 0);
    run(0, 1);
    run(0, 2);
    return TEST_END();
}
