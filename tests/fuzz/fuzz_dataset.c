/* Fuzz the tokenized-dataset readers: the text format, and the binary format with
   the checksum fixed up (first byte 1) so the fuzzer gets past it to the structure
   checks, or left as it is (first byte 0) to exercise the checksum path. */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_dataset ds;
    prune_error err;
    int rc;
    if (n < 1) return 0;
    if (data[0] == 't') {
        rc = prune_dataset_read_text(&ds, fuzz_file("ds.tsv", data + 1, n - 1), &err);
    } else {
        uint8_t *b = (uint8_t *)malloc(n);
        memcpy(b, data + 1, n - 1);
        if (data[0] == 'B' && n - 1 >= 48) prune__put_u64(b + 40, prune_hash(PRUNE_HASH_INIT, b + 48, n - 1 - 48));
        rc = prune_dataset_load(&ds, fuzz_file("ds.bin", b, n - 1), &err);
        free(b);
    }
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) {
        /* what loads must be usable: check it, batch it, write it back */
        prune_batcher bt;
        int64_t i, k = ds.n < 4 ? ds.n : 4, ex[4];
        prune_dataset_check(&ds, 1000, 0, &err);
        for (i = 0; i < k; i++) ex[i] = i;
        if (prune_batcher_init(&bt, 4, 16, 1, 2, 0, &err) == PRUNE_OK) {
            const prune_batch *b;
            prune_batcher_fill(&bt, &ds, ex, (int)k, &b, &err);
            prune_batcher_free(&bt);
        }
        prune_dataset_write_text(&ds, fuzz_file("back.tsv", NULL, 0), &err);
        prune_dataset_free(&ds);
    }
    return 0;
}
