/* Fuzz the WordPiece tokenizer: arbitrary bytes as text (invalid UTF-8, control
   characters, huge words) through the fixture vocabulary, uncased and cased
   (first byte picks), and arbitrary bytes as a vocabulary file (first byte 'v'). */
#include <sys/stat.h>
#include "fuzz.h"

static prune_tokenizer uncased, cased;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_error err;
    int32_t *ids;
    size_t got, i;
    int rc;
    if (!uncased.vocab_size) {
        if (prune_tokenizer_load(&uncased, "tests/fixtures/tokenizer/vocab.txt", 1, &err) != PRUNE_OK ||
            prune_tokenizer_load(&cased, "tests/fixtures/tokenizer/vocab.txt", 0, &err) != PRUNE_OK) {
            fprintf(stderr, "run from the repository root: %s\n", err.msg);
            abort();
        }
    }
    if (n < 1) return 0;
    if (data[0] == 'v') {
        prune_tokenizer tk;
        rc = prune_tokenizer_load(&tk, fuzz_file("vocab.txt", data + 1, n - 1), 1, &err);
        fuzz_check(rc, &err);
        if (rc == PRUNE_OK) {
            rc = prune_tokenize(&tk, "Hello, world! Ünïcödé 中文", 27, NULL, 0, &got, &err);
            prune_tokenizer_free(&tk);
        }
        return 0;
    }
    ids = (int32_t *)malloc(sizeof(int32_t) * (PRUNE_TOKENIZE_MAX(n - 1) + 1));
    rc = prune_tokenize(data[0] & 1 ? &cased : &uncased, (const char *)data + 1, n - 1, ids, PRUNE_TOKENIZE_MAX(n - 1), &got, &err);
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) {
        if (got > PRUNE_TOKENIZE_MAX(n - 1)) abort();              /* the documented bound holds */
        for (i = 0; i < got; i++) if (ids[i] < 0 || ids[i] >= uncased.vocab_size) abort();
    }
    free(ids);
    return 0;
}
