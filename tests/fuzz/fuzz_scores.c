/* Fuzz the score-file loader. With first byte 'S' the header checksum and every
   whole block's checksum are fixed up, so the fuzzer reaches the structure checks
   behind them; otherwise the bytes are taken as they are. */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_scores s;
    prune_error err;
    uint8_t *b;
    int rc;
    if (n < 1) return 0;
    b = (uint8_t *)malloc(n);
    memcpy(b, data + 1, n - 1);
    if (data[0] == 'S' && n - 1 >= 56) {   /* either version's checksums */
        uint32_t runs = prune__get_u32(b + 12), version = prune__get_u32(b + 8) == 1 ? 1 : 2;
        uint64_t cnt = prune__get_u64(b + 24);
        if (runs >= 1 && runs <= PRUNE_MAX_RUNS && cnt >= 1 && cnt < n && n - 1 >= prune__sc_header_size((int)version, (int)runs, (int64_t)cnt)) {
            size_t hs = prune__sc_header_size((int)version, (int)runs, (int64_t)cnt), at;
            size_t bs = prune__sc_block_size((int)version, (int64_t)cnt);
            prune__put_u64(b + 48, version == 1 ? prune_hash(prune_hash(PRUNE_HASH_INIT, b, 48), b + 56, 4 * (size_t)runs)
                                                : prune__sc_header_sum(b, hs));
            for (at = hs; at + bs <= n - 1; at += bs) prune__put_u64(b + at + bs - 8, prune_hash(PRUNE_HASH_INIT, b + at, bs - 8));
        }
    }
    rc = prune_scores_load(&s, fuzz_file("run.scores", b, n - 1), &err);
    free(b);
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) {
        int32_t *h = (int32_t *)malloc(sizeof(int32_t) * (size_t)s.n);
        int64_t *out = (int64_t *)malloc(sizeof(int64_t) * (size_t)s.n);
        int k;
        prune_hscores(&s, h);
        for (k = 0; k < PRUNE_BASELINE_COUNT; k++) prune_baseline(&s, k, s.n / 2, 1, out, &err);
        if (s.classes > 0) {   /* the health and the class-relative H read the file's labels */
            prune_epoch_health eh;
            prune_epoch_health_compute(&s, 0, 0, NULL, 0, &eh, &err);
            prune_hscores_relative(&s, NULL, 0, h, &err);
        }
        free(h);
        free(out);
        prune_scores_free(&s);
    }
    return 0;
}
