/* tests/test_gemm.c - the matrix products: every micro-kernel this CPU has, every
   form (A·B, A·Bᵀ, Aᵀ·B, Aᵀ·Bᵀ), beta 0 and 1, with and without a bias row, on
   shapes that hit every edge (ragged MR/NR panels, several KC slices, several
   column chunks of the shared B buffer, both ways of cutting the work between
   tasks, K = 0).

   1. Against a plain double-precision triple loop: error within 1e-5 of the sum
      of |terms| of each element (float rounding is ~1e-7 of it).
   2. Parallel (prune__matmul_builtin) on pools of 1, 2 and 3 threads: the same
      bits, and the same bits as the serial product (prune__gemm_builtin).
   3. In a PRUNE_USE_CBLAS build (make CBLAS=1): the CBLAS path within 1e-5 of the
      built-in one, the same relative measure.
   4. The linear layer's form (A·Bᵀ + bias) against Part A's five-line
      prune__matmul_reference: within 1e-5 on every kernel, and the same bits on
      the portable kernel when K fits one KC slice (one running sum per element,
      in k order, as the reference has). */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include "test.h"

typedef struct shape { int M, N, K; } shape;

static float frand(uint64_t *r) {
    *r = prune__mix(*r);
    return (float)((int)(*r & 0xffff) - 32768) / 32768.0f;
}

/* C = op(A)·op(B) + (bias or beta·C0), in double; mag = Σ|terms| per element */
static void reference(int ta, int tb, int M, int N, int K, const float *A, const float *B, const float *bias,
                      float beta, const float *C0, double *ref, double *mag) {
    int i, j, k;
    int lda = ta ? M : K, ldb = tb ? K : N;
    for (i = 0; i < M; i++)
        for (j = 0; j < N; j++) {
            double s = 0, m = 0;
            for (k = 0; k < K; k++) {
                double a = ta ? A[(size_t)k * lda + i] : A[(size_t)i * lda + k];
                double b = tb ? B[(size_t)j * ldb + k] : B[(size_t)k * ldb + j];
                s += a * b;
                m += fabs(a * b);
            }
            if (bias) { s += bias[j]; m += fabs(bias[j]); }
            if (beta != 0) { s += C0[(size_t)i * N + j]; m += fabs(C0[(size_t)i * N + j]); }
            ref[(size_t)i * N + j] = s;
            mag[(size_t)i * N + j] = m > 1e-30 ? m : 1e-30;
        }
}

static double rel_err(const float *c, const double *ref, const double *mag, size_t n) {
    double worst = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        double e = fabs((double)c[i] - ref[i]) / mag[i];
        if (!(e <= worst)) worst = e;
    }
    return worst;
}

int main(void) {
    static const shape shapes[] = {{1, 1, 1}, {7, 5, 3}, {13, 37, 300}, {200, 70, 520}, {800, 100, 300},
                                   {37, 200, 600}, {9, 33, 0}, {64, 64, 64}, {130, 96, 257}};
    static const char *kernels[] = {"portable", "avx2", "avx512"};
    const int nshapes = (int)(sizeof shapes / sizeof shapes[0]);
    int ki, si, form, variant;
    for (ki = 0; ki < 3; ki++) {
        prune__pool *pool[3];
        int t, tested = 0;
        double worst = 0, worst_blas = 0;
        int bits_ok = 1, serial_ok = 1, ref_tested = 0, ref_bits = 1;
        double worst_ref = 0;
        if (!prune_gemm_kernel(kernels[ki])) { printf("# kernel %s: not on this CPU or build, skipped\n", kernels[ki]); continue; }
        /* a small shared buffer (64 columns per KC slice) so wide products take several chunks */
        for (t = 0; t < 3; t++) {
            pool[t] = prune__pool_create(t + 1, PRUNE__GEMM_SCRATCH, (size_t)PRUNE__KC * 64, NULL);
            if (!pool[t]) { fprintf(stderr, "out of memory\n"); return 2; }
            pool[t]->kern = prune__kernel_current();
        }
        for (si = 0; si < nshapes; si++)
            for (form = 0; form < 4; form++)
                for (variant = 0; variant < 3; variant++) {   /* beta 0, beta 1, bias */
                    const shape *s = &shapes[si];
                    int ta = form & 1, tb = form >> 1, M = s->M, N = s->N, K = s->K;
                    int lda = ta ? M : K, ldb = tb ? K : N;
                    float beta = variant == 1 ? 1.0f : 0.0f;
                    size_t na = (size_t)M * (K ? K : 1), nb = (size_t)(K ? K : 1) * N, nc = (size_t)M * N, i;
                    float *A = (float *)malloc(na * sizeof(float)), *B = (float *)malloc(nb * sizeof(float));
                    float *bias = (float *)malloc((size_t)N * sizeof(float)), *C0 = (float *)malloc(nc * sizeof(float));
                    float *C[4], *work = (float *)malloc(PRUNE__GEMM_SCRATCH * sizeof(float));
                    double *ref = (double *)malloc(nc * sizeof(double)), *mag = (double *)malloc(nc * sizeof(double));
                    uint64_t r = (uint64_t)(si * 16 + form * 4 + variant);
                    for (t = 0; t < 4; t++) C[t] = (float *)malloc(nc * sizeof(float));
                    if (!A || !B || !bias || !C0 || !work || !ref || !mag || !C[0] || !C[1] || !C[2] || !C[3]) { fprintf(stderr, "out of memory\n"); return 2; }
                    for (i = 0; i < na; i++) A[i] = frand(&r);
                    for (i = 0; i < nb; i++) B[i] = frand(&r);
                    for (i = 0; i < (size_t)N; i++) bias[i] = frand(&r);
                    for (i = 0; i < nc; i++) C0[i] = frand(&r);
                    reference(ta, tb, M, N, K, A, B, variant == 2 ? bias : NULL, beta, C0, ref, mag);
                    for (t = 0; t < 3; t++) {
                        memcpy(C[t], C0, nc * sizeof(float));
                        prune__matmul_builtin(pool[t], ta, tb, M, N, K, A, lda, B, ldb, variant == 2 ? bias : NULL, beta, C[t], N);
                    }
                    {
                        double e = rel_err(C[0], ref, mag, nc);
                        if (e > worst) worst = e;
                        if (e > 1e-5)
                            printf("# %s %dx%dx%d ta %d tb %d variant %d: error %.3g\n", kernels[ki], M, N, K, ta, tb, variant, e);
                    }
                    if (memcmp(C[0], C[1], nc * sizeof(float)) != 0 || memcmp(C[0], C[2], nc * sizeof(float)) != 0) {
                        bits_ok = 0;
                        printf("# %s %dx%dx%d ta %d tb %d variant %d: thread counts differ\n", kernels[ki], M, N, K, ta, tb, variant);
                    }
                    if (!ta && tb && variant != 1) {   /* the linear layer, against Part A's reference */
                        double e = 0;
                        prune__matmul_reference(C[3], A, B, variant == 2 ? bias : NULL, M, K, N);
                        for (i = 0; i < nc; i++) {
                            double d = fabs((double)C[3][i] - (double)C[0][i]) / mag[i];
                            if (!(d <= e)) e = d;
                        }
                        if (e > worst_ref) worst_ref = e;
                        if (ki == 0 && K <= PRUNE__KC && memcmp(C[0], C[3], nc * sizeof(float)) != 0) ref_bits = 0;
                        ref_tested++;
                    }
                    if (variant != 2) {   /* the serial product has no bias */
                        memcpy(C[3], C0, nc * sizeof(float));
                        prune__gemm_builtin(pool[0]->kern, ta, tb, M, N, K, A, lda, B, ldb, beta, C[3], N, work);
                        if (memcmp(C[0], C[3], nc * sizeof(float)) != 0) {
                            serial_ok = 0;
                            printf("# %s %dx%dx%d ta %d tb %d variant %d: serial differs from parallel\n", kernels[ki], M, N, K, ta, tb, variant);
                        }
                    }
#ifdef PRUNE_USE_CBLAS
                    {
                        double e;
                        memcpy(C[3], C0, nc * sizeof(float));
                        prune__matmul(pool[1], ta, tb, M, N, K, A, lda, B, ldb, variant == 2 ? bias : NULL, beta, C[3], N);
                        for (i = 0, e = 0; i < nc; i++) {
                            double d = fabs((double)C[3][i] - (double)C[0][i]) / mag[i];
                            if (!(d <= e)) e = d;
                        }
                        if (e > worst_blas) worst_blas = e;
                    }
#endif
                    tested++;
                    free(A); free(B); free(bias); free(C0); free(work); free(ref); free(mag);
                    for (t = 0; t < 4; t++) free(C[t]);
                }
        CHECK(worst <= 1e-5, "%s kernel (MR %d, NR %d): %d products within 1e-5 of double (worst %.3g of the sum of |terms|)",
              kernels[ki], pool[0]->kern->mr, pool[0]->kern->nr, tested, worst);
        CHECK(bits_ok, "%s kernel: 1, 2 and 3 threads give the same bits on all %d", kernels[ki], tested);
        CHECK(worst_ref <= 1e-5 && ref_tested > 0, "%s kernel: inp·Wᵀ + b within 1e-5 of prune__matmul_reference on %d (worst %.3g)",
              kernels[ki], ref_tested, worst_ref);
        if (ki == 0) CHECK(ref_bits, "portable kernel: the reference's bits when K <= KC (one sum per element, k in order)");
        CHECK(serial_ok, "%s kernel: the parallel product gives the serial product's bits", kernels[ki]);
#ifdef PRUNE_USE_CBLAS
        CHECK(worst_blas <= 1e-5, "CBLAS path within 1e-5 of the built-in %s kernel on all %d (worst %.3g)", kernels[ki], tested, worst_blas);
#else
        (void)worst_blas;
#endif
        for (t = 0; t < 3; t++) prune__pool_free(pool[t]);
    }
    prune_gemm_kernel("auto");
    CHECK(prune_gemm_kernel(NULL) != NULL && prune_gemm_kernel("no-such-kernel") == NULL &&
          strcmp(prune_gemm_kernel(NULL), prune_gemm_kernel("auto")) == 0,
          "prune_gemm_kernel: reports the kernel (%s), refuses an unknown name, keeps the choice", prune_gemm_kernel(NULL));
    return TEST_END();
}
