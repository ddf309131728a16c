/* Fuzz the byte-level BPE tokenizer: arbitrary bytes as text (first byte 't':
   invalid UTF-8, white-space runs, added tokens, pieces of any length) through the
   fixture tokenizer of tests/fixtures/bpe; arbitrary bytes as vocab.json (first
   byte 'v', with the fixture's merges.txt) or as merges.txt (first byte 'm', with
   the fixture's vocab.json). */
#include <sys/stat.h>
#include "fuzz.h"

static prune_tokenizer fixture;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_error err;
    prune_tokenizer tk;
    int32_t *ids;
    size_t got, i;
    int rc;
    if (!fixture.vocab_size && prune_tokenizer_load_dir(&fixture, "tests/fixtures/bpe", &err) != PRUNE_OK) {
        fprintf(stderr, "run from the repository root: %s\n", err.msg);
        abort();
    }
    if (n < 1) return 0;
    if (data[0] == 'v' || data[0] == 'm') {
        rc = data[0] == 'v' ? prune_tokenizer_load_bpe(&tk, fuzz_file("vocab.json", data + 1, n - 1), "tests/fixtures/bpe/merges.txt", &err)
                            : prune_tokenizer_load_bpe(&tk, "tests/fixtures/bpe/vocab.json", fuzz_file("merges.txt", data + 1, n - 1), &err);
        fuzz_check(rc, &err);
        if (rc == PRUNE_OK) {
            rc = prune_tokenize(&tk, "Hello, world! Ünïcödé 中文 <mask>", 33, NULL, 0, &got, &err);
            fuzz_check(rc, &err);
            prune_tokenizer_free(&tk);
        }
        return 0;
    }
    ids = (int32_t *)malloc(sizeof(int32_t) * (PRUNE_TOKENIZE_MAX(n - 1) + 1));
    rc = prune_tokenize(&fixture, (const char *)data + 1, n - 1, ids, PRUNE_TOKENIZE_MAX(n - 1), &got, &err);
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) {
        if (got > PRUNE_TOKENIZE_MAX(n - 1)) abort();              /* the documented bound holds */
        for (i = 0; i < got; i++) if (ids[i] < 0 || ids[i] >= fixture.vocab_size) abort();
    }
    free(ids);
    return 0;
}
