/* tests/test_opt.c - OPT (OPTForSequenceClassification) against transformers, from text.

   tests/fixtures/hf/opt_pre and opt_post were written by tests/reference/opt_oracle.py:
   a tiny random OPT of each shape (pre-LN with a final LayerNorm; post-LN with
   project_in/project_out, E 16 < C 32), four text pairs tokenized by OPT's tokenizer
   (GPT-2's BPE over tests/fixtures/bpe, </s> prepended, truncation to 16 longest-first,
   right padding), transformers' float64 logits and loss in train mode with dropout off,
   and every parameter's float64 gradient (gradients.safetensors, transformers' names).

   Here the same texts go through the C tokenizer, TSV reader and batcher (ids must be
   transformers', token for token), the engine runs forward and backward, and every
   logit and gradient is compared. Built twice, as the BERT reference test: float
   (1e-4 relative, floor 0.1) and PRUNE_DOUBLE (1e-9). Then the model is saved with
   prune_hf_save and loaded back: the same bits, the same configuration. */
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
#define FIX "tests/fixtures/hf/"
#define T16 16
#include "hf_check.h"


/* the four pairs of reference.json through prune_tsv_tokenize and the OPT batcher */
static int batch_pairs(const prune__json *j, const prune_tokenizer *tk, prune_dataset *ds, prune_batcher *bt,
                       const prune_batch **b) {
    prune_labels names;
    prune_tsv_desc td;
    prune_error e;
    char tsv[4096], *w = tsv;
    size_t pairs = prune__json_get(j, 0, "pairs"), k;
    int64_t ex[4] = {0, 1, 2, 3};
    int i, rc;
    w += sprintf(w, "sentence1\tsentence2\tlabel\n");
    for (k = j->v[pairs].first, i = 0; k; k = j->v[k].next, i++) {
        size_t a = j->v[k].first, c = j->v[a].next;
        w += sprintf(w, "%s\t%s\t%d\n", j->v[a].str, j->v[c].str, i % 2);
    }
    test_put(test_path("pairs.tsv"), tsv, (size_t)(w - tsv));
    memset(&td, 0, sizeof td);
    rc = prune_tsv_tokenize(test_path("pairs.tsv"), tk, &td, ds, &names, &e);
    /* OPT's template: </s> A </s> B, so the first and the separator are both </s> */
    rc = rc ? rc : prune_batcher_init(bt, 4, T16, tk->sep_id, tk->sep_id, tk->pad_id, &e);
    if (rc == PRUNE_OK) { bt->pair_style = PRUNE_PAIRS_OPT; rc = prune_batcher_fill(bt, ds, ex, 4, b, &e); }
    CHECK(rc == PRUNE_OK && *b && (*b)->B == 4 && (*b)->T == T16, "OPT pairs: tokenized and batched (%s)", rc ? e.msg : "ok");
    if (rc == PRUNE_OK) {   /* the labels transformers' loss used */
        size_t lab = prune__json_get(j, 0, "labels");
        for (i = 0; i < 4; i++) bt->labels[i] = (int32_t)jnum(j, jat(j, lab, i));
        prune_labels_free(&names);
    }
    return rc;
}

static void check_ids(const prune__json *j, const prune_batch *b) {
    size_t ids = prune__json_get(j, 0, "input_ids"), lens = prune__json_get(j, 0, "lengths"), k, v;
    int i, same = 1;
    for (k = j->v[ids].first, i = 0; k; k = j->v[k].next, i++) {
        int at = 0;
        same &= b->lens[i] == (int32_t)jnum(j, jat(j, lens, i));
        for (v = j->v[k].first; v; v = j->v[v].next, at++) same &= b->ids[i * T16 + at] == (int32_t)jnum(j, v) && b->types[i * T16 + at] == 0;
    }
    CHECK(same, "OPT pairs: C's </s> A </s> B batch (truncated longest-first, right-padded with <pad>) is transformers' input ids");
}

/* one shape: forward, backward, compare; save and load back */
static void check_shape(const char *name, const prune_batch *b, double *worst_logit_all, double *worst_grad_all) {
    prune_model m, g;
    prune_model_desc d;
    prune_hf_info info;
    prune_load_report rep;
    prune_config cfg;
    prune_error e;
    prune__json j;
    char path[256], *buf = NULL;
    size_t size, logits, k;
    int rc, i, arch_ok;
    double worst_logit = 0, worst_grad = 0, loss_ref;
    const char *worst_name = "";

    snprintf(path, sizeof path, FIX "%s/reference.json", name);
    rc = prune__read_file(path, &buf, &size, 1 << 20, &e);
    rc = rc ? rc : prune__json_parse(&j, path, "", buf, size, 0, &e);
    snprintf(path, sizeof path, FIX "%s/config.json", name);
    rc = rc ? rc : prune_hf_read_config(path, &cfg, &info, &e);
    CHECK(rc == PRUNE_OK, "%s: fixture and config.json read (%s)", name, rc ? e.msg : "ok");
    if (rc != PRUNE_OK) { free(buf); return; }
    arch_ok = info.model_type == PRUNE_HF_OPT && cfg.arch == PRUNE_ARCH_OPT && cfg.pos_offset == 2 && cfg.max_pos == 42 &&
              cfg.type_vocab == 1 && cfg.ln_eps == (double)1e-5 && cfg.labels == 3 && info.pad_token_id == 1 && info.bos_token_id == 2;
    CHECK(arch_ok, "%s: config.json read as OPT: pre_ln %d, hidden %d, embed_dim %d, max_pos %d (40 + 2), offset %d", name,
          cfg.pre_ln, cfg.hidden, cfg.embed_dim, cfg.max_pos, cfg.pos_offset);
    loss_ref = jnum(&j, prune__json_get(&j, 0, "loss"));
    logits = prune__json_get(&j, 0, "logits");

    memset(&d, 0, sizeof d);
    d.config = cfg;
    d.config.hidden_dropout = d.config.attn_dropout = 0;
    d.max_batch = 4; d.max_len = T16; d.threads = 2; d.training = 1;
    snprintf(path, sizeof path, FIX "%s/model.safetensors", name);
    rc = prune_model_create(&m, &d, &e);
    rc = rc ? rc : prune_hf_load_weights(&m, path, &info, 1, &rep, &e);
    CHECK(rc == PRUNE_OK && rep.unused == 0 && !rep.fresh_classifier && !rep.fresh_pooler && strcmp(rep.prefix, "model.") == 0,
          "%s: model.safetensors loads, every tensor used (%d loaded, %d unused%s%s), prefix \"%s\" (%s)", name, rep.loaded, rep.unused,
          rep.unused ? ": " : "", rep.unused_names, rep.prefix, rc ? e.msg : "ok");
    if (rc == PRUNE_OK) { prune_zero_grad(&m); rc = prune_forward(&m, b, 1, &e); }
    rc = rc ? rc : prune_backward(&m, &e);
    d.training = 0;
    snprintf(path, sizeof path, FIX "%s/gradients.safetensors", name);
    rc = rc ? rc : prune_model_create(&g, &d, &e);
    rc = rc ? rc : prune_hf_load_weights(&g, path, &info, 1, &rep, &e);
    CHECK(rc == PRUNE_OK && rep.n_f64 == rep.loaded, "%s: forward, backward; transformers' float64 gradients loaded (%d F64) (%s)", name,
          rep.n_f64, rc ? e.msg : "ok");
    if (rc != PRUNE_OK) goto out;
    for (i = 0; i < 4; i++)
        for (k = 0; k < 3; k++) {
            double ref = jnum(&j, jat(&j, jat(&j, logits, i), (int)k)), got = (double)m.logits[i * 3 + (int)k];
            double er = fabs(got - ref) / (fabs(ref) > FLOOR ? fabs(ref) : FLOOR);
            if (er > worst_logit) worst_logit = er;
        }
    CHECK(worst_logit <= RTOL && fabs(m.loss - loss_ref) <= RTOL * fabs(loss_ref), "%-6s %s: logits within %.2e of transformers', loss %.9g vs %.9g",
          KIND, name, worst_logit, m.loss, loss_ref);
    worst_grad = hfc_grads(&m, &g, name, &worst_name);
    printf("# %s %s largest error against transformers: logits %.3e, gradients %.3e (%s)\n", KIND, name, worst_logit, worst_grad, worst_name);
    if (worst_logit > *worst_logit_all) *worst_logit_all = worst_logit;
    if (worst_grad > *worst_grad_all) *worst_grad_all = worst_grad;

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

int main(void) {
    prune_tokenizer tk;
    prune_dataset ds;
    prune_batcher bt;
    const prune_batch *b = NULL;
    prune_error e;
    prune__json j;
    char *buf = NULL;
    size_t size;
    int rc;
    double worst_logit = 0, worst_grad = 0;
    rc = prune_tokenizer_load_dir(&tk, "tests/fixtures/bpe", &e);
    rc = rc ? rc : prune__read_file(FIX "opt_pre/reference.json", &buf, &size, 1 << 20, &e);
    rc = rc ? rc : prune__json_parse(&j, "reference.json", "", buf, size, 0, &e);
    CHECK(rc == PRUNE_OK, "the BPE tokenizer and the OPT fixture load (%s)", rc ? e.msg : "ok");
    if (rc != PRUNE_OK) return TEST_END();
    if (batch_pairs(&j, &tk, &ds, &bt, &b) == PRUNE_OK) {
        check_ids(&j, b);
        check_shape("opt_pre", b, &worst_logit, &worst_grad);
        check_shape("opt_post", b, &worst_logit, &worst_grad);
        prune_batcher_free(&bt);
        prune_dataset_free(&ds);
    }
    printf("# %s OPT largest error against transformers: logits %.3e, gradients %.3e\n", KIND, worst_logit, worst_grad);
    prune__json_free(&j);
    free(buf);
    prune_tokenizer_free(&tk);
    test_rm_tree(test_tmpdir());
    return TEST_END();
}
