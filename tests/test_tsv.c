/* tests/test_tsv.c - GLUE-style TSV files to tokenized datasets.

   Uses the small vocabulary of tests/fixtures/tokenizer (uncased). Columns are
   found by name (SST-2's sentence, MNLI's premise/hypothesis, ...); string labels
   get their rank in byte order so that train and dev agree; integer labels keep
   their values; a label map written next to a dataset is read back and applied to
   another file; every bad row is an error with the file, line and column, and
   nothing is skipped. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#define TEST_FILES
#include "test.h"
#include <time.h>

/* ids of text through the tokenizer directly, to compare with the dataset */
static int same_ids(const prune_tokenizer *tk, const char *text, const int32_t *ids, size_t n) {
    int32_t buf[256];
    size_t got;
    prune_error err;
    if (prune_tokenize(tk, text, strlen(text), buf, 256, &got, &err) != PRUNE_OK) return 0;
    return got == n && memcmp(buf, ids, n * sizeof(int32_t)) == 0;
}

int main(void) {
    prune_tokenizer tk;
    prune_dataset ds;
    prune_labels lab, lab2;
    prune_tsv_desc d;
    prune_error err;
    int rc, i;

    rc = prune_tokenizer_load(&tk, "tests/fixtures/tokenizer/vocab.txt", 1, &err);
    CHECK(rc == PRUNE_OK, "load the fixture vocabulary (%s)", rc ? err.msg : "ok");
    if (rc) return 1;

    /* SST-2 shape: sentence, integer label */
    test_puts(test_path("sst.tsv"), "sentence\tlabel\nthe movie was good \t1\nit was bad\t0\n");
    rc = prune_tsv_tokenize(test_path("sst.tsv"), &tk, NULL, &ds, &lab, &err);
    CHECK(rc == PRUNE_OK && ds.n == 2 && !ds.pairs && ds.labels[0] == 1 && ds.labels[1] == 0 && ds.rows[1] == 1 &&
          lab.count == 2 && strcmp(lab.names[1], "1") == 0, "SST-2 layout: column found by name, integer labels kept (%s)", rc ? err.msg : "ok");
    CHECK(rc == PRUNE_OK && same_ids(&tk, "the movie was good ", ds.ids, ds.offsets[1]) &&
          same_ids(&tk, "it was bad", ds.ids + ds.offsets[1], ds.offsets[2] - ds.offsets[1]), "ids are the tokenizer's");
    prune_dataset_free(&ds);
    prune_labels_free(&lab);

    /* MNLI shape: extra columns, a pair, string labels ranked in byte order */
    test_puts(test_path("mnli.tsv"), "index\tpremise\thypothesis\tlabel\n0\ta man is here\tno one\tneutral\n1\tthe cat\tthe dog\tcontradiction\n2\tyes\tyes\tentailment\n");
    rc = prune_tsv_tokenize(test_path("mnli.tsv"), &tk, NULL, &ds, &lab, &err);
    CHECK(rc == PRUNE_OK && ds.n == 3 && ds.pairs && lab.count == 3 && strcmp(lab.names[0], "contradiction") == 0 &&
          strcmp(lab.names[2], "neutral") == 0 && ds.labels[0] == 2 && ds.labels[1] == 0 && ds.labels[2] == 1,
          "premise/hypothesis pairs, labels by byte order (%s)", rc ? err.msg : "ok");
    CHECK(rc == PRUNE_OK && same_ids(&tk, "a man is here", ds.ids, ds.len_a[0]) &&
          same_ids(&tk, "no one", ds.ids + ds.len_a[0], ds.offsets[1] - ds.len_a[0]), "segments A and B");
    rc = prune_labels_write(&lab, test_path("mnli.labels"), &err);
    CHECK(rc == PRUNE_OK, "write the label map (%s)", rc ? err.msg : "ok");
    prune_dataset_free(&ds);

    /* the dev file, with the training set's label map */
    rc = prune_labels_read(&lab2, test_path("mnli.labels"), &err);
    CHECK(rc == PRUNE_OK && lab2.count == 3 && strcmp(lab2.names[1], "entailment") == 0, "read the label map back (%s)", rc ? err.msg : "ok");
    test_puts(test_path("dev.tsv"), "index\tpremise\thypothesis\tlabel\n0\tx\ty\tentailment\n");
    memset(&d, 0, sizeof d);
    d.label_map = &lab2;
    rc = prune_tsv_tokenize(test_path("dev.tsv"), &tk, &d, &ds, NULL, &err);
    CHECK(rc == PRUNE_OK && ds.labels[0] == 1 && ds.num_labels == 3, "dev set labelled with the training map (%s)", rc ? err.msg : "ok");
    prune_dataset_free(&ds);
    test_puts(test_path("dev2.tsv"), "index\tpremise\thypothesis\tlabel\n0\tx\ty\tentailment\n1\tx\ty\tmaybe\n");
    rc = prune_tsv_tokenize(test_path("dev2.tsv"), &tk, &d, &ds, NULL, &err);
    CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "dev2.tsv:3:") && strstr(err.msg, "'maybe' is not in the label map"), "unknown label: %s", err.msg);
    prune_labels_free(&lab);
    prune_labels_free(&lab2);

    /* named columns */
    memset(&d, 0, sizeof d);
    d.text_a = "hypothesis"; d.label = "index";
    rc = prune_tsv_tokenize(test_path("mnli.tsv"), &tk, &d, &ds, NULL, &err);
    CHECK(rc == PRUNE_OK && !ds.pairs && ds.labels[2] == 2, "columns named by the caller (%s)", rc ? err.msg : "ok");
    prune_dataset_free(&ds);
    d.text_a = "missing";
    CHECK(prune_tsv_tokenize(test_path("mnli.tsv"), &tk, &d, &ds, NULL, &err) == PRUNE_EARG && strstr(err.msg, "no column named 'missing'"), "missing column: %s", err.msg);

    /* nothing skipped: every bad row is an error that says where */
    {
        static const char *cases[][2] = {
            {"sentence\tlabel\na\t1\nb\n", "bad.tsv:3: 1 tab-separated fields, the header has 2"},
            {"sentence\tlabel\na\t1\n\nb\t0\n", "bad.tsv:3: empty line"},
            {"sentence\tlabel\na\t\n", "bad.tsv:2: empty label"},
            {"sentence\tlabel\na \xff b\t1\n", "bad.tsv:2: column 'sentence'"},
            {"sentence\tlabel\n", "a header and no rows"},
            {"text\tcategory\nx\ty\n", "no label column 'label'"},
            {"foo\tlabel\nx\t1\n", "no text column"},
            {"sentence\tlabel\na\t1\nb\t999999999\n", "bad.tsv:3: label 999999999: integer labels are class ids"}};
        for (i = 0; i < (int)(sizeof cases / sizeof cases[0]); i++) {
            test_puts(test_path("bad.tsv"), cases[i][0]);
            rc = prune_tsv_tokenize(test_path("bad.tsv"), &tk, NULL, &ds, NULL, &err);
            CHECK(rc != PRUNE_OK && strstr(err.msg, cases[i][1]) && ds.mem == NULL, "bad TSV %d: %s", i, err.msg);
        }
        test_puts(test_path("bad.labels"), "0\ta\n2\tb\n");
        CHECK(prune_labels_read(&lab, test_path("bad.labels"), &err) == PRUNE_EFORMAT && strstr(err.msg, "bad.labels:2"), "label map with a gap: %s", err.msg);
        test_puts(test_path("bad.labels"), "0\ta\n1\ta\n");
        CHECK(prune_labels_read(&lab, test_path("bad.labels"), &err) == PRUNE_EFORMAT && strstr(err.msg, "repeated"), "label map with a repeat: %s", err.msg);
    }
    {   /* a NUL byte in a label is an error at its line and column, not label -1 */
        static const char tsv[] = "sentence\tlabel\ngood\tpos\nbad\tn\0eg\n";
        test_put(test_path("nul.tsv"), tsv, sizeof tsv - 1);
        rc = prune_tsv_tokenize(test_path("nul.tsv"), &tk, NULL, &ds, &lab, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "nul.tsv:3:6:") && strstr(err.msg, "NUL") && ds.mem == NULL, "NUL in a label: %s", err.msg);
        test_put(test_path("nul.labels"), "0\tpos\n1\tn\0eg\n", 12);
        CHECK(prune_labels_read(&lab, test_path("nul.labels"), &err) == PRUNE_EFORMAT && strstr(err.msg, "nul.labels:2") && strstr(err.msg, "NUL"),
              "NUL in a label map: %s", err.msg);
    }
    {   /* 100,000 distinct string labels (the limit): ids by byte order, found by hash. A
           linear search took minutes here (quadratic); the bound leaves a margin of 6 */
        size_t cap = 100000 * 24 + 64, at = 0;
        char *t = (char *)malloc(cap);
        int k, ok;
        time_t t0 = time(NULL);
        at += (size_t)sprintf(t, "sentence\tlabel\n");
        for (k = 0; k < 100000; k++) at += (size_t)sprintf(t + at, "good\tl%06d\n", 99999 - k);
        test_put(test_path("many.tsv"), t, at);
        free(t);
        rc = prune_tsv_tokenize(test_path("many.tsv"), &tk, NULL, &ds, &lab, &err);
        ok = rc == PRUNE_OK && lab.count == 100000 && strcmp(lab.names[0], "l000000") == 0 && ds.labels[0] == 99999 && ds.labels[99999] == 0;
        CHECK(ok && time(NULL) - t0 < 20, "100000 distinct labels: ids in byte order, read in %lds (%s)", (long)(time(NULL) - t0), rc ? err.msg : "ok");
        if (rc == PRUNE_OK) {
            prune_labels lab3;
            rc = prune_labels_write(&lab, test_path("many.labels"), &err);
            rc = rc ? rc : prune_labels_read(&lab3, test_path("many.labels"), &err);
            CHECK(rc == PRUNE_OK && lab3.count == 100000 && strcmp(lab3.names[99999], "l099999") == 0, "and its label map back (%s)", rc ? err.msg : "ok");
            if (rc == PRUNE_OK) prune_labels_free(&lab3);
            prune_dataset_free(&ds);
            prune_labels_free(&lab);
        }
    }

    /* found by fuzz_tsv: a word the tokenizer backtracks in (pieces, then one [UNK])
       wrote past the dataset when the reader claimed unlimited room (ASan sees it) */
    rc = prune_tsv_tokenize("tests/fixtures/fuzz_tsv_backtrack.tsv", &tk, NULL, &ds, &lab, &err);
    CHECK(rc == PRUNE_OK && ds.n == 2 && ds.offsets[2] == 24, "a backtracking word stays inside the dataset (%s)", rc ? err.msg : "ok");
    if (rc == PRUNE_OK) { prune_dataset_free(&ds); prune_labels_free(&lab); }

    /* the real thing, when it is there */
    if (access("../shared/data/sst2/dev.tsv", R_OK) == 0 && access("../shared/data/agnews/test.tsv", R_OK) == 0) {
        printf("# ../shared/data found: tokenizing real SST-2 dev and AG News test with the fixture vocabulary\n");
        rc = prune_tsv_tokenize("../shared/data/sst2/dev.tsv", &tk, NULL, &ds, &lab, &err);
        CHECK(rc == PRUNE_OK && ds.n == 872 && lab.count == 2, "SST-2 dev: %lld rows (%s)", (long long)ds.n, rc ? err.msg : "ok");
        prune_dataset_free(&ds); prune_labels_free(&lab);
        rc = prune_tsv_tokenize("../shared/data/agnews/test.tsv", &tk, NULL, &ds, &lab, &err);
        CHECK(rc == PRUNE_OK && ds.n == 7600 && lab.count == 4 && strcmp(lab.names[0], "Business") == 0,
              "AG News test: %lld rows, string labels in byte order: %s, %s, %s, %s (%s)", (long long)ds.n,
              rc ? "" : lab.names[0], rc ? "" : lab.names[1], rc ? "" : lab.names[2], rc ? "" : lab.names[3], rc ? err.msg : "ok");
        prune_dataset_free(&ds); prune_labels_free(&lab);
    } else {
        printf("# SKIP: ../shared/data is absent (a fresh clone has no shared data); real-file checks not run\n");
    }
    prune_tokenizer_free(&tk);
    test_rm_tree(test_tmpdir());
    return TEST_END();
}
