/* Fuzz the RACE reader (one passage object, or JSON Lines of passages or single
   questions) and the batches of what it read. */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    static prune_tokenizer tk;
    static int have;
    prune_dataset ds;
    prune_texts tx;
    prune_error err;
    int rc;
    if (!have) {   /* the fixture vocabulary, once (run from the repository root) */
        if (prune_tokenizer_load(&tk, "tests/fixtures/tokenizer/vocab.txt", 1, &err) != PRUNE_OK) abort();
        have = 1;
    }
    rc = prune_race_tokenize(fuzz_file("race.txt", data, n), &tk, &ds, &tx, &err);
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) {
        prune_batcher bt;
        const prune_batch *b;
        int64_t i;
        if (prune_dataset_check(&ds, tk.vocab_size, ds.choices, &err) != PRUNE_OK || tx.n != ds.n) abort();
        if (prune_batcher_init(&bt, 64 * ds.choices, 32, tk.cls_id, tk.sep_id, tk.pad_id, &err) != PRUNE_OK) abort();
        for (i = 0; i < ds.n && i < 64; i++)
            if (prune_batcher_fill(&bt, &ds, &i, 1, &b, &err) != PRUNE_OK || b->B != ds.choices) abort();
        prune_batcher_free(&bt);
        prune_dataset_free(&ds);
        prune_texts_free(&tx);
    }
    return 0;
}
