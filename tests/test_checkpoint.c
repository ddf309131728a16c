/* tests/test_checkpoint.c - Hugging Face checkpoints in and out (prune.h, "Hugging Face checkpoints").

   tests/fixtures/hf/ was written by tests/reference/hf_oracle.py: a tiny random
   BertForSequenceClassification (vocab 99, hidden 32, 2 layers, 4 heads, FFN 37, 40
   positions, 3 labels) saved by save_pretrained in F32, F16 and BF16; a tiny
   RobertaForSequenceClassification; the same BERT's encoder alone (BertModel: no
   classifier, no "bert." prefix); and logits.bin, a padded batch of 4 with
   transformers' eval-mode logits for each (in float64 - the exact answer - and in
   float32). This test needs no Python:

   - every fixture loads and gives transformers' logits (float: 1e-5 relative);
   - the encoder-only checkpoint gets a fresh classifier from the seed, reported;
   - save -> reload gives bit-identical parameters (and F16 weights come back exact);
   - F16 and BF16 subnormals, infinities and NaNs convert exactly;
   - a tiny RoBERTa on text pairs (tests/fixtures/hf/roberta_bpe, bpe_oracle.py): the
     C tokenizer and batcher give transformers' input ids, and the engine its logits
     and every gradient (train mode, dropout off);
   - malformed files, generated here in a temporary directory, each fail cleanly
     with a message that says what and where, and leave the model untouched.

   Build (from the repository root):
     gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -O2 -I. -o /tmp/test_checkpoint tests/test_checkpoint.c -lm -pthread */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include "fixture.h"
#define TEST_FILES
#include "test.h"

#include <sys/stat.h>

#define FIX "tests/fixtures/hf/"
#define RTOL 1e-5
#define FLOOR 0.1     /* below |logit| = 0.1 the tolerance is absolute: RTOL * 0.1 */

/* ---- loading a directory --------------------------------------------------- */

/* config.json -> model (inference, 2 threads) -> model.safetensors */
static int load_dir(const char *dir, prune_model *m, prune_hf_info *info, uint64_t seed,
                    prune_load_report *rep, prune_error *e) {
    char path[600];
    prune_config cfg;
    prune_model_desc d;
    int rc;
    snprintf(path, sizeof path, "%s/config.json", dir);
    if ((rc = prune_hf_read_config(path, &cfg, info, e)) != PRUNE_OK) return rc;
    memset(&d, 0, sizeof d);
    d.config = cfg;
    d.max_batch = 4;
    d.max_len = 12;
    if (d.max_len > cfg.max_pos - cfg.pos_offset) d.max_len = cfg.max_pos - cfg.pos_offset;
    d.threads = 2;
    if ((rc = prune_model_create(m, &d, e)) != PRUNE_OK) { prune_hf_info_free(info); return rc; }
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    if ((rc = prune_hf_load_weights(m, path, info, seed, rep, e)) != PRUNE_OK) {
        prune_model_free(m);
        prune_hf_info_free(info);
    }
    return rc;
}

static int same_tensor(prune_model *a, prune_model *b, int t) {
    return a->tensors[t].size == b->tensors[t].size &&
           memcmp(prune_tensor(a, a->params, t), prune_tensor(b, b->params, t), a->tensors[t].size * sizeof(prune_float)) == 0;
}

static int same_params(prune_model *a, prune_model *b) {
    return a->nparams == b->nparams && memcmp(a->params, b->params, a->nparams * sizeof(prune_float)) == 0;
}

static int same_config(const prune_config *a, const prune_config *b) {
    return a->vocab_size == b->vocab_size && a->hidden == b->hidden && a->layers == b->layers && a->heads == b->heads &&
           a->ffn == b->ffn && a->max_pos == b->max_pos && a->type_vocab == b->type_vocab && a->labels == b->labels &&
           a->pos_offset == b->pos_offset && a->ln_eps == b->ln_eps && a->hidden_dropout == b->hidden_dropout &&
           a->attn_dropout == b->attn_dropout && a->classifier_dropout == b->classifier_dropout;
}

/* eval-mode logits of the fixture batch, compared with transformers' */
static void check_logits(prune_model *m, const fixture *fx, const char *name, int roberta) {
    const fx_tensor *ids = fixture_get(fx, "ids"), *types = fixture_get(fx, "types"), *lens = fixture_get(fx, "lens");
    const char *which[2] = {"logits.", "logits32."};
    int32_t bids[64], btypes[64], blens[8];
    prune_batch b;
    prune_error e;
    double got[64];
    int i, w, rc;
    char key[64];
    b.B = ids->dims[0]; b.T = ids->dims[1];
    for (i = 0; i < b.B * b.T; i++) { bids[i] = (int32_t)ids->v[i]; btypes[i] = (int32_t)types->v[i]; }
    for (i = 0; i < b.B; i++) blens[i] = (int32_t)lens->v[i];
    b.ids = bids; b.types = roberta ? NULL : btypes; b.lens = blens; b.labels = NULL;
    rc = prune_forward(m, &b, 0, &e);
    CHECK(rc == PRUNE_OK, "%s: forward: %s", name, rc ? e.msg : "ok");
    if (rc) return;
    for (i = 0; i < b.B * m->desc.config.labels; i++) got[i] = m->logits[i];
    for (w = 0; w < 2; w++) {
        const fx_tensor *ref;
        size_t worst;
        double err;
        snprintf(key, sizeof key, "%s%s", which[w], name);
        ref = fixture_get(fx, key);
        if (!ref || ref->n != (size_t)(b.B * m->desc.config.labels)) { CHECK(0, "fixture has %s", key); continue; }
        err = test_max_err(got, ref->v, ref->n, FLOOR, &worst);
        CHECK(err <= RTOL, "%-10s logits vs transformers %s: max error %.2e (element %lu: %.8f vs %.8f)", name,
              w ? "float32" : "float64", err, (unsigned long)worst, got[worst], ref->v[worst]);
    }
}

/* ---- a safetensors writer for hand-made (and broken) files ------------------ */

typedef struct st_t {
    char name[96];
    char dtype[16];
    int ndim;
    long long shape[4];
    unsigned char *data;
    size_t nbytes;
    long long shift;      /* added to both data offsets: a corrupted range */
    int skip;             /* 1: left out of the file                       */
} st_t;

static void st_add(st_t *ts, int *n, const char *name, const char *dtype, int ndim, long d0, long d1, size_t esize, unsigned seed) {
    st_t *t = &ts[(*n)++];
    size_t i, numel = (size_t)d0 * (size_t)(ndim > 1 ? d1 : 1);
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    snprintf(t->dtype, sizeof t->dtype, "%s", dtype);
    t->ndim = ndim; t->shape[0] = d0; t->shape[1] = d1;
    t->nbytes = numel * esize;
    t->data = (unsigned char *)malloc(t->nbytes + 1);
    for (i = 0; i < numel; i++) {
        /* deterministic, distinct, exactly representable F32 values */
        float f = (float)((int)((i * 37u + seed * 101u) % 199u) - 99) / 128.0f;
        uint32_t bits;
        memcpy(&bits, &f, 4);
        if (esize == 4) { t->data[4 * i] = (unsigned char)bits; t->data[4 * i + 1] = (unsigned char)(bits >> 8);
                          t->data[4 * i + 2] = (unsigned char)(bits >> 16); t->data[4 * i + 3] = (unsigned char)(bits >> 24); }
        else memset(t->data + esize * i, 0, esize);
    }
}

/* The synthetic model: vocab 20, hidden 8, 1 layer, 2 heads, FFN 12, 16 positions,
   2 token types, 2 labels; unprefixed names (BertModel style) plus a classifier. */
#define SYN_CONFIG "{\n  \"model_type\": \"bert\", \"vocab_size\": 20, \"hidden_size\": 8, \"num_hidden_layers\": 1,\n" \
                   "  \"num_attention_heads\": 2, \"intermediate_size\": 12, \"max_position_embeddings\": 16,\n" \
                   "  \"type_vocab_size\": 2, \"num_labels\": 2, \"hidden_act\": \"gelu\"\n}\n"

static int syn_model(st_t *ts, int pooler, int classifier, int gamma_beta) {
    static const char *lw[16] = {
        "attention.self.query.weight", "attention.self.query.bias", "attention.self.key.weight", "attention.self.key.bias",
        "attention.self.value.weight", "attention.self.value.bias", "attention.output.dense.weight", "attention.output.dense.bias",
        "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias", "intermediate.dense.weight", "intermediate.dense.bias",
        "output.dense.weight", "output.dense.bias", "output.LayerNorm.weight", "output.LayerNorm.bias"};
    static const int shp[16][3] = {{2, 8, 8}, {1, 8, 0}, {2, 8, 8}, {1, 8, 0}, {2, 8, 8}, {1, 8, 0}, {2, 8, 8}, {1, 8, 0},
                                   {1, 8, 0}, {1, 8, 0}, {2, 12, 8}, {1, 12, 0}, {2, 8, 12}, {1, 8, 0}, {1, 8, 0}, {1, 8, 0}};
    char name[96];
    int n = 0, r;
    unsigned s = 1;
    st_add(ts, &n, "embeddings.word_embeddings.weight", "F32", 2, 20, 8, 4, s++);
    st_add(ts, &n, "embeddings.position_embeddings.weight", "F32", 2, 16, 8, 4, s++);
    st_add(ts, &n, "embeddings.token_type_embeddings.weight", "F32", 2, 2, 8, 4, s++);
    st_add(ts, &n, gamma_beta ? "embeddings.LayerNorm.gamma" : "embeddings.LayerNorm.weight", "F32", 1, 8, 0, 4, s++);
    st_add(ts, &n, gamma_beta ? "embeddings.LayerNorm.beta" : "embeddings.LayerNorm.bias", "F32", 1, 8, 0, 4, s++);
    for (r = 0; r < 16; r++) {
        snprintf(name, sizeof name, "encoder.layer.0.%s", lw[r]);
        if (gamma_beta && strstr(name, "LayerNorm.weight")) strcpy(strstr(name, "weight"), "gamma");
        if (gamma_beta && strstr(name, "LayerNorm.bias")) strcpy(strstr(name, "bias"), "beta");
        st_add(ts, &n, name, "F32", shp[r][0], shp[r][1], shp[r][2], 4, s++);
    }
    if (pooler) {
        st_add(ts, &n, "pooler.dense.weight", "F32", 2, 8, 8, 4, s++);
        st_add(ts, &n, "pooler.dense.bias", "F32", 1, 8, 0, 4, s++);
    } else s += 2;
    if (classifier) {
        st_add(ts, &n, "classifier.weight", "F32", 2, 2, 8, 4, s++);
        st_add(ts, &n, "classifier.bias", "F32", 1, 2, 0, 4, s++);
    }
    return n;
}

static st_t *st_find(st_t *ts, int n, const char *name) {
    int i;
    for (i = 0; i < n; i++)
        if (strcmp(ts[i].name, name) == 0) return &ts[i];
    fprintf(stderr, "no synthetic tensor %s\n", name);
    exit(2);
}

static void st_free(st_t *ts, int n) {
    int i;
    for (i = 0; i < n; i++) free(ts[i].data);
}

/* Write dir/model.safetensors (and dir/config.json = SYN_CONFIG). hdr_delta is added
   to the stored header length; cut bytes are cut off the end; extra bytes of
   garbage are appended. Returns the path of the weights. */
static const char *st_write(const char *dir, st_t *ts, int n, long long hdr_delta, size_t cut, size_t extra) {
    static char path[600];
    char cfg[600], *hdr;
    size_t cap = 256 + (size_t)n * 256, len = 0, total, pad;
    unsigned long long at = 0;
    unsigned char len8[8];
    FILE *f;
    int i, d;
    mkdir(dir, 0777);
    snprintf(cfg, sizeof cfg, "%s/config.json", dir);
    test_puts(cfg, SYN_CONFIG);
    hdr = (char *)malloc(cap);
    len += (size_t)snprintf(hdr + len, cap - len, "{\"__metadata__\":{\"format\":\"pt\"}");
    for (i = 0; i < n; i++) {
        if (ts[i].skip) continue;
        len += (size_t)snprintf(hdr + len, cap - len, ",\"%s\":{\"dtype\":\"%s\",\"shape\":[", ts[i].name, ts[i].dtype);
        for (d = 0; d < ts[i].ndim; d++) len += (size_t)snprintf(hdr + len, cap - len, "%s%lld", d ? "," : "", ts[i].shape[d]);
        len += (size_t)snprintf(hdr + len, cap - len, "],\"data_offsets\":[%llu,%llu]}", at + ts[i].shift,
                                at + ts[i].shift + ts[i].nbytes);
        at += ts[i].nbytes;
    }
    len += (size_t)snprintf(hdr + len, cap - len, "}");
    pad = (8 - (8 + len) % 8) % 8;
    while (pad--) hdr[len++] = ' ';
    for (i = 0; i < 8; i++) len8[i] = (unsigned char)((unsigned long long)(len + hdr_delta) >> (8 * i));
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    f = fopen(path, "wb");
    fwrite(len8, 1, 8, f);
    fwrite(hdr, 1, len, f);
    for (i = 0; i < n; i++)
        if (!ts[i].skip) fwrite(ts[i].data, 1, ts[i].nbytes, f);
    for (total = 0; total < extra; total++) fputc(0x5A, f);
    fclose(f);
    free(hdr);
    if (cut) {
        size_t sz;
        unsigned char *all = test_get(path, &sz);
        f = fopen(path, "wb");
        fwrite(all, 1, sz > cut ? sz - cut : 0, f);
        fclose(f);
        free(all);
    }
    return path;
}

/* load the synthetic dir into a fresh model and expect failure with code and substrings */
static void expect_load_fail(const char *dir, const char *what, int code, const char *s1, const char *s2) {
    prune_model m;
    prune_hf_info info;
    prune_load_report rep;
    prune_error e;
    int rc;
    memset(&e, 0, sizeof e);
    rc = load_dir(dir, &m, &info, 1, &rep, &e);
    CHECK(rc == code && strstr(e.msg, s1) && (!s2 || strstr(e.msg, s2)), "%s is refused: %s", what, e.msg);
    if (rc == PRUNE_OK) { prune_model_free(&m); prune_hf_info_free(&info); }
}

static void expect_config_fail(const char *json, const char *what, const char *s1, const char *s2) {
    const char *path = test_path("bad_config.json");
    prune_config cfg;
    prune_hf_info info;
    prune_error e;
    int rc;
    memset(&e, 0, sizeof e);
    test_puts(path, json);
    rc = prune_hf_read_config(path, &cfg, &info, &e);
    CHECK(rc == PRUNE_EFORMAT && strstr(e.msg, s1) && (!s2 || strstr(e.msg, s2)), "%s is refused: %s", what, e.msg);
    if (rc == PRUNE_OK) prune_hf_info_free(&info);
}

/* ============================================================================ */

/* ---- RoBERTa on text pairs, against transformers: tokenizer, batch, logits, gradients ----
   tests/fixtures/hf/roberta_bpe/ (tests/reference/bpe_oracle.py): a tiny random
   RobertaForSequenceClassification over the BPE fixture's vocabulary; reference.json,
   four text pairs with transformers' input ids (RobertaTokenizerFast, truncation to 16
   longest-first, padding), logits and loss in train mode with dropout off; and
   gradients.safetensors, every parameter's gradient under its own name, which loads
   into a second model like weights. */
static double jnum(const prune__json *j, size_t v) { return j->v[v].num; }

static void test_roberta_pairs(void) {
    prune_tokenizer tk;
    prune_dataset ds;
    prune_labels names;
    prune_tsv_desc td;
    prune_batcher bt;
    const prune_batch *b = NULL;
    prune_model m, g;
    prune_model_desc d;
    prune_hf_info info, ginfo;
    prune_load_report rep;
    prune_config cfg;
    prune_error e;
    prune__json j;
    char *buf = NULL, tsv[4096], *w = tsv;
    size_t size, pairs, ids, lens, logits, k, q;
    int64_t ex[4] = {0, 1, 2, 3};
    int rc, i, t, same_ids = 1;
    double worst_logit = 0, worst_grad = 0, loss_ref;
    const char *worst_name = "";
    rc = prune_tokenizer_load_dir(&tk, "tests/fixtures/bpe", &e);
    rc = rc ? rc : prune__read_file(FIX "roberta_bpe/reference.json", &buf, &size, 1 << 20, &e);
    rc = rc ? rc : prune__json_parse(&j, "reference.json", "", buf, size, 0, &e);
    CHECK(rc == PRUNE_OK, "RoBERTa pairs: the fixture loads (%s)", rc ? e.msg : "ok");
    if (rc != PRUNE_OK) { free(buf); return; }
    pairs = prune__json_get(&j, 0, "pairs"); ids = prune__json_get(&j, 0, "input_ids");
    lens = prune__json_get(&j, 0, "lengths"); logits = prune__json_get(&j, 0, "logits");
    loss_ref = jnum(&j, prune__json_get(&j, 0, "loss"));
    /* the pairs as a TSV, through the tool's own path: prune_tsv_tokenize */
    w += sprintf(w, "sentence1\tsentence2\tlabel\n");
    for (k = j.v[pairs].first, i = 0; k; k = j.v[k].next, i++) {
        size_t a = j.v[k].first, c = j.v[a].next;
        w += sprintf(w, "%s\t%s\t%d\n", j.v[a].str, j.v[c].str, i % 2 == 0 ? 1 : 0);
    }
    test_put(test_path("pairs.tsv"), tsv, (size_t)(w - tsv));
    memset(&td, 0, sizeof td);
    rc = prune_tsv_tokenize(test_path("pairs.tsv"), &tk, &td, &ds, &names, &e);
    rc = rc ? rc : prune_batcher_init(&bt, 4, 16, tk.cls_id, tk.sep_id, tk.pad_id, &e);
    if (rc == PRUNE_OK) { bt.pair_style = PRUNE_PAIRS_ROBERTA; rc = prune_batcher_fill(&bt, &ds, ex, 4, &b, &e); }
    CHECK(rc == PRUNE_OK && b && b->B == 4 && b->T == 16, "RoBERTa pairs: tokenized and batched (%s)", rc ? e.msg : "ok");
    if (rc != PRUNE_OK) { prune__json_free(&j); free(buf); prune_tokenizer_free(&tk); return; }
    for (k = j.v[ids].first, i = 0; k; k = j.v[k].next, i++) {
        size_t v;
        int len, at = 0;
        for (q = j.v[lens].first, t = 0; t < i; t++) q = j.v[q].next;
        len = (int)jnum(&j, q);
        same_ids &= b->lens[i] == len;
        for (v = j.v[k].first; v; v = j.v[v].next, at++) same_ids &= b->ids[i * 16 + at] == (int32_t)jnum(&j, v) && b->types[i * 16 + at] == 0;
    }
    CHECK(same_ids, "RoBERTa pairs: C's <s> A </s></s> B </s> batch (truncated, padded) is transformers' input ids, token for token");

    /* the engine, train mode without dropout, against transformers */
    rc = prune_hf_read_config(FIX "roberta_bpe/config.json", &cfg, &info, &e);
    memset(&d, 0, sizeof d);
    d.config = cfg;
    d.config.hidden_dropout = d.config.attn_dropout = d.config.classifier_dropout = 0;
    d.max_batch = 4; d.max_len = 16; d.threads = 2; d.training = 1;
    rc = rc ? rc : prune_model_create(&m, &d, &e);
    rc = rc ? rc : prune_hf_load_weights(&m, FIX "roberta_bpe/model.safetensors", &info, 1, &rep, &e);
    if (rc == PRUNE_OK) { prune_zero_grad(&m); rc = prune_forward(&m, b, 1, &e); }
    rc = rc ? rc : prune_backward(&m, &e);
    d.training = 0;
    rc = rc ? rc : prune_model_create(&g, &d, &e);
    rc = rc ? rc : prune_hf_read_config(FIX "roberta_bpe/config.json", &cfg, &ginfo, &e);
    rc = rc ? rc : prune_hf_load_weights(&g, FIX "roberta_bpe/gradients.safetensors", &ginfo, 1, &rep, &e);
    CHECK(rc == PRUNE_OK, "RoBERTa pairs: forward, backward, transformers' gradients loaded (%s)", rc ? e.msg : "ok");
    if (rc == PRUNE_OK) {
        for (k = j.v[logits].first, i = 0; k; k = j.v[k].next, i++) {
            size_t v;
            int c = 0;
            for (v = j.v[k].first; v; v = j.v[v].next, c++) {
                double ref = jnum(&j, v), err_v = fabs((double)m.logits[i * 2 + c] - ref) / (fabs(ref) > FLOOR ? fabs(ref) : FLOOR);
                if (err_v > worst_logit) worst_logit = err_v;
            }
        }
        for (t = 0; t < PRUNE_NTENSORS; t++) {
            const prune_float *gc = prune_tensor(&m, m.grads, t), *gr = prune_tensor(&g, g.params, t);
            double scale = 0, e_t = 0;
            for (q = 0; q < m.tensors[t].size; q++) if (fabs(gr[q]) > scale) scale = fabs(gr[q]);
            if (scale == 0) continue;
            for (q = 0; q < m.tensors[t].size; q++) {
                double dq = fabs((double)gc[q] - (double)gr[q]) / scale;
                if (t == PRUNE_QKVB && q % (3 * (size_t)cfg.hidden) >= (size_t)cfg.hidden && q % (3 * (size_t)cfg.hidden) < 2 * (size_t)cfg.hidden)
                    continue;   /* the key bias: 0 by construction here, float noise there (see backward) */
                if (dq > e_t) e_t = dq;
            }
            if (e_t > worst_grad) { worst_grad = e_t; worst_name = m.tensors[t].name; }
        }
        CHECK(worst_logit < 1e-4 && fabs(m.loss - loss_ref) < 1e-5 * (1 + fabs(loss_ref)),
              "RoBERTa pairs: logits within %.1e of transformers' (relative, floor 0.1), loss %.6f vs %.6f", worst_logit, m.loss, loss_ref);
        CHECK(worst_grad < 1e-4, "RoBERTa pairs: every gradient within %.1e of transformers' (relative to its tensor's largest; worst %s)",
              worst_grad, worst_name);
        prune_model_free(&g);
        prune_hf_info_free(&ginfo);
    }
    if (m.params) prune_model_free(&m);
    prune_hf_info_free(&info);
    prune_batcher_free(&bt);
    prune_dataset_free(&ds);
    prune_labels_free(&names);
    prune__json_free(&j);
    free(buf);
    prune_tokenizer_free(&tk);
}

int main(void) {
    fixture fx;
    prune_model m, m2, m3;
    prune_hf_info info, info2;
    prune_load_report rep;
    prune_error e;
    prune_model_desc d;
    prune_config cfg;
    st_t ts[40];
    int n, rc, i;
    const char *names[4] = {"bert", "bert_f16", "bert_bf16", "roberta"};
    char dir[600];
    uint64_t hash;

    if (fixture_load(&fx, FIX "logits.bin") != 0) return 2;

    /* ---- 1. the fixtures give transformers' logits ---- */
    for (i = 0; i < 4; i++) {
        int roberta = i == 3;
        snprintf(dir, sizeof dir, FIX "%s", names[i]);
        rc = load_dir(dir, &m, &info, 1, &rep, &e);
        CHECK(rc == PRUNE_OK, "%s loads: %s", names[i], rc ? e.msg : "ok");
        if (rc) continue;
        CHECK(info.model_type == (roberta ? PRUNE_HF_ROBERTA : PRUNE_HF_BERT) && m.desc.config.labels == 3 && info.num_labels == 3 &&
              info.label_names && strcmp(info.label_names[2], "LABEL_2") == 0 && m.desc.config.pos_offset == (roberta ? 2 : 0) &&
              m.desc.config.type_vocab == (roberta ? 1 : 2) && m.desc.config.ffn == 37 && m.desc.config.ln_eps == (double)1e-12,
              "%s: config read (type, 3 labels with names, pos_offset %d, type_vocab %d)", names[i], m.desc.config.pos_offset, m.desc.config.type_vocab);
        CHECK(rep.tensors == 41 && rep.loaded == 41 && rep.unused == 0 && !rep.fresh_pooler && !rep.fresh_classifier &&
              rep.nonfinite == 0 && strcmp(rep.prefix, roberta ? "roberta." : "bert.") == 0 &&
              (i == 1 ? rep.n_f16 : i == 2 ? rep.n_bf16 : rep.n_f32) == 41,
              "%s: report: %d tensors, %d loaded (F32 %d, F16 %d, BF16 %d), %d unused, prefix \"%s\"", names[i],
              rep.tensors, rep.loaded, rep.n_f32, rep.n_f16, rep.n_bf16, rep.unused, rep.prefix);
        check_logits(&m, &fx, names[i], roberta);

        /* ---- 3. save -> reload: bit-identical parameters, same config ---- */
        snprintf(dir, sizeof dir, "%s/saved_%s", test_tmpdir(), names[i]);
        rc = prune_hf_save(&m, dir, &info, &e);
        CHECK(rc == PRUNE_OK, "%s: prune_hf_save: %s", names[i], rc ? e.msg : "ok");
        rc = load_dir(dir, &m2, &info2, 99, &rep, &e);
        CHECK(rc == PRUNE_OK, "%s: the saved copy loads: %s", names[i], rc ? e.msg : "ok");
        if (rc == PRUNE_OK) {
            size_t sz;
            char sp[700];
            unsigned char *st;
            snprintf(sp, sizeof sp, "%s/model.safetensors", dir);
            st = test_get(sp, &sz);
            uint64_t hl = prune__get_u64(st);
            CHECK(same_params(&m, &m2) && same_config(&m.desc.config, &m2.desc.config) && info2.model_type == info.model_type &&
                  info2.pad_token_id == info.pad_token_id && info2.bos_token_id == info.bos_token_id &&
                  info2.eos_token_id == info.eos_token_id && info2.num_labels == 3 && strcmp(info2.label_names[1], "LABEL_1") == 0,
                  "%s: save -> reload gives bit-identical parameters and the same configuration%s", names[i],
                  i == 1 || i == 2 ? " (the 16-bit weights came back exact in F32)" : "");
            CHECK(rep.loaded == 41 && rep.n_f32 == 41 && !rep.fresh_classifier && (8 + hl) % 8 == 0 &&
                  memcmp(st + 8, "{\"__metadata__\":{\"format\":\"pt\"}", 31) == 0 && sz == 8 + hl + 4 * m.nparams,
                  "%s: saved file: 41 F32 tensors, header of %lu bytes padded to 8, format pt, %lu bytes", names[i],
                  (unsigned long)hl, (unsigned long)sz);
            free(st);
            prune_model_free(&m2);
            prune_hf_info_free(&info2);
        }
        if (i == 0) {
            /* ---- 2. the encoder alone: classifier created from the seed ---- */
            prune_model me;
            prune_hf_info ie;
            rc = load_dir(FIX "bert_encoder", &me, &ie, 5, &rep, &e);
            CHECK(rc == PRUNE_OK, "bert_encoder (BertModel, no classifier) loads: %s", rc ? e.msg : "ok");
            if (rc == PRUNE_OK) {
                int t, encoder_same = 1;
                size_t k;
                CHECK(rep.fresh_classifier == 1 && rep.fresh_pooler == 0 && rep.loaded == 39 && rep.tensors == 39 &&
                      rep.unused == 0 && strcmp(rep.prefix, "") == 0,
                      "bert_encoder: report says the classifier is new (fresh classifier %d, pooler %d, loaded %d, prefix \"%s\")",
                      rep.fresh_classifier, rep.fresh_pooler, rep.loaded, rep.prefix);
                for (t = 0; t < PRUNE_CLSW; t++) encoder_same &= same_tensor(&m, &me, t);
                CHECK(encoder_same, "bert_encoder: encoder and pooler equal the full checkpoint's, bit for bit");
                memset(&d, 0, sizeof d);
                d.config = me.desc.config; d.max_batch = 1; d.max_len = 1; d.threads = 1;
                rc = prune_model_create(&m3, &d, &e);
                prune_model_init_weights(&m3, 5, 0.02);
                for (k = 0; k < me.tensors[PRUNE_CLSB].size; k++) encoder_same &= prune_tensor(&me, me.params, PRUNE_CLSB)[k] == 0;
                CHECK(rc == PRUNE_OK && same_tensor(&m3, &me, PRUNE_CLSW) && encoder_same,
                      "bert_encoder: fresh classifier = prune_model_init_weights(seed 5, std 0.02)'s, bias 0");
                prune_model_free(&m3);
                /* with the classifier of the full model, the logits are transformers' again */
                memcpy(prune_tensor(&me, me.params, PRUNE_CLSW), prune_tensor(&m, m.params, PRUNE_CLSW), m.tensors[PRUNE_CLSW].size * sizeof(prune_float));
                memcpy(prune_tensor(&me, me.params, PRUNE_CLSB), prune_tensor(&m, m.params, PRUNE_CLSB), m.tensors[PRUNE_CLSB].size * sizeof(prune_float));
                check_logits(&me, &fx, "bert", 0);

                /* the model must have the checkpoint's configuration: say what differs */
                memset(&d, 0, sizeof d);
                d.config = me.desc.config; d.config.hidden = 64; d.config.layers = 3; d.max_batch = 1; d.max_len = 8; d.threads = 1;
                rc = prune_model_create(&m3, &d, &e);
                rc = rc ? rc : prune_hf_load_weights(&m3, FIX "bert/model.safetensors", &ie, 1, &rep, &e);
                CHECK(rc == PRUNE_EARG && strstr(e.msg, "hidden 64 vs 32") && strstr(e.msg, "layers 3 vs 2"),
                      "a model made with another configuration is refused, saying what differs: %s", e.msg);
                prune_model_free(&m3);
                prune_model_free(&me);
                prune_hf_info_free(&ie);
            }
        }
        prune_model_free(&m);
        prune_hf_info_free(&info);
    }

    /* ---- 4. hand-made files: old names, unused tensors, a missing pooler ---- */
    snprintf(dir, sizeof dir, "%s/syn", test_tmpdir());
    n = syn_model(ts, 1, 1, 0);
    st_write(dir, ts, n, 0, 0, 0);
    rc = load_dir(dir, &m, &info, 3, &rep, &e);
    CHECK(rc == PRUNE_OK && rep.loaded == 25 && rep.unused == 0 && info.num_labels == 2 && !info.label_names,
          "synthetic BertModel + classifier (num_labels without id2label) loads: %s", rc ? e.msg : "ok");
    st_free(ts, n);
    if (rc == PRUNE_OK) {
        /* gamma/beta LayerNorm names, an I64 position_ids buffer and an MLM bias */
        snprintf(dir, sizeof dir, "%s/syn_old", test_tmpdir());
        n = syn_model(ts, 1, 1, 1);
        st_add(ts, &n, "embeddings.position_ids", "I64", 2, 1, 16, 8, 0);
        st_add(ts, &n, "cls.predictions.bias", "F32", 1, 20, 0, 4, 77);
        st_write(dir, ts, n, 0, 0, 0);
        st_free(ts, n);
        rc = load_dir(dir, &m2, &info2, 3, &rep, &e);
        CHECK(rc == PRUNE_OK && same_params(&m, &m2) && rep.unused == 2 && rep.loaded == 25 &&
              strstr(rep.unused_names, "embeddings.position_ids") && strstr(rep.unused_names, "cls.predictions.bias"),
              "LayerNorm.gamma/beta names load like weight/bias; unused tensors are counted, not errors: %d unused (%s) %s",
              rep.unused, rep.unused_names, rc ? e.msg : "");
        if (rc == PRUNE_OK) { prune_model_free(&m2); prune_hf_info_free(&info2); }

        /* no pooler: created from the seed, like BERT's init */
        snprintf(dir, sizeof dir, "%s/syn_nopool", test_tmpdir());
        n = syn_model(ts, 0, 1, 0);
        st_write(dir, ts, n, 0, 0, 0);
        st_free(ts, n);
        rc = load_dir(dir, &m2, &info2, 11, &rep, &e);
        if (rc == PRUNE_OK) {
            memset(&d, 0, sizeof d);
            d.config = m2.desc.config; d.max_batch = 1; d.max_len = 1; d.threads = 1;
            prune_model_create(&m3, &d, &e);
            prune_model_init_weights(&m3, 11, 0.02);
            CHECK(rep.fresh_pooler && !rep.fresh_classifier && rep.loaded == 23 && same_tensor(&m3, &m2, PRUNE_POOLW) &&
                      same_tensor(&m3, &m2, PRUNE_POOLB) && same_tensor(&m, &m2, PRUNE_CLSW),
                  "a checkpoint without pooler gets one from the seed and says so (fresh pooler %d, classifier %d)",
                  rep.fresh_pooler, rep.fresh_classifier);
            prune_model_free(&m3);
            prune_model_free(&m2);
            prune_hf_info_free(&info2);
        } else {
            CHECK(0, "a checkpoint without pooler loads: %s", e.msg);
        }

        /* F16 and BF16 special values, converted exactly */
        snprintf(dir, sizeof dir, "%s/syn_special", test_tmpdir());
        n = syn_model(ts, 1, 1, 0);
        {
            static const uint16_t h16[8] = {0x0001, 0x03FF, 0x0400, 0x7BFF, 0x7C00, 0xFC00, 0x7E01, 0x8000};
            static const uint16_t b16[8] = {0x0001, 0x007F, 0x0080, 0x7F7F, 0x7F80, 0xFF80, 0x7FC1, 0x8000};
            const float f16_want[8] = {5.9604644775390625e-8f, 6.0975551605224609e-5f, 6.103515625e-5f, 65504.0f, 0, 0, 0, 0};
            const uint32_t f16_bits[8] = {0, 0, 0, 0, 0x7F800000u, 0xFF800000u, 0x7FC02000u, 0x80000000u};
            st_t *a = st_find(ts, n, "embeddings.LayerNorm.bias"), *b = st_find(ts, n, "embeddings.LayerNorm.weight");
            int ok16 = 1, okb16 = 1, k;
            strcpy(a->dtype, "F16"); strcpy(b->dtype, "BF16");
            a->nbytes = b->nbytes = 16;
            for (k = 0; k < 8; k++) {
                a->data[2 * k] = (unsigned char)h16[k]; a->data[2 * k + 1] = (unsigned char)(h16[k] >> 8);
                b->data[2 * k] = (unsigned char)b16[k]; b->data[2 * k + 1] = (unsigned char)(b16[k] >> 8);
            }
            st_write(dir, ts, n, 0, 0, 0);
            rc = load_dir(dir, &m2, &info2, 3, &rep, &e);
            CHECK(rc == PRUNE_OK, "F16/BF16 special values load: %s", rc ? e.msg : "ok");
            if (rc == PRUNE_OK) {
                for (k = 0; k < 8; k++) {
                    float fa = (float)prune_tensor(&m2, m2.params, PRUNE_EMBLN_B)[k], fb = (float)prune_tensor(&m2, m2.params, PRUNE_EMBLN_W)[k];
                    uint32_t ba, bb;
                    memcpy(&ba, &fa, 4);
                    memcpy(&bb, &fb, 4);
                    if (k < 4 ? fa != f16_want[k] : ba != f16_bits[k]) ok16 = 0;
                    if (bb != (uint32_t)b16[k] << 16) okb16 = 0;
                }
                CHECK(ok16, "F16 -> float exact: smallest and largest subnormal, smallest normal, 65504, +-inf, NaN payload, -0");
                CHECK(okb16, "BF16 -> float exact: subnormals, smallest normal, largest finite, +-inf, NaN payload, -0");
                CHECK(rep.nonfinite == 6 && rep.n_f16 == 1 && rep.n_bf16 == 1 && rep.n_f32 == 23,
                      "report counts 6 non-finite values and the dtypes (F16 %d, BF16 %d, F32 %d)", rep.n_f16, rep.n_bf16, rep.n_f32);
                prune_model_free(&m2);
                prune_hf_info_free(&info2);
            }
        }
        st_free(ts, n);

        /* ---- 5. malformed safetensors: clean errors, model untouched ---- */
        snprintf(dir, sizeof dir, "%s/bad", test_tmpdir());
        n = syn_model(ts, 1, 1, 0);
        st_write(dir, ts, n, 0, 10, 0);
        expect_load_fail(dir, "a truncated file", PRUNE_EFORMAT, "past the end of the data", "truncated");
        st_write(dir, ts, n, 0, 0, 0);
        {
            size_t sz;
            unsigned char *all = test_get(test_path("bad/model.safetensors"), &sz);
            FILE *f = fopen(test_path("bad/model.safetensors"), "wb");
            fwrite(all, 1, 5, f);
            fclose(f);
            free(all);
        }
        expect_load_fail(dir, "a 5-byte file", PRUNE_EFORMAT, "8-byte header length", NULL);
        st_write(dir, ts, n, 1000000, 0, 0);
        expect_load_fail(dir, "a header length past the end of the file", PRUNE_EFORMAT, "header length", "past the end of the file");
        st_write(dir, ts, n, 1LL << 62, 0, 0);
        expect_load_fail(dir, "a header length of 2^62", PRUNE_EFORMAT, "header length", "past the end of the file");
        st_find(ts, n, "pooler.dense.bias")->shift = 1 << 20;
        st_write(dir, ts, n, 0, 0, 0);
        st_find(ts, n, "pooler.dense.bias")->shift = 0;
        expect_load_fail(dir, "offsets past the end of the data", PRUNE_EFORMAT, "pooler.dense.bias", "reach past the end of the data");
        st_find(ts, n, "pooler.dense.bias")->shift = -4;
        st_write(dir, ts, n, 0, 0, 0);
        st_find(ts, n, "pooler.dense.bias")->shift = 0;
        expect_load_fail(dir, "overlapping tensors", PRUNE_EFORMAT, "overlapping", NULL);
        st_write(dir, ts, n, 0, 0, 8);
        expect_load_fail(dir, "bytes no tensor owns", PRUNE_EFORMAT, "the tensors end at data byte", NULL);
        st_find(ts, n, "embeddings.LayerNorm.bias")->shape[0] = 9;
        st_write(dir, ts, n, 0, 0, 0);
        st_find(ts, n, "embeddings.LayerNorm.bias")->shape[0] = 8;
        expect_load_fail(dir, "a shape that does not match the byte count", PRUNE_EFORMAT, "9 elements = 36 bytes", "hold 32");
        st_find(ts, n, "embeddings.LayerNorm.bias")->shape[0] = 1LL << 40;
        st_find(ts, n, "embeddings.LayerNorm.bias")->ndim = 3;
        st_find(ts, n, "embeddings.LayerNorm.bias")->shape[1] = 1LL << 40;
        st_find(ts, n, "embeddings.LayerNorm.bias")->shape[2] = 1LL << 40;
        st_write(dir, ts, n, 0, 0, 0);
        st_find(ts, n, "embeddings.LayerNorm.bias")->shape[0] = 8;
        st_find(ts, n, "embeddings.LayerNorm.bias")->ndim = 1;
        expect_load_fail(dir, "a shape whose element count overflows", PRUNE_EFORMAT, "overflows 64 bits", NULL);
        strcpy(st_find(ts, n, "classifier.bias")->dtype, "F33");
        st_write(dir, ts, n, 0, 0, 0);
        strcpy(st_find(ts, n, "classifier.bias")->dtype, "F32");
        expect_load_fail(dir, "an unknown dtype", PRUNE_EFORMAT, "unknown dtype \"F33\"", "classifier.bias");
        strcpy(st_find(ts, n, "embeddings.word_embeddings.weight")->dtype, "I32");
        st_write(dir, ts, n, 0, 0, 0);
        strcpy(st_find(ts, n, "embeddings.word_embeddings.weight")->dtype, "F32");
        expect_load_fail(dir, "integer weights", PRUNE_EFORMAT, "is I32", "only F32, F16, BF16 and F64");
        {
            st_t *t = st_find(ts, n, "encoder.layer.0.intermediate.dense.weight");
            t->shape[0] = 8; t->shape[1] = 12;   /* transposed: same bytes, wrong shape */
            st_write(dir, ts, n, 0, 0, 0);
            t->shape[0] = 12; t->shape[1] = 8;
        }
        expect_load_fail(dir, "a mis-shaped tensor", PRUNE_EFORMAT, "encoder.layer.0.intermediate.dense.weight has shape [8, 12]",
                         "the model needs [12, 8]");
        st_find(ts, n, "encoder.layer.0.output.dense.bias")->skip = 1;
        st_write(dir, ts, n, 0, 0, 0);
        st_find(ts, n, "encoder.layer.0.output.dense.bias")->skip = 0;
        expect_load_fail(dir, "a missing required tensor", PRUNE_EFORMAT, "missing tensor encoder.layer.0.output.dense.bias", "shape [8]");
        {
            st_t *t = st_find(ts, n, "classifier.bias");
            snprintf(t->name, sizeof t->name, "classifier.bias_renamed");
            st_write(dir, ts, n, 0, 0, 0);
            snprintf(t->name, sizeof t->name, "classifier.bias");
        }
        expect_load_fail(dir, "half a classifier", PRUNE_EFORMAT, "missing tensor classifier.bias", NULL);
        st_free(ts, n);

        /* a failed load changes nothing */
        hash = prune_params_hash(&m);
        rc = prune_hf_load_weights(&m, test_path("bad/model.safetensors"), &info, 3, &rep, &e);
        CHECK(rc == PRUNE_EFORMAT && prune_params_hash(&m) == hash && rep.loaded == 0,
              "a failed load leaves the model's parameters untouched");
        rc = prune_hf_load_weights(&m, test_path("no/such/file"), &info, 3, &rep, &e);
        CHECK(rc == PRUNE_EIO && strstr(e.msg, "no/such/file"), "a missing file: %s", e.msg);
        prune_model_free(&m);
        prune_hf_info_free(&info);
    }

    /* ---- 6. config.json: strict JSON, with line and column ---- */
    {
        size_t depth = 10000, k;
        char *deep = (char *)malloc(2 * depth + 64);
        strcpy(deep, "{\"model_type\": \"bert\", \"x\": ");
        k = strlen(deep);
        for (i = 0; i < (int)depth; i++) deep[k++] = '[';
        for (i = 0; i < (int)depth; i++) deep[k++] = ']';
        deep[k++] = '}';
        deep[k] = 0;
        expect_config_fail(deep, "JSON nested 10,000 deep", "nested deeper than 64 levels", "line 1, column 92");
        free(deep);
    }
    expect_config_fail("{\"model_type\": \"bert\"}\n xyz\n", "JSON with trailing garbage", "unexpected text after the end", "line 2, column 2");
    expect_config_fail("{\"model_type\": \"gpt2\"}", "an unknown model_type", "model_type \"gpt2\" is not supported", "line 1, column 16");
    expect_config_fail("{\n  \"model_type\": \"bert\",\n  \"hidden_act\": \"relu\"\n}", "hidden_act relu", "hidden_act \"relu\" is not supported",
                       "line 3, column 17");
    expect_config_fail("{\"model_type\": \"bert\", \"position_embedding_type\": \"relative_key\"}", "relative positions",
                       "position_embedding_type \"relative_key\" is not supported", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"problem_type\": \"multi_label_classification\"}", "multi-label problems",
                       "single-label", NULL);
    expect_config_fail("{\"model_type\": \"bert\",\n}", "a trailing comma", "trailing commas are not JSON", "line 2, column 1");
    expect_config_fail("{\"model_type\": \"bert\", \"model_type\": \"bert\"}", "a duplicate key", "appears twice", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"layer_norm_eps\": NaN}", "NaN", "NaN and Infinity are not JSON", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"hidden_size\": 32.0}", "a fractional size", "hidden_size must be an integer", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"hidden_size\": 30, \"num_attention_heads\": 4}", "hidden not divisible by heads",
                       "not a multiple of heads", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"id2label\": {\"0\": \"\\ud800\", \"1\": \"b\"}}", "a lone surrogate",
                       "high surrogate not followed by a low surrogate", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"id2label\": {\"0\": \"a\xff\", \"1\": \"b\"}}", "invalid UTF-8", "invalid UTF-8", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"id2label\": {\"0\": \"a\nb\", \"1\": \"b\"}}", "a raw newline in a string",
                       "raw control character", "line 1, column 44");
    expect_config_fail("{\"model_type\": \"bert\", \"id2label\": {\"0\": \"a\", \"2\": \"b\"}}", "id2label with a gap", "not a label id", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"num_labels\": 3, \"id2label\": {\"0\": \"a\", \"1\": \"b\"}}", "num_labels against id2label",
                       "disagrees", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"hidden_size\": 01}", "a leading zero", "leading zero", NULL);
    expect_config_fail("", "an empty file", "empty document", NULL);
    expect_config_fail("[1, 2]", "a config that is not an object", "must be a JSON object", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"s\": \"\\q\"}", "an unknown escape", "unknown escape", NULL);
    expect_config_fail("{\"model_type\": \"bert\", \"s\": \"abc", "an unterminated string", "never closed", NULL);

    /* escapes and surrogate pairs decode to UTF-8; label names survive a save */
    test_puts(test_path("labels.json"),
               "{\"model_type\": \"roberta\", \"vocab_size\": 20, \"hidden_size\": 8, \"num_hidden_layers\": 1,"
               " \"num_attention_heads\": 2, \"intermediate_size\": 12, \"max_position_embeddings\": 18,"
               " \"type_vocab_size\": 1, \"pad_token_id\": 1, \"classifier_dropout\": 0.25, \"layer_norm_eps\": 1e-05,"
               " \"id2label\": {\"2\": \"tab\\there \\\"q\\\" \\\\\", \"0\": \"caf\\u00e9\", \"1\": \"\\ud83d\\ude00 smile\", \"3\": \"caf\\u00e9\"}}");
    rc = prune_hf_read_config(test_path("labels.json"), &cfg, &info, &e);
    CHECK(rc == PRUNE_OK && info.num_labels == 4 && cfg.labels == 4 && strcmp(info.label_names[0], "caf\xc3\xa9") == 0 &&
              strcmp(info.label_names[1], "\xf0\x9f\x98\x80 smile") == 0 && strcmp(info.label_names[2], "tab\there \"q\" \\") == 0 &&
              cfg.pos_offset == 2 && cfg.classifier_dropout == (double)0.25 && cfg.ln_eps == (double)1e-5 && info.bos_token_id == 0 && info.eos_token_id == 2,
          "\\u escapes and surrogate pairs decode to UTF-8; RoBERTa defaults and pos_offset = pad + 1: %s", rc ? e.msg : "ok");
    if (rc == PRUNE_OK) {
        memset(&d, 0, sizeof d);
        d.config = cfg; d.max_batch = 1; d.max_len = 4; d.threads = 1;
        rc = prune_model_create(&m, &d, &e);
        prune_model_init_weights(&m, 4, 0.5);
        /* the file holds F32: with PRUNE_DOUBLE only float values come back exactly */
        for (i = 0; i < (int)m.nparams; i++) m.params[i] = (prune_float)(float)m.params[i];
        snprintf(dir, sizeof dir, "%s/saved_labels", test_tmpdir());
        rc = rc ? rc : prune_hf_save(&m, dir, &info, &e);
        CHECK(rc == PRUNE_OK, "a RoBERTa with odd label names saves: %s", rc ? e.msg : "ok");
        rc = rc ? rc : load_dir(dir, &m2, &info2, 1, &rep, &e);
        CHECK(rc == PRUNE_OK && same_params(&m, &m2) && same_config(&m.desc.config, &m2.desc.config) && info2.num_labels == 4 &&
                  strcmp(info2.label_names[0], info.label_names[0]) == 0 && strcmp(info2.label_names[1], info.label_names[1]) == 0 &&
                  strcmp(info2.label_names[2], info.label_names[2]) == 0 && strcmp(info2.label_names[3], info.label_names[3]) == 0,
              "...and reload with the same names (escaped), the same label2id-safe JSON and the same parameters: %s", rc ? e.msg : "ok");
        if (rc == PRUNE_OK) { prune_model_free(&m2); prune_hf_info_free(&info2); }
        prune_model_free(&m);
        prune_hf_info_free(&info);
    }

    test_roberta_pairs();
    fixture_free(&fx);
    test_rm_tree(test_tmpdir());
    return TEST_END();
}
