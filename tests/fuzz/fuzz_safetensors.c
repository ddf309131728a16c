/* Fuzz model.safetensors: header length, JSON header, dtypes, offsets, shapes, into
   a tiny model (the shape of tests/fixtures/hf/bert, so real tensors can match). */
#include <sys/stat.h>
#include "fuzz.h"

static prune_model m;
static prune_hf_info info;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_error err;
    prune_load_report rep;
    int rc;
    if (!m.params) {
        prune_model_desc d;
        prune_config cfg;
        if (prune_hf_read_config("tests/fixtures/hf/bert/config.json", &cfg, &info, &err) != PRUNE_OK) {
            fprintf(stderr, "run from the repository root: %s\n", err.msg);
            abort();
        }
        memset(&d, 0, sizeof d);
        d.config = cfg; d.max_batch = 1; d.max_len = 8; d.training = 0; d.threads = 1;
        if (prune_model_create(&m, &d, &err) != PRUNE_OK) abort();
    }
    rc = prune_hf_load_weights(&m, fuzz_file("model.safetensors", data, n), &info, 1, &rep, &err);
    fuzz_check(rc, &err);
    return 0;
}
