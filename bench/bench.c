/* bench/bench.c - `make bench`: prune.h against PyTorch on this machine, side by side.

   One run prints, and writes as TSV (bench/results.tsv):
     1. a GEMM table: every matrix product of a training step of each model, built-in
        kernel vs OpenBLAS, GFLOP/s, and from it the step's "GEMM-only bound": the
        time its products alone take at OpenBLAS's rates;
     2. training and inference throughput, one row per (config, length, threads,
        mode), for prune.h's built-in GEMM, prune.h + OpenBLAS (bench-blas, the same
        code built with PRUNE_USE_CBLAS) and PyTorch (bench/torch_bench.py: the same
        model in plain torch.nn), run interleaved for several rounds; the best round
        of each with the spread between rounds;
     3. the padded-token waste of batching real SST-2 lengths (when ../shared/data
        is there), fixed vs dynamic vs length-bucketed batches;
     4. the cost of recording per-example scores during training (phase 1).

   Models: tiny (2 layers, hidden 128, 2 heads, FFN 512), mini (4, 256, 4, 1024),
   MiniLM-L6 (6, 384, 12, 1536, all-MiniLM-L6-v2's shape), all BERTs with BERT's
   vocabulary; and the paper's two families at base size (12, 768, 12, 3072):
   RoBERTa-base (RoBERTa's vocabulary, positions and head) and OPT-125m (pre-LN
   decoder, causal mask, ReLU, head on the last token). Random weights, batch
   32, every sequence exactly the length (no padding), dropout 0.1 (OPT's: none on
   the attention probabilities, as its config), AdamW with clipping and warm-up.
   The two base-size models run at length 128 on the most threads only (a step
   takes seconds), unless --len or --threads asks otherwise. GFLOP/s counts 2 flops per multiply-add of the matrix
   products (projections, FFN, attention); a training step counts 3 forward passes.

   Every measurement runs in a child process of its own, so peak RSS is that of
   one model. Options: see --help. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#ifdef PRUNE_USE_CBLAS
void openblas_set_num_threads(int n);   /* OpenBLAS's own call, not part of CBLAS */
#define IMPL "openblas"
#else
#define IMPL "builtin"
#endif

enum { BATCH = 32, NIMPL = 3, MAXROWS = 64, MAXPROD = 24 };
static const char *impl_names[NIMPL] = {"builtin", "openblas", "torch"};

enum { ARCH_BERT, ARCH_ROBERTA, ARCH_OPT };
typedef struct shape { const char *name; int layers, hidden, heads, ffn, arch, vocab; } shape;
static const shape shapes[] = {{"tiny", 2, 128, 2, 512, ARCH_BERT, 30522},
                               {"mini", 4, 256, 4, 1024, ARCH_BERT, 30522},
                               {"MiniLM-L6", 6, 384, 12, 1536, ARCH_BERT, 30522},
                               {"RoBERTa-base", 12, 768, 12, 3072, ARCH_ROBERTA, 50265},
                               {"OPT-125m", 12, 768, 12, 3072, ARCH_OPT, 50272}};
#define NSHAPES 5

static const shape *find_shape(const char *name) {
    int i;
    for (i = 0; i < NSHAPES; i++) if (strcmp(shapes[i].name, name) == 0) return &shapes[i];
    return NULL;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double peak_rss_mb(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;   /* Linux: KiB */
}

/* flops of one forward pass over B sequences of T tokens */
static double forward_flops(const shape *s, int B, int T, int K) {
    double N = (double)B * T, C = s->hidden, F = s->ffn;
    double layer = 2 * N * (4 * C * C + 2 * C * F) + 4.0 * B * (double)T * T * C;
    return s->layers * layer + 2.0 * B * (C * C + C * K);
}

/* ---- one throughput measurement (child process) ------------------------------ */

static int measure_one(const char *config, int T, int threads, const char *mode, int reps) {
    const shape *s = find_shape(config);
    int train = strcmp(mode, "train") == 0, B = BATCH, i, rc = PRUNE_OK;
    prune_model m;
    prune_model_desc d;
    prune_optim o = prune_optim_defaults();
    prune_error err;
    prune_batch b;
    int32_t *ids, lens[BATCH], labels[BATCH];
    uint64_t r = 1;
    double best = 1e30, need;
    if (!s || T < 1 || threads < 1 || reps < 1 || (!train && strcmp(mode, "inference") != 0)) {
        fprintf(stderr, "bench: bad --one arguments\n");
        return 2;
    }
    memset(&d, 0, sizeof d);
    d.config = prune_config_defaults();
    d.config.layers = s->layers; d.config.hidden = s->hidden; d.config.heads = s->heads; d.config.ffn = s->ffn;
    d.config.labels = 2; d.config.vocab_size = s->vocab;
    if (s->arch == ARCH_ROBERTA) {   /* RobertaConfig: positions from pad + 1 = 2, one token type, dropout before the head's dense */
        d.config.max_pos = 514; d.config.pos_offset = 2; d.config.type_vocab = 1; d.config.head_dropout_in = 1;
    } else if (s->arch == ARCH_OPT) { /* OPTConfig (125m): pre-LN, positions from 2, no attention dropout */
        d.config.arch = PRUNE_ARCH_OPT; d.config.pre_ln = 1; d.config.max_pos = 2050; d.config.pos_offset = 2;
        d.config.type_vocab = 1; d.config.attn_dropout = 0; d.config.ln_eps = 1e-5;
    }
    d.max_batch = B; d.max_len = T; d.threads = threads; d.training = train;
    if (prune_model_create(&m, &d, &err) != PRUNE_OK) { fprintf(stderr, "bench: %s\n", err.msg); return 1; }
    prune_model_init_weights(&m, 1, 0);
    if (!(ids = (int32_t *)malloc(sizeof(int32_t) * (size_t)B * T))) { prune_model_free(&m); return 1; }
    for (i = 0; i < B * T; i++) { r = r * 6364136223846793005ull + 1442695040888963407ull; ids[i] = (int32_t)((r >> 33) % (uint64_t)s->vocab); }
    for (i = 0; i < B; i++) { lens[i] = T; labels[i] = i & 1; }
    b.B = B; b.T = T; b.ids = ids; b.types = NULL; b.lens = lens; b.labels = labels;
    for (i = 0; i <= reps && rc == PRUNE_OK; i++) {   /* step 0 is the untimed warm-up */
        double t0 = now(), dt;
        rc = train ? prune_train_step(&m, &b, &o, NULL, &err) : prune_forward(&m, &b, 0, &err);
        dt = now() - t0;
        if (i > 0 && dt < best) best = dt;
    }
    if (rc != PRUNE_OK) { fprintf(stderr, "bench: %s\n", err.msg); free(ids); prune_model_free(&m); return 1; }
    /* what the model itself needs: parameters (+ gradients and both AdamW moments
       when training), the activation arena, and the pool's GEMM scratch */
    need = ((double)m.nparams * (train ? 4 : 1) + (double)m.arena_size +
            (double)m.pool->n * (double)(PRUNE__GEMM_SCRATCH + 2 * (size_t)T * T) + (double)m.pool->shared_n) *
           sizeof(prune_float) / 1048576.0;
    printf("result %s %s %d %d %s ex_per_s=%.3f tok_per_s=%.1f peak_rss_mb=%.1f best_s=%.6f need_mb=%.1f kernel=%s\n",
           IMPL, config, T, threads, mode, B / best, (double)B * T / best, peak_rss_mb(), best, need,
           prune_gemm_kernel(NULL));
    free(ids);
    prune_model_free(&m);
    return 0;
}

/* ---- the matrix products of one step ------------------------------------------ */

typedef struct product {
    const char *what;
    int M, N, K, ta, tb;
    int batch;        /* independent products of this shape in one call site (attention: B*heads) */
    double count;     /* call sites per step: layers; see step_products for the last layer */
    int backward;
} product;

/* Every product of a training step (the pooler and the classifier, under 0.1% of
   the flops, left out). The engine runs the last layer on the [CLS] rows only
   after its key/value projections: those products have 1/T of the rows (or of
   the queries) of the others and are counted as 1/T of a call of the full shape,
   at its rate. */
static int step_products(const shape *s, int T, product *p) {
    int N = BATCH * T, C = s->hidden, F = s->ffn, hs = s->hidden / s->heads, BH = BATCH * s->heads, L = s->layers, n = 0;
    double per_row = (L - 1) + 1.0 / T;   /* products whose rows (or queries) the last layer cuts to [CLS] */
#define PROD(w, m_, n_, k_, ta_, tb_, b_, bw_) \
    do { product q_; q_.what = w; q_.M = m_; q_.N = n_; q_.K = k_; q_.ta = ta_; q_.tb = tb_; \
         q_.batch = b_; q_.count = per_row; q_.backward = bw_; p[n++] = q_; } while (0)
    PROD("qkv = x Wqkv^T", N, 3 * C, C, 0, 1, 1, 0);
    p[n - 1].count = L;   /* keys and values of every token, in every layer */
    PROD("scores q k^T", T, T, hs, 0, 1, BH, 0);
    PROD("context p v", T, hs, T, 0, 0, BH, 0);
    PROD("attn out Wo^T", N, C, C, 0, 1, 1, 0);
    PROD("ffn up W1^T", N, F, C, 0, 1, 1, 0);
    PROD("ffn down W2^T", N, C, F, 0, 1, 1, 0);
    PROD("dW2 = dy^T h", C, F, N, 1, 0, 1, 1);
    PROD("dh = dy W2", N, F, C, 0, 0, 1, 1);
    PROD("dW1 = dy^T x", F, C, N, 1, 0, 1, 1);
    PROD("dx = dy W1", N, C, F, 0, 0, 1, 1);
    PROD("dWo = dy^T a", C, C, N, 1, 0, 1, 1);
    PROD("da = dy Wo", N, C, C, 0, 0, 1, 1);
    PROD("dp = dy v^T", T, T, hs, 0, 1, BH, 1);
    PROD("dv = p^T dy", T, hs, T, 1, 0, BH, 1);
    PROD("dq = ds k", T, hs, T, 0, 0, BH, 1);
    PROD("dk = ds^T q", T, hs, T, 1, 0, BH, 1);
    PROD("dWqkv = dy^T x", 3 * C, C, N, 1, 0, 1, 1);
    p[n - 1].count = L;
    PROD("dx = dy Wqkv", N, C, 3 * C, 0, 0, 1, 1);
    p[n - 1].count = L;
#undef PROD
    return n;
}

static double product_flops(const product *p) { return 2.0 * p->M * p->N * (double)p->K * p->batch * p->count; }

typedef struct gemm_job {
    const product *p;
    float *A, *B, *C;
    size_t sa, sb, sc;    /* elements per product (batched: each its own matrices) */
    int blas;
    prune__pool *pool;
} gemm_job;

static void gemm_batch_task(void *vctx, int lo, int hi, int th) {
    const gemm_job *j = (const gemm_job *)vctx;
    const product *p = j->p;
    int lda = p->ta ? p->M : p->K, ldb = p->tb ? p->K : p->N, i;
    for (i = lo; i < hi; i++) {
        const float *A = j->A + j->sa * (size_t)i, *B = j->B + j->sb * (size_t)i;
        float *C = j->C + j->sc * (size_t)i;
#ifdef PRUNE_USE_CBLAS
        if (j->blas) {
            cblas_sgemm(CblasRowMajor, p->ta ? CblasTrans : CblasNoTrans, p->tb ? CblasTrans : CblasNoTrans,
                        p->M, p->N, p->K, 1.0f, A, lda, B, ldb, 0.0f, C, p->N);
            continue;
        }
#endif
        prune__gemm_builtin(j->pool->kern, p->ta, p->tb, p->M, p->N, p->K, A, lda, B, ldb, 0, C, p->N, j->pool->scratch[th]);
    }
}

/* one call site's worth of the product (the whole batch) */
static void gemm_run(gemm_job *j, int threads) {
    const product *p = j->p;
    int lda = p->ta ? p->M : p->K, ldb = p->tb ? p->K : p->N;
    if (p->batch > 1) {
#ifdef PRUNE_USE_CBLAS
        if (j->blas) openblas_set_num_threads(1);   /* the pool runs the batch in parallel */
#endif
        prune__parallel(j->pool, p->batch, 1, gemm_batch_task, j);
        return;
    }
#ifdef PRUNE_USE_CBLAS
    if (j->blas) {
        openblas_set_num_threads(threads);
        cblas_sgemm(CblasRowMajor, p->ta ? CblasTrans : CblasNoTrans, p->tb ? CblasTrans : CblasNoTrans,
                    p->M, p->N, p->K, 1.0f, j->A, lda, j->B, ldb, 0.0f, j->C, p->N);
        return;
    }
#endif
    (void)threads;
    prune__matmul_builtin(j->pool, p->ta, p->tb, p->M, p->N, p->K, j->A, lda, j->B, ldb, NULL, 0, j->C, p->N);
}

/* GFLOP/s of one call site over at least `seconds` (after one untimed call) */
static double gemm_rate(gemm_job *j, int threads, double seconds) {
    double flops = 2.0 * j->p->M * j->p->N * (double)j->p->K * j->p->batch, t0, dt;
    long reps = 0;
    gemm_run(j, threads);
    t0 = now();
    do { gemm_run(j, threads); reps++; } while ((dt = now() - t0) < seconds);
    return flops * reps / dt * 1e-9;
}

/* child: one implementation's rates (impl 0 built-in, 1 OpenBLAS) for every
   product of one (config, length) at one thread count. The driver alternates
   children of the two over rounds: one process never runs both, because
   OpenBLAS's threads keep spinning after a call and would steal the pool's cores. */
static int gemm_child(int threads, double seconds, const char *config, int T, int impl) {
    const shape *s = find_shape(config);
    product p[MAXPROD];
    int n, i;
    prune__pool *pool;
    if (!s || impl < 0 || impl > 1) return 2;
#ifndef PRUNE_USE_CBLAS
    if (impl == 1) { fprintf(stderr, "bench: OpenBLAS rates need bench-blas\n"); return 2; }
#endif
    n = step_products(s, T, p);
    if (!(pool = prune__pool_create(threads, PRUNE__GEMM_SCRATCH, (size_t)PRUNE__KC * 3 * 1536 + 64, NULL))) return 1;
    pool->kern = prune__kernel_current();
    for (i = 0; i < n; i++) {
        gemm_job j;
        size_t k, na, nb, nc;
        uint64_t r = 7;
        double rate;
        memset(&j, 0, sizeof j);
        j.p = &p[i]; j.pool = pool; j.blas = impl;
        j.sa = (size_t)p[i].M * p[i].K; j.sb = (size_t)p[i].K * p[i].N; j.sc = (size_t)p[i].M * p[i].N;
        na = j.sa * p[i].batch; nb = j.sb * p[i].batch; nc = j.sc * p[i].batch;
        j.A = (float *)malloc(na * sizeof(float)); j.B = (float *)malloc(nb * sizeof(float)); j.C = (float *)malloc(nc * sizeof(float));
        if (!j.A || !j.B || !j.C) { free(j.A); free(j.B); free(j.C); prune__pool_free(pool); return 1; }
        for (k = 0; k < na; k++) { r = prune__mix(r); j.A[k] = (float)((int)(r & 0xffff) - 32768) / 32768.0f; }
        for (k = 0; k < nb; k++) { r = prune__mix(r); j.B[k] = (float)((int)(r & 0xffff) - 32768) / 32768.0f; }
        rate = gemm_rate(&j, threads, seconds);
        printf("gemm %d %s %d %d %d %d %d %d %d %d %d %d %.2f %s\n", threads, config, T, impl, i, p[i].M, p[i].N, p[i].K,
               p[i].ta, p[i].tb, p[i].batch, p[i].backward, rate, p[i].what);
        fflush(stdout);
        free(j.A); free(j.B); free(j.C);
    }
    prune__pool_free(pool);
    return 0;
}

/* ---- padded-token waste on real lengths ----------------------------------------- */

static int bench_padding(const char *tsv, const char *vocab) {
    prune_tokenizer tk;
    prune_tsv_desc td;
    prune_dataset ds;
    prune_error err;
    int64_t *order;
    static const int lens[2] = {128, 64};
    static const char *kinds[4] = {"padded to the length cap", "dynamic padding, random batches",
                                   "dynamic padding, length-bucketed batches", "(bound: the whole set sorted by length)"};
    int li, kind;
    memset(&tk, 0, sizeof tk);
    memset(&td, 0, sizeof td);
    if (prune_tokenizer_load(&tk, vocab, 1, &err) != PRUNE_OK) { printf("padding: skipped (%s)\n", err.msg); return 0; }
    if (prune_tsv_tokenize(tsv, &tk, &td, &ds, NULL, &err) != PRUNE_OK) { printf("padding: skipped (%s)\n", err.msg); prune_tokenizer_free(&tk); return 0; }
    prune_tokenizer_free(&tk);
    if (!(order = (int64_t *)malloc(sizeof(int64_t) * (size_t)ds.n))) { prune_dataset_free(&ds); return 1; }
    printf("\npadded-token waste, %s (%lld examples, vocabulary %s), batch %d:\n", tsv, (long long)ds.n, vocab, BATCH);
    for (li = 0; li < 2; li++)
        for (kind = 0; kind < 4; kind++) {
            double real = 0, slots = 0;
            int64_t i, k;
            if (prune_order(&ds, kind == 2 ? PRUNE_ORDER_BUCKETED : PRUNE_ORDER_RANDOM, 1, BATCH, lens[li], order, &err) != PRUNE_OK) {
                fprintf(stderr, "bench: %s\n", err.msg);
                free(order); prune_dataset_free(&ds); return 1;
            }
            if (kind == 3) {   /* counting sort by tokens: the least padding any batching can reach */
                int64_t *cnt = (int64_t *)calloc((size_t)lens[li] + 2, sizeof(int64_t)), pos = 0;
                int t;
                if (!cnt) { free(order); prune_dataset_free(&ds); return 1; }
                for (i = 0; i < ds.n; i++) cnt[prune_example_tokens(&ds, i, lens[li])]++;
                for (t = 0, i = 0; t <= lens[li]; t++)
                    for (k = 0; k < cnt[t]; k++) order[pos++] = t;   /* here order[] holds lengths */
                for (i = 0; i < ds.n; i += BATCH) {
                    int cntb = (int)(ds.n - i < BATCH ? ds.n - i : BATCH);
                    for (k = 0; k < cntb; k++) real += (double)order[i + k];
                    slots += (double)cntb * (double)order[i + cntb - 1];
                }
                free(cnt);
                printf("  cap %3d  %-42s %5.1f%% of token slots are padding (%.2fx the real tokens)\n",
                       lens[li], kinds[kind], 100.0 * (1 - real / slots), slots / real);
                continue;
            }
            for (i = 0; i < ds.n; i += BATCH) {
                int T = 0, cnt = (int)(ds.n - i < BATCH ? ds.n - i : BATCH);
                for (k = 0; k < cnt; k++) {
                    int t = prune_example_tokens(&ds, order[i + k], lens[li]);
                    real += t;
                    if (t > T) T = t;
                }
                slots += (double)cnt * (kind == 0 ? lens[li] : T);
            }
            printf("  cap %3d  %-42s %5.1f%% of token slots are padding (%.2fx the real tokens)\n",
                   lens[li], kinds[kind], 100.0 * (1 - real / slots), slots / real);
        }
    free(order);
    prune_dataset_free(&ds);
    return 0;
}

/* ---- the cost of recording per-example scores ---------------------------------- */

/* The same epoch through prune_finetune with and without records, interleaved over
   several rounds with the order alternating; the best time of each is compared. */
static int bench_records(int rounds) {
    enum { B = 32, T = 64, N = 32 * 24 };
    const shape *tiny = &shapes[0];
    prune_dataset ds;
    prune_error err;
    prune_scores rec;
    double best[2] = {1e30, 1e30};
    char path[64];
    FILE *f;
    uint64_t r = 9;
    int i, t, round, k;
    snprintf(path, sizeof path, "/tmp/prune_bench_records.%d.tsv", (int)getpid());
    if (!(f = fopen(path, "w"))) return 1;
    for (i = 0; i < N; i++) {           /* every example T - 2 ids long: no padding */
        fprintf(f, "%d\t", i & 1);
        for (t = 0; t < T - 2; t++) { r = r * 6364136223846793005ull + 1442695040888963407ull; fprintf(f, t ? " %d" : "%d", (int)(200 + (r >> 33) % 30000)); }
        fputc('\n', f);
    }
    fclose(f);
    if (prune_dataset_read_text(&ds, path, &err) != PRUNE_OK) { fprintf(stderr, "bench: %s\n", err.msg); return 1; }
    remove(path);
    if (prune_scores_init(&rec, 1, 1, 1, ds.n, &err) != PRUNE_OK) { fprintf(stderr, "bench: %s\n", err.msg); return 1; }
    for (round = 0; round < rounds; round++)
        for (k = 0; k < 2; k++) {
            int with = (k + round) & 1;   /* alternate which goes first: no order bias */
            prune_model m;
            prune_model_desc d;
            prune_finetune_desc fd;
            double t0;
            memset(&d, 0, sizeof d);
            d.config = prune_config_defaults();
            d.config.layers = tiny->layers; d.config.hidden = tiny->hidden; d.config.heads = tiny->heads; d.config.ffn = tiny->ffn;
            d.max_batch = B; d.max_len = T; d.training = 1; d.threads = 2;
            if (prune_model_create(&m, &d, &err) != PRUNE_OK) { fprintf(stderr, "bench: %s\n", err.msg); return 1; }
            prune_model_init_weights(&m, 1, 0);
            memset(&fd, 0, sizeof fd);
            fd.train = &ds; fd.epochs = 1; fd.batch = B; fd.max_len = T; fd.seed = 1;
            fd.optim = prune_optim_defaults(); fd.cls_id = 101; fd.sep_id = 102;
            fd.records = with ? &rec : NULL;
            t0 = now();
            if (prune_finetune(&m, &fd, &err) != PRUNE_OK) { fprintf(stderr, "bench: %s\n", err.msg); return 1; }
            t0 = now() - t0;
            if (t0 < best[with]) best[with] = t0;
            prune_model_free(&m);
        }
    printf("\nrecording per-example scores during training (tiny, length %d, batch %d, %d steps, 2 threads, best of %d interleaved rounds):\n"
           "  without records %.3f s, with records %.3f s: %+.2f%%\n", T, B, N / B, rounds, best[0], best[1], 100.0 * (best[1] / best[0] - 1));
    prune_scores_free(&rec);
    prune_dataset_free(&ds);
    return 0;
}

/* ---- the driver ----------------------------------------------------------------- */

typedef struct result { int ok; double ex, tok, rss, need, worst; char kernel[16]; } result;

typedef struct row {
    const shape *s;
    int T, threads, train;
    result r[NIMPL];
    double bound_s;       /* GEMM-only bound at OpenBLAS's rates, seconds per step (0: unknown) */
} row;

static double keyval(const char *line, const char *key) {
    const char *p = strstr(line, key);
    return p ? atof(p + strlen(key)) : -1;
}

/* run a child command; returns its first line that starts with `prefix` (in buf) or
   0 when there is none */
static int run_child(const char *cmd, const char *prefix, char *buf, size_t cap) {
    FILE *f = popen(cmd, "r");
    char line[1024];
    int found = 0;
    if (!f) return 0;
    while (fgets(line, sizeof line, f))
        if (!found && strncmp(line, prefix, strlen(prefix)) == 0) { snprintf(buf, cap, "%s", line); found = 1; }
    return pclose(f) == 0 && found;
}

static void machine_line(void) {
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512], model[256] = "unknown CPU";
    if (f) {
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "model name", 10) == 0) {
                char *c = strchr(line, ':');
                if (c) { snprintf(model, sizeof model, "%s", c + 2); model[strcspn(model, "\n")] = 0; }
                break;
            }
        fclose(f);
    }
    printf("machine: %s, %ld CPUs online; prune.h GEMM kernel %s; compiler %s\n", model, sysconf(_SC_NPROCESSORS_ONLN),
           prune_gemm_kernel(NULL),
#ifdef __VERSION__
           __VERSION__
#else
           "(one that does not say its version)"   /* tcc */
#endif
           );
}

static void usage(const char *argv0, FILE *f) {
    fprintf(f,
            "usage: %s [options]\n"
            "  prune.h (built-in GEMM, and + OpenBLAS when bench-blas was built) against PyTorch\n"
            "  (bench/torch_bench.py), interleaved rounds, best round and spread; GEMM table;\n"
            "  padded-token waste on SST-2; the cost of recording per-example scores.\n"
            "options:\n"
            "  --quick            CI smoke run: tiny, length 64, 2 threads, 1 round (writes\n"
            "                     build/results-quick.tsv unless --tsv is given)\n"
            "  --rounds N         interleaved rounds per row (default 3)\n"
            "  --config NAME      only tiny, mini, MiniLM-L6, RoBERTa-base or OPT-125m\n"
            "  --len T            length T only (1..512; default 128 and 64)\n"
            "  --threads N        N threads only (default 1 and 2)\n"
            "  --mode M           only train or inference\n"
            "  --no-torch         skip PyTorch\n"
            "  --no-gemm          skip the GEMM table (and the GEMM-only bound)\n"
            "  --tsv PATH         results file (default bench/results.tsv)\n"
            "  --python CMD       Python for PyTorch (default python3)\n"
            "  --data TSV         SST-2 train file for the padding table (default ../shared/data/sst2/train.tsv)\n"
            "  --vocab PATH       vocab.txt for it (BERT uncased; make bench finds all-MiniLM-L6-v2's)\n"
            "  --records          only the recording cost\n"
            "internal (one measurement per child process):\n"
            "  --one CONFIG LEN THREADS MODE REPS     --gemm-child THREADS SECONDS CONFIG LEN IMPL(0 built-in, 1 OpenBLAS)\n",
            argv0);
}

static const char *fmt_ratio(char *buf, double a, double b) {
    if (a > 0 && b > 0) snprintf(buf, 16, "%5.2fx", a / b);
    else snprintf(buf, 16, "%6s", "-");
    return buf;
}

int main(int argc, char **argv) {
    int quick = 0, rounds = 3, only_threads = 0, only_len = 0, only_mode = -1, no_torch = 0, no_gemm = 0, records_only = 0;
    const char *only_config = NULL, *tsv = NULL, *python = "python3", *data = "../shared/data/sst2/train.tsv", *vocab = NULL;
    char self[4096], blas[4096], cmd[8192], line[1024], torch_version[64] = "";
    int have_blas, have_torch = 0, nrows = 0, i, si, li, ti, mi, round, k;
    static row rows[MAXROWS];
    FILE *out;
    char tmp_tsv[4200];

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--one") == 0 && i + 5 < argc)
            return measure_one(argv[i + 1], atoi(argv[i + 2]), atoi(argv[i + 3]), argv[i + 4], atoi(argv[i + 5]));
        if (strcmp(argv[i], "--gemm-child") == 0 && i + 5 < argc)
            return gemm_child(atoi(argv[i + 1]), atof(argv[i + 2]), argv[i + 3], atoi(argv[i + 4]), atoi(argv[i + 5]));
        if (strcmp(argv[i], "--quick") == 0) quick = 1;
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) only_config = argv[++i];
        else if (strcmp(argv[i], "--len") == 0 && i + 1 < argc) only_len = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) only_threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) { i++; only_mode = strcmp(argv[i], "train") == 0 ? 1 : strcmp(argv[i], "inference") == 0 ? 0 : -2; }
        else if (strcmp(argv[i], "--no-torch") == 0) no_torch = 1;
        else if (strcmp(argv[i], "--no-gemm") == 0) no_gemm = 1;
        else if (strcmp(argv[i], "--tsv") == 0 && i + 1 < argc) tsv = argv[++i];
        else if (strcmp(argv[i], "--python") == 0 && i + 1 < argc) python = argv[++i];
        else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) data = argv[++i];
        else if (strcmp(argv[i], "--vocab") == 0 && i + 1 < argc) vocab = argv[++i];
        else if (strcmp(argv[i], "--records") == 0) records_only = 1;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) { usage(argv[0], stdout); return 0; }
        else { fprintf(stderr, "bench: unknown or incomplete option '%s'\n", argv[i]); usage(argv[0], stderr); return 2; }
    }
    if (rounds < 1 || only_mode == -2 || (only_config && !find_shape(only_config)) || only_threads < 0 || only_threads > 1024 ||
        only_len < 0 || only_len > 512) {
        fprintf(stderr, "bench: bad option value (see --help)\n");
        return 2;
    }
#ifdef PRUNE_USE_CBLAS
    if (!records_only) {
        fprintf(stderr, "bench-blas is the OpenBLAS child of build/bench: run build/bench (make bench), which runs both\n");
        return 2;
    }
#endif
    if (records_only) return bench_records(9);
    if (quick) { rounds = 1; if (!only_config) only_config = "tiny"; if (!only_len) only_len = 64; if (!only_threads) only_threads = 2; }
    if (!tsv) tsv = quick ? "build/results-quick.tsv" : "bench/results.tsv";

    /* siblings: this binary, and bench-blas beside it */
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(blas, sizeof blas, "%s", argv[0]);
    {
        char *slash = strrchr(blas, '/');
        snprintf(slash ? slash + 1 : blas, sizeof blas - (size_t)(slash ? slash + 1 - blas : 0), "bench-blas");
    }
#ifdef PRUNE_USE_CBLAS
    have_blas = 0;   /* run the driver from the built-in binary */
#else
    have_blas = access(blas, X_OK) == 0;
#endif
    machine_line();
    if (!have_blas) printf("prune.h + OpenBLAS: skipped (no %s; make bench builds it when libopenblas-dev is installed)\n", blas);
    if (!no_torch) {
        snprintf(cmd, sizeof cmd, "%s -c 'import torch; print(\"torch\", torch.__version__)' 2>/dev/null", python);
        if (run_child(cmd, "torch", line, sizeof line)) {
            have_torch = 1;
            sscanf(line, "torch %63s", torch_version);
            printf("PyTorch %s: bench/torch_bench.py, OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = threads, OMP_WAIT_POLICY=PASSIVE\n", torch_version);
        } else {
            printf("PyTorch: skipped (`%s -c \"import torch\"` failed; pip install torch)\n", python);
        }
    } else {
        printf("PyTorch: skipped (--no-torch)\n");
    }

    {
        int lens[2] = {128, 64}, nlens = 2, thr[2] = {1, 2}, nthr = 2;
        if (only_len) { lens[0] = only_len; nlens = 1; }
        if (only_threads) { thr[0] = only_threads; nthr = 1; }
        for (si = 0; si < NSHAPES; si++)
            for (li = 0; li < nlens; li++)
                for (ti = 0; ti < nthr; ti++)
                    for (mi = 1; mi >= 0; mi--) {
                        int big = shapes[si].hidden >= 768;   /* base size: length 128, most threads, unless asked */
                        if ((only_config && strcmp(only_config, shapes[si].name) != 0) || (only_mode >= 0 && mi != only_mode))
                            continue;
                        if (big && ((!only_len && li > 0) || (!only_threads && ti < nthr - 1))) continue;
                        if (nrows == MAXROWS || lens[li] > 512) continue;
                        memset(&rows[nrows], 0, sizeof rows[nrows]);
                        rows[nrows].s = &shapes[si]; rows[nrows].T = lens[li]; rows[nrows].threads = thr[ti]; rows[nrows].train = mi;
                        nrows++;
                    }
    }
    if (nrows == 0) { fprintf(stderr, "bench: nothing to run (lengths 1..512)\n"); return 2; }

    /* ---- 1. GEMM table ---- */
    if (!no_gemm) {
        printf("\nGEMM: every matrix product of a training step, GFLOP/s (attention products: a batch of B*heads\n"
               "independent ones over the pool; OpenBLAS runs those single-threaded each, the rest on its own threads)\n");
        printf("%-12s %4s %3s  %-16s %5s %5s %5s %2s %5s  %8s %8s %6s\n", "config", "len", "thr", "product", "M", "N", "K", "op",
               "batch", "built-in", "OpenBLAS", "ratio");
        for (i = 0; i < nrows; i++) {
            row *rw = &rows[i];
            double tb = 0, to = 0, to_f = 0, fl = 0;
            int ok = 1, any_blas = 0, seen = 0;
            FILE *f = NULL;
            for (k = 0; k < i; k++) seen |= rows[k].s == rw->s && rows[k].T == rw->T && rows[k].threads == rw->threads;
            if (seen) continue;   /* one GEMM table per (config, length, threads) */
            product p[MAXPROD];
            double rate[2][MAXPROD];
            int np = step_products(rw->s, rw->T, p), impl, failed = 0;
            for (k = 0; k < np; k++) rate[0][k] = rate[1][k] = -1;
            /* 3 rounds, built-in and OpenBLAS alternating, each in a process of its own */
            for (round = 0; round < 3; round++)
                for (impl = 0; impl < (have_blas ? 2 : 1); impl++) {
                    snprintf(cmd, sizeof cmd, "OPENBLAS_NUM_THREADS=%d '%s' --gemm-child %d %g %s %d %d", rw->threads,
                             impl ? blas : self, rw->threads, quick ? 0.01 : 0.1, rw->s->name, rw->T, impl);
                    if (!(f = popen(cmd, "r"))) { failed = 1; continue; }
                    while (fgets(line, sizeof line, f)) {
                        int thr, T, im, idx, M, N, K, ta, tb_, batch, bw;
                        char cfg[32];
                        double g;
                        if (sscanf(line, "gemm %d %31s %d %d %d %d %d %d %d %d %d %d %lf", &thr, cfg, &T, &im, &idx, &M, &N, &K,
                                   &ta, &tb_, &batch, &bw, &g) == 13 && im == impl && idx >= 0 && idx < np && g > rate[impl][idx])
                            rate[impl][idx] = g;
                    }
                    if (pclose(f) != 0) failed = 1;
                }
            if (failed) printf("  (a GEMM child failed: %s)\n", cmd);
            for (k = 0; k < np; k++) {
                double rb = rate[0][k], ro = rate[1][k];
                char r1[16], r2[16];
                if (!(rb > 0)) { ok = 0; continue; }
                printf("%-12s %4d %3d  %-16s %5d %5d %5d %s%s %5d  %8.1f %8s %6s\n", rw->s->name, rw->T, rw->threads, p[k].what,
                       p[k].M, p[k].N, p[k].K, p[k].ta ? "T" : "N", p[k].tb ? "T" : "N", p[k].batch, rb,
                       ro > 0 ? (snprintf(r1, sizeof r1, "%.1f", ro), r1) : "-", ro > 0 ? (snprintf(r2, sizeof r2, "%.0f%%", 100 * rb / ro), r2) : "-");
                fl = product_flops(&p[k]);
                tb += fl / (rb * 1e9);
                if (ro > 0) { any_blas = 1; to += fl / (ro * 1e9); if (!p[k].backward) to_f += fl / (ro * 1e9); }
                else ok = 0;
            }
            /* the step's products summed: the GEMM-only bound of each row sharing this shape */
            for (k = 0; k < nrows; k++)
                if (rows[k].s == rw->s && rows[k].T == rw->T && rows[k].threads == rw->threads) {
                    if (ok && any_blas) rows[k].bound_s = rows[k].train ? to : to_f;
                }
            if (ok && any_blas)
                printf("  %s len %d, %d thread%s: a training step's products take %.1f ms built-in, %.1f ms OpenBLAS: built-in at %.0f%% of OpenBLAS\n",
                       rw->s->name, rw->T, rw->threads, rw->threads > 1 ? "s" : "", 1e3 * tb, 1e3 * to, 100 * to / tb);
            fflush(stdout);
        }
    }

    /* ---- 2. throughput, interleaved rounds ---- */
    printf("\nthroughput, batch %d, best of %d interleaved round%s (spread = (best - worst) / best). GFLOP/s: the model's\n"
           "flops (a full forward, as PyTorch computes it; x3 for training) per second, so the same yardstick for all three;\n"
           "GEMM bound: the time prune.h's own products take at OpenBLAS's rates, as a share of the built-in step time;\n"
           "RSS/need: peak RSS over params, grads, AdamW state, activation arena and scratch\n", BATCH, rounds, rounds > 1 ? "s" : "");
    printf("%-12s %4s %3s %-9s | %9s %5s %8s %7s %7s %8s | %9s %5s %7s | %9s %5s %7s | %7s %7s | %7s\n", "config", "len", "thr", "mode",
           "built-in", "sprd", "tok/s", "GFLOP/s", "RSS MB", "RSS/need", "+OpenBLAS", "sprd", "RSS MB", "PyTorch", "sprd", "RSS MB",
           "bi/pt", "ob/pt", "GEMMbnd");
    for (i = 0; i < nrows; i++) {
        row *rw = &rows[i];
        const char *mode = rw->train ? "train" : "inference";
        int reps = quick ? 1 : rw->s->hidden >= 768 ? (rw->train ? 1 : 2) : (rw->s->hidden >= 256 && rw->train) ? 2 : 3;
        double flops = forward_flops(rw->s, BATCH, rw->T, 2) * (rw->train ? 3 : 1);
        char r1[16], r2[16], r3[16];
        for (round = 0; round < rounds; round++)
            for (k = 0; k < NIMPL; k++) {
                int impl = (k + round) % NIMPL, ok;
                result *res = &rw->r[impl];
                double ex;
                if (impl == 1 && !have_blas) continue;
                if (impl == 2 && !have_torch) continue;
                if (impl == 2)
                    snprintf(cmd, sizeof cmd,
                             "OMP_NUM_THREADS=%d OPENBLAS_NUM_THREADS=%d MKL_NUM_THREADS=%d OMP_WAIT_POLICY=PASSIVE %s bench/torch_bench.py "
                             "--config %s --len %d --threads %d --mode %s --reps %d",
                             rw->threads, rw->threads, rw->threads, python, rw->s->name, rw->T, rw->threads, mode, reps);
                else
                    snprintf(cmd, sizeof cmd, "OPENBLAS_NUM_THREADS=1 '%s' --one %s %d %d %s %d", impl == 1 ? blas : self,
                             rw->s->name, rw->T, rw->threads, mode, reps);
                ok = run_child(cmd, impl == 2 ? "torch " : "result ", line, sizeof line);
                if (!ok || (ex = keyval(line, "ex_per_s=")) <= 0) { fprintf(stderr, "bench: failed: %s\n", cmd); continue; }
                if (!res->ok || ex > res->ex) {
                    res->ex = ex;
                    res->tok = keyval(line, "tok_per_s=");
                    res->need = keyval(line, "need_mb=");
                }
                if (!res->ok || ex < res->worst) res->worst = ex;
                if (keyval(line, "peak_rss_mb=") > res->rss) res->rss = keyval(line, "peak_rss_mb=");
                res->ok = 1;
            }
        printf("%-12s %4d %3d %-9s |", rw->s->name, rw->T, rw->threads, mode);
        if (rw->r[0].ok)
            printf(" %9.1f %4.0f%% %8.0f %7.1f %7.0f %7.2fx |", rw->r[0].ex, 100 * (1 - rw->r[0].worst / rw->r[0].ex), rw->r[0].tok,
                   flops * rw->r[0].ex / BATCH * 1e-9, rw->r[0].rss, rw->r[0].need > 0 ? rw->r[0].rss / rw->r[0].need : 0);
        else
            printf(" %9s %5s %8s %7s %7s %8s |", "-", "", "", "", "", "");
        for (k = 1; k < NIMPL; k++) {
            if (rw->r[k].ok) printf(" %9.1f %4.0f%% %7.0f |", rw->r[k].ex, 100 * (1 - rw->r[k].worst / rw->r[k].ex), rw->r[k].rss);
            else printf(" %9s %5s %7s |", "-", "", "");
        }
        printf(" %7s %7s | %6s\n", fmt_ratio(r1, rw->r[0].ex, rw->r[2].ex), fmt_ratio(r2, rw->r[1].ex, rw->r[2].ex),
               rw->bound_s > 0 && rw->r[0].ok ? (snprintf(r3, sizeof r3, "%5.0f%%", 100 * rw->bound_s * rw->r[0].ex / BATCH), r3) : "-");
        fflush(stdout);
    }

    /* ---- the same rows as TSV, written whole or not at all (and not over earlier
       figures when nothing was measured) ---- */
    for (i = 0, k = 0; i < nrows; i++) k |= rows[i].r[0].ok | rows[i].r[1].ok | rows[i].r[2].ok;
    if (!k) { fprintf(stderr, "bench: no measurement succeeded; %s left as it was\n", tsv); return 1; }
    snprintf(tmp_tsv, sizeof tmp_tsv, "%s.%d.tmp", tsv, (int)getpid());
    if ((out = fopen(tmp_tsv, "w"))) {
        int bad = 0;
        fprintf(out, "config\tlength\tthreads\tmode\timpl\tex_per_s\ttok_per_s\tgflops\tpeak_rss_mb\tratio_vs_torch\n");
        for (i = 0; i < nrows; i++)
            for (k = 0; k < NIMPL; k++) {
                const row *rw = &rows[i];
                double flops = forward_flops(rw->s, BATCH, rw->T, 2) * (rw->train ? 3 : 1);
                if (!rw->r[k].ok) continue;
                fprintf(out, "%s\t%d\t%d\t%s\t%s\t%.3f\t%.1f\t%.2f\t%.1f\t", rw->s->name, rw->T, rw->threads, rw->train ? "train" : "inference",
                        impl_names[k], rw->r[k].ex, rw->r[k].tok, flops * rw->r[k].ex / BATCH * 1e-9, rw->r[k].rss);
                if (rw->r[2].ok) fprintf(out, "%.3f\n", rw->r[k].ex / rw->r[2].ex);
                else fprintf(out, "-\n");
            }
        bad = fflush(out) != 0 || fsync(fileno(out)) != 0;
        bad |= fclose(out) != 0;
        if (bad || rename(tmp_tsv, tsv) != 0) { fprintf(stderr, "bench: cannot write %s\n", tsv); remove(tmp_tsv); return 1; }
        printf("(rows written to %s)\n", tsv);
    } else {
        fprintf(stderr, "bench: cannot write %s\n", tmp_tsv);
        return 1;
    }

    /* ---- 3. padding, 4. records ---- */
    if (!quick) {
        struct stat st;
        if (vocab && stat(data, &st) == 0) {
            if (bench_padding(data, vocab) != 0) return 1;
        } else {
            printf("\npadded-token waste: skipped (%s)\n", !vocab ? "no --vocab: make bench passes all-MiniLM-L6-v2's when pip has it"
                                                                  : "no SST-2 train file: --data PATH");
        }
    }
    return bench_records(quick ? 1 : 5);
}
