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
        CHECK(rc == PRUNE_OK && t.done[0] == 1, "torn last block: 1 finished epoch (%s)", rc ? err.msg : "ok");
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
            prune_forward(&m, prune_batcher_fill(&bt, &toy, idx, 7, &err), 0, &err);
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
    test_rm_tree(test_tmpdir());
    return TEST_END();
}
