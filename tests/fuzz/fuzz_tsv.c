/* Fuzz the table reader (TSV plain or quoted, CSV, JSON Lines: header, columns,
   labels, texts) with the fixture vocabulary; the last byte picks the format, the
   quoting, no-header (columns 1 and 2) and a dropped label (a line end: all defaults). What loads must also
   write, and prune_tsv_texts must read the same rows. */
#include <sys/stat.h>
#include "fuzz.h"

static prune_tokenizer tk;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_error err;
    prune_dataset ds;
    prune_labels lab;
    prune_tsv_desc d;
    prune_texts tx;
    char in[512];
    int rc;
    if (!tk.vocab_size && prune_tokenizer_load(&tk, "tests/fixtures/tokenizer/vocab.txt", 1, &err) != PRUNE_OK) {
        fprintf(stderr, "run from the repository root: %s\n", err.msg);
        abort();
    }
    memset(&d, 0, sizeof d);
    if (n > 0) {   /* the last byte, a line end in most inputs (and then all defaults) */
        unsigned m = (unsigned)(data[n - 1] ^ '\n');
        d.format = (int)(m & 3); d.quoting = (int)((m >> 2) % 3); d.no_header = (m >> 4) & 1;
        if (d.no_header) { d.text_a = "1"; d.label = "2"; }
        if (m & 0x20) d.drop_label = "-";
    }
    snprintf(in, sizeof in, "%s", fuzz_file("in.tsv", data, n));
    rc = prune_tsv_tokenize(in, &tk, &d, &ds, &lab, &err);
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) {
        if (prune_dataset_check(&ds, tk.vocab_size, lab.count, &err) != PRUNE_OK) abort();
        /* the texts of the same rows */
        if (prune_tsv_texts(in, &d, &tx, &err) != PRUNE_OK || tx.n != ds.n) abort();
        {
            int64_t i;
            for (i = 0; i < ds.n; i++) if (tx.rows[i] != ds.rows[i]) abort();
        }
        prune_texts_free(&tx);
        prune_labels_write(&lab, fuzz_file("out.labels", NULL, 0), &err);
        prune_dataset_free(&ds);
        prune_labels_free(&lab);
    }
    return 0;
}
