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

/* two datasets hold the same examples: labels, rows, ids, segment lengths */
static int same_dataset(const prune_dataset *a, const prune_dataset *b, const int64_t *rows) {
    int64_t i;
    if (a->n != b->n || a->pairs != b->pairs || a->offsets[a->n] != b->offsets[b->n]) return 0;
    for (i = 0; i < a->n; i++)
        if (a->labels[i] != b->labels[i] || b->rows[i] != (rows ? rows[i] : a->rows[i]) || a->len_a[i] != b->len_a[i] ||
            a->offsets[i] != b->offsets[i])
            return 0;
    return memcmp(a->ids, b->ids, sizeof(int32_t) * (size_t)a->offsets[a->n]) == 0;
}

/* file `name` holding `text`, read with d, against the plain TSV `ref` read with NULL */
static void same_as(const prune_tokenizer *tk, const char *what, const char *name, const char *text, const prune_tsv_desc *d,
                    const char *ref) {
    static const int64_t snli_rows[2] = {0, 2};   /* a dropped row keeps the numbering */
    const int64_t *rows = d && d->drop_label ? snli_rows : NULL;
    prune_dataset a, b;
    prune_error err;
    int rc;
    test_puts(test_path("ref.tsv"), ref);
    test_puts(test_path(name), text);
    rc = prune_tsv_tokenize(test_path("ref.tsv"), tk, NULL, &a, NULL, &err);
    CHECK(rc == PRUNE_OK, "%s: the reference TSV reads (%s)", what, rc ? err.msg : "ok");
    if (rc) return;
    rc = prune_tsv_tokenize(test_path(name), tk, d, &b, NULL, &err);
    CHECK(rc == PRUNE_OK && same_dataset(&a, &b, rows), "%s: the same examples, id for id, as the plain TSV (%s)", what, rc ? err.msg : "ok");
    prune_dataset_free(&a);
    if (rc == PRUNE_OK) prune_dataset_free(&b);
}

static void refused(const prune_tokenizer *tk, const char *what, const char *name, const char *text, const prune_tsv_desc *d,
                    const char *s1, const char *s2) {
    prune_dataset a;
    prune_error err;
    int rc;
    test_puts(test_path(name), text);
    rc = prune_tsv_tokenize(test_path(name), tk, d, &a, NULL, &err);
    CHECK(rc != PRUNE_OK && strstr(err.msg, s1) && (!s2 || strstr(err.msg, s2)) && a.mem == NULL, "%s: %s", what, err.msg);
    if (rc == PRUNE_OK) prune_dataset_free(&a);
}

/* The formats users have: quoted TSV and CSV (RFC 4180, as pandas and Python's csv
   write them), JSON Lines, a byte-order mark, CRLF, no header; each read to the same
   examples as the plain TSV of the same texts. */
static void test_formats(const prune_tokenizer *tk) {
    prune_tsv_desc d;
    const char *ref = "sentence\tlabel\nhe said \"wow\"\t1\ntab\there\t0\nline\nbreak\t1\n";
    /* the plain TSV cannot hold a tab or a line break in a text: the reference spells them as spaces */
    const char *ref_sp = "sentence\tlabel\nhe said \"wow\"\t1\ntab here\t0\nline break\t1\n";
    memset(&d, 0, sizeof d);
    /* pandas' df.to_csv(sep="\t"): a field with a quote, tab or line break is quoted, quotes doubled */
    same_as(tk, "quoted TSV (pandas)", "pandas.tsv", "sentence\tlabel\n\"he said \"\"wow\"\"\"\t1\n\"tab\there\"\t0\n\"line\nbreak\"\t1\n", &d, ref_sp);
    /* the same as CSV, and with every field quoted (QUOTE_ALL), and CRLF + a byte-order mark */
    same_as(tk, "CSV (pandas)", "pandas.csv", "sentence,label\n\"he said \"\"wow\"\"\",1\ntab\there,0\n\"line\nbreak\",1\n", &d, ref_sp);
    same_as(tk, "CSV, every field quoted", "all.csv", "\"sentence\",\"label\"\n\"he said \"\"wow\"\"\",\"1\"\n\"tab\there\",\"0\"\n\"line\nbreak\",\"1\"\n",
            &d, ref_sp);
    same_as(tk, "CSV with a byte-order mark and CRLF", "bom.csv",
            "\xEF\xBB\xBFsentence,label\r\n\"he said \"\"wow\"\"\",1\r\ntab\there,0\r\n\"line\r\nbreak\",1\r\n", &d, ref_sp);
    /* GLUE's plain TSV keeps working: quotes are text, also at the start of a field */
    same_as(tk, "plain TSV with quotes as text", "glue.tsv", "sentence\tlabel\n\"Hello,\" he said.\t1\n\"Hi\"\t0\n",
            &d, "sentence\tlabel\n\"Hello,\" he said.\t1\n\"Hi\"\t0\n");
    (void)ref;
    /* JSON Lines as datasets' to_json writes them: keys as columns, integer labels */
    same_as(tk, "JSON Lines", "data.jsonl",
            "{\"sentence\":\"he said \\\"wow\\\"\",\"label\":1}\n{\"sentence\":\"tab\\there\",\"label\":0}\n{\"sentence\":\"line\\nbreak\",\"label\":1}\n",
            &d, ref_sp);
    /* SNLI's release: gold_label, and "-" for no gold label, dropped only when asked */
    d.drop_label = "-";
    same_as(tk, "JSON Lines, SNLI's gold_label with '-' dropped", "snli.jsonl",
            "{\"gold_label\":\"neutral\",\"sentence1\":\"a b\",\"sentence2\":\"c\"}\n"
            "{\"gold_label\":\"-\",\"sentence1\":\"x\",\"sentence2\":\"y\"}\n"
            "{\"gold_label\":\"entailment\",\"sentence1\":\"d\",\"sentence2\":\"e f\"}\n",
            &d, "sentence1\tsentence2\tlabel\na b\tc\tneutral\nd\te f\tentailment\n");
    d.drop_label = NULL;
    /* no header: columns by number (GLUE's CoLA: source, label, original label, sentence) */
    d.no_header = 1; d.text_a = "4"; d.label = "2";
    same_as(tk, "no header, columns by number (CoLA's layout)", "cola.tsv", "gj04\t1\t\tthe cat sat\nclc95\t0\t*\tcat the sat\n", &d,
            "sentence\tlabel\nthe cat sat\t1\ncat the sat\t0\n");
    memset(&d, 0, sizeof d);

    /* errors that say what to do */
    refused(tk, "a comma file read as TSV says it looks comma-separated", "commas.tsv", "sentence,label\na b,1\n", &d, "comma-separated", "--format csv");
    refused(tk, "a missing column lists the columns there are", "cols.tsv", "text_x\tlabel\na\t1\n", &d, "'text_x'", "'label'");
    refused(tk, "quoting evidence both ways is an error that says how to choose", "mixed.tsv",
            "sentence\tlabel\n\"he said \"\"wow\"\"\"\t1\n\"Hello,\" he said.\t0\n", &d, "ambiguous", "--quoting");
    refused(tk, "a quoted field that never ends names its line", "open.csv", "sentence,label\n\"abc,1\nx,0\n", &d, "open.csv:2:", "never ends");
    refused(tk, "text after a closing quote names its line", "junk.csv", "sentence,label\n\"abc\"d,1\n", &d, "junk.csv:2:", "closing quote");
    refused(tk, "JSON Lines: a row that is not an object", "bad.jsonl", "{\"sentence\":\"a\",\"label\":1}\n[1]\n", &d, "bad.jsonl:2:", "not a JSON object");
    refused(tk, "JSON Lines: a row without a key the first has", "miss.jsonl", "{\"sentence\":\"a\",\"label\":1}\n{\"sentence\":\"b\"}\n", &d,
            "miss.jsonl:2:", "\"label\"");
    refused(tk, "JSON Lines: a text that is not a string", "arr.jsonl", "{\"sentence\":[1],\"label\":1}\n", &d, "arr.jsonl:1:", "not text");
    d.no_header = 1;
    refused(tk, "no header and no column number for the text", "nohead.tsv", "a\t1\n", &d, "--text-a N", NULL);
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
    CHECK(prune_tsv_tokenize(test_path("mnli.tsv"), &tk, &d, &ds, NULL, &err) == PRUNE_EARG && strstr(err.msg, "no column 'missing'") && strstr(err.msg, "'premise'"), "missing column: %s", err.msg);

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
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "nul.tsv:3:") && strstr(err.msg, "NUL") && ds.mem == NULL, "NUL in a label: %s", err.msg);
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

    test_formats(&tk);

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
