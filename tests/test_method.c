/* tests/test_method.c - the method's arithmetic on hand-made score tables, with
   answers worked out by hand: H-scores, the histogram, the subset family for any R,
   parsing, every baseline, the metrics (against values scikit-learn gives), the
   score file format (a torn last block is an unfinished epoch, a corrupt middle is
   an error), merge refusing every inconsistent mix, and a phase-1 run killed
   mid-epoch (a forked child that _exits) resuming to byte-identical score files. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#define TEST_FILES
#include "test.h"
#include "../examples/toytask.h"
#include <sys/wait.h>

/* scores with runs x epochs x n from a string of '0'/'1' per (run, epoch) row */
static void fill(prune_scores *s, const char *const *rows) {
    int r, e;
    int64_t i;
    for (r = 0; r < s->runs; r++) {
        s->run_ids[r] = r;
        s->done[r] = s->epochs;
        for (e = 0; e < s->epochs; e++)
            for (i = 0; i < s->n; i++) s->correct[((size_t)r * s->epochs + e) * s->n + i] = rows[r * s->epochs + e][i] == '1';
    }
}

static int same_i64(const int64_t *a, const int64_t *b, int64_t n) { return memcmp(a, b, sizeof(int64_t) * (size_t)n) == 0; }

/* ---- a tiny phase 1 for the resume test ---- */
static prune_dataset toy;
static void make_toy(void) {
    uint64_t r = 5;
    int32_t ids[12];
    int64_t i;
    int t;
    char *text = (char *)malloc(200 * 64), *p = text;
    for (i = 0; i < 200; i++) {
        int32_t y = toy_example(&r, ids, 12, 17);
        p += sprintf(p, "%d\t", y);
        for (t = 1; t < 12; t++) p += sprintf(p, t > 1 ? " %d" : "%d", ids[t]);
        *p++ = '\n';
    }
    test_put(test_path("toy.tsv"), text, (size_t)(p - text));
    free(text);
    if (prune_dataset_read_text(&toy, test_path("toy.tsv"), NULL) != PRUNE_OK) exit(2);
}

static prune_model toy_model(void) {
    prune_model m;
    prune_model_desc d;
    memset(&d, 0, sizeof d);
    d.config.vocab_size = 20; d.config.hidden = 16; d.config.heads = 2; d.config.layers = 1; d.config.ffn = 32;
    d.config.max_pos = 16; d.config.labels = 2; d.config.hidden_dropout = 0.1;
    d.max_batch = 16; d.max_len = 16; d.training = 1; d.threads = 2; d.seed = 3;
    if (prune_model_create(&m, &d, NULL) != PRUNE_OK) exit(2);
    prune_model_init_weights(&m, 3, 0.1);
    return m;
}

static void die_in_epoch_2(void *user, const prune_progress_info *p) {
    (void)user;
    if (p->epoch == 1 && p->step == p->steps / 3 + 5) _exit(0);   /* like SIGKILL: no cleanup */
}

static int phase1(const char *dir, int crash, prune_error *err) {
    prune_model m = toy_model();
    prune_scores rec;
    prune_finetune_desc d;
    char sp[600], st[600];
    int rc;
    snprintf(sp, sizeof sp, "%s/run-1.scores", dir);
    snprintf(st, sizeof st, "%s/run-1.state", dir);
    prune_scores_init(&rec, 1, 3, 6, toy.n, NULL);
    rec.config_hash = 0xC0FFEE;
    memset(&d, 0, sizeof d);
    d.train = &toy; d.epochs = 3; d.batch = 16; d.max_len = 16; d.seed = 11; d.run = 1;
    d.optim = prune_optim_defaults(); d.optim.lr = 1e-3; d.warmup_ratio = 0.1;
    d.cls_id = 0; d.sep_id = 18; d.pad_id = 19;
    d.records = &rec; d.scores_path = sp; d.state_path = st;
    if (crash) d.progress = die_in_epoch_2;
    rc = prune_finetune(&m, &d, err);
    prune_scores_free(&rec);
    prune_model_free(&m);
    return rc;
}

/* The bytes the version-1 writer gave for the first `epochs` blocks of a version-2
   per-run file over n examples (no labels, no predictions); returns the size. */
static size_t to_v1(const unsigned char *v2, int64_t n, int epochs, unsigned char *out) {
    size_t h2 = prune__sc_header_size(2, 1, n), b2 = prune__sc_block_size(2, n), h1 = prune__sc_header_size(1, 1, n), b1 = prune__sc_block_size(1, n);
    int e;
    memset(out, 0, h1);
    memcpy(out, v2, 48);
    prune__put_u32(out + 8, 1);
    memcpy(out + 56, v2 + 64, 4);   /* the run id */
    prune__put_u64(out + 48, prune_hash(prune_hash(PRUNE_HASH_INIT, out, 48), out + 56, 4));
    for (e = 0; e < epochs; e++) {
        const unsigned char *src = v2 + h2 + (size_t)e * b2;
        unsigned char *dst = out + h1 + (size_t)e * b1;
        memcpy(dst, src, 8 + (size_t)n);                          /* run, epoch, correct */
        memcpy(dst + 8 + n, src + 8 + 2 * n, 12 * (size_t)n);    /* gold_prob, loss, el2n */
        prune__put_u64(dst + b1 - 8, prune_hash(PRUNE_HASH_INIT, dst, b1 - 8));
    }
    return h1 + (size_t)epochs * b1;
}

/* ---- phase-1 health, class counts, the class-relative H, mean and std ---- */
static void test_health_and_classes(void) {
    prune_scores s, v1;
    prune_epoch_health eh;
    prune_error err;
    int64_t i, cnt[4], idx[3] = {0, 7, 9};
    int32_t lab[10] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1}, h[10], hrel[10];
    int e, collapsed, rc;
    /* 10 examples, 7 of class 0 and 3 of class 1; 1 run of 2 epochs */
    prune_scores_init(&s, 1, 2, 1, 10, &err);
    s.classes = 2;
    s.done[0] = 2;
    for (i = 0; i < 10; i++) s.labels[i] = (uint8_t)lab[i];
    /* epoch 1: everything predicted 0 (a collapse to the majority class) */
    for (i = 0; i < 10; i++) { s.pred[i] = 0; s.correct[i] = lab[i] == 0; }
    /* epoch 2: all right but example 9 */
    for (i = 0; i < 10; i++) { s.pred[10 + i] = (uint8_t)(i == 9 ? 0 : lab[i]); s.correct[10 + i] = i != 9; }
    rc = prune_epoch_health_compute(&s, 0, 0, NULL, 0, &eh, &err);
    CHECK(rc == PRUNE_OK && eh.n == 10 && eh.count[0] == 7 && eh.count[1] == 3 && fabs(eh.accuracy - 0.7) < 1e-12 && fabs(eh.majority - 0.7) < 1e-12,
          "health of a collapsed epoch: 10 records, 7 and 3 per class, accuracy 0.7 = majority 0.7 (%s)", rc ? err.msg : "ok");
    CHECK(fabs(eh.threshold - 0.73) < 1e-12 && eh.recall[0] == 1 && eh.recall[1] == 0 && eh.predicted[0] == 1 && eh.predicted[1] == 0,
          "threshold 0.7 + 0.1 x 0.3 = 0.73; recall 1 and 0; predicted 100%% and 0%%");
    CHECK(eh.flags == (PRUNE_HEALTH_CHANCE | PRUNE_HEALTH_STARVED) && eh.starved == 1, "flagged at chance and class 1 starved (flags %d)", eh.flags);
    rc = prune_epoch_health_compute(&s, 0, 1, NULL, 0, &eh, &err);
    CHECK(rc == PRUNE_OK && eh.flags == 0 && fabs(eh.accuracy - 0.9) < 1e-12 && fabs(eh.recall[1] - 2.0 / 3) < 1e-12 && fabs(eh.predicted[1] - 0.2) < 1e-12,
          "a learned epoch: accuracy 0.9, recall of class 1 2/3, predicted 20%%, no flag");
    {
        prune_epoch_health all[2];
        rc = prune_scores_health(&s, NULL, 0, all, &collapsed, &err);
        CHECK(rc == PRUNE_OK && collapsed == 1 && all[0].flags && !all[1].flags, "prune_scores_health: the run counts as collapsed (a flag in any epoch)");
    }
    /* two mistakes, one per class: accuracy 0.8, clearly above 0.73, both classes predicted */
    for (i = 0; i < 10; i++) { s.pred[i] = (uint8_t)lab[i]; s.correct[i] = 1; }
    s.correct[0] = 0; s.pred[0] = 1;
    s.correct[7] = 0; s.pred[7] = 0;
    prune_epoch_health_compute(&s, 0, 0, NULL, 0, &eh, &err);
    CHECK(eh.flags == 0, "accuracy 0.8 with both classes predicted: learned (flags %d)", eh.flags);
    CHECK(prune_epoch_health_compute(&s, 0, 2, NULL, 0, &eh, &err) == PRUNE_ESTATE, "an unrecorded epoch is refused: %s", err.msg);

    /* the score file keeps labels and predictions */
    for (i = 0; i < 10; i++) { s.pred[i] = 0; s.correct[i] = lab[i] == 0; }
    rc = prune_scores_save(&s, test_path("health.scores"), &err);
    {
        prune_scores t;
        rc = rc ? rc : prune_scores_load(&t, test_path("health.scores"), &err);
        CHECK(rc == PRUNE_OK && t.classes == 2 && memcmp(t.labels, s.labels, 10) == 0 && memcmp(t.pred, s.pred, 20) == 0,
              "save and load keep classes, labels and predictions (%s)", rc ? err.msg : "ok");
        if (rc == PRUNE_OK) {
            rc = prune_epoch_health_compute(&t, 0, 0, NULL, 0, &eh, &err);
            CHECK(rc == PRUNE_OK && (eh.flags & PRUNE_HEALTH_STARVED), "the loaded file alone tells the collapse");
            prune_scores_free(&t);
        }
    }
    {   /* a prediction that contradicts the correctness flag is a corrupt file */
        size_t n;
        unsigned char *b = test_get(test_path("health.scores"), &n);
        size_t at = prune__sc_header_size(2, 1, 10) + 8 + 10;   /* pred of example 0, epoch 1 */
        prune_scores t;
        b[at] = 1;
        prune__put_u64(b + prune__sc_header_size(2, 1, 10) + prune__sc_block_size(2, 10) - 8,
                       prune_hash(PRUNE_HASH_INIT, b + prune__sc_header_size(2, 1, 10), prune__sc_block_size(2, 10) - 8));
        test_put(test_path("bad-pred.scores"), b, n);
        rc = prune_scores_load(&t, test_path("bad-pred.scores"), &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "prediction"), "a prediction that contradicts its label and flag is refused: %s", err.msg);
        free(b);
    }
    {   /* a version-1 file (as the last release wrote it) still loads: no labels, no predictions */
        size_t hs = 56 + 8, bs = 16 + 13 * 10, at;
        unsigned char *b = (unsigned char *)calloc(1, hs + bs);
        memcpy(b, "PRUNESC1", 8);
        prune__put_u32(b + 8, 1); prune__put_u32(b + 12, 1); prune__put_u32(b + 16, 1); prune__put_u32(b + 20, 1);
        prune__put_u64(b + 24, 10);
        prune__put_u64(b + 48, prune_hash(prune_hash(PRUNE_HASH_INIT, b, 48), b + 56, 4));
        at = hs;
        for (i = 0; i < 10; i++) b[at + 8 + i] = lab[i] == 0;   /* right on class 0 only */
        prune__put_u64(b + at + bs - 8, prune_hash(PRUNE_HASH_INIT, b + at, bs - 8));
        test_put(test_path("v1.scores"), b, hs + bs);
        free(b);
        rc = prune_scores_load(&v1, test_path("v1.scores"), &err);
        CHECK(rc == PRUNE_OK && v1.classes == 0 && v1.done[0] == 1 && v1.correct[0] == 1 && v1.correct[9] == 0 && v1.pred[0] == PRUNE_PRED_NONE,
              "a version-1 file loads, with no classes and no predictions (%s)", rc ? err.msg : "ok");
        if (rc == PRUNE_OK) {
            CHECK(prune_epoch_health_compute(&v1, 0, 0, NULL, 0, &eh, &err) == PRUNE_EARG && strstr(err.msg, "version-1"),
                  "its health needs the training set's labels: %s", err.msg);
            rc = prune_epoch_health_compute(&v1, 0, 0, lab, 2, &eh, &err);
            CHECK(rc == PRUNE_OK && eh.predicted[0] < 0 && eh.recall[1] == 0 && (eh.flags & PRUNE_HEALTH_STARVED) && (eh.flags & PRUNE_HEALTH_CHANCE),
                  "with them: predicted shares unknown, recall 0 of class 1 flags it");
            prune_scores_free(&v1);
        }
    }

    /* class counts of a subset */
    prune_class_counts(lab, idx, 3, 2, cnt);
    CHECK(cnt[0] == 1 && cnt[1] == 2, "class counts of examples 0, 7, 9: 1 and 2");
    prune_class_counts(lab, NULL, 10, 2, cnt);
    CHECK(cnt[0] == 7 && cnt[1] == 3, "class counts of all: 7 and 3");

    /* The class-relative H. 2 runs of 1 epoch: class 0 learned (H 0,1,1,2,2,2,2),
       class 1 never (H 0,0,0). Overall H: 0 x4, 1 x2, 2 x4 -> bands [0,.4) [.4,.6) [.6,1].
       Class 0 quantiles (k+.5)/7 = .07 .21 .36 .5 .64 .79 .93 -> 0 0 0 1 2 2 2;
       class 1, ranked by mean gold probability (.1 .3 .2): .17 .5 .83 -> 0 1 2. */
    prune_scores_free(&s);
    prune_scores_init(&s, 2, 1, 2, 10, &err);
    s.classes = 2;
    s.done[0] = s.done[1] = 1;
    s.run_ids[1] = 1;
    {
        static const char r0[] = "0111111000", r1[] = "0001111000";
        static const float gp[10] = {.1f, .6f, .6f, .9f, .9f, .9f, .9f, .1f, .3f, .2f};
        for (i = 0; i < 10; i++) {
            s.labels[i] = (uint8_t)lab[i];
            s.correct[i] = r0[i] == '1'; s.correct[10 + i] = r1[i] == '1';
            s.pred[i] = (uint8_t)(s.correct[i] ? lab[i] : 1 - lab[i]); s.pred[10 + i] = (uint8_t)(s.correct[10 + i] ? lab[i] : 1 - lab[i]);
            s.gold_prob[i] = s.gold_prob[10 + i] = gp[i];
        }
    }
    prune_hscores(&s, h);
    rc = prune_hscores_relative(&s, NULL, 0, hrel, &err);
    CHECK(rc == PRUNE_OK && h[0] == 0 && h[1] == 1 && h[3] == 2 && h[7] == 0, "paper's H: class 0 at 0 1 1 2 2 2 2, class 1 at 0 0 0");
    {
        static const int32_t want[10] = {0, 0, 0, 1, 2, 2, 2, 0, 2, 1};
        int ok = rc == PRUNE_OK;
        for (i = 0; ok && i < 10; i++) ok = hrel[i] == want[i];
        CHECK(ok, "class-relative H: 0 0 0 1 2 2 2 | 0 2 1 (got %d %d %d %d %d %d %d | %d %d %d)", hrel[0], hrel[1], hrel[2], hrel[3], hrel[4],
              hrel[5], hrel[6], hrel[7], hrel[8], hrel[9]);
    }
    {   /* the winning ticket {0,2}: the paper's has no example of class 1, the class-aware one keeps one */
        int64_t kept[10], k1, k2;
        k1 = prune_subset_select(h, 10, 1u | 4u, kept);
        prune_class_counts(lab, kept, k1, 2, cnt);
        CHECK(k1 == 2 && cnt[1] == 0, "the paper's ticket: 2 examples, none of class 1");
        k2 = prune_subset_select(hrel, 10, 1u | 4u, kept);
        prune_class_counts(lab, kept, k2, 2, cnt);
        CHECK(k2 == 2 && cnt[0] == 1 && cnt[1] == 1 && kept[0] == 3 && kept[1] == 9, "the class-aware ticket: examples 3 and 9, one of each class");
    }
    prune_scores_free(&s);
    {
        double x[4] = {1, 2, 3, 4}, m, sd;
        prune_mean_std(x, 4, &m, &sd);
        CHECK(m == 2.5 && fabs(sd - sqrt(5.0 / 3)) < 1e-15, "mean 2.5 and sample std sqrt(5/3) of 1 2 3 4 (%.17g)", sd);
        prune_mean_std(x, 1, &m, &sd);
        CHECK(m == 1 && sd == 0, "one value: its mean, std 0");
    }
    (void)e;
}

int main(void) {
    prune_scores s, t, u;
    prune_error err;
    int32_t h[8];
    int64_t counts[8], out[8], out2[8];
    uint64_t fam[16], mask;
    char name[64];
    int k, rc;

    /* ---- H: runs x epochs of right/wrong; H counts runs right in every epoch ---- */
    /* example:                 0  1  2  3  4  5 */
    static const char *const rows[] = {
        "110110", "100111",   /* run 0, epochs 0 and 1: right in both = 1 0 0 1 1 0 */
        "111100", "111101",   /* run 1:                               1 1 1 1 0 0 */
        "100000", "110001"};  /* run 2:                               1 0 0 0 0 0 */
    prune_scores_init(&s, 3, 2, 3, 6, &err);
    fill(&s, rows);
    prune_hscores(&s, h);
    CHECK(h[0] == 3 && h[1] == 1 && h[2] == 1 && h[3] == 2 && h[4] == 1 && h[5] == 0,
          "H = Σ runs Π epochs: %d %d %d %d %d %d (want 3 1 1 2 1 0)", h[0], h[1], h[2], h[3], h[4], h[5]);
    prune_histogram(h, 6, 3, counts);
    CHECK(counts[0] == 1 && counts[1] == 3 && counts[2] == 1 && counts[3] == 1, "histogram 1 3 1 1");

    /* ---- the subset family ---- */
    k = prune_subset_family(6, fam, 16);
    {
        static const char *const want[] = {"{0,6}", "{0,1,6}", "{0,1,2,6}", "{0,1,2,3,6}", "{0,1,2,3,4,6}", "{0,1,5,6}", "{0,1,2,3,5,6}"};
        int ok = k == 7, i;
        for (i = 0; ok && i < 7; i++) { prune_subset_name(fam[i], name, sizeof name); ok = strcmp(name, want[i]) == 0; }
        CHECK(ok, "R = 6: the paper's seven subsets, winning ticket first (%d found)", k);
    }
    k = prune_subset_family(3, fam, 16);
    prune_subset_name(fam[0], name, sizeof name);
    CHECK(k == 3 && strcmp(name, "{0,3}") == 0, "R = 3: {0,3} {0,1,3} {0,2,3}, nothing that removes everything (%d)", k);
    CHECK(prune_subset_family(2, fam, 16) == 1 && fam[0] == 5 && prune_subset_family(1, fam, 16) == 0, "R = 2: only {0,2}; R = 1: none");
    CHECK(prune_subset_parse("0-3,6", 6, &mask, &err) == PRUNE_OK && mask == 0x4F, "parse 0-3,6");
    CHECK(prune_subset_parse("0,7", 6, &mask, &err) == PRUNE_EARG && strstr(err.msg, "0..6"), "parse refuses 7 of R = 6: %s", err.msg);
    CHECK(prune_subset_parse("0,x", 6, &mask, &err) == PRUNE_EARG, "parse refuses junk: %s", err.msg);
    CHECK(prune_subset_parse("70", 80, &mask, &err) == PRUNE_EARG, "parse refuses R past %d: %s", PRUNE_MAX_RUNS, err.msg);
    CHECK(prune_subset_select(h, 6, 1ull << 0 | 1ull << 3, out) == 4 && out[0] == 1 && out[3] == 4, "select: winning ticket of R = 3 keeps examples 1 2 3 4");

    /* ---- baselines, by hand ---- */
    {
        int64_t i;
        int r, e;
        /* gold probabilities: example i has p = base_i ± spread_i alternating */
        static const double base[6] = {0.9, 0.5, 0.5, 0.2, 0.7, 0.6}, spread[6] = {0.0, 0.4, 0.1, 0.0, 0.2, 0.3};
        for (r = 0; r < 3; r++)
            for (e = 0; e < 2; e++)
                for (i = 0; i < 6; i++) {
                    size_t at = ((size_t)r * 2 + e) * 6 + (size_t)i;
                    s.gold_prob[at] = (float)(base[i] + ((r + e) % 2 ? spread[i] : -spread[i]));
                    s.el2n[at] = (float)(e == 0 ? 0.1 * (double)i : 5.0);   /* first epoch only counts */
                }
        prune_baseline(&s, PRUNE_BASELINE_AMBIGUOUS, 2, 0, out, &err);
        CHECK(out[0] == 1 && out[1] == 5, "ambiguous: largest spread of gold prob, examples 1 and 5 (%lld %lld)", (long long)out[0], (long long)out[1]);
        prune_baseline(&s, PRUNE_BASELINE_HARD, 2, 0, out, &err);
        CHECK(out[0] == 1 && out[1] == 3, "hard-to-learn: lowest mean gold prob, 3 (0.2) then 1 and 2 tie at 0.5: lower index (%lld %lld)",
              (long long)out[0], (long long)out[1]);
        /* forgetting events (right at epoch 0, wrong at epoch 1): only example 1 in
           run 0 ("110110" -> "100111"); every example is right somewhere, so none is
           never-learned; the tie of the others at 0 events goes to example 0 */
        prune_baseline(&s, PRUNE_BASELINE_FORGETTING, 2, 0, out, &err);
        CHECK(out[0] == 0 && out[1] == 1, "forgetting: example 1 (one event), then the lowest index (%lld %lld)", (long long)out[0], (long long)out[1]);
        s.correct[5] = s.correct[6 + 5] = s.correct[12 + 5] = s.correct[18 + 5] = s.correct[24 + 5] = s.correct[30 + 5] = 0;
        prune_baseline(&s, PRUNE_BASELINE_FORGETTING, 1, 0, out, &err);
        CHECK(out[0] == 5, "forgetting: a never-learned example ranks first");
        prune_baseline(&s, PRUNE_BASELINE_EL2N, 2, 0, out, &err);
        CHECK(out[0] == 4 && out[1] == 5, "EL2N: largest first-epoch score, examples 4 and 5");
        prune_baseline(&s, PRUNE_BASELINE_RANDOM, 4, 9, out, &err);
        prune_baseline(&s, PRUNE_BASELINE_RANDOM, 4, 9, out2, &err);
        CHECK(same_i64(out, out2, 4) && out[0] < out[1] && out[1] < out[2] && out[2] < out[3], "random: 4 distinct, sorted, fixed by the seed");
        CHECK(prune_baseline(&s, PRUNE_BASELINE_HARD, 7, 0, out, &err) == PRUNE_EARG, "a baseline larger than the set is refused");
    }

    /* ---- metrics: pred 0 1 1 0 2, gold 0 1 0 0 2 (scikit-learn: acc 0.8, macro-F1 0.8222.., MCC 11/sqrt(224)) ---- */
    {
        static const int32_t pred[5] = {0, 1, 1, 0, 2}, gold[5] = {0, 1, 0, 0, 2};
        prune_metrics mt;
        memset(&mt, 0, sizeof mt);
        prune_metrics_compute(pred, gold, 5, 3, &mt);
        CHECK(fabs(mt.accuracy - 0.8) < 1e-12 && fabs(mt.macro_f1 - (0.8 + 2.0 / 3 + 1) / 3) < 1e-12 && fabs(mt.mcc - 11 / sqrt(224.0)) < 1e-12,
              "metrics: accuracy %.4f, macro-F1 %.4f, MCC %.5f", mt.accuracy, mt.macro_f1, mt.mcc);
        prune_metrics_compute(gold, gold, 5, 4, &mt);
        CHECK(mt.accuracy == 1 && fabs(mt.macro_f1 - 1) < 1e-12 && fabs(mt.mcc - 1) < 1e-12, "perfect predictions: 1, 1, 1 (an absent class does not count)");
    }

    /* ---- score files ---- */
    s.data_hash = 77; s.config_hash = 88;
    rc = prune_scores_save(&s, test_path("all.scores"), &err);
    CHECK(rc == PRUNE_OK && prune_scores_load(&t, test_path("all.scores"), &err) == PRUNE_OK && t.runs == 3 && t.epochs == 2 &&
          memcmp(t.correct, s.correct, 36) == 0 && memcmp(t.gold_prob, s.gold_prob, 36 * 4) == 0 && t.config_hash == 88,
          "a merged score file round-trips (%s)", rc ? err.msg : "ok");
    prune_scores_free(&t);
    {   /* three per-run files -> merge */
        const char *paths[3];
        char p[3][600];
        int r;
        for (r = 0; r < 3; r++) {
            prune_scores_init(&t, 1, 2, 3, 6, &err);
            memcpy(t.correct, s.correct + (size_t)r * 12, 12);
            memcpy(t.gold_prob, s.gold_prob + (size_t)r * 12, 48);
            t.run_ids[0] = r; t.done[0] = 2; t.data_hash = 77; t.config_hash = 88;
            snprintf(p[r], sizeof p[r], "%s", test_path(r == 0 ? "r0.scores" : r == 1 ? "r1.scores" : "r2.scores"));
            prune_scores_save(&t, p[r], &err);
            prune_scores_free(&t);
            paths[r] = p[2 - r];   /* merge in any order */
        }
        rc = prune_scores_merge(&u, paths, 3, &err);
        CHECK(rc == PRUNE_OK && u.runs == 3 && u.run_ids[0] == 0 && memcmp(u.correct, s.correct, 36) == 0, "merge of 3 run files, in run order (%s)", rc ? err.msg : "ok");
        if (rc == PRUNE_OK) prune_scores_free(&u);
        rc = prune_scores_merge(&u, paths, 2, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "2 of the 3 planned runs"), "merge refuses missing runs: %s", err.msg);
        paths[1] = paths[0];
        rc = prune_scores_merge(&u, paths, 3, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "twice"), "merge refuses a run twice: %s", err.msg);
        prune_scores_init(&t, 1, 2, 3, 6, &err);
        t.run_ids[0] = 1; t.done[0] = 2; t.data_hash = 77; t.config_hash = 89;
        prune_scores_save(&t, test_path("other.scores"), &err);
        paths[1] = test_path("other.scores");
        rc = prune_scores_merge(&u, paths, 3, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "another configuration"), "merge refuses another configuration: %s", err.msg);
        t.config_hash = 88; t.data_hash = 78;
        prune_scores_save(&t, test_path("other.scores"), &err);
        rc = prune_scores_merge(&u, paths, 3, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "another training set"), "merge refuses another dataset: %s", err.msg);
        t.data_hash = 77; t.done[0] = 1;
        prune_scores_save(&t, test_path("other.scores"), &err);
        rc = prune_scores_merge(&u, paths, 3, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "1 of 2 epochs"), "merge refuses an unfinished run: %s", err.msg);
        prune_scores_free(&t);
    }
    {   /* a torn last block is an unfinished epoch; a corrupt middle block is an error */
        size_t n;
        unsigned char *b = test_get(test_path("r1.scores"), &n);
        test_put(test_path("torn.scores"), b, n - 20);
        rc = prune_scores_load(&t, test_path("torn.scores"), &err);
        CHECK(rc == PRUNE_OK && t.done[0] == 1 && t.tail == PRUNE_TAIL_SHORT, "torn last block: 1 finished epoch, the tail cut short (%s)",
              rc ? err.msg : "ok");
        if (rc == PRUNE_OK) prune_scores_free(&t);
        b[n - 20] ^= 1;   /* a whole last block that fails its checksum: damaged, not unfinished */
        test_put(test_path("damaged.scores"), b, n);
        b[n - 20] ^= 1;
        rc = prune_scores_load(&t, test_path("damaged.scores"), &err);
        CHECK(rc == PRUNE_OK && t.done[0] == 1 && t.tail == PRUNE_TAIL_BAD, "a damaged last block: 1 finished epoch, the tail bad (%s)",
              rc ? err.msg : "ok");
        if (rc == PRUNE_OK) prune_scores_free(&t);
        b[prune__sc_header_size(2, 1, 6) + 10] ^= 1;   /* a byte of the first block */
        test_put(test_path("bad.scores"), b, n);
        rc = prune_scores_load(&t, test_path("bad.scores"), &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "block of run"), "corrupt first block followed by more: %s", err.msg);
        b[0] = 'X';
        test_put(test_path("bad.scores"), b, n);
        CHECK(prune_scores_load(&t, test_path("bad.scores"), &err) == PRUNE_EFORMAT && strstr(err.msg, "magic"), "wrong magic: %s", err.msg);
        b[0] = 'P';
        b[prune__sc_header_size(2, 1, 6) + 10] ^= 1;   /* undo the two corruptions above */
        b = (unsigned char *)realloc(b, n + 3);
        memcpy(b + n, "xyz", 3);
        test_put(test_path("long.scores"), b, n + 3);
        CHECK(prune_scores_load(&t, test_path("long.scores"), &err) == PRUNE_EFORMAT && strstr(err.msg, "after the last epoch"),
              "bytes after a complete file: %s", err.msg);
        free(b);
    }
    prune_scores_free(&s);

    /* ---- killed in epoch 2 and restarted: the same bytes as never stopping ---- */
    {
        char a[600], b2[600];
        size_t na, nb;
        unsigned char *fa, *fb;
        pid_t pid;
        int status = 0;
        make_toy();
        snprintf(a, sizeof a, "%s", test_path("straight"));
        snprintf(b2, sizeof b2, "%s", test_path("killed"));
        mkdir(a, 0700);
        mkdir(b2, 0700);
        rc = phase1(a, 0, &err);
        CHECK(rc == PRUNE_OK, "phase 1, 3 epochs without a stop (%s)", rc ? err.msg : "ok");
        fflush(stdout);
        pid = fork();
        if (pid == 0) { phase1(b2, 1, &err); _exit(3); }
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child died in epoch 2 (status %d)", status);
        {   /* and a half-written block at the end, as a crash during the append leaves */
            FILE *f = fopen(test_path("killed/run-1.scores"), "ab");
            if (!f) return 2;
            fputs("half a block", f);
            fclose(f);
        }
        rc = phase1(b2, 0, &err);
        CHECK(rc == PRUNE_OK, "restarted with the same call (%s)", rc ? err.msg : "ok");
        snprintf(a + strlen(a), sizeof a - strlen(a), "/run-1.scores");
        snprintf(b2 + strlen(b2), sizeof b2 - strlen(b2), "/run-1.scores");
        fa = test_get(a, &na);
        fb = test_get(b2, &nb);
        CHECK(na == nb && memcmp(fa, fb, na) == 0, "score files byte-identical (%lu bytes)", (unsigned long)na);
        rc = prune_scores_load(&t, b2, &err);
        if (rc == PRUNE_OK) {
            int32_t hh[200];
            int64_t c[2];
            prune_hscores(&t, hh);
            prune_histogram(hh, t.n, 1, c);
            CHECK(t.done[0] == 3 && c[1] > 0, "3 epochs recorded; %lld of %lld examples right in all of them", (long long)c[1], (long long)t.n);
            prune_scores_free(&t);
        }
        free(fa);
        free(fb);
        CHECK(!prune__file_exists(test_path("killed/run-1.state")), "the state file is gone once the run is finished");
        rc = phase1(test_path("killed"), 0, &err);
        CHECK(rc == PRUNE_OK, "running a finished run again is a no-op (%s)", rc ? err.msg : "ok");
        {   /* killed in its first epoch: only the header and the epoch-0 state are on disk */
            char a1[600];
            size_t nh;
            unsigned char *sc = test_get(test_path("killed/run-1.scores"), &nh);
            mkdir(test_path("early"), 0700);
            test_put(test_path("early/run-1.scores"), sc, prune__sc_header_size(2, 1, 200));
            free(sc);
            rc = phase1(test_path("early"), 0, &err);
            snprintf(a1, sizeof a1, "%s", test_path("early/run-1.scores"));
            fa = test_get(a1, &na);
            fb = test_get(a, &nb);
            CHECK(rc == PRUNE_OK && na == nb && memcmp(fa, fb, na) == 0, "a header-only score file (killed in epoch 1) resumes to the same bytes (%s)",
                  rc ? err.msg : "ok");
            free(fa);
            free(fb);
        }
        {   /* finished epochs with their state removed: refused, never restarted from whatever m holds */
            size_t nb2;
            unsigned char *sc = test_get(test_path("killed/run-1.scores"), &nb2);
            mkdir(test_path("nostate"), 0700);
            test_put(test_path("nostate/run-1.scores"), sc, prune__sc_header_size(2, 1, 200) + prune__sc_block_size(2, 200));   /* header + epoch 1 */
            free(sc);
            rc = phase1(test_path("nostate"), 0, &err);
            CHECK(rc == PRUNE_ESTATE && strstr(err.msg, "is missing"), "finished epochs without their state: %s", err.msg);
            test_put(test_path("nostate/run-1.scores"), "junk", 4);
            rc = phase1(test_path("nostate"), 0, &err);
            CHECK(rc == PRUNE_EFORMAT, "a junk score file is not overwritten: %s", err.msg);
        }
        {   /* runs recorded by the last release (version-1 files) are kept: a finished one
               as it is, an unfinished one resumed and rewritten as version 2 */
            size_t nv2, nv1;
            unsigned char *v2 = test_get(a, &nv2), *v1 = (unsigned char *)malloc(nv2);
            prune_scores x, y;
            int pid2, st2 = 0, e;
            mkdir(test_path("v1done"), 0700);
            nv1 = to_v1(v2, 200, 3, v1);
            test_put(test_path("v1done/run-1.scores"), v1, nv1);
            rc = phase1(test_path("v1done"), 0, &err);
            fb = test_get(test_path("v1done/run-1.scores"), &nb);
            CHECK(rc == PRUNE_OK && nb == nv1 && memcmp(fb, v1, nv1) == 0, "a finished version-1 run is accepted as finished, untouched (%s)",
                  rc ? err.msg : "ok");
            free(fb);
            mkdir(test_path("v1part"), 0700);
            fflush(stdout);
            pid2 = fork();
            if (pid2 == 0) { phase1(test_path("v1part"), 1, &err); _exit(3); }   /* dies in epoch 2: epoch 1 and its state on disk */
            waitpid(pid2, &st2, 0);
            free(v2);
            v2 = test_get(test_path("v1part/run-1.scores"), &nv2);
            nv1 = to_v1(v2, 200, 1, v1);
            test_put(test_path("v1part/run-1.scores"), v1, nv1);
            rc = phase1(test_path("v1part"), 0, &err);
            rc = rc ? rc : prune_scores_load(&x, test_path("v1part/run-1.scores"), &err);
            CHECK(rc == PRUNE_OK, "an unfinished version-1 run resumes (%s)", rc ? err.msg : "ok");
            if (rc == PRUNE_OK && prune_scores_load(&y, a, &err) == PRUNE_OK) {
                size_t cells = 3 * 200, one = 200;
                int same = memcmp(x.correct, y.correct, cells) == 0 && memcmp(x.gold_prob, y.gold_prob, 4 * cells) == 0 &&
                           memcmp(x.loss, y.loss, 4 * cells) == 0 && memcmp(x.el2n, y.el2n, 4 * cells) == 0 &&
                           memcmp(x.pred + one, y.pred + one, 2 * one) == 0 && x.classes == 2;
                for (e = 0; e < 200; e++) same &= x.pred[e] == PRUNE_PRED_NONE;
                CHECK(same, "it ends as version 2 with the uninterrupted run's records, no predictions for the version-1 epoch");
                prune_scores_free(&y);
            }
            if (rc == PRUNE_OK) prune_scores_free(&x);
            {   /* merge takes a version-1 file beside version-2 ones, and the labels of the latter */
                const char *paths[2];
                unsigned char *w = test_get(a, &nv2);
                nv1 = to_v1(w, 200, 3, v1);
                test_put(test_path("m-v1.scores"), v1, nv1);
                paths[0] = test_path("m-v1.scores");
                paths[1] = a;
                free(w);
                rc = prune_scores_merge(&x, paths, 2, &err);
                CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "twice"), "merge of a version-1 and a version-2 file gets past the labels (%s)", err.msg);
            }
            free(v1);
            free(v2);
        }
        {   /* a zeroed optimiser is the defaults (it trained at lr 0 before); a rate of NaN is refused */
            prune_model m = toy_model(), m2 = toy_model();
            prune_finetune_desc d;
            prune_optim def = prune_optim_defaults();
            memset(&d, 0, sizeof d);
            d.train = &toy; d.epochs = 1; d.batch = 16; d.max_len = 16; d.seed = 11;
            d.cls_id = 0; d.sep_id = 18; d.pad_id = 19;
            rc = prune_finetune(&m, &d, &err);
            d.optim = def;
            rc = rc ? rc : prune_finetune(&m2, &d, &err);
            CHECK(rc == PRUNE_OK && m.step > 0 && prune_params_hash(&m) == prune_params_hash(&m2),
                  "a zeroed optim trains as prune_optim_defaults() does (%s)", rc ? err.msg : "ok");
            d.optim.lr = NAN;
            CHECK(prune_finetune(&m, &d, &err) == PRUNE_EARG && strstr(err.msg, "optimiser out of range"), "lr NaN refused: %s", err.msg);
            d.optim = def; d.optim.beta2 = 1;
            CHECK(prune_finetune(&m, &d, &err) == PRUNE_EARG, "beta2 = 1 refused: %s", err.msg);
            prune_model_free(&m);
            prune_model_free(&m2);
        }
        {   /* prune_file: a file appears whole or not at all */
            prune_file f;
            char path[600], buf[64];
            FILE *in;
            size_t got;
            snprintf(path, sizeof path, "%s/atomic.txt", test_tmpdir());
            rc = prune_file_open(&f, path, &err);
            if (rc == PRUNE_OK) { fprintf(f.f, "first\n"); rc = prune_file_commit(&f, &err); }
            rc = rc ? rc : prune_file_open(&f, path, &err);
            if (rc == PRUNE_OK) { fprintf(f.f, "second, abandoned\n"); prune_file_abort(&f); }
            in = fopen(path, "rb");
            got = in ? fread(buf, 1, sizeof buf - 1, in) : 0;
            if (in) fclose(in);
            buf[got] = 0;
            CHECK(rc == PRUNE_OK && strcmp(buf, "first\n") == 0 && !prune__file_exists(f.tmp),
                  "prune_file: commit publishes, abort leaves the old file and no temporary (%s)", rc ? err.msg : "ok");
            CHECK(prune_file_commit(&f, &err) == PRUNE_EARG && prune_file_open(&f, NULL, &err) == PRUNE_EARG,
                  "prune_file: committing a closed file and opening NULL are refused (%s)", err.msg);
            {   /* a killed writer's PATH.tmp.PID goes at the next write of PATH; a live one's stays */
                char dead[700], live[700], other[700];
                pid_t child = fork();
                if (child == 0) _exit(0);
                waitpid(child, NULL, 0);
                snprintf(dead, sizeof dead, "%s.tmp.%ld", path, (long)child);
                snprintf(live, sizeof live, "%s.tmp.%ld", path, (long)getppid());
                snprintf(other, sizeof other, "%s.old.tmp.%ld", path, (long)child);
                test_puts(dead, "left by a kill -9");
                test_puts(live, "being written");
                test_puts(other, "another file's");
                rc = prune_file_open(&f, path, &err);
                if (rc == PRUNE_OK) prune_file_abort(&f);
                CHECK(rc == PRUNE_OK && !prune__file_exists(dead) && prune__file_exists(live) && prune__file_exists(other),
                      "prune_file_open removes a dead writer's temporary file of the same path, and nothing else");
                remove(live);
                remove(other);
            }
        }
        {   /* a caller who leaves config_hash 0 still gets the resume check: the library
               fingerprints what it sees, and another rate into the same files is refused */
            prune_model m = toy_model(), m2 = toy_model();
            prune_scores rec, rec2;
            prune_finetune_desc d;
            char sp[600], st[600];
            uint64_t fp;
            snprintf(sp, sizeof sp, "%s/fp.scores", test_tmpdir());
            snprintf(st, sizeof st, "%s/fp.state", test_tmpdir());
            prune_scores_init(&rec, 1, 2, 2, toy.n, NULL);
            prune_scores_init(&rec2, 1, 2, 2, toy.n, NULL);
            memset(&d, 0, sizeof d);
            d.train = &toy; d.epochs = 2; d.batch = 16; d.max_len = 16; d.seed = 11;
            d.optim = prune_optim_defaults(); d.optim.lr = 1e-3; d.cls_id = 0; d.sep_id = 18; d.pad_id = 19;
            d.records = &rec; d.scores_path = sp; d.state_path = st;
            fp = prune_phase1_fingerprint(&m.desc.config, 0, 0, 2, &d, "model");
            rc = prune_finetune(&m, &d, &err);
            CHECK(rc == PRUNE_OK && rec.config_hash == fp && fp != 0, "config_hash 0 becomes the library's fingerprint (%016llx)",
                  (unsigned long long)rec.config_hash);
            d.records = &rec2; d.optim.lr = 2e-3;
            rc = prune_finetune(&m2, &d, &err);
            CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "another configuration"), "the same files at another rate are refused: %s", err.msg);
            d.optim.lr = 1e-3; d.epochs = 3;
            CHECK(prune_phase1_fingerprint(&m.desc.config, 0, 0, 2, &d, "model") != fp &&
                  prune_phase1_fingerprint(&m.desc.config, 1, 0, 2, &d, "model") != prune_phase1_fingerprint(&m.desc.config, 0, 0, 2, &d, "model") &&
                  prune_phase1_fingerprint(&m.desc.config, 0, 0, 3, &d, "model") != prune_phase1_fingerprint(&m.desc.config, 0, 0, 2, &d, "model"),
                  "the fingerprint changes with the epochs, the starting weights and R");
            {   /* the tool's score files from before the library owned it must still match:
                   the text it hashed, written out by hand for one configuration */
                char b[1536];
                const prune_config *c = &m.desc.config;
                int n = snprintf(b, sizeof b, "prune phase1 v1|float %u|scratch|V %d C %d L %d NH %d F %d P %d Y %d K %d off %d eps %.17g drop %.17g %.17g %.17g"
                                 "|start %016llx|seed %llu|R %d E %d B %d T %d|lr %.17g warmup %.17g wd %.17g b1 %.17g b2 %.17g eps %.17g clip %.17g"
                                 "|order %s reshuffle %d el2n-pass %d|cls %d sep %d pad %d", (unsigned)sizeof(prune_float), c->vocab_size, c->hidden,
                                 c->layers, c->heads, c->ffn, c->max_pos, c->type_vocab, c->labels, c->pos_offset, c->ln_eps, c->hidden_dropout,
                                 c->attn_dropout, c->classifier_dropout, 0x1234ull, 42ull, 6, 3, 16, 16, 1e-3, 0.0, 0.01, 0.9, 0.999, 1e-8, 1.0,
                                 "random", 0, 0, 0, 18, 19);
                CHECK(prune_phase1_fingerprint(c, 0x1234, 42, 6, &d, "scratch") == prune_hash(PRUNE_HASH_INIT, b, (size_t)n),
                      "prune_phase1_fingerprint hashes the tool's original text (old score files still resume and merge)");
            }
            prune_scores_free(&rec);
            prune_scores_free(&rec2);
            prune_model_free(&m);
            prune_model_free(&m2);
        }
        {   /* el2n_pass: epoch 1's EL2N is the finished epoch's model in eval mode */
            prune_model m = toy_model();
            prune_scores rec;
            prune_finetune_desc d;
            prune_batcher bt;
            int64_t idx[7] = {0, 1, 2, 50, 99, 150, 199};
            int b, c, same = 1;
            prune_scores_init(&rec, 1, 1, 1, toy.n, NULL);
            memset(&d, 0, sizeof d);
            d.train = &toy; d.epochs = 1; d.batch = 16; d.max_len = 16; d.seed = 11;
            d.optim = prune_optim_defaults(); d.optim.lr = 1e-3; d.cls_id = 0; d.sep_id = 18; d.pad_id = 19;
            d.records = &rec; d.el2n_pass = 1;
            rc = prune_finetune(&m, &d, &err);
            prune_batcher_init(&bt, 16, 16, 0, 18, 19, &err);
            {
                const prune_batch *bb;
                prune_batcher_fill(&bt, &toy, idx, 7, &bb, &err);
                prune_forward(&m, bb, 0, &err);
            }
            for (b = 0; b < 7; b++) {
                double d2 = 0;
                for (c = 0; c < 2; c++) { double q = (double)m.probs[b * 2 + c] - (c == toy.labels[idx[b]]); d2 += q * q; }
                same &= rec.el2n[idx[b]] == (float)sqrt(d2);
            }
            CHECK(rc == PRUNE_OK && same, "el2n_pass: EL2N equals an eval of the model at the end of epoch 1, bit for bit");
            prune_batcher_free(&bt);
            prune_scores_free(&rec);
            prune_model_free(&m);
        }
        prune_dataset_free(&toy);
    }
    test_health_and_classes();
    test_rm_tree(test_tmpdir());
    return TEST_END();
}
