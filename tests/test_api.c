/* tests/test_api.c - the contract around the maths: defaults, known answers for the
   schedule, clear errors for bad input (naming the example and position), refusing
   a non-finite step without touching the weights, eval on an inference-only model
   equal to eval on a training model, and padding that changes nothing. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include "test.h"
#include <sys/wait.h>
#include <unistd.h>

static prune_model_desc small_desc(int training) {
    prune_model_desc d;
    memset(&d, 0, sizeof d);
    d.config = prune_config_defaults();
    d.config.vocab_size = 50; d.config.hidden = 16; d.config.heads = 4; d.config.layers = 3;
    d.config.ffn = 24; d.config.max_pos = 20; d.config.labels = 3;
    d.max_batch = 4; d.max_len = 20; d.training = training; d.threads = 2; d.seed = 9;
    return d;
}

/* Misuse that used to crash (the hostile test, issue 14 item 10): each call runs in a
   forked child, so a crash is a failed check, not a dead test binary. The child
   exits 0 when the call returned the error `want`, 1 when it returned anything else. */
static int misuse_case(int k, int *want) {
    prune_model_desc d = small_desc(1);
    prune_model m, zero;
    prune_optim o = prune_optim_defaults();
    prune_batch b;
    prune_finetune_desc fd;
    prune_dataset ds;
    prune_error err;
    int32_t ids[2] = {1, 2}, lens[1] = {2}, labels[1] = {0};
    int64_t order[1] = {0};
    memset(&zero, 0, sizeof zero);
    memset(&b, 0, sizeof b);
    memset(&fd, 0, sizeof fd);
    memset(&ds, 0, sizeof ds);
    b.B = 1; b.T = 2; b.ids = ids; b.lens = lens; b.labels = labels;
    *want = PRUNE_EARG;
    switch (k) {
    case 0: return prune_train_step(NULL, &b, &o, NULL, &err);
    case 1:
        if (prune_model_create(&m, &d, &err) != PRUNE_OK) return 99;
        return prune_train_step(&m, &b, NULL, NULL, &err);
    case 2:
        if (prune_model_create(&m, &d, &err) != PRUNE_OK) return 99;
        return prune_finetune(&m, &fd, &err);                /* d.train NULL */
    case 3: return prune_tensor_find(NULL) == -1 ? PRUNE_EARG : 0;
    case 4: *want = PRUNE_ESTATE; return prune_forward(&zero, &b, 0, &err);   /* a zeroed model */
    case 5: *want = PRUNE_ESTATE; return prune_backward(&zero, &err);
    case 6: ds.n = 1; return prune_order(&ds, 99, 1, 1, 8, order, &err);     /* an unknown kind */
    case 7:
        if (prune_model_create(&m, &d, &err) != PRUNE_OK) return 99;
        fd.train = &ds; fd.epochs = -1;
        return prune_finetune(&m, &fd, &err);
    case 8: return prune_finetune(NULL, &fd, &err);
    case 9: *want = PRUNE_ESTATE; return prune_evaluate(&zero, NULL, NULL, NULL, NULL, &err);
    case 10: return prune_dataset_load(&ds, NULL, &err);              /* NULL paths: every reader */
    case 11: return prune_dataset_read_text(&ds, NULL, &err);
    case 12: { prune_scores sc; return prune_scores_load(&sc, NULL, &err); }
    case 13: { prune_tokenizer tk; return prune_tokenizer_load(&tk, NULL, 1, &err); }
    case 14: { prune_labels l; return prune_labels_read(&l, NULL, &err); }
    case 15: return prune_hf_read_config(NULL, NULL, NULL, &err);
    case 16:
        if (prune_model_create(&m, &d, &err) != PRUNE_OK) return 99;
        { prune_progress pg; return prune_state_load(&m, &pg, NULL, &err); }
    case 17: return prune_tsv_tokenize(NULL, NULL, NULL, &ds, NULL, &err);
    case 18: { prune_scores sc; const char *paths[1] = {NULL}; return prune_scores_merge(&sc, paths, 1, &err); }
    case 19: return prune_dataset_check(NULL, 10, 2, &err);           /* NULL objects */
    case 20: return prune_batcher_init(NULL, 1, 8, 1, 2, 0, &err);
    case 21: { size_t n; return prune_tokenize(NULL, "a", 1, ids, 2, &n, &err); }
    case 22: return prune_scores_save(NULL, "/nonexistent/x.scores", &err);
    case 23: return prune_subset_parse("0,1", 6, NULL, &err);
    case 24: { int64_t out[1]; return prune_baseline(NULL, PRUNE_BASELINE_RANDOM, 1, 1, out, &err); }
    case 25: return prune_config_resolve(NULL, &err);
    case 26: return prune_model_create(&m, NULL, &err);
    case 27: { prune_epoch_health h; return prune_epoch_health_compute(NULL, 0, 0, NULL, 0, &h, &err); }
    case 28: return prune_scores_init(NULL, 1, 1, 1, 1, &err);
    case 30: return prune_model_create(NULL, &d, &err);
    case 31: { prune_tokenizer tk; (void)tk; return prune_tokenizer_load(NULL, "tests/fixtures/tokenizer/vocab.txt", 1, &err); }
    case 32: return prune_dataset_read_text(NULL, "/nonexistent/x", &err);
    case 33: return prune_labels_write(NULL, "/nonexistent/x.labels", &err);
    case 34: return prune_tsv_tokenize("/nonexistent/x.tsv", NULL, NULL, &ds, NULL, &err);
    case 35: { prune_progress pg; memset(&pg, 0, sizeof pg); return prune_state_save(NULL, &pg, "/nonexistent/x.state", &err); }
    case 36: return prune_hf_load_weights(NULL, "/nonexistent/x", NULL, 1, NULL, &err);
    case 37: return prune_hf_save(NULL, "/nonexistent/x", NULL, &err);
    case 38: return prune_scores_load(NULL, "/nonexistent/x", &err);
    case 39: { const char *paths[1] = {"/nonexistent/x"}; return prune_scores_merge(NULL, paths, 1, &err); }
    case 40: return prune_scores_export_tsv(NULL, NULL, "/nonexistent/x.tsv", &err);
    case 41: { const prune_batch *bb; return prune_batcher_fill(NULL, &ds, order, 1, &bb, &err); }
    case 42: { size_t n; prune_tokenizer tk; memset(&tk, 0, sizeof tk); return prune_tokenize(&tk, NULL, 1, ids, 2, &n, &err); }
    case 43: return prune_dataset_save(NULL, "/nonexistent/x.bin", &err);
    case 44: return prune_dataset_open(NULL, NULL, &err);
    case 45: return prune_dataset_write_text(NULL, "/nonexistent/x.txt", &err);
    case 46: return prune_file_open(NULL, "/nonexistent/x", &err);
    case 47: { prune_file f; return prune_file_open(&f, NULL, &err); }
    case 48: return prune_file_commit(NULL, &err);
    case 49: { int32_t h[1]; return prune_hscores_relative(NULL, NULL, 2, h, &err); }
    case 50: { prune_epoch_health h; return prune_scores_health(NULL, NULL, 2, &h, NULL, &err); }
    case 51: { char big[2000]; prune_file f; memset(big, 'a', sizeof big - 1); big[sizeof big - 1] = 0; return prune_file_open(&f, big, &err); }
    case 52: { prune_scores sc; memset(&sc, 0, sizeof sc); return prune_scores_init(&sc, 0, 3, 6, 10, &err); }   /* 0 runs */
    case 53: { prune_batcher bt; return prune_batcher_init(&bt, 0, 8, 1, 2, 0, &err); }                        /* batch 0 */
    case 54: *want = PRUNE_ESTATE; return prune_predict(&zero, NULL, NULL, NULL, NULL, NULL, &err);
    case 55: return prune_hf_set_head(NULL, PRUNE_HEAD_SPAN, &err);
    case 56: { prune_hf_info h = prune_hf_info_defaults(PRUNE_HF_BERT); return prune_hf_set_head(&h, 7, &err); }   /* no such head */
    case 57: { prune_config c = prune_config_defaults(); c.head = 9; return prune_config_resolve(&c, &err); }
    case 59: return prune_scores_group(NULL, NULL, &err);
    case 60: { int64_t on = 0; return prune_baseline_groups(NULL, 0, 1, 1, NULL, order, &on, &err); }
    case 61: return prune_race_tokenize(NULL, NULL, NULL, NULL, &err);
    case 62: { prune_squad sq; return prune_squad_load(NULL, &sq, &err); }
    case 63: return prune_squad_features_make(NULL, 0, 1, NULL, 32, 8, 0, NULL, NULL, &err);
    case 64: return prune_squad_postprocess(NULL, NULL, NULL, NULL, NULL, 20, 30, 0, NULL, &err);
    case 65: return prune_squad_score(NULL, NULL, NULL, NULL, NULL, &err);
    case 66: { size_t nn; uint32_t offs[4]; return prune_tokenize_offsets(NULL, "a", 1, ids, offs, 2, &nn, &err); }
    case 67: { double x; return prune_squad_score_one("a", "a", &x, NULL); }
    case 58:   /* a multiple-choice batch that is no whole number of questions */
        d.config.head = PRUNE_HEAD_CHOICE; d.config.labels = 0; d.max_batch = 3;
        if (prune_model_create(&m, &d, &err) != PRUNE_OK) return 99;
        b.B = 3; b.choices = 2; b.labels = labels;
        return prune_forward(&m, &b, 0, &err);
    case 29:   /* the void ones take NULL and do nothing */
        prune_model_free(NULL); prune_dataset_free(NULL); prune_batcher_free(NULL); prune_tokenizer_free(NULL); prune_labels_free(NULL);
        prune_scores_free(NULL); prune_hf_info_free(NULL); prune_squad_free(NULL); prune_squad_features_free(NULL);
        prune_squad_answers_free(NULL); prune_texts_free(NULL); prune_zero_grad(NULL); prune_hscores(NULL, NULL);
        prune_histogram(NULL, 1, 1, NULL); prune_class_counts(NULL, NULL, 1, 1, NULL); prune_mean_std(NULL, 1, NULL, NULL);
        prune_subset_name(1, NULL, 8); prune_metrics_compute(NULL, NULL, 1, 2, NULL); prune_model_init_weights(NULL, 1, 0.02);
        prune_model_init_head(NULL, 1, 0.02, 1); prune_adamw_update(NULL, &o, 1);
        return prune_params_hash(NULL) == 0 && prune_grad_norm(NULL) == 0 && prune_dataset_hash(NULL) == 0 && prune_lr_at(NULL, 1) == 0 &&
               prune_subset_select(NULL, 1, 1, NULL) == 0 && prune_example_tokens(NULL, 0, 8) == 0 && prune_tokenizer_id(NULL, "a") < 0 &&
               prune_tokenizer_token(NULL, 0) == NULL && prune_tensor(NULL, NULL, 0) == NULL &&
               (prune_file_abort(NULL), 1) && (prune_histogram_by_class(NULL, NULL, 1, 1, 1, NULL), 1) &&
               strcmp(prune_baseline_name(-1), "?") == 0 && strcmp(prune_status_name(12345), "unknown status") == 0 &&
               prune_gemm_kernel("no-such-kernel") == NULL && prune_hash(7, NULL, 0) == 7 &&
               prune_phase1_fingerprint(NULL, 0, 0, 1, NULL, NULL) == 0 && prune_scores_mismatch(NULL, NULL) != NULL &&
               prune_subset_family(6, NULL, 5) == 0 && prune_subset_family(0, NULL, 0) == 0 &&
               prune_hf_info_defaults(-7).model_type == PRUNE_HF_BERT ? PRUNE_EARG : 0;
    default: return -100;
    }
}

static void test_misuse(void) {
    static const char *const what[] = {"train_step with a NULL model", "train_step with a NULL optimiser", "finetune with a NULL training set",
                                       "tensor_find(NULL)", "forward on a zeroed model", "backward on a zeroed model",
                                       "order of an unknown kind", "finetune with epochs -1", "finetune with a NULL model",
                                       "evaluate on a zeroed model", "dataset_load(NULL path)", "dataset_read_text(NULL path)",
                                       "scores_load(NULL path)", "tokenizer_load(NULL path)", "labels_read(NULL path)",
                                       "hf_read_config(NULL path)", "state_load(NULL path)", "tsv_tokenize(NULL path)",
                                       "scores_merge of a NULL path", "dataset_check(NULL)", "batcher_init(NULL)", "tokenize(NULL tokenizer)",
                                       "scores_save(NULL)", "subset_parse into NULL", "baseline of NULL scores", "config_resolve(NULL)",
                                       "model_create(NULL desc)", "epoch_health_compute(NULL)", "scores_init(NULL)",
                                       "every void function, and every value-returning one, given NULL", "model_create(NULL model)",
                                       "tokenizer_load(NULL)", "dataset_read_text(NULL)", "labels_write(NULL)", "tsv_tokenize(NULL tokenizer)",
                                       "state_save(NULL model)", "hf_load_weights(NULL model)", "hf_save(NULL model)", "scores_load(NULL)",
                                       "scores_merge(NULL out)", "scores_export_tsv(NULL)", "batcher_fill(NULL batcher)",
                                       "tokenize(NULL text)", "dataset_save(NULL)", "dataset_open(NULL)", "dataset_write_text(NULL)",
                                       "file_open(NULL file)", "file_open(NULL path)", "file_commit(NULL)", "hscores_relative(NULL)",
                                       "scores_health(NULL)", "file_open of a path too long", "scores_init with 0 runs",
                                       "batcher_init with batch 0", "predict on a zeroed model", "hf_set_head(NULL)",
                                       "hf_set_head to an unknown head", "config with an unknown head",
                                       "a multiple-choice batch of 3 sequences in questions of 2 options", "scores_group(NULL)",
                                       "baseline_groups(NULL)", "race_tokenize(NULL)", "squad_load(NULL path)", "squad_features_make(NULL)",
                                       "squad_postprocess(NULL)", "squad_score(NULL)", "tokenize_offsets(NULL tokenizer)",
                                       "squad_score_one(NULL f1)"};
    int k;
    for (k = 0; k < (int)(sizeof what / sizeof *what); k++) {
        int status = 0;
        pid_t pid;
        fflush(stdout);
        if ((pid = fork()) == 0) {
            int want, rc = misuse_case(k, &want);
            _exit(rc == want ? 0 : 1);
        }
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: an error status, not a crash (%s %d)", what[k],
              WIFSIGNALED(status) ? "signal" : "exit", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    }
}

int main(void) {
    prune_config c;
    prune_model m, mi;
    prune_model_desc d;
    prune_optim o = prune_optim_defaults();
    prune_error err;
    prune_batch b;
    int32_t ids[4 * 20], types[4 * 20], lens[4] = {9, 5, 7, 3}, labels[4] = {0, 1, 2, 1};
    prune_float logits[12];
    int i, rc, same;
    uint64_t h;

    /* ---- configuration ---- */
    memset(&c, 0, sizeof c);
    rc = prune_config_resolve(&c, &err);
    CHECK(rc == PRUNE_OK && c.hidden == 768 && c.layers == 12 && c.ffn == 3072 && c.vocab_size == 30522 &&
          c.ln_eps == (double)1e-12 && c.hidden_dropout == 0, "a zeroed config resolves to BERT-base sizes with no dropout");
    c = prune_config_defaults();
    rc = prune_config_resolve(&c, &err);
    CHECK(rc == PRUNE_OK && c.hidden_dropout == (double)0.1 && c.classifier_dropout == (double)0.1, "defaults: dropout 0.1, classifier dropout follows hidden");
    c.hidden = 30; c.heads = 4;
    rc = prune_config_resolve(&c, &err);
    CHECK(rc == PRUNE_EARG && strstr(err.msg, "not a multiple of heads"), "hidden not divisible by heads is refused: %s", err.msg);
    c = prune_config_defaults(); c.hidden_dropout = 1.0;
    CHECK(prune_config_resolve(&c, &err) == PRUNE_EARG, "dropout 1.0 is refused: %s", err.msg);
    d = small_desc(1);
    d.config.vocab_size = 1 << 26; d.config.hidden = 1 << 20; d.config.heads = 1;
    rc = prune_model_create(&m, &d, &err);
    CHECK(rc == PRUNE_ENOMEM || rc == PRUNE_EARG, "an impossible model fails cleanly: %s", err.msg);
    d = small_desc(1); d.max_len = 21;
    CHECK(prune_model_create(&m, &d, &err) == PRUNE_EARG && strstr(err.msg, "max_len"), "max_len past the position table: %s", err.msg);

    /* ---- RoBERTa's head: dropout on the [CLS] vector too, in train mode only ---- */
    {
        prune_model a, r;
        prune_model_desc da = small_desc(1), dr = small_desc(1);
        int32_t hid[2 * 6] = {1, 5, 6, 7, 2, 0, 1, 8, 9, 2, 0, 0}, hlen[2] = {5, 4}, hlab[2] = {0, 2};
        prune_batch hb;
        double la, lr, ea, er;
        da.config.classifier_dropout = dr.config.classifier_dropout = 0.5;
        dr.config.head_dropout_in = 1;
        rc = prune_model_create(&a, &da, &err);
        rc = rc ? rc : prune_model_create(&r, &dr, &err);
        CHECK(rc == PRUNE_OK, "two models, with and without RoBERTa's head dropout (%s)", rc ? err.msg : "ok");
        if (rc == PRUNE_OK) {
            prune_model_init_weights(&a, 4, 0.2);
            prune_model_init_weights(&r, 4, 0.2);
            hb.B = 2; hb.T = 6; hb.ids = hid; hb.types = NULL; hb.lens = hlen; hb.labels = hlab;
            prune_forward(&a, &hb, 1, &err); la = a.loss;
            prune_forward(&r, &hb, 1, &err); lr = r.loss;
            prune_forward(&a, &hb, 0, &err); ea = a.loss;
            prune_forward(&r, &hb, 0, &err); er = r.loss;
            CHECK(la != lr && ea == er, "head_dropout_in changes training (%.6f vs %.6f) and not evaluation (%.6f = %.6f)", la, lr, ea, er);
            prune_model_free(&a);
            prune_model_free(&r);
        }
    }

    /* ---- schedule: transformers' get_linear_schedule_with_warmup ---- */
    o.lr = 1; o.warmup_steps = 10; o.total_steps = 110;
    CHECK(prune_lr_at(&o, 0) == 0 && prune_lr_at(&o, 5) == (double)0.5 && prune_lr_at(&o, 10) == 1 &&
          prune_lr_at(&o, 60) == (double)0.5 && prune_lr_at(&o, 110) == 0 && prune_lr_at(&o, 200) == 0,
          "learning-rate schedule: 0, 0.5, 1, 0.5, 0, 0 at steps 0, 5, 10, 60, 110, 200");
    o = prune_optim_defaults();
    CHECK(o.lr == (double)2e-5 && o.beta1 == (double)0.9 && o.beta2 == (double)0.999 && o.eps == (double)1e-8 && o.clip_norm == (double)1.0, "optimiser defaults");
    CHECK(prune_tensor_find("qkvw") == PRUNE_QKVW && prune_tensor_find("nope") == -1, "tensor names");

    /* ---- a model, and bad batches ---- */
    d = small_desc(1);
    rc = prune_model_create(&m, &d, &err);
    CHECK(rc == PRUNE_OK, "create (%s)", rc ? err.msg : "ok");
    if (rc) return 1;
    prune_model_init_weights(&m, 4, 0);
    {   /* BERT init: N(0, 0.02²) on matrices, LayerNorm weights 1, biases 0 */
        double s = 0, s2 = 0;
        size_t n = m.tensors[PRUNE_QKVW].size, k;
        for (k = 0; k < n; k++) { double v = prune_tensor(&m, m.params, PRUNE_QKVW)[k]; s += v; s2 += v * v; }
        CHECK(fabs(s / n) < 0.002 && fabs(sqrt(s2 / n) - 0.02) < 0.002 && prune_tensor(&m, m.params, PRUNE_LN1W)[0] == 1 &&
              prune_tensor(&m, m.params, PRUNE_QKVB)[0] == 0, "init: mean %.5f std %.5f", s / n, sqrt(s2 / n));
    }
    for (i = 0; i < 80; i++) { ids[i] = (i * 7) % 50; types[i] = (i % 20) >= 4; }
    b.B = 4; b.T = 10; b.ids = ids; b.types = types; b.lens = lens; b.labels = labels;
    rc = prune_backward(&m, &err);
    CHECK(rc == PRUNE_ESTATE, "backward before any forward is refused: %s", err.msg);
    ids[1 * 10 + 2] = 50;
    rc = prune_forward(&m, &b, 0, &err);
    CHECK(rc == PRUNE_EARG && strstr(err.msg, "example 1 position 2") && strstr(err.msg, "token id 50"), "bad token id: %s", err.msg);
    ids[1 * 10 + 2] = 3;
    labels[3] = 3;
    rc = prune_forward(&m, &b, 0, &err);
    CHECK(rc == PRUNE_EARG && strstr(err.msg, "example 3") && strstr(err.msg, "label 3"), "bad label: %s", err.msg);
    labels[3] = 1;
    lens[2] = 11;
    rc = prune_forward(&m, &b, 0, &err);
    CHECK(rc == PRUNE_EARG && strstr(err.msg, "example 2 has length 11"), "length past T: %s", err.msg);
    lens[2] = 7;
    b.T = 21;
    CHECK(prune_forward(&m, &b, 0, &err) == PRUNE_EARG, "T past max_len: %s", err.msg);
    b.T = 10; b.B = 5;
    CHECK(prune_forward(&m, &b, 0, &err) == PRUNE_EARG, "B past max_batch: %s", err.msg);
    b.B = 4;

    /* ---- padding changes nothing: ids past each length, and more of it ---- */
    CHECK(prune_forward(&m, &b, 0, &err) == PRUNE_OK, "eval forward");
    memcpy(logits, m.logits, sizeof logits);
    {
        int32_t ids2[4 * 20], types2[4 * 20];
        prune_batch b2 = b;
        int bb, t;
        for (bb = 0; bb < 4; bb++)
            for (t = 0; t < 20; t++) {
                ids2[bb * 20 + t] = t < lens[bb] ? ids[bb * 10 + t] : (bb + t) % 50;
                types2[bb * 20 + t] = t < lens[bb] ? types[bb * 10 + t] : 1;
            }
        b2.T = 20; b2.ids = ids2; b2.types = types2;
        rc = prune_forward(&m, &b2, 0, &err);
#ifdef PRUNE_USE_CBLAS
        {   /* OpenBLAS picks its kernels by shape (on AVX2 machines a 40-row product and an
               80-row one round differently): the same logits to 1e-5, not to the bit */
            double worst = 0;
            int k;
            for (k = 0; k < (int)(sizeof logits / sizeof logits[0]); k++)
                worst = fmax(worst, fabs((double)logits[k] - (double)m.logits[k]) / fmax(0.1, fabs((double)logits[k])));
            CHECK(rc == PRUNE_OK && worst <= 1e-5, "padding to 20 with other ids and types gives the same logits (OpenBLAS: within %.1e)", worst);
        }
#else
        CHECK(rc == PRUNE_OK && memcmp(logits, m.logits, sizeof logits) == 0,
              "padding to 20 with other ids and types gives the same logits, bit for bit");
#endif
    }

    /* ---- an inference-only model computes what a training model does ---- */
    d = small_desc(0);
    rc = prune_model_create(&mi, &d, &err);
    CHECK(rc == PRUNE_OK && mi.grads == NULL && mi.arena_size < m.arena_size,
          "inference-only model: no gradients, smaller arena (%lu vs %lu floats)", (unsigned long)mi.arena_size, (unsigned long)m.arena_size);
    memcpy(mi.params, m.params, m.nparams * sizeof(prune_float));
    rc = prune_forward(&mi, &b, 0, &err);
    CHECK(rc == PRUNE_OK && memcmp(logits, mi.logits, sizeof logits) == 0, "inference-only logits equal the training model's, bit for bit");
    CHECK(prune_backward(&mi, &err) == PRUNE_ESTATE, "backward on an inference-only model is refused: %s", err.msg);
    prune_model_free(&mi);

    /* ---- dropout: a function of (seed, step), on only in train mode ---- */
    prune_forward(&m, &b, 1, &err);
    memcpy(logits, m.logits, sizeof logits);
    prune_forward(&m, &b, 1, &err);
    same = memcmp(logits, m.logits, sizeof logits) == 0;
    m.step++;
    prune_forward(&m, &b, 1, &err);
    CHECK(same && memcmp(logits, m.logits, sizeof logits) != 0, "train-mode dropout: same step same masks, next step new masks");
    m.step--;

    /* ---- a non-finite step is refused and the weights are kept ---- */
    prune_tensor(&m, m.params, PRUNE_FCW)[5] = (prune_float)NAN;
    h = prune_params_hash(&m);
    rc = prune_train_step(&m, &b, &o, NULL, &err);
    CHECK(rc == PRUNE_ESTATE && strstr(err.msg, "not finite") && prune_params_hash(&m) == h && m.step == 0,
          "NaN weights: the step is refused, nothing changes: %s", err.msg);
    prune_tensor(&m, m.params, PRUNE_FCW)[5] = 0;
    rc = prune_train_step(&m, &b, &o, NULL, &err);
    CHECK(rc == PRUNE_OK && m.step == 1, "the next good step runs");
    prune_model_free(&m);
    test_misuse();
    return TEST_END();
}
