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
#endif
