/* Fuzz config.json: the strict JSON reader and the Hugging Face config mapping. */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_config cfg;
    prune_hf_info info;
    prune_error err;
    int rc = prune_hf_read_config(fuzz_file("config.json", data, n), &cfg, &info, &err);
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) prune_hf_info_free(&info);
    return 0;
}
