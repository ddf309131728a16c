/* prune.h - v0.1 - public domain / MIT - fine-tune BERT-style encoders on the CPU
                                         and prune their fine-tuning data automatically

   WHAT IT IS
     One C99 header holding everything needed to fine-tune a pretrained BERT-style
     transformer encoder for sequence classification on a CPU: the encoder (forward and
     backward for every op), AdamW with warm-up and clipping as the Hugging Face Trainer
     runs it, a thread pool, and (as the project grows) the data loaders and the
     automatic dataset pruning of Tayaranian et al., "Automatic Pruning of Fine-tuning
     Datasets for Transformer-based Language Models" (CoLLAs 2024).

   WHAT IT IS NOT
     A general tensor library, a GPU library, or a trainer for models from scratch at
     scale. Only what BERT fine-tuning needs, written to be read.

   HOW TO USE
     In exactly one C or C++ file:
         #define PRUNE_IMPLEMENTATION
         #include "prune.h"
     Everywhere else just #include "prune.h". Link with -lm and -pthread.
     Define PRUNE_IMPLEMENTATION before any system header in that file: the
     implementation asks for POSIX (_POSIX_C_SOURCE) to find the number of CPUs.

   COMPILE-TIME OPTIONS (define before the #include that has PRUNE_IMPLEMENTATION)
     PRUNE_STATIC         every function static (private copy in one translation unit)
     PRUNE_DOUBLE         prune_float is double instead of float (finite-difference tests)
     PRUNE_NO_THREADS     no pthreads; every parallel loop runs on the caller's thread
                          and gives the same bits as the threaded build
     PRUNE_USE_CBLAS      the one matrix-product entry point calls cblas_sgemm/dgemm
     PRUNE_MALLOC(sz,u) / PRUNE_FREE(p,u)   allocator (define both or neither); u is
                          prune_model_desc.alloc_user
     PRUNE_ASSERT(x)      programmer-error checks (default: assert)

   ERRORS
     Every function that can fail returns an int status: PRUNE_OK (0) or a negative
     PRUNE_E* code, and fills a prune_error (may be NULL) with a message that names
     what was wrong: the file and the line or byte offset for readers, the example and
     position for batches. The library never exits and never prints.

   USAGE, GROUPED BY TASK
     Configure
       prune_config  prune_config_defaults(void);        BERT-base, dropout 0.1
       int           prune_config_resolve(prune_config *c, prune_error *e);
                     zero sizes become BERT-base defaults; checks consistency
       prune_optim   prune_optim_defaults(void);         lr 2e-5, AdamW, clip 1.0
       double        prune_lr_at(const prune_optim *o, long step);

     Create and destroy a model (all memory is allocated here, none later)
       prune_model_desc d = {0};
       d.config = prune_config_defaults(); d.max_batch = 32; d.max_len = 128;
       d.training = 1;                                   gradients + AdamW state
       int  prune_model_create(prune_model *m, const prune_model_desc *d, prune_error *e);
       void prune_model_free(prune_model *m);
       void prune_model_init_weights(prune_model *m, uint64_t seed, double std);
       prune_float *prune_tensor(prune_model *m, prune_float *base, int tensor);
       int          prune_tensor_find(const char *name);

     Run it
       int  prune_forward(prune_model *m, const prune_batch *b, int train, prune_error *e);
                         fills m->logits [B,K], m->probs [B,K], m->ex_loss [B], m->loss
       int  prune_backward(prune_model *m, prune_error *e);     accumulates into grads
       void prune_zero_grad(prune_model *m);
       double prune_grad_norm(prune_model *m);
       void prune_adamw_update(prune_model *m, const prune_optim *o, double grad_scale);
       int  prune_train_step(prune_model *m, const prune_batch *b, const prune_optim *o,
                             prune_step_stats *st, prune_error *e);
       uint64_t prune_params_hash(const prune_model *m);

   THREADS AND DETERMINISM
     A model owns a small pthread pool (prune_model_desc.threads, 0 = all online CPUs).
     Work is cut into tasks whose boundaries depend on the problem, never on the number
     of threads, and every floating-point sum runs in one fixed order inside one task.
     So a run is a pure function of (data, config, seed): the same bits on 1, 2 or 64
     threads, and with PRUNE_NO_THREADS.

   LICENSE
     At the end of this file: public domain (unlicense) or MIT, your choice.
*/
#ifndef PRUNE_H
#define PRUNE_H

/* The implementation needs POSIX (sysconf, and later fsync); ask for it before the
   first system header so that a strict -std=c99 build still declares them. */
#if defined(PRUNE_IMPLEMENTATION) && !defined(_WIN32) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1
#endif

#include <stddef.h>
#include <stdint.h>

#ifdef PRUNE_STATIC
#if defined(__GNUC__) || defined(__clang__)
#define PRUNEDEF static __attribute__((unused))   /* a user need not call everything */
#else
#define PRUNEDEF static
#endif
#else
#define PRUNEDEF extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifdef PRUNE_DOUBLE
typedef double prune_float;
#else
typedef float prune_float;
#endif

/* ============================================================================
   Status codes and errors
   ========================================================================= */

enum {
    PRUNE_OK = 0,
    PRUNE_EARG = -1,    /* an argument or a configuration value is out of range   */
    PRUNE_ENOMEM = -2,  /* an allocation failed, or a size overflowed             */
    PRUNE_EIO = -3,     /* a file could not be opened, read or written            */
    PRUNE_EFORMAT = -4, /* a file's contents are malformed                        */
    PRUNE_ESTATE = -5   /* the call does not fit the object's state               */
};

typedef struct prune_error {
    int code;           /* the status the failing call returned */
    char msg[512];      /* what went wrong and where            */
} prune_error;

PRUNEDEF const char *prune_status_name(int code);

/* ============================================================================
   Model configuration
   ========================================================================= */

/* Hyper-parameters of a BERT-style encoder with a classification head.
   A zeroed struct is valid: prune_config_resolve() turns every zero size into
   BERT-base's (and ffn into 4*hidden). Dropout probabilities are real values where
   zero means "no dropout", so a zeroed struct has none; prune_config_defaults()
   gives BERT's 0.1. */
typedef struct prune_config {
    int vocab_size;          /* V   words in the vocabulary            (30522) */
    int hidden;              /* C   width of every token vector        (768)   */
    int layers;              /* L   encoder layers                     (12)    */
    int heads;               /* NH  attention heads, must divide C     (12)    */
    int ffn;                 /* F   feed-forward inner width           (4*C)   */
    int max_pos;             /* P   rows of the position table         (512)   */
    int type_vocab;          /* Y   token types (segments A/B)         (2)     */
    int labels;              /* K   classes of the classifier          (2)     */
    int pos_offset;          /* first position id: 0 for BERT, pad_id+1 for RoBERTa */
    double ln_eps;           /* LayerNorm epsilon                      (1e-12) */
    double hidden_dropout;   /* after embeddings, attention output, FFN output */
    double attn_dropout;     /* on the attention probabilities                  */
    double classifier_dropout; /* on the pooled vector; < 0 means hidden_dropout */
} prune_config;

PRUNEDEF prune_config prune_config_defaults(void);
PRUNEDEF int prune_config_resolve(prune_config *c, prune_error *err);

/* ============================================================================
   Parameters: one layout, four uses
   ========================================================================= */

/* Every parameter tensor, in storage order. Per-layer tensors are stacked on a
   leading L axis. Linear weights are [out, in] like PyTorch's, so y = x·Wᵀ + b.
   The same layout (same offsets) holds the gradients and both AdamW moments, so the
   optimiser is one flat loop. tests/reference/LAYOUT.md is the same table. */
enum {
    PRUNE_WTE,      /* [V, C]      word embeddings                 */
    PRUNE_WPE,      /* [P, C]      position embeddings             */
    PRUNE_WTT,      /* [Y, C]      token-type embeddings           */
    PRUNE_EMBLN_W,  /* [C]         embedding LayerNorm             */
    PRUNE_EMBLN_B,  /* [C]                                         */
    PRUNE_QKVW,     /* [L, 3C, C]  query | key | value projections */
    PRUNE_QKVB,     /* [L, 3C]                                     */
    PRUNE_ATTPROJW, /* [L, C, C]   attention output projection     */
    PRUNE_ATTPROJB, /* [L, C]                                      */
    PRUNE_LN1W,     /* [L, C]      LayerNorm after attention       */
    PRUNE_LN1B,     /* [L, C]                                      */
    PRUNE_FCW,      /* [L, F, C]   FFN up-projection               */
    PRUNE_FCB,      /* [L, F]                                      */
    PRUNE_FCPROJW,  /* [L, C, F]   FFN down-projection             */
    PRUNE_FCPROJB,  /* [L, C]                                      */
    PRUNE_LN2W,     /* [L, C]      LayerNorm after the FFN         */
    PRUNE_LN2B,     /* [L, C]                                      */
    PRUNE_POOLW,    /* [C, C]      pooler dense (tanh)             */
    PRUNE_POOLB,    /* [C]                                         */
    PRUNE_CLSW,     /* [K, C]      classifier                      */
    PRUNE_CLSB,     /* [K]                                         */
    PRUNE_NTENSORS
};

typedef struct prune_tensor_info {
    const char *name;   /* "wte", "qkvw", ... (LAYOUT.md)                       */
    size_t offset;      /* first element, counted from the start of the block   */
    size_t size;        /* number of elements                                   */
    int ndim;           /* 1..3                                                 */
    int shape[3];
    int decay;          /* 1 when AdamW's weight decay applies                  */
} prune_tensor_info;

/* ============================================================================
   Batches
   ========================================================================= */

/* B examples padded on the right to T tokens. Token t of example b is valid when
   t < lens[b]; padded positions are never attended to and never reach the loss. */
typedef struct prune_batch {
    int B, T;
    const int32_t *ids;     /* [B, T] token ids, each in 0..V-1                    */
    const int32_t *types;   /* [B, T] token types in 0..Y-1, or NULL for all zero  */
    const int32_t *lens;    /* [B] valid tokens, 1..T                              */
    const int32_t *labels;  /* [B] classes in 0..K-1, or NULL (no loss)            */
} prune_batch;

/* ============================================================================
   Optimiser: AdamW, linear warm-up then linear decay, global-norm clipping
   ========================================================================= */

typedef struct prune_optim {
    double lr;            /* peak learning rate                         2e-5   */
    double beta1, beta2;  /* AdamW moment decay                     0.9, 0.999 */
    double eps;           /* AdamW denominator epsilon                  1e-8   */
    double weight_decay;  /* decoupled; only tensors with decay=1       0.01   */
    double clip_norm;     /* clip the global gradient norm; <= 0: off   1.0    */
    long warmup_steps;    /* lr rises linearly from 0 over these steps  0      */
    long total_steps;     /* then falls linearly to 0 here; 0: constant 0      */
} prune_optim;

PRUNEDEF prune_optim prune_optim_defaults(void);
/* learning rate of optimiser step `step` (0-based), as transformers'
   get_linear_schedule_with_warmup: the first step of a warm-up runs at lr 0. */
PRUNEDEF double prune_lr_at(const prune_optim *o, long step);

typedef struct prune_step_stats {
    double loss;        /* mean cross-entropy of the batch, before the update */
    double grad_norm;   /* global L2 norm of the gradient, before clipping     */
    double lr;          /* learning rate used by this step                    */
} prune_step_stats;

/* ============================================================================
   The model: parameters, gradients, optimiser state, activations, threads
   ========================================================================= */

/* Setup descriptor. Zero fields mean "the default"; prune_model_create resolves them
   once and keeps the resolved copy in prune_model.desc. */
typedef struct prune_model_desc {
    prune_config config;
    int max_batch;        /* largest B ever passed                     (32)          */
    int max_len;          /* largest T ever passed        (max_pos - pos_offset)     */
    int threads;          /* worker threads, caller included      (online CPUs)      */
    int training;         /* 1: also gradients, AdamW moments, backward buffers      */
    uint64_t seed;        /* dropout stream of this run                               */
    void *alloc_user;     /* passed to PRUNE_MALLOC / PRUNE_FREE                       */
} prune_model_desc;

typedef struct prune__pool prune__pool;
#define PRUNE__NREG 32   /* activation regions of the arena (private) */

typedef struct prune_model {
    prune_model_desc desc;          /* resolved copy of what create was given         */
    prune_config cfg;               /* = desc.config, resolved                         */
    prune_tensor_info tensors[PRUNE_NTENSORS];
    size_t nparams;                 /* elements in each of the four blocks below       */
    prune_float *params;            /* [nparams] one allocation                        */
    prune_float *grads;             /* [nparams] one allocation, or NULL (inference)   */
    prune_float *adam_m, *adam_v;   /* [nparams] each, or NULL                         */
    long step;                      /* optimiser steps taken: schedule, bias correction,
                                       dropout stream                                   */
    /* outputs of the last prune_forward (views into the arena) */
    int B, T;                       /* its batch shape                                 */
    double loss;                    /* mean loss (0 when the batch had no labels)       */
    prune_float *logits;            /* [B, K]                                          */
    prune_float *probs;             /* [B, K] softmax of the logits                    */
    prune_float *ex_loss;           /* [B] per-example cross-entropy                   */
    /* private */
    prune_float *arena;             /* activations, sized once from (max_batch, max_len) */
    size_t arena_size;              /* its elements                                   */
    size_t region[PRUNE__NREG];     /* where each activation region starts            */
    double *partials;               /* per-chunk sums of squares for the gradient norm */
    int32_t *labels;                /* [max_batch] copy of the last batch's labels      */
    int32_t *ids, *types, *lens;    /* [max_batch*max_len] copies, for backward         */
    int has_labels, fwd_train;      /* what the last forward was                        */
    prune__pool *pool;
} prune_model;

PRUNEDEF int  prune_model_create(prune_model *m, const prune_model_desc *d, prune_error *err);
PRUNEDEF void prune_model_free(prune_model *m);
/* BERT's initialisation: every matrix and embedding ~ N(0, std²), biases 0,
   LayerNorm weights 1. std <= 0 means BERT's 0.02. */
PRUNEDEF void prune_model_init_weights(prune_model *m, uint64_t seed, double std);
/* tensor t of a block laid out like the parameters (m->params, m->grads, ...) */
PRUNEDEF prune_float *prune_tensor(prune_model *m, prune_float *base, int t);
PRUNEDEF int prune_tensor_find(const char *name);     /* index, or -1 */

PRUNEDEF int  prune_forward(prune_model *m, const prune_batch *b, int train, prune_error *err);
PRUNEDEF int  prune_backward(prune_model *m, prune_error *err);
PRUNEDEF void prune_zero_grad(prune_model *m);
PRUNEDEF double prune_grad_norm(prune_model *m);
/* one AdamW step at lr prune_lr_at(o, m->step) with gradients multiplied by
   grad_scale (the clipping coefficient); increments m->step */
PRUNEDEF void prune_adamw_update(prune_model *m, const prune_optim *o, double grad_scale);
/* zero_grad, forward (train mode), backward, clip, AdamW: one fine-tuning step */
PRUNEDEF int  prune_train_step(prune_model *m, const prune_batch *b, const prune_optim *o,
                               prune_step_stats *st, prune_error *err);
/* 64-bit FNV-1a of the parameter bytes: equal runs give equal hashes */
PRUNEDEF uint64_t prune_params_hash(const prune_model *m);

#ifdef __cplusplus
}
#endif
#endif /* PRUNE_H */

/* ############################################################################
   #                                                                          #
   #                             IMPLEMENTATION                               #
   #                                                                          #
   ######################################################################### */
#ifdef PRUNE_IMPLEMENTATION
#ifndef PRUNE__IMPLEMENTED
#define PRUNE__IMPLEMENTED

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifndef PRUNE_NO_THREADS
#include <pthread.h>
#endif
#if !defined(_WIN32)
#include <unistd.h>
#endif

#if defined(PRUNE_MALLOC) != defined(PRUNE_FREE)
#error "define both PRUNE_MALLOC and PRUNE_FREE, or neither"
#endif
#ifndef PRUNE_MALLOC
#include <stdlib.h>
#define PRUNE_MALLOC(sz, u) ((void)(u), malloc(sz))
#define PRUNE_FREE(p, u) ((void)(u), free(p))
#endif
#ifndef PRUNE_ASSERT
#include <assert.h>
#define PRUNE_ASSERT(x) assert(x)
#endif

#ifdef PRUNE_USE_CBLAS
#include <cblas.h>
#endif

/* Math in the width of prune_float: float calls for float, double for double. */
#ifdef PRUNE_DOUBLE
#define PRUNE__SQRT(x) sqrt(x)
#define PRUNE__EXP(x) exp(x)
#define PRUNE__LOG(x) log(x)
#define PRUNE__ERF(x) erf(x)
#define PRUNE__TANH(x) tanh(x)
#else
#define PRUNE__SQRT(x) sqrtf(x)
#define PRUNE__EXP(x) expf(x)
#define PRUNE__LOG(x) logf(x)
#define PRUNE__ERF(x) erff(x)
#define PRUNE__TANH(x) tanhf(x)
#endif

#define PRUNE__MIN(a, b) ((a) < (b) ? (a) : (b))
#define PRUNE__MAX(a, b) ((a) > (b) ? (a) : (b))

/* ============================================================================
   Errors: a status code plus a message that says where
   ========================================================================= */

PRUNEDEF const char *prune_status_name(int code) {
    switch (code) {
    case PRUNE_OK: return "ok";
    case PRUNE_EARG: return "invalid argument";
    case PRUNE_ENOMEM: return "out of memory";
    case PRUNE_EIO: return "input/output error";
    case PRUNE_EFORMAT: return "malformed input";
    case PRUNE_ESTATE: return "invalid state";
    default: return "unknown status";
    }
}

/* Fill *err (if any) and return the code, so a failure reads `return prune__fail(...)`. */
static int prune__fail(prune_error *err, int code, const char *fmt, ...) {
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* Overflow-checked size arithmetic: a hostile config must not wrap a size. */
static size_t prune__mul(size_t a, size_t b, int *bad) {
    if (a != 0 && b > (size_t)-1 / a) { *bad = 1; return 0; }
    return a * b;
}
static size_t prune__add(size_t a, size_t b, int *bad) {
    if (b > (size_t)-1 - a) { *bad = 1; return 0; }
    return a + b;
}

static void *prune__alloc(size_t n, void *user) {
    void *p = PRUNE_MALLOC(n ? n : 1, user);
    if (p) memset(p, 0, n);
    return p;
}

/* ============================================================================
   Random numbers: counter-based, so every draw is a pure function of
   (seed, stream, index) and no thread ever waits for another's RNG state
   ========================================================================= */

/* SplitMix64's finaliser: a bijection on 64 bits that mixes every input bit into
   every output bit. Hashing a counter with it gives independent-looking draws. */
static uint64_t prune__mix(uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Key of one random stream: the dropout of site `site` at optimiser step `step`. */
static uint64_t prune__key(uint64_t seed, uint64_t step, uint64_t site) {
    return prune__mix(prune__mix(prune__mix(seed) + step) + site);
}

/* uniform in [0, 1) with 53 random bits */
static double prune__uniform(uint64_t key, uint64_t i) {
    return (double)(prune__mix(key + i) >> 11) * (1.0 / 9007199254740992.0);
}

/* Dropout keeps element i when 24 random bits are >= p * 2^24. */
typedef struct prune__drop {
    uint64_t key;
    uint32_t thresh;      /* 0: keep everything (eval mode or p = 0) */
    prune_float scale;    /* 1 / (1 - p): keeps the expected value unchanged */
} prune__drop;

static prune__drop prune__drop_make(double p, int train, uint64_t seed, uint64_t step, uint64_t site) {
    prune__drop d;
    d.key = prune__key(seed, step, site);
    d.thresh = (train && p > 0) ? (uint32_t)(p * 16777216.0) : 0;
    d.scale = (prune_float)(d.thresh ? 1.0 / (1.0 - p) : 1.0);
    return d;
}

static int prune__kept(const prune__drop *d, uint64_t i) {
    return (uint32_t)(prune__mix(d->key + i) >> 40) >= d->thresh;
}

/* ============================================================================
   Thread pool: one per model. The caller is worker 0; workers 1..n-1 sleep on a
   condition variable between jobs (no busy-waiting). A job is a range [0, n) cut
   into chunks of `grain`; chunk boundaries depend on (n, grain) only, never on the
   number of threads, so results do not either.
   ========================================================================= */

typedef void (*prune__range_fn)(void *ctx, int lo, int hi, int thread);

struct prune__pool {
    int n;                       /* threads, the caller included          */
    prune_float **scratch;       /* [n] per-thread scratch (GEMM packing, attention rows) */
    void *user;
#ifndef PRUNE_NO_THREADS
    pthread_t *threads;          /* [n-1]                                  */
    struct prune__worker *workers;
    pthread_mutex_t mu;          /* guards every field below               */
    pthread_cond_t wake, done;
    prune__range_fn fn;
    void *ctx;
    int total, grain, next;      /* the job: [0,total), next chunk to take  */
    int busy;                    /* workers still inside the current job    */
    unsigned long gen;           /* job counter: a new value wakes workers  */
    int quit;
#endif
};

#ifndef PRUNE_NO_THREADS
struct prune__worker { prune__pool *pool; int id; };

/* Take chunks until none is left. Which thread runs a chunk never matters. */
static void prune__drain(prune__pool *p, prune__range_fn fn, void *ctx, int id) {
    for (;;) {
        int lo, hi;
        pthread_mutex_lock(&p->mu);
        lo = p->next;
        if (lo < p->total) p->next = lo + p->grain < p->total ? lo + p->grain : p->total;
        hi = p->next;
        pthread_mutex_unlock(&p->mu);
        if (lo >= hi) return;
        fn(ctx, lo, hi, id);
    }
}

static void *prune__worker_main(void *arg) {
    struct prune__worker *w = (struct prune__worker *)arg;
    prune__pool *p = w->pool;
    unsigned long seen = 0;
    for (;;) {
        prune__range_fn fn;
        void *ctx;
        pthread_mutex_lock(&p->mu);
        while (p->gen == seen && !p->quit) pthread_cond_wait(&p->wake, &p->mu);
        if (p->quit) { pthread_mutex_unlock(&p->mu); return NULL; }
        seen = p->gen;
        fn = p->fn;
        ctx = p->ctx;
        pthread_mutex_unlock(&p->mu);
        prune__drain(p, fn, ctx, w->id);
        pthread_mutex_lock(&p->mu);
        if (--p->busy == 0) pthread_cond_signal(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
}
#endif

static void prune__pool_free(prune__pool *p) {
    int i;
    if (!p) return;
#ifndef PRUNE_NO_THREADS
    if (p->threads) {
        pthread_mutex_lock(&p->mu);
        p->quit = 1;
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->mu);
        for (i = 0; i < p->n - 1; i++) pthread_join(p->threads[i], NULL);
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->wake);
        pthread_cond_destroy(&p->done);
    }
    PRUNE_FREE(p->threads, p->user);
    PRUNE_FREE(p->workers, p->user);
#endif
    if (p->scratch)
        for (i = 0; i < p->n; i++) PRUNE_FREE(p->scratch[i], p->user);
    PRUNE_FREE(p->scratch, p->user);
    PRUNE_FREE(p, p->user);
}

/* n threads (the caller counted), each with `scratch` floats of its own. */
static prune__pool *prune__pool_create(int n, size_t scratch, void *user) {
    int i;
    prune__pool *p = (prune__pool *)prune__alloc(sizeof *p, user);
    if (!p) return NULL;
    p->user = user;
#ifdef PRUNE_NO_THREADS
    n = 1;
#endif
    p->n = n;
    p->scratch = (prune_float **)prune__alloc(sizeof(prune_float *) * (size_t)n, user);
    if (!p->scratch) { PRUNE_FREE(p, user); return NULL; }
    for (i = 0; i < n; i++) {
        p->scratch[i] = (prune_float *)prune__alloc(scratch * sizeof(prune_float), user);
        if (!p->scratch[i]) { prune__pool_free(p); return NULL; }
    }
#ifndef PRUNE_NO_THREADS
    if (n > 1) {
        p->threads = (pthread_t *)prune__alloc(sizeof(pthread_t) * (size_t)(n - 1), user);
        p->workers = (struct prune__worker *)prune__alloc(sizeof(struct prune__worker) * (size_t)n, user);
        if (!p->threads || !p->workers) { prune__pool_free(p); return NULL; }
        pthread_mutex_init(&p->mu, NULL);
        pthread_cond_init(&p->wake, NULL);
        pthread_cond_init(&p->done, NULL);
        for (i = 1; i < n; i++) {
            p->workers[i].pool = p;
            p->workers[i].id = i;
            if (pthread_create(&p->threads[i - 1], NULL, prune__worker_main, &p->workers[i]) != 0) {
                p->n = i;   /* join only the threads that exist */
                prune__pool_free(p);
                return NULL;
            }
        }
    }
#endif
    return p;
}

/* Run fn over [0, total) in chunks of grain, on every thread of the pool. */
static void prune__parallel(prune__pool *p, int total, int grain, prune__range_fn fn, void *ctx) {
    int lo;
    (void)p;
    if (total <= 0) return;
    if (grain < 1) grain = 1;
#ifndef PRUNE_NO_THREADS
    if (p->n > 1 && total > grain) {
        pthread_mutex_lock(&p->mu);
        p->fn = fn;
        p->ctx = ctx;
        p->total = total;
        p->grain = grain;
        p->next = 0;
        p->busy = p->n - 1;
        p->gen++;
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->mu);
        prune__drain(p, fn, ctx, 0);
        pthread_mutex_lock(&p->mu);
        while (p->busy > 0) pthread_cond_wait(&p->done, &p->mu);
        pthread_mutex_unlock(&p->mu);
        return;
    }
#endif
    /* one thread: the same chunks, in order */
    for (lo = 0; lo < total; lo += grain) fn(ctx, lo, PRUNE__MIN(total, lo + grain), 0);
}

static int prune__online_cpus(void) {
#if defined(_SC_NPROCESSORS_ONLN)
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n >= 1) return n > 256 ? 256 : (int)n;
#endif
    return 1;
}

/* ============================================================================
   Matrix products: C = op(A)·op(B) + beta·C, row-major, op = identity or ᵀ.
   This is the one entry point PRUNE_USE_CBLAS swaps.

   The built-in path packs a KC-deep slice of op(B) into NR-wide column panels and
   of op(A) into MR-tall row panels, so the micro-kernel streams both from L1/L2
   with unit stride, and keeps an MR×NR block of C in registers. Every element of C
   is summed over k in the same order (KC blocks in order, k in order inside each)
   whatever the tiling of M and N: cutting the output between threads never changes
   a bit.
   ========================================================================= */

#define PRUNE__MR 4
#define PRUNE__NR 16
#define PRUNE__KC 256
#define PRUNE__MC 64
#define PRUNE__NC 512
/* scratch floats one serial product needs */
#define PRUNE__GEMM_SCRATCH ((size_t)PRUNE__MC * PRUNE__KC + (size_t)PRUNE__KC * PRUNE__NC)

#ifndef PRUNE_USE_CBLAS
/* Ap[panel][k][r] = op(A)[i0 + panel*MR + r][k0 + k], zero-filled past row mc */
static void prune__pack_a(prune_float *Ap, const prune_float *A, int lda, int ta, int mc, int kc) {
    int p, k, r;
    for (p = 0; p < mc; p += PRUNE__MR)
        for (k = 0; k < kc; k++)
            for (r = 0; r < PRUNE__MR; r++) {
                int i = p + r;
                *Ap++ = i >= mc ? 0 : ta ? A[(size_t)k * lda + i] : A[(size_t)i * lda + k];
            }
}

/* Bp[panel][k][c] = op(B)[k][panel*NR + c], zero-filled past column nc */
static void prune__pack_b(prune_float *Bp, const prune_float *B, int ldb, int tb, int nc, int kc) {
    int p, k, c;
    for (p = 0; p < nc; p += PRUNE__NR)
        for (k = 0; k < kc; k++)
            for (c = 0; c < PRUNE__NR; c++) {
                int j = p + c;
                *Bp++ = j >= nc ? 0 : tb ? B[(size_t)j * ldb + k] : B[(size_t)k * ldb + j];
            }
}

/* C[mr, nr] += Ap-panel · Bp-panel over kc; the MR×NR sums live in registers. */
static void prune__micro(int kc, const prune_float *a, const prune_float *b,
                         prune_float *c, int ldc, int mr, int nr) {
    prune_float acc[PRUNE__MR][PRUNE__NR];
    int k, r, j;
    memset(acc, 0, sizeof acc);
    for (k = 0; k < kc; k++, a += PRUNE__MR, b += PRUNE__NR)
        for (r = 0; r < PRUNE__MR; r++) {
            prune_float ar = a[r];
            for (j = 0; j < PRUNE__NR; j++) acc[r][j] += ar * b[j];
        }
    for (r = 0; r < mr; r++)
        for (j = 0; j < nr; j++) c[(size_t)r * ldc + j] += acc[r][j];
}
#endif

/* Serial product on the calling thread; work holds PRUNE__GEMM_SCRATCH floats.
   beta is 0 (C is overwritten, never read) or 1 (C accumulates). */
static void prune__gemm(int ta, int tb, int M, int N, int K,
                        const prune_float *A, int lda, const prune_float *B, int ldb,
                        prune_float beta, prune_float *C, int ldc, prune_float *work) {
#ifdef PRUNE_USE_CBLAS
    (void)work;
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        int i;
        if (beta == 0) for (i = 0; i < M; i++) memset(C + (size_t)i * ldc, 0, sizeof(prune_float) * (size_t)N);
        return;
    }
#ifdef PRUNE_DOUBLE
    cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                M, N, K, 1.0, A, lda, B, ldb, beta, C, ldc);
#else
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
#endif
#else
    prune_float *Ap = work, *Bp = work + (size_t)PRUNE__MC * PRUNE__KC;
    int i0, j0, k0, ip, jp;
    PRUNE_ASSERT(beta == 0 || beta == 1);
    if (M <= 0 || N <= 0) return;
    if (beta == 0)
        for (i0 = 0; i0 < M; i0++) memset(C + (size_t)i0 * ldc, 0, sizeof(prune_float) * (size_t)N);
    for (j0 = 0; j0 < N; j0 += PRUNE__NC) {
        int nc = PRUNE__MIN(PRUNE__NC, N - j0);
        for (k0 = 0; k0 < K; k0 += PRUNE__KC) {
            int kc = PRUNE__MIN(PRUNE__KC, K - k0);
            prune__pack_b(Bp, tb ? B + (size_t)j0 * ldb + k0 : B + (size_t)k0 * ldb + j0, ldb, tb, nc, kc);
            for (i0 = 0; i0 < M; i0 += PRUNE__MC) {
                int mc = PRUNE__MIN(PRUNE__MC, M - i0);
                prune__pack_a(Ap, ta ? A + (size_t)k0 * lda + i0 : A + (size_t)i0 * lda + k0, lda, ta, mc, kc);
                for (ip = 0; ip < mc; ip += PRUNE__MR)
                    for (jp = 0; jp < nc; jp += PRUNE__NR)
                        prune__micro(kc, Ap + (size_t)ip * kc, Bp + (size_t)jp * kc,
                                     C + (size_t)(i0 + ip) * ldc + j0 + jp, ldc,
                                     PRUNE__MIN(PRUNE__MR, mc - ip), PRUNE__MIN(PRUNE__NR, nc - jp));
            }
        }
    }
#endif
}

/* Parallel product over the pool: the output is cut into MC×NC tiles, one task
   each. With `bias` (length N) every row of C starts as bias and beta must be 0:
   C = op(A)·op(B) + bias, the bias added first as the one extra term. */
typedef struct prune__mm {
    prune__pool *pool;
    int ta, tb, M, N, K, lda, ldb, ldc, ntn;
    const prune_float *A, *B, *bias;
    prune_float beta, *C;
} prune__mm;

static void prune__mm_task(void *vctx, int lo, int hi, int th) {
    const prune__mm *c = (const prune__mm *)vctx;
    int t;
    for (t = lo; t < hi; t++) {
        int i0 = (t / c->ntn) * PRUNE__MC, j0 = (t % c->ntn) * PRUNE__NC;
        int mc = PRUNE__MIN(PRUNE__MC, c->M - i0), nc = PRUNE__MIN(PRUNE__NC, c->N - j0);
        prune_float *C = c->C + (size_t)i0 * c->ldc + j0, beta = c->beta;
        if (c->bias) {
            int i;
            for (i = 0; i < mc; i++) memcpy(C + (size_t)i * c->ldc, c->bias + j0, sizeof(prune_float) * (size_t)nc);
            beta = 1;
        }
        prune__gemm(c->ta, c->tb, mc, nc, c->K,
                    c->ta ? c->A + i0 : c->A + (size_t)i0 * c->lda, c->lda,
                    c->tb ? c->B + (size_t)j0 * c->ldb : c->B + j0, c->ldb,
                    beta, C, c->ldc, c->pool->scratch[th]);
    }
}

static void prune__matmul(prune__pool *pool, int ta, int tb, int M, int N, int K,
                          const prune_float *A, int lda, const prune_float *B, int ldb,
                          const prune_float *bias, prune_float beta, prune_float *C, int ldc) {
    prune__mm c;
    int ntm = (M + PRUNE__MC - 1) / PRUNE__MC;
    c.pool = pool; c.ta = ta; c.tb = tb; c.M = M; c.N = N; c.K = K;
    c.lda = lda; c.ldb = ldb; c.ldc = ldc; c.ntn = (N + PRUNE__NC - 1) / PRUNE__NC;
    c.A = A; c.B = B; c.bias = bias; c.beta = beta; c.C = C;
    PRUNE_ASSERT(!bias || beta == 0);
    prune__parallel(pool, ntm * c.ntn, 1, prune__mm_task, &c);
}

/* ============================================================================
   Layers. Each is a forward/backward pair with one argument order: outputs,
   cached statistics, inputs and weights, then sizes. Forward caches exactly what
   backward needs; backward *accumulates* (+=) into parameter gradients, so there is
   one zero_grad per step. Work is cut into row ranges (independent rows) or column
   ranges (sums over rows, each summed in row order by one task), never in a way
   that depends on the thread count.

   Shapes: B batch, T padded length, C hidden, NH heads, hs = C/NH, F FFN width,
   K labels, N = B*T rows of token vectors.
   ========================================================================= */

/* Rows per task for row-wise kernels over token vectors: enough work per task
   to pay for taking it from the pool (~C*64 flops), few enough for balance. */
#define PRUNE__ROWS 32
/* Columns per task for column sums (bias and LayerNorm gradients). */
#define PRUNE__COLS 32
/* Elements per task for element-wise kernels. */
#define PRUNE__ELEMS 16384

/* ---- Embeddings + LayerNorm ------------------------------------------------ */

typedef struct prune__ln {
    prune_float *out, *mean, *rstd;          /* forward: out [N,C], mean, rstd [N] */
    prune_float *dinp, *dw, *db;             /* backward                          */
    const prune_float *inp, *dout, *w, *b;
    const int32_t *ids, *types;              /* embedding only                    */
    const prune_float *wte, *wpe, *wtt;
    prune_float *dwte, *dwpe, *dwtt;
    int N, T, C, pos_offset;
    prune_float eps;
    prune__drop drop;                        /* dropout applied to `out`          */
} prune__ln;

/* out = LayerNorm(inp) over one row of C; keeps mean and 1/std for backward. */
static void prune__layernorm_row(prune_float *out, prune_float *mean, prune_float *rstd,
                                 const prune_float *inp, const prune_float *w, const prune_float *b,
                                 int C, prune_float eps) {
    prune_float m = 0, v = 0, s;
    int c;
    for (c = 0; c < C; c++) m += inp[c];
    m /= C;
    /* two passes: the variance of (x - mean) loses nothing to cancellation */
    for (c = 0; c < C; c++) { prune_float d = inp[c] - m; v += d * d; }
    v /= C;
    s = 1 / PRUNE__SQRT(v + eps);
    for (c = 0; c < C; c++) out[c] = (inp[c] - m) * s * w[c] + b[c];
    *mean = m;
    *rstd = s;
}

/* dropout on one row of `out` that starts at element `base` of its tensor */
static void prune__dropout_row(prune_float *x, size_t base, int n, const prune__drop *d) {
    int i;
    if (!d->thresh) return;
    for (i = 0; i < n; i++) x[i] = prune__kept(d, base + (size_t)i) ? x[i] * d->scale : 0;
}

/* LayerNorm forward on rows [lo, hi), then dropout on its output. */
static void prune__layernorm_fwd_task(void *vctx, int lo, int hi, int th) {
    const prune__ln *c = (const prune__ln *)vctx;
    int r;
    (void)th;
    for (r = lo; r < hi; r++) {
        size_t o = (size_t)r * c->C;
        prune__layernorm_row(c->out + o, c->mean + r, c->rstd + r, c->inp + o, c->w, c->b, c->C, c->eps);
        prune__dropout_row(c->out + o, o, c->C, &c->drop);
    }
}

/* emb[r] = wte[ids[r]] + wpe[t + pos_offset] + wtt[types[r]], then LayerNorm
   and dropout into out: the first activation of the encoder. inp is emb. */
static void prune__embed_fwd_task(void *vctx, int lo, int hi, int th) {
    const prune__ln *c = (const prune__ln *)vctx;
    int r, i, C = c->C;
    for (r = lo; r < hi; r++) {
        prune_float *e = (prune_float *)c->inp + (size_t)r * C;
        const prune_float *we = c->wte + (size_t)c->ids[r] * C;
        const prune_float *pe = c->wpe + (size_t)(r % c->T + c->pos_offset) * C;
        const prune_float *te = c->wtt + (size_t)(c->types ? c->types[r] : 0) * C;
        for (i = 0; i < C; i++) e[i] = we[i] + pe[i] + te[i];
    }
    prune__layernorm_fwd_task(vctx, lo, hi, th);
}

/* LayerNorm backward, rows: dinp = (dnorm - mean(dnorm) - xhat·mean(dnorm·xhat))·rstd
   where dnorm = dout·w and xhat = (inp - mean)·rstd. Overwrites dinp. */
static void prune__layernorm_bwd_rows(void *vctx, int lo, int hi, int th) {
    const prune__ln *c = (const prune__ln *)vctx;
    int r, i, C = c->C;
    (void)th;
    for (r = lo; r < hi; r++) {
        const prune_float *x = c->inp + (size_t)r * C, *g = c->dout + (size_t)r * C;
        prune_float *dx = c->dinp + (size_t)r * C, m = c->mean[r], s = c->rstd[r];
        prune_float gm = 0, gxm = 0;
        for (i = 0; i < C; i++) {
            prune_float dn = g[i] * c->w[i];
            gm += dn;
            gxm += dn * (x[i] - m) * s;
        }
        gm /= C;
        gxm /= C;
        for (i = 0; i < C; i++) dx[i] = (g[i] * c->w[i] - gm - (x[i] - m) * s * gxm) * s;
    }
}

/* LayerNorm backward, columns [lo, hi): dw += Σ_rows dout·xhat, db += Σ_rows dout. */
static void prune__layernorm_bwd_cols(void *vctx, int lo, int hi, int th) {
    const prune__ln *c = (const prune__ln *)vctx;
    prune_float sw[PRUNE__COLS], sb[PRUNE__COLS];
    int r, i, n = hi - lo, C = c->C;
    (void)th;
    for (i = 0; i < n; i++) sw[i] = sb[i] = 0;
    for (r = 0; r < c->N; r++) {
        const prune_float *x = c->inp + (size_t)r * C + lo, *g = c->dout + (size_t)r * C + lo;
        prune_float m = c->mean[r], s = c->rstd[r];
        for (i = 0; i < n; i++) { sw[i] += g[i] * (x[i] - m) * s; sb[i] += g[i]; }
    }
    for (i = 0; i < n; i++) { c->dw[lo + i] += sw[i]; c->db[lo + i] += sb[i]; }
}

static void prune__layernorm_backward(prune__pool *pool, prune__ln *c) {
    prune__parallel(pool, c->N, PRUNE__ROWS, prune__layernorm_bwd_rows, c);
    prune__parallel(pool, c->C, PRUNE__COLS, prune__layernorm_bwd_cols, c);
}

/* Embedding backward, columns [lo, hi): scatter the gradient of every token into
   the rows it was gathered from, tokens in order, so repeated ids always sum the
   same way. dout is the gradient of emb. */
static void prune__embed_bwd_cols(void *vctx, int lo, int hi, int th) {
    const prune__ln *c = (const prune__ln *)vctx;
    int r, i, n = hi - lo, C = c->C;
    (void)th;
    for (r = 0; r < c->N; r++) {
        const prune_float *g = c->dout + (size_t)r * C + lo;
        prune_float *we = c->dwte + (size_t)c->ids[r] * C + lo;
        prune_float *pe = c->dwpe + (size_t)(r % c->T + c->pos_offset) * C + lo;
        prune_float *te = c->dwtt + (size_t)(c->types ? c->types[r] : 0) * C + lo;
        for (i = 0; i < n; i++) { we[i] += g[i]; pe[i] += g[i]; te[i] += g[i]; }
    }
}

/* ---- Element-wise: dropout, residuals, GELU --------------------------------- */

enum {
    PRUNE__EW_DROP,       /* out = dropout(a)               (backward of a dropout too) */
    PRUNE__EW_RESID,      /* out = a + dropout(out)         residual after a sublayer   */
    PRUNE__EW_GELU,       /* out = gelu(a)                                               */
    PRUNE__EW_GELU_BWD    /* out *= gelu'(a)                                             */
};

typedef struct prune__ew {
    int op;
    size_t n;                 /* elements; tasks are chunks of PRUNE__ELEMS */
    prune_float *out;
    const prune_float *a;
    prune__drop drop;
} prune__ew;

/* GELU, the exact (erf) form BERT uses: x·Φ(x), Φ the standard normal CDF. */
static prune_float prune__gelu(prune_float x) {
    return (prune_float)0.5 * x * (1 + PRUNE__ERF(x * (prune_float)0.70710678118654752440));
}
/* d/dx x·Φ(x) = Φ(x) + x·φ(x) */
static prune_float prune__gelu_grad(prune_float x) {
    prune_float cdf = (prune_float)0.5 * (1 + PRUNE__ERF(x * (prune_float)0.70710678118654752440));
    prune_float pdf = (prune_float)0.39894228040143267794 * PRUNE__EXP((prune_float)-0.5 * x * x);
    return cdf + x * pdf;
}

static void prune__ew_task(void *vctx, int lo, int hi, int th) {
    const prune__ew *c = (const prune__ew *)vctx;
    size_t i, i0 = (size_t)lo * PRUNE__ELEMS, i1 = PRUNE__MIN(c->n, (size_t)hi * PRUNE__ELEMS);
    (void)th;
    switch (c->op) {
    case PRUNE__EW_DROP:
        for (i = i0; i < i1; i++)
            c->out[i] = (!c->drop.thresh || prune__kept(&c->drop, i)) ? c->a[i] * c->drop.scale : 0;
        break;
    case PRUNE__EW_RESID:
        for (i = i0; i < i1; i++)
            c->out[i] = c->a[i] + ((!c->drop.thresh || prune__kept(&c->drop, i)) ? c->out[i] * c->drop.scale : 0);
        break;
    case PRUNE__EW_GELU:
        for (i = i0; i < i1; i++) c->out[i] = prune__gelu(c->a[i]);
        break;
    default:
        for (i = i0; i < i1; i++) c->out[i] *= prune__gelu_grad(c->a[i]);
        break;
    }
}

static void prune__elementwise(prune__pool *pool, int op, size_t n, prune_float *out,
                               const prune_float *a, prune__drop drop) {
    prune__ew c;
    c.op = op; c.n = n; c.out = out; c.a = a; c.drop = drop;
    prune__parallel(pool, (int)((n + PRUNE__ELEMS - 1) / PRUNE__ELEMS), 1, prune__ew_task, &c);
}

/* ---- Bias gradient: db += Σ_rows dout, columns cut between tasks ---------- */

typedef struct prune__colsum { prune_float *db; const prune_float *dout; int N, ld; } prune__colsum;

static void prune__colsum_task(void *vctx, int lo, int hi, int th) {
    const prune__colsum *c = (const prune__colsum *)vctx;
    prune_float s[PRUNE__COLS];
    int r, j, n = hi - lo;
    (void)th;
    for (j = 0; j < n; j++) s[j] = 0;
    for (r = 0; r < c->N; r++) {
        const prune_float *g = c->dout + (size_t)r * c->ld + lo;
        for (j = 0; j < n; j++) s[j] += g[j];
    }
    for (j = 0; j < n; j++) c->db[lo + j] += s[j];
}

/* db[0..OC) += Σ over N rows of dout (row stride ld) */
static void prune__bias_backward(prune__pool *pool, prune_float *db, const prune_float *dout, int N, int OC, int ld) {
    prune__colsum c;
    c.db = db; c.dout = dout; c.N = N; c.ld = ld;
    prune__parallel(pool, OC, PRUNE__COLS, prune__colsum_task, &c);
}

/* Linear layer backward: out = inp·Wᵀ + b with inp [N,IC], W [OC,IC], out [N,OC].
   dW += doutᵀ·inp, db += Σ dout (db may be NULL), dinp = dout·W (beta 0) or += (beta 1). */
static void prune__linear_backward(prune__pool *pool, prune_float *dinp, prune_float *dW, prune_float *db,
                                   const prune_float *dout, const prune_float *inp, const prune_float *W,
                                   int N, int IC, int OC, prune_float beta) {
    prune__matmul(pool, 1, 0, OC, IC, N, dout, OC, inp, IC, NULL, 1, dW, IC);
    if (db) prune__bias_backward(pool, db, dout, N, OC, OC);
    prune__matmul(pool, 0, 0, N, IC, OC, dout, OC, W, IC, NULL, beta, dinp, IC);
}

/* ---- Attention ---------------------------------------------------------------
   One task per (example, head): its queries, keys and values are column slices of
   qkv [B,T,3C] (q | k | v, head h at columns h*hs..h*hs+hs-1 of each third).
   Keys at or past len[b] are padding: their probability is exactly 0 (what adding
   -inf, or HF's finfo.min, to their scores gives), so only the first len keys are
   multiplied at all. */

typedef struct prune__attn {
    prune__pool *pool;
    prune_float *att, *atty, *dqkv;      /* att [B,NH,T,T] probabilities; atty [B,T,C] */
    const prune_float *qkv, *datty;
    const int32_t *lens;
    int T, C, NH;
    prune__drop drop;                    /* on the probabilities (site 1+3l)           */
} prune__attn;

/* ad = dropout(a) over the first len columns of a T×T block (element index base+i*T+j) */
static void prune__attn_drop(prune_float *ad, const prune_float *a, size_t base, int T, int len, const prune__drop *d) {
    int i, j;
    for (i = 0; i < T; i++)
        for (j = 0; j < len; j++) {
            size_t e = (size_t)i * T + j;
            ad[e] = prune__kept(d, base + e) ? a[e] * d->scale : 0;
        }
}

static void prune__attn_fwd_task(void *vctx, int lo, int hi, int th) {
    const prune__attn *c = (const prune__attn *)vctx;
    int T = c->T, C = c->C, hs = C / c->NH, bh, i, j;
    prune_float *work = c->pool->scratch[th], *ad = work + PRUNE__GEMM_SCRATCH;
    prune_float scale = 1 / PRUNE__SQRT((prune_float)hs);
    for (bh = lo; bh < hi; bh++) {
        int b = bh / c->NH, h = bh % c->NH, len = c->lens[b];
        const prune_float *q = c->qkv + (size_t)b * T * 3 * C + (size_t)h * hs, *k = q + C, *v = q + 2 * C;
        prune_float *s = c->att + (size_t)bh * T * T;
        const prune_float *p = s;
        /* scores s[i][j] = q_i·k_j for the valid keys */
        prune__gemm(0, 1, T, len, hs, q, 3 * C, k, 3 * C, 0, s, T, work);
        for (i = 0; i < T; i++) {
            prune_float *row = s + (size_t)i * T, mx, sum = 0, inv;
            for (j = 0; j < len; j++) row[j] *= scale;
            /* softmax: subtracting the row's max leaves it unchanged and keeps every
               exp() <= 1, so nothing overflows whatever the scores */
            mx = row[0];
            for (j = 1; j < len; j++) mx = PRUNE__MAX(mx, row[j]);
            for (j = 0; j < len; j++) { row[j] = PRUNE__EXP(row[j] - mx); sum += row[j]; }
            inv = 1 / sum;
            for (j = 0; j < len; j++) row[j] *= inv;
            for (j = len; j < T; j++) row[j] = 0;
        }
        if (c->drop.thresh) { prune__attn_drop(ad, s, (size_t)bh * T * T, T, len, &c->drop); p = ad; }
        /* y = dropout(a)·v, written into this head's columns of atty */
        prune__gemm(0, 0, T, hs, len, p, T, v, 3 * C, 0, c->atty + (size_t)b * T * C + (size_t)h * hs, C, work);
    }
}

static void prune__attn_bwd_task(void *vctx, int lo, int hi, int th) {
    const prune__attn *c = (const prune__attn *)vctx;
    int T = c->T, C = c->C, hs = C / c->NH, bh, i, j;
    prune_float *work = c->pool->scratch[th], *ad = work + PRUNE__GEMM_SCRATCH, *ds = ad + (size_t)T * T;
    prune_float scale = 1 / PRUNE__SQRT((prune_float)hs);
    for (bh = lo; bh < hi; bh++) {
        int b = bh / c->NH, h = bh % c->NH, len = c->lens[b];
        size_t ro = (size_t)b * T * 3 * C + (size_t)h * hs;
        const prune_float *q = c->qkv + ro, *k = q + C, *v = q + 2 * C;
        prune_float *dq = c->dqkv + ro, *dk = dq + C, *dv = dq + 2 * C;
        const prune_float *dy = c->datty + (size_t)b * T * C + (size_t)h * hs;
        const prune_float *s = c->att + (size_t)bh * T * T, *p = s;
        if (c->drop.thresh) { prune__attn_drop(ad, s, (size_t)bh * T * T, T, len, &c->drop); p = ad; }
        /* forward was y = p·v: dp = dy·vᵀ, dv = pᵀ·dy */
        prune__gemm(0, 1, T, len, hs, dy, C, v, 3 * C, 0, ds, T, work);
        prune__gemm(1, 0, len, hs, T, p, T, dy, C, 0, dv, 3 * C, work);
        for (i = len; i < T; i++) {  /* padded keys and values got nothing */
            memset(dk + (size_t)i * 3 * C, 0, sizeof(prune_float) * (size_t)hs);
            memset(dv + (size_t)i * 3 * C, 0, sizeof(prune_float) * (size_t)hs);
        }
        /* back through dropout (same mask), then softmax: ds = a ⊙ (da - Σ_j a·da),
           then the 1/sqrt(hs) that scaled the scores */
        for (i = 0; i < T; i++) {
            const prune_float *a = s + (size_t)i * T;
            prune_float *d = ds + (size_t)i * T, dot = 0;
            if (c->drop.thresh)
                for (j = 0; j < len; j++)
                    d[j] = prune__kept(&c->drop, (size_t)bh * T * T + (size_t)i * T + j) ? d[j] * c->drop.scale : 0;
            for (j = 0; j < len; j++) dot += a[j] * d[j];
            for (j = 0; j < len; j++) d[j] = a[j] * (d[j] - dot) * scale;
        }
        /* forward was s = q·kᵀ: dq = ds·k, dk = dsᵀ·q */
        prune__gemm(0, 0, T, hs, len, ds, T, k, 3 * C, 0, dq, 3 * C, work);
        prune__gemm(1, 0, len, hs, T, ds, T, q, 3 * C, 0, dk, 3 * C, work);
    }
}

/* ============================================================================
   Configuration
   ========================================================================= */

PRUNEDEF prune_config prune_config_defaults(void) {
    prune_config c;
    memset(&c, 0, sizeof c);
    c.vocab_size = 30522; c.hidden = 768; c.layers = 12; c.heads = 12; c.ffn = 3072;
    c.max_pos = 512; c.type_vocab = 2; c.labels = 2; c.ln_eps = 1e-12;
    c.hidden_dropout = 0.1; c.attn_dropout = 0.1; c.classifier_dropout = -1;
    return c;
}

PRUNEDEF int prune_config_resolve(prune_config *c, prune_error *err) {
    if (!c) return prune__fail(err, PRUNE_EARG, "config: NULL");
    if (c->vocab_size == 0) c->vocab_size = 30522;
    if (c->hidden == 0) c->hidden = 768;
    if (c->layers == 0) c->layers = 12;
    if (c->heads == 0) c->heads = 12;
    if (c->ffn == 0) c->ffn = 4 * c->hidden;
    if (c->max_pos == 0) c->max_pos = 512;
    if (c->type_vocab == 0) c->type_vocab = 2;
    if (c->labels == 0) c->labels = 2;
    if (c->ln_eps == 0) c->ln_eps = 1e-12;
    if (c->vocab_size < 1 || c->hidden < 1 || c->layers < 1 || c->heads < 1 || c->ffn < 1 ||
        c->max_pos < 1 || c->type_vocab < 1 || c->labels < 1)
        return prune__fail(err, PRUNE_EARG, "config: sizes must be positive (vocab %d, hidden %d, layers %d, heads %d, ffn %d, max_pos %d, type_vocab %d, labels %d)",
                           c->vocab_size, c->hidden, c->layers, c->heads, c->ffn, c->max_pos, c->type_vocab, c->labels);
    if (c->hidden % c->heads)
        return prune__fail(err, PRUNE_EARG, "config: hidden %d is not a multiple of heads %d", c->hidden, c->heads);
    if (c->hidden > (1 << 20) || c->ffn > (1 << 22) || c->layers > 1024 || c->max_pos > (1 << 20) ||
        c->vocab_size > (1 << 26) || c->type_vocab > (1 << 16) || c->labels > (1 << 20))
        return prune__fail(err, PRUNE_EARG, "config: a size is beyond what this library supports");
    if (c->pos_offset < 0 || c->pos_offset >= c->max_pos)
        return prune__fail(err, PRUNE_EARG, "config: pos_offset %d must be in 0..%d", c->pos_offset, c->max_pos - 1);
    if (!(c->ln_eps > 0))
        return prune__fail(err, PRUNE_EARG, "config: ln_eps must be positive");
    if (c->classifier_dropout < 0) c->classifier_dropout = c->hidden_dropout;
    if (!(c->hidden_dropout >= 0 && c->hidden_dropout < 1) || !(c->attn_dropout >= 0 && c->attn_dropout < 1) ||
        !(c->classifier_dropout >= 0 && c->classifier_dropout < 1))
        return prune__fail(err, PRUNE_EARG, "config: dropout probabilities must be in [0, 1)");
    return PRUNE_OK;
}

PRUNEDEF prune_optim prune_optim_defaults(void) {
    prune_optim o;
    memset(&o, 0, sizeof o);
    o.lr = 2e-5; o.beta1 = 0.9; o.beta2 = 0.999; o.eps = 1e-8;
    o.weight_decay = 0.01; o.clip_norm = 1.0;
    return o;
}

PRUNEDEF double prune_lr_at(const prune_optim *o, long step) {
    if (step < o->warmup_steps) return o->lr * (double)step / (double)PRUNE__MAX(1, o->warmup_steps);
    if (o->total_steps <= 0) return o->lr;
    return o->lr * PRUNE__MAX(0.0, (double)(o->total_steps - step) / (double)PRUNE__MAX(1, o->total_steps - o->warmup_steps));
}

/* ============================================================================
   The parameter table and the activation arena
   ========================================================================= */

static const char *const prune__tensor_names[PRUNE_NTENSORS] = {
    "wte", "wpe", "wtt", "embln_w", "embln_b", "qkvw", "qkvb", "attprojw", "attprojb",
    "ln1w", "ln1b", "fcw", "fcb", "fcprojw", "fcprojb", "ln2w", "ln2b",
    "poolw", "poolb", "clsw", "clsb"};

PRUNEDEF int prune_tensor_find(const char *name) {
    int i;
    for (i = 0; i < PRUNE_NTENSORS; i++)
        if (strcmp(name, prune__tensor_names[i]) == 0) return i;
    return -1;
}

PRUNEDEF prune_float *prune_tensor(prune_model *m, prune_float *base, int t) {
    PRUNE_ASSERT(t >= 0 && t < PRUNE_NTENSORS);
    return base + m->tensors[t].offset;
}

/* Fill the table (shapes, offsets, decay) from a resolved config. */
static size_t prune__tensor_table(prune_tensor_info *t, const prune_config *c, int *bad) {
    int L = c->layers, C = c->hidden, F = c->ffn, i;
    /* shape of each tensor: {ndim, d0, d1, d2}; L-stacked ones lead with L */
    int shapes[PRUNE_NTENSORS][4];
    size_t off = 0;
    int s[PRUNE_NTENSORS][4] = {
        {2, c->vocab_size, C, 0}, {2, c->max_pos, C, 0}, {2, c->type_vocab, C, 0},
        {1, C, 0, 0}, {1, C, 0, 0},
        {3, L, 3 * C, C}, {2, L, 3 * C, 0}, {3, L, C, C}, {2, L, C, 0},
        {2, L, C, 0}, {2, L, C, 0}, {3, L, F, C}, {2, L, F, 0}, {3, L, C, F}, {2, L, C, 0},
        {2, L, C, 0}, {2, L, C, 0}, {2, C, C, 0}, {1, C, 0, 0}, {2, c->labels, C, 0}, {1, c->labels, 0, 0}};
    memcpy(shapes, s, sizeof s);
    for (i = 0; i < PRUNE_NTENSORS; i++) {
        int d;
        size_t n = 1;
        t[i].name = prune__tensor_names[i];
        t[i].ndim = shapes[i][0];
        for (d = 0; d < 3; d++) t[i].shape[d] = d < t[i].ndim ? shapes[i][d + 1] : 0;
        for (d = 0; d < t[i].ndim; d++) n = prune__mul(n, (size_t)t[i].shape[d], bad);
        t[i].size = n;
        t[i].offset = off;
        off = prune__add(off, n, bad);
        /* Hugging Face's recipe: no decay on biases and LayerNorm weights */
        t[i].decay = i == PRUNE_WTE || i == PRUNE_WPE || i == PRUNE_WTT || i == PRUNE_QKVW ||
                     i == PRUNE_ATTPROJW || i == PRUNE_FCW || i == PRUNE_FCPROJW || i == PRUNE_POOLW ||
                     i == PRUNE_CLSW;
    }
    return off;
}

/* Activation regions. Each holds `slots` copies of a per-slot block whose size
   depends on the batch shape: training keeps every layer's activations for
   backward (L slots, L+1 for the layer inputs x); inference keeps one layer's and
   ping-pongs x between two. Gradient buffers exist only when training. */
enum {
    PRUNE__R_EMB, PRUNE__R_EMB_MEAN, PRUNE__R_EMB_RSTD, PRUNE__R_X, PRUNE__R_QKV, PRUNE__R_ATT,
    PRUNE__R_ATTY, PRUNE__R_RES1, PRUNE__R_LN1_MEAN, PRUNE__R_LN1_RSTD, PRUNE__R_H1, PRUNE__R_FCH,
    PRUNE__R_FCHG, PRUNE__R_RES2, PRUNE__R_LN2_MEAN, PRUNE__R_LN2_RSTD, PRUNE__R_POOLED,
    PRUNE__R_POOLED_D, PRUNE__R_LOGITS, PRUNE__R_PROBS, PRUNE__R_EXLOSS,
    /* training only */
    PRUNE__R_DX, PRUNE__R_DH1, PRUNE__R_DTMP, PRUNE__R_DATTY, PRUNE__R_DQKV, PRUNE__R_DFCH,
    PRUNE__R_DPOOLED, PRUNE__R_DLOGITS, PRUNE__R_COUNT
};

/* per-slot elements of every region for batch shape (B, T), and slot counts */
static void prune__regions(const prune_config *c, size_t B, size_t T, int training,
                           size_t per[PRUNE__R_COUNT], size_t slots[PRUNE__R_COUNT], int *bad) {
    size_t N = prune__mul(B, T, bad), C = (size_t)c->hidden, F = (size_t)c->ffn, K = (size_t)c->labels;
    size_t NC = prune__mul(N, C, bad), L = (size_t)c->layers;
    int r;
    per[PRUNE__R_EMB] = NC; per[PRUNE__R_EMB_MEAN] = N; per[PRUNE__R_EMB_RSTD] = N;
    per[PRUNE__R_X] = NC; per[PRUNE__R_QKV] = prune__mul(NC, 3, bad);
    per[PRUNE__R_ATT] = prune__mul(prune__mul(prune__mul(B, (size_t)c->heads, bad), T, bad), T, bad);
    per[PRUNE__R_ATTY] = NC; per[PRUNE__R_RES1] = NC; per[PRUNE__R_LN1_MEAN] = N; per[PRUNE__R_LN1_RSTD] = N;
    per[PRUNE__R_H1] = NC; per[PRUNE__R_FCH] = prune__mul(N, F, bad); per[PRUNE__R_FCHG] = per[PRUNE__R_FCH];
    per[PRUNE__R_RES2] = NC; per[PRUNE__R_LN2_MEAN] = N; per[PRUNE__R_LN2_RSTD] = N;
    per[PRUNE__R_POOLED] = prune__mul(B, C, bad); per[PRUNE__R_POOLED_D] = per[PRUNE__R_POOLED];
    per[PRUNE__R_LOGITS] = prune__mul(B, K, bad); per[PRUNE__R_PROBS] = per[PRUNE__R_LOGITS];
    per[PRUNE__R_EXLOSS] = B;
    per[PRUNE__R_DX] = NC; per[PRUNE__R_DH1] = NC; per[PRUNE__R_DTMP] = NC; per[PRUNE__R_DATTY] = NC;
    per[PRUNE__R_DQKV] = per[PRUNE__R_QKV]; per[PRUNE__R_DFCH] = per[PRUNE__R_FCH];
    per[PRUNE__R_DPOOLED] = per[PRUNE__R_POOLED]; per[PRUNE__R_DLOGITS] = per[PRUNE__R_LOGITS];
    for (r = 0; r < PRUNE__R_COUNT; r++) slots[r] = 1;
    for (r = PRUNE__R_QKV; r <= PRUNE__R_LN2_RSTD; r++) slots[r] = training ? L : 1;
    slots[PRUNE__R_X] = training ? L + 1 : 2;
    for (r = PRUNE__R_DX; r < PRUNE__R_COUNT; r++) slots[r] = training ? 1 : 0;
}

/* ============================================================================
   Create, free, initialise
   ========================================================================= */

PRUNEDEF void prune_model_free(prune_model *m) {
    void *u;
    if (!m) return;
    u = m->desc.alloc_user;
    prune__pool_free(m->pool);
    PRUNE_FREE(m->params, u); PRUNE_FREE(m->grads, u); PRUNE_FREE(m->adam_m, u); PRUNE_FREE(m->adam_v, u);
    PRUNE_FREE(m->arena, u); PRUNE_FREE(m->partials, u);
    PRUNE_FREE(m->labels, u); PRUNE_FREE(m->ids, u); PRUNE_FREE(m->types, u); PRUNE_FREE(m->lens, u);
    memset(m, 0, sizeof *m);
}

/* elements per chunk of the gradient-norm sum: fixed, so the sum is too */
#define PRUNE__NORM_CHUNK 65536

PRUNEDEF int prune_model_create(prune_model *m, const prune_model_desc *d, prune_error *err) {
    size_t per[PRUNE__R_COUNT], slots[PRUNE__R_COUNT], off = 0, bt, nchunks, scratch;
    int bad = 0, r, rc, maxlen;
    void *u;
    if (!m || !d) return prune__fail(err, PRUNE_EARG, "prune_model_create: NULL argument");
    memset(m, 0, sizeof *m);
    m->desc = *d;
    u = d->alloc_user;
    if ((rc = prune_config_resolve(&m->desc.config, err)) != PRUNE_OK) return rc;
    m->cfg = m->desc.config;
    maxlen = m->cfg.max_pos - m->cfg.pos_offset;
    if (m->desc.max_batch == 0) m->desc.max_batch = 32;
    if (m->desc.max_len == 0) m->desc.max_len = maxlen;
    if (m->desc.threads == 0) m->desc.threads = prune__online_cpus();
    if (m->desc.max_batch < 1 || m->desc.max_batch > (1 << 20))
        return prune__fail(err, PRUNE_EARG, "model: max_batch %d is out of range 1..%d", m->desc.max_batch, 1 << 20);
    if (m->desc.max_len < 1 || m->desc.max_len > maxlen)
        return prune__fail(err, PRUNE_EARG, "model: max_len %d is out of range 1..%d (max_pos %d - pos_offset %d)",
                           m->desc.max_len, maxlen, m->cfg.max_pos, m->cfg.pos_offset);
    if (m->desc.threads < 1 || m->desc.threads > 1024)
        return prune__fail(err, PRUNE_EARG, "model: threads %d is out of range 1..1024", m->desc.threads);

    m->nparams = prune__tensor_table(m->tensors, &m->cfg, &bad);
    prune__regions(&m->cfg, (size_t)m->desc.max_batch, (size_t)m->desc.max_len, m->desc.training, per, slots, &bad);
    for (r = 0; r < PRUNE__R_COUNT; r++) {
        m->region[r] = off;
        off = prune__add(off, prune__mul(per[r], slots[r], &bad), &bad);
    }
    m->arena_size = off;
    bt = prune__mul((size_t)m->desc.max_batch, (size_t)m->desc.max_len, &bad);
    /* per thread: one serial GEMM's packing, plus two T×T attention blocks */
    scratch = prune__add(PRUNE__GEMM_SCRATCH, prune__mul(2, prune__mul((size_t)m->desc.max_len, (size_t)m->desc.max_len, &bad), &bad), &bad);
    /* the byte counts of every allocation below must not wrap either */
    prune__mul(m->nparams, 4 * sizeof(prune_float), &bad);
    prune__mul(m->arena_size, sizeof(prune_float), &bad);
    prune__mul(scratch, sizeof(prune_float), &bad);
    if (bad) return prune__fail(err, PRUNE_ENOMEM, "model: sizes overflow (config too large for this machine)");
    nchunks = m->nparams / PRUNE__NORM_CHUNK + 1;

    /* one block each; stop at the first that fails, before touching more memory */
    if (!(m->params = (prune_float *)prune__alloc(m->nparams * sizeof(prune_float), u)) ||
        (m->desc.training && (!(m->grads = (prune_float *)prune__alloc(m->nparams * sizeof(prune_float), u)) ||
                              !(m->adam_m = (prune_float *)prune__alloc(m->nparams * sizeof(prune_float), u)) ||
                              !(m->adam_v = (prune_float *)prune__alloc(m->nparams * sizeof(prune_float), u)))) ||
        /* every activation is written before it is read: no need to zero the arena */
        !(m->arena = (prune_float *)PRUNE_MALLOC(m->arena_size * sizeof(prune_float) + 1, u)) ||
        !(m->labels = (int32_t *)prune__alloc((size_t)m->desc.max_batch * sizeof(int32_t), u)) ||
        !(m->lens = (int32_t *)prune__alloc((size_t)m->desc.max_batch * sizeof(int32_t), u)) ||
        !(m->ids = (int32_t *)prune__alloc(bt * sizeof(int32_t), u)) ||
        !(m->types = (int32_t *)prune__alloc(bt * sizeof(int32_t), u)) ||
        !(m->partials = (double *)prune__alloc(nchunks * sizeof(double), u)) ||
        !(m->pool = prune__pool_create(m->desc.threads, scratch, u))) {
        size_t mb = (m->nparams * (m->desc.training ? 4 : 1) + m->arena_size) * sizeof(prune_float) >> 20;
        prune_model_free(m);
        return prune__fail(err, PRUNE_ENOMEM, "model: cannot allocate about %lu MiB (or start %d threads)",
                           (unsigned long)mb, d->threads);
    }
#ifdef PRUNE_NO_THREADS
    m->desc.threads = 1;
#endif
    return PRUNE_OK;
}

PRUNEDEF void prune_model_init_weights(prune_model *m, uint64_t seed, double std) {
    int t;
    size_t i;
    if (std <= 0) std = 0.02;
    for (t = 0; t < PRUNE_NTENSORS; t++) {
        prune_float *p = m->params + m->tensors[t].offset;
        size_t n = m->tensors[t].size;
        int is_ln_w = t == PRUNE_EMBLN_W || t == PRUNE_LN1W || t == PRUNE_LN2W;
        if (m->tensors[t].decay) {
            /* Box-Muller on two counter-based uniforms per element */
            uint64_t key = prune__key(seed, 0xFFFFFFFFull, (uint64_t)t);
            for (i = 0; i < n; i++) {
                double u1 = prune__uniform(key, 2 * i), u2 = prune__uniform(key, 2 * i + 1);
                p[i] = (prune_float)(std * sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2));
            }
        } else {
            for (i = 0; i < n; i++) p[i] = is_ln_w ? 1 : 0;
        }
    }
}

PRUNEDEF uint64_t prune_params_hash(const prune_model *m) {
    const unsigned char *b = (const unsigned char *)m->params;
    size_t i, n = m->nparams * sizeof(prune_float);
    uint64_t h = 0xcbf29ce484222325ull;
    for (i = 0; i < n; i++) { h ^= b[i]; h *= 0x100000001b3ull; }
    return h;
}

/* ============================================================================
   Forward
   ========================================================================= */

/* Dropout sites: each gets its own random stream per optimiser step. */
#define PRUNE__SITE_EMB 0u
#define PRUNE__SITE_ATT(l) (1u + 3u * (unsigned)(l))
#define PRUNE__SITE_ATTPROJ(l) (2u + 3u * (unsigned)(l))
#define PRUNE__SITE_FCPROJ(l) (3u + 3u * (unsigned)(l))
#define PRUNE__SITE_CLS(L) (1u + 3u * (unsigned)(L))

/* Pointers to every activation for the current batch shape (B, T). */
typedef struct prune__acts {
    size_t per[PRUNE__R_COUNT];
    prune_float *base[PRUNE__R_COUNT];
} prune__acts;

static void prune__acts_at(prune__acts *a, prune_model *m, int B, int T) {
    size_t slots[PRUNE__R_COUNT];
    int bad = 0, r;
    prune__regions(&m->cfg, (size_t)B, (size_t)T, m->desc.training, a->per, slots, &bad);
    for (r = 0; r < PRUNE__R_COUNT; r++) a->base[r] = m->arena + m->region[r];
}
/* region r, slot s */
#define PRUNE__ACT(a, r, s) ((a)->base[r] + (size_t)(s) * (a)->per[r])

static int prune__check_batch(const prune_model *m, const prune_batch *b, prune_error *err) {
    const prune_config *c = &m->cfg;
    int i, t;
    if (!b || !b->ids || !b->lens) return prune__fail(err, PRUNE_EARG, "batch: NULL ids or lens");
    if (b->B < 1 || b->B > m->desc.max_batch)
        return prune__fail(err, PRUNE_EARG, "batch: B = %d is out of range 1..%d (max_batch)", b->B, m->desc.max_batch);
    if (b->T < 1 || b->T > m->desc.max_len)
        return prune__fail(err, PRUNE_EARG, "batch: T = %d is out of range 1..%d (max_len)", b->T, m->desc.max_len);
    for (i = 0; i < b->B; i++) {
        if (b->lens[i] < 1 || b->lens[i] > b->T)
            return prune__fail(err, PRUNE_EARG, "batch: example %d has length %d, outside 1..%d", i, b->lens[i], b->T);
        if (b->labels && (b->labels[i] < 0 || b->labels[i] >= c->labels))
            return prune__fail(err, PRUNE_EARG, "batch: example %d has label %d, outside 0..%d", i, b->labels[i], c->labels - 1);
        for (t = 0; t < b->T; t++) {
            int32_t id = b->ids[i * b->T + t], ty = b->types ? b->types[i * b->T + t] : 0;
            if (id < 0 || id >= c->vocab_size)
                return prune__fail(err, PRUNE_EARG, "batch: example %d position %d: token id %d is outside 0..%d", i, t, id, c->vocab_size - 1);
            if (ty < 0 || ty >= c->type_vocab)
                return prune__fail(err, PRUNE_EARG, "batch: example %d position %d: token type %d is outside 0..%d", i, t, ty, c->type_vocab - 1);
        }
    }
    return PRUNE_OK;
}

PRUNEDEF int prune_forward(prune_model *m, const prune_batch *b, int train, prune_error *err) {
    const prune_config *cf = &m->cfg;
    int B, T, N, C, F, K, L, l, i, k, rc, tr = m->desc.training;
    uint64_t seed = m->desc.seed, step = (uint64_t)m->step;
    prune__acts a;
    prune__ln ln;
    prune__attn at;
    prune_float *xin, *xout;
    double total = 0;
    if ((rc = prune__check_batch(m, b, err)) != PRUNE_OK) return rc;
    B = b->B; T = b->T; N = B * T; C = cf->hidden; F = cf->ffn; K = cf->labels; L = cf->layers;
    /* keep the batch: backward needs ids, types, lengths and labels */
    m->B = B; m->T = T; m->fwd_train = train; m->has_labels = b->labels != NULL;
    memcpy(m->ids, b->ids, sizeof(int32_t) * (size_t)N);
    if (b->types) memcpy(m->types, b->types, sizeof(int32_t) * (size_t)N);
    else memset(m->types, 0, sizeof(int32_t) * (size_t)N);
    memcpy(m->lens, b->lens, sizeof(int32_t) * (size_t)B);
    if (b->labels) memcpy(m->labels, b->labels, sizeof(int32_t) * (size_t)B);
    prune__acts_at(&a, m, B, T);

    /* embeddings -> LayerNorm -> dropout: x[0] */
    memset(&ln, 0, sizeof ln);
    ln.inp = PRUNE__ACT(&a, PRUNE__R_EMB, 0);
    ln.out = PRUNE__ACT(&a, PRUNE__R_X, 0);
    ln.mean = PRUNE__ACT(&a, PRUNE__R_EMB_MEAN, 0);
    ln.rstd = PRUNE__ACT(&a, PRUNE__R_EMB_RSTD, 0);
    ln.w = prune_tensor(m, m->params, PRUNE_EMBLN_W);
    ln.b = prune_tensor(m, m->params, PRUNE_EMBLN_B);
    ln.ids = m->ids; ln.types = m->types;
    ln.wte = prune_tensor(m, m->params, PRUNE_WTE);
    ln.wpe = prune_tensor(m, m->params, PRUNE_WPE);
    ln.wtt = prune_tensor(m, m->params, PRUNE_WTT);
    ln.N = N; ln.T = T; ln.C = C; ln.pos_offset = cf->pos_offset; ln.eps = (prune_float)cf->ln_eps;
    ln.drop = prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_EMB);
    prune__parallel(m->pool, N, PRUNE__ROWS, prune__embed_fwd_task, &ln);

    for (l = 0; l < L; l++) {
        int s = tr ? l : 0;   /* slot of this layer's activations */
        prune_float *qkv = PRUNE__ACT(&a, PRUNE__R_QKV, s), *att = PRUNE__ACT(&a, PRUNE__R_ATT, s);
        prune_float *atty = PRUNE__ACT(&a, PRUNE__R_ATTY, s), *res1 = PRUNE__ACT(&a, PRUNE__R_RES1, s);
        prune_float *h1 = PRUNE__ACT(&a, PRUNE__R_H1, s), *fch = PRUNE__ACT(&a, PRUNE__R_FCH, s);
        prune_float *fchg = PRUNE__ACT(&a, PRUNE__R_FCHG, s), *res2 = PRUNE__ACT(&a, PRUNE__R_RES2, s);
        const prune_float *qkvw = prune_tensor(m, m->params, PRUNE_QKVW) + (size_t)l * 3 * C * C;
        const prune_float *qkvb = prune_tensor(m, m->params, PRUNE_QKVB) + (size_t)l * 3 * C;
        const prune_float *apw = prune_tensor(m, m->params, PRUNE_ATTPROJW) + (size_t)l * C * C;
        const prune_float *apb = prune_tensor(m, m->params, PRUNE_ATTPROJB) + (size_t)l * C;
        const prune_float *fcw = prune_tensor(m, m->params, PRUNE_FCW) + (size_t)l * F * C;
        const prune_float *fcb = prune_tensor(m, m->params, PRUNE_FCB) + (size_t)l * F;
        const prune_float *fpw = prune_tensor(m, m->params, PRUNE_FCPROJW) + (size_t)l * C * F;
        const prune_float *fpb = prune_tensor(m, m->params, PRUNE_FCPROJB) + (size_t)l * C;
        xin = PRUNE__ACT(&a, PRUNE__R_X, tr ? l : (l & 1));
        xout = PRUNE__ACT(&a, PRUNE__R_X, tr ? l + 1 : ((l + 1) & 1));

        /* qkv = x·Wqkvᵀ + b                                          [N, 3C] */
        prune__matmul(m->pool, 0, 1, N, 3 * C, C, xin, C, qkvw, C, qkvb, 0, qkv, 3 * C);
        /* atty = dropout(softmax(q·kᵀ/√hs + mask))·v, heads side by side  [N, C] */
        at.pool = m->pool; at.att = att; at.atty = atty; at.dqkv = NULL; at.qkv = qkv; at.datty = NULL;
        at.lens = m->lens; at.T = T; at.C = C; at.NH = cf->heads;
        at.drop = prune__drop_make(cf->attn_dropout, train, seed, step, PRUNE__SITE_ATT(l));
        prune__parallel(m->pool, B * cf->heads, 1, prune__attn_fwd_task, &at);
        /* res1 = x + dropout(atty·Woᵀ + bo); h1 = LayerNorm(res1)     [N, C] */
        prune__matmul(m->pool, 0, 1, N, C, C, atty, C, apw, C, apb, 0, res1, C);
        prune__elementwise(m->pool, PRUNE__EW_RESID, (size_t)N * C, res1, xin,
                           prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_ATTPROJ(l)));
        ln.inp = res1; ln.out = h1;
        ln.mean = PRUNE__ACT(&a, PRUNE__R_LN1_MEAN, s); ln.rstd = PRUNE__ACT(&a, PRUNE__R_LN1_RSTD, s);
        ln.w = prune_tensor(m, m->params, PRUNE_LN1W) + (size_t)l * C;
        ln.b = prune_tensor(m, m->params, PRUNE_LN1B) + (size_t)l * C;
        ln.drop.thresh = 0;
        prune__parallel(m->pool, N, PRUNE__ROWS, prune__layernorm_fwd_task, &ln);
        /* fchg = gelu(h1·W1ᵀ + b1)                                     [N, F] */
        prune__matmul(m->pool, 0, 1, N, F, C, h1, C, fcw, C, fcb, 0, fch, F);
        prune__elementwise(m->pool, PRUNE__EW_GELU, (size_t)N * F, fchg, fch, ln.drop /* off */);
        /* res2 = h1 + dropout(fchg·W2ᵀ + b2); x = LayerNorm(res2)      [N, C] */
        prune__matmul(m->pool, 0, 1, N, C, F, fchg, F, fpw, F, fpb, 0, res2, C);
        prune__elementwise(m->pool, PRUNE__EW_RESID, (size_t)N * C, res2, h1,
                           prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_FCPROJ(l)));
        ln.inp = res2; ln.out = xout;
        ln.mean = PRUNE__ACT(&a, PRUNE__R_LN2_MEAN, s); ln.rstd = PRUNE__ACT(&a, PRUNE__R_LN2_RSTD, s);
        ln.w = prune_tensor(m, m->params, PRUNE_LN2W) + (size_t)l * C;
        ln.b = prune_tensor(m, m->params, PRUNE_LN2B) + (size_t)l * C;
        prune__parallel(m->pool, N, PRUNE__ROWS, prune__layernorm_fwd_task, &ln);
    }
    xout = PRUNE__ACT(&a, PRUNE__R_X, tr ? L : (L & 1));

    /* pooler: tanh(x[:,0]·Wpᵀ + bp), the first ([CLS]) token of each example  [B, C] */
    {
        prune_float *pooled = PRUNE__ACT(&a, PRUNE__R_POOLED, 0), *pd = PRUNE__ACT(&a, PRUNE__R_POOLED_D, 0);
        prune__drop d = prune__drop_make(cf->classifier_dropout, train, seed, step, PRUNE__SITE_CLS(L));
        prune__matmul(m->pool, 0, 1, B, C, C, xout, T * C, prune_tensor(m, m->params, PRUNE_POOLW), C,
                      prune_tensor(m, m->params, PRUNE_POOLB), 0, pooled, C);
        for (i = 0; i < B * C; i++) pooled[i] = PRUNE__TANH(pooled[i]);
        for (i = 0; i < B * C; i++) pd[i] = (!d.thresh || prune__kept(&d, (uint64_t)i)) ? pooled[i] * d.scale : 0;
        /* logits = dropout(pooled)·Wcᵀ + bc                                   [B, K] */
        m->logits = PRUNE__ACT(&a, PRUNE__R_LOGITS, 0);
        m->probs = PRUNE__ACT(&a, PRUNE__R_PROBS, 0);
        m->ex_loss = PRUNE__ACT(&a, PRUNE__R_EXLOSS, 0);
        prune__matmul(m->pool, 0, 1, B, K, C, pd, C, prune_tensor(m, m->params, PRUNE_CLSW), C,
                      prune_tensor(m, m->params, PRUNE_CLSB), 0, m->logits, K);
    }
    /* softmax and cross-entropy, per example: loss = logsumexp(z) - z[label] */
    for (i = 0; i < B; i++) {
        const prune_float *z = m->logits + (size_t)i * K;
        prune_float *p = m->probs + (size_t)i * K, mx = z[0], sum = 0;
        for (k = 1; k < K; k++) mx = PRUNE__MAX(mx, z[k]);
        for (k = 0; k < K; k++) { p[k] = PRUNE__EXP(z[k] - mx); sum += p[k]; }
        for (k = 0; k < K; k++) p[k] /= sum;
        m->ex_loss[i] = b->labels ? mx + PRUNE__LOG(sum) - z[b->labels[i]] : 0;
        total += m->ex_loss[i];
    }
    m->loss = total / B;
    return PRUNE_OK;
}

/* ============================================================================
   Backward: the forward above, read bottom to top. Every line names the forward
   line it inverts.
   ========================================================================= */

PRUNEDEF void prune_zero_grad(prune_model *m) {
    if (m->grads) memset(m->grads, 0, m->nparams * sizeof(prune_float));
}

PRUNEDEF int prune_backward(prune_model *m, prune_error *err) {
    const prune_config *cf = &m->cfg;
    int B = m->B, T = m->T, N = B * T, C = cf->hidden, F = cf->ffn, K = cf->labels, L = cf->layers, l, i, k;
    int train = m->fwd_train;
    uint64_t seed = m->desc.seed, step = (uint64_t)m->step;
    prune__acts a;
    prune__ln ln;
    prune__attn at;
    prune_float *g = m->grads, *dx, *dh1, *dtmp, *datty, *dqkv, *dfch, *xL;
    prune__drop nodrop;
    if (!m->desc.training || !g) return prune__fail(err, PRUNE_ESTATE, "backward: the model was created without training = 1");
    if (!m->logits || !m->has_labels) return prune__fail(err, PRUNE_ESTATE, "backward: no forward pass with labels to go back through");
    prune__acts_at(&a, m, B, T);
    dx = PRUNE__ACT(&a, PRUNE__R_DX, 0); dh1 = PRUNE__ACT(&a, PRUNE__R_DH1, 0);
    dtmp = PRUNE__ACT(&a, PRUNE__R_DTMP, 0); datty = PRUNE__ACT(&a, PRUNE__R_DATTY, 0);
    dqkv = PRUNE__ACT(&a, PRUNE__R_DQKV, 0); dfch = PRUNE__ACT(&a, PRUNE__R_DFCH, 0);
    xL = PRUNE__ACT(&a, PRUNE__R_X, L);
    memset(&nodrop, 0, sizeof nodrop);
    nodrop.scale = 1;

    /* ---- head ---- */
    {
        prune_float *dlogits = PRUNE__ACT(&a, PRUNE__R_DLOGITS, 0), *dp = PRUNE__ACT(&a, PRUNE__R_DPOOLED, 0);
        const prune_float *pooled = PRUNE__ACT(&a, PRUNE__R_POOLED, 0), *pd = PRUNE__ACT(&a, PRUNE__R_POOLED_D, 0);
        prune__drop d = prune__drop_make(cf->classifier_dropout, train, seed, step, PRUNE__SITE_CLS(L));
        /* loss = mean_b (logsumexp - z[label]):  dz = (softmax(z) - onehot) / B */
        for (i = 0; i < B; i++)
            for (k = 0; k < K; k++)
                dlogits[i * K + k] = (m->probs[i * K + k] - (k == m->labels[i] ? 1 : 0)) / (prune_float)B;
        /* logits = pd·Wcᵀ + bc */
        prune__linear_backward(m->pool, dp, prune_tensor(m, g, PRUNE_CLSW), prune_tensor(m, g, PRUNE_CLSB),
                               dlogits, pd, prune_tensor(m, m->params, PRUNE_CLSW), B, C, K, 0);
        /* pd = dropout(pooled); pooled = tanh(pre): dpre = dpd·mask·scale·(1 - pooled²) */
        for (i = 0; i < B * C; i++) {
            prune_float v = (!d.thresh || prune__kept(&d, (uint64_t)i)) ? dp[i] * d.scale : 0;
            dp[i] = v * (1 - pooled[i] * pooled[i]);
        }
        /* pre = x[:,0]·Wpᵀ + bp: gradients of Wp, bp, and of the [CLS] rows of x[L] */
        prune__matmul(m->pool, 1, 0, C, C, B, dp, C, xL, T * C, NULL, 1, prune_tensor(m, g, PRUNE_POOLW), C);
        prune__bias_backward(m->pool, prune_tensor(m, g, PRUNE_POOLB), dp, B, C, C);
        memset(dx, 0, sizeof(prune_float) * (size_t)N * C);
        prune__matmul(m->pool, 0, 0, B, C, C, dp, C, prune_tensor(m, m->params, PRUNE_POOLW), C, NULL, 0, dx, T * C);
    }

    /* ---- layers, last to first; dx holds the gradient of the layer's output ---- */
    memset(&ln, 0, sizeof ln);
    ln.N = N; ln.C = C;
    for (l = L - 1; l >= 0; l--) {
        const prune_float *xin = PRUNE__ACT(&a, PRUNE__R_X, l);
        const prune_float *qkv = PRUNE__ACT(&a, PRUNE__R_QKV, l), *att = PRUNE__ACT(&a, PRUNE__R_ATT, l);
        const prune_float *atty = PRUNE__ACT(&a, PRUNE__R_ATTY, l), *res1 = PRUNE__ACT(&a, PRUNE__R_RES1, l);
        const prune_float *h1 = PRUNE__ACT(&a, PRUNE__R_H1, l), *fch = PRUNE__ACT(&a, PRUNE__R_FCH, l);
        const prune_float *fchg = PRUNE__ACT(&a, PRUNE__R_FCHG, l), *res2 = PRUNE__ACT(&a, PRUNE__R_RES2, l);
        size_t lC = (size_t)l * C, lF = (size_t)l * F;

        /* x = LayerNorm(res2): dh1 := dres2 */
        ln.dinp = dh1; ln.dout = dx; ln.inp = res2;
        ln.mean = PRUNE__ACT(&a, PRUNE__R_LN2_MEAN, l); ln.rstd = PRUNE__ACT(&a, PRUNE__R_LN2_RSTD, l);
        ln.w = prune_tensor(m, m->params, PRUNE_LN2W) + lC;
        ln.dw = prune_tensor(m, g, PRUNE_LN2W) + lC; ln.db = prune_tensor(m, g, PRUNE_LN2B) + lC;
        prune__layernorm_backward(m->pool, &ln);
        /* res2 = h1 + dropout(fcproj): the residual passes dres2 to h1 as is (dh1 already
           holds it); the branch gets dropout's mask */
        prune__elementwise(m->pool, PRUNE__EW_DROP, (size_t)N * C, dtmp, dh1,
                           prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_FCPROJ(l)));
        /* fcproj = fchg·W2ᵀ + b2 */
        prune__linear_backward(m->pool, dfch, prune_tensor(m, g, PRUNE_FCPROJW) + lC * F,
                               prune_tensor(m, g, PRUNE_FCPROJB) + lC, dtmp, fchg,
                               prune_tensor(m, m->params, PRUNE_FCPROJW) + lC * F, N, F, C, 0);
        /* fchg = gelu(fch) */
        prune__elementwise(m->pool, PRUNE__EW_GELU_BWD, (size_t)N * F, dfch, fch, nodrop);
        /* fch = h1·W1ᵀ + b1: adds into dh1 */
        prune__linear_backward(m->pool, dh1, prune_tensor(m, g, PRUNE_FCW) + lF * C,
                               prune_tensor(m, g, PRUNE_FCB) + lF, dfch, h1,
                               prune_tensor(m, m->params, PRUNE_FCW) + lF * C, N, C, F, 1);
        /* h1 = LayerNorm(res1): dx := dres1 */
        ln.dinp = dx; ln.dout = dh1; ln.inp = res1;
        ln.mean = PRUNE__ACT(&a, PRUNE__R_LN1_MEAN, l); ln.rstd = PRUNE__ACT(&a, PRUNE__R_LN1_RSTD, l);
        ln.w = prune_tensor(m, m->params, PRUNE_LN1W) + lC;
        ln.dw = prune_tensor(m, g, PRUNE_LN1W) + lC; ln.db = prune_tensor(m, g, PRUNE_LN1B) + lC;
        prune__layernorm_backward(m->pool, &ln);
        /* res1 = x + dropout(attproj): dx keeps the residual's share */
        prune__elementwise(m->pool, PRUNE__EW_DROP, (size_t)N * C, dtmp, dx,
                           prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_ATTPROJ(l)));
        /* attproj = atty·Woᵀ + bo */
        prune__linear_backward(m->pool, datty, prune_tensor(m, g, PRUNE_ATTPROJW) + lC * C,
                               prune_tensor(m, g, PRUNE_ATTPROJB) + lC, dtmp, atty,
                               prune_tensor(m, m->params, PRUNE_ATTPROJW) + lC * C, N, C, C, 0);
        /* atty = attention(qkv) */
        at.pool = m->pool; at.att = (prune_float *)att; at.atty = NULL; at.dqkv = dqkv; at.qkv = qkv;
        at.datty = datty; at.lens = m->lens; at.T = T; at.C = C; at.NH = cf->heads;
        at.drop = prune__drop_make(cf->attn_dropout, train, seed, step, PRUNE__SITE_ATT(l));
        prune__parallel(m->pool, B * cf->heads, 1, prune__attn_bwd_task, &at);
        /* qkv = x·Wqkvᵀ + b: adds into dx, which becomes the gradient of x[l].
           The key bias gets no gradient, on purpose: adding a vector b to every key
           adds the same q·b to all scores of a query, which softmax ignores, so its
           exact gradient is 0 (Σ_j ds_ij = 0). A computed sum would be rounding
           noise, and Adam, dividing by the gradient's own scale, would turn that
           noise into steps of size lr. Only the query and value biases are summed. */
        prune__linear_backward(m->pool, dx, prune_tensor(m, g, PRUNE_QKVW) + 3 * lC * C, NULL, dqkv, xin,
                               prune_tensor(m, m->params, PRUNE_QKVW) + 3 * lC * C, N, C, 3 * C, 1);
        prune__bias_backward(m->pool, prune_tensor(m, g, PRUNE_QKVB) + 3 * lC, dqkv, N, C, 3 * C);
        prune__bias_backward(m->pool, prune_tensor(m, g, PRUNE_QKVB) + 3 * lC + 2 * C, dqkv + 2 * C, N, C, 3 * C);
    }

    /* ---- embeddings: x[0] = dropout(LayerNorm(emb)) ---- */
    prune__elementwise(m->pool, PRUNE__EW_DROP, (size_t)N * C, dtmp, dx,
                       prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_EMB));
    ln.dinp = dh1; ln.dout = dtmp; ln.inp = PRUNE__ACT(&a, PRUNE__R_EMB, 0);
    ln.mean = PRUNE__ACT(&a, PRUNE__R_EMB_MEAN, 0); ln.rstd = PRUNE__ACT(&a, PRUNE__R_EMB_RSTD, 0);
    ln.w = prune_tensor(m, m->params, PRUNE_EMBLN_W);
    ln.dw = prune_tensor(m, g, PRUNE_EMBLN_W); ln.db = prune_tensor(m, g, PRUNE_EMBLN_B);
    prune__layernorm_backward(m->pool, &ln);
    /* emb = wte[ids] + wpe[pos] + wtt[types]: scatter back */
    ln.dout = dh1; ln.ids = m->ids; ln.types = m->types; ln.T = T; ln.pos_offset = cf->pos_offset;
    ln.dwte = prune_tensor(m, g, PRUNE_WTE); ln.dwpe = prune_tensor(m, g, PRUNE_WPE); ln.dwtt = prune_tensor(m, g, PRUNE_WTT);
    prune__parallel(m->pool, C, PRUNE__COLS, prune__embed_bwd_cols, &ln);
    return PRUNE_OK;
}

/* ============================================================================
   Optimiser
   ========================================================================= */

typedef struct prune__opt {
    prune_model *m;
    double *partials;
    prune_float decay_keep, step_size, inv_bc2_sqrt, b1, b2, eps, scale;
    size_t off, n;      /* the tensor being updated */
} prune__opt;

/* sum of squares of one fixed chunk of the gradient, in double */
static void prune__sumsq_task(void *vctx, int lo, int hi, int th) {
    const prune__opt *c = (const prune__opt *)vctx;
    int k;
    (void)th;
    for (k = lo; k < hi; k++) {
        size_t i, i0 = (size_t)k * PRUNE__NORM_CHUNK, i1 = PRUNE__MIN(c->m->nparams, i0 + PRUNE__NORM_CHUNK);
        double s = 0;
        for (i = i0; i < i1; i++) s += (double)c->m->grads[i] * c->m->grads[i];
        c->partials[k] = s;
    }
}

PRUNEDEF double prune_grad_norm(prune_model *m) {
    prune__opt c;
    int k, n = (int)(m->nparams / PRUNE__NORM_CHUNK + 1);
    double s = 0;
    if (!m->grads) return 0;
    c.m = m; c.partials = m->partials;
    prune__parallel(m->pool, n, 1, prune__sumsq_task, &c);
    for (k = 0; k < n; k++) s += m->partials[k];   /* chunks in order: fixed sum */
    return sqrt(s);
}

/* torch.optim.AdamW, element by element, on elements [lo, hi) of one tensor */
static void prune__adamw_task(void *vctx, int lo, int hi, int th) {
    const prune__opt *c = (const prune__opt *)vctx;
    prune_float *p = c->m->params + c->off, *g = c->m->grads + c->off;
    prune_float *mm = c->m->adam_m + c->off, *vv = c->m->adam_v + c->off;
    size_t i, i0 = (size_t)lo * PRUNE__ELEMS, i1 = PRUNE__MIN(c->n, (size_t)hi * PRUNE__ELEMS);
    (void)th;
    for (i = i0; i < i1; i++) {
        prune_float gi = g[i] * c->scale;
        /* decoupled weight decay: shrink the weight itself, not the gradient */
        p[i] *= c->decay_keep;
        mm[i] = c->b1 * mm[i] + (1 - c->b1) * gi;
        vv[i] = c->b2 * vv[i] + (1 - c->b2) * gi * gi;
        p[i] -= c->step_size * mm[i] / (PRUNE__SQRT(vv[i]) * c->inv_bc2_sqrt + c->eps);
    }
}

PRUNEDEF void prune_adamw_update(prune_model *m, const prune_optim *o, double grad_scale) {
    prune__opt c;
    double lr = prune_lr_at(o, m->step), t = (double)(m->step + 1);
    int i;
    if (!m->grads) return;
    c.m = m;
    c.b1 = (prune_float)o->beta1; c.b2 = (prune_float)o->beta2; c.eps = (prune_float)o->eps;
    c.scale = (prune_float)grad_scale;
    /* bias corrections undo the moments' start at zero */
    c.step_size = (prune_float)(lr / (1 - pow(o->beta1, t)));
    c.inv_bc2_sqrt = (prune_float)(1 / sqrt(1 - pow(o->beta2, t)));
    for (i = 0; i < PRUNE_NTENSORS; i++) {
        c.off = m->tensors[i].offset;
        c.n = m->tensors[i].size;
        c.decay_keep = (prune_float)(m->tensors[i].decay ? 1 - lr * o->weight_decay : 1);
        prune__parallel(m->pool, (int)((c.n + PRUNE__ELEMS - 1) / PRUNE__ELEMS), 1, prune__adamw_task, &c);
    }
    m->step++;
}

PRUNEDEF int prune_train_step(prune_model *m, const prune_batch *b, const prune_optim *o,
                              prune_step_stats *st, prune_error *err) {
    double norm, scale = 1;
    int rc;
    if (!b || !b->labels) return prune__fail(err, PRUNE_EARG, "train step: the batch has no labels");
    prune_zero_grad(m);
    if ((rc = prune_forward(m, b, 1, err)) != PRUNE_OK) return rc;
    if ((rc = prune_backward(m, err)) != PRUNE_OK) return rc;
    norm = prune_grad_norm(m);
    /* a NaN or inf would poison every weight: refuse the step, keep the weights */
    if (!(m->loss == m->loss) || !(norm <= 1e300))
        return prune__fail(err, PRUNE_ESTATE, "train step %ld: loss %g, gradient norm %g is not finite; weights left unchanged",
                           m->step, m->loss, norm);
    /* clip_grad_norm_: scale by max_norm / (norm + 1e-6) when that is below 1 */
    if (o->clip_norm > 0) scale = PRUNE__MIN(1.0, o->clip_norm / (norm + 1e-6));
    if (st) { st->loss = m->loss; st->grad_norm = norm; st->lr = prune_lr_at(o, m->step); }
    prune_adamw_update(m, o, scale);
    return PRUNE_OK;
}

#endif /* PRUNE__IMPLEMENTED */
#endif /* PRUNE_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
This software is available under 2 licenses -- choose whichever you prefer.
------------------------------------------------------------------------------
ALTERNATIVE A - MIT License
Copyright (c) 2026 the prune.h authors
Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:
The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
------------------------------------------------------------------------------
ALTERNATIVE B - Public Domain (www.unlicense.org)
This is free and unencumbered software released into the public domain.
Anyone is free to copy, modify, publish, use, compile, sell, or distribute this
software, either in source code form or as a compiled binary, for any purpose,
commercial or non-commercial, and by any means.
In jurisdictions that recognize copyright laws, the author or authors of this
software dedicate any and all copyright interest in the software to the public
domain. We make this dedication in perpetuity for the benefit of the public at
large and to the detriment of our heirs and successors. We intend this
dedication to be an overt act of relinquishment in perpetuity of all present
and future rights to this software under copyright law.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN
ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
------------------------------------------------------------------------------
*/
