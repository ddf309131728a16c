/* Fuzz the SQuAD reader, and what runs on what it read: run_qa.py's features (small
   windows, so contexts span several), answers from logits, the official metric. */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    static prune_tokenizer tk;
    static int have;
    prune_squad sq;
    prune_error err;
    int rc;
    if (!have) {   /* the fixture vocabulary, once (run from the repository root) */
        if (prune_tokenizer_load(&tk, "tests/fixtures/tokenizer/vocab.txt", 1, &err) != PRUNE_OK) abort();
        have = 1;
    }
    rc = prune_squad_load(fuzz_file("squad.json", data, n), &sq, &err);
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) {
        prune_dataset ds;
        prune_squad_features f;
        rc = prune_squad_features_make(&sq, 0, sq.n, &tk, 24, 4, PRUNE_PAIRS_BERT, &ds, &f, &err);
        fuzz_check(rc, &err);
        if (rc == PRUNE_OK) {
            float *z = (float *)calloc(2 * (size_t)ds.n * 24 + 1, sizeof(float));
            prune_squad_answers a;
            prune_squad_metrics m;
            size_t i;
            if (!z) abort();
            for (i = 0; i < 2 * (size_t)ds.n * 24; i++) z[i] = (float)((i * 2654435761u) % 97) / 10.0f;   /* some order */
            if (prune_dataset_check(&ds, tk.vocab_size, 2, &err) != PRUNE_OK) abort();
            rc = prune_squad_postprocess(&ds, &f, &sq, z, z + (size_t)ds.n * 24, 20, 30, 0.0, &a, &err);
            fuzz_check(rc, &err);
            if (rc == PRUNE_OK) {
                if (prune_squad_score(&sq, &a, NULL, NULL, &m, &err) != PRUNE_OK) abort();
                prune_squad_answers_free(&a);
            }
            free(z);
            prune_dataset_free(&ds);
            prune_squad_features_free(&f);
        }
        prune_squad_free(&sq);
    }
    return 0;
}
