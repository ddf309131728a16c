/* Fuzz the training-state loader (checksum fixed up when the first byte is 'S',
   so the header checks behind it are reached). */
#include <sys/stat.h>
#include "fuzz.h"

static prune_model m;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_error err;
    prune_progress pg;
    uint8_t *b;
    int rc;
    if (!m.params) {
        prune_model_desc d;
        memset(&d, 0, sizeof d);
        d.config.vocab_size = 8; d.config.hidden = 4; d.config.heads = 1; d.config.layers = 1; d.config.ffn = 4;
        d.config.max_pos = 4; d.config.labels = 2; d.max_batch = 1; d.training = 1; d.threads = 1;
        if (prune_model_create(&m, &d, &err) != PRUNE_OK) abort();
    }
    if (n < 1) return 0;
    b = (uint8_t *)malloc(n);
    memcpy(b, data + 1, n - 1);
    if (data[0] == 'S' && n - 1 >= 136)   /* the checksum covers header bytes 0..127 and the payload */
        prune__put_u64(b + 128, prune_hash(prune_hash(PRUNE_HASH_INIT, b, 128), b + 136, n - 1 - 136));
    rc = prune_state_load(&m, &pg, fuzz_file("state.bin", b, n - 1), &err);
    free(b);
    fuzz_check(rc, &err);
    return 0;
}
