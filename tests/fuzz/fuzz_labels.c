/* Fuzz the label-map reader ("id<TAB>name" lines). */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
    prune_labels l;
    prune_error err;
    int rc = prune_labels_read(&l, fuzz_file("labels.tsv", data, n), &err);
    fuzz_check(rc, &err);
    if (rc == PRUNE_OK) prune_labels_free(&l);
    return 0;
}
