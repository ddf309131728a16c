/* Fuzz the GLUE TSV reader (header, columns, labels, texts) with the fixture
   vocabulary; what loads must also write and batch. */
#include <sys/stat.h>
#include "fuzz.h"

static prune_tokenizer tk;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_error err;
    prune_dataset ds;
    prune_labels lab;
    int rc;
    if (!tk.vocab_size && prune_tokenizer_load(&tk, "tests/fixtures/tokenizer/vocab.txt", 1, &err) != PRUNE_OK) {
        fprintf(stderr, "run from the repository root: %s\n", err.msg);
        abort();
    }
    rc = prune_tsv_tokenize(fuzz_file("in.tsv", data, n), &tk, NULL, &ds, &lab, &err);
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) {
        if (prune_dataset_check(&ds, tk.vocab_size, lab.count, &err) != PRUNE_OK) abort();
        prune_labels_write(&lab, fuzz_file("out.labels", NULL, 0), &err);
        prune_dataset_free(&ds);
        prune_labels_free(&lab);
    }
    return 0;
}
