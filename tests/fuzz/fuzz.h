/* tests/fuzz/fuzz.h - shared by the libFuzzer harnesses (make fuzz).

   The library's readers take paths, as users call them, so each input is written
   to a file in a private temporary directory (under /dev/shm when it exists: no
   disk I/O) and read back through the public API. A harness passes when the reader
   returns PRUNE_OK or a clean error with a message; ASan and UBSan catch the rest. */
#ifndef PRUNE_FUZZ_H
#define PRUNE_FUZZ_H
#define PRUNE_IMPLEMENTATION
#include "../../prune.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz__dir[256];

/* path of a scratch file named `name`, after writing data[0..n) into it */
static const char *fuzz_file(const char *name, const uint8_t *data, size_t n) {
    static char path[512];
    FILE *f;
    if (!fuzz__dir[0]) {
        snprintf(fuzz__dir, sizeof fuzz__dir, "%s/prune_fuzz.%ld", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
        if (mkdir(fuzz__dir, 0700) != 0 && access(fuzz__dir, W_OK) != 0) abort();
    }
    snprintf(path, sizeof path, "%s/%s", fuzz__dir, name);
    f = fopen(path, "wb");
    if (!f) abort();
    if (n && fwrite(data, 1, n, f) != n) abort();
    fclose(f);
    return path;
}

/* a failing reader must say why */
static void fuzz_check(int rc, const prune_error *err) {
    if (rc != PRUNE_OK && (rc > 0 || err->code != rc || err->msg[0] == 0)) abort();
}
#endif
