/* tests/test_qa.c - multiple choice and extractive QA: readers, features, answers, metric.

   The heavy proofs are tests/reference/squad_oracle.py (every SQuAD feature's ids and
   labels equal run_qa.py's for two tokenizers, every answer equal utils_qa.py's, 46,761
   metric pairs equal squad_metrics.py's) and test_heads (the heads against transformers).
   Here, on committed fixtures:
   - RACE: the release's layout (a directory of passage files, nested) and JSON Lines of
     single questions; each option's segment B is the question with "_" replaced (or the
     question, a space and the option), checked by tokenizing the expected text; labels;
     errors that name the file and the question.
   - SQuAD: a small 2.0 file (a non-ASCII character before an answer, an impossible
     question, several gold answers); features at a small max length, so a context spans
     several windows: each labelled span's text is the gold answer; errors.
   - Answers: logits put on a known span give its text, on the first token "no answer".
   - The metric against tests/fixtures/squad/metric.json (the official code's values on
     tricky pairs: articles, punctuation, case, accents, empty answers).
   - Real data (../shared/data, skipped visibly when absent): RACE middle dev's 1,436
     questions, SQuAD half-dev's 6,078 questions (3,168 impossible) in 16 articles. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#define TEST_FILES
#include "test.h"

#define FIX "tests/fixtures/"
#define ML 24
#define ST 6

/* ids of text a, then of text b, as prune_tokenize gives them */
static int same_ids(const prune_tokenizer *tk, const int32_t *got, size_t n, const char *text) {
    int32_t want[256];
    size_t m;
    prune_error e;
    if (prune_tokenize(tk, text, strlen(text), want, 256, &m, &e) != PRUNE_OK || m != n) return 0;
    return memcmp(got, want, sizeof(int32_t) * n) == 0;
}

static void check_race(const prune_tokenizer *tk) {
    prune_dataset ds;
    prune_texts tx;
    prune_error e;
    int rc, ok;
    const int32_t *b;
    uint64_t la;
    rc = prune_race_tokenize(FIX "race/passages", tk, &ds, &tx, &e);
    CHECK(rc == PRUNE_OK && ds.n == 3 && ds.choices == 4 && ds.pairs && ds.len_b && tx.n == 3,
          "RACE: a directory of passage files (one nested) reads as 3 questions of 4 options (%s)", rc ? e.msg : "ok");
    if (rc != PRUNE_OK) return;
    CHECK(ds.labels[0] == 1 && ds.labels[1] == 3 && ds.labels[2] == 0 && strcmp(tx.a[2], "Anna likes _ and _ .") == 0 &&
              strcmp(tx.b[0], "A) red | B) blue | C) green | D) black") == 0,
          "RACE: files in byte order of their paths (a1.txt, then b/b2.txt), answers A-D as 0-3, texts for people (%s | %s)", tx.a[0], tx.b[0]);
    /* question 0, option B: "_" replaced; question 1, option D: no "_", a space; question 2: both "_" */
    b = ds.ids + ds.offsets[0] + ds.len_a[0] + ds.len_b[0];
    ok = same_ids(tk, ds.ids + ds.offsets[0], ds.len_a[0], "The sky is blue today. After lunch, Tom sat under a tree and read a book.") &&
         same_ids(tk, b, ds.len_b[1], "The sky is blue today.");
    b = ds.ids + ds.offsets[1] + ds.len_a[1] + ds.len_b[4] + ds.len_b[5] + ds.len_b[6];
    ok &= same_ids(tk, b, ds.len_b[7], "What did Tom do after lunch? read a book");
    b = ds.ids + ds.offsets[2] + ds.len_a[2];
    ok &= same_ids(tk, b, ds.len_b[8], "Anna likes cats and cats .");
    (void)la;
    CHECK(ok, "RACE: segment A the article; B the question with every _ replaced by the option, or question + ' ' + option");
    prune_dataset_free(&ds);
    prune_texts_free(&tx);
    rc = prune_race_tokenize(FIX "race/questions.jsonl", tk, &ds, NULL, &e);
    CHECK(rc == PRUNE_OK && ds.n == 2 && ds.labels[0] == 0 && ds.labels[1] == 1 && ds.choices == 4,
          "RACE: JSON Lines of single questions (Hugging Face's layout) (%s)", rc ? e.msg : "ok");
    if (rc == PRUNE_OK) {
        const prune_batch *bb;
        prune_batcher bt;
        int64_t ex[2] = {0, 1};
        rc = prune_batcher_init(&bt, 8, 32, tk->cls_id, tk->sep_id, tk->pad_id, &e);
        rc = rc ? rc : prune_batcher_fill(&bt, &ds, ex, 2, &bb, &e);
        CHECK(rc == PRUNE_OK && bb->B == 8 && bb->choices == 4 && bb->labels[0] == 0 && bb->labels[1] == 1 && bb->types[bb->T * 1 + bb->lens[1] - 1] == 1,
              "RACE: a batch of 2 questions is 8 sequences, [CLS] article [SEP] option [SEP], the answers per question (%s)", rc ? e.msg : "ok");
        if (rc == PRUNE_OK) prune_batcher_free(&bt);
        prune_dataset_free(&ds);
    }
    /* bad records: the file and the question */
    {
        static const char *const bad[][2] = {
            {"{\"article\": \"x\", \"questions\": [\"q?\"], \"options\": [[\"a\", \"b\"]], \"answers\": [\"E\"]}", "question 1: the answer \"E\" is not one of A..B"},
            {"{\"article\": \"x\", \"questions\": [\"q?\", \"r?\"], \"options\": [[\"a\", \"b\"], [\"a\", \"b\", \"c\"]], \"answers\": [\"A\", \"A\"]}",
             "question 2: 3 options, but the first question had 2"},
            {"{\"article\": \"x\", \"questions\": [7], \"options\": [[\"a\", \"b\"]], \"answers\": [\"A\"]}", "question 1: the question is not a string"},
            {"{\"article\": 1, \"questions\": [], \"options\": [], \"answers\": []}", "no \"article\" string"},
            {"{\"article\": \"x\", \"questions\": [\"q\"], \"options\": [[\"a\", \"b\"]]}", "questions, options and answers must be arrays of one length"},
            {"{\"article\": \"x\", \"question\": \"q\", \"options\": [\"a\", \"b\"], \"answer\": \"A\"}\n{\"article\": \"y\", \"question\": \"q\", \"options\": [\"a\", \"b\"], \"answer\": \"Z\"}\n",
             ":2: the answer \"Z\""},
            {"{\"article\": \"x\", \"questions\": [\"q\"], \"options\": [[\"a\", \"b\"]], \"answers\": [\"A\"]", "line 1"},
        };
        size_t k;
        for (k = 0; k < sizeof bad / sizeof *bad; k++) {
            const char *p = test_path("bad.json");
            test_put(p, bad[k][0], strlen(bad[k][0]));
            rc = prune_race_tokenize(p, tk, &ds, NULL, &e);
            CHECK(rc == PRUNE_EFORMAT && strstr(e.msg, "bad.json") && strstr(e.msg, bad[k][1]), "RACE: a bad record is an error naming the file and where (%s)", e.msg);
            if (rc == PRUNE_OK) prune_dataset_free(&ds);
        }
        rc = prune_race_tokenize(FIX "race/no-such-dir", tk, &ds, NULL, &e);
        CHECK(rc == PRUNE_EIO && strstr(e.msg, "no-such-dir"), "RACE: a missing path is an error (%s)", e.msg);
    }
}

static void check_squad(const prune_tokenizer *tk) {
    prune_squad sq;
    prune_squad_features f;
    prune_dataset ds;
    prune_error e;
    int rc, ok = 1, windows_q4 = 0;
    int64_t i;
    rc = prune_squad_load(FIX "squad/tiny.json", &sq, &e);
    CHECK(rc == PRUNE_OK && sq.n == 4 && sq.articles == 2 && sq.q[2].impossible && sq.q[2].nanswers == 0 && sq.q[1].nanswers == 2,
          "SQuAD: 4 questions in 2 articles; the impossible one has no answers (plausible ones are not answers) (%s)", rc ? e.msg : "ok");
    if (rc != PRUNE_OK) return;
    /* "Café ..." : é is 2 bytes, so the answer at character 29 starts at byte 30 */
    CHECK(sq.q[0].answer_start[0] == 30 && memcmp(sq.q[0].context + 30, "1066", 4) == 0 && sq.q[1].answer_start[1] == 38,
          "SQuAD: answer starts (characters in the file) become byte offsets (%u)", sq.q[0].answer_start[0]);
    /* max length ML, stride ST: each context spans several windows ("Marseille" is 7
       pieces in the fixture vocabulary: a window of question 4 holds 9 context tokens,
       and with stride 6 one window holds all of its answer) */
    rc = prune_squad_features_make(&sq, 0, sq.n, tk, ML, ST, PRUNE_PAIRS_BERT, &ds, &f, &e);
    CHECK(rc == PRUNE_OK && ds.n > 4 && ds.spans && f.n == ds.n, "SQuAD: features at max length 24, stride 6: %lld (%s)", (long long)ds.n,
          rc ? e.msg : "ok");
    if (rc != PRUNE_OK) { prune_squad_free(&sq); return; }
    for (i = 0; i < ds.n; i++) {
        const prune_squad_question *q = &sq.q[f.question[i]];
        const uint32_t *co = f.offs + 2 * (f.tok_off[f.question[i]] + f.first[i]);
        uint64_t w = ds.offsets[i + 1] - ds.offsets[i] - ds.len_a[i];
        ok &= (int)w + (int)ds.len_a[i] + 3 <= ML && ds.rows[i] == i && ds.labels[i] == (ds.spans[2 * i] < 0);
        if (ds.spans[2 * i] >= 0) {   /* the labelled tokens cover exactly the gold answer's text */
            uint32_t b = co[2 * ds.spans[2 * i]], en = co[2 * ds.spans[2 * i + 1] + 1];
            ok &= en - b == strlen(q->answers[0]) && memcmp(q->context + b, q->answers[0], en - b) == 0;
        }
        if (f.question[i] == 2) ok &= ds.spans[2 * i] < 0;
        if (f.question[i] == 3) {
            windows_q4++;
            if (i > 0 && f.question[i - 1] == 3) ok &= f.first[i] == f.first[i - 1] + (uint32_t)(ML - 3 - ds.len_a[i]) - ST;
        }
    }
    CHECK(ok && windows_q4 >= 2, "SQuAD: every feature fits; windows overlap by the stride; a labelled span's text is the gold answer; "
          "the impossible question and windows without the answer have none (question 4 in %d windows)", windows_q4);
    /* answers: logits on a span give its text; on the first token, "no answer" */
    {
        float *z = (float *)calloc(2 * (size_t)ds.n * ML, sizeof(float));
        prune_squad_answers a;
        prune_squad_metrics mt;
        for (i = 0; z && i < ds.n; i++) {
            int b0 = 1 + (int)ds.len_a[i] + 1, t;
            for (t = 0; t < ML; t++) { z[i * ML + t] = -5; z[(ds.n + i) * ML + t] = -5; }
            if (ds.spans[2 * i] >= 0) { z[i * ML + b0 + ds.spans[2 * i]] = 9; z[(ds.n + i) * ML + b0 + ds.spans[2 * i + 1]] = 9; }
            else { z[i * ML] = 1; z[(ds.n + i) * ML] = 1; }
        }
        rc = z ? prune_squad_postprocess(&ds, &f, &sq, z, z + ds.n * ML, 20, 30, 0.0, &a, &e) : PRUNE_ENOMEM;
        CHECK(rc == PRUNE_OK && a.n == 4 && strcmp(a.text[0], "1066") == 0 && strcmp(a.text[1], "Rollo") == 0 && a.text[2][0] == 0 &&
                  strcmp(a.text[3], "Marseille") == 0 && a.null_diff[2] > 0,
              "SQuAD: answers from logits: the peaked spans' texts, and \"\" where the first token wins (%s; %s %s \"%s\" %s)", rc ? e.msg : "ok",
              rc ? "" : a.text[0], rc ? "" : a.text[1], rc ? "" : a.text[2], rc ? "" : a.text[3]);
        if (rc == PRUNE_OK) {
            double ex[4], f1[4];
            rc = prune_squad_score(&sq, &a, ex, f1, &mt, &e);
            CHECK(rc == PRUNE_OK && mt.n == 4 && mt.exact == 100 && mt.f1 == 100 && mt.has_ans == 3 && mt.no_ans == 1 && mt.no_ans_exact == 100,
                  "SQuAD: the official metric: exact 100, F1 100, 3 with answers, 1 without (%s)", rc ? e.msg : "ok");
            prune_squad_answers_free(&a);
        }
        /* a wrong answer to the impossible question, a partial one to question 2 */
        if (z) {
            for (i = 0; i < ds.n; i++)
                if (f.question[i] == 2 || f.question[i] == 1) {
                    int b0 = 1 + (int)ds.len_a[i] + 1;
                    z[i * ML] = -9; z[(ds.n + i) * ML] = -9;
                    z[i * ML + b0] = 9; z[(ds.n + i) * ML + b0 + 2] = 9;
                }
            rc = prune_squad_postprocess(&ds, &f, &sq, z, z + ds.n * ML, 20, 30, 0.0, &a, &e);
            rc = rc ? rc : prune_squad_score(&sq, &a, NULL, NULL, &mt, &e);
            CHECK(rc == PRUNE_OK && mt.no_ans_exact == 0 && mt.exact < 100 && mt.has_ans_exact < 100, "SQuAD: wrong answers lower exact match "
                  "(%.1f, with answers %.1f, without %.1f)", mt.exact, mt.has_ans_exact, mt.no_ans_exact);
            if (rc == PRUNE_OK) prune_squad_answers_free(&a);
        }
        free(z);
    }
    prune_dataset_free(&ds);
    prune_squad_features_free(&f);
    /* windows that cannot hold anything, and bad files */
    rc = prune_squad_features_make(&sq, 0, sq.n, tk, 8, 2, PRUNE_PAIRS_BERT, &ds, &f, &e);
    CHECK(rc != PRUNE_OK && strstr(e.msg, "q"), "SQuAD: a max length that leaves no room for the context is an error naming the question (%s)", e.msg);
    prune_squad_free(&sq);
    {
        static const char *const bad[][2] = {
            {"{\"version\": \"v2.0\"}", "no \"data\" array"},
            {"{\"data\": [{\"paragraphs\": [{\"context\": \"short\", \"qas\": [{\"id\": \"x\", \"question\": \"q\", \"answers\": [{\"text\": \"short\", \"answer_start\": 3}]}]}]}]}",
             "past the end of its context"},
            {"{\"data\": [{\"paragraphs\": [{\"context\": \"c\", \"qas\": [{\"id\": \"x\", \"question\": \"q\", \"answers\": []}]}]}]}", "has no answers"},
            {"{\"data\": [{\"paragraphs\": [{\"qas\": []}]}]}", "needs a \"context\""},
        };
        size_t k;
        for (k = 0; k < sizeof bad / sizeof *bad; k++) {
            const char *p = test_path("bad.json");
            test_put(p, bad[k][0], strlen(bad[k][0]));
            rc = prune_squad_load(p, &sq, &e);
            CHECK(rc == PRUNE_EFORMAT && strstr(e.msg, "bad.json") && strstr(e.msg, bad[k][1]) && strstr(e.msg, "line 1"),
                  "SQuAD: a bad record is an error naming the file and the position (%s)", e.msg);
            if (rc == PRUNE_OK) prune_squad_free(&sq);
        }
    }
}

static void check_metric(void) {
    char *buf = NULL;
    size_t size, k;
    prune__json j;
    prune_error e;
    int rc, n = 0, bad = 0;
    rc = prune__read_file(FIX "squad/metric.json", &buf, &size, 1 << 20, &e);
    rc = rc ? rc : prune__json_parse(&j, "metric.json", "", buf, size, 0, &e);
    CHECK(rc == PRUNE_OK, "metric: the fixture reads (%s)", rc ? e.msg : "ok");
    if (rc != PRUNE_OK) { free(buf); return; }
    for (k = j.v[0].first; k; k = j.v[k].next, n++) {
        size_t g = j.v[k].first, p = j.v[g].next, x = j.v[p].next, f = j.v[x].next;
        double em, f1;
        prune_squad_score_one(j.v[g].str, j.v[p].str, &em, &f1);
        if (em != j.v[x].num || fabs(f1 - j.v[f].num) > 1e-12) {
            bad++;
            printf("# metric: \"%s\" vs \"%s\": %g %g, the official code %g %g\n", j.v[g].str, j.v[p].str, em, f1, j.v[x].num, j.v[f].num);
        }
    }
    CHECK(bad == 0 && n >= 30, "metric: exact match and F1 are the official code's on %d tricky pairs (%d differ)", n, bad);
    prune__json_free(&j);
    free(buf);
}

static void check_real(const prune_tokenizer *tk) {
    prune_dataset ds;
    prune_squad sq;
    prune_error e;
    int rc;
    int64_t i, imp = 0;
    if (!prune__file_exists("../shared/data/squad2/dev-v2.0-cs224n-half.json")) {
        printf("# SKIP real data: ../shared/data is absent (RACE and SQuAD counts not checked)\n");
        return;
    }
    rc = prune_race_tokenize("../shared/data/race/RACE/dev/middle", tk, &ds, NULL, &e);
    CHECK(rc == PRUNE_OK && ds.n == 1436 && ds.choices == 4, "real data: RACE middle dev reads as 1,436 questions of 4 options (%lld) (%s)",
          (long long)ds.n, rc ? e.msg : "ok");
    if (rc == PRUNE_OK) prune_dataset_free(&ds);
    rc = prune_squad_load("../shared/data/squad2/dev-v2.0-cs224n-half.json", &sq, &e);
    for (i = 0; rc == PRUNE_OK && i < sq.n; i++) imp += sq.q[i].impossible;
    CHECK(rc == PRUNE_OK && sq.n == 6078 && imp == 3168 && sq.articles == 16,
          "real data: the SQuAD 2.0 half-dev file has 6,078 questions, 3,168 impossible, in 16 articles (%s)", rc ? e.msg : "ok");
    if (rc == PRUNE_OK) prune_squad_free(&sq);
}


/* whole questions: grouped records, H and baselines of whole groups */
static void check_groups(void) {
    static const int64_t group[5] = {0, 0, 1, 2, 2};
    static const uint8_t right[2][5] = {{1, 1, 1, 0, 1}, {1, 0, 1, 1, 1}};
    prune_scores s;
    prune_error e;
    int32_t h[5];
    int64_t out[5], n = 0, k;
    int rc, r, i, whole = 1, kind;
    rc = prune_scores_init(&s, 2, 1, 2, 5, &e);
    CHECK(rc == PRUNE_OK, "groups: scores made (%s)", rc ? e.msg : "ok");
    if (rc != PRUNE_OK) return;
    s.classes = 2;
    for (r = 0; r < 2; r++) {
        s.run_ids[r] = r; s.done[r] = 1;
        for (i = 0; i < 5; i++) {
            size_t at = (size_t)r * 5 + (size_t)i;
            s.correct[at] = right[r][i]; s.pred[at] = 0; s.gold_prob[at] = 0.1f * (float)(i + 1) + 0.05f * (float)r;
            s.loss[at] = (float)i; s.el2n[at] = (float)(5 - i);
        }
    }
    rc = prune_scores_group(&s, group, &e);
    prune_hscores(&s, h);
    CHECK(rc == PRUNE_OK && h[0] == 1 && h[1] == 1 && h[2] == 2 && h[3] == 1 && h[4] == 1 && s.gold_prob[0] == s.gold_prob[1] &&
              fabs(s.gold_prob[3] - 0.4f) < 1e-6 && s.loss[0] == 1 && s.el2n[3] == 2,
          "groups: a group is right when all its members were; H [%d %d %d %d %d] (want 1 1 2 1 1); lowest gold probability, highest loss and EL2N",
          h[0], h[1], h[2], h[3], h[4]);
    for (kind = 0; kind < PRUNE_BASELINE_COUNT; kind++) {
        rc = prune_baseline_groups(&s, kind, 2, 7, group, out, &n, &e);
        if (rc != PRUNE_OK) { whole = 0; break; }
        for (k = 0; k < n; k++) {   /* ascending, and every chosen group complete */
            if (k > 0 && out[k] <= out[k - 1]) whole = 0;
            for (i = 0; i < 5; i++)
                if (group[i] == group[out[k]]) {
                    int64_t j, found = 0;
                    for (j = 0; j < n; j++) found |= out[j] == i;
                    whole &= (int)found;
                }
        }
        whole &= n >= 3 && n <= 4;   /* two of the groups {0,1} {2} {3,4} */
    }
    CHECK(whole, "groups: every baseline of 2 groups keeps 2 whole groups (%lld examples) (%s)", (long long)n, rc ? e.msg : "ok");
    rc = prune_scores_group(&s, (const int64_t[]){0, 1, 0, 2, 2}, &e);
    CHECK(rc == PRUNE_EARG && strstr(e.msg, "comes before"), "groups: groups out of order are refused (%s)", e.msg);
    prune_scores_free(&s);
}

int main(void) {
    prune_tokenizer tk;
    prune_error e;
    int rc = prune_tokenizer_load(&tk, FIX "tokenizer/vocab.txt", 1, &e);
    CHECK(rc == PRUNE_OK, "the fixture vocabulary loads (%s)", rc ? e.msg : "ok");
    if (rc != PRUNE_OK) return TEST_END();
    check_race(&tk);
    check_squad(&tk);
    check_metric();
    check_groups();
    check_real(&tk);
    prune_tokenizer_free(&tk);
    test_rm_tree(test_tmpdir());
    return TEST_END();
}
