/* tests/test_engine_ref.c - the engine against PyTorch, tensor by tensor.

   tests/fixtures/engine_small.bin was written by tests/reference/engine_oracle.py:
   a 2-layer BERT (hidden 32, 4 heads, FFN 64) in plain PyTorch, float64, on a batch
   of 3 with padding and token types. It holds the initial weights, the logits, the
   loss, the gradient of every parameter, and the weights after 3 AdamW steps with
   warm-up, decay and clipping. This test loads the same weights, runs the same
   steps, and prints the largest error of every tensor.

   Built twice: float (error <= 1e-4 relative, 1e-5 absolute below 0.1) and with
   PRUNE_DOUBLE (<= 1e-9: the two implementations agree to rounding). */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include "fixture.h"
#include "test.h"

#ifdef PRUNE_DOUBLE
#define RTOL 1e-9
#define KIND "double"
#else
#define RTOL 1e-4
#define KIND "float"
#endif
#define FLOOR 0.1   /* below |ref| = 0.1 the tolerance is absolute: RTOL * 0.1 */

static const fx_tensor *need(const fixture *f, const char *name) {
    const fx_tensor *t = fixture_get(f, name);
    if (!t) { fprintf(stderr, "fixture has no tensor %s\n", name); exit(2); }
    return t;
}

/* compare n values of a (the engine) with fixture tensor `name` */
static double compare(const fixture *f, const char *name, const prune_float *a, size_t n, double *worst_out) {
    const fx_tensor *t = need(f, name);
    double *d = (double *)malloc(n * sizeof(double) + 1), e;
    size_t i, w;
    if (t->n != n) { fprintf(stderr, "%s: fixture has %lu values, engine %lu\n", name, (unsigned long)t->n, (unsigned long)n); exit(2); }
    for (i = 0; i < n; i++) d[i] = (double)a[i];
    e = test_max_err(d, t->v, n, FLOOR, &w);
    CHECK(e <= RTOL, "%-6s %-12s max error %.3e (element %lu: %.9g vs %.9g)", KIND, name, e, (unsigned long)w, d[w], t->v[w]);
    if (worst_out && e > *worst_out) *worst_out = e;
    free(d);
    return e;
}

static void load_params(prune_model *m, const fixture *f, const char *prefix) {
    int i;
    size_t k;
    char name[80];
    for (i = 0; i < PRUNE_NTENSORS; i++) {
        const fx_tensor *t;
        if (m->tensors[i].size == 0) continue;   /* OPT's tensors: a BERT has none */
        snprintf(name, sizeof name, "%s%s", prefix, m->tensors[i].name);
        t = need(f, name);
        if (t->n != m->tensors[i].size) { fprintf(stderr, "%s: shape differs from the engine's\n", name); exit(2); }
        for (k = 0; k < t->n; k++) prune_tensor(m, m->params, i)[k] = (prune_float)t->v[k];
    }
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "tests/fixtures/engine_small.bin";
    fixture f;
    prune_model m;
    prune_model_desc d;
    prune_optim o;
    prune_error err;
    prune_batch b;
    const double *cfg, *opt;
    int32_t ids[256], types[256], lens[16], labels[16];
    int i, s, rc;
    double worst_fwd = 0, worst_grad = 0, worst_step = 0;
    char name[80];

    if (fixture_load(&f, path) != 0) return 2;
    cfg = need(&f, "cfg")->v;   /* V, P, Y, C, NH, L, F, K, B, T */
    opt = need(&f, "opt")->v;   /* lr, b1, b2, eps, wd, clip, warmup, total */
    memset(&d, 0, sizeof d);
    d.config.vocab_size = (int)cfg[0]; d.config.max_pos = (int)cfg[1]; d.config.type_vocab = (int)cfg[2];
    d.config.hidden = (int)cfg[3]; d.config.heads = (int)cfg[4]; d.config.layers = (int)cfg[5];
    d.config.ffn = (int)cfg[6]; d.config.labels = (int)cfg[7];
    d.config.ln_eps = need(&f, "ln_eps")->v[0];
    d.max_batch = (int)cfg[8]; d.max_len = (int)cfg[9]; d.training = 1; d.threads = 2;
    b.B = (int)cfg[8]; b.T = (int)cfg[9];
    if (b.B * b.T > 256 || b.B > 16) { fprintf(stderr, "fixture batch too large for this test\n"); return 2; }
    for (i = 0; i < b.B * b.T; i++) { ids[i] = (int32_t)need(&f, "ids")->v[i]; types[i] = (int32_t)need(&f, "types")->v[i]; }
    for (i = 0; i < b.B; i++) { lens[i] = (int32_t)need(&f, "lens")->v[i]; labels[i] = (int32_t)need(&f, "labels")->v[i]; }
    b.ids = ids; b.types = types; b.lens = lens; b.labels = labels;

    rc = prune_model_create(&m, &d, &err);
    CHECK(rc == PRUNE_OK, "create the fixture's model (%s)", rc ? err.msg : "ok");
    if (rc) return 1;
    load_params(&m, &f, "p0.");

    /* forward and backward against autograd */
    prune_zero_grad(&m);
    rc = prune_forward(&m, &b, 1, &err);
    CHECK(rc == PRUNE_OK, "forward (%s)", rc ? err.msg : "ok");
    worst_fwd = compare(&f, "logits", m.logits, (size_t)b.B * m.desc.config.labels, NULL);
    {
        prune_float l = (prune_float)m.loss;
        compare(&f, "loss", &l, 1, &worst_fwd);
    }
    rc = prune_backward(&m, &err);
    CHECK(rc == PRUNE_OK, "backward (%s)", rc ? err.msg : "ok");
    for (i = 0; i < PRUNE_NTENSORS; i++) {
        if (m.tensors[i].size == 0) continue;
        snprintf(name, sizeof name, "g.%s", m.tensors[i].name);
        compare(&f, name, prune_tensor(&m, m.grads, i), m.tensors[i].size, &worst_grad);
    }

    /* three optimiser steps from the same start: warm-up (lr 0 first), decay, clipping */
    o = prune_optim_defaults();
    o.lr = opt[0]; o.beta1 = opt[1]; o.beta2 = opt[2]; o.eps = opt[3]; o.weight_decay = opt[4];
    o.clip_norm = opt[5]; o.warmup_steps = (long)opt[6]; o.total_steps = (long)opt[7];
    for (s = 0; s < 3; s++) {
        prune_step_stats st;
        prune_float l;
        rc = prune_train_step(&m, &b, &o, &st, &err);
        CHECK(rc == PRUNE_OK, "train step %d (%s): loss %.6f, grad norm %.6f, lr %g", s, rc ? err.msg : "ok", st.loss, st.grad_norm, st.lr);
        l = (prune_float)st.loss;
        CHECK(fabs(l - need(&f, "losses")->v[s]) <= RTOL * fabs(need(&f, "losses")->v[s]),
              "%-6s step %d loss %.9g vs %.9g", KIND, s, (double)l, need(&f, "losses")->v[s]);
    }
    for (i = 0; i < PRUNE_NTENSORS; i++) {
        if (m.tensors[i].size == 0) continue;
        snprintf(name, sizeof name, "p3.%s", m.tensors[i].name);
        compare(&f, name, prune_tensor(&m, m.params, i), m.tensors[i].size, &worst_step);
    }
    printf("# %s largest error against PyTorch: forward %.3e, gradients %.3e, after 3 AdamW steps %.3e\n",
           KIND, worst_fwd, worst_grad, worst_step);
    prune_model_free(&m);
    fixture_free(&f);
    return TEST_END();
}
