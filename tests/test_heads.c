/* tests/test_heads.c - the multiple-choice and question-answering heads against transformers.

   tests/fixtures/hf/heads/ was written by tests/reference/heads_oracle.py: tiny random
   BertForMultipleChoice, RobertaForMultipleChoice, BertForQuestionAnswering,
   RobertaForQuestionAnswering and OPTForQuestionAnswering (pre-LN, and post-LN with
   project_in/out), each with a batch of token ids, its labels (an option per question;
   a start and an end token per sequence, (0, 0) for no answer), transformers' float64
   logits and loss in train mode with dropout off, and every parameter's float64 gradient.

   Here config.json must give the head (from "architectures"), the checkpoint must load
   with every tensor used, and the engine's forward and backward must give the same
   logits (span heads: on every valid token), loss and gradients. Built twice, as the
   other reference tests: float (1e-4 relative, floor 0.1) and PRUNE_DOUBLE (1e-9). Then
   the model is saved with prune_hf_save and read back: the same head, configuration and
   bits. The records of a step (prune__outcome_of) are checked against the reference
   logits: the arg-max option, and for spans the arg-max start and end. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#define TEST_FILES
#include "test.h"

#ifdef PRUNE_DOUBLE
#define RTOL 1e-9
#define KIND "double"
#else
#define RTOL 1e-4
#define KIND "float"
#endif
#define FLOOR 0.1
#define FIX "tests/fixtures/hf/heads/"
#define MAXB 8
#define MAXT 12
#include "hf_check.h"

static double jget2(const prune__json *j, const char *key, int i, int k) {
    return jnum(j, jat(j, jat(j, prune__json_get(j, 0, key), i), k));
}
static double relerr(double got, double ref) { return fabs(got - ref) / (fabs(ref) > FLOOR ? fabs(ref) : FLOOR); }

static void check_fixture(const char *name, int want_head, int want_type, double *worst_all) {
    prune_model m, g;
    prune_model_desc d;
    prune_hf_info info;
    prune_load_report rep;
    prune_config cfg;
    prune_error e;
    prune__json j;
    prune_batch b;
    int32_t ids[MAXB * MAXT], types[MAXB * MAXT], lens[MAXB], labels[2 * MAXB];
    char path[256], *buf = NULL;
    size_t size;
    int rc, i, t, k, B, T, span = want_head == PRUNE_HEAD_SPAN, NC = 1, Q, agree = 1;
    double worst_logit = 0, worst_grad = 0, loss_ref;
    const char *worst_name = "";

    snprintf(path, sizeof path, FIX "%s/reference.json", name);
    rc = prune__read_file(path, &buf, &size, 1 << 20, &e);
    rc = rc ? rc : prune__json_parse(&j, path, "", buf, size, 0, &e);
    snprintf(path, sizeof path, FIX "%s/config.json", name);
    rc = rc ? rc : prune_hf_read_config(path, &cfg, &info, &e);
    CHECK(rc == PRUNE_OK, "%s: fixture and config.json read (%s)", name, rc ? e.msg : "ok");
    if (rc != PRUNE_OK) { free(buf); return; }
    CHECK(cfg.head == want_head && info.model_type == want_type && cfg.labels == (span ? 2 : 1) && !cfg.head_dropout_in,
          "%s: config.json's architecture gives the %s head (head %d, %d outputs, model type %d)", name, span ? "span" : "multiple-choice",
          cfg.head, cfg.labels, info.model_type);
    loss_ref = jnum(&j, prune__json_get(&j, 0, "loss"));

    /* the batch */
    T = (int)jnum(&j, prune__json_get(&j, 0, "T"));
    B = (int)j.v[prune__json_get(&j, 0, "lengths")].count;
    if (!span) NC = (int)jnum(&j, prune__json_get(&j, 0, "choices"));
    Q = B / NC;
    for (i = 0; i < B; i++) {
        lens[i] = (int32_t)jnum(&j, jat(&j, prune__json_get(&j, 0, "lengths"), i));
        for (t = 0; t < T; t++) {
            ids[i * T + t] = (int32_t)jget2(&j, "input_ids", i, t);
            types[i * T + t] = (int32_t)jget2(&j, "token_type_ids", i, t);
        }
        if (span) { labels[2 * i] = (int32_t)jget2(&j, "spans", i, 0); labels[2 * i + 1] = (int32_t)jget2(&j, "spans", i, 1); }
    }
    if (!span) for (i = 0; i < Q; i++) labels[i] = (int32_t)jnum(&j, jat(&j, prune__json_get(&j, 0, "labels"), i));
    memset(&b, 0, sizeof b);
    b.B = B; b.T = T; b.ids = ids; b.types = types; b.lens = lens; b.labels = labels; b.choices = NC;

    memset(&d, 0, sizeof d);
    d.config = cfg;
    d.config.hidden_dropout = d.config.attn_dropout = d.config.classifier_dropout = 0;
    d.max_batch = MAXB; d.max_len = MAXT; d.threads = 2; d.training = 1;
    snprintf(path, sizeof path, FIX "%s/model.safetensors", name);
    rc = prune_model_create(&m, &d, &e);
    rc = rc ? rc : prune_hf_load_weights(&m, path, &info, 1, &rep, &e);
    CHECK(rc == PRUNE_OK && rep.unused == 0 && !rep.fresh_classifier && !rep.fresh_pooler,
          "%s: model.safetensors loads, every tensor used (%d loaded, %d unused%s%s) (%s)", name, rep.loaded, rep.unused,
          rep.unused ? ": " : "", rep.unused_names, rc ? e.msg : "ok");
    if (rc == PRUNE_OK) { prune_zero_grad(&m); rc = prune_forward(&m, &b, 1, &e); }
    rc = rc ? rc : prune_backward(&m, &e);
    d.training = 0;
    snprintf(path, sizeof path, FIX "%s/gradients.safetensors", name);
    rc = rc ? rc : prune_model_create(&g, &d, &e);
    rc = rc ? rc : prune_hf_load_weights(&g, path, &info, 1, &rep, &e);
    CHECK(rc == PRUNE_OK && rep.n_f64 == rep.loaded, "%s: forward, backward; transformers' float64 gradients loaded (%d F64) (%s)", name,
          rep.n_f64, rc ? e.msg : "ok");
    if (rc != PRUNE_OK) goto out;

    /* logits: [Q, NC] options, or [B, 2, T] start and end logits on the valid tokens */
    if (span) {
        for (i = 0; i < B; i++)
            for (t = 0; t < lens[i]; t++) {
                double er0 = relerr((double)m.logits[(2 * i) * T + t], jget2(&j, "start_logits", i, t));
                double er1 = relerr((double)m.logits[(2 * i + 1) * T + t], jget2(&j, "end_logits", i, t));
                if (er0 > worst_logit) worst_logit = er0;
                if (er1 > worst_logit) worst_logit = er1;
            }
    } else {
        for (i = 0; i < Q; i++)
            for (k = 0; k < NC; k++) {
                double er = relerr((double)m.logits[i * NC + k], jget2(&j, "logits", i, k));
                if (er > worst_logit) worst_logit = er;
            }
    }
    CHECK(worst_logit <= RTOL && fabs(m.loss - loss_ref) <= RTOL * fabs(loss_ref), "%-6s %s: logits within %.2e of transformers', loss %.9g vs %.9g",
          KIND, name, worst_logit, m.loss, loss_ref);

    /* the records of a step: the arg-max option; the arg-max start and end (valid tokens) */
    for (i = 0; i < Q; i++) {
        prune__outcome o;
        int best = 0, bs = 0, be = 0;
        prune__outcome_of(&m, labels, i, &o);
        if (span) {
            for (t = 1; t < lens[i]; t++) {
                if (jget2(&j, "start_logits", i, t) > jget2(&j, "start_logits", i, bs)) bs = t;
                if (jget2(&j, "end_logits", i, t) > jget2(&j, "end_logits", i, be)) be = t;
            }
            agree &= o.correct == (bs == labels[2 * i] && be == labels[2 * i + 1]) && o.gold == (labels[2 * i] == 0 && labels[2 * i + 1] == 0) &&
                     o.pred == (bs == 0 && be == 0);
        } else {
            for (k = 1; k < NC; k++) if (jget2(&j, "logits", i, k) > jget2(&j, "logits", i, best)) best = k;
            agree &= o.pred == best && o.correct == (best == labels[i]) && o.gold == labels[i];
        }
        agree &= o.gold_prob > 0 && o.gold_prob <= 1 && o.el2n >= 0 && o.el2n <= 2;
    }
    CHECK(agree, "%-6s %s: each example's record (prediction, correct, gold) is the reference logits' arg-max%s", KIND, name,
          span ? " start and end" : " option");

    worst_grad = hfc_grads(&m, &g, name, &worst_name);
    printf("# %s %s largest error against transformers: logits %.3e, gradients %.3e (%s)\n", KIND, name, worst_logit, worst_grad, worst_name);
    if (worst_logit > worst_all[0]) worst_all[0] = worst_logit;
    if (worst_grad > worst_all[1]) worst_all[1] = worst_grad;

    /* save, and load back: the same parameters, the same configuration */
    d.training = 0;
    hfc_roundtrip(&m, &info, name, d);
    prune_model_free(&g);
out:
    if (m.params) prune_model_free(&m);
    prune_hf_info_free(&info);
    prune__json_free(&j);
    free(buf);
}

/* a pretrained encoder gets a fresh head of another kind: prune_hf_set_head */
static void check_set_head(void) {
    prune_config cfg;
    prune_hf_info info;
    prune_model m;
    prune_model_desc d;
    prune_load_report rep;
    prune_error e;
    int rc;
    rc = prune_hf_read_config(FIX "bert_mc/config.json", &cfg, &info, &e);
    rc = rc ? rc : prune_hf_set_head(&info, PRUNE_HEAD_SPAN, &e);
    CHECK(rc == PRUNE_OK && info.config.head == PRUNE_HEAD_SPAN && info.config.labels == 2, "set_head: a multiple-choice BERT becomes a span model (%s)",
          rc ? e.msg : "ok");
    memset(&d, 0, sizeof d);
    d.config = info.config; d.max_batch = 2; d.max_len = 8; d.threads = 1;
    rc = rc ? rc : prune_model_create(&m, &d, &e);
    rc = rc ? rc : prune_hf_load_weights(&m, FIX "bert_mc/model.safetensors", &info, 7, &rep, &e);
    CHECK(rc == PRUNE_OK && rep.fresh_classifier && !rep.fresh_pooler && rep.unused == 4 && m.tensors[PRUNE_POOLW].size == 0,
          "set_head: its encoder loads; the pooler and the choice classifier go unused (%d: %s), qa_outputs is fresh (%s)", rep.unused,
          rep.unused_names, rc ? e.msg : "ok");
    if (rc == PRUNE_OK) prune_model_free(&m);
    rc = prune_hf_set_head(&info, PRUNE_HEAD_CHOICE, &e);
    CHECK(rc == PRUNE_OK && info.config.labels == 1 && info.config.head == PRUNE_HEAD_CHOICE, "set_head: and back to multiple choice (%s)",
          rc ? e.msg : "ok");
    prune_hf_info_free(&info);
    rc = prune_hf_read_config(FIX "opt_qa_pre/config.json", &cfg, &info, &e);
    rc = rc ? rc : prune_hf_set_head(&info, PRUNE_HEAD_CHOICE, &e);
    CHECK(rc == PRUNE_EARG && strstr(e.msg, "OPTForMultipleChoice"), "set_head: OPT has no multiple-choice head, and says so (%s)", e.msg);
    prune_hf_info_free(&info);
    cfg = prune_config_defaults();
    cfg.head = PRUNE_HEAD_SPAN; cfg.labels = 3;
    rc = prune_config_resolve(&cfg, &e);
    CHECK(rc == PRUNE_EARG && strstr(e.msg, "span"), "config: a span head with 3 outputs is refused (%s)", e.msg);
}

int main(void) {
    double worst[2] = {0, 0};
    check_fixture("bert_mc", PRUNE_HEAD_CHOICE, PRUNE_HF_BERT, worst);
    check_fixture("roberta_mc", PRUNE_HEAD_CHOICE, PRUNE_HF_ROBERTA, worst);
    check_fixture("bert_qa", PRUNE_HEAD_SPAN, PRUNE_HF_BERT, worst);
    check_fixture("roberta_qa", PRUNE_HEAD_SPAN, PRUNE_HF_ROBERTA, worst);
    check_fixture("opt_qa_pre", PRUNE_HEAD_SPAN, PRUNE_HF_OPT, worst);
    check_fixture("opt_qa_post", PRUNE_HEAD_SPAN, PRUNE_HF_OPT, worst);
    check_set_head();
    printf("# %s, every head: largest error against transformers: logits %.3e, gradients %.3e\n", KIND, worst[0], worst[1]);
    test_rm_tree(test_tmpdir());
    return TEST_END();
}
