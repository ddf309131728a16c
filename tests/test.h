/* tests/test.h - the smallest test harness that can fail.
   Every check prints "ok - what" or "not ok - what"; tests/run.sh counts them across
   binaries, and a binary also fails when it exits non-zero. */
#ifndef PRUNE_TEST_H
#define PRUNE_TEST_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test__failed, test__passed;

#define CHECK(cond, ...)                                          \
    do {                                                          \
        int ok_ = (cond) ? 1 : 0;                                 \
        if (ok_) test__passed++; else test__failed++;             \
        printf("%s - ", ok_ ? "ok" : "not ok");                   \
        printf(__VA_ARGS__);                                      \
        printf("\n");                                             \
        fflush(stdout);                                           \
    } while (0)

/* return value of main: non-zero when any check failed */
#define TEST_END() (printf("# %d passed, %d failed\n", test__passed, test__failed), test__failed != 0)

/* Largest error of a against the reference r, measured as |a - r| / max(|r|, floor):
   a relative error for values above floor, an absolute one (scaled) below it. With
   floor = atol / rtol this is "relative <= rtol, or absolute <= atol for tiny values". */
static inline double test_max_err(const double *a, const double *r, size_t n, double floor_, size_t *worst) {
    double mx = 0;
    size_t i;
    if (worst) *worst = 0;
    for (i = 0; i < n; i++) {
        double d = fabs(a[i] - r[i]) / (fabs(r[i]) > floor_ ? fabs(r[i]) : floor_);
        if (!(d <= mx)) { mx = d; if (worst) *worst = i; }
    }
    return mx;
}
/* ---- scratch files (define TEST_FILES before including): one private temporary
   directory per test binary, removed with test_rm_tree(test_tmpdir()) at the end.
   Needs POSIX, which prune.h's implementation asks for. ---- */
#ifdef TEST_FILES
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static char test__dir[256];

static inline const char *test_tmpdir(void) {
    if (!test__dir[0]) {
        snprintf(test__dir, sizeof test__dir, "/tmp/prune_test.XXXXXX");
        if (!mkdtemp(test__dir)) { fprintf(stderr, "cannot create a temporary directory\n"); exit(2); }
    }
    return test__dir;
}

/* DIR/name, in one of 4 rotating buffers (so a call may take two paths) */
static inline const char *test_path(const char *name) {
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", test_tmpdir(), name);
    return buf[k];
}

static inline void test_put(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(data, 1, n, f) != n)) { fprintf(stderr, "cannot write %s\n", path); exit(2); }
    fclose(f);
}

static inline void test_puts(const char *path, const char *text) { test_put(path, text, strlen(text)); }

/* the whole file, NUL-terminated (the NUL not counted in *n) */
static inline unsigned char *test_get(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    unsigned char *b;
    long len;
    if (!f) { fprintf(stderr, "cannot read %s\n", path); exit(2); }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    b = (unsigned char *)malloc((size_t)len + 1);
    if (!b || fread(b, 1, (size_t)len, f) != (size_t)len) { fprintf(stderr, "short read %s\n", path); exit(2); }
    fclose(f);
    b[len] = 0;
    *n = (size_t)len;
    return b;
}

static void test_rm_tree(const char *path) {
    DIR *d = opendir(path);
    struct dirent *e;
    char sub[2048];
    if (!d) { remove(path); return; }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        test_rm_tree(sub);
    }
    closedir(d);
    rmdir(path);
}
#endif
#endif
