/* prune.h - v0.1 - public domain / MIT - fine-tune BERT, RoBERTa and OPT on the CPU
                                         and prune their fine-tuning data automatically

   WHAT IT IS
     One C99 header holding everything needed to fine-tune a pretrained transformer
     on a CPU - a BERT-style encoder (BERT, RoBERTa) or OPT's decoder, the paper's two
     families - for the paper's three kinds of task: sequence classification (GLUE,
     SNLI, SST-2), multiple choice (RACE) and extractive question answering (SQuAD
     2.0). The model (forward and backward for every op, with transformers' heads for
     each task), AdamW with warm-up and clipping as the Hugging Face Trainer runs it,
     a thread pool, WordPiece and byte-level BPE tokenizers equal to Hugging Face's
     (offsets included), readers for TSV, CSV, JSON Lines, RACE and SQuAD, run_qa.py's
     features and utils_qa.py's answers, the official SQuAD metric, batching, Hugging Face checkpoints
     (config.json + model.safetensors) in and out, resumable training state, and the
     automatic dataset pruning of Tayaranian et al., "Automatic Pruning of Fine-tuning
     Datasets for Transformer-based Language Models" (CoLLAs 2024): per-example records
     from fine-tuning runs, H-scores, the subsets they define, and the baselines.

   WHAT IT IS NOT
     A general tensor library, a GPU library, or a trainer for models from scratch at
     scale. Only what fine-tuning these models needs, written to be read.

   HOW TO READ IT
     This comment is the manual, the declarations after it the interface. Then the
     implementation, in three parts; every section has a banner tag to grep for:
       Part A, read me first
         [A0 base]    status codes, errors, checked size arithmetic
         [A1 method]  records -> H-scores -> subsets, baselines, metrics, and the
                      fine-tuning loop that makes the records (prune__finetune)
         [A2 model]   the model in scalar C: configuration, parameters, dropout,
                      each layer as a forward/backward pair with plain arguments,
                      a reference matrix product, forward, backward, AdamW, and
                      prune_train_step, one step from token ids to the update
       Part B, the machinery Part A calls by name
         [B1 files] [B2 threads] [B3 gemm] [B4 par] (Part A's layers on the pool)
         [B5 simd] [B6 model] (memory) [B7 datasets] [B8 tokenizer] [B9 tsv]
         [B10 scores] (score files) [B11 state] (and the loop's resume)
         [B12 json] [B14 hf-config] [B15 hf-names] [B16 safetensors] [B17 hf-save]
         [B18 qa] (RACE and SQuAD: readers, features, answers, the SQuAD metric)
       Part C, generated tables, each naming its generator
         [C1 unicode] [C2 gelu] [C3 bpe]
     A first reading: [A1 method] from prune_hscores to prune__finetune, then
     [A2 model] from prune__embedding_forward down to prune_train_step.

   HOW TO USE
     In exactly one C or C++ file:
         #define PRUNE_IMPLEMENTATION
         #include "prune.h"
     Everywhere else just #include "prune.h". Link with -lm and -pthread.
     Define PRUNE_IMPLEMENTATION before any system header in that file: the
     implementation asks for POSIX (it defines _DEFAULT_SOURCE) for sysconf, fsync
     and clock_gettime.

   COMPILE-TIME OPTIONS (define before the #include that has PRUNE_IMPLEMENTATION)
     PRUNE_STATIC         every function static (private copy in one translation unit)
     PRUNE_DOUBLE         prune_float is double instead of float (finite-difference tests)
     PRUNE_NO_THREADS     no pthreads; every parallel loop runs on the caller's thread
                          and gives the same bits as the threaded build
     PRUNE_USE_CBLAS      the matrix products call cblas_sgemm/dgemm (run the BLAS
                          single-threaded, e.g. OPENBLAS_NUM_THREADS=1: the pool
                          is the parallelism); link the BLAS
     PRUNE_NO_SIMD        only the portable C micro-kernel (no AVX2/AVX-512 code)
     PRUNE_MALLOC(sz,u) / PRUNE_FREE(p,u)   allocator (define both or neither); u is
                          prune_model_desc.alloc_user for a model's memory and NULL
                          for everything else; PRUNE_FREE must accept NULL
     PRUNE_ASSERT(x)      programmer-error checks (default: assert)

   ERRORS
     Every function that can fail returns an int status: PRUNE_OK (0) or a negative
     PRUNE_E* code, and fills a prune_error (may be NULL) with a message that names
     what was wrong: the file and the line or byte offset for readers, the example and
     position for batches. The library never exits and never prints. Every public
     function checks its pointers and numeric arguments: one that returns a status
     refuses NULL or out-of-range ones with PRUNE_EARG (PRUNE_ESTATE for a model
     prune_model_create did not make) and a message; a void one given NULL does
     nothing; one that returns a value returns a neutral one (0, NULL, -1, "?").
     tests/test_api.c calls each with NULL and out-of-range arguments.

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
       void prune_model_init_head(prune_model *m, uint64_t seed, double std, int pooler_too);
       prune_float *prune_tensor(prune_model *m, prune_float *base, int tensor);
       int          prune_tensor_find(const char *name);

     Run it
       int  prune_forward(prune_model *m, const prune_batch *b, int train, prune_error *e);
                         fills m->logits [B,K], m->probs [B,K], m->ex_loss [B], m->loss
                         (other shapes for the CHOICE and SPAN heads: prune_model)
       int  prune_backward(prune_model *m, prune_error *e);     accumulates into grads
       void prune_zero_grad(prune_model *m);
       double prune_grad_norm(prune_model *m);
       void prune_adamw_update(prune_model *m, const prune_optim *o, double grad_scale);
       int  prune_train_step(prune_model *m, const prune_batch *b, const prune_optim *o,
                             prune_step_stats *st, prune_error *e);
       uint64_t prune_params_hash(const prune_model *m);
       const char *prune_gemm_kernel(const char *want);   "avx512", "avx2", "portable"

     Tokenize (Hugging Face's BertTokenizer, id for id)
       int  prune_tokenizer_load(prune_tokenizer *tk, const char *vocab_txt, int uncased, prune_error *e);
       int  prune_tokenize(const prune_tokenizer *tk, const char *utf8, size_t len,
                           int32_t *ids, size_t cap, size_t *n, prune_error *e);
       void prune_tokenizer_free(prune_tokenizer *tk);

     Datasets: TSV in, token ids out, batches
       int  prune_tsv_tokenize(const char *tsv, const prune_tokenizer *tk, const prune_tsv_desc *d,
                               prune_dataset *ds, prune_labels *labels, prune_error *e);
       int  prune_labels_write / prune_labels_read (label map "id<TAB>name")
       int  prune_dataset_save / prune_dataset_load (binary), _write_text / _read_text,
            prune_dataset_open (either), prune_dataset_check, prune_dataset_free
       int  prune_batcher_init(prune_batcher *bt, B, T, cls_id, sep_id, pad_id, e);
       int  prune_batcher_fill(prune_batcher *bt, const prune_dataset *ds, const int64_t *examples,
                               int count, const prune_batch **out, prune_error *e);
       int  prune_order(ds, PRUNE_ORDER_RANDOM | _BUCKETED | _SEQUENTIAL, seed, B, T, order, e);

     Multiple choice and extractive QA (config.head PRUNE_HEAD_CHOICE / _SPAN)
       int  prune_race_tokenize(path, tk, &ds, &texts, e);   RACE's release or JSON Lines
       int  prune_squad_load(path, &sq, e);  prune_squad_features_make(&sq, q0, q1, tk,
            max_len, stride, pair_style, &ds, &features, e);   run_qa.py's features
       int  prune_squad_predict(m, bt, &ds, &features, &sq, 20, 30, 0.0, &answers, e);
       int  prune_squad_score(&sq, &answers, NULL, NULL, &metrics, e);   exact match, F1
       int  prune_scores_group(&scores, question_of_feature, e);   prune whole questions
       int  prune_tokenize_offsets(tk, text, len, ids, offs, cap, &n, e);

     Checkpoints from and to the Hugging Face hub format
       int  prune_hf_read_config(const char *config_json, prune_config *c, prune_hf_info *i, prune_error *e);
       int  prune_hf_load_weights(prune_model *m, const char *safetensors, const prune_hf_info *i,
                                  uint64_t seed, prune_load_report *r, prune_error *e);
       int  prune_hf_save(const prune_model *m, const char *dir, const prune_hf_info *i, prune_error *e);
       void prune_hf_info_free(prune_hf_info *i);

     Resume a run
       int  prune_state_save(const prune_model *m, const prune_progress *p, const char *path, prune_error *e);
       int  prune_state_load(prune_model *m, prune_progress *p, const char *path, prune_error *e);

     Fine-tune and evaluate (the loop phase 1 and phase 2 share)
       prune_finetune_desc d = {0}; d.train = &ds; d.epochs = 3; d.batch = 32; d.max_len = 128;
       d.optim = prune_optim_defaults(); d.warmup_ratio = 0.1; d.cls_id = ...; d.seed = run_seed;
       int  prune_finetune(prune_model *m, const prune_finetune_desc *d, prune_error *e);
            with d.records, d.scores_path, d.state_path: phase 1, crash-safe and resumable
       int  prune_evaluate(prune_model *m, prune_batcher *bt, const prune_dataset *dev,
                           int32_t *pred, prune_metrics *out, prune_error *e);

     The method: records -> H-scores -> subsets (and baselines)
       int  prune_scores_init / _load / _save / _merge / _export_tsv, prune_scores_free
       void prune_hscores(const prune_scores *s, int32_t *h);          H(i) = Σ_r Π_e correct
       void prune_histogram(const int32_t *h, int64_t n, int runs, int64_t *counts);
       int  prune_subset_family(int runs, uint64_t *removed, int max);  the paper's sets, any R
       int  prune_subset_parse("0,1,6", runs, &removed, e);  void prune_subset_name(removed, buf, size);
       int64_t prune_subset_select(const int32_t *h, int64_t n, uint64_t removed, int64_t *kept);
       int  prune_baseline(const prune_scores *s, PRUNE_BASELINE_*, int64_t size, uint64_t seed,
                           int64_t *kept, prune_error *e);
       void prune_metrics_compute(const int32_t *pred, const int32_t *gold, int64_t n, int K, prune_metrics *m);
       uint64_t prune_dataset_hash(const prune_dataset *ds);

   THREADS AND DETERMINISM
     A model owns a small pthread pool (prune_model_desc.threads, 0 = all online CPUs).
     Work is cut into tasks whose boundaries depend on the problem, never on the number
     of threads, and every floating-point sum runs in one fixed order inside one task.
     So a run is a pure function of (data, config, seed): the same bits on 1, 2 or 64
     threads, and with PRUNE_NO_THREADS.

   SPEED
     Matrix products are packed, cache-blocked SGEMM with register-blocked micro-
     kernels: AVX-512 (8x32) and AVX2+FMA (6x16) chosen at run time from the CPU
     (GCC or Clang on x86-64), portable C (4x16) everywhere else; prune_gemm_kernel
     reports or picks one. Kernels differ from each other in the last bits (fused
     multiply-add), never from themselves across thread counts. Dropout masks,
     GELU and AdamW also run 16 lanes at a time on AVX-512. make bench measures all
     of it against OpenBLAS and PyTorch.

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
#include <stdio.h>

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
   (implementation: [A0 base])
   ========================================================================= */

enum {
    PRUNE_OK = 0,
    PRUNE_EARG = -1,    /* an argument or a configuration value is out of range   */
    PRUNE_ENOMEM = -2,  /* an allocation failed, or a size overflowed             */
    PRUNE_EIO = -3,     /* a file could not be opened, read or written            */
    PRUNE_EFORMAT = -4, /* a file's contents are malformed                        */
    PRUNE_ESTATE = -5,  /* the call does not fit the object's state               */
    PRUNE_ESTOPPED = -6 /* a callback asked to stop; what was finished is kept    */
};

typedef struct prune_error {
    int code;           /* the status the failing call returned */
    char msg[512];      /* what went wrong and where            */
} prune_error;

PRUNEDEF const char *prune_status_name(int code);

/* ============================================================================
   Files written whole, and hashes
   (implementation: [B1 files])
   ========================================================================= */

#define PRUNE_PATH_MAX 1024

/* An output that appears whole or not at all: prune_file_open creates PATH.tmp.PID,
   the caller writes to f (fprintf, fwrite), prune_file_commit flushes, fsyncs,
   renames it over PATH and fsyncs the directory; prune_file_abort (or a failed
   commit: disk full) removes it and PATH keeps what it had. Every file the library
   writes goes through this. */
typedef struct prune_file {
    FILE *f;
    char path[PRUNE_PATH_MAX + 1];
    char tmp[PRUNE_PATH_MAX + 64];
    int failed;         /* a write failed: commit will refuse */
} prune_file;

PRUNEDEF int  prune_file_open(prune_file *o, const char *path, prune_error *err);
PRUNEDEF int  prune_file_commit(prune_file *o, prune_error *err);
PRUNEDEF void prune_file_abort(prune_file *o);

/* 64-bit FNV-1a, continued from h (start from PRUNE_HASH_INIT): the checksum of
   every binary format here, of datasets and of parameters */
#define PRUNE_HASH_INIT 0xcbf29ce484222325ull
PRUNEDEF uint64_t prune_hash(uint64_t h, const void *data, size_t n);

/* ============================================================================
   Model configuration
   (implementation: [A2 model])
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
    int head_dropout_in;     /* 1: the classifier dropout also on the [CLS] vector before
                                the pooler's dense layer, as RoBERTa's classification
                                head has it (config.json of a roberta model sets it)  */
    /* The family. PRUNE_ARCH_BERT (0): BERT and RoBERTa, a bidirectional encoder with
       post-LayerNorm layers, GELU, an embedding LayerNorm, token types, and a pooler
       + classifier on the first token. PRUNE_ARCH_OPT: OPT's decoder as
       OPTForSequenceClassification runs it - a causal mask, ReLU, no embedding
       LayerNorm and no token types, and a bias-free score layer on the last token. */
    int arch;                /* PRUNE_ARCH_BERT (0) or PRUNE_ARCH_OPT                  */
    int pre_ln;              /* OPT: 1 LayerNorm before attention and FFN, plus a final
                                one (125m and most sizes); 0 after them, as BERT (350m) */
    int embed_dim;           /* E   OPT's word_embed_proj_dim: width of the word
                                embeddings and of the score layer's input; when it
                                differs from C, project_in/project_out map between them
                                (350m: E 512, C 1024). 0 means C; BERT's is always C   */
    /* The task's head, as transformers' classes define them:
       PRUNE_HEAD_CLASSIFY (0), ...ForSequenceClassification: K class logits per sequence.
       PRUNE_HEAD_CHOICE, ...ForMultipleChoice: each option of a question is a sequence
         of its own; the pooled head gives it one logit (labels = 1), and a softmax over
         the question's options picks one (prune_batch.choices). BERT and RoBERTa (both
         through the pooler); OPT has no such head in transformers.
       PRUNE_HEAD_SPAN, ...ForQuestionAnswering: every token gets a start and an end
         logit (labels = 2, no pooler); an answer is the arg-max start and end.      */
    int head;                /* PRUNE_HEAD_CLASSIFY (0), _CHOICE or _SPAN              */
} prune_config;

enum { PRUNE_ARCH_BERT = 0, PRUNE_ARCH_OPT = 1 };
enum { PRUNE_HEAD_CLASSIFY = 0, PRUNE_HEAD_CHOICE = 1, PRUNE_HEAD_SPAN = 2 };

PRUNEDEF prune_config prune_config_defaults(void);
PRUNEDEF int prune_config_resolve(prune_config *c, prune_error *err);

/* ============================================================================
   Parameters: one layout, four uses
   (implementation: [A2 model])
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
    PRUNE_CLSW,     /* [K, C]      classifier (OPT: score, [K, E]) */
    PRUNE_CLSB,     /* [K]         (OPT: none)                     */
    /* OPT only (size 0 in BERT); OPT has no wtt, embln or pooler (size 0 there) */
    PRUNE_PROJIN,   /* [C, E]      project_in, when E != C          */
    PRUNE_PROJOUT,  /* [E, C]      project_out, when E != C         */
    PRUNE_LNFW,     /* [C]         final LayerNorm (pre-LN only)    */
    PRUNE_LNFB,     /* [C]                                         */
    PRUNE_NTENSORS
};

typedef struct prune_tensor_info {
    const char *name;   /* "wte", "qkvw", ... (LAYOUT.md)                       */
    size_t offset;      /* first element, counted from the start of the block   */
    size_t size;        /* number of elements (0: this architecture lacks it)   */
    int ndim;           /* 1..3                                                 */
    int shape[3];
    int decay;          /* 1 when AdamW's weight decay applies                  */
} prune_tensor_info;

/* ============================================================================
   Batches
   (implementation: [A2 model])
   ========================================================================= */

/* B sequences padded on the right to T tokens. Token t of sequence b is valid when
   t < lens[b]; padded positions are never attended to and never reach the loss.
   Labels by head: CLASSIFY [B] classes in 0..K-1; CHOICE [B / choices] the right
   option of each question (its options are sequences b*choices .. b*choices +
   choices - 1); SPAN [B, 2] the start and end token of each answer, in 0..lens[b]-1
   (0, the first token, for "no answer", as transformers' run_qa.py marks it). */
typedef struct prune_batch {
    int B, T;
    const int32_t *ids;     /* [B, T] token ids, each in 0..V-1                    */
    const int32_t *types;   /* [B, T] token types in 0..Y-1, or NULL for all zero  */
    const int32_t *lens;    /* [B] valid tokens, 1..T                              */
    const int32_t *labels;  /* see above, or NULL (no loss)                        */
    int choices;            /* CHOICE: options per question, B a multiple of it; other
                               heads ignore it                                   */
} prune_batch;

/* ============================================================================
   Optimiser: AdamW, linear warm-up then linear decay, global-norm clipping
   (implementation: [A2 model])
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
   (implementation: [A2 model], [B6 model])
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
#define PRUNE__NREG 40   /* activation regions of the arena (private) */

typedef struct prune_model {
    prune_model_desc desc;          /* resolved copy of what create was given; its
                                       .config is the model's one configuration        */
    prune_tensor_info tensors[PRUNE_NTENSORS];
    size_t nparams;                 /* elements in each of the four blocks below       */
    prune_float *params;            /* [nparams] one allocation                        */
    prune_float *grads;             /* [nparams] one allocation, or NULL (inference)   */
    prune_float *adam_m, *adam_v;   /* [nparams] each, or NULL                         */
    long step;                      /* optimiser steps taken: schedule, bias correction,
                                       dropout stream                                   */
    /* outputs of the last prune_forward (views into the arena), per example: an
       example is a sequence, or for CHOICE a question (Q = B / choices of them)      */
    int B, T;                       /* its batch shape                                 */
    int choices;                    /* CHOICE: its options per question; else 1         */
    double loss;                    /* mean loss (0 when the batch had no labels)       */
    prune_float *logits;            /* CLASSIFY [B, K]; CHOICE [Q, choices]; SPAN
                                       [B, 2, T]: start logits, then end logits        */
    prune_float *probs;             /* the same shape: softmax over the classes, the
                                       options, or (SPAN) the valid tokens (padding 0) */
    prune_float *ex_loss;           /* [B] or [Q]: cross-entropy (SPAN: the mean of the
                                       start's and the end's, as transformers')         */
    /* private */
    prune_float *arena;             /* activations, sized once from (max_batch, max_len) */
    size_t arena_size;              /* its elements                                   */
    size_t region[PRUNE__NREG];     /* where each activation region starts            */
    double *partials;               /* per-chunk sums of squares for the gradient norm */
    int32_t *labels;                /* [2 max_batch] copy of the last batch's labels    */
    int32_t *ids, *types, *lens;    /* [max_batch*max_len] copies, for backward         */
    int32_t *rows;                  /* [max_batch] the row (b*T + t) of each example's
                                       token that feeds the head: [CLS] (t = 0) in BERT,
                                       the last token (t = len - 1) in OPT              */
    int has_labels, fwd_train;      /* what the last forward was                        */
    long fwd_step;                  /* its step and seed: backward regenerates the same */
    uint64_t fwd_seed;              /* dropout masks whatever happens in between        */
    prune__pool *pool;
} prune_model;

PRUNEDEF int  prune_model_create(prune_model *m, const prune_model_desc *d, prune_error *err);
PRUNEDEF void prune_model_free(prune_model *m);
/* BERT's initialisation: every matrix and embedding ~ N(0, std²), biases 0,
   LayerNorm weights 1. std <= 0 means BERT's 0.02. */
PRUNEDEF void prune_model_init_weights(prune_model *m, uint64_t seed, double std);
/* A fresh classification head (and pooler, when pooler_too): BERT's init from
   seed, the same numbers prune_model_init_weights and a checkpoint load with a
   missing head give, since a tensor's initial values depend only on (seed, tensor,
   element). std <= 0 means 0.02. */
PRUNEDEF void prune_model_init_head(prune_model *m, uint64_t seed, double std, int pooler_too);
/* tensor t of a block laid out like the parameters (m->params, m->grads, ...) */
PRUNEDEF prune_float *prune_tensor(prune_model *m, prune_float *base, int t);
PRUNEDEF int prune_tensor_find(const char *name);     /* index, or -1 */

/* Logits of a batch (train: dropout on). Only one token per example of the last
   layer feeds the head ([CLS] in BERT, the last token in OPT), so that layer
   computes keys and values for every token and everything after them for that
   token alone: the outputs are those of the full layer, for about 1/L less work. */
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
/* The GEMM micro-kernel models created from now on use: "avx512", "avx2" (x86-64
   with GCC or Clang, chosen from what the CPU reports) or "portable". want NULL
   asks which; "auto" or a name selects (NULL back if this CPU or build lacks it).
   Kernels differ in the last bits (fused multiply-add or not); each is
   deterministic and independent of the thread count. Not thread-safe: call it
   before creating models. */
PRUNEDEF const char *prune_gemm_kernel(const char *want);

/* ============================================================================
   Tokenizer: UTF-8 text to WordPiece ids, the ids Hugging Face's BertTokenizer
   gives
   (implementation: [B8 tokenizer], [B13 bpe])
   ========================================================================= */

/* What it reproduces. In transformers 5 `BertTokenizer` (what from_pretrained
   returns) is the Rust tokenizer of the `tokenizers` library: BertNormalizer, then
   BertPreTokenizer, then WordPiece. The old pure-Python one survives as
   BertTokenizerLegacy and differs on rare inputs (Greek final sigma, Unicode
   versions, NFC in cased mode); this follows the Rust one, step for step:

     0. The special tokens [PAD] [UNK] [CLS] [SEP] [MASK], written in the text, are
        matched first, on the raw bytes and case-sensitively, and give their ids.
     1. Clean-up: U+0000, U+FFFD and control characters (Cc, Cf, Co) vanish;
        \t \n \r and every White_Space character become a space.
     2. A space on each side of every CJK ideograph, so each is a word of its own.
     3. Uncased only: canonical decomposition (NFD), non-spacing marks (Mn) dropped,
        then each character lower-cased on its own (so no final sigma).
     4. Split on spaces; every punctuation character (ASCII 33-47, 58-64, 91-96,
        123-126 and categories P*) becomes a word of its own.
     5. Each word: more than 100 characters -> [UNK]; otherwise greedy
        longest-match-first pieces from the vocabulary, "##" marking a piece that
        continues a word; a word that cannot be covered entirely -> one [UNK].
   Which characters are "control", "Mn" or "punctuation" is decided by tables taken
   from the Rust library itself (see the generated tables' comment): it mixes
   Unicode versions, and matching it exactly means using its data, not Python's.

   Vocabulary file: one token per line ('\n' ends a line), trailing white space
   trimmed (Rust's trim_end, so "\r\n" files work), id = line number - 1. A token on
   two lines maps to the later one, as in HF's dictionary. */

typedef struct prune__tok_slot {
    uint32_t hash;           /* low 32 bits of the token's FNV-1a hash          */
    int32_t id;              /* its id, or -1 for an empty slot                 */
} prune__tok_slot;

enum { PRUNE_TOKENIZER_WORDPIECE, PRUNE_TOKENIZER_BPE };
struct prune__bpe;

typedef struct prune_tokenizer {
    int kind;                /* PRUNE_TOKENIZER_WORDPIECE (BERT) or _BPE (RoBERTa, GPT-2, OPT) */
    int lowercase;           /* WordPiece: 1 uncased (lower-case, strip accents), 0 cased */
    int add_prefix_space;    /* BPE: put a space before text that does not start with one */
    int32_t vocab_size;      /* lines in the vocabulary file: ids are 0..vocab_size-1 */
    int32_t unk_id, cls_id, sep_id, pad_id, mask_id;   /* -1 when the vocab lacks one */
    /* private */
    char *text;              /* the vocabulary file, each token NUL-terminated in place */
    uint32_t *off;           /* [vocab_size] where token i starts in text               */
    uint32_t *len;           /* [vocab_size] its length in bytes (it may hold a NUL)    */
    prune__tok_slot *slots;  /* [mask + 1] open-addressing hash table token -> id      */
    uint32_t mask;           /* number of slots - 1; slots are a power of two, at
                                least twice the lines, so probes stay short          */
    uint32_t max_len;        /* longest token in bytes: no longer piece is looked up  */
    uint32_t max_cont;       /* longest "##" token, without its "##"                  */
    struct prune__bpe *bpe;  /* BPE: the merges, byte tokens and added tokens         */
} prune_tokenizer;

/* A cap for prune_tokenize that always suffices: every id consumes at least one
   byte of the text (the generator of the Unicode tables checks that no character
   normalises into more characters than it has bytes), except the space BPE's
   add_prefix_space puts before each stretch of text (at most one per added token). */
#define PRUNE_TOKENIZE_MAX(len) ((size_t)(len) + 1 + (size_t)(len) / 3)

/* Read a vocabulary (vocab.txt). lowercase = 1 for uncased models (do_lower_case),
   0 for cased ones. Fails with PRUNE_EIO (unreadable) or PRUNE_EFORMAT naming the
   file and line: no lines, a line over 1 MiB, invalid UTF-8, no [UNK] token (HF's
   fast tokenizer loads such a file, then fails on the first word it cannot match;
   failing at load is the safe equivalent). *tk is overwritten, not freed: free a
   loaded tokenizer before loading another into it. On failure *tk holds nothing. */
PRUNEDEF int  prune_tokenizer_load(prune_tokenizer *tk, const char *vocab_path, int lowercase, prune_error *err);
/* A byte-level BPE tokenizer (GPT-2, RoBERTa, OPT) from a checkpoint's vocab.json
   and merges.txt: the ids transformers' RobertaTokenizerFast gives on those two
   files, with the added tokens of those in the vocabulary (<s> </s> <unk> <pad>
   <mask> <|endoftext|>). cls_id, sep_id, pad_id, unk_id and
   mask_id are <s>, </s>, <pad>, <unk> and <mask> (-1 when absent). Errors name the
   file and the line (merges) or position (vocabulary). */
PRUNEDEF int  prune_tokenizer_load_bpe(prune_tokenizer *tk, const char *vocab_json, const char *merges_txt, prune_error *err);
/* The tokenizer of a checkpoint directory, by the files it holds: vocab.json and
   merges.txt (byte-level BPE; with tokenizer.json beside them, its added tokens'
   lstrip, as RoBERTa's <mask> has, and its add_prefix_space), else vocab.txt
   (WordPiece; uncased unless tokenizer_config.json says "do_lower_case": false). */
PRUNEDEF int  prune_tokenizer_load_dir(prune_tokenizer *tk, const char *dir, prune_error *err);
/* Release what load allocated; safe on a zeroed or already freed tokenizer. */
PRUNEDEF void prune_tokenizer_free(prune_tokenizer *tk);
/* WordPiece ids of UTF-8 text (no [CLS]/[SEP] added). Writes at most cap ids; *n
   gets the count, which may exceed cap (then the first cap ids are the truncated
   sequence). PRUNE_TOKENIZE_MAX(len) is a cap that always suffices. Invalid UTF-8 ->
   PRUNE_EFORMAT naming the byte offset. Allocates nothing and does not modify *tk,
   so threads may share one tokenizer. */
PRUNEDEF int  prune_tokenize(const prune_tokenizer *tk, const char *text, size_t len, int32_t *ids, size_t cap, size_t *n, prune_error *err);
/* prune_tokenize, and the text each id came from: offs[2k] and offs[2k+1] are the
   first byte and one past the last byte of the text token k covers - the offset
   mapping of transformers' fast tokenizers, in bytes instead of characters (the
   answer spans of extractive QA are cut from the text by it). A WordPiece piece
   covers the characters its letters came from (an accent stripped with them); an
   [UNK] its whole word; a byte-level BPE token its bytes without the white space at
   its ends (trim_offsets), and a space the tokenizer added covers nothing. */
PRUNEDEF int  prune_tokenize_offsets(const prune_tokenizer *tk, const char *text, size_t len, int32_t *ids, uint32_t *offs,
                                     size_t cap, size_t *n, prune_error *err);
/* The token of an id, NUL-terminated; NULL if out of range */
PRUNEDEF const char *prune_tokenizer_token(const prune_tokenizer *tk, int32_t id);
/* The id of a token (a NUL-terminated string); -1 if absent */
PRUNEDEF int32_t prune_tokenizer_id(const prune_tokenizer *tk, const char *token);

/* ============================================================================
   Datasets of token ids
   (implementation: [B7 datasets])
   ========================================================================= */

/* A tokenized dataset: example i has label labels[i], came from row rows[i] of the
   user's file (0-based, header excluded), and owns ids[offsets[i] .. offsets[i+1]):
   its first len_a[i] ids are segment A, the rest segment B (empty for single
   sentences). Special tokens ([CLS], [SEP]) are not stored; batching adds them.

   Text format (.tsv), one example per line, ids separated by single spaces:
       label<TAB>ids_a                 single sentences
       label<TAB>ids_a<TAB>ids_b       pairs
   Binary format (.bin), little-endian, loaded with one read and checked whole:
       "PRUNEDS1" u32 version=1 u32 flags(bit 0: pairs) u64 n u64 nids
       u32 num_labels u32 0 u64 checksum (FNV-1a 64 of all that follows)
       u64 rows[n]  u64 offsets[n+1]  i32 labels[n]  u32 len_a[n]  i32 ids[nids]
   Conversions between the two are lossless (rows are kept by the binary format;
   the text format's rows are its line numbers). */
typedef struct prune_dataset {
    int64_t n;            /* examples                                  */
    int pairs;            /* 1 when examples have a segment B          */
    int32_t num_labels;   /* 1 + the largest label                     */
    int64_t *rows;        /* [n] row of the user's file (ascending; RACE: the
                             question's number; SQuAD: the feature's)  */
    uint64_t *offsets;    /* [n+1] into ids                            */
    int32_t *labels;      /* [n] class; the right option (choices > 1); span datasets:
                             1 when the example has no answer, else 0  */
    uint32_t *len_a;      /* [n] ids of segment A                      */
    int32_t *ids;         /* [offsets[n]]                              */
    /* Multiple choice: an example is a question with `choices` options, each a
       sequence (A, B_c) of its own: A (the article) once, then the options' B
       segments one after another, len_b[i*choices + c] ids each. */
    int choices;          /* options per example; 1 for one sequence (len_b NULL) */
    uint32_t *len_b;      /* [n * choices] when choices > 1, else NULL */
    /* Extractive QA: an example is a feature, (question, window of the context);
       its answer's first and last token within segment B, -1 -1 for none.      */
    int32_t *spans;       /* [n, 2] span datasets, else NULL           */
    void *mem;            /* private: the one block all of the above live in */
} prune_dataset;

PRUNEDEF int  prune_dataset_read_text(prune_dataset *ds, const char *path, prune_error *err);
PRUNEDEF int  prune_dataset_write_text(const prune_dataset *ds, const char *path, prune_error *err);
PRUNEDEF int  prune_dataset_load(prune_dataset *ds, const char *path, prune_error *err);    /* binary */
PRUNEDEF int  prune_dataset_save(const prune_dataset *ds, const char *path, prune_error *err); /* binary */
/* either format, told apart by the binary magic */
PRUNEDEF int  prune_dataset_open(prune_dataset *ds, const char *path, prune_error *err);
PRUNEDEF void prune_dataset_free(prune_dataset *ds);
/* every id below vocab_size and every label below num_labels, or an error naming the example */
PRUNEDEF int  prune_dataset_check(const prune_dataset *ds, int32_t vocab_size, int32_t num_labels, prune_error *err);

/* ============================================================================
   Batches from a dataset: [CLS] a [SEP] (b [SEP]), truncation, dynamic padding
   (implementation: [B7 datasets])
   ========================================================================= */

/* How a pair is laid out: BERT's [CLS] A [SEP] B [SEP] with token types 0 then 1,
   RoBERTa's <s> A </s></s> B </s> with type 0 throughout, or OPT's </s> A </s> B
   (cls_id = sep_id = </s>, nothing at the end: the head reads the last text token)
   - what transformers' tokenizers give for each. Single texts are [CLS] A [SEP],
   <s> A </s> and </s> A. */
enum { PRUNE_PAIRS_BERT, PRUNE_PAIRS_ROBERTA, PRUNE_PAIRS_OPT };

typedef struct prune_batcher {
    int max_batch, max_len;          /* B and T never exceed these                 */
    int32_t cls_id, sep_id, pad_id;  /* BERT: 101, 102, 0 in the uncased vocab     */
    int pair_style;                  /* PRUNE_PAIRS_BERT (init's), _ROBERTA or _OPT: set
                                        it after prune_batcher_init                 */
    prune_batch batch;               /* the last batch filled (views of the buffers) */
    int32_t *ids, *types, *lens, *labels;   /* private: [max_batch*max_len] ... */
    void *mem;
} prune_batcher;

PRUNEDEF int  prune_batcher_init(prune_batcher *bt, int max_batch, int max_len, int32_t cls_id,
                                 int32_t sep_id, int32_t pad_id, prune_error *err);
PRUNEDEF void prune_batcher_free(prune_batcher *bt);
/* Fills bt->batch with examples[0..count) of ds: each truncated longest-first (as
   transformers' truncation="longest_first": one token at a time from the longer
   segment, from B on ties) to fit max_len with its special tokens, then padded to
   the longest example of the batch, not to max_len. *out points to bt->batch then
   (NULL on failure). */
PRUNEDEF int  prune_batcher_fill(prune_batcher *bt, const prune_dataset *ds, const int64_t *examples, int count,
                                 const prune_batch **out, prune_error *err);
/* tokens an example occupies in a batch of max_len: min(max_len, ids + specials),
   BERT's layout (a RoBERTa pair has one special token more) */
PRUNEDEF int  prune_example_tokens(const prune_dataset *ds, int64_t i, int max_len);

/* Orders of the examples for an epoch. PRUNE_ORDER_RANDOM: a permutation drawn from
   seed. PRUNE_ORDER_BUCKETED: the same permutation, then each window of 50 batches
   sorted by length and cut into batches whose order is shuffled again, so batches
   hold examples of similar length (less padding) and still come in random order. */
enum { PRUNE_ORDER_RANDOM, PRUNE_ORDER_BUCKETED, PRUNE_ORDER_SEQUENTIAL };   /* 0: random */
PRUNEDEF int  prune_order(const prune_dataset *ds, int kind, uint64_t seed, int batch_size, int max_len,
                          int64_t *order, prune_error *err);

/* ============================================================================
   GLUE-style TSV files -> tokenized datasets
   (implementation: [B9 tsv])
   ========================================================================= */

/* Class names <-> ids. Integer labels ("0", "1", ...) map to themselves; string
   labels ("entailment", "World") map to their rank in byte order, so train and
   dev files give the same ids whatever order their rows come in. Written next to
   a tokenized dataset as "id<TAB>name" lines, and read back to tokenize the dev
   set with the training set's mapping. */
typedef struct prune_labels {
    int32_t count;
    char **names;        /* [count], NUL-terminated */
    int32_t capacity;    /* private: room in names */
} prune_labels;

/* The formats a table of examples comes in. */
enum { PRUNE_FORMAT_AUTO, PRUNE_FORMAT_TSV, PRUNE_FORMAT_CSV, PRUNE_FORMAT_JSONL };
/* Quoting of a TSV: AUTO decides from the file (see prune_tsv_tokenize), NONE reads
   quotes as text (GLUE's files), RFC4180 reads "..." fields with "" for a quote and
   tabs or line breaks inside (pandas' to_csv(sep="\t"), Python's csv). CSV is
   always RFC 4180. */
enum { PRUNE_QUOTING_AUTO, PRUNE_QUOTING_NONE, PRUNE_QUOTING_RFC4180 };

typedef struct prune_tsv_desc {
    const char *text_a;               /* column of the first text; NULL: sentence1, question1,
                                         question, premise, sentence or text, the first found.
                                         Digits: a column number, 1 = the first (when no
                                         header column has that name)                        */
    const char *text_b;               /* column of the second; NULL: the partner of text_a's
                                         (sentence2, question2, sentence, hypothesis) if present */
    const char *label;                /* label column; NULL: "label" (JSON Lines: "label", else
                                         "gold_label", as SNLI's release names it)             */
    const prune_labels *label_map;    /* ids to use; NULL: build one from this file            */
    int format;                       /* PRUNE_FORMAT_*: AUTO picks by the name (.csv, .jsonl,
                                         .json, .ndjson; else TSV) and a first '{' (JSON Lines) */
    int quoting;                      /* PRUNE_QUOTING_* for TSV (AUTO: decided from the file)   */
    int no_header;                    /* 1: the first row is data; columns only by number      */
    const char *drop_label;           /* rows with this label are left out (SNLI's "-": no gold
                                         label); NULL keeps every row                          */
} prune_tsv_desc;

/* Tokenize a table of examples: TSV, CSV or JSON Lines (one object per line, its
   keys the columns), with a header row unless no_header. Every data row becomes one
   example, in order, with its row index (0 = the first data row; rows left out by
   drop_label keep the numbering). A UTF-8 byte-order mark is skipped; lines may end
   in CRLF. TSV quoting, AUTO: a file is read with RFC 4180 quoting when a field
   starts with a double quote, every such field is a well-formed quoted field, and
   one of them needed its quotes (it holds a quote, a tab or a line break), or when
   every header field is quoted (QUOTE_ALL). A field starting with a quote that is
   not well-formed quoting, or only quotes nothing needed, means GLUE's plain TSV,
   where quotes are text. Evidence both ways is an error that says where, and how to
   choose (quoting). Nothing is skipped silently: a row with the wrong number of
   fields, invalid UTF-8 or a label outside label_map is an error naming the file,
   line and column; a missing column is an error listing the columns there are.
   labels_out (may be NULL) receives the mapping used. */
PRUNEDEF int  prune_tsv_tokenize(const char *path, const prune_tokenizer *tk, const prune_tsv_desc *d,
                                 prune_dataset *out, prune_labels *labels_out, prune_error *err);
/* The texts of a table's rows, read as prune_tsv_tokenize reads them (the same rows,
   the same columns, the same desc), for what people read (h.tsv): the example of
   row rows[i] has text a[i] (and b[i] for pairs), each NUL-terminated. One
   allocation; prune_texts_free releases it. */
typedef struct prune_texts {
    int64_t n;            /* rows read (rows drop_label leaves out are not) */
    int64_t *rows;        /* [n] their row numbers                          */
    const char **a, **b;  /* [n] the texts; b is NULL for single texts      */
    void *mem;
} prune_texts;
PRUNEDEF int  prune_tsv_texts(const char *path, const prune_tsv_desc *d, prune_texts *out, prune_error *err);
PRUNEDEF void prune_texts_free(prune_texts *t);
PRUNEDEF int  prune_labels_write(const prune_labels *l, const char *path, prune_error *err);
PRUNEDEF int  prune_labels_read(prune_labels *l, const char *path, prune_error *err);
PRUNEDEF void prune_labels_free(prune_labels *l);

/* ============================================================================
   Multiple choice (RACE) and extractive question answering (SQuAD)
   (implementation: [B18 qa])
   ========================================================================= */

/* Multiple-choice questions -> a dataset of questions with options (choices each),
   as the authors' run_race.py builds them: segment A the article; segment B of
   option c the question with every "_" replaced by the option (RACE's cloze
   questions), or else the question, a space and the option; the label the answer
   (A = 0). path: the RACE release - a directory of passage files, every file below it
   read in byte order of the paths (train/ reads high/ then middle/), each one JSON
   object {"article", "questions": [...], "options": [[...], ...], "answers": ["A",
   ...]} - or one such file, or JSON Lines of passages or of single questions
   ({"article", "question", "options", "answer"}, as Hugging Face's datasets writes
   RACE). Every question needs as many options as the first. An error names the file
   (and line) and the question. texts (may be NULL) receives, for people, each
   question (a) and its options "A) .. | B) .." (b). Rows count questions from 0. */
PRUNEDEF int  prune_race_tokenize(const char *path, const prune_tokenizer *tk, prune_dataset *out, prune_texts *texts, prune_error *err);

/* A SQuAD 1.1 or 2.0 file (data[].paragraphs[].qas[]), every question in file order.
   Texts are UTF-8, NUL-terminated; answer starts are byte offsets into the context
   (the file's are characters). */
typedef struct prune_squad_question {
    const char *id, *question, *context;   /* a paragraph's questions share its context */
    size_t context_len;                    /* bytes                                    */
    int impossible;                        /* no answer (SQuAD 2.0's is_impossible)    */
    int nanswers;                          /* gold answers, 0 when impossible          */
    const char *const *answers;            /* [nanswers] their texts                   */
    const uint32_t *answer_start;          /* [nanswers] their first byte in context   */
    int article;                           /* which data[] entry it is in (0-based)    */
} prune_squad_question;
typedef struct prune_squad {
    int64_t n;                             /* questions                                */
    prune_squad_question *q;               /* [n]                                      */
    int articles;                          /* data[] entries                           */
    const char **answers_;                 /* private: the answers' block              */
    uint32_t *starts_;
    void *mem;
} prune_squad;
PRUNEDEF int  prune_squad_load(const char *path, prune_squad *out, prune_error *err);
PRUNEDEF void prune_squad_free(prune_squad *sq);

/* Questions q0..q1-1 -> features, as transformers' run_qa.py prepares them: the
   question (leading white space stripped) as segment A, never truncated; the
   context's tokens cut into windows that fill max_len with the question and the
   special tokens, each starting (window - stride) tokens after the last, the last one
   reaching the end; one feature per window, and each feature one example of ds
   (its row: the feature's number, 0.., what subsets list; f->question its question). Its labels: the first and the last token of the question's
   first answer when the window holds all of it (ds->spans, tokens of segment B), else
   none (-1 -1, the first token: transformers' CLS index); ds->labels is 1 for "no
   answer", the class the health checks and class mixes count. f keeps what turns a
   feature's logits back into text. pair_style: PRUNE_PAIRS_* of the model. */
typedef struct prune_squad_features {
    int64_t n;                             /* features (ds->n)                          */
    int64_t q0, q1;                        /* the questions they come from              */
    int64_t *question;                     /* [n] each feature's question               */
    uint32_t *first;                       /* [n] its window's first context token       */
    int64_t *tok_off;                      /* [q1 - q0 + 1] where each question's context
                                              tokens start in offs                        */
    uint32_t *offs;                        /* [2 * tokens] each context token's bytes     */
    int max_len, stride, pair_style;
    void *mem;
} prune_squad_features;
PRUNEDEF int  prune_squad_features_make(const prune_squad *sq, int64_t q0, int64_t q1, const prune_tokenizer *tk, int max_len,
                                        int stride, int pair_style, prune_dataset *ds, prune_squad_features *f, prune_error *err);
PRUNEDEF void prune_squad_features_free(prune_squad_features *f);

/* Answers of a span model to the features' questions, as transformers' utils_qa.py
   post-processes them: per feature the n_best start and n_best end tokens (by logit,
   over the sequence's tokens), every pair inside the context with end >= start and
   at most max_answer_len tokens a candidate scored start + end logit; the null answer
   scores start + end logit of the first token, the lowest over the question's
   features. The answer: the best candidate with text among the n best (null counted
   among them), unless (SQuAD 2.0, when any question is impossible) the null score
   exceeds its score by more than null_threshold: then "" (no answer). */
typedef struct prune_squad_answers {
    int64_t n, q0;                         /* answers to questions q0 .. q0 + n - 1       */
    const char **text;                     /* [n] "" for no answer                        */
    double *null_diff;                     /* [n] null score - the best answer's score    */
    void *mem;
} prune_squad_answers;
PRUNEDEF int  prune_squad_predict(prune_model *m, prune_batcher *bt, const prune_dataset *ds, const prune_squad_features *f,
                                  const prune_squad *sq, int n_best, int max_answer_len, double null_threshold,
                                  prune_squad_answers *out, prune_error *err);
/* the same from given logits: start and end [ds->n, f->max_len], feature i's token t
   at i * f->max_len + t (its tokens as the batcher lays it out, padding ignored) */
PRUNEDEF int  prune_squad_postprocess(const prune_dataset *ds, const prune_squad_features *f, const prune_squad *sq,
                                      const float *start, const float *end, int n_best, int max_answer_len, double null_threshold,
                                      prune_squad_answers *out, prune_error *err);
PRUNEDEF void prune_squad_answers_free(prune_squad_answers *a);

/* The official SQuAD 2.0 metric (evaluate-v2.0.py): answers normalised (lower case,
   no punctuation, no a/an/the, single spaces), exact match and token F1 against each
   gold answer, the best of them; a question whose gold answers all normalise to ""
   (an impossible one) has the gold answer "". In percent, also for the questions with
   and without answers. exact and f1 (may be NULL) receive each question's, 0..1. */
typedef struct prune_squad_metrics {
    int64_t n, has_ans, no_ans;
    double exact, f1, has_ans_exact, has_ans_f1, no_ans_exact, no_ans_f1;
} prune_squad_metrics;
PRUNEDEF int  prune_squad_score(const prune_squad *sq, const prune_squad_answers *ans, double *exact, double *f1,
                                prune_squad_metrics *out, prune_error *err);
/* one pair, normalised as above: 1 or 0, and F1 in 0..1 (NULL texts are ""; NULL
   outputs: PRUNE_EARG) */
PRUNEDEF int  prune_squad_score_one(const char *gold, const char *pred, double *exact, double *f1);

/* ============================================================================
   The method: training records, H-scores, automatic subsets, baselines
   (implementation: [A1 method], [B10 scores])
   ========================================================================= */

/* What fine-tuning records about every example, from the train-mode forward pass
   of the very step that computes the gradient on it (before that step's update):
   its arg-max (the predicted class), whether that was the label, the probability of
   the label, its loss, and its EL2N score ||softmax - onehot||₂. Recording reads
   logits the step computes anyway: it costs nothing measurable.

   A prune_scores holds `runs` runs of `epochs` epochs over the n examples of one
   training set; arrays are [runs][epochs][n] (run-major). It also keeps the gold
   labels it was recorded against, so that how well each run learned (the health
   below) can be read from a score file alone. */
#define PRUNE_MAX_CLASSES 254      /* classes a score file records predictions for */
enum { PRUNE_TAIL_SHORT = 1, PRUNE_TAIL_BAD = 2 };
#define PRUNE_PRED_NONE 255        /* pred[] of a record without a prediction      */
typedef struct prune_scores {
    int runs;                 /* runs held                                         */
    int epochs;               /* E                                                 */
    int total_runs;           /* R, the runs planned (per-run files say it too)    */
    int64_t n;                /* examples                                          */
    uint64_t data_hash;       /* prune_dataset_hash of the training set            */
    uint64_t config_hash;     /* fingerprint of everything that shapes the records */
    int classes;              /* K; 0: unknown (a version-1 file, or K > PRUNE_MAX_CLASSES) */
    uint8_t *labels;          /* [n] gold labels (meaningful when classes > 0)     */
    int32_t *run_ids;         /* [runs] which run each one is, 0..R-1              */
    int32_t *done;            /* [runs] epochs recorded                            */
    int tail;                 /* what load found after the last whole epoch: 0 nothing,
                                 PRUNE_TAIL_SHORT a block cut short (a run killed while
                                 appending: unfinished), PRUNE_TAIL_BAD a whole block
                                 failing its checksum (damaged, or a write a crash cut) */
    uint8_t *correct;         /* [runs][epochs][n] 1 right, 0 wrong                */
    uint8_t *pred;            /* [runs][epochs][n] predicted class, PRUNE_PRED_NONE
                                 when not recorded (version-1 files)               */
    float *gold_prob;         /* [runs][epochs][n]                                 */
    float *loss;              /* [runs][epochs][n]                                 */
    float *el2n;              /* [runs][epochs][n]                                 */
    void *mem;
} prune_scores;

/* Score file (.scores), little-endian; a per-run file grows by one block per
   finished epoch (appended and fsynced), a merged file holds every run. Version 2:
       "PRUNESC1" u32 version=2 u32 runs u32 epochs u32 total_runs u64 n
       u64 data_hash u64 config_hash u64 header_checksum u32 classes u32 0
       i32 run_ids[runs] (+pad to 8)  u8 labels[n] (+pad to 8)
       blocks, run-major then epoch: u32 run u32 epoch u8 correct[n] u8 pred[n]
       f32 gold_prob[n] f32 loss[n] f32 el2n[n] u64 block_checksum
   The header checksum is FNV-1a over the header without its own 8 bytes. Version 1
   (no classes, labels or pred: 56-byte header, run_ids at 56) still loads, with
   classes 0 and every pred PRUNE_PRED_NONE; files are always written as version 2.
   A LAST block that is cut short or fails its checksum (a crash while appending) is
   not an epoch: loading ignores it and resuming rewrites it. A bad block with more
   data after it, or bytes after the last block of the last run, is an error. */
PRUNEDEF int  prune_scores_init(prune_scores *s, int runs, int epochs, int total_runs, int64_t n, prune_error *err);
PRUNEDEF void prune_scores_free(prune_scores *s);
PRUNEDEF int  prune_scores_load(prune_scores *s, const char *path, prune_error *err);
PRUNEDEF int  prune_scores_save(const prune_scores *s, const char *path, prune_error *err);
/* Reads per-run (or merged) files into one table. Refuses, naming the files, any
   mix of datasets, configurations, epoch counts or R, a run twice, or a run whose
   epochs are not all recorded. */
PRUNEDEF int  prune_scores_merge(prune_scores *out, const char *const *paths, int count, prune_error *err);
/* Why runs recorded in a and b cannot belong to one phase 1, or NULL if they can:
   "another training set", "another number of epochs", "another number of runs
   (R)" or "another configuration (...)" (the fingerprints differ). Merge, resume
   and the tool's phase 1 all ask this one question. */
PRUNEDEF const char *prune_scores_mismatch(const prune_scores *a, const prune_scores *b);
/* TSV: row, label, H, then per run and epoch correct/gold_prob/loss/el2n columns */
PRUNEDEF int  prune_scores_export_tsv(const prune_scores *s, const prune_dataset *ds, const char *path, prune_error *err);
PRUNEDEF uint64_t prune_dataset_hash(const prune_dataset *ds);

/* H(i) = Σ_runs Π_epochs correct(i, r, e): the runs in which example i was right
   at every epoch, 0..runs. The product asks for *stable* learning: an example got
   right by luck in one epoch and wrong in the next counts as not learned. */
PRUNEDEF void prune_hscores(const prune_scores *s, int32_t *h);
PRUNEDEF void prune_histogram(const int32_t *h, int64_t n, int runs, int64_t *counts);   /* counts[runs+1] */

/* ---- Did phase 1 learn? The health of every run and epoch ----
   The H-score means something only if the runs learned the task from their first
   epoch on: an example counts as right in a run only when it was right in EVERY
   epoch, so a run that guessed through epoch 1 hands out H by luck, and a run that
   learned one class only puts that class at H > 0 and every other class at H = 0
   (its winning ticket then holds one class). The health reads what the records
   already hold, per run and epoch: training accuracy, each class's recall and the
   share of the records predicted as each class, and flags

     PRUNE_HEALTH_CHANCE    accuracy not clearly above always answering the most
                            frequent class: at or below majority + PRUNE_HEALTH_MARGIN
                            x (1 - majority), i.e. no more than a tenth of the
                            majority guess's errors removed
     PRUNE_HEALTH_STARVED   a class (almost) never predicted: predicted for fewer
                            than PRUNE_HEALTH_STARVE x its share of the data, or
                            recalled below PRUNE_HEALTH_MIN_RECALL

   A run with a flag in any epoch has not learned (a "collapsed" run). labels and
   classes may be NULL / 0: the score file's own (version 2). With a version-1 file
   the predicted shares are unknown (-1) and recall stands in for them. */
enum { PRUNE_HEALTH_CHANCE = 1, PRUNE_HEALTH_STARVED = 2 };
#define PRUNE_HEALTH_MARGIN 0.1
#define PRUNE_HEALTH_STARVE 0.1
#define PRUNE_HEALTH_MIN_RECALL 0.05
typedef struct prune_epoch_health {
    int run, epoch, classes;               /* run id, epoch from 0, K              */
    int64_t n;                             /* records (examples)                   */
    double accuracy;                       /* share of records right               */
    double majority;                       /* share of the most frequent class     */
    int majority_class;                    /* which class that is (the lowest on a tie) */
    double threshold;                      /* accuracy at or below it: CHANCE      */
    int64_t count[PRUNE_MAX_CLASSES];      /* examples of each gold class          */
    double recall[PRUNE_MAX_CLASSES];      /* right among class c (-1: no examples) */
    double predicted[PRUNE_MAX_CLASSES];   /* share predicted as c (-1: unknown)   */
    int flags;                             /* PRUNE_HEALTH_* bits, 0: learned      */
    int starved;                           /* the first starved class, or -1       */
} prune_epoch_health;
/* one epoch of run slot r (0..s->runs-1); PRUNE_ESTATE if that epoch is not recorded */
PRUNEDEF int prune_epoch_health_compute(const prune_scores *s, int r, int epoch, const int32_t *labels, int classes,
                                        prune_epoch_health *out, prune_error *err);
/* every recorded epoch of every run into out[runs * epochs] (run-major; unrecorded
   epochs get n = 0); *collapsed (may be NULL) = the number of runs with a flag */
PRUNEDEF int prune_scores_health(const prune_scores *s, const int32_t *labels, int classes, prune_epoch_health *out,
                                 int *collapsed, prune_error *err);

/* ---- Classes ---- */
/* counts[c] = examples of class c among idx[0..k) (idx NULL: all n); labels outside
   0..classes-1 are not counted */
PRUNEDEF void prune_class_counts(const int32_t *labels, const int64_t *idx, int64_t k, int classes, int64_t *counts);
/* counts[c * (runs+1) + v] = examples of class c with H = v */
PRUNEDEF void prune_histogram_by_class(const int32_t *h, const int32_t *labels, int64_t n, int runs, int classes, int64_t *counts);
/* The class-aware rule (not the paper's; an option beside it). The paper's H is one
   scale for all classes: when the model learns one class later than another, the
   late class sits at H = 0 as a whole, and removing H = 0 removes the class. The
   class-relative H gives every class the overall H distribution: within each class,
   examples are ranked by (H, then mean gold probability over all records, then
   index), and the example at quantile q of its class gets the H value v whose band
   of the overall distribution holds q (the share of examples at H <= v over all
   classes is the band's upper edge). Any removal set then removes the same share of
   every class as of the whole set, and the ranking inside a class still follows H:
   hrel[n], values 0..R. labels/classes as for the health. */
PRUNEDEF int prune_hscores_relative(const prune_scores *s, const int32_t *labels, int classes, int32_t *hrel, prune_error *err);

/* Mean and sample standard deviation (n - 1 in the denominator; 0 when n < 2) of
   x[0..n), as the comparison reports metrics over seeds. */
PRUNEDEF void prune_mean_std(const double *x, int n, double *mean, double *std);

/* What the records say about one example, over all runs and epochs: the numbers of
   dataset cartography (Swayamdipta et al.: confidence = the mean probability of the
   gold label, variability = its standard deviation, population form) and of
   forgetting (Toneva et al.: epochs after which a right example became wrong, summed
   over runs), the share of records that were right, and the class predicted most
   often (the smallest on ties; -1 when the file has no predictions). */
typedef struct prune_example_stats {
    double confidence, variability, correct;
    int forgetting, pred;
} prune_example_stats;
PRUNEDEF int prune_example_stats_compute(const prune_scores *s, int64_t i, prune_example_stats *out, prune_error *err);

/* A subset is named by the set of H values it removes, as a bitmask (bit v set:
   drop every example with H = v), so its size adapts to the model and task. */
#define PRUNE_MAX_RUNS 62
/* The family of Tayaranian et al. for R runs, largest first: {0,R} (the winning
   ticket), {0..k, R} for k = 1..R-2, {0,1,R-1,R}, {0..R-3,R-1,R}; for R = 6 these
   are {0,6} {0,1,6} {0,1,2,6} {0,1,2,3,6} {0,1,2,3,4,6} {0,1,5,6} {0,1,2,3,5,6}.
   Duplicates and sets that remove everything are left out. Returns the count. */
PRUNEDEF int  prune_subset_family(int runs, uint64_t *removed, int max);
/* "0,1,6" or "0-3,6" -> mask; every value must be in 0..runs */
PRUNEDEF int  prune_subset_parse(const char *text, int runs, uint64_t *removed, prune_error *err);
PRUNEDEF void prune_subset_name(uint64_t removed, char *buf, size_t size);                /* "{0,1,6}" */
/* examples whose H is not removed, in index order; returns how many */
PRUNEDEF int64_t prune_subset_select(const int32_t *h, int64_t n, uint64_t removed, int64_t *out);

/* Baselines that keep `size` examples, for comparing with an H subset of that size.
   Ties go to the lower index, so every baseline is a pure function of the scores. */
enum {
    PRUNE_BASELINE_RANDOM,      /* uniformly at random (seed)                            */
    PRUNE_BASELINE_AMBIGUOUS,   /* highest std of gold_prob over all R·E records         */
    PRUNE_BASELINE_HARD,        /* lowest mean gold_prob (hard to learn)                  */
    PRUNE_BASELINE_FORGETTING,  /* most forgetting events (right at e, wrong at e+1),
                                   summed over runs; never-learned examples first          */
    PRUNE_BASELINE_EL2N,        /* largest EL2N of epoch 1, averaged over runs (with
                                   prune_finetune_desc.el2n_pass: at the end of epoch 1)  */
    PRUNE_BASELINE_COUNT
};
PRUNEDEF const char *prune_baseline_name(int kind);
/* the `size` kept examples, in index order */
PRUNEDEF int prune_baseline(const prune_scores *s, int kind, int64_t size, uint64_t seed, int64_t *out, prune_error *err);

/* Pruning whole groups (SQuAD: the features of a question, kept or dropped
   together). prune_scores_group gives every example its group's record, made from
   its members' in each run and epoch: right only when all of them were (a question
   is right when every window of it was), the lowest gold probability, the highest
   loss and EL2N; each member keeps its own prediction. H, the subsets and the
   baselines then treat a group's members alike. group[i]: example i's group,
   non-decreasing (a group's members consecutive). In place. */
PRUNEDEF int prune_scores_group(prune_scores *s, const int64_t *group, prune_error *err);
/* a baseline of whole groups: `groups` of them, ranked as prune_baseline ranks
   examples, by each group's record (its first member's, after prune_scores_group);
   out (room for s->n) receives their examples in index order, *n_out how many */
PRUNEDEF int prune_baseline_groups(const prune_scores *s, int kind, int64_t groups, uint64_t seed, const int64_t *group,
                                   int64_t *out, int64_t *n_out, prune_error *err);

/* Classification metrics. MCC is the multi-class form (Gorodkin's R_K), which is
   the usual Matthews correlation for two classes; macro-F1 averages over the classes
   that occur in the gold labels or the predictions, as scikit-learn does.
   prune_metrics_compute fills everything but loss (0), which prune_evaluate sets. */
typedef struct prune_metrics {
    int64_t n;
    double accuracy, macro_f1, mcc, loss;
} prune_metrics;
PRUNEDEF void prune_metrics_compute(const int32_t *pred, const int32_t *gold, int64_t n, int classes, prune_metrics *m);

/* ============================================================================
   Fine-tuning loops: phase 1 (records) and phase 2 (a subset), with resume
   (implementation: [A1 method], [B11 state])
   ========================================================================= */

typedef struct prune_progress_info {
    int run, epoch, epochs;       /* epoch counts from 0                       */
    int64_t step, steps;          /* steps of this run done / in all            */
    double loss;                  /* mean loss of this epoch so far             */
    double examples_per_s;        /* since this call started                   */
    double eta_s;                 /* seconds left in this run                   */
} prune_progress_info;

typedef struct prune_finetune_desc {
    const prune_dataset *train;
    const int64_t *subset;        /* examples to train on; NULL: all            */
    int64_t subset_n;
    int epochs;                   /* E                                  (3)     */
    int batch;                    /* examples per step                  (32)    */
    int max_len;                  /* tokens, specials included          (128)   */
    int order;                    /* PRUNE_ORDER_RANDOM (0), _BUCKETED or _SEQUENTIAL */
    int reshuffle;                /* 1: a new order each epoch; 0: one per run, as the authors */
    uint64_t seed;                /* data order; the model's desc.seed drives dropout */
    prune_optim optim;            /* total_steps 0: epochs x steps per epoch; all zero:
                                     prune_optim_defaults(); a zero or non-finite lr
                                     otherwise is refused (it would train nothing) */
    double warmup_ratio;          /* warmup_steps = ratio x total when warmup_steps is 0 */
    int32_t cls_id, sep_id, pad_id;
    int pair_style;               /* PRUNE_PAIRS_BERT (0), _ROBERTA or _OPT: how examples are batched */
    /* phase 1: where records go. records (may be NULL) is a prune_scores of 1 run and
       `epochs` epochs over the whole training set (or over an ascending subset, then
       indexed by position in it and kept in memory only); with scores_path each finished
       epoch is appended there (fsynced) and with state_path the training state is
       saved after it, so the same call after a crash continues from the last
       finished epoch and writes the same bytes. */
    prune_scores *records;
    const char *scores_path, *state_path;
    int run;                      /* this run's index (file headers)            */
    int el2n_pass;                /* 1: EL2N of epoch 1 from an eval-mode pass over the whole
                                     training set at the end of epoch 1 (Paul et al.'s score;
                                     one inference pass per run); 0: each example's EL2N when
                                     epoch 1's training step saw it (free)                      */
    void (*progress)(void *user, const prune_progress_info *p);   /* after every step */
    /* after every finished epoch, once its records are on disk and the state after it
       is saved; health is that epoch's (NULL without records). A non-zero return stops
       the run there with PRUNE_ESTOPPED (not after its last epoch: it is finished);
       the same call later resumes it. Phase 1 uses it to stop a run that did not learn. */
    int (*epoch_end)(void *user, int epoch, const prune_epoch_health *health);
    void *user;
} prune_finetune_desc;

/* Fine-tune m (its weights as given) on the training set or a subset. Uses one
   batcher and one order buffer allocated here, nothing per step. With scores_path
   and state_path, a call whose score file already holds every epoch returns
   PRUNE_OK at once, leaving m untouched and records filled from the file; finished
   epochs whose state file is missing are refused (PRUNE_ESTATE). */
PRUNEDEF int prune_finetune(prune_model *m, const prune_finetune_desc *d, prune_error *err);
/* A fingerprint of everything that shapes a phase 1's records, the same for all
   its R runs: the model's configuration c (resolved), the starting weights
   (start_hash: prune_params_hash of the weights every run starts from, before its
   own head; 0 if unknown), the base seed (the tool's run K uses seed + K), R, d's
   training options with their defaults resolved (not d->seed, d->run, the subset
   or the callbacks), and origin, a word for where the weights came from
   ("checkpoint", "scratch"). Not the thread count: results do not depend on it.
   Score files with the same fingerprint and dataset hash come from one experiment:
   merge and resume refuse to mix others. When the records' config_hash is 0,
   prune_finetune sets it to prune_phase1_fingerprint(&m->desc.config, 0, 0, R, d,
   "model"): what it can see, so a changed rate or epoch count is still caught. */
PRUNEDEF uint64_t prune_phase1_fingerprint(const prune_config *c, uint64_t start_hash, uint64_t seed, int runs,
                                           const prune_finetune_desc *d, const char *origin);
/* The text the fingerprint hashes ("|"-separated groups of "key value" pairs), into
   buf (n bytes; 1536 always suffice); returns its length. Kept beside the runs, it
   lets a mismatch say what differs: */
PRUNEDEF int prune_phase1_describe(const prune_config *c, uint64_t start_hash, uint64_t seed, int runs,
                                   const prune_finetune_desc *d, const char *origin, char *buf, size_t n);
/* what differs between two such texts, as "lr 2e-05 vs 3e-05, E 3 vs 2" into out;
   returns how many values differ */
PRUNEDEF int prune_phase1_diff(const char *a, const char *b, char *out, size_t n);
/* predictions and metrics of m on every example of ds (eval mode). Multiple
   choice: over each question's options (K = ds->choices). Spans: the class of the
   prediction (1: no answer) and metrics of that; the answers themselves and the
   SQuAD metric come from prune_squad_predict and prune_squad_score. */
/* prune_evaluate, and also the probability of every class, probs [n * K] (pred,
   probs and out may each be NULL; probs must be NULL for spans): one eval-mode pass
   over ds */
PRUNEDEF int prune_predict(prune_model *m, prune_batcher *bt, const prune_dataset *ds, int32_t *pred, float *probs,
                           prune_metrics *out, prune_error *err);
PRUNEDEF int prune_evaluate(prune_model *m, prune_batcher *bt, const prune_dataset *ds, int32_t *pred,
                            prune_metrics *out, prune_error *err);

/* ============================================================================
   Training state: save and resume
   (implementation: [B11 state])
   ========================================================================= */

/* Where a run is in its data: the rest of the state (parameters, AdamW moments,
   step, seed) is in the model. user[] is the caller's, saved as is. */
typedef struct prune_progress {
    int64_t epoch;        /* epochs finished                           */
    int64_t batch;        /* batches finished in the current epoch     */
    uint64_t user[8];
} prune_progress;

/* Atomically (temporary file, fsync, rename) writes parameters, AdamW moments,
   step, seed and progress. Load refuses a state whose model shape differs. */
PRUNEDEF int prune_state_save(const prune_model *m, const prune_progress *p, const char *path, prune_error *err);
PRUNEDEF int prune_state_load(prune_model *m, prune_progress *p, const char *path, prune_error *err);


/* ============================================================================
   Hugging Face checkpoints (interface)
   (implementation: [B14 hf-config] .. [B17 hf-save])
   ========================================================================= */

/* The checkpoint types the engine runs. BERT and RoBERTa differ only in names, the
   position offset (RoBERTa's positions start at pad_token_id + 1) and the head's
   layout; OPT is the other family (prune_config.arch = PRUNE_ARCH_OPT). */
enum { PRUNE_HF_BERT = 1, PRUNE_HF_ROBERTA = 2, PRUNE_HF_OPT = 3 };

/* What config.json says beyond prune_config. */
typedef struct prune_hf_info {
    int model_type;            /* PRUNE_HF_BERT, PRUNE_HF_ROBERTA or PRUNE_HF_OPT         */
    int pad_token_id;          /* -1 when config.json has null                             */
    int bos_token_id;          /* -1 when absent or null (RoBERTa's are written back)     */
    int eos_token_id;
    int num_labels;            /* K: the size of id2label, else num_labels, else 2         */
    double initializer_range;  /* std of a freshly created head                   (0.02)   */
    prune_config config;       /* the resolved configuration config.json describes;
                                  prune_hf_load_weights checks the model's against it      */
    char **label_names;        /* [num_labels] from id2label, or NULL. One allocation,
                                  owned by this struct: prune_hf_info_free releases it      */
} prune_hf_info;

/* What prune_hf_load_weights found. */
typedef struct prune_load_report {
    int tensors;               /* tensors in the file                                       */
    int loaded;                /* copied into the model                                     */
    int unused;                /* in the file but not part of the model: position_ids
                                  buffers, masked-LM heads, layers past config's count, ...  */
    char unused_names[256];    /* the first of them, comma-separated ("..." when cut)       */
    int fresh_pooler;          /* 1: no pooler in the file (RoBERTa: classifier.dense), so
                                  it was created from the seed                              */
    int fresh_classifier;      /* 1: no classifier (RoBERTa: classifier.out_proj), created  */
    int n_f32, n_f16, n_bf16;  /* loaded tensors by the dtype they were stored in           */
    int n_f64;
    size_t nonfinite;          /* NaN or infinite values among those loaded                 */
    char prefix[16];           /* "bert.", "roberta." or "": what the encoder's names began with */
} prune_load_report;

PRUNEDEF prune_hf_info prune_hf_info_defaults(int model_type);
/* Read config.json. cfg (may be NULL) receives the resolved configuration, ready for
   prune_model_create; info (may be NULL) the rest. On failure nothing is allocated. */
PRUNEDEF int prune_hf_read_config(const char *config_json_path, prune_config *cfg, prune_hf_info *info,
                                  prune_error *err);
PRUNEDEF void prune_hf_info_free(prune_hf_info *info);
/* Give info's model the head of `head` (PRUNE_HEAD_*) as transformers' class for it
   builds it: CLASSIFY keeps info's labels; CHOICE has one output and, in RoBERTa,
   the pooler and hidden_dropout_prob instead of the classification head's dropout;
   SPAN has two outputs and no pooler. prune_hf_read_config does this from
   config.json's "architectures" (...ForMultipleChoice, ...ForQuestionAnswering);
   call it to put another head on a checkpoint (a pretrained encoder) before
   prune_model_create(info->config). */
PRUNEDEF int prune_hf_set_head(prune_hf_info *info, int head, prune_error *err);
/* Load model.safetensors into m, which prune_model_create made from a configuration
   equal to info->config (dropout may differ: it is a training choice; the label count
   may differ when the file has no classifier). Nothing in m changes unless the whole
   file is valid; on success the optimiser state is reset too (gradients, AdamW
   moments, m->step = 0), as for a new model. rep may be NULL. */
PRUNEDEF int prune_hf_load_weights(prune_model *m, const char *safetensors_path, const prune_hf_info *info,
                                   uint64_t seed, prune_load_report *rep, prune_error *err);
/* Write dir/model.safetensors and dir/config.json (dir is created if missing) for
   transformers' class of m's family and head: Bert/Roberta ForSequenceClassification,
   ForMultipleChoice or ForQuestionAnswering, OPTForSequenceClassification or
   OPTForQuestionAnswering. Each file is atomic; the weights are written first. info
   gives the model type, token ids and label names (used when it has exactly m's
   label count). */
PRUNEDEF int prune_hf_save(const prune_model *m, const char *dir, const prune_hf_info *info, prune_error *err);


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
/* A system header included before PRUNE_IMPLEMENTATION, under -std=c99, turns the
   POSIX declarations off (the _DEFAULT_SOURCE above comes too late): say so, instead
   of failing later on fileno or kill */
#if !defined(_WIN32) && defined(__GLIBC__) && !defined(__USE_POSIX)
#error "prune.h needs POSIX declarations, which a system header included before PRUNE_IMPLEMENTATION turned off: define PRUNE_IMPLEMENTATION before any #include in that file, or compile it with -D_DEFAULT_SOURCE"
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

/* x86-64 SIMD micro-kernels need GCC or Clang (target attributes, cpu builtins);
   anything else, and PRUNE_DOUBLE or PRUNE_NO_SIMD, builds the portable kernel only. */
#if !defined(PRUNE_DOUBLE) && !defined(PRUNE_NO_SIMD) && defined(__x86_64__) && \
    (defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 5))
#define PRUNE__X86 1
#include <immintrin.h>
/* GCC 12's own AVX-512 header warns, in C++ at -O2, that its _mm512_undefined_* values
   are uninitialised (GCC bug 105593) wherever its intrinsics are inlined: silenced for
   this implementation only, and restored at its end */
#if defined(__cplusplus) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#define PRUNE__GCC12_CXX 1
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#else
#define PRUNE__X86 0
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

/* the built-in GEMM stays compiled in CBLAS builds (tests and bench compare the two) */
#if defined(__GNUC__) || defined(__clang__)
#define PRUNE__MAYBE_UNUSED __attribute__((unused))
#else
#define PRUNE__MAYBE_UNUSED
#endif

#define PRUNE__MIN(a, b) ((a) < (b) ? (a) : (b))
#define PRUNE__MAX(a, b) ((a) > (b) ? (a) : (b))

/* ============================================================================
   [A0 base] Errors: a status code plus a message that says where
   ========================================================================= */

PRUNEDEF const char *prune_status_name(int code) {
    switch (code) {
    case PRUNE_OK: return "ok";
    case PRUNE_EARG: return "invalid argument";
    case PRUNE_ENOMEM: return "out of memory";
    case PRUNE_EIO: return "input/output error";
    case PRUNE_EFORMAT: return "malformed input";
    case PRUNE_ESTATE: return "invalid state";
    case PRUNE_ESTOPPED: return "stopped";
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


/* ---- Declared here, defined in Part B or C: what Part A calls of the machinery.
   Each is named for what it does; a reader of Part A needs only this list. ---- */
typedef struct prune__kernel prune__kernel;   /* a GEMM micro-kernel [B3 gemm] */
struct prune__drop;                           /* [A2 model] */
struct prune__adamw_hp;                       /* [A2 model] */
/* [B1 files] */
static int prune__file_exists(const char *path);
static double prune__now(void);
/* [B3 gemm] C = op(A)·op(B) + (bias, or beta·C): serial on a kernel, parallel on a pool */
static void prune__gemm(const prune__kernel *kn, int ta, int tb, int M, int N, int K,
                        const prune_float *A, int lda, const prune_float *B, int ldb,
                        prune_float beta, prune_float *C, int ldc, prune_float *work);
static void prune__matmul(prune__pool *pool, int ta, int tb, int M, int N, int K,
                          const prune_float *A, int lda, const prune_float *B, int ldb,
                          const prune_float *bias, prune_float beta, prune_float *C, int ldc);
/* [B4 par] Part A's layers on the pool: the same arguments, after the pool */
static int prune__simd(const prune__pool *pool);
static void prune__par_embedding_forward(prune__pool *pool, prune_float *emb, const int32_t *ids, const int32_t *types,
                                         const prune_float *wte, const prune_float *wpe, const prune_float *wtt,
                                         int B, int T, int C, int pos_offset);
static void prune__par_embedding_backward(prune__pool *pool, prune_float *dwte, prune_float *dwpe, prune_float *dwtt,
                                          const prune_float *demb, const int32_t *ids, const int32_t *types,
                                          int B, int T, int C, int pos_offset);
static void prune__par_layernorm_forward(prune__pool *pool, prune_float *out, prune_float *mean, prune_float *rstd,
                                         const prune_float *inp, const prune_float *w, const prune_float *b,
                                         int N, int C, prune_float eps);
static void prune__par_layernorm_backward(prune__pool *pool, prune_float *dinp, prune_float *dw, prune_float *db,
                                          const prune_float *dout, const prune_float *inp, const prune_float *w,
                                          const prune_float *mean, const prune_float *rstd, int N, int C);
static void prune__par_bias_backward(prune__pool *pool, prune_float *db, const prune_float *dout, int N, int OC, int ld);
static void prune__par_dropout(prune__pool *pool, const struct prune__drop *d, prune_float *out, const prune_float *in,
                               const prune_float *resid, size_t n);
static void prune__par_dropout_rows(prune__pool *pool, const struct prune__drop *d, const int32_t *rows, prune_float *out,
                                    const prune_float *in, const prune_float *resid, int resid_full, int B, int C);
static void prune__par_act_forward(prune__pool *pool, int relu, prune_float *out, const prune_float *inp, size_t n);
static void prune__par_act_backward(prune__pool *pool, int relu, prune_float *d, const prune_float *inp, size_t n);
static void prune__par_attention_forward(prune__pool *pool, prune_float *atty, prune_float *att, const prune_float *qkv,
                                         const int32_t *lens, const int32_t *rows, int causal, int B, int T, int C, int NH,
                                         const struct prune__drop *d);
static void prune__par_attention_backward(prune__pool *pool, prune_float *dqkv, const prune_float *datty, const prune_float *qkv,
                                          const prune_float *att, const int32_t *lens, const int32_t *rows, int B, int T, int C,
                                          int NH, const struct prune__drop *d);
static void prune__par_adamw(prune__pool *pool, prune_float *p, const prune_float *g, prune_float *m, prune_float *v,
                             size_t n, const struct prune__adamw_hp *h);
static double prune__par_sumsq(prune__pool *pool, const prune_float *g, size_t n, double *partials);
/* [B5 simd] the AVX-512 loops: how many leading elements they did (0 when off) */
static size_t prune__dropout_simd(const struct prune__drop *d, uint64_t base, size_t n, prune_float *out,
                                  const prune_float *in, const prune_float *resid);
static size_t prune__gelu_simd(prune_float *out, const prune_float *inp, size_t n, int bwd, int simd);
static size_t prune__adamw_simd(prune_float *p, const prune_float *g, prune_float *m, prune_float *v, size_t n,
                                const struct prune__adamw_hp *h, int simd);
/* [B7 datasets] the order of an epoch; [B10 scores], [B11 state]: files of a run */
static int prune__order_of(const prune_dataset *ds, const int64_t *idx, int64_t n, int kind, uint64_t seed, int batch_size,
                           int max_len, int64_t *order, prune_error *err);
static int prune__sc_append(const prune_scores *s, int r, int e, const char *path, prune_error *err);
static int prune__state_peek(const char *path, prune_progress *p, prune_error *err);
/* [B11 state] the fine-tuning loop's checks, resume, state saves and progress reports */
static int prune__finetune_check(const prune_model *m, const prune_finetune_desc *d, const prune_optim *o, int epochs, int batch,
                                 int max_len, int64_t n, prune_error *err);
static int prune__finetune_resume(prune_model *m, const prune_finetune_desc *d, prune_scores *rec, uint64_t data_hash,
                                  int epochs, int *epoch0, prune_error *err);
static int prune__finetune_save_state(prune_model *m, const prune_finetune_desc *d, const prune_scores *rec,
                                      uint64_t data_hash, int next_epoch, prune_error *err);
static void prune__progress(const prune_finetune_desc *d, int e, int epochs, int64_t step, int64_t steps, double done_steps,
                            double loss, int64_t trained, double t0);
/* [A2 model], used by A1: random numbers and the check every entry point makes */
static uint64_t prune__mix(uint64_t z);
static uint64_t prune__key(uint64_t seed, uint64_t step, uint64_t site);
static int prune__model_ok(const prune_model *m, const char *what, prune_error *err);
/* [B7 datasets] a seeded Fisher-Yates shuffle */
static void prune__shuffle(int64_t *v, int64_t n, uint64_t key);
/* [C1 unicode], [C2 gelu]: the generated tables' accessors */
static unsigned prune__u_flags(uint32_t cp);
static unsigned prune__u_ccc(uint32_t cp);
static uint32_t prune__u_lower(uint32_t cp);
static int prune__u_decompose(uint32_t cp, uint32_t *d);
static unsigned prune__b_class(uint32_t cp);
/* [B9 tsv] one field of a table row; [B12 json] JSON Lines rows as such fields */
typedef struct prune__field { const char *s; size_t n; } prune__field;   /* s NULL: not text (a JSON array, ...) */
typedef struct prune__jsonl prune__jsonl;
static double prune__json_strtod(const char *s);   /* locale-independent strtod */
static int prune__jsonl_open(prune__jsonl **out, const char *path, const char *text, size_t len, size_t base,
                             prune__field *cols, int max, int *ncols, prune_error *err);
static int prune__jsonl_next(prune__jsonl *r, prune__field *f, int64_t *line, prune_error *err);
static void prune__jsonl_close(prune__jsonl *r);
/* [B13 bpe] byte-level BPE, called by prune_tokenize */
struct prune__tok;
static int prune__bpe_tokenize(struct prune__tok *t, const unsigned char *s, size_t len, prune_error *err);
#if PRUNE__X86
static const float (*prune__gelu_table(int grad))[32];
static float prune__gelu_lo(void);
#endif
/* ############################################################################
   PART A - READ ME FIRST: the method, then the model, in plain C. Everything
   here calls Part B's machinery only through functions named for what they do
   (prune__matmul, prune__par_*: "run this Part A function on the thread pool").
   ######################################################################### */

/* ============================================================================
   [A1 method] The method of Tayaranian et al.: records -> H-scores -> subsets
   (and baselines) -> the fine-tuning loop that makes the records

   Phase 1 fine-tunes the pretrained model R times (runs) for E epochs on the full
   training set. In every training step, for every example of the batch, the
   forward pass whose gradient that step applies says whether the example was
   classified correctly: correct[r][e][i]. That bit, kept per run, epoch and
   example, is all the method needs (a score file keeps a few more figures per
   record for the health checks and the baselines).

       H(i) = Σ_r Π_e correct[r][e][i]      runs in which i was right in every epoch

   H runs from 0 (never learned in any run) to R (learned in every run, from its
   first epoch). A subset is a set of H values to remove; the paper's family
   removes H = R (the easy) and, in steps, H = 0 (the hard, often mislabelled) and
   its neighbours. The winning ticket keeps 0 < H < R. Phase 2 fine-tunes the
   pretrained model again on a subset and compares it with the full set and with
   random and "ambiguous" subsets of the same size.

   Follow one phase-1 run: prune_finetune below (the loop; the records are the
   marked block inside it), then prune_hscores, prune_subset_select.
   ========================================================================= */

/* ---- Records ---- */
PRUNEDEF void prune_scores_free(prune_scores *s) {
    if (!s) return;
    PRUNE_FREE(s->mem, NULL);
    memset(s, 0, sizeof *s);
}

PRUNEDEF int prune_scores_init(prune_scores *s, int runs, int epochs, int total_runs, int64_t n, prune_error *err) {
    int bad = 0;
    size_t cells, bytes;
    if (!s) return prune__fail(err, PRUNE_EARG, "scores: NULL");
    memset(s, 0, sizeof *s);
    if (runs < 1 || runs > PRUNE_MAX_RUNS || epochs < 1 || epochs > 1000 || total_runs < runs || total_runs > PRUNE_MAX_RUNS || n < 1)
        return prune__fail(err, PRUNE_EARG, "scores: %d runs of %d planned, %d epochs, %lld examples: out of range (runs 1..%d, epochs 1..1000)",
                           runs, total_runs, epochs, (long long)n, PRUNE_MAX_RUNS);
    cells = prune__mul(prune__mul((size_t)runs, (size_t)epochs, &bad), (size_t)n, &bad);
    bytes = prune__add(prune__add(prune__mul(cells, 14, &bad), 8 * (size_t)runs, &bad), (size_t)n, &bad);
    if (bad || !(s->mem = PRUNE_MALLOC(bytes, NULL)))
        return prune__fail(err, PRUNE_ENOMEM, "scores: cannot allocate %d x %d x %lld records", runs, epochs, (long long)n);
    memset(s->mem, 0, bytes);
    s->runs = runs; s->epochs = epochs; s->total_runs = total_runs; s->n = n;
    s->gold_prob = (float *)s->mem;                      /* floats first: aligned */
    s->loss = s->gold_prob + cells;
    s->el2n = s->loss + cells;
    s->run_ids = (int32_t *)(void *)(s->el2n + cells);
    s->done = s->run_ids + runs;
    s->correct = (uint8_t *)(s->done + runs);
    s->pred = s->correct + cells;
    s->labels = s->pred + cells;
    memset(s->pred, PRUNE_PRED_NONE, cells);
    return PRUNE_OK;
}

/* index of (run slot r, epoch e, example i) */
#define PRUNE__REC(s, r, e, i) (((size_t)(r) * (size_t)(s)->epochs + (size_t)(e)) * (size_t)(s)->n + (size_t)(i))

PRUNEDEF void prune_hscores(const prune_scores *s, int32_t *h) {
    int64_t i;
    int r, e;
    for (i = 0; s && h && i < s->n; i++) {
        int32_t v = 0;
        for (r = 0; r < s->runs; r++) {
            int all = 1;   /* Π over epochs: right in every one of them */
            for (e = 0; e < s->epochs; e++) all &= s->correct[PRUNE__REC(s, r, e, i)];
            v += all;
        }
        h[i] = v;
    }
}

PRUNEDEF void prune_histogram(const int32_t *h, int64_t n, int runs, int64_t *counts) {
    int64_t i;
    int v;
    if (!h || !counts) return;
    for (v = 0; v <= runs; v++) counts[v] = 0;
    for (i = 0; i < n; i++) if (h[i] >= 0 && h[i] <= runs) counts[h[i]]++;
}

/* ---- health and classes ---- */

/* the labels to judge s by: the caller's, else the file's own */
static int prune__sc_labels(const prune_scores *s, const int32_t *labels, int *classes, prune_error *err) {
    if (labels) {
        if (*classes < 1 || *classes > PRUNE_MAX_CLASSES)
            return prune__fail(err, PRUNE_EARG, "scores: %d classes, this needs 1..%d", *classes, PRUNE_MAX_CLASSES);
        return PRUNE_OK;
    }
    if (s->classes < 1 || s->classes > PRUNE_MAX_CLASSES)
        return prune__fail(err, PRUNE_EARG, "scores: no gold labels recorded (a version-1 file, or more than %d classes): give the training "
                           "set's labels", PRUNE_MAX_CLASSES);
    *classes = s->classes;
    return PRUNE_OK;
}
#define PRUNE__LABEL(s, labels, i) ((labels) ? (labels)[i] : (int32_t)(s)->labels[i])

PRUNEDEF int prune_epoch_health_compute(const prune_scores *s, int r, int epoch, const int32_t *labels, int classes,
                                        prune_epoch_health *out, prune_error *err) {
    int64_t i, right = 0, seen = 0, hit[PRUNE_MAX_CLASSES], said[PRUNE_MAX_CLASSES], top = 0;
    int c, rc, known = 1;
    if (!s || !s->mem || !out) return prune__fail(err, PRUNE_EARG, "health: the scores or the output is NULL");
    memset(out, 0, sizeof *out);
    out->starved = -1;
    if ((rc = prune__sc_labels(s, labels, &classes, err)) != PRUNE_OK) return rc;
    if (r < 0 || r >= s->runs || epoch < 0 || epoch >= s->done[r])
        return prune__fail(err, PRUNE_ESTATE, "health: run slot %d epoch %d is not recorded", r, epoch + 1);
    out->run = s->run_ids[r]; out->epoch = epoch; out->classes = classes;
    for (c = 0; c < classes; c++) hit[c] = said[c] = 0;
    for (i = 0; i < s->n; i++) {
        size_t at = PRUNE__REC(s, r, epoch, i);
        int32_t y = PRUNE__LABEL(s, labels, i);
        uint8_t p = s->pred[at];
        if (y < 0 || y >= classes) continue;
        seen++;
        out->count[y]++;
        right += s->correct[at];
        hit[y] += s->correct[at];
        if (p == PRUNE_PRED_NONE) known = 0;
        else if (p < classes) said[p]++;
    }
    out->n = seen;
    if (seen == 0) return prune__fail(err, PRUNE_EARG, "health: no example has a label in 0..%d", classes - 1);
    for (c = 0; c < classes; c++) if (out->count[c] > top) { top = out->count[c]; out->majority_class = c; }
    out->accuracy = (double)right / (double)seen;
    out->majority = (double)top / (double)seen;
    out->threshold = out->majority + PRUNE_HEALTH_MARGIN * (1 - out->majority);
    /* a one-class set has nothing to learn: never flagged as at chance */
    if (top < seen && out->accuracy <= out->threshold) out->flags |= PRUNE_HEALTH_CHANCE;
    for (c = 0; c < classes; c++) {
        double share = (double)out->count[c] / (double)seen;
        out->recall[c] = out->count[c] ? (double)hit[c] / (double)out->count[c] : -1;
        out->predicted[c] = known ? (double)said[c] / (double)seen : -1;
        if (out->count[c] == 0 || top == seen) continue;
        if ((known && out->predicted[c] < PRUNE_HEALTH_STARVE * share) || out->recall[c] < PRUNE_HEALTH_MIN_RECALL) {
            out->flags |= PRUNE_HEALTH_STARVED;
            if (out->starved < 0) out->starved = c;
        }
    }
    return PRUNE_OK;
}

PRUNEDEF int prune_scores_health(const prune_scores *s, const int32_t *labels, int classes, prune_epoch_health *out,
                                 int *collapsed, prune_error *err) {
    int r, e, rc, bad = 0;
    if (!s || !s->mem || !out) return prune__fail(err, PRUNE_EARG, "health: the scores or the output is NULL");
    for (r = 0; r < s->runs; r++) {
        int flags = 0;
        for (e = 0; e < s->epochs; e++) {
            prune_epoch_health *h = &out[r * s->epochs + e];
            if (e >= s->done[r]) { memset(h, 0, sizeof *h); h->run = s->run_ids[r]; h->epoch = e; h->starved = -1; continue; }
            if ((rc = prune_epoch_health_compute(s, r, e, labels, classes, h, err)) != PRUNE_OK) return rc;
            flags |= h->flags;
        }
        bad += flags != 0;
    }
    if (collapsed) *collapsed = bad;
    return PRUNE_OK;
}

PRUNEDEF void prune_class_counts(const int32_t *labels, const int64_t *idx, int64_t k, int classes, int64_t *counts) {
    int64_t i;
    int c;
    if (!labels || !counts) return;
    for (c = 0; c < classes; c++) counts[c] = 0;
    for (i = 0; i < k; i++) {
        int32_t y = labels[idx ? idx[i] : i];
        if (y >= 0 && y < classes) counts[y]++;
    }
}

PRUNEDEF void prune_histogram_by_class(const int32_t *h, const int32_t *labels, int64_t n, int runs, int classes, int64_t *counts) {
    int64_t i;
    int c;
    if (!h || !labels || !counts) return;
    for (c = 0; c < classes * (runs + 1); c++) counts[c] = 0;
    for (i = 0; i < n; i++)
        if (labels[i] >= 0 && labels[i] < classes && h[i] >= 0 && h[i] <= runs) counts[(size_t)labels[i] * (size_t)(runs + 1) + (size_t)h[i]]++;
}

typedef struct prune__relrank { int32_t label, h; double conf; int64_t idx; } prune__relrank;

/* by class, then H, then mean gold probability, then index: ascending */
static int prune__relrank_cmp(const void *x, const void *y) {
    const prune__relrank *a = (const prune__relrank *)x, *b = (const prune__relrank *)y;
    if (a->label != b->label) return a->label < b->label ? -1 : 1;
    if (a->h != b->h) return a->h < b->h ? -1 : 1;
    if ((a->conf != a->conf) != (b->conf != b->conf)) return a->conf != a->conf ? -1 : 1;   /* NaN (a diverged run) first */
    if (a->conf != b->conf && a->conf == a->conf) return a->conf < b->conf ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

PRUNEDEF int prune_hscores_relative(const prune_scores *s, const int32_t *labels, int classes, int32_t *hrel, prune_error *err) {
    prune__relrank *rk;
    int32_t *h;
    int64_t i, j, k, counts[PRUNE_MAX_RUNS + 1];
    double edge[PRUNE_MAX_RUNS + 1], acc = 0;
    int rc, r, e, R, v;
    if (!s || !s->mem || !hrel) return prune__fail(err, PRUNE_EARG, "relative H: the scores or the output is NULL");
    R = s->runs;
    if ((rc = prune__sc_labels(s, labels, &classes, err)) != PRUNE_OK) return rc;
    rk = (prune__relrank *)PRUNE_MALLOC(sizeof *rk * (size_t)s->n, NULL);
    h = (int32_t *)PRUNE_MALLOC(sizeof *h * (size_t)s->n, NULL);
    if (!rk || !h) { PRUNE_FREE(rk, NULL); PRUNE_FREE(h, NULL); return prune__fail(err, PRUNE_ENOMEM, "relative H: out of memory"); }
    prune_hscores(s, h);
    prune_histogram(h, s->n, R, counts);
    for (v = 0; v <= R; v++) { acc += (double)counts[v]; edge[v] = acc / (double)s->n; }   /* share at H <= v */
    for (i = 0; i < s->n; i++) {
        double sum = 0;
        for (r = 0; r < s->runs; r++)
            for (e = 0; e < s->epochs; e++) sum += s->gold_prob[PRUNE__REC(s, r, e, i)];
        rk[i].label = PRUNE__LABEL(s, labels, i);
        rk[i].h = h[i];
        rk[i].conf = sum / (double)(s->runs * s->epochs);
        rk[i].idx = i;
    }
    qsort(rk, (size_t)s->n, sizeof *rk, prune__relrank_cmp);
    for (i = 0; i < s->n; i = j) {   /* one class at a time: [i, j) */
        for (j = i; j < s->n && rk[j].label == rk[i].label; j++) {}
        for (v = 0, k = 0; k < j - i; k++) {
            double q = ((double)k + 0.5) / (double)(j - i);   /* the example's quantile in its class */
            while (v < R && q > edge[v]) v++;
            hrel[rk[i + k].idx] = v;
        }
    }
    PRUNE_FREE(rk, NULL);
    PRUNE_FREE(h, NULL);
    return PRUNE_OK;
}

PRUNEDEF int prune_example_stats_compute(const prune_scores *s, int64_t i, prune_example_stats *out, prune_error *err) {
    int64_t votes[PRUNE_MAX_CLASSES];
    double sum = 0, sq = 0, mean, right = 0;
    int r, e, c, n;
    if (!s || !s->mem || !out) return prune__fail(err, PRUNE_EARG, "example stats: the scores or the output is NULL");
    if (i < 0 || i >= s->n) return prune__fail(err, PRUNE_EARG, "example stats: example %lld is outside 0..%lld", (long long)i, (long long)s->n - 1);
    memset(out, 0, sizeof *out);
    memset(votes, 0, sizeof votes);
    n = s->runs * s->epochs;
    for (r = 0; r < s->runs; r++)
        for (e = 0; e < s->epochs; e++) {
            size_t at = PRUNE__REC(s, r, e, i);
            uint8_t p = s->pred[at];
            sum += s->gold_prob[at];
            right += s->correct[at];
            if (e > 0 && s->correct[PRUNE__REC(s, r, e - 1, i)] && !s->correct[at]) out->forgetting++;
            if (s->classes && p < s->classes) votes[p]++;
        }
    mean = n ? sum / n : 0;
    for (r = 0; r < s->runs; r++)
        for (e = 0; e < s->epochs; e++) { double d = s->gold_prob[PRUNE__REC(s, r, e, i)] - mean; sq += d * d; }
    out->confidence = mean;
    out->variability = n ? sqrt(sq / n) : 0;
    out->correct = n ? right / n : 0;
    out->pred = -1;
    for (c = 0; c < s->classes; c++) if (votes[c] > 0 && (out->pred < 0 || votes[c] > votes[out->pred])) out->pred = c;
    return PRUNE_OK;
}

PRUNEDEF void prune_mean_std(const double *x, int n, double *mean, double *std) {
    double m = 0, ss = 0;
    int i;
    if (!x || !mean || !std) return;
    for (i = 0; i < n; i++) m += x[i];
    m = n > 0 ? m / n : 0;
    for (i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
    *mean = m;
    *std = n > 1 ? sqrt(ss / (n - 1)) : 0;
}

/* ---- subsets ---- */

PRUNEDEF int prune_subset_family(int runs, uint64_t *removed, int max) {
    uint64_t cand[PRUNE_MAX_RUNS + 3], all;
    int c = 0, k, i, j, out = 0;
    if (runs < 1 || runs > PRUNE_MAX_RUNS) return 0;
    if (!removed || max < 0) max = 0;
    all = (runs == 63) ? ~0ull : ((1ull << (runs + 1)) - 1);
    /* {0..k} ∪ {R}, k = 0 (the winning ticket) .. R-2 */
    for (k = 0; k <= (runs >= 2 ? runs - 2 : 0); k++) {
        uint64_t m = 1ull << runs;
        for (i = 0; i <= k; i++) m |= 1ull << i;
        cand[c++] = m;
    }
    if (runs >= 2) {
        uint64_t m = 1ull | 2ull | 1ull << (runs - 1) | 1ull << runs;         /* {0,1,R-1,R} */
        cand[c++] = m;
        m = 1ull | 1ull << (runs - 1) | 1ull << runs;                          /* {0..R-3,R-1,R} */
        for (i = 0; i <= runs - 3; i++) m |= 1ull << i;
        cand[c++] = m;
    }
    for (i = 0; i < c; i++) {
        int dup = (cand[i] & all) == all;   /* removes everything: no subset */
        for (j = 0; j < i && !dup; j++) dup = cand[j] == cand[i];
        if (!dup) { if (out < max) removed[out] = cand[i]; out++; }
    }
    return out < max ? out : max;
}

PRUNEDEF int prune_subset_parse(const char *text, int runs, uint64_t *removed, prune_error *err) {
    const char *p = text;
    uint64_t m = 0;
    if (!removed) return prune__fail(err, PRUNE_EARG, "subset: nowhere to put the set (removed is NULL)");
    if (!text || !*text) return prune__fail(err, PRUNE_EARG, "subset: empty list of H values");
    if (runs < 1 || runs > PRUNE_MAX_RUNS) return prune__fail(err, PRUNE_EARG, "subset: R = %d is outside 1..%d", runs, PRUNE_MAX_RUNS);
    while (*p) {
        long a, b;
        char *end;
        a = strtol(p, &end, 10);
        if (end == p) return prune__fail(err, PRUNE_EARG, "subset '%s': expected an H value at '%s'", text, p);
        b = a;
        p = end;
        if (*p == '-') {
            b = strtol(p + 1, &end, 10);
            if (end == p + 1) return prune__fail(err, PRUNE_EARG, "subset '%s': expected a range end at '%s'", text, p);
            p = end;
        }
        if (a < 0 || b > runs || a > b) return prune__fail(err, PRUNE_EARG, "subset '%s': H values are 0..%d", text, runs);
        for (; a <= b; a++) m |= 1ull << a;
        if (*p == ',') p++;
        else if (*p) return prune__fail(err, PRUNE_EARG, "subset '%s': unexpected '%c'", text, *p);
    }
    *removed = m;
    return PRUNE_OK;
}

PRUNEDEF void prune_subset_name(uint64_t removed, char *buf, size_t size) {
    size_t used = 0;
    int v, first = 1;
    if (!buf || size == 0) return;
    buf[0] = 0;
    used += (size_t)snprintf(buf, size, "{");
    for (v = 0; v < 64 && used < size; v++)
        if (removed >> v & 1) { used += (size_t)snprintf(buf + used, size - used, first ? "%d" : ",%d", v); first = 0; }
    if (used < size) snprintf(buf + used, size - used, "}");
}

PRUNEDEF int64_t prune_subset_select(const int32_t *h, int64_t n, uint64_t removed, int64_t *out) {
    int64_t i, k = 0;
    for (i = 0; h && out && i < n; i++)
        if (h[i] < 0 || h[i] > 63 || !(removed >> h[i] & 1)) out[k++] = i;
    return k;
}

/* ---- baselines ---- */

PRUNEDEF const char *prune_baseline_name(int kind) {
    static const char *const names[PRUNE_BASELINE_COUNT] = {"random", "ambiguous", "hard", "forgetting", "el2n"};
    return kind >= 0 && kind < PRUNE_BASELINE_COUNT ? names[kind] : "?";
}

typedef struct prune__ranked { double key; int64_t idx; } prune__ranked;

/* larger key first; ties to the lower index */
static int prune__ranked_cmp(const void *x, const void *y) {
    const prune__ranked *a = (const prune__ranked *)x, *b = (const prune__ranked *)y;
    if (a->key != b->key) return a->key > b->key ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int prune__i64_cmp(const void *x, const void *y) {
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

PRUNEDEF int prune_baseline(const prune_scores *s, int kind, int64_t size, uint64_t seed, int64_t *out, prune_error *err) {
    prune__ranked *rk;
    int64_t i;
    int r, e, RE;
    if (!s || !s->mem || !out) return prune__fail(err, PRUNE_EARG, "baseline: the scores or the output is NULL");
    RE = s->runs * s->epochs;
    if (kind < 0 || kind >= PRUNE_BASELINE_COUNT) return prune__fail(err, PRUNE_EARG, "baseline: unknown kind %d", kind);
    if (size < 0 || size > s->n) return prune__fail(err, PRUNE_EARG, "baseline: size %lld outside 0..%lld", (long long)size, (long long)s->n);
    if (kind == PRUNE_BASELINE_RANDOM) {
        int64_t *all = (int64_t *)PRUNE_MALLOC(sizeof(int64_t) * (size_t)s->n, NULL);
        if (!all) return prune__fail(err, PRUNE_ENOMEM, "baseline: out of memory");
        for (i = 0; i < s->n; i++) all[i] = i;
        prune__shuffle(all, s->n, prune__key(seed, 0xBA5Eull, 0));
        memcpy(out, all, sizeof(int64_t) * (size_t)size);
        PRUNE_FREE(all, NULL);
        qsort(out, (size_t)size, sizeof(int64_t), prune__i64_cmp);
        return PRUNE_OK;
    }
    if (!(rk = (prune__ranked *)PRUNE_MALLOC(sizeof(prune__ranked) * (size_t)s->n, NULL))) return prune__fail(err, PRUNE_ENOMEM, "baseline: out of memory");
    for (i = 0; i < s->n; i++) {
        double sum = 0, sum2 = 0, key = 0;
        int events = 0, ever = 0;
        for (r = 0; r < s->runs; r++)
            for (e = 0; e < s->epochs; e++) {
                size_t at = PRUNE__REC(s, r, e, i);
                double p = s->gold_prob[at];
                sum += p; sum2 += p * p;
                ever |= s->correct[at];
                if (e > 0 && s->correct[at - (size_t)s->n] && !s->correct[at]) events++;   /* learned, then forgotten */
            }
        switch (kind) {
        case PRUNE_BASELINE_AMBIGUOUS: {   /* variability: population std of the R·E gold probabilities */
            double mean = sum / RE, var = sum2 / RE - mean * mean;
            key = var > 0 ? sqrt(var) : 0;
            break;
        }
        case PRUNE_BASELINE_HARD: key = -sum / RE; break;                      /* lowest confidence first */
        case PRUNE_BASELINE_FORGETTING: key = ever ? events : 1e300; break;    /* never learned: forgotten forever */
        default:                                                               /* EL2N of the first epoch */
            for (r = 0; r < s->runs; r++) key += s->el2n[PRUNE__REC(s, r, 0, i)];
            key /= s->runs;
            break;
        }
        rk[i].key = key;
        rk[i].idx = i;
    }
    qsort(rk, (size_t)s->n, sizeof *rk, prune__ranked_cmp);
    for (i = 0; i < size; i++) out[i] = rk[i].idx;
    PRUNE_FREE(rk, NULL);
    qsort(out, (size_t)size, sizeof(int64_t), prune__i64_cmp);
    return PRUNE_OK;
}

/* ---- whole groups ---- */

PRUNEDEF int prune_scores_group(prune_scores *s, const int64_t *group, prune_error *err) {
    int64_t a, b, i;
    int r, e;
    if (!s || !s->mem || !group) return prune__fail(err, PRUNE_EARG, "group: the scores or the groups are NULL");
    for (i = 1; i < s->n; i++)
        if (group[i] < group[i - 1]) return prune__fail(err, PRUNE_EARG, "group: example %lld's group %lld comes before example %lld's %lld",
                                                         (long long)i, (long long)group[i], (long long)(i - 1), (long long)group[i - 1]);
    for (r = 0; r < s->runs; r++)
        for (e = 0; e < s->epochs; e++)
            for (a = 0; a < s->n; a = b) {
                size_t at = PRUNE__REC(s, r, e, 0);
                uint8_t right = 1;
                float gp = 2, loss = -1, el2n = -1;
                for (b = a; b < s->n && group[b] == group[a]; b++) {
                    right &= s->correct[at + (size_t)b];
                    gp = PRUNE__MIN(gp, s->gold_prob[at + (size_t)b]);
                    loss = PRUNE__MAX(loss, s->loss[at + (size_t)b]);
                    el2n = PRUNE__MAX(el2n, s->el2n[at + (size_t)b]);
                }
                for (i = a; i < b; i++) {
                    s->correct[at + (size_t)i] = right;
                    s->gold_prob[at + (size_t)i] = gp; s->loss[at + (size_t)i] = loss; s->el2n[at + (size_t)i] = el2n;
                }
            }
    return PRUNE_OK;
}

PRUNEDEF int prune_baseline_groups(const prune_scores *s, int kind, int64_t groups, uint64_t seed, const int64_t *group,
                                   int64_t *out, int64_t *n_out, prune_error *err) {
    prune_scores g;
    int64_t *first = NULL, *sel = NULL, ng = 0, i, k, m = 0;
    int r, e, rc;
    if (!s || !s->mem || !group || !out || !n_out) return prune__fail(err, PRUNE_EARG, "group baseline: NULL argument");
    *n_out = 0;
    for (i = 0; i < s->n; i++) ng += i == 0 || group[i] != group[i - 1];
    if (groups < 0 || groups > ng) return prune__fail(err, PRUNE_EARG, "group baseline: %lld groups of the %lld there are", (long long)groups, (long long)ng);
    /* one member per group stands for it: a score file of the groups */
    if ((rc = prune_scores_init(&g, s->runs, s->epochs, s->total_runs, ng ? ng : 1, err)) != PRUNE_OK) return rc;
    first = (int64_t *)PRUNE_MALLOC(sizeof(int64_t) * (size_t)(ng + 1), NULL);
    sel = (int64_t *)PRUNE_MALLOC(sizeof(int64_t) * (size_t)(ng + 1), NULL);
    if (!first || !sel) { rc = prune__fail(err, PRUNE_ENOMEM, "group baseline: out of memory"); goto done; }
    for (i = 0, k = 0; i < s->n; i++) if (i == 0 || group[i] != group[i - 1]) first[k++] = i;
    first[ng] = s->n;
    g.n = ng; g.classes = s->classes;
    for (k = 0; k < ng; k++) g.labels[k] = s->labels[first[k]];
    for (r = 0; r < s->runs; r++) {
        g.run_ids[r] = s->run_ids[r]; g.done[r] = s->done[r];
        for (e = 0; e < s->epochs; e++)
            for (k = 0; k < ng; k++) {
                size_t to = PRUNE__REC(&g, r, e, k), from = PRUNE__REC(s, r, e, first[k]);
                g.correct[to] = s->correct[from]; g.pred[to] = s->pred[from]; g.gold_prob[to] = s->gold_prob[from];
                g.loss[to] = s->loss[from]; g.el2n[to] = s->el2n[from];
            }
    }
    if ((rc = prune_baseline(&g, kind, groups, seed, sel, err)) != PRUNE_OK) goto done;
    for (k = 0; k < groups; k++)   /* the chosen groups' members; sel ascends, so out does */
        for (i = first[sel[k]]; i < first[sel[k] + 1]; i++) out[m++] = i;
    *n_out = m;
done:
    PRUNE_FREE(first, NULL);
    PRUNE_FREE(sel, NULL);
    prune_scores_free(&g);
    return rc;
}

/* ---- metrics ---- */

PRUNEDEF void prune_metrics_compute(const int32_t *pred, const int32_t *gold, int64_t n, int classes, prune_metrics *m) {
    int64_t i, correct = 0;
    int k, present = 0;
    double f1 = 0, s = (double)n, tp_sum = 0, t2 = 0, p2 = 0, cov, den;
    if (!m) return;
    memset(m, 0, sizeof *m);
    if (!pred || !gold) return;
    m->n = n;
    if (n <= 0) return;
    for (i = 0; i < n; i++) correct += pred[i] == gold[i];
    for (k = 0; k < classes; k++) {
        double tp = 0, t = 0, p = 0;   /* true positives, gold k, predicted k */
        for (i = 0; i < n; i++) { t += gold[i] == k; p += pred[i] == k; tp += gold[i] == k && pred[i] == k; }
        if (t > 0 || p > 0) { f1 += 2 * tp / (t + p); present++; }   /* as scikit-learn: classes seen in either */
        tp_sum += t * p; t2 += t * t; p2 += p * p;
    }
    m->accuracy = (double)correct / s;
    m->macro_f1 = present ? f1 / present : 0;
    /* R_K = (c·s - Σ t_k p_k) / sqrt((s² - Σ p_k²)(s² - Σ t_k²)) */
    cov = (double)correct * s - tp_sum;
    den = sqrt((s * s - p2) * (s * s - t2));
    m->mcc = den > 0 ? cov / den : 0;
}

/* ---- What a forward pass said about each example ----------------------------------
   An example is what the method scores: a sequence (CLASSIFY, SPAN) or a question
   with its options (CHOICE). Its "class", for the health checks and the class mixes:
   the class itself; the option (A, B, C, ...: a run that always answers B has not
   learned); for SPAN, 1 when the answer is "none" (start = end = 0), else 0. */
typedef struct prune__outcome {
    int pred, gold;          /* predicted and gold class, as above                        */
    int correct;             /* CLASSIFY, CHOICE: pred == gold; SPAN: the arg-max start
                                and the arg-max end both equal the gold ones (the authors') */
    double gold_prob;        /* p(gold) (SPAN: p(start) · p(end))                         */
    double loss;             /* the example's cross-entropy                               */
    double el2n;             /* ‖p - onehot(gold)‖₂ (SPAN: over the start and the end
                                distributions together)                                   */
} prune__outcome;

/* options per example (a dataset the caller filled may leave choices 0) */
static int prune__choices(const prune_dataset *ds) { return ds->choices > 1 && ds->len_b ? ds->choices : 1; }

/* classes an example's outcome has for model m on dataset ds (see above) */
static int prune__classes(const prune_model *m, const prune_dataset *ds) {
    int head = m->desc.config.head;
    return head == PRUNE_HEAD_CHOICE ? (ds ? prune__choices(ds) : m->choices) : head == PRUNE_HEAD_SPAN ? 2 : m->desc.config.labels;
}

/* the outcome of example b of the last forward; labels: that batch's (CLASSIFY,
   CHOICE: [examples]; SPAN: [B, 2]) */
static void prune__outcome_of(const prune_model *m, const int32_t *labels, int b, prune__outcome *o) {
    int c;
    double d2 = 0;
    if (m->desc.config.head == PRUNE_HEAD_SPAN) {
        int T = m->T, n = m->lens[b], s, t, best[2];
        for (s = 0; s < 2; s++) {
            const prune_float *z = m->logits + (size_t)(2 * b + s) * T, *p = m->probs + (size_t)(2 * b + s) * T;
            best[s] = 0;
            for (t = 1; t < n; t++) if (z[t] > z[best[s]]) best[s] = t;
            for (t = 0; t < n; t++) { double q = (double)p[t] - (t == labels[2 * b + s]); d2 += q * q; }
        }
        o->pred = best[0] == 0 && best[1] == 0;
        o->gold = labels[2 * b] == 0 && labels[2 * b + 1] == 0;
        o->correct = best[0] == labels[2 * b] && best[1] == labels[2 * b + 1];
        o->gold_prob = (double)m->probs[(size_t)(2 * b) * T + labels[2 * b]] * (double)m->probs[(size_t)(2 * b + 1) * T + labels[2 * b + 1]];
    } else {
        int K = m->desc.config.labels * m->choices;   /* classes, or the question's options */
        const prune_float *z = m->logits + (size_t)b * K, *p = m->probs + (size_t)b * K;
        o->pred = 0;
        for (c = 1; c < K; c++) if (z[c] > z[o->pred]) o->pred = c;
        for (c = 0; c < K; c++) { double q = (double)p[c] - (c == labels[b]); d2 += q * q; }
        o->gold = labels[b];
        o->correct = o->pred == o->gold;
        o->gold_prob = p[o->gold];
    }
    o->loss = m->ex_loss[b];
    o->el2n = sqrt(d2);
}

/* ---- The fine-tuning loop: phase 1 (records) and phase 2 (a subset) ----------------
   One loop serves both phases: epochs over a shuffled (or length-bucketed) order,
   batches, prune_train_step, and, in phase 1, the records of each step. Resuming
   after a crash (score file + state file) is prune__finetune_resume in Part B. */
/* eval-mode passes over every example of ds (m, bt, ds checked by the caller):
   predicted classes, probabilities, the summed loss */
static int prune__predict(prune_model *m, prune_batcher *bt, const prune_dataset *ds, int32_t *pred, float *probs,
                          double *loss, prune_error *err) {
    int64_t i, k, idx[1024];
    int K = m->desc.config.labels * prune__choices(ds), rc = PRUNE_OK, count = 0;
    *loss = 0;
    for (i = 0; i < ds->n && rc == PRUNE_OK; i += count) {
        const prune_batch *batch;
        int b, c;
        prune__outcome o;
        count = (int)PRUNE__MIN((int64_t)PRUNE__MIN(bt->max_batch / prune__choices(ds), 1024), ds->n - i);
        for (k = 0; k < count; k++) idx[k] = i + k;
        if ((rc = prune_batcher_fill(bt, ds, idx, count, &batch, err)) != PRUNE_OK) break;
        if ((rc = prune_forward(m, batch, 0, err)) != PRUNE_OK) break;
        for (b = 0; b < count; b++) {
            prune__outcome_of(m, batch->labels, b, &o);
            if (pred) pred[i + b] = o.pred;
            if (probs && m->desc.config.head != PRUNE_HEAD_SPAN)
                for (c = 0; c < K; c++) probs[(size_t)(i + b) * (size_t)K + (size_t)c] = (float)m->probs[b * K + c];
            *loss += o.loss;
        }
    }
    return rc;
}

PRUNEDEF int prune_predict(prune_model *m, prune_batcher *bt, const prune_dataset *ds, int32_t *pred, float *probs,
                           prune_metrics *out, prune_error *err) {
    int32_t *p = pred;
    double loss = 0;
    int rc = prune__model_ok(m, "predict", err);
    if (rc != PRUNE_OK) return rc;
    if (!bt || !ds) return prune__fail(err, PRUNE_EARG, "predict: the batcher or the dataset is NULL");
    if (!p && out && !(p = (int32_t *)PRUNE_MALLOC(sizeof(int32_t) * (size_t)ds->n + 1, NULL)))
        return prune__fail(err, PRUNE_ENOMEM, "predict: out of memory");
    if ((m->desc.config.head == PRUNE_HEAD_CHOICE) != (prune__choices(ds) > 1) || (m->desc.config.head == PRUNE_HEAD_SPAN) != (ds->spans != NULL))
        rc = prune__fail(err, PRUNE_EARG, "predict: the model's head does not fit the dataset (options, spans or classes)");
    else if (probs && m->desc.config.head == PRUNE_HEAD_SPAN)
        rc = prune__fail(err, PRUNE_EARG, "predict: a span model's probabilities are per token: use prune_predict_spans");
    else
        rc = prune__predict(m, bt, ds, p, probs, &loss, err);
    if (rc == PRUNE_OK && out) {
        prune_metrics_compute(p, ds->labels, ds->n, prune__classes(m, ds), out);
        out->loss = loss / (double)(ds->n ? ds->n : 1);
    }
    if (p != pred) PRUNE_FREE(p, NULL);
    return rc;
}

PRUNEDEF int prune_evaluate(prune_model *m, prune_batcher *bt, const prune_dataset *ds, int32_t *pred,
                            prune_metrics *out, prune_error *err) {
    return prune_predict(m, bt, ds, pred, NULL, out, err);
}


/* The record of one example in one training step of epoch e: was the prediction
   of the forward pass this step's gradient comes from right? (H needs only that
   bit.) Also what was predicted (the health checks), the gold label's probability
   and the loss (the baselines), and EL2N: ‖softmax(z) - onehot(y)‖₂. */
static void prune__record(prune_scores *rec, int e, int64_t ex, const prune__outcome *o) {
    size_t at = PRUNE__REC(rec, 0, e, ex);
    rec->correct[at] = (uint8_t)o->correct;
    rec->pred[at] = rec->classes ? (uint8_t)o->pred : PRUNE_PRED_NONE;
    rec->gold_prob[at] = (float)o->gold_prob;
    rec->loss[at] = (float)o->loss;
    rec->el2n[at] = (float)o->el2n;
}

/* EL2N at the end of epoch 1, as Paul et al. define it: the finished epoch's
   model, eval mode, every example (before the epoch's block goes to disk) */
static int prune__el2n_pass(prune_model *m, prune_batcher *bt, const prune_dataset *ds, int batch, prune_scores *rec,
                            prune_error *err) {
    int64_t first, idx[1024];
    int rc = PRUNE_OK;
    for (first = 0; first < ds->n && rc == PRUNE_OK; first += batch) {
        int count = (int)PRUNE__MIN((int64_t)PRUNE__MIN(batch, 1024), ds->n - first), b;
        const prune_batch *bb;
        prune__outcome o;
        for (b = 0; b < count; b++) idx[b] = first + b;
        if ((rc = prune_batcher_fill(bt, ds, idx, count, &bb, err)) != PRUNE_OK) break;
        if ((rc = prune_forward(m, bb, 0, err)) != PRUNE_OK) break;
        for (b = 0; b < count; b++) {
            prune__outcome_of(m, bb->labels, b, &o);
            rec->el2n[PRUNE__REC(rec, 0, 0, first + b)] = (float)o.el2n;
        }
    }
    return rc;
}

static int prune__finetune(prune_model *m, const prune_finetune_desc *d, prune_error *err);
PRUNEDEF int prune_finetune(prune_model *m, const prune_finetune_desc *d, prune_error *err) {
    int rc = prune__model_ok(m, "finetune", err);
    if (rc != PRUNE_OK) return rc;
    if (!d || !d->train) return prune__fail(err, PRUNE_EARG, "finetune: %s is NULL", d ? "the training set (d->train)" : "the descriptor");
    if (d->epochs < 0 || d->batch < 0 || d->max_len < 0 || d->subset_n < 0 || (d->subset && d->subset_n == 0))
        return prune__fail(err, PRUNE_EARG, "finetune: epochs %d, batch %d, max_len %d, subset of %lld: negative, or an empty subset",
                           d->epochs, d->batch, d->max_len, (long long)d->subset_n);
    if (d->order != PRUNE_ORDER_RANDOM && d->order != PRUNE_ORDER_BUCKETED && d->order != PRUNE_ORDER_SEQUENTIAL)
        return prune__fail(err, PRUNE_EARG, "finetune: unknown order %d", d->order);
    return prune__finetune(m, d, err);
}

static int prune__finetune(prune_model *m, const prune_finetune_desc *d, prune_error *err) {
    const prune_dataset *ds = d->train;
    prune_scores *rec = d->records;
    prune_optim o = d->optim;
    prune_batcher bt;
    int64_t n = d->subset ? d->subset_n : ds->n, steps_per_epoch, step, *order = NULL;
    int epochs = d->epochs ? d->epochs : 3, batch = d->batch ? d->batch : 32, max_len = d->max_len ? d->max_len : 128;
    int kind = d->order, epoch0 = 0, e, K = prune__classes(m, ds), rc, resume = d->scores_path && d->state_path;
    uint64_t data_hash = prune_dataset_hash(ds);
    double t0 = prune__now();
    int64_t trained = 0;

    if (o.lr == 0 && o.beta1 == 0 && o.beta2 == 0 && o.eps == 0 && o.weight_decay == 0 && o.clip_norm == 0 && o.warmup_steps == 0 &&
        o.total_steps == 0)
        o = prune_optim_defaults();   /* a zeroed descriptor means the defaults, not lr 0 */
    if ((rc = prune__finetune_check(m, d, &o, epochs, batch, max_len, n, err)) != PRUNE_OK) return rc;
    if (rec && rec->config_hash == 0)   /* the caller gave no fingerprint: what the library sees */
        rec->config_hash = prune_phase1_fingerprint(&m->desc.config, 0, 0, rec->total_runs, d, "model");
    steps_per_epoch = (n + batch - 1) / batch;
    if (o.total_steps <= 0) o.total_steps = steps_per_epoch * epochs;
    if (o.warmup_steps <= 0 && d->warmup_ratio > 0) o.warmup_steps = (long)(d->warmup_ratio * (double)o.total_steps);
    if (rec) {   /* the gold labels go into the file, so its health can be read from it alone */
        int64_t i;
        rec->data_hash = data_hash; rec->run_ids[0] = d->run; rec->done[0] = 0;
        rec->classes = K <= PRUNE_MAX_CLASSES ? K : 0;
        for (i = 0; i < n; i++) rec->labels[i] = rec->classes ? (uint8_t)ds->labels[d->subset ? d->subset[i] : i] : 0;
    }

    /* ---- resume: what a killed run finished is kept (prune__finetune_resume, [B11]) */
    if (resume) {
        if ((rc = prune__finetune_resume(m, d, rec, data_hash, epochs, &epoch0, err)) != PRUNE_OK) return rc;
        if (epoch0 == epochs) return PRUNE_OK;
    } else if (d->scores_path && (rc = prune_scores_save(rec, d->scores_path, err)) != PRUNE_OK) {
        return rc;
    }

    if ((rc = prune_batcher_init(&bt, batch * prune__choices(ds), max_len, d->cls_id, d->sep_id, d->pad_id, err)) != PRUNE_OK) return rc;
    bt.pair_style = d->pair_style;
    if (!(order = (int64_t *)PRUNE_MALLOC(sizeof(int64_t) * (size_t)n, NULL))) {
        prune_batcher_free(&bt);
        return prune__fail(err, PRUNE_ENOMEM, "finetune: out of memory for an order of %lld", (long long)n);
    }
    for (e = epoch0; e < epochs && rc == PRUNE_OK; e++) {
        double loss_sum = 0;
        /* one permutation per run, reused each epoch (the authors' code), or a new one */
        rc = prune__order_of(ds, d->subset, n, kind, d->reshuffle ? prune__mix(d->seed + (uint64_t)e) : d->seed, batch, max_len, order, err);
        for (step = 0; step < steps_per_epoch && rc == PRUNE_OK; step++) {
            int count = (int)PRUNE__MIN((int64_t)batch, n - step * batch), b;
            const prune_batch *bb;
            prune_step_stats st;
            if ((rc = prune_batcher_fill(&bt, ds, order + step * batch, count, &bb, err)) != PRUNE_OK) break;
            if ((rc = prune_train_step(m, bb, &o, &st, err)) != PRUNE_OK) break;
            loss_sum += st.loss;
            trained += count;
            /* THE RECORDS: this step's own forward pass, before its update */
            if (rec)
                for (b = 0; b < count; b++) {
                    int64_t ex = order[step * batch + b];
                    prune__outcome o;
                    if (d->subset) ex = (const int64_t *)bsearch(&ex, d->subset, (size_t)n, sizeof ex, prune__i64_cmp) - d->subset;
                    prune__outcome_of(m, bb->labels, b, &o);
                    prune__record(rec, e, ex, &o);
                }
            if (d->progress) prune__progress(d, e, epochs, (int64_t)e * steps_per_epoch + step + 1, (int64_t)epochs * steps_per_epoch,
                                             (double)((e - epoch0) * steps_per_epoch + step + 1), loss_sum / (double)(step + 1),
                                             trained, t0);
        }
        if (rc != PRUNE_OK) break;
        /* EL2N at the end of epoch 1, as Paul et al. define it: the finished epoch's
           model, eval mode, every example (before the block goes to disk) */
        if (rec && d->el2n_pass && e == 0 && (rc = prune__el2n_pass(m, &bt, ds, batch, rec, err)) != PRUNE_OK) break;
        /* the epoch is finished: its records on disk first, then the state after it */
        if (rec) rec->done[0] = e + 1;
        if (d->scores_path && (rc = prune__sc_append(rec, 0, e, d->scores_path, err)) != PRUNE_OK) break;
        if (resume && e + 1 < epochs) rc = prune__finetune_save_state(m, d, rec, data_hash, e + 1, err);
        if (rc == PRUNE_OK && d->epoch_end) {
            prune_epoch_health eh;
            int have = rec && prune_epoch_health_compute(rec, 0, e, NULL, 0, &eh, NULL) == PRUNE_OK;
            if (d->epoch_end(d->user, e, have ? &eh : NULL) && e + 1 < epochs)
                rc = prune__fail(err, PRUNE_ESTOPPED, "finetune: stopped after epoch %d of %d by the caller%s", e + 1, epochs,
                                 resume ? " (the same call resumes it)" : "");
        }
    }
    if (rc == PRUNE_OK && resume) remove(d->state_path);   /* finished: the score file says so */
    PRUNE_FREE(order, NULL);
    prune_batcher_free(&bt);
    return rc;
}

/* ============================================================================
   [A2 model] The model: a BERT encoder (or OPT's decoder) with a head for
   classification, multiple choice or extractive QA, in scalar C

   One training step, in the order a reader follows it:
     token ids -> prune__embedding_forward -> prune__layernorm_forward -> dropout
     -> L layers of: qkv linear, prune__attention_forward, output linear, dropout
        + residual, LayerNorm, linear, GELU, linear, dropout + residual, LayerNorm
     -> the head: pooler (linear + tanh), dropout, classifier linear
     -> prune__crossentropy_forward                          (prune__forward)
     -> every step back, bottom to top                       (prune__backward)
     -> the gradient norm, clipping, prune__adamw            (prune_train_step)
   OPT (config.arch = PRUNE_ARCH_OPT) is the same machine with other choices, each an
   `if (opt)` or `if (pre)` in those two functions: no embedding LayerNorm, dropout or
   token types (project_in when the embeddings are narrower); a causal mask in the
   attention; ReLU for GELU; pre-LN layers (LayerNorm before attention and FFN, a
   final one at the end) or BERT's post-LN; and a bias-free score layer on each
   example's last token instead of the pooler on the first. Read BERT first.
   The other tasks change only the head (config.head). Multiple choice: each option
   of a question is a sequence of the batch; the pooled head gives it one logit, and
   the cross-entropy runs over a question's options. Extractive QA: the last layer
   keeps every token (no one-row shortcut), a linear layer gives each token a start
   and an end logit, and the loss is the mean of the start's and the end's
   cross-entropy over the sequence's tokens (prune__span_crossentropy_forward).
   Each layer is a forward/backward pair with plain arguments in one order:
   outputs, cached statistics, inputs and weights, then sizes. Forward caches
   exactly what backward needs; backward *accumulates* (+=) into parameter
   gradients, so there is one zero_grad per step.

   Shapes: B batch, T padded length, C hidden, NH heads, hs = C/NH, F FFN width,
   K labels, N = B*T rows of token vectors, L layers.
   ========================================================================= */

/* ---- Configuration and the optimiser's settings ---- */

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
    if (c->ffn == 0) c->ffn = c->hidden > 0 && c->hidden <= (1 << 20) ? 4 * c->hidden : -1;   /* no overflow before the checks */
    if (c->max_pos == 0) c->max_pos = 512;
    if (c->type_vocab == 0) c->type_vocab = c->arch == PRUNE_ARCH_OPT ? 1 : 2;
    if (c->labels == 0) c->labels = c->head == PRUNE_HEAD_CHOICE ? 1 : 2;
    if (c->embed_dim == 0 || c->arch == PRUNE_ARCH_BERT) c->embed_dim = c->hidden;
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
    if (c->arch != PRUNE_ARCH_BERT && c->arch != PRUNE_ARCH_OPT)
        return prune__fail(err, PRUNE_EARG, "config: arch %d is neither PRUNE_ARCH_BERT (0) nor PRUNE_ARCH_OPT (1)", c->arch);
    if (c->embed_dim < 1 || c->embed_dim > (1 << 20))
        return prune__fail(err, PRUNE_EARG, "config: embed_dim %d is outside 1..%d", c->embed_dim, 1 << 20);
    if (c->arch == PRUNE_ARCH_BERT && c->pre_ln)
        return prune__fail(err, PRUNE_EARG, "config: pre_ln is OPT's (arch PRUNE_ARCH_OPT); BERT's layers normalise after");
    if (c->arch == PRUNE_ARCH_OPT && (c->type_vocab != 1 || c->head_dropout_in))
        return prune__fail(err, PRUNE_EARG, "config: OPT has no token types (type_vocab 1) and no dropout inside its score head (head_dropout_in 0)");
    if (c->head != PRUNE_HEAD_CLASSIFY && c->head != PRUNE_HEAD_CHOICE && c->head != PRUNE_HEAD_SPAN)
        return prune__fail(err, PRUNE_EARG, "config: head %d is not PRUNE_HEAD_CLASSIFY (0), _CHOICE (1) or _SPAN (2)", c->head);
    if (c->head == PRUNE_HEAD_CHOICE && c->arch == PRUNE_ARCH_OPT)
        return prune__fail(err, PRUNE_EARG, "config: OPT has no multiple-choice head (transformers has no OPTForMultipleChoice)");
    if (c->head != PRUNE_HEAD_CLASSIFY && c->labels != (c->head == PRUNE_HEAD_CHOICE ? 1 : 2))
        return prune__fail(err, PRUNE_EARG, "config: the %s head has %d outputs (labels), not %d", c->head == PRUNE_HEAD_CHOICE ? "multiple-choice" : "span",
                           c->head == PRUNE_HEAD_CHOICE ? 1 : 2, c->labels);
    if (c->head != PRUNE_HEAD_CLASSIFY && c->head_dropout_in)
        return prune__fail(err, PRUNE_EARG, "config: head_dropout_in is RoBERTa's classification head's; its multiple-choice and span heads have none");
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
    if (!o) return 0;
    if (step < o->warmup_steps) return o->lr * (double)step / (double)PRUNE__MAX(1, o->warmup_steps);
    if (o->total_steps <= 0) return o->lr;
    return o->lr * PRUNE__MAX(0.0, (double)(o->total_steps - step) / (double)PRUNE__MAX(1, o->total_steps - o->warmup_steps));
}

/* ---- Parameters and activations ---- */


static const char *const prune__tensor_names[PRUNE_NTENSORS] = {
    "wte", "wpe", "wtt", "embln_w", "embln_b", "qkvw", "qkvb", "attprojw", "attprojb",
    "ln1w", "ln1b", "fcw", "fcb", "fcprojw", "fcprojb", "ln2w", "ln2b",
    "poolw", "poolb", "clsw", "clsb", "projin", "projout", "lnfw", "lnfb"};

PRUNEDEF int prune_tensor_find(const char *name) {
    int i;
    for (i = 0; name && i < PRUNE_NTENSORS; i++)
        if (strcmp(name, prune__tensor_names[i]) == 0) return i;
    return -1;
}

PRUNEDEF prune_float *prune_tensor(prune_model *m, prune_float *base, int t) {
    if (!m || !base) return NULL;
    PRUNE_ASSERT(t >= 0 && t < PRUNE_NTENSORS);
    return base + m->tensors[t].offset;
}

/* Fill the table (shapes, offsets, decay) from a resolved config. */
static size_t prune__tensor_table(prune_tensor_info *t, const prune_config *c, int *bad) {
    int L = c->layers, C = c->hidden, F = c->ffn, E = c->embed_dim, i;
    int bert = c->arch == PRUNE_ARCH_BERT, opt = !bert, proj = opt && E != C, span = c->head == PRUNE_HEAD_SPAN;
    int pool = bert && !span, bias = bert || span;   /* the span head reads every token: no pooler */
    /* shape of each tensor: {ndim, d0, d1, d2}; L-stacked ones lead with L. A tensor
       the architecture lacks has a 0 in its shape: size 0, and no place in any file. */
    int shapes[PRUNE_NTENSORS][4];
    size_t off = 0;
    int s[PRUNE_NTENSORS][4] = {
        {2, c->vocab_size, E, 0}, {2, c->max_pos, C, 0}, {2, bert * c->type_vocab, C, 0},
        {1, bert * C, 0, 0}, {1, bert * C, 0, 0},
        {3, L, 3 * C, C}, {2, L, 3 * C, 0}, {3, L, C, C}, {2, L, C, 0},
        {2, L, C, 0}, {2, L, C, 0}, {3, L, F, C}, {2, L, F, 0}, {3, L, C, F}, {2, L, C, 0},
        {2, L, C, 0}, {2, L, C, 0}, {2, pool * C, C, 0}, {1, pool * C, 0, 0}, {2, c->labels, E, 0}, {1, bias * c->labels, 0, 0},
        {2, proj * C, E, 0}, {2, proj * E, C, 0}, {1, opt * c->pre_ln * C, 0, 0}, {1, opt * c->pre_ln * C, 0, 0}};
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
                     i == PRUNE_CLSW || i == PRUNE_PROJIN || i == PRUNE_PROJOUT;
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
    PRUNE__R_POOLED_D, PRUNE__R_LOGITS, PRUNE__R_PROBS, PRUNE__R_EXLOSS, PRUNE__R_CLS_D,
    /* OPT's: word embeddings before project_in, each pre-LN layer's normalised input,
       the final LayerNorm, project_out (empty where the model lacks them) */
    PRUNE__R_EMBE, PRUNE__R_XN, PRUNE__R_FIN, PRUNE__R_FIN_MEAN, PRUNE__R_FIN_RSTD, PRUNE__R_PROJ,
    /* the span head's [N, 2] outputs, token by token, before they become [B, 2, T] */
    PRUNE__R_SPAN,
    /* training only */
    PRUNE__R_DX, PRUNE__R_DH1, PRUNE__R_DTMP, PRUNE__R_DATTY, PRUNE__R_DQKV, PRUNE__R_DFCH,
    PRUNE__R_DPOOLED, PRUNE__R_DLOGITS, PRUNE__R_DEMBE, PRUNE__R_COUNT
};
typedef char prune__regions_fit[PRUNE__R_COUNT <= PRUNE__NREG ? 1 : -1];   /* prune_model.region has room */

/* per-slot elements of every region for batch shape (B, T), and slot counts */
static void prune__regions(const prune_config *c, size_t B, size_t T, int training,
                           size_t per[PRUNE__R_COUNT], size_t slots[PRUNE__R_COUNT], int *bad) {
    size_t N = prune__mul(B, T, bad), C = (size_t)c->hidden, F = (size_t)c->ffn, K = (size_t)c->labels;
    size_t NC = prune__mul(N, C, bad), L = (size_t)c->layers, E = (size_t)c->embed_dim;
    int r, opt = c->arch == PRUNE_ARCH_OPT, proj = opt && c->embed_dim != c->hidden, pre = opt && c->pre_ln;
    int span = c->head == PRUNE_HEAD_SPAN;
    size_t H = span ? N : B;   /* rows the head reads: every token (span), or one per sequence */
    per[PRUNE__R_EMB] = NC; per[PRUNE__R_EMB_MEAN] = N; per[PRUNE__R_EMB_RSTD] = N;
    per[PRUNE__R_X] = NC; per[PRUNE__R_QKV] = prune__mul(NC, 3, bad);
    per[PRUNE__R_ATT] = prune__mul(prune__mul(prune__mul(B, (size_t)c->heads, bad), T, bad), T, bad);
    per[PRUNE__R_ATTY] = NC; per[PRUNE__R_RES1] = NC; per[PRUNE__R_LN1_MEAN] = N; per[PRUNE__R_LN1_RSTD] = N;
    per[PRUNE__R_H1] = NC; per[PRUNE__R_FCH] = prune__mul(N, F, bad); per[PRUNE__R_FCHG] = per[PRUNE__R_FCH];
    per[PRUNE__R_RES2] = NC; per[PRUNE__R_LN2_MEAN] = N; per[PRUNE__R_LN2_RSTD] = N;
    per[PRUNE__R_POOLED] = span ? 0 : prune__mul(B, C, bad); per[PRUNE__R_POOLED_D] = per[PRUNE__R_POOLED];
    per[PRUNE__R_LOGITS] = prune__mul(H, K, bad); per[PRUNE__R_PROBS] = per[PRUNE__R_LOGITS];   /* SPAN: [B, 2, T] */
    per[PRUNE__R_SPAN] = span ? prune__mul(N, 2, bad) : 0;
    per[PRUNE__R_EXLOSS] = B;
    per[PRUNE__R_CLS_D] = c->head_dropout_in ? prune__mul(B, C, bad) : 0;
    per[PRUNE__R_EMBE] = proj ? prune__mul(N, E, bad) : 0;
    per[PRUNE__R_XN] = pre ? NC : 0;
    per[PRUNE__R_FIN] = pre ? prune__mul(H, C, bad) : 0;
    per[PRUNE__R_FIN_MEAN] = per[PRUNE__R_FIN_RSTD] = pre ? H : 0;
    per[PRUNE__R_PROJ] = proj ? prune__mul(H, E, bad) : 0;
    per[PRUNE__R_DEMBE] = per[PRUNE__R_EMBE];
    per[PRUNE__R_DX] = NC; per[PRUNE__R_DH1] = NC; per[PRUNE__R_DTMP] = NC; per[PRUNE__R_DATTY] = NC;
    per[PRUNE__R_DQKV] = per[PRUNE__R_QKV]; per[PRUNE__R_DFCH] = per[PRUNE__R_FCH];
    per[PRUNE__R_DPOOLED] = prune__mul(H, PRUNE__MAX(C, E), bad); per[PRUNE__R_DLOGITS] = per[PRUNE__R_LOGITS];
    for (r = 0; r < PRUNE__R_COUNT; r++) slots[r] = 1;
    for (r = PRUNE__R_QKV; r <= PRUNE__R_LN2_RSTD; r++) slots[r] = training ? L : 1;
    slots[PRUNE__R_X] = training ? L + 1 : 2;
    slots[PRUNE__R_XN] = training ? L : 1;
    for (r = PRUNE__R_DX; r < PRUNE__R_COUNT; r++) slots[r] = training ? 1 : 0;
}

/* Columns per block of a column sum (LayerNorm's and the biases' gradients): a
   block reads each row once; the pool cuts columns in the same blocks. */
#define PRUNE__COLS 32

/* ---- Random numbers and dropout ------------------------------------------------
   Counter-based: every draw is a pure function of (seed, stream, index), so no
   thread ever waits for another's RNG state and the thread count changes nothing. */

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

/* Dropout keeps element i of a tensor when 24 random bits of hash(key + i) are
   >= p * 2^24, and scales what it keeps by 1/(1-p). The same (key, i) gives the
   same mask in forward and backward, so backward needs no stored mask. */
typedef struct prune__drop {
    uint64_t key;
    uint32_t thresh;      /* 0: keep everything (eval mode or p = 0) */
    prune_float scale;    /* 1 / (1 - p): keeps the expected value unchanged */
    int simd;             /* the SIMD rule below: 1 when the model's kernel is avx512 */
} prune__drop;

static prune__drop prune__drop_make(double p, int train, uint64_t seed, uint64_t step, uint64_t site, int simd) {
    prune__drop d;
    d.key = prune__key(seed, step, site);
    d.thresh = (train && p > 0) ? (uint32_t)(p * 16777216.0) : 0;
    d.scale = (prune_float)(d.thresh ? 1.0 / (1.0 - p) : 1.0);
    d.simd = simd;
    return d;
}

static int prune__kept(const prune__drop *d, uint64_t i) {
    return (uint32_t)(prune__mix(d->key + i) >> 40) >= d->thresh;
}

/* out[i] = (resid ? resid[i] : 0) + dropout(in)[i] for the n elements of a tensor
   that start at element `base`; out may be in (or resid). Dropout's backward is
   the same call on the gradient: the kept elements pass, scaled, the rest get 0. */
static void prune__dropout(const prune__drop *d, uint64_t base, size_t n, prune_float *out,
                           const prune_float *in, const prune_float *resid) {
    size_t i;
    if (!d->thresh) {
        if (resid) for (i = 0; i < n; i++) out[i] = resid[i] + in[i];
        else if (out != in) memcpy(out, in, sizeof(prune_float) * n);
        return;
    }
    for (i = prune__dropout_simd(d, base, n, out, in, resid); i < n; i++) {
        prune_float v = prune__kept(d, base + i) ? in[i] * d->scale : 0;
        out[i] = resid ? resid[i] + v : v;
    }
}

/* ---- Embeddings ------------------------------------------------------------------
   emb[b,t] = wte[ids[b,t]] + wpe[t + pos_offset] + wtt[types[b,t]]
   emb [B,T,C]; ids, types [B,T] (types NULL: all 0). A NULL table adds nothing (OPT
   has no token types), and with wte NULL the rest is added to what emb holds (OPT's
   project_in output). */
static void prune__embedding_forward(prune_float *emb, const int32_t *ids, const int32_t *types,
                                     const prune_float *wte, const prune_float *wpe, const prune_float *wtt,
                                     int B, int T, int C, int pos_offset) {
    int b, t, i;
    for (b = 0; b < B; b++)
        for (t = 0; t < T; t++) {
            size_t r = (size_t)b * T + t;
            prune_float *e = emb + r * C;
            if (wte) memcpy(e, wte + (size_t)ids[r] * C, sizeof(prune_float) * (size_t)C);
            if (wpe) { const prune_float *pe = wpe + (size_t)(t + pos_offset) * C; for (i = 0; i < C; i++) e[i] += pe[i]; }
            if (wtt) { const prune_float *te = wtt + (size_t)(types ? types[r] : 0) * C; for (i = 0; i < C; i++) e[i] += te[i]; }
        }
}

/* Scatter the gradient of emb back into the rows it was gathered from, for
   columns c0..c1-1, tokens in order: a repeated id always sums the same way.
   A NULL table's gradient is skipped. */
static void prune__embedding_backward(prune_float *dwte, prune_float *dwpe, prune_float *dwtt, const prune_float *demb,
                                      const int32_t *ids, const int32_t *types, int B, int T, int C, int pos_offset,
                                      int c0, int c1) {
    int b, t, i;
    for (b = 0; b < B; b++)
        for (t = 0; t < T; t++) {
            size_t r = (size_t)b * T + t;
            const prune_float *g = demb + r * C;
            if (dwte) { prune_float *we = dwte + (size_t)ids[r] * C; for (i = c0; i < c1; i++) we[i] += g[i]; }
            if (dwpe) { prune_float *pe = dwpe + (size_t)(t + pos_offset) * C; for (i = c0; i < c1; i++) pe[i] += g[i]; }
            if (dwtt) { prune_float *te = dwtt + (size_t)(types ? types[r] : 0) * C; for (i = c0; i < c1; i++) te[i] += g[i]; }
        }
}

/* ---- LayerNorm ----------------------------------------------------------------------
   out = (inp - mean)·rstd·w + b over each row of C, rstd = 1/sqrt(var + eps);
   out, inp [N,C]; mean, rstd [N] kept for backward. */
static void prune__layernorm_forward(prune_float *out, prune_float *mean, prune_float *rstd, const prune_float *inp,
                                     const prune_float *w, const prune_float *b, int N, int C, prune_float eps) {
    int r, c;
    for (r = 0; r < N; r++) {
        const prune_float *x = inp + (size_t)r * C;
        prune_float *o = out + (size_t)r * C, m = 0, v = 0, s;
        for (c = 0; c < C; c++) m += x[c];
        m /= C;
        /* two passes: the variance of (x - mean) loses nothing to cancellation */
        for (c = 0; c < C; c++) { prune_float d = x[c] - m; v += d * d; }
        v /= C;
        s = 1 / PRUNE__SQRT(v + eps);
        for (c = 0; c < C; c++) o[c] = (x[c] - m) * s * w[c] + b[c];
        mean[r] = m;
        rstd[r] = s;
    }
}

/* The input's gradient, rows independent (overwrites dinp):
   dinp = (dnorm - mean(dnorm) - xhat·mean(dnorm·xhat))·rstd, dnorm = dout·w,
   xhat = (inp - mean)·rstd. */
static void prune__layernorm_backward_input(prune_float *dinp, const prune_float *dout, const prune_float *inp,
                                            const prune_float *w, const prune_float *mean, const prune_float *rstd,
                                            int N, int C) {
    int r, i;
    for (r = 0; r < N; r++) {
        const prune_float *x = inp + (size_t)r * C, *g = dout + (size_t)r * C;
        prune_float *dx = dinp + (size_t)r * C, m = mean[r], s = rstd[r], gm = 0, gxm = 0;
        for (i = 0; i < C; i++) {
            prune_float dn = g[i] * w[i];
            gm += dn;
            gxm += dn * (x[i] - m) * s;
        }
        gm /= C;
        gxm /= C;
        for (i = 0; i < C; i++) dx[i] = (g[i] * w[i] - gm - (x[i] - m) * s * gxm) * s;
    }
}

/* The parameters' gradients, columns c0..c1-1: dw += Σ_rows dout·xhat, db += Σ_rows
   dout. Each column is summed from 0 in row order, then added: blocks of
   PRUNE__COLS columns read every row once and change no bit. */
static void prune__layernorm_backward_params(prune_float *dw, prune_float *db, const prune_float *dout,
                                             const prune_float *inp, const prune_float *mean, const prune_float *rstd,
                                             int N, int C, int c0, int c1) {
    prune_float sw[PRUNE__COLS], sb[PRUNE__COLS];
    int r, i, lo;
    for (lo = c0; lo < c1; lo += PRUNE__COLS) {
        int n = PRUNE__MIN(PRUNE__COLS, c1 - lo);
        for (i = 0; i < n; i++) sw[i] = sb[i] = 0;
        for (r = 0; r < N; r++) {
            const prune_float *x = inp + (size_t)r * C + lo, *g = dout + (size_t)r * C + lo;
            prune_float m = mean[r], s = rstd[r];
            for (i = 0; i < n; i++) { sw[i] += g[i] * (x[i] - m) * s; sb[i] += g[i]; }
        }
        for (i = 0; i < n; i++) { dw[lo + i] += sw[i]; db[lo + i] += sb[i]; }
    }
}

/* the pair's backward: both parts above (forward's rows, all columns) */
static PRUNE__MAYBE_UNUSED void prune__layernorm_backward(prune_float *dinp, prune_float *dw, prune_float *db,
                                                          const prune_float *dout, const prune_float *inp, const prune_float *w,
                                                          const prune_float *mean, const prune_float *rstd, int N, int C) {
    prune__layernorm_backward_input(dinp, dout, inp, w, mean, rstd, N, C);
    prune__layernorm_backward_params(dw, db, dout, inp, mean, rstd, N, C, 0, C);
}

/* ---- The linear layer: out = inp·Wᵀ + b --------------------------------------------
   inp [N,IC], W [OC,IC] (PyTorch's layout), out [N,OC]. Written as a student
   writes it; prune__matmul (Part B) computes the same products fast, in the same
   k order per element up to fused multiply-adds, and tests/test_gemm.c holds it to
   this within float rounding. */
static PRUNE__MAYBE_UNUSED void prune__matmul_reference(prune_float *out, const prune_float *inp, const prune_float *W,
                                                        const prune_float *b, int N, int IC, int OC) {
    int n, o, i;
    for (n = 0; n < N; n++)
        for (o = 0; o < OC; o++) {
            prune_float s = 0;
            for (i = 0; i < IC; i++) s += inp[(size_t)n * IC + i] * W[(size_t)o * IC + i];
            out[(size_t)n * OC + o] = (b ? b[o] : 0) + s;
        }
}

/* db += Σ_rows dout for columns c0..c1-1 (row stride ld), each summed from 0 in row
   order, then added */
static void prune__bias_backward(prune_float *db, const prune_float *dout, int N, int ld, int c0, int c1) {
    prune_float s[PRUNE__COLS];
    int r, j, lo;
    for (lo = c0; lo < c1; lo += PRUNE__COLS) {
        int n = PRUNE__MIN(PRUNE__COLS, c1 - lo);
        for (j = 0; j < n; j++) s[j] = 0;
        for (r = 0; r < N; r++) {
            const prune_float *g = dout + (size_t)r * ld + lo;
            if (n == PRUNE__COLS) for (j = 0; j < PRUNE__COLS; j++) s[j] += g[j];   /* fixed width: vectorizes */
            else for (j = 0; j < n; j++) s[j] += g[j];
        }
        for (j = 0; j < n; j++) db[lo + j] += s[j];
    }
}

/* Backward of out = inp·Wᵀ + b: dW += doutᵀ·inp, db += Σ dout (db may be NULL),
   dinp = dout·W (beta 0) or += (beta 1). */
static void prune__linear_backward(prune__pool *pool, prune_float *dinp, prune_float *dW, prune_float *db,
                                   const prune_float *dout, const prune_float *inp, const prune_float *W,
                                   int N, int IC, int OC, prune_float beta) {
    prune__matmul(pool, 1, 0, OC, IC, N, dout, OC, inp, IC, NULL, 1, dW, IC);
    if (db) prune__par_bias_backward(pool, db, dout, N, OC, OC);
    prune__matmul(pool, 0, 0, N, IC, OC, dout, OC, W, IC, NULL, beta, dinp, IC);
}

/* ---- GELU, the exact (erf) form BERT uses: x·Φ(x), Φ the standard normal CDF -------- */
static prune_float prune__gelu(prune_float x) {
    return (prune_float)0.5 * x * (1 + PRUNE__ERF(x * (prune_float)0.70710678118654752440));
}
/* d/dx x·Φ(x) = Φ(x) + x·φ(x) */
static prune_float prune__gelu_grad(prune_float x) {
    prune_float cdf = (prune_float)0.5 * (1 + PRUNE__ERF(x * (prune_float)0.70710678118654752440));
    prune_float pdf = (prune_float)0.39894228040143267794 * PRUNE__EXP((prune_float)-0.5 * x * x);
    return cdf + x * pdf;
}

/* out = gelu(inp) over n elements */
static void prune__gelu_forward(prune_float *out, const prune_float *inp, size_t n, int simd) {
    size_t i;
    for (i = prune__gelu_simd(out, inp, n, 0, simd); i < n; i++) out[i] = prune__gelu(inp[i]);
}

/* d holds dout on entry and dinp on return: d *= gelu'(inp) */
static void prune__gelu_backward(prune_float *d, const prune_float *inp, size_t n, int simd) {
    size_t i;
    for (i = prune__gelu_simd(d, inp, n, 1, simd); i < n; i++) d[i] *= prune__gelu_grad(inp[i]);
}

/* ---- ReLU, OPT's activation: max(x, 0) ----------------------------------------------- */
static void prune__relu_forward(prune_float *out, const prune_float *inp, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) out[i] = inp[i] > 0 ? inp[i] : 0;
}
/* d *= relu'(inp): 1 above 0, else 0 (PyTorch's choice at exactly 0) */
static void prune__relu_backward(prune_float *d, const prune_float *inp, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) d[i] = inp[i] > 0 ? d[i] : 0;
}

/* ---- tanh (the pooler) ------------------------------------------------------------ */
static void prune__tanh_forward(prune_float *x, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) x[i] = PRUNE__TANH(x[i]);
}
/* d *= 1 - out² (out = tanh(inp), kept from forward) */
static void prune__tanh_backward(prune_float *d, const prune_float *out, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) d[i] = d[i] * (1 - out[i] * out[i]);
}

/* ---- Attention, one example and one head ------------------------------------------
   q, k, v are this head's columns of the example's qkv rows [T, 3C]: q at qkv,
   k at qkv + C, v at qkv + 2C, hs = C/NH columns each, rows 3C apart. Keys at or
   past len are padding: their probability is exactly 0 (what adding -inf, or HF's
   finfo.min, to their scores gives), so only the first len keys are multiplied.
   causal (OPT, a decoder): query i also sees no key after itself, j <= i, the
   same exact 0 past that. Only the nq query rows from q0 on are computed (all T,
   or the one row of the last layer that goes on to the head). att [T,T] keeps the
   probabilities, query row q0 + i in its row i; y [nq, hs], rows C apart, is this
   head's share of the output. The products are Part B's prune__gemm (kern: the
   model's kernel; work: its scratch); tt has room for a T×T block. */
static void prune__attention_forward(prune_float *y, prune_float *att, const prune_float *qkv, int len, int T, int q0, int nq,
                                     int causal, int C, int hs, const prune__drop *drop, uint64_t drop_base,
                                     const prune__kernel *kern, prune_float *work, prune_float *tt) {
    const prune_float *q = qkv + (size_t)q0 * 3 * C, *k = qkv + C, *v = qkv + 2 * C, *p = att;
    prune_float *ad = tt, scale = 1 / PRUNE__SQRT((prune_float)hs);
    int i, j;
    /* scores s[i][j] = q_i·k_j for the valid keys */
    prune__gemm(kern, 0, 1, nq, len, hs, q, 3 * C, k, 3 * C, 0, att, T, work);
    for (i = 0; i < nq; i++) {
        prune_float *row = att + (size_t)i * T, mx, sum = 0, inv;
        int n = causal ? PRUNE__MIN(len, q0 + i + 1) : len;   /* the keys this query sees */
        for (j = 0; j < n; j++) row[j] *= scale;
        /* softmax: subtracting the row's max leaves it unchanged and keeps every
           exp() <= 1, so nothing overflows whatever the scores */
        mx = row[0];
        for (j = 1; j < n; j++) mx = PRUNE__MAX(mx, row[j]);
        for (j = 0; j < n; j++) { row[j] = PRUNE__EXP(row[j] - mx); sum += row[j]; }
        inv = 1 / sum;
        for (j = 0; j < n; j++) row[j] *= inv;
        for (j = n; j < T; j++) row[j] = 0;
    }
    if (drop->thresh) {   /* dropout on the probabilities: element base + (q0+i)*T + j */
        for (i = 0; i < nq; i++)
            prune__dropout(drop, drop_base + (size_t)(q0 + i) * T, (size_t)len, ad + (size_t)i * T, att + (size_t)i * T, NULL);
        p = ad;
    }
    /* y = dropout(att)·v */
    prune__gemm(kern, 0, 0, nq, hs, len, p, T, v, 3 * C, 0, y, C, work);
}

/* dqkv: this head's columns of the example's [T, 3C] gradient (overwritten); dy
   [nq, hs] rows C apart; tt has room for two T×T blocks. */
static void prune__attention_backward(prune_float *dqkv, const prune_float *dy, const prune_float *qkv, const prune_float *att,
                                      int len, int T, int q0, int nq, int C, int hs, const prune__drop *drop, uint64_t drop_base,
                                      const prune__kernel *kern, prune_float *work, prune_float *tt) {
    const prune_float *q = qkv + (size_t)q0 * 3 * C, *k = qkv + C, *v = qkv + 2 * C, *p = att;
    prune_float *dq = dqkv, *dk = dqkv + C, *dv = dqkv + 2 * C;
    prune_float *ad = tt, *ds = ad + (size_t)T * T, scale = 1 / PRUNE__SQRT((prune_float)hs);
    int i, j;
    if (drop->thresh) {
        for (i = 0; i < nq; i++)
            prune__dropout(drop, drop_base + (size_t)(q0 + i) * T, (size_t)len, ad + (size_t)i * T, att + (size_t)i * T, NULL);
        p = ad;
    }
    /* forward was y = p·v: dp = dy·vᵀ, dv = pᵀ·dy */
    prune__gemm(kern, 0, 1, nq, len, hs, dy, C, v, 3 * C, 0, ds, T, work);
    prune__gemm(kern, 1, 0, len, hs, nq, p, T, dy, C, 0, dv, 3 * C, work);
    for (i = len; i < T; i++) {  /* padded keys and values got nothing */
        memset(dk + (size_t)i * 3 * C, 0, sizeof(prune_float) * (size_t)hs);
        memset(dv + (size_t)i * 3 * C, 0, sizeof(prune_float) * (size_t)hs);
    }
    for (i = 0; i < T; i++)      /* queries that went nowhere */
        if (i < q0 || i >= q0 + nq) memset(dq + (size_t)i * 3 * C, 0, sizeof(prune_float) * (size_t)hs);
    /* back through dropout (same mask), then softmax: ds = a ⊙ (da - Σ_j a·da),
       then the 1/sqrt(hs) that scaled the scores (keys a query did not see have
       a = 0, so they get 0) */
    for (i = 0; i < nq; i++) {
        const prune_float *a = att + (size_t)i * T;
        prune_float *d = ds + (size_t)i * T, dot = 0;
        if (drop->thresh) prune__dropout(drop, drop_base + (size_t)(q0 + i) * T, (size_t)len, d, d, NULL);
        for (j = 0; j < len; j++) dot += a[j] * d[j];
        for (j = 0; j < len; j++) d[j] = a[j] * (d[j] - dot) * scale;
    }
    /* forward was s = q·kᵀ: dq = ds·k, dk = dsᵀ·q */
    prune__gemm(kern, 0, 0, nq, hs, len, ds, T, k, 3 * C, 0, dq + (size_t)q0 * 3 * C, 3 * C, work);
    prune__gemm(kern, 1, 0, len, hs, nq, ds, T, q, 3 * C, 0, dk, 3 * C, work);
}

/* ---- Softmax and cross-entropy, per example -----------------------------------------
   probs = softmax(logits) [B,K]; loss[b] = logsumexp(z) - z[label] (0 without labels).
   Returns the sum of the losses. */
static double prune__crossentropy_forward(prune_float *probs, prune_float *loss, const prune_float *logits,
                                          const int32_t *labels, int B, int K) {
    double total = 0;
    int i, k;
    for (i = 0; i < B; i++) {
        const prune_float *z = logits + (size_t)i * K;
        prune_float *p = probs + (size_t)i * K, mx = z[0], sum = 0;
        for (k = 1; k < K; k++) mx = PRUNE__MAX(mx, z[k]);
        for (k = 0; k < K; k++) { p[k] = PRUNE__EXP(z[k] - mx); sum += p[k]; }
        for (k = 0; k < K; k++) p[k] /= sum;
        loss[i] = labels ? mx + PRUNE__LOG(sum) - z[labels[i]] : 0;
        total += loss[i];
    }
    return total;
}

/* the mean loss over B examples: dlogits = (softmax(z) - onehot(label)) / B */
static void prune__crossentropy_backward(prune_float *dlogits, const prune_float *probs, const int32_t *labels, int B, int K) {
    int i, k;
    for (i = 0; i < B; i++)
        for (k = 0; k < K; k++)
            dlogits[i * K + k] = (probs[i * K + k] - (k == labels[i] ? 1 : 0)) / (prune_float)B;
}

/* The span head's loss, transformers' (start loss + end loss) / 2, each a
   cross-entropy over the sequence's tokens. One difference, on purpose: the softmax
   runs over the valid tokens only (t < len). transformers' runs over every position
   of the padded batch, which run_qa.py pads to 384, so there a padding token's
   logit takes part; with batches padded only to their longest sequence (as here)
   that would make an example's loss depend on the batch it is in. Padding gets
   probability 0 and no gradient. logits, probs: [B, 2, T]; labels [B, 2]. */
static double prune__span_crossentropy_forward(prune_float *probs, prune_float *loss, const prune_float *logits,
                                               const int32_t *labels, const int32_t *lens, int B, int T) {
    double total = 0;
    int b, s, t;
    for (b = 0; b < B; b++) {
        prune_float ex = 0;
        for (s = 0; s < 2; s++) {   /* 0: start, 1: end */
            const prune_float *z = logits + (size_t)(2 * b + s) * T;
            prune_float *p = probs + (size_t)(2 * b + s) * T, mx = z[0], sum = 0;
            for (t = 1; t < lens[b]; t++) mx = PRUNE__MAX(mx, z[t]);
            for (t = 0; t < lens[b]; t++) { p[t] = PRUNE__EXP(z[t] - mx); sum += p[t]; }
            for (t = 0; t < T; t++) p[t] = t < lens[b] ? p[t] / sum : 0;
            if (labels) ex += mx + PRUNE__LOG(sum) - z[labels[2 * b + s]];
        }
        loss[b] = ex / 2;
        total += loss[b];
    }
    return total;
}

/* its gradient for the mean over B, laid out as the head's [B*T, 2] output:
   d(start or end logit of token t) = (p_t - [t = gold]) / (2B), 0 on padding */
static void prune__span_crossentropy_backward(prune_float *d, const prune_float *probs, const int32_t *labels, const int32_t *lens,
                                              int B, int T) {
    int b, s, t;
    for (b = 0; b < B; b++)
        for (s = 0; s < 2; s++)
            for (t = 0; t < T; t++)
                d[((size_t)b * T + t) * 2 + s] = t < lens[b] ? (probs[(size_t)(2 * b + s) * T + t] - (t == labels[2 * b + s] ? 1 : 0)) / (prune_float)(2 * B) : 0;
}

/* ---- AdamW (torch.optim.AdamW), element by element --------------------------------- */
typedef struct prune__adamw_hp {
    prune_float scale;          /* gradient scale (clipping) */
    prune_float decay_keep;     /* 1 - lr·weight_decay, or 1 for tensors without decay */
    prune_float b1, b2, eps;
    prune_float step_size;      /* lr / (1 - beta1^t) */
    prune_float inv_bc2_sqrt;   /* 1 / sqrt(1 - beta2^t) */
} prune__adamw_hp;

static void prune__adamw(prune_float *p, const prune_float *g, prune_float *m, prune_float *v, size_t n,
                         const prune__adamw_hp *h, int simd) {
    size_t i;
    for (i = prune__adamw_simd(p, g, m, v, n, h, simd); i < n; i++) {
        prune_float gi = g[i] * h->scale;
        /* decoupled weight decay: shrink the weight itself, not the gradient */
        p[i] *= h->decay_keep;
        m[i] = h->b1 * m[i] + (1 - h->b1) * gi;
        v[i] = h->b2 * v[i] + (1 - h->b2) * gi * gi;
        /* the moments' bias corrections, folded into step_size and inv_bc2_sqrt */
        p[i] -= h->step_size * m[i] / (PRUNE__SQRT(v[i]) * h->inv_bc2_sqrt + h->eps);
    }
}

/* ---- The last layer's head rows -------------------------------------------------------
   Only one token per example of the last layer reaches the head (rows[b], the row
   b*T + t of [CLS] in BERT, of the last token in OPT), so after its key and value
   projections (which every query needs) the last layer runs on B rows, one per
   example, stored compactly. Dropout there keeps the element indices of the full
   [B*T, C] tensor (row rows[b]), so the masks are those of the full layer:
   out[b] = resid_row + dropout(in[b]), where resid_row is resid's row rows[b]
   (resid_full: a full [B*T, C] tensor) or row b (a compact one), or 0 (NULL). */
static void prune__dropout_rows(const prune__drop *d, const int32_t *rows, prune_float *out, const prune_float *in,
                                const prune_float *resid, int resid_full, int B, int C) {
    int b;
    for (b = 0; b < B; b++)
        prune__dropout(d, (uint64_t)rows[b] * (uint64_t)C, (size_t)C, out + (size_t)b * C, in + (size_t)b * C,
                       !resid ? NULL : resid + (size_t)(resid_full ? rows[b] : b) * C);
}

/* ---- Checks every entry point makes ---- */

static int prune__check_batch(const prune_model *m, const prune_batch *b, prune_error *err) {
    const prune_config *c = &m->desc.config;
    int i, t;
    if (!b || !b->ids || !b->lens) return prune__fail(err, PRUNE_EARG, "batch: NULL ids or lens");
    if (b->B < 1 || b->B > m->desc.max_batch)
        return prune__fail(err, PRUNE_EARG, "batch: B = %d is out of range 1..%d (max_batch)", b->B, m->desc.max_batch);
    if (b->T < 1 || b->T > m->desc.max_len)
        return prune__fail(err, PRUNE_EARG, "batch: T = %d is out of range 1..%d (max_len)", b->T, m->desc.max_len);
    if (c->head == PRUNE_HEAD_CHOICE && (b->choices < 1 || b->B % b->choices))   /* other heads ignore choices */
        return prune__fail(err, PRUNE_EARG, "batch: %d sequences are not a whole number of questions of %d options", b->B, b->choices);
    for (i = 0; i < b->B; i++) {
        if (b->lens[i] < 1 || b->lens[i] > b->T)
            return prune__fail(err, PRUNE_EARG, "batch: example %d has length %d, outside 1..%d", i, b->lens[i], b->T);
        if (b->labels && c->head == PRUNE_HEAD_CLASSIFY && (b->labels[i] < 0 || b->labels[i] >= c->labels))
            return prune__fail(err, PRUNE_EARG, "batch: example %d has label %d, outside 0..%d", i, b->labels[i], c->labels - 1);
        if (b->labels && c->head == PRUNE_HEAD_CHOICE && i % b->choices == 0 &&
            (b->labels[i / b->choices] < 0 || b->labels[i / b->choices] >= b->choices))
            return prune__fail(err, PRUNE_EARG, "batch: question %d has answer %d, outside 0..%d", i / b->choices, b->labels[i / b->choices],
                               b->choices - 1);
        if (b->labels && c->head == PRUNE_HEAD_SPAN &&
            (b->labels[2 * i] < 0 || b->labels[2 * i] >= b->lens[i] || b->labels[2 * i + 1] < 0 || b->labels[2 * i + 1] >= b->lens[i]))
            return prune__fail(err, PRUNE_EARG, "batch: example %d has the answer span %d..%d, outside its tokens 0..%d", i, b->labels[2 * i],
                               b->labels[2 * i + 1], b->lens[i] - 1);
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

/* a model a call can use: not NULL, and made by prune_model_create (a zeroed struct is not) */
static int prune__model_ok(const prune_model *m, const char *what, prune_error *err) {
    if (!m) return prune__fail(err, PRUNE_EARG, "%s: the model is NULL", what);
    if (!m->params) return prune__fail(err, PRUNE_ESTATE, "%s: the model was not created (prune_model_create)", what);
    return PRUNE_OK;
}

/* ---- Forward ------------------------------------------------------------------------- */

/* Dropout sites: each gets its own random stream per optimiser step. */
#define PRUNE__SITE_EMB 0u
#define PRUNE__SITE_ATT(l) (1u + 3u * (unsigned)(l))
#define PRUNE__SITE_ATTPROJ(l) (2u + 3u * (unsigned)(l))
#define PRUNE__SITE_FCPROJ(l) (3u + 3u * (unsigned)(l))
#define PRUNE__SITE_CLS(L) (1u + 3u * (unsigned)(L))
#define PRUNE__SITE_HEAD_IN(L) (2u + 3u * (unsigned)(L))

/* Pointers to every activation for the current batch shape (B, T). */
typedef struct prune__acts {
    size_t per[PRUNE__R_COUNT];
    prune_float *base[PRUNE__R_COUNT];
} prune__acts;

static void prune__acts_at(prune__acts *a, prune_model *m, int B, int T) {
    size_t slots[PRUNE__R_COUNT];
    int bad = 0, r;
    prune__regions(&m->desc.config, (size_t)B, (size_t)T, m->desc.training, a->per, slots, &bad);
    for (r = 0; r < PRUNE__R_COUNT; r++) a->base[r] = m->arena + m->region[r];
}
/* region r, slot s */
#define PRUNE__ACT(a, r, s) ((a)->base[r] + (size_t)(s) * (a)->per[r])
/* parameter tensor t of layer l (L-stacked tensors; l = 0 for the others), and its gradient */
#define PRUNE__W(m, t, l) (prune_tensor(m, (m)->params, t) + (size_t)(l) * ((m)->tensors[t].size / (size_t)(m)->desc.config.layers))
#define PRUNE__G(m, t, l) (prune_tensor(m, (m)->grads, t) + (size_t)(l) * ((m)->tensors[t].size / (size_t)(m)->desc.config.layers))

static int prune__forward(prune_model *m, const prune_batch *b, int train, prune_error *err) {
    const prune_config *cf = &m->desc.config;
    int B, T, N, C, F, K, L, NH, E, l, i, rc, tr = m->desc.training, simd = prune__simd(m->pool);
    int opt = cf->arch == PRUNE_ARCH_OPT, pre = opt && cf->pre_ln, proj = opt && cf->embed_dim != cf->hidden;
    int span = cf->head == PRUNE_HEAD_SPAN, NO = cf->head == PRUNE_HEAD_CHOICE ? b->choices : 1;
    uint64_t seed = m->desc.seed, step = (uint64_t)m->step;
    prune__acts a;
    prune__drop d;
    prune_float *xin, *xout, *x0;
    if ((rc = prune__check_batch(m, b, err)) != PRUNE_OK) return rc;
    B = b->B; T = b->T; N = B * T; C = cf->hidden; F = cf->ffn; K = cf->labels; L = cf->layers; NH = cf->heads;
    E = cf->embed_dim;
    /* keep the batch: backward needs ids, types, lengths and labels */
    m->B = B; m->T = T; m->choices = NO; m->fwd_train = train; m->has_labels = b->labels != NULL;
    m->fwd_step = m->step; m->fwd_seed = seed;
    memcpy(m->ids, b->ids, sizeof(int32_t) * (size_t)N);
    if (b->types) memcpy(m->types, b->types, sizeof(int32_t) * (size_t)N);
    else memset(m->types, 0, sizeof(int32_t) * (size_t)N);
    memcpy(m->lens, b->lens, sizeof(int32_t) * (size_t)B);
    if (b->labels) memcpy(m->labels, b->labels, sizeof(int32_t) * (size_t)(span ? 2 * B : B / NO));
    /* the token of each example the head reads: BERT's first ([CLS]), OPT's last */
    for (i = 0; i < B; i++) m->rows[i] = i * T + (opt ? b->lens[i] - 1 : 0);
    prune__acts_at(&a, m, B, T);
    x0 = PRUNE__ACT(&a, PRUNE__R_X, 0);

    if (!opt) {
        /* x[0] = dropout(LayerNorm(wte[ids] + wpe[pos] + wtt[types]))        [N, C] */
        prune__par_embedding_forward(m->pool, PRUNE__ACT(&a, PRUNE__R_EMB, 0), m->ids, m->types, PRUNE__W(m, PRUNE_WTE, 0),
                                     PRUNE__W(m, PRUNE_WPE, 0), PRUNE__W(m, PRUNE_WTT, 0), B, T, C, cf->pos_offset);
        prune__par_layernorm_forward(m->pool, x0, PRUNE__ACT(&a, PRUNE__R_EMB_MEAN, 0), PRUNE__ACT(&a, PRUNE__R_EMB_RSTD, 0),
                                     PRUNE__ACT(&a, PRUNE__R_EMB, 0), PRUNE__W(m, PRUNE_EMBLN_W, 0), PRUNE__W(m, PRUNE_EMBLN_B, 0),
                                     N, C, (prune_float)cf->ln_eps);
        d = prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_EMB, simd);
        prune__par_dropout(m->pool, &d, x0, x0, NULL, (size_t)N * C);
    } else if (proj) {
        /* OPT: x[0] = wte[ids]·Wpinᵀ + wpe[pos]: no LayerNorm, no dropout   [N, E] -> [N, C] */
        prune_float *embe = PRUNE__ACT(&a, PRUNE__R_EMBE, 0);
        prune__par_embedding_forward(m->pool, embe, m->ids, NULL, PRUNE__W(m, PRUNE_WTE, 0), NULL, NULL, B, T, E, 0);
        prune__matmul(m->pool, 0, 1, N, C, E, embe, E, PRUNE__W(m, PRUNE_PROJIN, 0), E, NULL, 0, x0, C);
        prune__par_embedding_forward(m->pool, x0, NULL, NULL, NULL, PRUNE__W(m, PRUNE_WPE, 0), NULL, B, T, C, cf->pos_offset);
    } else {
        /* OPT: x[0] = wte[ids] + wpe[pos]                                    [N, C] */
        prune__par_embedding_forward(m->pool, x0, m->ids, NULL, PRUNE__W(m, PRUNE_WTE, 0), PRUNE__W(m, PRUNE_WPE, 0), NULL,
                                     B, T, C, cf->pos_offset);
    }

    for (l = 0; l < L; l++) {
        int s = tr ? l : 0;   /* slot of this layer's activations */
        int last = l == L - 1 && !span, R = last ? B : N;   /* rows after attention: the head's rows only in the
                                                               last layer (all of them for the span head) */
        const int32_t *rows = last ? m->rows : NULL;
        prune_float *qkv = PRUNE__ACT(&a, PRUNE__R_QKV, s), *att = PRUNE__ACT(&a, PRUNE__R_ATT, s);
        prune_float *atty = PRUNE__ACT(&a, PRUNE__R_ATTY, s), *res1 = PRUNE__ACT(&a, PRUNE__R_RES1, s);
        prune_float *h1 = PRUNE__ACT(&a, PRUNE__R_H1, s), *fch = PRUNE__ACT(&a, PRUNE__R_FCH, s);
        prune_float *fchg = PRUNE__ACT(&a, PRUNE__R_FCHG, s), *res2 = PRUNE__ACT(&a, PRUNE__R_RES2, s);
        const prune_float *qin;
        xin = PRUNE__ACT(&a, PRUNE__R_X, tr ? l : (l & 1));
        xout = PRUNE__ACT(&a, PRUNE__R_X, tr ? l + 1 : ((l + 1) & 1));

        /* pre-LN (OPT 125m): the layer sees LayerNorm(x), and x itself is the residual */
        qin = xin;
        if (pre) {
            prune_float *xn = PRUNE__ACT(&a, PRUNE__R_XN, s);
            prune__par_layernorm_forward(m->pool, xn, PRUNE__ACT(&a, PRUNE__R_LN1_MEAN, s), PRUNE__ACT(&a, PRUNE__R_LN1_RSTD, s), xin,
                                         PRUNE__W(m, PRUNE_LN1W, l), PRUNE__W(m, PRUNE_LN1B, l), N, C, (prune_float)cf->ln_eps);
            qin = xn;
        }
        /* qkv = x·Wqkvᵀ + b                                                  [N, 3C] */
        prune__matmul(m->pool, 0, 1, N, 3 * C, C, qin, C, PRUNE__W(m, PRUNE_QKVW, l), C, PRUNE__W(m, PRUNE_QKVB, l), 0, qkv, 3 * C);
        /* atty = dropout(softmax(q·kᵀ/√hs + mask))·v, heads side by side           [R, C]
           (the mask: padding, and in OPT every later token too) */
        d = prune__drop_make(cf->attn_dropout, train, seed, step, PRUNE__SITE_ATT(l), simd);
        prune__par_attention_forward(m->pool, atty, att, qkv, m->lens, rows, opt, B, T, C, NH, &d);
        /* res1 = x + dropout(atty·Woᵀ + bo)                                    [R, C] */
        prune__matmul(m->pool, 0, 1, R, C, C, atty, C, PRUNE__W(m, PRUNE_ATTPROJW, l), C, PRUNE__W(m, PRUNE_ATTPROJB, l), 0, res1, C);
        d = prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_ATTPROJ(l), simd);
        if (last) prune__par_dropout_rows(m->pool, &d, rows, res1, res1, xin, 1, B, C);
        else prune__par_dropout(m->pool, &d, res1, res1, xin, (size_t)N * C);
        /* h1 = LayerNorm(res1): post-LN's first LayerNorm, pre-LN's second      [R, C] */
        prune__par_layernorm_forward(m->pool, h1, PRUNE__ACT(&a, pre ? PRUNE__R_LN2_MEAN : PRUNE__R_LN1_MEAN, s),
                                     PRUNE__ACT(&a, pre ? PRUNE__R_LN2_RSTD : PRUNE__R_LN1_RSTD, s), res1,
                                     PRUNE__W(m, pre ? PRUNE_LN2W : PRUNE_LN1W, l), PRUNE__W(m, pre ? PRUNE_LN2B : PRUNE_LN1B, l),
                                     R, C, (prune_float)cf->ln_eps);
        /* fchg = act(h1·W1ᵀ + b1), act GELU (BERT) or ReLU (OPT)               [R, F] */
        prune__matmul(m->pool, 0, 1, R, F, C, h1, C, PRUNE__W(m, PRUNE_FCW, l), C, PRUNE__W(m, PRUNE_FCB, l), 0, fch, F);
        prune__par_act_forward(m->pool, opt, fchg, fch, (size_t)R * F);
        d = prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_FCPROJ(l), simd);
        if (pre) {
            /* pre-LN: x = res1 + dropout(fchg·W2ᵀ + b2)                        [R, C] */
            prune__matmul(m->pool, 0, 1, R, C, F, fchg, F, PRUNE__W(m, PRUNE_FCPROJW, l), F, PRUNE__W(m, PRUNE_FCPROJB, l), 0, xout, C);
            if (last) prune__par_dropout_rows(m->pool, &d, rows, xout, xout, res1, 0, B, C);
            else prune__par_dropout(m->pool, &d, xout, xout, res1, (size_t)N * C);
        } else {
            /* post-LN: res2 = h1 + dropout(fchg·W2ᵀ + b2); x = LayerNorm(res2)  [R, C] */
            prune__matmul(m->pool, 0, 1, R, C, F, fchg, F, PRUNE__W(m, PRUNE_FCPROJW, l), F, PRUNE__W(m, PRUNE_FCPROJB, l), 0, res2, C);
            if (last) prune__par_dropout_rows(m->pool, &d, rows, res2, res2, h1, 0, B, C);
            else prune__par_dropout(m->pool, &d, res2, res2, h1, (size_t)N * C);
            prune__par_layernorm_forward(m->pool, xout, PRUNE__ACT(&a, PRUNE__R_LN2_MEAN, s), PRUNE__ACT(&a, PRUNE__R_LN2_RSTD, s), res2,
                                         PRUNE__W(m, PRUNE_LN2W, l), PRUNE__W(m, PRUNE_LN2B, l), R, C, (prune_float)cf->ln_eps);
        }
    }
    xout = PRUNE__ACT(&a, PRUNE__R_X, tr ? L : (L & 1));   /* [B, C]: the head's rows only (span: [N, C]) */
    m->logits = PRUNE__ACT(&a, PRUNE__R_LOGITS, 0);
    m->probs = PRUNE__ACT(&a, PRUNE__R_PROBS, 0);
    m->ex_loss = PRUNE__ACT(&a, PRUNE__R_EXLOSS, 0);

    if (!opt && !span) {
        /* BERT's head. pooled = tanh(x[:,0]·Wpᵀ + bp), the first ([CLS]) token of each
           example (RoBERTa: dropout(x[:,0]) first); logits = dropout(pooled)·Wcᵀ + bc
           (multiple choice: K = 1, one logit per option)                  [B, C], [B, K] */
        prune_float *pooled = PRUNE__ACT(&a, PRUNE__R_POOLED, 0), *pd = PRUNE__ACT(&a, PRUNE__R_POOLED_D, 0);
        const prune_float *hin = xout;
        if (cf->head_dropout_in) {
            prune_float *xd = PRUNE__ACT(&a, PRUNE__R_CLS_D, 0);
            d = prune__drop_make(cf->classifier_dropout, train, seed, step, PRUNE__SITE_HEAD_IN(L), simd);
            prune__dropout(&d, 0, (size_t)B * C, xd, xout, NULL);
            hin = xd;
        }
        prune__matmul(m->pool, 0, 1, B, C, C, hin, C, PRUNE__W(m, PRUNE_POOLW, 0), C, PRUNE__W(m, PRUNE_POOLB, 0), 0, pooled, C);
        prune__tanh_forward(pooled, (size_t)B * C);
        d = prune__drop_make(cf->classifier_dropout, train, seed, step, PRUNE__SITE_CLS(L), simd);
        prune__dropout(&d, 0, (size_t)B * C, pd, pooled, NULL);
        prune__matmul(m->pool, 0, 1, B, K, C, pd, C, PRUNE__W(m, PRUNE_CLSW, 0), C, PRUNE__W(m, PRUNE_CLSB, 0), 0, m->logits, K);
    } else {
        /* OPT's head, on the last token, and the span head, on every token (H rows):
           z = LayerNorm(x) (OPT pre-LN), z = z·Wpoutᵀ (OPT, when E != C), then
           OPT's score: logits = z·Wsᵀ, no bias; the span head: [start, end] = z·Wqaᵀ + bqa.
           No dropout in either.                                      [H, C], [H, E], [H, K] */
        const prune_float *z = xout;
        int H = span ? N : B;
        if (pre) {
            prune_float *fin = PRUNE__ACT(&a, PRUNE__R_FIN, 0);
            prune__par_layernorm_forward(m->pool, fin, PRUNE__ACT(&a, PRUNE__R_FIN_MEAN, 0), PRUNE__ACT(&a, PRUNE__R_FIN_RSTD, 0), xout,
                                         PRUNE__W(m, PRUNE_LNFW, 0), PRUNE__W(m, PRUNE_LNFB, 0), H, C, (prune_float)cf->ln_eps);
            z = fin;
        }
        if (proj) {
            prune_float *pz = PRUNE__ACT(&a, PRUNE__R_PROJ, 0);
            prune__matmul(m->pool, 0, 1, H, E, C, z, C, PRUNE__W(m, PRUNE_PROJOUT, 0), C, NULL, 0, pz, E);
            z = pz;
        }
        prune__matmul(m->pool, 0, 1, H, K, E, z, E, PRUNE__W(m, PRUNE_CLSW, 0), E, span ? PRUNE__W(m, PRUNE_CLSB, 0) : NULL, 0,
                      span ? PRUNE__ACT(&a, PRUNE__R_SPAN, 0) : m->logits, K);
    }
    /* probabilities and cross-entropy per example; the loss is their mean */
    if (span) {
        /* token t's [start, end] pair -> the start logits of the sequence, then its end logits */
        const prune_float *zt = PRUNE__ACT(&a, PRUNE__R_SPAN, 0);
        int t;
        for (i = 0; i < B; i++)
            for (t = 0; t < T; t++) {
                m->logits[(size_t)(2 * i) * T + t] = zt[((size_t)i * T + t) * 2];
                m->logits[(size_t)(2 * i + 1) * T + t] = zt[((size_t)i * T + t) * 2 + 1];
            }
        m->loss = prune__span_crossentropy_forward(m->probs, m->ex_loss, m->logits, b->labels, b->lens, B, T) / B;
    } else {
        /* multiple choice: the B logits are B/NO questions' NO options each */
        m->loss = prune__crossentropy_forward(m->probs, m->ex_loss, m->logits, b->labels, B / NO, K * NO) / (B / NO);
    }
    return PRUNE_OK;
}

PRUNEDEF int prune_forward(prune_model *m, const prune_batch *b, int train, prune_error *err) {
    int rc = prune__model_ok(m, "forward", err);
    if (rc != PRUNE_OK) return rc;
    if (!b) return prune__fail(err, PRUNE_EARG, "forward: the batch is NULL");
    return prune__forward(m, b, train, err);
}

/* ---- Backward: the forward above, read bottom to top. Every line names the forward
   line it inverts. Parameter gradients accumulate (+=); activation gradients are
   overwritten, in five [N, C]-sized buffers that every layer reuses. ------------------ */

PRUNEDEF void prune_zero_grad(prune_model *m) {
    if (m && m->grads) memset(m->grads, 0, m->nparams * sizeof(prune_float));
}

static int prune__backward(prune_model *m, prune_error *err) {
    const prune_config *cf = &m->desc.config;
    int B = m->B, T = m->T, N = B * T, C = cf->hidden, F = cf->ffn, K = cf->labels, L = cf->layers, NH = cf->heads, l, i;
    int E = cf->embed_dim, opt = cf->arch == PRUNE_ARCH_OPT, pre = opt && cf->pre_ln, proj = opt && E != C;
    int train = m->fwd_train, simd = prune__simd(m->pool), span = cf->head == PRUNE_HEAD_SPAN, NO = m->choices;
    int H = span ? N : B;   /* rows the head read */
    uint64_t seed = m->fwd_seed, step = (uint64_t)m->fwd_step;   /* the forward's masks */
    prune__acts a;
    prune__drop d, add;
    prune_float *dx, *dh1, *dtmp, *datty, *dqkv, *dfch;
    if (!m->desc.training || !m->grads) return prune__fail(err, PRUNE_ESTATE, "backward: the model was created without training = 1");
    if (!m->logits || !m->has_labels) return prune__fail(err, PRUNE_ESTATE, "backward: no forward pass with labels to go back through");
    prune__acts_at(&a, m, B, T);
    dx = PRUNE__ACT(&a, PRUNE__R_DX, 0); dh1 = PRUNE__ACT(&a, PRUNE__R_DH1, 0);
    dtmp = PRUNE__ACT(&a, PRUNE__R_DTMP, 0); datty = PRUNE__ACT(&a, PRUNE__R_DATTY, 0);
    dqkv = PRUNE__ACT(&a, PRUNE__R_DQKV, 0); dfch = PRUNE__ACT(&a, PRUNE__R_DFCH, 0);
    add = prune__drop_make(0, 0, 0, 0, 0, simd);   /* no dropout: prune__dropout(&add, ...) just adds */

    /* ---- the head ---- */
    {
        prune_float *dlogits = PRUNE__ACT(&a, PRUNE__R_DLOGITS, 0), *dp = PRUNE__ACT(&a, PRUNE__R_DPOOLED, 0);
        /* loss = mean cross-entropy (span: dlogits is [N, 2], the head's own layout) */
        if (span) prune__span_crossentropy_backward(dlogits, m->probs, m->labels, m->lens, B, T);
        else prune__crossentropy_backward(dlogits, m->probs, m->labels, B / NO, K * NO);
        if (!opt && !span) {
            const prune_float *pooled = PRUNE__ACT(&a, PRUNE__R_POOLED, 0), *pd = PRUNE__ACT(&a, PRUNE__R_POOLED_D, 0);
            const prune_float *xL = cf->head_dropout_in ? PRUNE__ACT(&a, PRUNE__R_CLS_D, 0) : PRUNE__ACT(&a, PRUNE__R_X, L);
            /* logits = pd·Wcᵀ + bc */
            prune__linear_backward(m->pool, dp, PRUNE__G(m, PRUNE_CLSW, 0), PRUNE__G(m, PRUNE_CLSB, 0), dlogits, pd,
                                   PRUNE__W(m, PRUNE_CLSW, 0), B, C, K, 0);
            /* pd = dropout(pooled); pooled = tanh(pre) */
            d = prune__drop_make(cf->classifier_dropout, train, seed, step, PRUNE__SITE_CLS(L), simd);
            prune__dropout(&d, 0, (size_t)B * C, dp, dp, NULL);
            prune__tanh_backward(dp, pooled, (size_t)B * C);
            /* pre = x[:,0]·Wpᵀ + bp; dx: the gradient of the last layer's [CLS] rows, compact [B, C] */
            prune__linear_backward(m->pool, dx, PRUNE__G(m, PRUNE_POOLW, 0), PRUNE__G(m, PRUNE_POOLB, 0), dp, xL,
                                   PRUNE__W(m, PRUNE_POOLW, 0), B, C, C, 0);
            if (cf->head_dropout_in) {   /* RoBERTa: x[:,0] went through dropout first */
                d = prune__drop_make(cf->classifier_dropout, train, seed, step, PRUNE__SITE_HEAD_IN(L), simd);
                prune__dropout(&d, 0, (size_t)B * C, dx, dx, NULL);
            }
        } else {
            /* OPT's score and the span head: logits = z·Wᵀ (+ b, span); z = pz (projected) or fin or x */
            const prune_float *xL = PRUNE__ACT(&a, PRUNE__R_X, L), *fin = PRUNE__ACT(&a, PRUNE__R_FIN, 0);
            const prune_float *z = proj ? PRUNE__ACT(&a, PRUNE__R_PROJ, 0) : pre ? fin : xL;
            prune_float *dz = dp;
            prune__linear_backward(m->pool, dz, PRUNE__G(m, PRUNE_CLSW, 0), span ? PRUNE__G(m, PRUNE_CLSB, 0) : NULL, dlogits, z,
                                   PRUNE__W(m, PRUNE_CLSW, 0), H, E, K, 0);
            if (proj) {   /* pz = zin·Wpoutᵀ */
                prune_float *dzin = pre ? dtmp : dx;
                prune__linear_backward(m->pool, dzin, PRUNE__G(m, PRUNE_PROJOUT, 0), NULL, dz, pre ? fin : xL,
                                       PRUNE__W(m, PRUNE_PROJOUT, 0), H, C, E, 0);
                dz = dzin;
            }
            if (pre)      /* fin = LayerNorm(x) */
                prune__par_layernorm_backward(m->pool, dx, PRUNE__G(m, PRUNE_LNFW, 0), PRUNE__G(m, PRUNE_LNFB, 0), dz, xL,
                                              PRUNE__W(m, PRUNE_LNFW, 0), PRUNE__ACT(&a, PRUNE__R_FIN_MEAN, 0),
                                              PRUNE__ACT(&a, PRUNE__R_FIN_RSTD, 0), H, C);
            else if (dz != dx) memcpy(dx, dz, sizeof(prune_float) * (size_t)H * C);
        }
    }

    /* ---- layers, last to first; dx holds the gradient of the layer's output ---- */
    for (l = L - 1; l >= 0; l--) {
        const prune_float *xin = PRUNE__ACT(&a, PRUNE__R_X, l), *xn = PRUNE__ACT(&a, PRUNE__R_XN, l);
        const prune_float *qkv = PRUNE__ACT(&a, PRUNE__R_QKV, l), *att = PRUNE__ACT(&a, PRUNE__R_ATT, l);
        const prune_float *atty = PRUNE__ACT(&a, PRUNE__R_ATTY, l), *res1 = PRUNE__ACT(&a, PRUNE__R_RES1, l);
        const prune_float *h1 = PRUNE__ACT(&a, PRUNE__R_H1, l), *fch = PRUNE__ACT(&a, PRUNE__R_FCH, l);
        const prune_float *fchg = PRUNE__ACT(&a, PRUNE__R_FCHG, l), *res2 = PRUNE__ACT(&a, PRUNE__R_RES2, l);
        int last = l == L - 1 && !span, R = last ? B : N;   /* the last layer has the head's rows only (span: all) */
        const int32_t *rows = last ? m->rows : NULL;

        if (pre) {
            /* x = res1 + dropout(fcproj): dx is already dres1's residual share */
            d = prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_FCPROJ(l), simd);
            if (last) prune__par_dropout_rows(m->pool, &d, rows, dtmp, dx, NULL, 0, B, C);
            else prune__par_dropout(m->pool, &d, dtmp, dx, NULL, (size_t)N * C);
        } else {
            /* x = LayerNorm(res2): dh1 := dres2 */
            prune__par_layernorm_backward(m->pool, dh1, PRUNE__G(m, PRUNE_LN2W, l), PRUNE__G(m, PRUNE_LN2B, l), dx, res2,
                                          PRUNE__W(m, PRUNE_LN2W, l), PRUNE__ACT(&a, PRUNE__R_LN2_MEAN, l),
                                          PRUNE__ACT(&a, PRUNE__R_LN2_RSTD, l), R, C);
            /* res2 = h1 + dropout(fcproj): the residual passes dres2 to h1 as is (dh1
               already holds it); the branch gets dropout's mask */
            d = prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_FCPROJ(l), simd);
            if (last) prune__par_dropout_rows(m->pool, &d, rows, dtmp, dh1, NULL, 0, B, C);
            else prune__par_dropout(m->pool, &d, dtmp, dh1, NULL, (size_t)N * C);
        }
        /* fcproj = fchg·W2ᵀ + b2 */
        prune__linear_backward(m->pool, dfch, PRUNE__G(m, PRUNE_FCPROJW, l), PRUNE__G(m, PRUNE_FCPROJB, l), dtmp, fchg,
                               PRUNE__W(m, PRUNE_FCPROJW, l), R, F, C, 0);
        /* fchg = act(fch) */
        prune__par_act_backward(m->pool, opt, dfch, fch, (size_t)R * F);
        /* fch = h1·W1ᵀ + b1: adds into dh1 (post-LN, where h1 is also the residual) */
        prune__linear_backward(m->pool, dh1, PRUNE__G(m, PRUNE_FCW, l), PRUNE__G(m, PRUNE_FCB, l), dfch, h1,
                               PRUNE__W(m, PRUNE_FCW, l), R, C, F, pre ? 0 : 1);
        if (pre) {
            /* h1 = LayerNorm(res1): dres1 = dx (the residual) + that LayerNorm's share */
            prune__par_layernorm_backward(m->pool, dtmp, PRUNE__G(m, PRUNE_LN2W, l), PRUNE__G(m, PRUNE_LN2B, l), dh1, res1,
                                          PRUNE__W(m, PRUNE_LN2W, l), PRUNE__ACT(&a, PRUNE__R_LN2_MEAN, l),
                                          PRUNE__ACT(&a, PRUNE__R_LN2_RSTD, l), R, C);
            prune__par_dropout(m->pool, &add, dx, dtmp, dx, (size_t)R * C);
        } else {
            /* h1 = LayerNorm(res1): dx := dres1 */
            prune__par_layernorm_backward(m->pool, dx, PRUNE__G(m, PRUNE_LN1W, l), PRUNE__G(m, PRUNE_LN1B, l), dh1, res1,
                                          PRUNE__W(m, PRUNE_LN1W, l), PRUNE__ACT(&a, PRUNE__R_LN1_MEAN, l),
                                          PRUNE__ACT(&a, PRUNE__R_LN1_RSTD, l), R, C);
        }
        /* res1 = x + dropout(attproj): dx keeps the residual's share */
        d = prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_ATTPROJ(l), simd);
        if (last) prune__par_dropout_rows(m->pool, &d, rows, dtmp, dx, NULL, 0, B, C);
        else prune__par_dropout(m->pool, &d, dtmp, dx, NULL, (size_t)N * C);
        /* attproj = atty·Woᵀ + bo */
        prune__linear_backward(m->pool, datty, PRUNE__G(m, PRUNE_ATTPROJW, l), PRUNE__G(m, PRUNE_ATTPROJB, l), dtmp, atty,
                               PRUNE__W(m, PRUNE_ATTPROJW, l), R, C, C, 0);
        /* atty = attention(qkv) */
        d = prune__drop_make(cf->attn_dropout, train, seed, step, PRUNE__SITE_ATT(l), simd);
        prune__par_attention_backward(m->pool, dqkv, datty, qkv, att, m->lens, rows, B, T, C, NH, &d);
        if (last) {
            /* the residual reached x[L-1] at the head's rows only: spread the compact
               rows of dx over a zeroed [N, C] gradient before the projections add in */
            memcpy(dtmp, dx, sizeof(prune_float) * (size_t)B * C);
            memset(dx, 0, sizeof(prune_float) * (size_t)N * C);
            for (i = 0; i < B; i++) memcpy(dx + (size_t)m->rows[i] * C, dtmp + (size_t)i * C, sizeof(prune_float) * (size_t)C);
        }
        /* qkv = x·Wqkvᵀ + b (pre-LN: xn·Wqkvᵀ + b): adds into dx (pre-LN: into dh1,
           := dxn), which becomes the gradient of x[l].
           The key bias gets no gradient, on purpose: adding a vector b to every key
           adds the same q·b to all scores of a query, which softmax ignores, so its
           exact gradient is 0 (Σ_j ds_ij = 0). A computed sum would be rounding
           noise, and Adam, dividing by the gradient's own scale, would turn that
           noise into steps of size lr. Only the query and value biases are summed. */
        prune__linear_backward(m->pool, pre ? dh1 : dx, PRUNE__G(m, PRUNE_QKVW, l), NULL, dqkv, pre ? xn : xin,
                               PRUNE__W(m, PRUNE_QKVW, l), N, C, 3 * C, pre ? 0 : 1);
        prune__par_bias_backward(m->pool, PRUNE__G(m, PRUNE_QKVB, l), dqkv, N, C, 3 * C);
        prune__par_bias_backward(m->pool, PRUNE__G(m, PRUNE_QKVB, l) + 2 * C, dqkv + 2 * C, N, C, 3 * C);
        if (pre) {
            /* xn = LayerNorm(x): dx += its share */
            prune__par_layernorm_backward(m->pool, dtmp, PRUNE__G(m, PRUNE_LN1W, l), PRUNE__G(m, PRUNE_LN1B, l), dh1, xin,
                                          PRUNE__W(m, PRUNE_LN1W, l), PRUNE__ACT(&a, PRUNE__R_LN1_MEAN, l),
                                          PRUNE__ACT(&a, PRUNE__R_LN1_RSTD, l), N, C);
            prune__par_dropout(m->pool, &add, dx, dtmp, dx, (size_t)N * C);
        }
    }

    if (!opt) {
        /* ---- embeddings: x[0] = dropout(LayerNorm(emb)) ---- */
        d = prune__drop_make(cf->hidden_dropout, train, seed, step, PRUNE__SITE_EMB, simd);
        prune__par_dropout(m->pool, &d, dtmp, dx, NULL, (size_t)N * C);
        prune__par_layernorm_backward(m->pool, dh1, PRUNE__G(m, PRUNE_EMBLN_W, 0), PRUNE__G(m, PRUNE_EMBLN_B, 0), dtmp,
                                      PRUNE__ACT(&a, PRUNE__R_EMB, 0), PRUNE__W(m, PRUNE_EMBLN_W, 0), PRUNE__ACT(&a, PRUNE__R_EMB_MEAN, 0),
                                      PRUNE__ACT(&a, PRUNE__R_EMB_RSTD, 0), N, C);
        /* emb = wte[ids] + wpe[pos] + wtt[types]: scatter back */
        prune__par_embedding_backward(m->pool, PRUNE__G(m, PRUNE_WTE, 0), PRUNE__G(m, PRUNE_WPE, 0), PRUNE__G(m, PRUNE_WTT, 0), dh1,
                                      m->ids, m->types, B, T, C, cf->pos_offset);
    } else if (proj) {
        /* ---- OPT: x[0] = wte[ids]·Wpinᵀ + wpe[pos] ---- */
        prune_float *dembe = PRUNE__ACT(&a, PRUNE__R_DEMBE, 0);
        prune__par_embedding_backward(m->pool, NULL, PRUNE__G(m, PRUNE_WPE, 0), NULL, dx, m->ids, NULL, B, T, C, cf->pos_offset);
        prune__linear_backward(m->pool, dembe, PRUNE__G(m, PRUNE_PROJIN, 0), NULL, dx, PRUNE__ACT(&a, PRUNE__R_EMBE, 0),
                               PRUNE__W(m, PRUNE_PROJIN, 0), N, E, C, 0);
        prune__par_embedding_backward(m->pool, PRUNE__G(m, PRUNE_WTE, 0), NULL, NULL, dembe, m->ids, NULL, B, T, E, 0);
    } else {
        /* ---- OPT: x[0] = wte[ids] + wpe[pos] ---- */
        prune__par_embedding_backward(m->pool, PRUNE__G(m, PRUNE_WTE, 0), PRUNE__G(m, PRUNE_WPE, 0), NULL, dx, m->ids, NULL,
                                      B, T, C, cf->pos_offset);
    }
    return PRUNE_OK;
}

PRUNEDEF int prune_backward(prune_model *m, prune_error *err) {
    int rc = prune__model_ok(m, "backward", err);
    return rc != PRUNE_OK ? rc : prune__backward(m, err);
}

/* ---- The optimiser step ------------------------------------------------------------- */

/* ‖g‖₂ over all parameters: sums of squares of fixed chunks, in double, added in
   chunk order, so the norm does not depend on the thread count */
PRUNEDEF double prune_grad_norm(prune_model *m) {
    if (!m || !m->grads) return 0;
    return sqrt(prune__par_sumsq(m->pool, m->grads, m->nparams, m->partials));
}

PRUNEDEF void prune_adamw_update(prune_model *m, const prune_optim *o, double grad_scale) {
    prune__adamw_hp h;
    double lr, t;
    int i;
    if (!m || !o || !m->grads) return;
    lr = prune_lr_at(o, m->step);
    t = (double)(m->step + 1);
    h.b1 = (prune_float)o->beta1; h.b2 = (prune_float)o->beta2; h.eps = (prune_float)o->eps;
    h.scale = (prune_float)grad_scale;
    /* bias corrections undo the moments' start at zero */
    h.step_size = (prune_float)(lr / (1 - pow(o->beta1, t)));
    h.inv_bc2_sqrt = (prune_float)(1 / sqrt(1 - pow(o->beta2, t)));
    for (i = 0; i < PRUNE_NTENSORS; i++) {
        size_t off = m->tensors[i].offset;
        /* Hugging Face's recipe: no decay on biases and LayerNorm weights */
        h.decay_keep = (prune_float)(m->tensors[i].decay ? 1 - lr * o->weight_decay : 1);
        prune__par_adamw(m->pool, m->params + off, m->grads + off, m->adam_m + off, m->adam_v + off, m->tensors[i].size, &h);
    }
    m->step++;
}

/* One fine-tuning step, the whole of it: forward, backward, clip, AdamW. */
PRUNEDEF int prune_train_step(prune_model *m, const prune_batch *b, const prune_optim *o,
                              prune_step_stats *st, prune_error *err) {
    double norm, scale = 1;
    int rc;
    if ((rc = prune__model_ok(m, "train step", err)) != PRUNE_OK) return rc;
    if (!o) return prune__fail(err, PRUNE_EARG, "train step: the optimiser is NULL");
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

/* ############################################################################
   PART B - THE MACHINERY: files, threads, the fast matrix product, the SIMD
   versions of Part A's loops, model memory, datasets, the tokenizer, file
   formats, JSON and safetensors. Each section is under a [B.. tag] banner.
   ######################################################################### */
/* ============================================================================
   [B1 files] Files: whole-file reads with a size limit, atomic writes, byte order.
   Every reader and writer of the library goes through these, so every file error
   names its file, and no writer ever leaves a half-written file behind: it writes
   PATH.tmp.PID, flushes, fsyncs, renames over PATH, then fsyncs the directory.
   ========================================================================= */

#include <locale.h>
#include <time.h>
#if !defined(_WIN32)
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#endif

/* Fault injection, for tests only (a build with PRUNE_FAULT_INJECTION): every
   point where a crash leaves different bytes on disk calls prune__fault. With
   PRUNE_FAULT_AT=n in the environment the n-th such point kills the process with
   SIGKILL (after flushing f, so a half-written file is really half written); with
   PRUNE_FAULT_LOG=file each point reached is appended there ("n where"). The
   fault-injection test kills a command at every point in turn and checks that
   rerunning it ends with the bytes of an uninterrupted run. Other builds compile
   the calls to nothing. */
#ifdef PRUNE_FAULT_INJECTION
#include <signal.h>
static void prune__fault(FILE *f, const char *where) {
    static long count;
    const char *at = getenv("PRUNE_FAULT_AT"), *log = getenv("PRUNE_FAULT_LOG");
    count++;
    if (log) {
        FILE *l = fopen(log, "a");
        if (l) { fprintf(l, "%ld %s\n", count, where); fclose(l); }
    }
    if (at && atol(at) == count) {
        if (f) fflush(f);
        raise(SIGKILL);
    }
}
#else
#define prune__fault(f, where) ((void)0)
#endif

/* The largest file the dataset and score readers take: 1 TiB, or what size_t can
   count on a 32-bit target (where (size_t)1 << 40 would be undefined). */
#define PRUNE__FILE_MAX ((uint64_t)(size_t)-1 > ((uint64_t)1 << 40) ? (size_t)((uint64_t)1 << 40) : (size_t)-1)

/* Read all of `path` into a new buffer (NUL-terminated for text parsers; the NUL
   is not counted in *size). Files larger than `max` bytes are refused. */
static int prune__read_file(const char *path, char **buf, size_t *size, size_t max, prune_error *err) {
    FILE *f = path ? fopen(path, "rb") : NULL;
    long n;
    *buf = NULL;
    *size = 0;
    if (!path) return prune__fail(err, PRUNE_EARG, "the path to read is NULL");
    if (!f) return prune__fail(err, PRUNE_EIO, "%s: cannot open for reading", path);
#if !defined(_WIN32)
    {   /* a directory opens for reading on POSIX systems, and then has a nonsense size */
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) { fclose(f); return prune__fail(err, PRUNE_EIO, "%s is a directory, not a file", path); }
    }
#endif
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return prune__fail(err, PRUNE_EIO, "%s: cannot determine the file size", path);
    }
    if ((unsigned long)n > max) {
        fclose(f);
        return prune__fail(err, PRUNE_EFORMAT, "%s: %ld bytes, more than the %lu this reader accepts", path, n, (unsigned long)max);
    }
    *buf = (char *)PRUNE_MALLOC((size_t)n + 1, NULL);
    if (!*buf) { fclose(f); return prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate %ld bytes", path, n); }
    if (fread(*buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        PRUNE_FREE(*buf, NULL);
        *buf = NULL;
        return prune__fail(err, PRUNE_EIO, "%s: read error", path);
    }
    fclose(f);
    (*buf)[n] = 0;
    *size = (size_t)n;
    return PRUNE_OK;
}

#if !defined(_WIN32)
/* A process killed while writing PATH leaves PATH.tmp.PID behind, and nothing else
   would ever remove it (a training state's is as large as the model). Before a new
   write of PATH, every PATH.tmp.PID whose process is gone goes. A live process's
   temporary file, on this machine, is left alone; so is one whose PID has been
   reused since (rare, and only disk space). */
static void prune__remove_stale_temps(const char *path) {
    char dir[PRUNE_PATH_MAX + 2], full[2 * PRUNE_PATH_MAX + 80];
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    size_t bl = strlen(base);
    DIR *d;
    struct dirent *de;
    if (bl == 0) return;   /* "dir/": no file name, nothing of its own to clean */
    if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1), path);
    else snprintf(dir, sizeof dir, ".");
    if (!(d = opendir(dir))) return;
    while ((de = readdir(d)) != NULL) {
        const char *n = de->d_name, *p;
        long pid = 0;
        if (strncmp(n, base, bl) != 0 || strncmp(n + bl, ".tmp.", 5) != 0 || !n[bl + 5]) continue;
        for (p = n + bl + 5; *p >= '0' && *p <= '9' && pid < 100000000; p++) pid = pid * 10 + (*p - '0');
        if (*p || pid <= 0 || pid == (long)getpid()) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;   /* alive, or not ours to judge */
        snprintf(full, sizeof full, "%s%s%s", dir, slash ? "" : "/", n);
        remove(full);
    }
    closedir(d);
}
#endif

PRUNEDEF int prune_file_open(prune_file *o, const char *path, prune_error *err) {
    if (!o) return prune__fail(err, PRUNE_EARG, "the file to open is NULL");
    memset(o, 0, sizeof *o);
    if (!path) return prune__fail(err, PRUNE_EARG, "the path to write is NULL");
    if (strlen(path) > PRUNE_PATH_MAX) return prune__fail(err, PRUNE_EARG, "%.64s...: path too long", path);
    memcpy(o->path, path, strlen(path) + 1);
#if !defined(_WIN32)
    prune__remove_stale_temps(path);
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp.%ld", path, (long)getpid());
#else
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp", path);
#endif
    o->f = fopen(o->tmp, "wb");
    if (!o->f) return prune__fail(err, PRUNE_EIO, "%s: cannot create", o->tmp);
    prune__fault(o->f, "temporary file created");
    return PRUNE_OK;
}

static void prune__file_write(prune_file *o, const void *p, size_t n) {
    if (!o->failed && n && fwrite(p, 1, n, o->f) != n) o->failed = 1;
}

static void prune__file_printf(prune_file *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (!o->failed && vfprintf(o->f, fmt, ap) < 0) o->failed = 1;
    va_end(ap);
}

/* Give up: close and remove the temporary file; PATH is untouched. */
PRUNEDEF void prune_file_abort(prune_file *o) {
    if (!o) return;
    if (o->f) fclose(o->f);
    o->f = NULL;
    if (o->tmp[0]) remove(o->tmp);
}

/* Flush, fsync and close the temporary file, without publishing it yet. On failure
   the temporary file is removed. */
static int prune__file_finish(prune_file *o, prune_error *err) {
    int bad;
    prune__fault(o->f, "temporary file written, not synced");
    bad = o->failed || fflush(o->f) != 0;
#if !defined(_WIN32)
    if (!bad && fsync(fileno(o->f)) != 0) bad = 1;
#endif
    if (fclose(o->f) != 0) bad = 1;
    o->f = NULL;
    if (bad) {
        remove(o->tmp);
        return prune__fail(err, PRUNE_EIO, "%s: write failed (disk full?); the previous file, if any, is untouched", o->path);
    }
    prune__fault(NULL, "temporary file synced, not renamed");
    return PRUNE_OK;
}

/* Rename the finished temporary file over PATH, then fsync the directory so the
   rename itself is durable. */
static int prune__file_publish(prune_file *o, prune_error *err) {
    if (rename(o->tmp, o->path) != 0) {
        remove(o->tmp);
        return prune__fail(err, PRUNE_EIO, "%s: cannot rename %s over it", o->path, o->tmp);
    }
    prune__fault(NULL, "renamed, directory not synced");
#if !defined(_WIN32)
    {
        char dir[1100];
        const char *slash = strrchr(o->path, '/');
        int fd;
        if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - o->path + 1), o->path);
        else snprintf(dir, sizeof dir, ".");
        fd = open(dir, O_RDONLY);
        if (fd >= 0) { fsync(fd); close(fd); }
    }
#endif
    return PRUNE_OK;
}

/* Finish and publish: PATH gets the new contents whole, or keeps the old ones. */
PRUNEDEF int prune_file_commit(prune_file *o, prune_error *err) {
    int rc;
    if (!o || !o->f) return prune__fail(err, PRUNE_EARG, "commit: the file is not open");
    rc = prune__file_finish(o, err);
    return rc == PRUNE_OK ? prune__file_publish(o, err) : rc;
}

/* Little-endian integers, whatever the host: files move between machines. */
static void prune__put_u32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}
static void prune__put_u64(unsigned char *p, uint64_t v) {
    prune__put_u32(p, (uint32_t)v);
    prune__put_u32(p + 4, (uint32_t)(v >> 32));
}
static uint32_t prune__get_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t prune__get_u64(const unsigned char *p) {
    return (uint64_t)prune__get_u32(p) | (uint64_t)prune__get_u32(p + 4) << 32;
}

/* 64-bit FNV-1a, the checksum of every binary format here (and of parameters) */
PRUNEDEF uint64_t prune_hash(uint64_t h, const void *data, size_t n) {
    const unsigned char *b = (const unsigned char *)data;
    size_t i;
    for (i = 0; i < n; i++) { h ^= b[i]; h *= 0x100000001b3ull; }
    return h;
}

static int prune__file_exists(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

static double prune__now(void) {
#if defined(CLOCK_MONOTONIC) && !defined(_WIN32)
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
#else
    return (double)clock() / CLOCKS_PER_SEC;
#endif
}
/* ============================================================================
   [B2 threads] Thread pool: one per model. The caller is worker 0; workers 1..n-1 sleep on a
   condition variable between jobs (no busy-waiting). A job is a range [0, n) cut
   into chunks of `grain`; chunk boundaries depend on (n, grain) only, never on the
   number of threads, so results do not either.
   ========================================================================= */

typedef void (*prune__range_fn)(void *ctx, int lo, int hi, int thread);

struct prune__pool {
    int n;                       /* threads, the caller included          */
    prune_float **scratch;       /* [n] per-thread scratch (GEMM packing, attention rows) */
    prune_float *shared;         /* [shared_n] a packed B slice all threads read      */
    size_t shared_n;
    const struct prune__kernel *kern;  /* the GEMM micro-kernel this model uses      */
    void *user;
#ifndef PRUNE_NO_THREADS
    pthread_t *threads;          /* [n-1]                                  */
    struct prune__worker *workers;
    int created;                 /* worker threads running (to join)       */
    int sync_ready;              /* mutex and condition variables exist    */
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
    if (p->sync_ready) {
        pthread_mutex_lock(&p->mu);
        p->quit = 1;
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->mu);
        for (i = 0; i < p->created; i++) pthread_join(p->threads[i], NULL);
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->wake);
        pthread_cond_destroy(&p->done);
    }
    PRUNE_FREE(p->threads, p->user);
    PRUNE_FREE(p->workers, p->user);
#endif
    if (p->scratch)
        for (i = 0; i < p->n; i++) PRUNE_FREE(p->scratch[i], p->user);   /* NULL where never allocated */
    PRUNE_FREE(p->scratch, p->user);
    PRUNE_FREE(p->shared, p->user);
    PRUNE_FREE(p, p->user);
}

/* n threads (the caller counted), each with `scratch` floats of its own, and
   `shared` floats all of them read. Every
   failure path frees exactly what exists: scratch pointers start NULL, threads are
   joined by the count actually created, sync objects destroyed only if made. */
static prune__pool *prune__pool_create(int n, size_t scratch, size_t shared, void *user) {
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
    for (i = 0; i < n; i++)
        if (!(p->scratch[i] = (prune_float *)prune__alloc(scratch * sizeof(prune_float), user))) { prune__pool_free(p); return NULL; }
    if (!(p->shared = (prune_float *)prune__alloc(shared * sizeof(prune_float), user))) { prune__pool_free(p); return NULL; }
    p->shared_n = shared;
#ifndef PRUNE_NO_THREADS
    if (n > 1) {
        p->threads = (pthread_t *)prune__alloc(sizeof(pthread_t) * (size_t)(n - 1), user);
        p->workers = (struct prune__worker *)prune__alloc(sizeof(struct prune__worker) * (size_t)n, user);
        if (!p->threads || !p->workers) { prune__pool_free(p); return NULL; }
        if (pthread_mutex_init(&p->mu, NULL) != 0) { prune__pool_free(p); return NULL; }
        if (pthread_cond_init(&p->wake, NULL) != 0) { pthread_mutex_destroy(&p->mu); prune__pool_free(p); return NULL; }
        if (pthread_cond_init(&p->done, NULL) != 0) {
            pthread_cond_destroy(&p->wake); pthread_mutex_destroy(&p->mu); prune__pool_free(p); return NULL;
        }
        p->sync_ready = 1;
        for (i = 1; i < n; i++) {
            p->workers[i].pool = p;
            p->workers[i].id = i;
            if (pthread_create(&p->threads[i - 1], NULL, prune__worker_main, &p->workers[i]) != 0) { prune__pool_free(p); return NULL; }
            p->created = i;
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
   [B3 gemm] Matrix products: C = op(A)·op(B) + beta·C, row-major, op = identity or ᵀ.
   prune__gemm (serial) and prune__matmul (parallel) are the two entry points
   PRUNE_USE_CBLAS swaps; the three forms training needs (A·B, A·Bᵀ, Aᵀ·B) are
   flags, absorbed by packing.

   The built-in path packs a KC-deep slice of op(B) into NR-wide column panels and
   of op(A) into MR-tall row panels, so the micro-kernel streams both from L1/L2
   with unit stride and keeps an MR×NR block of C in registers. Every element of C
   is summed over k in the same order (KC blocks in order, k in order inside each)
   whatever the tiling of M and N: cutting the output between threads never changes
   a bit.
   ========================================================================= */

/* Blocking. KC is the depth of one packed slice: every element of C is summed in
   KC-deep blocks, in order, so KC (and only KC and the micro-kernel) decides its
   bits. MC×NC is the output tile one task computes from one packed A block; the
   tile sizes change nothing but speed. */
#define PRUNE__KC 256
#define PRUNE__MC 192
#define PRUNE__NC 512
#define PRUNE__MR_MAX 8
#define PRUNE__NR_MAX 32
/* scratch floats one serial product needs: a packed A edge panel and a packed B slice */
#define PRUNE__GEMM_SCRATCH ((size_t)PRUNE__MR_MAX * PRUNE__KC + (size_t)PRUNE__KC * PRUNE__NC)

/* ---- micro-kernels ----------------------------------------------------------
   One signature for all of them. Over kc steps of an A panel (MR rows; element
   (r, k) at a[r*rs + k*cs], so A is read in place, row- or column-major, or from
   a packed edge) and a packed B panel (b[k][j], NR columns) they compute, for
   r < mr and j < nr,
       c[r][j] = (load_c ? c[r][j] : 0) + (bias ? bias[j] : 0) + Σ_k a[k][r]·b[k][j]
   with each sum one accumulator, updated once per k in order. The edges of a
   matrix (mr < MR or nr < NR) come packed with zeros and are cut when stored. */
typedef void (*prune__kernel_fn)(int kc, const prune_float *a, int rs, int cs, const prune_float *b,
                                 prune_float *c, int ldc, int mr, int nr, const prune_float *bias, int load_c);
struct prune__kernel { const char *name; int mr, nr; prune__kernel_fn fn; };

/* store an MR×NR block of sums held in memory (edges, and the portable kernel) */
static void prune__kernel_store(const prune_float *acc, int NR, prune_float *c, int ldc, int mr, int nr,
                                const prune_float *bias, int load_c) {
    int r, j;
    for (r = 0; r < mr; r++, c += ldc, acc += NR)
        for (j = 0; j < nr; j++) {
            prune_float v = acc[j];
            if (bias) v = bias[j] + v;
            if (load_c) v = c[j] + v;
            c[j] = v;
        }
}

/* Portable C, 4×16: what any compiler builds. */
static void prune__kernel_c(int kc, const prune_float *a, int rs, int cs, const prune_float *b,
                            prune_float *c, int ldc, int mr, int nr, const prune_float *bias, int load_c) {
    prune_float acc[4][16];
    int k, r, j;
    memset(acc, 0, sizeof acc);
    for (k = 0; k < kc; k++, a += cs, b += 16)
        for (r = 0; r < 4; r++) {
            prune_float ar = a[r * rs];
            for (j = 0; j < 16; j++) acc[r][j] += ar * b[j];
        }
    prune__kernel_store(&acc[0][0], 16, c, ldc, mr, nr, bias, load_c);
}

static const prune__kernel prune__kernel_portable = {"portable", 4, 16, prune__kernel_c};

#if PRUNE__X86
/* x86-64 with GCC or Clang: the same kernel in AVX2+FMA (6×16, twelve 8-wide
   accumulators) and AVX-512 (8×32, sixteen 16-wide accumulators), compiled
   for those instruction sets whatever the build flags and chosen at run time
   from what the CPU reports. A fused multiply-add rounds once where the portable
   kernel rounds twice, so the kernels differ from each other in the last bits;
   each is deterministic, and one model uses one kernel for its whole life. */
#define PRUNE__AVX2_ROW(r) \
    t = _mm256_broadcast_ss(a + r * rs); \
    c##r##0 = _mm256_fmadd_ps(t, b0, c##r##0); c##r##1 = _mm256_fmadd_ps(t, b1, c##r##1);
#define PRUNE__AVX2_PUT(r) \
    _mm256_storeu_ps(acc + r * 16, c##r##0); _mm256_storeu_ps(acc + r * 16 + 8, c##r##1);
#define PRUNE__AVX2_ROW_STORE(r) { \
    float *cr = c + (size_t)r * ldc; __m256 x0 = c##r##0, x1 = c##r##1; \
    if (bias) { x0 = _mm256_add_ps(_mm256_loadu_ps(bias), x0); x1 = _mm256_add_ps(_mm256_loadu_ps(bias + 8), x1); } \
    if (load_c) { x0 = _mm256_add_ps(_mm256_loadu_ps(cr), x0); x1 = _mm256_add_ps(_mm256_loadu_ps(cr + 8), x1); } \
    _mm256_storeu_ps(cr, x0); _mm256_storeu_ps(cr + 8, x1); }

__attribute__((target("avx2,fma")))
static void prune__kernel_avx2(int kc, const float *a, int rs, int cs, const float *b, float *c, int ldc,
                               int mr, int nr, const float *bias, int load_c) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
           c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    int k;
    for (k = 0; k < kc; k++, a += cs, b += 16) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), t;
        PRUNE__AVX2_ROW(0) PRUNE__AVX2_ROW(1) PRUNE__AVX2_ROW(2)
        PRUNE__AVX2_ROW(3) PRUNE__AVX2_ROW(4) PRUNE__AVX2_ROW(5)
    }
    if (mr == 6 && nr == 16) {
        PRUNE__AVX2_ROW_STORE(0) PRUNE__AVX2_ROW_STORE(1) PRUNE__AVX2_ROW_STORE(2)
        PRUNE__AVX2_ROW_STORE(3) PRUNE__AVX2_ROW_STORE(4) PRUNE__AVX2_ROW_STORE(5)
    } else {
        float acc[6 * 16];
        PRUNE__AVX2_PUT(0) PRUNE__AVX2_PUT(1) PRUNE__AVX2_PUT(2)
        PRUNE__AVX2_PUT(3) PRUNE__AVX2_PUT(4) PRUNE__AVX2_PUT(5)
        prune__kernel_store(acc, 16, c, ldc, mr, nr, bias, load_c);
    }
}

#define PRUNE__AVX512_ROW(r) \
    t = _mm512_set1_ps(a[r * rs]); \
    c##r##0 = _mm512_fmadd_ps(t, b0, c##r##0); c##r##1 = _mm512_fmadd_ps(t, b1, c##r##1);
#define PRUNE__AVX512_PUT(r) \
    _mm512_storeu_ps(acc + r * 32, c##r##0); _mm512_storeu_ps(acc + r * 32 + 16, c##r##1);
#define PRUNE__AVX512_ROW_STORE(r) { \
    float *cr = c + (size_t)r * ldc; __m512 x0 = c##r##0, x1 = c##r##1; \
    if (bias) { x0 = _mm512_add_ps(_mm512_loadu_ps(bias), x0); x1 = _mm512_add_ps(_mm512_loadu_ps(bias + 16), x1); } \
    if (load_c) { x0 = _mm512_add_ps(_mm512_loadu_ps(cr), x0); x1 = _mm512_add_ps(_mm512_loadu_ps(cr + 16), x1); } \
    _mm512_storeu_ps(cr, x0); _mm512_storeu_ps(cr + 16, x1); }

__attribute__((target("avx512f")))
static void prune__kernel_avx512(int kc, const float *a, int rs, int cs, const float *b, float *c, int ldc,
                                 int mr, int nr, const float *bias, int load_c) {
    __m512 c00 = _mm512_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
           c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00,
           c60 = c00, c61 = c00, c70 = c00, c71 = c00;
    int k;
    for (k = 0; k < kc; k++, a += cs, b += 32) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16), t;
        PRUNE__AVX512_ROW(0) PRUNE__AVX512_ROW(1) PRUNE__AVX512_ROW(2) PRUNE__AVX512_ROW(3)
        PRUNE__AVX512_ROW(4) PRUNE__AVX512_ROW(5) PRUNE__AVX512_ROW(6) PRUNE__AVX512_ROW(7)
    }
    if (mr == 8 && nr == 32) {
        PRUNE__AVX512_ROW_STORE(0) PRUNE__AVX512_ROW_STORE(1) PRUNE__AVX512_ROW_STORE(2)
        PRUNE__AVX512_ROW_STORE(3) PRUNE__AVX512_ROW_STORE(4) PRUNE__AVX512_ROW_STORE(5)
        PRUNE__AVX512_ROW_STORE(6) PRUNE__AVX512_ROW_STORE(7)
    } else {
        float acc[8 * 32];
        PRUNE__AVX512_PUT(0) PRUNE__AVX512_PUT(1) PRUNE__AVX512_PUT(2) PRUNE__AVX512_PUT(3)
        PRUNE__AVX512_PUT(4) PRUNE__AVX512_PUT(5) PRUNE__AVX512_PUT(6) PRUNE__AVX512_PUT(7)
        prune__kernel_store(acc, 32, c, ldc, mr, nr, bias, load_c);
    }
}

static const prune__kernel prune__kernel_x86[2] = {
    {"avx2", 6, 16, prune__kernel_avx2}, {"avx512", 8, 32, prune__kernel_avx512}};
#endif

/* The kernel new models use: chosen once, from the CPU, unless prune_gemm_kernel
   picked one. */
static const prune__kernel *prune__kernel_sel;

static const prune__kernel *prune__kernel_best(void) {
#if PRUNE__X86
    __builtin_cpu_init();
    /* avx512 also means the AVX-512 dropout, which needs DQ (every AVX-512 CPU
       but the Xeon Phi has it) */
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) return &prune__kernel_x86[1];
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &prune__kernel_x86[0];
#endif
    return &prune__kernel_portable;
}

/* reads the selection, never writes it: models created on several threads at
   once do not race */
static const prune__kernel *prune__kernel_current(void) {
    return prune__kernel_sel ? prune__kernel_sel : prune__kernel_best();
}

PRUNEDEF const char *prune_gemm_kernel(const char *want) {
    const prune__kernel *k = NULL;
    if (!want) return prune__kernel_current()->name;
    if (strcmp(want, "auto") == 0) k = prune__kernel_best();
    else if (strcmp(want, "portable") == 0) k = &prune__kernel_portable;
#if PRUNE__X86
    else if (strcmp(want, "avx2") == 0 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) k = &prune__kernel_x86[0];
    else if (strcmp(want, "avx512") == 0 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        k = &prune__kernel_x86[1];
#endif
    if (!k) return NULL;
    prune__kernel_sel = k;
    return k->name;
}

/* ---- packing ----------------------------------------------------------------- */

/* Ap[panel][k][r] = op(A)[panel*MR + r][k], zero past row mc; A points at the
   block's first element of op(A). Only ragged edge panels are packed. */
static void prune__pack_a(prune_float *Ap, const prune_float *A, int lda, int ta, int mc, int kc, int MR) {
    int p, k, r;
    for (p = 0; p < mc; p += MR) {
        int rows = PRUNE__MIN(MR, mc - p);
        if (ta) {                       /* op(A) = Aᵀ: a panel row is a contiguous run */
            for (k = 0; k < kc; k++) {
                const prune_float *src = A + (size_t)k * lda + p;
                for (r = 0; r < rows; r++) Ap[r] = src[r];
                for (; r < MR; r++) Ap[r] = 0;
                Ap += MR;
            }
        } else {
            for (k = 0; k < kc; k++) {
                for (r = 0; r < rows; r++) Ap[r] = A[(size_t)(p + r) * lda + k];
                for (; r < MR; r++) Ap[r] = 0;
                Ap += MR;
            }
        }
    }
}

/* Bp[panel][k][j] = op(B)[k][panel*NR + j], zero past column nc, for panels
   [p0, p1) of a slice nc wide; B points at the slice's first element of op(B) */
static void prune__pack_b(prune_float *Bp, const prune_float *B, int ldb, int tb, int nc, int kc, int NR, int p0, int p1) {
    int p, k, j;
    for (p = p0; p < p1; p++) {
        int j0 = p * NR, cols = PRUNE__MIN(NR, nc - j0);
        prune_float *dst = Bp + (size_t)p * NR * kc;
        if (tb) {                       /* op(B) = Bᵀ: a panel column is a contiguous run */
            for (j = 0; j < cols; j++) {
                const prune_float *src = B + (size_t)(j0 + j) * ldb;
                for (k = 0; k < kc; k++) dst[(size_t)k * NR + j] = src[k];
            }
            for (; j < NR; j++)
                for (k = 0; k < kc; k++) dst[(size_t)k * NR + j] = 0;
        } else {
            for (k = 0; k < kc; k++, dst += NR) {
                const prune_float *src = B + (size_t)k * ldb + j0;
                memcpy(dst, src, sizeof(prune_float) * (size_t)cols);
                for (j = cols; j < NR; j++) dst[j] = 0;
            }
        }
    }
}

/* The mc×nc tile at C: op(A)'s rows [0, mc) over a kc-deep slice (A points at
   the slice's first element of op(A)) times the packed B panels. Full MR-row
   panels of A are read where they lie (a row of op(A) is a row of A, or a column
   when ta); the ragged last panel is packed with zeros into `edge` (MR×KC
   floats), so no read goes past the matrix. Each A panel stays in L1 while it
   meets every B panel. */
static void prune__macro(const prune__kernel *kn, int mc, int nc, int kc, const prune_float *A, int lda, int ta,
                         const prune_float *Bp, prune_float *C, int ldc, const prune_float *bias, int load_c,
                         prune_float *edge) {
    int ip, jp, MR = kn->mr, NR = kn->nr;
    for (ip = 0; ip < mc; ip += MR) {
        int mr = PRUNE__MIN(MR, mc - ip), rs, cs;
        const prune_float *a;
        if (mr == MR) {
            a = ta ? A + ip : A + (size_t)ip * lda;
            rs = ta ? 1 : lda;
            cs = ta ? lda : 1;
        } else {
            prune__pack_a(edge, ta ? A + ip : A + (size_t)ip * lda, lda, ta, mr, kc, MR);
            a = edge; rs = 1; cs = MR;
        }
        for (jp = 0; jp < nc; jp += NR)
            kn->fn(kc, a, rs, cs, Bp + (size_t)jp * kc, C + (size_t)ip * ldc + jp, ldc,
                   mr, PRUNE__MIN(NR, nc - jp), bias ? bias + jp : NULL, load_c);
    }
}

/* Serial product on the calling thread (attention blocks); work holds
   PRUNE__GEMM_SCRATCH floats. beta is 0 (C overwritten, never read) or 1. */
PRUNE__MAYBE_UNUSED static void prune__gemm_builtin(const prune__kernel *kn, int ta, int tb, int M, int N, int K,
                                const prune_float *A, int lda, const prune_float *B, int ldb,
                                prune_float beta, prune_float *C, int ldc, prune_float *work) {
    prune_float *edge = work, *Bp = work + (size_t)PRUNE__MR_MAX * PRUNE__KC;
    int i0, j0, k0;
    PRUNE_ASSERT(beta == 0 || beta == 1);
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        if (beta == 0) for (i0 = 0; i0 < M; i0++) memset(C + (size_t)i0 * ldc, 0, sizeof(prune_float) * (size_t)N);
        return;
    }
    for (j0 = 0; j0 < N; j0 += PRUNE__NC) {
        int nc = PRUNE__MIN(PRUNE__NC, N - j0);
        for (k0 = 0; k0 < K; k0 += PRUNE__KC) {
            int kc = PRUNE__MIN(PRUNE__KC, K - k0);
            prune__pack_b(Bp, tb ? B + (size_t)j0 * ldb + k0 : B + (size_t)k0 * ldb + j0, ldb, tb, nc, kc,
                          kn->nr, 0, (nc + kn->nr - 1) / kn->nr);
            for (i0 = 0; i0 < M; i0 += PRUNE__MC) {
                int mc = PRUNE__MIN(PRUNE__MC, M - i0);
                prune__macro(kn, mc, nc, kc, ta ? A + (size_t)k0 * lda + i0 : A + (size_t)i0 * lda + k0, lda, ta,
                             Bp, C + (size_t)i0 * ldc + j0, ldc, NULL, k0 > 0 || beta != 0, edge);
            }
        }
    }
}

#ifdef PRUNE_USE_CBLAS
/* Rows per task when a CBLAS library does the products: the pool cuts C into row
   blocks and each task makes one serial call (run the BLAS single-threaded, e.g.
   OPENBLAS_NUM_THREADS=1: the pool is the parallelism). */
#define PRUNE__CBLAS_ROWS 256

static void prune__gemm_cblas(int ta, int tb, int M, int N, int K, const prune_float *A, int lda,
                              const prune_float *B, int ldb, prune_float beta, prune_float *C, int ldc) {
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
}
#endif

/* Serial product: the one entry point PRUNE_USE_CBLAS swaps (with prune__matmul). */
static void prune__gemm(const prune__kernel *kn, int ta, int tb, int M, int N, int K,
                        const prune_float *A, int lda, const prune_float *B, int ldb,
                        prune_float beta, prune_float *C, int ldc, prune_float *work) {
#ifdef PRUNE_USE_CBLAS
    (void)kn; (void)work;
    prune__gemm_cblas(ta, tb, M, N, K, A, lda, B, ldb, beta, C, ldc);
#else
    prune__gemm_builtin(kn, ta, tb, M, N, K, A, lda, B, ldb, beta, C, ldc, work);
#endif
}

/* ---- the parallel product -------------------------------------------------------
   C = op(A)·op(B) + beta·C, or with `bias` (length N, beta 0) C = op(A)·op(B) + bias.
   For each KC-deep slice of op(B) (at most the pool's shared buffer wide) the pool
   first packs the slice's NR panels, then computes MC×NC tiles of C, one task each,
   every task packing its own A block. Both steps cut work by the problem's shape
   alone, and every element of C still sums its KC blocks in order: any thread
   count gives the same bits as one. */
typedef struct prune__mm {
    const prune__kernel *kn;
    prune__pool *pool;
    int ta, tb, M, N, K, lda, ldb, ldc;
    const prune_float *A, *B, *bias;
    prune_float beta, *C;
    int j0, nc, k0, kc, ntn;    /* the slice being worked on */
    int nct;                    /* column tile of prune__mm_whole_task */
} prune__mm;

/* one MC×nct tile over the whole K, packing its own B (see prune__matmul_builtin) */
static void prune__mm_whole_task(void *vctx, int lo, int hi, int th) {
    const prune__mm *c = (const prune__mm *)vctx;
    int t;
    for (t = lo; t < hi; t++) {
        int i0 = (t / c->ntn) * PRUNE__MC, j0 = (t % c->ntn) * c->nct;
        int mc = PRUNE__MIN(PRUNE__MC, c->M - i0), nc = PRUNE__MIN(c->nct, c->N - j0);
        prune__gemm_builtin(c->kn, c->ta, c->tb, mc, nc, c->K, c->ta ? c->A + i0 : c->A + (size_t)i0 * c->lda, c->lda,
                            c->tb ? c->B + (size_t)j0 * c->ldb : c->B + j0, c->ldb, c->beta,
                            c->C + (size_t)i0 * c->ldc + j0, c->ldc, c->pool->scratch[th]);
    }
}

static void prune__mm_pack_task(void *vctx, int lo, int hi, int th) {
    const prune__mm *c = (const prune__mm *)vctx;
    (void)th;
    prune__pack_b(c->pool->shared, c->tb ? c->B + (size_t)c->j0 * c->ldb + c->k0 : c->B + (size_t)c->k0 * c->ldb + c->j0,
                  c->ldb, c->tb, c->nc, c->kc, c->kn->nr, lo, hi);
}

static void prune__mm_task(void *vctx, int lo, int hi, int th) {
    const prune__mm *c = (const prune__mm *)vctx;
    prune_float *edge = c->pool->scratch[th];
    int t;
    for (t = lo; t < hi; t++) {
        int i0 = (t / c->ntn) * PRUNE__MC, jj = (t % c->ntn) * PRUNE__NC;
        int mc = PRUNE__MIN(PRUNE__MC, c->M - i0), nc = PRUNE__MIN(PRUNE__NC, c->nc - jj);
        int first = c->k0 == 0;
        prune__macro(c->kn, mc, nc, c->kc, c->ta ? c->A + (size_t)c->k0 * c->lda + i0 : c->A + (size_t)i0 * c->lda + c->k0,
                     c->lda, c->ta, c->pool->shared + (size_t)jj * c->kc,
                     c->C + (size_t)i0 * c->ldc + c->j0 + jj, c->ldc,
                     first && c->bias ? c->bias + c->j0 + jj : NULL, !first || c->beta != 0, edge);
    }
}

#ifdef PRUNE_USE_CBLAS
static void prune__mm_cblas_task(void *vctx, int lo, int hi, int th) {
    const prune__mm *c = (const prune__mm *)vctx;
    int t;
    (void)th;
    for (t = lo; t < hi; t++) {
        int i0 = t * PRUNE__CBLAS_ROWS, mc = PRUNE__MIN(PRUNE__CBLAS_ROWS, c->M - i0), i;
        prune_float *C = c->C + (size_t)i0 * c->ldc, beta = c->beta;
        if (c->bias) {
            for (i = 0; i < mc; i++) memcpy(C + (size_t)i * c->ldc, c->bias, sizeof(prune_float) * (size_t)c->N);
            beta = 1;
        }
        prune__gemm_cblas(c->ta, c->tb, mc, c->N, c->K, c->ta ? c->A + i0 : c->A + (size_t)i0 * c->lda, c->lda,
                          c->B, c->ldb, beta, C, c->ldc);
    }
}
#endif

static void prune__mm_setup(prune__mm *c, prune__pool *pool, int ta, int tb, int M, int N, int K,
                            const prune_float *A, int lda, const prune_float *B, int ldb,
                            const prune_float *bias, prune_float beta, prune_float *C, int ldc) {
    PRUNE_ASSERT(!bias || beta == 0);
    PRUNE_ASSERT(beta == 0 || beta == 1);
    memset(c, 0, sizeof *c);
    c->kn = pool->kern; c->pool = pool; c->ta = ta; c->tb = tb; c->M = M; c->N = N; c->K = K;
    c->lda = lda; c->ldb = ldb; c->ldc = ldc; c->A = A; c->B = B; c->bias = bias; c->beta = beta; c->C = C;
}

/* the built-in parallel product (compiled in every build, so that a CBLAS build
   can still be compared with it) */
PRUNE__MAYBE_UNUSED static void prune__matmul_builtin(prune__pool *pool, int ta, int tb, int M, int N, int K,
                                  const prune_float *A, int lda, const prune_float *B, int ldb,
                                  const prune_float *bias, prune_float beta, prune_float *C, int ldc) {
    prune__mm c;
    if (M <= 0 || N <= 0) return;
    prune__mm_setup(&c, pool, ta, tb, M, N, K, A, lda, B, ldb, bias, beta, C, ldc);
    if (K <= 0) {                       /* no products: C is the bias, zero, or itself */
        int i;
        if (beta == 0)
            for (i = 0; i < M; i++) {
                prune_float *row = C + (size_t)i * ldc;
                if (bias) memcpy(row, bias, sizeof(prune_float) * (size_t)N);
                else memset(row, 0, sizeof(prune_float) * (size_t)N);
            }
        return;
    }
    if ((M + PRUNE__MC - 1) / PRUNE__MC < 4 && !bias) {
        /* Few row tiles (a weight gradient: M = output width, K = tokens): cut the
           columns too, into at least 8 tiles, and let each task run the whole K
           itself, packing its own B columns (no two tasks share any), with one
           pool call instead of two per KC slice. The same KC blocks, in order. */
        int NR = c.kn->nr, ntm = (M + PRUNE__MC - 1) / PRUNE__MC, want = (8 + ntm - 1) / ntm;
        c.nct = PRUNE__MIN(PRUNE__NC, PRUNE__MAX(NR, ((N + want - 1) / want + NR - 1) / NR * NR));
        c.ntn = (N + c.nct - 1) / c.nct;
        prune__parallel(pool, ntm * c.ntn, 1, prune__mm_whole_task, &c);
        return;
    }
    {
        int NR = c.kn->nr, width = (int)(pool->shared_n / PRUNE__KC) / NR * NR, ntm = (M + PRUNE__MC - 1) / PRUNE__MC;
        PRUNE_ASSERT(width >= NR);
        for (c.j0 = 0; c.j0 < N; c.j0 += width) {
            c.nc = PRUNE__MIN(width, N - c.j0);
            c.ntn = (c.nc + PRUNE__NC - 1) / PRUNE__NC;
            for (c.k0 = 0; c.k0 < K; c.k0 += PRUNE__KC) {
                c.kc = PRUNE__MIN(PRUNE__KC, K - c.k0);
                prune__parallel(pool, (c.nc + NR - 1) / NR, 4, prune__mm_pack_task, &c);
                prune__parallel(pool, ntm * c.ntn, 1, prune__mm_task, &c);
            }
        }
    }
}

static void prune__matmul(prune__pool *pool, int ta, int tb, int M, int N, int K,
                          const prune_float *A, int lda, const prune_float *B, int ldb,
                          const prune_float *bias, prune_float beta, prune_float *C, int ldc) {
#ifdef PRUNE_USE_CBLAS
    prune__mm c;
    if (M <= 0 || N <= 0) return;
    prune__mm_setup(&c, pool, ta, tb, M, N, K, A, lda, B, ldb, bias, beta, C, ldc);
    prune__parallel(pool, (M + PRUNE__CBLAS_ROWS - 1) / PRUNE__CBLAS_ROWS, 1, prune__mm_cblas_task, &c);
#else
    prune__matmul_builtin(pool, ta, tb, M, N, K, A, lda, B, ldb, bias, beta, C, ldc);
#endif
}

/* ============================================================================
   [B4 par] Part A's layers on the thread pool
   ========================================================================= */
/* ---- Part A's layers over the pool ------------------------------------------------
   Thin adapters: each runs one of Part A's plain functions over row ranges
   (independent rows), column ranges (sums over rows, each column summed in row
   order by one task) or element ranges. The ranges depend on the problem size,
   never on the thread count, and no function sums across them, so a result is the
   same bits as one call over the whole problem. */

/* Rows per task for row-wise kernels over token vectors: enough work per task
   to pay for taking it from the pool (~C*64 flops), few enough for balance. */
#define PRUNE__ROWS 32
/* Elements per task for element-wise kernels. */
#define PRUNE__ELEMS 16384

/* The one SIMD rule: the AVX-512 versions of dropout, GELU and AdamW run when the
   model's GEMM kernel is avx512 (prune_gemm_kernel), and never otherwise, so
   prune_gemm_kernel("portable") is a portable run throughout. */
static int prune__simd(const prune__pool *pool) {
#if PRUNE__X86
    return pool->kern == &prune__kernel_x86[1];
#else
    (void)pool;
    return 0;
#endif
}

/* every argument any adapter passes on; each uses the fields its function takes */
typedef struct prune__job {
    prune__pool *pool;
    prune_float *out, *o2, *o3, *o4;
    const prune_float *in, *i2, *i3, *i4, *i5, *i6;
    const int32_t *ids, *types, *lens, *rows;
    const prune__drop *drop;
    const prune__adamw_hp *hp;
    size_t n, stride;
    int B, T, C, N, NH, nq, pos_offset, causal, resid_full;
    prune_float eps;
} prune__job;

static void prune__job_init(prune__job *j, prune__pool *pool) {
    memset(j, 0, sizeof *j);
    j->pool = pool;
}

/* element range [lo, hi) of task range [tlo, thi) of an element-wise job */
static void prune__elems(const prune__job *j, int tlo, int thi, size_t *lo, size_t *hi) {
    *lo = (size_t)tlo * PRUNE__ELEMS;
    *hi = PRUNE__MIN(j->n, (size_t)thi * PRUNE__ELEMS);
}
static int prune__elem_tasks(size_t n) { return (int)((n + PRUNE__ELEMS - 1) / PRUNE__ELEMS); }

/* embeddings: examples [lo, hi) */
static void prune__embedding_fwd_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    size_t r = (size_t)lo * j->T;
    (void)th;
    prune__embedding_forward(j->out + r * j->C, j->ids ? j->ids + r : NULL, j->types ? j->types + r : NULL, j->in, j->i2, j->i3,
                             hi - lo, j->T, j->C, j->pos_offset);
}
static void prune__par_embedding_forward(prune__pool *pool, prune_float *emb, const int32_t *ids, const int32_t *types,
                                         const prune_float *wte, const prune_float *wpe, const prune_float *wtt,
                                         int B, int T, int C, int pos_offset) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = emb; j.ids = ids; j.types = types; j.in = wte; j.i2 = wpe; j.i3 = wtt; j.T = T; j.C = C; j.pos_offset = pos_offset;
    prune__parallel(pool, B, PRUNE__MAX(1, PRUNE__ROWS / T), prune__embedding_fwd_task, &j);
}

/* embedding backward: columns [lo, hi) */
static void prune__embedding_bwd_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    (void)th;
    prune__embedding_backward(j->out, j->o2, j->o3, j->in, j->ids, j->types, j->B, j->T, j->C, j->pos_offset, lo, hi);
}
static void prune__par_embedding_backward(prune__pool *pool, prune_float *dwte, prune_float *dwpe, prune_float *dwtt,
                                          const prune_float *demb, const int32_t *ids, const int32_t *types,
                                          int B, int T, int C, int pos_offset) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = dwte; j.o2 = dwpe; j.o3 = dwtt; j.in = demb; j.ids = ids; j.types = types;
    j.B = B; j.T = T; j.C = C; j.pos_offset = pos_offset;
    prune__parallel(pool, C, PRUNE__COLS, prune__embedding_bwd_task, &j);
}

/* LayerNorm forward: rows [lo, hi) */
static void prune__layernorm_fwd_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    size_t o = (size_t)lo * j->C;
    (void)th;
    prune__layernorm_forward(j->out + o, j->o2 + lo, j->o3 + lo, j->in + o, j->i2, j->i3, hi - lo, j->C, j->eps);
}
static void prune__par_layernorm_forward(prune__pool *pool, prune_float *out, prune_float *mean, prune_float *rstd,
                                         const prune_float *inp, const prune_float *w, const prune_float *b,
                                         int N, int C, prune_float eps) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = out; j.o2 = mean; j.o3 = rstd; j.in = inp; j.i2 = w; j.i3 = b; j.C = C; j.eps = eps;
    prune__parallel(pool, N, PRUNE__ROWS, prune__layernorm_fwd_task, &j);
}

/* LayerNorm backward: the input's gradient by rows, then the parameters' by columns */
static void prune__layernorm_bwd_rows_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    size_t o = (size_t)lo * j->C;
    (void)th;
    prune__layernorm_backward_input(j->out + o, j->in + o, j->i2 + o, j->i3, j->i4 + lo, j->i5 + lo, hi - lo, j->C);
}
static void prune__layernorm_bwd_cols_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    (void)th;
    prune__layernorm_backward_params(j->o2, j->o3, j->in, j->i2, j->i4, j->i5, j->N, j->C, lo, hi);
}
static void prune__par_layernorm_backward(prune__pool *pool, prune_float *dinp, prune_float *dw, prune_float *db,
                                          const prune_float *dout, const prune_float *inp, const prune_float *w,
                                          const prune_float *mean, const prune_float *rstd, int N, int C) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = dinp; j.o2 = dw; j.o3 = db; j.in = dout; j.i2 = inp; j.i3 = w; j.i4 = mean; j.i5 = rstd; j.N = N; j.C = C;
    prune__parallel(pool, N, PRUNE__ROWS, prune__layernorm_bwd_rows_task, &j);
    prune__parallel(pool, C, PRUNE__COLS, prune__layernorm_bwd_cols_task, &j);
}

/* bias gradient: columns [lo, hi) */
static void prune__bias_bwd_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    (void)th;
    prune__bias_backward(j->out, j->in, j->N, j->C, lo, hi);
}
static void prune__par_bias_backward(prune__pool *pool, prune_float *db, const prune_float *dout, int N, int OC, int ld) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = db; j.in = dout; j.N = N; j.C = ld;
    prune__parallel(pool, OC, PRUNE__COLS, prune__bias_bwd_task, &j);
}

/* dropout (and residual): elements */
static void prune__dropout_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    size_t i0, i1;
    (void)th;
    prune__elems(j, lo, hi, &i0, &i1);
    prune__dropout(j->drop, i0, i1 - i0, j->out + i0, j->in + i0, j->i2 ? j->i2 + i0 : NULL);
}
static void prune__par_dropout(prune__pool *pool, const prune__drop *d, prune_float *out, const prune_float *in,
                               const prune_float *resid, size_t n) {
    prune__job j;
    prune__job_init(&j, pool);
    j.drop = d; j.out = out; j.in = in; j.i2 = resid; j.n = n;
    prune__parallel(pool, prune__elem_tasks(n), 1, prune__dropout_task, &j);
}

/* dropout on the last layer's compact head rows: rows [lo, hi) */
static void prune__dropout_rows_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    size_t o = (size_t)lo * j->C;
    (void)th;
    prune__dropout_rows(j->drop, j->rows + lo, j->out + o, j->in + o, j->i2 && !j->resid_full ? j->i2 + o : j->i2,
                        j->resid_full, hi - lo, j->C);
}
static void prune__par_dropout_rows(prune__pool *pool, const prune__drop *d, const int32_t *rows, prune_float *out,
                                    const prune_float *in, const prune_float *resid, int resid_full, int B, int C) {
    prune__job j;
    prune__job_init(&j, pool);
    j.drop = d; j.rows = rows; j.out = out; j.in = in; j.i2 = resid; j.resid_full = resid_full; j.C = C;
    prune__parallel(pool, B, PRUNE__ROWS, prune__dropout_rows_task, &j);
}

/* the activation (GELU, or OPT's ReLU) and its backward: elements */
static void prune__act_fwd_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    size_t i0, i1;
    (void)th;
    prune__elems(j, lo, hi, &i0, &i1);
    if (j->causal) prune__relu_forward(j->out + i0, j->in + i0, i1 - i0);
    else prune__gelu_forward(j->out + i0, j->in + i0, i1 - i0, prune__simd(j->pool));
}
static void prune__act_bwd_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    size_t i0, i1;
    (void)th;
    prune__elems(j, lo, hi, &i0, &i1);
    if (j->causal) prune__relu_backward(j->out + i0, j->in + i0, i1 - i0);
    else prune__gelu_backward(j->out + i0, j->in + i0, i1 - i0, prune__simd(j->pool));
}
static void prune__par_act_forward(prune__pool *pool, int relu, prune_float *out, const prune_float *inp, size_t n) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = out; j.in = inp; j.n = n; j.causal = relu;   /* ReLU comes with OPT's causal mask */
    prune__parallel(pool, prune__elem_tasks(n), 1, prune__act_fwd_task, &j);
}
static void prune__par_act_backward(prune__pool *pool, int relu, prune_float *d, const prune_float *inp, size_t n) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = d; j.in = inp; j.n = n; j.causal = relu;
    prune__parallel(pool, prune__elem_tasks(n), 1, prune__act_bwd_task, &j);
}

/* attention: one task per (example, head); th's scratch holds the products' packing
   and the T×T blocks. rows NULL: every query row; else the one row rows[b] of
   example b (the last layer) */
static void prune__attention_fwd_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    int T = j->T, C = j->C, hs = C / j->NH, bh, nq = j->rows ? 1 : T;
    for (bh = lo; bh < hi; bh++) {
        int b = bh / j->NH, h = bh % j->NH, q0 = j->rows ? j->rows[b] - b * T : 0;
        prune__attention_forward(j->out + (size_t)b * nq * C + (size_t)h * hs, j->o2 + (size_t)bh * T * T,
                                 j->in + (size_t)b * T * 3 * C + (size_t)h * hs, j->lens[b], T, q0, nq, j->causal, C, hs,
                                 j->drop, (uint64_t)bh * T * T, j->pool->kern, j->pool->scratch[th],
                                 j->pool->scratch[th] + PRUNE__GEMM_SCRATCH);
    }
}
static void prune__attention_bwd_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    int T = j->T, C = j->C, hs = C / j->NH, bh, nq = j->rows ? 1 : T;
    for (bh = lo; bh < hi; bh++) {
        int b = bh / j->NH, h = bh % j->NH, q0 = j->rows ? j->rows[b] - b * T : 0;
        prune__attention_backward(j->out + (size_t)b * T * 3 * C + (size_t)h * hs, j->in + (size_t)b * nq * C + (size_t)h * hs,
                                  j->i2 + (size_t)b * T * 3 * C + (size_t)h * hs, j->i3 + (size_t)bh * T * T, j->lens[b], T, q0,
                                  nq, C, hs, j->drop, (uint64_t)bh * T * T, j->pool->kern, j->pool->scratch[th],
                                  j->pool->scratch[th] + PRUNE__GEMM_SCRATCH);
    }
}
static void prune__par_attention_forward(prune__pool *pool, prune_float *atty, prune_float *att, const prune_float *qkv,
                                         const int32_t *lens, const int32_t *rows, int causal, int B, int T, int C, int NH,
                                         const prune__drop *d) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = atty; j.o2 = att; j.in = qkv; j.lens = lens; j.rows = rows; j.causal = causal; j.T = T; j.C = C; j.NH = NH; j.drop = d;
    prune__parallel(pool, B * NH, 1, prune__attention_fwd_task, &j);
}
static void prune__par_attention_backward(prune__pool *pool, prune_float *dqkv, const prune_float *datty, const prune_float *qkv,
                                          const prune_float *att, const int32_t *lens, const int32_t *rows, int B, int T, int C,
                                          int NH, const prune__drop *d) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = dqkv; j.in = datty; j.i2 = qkv; j.i3 = att; j.lens = lens; j.rows = rows; j.T = T; j.C = C; j.NH = NH; j.drop = d;
    prune__parallel(pool, B * NH, 1, prune__attention_bwd_task, &j);
}

/* AdamW: elements of one tensor */
static void prune__adamw_task(void *v, int lo, int hi, int th) {
    const prune__job *j = (const prune__job *)v;
    size_t i0, i1;
    (void)th;
    prune__elems(j, lo, hi, &i0, &i1);
    prune__adamw(j->out + i0, j->in + i0, j->o2 + i0, j->o3 + i0, i1 - i0, j->hp, prune__simd(j->pool));
}
static void prune__par_adamw(prune__pool *pool, prune_float *p, const prune_float *g, prune_float *m, prune_float *v,
                             size_t n, const prune__adamw_hp *h) {
    prune__job j;
    prune__job_init(&j, pool);
    j.out = p; j.in = g; j.o2 = m; j.o3 = v; j.n = n; j.hp = h;
    prune__parallel(pool, prune__elem_tasks(n), 1, prune__adamw_task, &j);
}

/* Σ g² over n elements: chunks of PRUNE__NORM_CHUNK summed in double by one task
   each, into partials[k], then added in chunk order */
#define PRUNE__NORM_CHUNK 65536
typedef struct prune__sumsq_job { const prune_float *g; size_t n; double *partials; } prune__sumsq_job;
static void prune__sumsq_task(void *v, int lo, int hi, int th) {
    const prune__sumsq_job *j = (const prune__sumsq_job *)v;
    int k;
    (void)th;
    for (k = lo; k < hi; k++) {
        size_t i, i0 = (size_t)k * PRUNE__NORM_CHUNK, i1 = PRUNE__MIN(j->n, i0 + PRUNE__NORM_CHUNK);
        double s = 0;
        for (i = i0; i < i1; i++) s += (double)j->g[i] * j->g[i];
        j->partials[k] = s;
    }
}
static double prune__par_sumsq(prune__pool *pool, const prune_float *g, size_t n, double *partials) {
    prune__sumsq_job j;
    int k, chunks = (int)(n / PRUNE__NORM_CHUNK + 1);
    double s = 0;
    j.g = g; j.n = n; j.partials = partials;
    prune__parallel(pool, chunks, 1, prune__sumsq_task, &j);
    for (k = 0; k < chunks; k++) s += partials[k];
    return s;
}

/* ============================================================================
   [B5 simd] AVX-512 versions of Part A's dropout, GELU and AdamW loops
   Each prune__X_simd does the leading elements it can (a multiple of 16) and
   returns how many; Part A's scalar loop does the rest. One rule decides whether
   they run at all (prune__simd: the model's GEMM kernel is avx512); otherwise they
   return 0 and the scalar loops do everything.
   ========================================================================= */

#if PRUNE__X86
/* prune__dropout below, 16 elements at a time: eight 64-bit hashes per vector.
   Integer hashing is exact, so the masks, and the results, are the scalar ones. */
__attribute__((target("avx512f,avx512dq")))
static __mmask8 prune__kept8(__m512i z, __m512i thresh) {
    z = _mm512_add_epi64(z, _mm512_set1_epi64((long long)0x9E3779B97F4A7C15ull));
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ull));
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), _mm512_set1_epi64((long long)0x94D049BB133111EBull));
    z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
    return _mm512_cmpge_epu64_mask(_mm512_srli_epi64(z, 40), thresh);
}

__attribute__((target("avx512f,avx512dq")))
static size_t prune__dropout_avx512(const prune__drop *d, uint64_t base, size_t n, float *out,
                                    const float *in, const float *resid) {
    __m512i ctr = _mm512_add_epi64(_mm512_set1_epi64((long long)(d->key + base)), _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
    __m512i eight = _mm512_set1_epi64(8), thresh = _mm512_set1_epi64((long long)d->thresh);
    __m512 scale = _mm512_set1_ps(d->scale);
    size_t i;
    for (i = 0; i + 16 <= n; i += 16) {
        __mmask8 lo = prune__kept8(ctr, thresh), hi;
        __m512 x;
        ctr = _mm512_add_epi64(ctr, eight);
        hi = prune__kept8(ctr, thresh);
        ctr = _mm512_add_epi64(ctr, eight);
        x = _mm512_maskz_mul_ps(_mm512_kunpackb(hi, lo), _mm512_loadu_ps(in + i), scale);
        if (resid) x = _mm512_add_ps(_mm512_loadu_ps(resid + i), x);
        _mm512_storeu_ps(out + i, x);
    }
    return i;
}

/* GELU and its derivative 16 at a time, for models on the avx512 kernel. libm's
   erff and expf per element were a fifth of a small model's training step. Phi(x)
   and Phi(x) + x*phi(x) are degree-7 polynomials on 32 intervals of width 0.5
   over [-8, 8) (0 or 1 outside), fitted in double; the lookup of each
   coefficient is one two-register permute. Largest error against the exact
   functions: see the generator, which prints it (about float rounding). */

__attribute__((target("avx512f")))
static __m512 prune__gelu_poly(__m512 x, const float (*tab)[32], float below, float above) {
    const __m512 lo = _mm512_set1_ps(prune__gelu_lo());
    __m512i i = _mm512_cvttps_epi32(_mm512_mul_ps(_mm512_sub_ps(x, lo), _mm512_set1_ps(2.0f)));
    __m512 t, r;
    int k;
    i = _mm512_min_epi32(_mm512_max_epi32(i, _mm512_setzero_si512()), _mm512_set1_epi32(31));
    /* t = x - (lo + 0.5*i + 0.25): the offset from the interval's centre */
    t = _mm512_sub_ps(x, _mm512_fmadd_ps(_mm512_cvtepi32_ps(i), _mm512_set1_ps(0.5f), _mm512_add_ps(lo, _mm512_set1_ps(0.25f))));
    r = _mm512_permutex2var_ps(_mm512_loadu_ps(tab[7]), i, _mm512_loadu_ps(tab[7] + 16));
    for (k = 6; k >= 0; k--)
        r = _mm512_fmadd_ps(r, t, _mm512_permutex2var_ps(_mm512_loadu_ps(tab[k]), i, _mm512_loadu_ps(tab[k] + 16)));
    r = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, lo, _CMP_LT_OQ), r, _mm512_set1_ps(below));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_set1_ps(-prune__gelu_lo()), _CMP_GE_OQ), r, _mm512_set1_ps(above));
}

/* out[i] = gelu(a[i]) (bwd 0) or out[i] *= gelu'(a[i]) (bwd 1) for i < n rounded
   down to 16; returns where it stopped */
__attribute__((target("avx512f")))
static size_t prune__gelu_avx512(size_t n, float *out, const float *a, int bwd) {
    size_t i;
    for (i = 0; i + 16 <= n; i += 16) {
        __m512 x = _mm512_loadu_ps(a + i);
        if (bwd) {
            /* gelu'(±inf) is NaN in the scalar formula (inf·0): keep it, so that an
               overflow shows the same on every path */
            __m512 g = prune__gelu_poly(x, prune__gelu_table(1), 0, 1);
            g = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(_mm512_abs_ps(x), _mm512_set1_ps(INFINITY), _CMP_EQ_OQ), g, _mm512_set1_ps(NAN));
            _mm512_storeu_ps(out + i, _mm512_mul_ps(_mm512_loadu_ps(out + i), g));
        }
        else _mm512_storeu_ps(out + i, _mm512_mul_ps(x, prune__gelu_poly(x, prune__gelu_table(0), 0, 1)));
    }
    return i;
}

/* prune__adamw, 16 at a time: the same operations in the same order, and
   square root and division are correctly rounded in both, so it gives the scalar
   loop's bits where the compiler does not fuse a multiply and an add (ISO C
   modes, -std=c99, do not; GCC's GNU modes may, here and not in the scalar
   loop). Either way each element's result is fixed: thread counts never matter.
   Returns where it stopped. */
__attribute__((target("avx512f")))
static size_t prune__adamw_avx512(const prune__adamw_hp *c, float *p, const float *g, float *mm, float *vv, size_t n) {
    const __m512 scale = _mm512_set1_ps(c->scale), keep = _mm512_set1_ps(c->decay_keep);
    const __m512 b1 = _mm512_set1_ps(c->b1), b2 = _mm512_set1_ps(c->b2);
    const __m512 nb1 = _mm512_set1_ps(1 - c->b1), nb2 = _mm512_set1_ps(1 - c->b2);
    const __m512 step = _mm512_set1_ps(c->step_size), ibc = _mm512_set1_ps(c->inv_bc2_sqrt), eps = _mm512_set1_ps(c->eps);
    size_t i;
    for (i = 0; i + 16 <= n; i += 16) {
        __m512 gi = _mm512_mul_ps(_mm512_loadu_ps(g + i), scale);
        __m512 pi = _mm512_mul_ps(_mm512_loadu_ps(p + i), keep);
        __m512 mi = _mm512_add_ps(_mm512_mul_ps(b1, _mm512_loadu_ps(mm + i)), _mm512_mul_ps(nb1, gi));
        __m512 vi = _mm512_add_ps(_mm512_mul_ps(b2, _mm512_loadu_ps(vv + i)), _mm512_mul_ps(_mm512_mul_ps(nb2, gi), gi));
        __m512 den = _mm512_add_ps(_mm512_mul_ps(_mm512_sqrt_ps(vi), ibc), eps);
        _mm512_storeu_ps(mm + i, mi);
        _mm512_storeu_ps(vv + i, vi);
        _mm512_storeu_ps(p + i, _mm512_sub_ps(pi, _mm512_div_ps(_mm512_mul_ps(step, mi), den)));
    }
    return i;
}
#endif

static size_t prune__dropout_simd(const prune__drop *d, uint64_t base, size_t n, prune_float *out,
                                  const prune_float *in, const prune_float *resid) {
#if PRUNE__X86
    if (d->simd) return prune__dropout_avx512(d, base, n, out, in, resid);
#endif
    (void)d; (void)base; (void)n; (void)out; (void)in; (void)resid;
    return 0;
}

static size_t prune__gelu_simd(prune_float *out, const prune_float *inp, size_t n, int bwd, int simd) {
#if PRUNE__X86
    if (simd) return prune__gelu_avx512(n, out, inp, bwd);
#endif
    (void)out; (void)inp; (void)n; (void)bwd; (void)simd;
    return 0;
}

static size_t prune__adamw_simd(prune_float *p, const prune_float *g, prune_float *m, prune_float *v, size_t n,
                                const prune__adamw_hp *h, int simd) {
#if PRUNE__X86
    if (simd) return prune__adamw_avx512(h, p, g, m, v, n);
#endif
    (void)p; (void)g; (void)m; (void)v; (void)n; (void)h; (void)simd;
    return 0;
}
/* ============================================================================
   [B6 model] Create, free, initialise
   ========================================================================= */

PRUNEDEF void prune_model_free(prune_model *m) {
    void *u;
    if (!m) return;
    u = m->desc.alloc_user;
    prune__pool_free(m->pool);
    PRUNE_FREE(m->params, u); PRUNE_FREE(m->grads, u); PRUNE_FREE(m->adam_m, u); PRUNE_FREE(m->adam_v, u);
    PRUNE_FREE(m->arena, u); PRUNE_FREE(m->partials, u);
    PRUNE_FREE(m->labels, u); PRUNE_FREE(m->ids, u); PRUNE_FREE(m->types, u); PRUNE_FREE(m->lens, u);
    PRUNE_FREE(m->rows, u);
    memset(m, 0, sizeof *m);
}

/* elements per chunk of the gradient-norm sum: fixed, so the sum is too */
#define PRUNE__NORM_CHUNK 65536

PRUNEDEF int prune_model_create(prune_model *m, const prune_model_desc *d, prune_error *err) {
    size_t per[PRUNE__R_COUNT], slots[PRUNE__R_COUNT], off = 0, bt, nchunks, scratch, shared, widest;
    int bad = 0, r, rc, maxlen;
    void *u;
    if (!m || !d) return prune__fail(err, PRUNE_EARG, "prune_model_create: NULL argument");
    memset(m, 0, sizeof *m);
    m->desc = *d;
    u = d->alloc_user;
    if ((rc = prune_config_resolve(&m->desc.config, err)) != PRUNE_OK) return rc;
    maxlen = m->desc.config.max_pos - m->desc.config.pos_offset;
    if (m->desc.max_batch == 0) m->desc.max_batch = 32;
    if (m->desc.max_len == 0) m->desc.max_len = maxlen;
    if (m->desc.threads == 0) m->desc.threads = prune__online_cpus();
    if (m->desc.max_batch < 1 || m->desc.max_batch > (1 << 20))
        return prune__fail(err, PRUNE_EARG, "model: max_batch %d is out of range 1..%d", m->desc.max_batch, 1 << 20);
    if (m->desc.max_len < 1 || m->desc.max_len > maxlen)
        return prune__fail(err, PRUNE_EARG, "model: max_len %d is out of range 1..%d (max_pos %d - pos_offset %d)",
                           m->desc.max_len, maxlen, m->desc.config.max_pos, m->desc.config.pos_offset);
    if (m->desc.threads < 1 || m->desc.threads > 1024)
        return prune__fail(err, PRUNE_EARG, "model: threads %d is out of range 1..1024", m->desc.threads);

    m->nparams = prune__tensor_table(m->tensors, &m->desc.config, &bad);
    prune__regions(&m->desc.config, (size_t)m->desc.max_batch, (size_t)m->desc.max_len, m->desc.training, per, slots, &bad);
    for (r = 0; r < PRUNE__R_COUNT; r++) {
        m->region[r] = off;
        off = prune__add(off, prune__mul(per[r], slots[r], &bad), &bad);
    }
    m->arena_size = off;
    bt = prune__mul((size_t)m->desc.max_batch, (size_t)m->desc.max_len, &bad);
    /* per thread: one serial GEMM's packing, plus two T×T attention blocks */
    scratch = prune__add(PRUNE__GEMM_SCRATCH, prune__mul(2, prune__mul((size_t)m->desc.max_len, (size_t)m->desc.max_len, &bad), &bad), &bad);
    /* shared: one KC-deep slice of the widest op(B) a product here has (3C, F or K
       columns), so each product packs its B once per slice */
    widest = (size_t)PRUNE__MAX(PRUNE__MAX(3 * m->desc.config.hidden, m->desc.config.ffn),
                                PRUNE__MAX(m->desc.config.labels, m->desc.config.embed_dim));
    shared = prune__mul(PRUNE__KC, (widest + PRUNE__NR_MAX - 1) / PRUNE__NR_MAX * PRUNE__NR_MAX, &bad);
    /* the byte counts of every allocation below must not wrap either */
    prune__mul(m->nparams, 4 * sizeof(prune_float), &bad);
    prune__mul(m->arena_size, sizeof(prune_float), &bad);
    prune__mul(scratch, sizeof(prune_float), &bad);
    prune__mul(shared, sizeof(prune_float), &bad);
    if (bad) return prune__fail(err, PRUNE_ENOMEM, "model: sizes overflow (config too large for this machine)");
    nchunks = m->nparams / PRUNE__NORM_CHUNK + 1;

    /* one block each; stop at the first that fails, before touching more memory */
    if (!(m->params = (prune_float *)prune__alloc(m->nparams * sizeof(prune_float), u)) ||
        (m->desc.training && (!(m->grads = (prune_float *)prune__alloc(m->nparams * sizeof(prune_float), u)) ||
                              !(m->adam_m = (prune_float *)prune__alloc(m->nparams * sizeof(prune_float), u)) ||
                              !(m->adam_v = (prune_float *)prune__alloc(m->nparams * sizeof(prune_float), u)))) ||
        /* every activation is written before it is read: no need to zero the arena */
        !(m->arena = (prune_float *)PRUNE_MALLOC(m->arena_size * sizeof(prune_float) + 1, u)) ||
        !(m->labels = (int32_t *)prune__alloc((size_t)m->desc.max_batch * 2 * sizeof(int32_t), u)) ||
        !(m->lens = (int32_t *)prune__alloc((size_t)m->desc.max_batch * sizeof(int32_t), u)) ||
        !(m->rows = (int32_t *)prune__alloc((size_t)m->desc.max_batch * sizeof(int32_t), u)) ||
        !(m->ids = (int32_t *)prune__alloc(bt * sizeof(int32_t), u)) ||
        !(m->types = (int32_t *)prune__alloc(bt * sizeof(int32_t), u)) ||
        !(m->partials = (double *)prune__alloc(nchunks * sizeof(double), u)) ||
        !(m->pool = prune__pool_create(m->desc.threads, scratch, shared, u))) {
        size_t mb = (m->nparams * (m->desc.training ? 4 : 1) + m->arena_size) * sizeof(prune_float) >> 20;
        prune_model_free(m);
        return prune__fail(err, PRUNE_ENOMEM, "model: cannot allocate about %lu MiB (or start %d threads)",
                           (unsigned long)mb, d->threads);
    }
    m->pool->kern = prune__kernel_current();
#ifdef PRUNE_NO_THREADS
    m->desc.threads = 1;
#endif
    return PRUNE_OK;
}

/* BERT's initialisation of one tensor: weights and embeddings ~ N(0, std²) by
   Box-Muller on two counter-based uniforms per element, biases 0, LayerNorm
   weights 1. A tensor's values depend on (seed, tensor) only, so a fresh head made
   when loading a checkpoint equals the same tensor of prune_model_init_weights. */
static void prune__init_tensor(prune_model *m, int t, uint64_t seed, double std) {
    prune_float *p = m->params + m->tensors[t].offset;
    size_t i, n = m->tensors[t].size;
    int is_ln_w = t == PRUNE_EMBLN_W || t == PRUNE_LN1W || t == PRUNE_LN2W || t == PRUNE_LNFW;
    if (m->tensors[t].decay) {
        uint64_t key = prune__key(seed, 0xFFFFFFFFull, (uint64_t)t);
        for (i = 0; i < n; i++) {
            double u1 = prune__uniform(key, 2 * i), u2 = prune__uniform(key, 2 * i + 1);
            p[i] = (prune_float)(std * sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2));
        }
    } else {
        for (i = 0; i < n; i++) p[i] = is_ln_w ? 1 : 0;
    }
}

PRUNEDEF void prune_model_init_head(prune_model *m, uint64_t seed, double std, int pooler_too) {
    if (!m || !m->params) return;
    if (std <= 0) std = 0.02;
    if (pooler_too) { prune__init_tensor(m, PRUNE_POOLW, seed, std); prune__init_tensor(m, PRUNE_POOLB, seed, std); }
    prune__init_tensor(m, PRUNE_CLSW, seed, std);
    prune__init_tensor(m, PRUNE_CLSB, seed, std);
}

PRUNEDEF void prune_model_init_weights(prune_model *m, uint64_t seed, double std) {
    int t;
    if (!m || !m->params) return;
    if (std <= 0) std = 0.02;
    for (t = 0; t < PRUNE_NTENSORS; t++) prune__init_tensor(m, t, seed, std);
}

PRUNEDEF uint64_t prune_params_hash(const prune_model *m) {
    if (!m || !m->params) return 0;
    return prune_hash(PRUNE_HASH_INIT, m->params, m->nparams * sizeof(prune_float));
}

/* ============================================================================
   [B7 datasets] Datasets
   ========================================================================= */

#define PRUNE__DS_HEADER 48

static int prune__host_le(void) {
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

/* Point the arrays into ds->mem (header first), for n examples and nids ids; a
   multiple-choice (choices > 1) or span dataset has its extra arrays after the ids. */
static void prune__ds_views_ext(prune_dataset *ds, int64_t n, uint64_t nids, int choices, int spans) {
    unsigned char *p = (unsigned char *)ds->mem + PRUNE__DS_HEADER;
    ds->n = n;
    ds->rows = (int64_t *)(void *)p;         p += 8 * (size_t)n;
    ds->offsets = (uint64_t *)(void *)p;     p += 8 * ((size_t)n + 1);
    ds->labels = (int32_t *)(void *)p;       p += 4 * (size_t)n;
    ds->len_a = (uint32_t *)(void *)p;       p += 4 * (size_t)n;
    ds->ids = (int32_t *)(void *)p;          p += 4 * (size_t)nids;
    ds->choices = choices > 1 ? choices : 1;
    ds->len_b = choices > 1 ? (uint32_t *)(void *)p : NULL;   p += choices > 1 ? 4 * (size_t)n * (size_t)choices : 0;
    ds->spans = spans ? (int32_t *)(void *)p : NULL;
}
static void prune__ds_views(prune_dataset *ds, int64_t n, uint64_t nids) { prune__ds_views_ext(ds, n, nids, 1, 0); }

/* bytes of the arrays for (n, nids), 0 with *bad set on overflow */
static size_t prune__ds_bytes(uint64_t n, uint64_t nids, int *bad) {
    size_t b = prune__mul((size_t)n, 24, bad);
    if (n > ((size_t)-1) / 32 || nids > ((size_t)-1) / 8) *bad = 1;
    b = prune__add(b, 8, bad);
    return prune__add(b, prune__mul((size_t)nids, 4, bad), bad);
}

static int prune__ds_alloc_ext(prune_dataset *ds, int64_t n, uint64_t nids, int choices, int spans, const char *path,
                               prune_error *err) {
    int bad = 0;
    size_t bytes = prune__add(prune__ds_bytes((uint64_t)n, nids, &bad), PRUNE__DS_HEADER, &bad);
    if (choices > 1) bytes = prune__add(bytes, prune__mul(prune__mul((size_t)n, (size_t)choices, &bad), 4, &bad), &bad);
    if (spans) bytes = prune__add(bytes, prune__mul((size_t)n, 8, &bad), &bad);
    if (bad) return prune__fail(err, PRUNE_ENOMEM, "%s: %lld examples and %llu ids overflow this machine's sizes", path, (long long)n, (unsigned long long)nids);
    ds->mem = PRUNE_MALLOC(bytes, NULL);
    if (!ds->mem) return prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate %lu bytes", path, (unsigned long)bytes);
    memset(ds->mem, 0, PRUNE__DS_HEADER);
    prune__ds_views_ext(ds, n, nids, choices, spans);
    return PRUNE_OK;
}
static int prune__ds_alloc(prune_dataset *ds, int64_t n, uint64_t nids, const char *path, prune_error *err) {
    return prune__ds_alloc_ext(ds, n, nids, 1, 0, path, err);
}

PRUNEDEF void prune_dataset_free(prune_dataset *ds) {
    if (!ds) return;
    PRUNE_FREE(ds->mem, NULL);
    memset(ds, 0, sizeof *ds);
}

/* Parse a run of space-separated non-negative decimal int32s in [p, end). With
   out == NULL only counts and checks. Errors give path:line:column. */
static int prune__parse_ints(const char *p, const char *end, const char *line0, int32_t *out, uint64_t *count,
                             const char *path, int64_t line, const char *what, prune_error *err) {
    uint64_t c = 0;
    while (p < end) {
        const char *s = p;
        int64_t v = 0;
        /* digits, then a single space or the end; a leading, doubled or trailing
           space leaves no digits somewhere and is refused */
        while (p < end && *p >= '0' && *p <= '9') {
            v = v * 10 + (*p - '0');
            if (v > 2147483647) break;
            p++;
        }
        if (p < end && *p == ' ' && p + 1 == end && p > s)
            return prune__fail(err, PRUNE_EFORMAT, "%s:%lld:%ld: trailing space after the last %s", path, (long long)line, (long)(p - line0) + 1, what);
        if (p == s || v > 2147483647 || (p < end && *p != ' ')) {
            const char *e = s;
            while (e < end && *e != ' ') e++;
            return prune__fail(err, PRUNE_EFORMAT, "%s:%lld:%ld: '%.*s' is not a %s (a decimal integer 0..2147483647, separated by single spaces)",
                               path, (long long)line, (long)(s - line0) + 1, (int)PRUNE__MIN(e - s, 40), s, what);
        }
        if (out) out[c] = (int32_t)v;
        c++;
        if (p < end) p++;   /* the single space */
    }
    *count = c;
    return PRUNE_OK;
}

/* One pass over the text: with ds->mem == NULL count, else fill. */
static int prune__ds_text_pass(prune_dataset *ds, const char *buf, size_t size, const char *path,
                               int64_t *n_out, uint64_t *nids_out, int *pairs_out, prune_error *err) {
    const char *p = buf, *end = buf + size;
    int64_t n = 0, line = 0;
    uint64_t nids = 0;
    int pairs = -1, rc;
    while (p < end) {
        const char *eol = (const char *)memchr(p, '\n', (size_t)(end - p)), *le, *f[4];
        int nf = 0;
        uint64_t c;
        int32_t label;
        if (!eol) eol = end;
        le = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
        line++;
        if (le == p) return prune__fail(err, PRUNE_EFORMAT, "%s:%lld: empty line (every line is an example: label<TAB>ids)", path, (long long)line);
        f[0] = p;
        {
            const char *q;
            for (q = p; q < le; q++)
                if (*q == '\t') {
                    if (++nf > 2) return prune__fail(err, PRUNE_EFORMAT, "%s:%lld: more than 3 tab-separated fields", path, (long long)line);
                    f[nf] = q + 1;
                }
        }
        f[nf + 1] = le + 1;
        if (nf == 0) return prune__fail(err, PRUNE_EFORMAT, "%s:%lld: no tab: expected label<TAB>ids", path, (long long)line);
        if (pairs < 0) pairs = nf == 2;
        else if (pairs != (nf == 2))
            return prune__fail(err, PRUNE_EFORMAT, "%s:%lld: %d fields, but line 1 had %d", path, (long long)line, nf + 1, pairs ? 3 : 2);
        /* count first: the label field must hold exactly one integer before any is stored */
        if ((rc = prune__parse_ints(f[0], f[1] - 1, p, NULL, &c, path, line, "label", err)) != PRUNE_OK) return rc;
        if (c != 1) return prune__fail(err, PRUNE_EFORMAT, "%s:%lld:1: the label must be one integer", path, (long long)line);
        prune__parse_ints(f[0], f[1] - 1, p, &label, &c, path, line, "label", err);
        if (ds->mem) { ds->labels[n] = label; ds->rows[n] = n; ds->offsets[n] = nids; }
        if ((rc = prune__parse_ints(f[1], f[2] - 1, p, ds->mem ? ds->ids + nids : NULL, &c, path, line, "token id", err)) != PRUNE_OK) return rc;
        if (c > 0xFFFFFFFFu) return prune__fail(err, PRUNE_EFORMAT, "%s:%lld: too many ids on one line", path, (long long)line);
        if (ds->mem) ds->len_a[n] = (uint32_t)c;
        nids += c;
        if (pairs) {
            if ((rc = prune__parse_ints(f[2], f[3] - 1, p, ds->mem ? ds->ids + nids : NULL, &c, path, line, "token id", err)) != PRUNE_OK) return rc;
            nids += c;
        }
        n++;
        p = eol + 1;
    }
    if (ds->mem) ds->offsets[n] = nids;
    *n_out = n; *nids_out = nids; *pairs_out = pairs > 0;
    return PRUNE_OK;
}

static void prune__ds_finish(prune_dataset *ds, int pairs) {
    int64_t i;
    ds->pairs = pairs;
    ds->num_labels = 0;
    for (i = 0; i < ds->n; i++) if (ds->labels[i] >= ds->num_labels) ds->num_labels = ds->labels[i] + 1;
}

PRUNEDEF int prune_dataset_read_text(prune_dataset *ds, const char *path, prune_error *err) {
    if (!(ds)) return prune__fail(err, PRUNE_EARG, "dataset read: the dataset is NULL");
    char *buf;
    size_t size;
    int64_t n;
    uint64_t nids;
    int pairs, rc;
    memset(ds, 0, sizeof *ds);
    if ((rc = prune__read_file(path, &buf, &size, PRUNE__FILE_MAX, err)) != PRUNE_OK) return rc;
    rc = prune__ds_text_pass(ds, buf, size, path, &n, &nids, &pairs, err);   /* count and check */
    if (rc == PRUNE_OK && n == 0) rc = prune__fail(err, PRUNE_EFORMAT, "%s: no examples", path);
    if (rc == PRUNE_OK) rc = prune__ds_alloc(ds, n, nids, path, err);
    if (rc == PRUNE_OK) rc = prune__ds_text_pass(ds, buf, size, path, &n, &nids, &pairs, err);   /* fill */
    PRUNE_FREE(buf, NULL);
    if (rc != PRUNE_OK) { prune_dataset_free(ds); return rc; }
    prune__ds_finish(ds, pairs);
    return PRUNE_OK;
}

/* decimal digits of v into the end of a 12-byte buffer; returns the first digit */
static char *prune__utoa(char *end, uint32_t v) {
    do { *--end = (char)('0' + v % 10); v /= 10; } while (v);
    return end;
}

/* the two formats hold one sequence (or pair) per example, with a class: not yet
   the options of multiple choice or the answer spans of QA, which are read from
   their source files each time (prune_race_tokenize, prune_squad_features_make) */
static int prune__ds_plain(const prune_dataset *ds, const char *path, prune_error *err) {
    if (prune__choices(ds) > 1 || ds->spans)
        return prune__fail(err, PRUNE_EARG, "%s: a dataset of %s cannot be written in the tokenized formats; read it from its source each time",
                           path ? path : "dataset", ds->spans ? "answer spans" : "multiple-choice questions");
    return PRUNE_OK;
}

PRUNEDEF int prune_dataset_write_text(const prune_dataset *ds, const char *path, prune_error *err) {
    if (!(ds && ds->offsets)) return prune__fail(err, PRUNE_EARG, "dataset write: the dataset is NULL");
    if (prune__ds_plain(ds, path, err) != PRUNE_OK) return PRUNE_EARG;
    prune_file o;
    char line[4096];
    int64_t i;
    int rc;
    if ((rc = prune_file_open(&o, path, err)) != PRUNE_OK) return rc;
    for (i = 0; i < ds->n; i++) {
        uint64_t k, a = ds->offsets[i] + ds->len_a[i];
        size_t used = 0;
        char num[12], *d;
        d = prune__utoa(num + 12, (uint32_t)ds->labels[i]);
        memcpy(line, d, (size_t)(num + 12 - d)); used = (size_t)(num + 12 - d);
        line[used++] = '\t';
        for (k = ds->offsets[i]; k < ds->offsets[i + 1]; k++) {
            if (k == a && ds->pairs) line[used++] = '\t';
            else if (k != ds->offsets[i]) line[used++] = ' ';
            d = prune__utoa(num + 12, (uint32_t)ds->ids[k]);
            memcpy(line + used, d, (size_t)(num + 12 - d)); used += (size_t)(num + 12 - d);
            if (used > sizeof line - 32) { prune__file_write(&o, line, used); used = 0; }
        }
        if (ds->pairs && a == ds->offsets[i + 1]) line[used++] = '\t';   /* empty segment B */
        line[used++] = '\n';
        prune__file_write(&o, line, used);
    }
    return prune_file_commit(&o, err);
}

PRUNEDEF int prune_dataset_save(const prune_dataset *ds, const char *path, prune_error *err) {
    if (!(ds && ds->offsets)) return prune__fail(err, PRUNE_EARG, "dataset save: the dataset is NULL");
    if (prune__ds_plain(ds, path, err) != PRUNE_OK) return PRUNE_EARG;
    unsigned char h[PRUNE__DS_HEADER];
    prune_file o;
    int bad = 0, rc;
    size_t bytes = prune__ds_bytes((uint64_t)ds->n, ds->offsets[ds->n], &bad);
    const unsigned char *payload = (const unsigned char *)ds->mem + PRUNE__DS_HEADER;
    /* the arrays are written as they lie in memory: little-endian hosts only, as
       every binary format of this library (the files are little-endian) */
    if (!prune__host_le()) return prune__fail(err, PRUNE_ESTATE, "%s: binary datasets are written on little-endian hosts only", path);
    memcpy(h, "PRUNEDS1", 8);
    prune__put_u32(h + 8, 1);
    prune__put_u32(h + 12, ds->pairs ? 1u : 0u);
    prune__put_u64(h + 16, (uint64_t)ds->n);
    prune__put_u64(h + 24, ds->offsets[ds->n]);
    prune__put_u32(h + 32, (uint32_t)ds->num_labels);
    prune__put_u32(h + 36, 0);
    prune__put_u64(h + 40, prune_hash(PRUNE_HASH_INIT, payload, bytes));
    if ((rc = prune_file_open(&o, path, err)) == PRUNE_OK) {
        prune__file_write(&o, h, sizeof h);
        prune__file_write(&o, payload, bytes);
        rc = prune_file_commit(&o, err);
    }
    return rc;
}

PRUNEDEF int prune_dataset_load(prune_dataset *ds, const char *path, prune_error *err) {
    if (!(ds)) return prune__fail(err, PRUNE_EARG, "dataset load: the dataset is NULL");
    char *buf;
    size_t size, want;
    const unsigned char *h;
    uint64_t n, nids;
    int rc, bad = 0;
    int64_t i;
    memset(ds, 0, sizeof *ds);
    if (!prune__host_le()) return prune__fail(err, PRUNE_ESTATE, "%s: binary datasets are read on little-endian hosts only", path);
    if ((rc = prune__read_file(path, &buf, &size, PRUNE__FILE_MAX, err)) != PRUNE_OK) return rc;
    h = (const unsigned char *)buf;
    /* the message is formatted before the buffer it may quote is freed */
#define PRUNE__DS_BAD(...) do { prune__fail(err, PRUNE_EFORMAT, __VA_ARGS__); PRUNE_FREE(buf, NULL); memset(ds, 0, sizeof *ds); return PRUNE_EFORMAT; } while (0)
    if (size < PRUNE__DS_HEADER || memcmp(h, "PRUNEDS1", 8) != 0) PRUNE__DS_BAD("%s: not a prune.h dataset (no PRUNEDS1 magic at byte 0)", path);
    if (prune__get_u32(h + 8) != 1) PRUNE__DS_BAD("%s: byte 8: format version %u, this library reads 1", path, prune__get_u32(h + 8));
    if (prune__get_u32(h + 12) > 1) PRUNE__DS_BAD("%s: byte 12: unknown flags %u", path, prune__get_u32(h + 12));
    n = prune__get_u64(h + 16);
    nids = prune__get_u64(h + 24);
    want = prune__add(prune__ds_bytes(n, nids, &bad), PRUNE__DS_HEADER, &bad);
    if (bad || n > (uint64_t)1 << 40 || want != size)
        PRUNE__DS_BAD("%s: header says %llu examples and %llu ids (%llu bytes), the file has %lu bytes: truncated or corrupt",
                      path, (unsigned long long)n, (unsigned long long)nids, (unsigned long long)(bad ? 0 : want), (unsigned long)size);
    if (prune_hash(PRUNE_HASH_INIT, h + PRUNE__DS_HEADER, size - PRUNE__DS_HEADER) != prune__get_u64(h + 40))
        PRUNE__DS_BAD("%s: checksum mismatch: the data after byte %d is corrupt", path, PRUNE__DS_HEADER);
    ds->mem = buf;
    prune__ds_views(ds, (int64_t)n, nids);
    /* structure: offsets rise from 0 to nids, segment A inside its example */
    if (ds->offsets[0] != 0 || ds->offsets[n] != nids) PRUNE__DS_BAD("%s: offsets do not run from 0 to %llu", path, (unsigned long long)nids);
    for (i = 0; i < (int64_t)n; i++) {
        size_t at = PRUNE__DS_HEADER + 8 * n + 8 * (size_t)i;
        if (ds->offsets[i + 1] < ds->offsets[i]) PRUNE__DS_BAD("%s: byte %lu: offsets of example %lld go backwards", path, (unsigned long)at, (long long)i);
        if (ds->len_a[i] > ds->offsets[i + 1] - ds->offsets[i]) PRUNE__DS_BAD("%s: example %lld: segment A is longer than the example", path, (long long)i);
        if (ds->labels[i] < 0) PRUNE__DS_BAD("%s: example %lld: negative label %d", path, (long long)i, ds->labels[i]);
        /* rows name examples in rows files: each at most once (every writer gives them ascending) */
        if (ds->rows[i] < 0 || (i > 0 && ds->rows[i] <= ds->rows[i - 1]))
            PRUNE__DS_BAD("%s: example %lld: row %lld %s", path, (long long)i, (long long)ds->rows[i],
                          ds->rows[i] < 0 ? "is negative" : "does not follow the previous example's: rows must ascend, each once");
    }
    for (i = 0; i < (int64_t)nids; i++)
        if (ds->ids[i] < 0) PRUNE__DS_BAD("%s: id %lld is negative", path, (long long)i);
#undef PRUNE__DS_BAD
    prune__ds_finish(ds, prune__get_u32(h + 12) & 1);
    if ((uint32_t)ds->num_labels > prune__get_u32(h + 32)) {
        prune__fail(err, PRUNE_EFORMAT, "%s: a label is >= the header's label count %u", path, prune__get_u32(h + 32));
        prune_dataset_free(ds);
        return PRUNE_EFORMAT;
    }
    ds->num_labels = (int32_t)prune__get_u32(h + 32);
    return PRUNE_OK;
}

PRUNEDEF int prune_dataset_open(prune_dataset *ds, const char *path, prune_error *err) {
    char magic[8] = {0};
    FILE *f;
    size_t got;
    if (!ds || !path) return prune__fail(err, PRUNE_EARG, "dataset open: the dataset or the path is NULL");
    f = fopen(path, "rb");
    if (!f) { memset(ds, 0, sizeof *ds); return prune__fail(err, PRUNE_EIO, "%s: cannot open for reading", path); }
    got = fread(magic, 1, 8, f);
    fclose(f);
    return got == 8 && memcmp(magic, "PRUNEDS1", 8) == 0 ? prune_dataset_load(ds, path, err) : prune_dataset_read_text(ds, path, err);
}

PRUNEDEF int prune_dataset_check(const prune_dataset *ds, int32_t vocab_size, int32_t num_labels, prune_error *err) {
    int64_t i;
    uint64_t k;
    if (!ds) return prune__fail(err, PRUNE_EARG, "dataset check: the dataset is NULL");
    for (i = 0; i < ds->n; i++) {
        if (num_labels > 0 && ds->labels[i] >= num_labels)
            return prune__fail(err, PRUNE_EARG, "example %lld (row %lld): label %d, but the model has %d labels",
                               (long long)i, (long long)ds->rows[i], ds->labels[i], num_labels);
        for (k = ds->offsets[i]; k < ds->offsets[i + 1]; k++)
            if (ds->ids[k] >= vocab_size)
                return prune__fail(err, PRUNE_EARG, "example %lld (row %lld), token %llu: id %d, but the vocabulary has %d",
                                   (long long)i, (long long)ds->rows[i], (unsigned long long)(k - ds->offsets[i]), ds->ids[k], vocab_size);
        if (prune__choices(ds) > 1) {   /* the options fill the example after its article */
            uint64_t sum = ds->len_a[i];
            int c;
            for (c = 0; c < ds->choices; c++) sum += ds->len_b[(size_t)i * (size_t)ds->choices + (size_t)c];
            if (sum != ds->offsets[i + 1] - ds->offsets[i] || ds->labels[i] < 0 || ds->labels[i] >= ds->choices)
                return prune__fail(err, PRUNE_EARG, "example %lld (row %lld): its %d options do not fill its tokens, or its answer %d is not one of them",
                                   (long long)i, (long long)ds->rows[i], ds->choices, ds->labels[i]);
        }
        if (ds->spans) {   /* an answer's tokens lie in segment B */
            int64_t nb = (int64_t)(ds->offsets[i + 1] - ds->offsets[i] - ds->len_a[i]);
            int32_t s0 = ds->spans[2 * i], s1 = ds->spans[2 * i + 1];
            if (!((s0 == -1 && s1 == -1) || (s0 >= 0 && s1 >= s0 && s1 < nb)))
                return prune__fail(err, PRUNE_EARG, "example %lld (row %lld): answer tokens %d..%d are not in its %lld tokens of segment B",
                                   (long long)i, (long long)ds->rows[i], s0, s1, (long long)nb);
        }
    }
    return PRUNE_OK;
}

/* ---- batching ---- */

PRUNEDEF void prune_batcher_free(prune_batcher *bt) {
    if (!bt) return;
    PRUNE_FREE(bt->mem, NULL);
    memset(bt, 0, sizeof *bt);
}

PRUNEDEF int prune_batcher_init(prune_batcher *bt, int max_batch, int max_len, int32_t cls_id, int32_t sep_id,
                                int32_t pad_id, prune_error *err) {
    size_t bt_n;
    if (!bt) return prune__fail(err, PRUNE_EARG, "batcher: NULL");
    memset(bt, 0, sizeof *bt);
    if (max_batch < 1 || max_batch > (1 << 20) || max_len < 3 || max_len > (1 << 20))
        return prune__fail(err, PRUNE_EARG, "batcher: batch %d must be in 1..%d and max length %d in 3..%d", max_batch, 1 << 20, max_len, 1 << 20);
    bt->max_batch = max_batch; bt->max_len = max_len;
    bt->cls_id = cls_id; bt->sep_id = sep_id; bt->pad_id = pad_id;
    bt_n = (size_t)max_batch * (size_t)max_len;
    bt->mem = PRUNE_MALLOC(sizeof(int32_t) * (2 * bt_n + 3 * (size_t)max_batch), NULL);   /* labels: [B, 2] for spans */
    if (!bt->mem) return prune__fail(err, PRUNE_ENOMEM, "batcher: cannot allocate %d x %d", max_batch, max_len);
    bt->ids = (int32_t *)bt->mem;
    bt->types = bt->ids + bt_n;
    bt->lens = bt->types + bt_n;
    bt->labels = bt->lens + max_batch;
    return PRUNE_OK;
}

/* the special tokens an example gets: [CLS] [SEP] (+ [SEP] for a pair; RoBERTa: + </s></s>;
   OPT: </s>, + </s> for a pair) */
static int prune__specials(const prune_dataset *ds, int pair_style) {
    if (pair_style == PRUNE_PAIRS_OPT) return ds->pairs ? 2 : 1;
    return ds->pairs ? (pair_style == PRUNE_PAIRS_ROBERTA ? 4 : 3) : 2;
}

/* where sequence c of example i has its segment B, and how long it is */
static const int32_t *prune__seg_b(const prune_dataset *ds, int64_t i, int c, uint64_t *len) {
    const int32_t *b = ds->ids + ds->offsets[i] + ds->len_a[i];
    int NC = prune__choices(ds), k;
    if (NC == 1) { *len = ds->offsets[i + 1] - ds->offsets[i] - ds->len_a[i]; return b; }
    for (k = 0; k < c; k++) b += ds->len_b[(size_t)i * NC + k];
    *len = ds->len_b[(size_t)i * NC + c];
    return b;
}

/* lengths of segments A and B of sequence c of example i after truncation to fit
   max_len with specials */
static void prune__truncate(const prune_dataset *ds, int64_t i, int c, int max_len, int specials, uint64_t *la, uint64_t *lb) {
    uint64_t a = ds->len_a[i], b;
    uint64_t room = (uint64_t)max_len - (uint64_t)specials;
    prune__seg_b(ds, i, c, &b);
    if (a + b > room) {
        /* longest_first as the tokenizers library does it (truncation.rs, behind
           transformers' tokenizers): n1 the shorter segment (A on a tie), n2 the
           longer gets what n1 leaves, at least n1; if they still do not fit, n1 gets
           room/2 and n2 the rest. Neither ever grows. */
        if (!ds->pairs) a = room;
        else {
            int swap = a > b;
            uint64_t n1 = swap ? b : a, n2;
            n2 = n1 > room ? n1 : PRUNE__MAX(n1, room - n1);
            if (n1 + n2 > room) { n1 = room / 2; n2 = n1 + room % 2; }
            if (swap) { uint64_t t = n1; n1 = n2; n2 = t; }
            a = PRUNE__MIN(a, n1);
            b = PRUNE__MIN(b, n2);
        }
    }
    *la = a; *lb = b;
}

PRUNEDEF int prune_example_tokens(const prune_dataset *ds, int64_t i, int max_len) {
    uint64_t a, b;
    int c, most = 0;
    if (!ds || i < 0 || i >= ds->n) return 0;
    for (c = 0; c < prune__choices(ds); c++) {   /* the longest option of a question */
        prune__truncate(ds, i, c, max_len, prune__specials(ds, PRUNE_PAIRS_BERT), &a, &b);
        most = PRUNE__MAX(most, (int)(a + b) + prune__specials(ds, PRUNE_PAIRS_BERT));
    }
    return most;
}

PRUNEDEF int prune_batcher_fill(prune_batcher *bt, const prune_dataset *ds, const int64_t *examples, int count,
                                const prune_batch **out, prune_error *err) {
    int e, c, T = 0, roberta, opt, NC;
    uint64_t la, lb;
    if (!(bt && ds && examples && out)) return prune__fail(err, PRUNE_EARG, "batcher: the batcher, dataset, examples or output is NULL");
    if (bt->pair_style < PRUNE_PAIRS_BERT || bt->pair_style > PRUNE_PAIRS_OPT)
        return prune__fail(err, PRUNE_EARG, "batcher: unknown pair_style %d", bt->pair_style);
    roberta = bt->pair_style == PRUNE_PAIRS_ROBERTA;
    opt = bt->pair_style == PRUNE_PAIRS_OPT;
    if (bt->max_len < prune__specials(ds, bt->pair_style) + (roberta && ds->pairs))
        return prune__fail(err, PRUNE_EARG, "batcher: max length %d leaves no room for the %d special tokens of a%s example", bt->max_len,
                           prune__specials(ds, bt->pair_style), ds->pairs ? " pair" : "n");
    *out = NULL;
    NC = prune__choices(ds);   /* sequences per example */
    if (count < 1 || count * NC > bt->max_batch)
        return prune__fail(err, PRUNE_EARG, "batcher: %d examples%s, must be 1..%d", count, NC > 1 ? " of several options" : "",
                           bt->max_batch / NC);
    for (e = 0; e < count; e++) {
        if (examples[e] < 0 || examples[e] >= ds->n)
            return prune__fail(err, PRUNE_EARG, "batcher: example index %lld is outside the dataset (0..%lld)", (long long)examples[e],
                               (long long)ds->n - 1);
        for (c = 0; c < NC; c++) {
            prune__truncate(ds, examples[e], c, bt->max_len, prune__specials(ds, bt->pair_style), &la, &lb);
            T = PRUNE__MAX(T, (int)(la + lb) + prune__specials(ds, bt->pair_style));
        }
    }
    for (e = 0; e < count * NC; e++) {   /* sequence e: option e % NC of example e / NC */
        int64_t i = examples[e / NC];
        int32_t *ids = bt->ids + (size_t)e * T, *ty = bt->types + (size_t)e * T;
        const int32_t *a = ds->ids + ds->offsets[i], *b = prune__seg_b(ds, i, e % NC, &lb);
        uint64_t k;
        int t = 0, b0;
        prune__truncate(ds, i, e % NC, bt->max_len, prune__specials(ds, bt->pair_style), &la, &lb);
        ids[t] = bt->cls_id; ty[t++] = 0;
        for (k = 0; k < la; k++) { ids[t] = a[k]; ty[t++] = 0; }
        if (!opt || ds->pairs) { ids[t] = bt->sep_id; ty[t++] = 0; }
        b0 = t + roberta;   /* where segment B starts */
        if (ds->pairs) {
            if (roberta) { ids[t] = bt->sep_id; ty[t++] = 0; }
            for (k = 0; k < lb; k++) { ids[t] = b[k]; ty[t++] = roberta || opt ? 0 : 1; }
            if (!opt) { ids[t] = bt->sep_id; ty[t++] = roberta ? 0 : 1; }
        }
        bt->lens[e] = t;
        if (ds->spans) {   /* the answer's tokens in this sequence; none: the first token */
            int32_t s0 = ds->spans[2 * i], s1 = ds->spans[2 * i + 1];
            if (s0 >= 0 && ((uint64_t)s1 >= lb || s1 < s0))
                return prune__fail(err, PRUNE_EARG, "batcher: example %lld (row %lld): its answer (tokens %d..%d of segment B) does not fit in max length "
                                   "%d (%llu of B's tokens do): its features were cut for a longer sequence", (long long)i, (long long)ds->rows[i],
                                   s0, s1, bt->max_len, (unsigned long long)lb);
            bt->labels[2 * e] = s0 >= 0 ? b0 + s0 : 0;
            bt->labels[2 * e + 1] = s0 >= 0 ? b0 + s1 : 0;
        } else if (e % NC == 0) {
            bt->labels[e / NC] = ds->labels[i];
        }
        for (; t < T; t++) { ids[t] = bt->pad_id; ty[t] = 0; }
    }
    bt->batch.B = count * NC; bt->batch.T = T; bt->batch.choices = NC;
    bt->batch.ids = bt->ids; bt->batch.types = bt->types; bt->batch.lens = bt->lens; bt->batch.labels = bt->labels;
    *out = &bt->batch;
    return PRUNE_OK;
}

/* ---- orders ---- */

typedef struct prune__lenpos { int len; int64_t pos, idx; } prune__lenpos;

static int prune__lenpos_cmp(const void *x, const void *y) {
    const prune__lenpos *a = (const prune__lenpos *)x, *b = (const prune__lenpos *)y;
    if (a->len != b->len) return a->len < b->len ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;   /* a total order: qsort's result is fixed */
}

/* Fisher-Yates with counter-based draws: the permutation is a function of key */
static void prune__shuffle(int64_t *v, int64_t n, uint64_t key) {
    int64_t i;
    for (i = n - 1; i > 0; i--) {
        int64_t j = (int64_t)(prune__mix(key + (uint64_t)i) % (uint64_t)(i + 1)), t = v[i];
        v[i] = v[j]; v[j] = t;
    }
}

/* The order of the examples idx[0..n) (all of ds when idx is NULL), see prune_order. */
static int prune__order_of(const prune_dataset *ds, const int64_t *idx, int64_t n, int kind, uint64_t seed, int batch_size,
                           int max_len, int64_t *order, prune_error *err) {
    int64_t i;
    for (i = 0; i < n; i++) order[i] = idx ? idx[i] : i;
    if (kind == PRUNE_ORDER_SEQUENTIAL) return PRUNE_OK;
    prune__shuffle(order, n, prune__key(seed, 0x0DE7ull, 1));
    if (kind == PRUNE_ORDER_BUCKETED) {
        int64_t window, w, nb, *bstart, b;
        prune__lenpos *lp;
        if (batch_size < 1) return prune__fail(err, PRUNE_EARG, "order: batch size %d for bucketing is below 1", batch_size);
        window = (int64_t)batch_size * 50;
        nb = (n + batch_size - 1) / batch_size;
        lp = (prune__lenpos *)PRUNE_MALLOC(sizeof(prune__lenpos) * (size_t)(n ? n : 1), NULL);
        bstart = (int64_t *)PRUNE_MALLOC(sizeof(int64_t) * (size_t)(nb ? nb : 1), NULL);
        if (!lp || !bstart) {
            PRUNE_FREE(lp, NULL); PRUNE_FREE(bstart, NULL);
            return prune__fail(err, PRUNE_ENOMEM, "order: cannot allocate for %lld examples", (long long)n);
        }
        for (i = 0; i < n; i++) { lp[i].len = prune_example_tokens(ds, order[i], max_len); lp[i].pos = i; lp[i].idx = order[i]; }
        for (w = 0; w < n; w += window) qsort(lp + w, (size_t)PRUNE__MIN(window, n - w), sizeof *lp, prune__lenpos_cmp);
        /* batch b is lp[b*batch_size ...]: shuffle the batches, keep each one whole.
           A short last batch stays last: anywhere else it would shift every later
           batch off the boundaries the consumer cuts at (every batch_size), and each
           of them would straddle two sorted runs (SST-2 train, batch 32: 28.5% of
           token slots were padding instead of 4.5%) */
        for (b = 0; b < nb; b++) bstart[b] = b;
        prune__shuffle(bstart, n % batch_size ? nb - 1 : nb, prune__key(seed, 0x0DE7ull, 2));
        for (b = 0, i = 0; b < nb; b++) {
            int64_t k, s0 = bstart[b] * batch_size, s1 = PRUNE__MIN(n, s0 + batch_size);
            for (k = s0; k < s1; k++) order[i++] = lp[k].idx;
        }
        PRUNE_FREE(lp, NULL);
        PRUNE_FREE(bstart, NULL);
    }
    return PRUNE_OK;
}

PRUNEDEF int prune_order(const prune_dataset *ds, int kind, uint64_t seed, int batch_size, int max_len,
                         int64_t *order, prune_error *err) {
    if (!ds || !order) return prune__fail(err, PRUNE_EARG, "order: the dataset or the order is NULL");
    if (kind != PRUNE_ORDER_RANDOM && kind != PRUNE_ORDER_BUCKETED && kind != PRUNE_ORDER_SEQUENTIAL)
        return prune__fail(err, PRUNE_EARG, "order: unknown kind %d (PRUNE_ORDER_RANDOM, _BUCKETED or _SEQUENTIAL)", kind);
    return prune__order_of(ds, NULL, ds->n, kind, seed, batch_size, max_len, order, err);
}

PRUNEDEF uint64_t prune_dataset_hash(const prune_dataset *ds) {
    /* every array: rows, offsets, labels, segment lengths and ids */
    uint64_t h;
    if (!ds || !ds->offsets) return 0;
    h = prune_hash(PRUNE_HASH_INIT, &ds->n, sizeof ds->n);
    h = prune_hash(h, &ds->pairs, sizeof ds->pairs);   /* pairs batch differently */
    h = prune_hash(h, ds->rows, sizeof(int64_t) * (size_t)ds->n);
    h = prune_hash(h, ds->offsets, sizeof(uint64_t) * ((size_t)ds->n + 1));
    h = prune_hash(h, ds->labels, sizeof(int32_t) * (size_t)ds->n);
    h = prune_hash(h, ds->len_a, sizeof(uint32_t) * (size_t)ds->n);
    h = prune_hash(h, ds->ids, sizeof(int32_t) * (size_t)ds->offsets[ds->n]);
    /* options and spans (a dataset of one sequence per example hashes as before) */
    if (prune__choices(ds) > 1) {
        h = prune_hash(h, &ds->choices, sizeof ds->choices);
        h = prune_hash(h, ds->len_b, sizeof(uint32_t) * (size_t)ds->n * (size_t)ds->choices);
    }
    if (ds->spans) h = prune_hash(h, ds->spans, sizeof(int32_t) * 2 * (size_t)ds->n);
    return h;
}


/* ============================================================================
   [B8 tokenizer] Tokenizer: Unicode classes and UTF-8
   ========================================================================= */

/* The classes of code points, from tests/reference/gen_unicode_tables.py (its
   tables are in Part C [C1 unicode]). */
/* BEGIN GENERATED UNICODE FLAGS */
#define PRUNE__U_DROP 1   /* removed by the clean-up (U+0000, U+FFFD, is_other: Cc Cf Co Cs) */
#define PRUNE__U_SPACE 2   /* becomes ' ' in the clean-up (\t \n \r and White_Space) */
#define PRUNE__U_CJK 4   /* CJK ideograph: gets a space on each side */
#define PRUNE__U_PUNCT 8   /* punctuation: a word of its own */
#define PRUNE__U_MN 16  /* non-spacing mark: dropped after NFD when uncased */
#define PRUNE__U_WS 32  /* White_Space: splits words; trimmed from vocabulary lines */
#define PRUNE__U_NFD_MAX 4   /* longest full canonical decomposition */
/* END GENERATED UNICODE FLAGS */

/* One UTF-8 character from s[0..left): its code point in *cp and its length, or 0
   when the bytes are not UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
   past U+10FFFF, no truncated sequence). */
static size_t prune__utf8_get(const unsigned char *s, size_t left, uint32_t *cp) {
    uint32_t c = s[0], min;
    size_t n, i;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; c &= 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; c &= 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; c &= 0x07; min = 0x10000; }
    else return 0;                               /* continuation byte, C0, C1, F5..FF */
    if (left < n) return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = c << 6 | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return n;
}

static size_t prune__utf8_put(unsigned char *s, uint32_t cp) {
    if (cp < 0x80) { s[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { s[0] = (unsigned char)(0xC0 | cp >> 6); s[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        s[0] = (unsigned char)(0xE0 | cp >> 12); s[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        s[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    s[0] = (unsigned char)(0xF0 | cp >> 18); s[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    s[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)); s[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ============================================================================
   [B8 tokenizer] Tokenizer: the vocabulary
   ========================================================================= */

#define PRUNE__TOK_MAX_WORD 100                 /* HF's max_input_chars_per_word  */
#define PRUNE__TOK_MAX_LINE ((size_t)1 << 20)   /* longest vocabulary line we take */
#define PRUNE__TOK_MAX_FILE ((size_t)1 << 28)   /* largest vocabulary file (256 MiB) */

/* Hash of a token, or of "##" followed by s when cont: FNV-1a runs byte by byte, so
   hashing "##" and then the piece equals hashing the token "##piece", and a
   continuation piece is looked up without being copied. */
static uint64_t prune__tok_hash(int cont, const unsigned char *s, size_t n) {
    uint64_t h = PRUNE_HASH_INIT;
    if (cont) h = prune_hash(h, "##", 2);
    return prune_hash(h, s, n);
}

/* The slot holding s[0..n) ("##" + s when cont), or the empty slot where it would go. */
static uint32_t prune__tok_probe(const prune_tokenizer *tk, uint64_t h, int cont, const unsigned char *s, size_t n) {
    uint32_t i = (uint32_t)(h >> 32) & tk->mask;   /* high half picks the slot, low half is kept to compare */
    size_t want = n + (cont ? 2 : 0);
    for (;; i = (i + 1) & tk->mask) {
        const prune__tok_slot *sl = &tk->slots[i];
        const char *tok;
        if (sl->id < 0) return i;
        if (sl->hash != (uint32_t)h || tk->len[sl->id] != want) continue;
        tok = tk->text + tk->off[sl->id];
        if (cont && (tok[0] != '#' || tok[1] != '#')) continue;
        if (memcmp(tok + (cont ? 2 : 0), s, n) == 0) return i;
    }
}

static int32_t prune__tok_find(const prune_tokenizer *tk, int cont, const unsigned char *s, size_t n) {
    return tk->slots[prune__tok_probe(tk, prune__tok_hash(cont, s, n), cont, s, n)].id;
}

/* BPE's tables ([B13 bpe]) and the pre-tokenizer's character classes ([C3 bpe]) */
#define PRUNE__B_LETTER 1
#define PRUNE__B_NUMBER 2
#define PRUNE__B_SPACE 4
#define PRUNE__BPE_MAX_ADDED 8

struct prune__bpe {
    uint64_t *mkey;          /* [mmask + 1] (left id << 32 | right id), ~0 for empty */
    int32_t *mrank, *mres;   /* [mmask + 1] the merge's rank (line) and result token */
    uint32_t mmask;
    int32_t nmerges;
    int32_t byte_id[256];    /* the token of each single byte                          */
    int nadded;
    struct { int32_t id; int lstrip; } added[PRUNE__BPE_MAX_ADDED];
};

PRUNEDEF void prune_tokenizer_free(prune_tokenizer *tk) {
    if (!tk) return;
    if (tk->text) PRUNE_FREE(tk->text, NULL);
    if (tk->off) PRUNE_FREE(tk->off, NULL);      /* len and slots share off's block */
    if (tk->bpe) {
        PRUNE_FREE(tk->bpe->mkey, NULL); PRUNE_FREE(tk->bpe->mrank, NULL); PRUNE_FREE(tk->bpe->mres, NULL);
        PRUNE_FREE(tk->bpe, NULL);
    }
    memset(tk, 0, sizeof *tk);
    tk->unk_id = tk->cls_id = tk->sep_id = tk->pad_id = tk->mask_id = -1;
}

PRUNEDEF int prune_tokenizer_load(prune_tokenizer *tk, const char *path, int lowercase, prune_error *err) {
    char *buf;
    size_t size, pos, lines = 0, nslots = 16, bytes;
    int rc, bad = 0;
    uint32_t id;
    if (!tk) return prune__fail(err, PRUNE_EARG, "tokenizer: NULL tokenizer");
    memset(tk, 0, sizeof *tk);
    tk->unk_id = tk->cls_id = tk->sep_id = tk->pad_id = tk->mask_id = -1;
    if (!path) return prune__fail(err, PRUNE_EARG, "tokenizer: NULL vocabulary path");
    rc = prune__read_file(path, &buf, &size, PRUNE__TOK_MAX_FILE, err);
    if (rc != PRUNE_OK) return rc;
    tk->text = buf;

    /* Pass 1: count and check the lines. Like Rust's BufRead::lines (which HF's
       WordPiece::read_file uses), a final '\n' does not start another line, and
       invalid UTF-8 is an error. */
    for (pos = 0; pos < size; lines++) {
        const char *eol = (const char *)memchr(buf + pos, '\n', size - pos);
        size_t end = eol ? (size_t)(eol - buf) : size, i;
        if (end - pos > PRUNE__TOK_MAX_LINE) {
            prune_tokenizer_free(tk);
            return prune__fail(err, PRUNE_EFORMAT, "%s:%lu: line longer than 1 MiB (%lu bytes); not a vocabulary",
                               path, (unsigned long)lines + 1, (unsigned long)(end - pos));
        }
        for (i = pos; i < end;) {
            uint32_t cp;
            size_t k = prune__utf8_get((const unsigned char *)buf + i, end - i, &cp);
            if (!k) {
                prune_tokenizer_free(tk);
                return prune__fail(err, PRUNE_EFORMAT, "%s:%lu: invalid UTF-8 at byte %lu of the line (byte %lu of the file)",
                                   path, (unsigned long)lines + 1, (unsigned long)(i - pos), (unsigned long)i);
            }
            i += k;
        }
        pos = end + 1;
    }
    if (lines == 0) {
        prune_tokenizer_free(tk);
        return prune__fail(err, PRUNE_EFORMAT, "%s: empty vocabulary (no lines)", path);
    }

    /* One block for the token index and the hash table; the file is at most 256 MiB,
       so every count fits in 32 bits, but the products are checked all the same. */
    while (nslots < 2 * lines) nslots *= 2;
    bytes = prune__add(prune__mul(lines, 2 * sizeof(uint32_t), &bad), prune__mul(nslots, sizeof(prune__tok_slot), &bad), &bad);
    tk->off = bad ? NULL : (uint32_t *)PRUNE_MALLOC(bytes, NULL);
    if (!tk->off) {
        prune_tokenizer_free(tk);
        return prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate the index of %lu tokens", path, (unsigned long)lines);
    }
    tk->len = tk->off + lines;
    tk->slots = (prune__tok_slot *)(void *)(tk->len + lines);
    tk->mask = (uint32_t)(nslots - 1);
    for (pos = 0; pos < nslots; pos++) { tk->slots[pos].hash = 0; tk->slots[pos].id = -1; }
    tk->vocab_size = (int32_t)lines;
    tk->lowercase = lowercase ? 1 : 0;

    /* Pass 2: trim each line as HF does (trailing White_Space, "\r" included),
       terminate it in place, and enter it in the table; a later duplicate takes
       over the slot, as a later key does in HF's dictionary. */
    for (pos = 0, id = 0; id < lines; id++) {
        const char *eol = (const char *)memchr(buf + pos, '\n', size - pos);
        size_t end = eol ? (size_t)(eol - buf) : size, n;
        const unsigned char *s = (const unsigned char *)buf + pos;
        uint64_t h;
        uint32_t slot;
        while (end > pos) {
            size_t last = end - 1;
            uint32_t cp;
            while (last > pos && ((unsigned char)buf[last] & 0xC0) == 0x80) last--;
            prune__utf8_get((const unsigned char *)buf + last, end - last, &cp);
            if (!(prune__u_flags(cp) & PRUNE__U_WS)) break;
            end = last;
        }
        n = end - pos;
        buf[end] = 0;          /* end <= size, and read_file put a NUL at buf[size] */
        tk->off[id] = (uint32_t)pos;
        tk->len[id] = (uint32_t)n;
        if (n > tk->max_len) tk->max_len = (uint32_t)n;
        if (n >= 2 && s[0] == '#' && s[1] == '#' && n - 2 > tk->max_cont) tk->max_cont = (uint32_t)(n - 2);
        h = prune__tok_hash(0, s, n);
        slot = prune__tok_probe(tk, h, 0, s, n);
        tk->slots[slot].hash = (uint32_t)h;
        tk->slots[slot].id = (int32_t)id;
        pos = eol ? (size_t)(eol - buf) + 1 : size;
    }

    tk->unk_id = prune_tokenizer_id(tk, "[UNK]");
    tk->cls_id = prune_tokenizer_id(tk, "[CLS]");
    tk->sep_id = prune_tokenizer_id(tk, "[SEP]");
    tk->pad_id = prune_tokenizer_id(tk, "[PAD]");
    tk->mask_id = prune_tokenizer_id(tk, "[MASK]");
    if (tk->unk_id < 0) {
        prune_tokenizer_free(tk);
        return prune__fail(err, PRUNE_EFORMAT, "%s: no [UNK] token in its %lu lines: words it cannot cover would have no id",
                           path, (unsigned long)lines);
    }
    return PRUNE_OK;
}

PRUNEDEF const char *prune_tokenizer_token(const prune_tokenizer *tk, int32_t id) {
    if (!tk || !tk->text || id < 0 || id >= tk->vocab_size) return NULL;
    return tk->text + tk->off[id];
}

PRUNEDEF int32_t prune_tokenizer_id(const prune_tokenizer *tk, const char *token) {
    if (!tk || !tk->slots || !token) return -1;
    return prune__tok_find(tk, 0, (const unsigned char *)token, strlen(token));
}

/* ============================================================================
   Tokenizer: text to ids
   ========================================================================= */

/* The state of one prune_tokenize call. It lives on the caller's stack (about
   1 KB), so a call allocates nothing and one tokenizer serves any number of
   threads. Text streams through it one character at a time; only the current word
   is kept, and only its first 100 characters, since a longer word is [UNK] anyway. */
typedef struct prune__tok {
    const prune_tokenizer *tk;
    int32_t *ids;
    size_t cap, n;                                 /* ids written: min(n, cap)        */
    unsigned char word[4 * PRUNE__TOK_MAX_WORD];   /* UTF-8 of the word's first 100
                                                      characters                      */
    size_t wbytes, wchars;                         /* bytes kept; characters seen     */
    /* Marks with a non-zero combining class wait here until the next starter, so
       that NFD's canonical ordering (a stable sort by class) can be applied; only
       marks that survive step 3 are kept, sorted as they arrive. */
    uint32_t pend[PRUNE__TOK_MAX_WORD + 1];
    unsigned char pccc[PRUNE__TOK_MAX_WORD + 1];
    size_t npend, pend_extra;                      /* kept marks; those past the buffer */
    /* Offsets (prune_tokenize_offsets; offs NULL otherwise): every byte of the word
       remembers the text bytes [wb0, wb1) of the character it came from, so a piece
       knows the text it covers; c0, c1 are the current character's. */
    uint32_t *offs;                                /* [2 cap], or NULL                 */
    size_t c0, c1, wfirst, wlast;                  /* the word's first and last text bytes */
    uint32_t wb0[4 * PRUNE__TOK_MAX_WORD], wb1[4 * PRUNE__TOK_MAX_WORD];
    uint32_t pend0[PRUNE__TOK_MAX_WORD + 1], pend1[PRUNE__TOK_MAX_WORD + 1];
    long base;                                     /* BPE: the text offset of the piece's
                                                      first byte (-1: an added space)    */
    const unsigned char *text;                     /* the text                          */
    size_t len;                                    /* its bytes                         */
} prune__tok;

/* id, from text bytes [b, e) */
static void prune__tok_emit_at(prune__tok *t, int32_t id, size_t b, size_t e) {
    if (t->n < t->cap) {
        t->ids[t->n] = id;
        if (t->offs) { t->offs[2 * t->n] = (uint32_t)b; t->offs[2 * t->n + 1] = (uint32_t)e; }
    }
    t->n++;
}
/* a WordPiece id of the current word: bytes [b, e) of t->word, or (b = e = 0) all of it */
static void prune__tok_emit(prune__tok *t, int32_t id) { prune__tok_emit_at(t, id, t->wfirst, t->wlast); }
static void prune__tok_emit_piece(prune__tok *t, int32_t id, size_t b, size_t e) {
    if (t->offs && e > b) prune__tok_emit_at(t, id, t->wb0[b], t->wb1[e - 1]);
    else prune__tok_emit(t, id);
}

/* Step 5 on the word in t->word: greedy longest-match-first, as HF's WordPiece. */
static void prune__tok_wordpiece(prune__tok *t) {
    const prune_tokenizer *tk = t->tk;
    const unsigned char *w = t->word;
    size_t len = t->wbytes, start = 0, first = t->n;
    while (start < len) {
        size_t limit = start ? tk->max_cont : tk->max_len;
        size_t end = len - start > limit ? start + limit : len;
        int32_t id = -1;
        /* no token is longer than limit: start from there, on a character boundary */
        while (end > start && end < len && (w[end] & 0xC0) == 0x80) end--;
        while (end > start) {
            id = prune__tok_find(tk, start > 0, w + start, end - start);
            if (id >= 0) break;
            do end--; while (end > start && (w[end] & 0xC0) == 0x80);   /* one character shorter */
        }
        if (id < 0) {                 /* cannot cover the word: the whole word is one [UNK] */
            t->n = first;
            prune__tok_emit(t, tk->unk_id);
            return;
        }
        prune__tok_emit_piece(t, id, start, end);
        start = end;
    }
}

/* End of a word (a space, a punctuation character, a CJK ideograph, a special token
   or the end of the text): turn it into ids. */
static void prune__tok_flush_word(prune__tok *t) {
    if (t->wchars == 0) return;
    if (t->wchars > PRUNE__TOK_MAX_WORD) prune__tok_emit(t, t->tk->unk_id);
    else prune__tok_wordpiece(t);
    t->wbytes = t->wchars = 0;
}

static void prune__tok_push(prune__tok *t, uint32_t cp) {
    if (t->wchars == 0) t->wfirst = t->c0;
    t->wlast = t->c1;
    if (t->wchars++ < PRUNE__TOK_MAX_WORD) {
        size_t k = prune__utf8_put(t->word + t->wbytes, cp), b;
        for (b = t->wbytes; b < t->wbytes + k; b++) { t->wb0[b] = (uint32_t)t->c0; t->wb1[b] = (uint32_t)t->c1; }
        t->wbytes += k;
    }
}

/* Step 4 on one normalised character: spaces end a word, punctuation is a word. */
static void prune__tok_norm(prune__tok *t, uint32_t cp) {
    unsigned f = prune__u_flags(cp);
    if (f & PRUNE__U_PUNCT) {
        prune__tok_flush_word(t);
        prune__tok_push(t, cp);
        prune__tok_flush_word(t);
    } else if (f & PRUNE__U_WS) {
        prune__tok_flush_word(t);
    } else {
        prune__tok_push(t, cp);
    }
}

/* A starter has come: the waiting marks are in canonical order; lower-case them
   and pass them on. (The generator checks that none is punctuation or space.) */
static void prune__tok_flush_marks(prune__tok *t) {
    size_t i, c0 = t->c0, c1 = t->c1;
    for (i = 0; i < t->npend; i++) {   /* each mark came from its own character */
        t->c0 = t->pend0[i]; t->c1 = t->pend1[i];
        prune__tok_norm(t, prune__u_lower(t->pend[i]));
    }
    t->c0 = c0; t->c1 = c1;
    t->wchars += t->pend_extra;      /* more than 100 marks: the word is [UNK] */
    t->npend = t->pend_extra = 0;
}

/* Step 3 (uncased): NFD, drop Mn, lower-case. HF runs NFD over the whole text, so
   marks are reordered across character boundaries: a mark's canonical ordering is
   settled only at the next starter. A dropped mark cannot change the order of the
   kept ones (a stable sort restricted to a subset is the sort of that subset), but
   a dropped starter still ends a run, so it still flushes. */
static void prune__tok_fold(prune__tok *t, uint32_t cp) {
    uint32_t d[PRUNE__U_NFD_MAX];
    int k = prune__u_decompose(cp, d), i;
    for (i = 0; i < k; i++) {
        unsigned ccc = prune__u_ccc(d[i]);
        if (ccc == 0) prune__tok_flush_marks(t);
        if (prune__u_flags(d[i]) & PRUNE__U_MN) continue;          /* strip the accent */
        if (ccc == 0) {
            prune__tok_norm(t, prune__u_lower(d[i]));
        } else if (t->npend <= PRUNE__TOK_MAX_WORD) {
            size_t j = t->npend++;                                   /* insertion, stable */
            while (j > 0 && t->pccc[j - 1] > ccc) {
                t->pend[j] = t->pend[j - 1]; t->pccc[j] = t->pccc[j - 1];
                t->pend0[j] = t->pend0[j - 1]; t->pend1[j] = t->pend1[j - 1];
                j--;
            }
            t->pend[j] = d[i];
            t->pccc[j] = (unsigned char)ccc;
            t->pend0[j] = (uint32_t)t->c0; t->pend1[j] = (uint32_t)t->c1;
        } else {
            t->pend_extra++;
        }
    }
}

/* Steps 1 to 3 on one character of the text. */
static void prune__tok_char(prune__tok *t, uint32_t cp) {
    unsigned f;
    if (cp < 0x80 && prune__u_flags(cp) == 0) {      /* fast path: ASCII letter or digit */
        if (t->npend) prune__tok_flush_marks(t);
        if (t->tk->lowercase && cp - 'A' < 26u) cp += 32;
        if (t->wchars == 0) t->wfirst = t->c0;
        t->wlast = t->c1;
        if (t->wchars++ < PRUNE__TOK_MAX_WORD) {
            t->wb0[t->wbytes] = (uint32_t)t->c0; t->wb1[t->wbytes] = (uint32_t)t->c1;
            t->word[t->wbytes++] = (unsigned char)cp;
        }
        return;
    }
    f = prune__u_flags(cp);
    if (f & PRUNE__U_DROP) return;                    /* step 1: gone, joins its neighbours */
    if (f & (PRUNE__U_SPACE | PRUNE__U_CJK)) {        /* step 1: a space; step 2: space before */
        prune__tok_flush_marks(t);
        prune__tok_flush_word(t);
        if (f & PRUNE__U_SPACE) return;
    }
    if (t->tk->lowercase) prune__tok_fold(t, cp);
    else prune__tok_norm(t, cp);
    if (f & PRUNE__U_CJK) {                           /* step 2: space after */
        prune__tok_flush_marks(t);
        prune__tok_flush_word(t);
    }
}

/* Step 0: the length of the special token at s (0 if none) and its id. HF matches
   them before any normalisation, leftmost-longest; none of the five is a prefix of
   another, so the first match is the longest. A special token missing from the
   vocabulary is ordinary text here (HF would give it an id past the vocabulary). */
static size_t prune__tok_special(const prune_tokenizer *tk, const unsigned char *s, size_t left, int32_t *id) {
    static const char *const names[5] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    int32_t ids[5];
    int i;
    ids[0] = tk->pad_id; ids[1] = tk->unk_id; ids[2] = tk->cls_id; ids[3] = tk->sep_id; ids[4] = tk->mask_id;
    for (i = 0; i < 5; i++) {
        size_t n = strlen(names[i]);
        if (ids[i] >= 0 && left >= n && memcmp(s, names[i], n) == 0) { *id = ids[i]; return n; }
    }
    return 0;
}

/* invalid UTF-8 at byte i of the text: the error, with the bytes shown */
static int prune__tok_bad_utf8(const unsigned char *s, size_t len, size_t i, prune_error *err) {
    char shown[16];
    size_t j, m = len - i < 4 ? len - i : 4;
    for (j = 0; j < m; j++) snprintf(shown + 3 * j, 4, "%02X ", s[i + j]);
    shown[3 * m - 1] = 0;
    return prune__fail(err, PRUNE_EFORMAT, "tokenize: invalid UTF-8 at byte %lu of the text (bytes %s)", (unsigned long)i, shown);
}

static int prune__tokenize(const prune_tokenizer *tk, const char *text, size_t len, int32_t *ids, uint32_t *offs, size_t cap,
                           size_t *n, prune_error *err) {
    prune__tok t;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    if (n) *n = 0;
    if (!tk || !tk->slots || !n || (len && !text) || (cap && !ids))
        return prune__fail(err, PRUNE_EARG, "tokenize: NULL or unloaded argument");
    if (offs && len > 0xFFFFFFFFu) return prune__fail(err, PRUNE_EARG, "tokenize: offsets of a text over 4 GB");
    t.tk = tk; t.ids = ids; t.cap = cap; t.n = 0; t.offs = offs;
    t.wbytes = t.wchars = t.npend = t.pend_extra = 0;
    t.c0 = t.c1 = t.wfirst = t.wlast = 0; t.base = 0; t.text = s; t.len = len;
    if (tk->kind == PRUNE_TOKENIZER_BPE) {
        int rc;
        for (i = 0; i < len;) {   /* the text must be UTF-8 */
            uint32_t cp;
            size_t k = s[i] < 0x80 ? 1 : prune__utf8_get(s + i, len - i, &cp);
            if (!k) return prune__tok_bad_utf8(s, len, i, err);
            i += k;
        }
        rc = prune__bpe_tokenize(&t, s, len, err);
        *n = rc == PRUNE_OK ? t.n : 0;
        return rc;
    }
    while (i < len) {
        uint32_t cp;
        size_t k;
        int32_t id;
        if (s[i] < 0x80) {
            if (s[i] == '[' && (k = prune__tok_special(tk, s + i, len - i, &id)) != 0) {
                prune__tok_flush_marks(&t);
                prune__tok_flush_word(&t);
                prune__tok_emit_at(&t, id, i, i + k);
                i += k;
                continue;
            }
            t.c0 = i; t.c1 = i + 1;
            prune__tok_char(&t, s[i++]);
            continue;
        }
        k = prune__utf8_get(s + i, len - i, &cp);
        if (!k) return prune__tok_bad_utf8(s, len, i, err);
        t.c0 = i; t.c1 = i + k;
        prune__tok_char(&t, cp);
        i += k;
    }
    prune__tok_flush_marks(&t);
    prune__tok_flush_word(&t);
    *n = t.n;
    return PRUNE_OK;
}

PRUNEDEF int prune_tokenize(const prune_tokenizer *tk, const char *text, size_t len, int32_t *ids, size_t cap,
                            size_t *n, prune_error *err) {
    return prune__tokenize(tk, text, len, ids, NULL, cap, n, err);
}

PRUNEDEF int prune_tokenize_offsets(const prune_tokenizer *tk, const char *text, size_t len, int32_t *ids, uint32_t *offs,
                                    size_t cap, size_t *n, prune_error *err) {
    if (cap && !offs) return prune__fail(err, PRUNE_EARG, "tokenize: NULL offsets");
    return prune__tokenize(tk, text, len, ids, offs, cap, n, err);
}

/* ============================================================================
   [B9 tsv] GLUE-style TSV files
   ========================================================================= */

/* ---- labels ---- */

PRUNEDEF void prune_labels_free(prune_labels *l) {
    int32_t i;
    if (!l) return;
    for (i = 0; i < l->count && l->names; i++) PRUNE_FREE(l->names[i], NULL);
    PRUNE_FREE(l->names, NULL);
    memset(l, 0, sizeof *l);
}

/* append a copy of s[0..n) as the next name (room doubles: n labels cost O(n)) */
static int prune__labels_add(prune_labels *l, const char *s, size_t n) {
    char *c = (char *)PRUNE_MALLOC(n + 1, NULL);
    if (!c) return PRUNE_ENOMEM;
    if (l->count == l->capacity) {
        int32_t cap = l->capacity ? 2 * l->capacity : 8;
        char **names = (char **)PRUNE_MALLOC(sizeof(char *) * (size_t)cap, NULL);
        if (!names) { PRUNE_FREE(c, NULL); return PRUNE_ENOMEM; }
        if (l->count) memcpy(names, l->names, sizeof(char *) * (size_t)l->count);
        PRUNE_FREE(l->names, NULL);
        l->names = names;
        l->capacity = cap;
    }
    memcpy(c, s, n);
    c[n] = 0;
    l->names[l->count++] = c;
    return PRUNE_OK;
}

/* A name -> id index over a prune_labels, by open addressing: a lookup costs one
   hash, so reading 100,000 distinct labels is not 100,000² comparisons. slot[i] is
   an id + 1, 0 when empty; the table is kept at most half full. */
typedef struct prune__lindex { int32_t *slot; size_t mask; } prune__lindex;

static void prune__lindex_free(prune__lindex *x) { PRUNE_FREE(x->slot, NULL); x->slot = NULL; x->mask = 0; }

static void prune__lindex_put(prune__lindex *x, const prune_labels *l, int32_t id) {
    size_t i = (size_t)prune_hash(PRUNE_HASH_INIT, l->names[id], strlen(l->names[id])) & x->mask;
    while (x->slot[i]) i = (i + 1) & x->mask;
    x->slot[i] = id + 1;
}

/* (re)index every label of l */
static int prune__lindex_build(prune__lindex *x, const prune_labels *l) {
    size_t cap = 64;
    int32_t i;
    while (cap < 2 * (size_t)l->count + 2) cap *= 2;
    prune__lindex_free(x);
    if (!(x->slot = (int32_t *)PRUNE_MALLOC(sizeof(int32_t) * cap, NULL))) return PRUNE_ENOMEM;
    memset(x->slot, 0, sizeof(int32_t) * cap);
    x->mask = cap - 1;
    for (i = 0; i < l->count; i++) prune__lindex_put(x, l, i);
    return PRUNE_OK;
}

static int32_t prune__lindex_find(const prune__lindex *x, const prune_labels *l, const char *s, size_t n) {
    size_t i = (size_t)prune_hash(PRUNE_HASH_INIT, s, n) & x->mask;
    for (; x->slot[i]; i = (i + 1) & x->mask) {
        const char *name = l->names[x->slot[i] - 1];
        if (strlen(name) == n && memcmp(name, s, n) == 0) return x->slot[i] - 1;
    }
    return -1;
}

/* add a name to l and to its index */
static int prune__lindex_add(prune__lindex *x, prune_labels *l, const char *s, size_t n) {
    if (prune__labels_add(l, s, n) != PRUNE_OK) return PRUNE_ENOMEM;
    if (2 * (size_t)l->count + 2 > x->mask + 1) return prune__lindex_build(x, l);
    prune__lindex_put(x, l, l->count - 1);
    return PRUNE_OK;
}

PRUNEDEF int prune_labels_write(const prune_labels *l, const char *path, prune_error *err) {
    if (!(l)) return prune__fail(err, PRUNE_EARG, "label map write: the map is NULL");
    prune_file o;
    int32_t i;
    int rc;
    if ((rc = prune_file_open(&o, path, err)) != PRUNE_OK) return rc;
    for (i = 0; i < l->count; i++) prune__file_printf(&o, "%d\t%s\n", i, l->names[i]);
    return prune_file_commit(&o, err);
}

PRUNEDEF int prune_labels_read(prune_labels *l, const char *path, prune_error *err) {
    if (!(l)) return prune__fail(err, PRUNE_EARG, "label map read: the map is NULL");
    char *buf, *p, *end;
    size_t size;
    int rc;
    long line = 0;
    prune__lindex x = {NULL, 0};
    memset(l, 0, sizeof *l);
    if ((rc = prune__read_file(path, &buf, &size, (size_t)1 << 26, err)) != PRUNE_OK) return rc;
    if (prune__lindex_build(&x, l) != PRUNE_OK) { PRUNE_FREE(buf, NULL); return prune__fail(err, PRUNE_ENOMEM, "%s: out of memory", path); }
    for (p = buf, end = buf + size; p < end && rc == PRUNE_OK;) {
        char *eol = (char *)memchr(p, '\n', (size_t)(end - p)), *tab, *q;
        long id = 0;
        if (!eol) eol = end;
        line++;
        tab = (char *)memchr(p, '\t', (size_t)(eol - p));
        for (q = p; tab && q < tab && *q >= '0' && *q <= '9' && id < 100000000; q++) id = id * 10 + (*q - '0');
        if (!tab || q != tab || q == p || id != l->count)
            rc = prune__fail(err, PRUNE_EFORMAT, "%s:%ld: expected \"%d<TAB>name\"", path, line, l->count);
        else if (eol - tab - 1 - (eol > tab + 1 && eol[-1] == '\r') == 0 ||
                 prune__lindex_find(&x, l, tab + 1, (size_t)(eol - tab - 1 - (eol[-1] == '\r'))) >= 0)
            rc = prune__fail(err, PRUNE_EFORMAT, "%s:%ld: empty or repeated label name", path, line);
        else if (memchr(tab + 1, 0, (size_t)(eol - tab - 1)))
            rc = prune__fail(err, PRUNE_EFORMAT, "%s:%ld: a NUL byte in the label name", path, line);
        else if (prune__lindex_add(&x, l, tab + 1, (size_t)(eol - tab - 1 - (eol[-1] == '\r'))) != PRUNE_OK)
            rc = prune__fail(err, PRUNE_ENOMEM, "%s: out of memory", path);
        p = eol + 1;
    }
    if (rc == PRUNE_OK && l->count == 0) rc = prune__fail(err, PRUNE_EFORMAT, "%s: no labels", path);
    PRUNE_FREE(buf, NULL);
    prune__lindex_free(&x);
    if (rc != PRUNE_OK) prune_labels_free(l);
    return rc;
}

/* ---- the TSV reader ---- */

/* ---- tables: TSV and CSV rows, plain or with RFC 4180 quoting, and JSON Lines ---- */

#define PRUNE__TSV_MAXCOLS 64

typedef struct prune__table {
    const char *path, *body, *p, *end;   /* body: the first row after the header */
    int format, quoted;
    char delim;
    int64_t line, body_line;             /* the line the next row starts on */
    char *dec;                           /* quoted: the current row's decoded fields */
    prune__jsonl *jl;
} prune__table;

/* A field that starts with a quote at p, RFC 4180: "" inside is one quote, and
   anything else (the delimiter, line breaks) is text. Decoded into dec unless NULL.
   Returns the byte after the closing quote, or NULL when it never closes. *needed:
   the text holds a quote, the delimiter or a line break, the only fields a minimal
   writer quotes; *lines: the line breaks inside. */
static const char *prune__qfield(const char *p, const char *end, char delim, char *dec, size_t *n, int *needed, int64_t *lines) {
    size_t k = 0;
    *needed = 0;
    for (p++; p < end; p++) {
        char c = *p;
        if (c == '"') {
            if (p + 1 < end && p[1] == '"') { *needed = 1; p++; }
            else { *n = k; return p + 1; }
        } else if (c == delim || c == '\n' || c == '\r') {
            *needed = 1;
            if (c == '\n') (*lines)++;
        }
        if (dec) dec[k] = c;
        k++;
    }
    return NULL;
}

/* a row ends here: the end, or a line break (CRLF or LF) */
static int prune__row_end(const char *p, const char *end) {
    return p == end || *p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'));
}

/* TSV quoting, decided from the file (see prune_tsv_tokenize): 1 quoted, 0 plain,
   -1 both (err says where and what to do) */
static int prune__tsv_quoting(const char *path, const char *p, const char *end, int64_t line, prune_error *err) {
    int64_t needed_at = 0, needless_at = 0, bad_at = 0, lines;
    int all = 1, first = 1, needed, at_start = 1;
    size_t n;
    while (p < end) {
        if (at_start && *p == '"') {
            const char *q;
            lines = 0;
            q = prune__qfield(p, end, '\t', NULL, &n, &needed, &lines);
            if (!q || !(q == end || *q == '\t' || prune__row_end(q, end))) { bad_at = line; break; }
            if (needed && !needed_at) needed_at = line;
            if (!needed && !needless_at && !first) needless_at = line;
            line += lines;
            p = q;
        } else {
            if (at_start && first) all = 0;
            while (p < end && *p != '\t' && *p != '\n') p++;
        }
        at_start = 0;
        if (p < end && *p == '\t') { p++; at_start = 1; continue; }
        if (p < end && *p == '\r') p++;
        if (p < end && *p == '\n') p++;
        if (first && all) return 1;   /* every header field quoted: QUOTE_ALL or QUOTE_NONNUMERIC */
        first = 0;
        line++;
        at_start = 1;
    }
    if (!needed_at) return 0;
    if (bad_at || needless_at) {
        prune__fail(err, PRUNE_EFORMAT, "%s: quoting is ambiguous: line %lld has a quoted field that needs its quotes (RFC 4180, as pandas writes), "
                    "but line %lld %s; say how to read it: quoting none (quotes are text, as in GLUE's files; --quoting none) "
                    "or RFC 4180 (--quoting csv)", path, (long long)needed_at, (long long)(bad_at ? bad_at : needless_at),
                    bad_at ? "has a field that starts with a quote and is not quoted that way" : "quotes a field that needs no quotes");
        return -1;
    }
    return 1;
}

/* the next row into f (up to max fields; *nf counts them all): 1, 0 at the end, -1 on
   an error */
static int prune__table_next(prune__table *t, prune__field *f, int max, int *nf, int64_t *line, prune_error *err) {
    const char *p = t->p, *end = t->end;
    char *w = t->dec;
    int n = 0, quoted_any = 0;
    if (t->jl) {
        (void)max;   /* every row has the first row's keys, checked there */
        *nf = -1;
        return prune__jsonl_next(t->jl, f, line, err);
    }
    if (p >= end) return 0;
    *line = t->line;
    if (!t->quoted) {   /* plain: a row is a line, split on the delimiter */
        const char *eol = (const char *)memchr(p, '\n', (size_t)(end - p)), *le;
        if (!eol) eol = end;
        le = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
        t->p = eol < end ? eol + 1 : end;
        t->line++;
        if (le == p) { prune__fail(err, PRUNE_EFORMAT, "%s:%lld: empty line", t->path, (long long)*line); return -1; }
        for (;;) {
            const char *d = (const char *)memchr(p, t->delim, (size_t)(le - p));
            if (n < max) { f[n].s = p; f[n].n = (size_t)((d ? d : le) - p); }
            n++;
            if (!d) break;
            p = d + 1;
        }
        *nf = n;
        return 1;
    }
    for (;;) {   /* quoted: fields may hold the delimiter and line breaks */
        if (p < end && *p == '"') {
            size_t len;
            int needed;
            int64_t lines = 0;
            const char *q = prune__qfield(p, end, t->delim, w, &len, &needed, &lines);
            if (!q) {
                prune__fail(err, PRUNE_EFORMAT, "%s:%lld: the quoted field in column %d never ends (a \" opens it and no closing \" follows)",
                            t->path, (long long)t->line, n + 1);
                return -1;
            }
            if (!(q == end || *q == t->delim || prune__row_end(q, end))) {
                prune__fail(err, PRUNE_EFORMAT, "%s:%lld: text after the closing quote of column %d (inside a quoted field a quote is written \"\")",
                            t->path, (long long)(t->line + lines), n + 1);
                return -1;
            }
            if (n < max) { f[n].s = w; f[n].n = len; }
            w += len;
            t->line += lines;
            p = q;
            quoted_any = 1;
        } else {
            const char *s = p;
            while (p < end && *p != t->delim && *p != '\n') p++;
            if (n < max) { f[n].s = s; f[n].n = (size_t)((p > s && (p == end || *p == '\n') && p[-1] == '\r') ? p - 1 - s : p - s); }
        }
        n++;
        if (p < end && *p == t->delim) { p++; continue; }
        if (p < end && *p == '\r') p++;
        if (p < end && *p == '\n') p++;
        break;
    }
    t->p = p;
    t->line++;
    if (n == 1 && !quoted_any && f[0].n == 0) { prune__fail(err, PRUNE_EFORMAT, "%s:%lld: empty line", t->path, (long long)*line); return -1; }
    *nf = n;
    return 1;
}

static void prune__table_rewind(prune__table *t) {
    t->p = t->body;
    t->line = t->body_line;
}

static void prune__table_close(prune__table *t) {
    prune__jsonl_close(t->jl);
    PRUNE_FREE(t->dec, NULL);
    t->jl = NULL; t->dec = NULL;
}

/* the column called `name`, or numbered (1 = the first) when no column has that name */
static int prune__find_col(const prune__field *h, int nh, const char *name) {
    int i;
    size_t k, len = strlen(name);
    long v = 0;
    for (i = 0; i < nh; i++)
        if (h[i].s && len == h[i].n && memcmp(h[i].s, name, h[i].n) == 0) return i;
    for (k = 0; k < len && k < 6 && name[k] >= '0' && name[k] <= '9'; k++) v = v * 10 + (name[k] - '0');
    if (len > 0 && k == len && v >= 1 && v <= nh) return (int)v - 1;
    return -1;
}

/* "the columns are: a, b, c" for a message */
static void prune__list_cols(const prune__field *h, int nh, int no_header, char *buf, size_t size) {
    size_t at;
    int i;
    if (no_header) { snprintf(buf, size, "the rows have %d columns, numbered 1..%d (--no-header)", nh, nh); return; }
    at = (size_t)snprintf(buf, size, "the columns are: ");
    for (i = 0; i < nh && at + 8 < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s'%.*s'", i ? ", " : "", (int)PRUNE__MIN(h[i].n, 40), h[i].s ? h[i].s : "");
    if (i < nh && size > 4) strcpy(buf + size - 5, "...");
}

static int prune__cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the file's format: the caller's, else by name, else by its first byte */
static int prune__table_format(const char *path, const char *body, const char *end, int want) {
    size_t n = strlen(path);
    if (want != PRUNE_FORMAT_AUTO) return want;
    if (n >= 4 && (strcmp(path + n - 4, ".csv") == 0 || strcmp(path + n - 4, ".CSV") == 0)) return PRUNE_FORMAT_CSV;
    if ((n >= 6 && strcmp(path + n - 6, ".jsonl") == 0) || (n >= 5 && strcmp(path + n - 5, ".json") == 0) ||
        (n >= 7 && strcmp(path + n - 7, ".ndjson") == 0))
        return PRUNE_FORMAT_JSONL;
    if (body < end && *body == '{') return PRUNE_FORMAT_JSONL;
    return PRUNE_FORMAT_TSV;
}

/* An open table: the file, its reader, its header and the columns a desc names.
   Shared by prune_tsv_tokenize and prune_tsv_texts, so both read the same rows. */
typedef struct prune__tab {
    prune__table t;
    char *buf, *hcopy;
    const char *start;
    prune__field h[PRUNE__TSV_MAXCOLS];
    int nh, ca, cb, cl, no_header;
    const char *label_name;
} prune__tab;

static void prune__tab_close(prune__tab *x) {
    prune__table_close(&x->t);
    PRUNE_FREE(x->hcopy, NULL);
    PRUNE_FREE(x->buf, NULL);
    x->hcopy = x->buf = NULL;
}

/* back to the first data row (JSON Lines: its reader opened again) */
static int prune__tab_rewind(prune__tab *x, prune_error *err) {
    prune__field f[PRUNE__TSV_MAXCOLS];
    int nf;
    if (!x->t.jl) { prune__table_rewind(&x->t); return PRUNE_OK; }
    prune__jsonl_close(x->t.jl);
    x->t.jl = NULL;
    return prune__jsonl_open(&x->t.jl, x->t.path, x->start, (size_t)(x->t.end - x->start), (size_t)(x->start - x->buf), f,
                             PRUNE__TSV_MAXCOLS, &nf, err);
}

static int prune__tab_open(prune__tab *x, const char *path, const prune_tsv_desc *d, prune_error *err) {
    static const char *const auto_a[] = {"sentence1", "question1", "question", "premise", "sentence", "text"};
    static const char *const auto_b[] = {"sentence2", "question2", "sentence", "hypothesis", NULL, NULL};
    static const char *const fmt_names[] = {"", "TSV", "CSV", "JSON Lines"};
    prune__table *t = &x->t;
    prune__field *h = x->h;
    char cols[400];
    const char *end;
    size_t size;
    int64_t line = 0;
    int rc, i, got_row, no_header = d && d->no_header;
    memset(x, 0, sizeof *x);
    x->ca = x->cb = x->cl = -1;
    x->no_header = no_header;
    if (!path) return prune__fail(err, PRUNE_EARG, "table: the path is NULL");
    if ((rc = prune__read_file(path, &x->buf, &size, PRUNE__FILE_MAX, err)) != PRUNE_OK) return rc;
    x->start = x->buf; end = x->buf + size;
    if (size >= 3 && memcmp(x->buf, "\xEF\xBB\xBF", 3) == 0) x->start += 3;   /* a UTF-8 byte-order mark */
#define PRUNE__TAB_FAIL(code, ...) do { rc = prune__fail(err, code, __VA_ARGS__); goto fail; } while (0)
    t->path = path; t->end = end; t->line = 1;
    t->format = prune__table_format(path, x->start, end, d ? d->format : PRUNE_FORMAT_AUTO);
    if (t->format < PRUNE_FORMAT_TSV || t->format > PRUNE_FORMAT_JSONL) PRUNE__TAB_FAIL(PRUNE_EARG, "%s: unknown format %d", path, t->format);
    if (x->start == end) PRUNE__TAB_FAIL(PRUNE_EFORMAT, "%s: the file is empty", path);

    /* the reader, and the header row */
    if (t->format == PRUNE_FORMAT_JSONL) {
        if ((rc = prune__jsonl_open(&t->jl, path, x->start, (size_t)(end - x->start), (size_t)(x->start - x->buf), h, PRUNE__TSV_MAXCOLS,
                                    &x->nh, err)) != PRUNE_OK)
            goto fail;
    } else {
        int q = d ? d->quoting : PRUNE_QUOTING_AUTO;
        t->delim = t->format == PRUNE_FORMAT_CSV ? ',' : '\t';
        if (t->format == PRUNE_FORMAT_CSV || q == PRUNE_QUOTING_RFC4180) t->quoted = 1;
        else if (q == PRUNE_QUOTING_AUTO && (t->quoted = prune__tsv_quoting(path, x->start, end, 1, err)) < 0) { rc = PRUNE_EFORMAT; goto fail; }
        if (t->quoted && !(t->dec = (char *)PRUNE_MALLOC(size + 1, NULL))) PRUNE__TAB_FAIL(PRUNE_ENOMEM, "%s: out of memory", path);
        t->p = x->start;
        if ((got_row = prune__table_next(t, h, PRUNE__TSV_MAXCOLS, &x->nh, &line, err)) <= 0) {
            if (got_row == 0) PRUNE__TAB_FAIL(PRUNE_EFORMAT, "%s: no rows", path);
            rc = PRUNE_EFORMAT; goto fail;
        }
        if (x->nh > PRUNE__TSV_MAXCOLS) PRUNE__TAB_FAIL(PRUNE_EFORMAT, "%s:1: more than %d columns", path, PRUNE__TSV_MAXCOLS);
        if (no_header) t->p = x->start, t->line = 1;   /* the first row is data: read it again */
    }
    {   /* the header's names may point into memory the next row reuses: keep a copy */
        size_t room = 1;
        char *c;
        for (i = 0; i < x->nh; i++) room += h[i].n + 1;
        if (!(x->hcopy = c = (char *)PRUNE_MALLOC(room, NULL))) PRUNE__TAB_FAIL(PRUNE_ENOMEM, "%s: out of memory", path);
        for (i = 0; i < x->nh; i++) {
            if (h[i].s) memcpy(c, h[i].s, h[i].n);
            c[h[i].n] = 0;
            h[i].s = c;
            c += h[i].n + 1;
        }
    }
    t->body = t->p; t->body_line = t->line;
    prune__list_cols(h, x->nh, no_header, cols, sizeof cols);

    /* columns: named (or numbered), or the first GLUE pair found */
    if (d && d->text_a) {
        if ((x->ca = prune__find_col(h, x->nh, d->text_a)) < 0)
            PRUNE__TAB_FAIL(PRUNE_EARG, "%s: no column '%s' for the first text; %s", path, d->text_a, cols);
    } else if (!no_header) {
        for (i = 0; i < 6 && x->ca < 0; i++)
            if ((x->ca = prune__find_col(h, x->nh, auto_a[i])) >= 0 && auto_b[i]) x->cb = prune__find_col(h, x->nh, auto_b[i]);
    }
    if (x->ca < 0) {
        const char *hint = "";
        if (no_header) hint = "; without a header, name the text column by number (--text-a N)";
        else if (t->format == PRUNE_FORMAT_TSV && x->nh == 1 && memchr(h[0].s, ',', h[0].n))
            hint = "; the header has one column and commas: is this a comma-separated file? (--format csv, or name it .csv)";
        PRUNE__TAB_FAIL(PRUNE_EARG, "%s: no text column (sentence, sentence1, question1, question, premise, text) in this %s; name one (--text-a); %s%s",
                        path, fmt_names[t->format], cols, hint);
    }
    if (d && d->text_b && (x->cb = prune__find_col(h, x->nh, d->text_b)) < 0)
        PRUNE__TAB_FAIL(PRUNE_EARG, "%s: no column '%s' for the second text; %s", path, d->text_b, cols);
    x->label_name = d && d->label ? d->label : "label";
    x->cl = prune__find_col(h, x->nh, x->label_name);
    if (x->cl < 0 && !(d && d->label) && (x->cl = prune__find_col(h, x->nh, "gold_label")) >= 0) x->label_name = "gold_label";
    if (x->cl < 0) PRUNE__TAB_FAIL(PRUNE_EARG, "%s: no label column '%s'%s; %s", path, x->label_name, no_header ? " (--label N)" : "", cols);
#undef PRUNE__TAB_FAIL
    return PRUNE_OK;
fail:
    prune__tab_close(x);
    return rc;
}

/* the next row: 1, 0 at the end, -1 on an error; checks the field count and that
   the columns used are text. The label is f[x->cl], the texts f[x->ca], f[x->cb]. */
static int prune__tab_next(prune__tab *x, prune__field *f, int64_t *line, prune_error *err) {
    int nf, rc = prune__table_next(&x->t, f, PRUNE__TSV_MAXCOLS, &nf, line, err), k;
    if (rc <= 0) return rc;
    if (nf != x->nh && !x->t.jl) {
        const char *hint = "";
        if (x->t.format == PRUNE_FORMAT_TSV && !x->t.quoted && nf < x->nh)
            hint = " (a quoted field with tabs or line breaks? --quoting csv reads RFC 4180 quoting)";
        prune__fail(err, PRUNE_EFORMAT, "%s:%lld: %d %s-separated fields, the %s %d%s", x->t.path, (long long)*line, nf,
                    x->t.delim == ',' ? "comma" : "tab", x->no_header ? "first row has" : "header has", x->nh, hint);
        return -1;
    }
    for (k = 0; k < 3; k++) {
        int c = k == 0 ? x->cl : k == 1 ? x->ca : x->cb;
        if (c >= 0 && !f[c].s) {
            prune__fail(err, PRUNE_EFORMAT, "%s:%lld: column '%s' is not %s", x->t.path, (long long)*line, x->h[c].s,
                        k ? "text" : "a string or a number");
            return -1;
        }
    }
    return 1;
}

/* the row's label is the one to leave out */
static int prune__tab_dropped(const prune__tab *x, const prune__field *f, const prune_tsv_desc *d) {
    const prune__field *lab = &f[x->cl];
    return d && d->drop_label && strlen(d->drop_label) == lab->n && memcmp(d->drop_label, lab->s, lab->n) == 0;
}

PRUNEDEF int prune_tsv_tokenize(const char *path, const prune_tokenizer *tk, const prune_tsv_desc *d,
                                prune_dataset *out, prune_labels *labels_out, prune_error *err) {
    if (!(tk && out)) return prune__fail(err, PRUNE_EARG, "table: the tokenizer or the output dataset is NULL");
    prune__field f[PRUNE__TSV_MAXCOLS];
    prune__tab x;
    prune__field *h = x.h;
    prune_labels built, *map = NULL;
    prune__lindex index = {NULL, 0};   /* over map, or over built while it grows */
    prune_error inner;       /* the tokenizer's own message, wrapped with file and line */
    const char *label_name;
    size_t cap = 0;
    int32_t *scratch = NULL;
    int ca, cb, cl, rc, pass, all_int = 1, i, got_row;
    int64_t n = 0, rec, line = 0, max_line = 0;
    long max_int = -1;
    uint64_t nids = 0, total = 0;

    memset(out, 0, sizeof *out);
    memset(&built, 0, sizeof built);
    if (labels_out) memset(labels_out, 0, sizeof *labels_out);
    if ((rc = prune__tab_open(&x, path, d, err)) != PRUNE_OK) return rc;
    ca = x.ca; cb = x.cb; cl = x.cl; label_name = x.label_name;
#define PRUNE__TSV_FAIL(code, ...) do { rc = prune__fail(err, code, __VA_ARGS__); goto done; } while (0)
    map = d && d->label_map ? (prune_labels *)d->label_map : NULL;
    if (prune__lindex_build(&index, map ? map : &built) != PRUNE_OK) PRUNE__TSV_FAIL(PRUNE_ENOMEM, "%s: out of memory", path);

    /* pass 0 counts rows, ids and labels; pass 1 fills the dataset */
    for (pass = 0; pass < 2; pass++) {
        n = 0; nids = 0;
        if (pass == 1 && (rc = prune__tab_rewind(&x, err)) != PRUNE_OK) goto done;
        for (rec = 0;; rec++) {
            const prune__field *lab;
            int seg;
            got_row = prune__tab_next(&x, f, &line, err);
            if (got_row == 0) break;
            if (got_row < 0) { rc = err ? err->code : PRUNE_EFORMAT; goto done; }
            if (prune__tab_dropped(&x, f, d)) continue;
            lab = &f[cl];
            /* the label */
            if (pass == 0) {
                size_t k;
                /* an integer label: digits, no leading zero (so "01" is a name, not 1) */
                int is_int = lab->n > 0 && lab->n < 10 && (lab->n == 1 || lab->s[0] != '0');
                long v = 0;
                for (k = 0; k < lab->n; k++) {   /* fields need not end in a NUL: no atol */
                    is_int &= lab->s[k] >= '0' && lab->s[k] <= '9';
                    if (lab->n < 10) v = v * 10 + (lab->s[k] - '0');
                }
                all_int &= is_int;
                if (is_int && v > max_int) { max_int = v; max_line = line; }
                if (lab->n == 0) PRUNE__TSV_FAIL(PRUNE_EFORMAT, "%s:%lld: empty label", path, (long long)line);
                if (memchr(lab->s, 0, lab->n)) PRUNE__TSV_FAIL(PRUNE_EFORMAT, "%s:%lld: a NUL byte in the label", path, (long long)line);
                if (map && prune__lindex_find(&index, map, lab->s, lab->n) < 0)
                    PRUNE__TSV_FAIL(PRUNE_EFORMAT, "%s:%lld: label '%.*s' is not in the label map (%d labels)", path, (long long)line,
                                    (int)PRUNE__MIN(lab->n, 60), lab->s, map->count);
                if (!map && prune__lindex_find(&index, &built, lab->s, lab->n) < 0) {
                    if (built.count >= 100000) PRUNE__TSV_FAIL(PRUNE_EFORMAT, "%s:%lld: more than 100000 distinct labels: is '%s' the label column?", path, (long long)line, label_name);
                    if (prune__lindex_add(&index, &built, lab->s, lab->n) != PRUNE_OK) PRUNE__TSV_FAIL(PRUNE_ENOMEM, "%s: out of memory", path);
                }
            } else {
                out->labels[n] = prune__lindex_find(&index, map, lab->s, lab->n);
                out->rows[n] = rec;
                out->offsets[n] = nids;
            }
            /* the texts */
            for (seg = 0; seg < (cb >= 0 ? 2 : 1); seg++) {
                const prune__field *tx = &f[seg ? cb : ca];
                int col = seg ? cb : ca;
                size_t got;
                int32_t *dst;
                if (pass == 0 && PRUNE_TOKENIZE_MAX(tx->n) > cap) {
                    cap = PRUNE_TOKENIZE_MAX(tx->n) * 2;
                    PRUNE_FREE(scratch, NULL);
                    if (!(scratch = (int32_t *)PRUNE_MALLOC(cap * sizeof(int32_t), NULL))) PRUNE__TSV_FAIL(PRUNE_ENOMEM, "%s: out of memory", path);
                }
                /* the true room, always: the tokenizer may write past its final count
                   while it backtracks inside a word (never past cap) */
                dst = pass == 0 ? scratch : out->ids + nids;
                if (prune_tokenize(tk, tx->s, tx->n, dst, pass == 0 ? cap : (size_t)(total - nids), &got, &inner) != PRUNE_OK)
                    PRUNE__TSV_FAIL(inner.code, "%s:%lld: column '%.*s': %s", path, (long long)line, (int)h[col].n, h[col].s, inner.msg);
                if (pass == 1 && seg == 0) out->len_a[n] = (uint32_t)got;
                nids += got;
            }
            n++;
        }
        if (pass == 0) {
            if (n == 0) PRUNE__TSV_FAIL(PRUNE_EFORMAT, "%s: %s", path, rec ? "every row has the dropped label" : "a header and no rows");
            if (!map) {
                /* integer labels keep their values; strings get their rank in byte order */
                if (all_int) {
                    int32_t mx = (int32_t)max_int, k;
                    char num[16];
                    /* integer labels are class ids: a huge one is a wrong column or a typo */
                    if (max_int >= 100000)
                        PRUNE__TSV_FAIL(PRUNE_EFORMAT, "%s:%lld: label %ld: integer labels are class ids 0..99999; is '%s' the label column?",
                                        path, (long long)max_line, max_int, label_name);
                    prune_labels_free(&built);
                    for (k = 0; k <= mx; k++) {
                        snprintf(num, sizeof num, "%d", k);
                        if (prune__labels_add(&built, num, strlen(num)) != PRUNE_OK) PRUNE__TSV_FAIL(PRUNE_ENOMEM, "%s: out of memory", path);
                    }
                } else {
                    qsort(built.names, (size_t)built.count, sizeof(char *), prune__cmp_str);
                }
                map = &built;
                if (prune__lindex_build(&index, map) != PRUNE_OK) PRUNE__TSV_FAIL(PRUNE_ENOMEM, "%s: out of memory", path);   /* ids changed */
            }
            if ((rc = prune__ds_alloc(out, n, nids, path, err)) != PRUNE_OK) goto done;
            total = nids;
        }
    }
    out->offsets[n] = nids;
    out->pairs = cb >= 0;
    out->num_labels = map->count;
    rc = PRUNE_OK;
    if (labels_out) {
        if (map == &built) { *labels_out = built; memset(&built, 0, sizeof built); }
        else {
            for (i = 0; i < map->count && rc == PRUNE_OK; i++)
                if (prune__labels_add(labels_out, map->names[i], strlen(map->names[i])) != PRUNE_OK) rc = prune__fail(err, PRUNE_ENOMEM, "%s: out of memory", path);
        }
    }
#undef PRUNE__TSV_FAIL
done:
    PRUNE_FREE(scratch, NULL);
    prune__tab_close(&x);
    prune__lindex_free(&index);
    prune_labels_free(&built);
    if (rc != PRUNE_OK) { prune_dataset_free(out); if (labels_out) prune_labels_free(labels_out); }
    return rc;
}

PRUNEDEF void prune_texts_free(prune_texts *t) {
    if (!t) return;
    PRUNE_FREE(t->mem, NULL);
    memset(t, 0, sizeof *t);
}

PRUNEDEF int prune_tsv_texts(const char *path, const prune_tsv_desc *d, prune_texts *out, prune_error *err) {
    if (!out) return prune__fail(err, PRUNE_EARG, "table texts: the output is NULL");
    prune__field f[PRUNE__TSV_MAXCOLS];
    prune__tab x;
    int64_t n = 0, line, rec;
    size_t bytes = 0, head;
    char *w = NULL;
    int rc, pass, got, bad = 0;
    memset(out, 0, sizeof *out);
    if ((rc = prune__tab_open(&x, path, d, err)) != PRUNE_OK) return rc;
    for (pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            head = prune__mul((size_t)n, sizeof(int64_t) + 2 * sizeof(char *), &bad);
            if (bad || !(out->mem = PRUNE_MALLOC(prune__add(head, bytes, &bad) + 1, NULL)) || bad) {
                rc = prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate the texts of %lld rows", path, (long long)n);
                goto done;
            }
            out->rows = (int64_t *)out->mem;
            out->a = (const char **)(out->rows + n);
            out->b = x.cb >= 0 ? out->a + n : NULL;
            w = (char *)(out->a + 2 * n);
            if ((rc = prune__tab_rewind(&x, err)) != PRUNE_OK) goto done;
            n = 0;
        }
        for (rec = 0; (got = prune__tab_next(&x, f, &line, err)) > 0; rec++) {
            int seg;
            if (prune__tab_dropped(&x, f, d)) continue;
            for (seg = 0; seg < (x.cb >= 0 ? 2 : 1); seg++) {
                const prune__field *tx = &f[seg ? x.cb : x.ca];
                if (pass == 0) { bytes += tx->n + 1; continue; }
                memcpy(w, tx->s, tx->n);
                w[tx->n] = 0;
                if (seg) out->b[n] = w; else out->a[n] = w;
                w += tx->n + 1;
            }
            if (pass == 1) out->rows[n] = rec;
            n++;
        }
        if (got < 0) { rc = err ? err->code : PRUNE_EFORMAT; goto done; }
    }
    out->n = n;
    rc = PRUNE_OK;
done:
    prune__tab_close(&x);
    if (rc != PRUNE_OK) prune_texts_free(out);
    return rc;
}

/* ============================================================================
   [B10 scores] Score files: the records on disk, one checksummed block per
   finished epoch, so a run killed at any moment keeps every finished epoch
   ========================================================================= */
/* version 1: 56 bytes + run ids; version 2: 64 bytes + run ids + labels */
static size_t prune__sc_header_size(int version, int runs, int64_t n) {
    size_t ids = ((size_t)runs * 4 + 7) & ~(size_t)7;
    return version == 1 ? 56 + ids : 64 + ids + (((size_t)n + 7) & ~(size_t)7);
}
static size_t prune__sc_block_size(int version, int64_t n) { return 16 + (version == 1 ? 13 : 14) * (size_t)n; }
static uint64_t prune__sc_header_sum(const unsigned char *h, size_t hs) {
    return prune_hash(prune_hash(PRUNE_HASH_INIT, h, 48), h + 56, hs - 56);
}

static void prune__sc_header(const prune_scores *s, unsigned char *h) {
    size_t hs = prune__sc_header_size(2, s->runs, s->n), ids = 64 + (((size_t)s->runs * 4 + 7) & ~(size_t)7);
    int r;
    memset(h, 0, hs);
    memcpy(h, "PRUNESC1", 8);
    prune__put_u32(h + 8, 2);
    prune__put_u32(h + 12, (uint32_t)s->runs);
    prune__put_u32(h + 16, (uint32_t)s->epochs);
    prune__put_u32(h + 20, (uint32_t)s->total_runs);
    prune__put_u64(h + 24, (uint64_t)s->n);
    prune__put_u64(h + 32, s->data_hash);
    prune__put_u64(h + 40, s->config_hash);
    prune__put_u32(h + 56, (uint32_t)s->classes);
    for (r = 0; r < s->runs; r++) prune__put_u32(h + 64 + 4 * r, (uint32_t)s->run_ids[r]);
    if (s->classes > 0) memcpy(h + ids, s->labels, (size_t)s->n);
    prune__put_u64(h + 48, prune__sc_header_sum(h, hs));
}

/* One epoch of one run as a file block, into b (prune__sc_block_size(2, n) bytes). */
static void prune__sc_block(const prune_scores *s, int r, int e, unsigned char *b) {
    size_t n = (size_t)s->n, at = PRUNE__REC(s, r, e, 0);
    prune__put_u32(b, (uint32_t)s->run_ids[r]);
    prune__put_u32(b + 4, (uint32_t)e);
    memcpy(b + 8, s->correct + at, n);
    memcpy(b + 8 + n, s->pred + at, n);
    memcpy(b + 8 + 2 * n, s->gold_prob + at, 4 * n);       /* little-endian hosts only */
    memcpy(b + 8 + 6 * n, s->loss + at, 4 * n);
    memcpy(b + 8 + 10 * n, s->el2n + at, 4 * n);
    prune__put_u64(b + 8 + 14 * n, prune_hash(PRUNE_HASH_INIT, b, 8 + 14 * n));
}

PRUNEDEF int prune_scores_save(const prune_scores *s, const char *path, prune_error *err) {
    prune_file o;
    unsigned char *buf;
    int r, e, rc;
    size_t hs, bs;
    if (!s || !s->mem) return prune__fail(err, PRUNE_EARG, "%s: no scores to save (NULL, or not made by prune_scores_init)", path ? path : "scores");
    hs = prune__sc_header_size(2, s->runs, s->n);
    bs = prune__sc_block_size(2, s->n);
    if (!prune__host_le()) return prune__fail(err, PRUNE_ESTATE, "%s: score files are written on little-endian hosts only", path);
    if (!(buf = (unsigned char *)PRUNE_MALLOC(hs > bs ? hs : bs, NULL))) return prune__fail(err, PRUNE_ENOMEM, "%s: out of memory", path);
    if ((rc = prune_file_open(&o, path, err)) == PRUNE_OK) {
        prune__sc_header(s, buf);
        prune__file_write(&o, buf, hs);
        for (r = 0; r < s->runs; r++)
            for (e = 0; e < s->done[r]; e++) { prune__sc_block(s, r, e, buf); prune__file_write(&o, buf, bs); }
        rc = prune_file_commit(&o, err);
    }
    PRUNE_FREE(buf, NULL);
    return rc;
}

/* Append epoch e of run slot r to an existing file, then fsync: a finished epoch
   is on disk before the next begins. */
static int prune__sc_append(const prune_scores *s, int r, int e, const char *path, prune_error *err) {
    size_t bs = prune__sc_block_size(2, s->n);
    unsigned char *b = (unsigned char *)PRUNE_MALLOC(bs, NULL);
    FILE *f;
    int bad;
    if (!b) return prune__fail(err, PRUNE_ENOMEM, "%s: out of memory", path);
    prune__sc_block(s, r, e, b);
    f = fopen(path, "ab");
    /* in two writes, so that a test can kill the process between them: a torn
       block must be told from a damaged one, and resumed from */
    bad = !f || fwrite(b, 1, bs / 2, f) != bs / 2;
    if (!bad) prune__fault(f, "score block half appended");
    bad = bad || fwrite(b + bs / 2, 1, bs - bs / 2, f) != bs - bs / 2 || fflush(f) != 0;
#if !defined(_WIN32)
    if (!bad && fsync(fileno(f)) != 0) bad = 1;
#endif
    if (f && fclose(f) != 0) bad = 1;
    if (!bad) prune__fault(NULL, "score block appended and synced");
    PRUNE_FREE(b, NULL);
    return bad ? prune__fail(err, PRUNE_EIO, "%s: cannot append epoch %d (disk full?)", path, e + 1) : PRUNE_OK;
}

PRUNEDEF int prune_scores_load(prune_scores *s, const char *path, prune_error *err) {
    if (!(s)) return prune__fail(err, PRUNE_EARG, "scores load: the scores is NULL");
    char *buf;
    const unsigned char *h;
    size_t size, hs, bs, at, ids, per;
    int rc, runs, epochs, total, r, e, version, classes = 0;
    int64_t n;
    memset(s, 0, sizeof *s);
    if ((rc = prune__read_file(path, &buf, &size, PRUNE__FILE_MAX, err)) != PRUNE_OK) return rc;
    h = (const unsigned char *)buf;
#define PRUNE__SC_BAD(...) do { prune__fail(err, PRUNE_EFORMAT, __VA_ARGS__); PRUNE_FREE(buf, NULL); prune_scores_free(s); return PRUNE_EFORMAT; } while (0)
    if (size < 56 || memcmp(h, "PRUNESC1", 8) != 0) PRUNE__SC_BAD("%s: not a prune.h score file (no PRUNESC1 magic at byte 0)", path);
    version = (int)prune__get_u32(h + 8);
    if (version != 1 && version != 2) PRUNE__SC_BAD("%s: byte 8: version %u, this library reads 1 and 2", path, prune__get_u32(h + 8));
    runs = (int)prune__get_u32(h + 12); epochs = (int)prune__get_u32(h + 16); total = (int)prune__get_u32(h + 20);
    n = (int64_t)prune__get_u64(h + 24);
    per = version == 1 ? 13 : 15;   /* bytes per record, and per example in a version-2 header */
    /* A per-run file may hold only its header (a run killed in its first epoch), so
       n is not bounded by the file's size; the records it asks for are bounded
       instead, by the file's size plus 1 GiB, so a hostile header cannot make this
       reader allocate terabytes. */
    if (runs < 1 || runs > PRUNE_MAX_RUNS || epochs < 1 || epochs > 1000 || total < runs || total > PRUNE_MAX_RUNS || n < 1 ||
        (uint64_t)n > ((uint64_t)1 << 40) || (double)per * runs * epochs * (double)n > 2.0 * (double)size + (double)(1u << 30) ||
        (version == 2 && (uint64_t)n > size))
        PRUNE__SC_BAD("%s: header: %d runs of %d, %d epochs, %lld examples: impossible for a %lu-byte file", path, runs, total, epochs,
                      (long long)n, (unsigned long)size);
    hs = prune__sc_header_size(version, runs, n);
    bs = prune__sc_block_size(version, n);
    ids = (version == 1 ? 56 : 64);
    if (size < hs || (version == 1 ? prune_hash(prune_hash(PRUNE_HASH_INIT, h, 48), h + 56, 4 * (size_t)runs)
                                   : prune__sc_header_sum(h, hs)) != prune__get_u64(h + 48))
        PRUNE__SC_BAD("%s: the header is corrupt (checksum)", path);
    if (version == 2) {
        classes = (int)prune__get_u32(h + 56);
        if (classes < 0 || classes > PRUNE_MAX_CLASSES) PRUNE__SC_BAD("%s: byte 56: %d classes, at most %d", path, classes, PRUNE_MAX_CLASSES);
        if (prune__get_u32(h + 60) != 0) PRUNE__SC_BAD("%s: byte 60: a reserved field is %u, not 0", path, prune__get_u32(h + 60));
    }
    if ((rc = prune_scores_init(s, runs, epochs, total, n, err)) != PRUNE_OK) { PRUNE_FREE(buf, NULL); return rc; }
    s->data_hash = prune__get_u64(h + 32);
    s->config_hash = prune__get_u64(h + 40);
    s->classes = classes;
    for (r = 0; r < runs; r++) {
        s->run_ids[r] = (int32_t)prune__get_u32(h + ids + 4 * r);
        if (s->run_ids[r] < 0 || s->run_ids[r] >= total) PRUNE__SC_BAD("%s: run id %d outside 0..%d", path, s->run_ids[r], total - 1);
    }
    if (classes > 0) {
        size_t lab = ids + (((size_t)runs * 4 + 7) & ~(size_t)7), i;
        memcpy(s->labels, h + lab, (size_t)n);
        for (i = 0; i < (size_t)n; i++)
            if (s->labels[i] >= classes) PRUNE__SC_BAD("%s: byte %lu: label %u of example %lu, but %d classes", path, (unsigned long)(lab + i),
                                                       s->labels[i], (unsigned long)i, classes);
    }
    /* blocks in order; a torn last block (a crash while appending) ends the file */
    for (at = hs, r = 0, e = 0; at < size && r < runs;) {
        const unsigned char *b = h + at;
        size_t i, off = PRUNE__REC(s, r, e, 0), f = version == 1 ? 8 + (size_t)n : 8 + 2 * (size_t)n;
        if (size - at < bs || prune_hash(PRUNE_HASH_INIT, b, bs - 8) != prune__get_u64(b + bs - 8)) {
            if (size - at <= bs) {   /* the last block, cut short (that epoch was not finished) or damaged */
                s->tail = size - at < bs ? PRUNE_TAIL_SHORT : PRUNE_TAIL_BAD;
                break;
            }
            PRUNE__SC_BAD("%s: byte %lu: the block of run %d epoch %d is corrupt", path, (unsigned long)at, s->run_ids[r], e + 1);
        }
        if ((int)prune__get_u32(b) != s->run_ids[r] || (int)prune__get_u32(b + 4) != e)
            PRUNE__SC_BAD("%s: byte %lu: expected run %d epoch %d, found run %u epoch %u", path, (unsigned long)at, s->run_ids[r], e + 1,
                          prune__get_u32(b), prune__get_u32(b + 4) + 1);
        memcpy(s->correct + off, b + 8, (size_t)n);
        if (version == 2) memcpy(s->pred + off, b + 8 + n, (size_t)n);
        memcpy(s->gold_prob + off, b + f, 4 * (size_t)n);
        memcpy(s->loss + off, b + f + 4 * n, 4 * (size_t)n);
        memcpy(s->el2n + off, b + f + 8 * n, 4 * (size_t)n);
        for (i = 0; i < (size_t)n; i++) {
            uint8_t p = s->pred[off + i];
            if (s->correct[off + i] > 1) PRUNE__SC_BAD("%s: byte %lu: a correctness flag is %u", path, (unsigned long)(at + 8 + i), s->correct[off + i]);
            /* right means the right class (a span model can get the class, answer or
               not, and still miss the span: then it is wrong) */
            if (p != PRUNE_PRED_NONE && (p >= (classes ? classes : PRUNE_MAX_CLASSES) ||
                                         (classes && s->correct[off + i] && p != s->labels[i])))
                PRUNE__SC_BAD("%s: byte %lu: prediction %u of example %lu does not fit its label and correctness flag", path,
                              (unsigned long)(at + 8 + (size_t)n + i), p, (unsigned long)i);
        }
        s->done[r] = ++e;
        at += bs;
        if (e == epochs) { r++; e = 0; }
    }
    if (r == runs && at < size)   /* every block is there, and then more */
        PRUNE__SC_BAD("%s: byte %lu: %lu bytes after the last epoch of the last run", path, (unsigned long)at, (unsigned long)(size - at));
    if (runs > 1)
        for (r = 0; r < runs; r++)
            if (s->done[r] != epochs) PRUNE__SC_BAD("%s: a merged file with run %d incomplete (%d of %d epochs)", path, s->run_ids[r], s->done[r], epochs);
#undef PRUNE__SC_BAD
    PRUNE_FREE(buf, NULL);
    return PRUNE_OK;
}

PRUNEDEF const char *prune_scores_mismatch(const prune_scores *a, const prune_scores *b) {
    if (!a || !b) return "nothing (NULL)";
    if (a->n != b->n || a->data_hash != b->data_hash) return "another training set";
    if (a->epochs != b->epochs) return "another number of epochs";
    if (a->total_runs != b->total_runs) return "another number of runs (R)";
    if (a->config_hash != b->config_hash)
        return "another configuration (its fingerprint differs: the model, the seed, or a training option such as the learning rate)";
    return NULL;
}

PRUNEDEF int prune_scores_merge(prune_scores *out, const char *const *paths, int count, prune_error *err) {
    if (!(out && paths)) return prune__fail(err, PRUNE_EARG, "merge: the output or the paths is NULL");
    prune_scores *t;
    const char *why;
    int k, r, j, runs = 0, rc = PRUNE_OK, slot = 0, loaded = 0, lab = -1;   /* lab: the first file with labels */
    uint64_t seen = 0;
    memset(out, 0, sizeof *out);
    if (count < 1) return prune__fail(err, PRUNE_EARG, "merge: no score files");
    if (!(t = (prune_scores *)PRUNE_MALLOC(sizeof(prune_scores) * (size_t)count, NULL))) return prune__fail(err, PRUNE_ENOMEM, "merge: out of memory");
    /* each file is read once; every one must agree with the first, every run appear
       once and be complete */
    for (k = 0; k < count && rc == PRUNE_OK; k++) {
        if ((rc = prune_scores_load(&t[k], paths[k], err)) != PRUNE_OK) break;
        loaded++;
        if ((why = prune_scores_mismatch(&t[k], &t[0])) != NULL)
            rc = prune__fail(err, PRUNE_EFORMAT, "merge: %s was recorded with %s than %s", paths[k], why, paths[0]);
        else if (t[k].classes && lab >= 0 && (t[k].classes != t[lab].classes || memcmp(t[k].labels, t[lab].labels, (size_t)t[0].n) != 0))
            rc = prune__fail(err, PRUNE_EFORMAT, "merge: %s and %s hold different labels (%d and %d classes, or other gold labels)",
                             paths[k], paths[lab], t[k].classes, t[lab].classes);
        if (rc == PRUNE_OK && lab < 0 && t[k].classes) lab = k;   /* version 1 has none */
        for (r = 0; rc == PRUNE_OK && r < t[k].runs; r++) {
            if (t[k].done[r] != t[k].epochs)
                rc = prune__fail(err, PRUNE_EFORMAT, t[k].tail == PRUNE_TAIL_BAD
                                 ? "merge: %s: run %d has %d of %d epochs whole, and then a block that fails its checksum (the file is damaged, "
                                   "or a crash cut its last write): rerun phase 1 if its state file is there, else remove the file to redo the run"
                                 : "merge: %s: run %d has %d of %d epochs (still running, or killed: rerun phase 1 to finish it)",
                                 paths[k], t[k].run_ids[r], t[k].done[r], t[k].epochs);
            else if (seen >> t[k].run_ids[r] & 1)
                rc = prune__fail(err, PRUNE_EFORMAT, "merge: run %d appears twice (again in %s)", t[k].run_ids[r], paths[k]);
            seen |= 1ull << t[k].run_ids[r];
            runs++;
        }
    }
    if (rc == PRUNE_OK && runs != t[0].total_runs) {   /* name the missing runs */
        char miss[160] = "";
        size_t at = 0;
        for (r = 0; r < t[0].total_runs && at < sizeof miss - 16; r++)
            if (!(seen >> r & 1)) at += (size_t)snprintf(miss + at, sizeof miss - at, "%s%d", at ? ", " : "", r);
        rc = prune__fail(err, PRUNE_EFORMAT, "merge: %d of the %d planned runs are here (missing: run %s); missing runs cannot be merged",
                         runs, t[0].total_runs, miss);
    }
    if (rc == PRUNE_OK) rc = prune_scores_init(out, runs, t[0].epochs, t[0].total_runs, t[0].n, err);
    /* the runs in run order */
    for (r = 0; rc == PRUNE_OK && r < out->total_runs; r++)
        for (k = 0; k < count; k++)
            for (j = 0; j < t[k].runs; j++)
                if (t[k].run_ids[j] == r) {
                    size_t cells = (size_t)out->epochs * (size_t)out->n, src = PRUNE__REC(&t[k], j, 0, 0), dst = PRUNE__REC(out, slot, 0, 0);
                    memcpy(out->correct + dst, t[k].correct + src, cells);
                    memcpy(out->pred + dst, t[k].pred + src, cells);
                    memcpy(out->gold_prob + dst, t[k].gold_prob + src, 4 * cells);
                    memcpy(out->loss + dst, t[k].loss + src, 4 * cells);
                    memcpy(out->el2n + dst, t[k].el2n + src, 4 * cells);
                    out->run_ids[slot] = r;
                    out->done[slot++] = out->epochs;
                }
    if (rc == PRUNE_OK) {   /* the labels of any version-2 file (version 1 has none; the data hash says they agree) */
        out->data_hash = t[0].data_hash; out->config_hash = t[0].config_hash;
        for (k = 0; k < count; k++)
            if (t[k].classes) { out->classes = t[k].classes; memcpy(out->labels, t[k].labels, (size_t)out->n); break; }
    }
    else prune_scores_free(out);
    for (k = 0; k < loaded; k++) prune_scores_free(&t[k]);
    PRUNE_FREE(t, NULL);
    return rc;
}

PRUNEDEF int prune_scores_export_tsv(const prune_scores *s, const prune_dataset *ds, const char *path, prune_error *err) {
    if (!(s && s->mem)) return prune__fail(err, PRUNE_EARG, "scores export: the scores is NULL");
    prune_file o;
    int32_t *h;
    int64_t i;
    int r, e, rc;
    if (ds && ds->n != s->n) return prune__fail(err, PRUNE_EARG, "%s: the dataset has %lld examples, the scores %lld", path, (long long)ds->n, (long long)s->n);
    if (!(h = (int32_t *)PRUNE_MALLOC(sizeof(int32_t) * (size_t)s->n, NULL))) return prune__fail(err, PRUNE_ENOMEM, "%s: out of memory", path);
    prune_hscores(s, h);
    if ((rc = prune_file_open(&o, path, err)) != PRUNE_OK) { PRUNE_FREE(h, NULL); return rc; }
    prune__file_printf(&o, "row\tlabel\tH");
    for (r = 0; r < s->runs; r++)
        for (e = 0; e < s->epochs; e++)
            prune__file_printf(&o, "\tcorrect_r%d_e%d\tpred_r%d_e%d\tgold_prob_r%d_e%d\tloss_r%d_e%d\tel2n_r%d_e%d", s->run_ids[r], e + 1,
                              s->run_ids[r], e + 1, s->run_ids[r], e + 1, s->run_ids[r], e + 1, s->run_ids[r], e + 1);
    prune__file_printf(&o, "\n");
    for (i = 0; i < s->n; i++) {
        prune__file_printf(&o, "%lld\t%d\t%d", ds ? (long long)ds->rows[i] : (long long)i, ds ? ds->labels[i] : -1, h[i]);
        for (r = 0; r < s->runs; r++)
            for (e = 0; e < s->epochs; e++) {
                size_t at = PRUNE__REC(s, r, e, i);
                prune__file_printf(&o, "\t%d\t%d\t%.9g\t%.9g\t%.9g", s->correct[at], s->pred[at] == PRUNE_PRED_NONE ? -1 : s->pred[at],
                                  (double)s->gold_prob[at], (double)s->loss[at], (double)s->el2n[at]);
            }
        prune__file_printf(&o, "\n");
    }
    PRUNE_FREE(h, NULL);
    return prune_file_commit(&o, err);
}

/* ============================================================================
   [B11 state] Training state
   ========================================================================= */

#define PRUNE__ST_HEADER 136

/* fingerprint of the parameter layout: every tensor's shape */
static uint64_t prune__layout_hash(const prune_model *m) {
    uint64_t h = PRUNE_HASH_INIT;
    int i;
    /* OPT's tensors, added later, count only where they exist: a BERT's state file
       written before them still loads */
    for (i = 0; i < PRUNE_NTENSORS; i++)
        if (i < PRUNE_PROJIN || m->tensors[i].size) h = prune_hash(h, m->tensors[i].shape, sizeof m->tensors[i].shape);
    /* the family: a BERT and an OPT with the same shapes are different models */
    if (m->desc.config.arch) h = prune_hash(h, &m->desc.config.arch, sizeof m->desc.config.arch);
    if (m->desc.config.pre_ln) h = prune_hash(h, &m->desc.config.pre_ln, sizeof m->desc.config.pre_ln);
    return h;
}

PRUNEDEF int prune_state_save(const prune_model *m, const prune_progress *p, const char *path, prune_error *err) {
    if (!(m && m->params && p)) return prune__fail(err, PRUNE_EARG, "state save: the model (created) or the progress is NULL");
    unsigned char h[PRUNE__ST_HEADER];
    size_t bytes = m->nparams * sizeof(prune_float);
    uint64_t sum;
    prune_file o;
    int i, rc;
    if (!m->adam_m) return prune__fail(err, PRUNE_ESTATE, "%s: the model has no training state (created without training = 1)", path);
    if (!prune__host_le()) return prune__fail(err, PRUNE_ESTATE, "%s: training states are written on little-endian hosts only", path);
    memset(h, 0, sizeof h);
    memcpy(h, "PRUNEST1", 8);
    prune__put_u32(h + 8, 1);
    prune__put_u32(h + 12, (uint32_t)sizeof(prune_float));
    prune__put_u64(h + 16, (uint64_t)m->nparams);
    prune__put_u64(h + 24, prune__layout_hash(m));
    prune__put_u64(h + 32, (uint64_t)m->step);
    prune__put_u64(h + 40, m->desc.seed);
    prune__put_u64(h + 48, (uint64_t)p->epoch);
    prune__put_u64(h + 56, (uint64_t)p->batch);
    for (i = 0; i < 8; i++) prune__put_u64(h + 64 + 8 * i, p->user[i]);
    /* one checksum over the header fields and the three blocks */
    sum = prune_hash(PRUNE_HASH_INIT, h, 128);
    sum = prune_hash(sum, m->params, bytes);
    sum = prune_hash(sum, m->adam_m, bytes);
    sum = prune_hash(sum, m->adam_v, bytes);
    prune__put_u64(h + 128, sum);
    if ((rc = prune_file_open(&o, path, err)) != PRUNE_OK) return rc;
    prune__file_write(&o, h, sizeof h);
    prune__file_write(&o, m->params, bytes);
    prune__file_write(&o, m->adam_m, bytes);
    prune__file_write(&o, m->adam_v, bytes);
    return prune_file_commit(&o, err);
}

/* The progress fields of a state file's header, without loading it (nor checking its
   checksum: prune_state_load does that before it changes anything). */
static int prune__state_peek(const char *path, prune_progress *p, prune_error *err) {
    unsigned char h[PRUNE__ST_HEADER];
    FILE *f = fopen(path, "rb");
    int i, ok;
    if (!f) return prune__fail(err, PRUNE_EIO, "%s: cannot open for reading", path);
    ok = fread(h, 1, sizeof h, f) == sizeof h && memcmp(h, "PRUNEST1", 8) == 0;
    fclose(f);
    if (!ok) return prune__fail(err, PRUNE_EFORMAT, "%s: not a prune.h training state", path);
    p->epoch = (int64_t)prune__get_u64(h + 48);
    p->batch = (int64_t)prune__get_u64(h + 56);
    for (i = 0; i < 8; i++) p->user[i] = prune__get_u64(h + 64 + 8 * i);
    return PRUNE_OK;
}

PRUNEDEF int prune_state_load(prune_model *m, prune_progress *p, const char *path, prune_error *err) {
    if (!(m && m->params)) return prune__fail(err, PRUNE_EARG, "state load: the model (created by prune_model_create) is NULL");
    char *buf;
    size_t size, bytes = m->nparams * sizeof(prune_float);
    const unsigned char *h;
    int i, rc;
    uint64_t sum;
    if (!m->adam_m) return prune__fail(err, PRUNE_ESTATE, "%s: the model has no training state (created without training = 1)", path);
    if ((rc = prune__read_file(path, &buf, &size, PRUNE__ST_HEADER + 3 * bytes, err)) != PRUNE_OK) return rc;
    h = (const unsigned char *)buf;
#define PRUNE__ST_BAD(...) do { prune__fail(err, PRUNE_EFORMAT, __VA_ARGS__); PRUNE_FREE(buf, NULL); return PRUNE_EFORMAT; } while (0)
    if (size < PRUNE__ST_HEADER || memcmp(h, "PRUNEST1", 8) != 0) PRUNE__ST_BAD("%s: not a prune.h training state (no PRUNEST1 magic at byte 0)", path);
    if (prune__get_u32(h + 8) != 1) PRUNE__ST_BAD("%s: byte 8: version %u, this library reads 1", path, prune__get_u32(h + 8));
    if (prune__get_u32(h + 12) != sizeof(prune_float))
        PRUNE__ST_BAD("%s: byte 12: saved with %u-byte floats, this build uses %u", path, prune__get_u32(h + 12), (unsigned)sizeof(prune_float));
    if (prune__get_u64(h + 16) != m->nparams || prune__get_u64(h + 24) != prune__layout_hash(m))
        PRUNE__ST_BAD("%s: saved from a model of another shape (%llu parameters, this one has %lu)", path,
                      (unsigned long long)prune__get_u64(h + 16), (unsigned long)m->nparams);
    if (size != PRUNE__ST_HEADER + 3 * bytes)
        PRUNE__ST_BAD("%s: %lu bytes, a complete state has %lu: truncated", path, (unsigned long)size, (unsigned long)(PRUNE__ST_HEADER + 3 * bytes));
    sum = prune_hash(prune_hash(PRUNE_HASH_INIT, h, 128), h + PRUNE__ST_HEADER, 3 * bytes);
    if (sum != prune__get_u64(h + 128)) PRUNE__ST_BAD("%s: checksum mismatch: the state is corrupt", path);
    if ((int64_t)prune__get_u64(h + 32) < 0 || (int64_t)prune__get_u64(h + 48) < 0 || (int64_t)prune__get_u64(h + 56) < 0)
        PRUNE__ST_BAD("%s: negative step, epoch or batch", path);
#undef PRUNE__ST_BAD
    memcpy(m->params, h + PRUNE__ST_HEADER, bytes);
    memcpy(m->adam_m, h + PRUNE__ST_HEADER + bytes, bytes);
    memcpy(m->adam_v, h + PRUNE__ST_HEADER + 2 * bytes, bytes);
    m->step = (long)prune__get_u64(h + 32);
    m->desc.seed = prune__get_u64(h + 40);
    if (p) {
        p->epoch = (int64_t)prune__get_u64(h + 48);
        p->batch = (int64_t)prune__get_u64(h + 56);
        for (i = 0; i < 8; i++) p->user[i] = prune__get_u64(h + 64 + 8 * i);
    }
    PRUNE_FREE(buf, NULL);
    return PRUNE_OK;
}



/* Size limits of the readers: generous for real files, finite for hostile ones. */
#define PRUNE__HF_MAX_CONFIG ((size_t)16 << 20)        /* config.json                    */
#define PRUNE__ST_MAX_HEADER ((size_t)100 << 20)       /* the safetensors spec's limit   */
#if SIZE_MAX > 0xFFFFFFFFu
#define PRUNE__ST_MAX_FILE ((size_t)64 << 30)          /* model.safetensors, 64-bit host */
#else
#define PRUNE__ST_MAX_FILE ((size_t)2000 << 20)        /* what a 32-bit process can hold */
#endif

/* ---- The fingerprint of a phase 1 (the text hashed keeps the tool's first
   format, so score files recorded before this function existed still match) ---- */
PRUNEDEF uint64_t prune_phase1_fingerprint(const prune_config *c, uint64_t start_hash, uint64_t seed, int runs,
                                           const prune_finetune_desc *d, const char *origin) {
    char b[1536];
    int n = prune_phase1_describe(c, start_hash, seed, runs, d, origin, b, sizeof b);
    return n > 0 ? prune_hash(PRUNE_HASH_INIT, b, (size_t)n) : 0;
}

PRUNEDEF int prune_phase1_describe(const prune_config *c, uint64_t start_hash, uint64_t seed, int runs,
                                   const prune_finetune_desc *d, const char *origin, char *buf, size_t size) {
    static const char *const orders[] = {"random", "bucketed", "sequential"};
    char b[1536];
    prune_optim o;
    int n;
    if (!c || !d || !buf || size == 0) return 0;
    o = d->optim;
    if (o.lr == 0 && o.beta1 == 0 && o.beta2 == 0 && o.eps == 0 && o.weight_decay == 0 && o.clip_norm == 0 && o.warmup_steps == 0 &&
        o.total_steps == 0)
        o = prune_optim_defaults();
    n = snprintf(b, sizeof b,
                 "prune phase1 v1|float %u|%s|V %d C %d L %d NH %d F %d P %d Y %d K %d off %d eps %.17g drop %.17g %.17g %.17g"
                 "|start %016llx|seed %llu|R %d E %d B %d T %d|lr %.17g warmup %.17g wd %.17g b1 %.17g b2 %.17g eps %.17g clip %.17g"
                 "|order %s reshuffle %d el2n-pass %d|cls %d sep %d pad %d",
                 (unsigned)sizeof(prune_float), origin ? origin : "", c->vocab_size, c->hidden, c->layers, c->heads, c->ffn,
                 c->max_pos, c->type_vocab, c->labels, c->pos_offset, c->ln_eps, c->hidden_dropout, c->attn_dropout,
                 c->classifier_dropout, (unsigned long long)start_hash, (unsigned long long)seed, runs, d->epochs ? d->epochs : 3,
                 d->batch ? d->batch : 32, d->max_len ? d->max_len : 128, o.lr, d->warmup_ratio, o.weight_decay, o.beta1, o.beta2,
                 o.eps, o.clip_norm, d->order >= 0 && d->order <= 2 ? orders[d->order] : "?", d->reshuffle, d->el2n_pass,
                 (int)d->cls_id, (int)d->sep_id, (int)d->pad_id);
    /* settings added since: in the text only when set, so older files keep matching */
    if (c->head_dropout_in && n > 0 && n < (int)sizeof b - 32) n += snprintf(b + n, sizeof b - (size_t)n, "|head-dropout-in 1");
    if (c->arch && n > 0 && n < (int)sizeof b - 64)
        n += snprintf(b + n, sizeof b - (size_t)n, "|arch %d pre-ln %d E %d", c->arch, c->pre_ln, c->embed_dim);
    if (d->pair_style && n > 0 && n < (int)sizeof b - 32) n += snprintf(b + n, sizeof b - (size_t)n, "|pairs %d", d->pair_style);
    if (c->head && n > 0 && n < (int)sizeof b - 32) n += snprintf(b + n, sizeof b - (size_t)n, "|head %d", c->head);
    n = PRUNE__MIN(n, (int)sizeof b - 1);
    if (n < 0) return 0;
    n = PRUNE__MIN(n, (int)size - 1);
    memcpy(buf, b, (size_t)n);
    buf[n] = 0;
    return n;
}

/* s is a decimal number and nothing else */
static int prune__all_number(const char *s) {
    const char *p = s;
    if (*p == '-') p++;
    if (!(*p >= '0' && *p <= '9')) return 0;
    for (; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '-' || *p == '+')) return 0;
    return 1;
}

/* one token of a description: [*s, *e), after spaces and '|'s (*group: a '|' was
   among them); 0 at the end */
static int prune__desc_tok(const char **p, const char **s, const char **e, int *group) {
    const char *q = *p;
    *group = 0;
    while (*q == ' ' || *q == '|') { if (*q == '|') *group = 1; q++; }
    if (!*q) return 0;
    *s = q;
    while (*q && *q != ' ' && *q != '|') q++;
    *e = q;
    *p = q;
    return 1;
}

PRUNEDEF int prune_phase1_diff(const char *a, const char *b, char *out, size_t n) {
    const char *pa = a, *pb = b, *sa = NULL, *ea = NULL, *sb = NULL, *eb = NULL, *key = "", *kend = key;
    size_t at = 0;
    int count = 0, ga, gb, more_a, more_b;
    if (!out || n == 0) return 0;
    out[0] = 0;
    if (!a || !b) return 0;
    for (;;) {
        more_a = prune__desc_tok(&pa, &sa, &ea, &ga);
        more_b = prune__desc_tok(&pb, &sb, &eb, &gb);
        if (!more_a || !more_b) {
            if (more_a || more_b) {   /* settings only one of them has */
                if (at + 40 < n) at += (size_t)snprintf(out + at, n - at, "%s%s", count ? ", " : "",
                                                        more_a ? "settings only the first has" : "settings only the second has");
                count++;
            }
            break;
        }
        /* a key is a token that is not a number, or starts a group; its values follow it */
        if (ga || !((*sa >= '0' && *sa <= '9') || *sa == '-' || *sa == '.')) { key = sa; kend = ea; }
        if (ea - sa != eb - sb || memcmp(sa, sb, (size_t)(ea - sa)) != 0) {
            char va[40], vb[40];
            /* numbers as a person writes them (2e-05, not 2.0000000000000002e-05), unless
               that would hide the difference */
            snprintf(va, sizeof va, "%.*s", (int)PRUNE__MIN(ea - sa, 39), sa);
            snprintf(vb, sizeof vb, "%.*s", (int)PRUNE__MIN(eb - sb, 39), sb);
            if (prune__all_number(va) && prune__all_number(vb)) {
                double x = prune__json_strtod(va), y = prune__json_strtod(vb);
                snprintf(va, sizeof va, "%.6g", x);
                snprintf(vb, sizeof vb, "%.6g", y);
                if (strcmp(va, vb) == 0) { snprintf(va, sizeof va, "%.17g", x); snprintf(vb, sizeof vb, "%.17g", y); }
            }
            if (at + 8 < n)
                at += (size_t)snprintf(out + at, n - at, "%s%.*s%s%s vs %s", count ? ", " : "", key == sa ? 0 : (int)(kend - key), key,
                                       key == sa ? "" : " ", va, vb);
            count++;
            if (ga != gb || key == sa) break;   /* the layouts part ways: the rest would not line up */
        }
    }
    if (at >= n && n > 4) strcpy(out + n - 4, "...");
    return count;
}

/* ---- The fine-tuning loop's checks of its descriptor (o: the optimiser it will use) ---- */
static int prune__finetune_check(const prune_model *m, const prune_finetune_desc *d, const prune_optim *o, int epochs, int batch,
                                 int max_len, int64_t n, prune_error *err) {
    const prune_dataset *ds = d->train;
    const prune_scores *rec = d->records;
    if (!m->desc.training) return prune__fail(err, PRUNE_ESTATE, "finetune: the model was created without training = 1");
    if (n < 1) return prune__fail(err, PRUNE_EARG, "finetune: nothing to train on");
    if (!(o->lr > 0 && o->lr < 1e30) || !(o->beta1 >= 0 && o->beta1 < 1) || !(o->beta2 >= 0 && o->beta2 < 1) || !(o->eps > 0 && o->eps < 1) ||
        !(o->weight_decay >= 0 && o->weight_decay < 1e30) || o->warmup_steps < 0 || o->total_steps < 0)
        return prune__fail(err, PRUNE_EARG, "finetune: optimiser out of range (lr %g, betas %g %g, eps %g, weight decay %g, warm-up %ld, "
                           "total %ld): lr > 0, betas in [0, 1), eps in (0, 1), weight decay >= 0", o->lr, o->beta1, o->beta2, o->eps,
                           o->weight_decay, o->warmup_steps, o->total_steps);
    if ((int64_t)batch * prune__choices(ds) > m->desc.max_batch || max_len > m->desc.max_len)
        return prune__fail(err, PRUNE_EARG, "finetune: batch %d%s / max length %d exceed the model's max_batch %d / max_len %d",
                           batch, prune__choices(ds) > 1 ? " (questions, times their options)" : "", max_len, m->desc.max_batch, m->desc.max_len);
    if ((m->desc.config.head == PRUNE_HEAD_CHOICE) != (prune__choices(ds) > 1) || (m->desc.config.head == PRUNE_HEAD_SPAN) != (ds->spans != NULL))
        return prune__fail(err, PRUNE_EARG, "finetune: a %s model and a dataset of %s", m->desc.config.head == PRUNE_HEAD_CHOICE ? "multiple-choice"
                           : m->desc.config.head == PRUNE_HEAD_SPAN ? "question-answering" : "classification",
                           prune__choices(ds) > 1 ? "questions with options" : ds->spans ? "answer spans" : "classes");
    if (d->pair_style != PRUNE_PAIRS_BERT && d->pair_style != PRUNE_PAIRS_ROBERTA && d->pair_style != PRUNE_PAIRS_OPT)
        return prune__fail(err, PRUNE_EARG, "finetune: unknown pair_style %d", d->pair_style);
    if (d->scores_path && !rec) return prune__fail(err, PRUNE_EARG, "finetune: scores_path needs records");
    if (d->state_path && !d->scores_path) return prune__fail(err, PRUNE_EARG, "finetune: state_path needs scores_path (the score file says which epochs are done)");
    if (rec && (d->run < 0 || d->run >= rec->total_runs))
        return prune__fail(err, PRUNE_EARG, "finetune: run %d is outside 0..%d (runs count from 0)", d->run, rec->total_runs - 1);
    if (rec && (rec->runs != 1 || rec->epochs != epochs || rec->n != n))
        return prune__fail(err, PRUNE_EARG, "finetune: records must be 1 run of %d epochs over the %lld examples trained on", epochs, (long long)n);
    if (rec && d->subset) {   /* records over a subset (a probe): in memory, indexed by position in it */
        int64_t i;
        if (d->scores_path || d->el2n_pass) return prune__fail(err, PRUNE_EARG, "finetune: records over a subset are kept in memory only, without el2n_pass");
        for (i = 0; i < n; i++)
            if (d->subset[i] < 0 || d->subset[i] >= ds->n || (i > 0 && d->subset[i] <= d->subset[i - 1]))
                return prune__fail(err, PRUNE_EARG, "finetune: records over a subset need its indices ascending, in 0..%lld", (long long)ds->n - 1);
    }
    return prune_dataset_check(ds, m->desc.config.vocab_size, prune__classes(m, ds), err);
}

/* ---- The fine-tuning loop's reports ---- */

/* d->progress after a step: where the loop is, its running loss, its speed and
   the time left at that speed (done_steps: the steps this call has trained) */
static void prune__progress(const prune_finetune_desc *d, int e, int epochs, int64_t step, int64_t steps, double done_steps,
                            double loss, int64_t trained, double t0) {
    prune_progress_info pi;
    double dt = prune__now() - t0;
    pi.run = d->run; pi.epoch = e; pi.epochs = epochs;
    pi.step = step; pi.steps = steps;
    pi.loss = loss;
    pi.examples_per_s = dt > 0 ? (double)trained / dt : 0;
    pi.eta_s = dt / done_steps * (double)(pi.steps - pi.step);
    d->progress(d->user, &pi);
}

/* ---- Resuming a fine-tuning run (prune_finetune with scores_path and state_path) ---- */

/* Resume run d->run of a phase 1 into rec. The score file says which epochs are
   finished; the state file holds the model after the last of them. A state is
   written before epoch 0 too, so finished epochs without a state can only mean the
   state was removed: that is refused rather than silently restarted from whatever
   m holds. The state's header is checked against this run before anything is
   loaded into m. *epoch0: the first epoch left to train; epochs when the run is
   finished (the records are then the file's and m is untouched). */
static int prune__finetune_resume(prune_model *m, const prune_finetune_desc *d, prune_scores *rec, uint64_t data_hash,
                                  int epochs, int *epoch0, prune_error *err) {
    const prune_dataset *ds = d->train;
    const char *why;
    prune_progress pg;
    prune_scores on_disk;
    int rc, have = prune__file_exists(d->scores_path), have_state = prune__file_exists(d->state_path);
    *epoch0 = 0;
    if (have) {
        if ((rc = prune_scores_load(&on_disk, d->scores_path, err)) != PRUNE_OK) return rc;
        why = prune_scores_mismatch(&on_disk, rec);
        if (!why && ((on_disk.classes && on_disk.classes != rec->classes) || on_disk.runs != 1 || on_disk.run_ids[0] != d->run))
            why = "another run or other labels";
        if (why) {
            prune__fail(err, PRUNE_EFORMAT, "%s was recorded with %s: refusing to mix it with run %d of this one "
                        "(remove it, or use another output directory)", d->scores_path, why, d->run);
            prune_scores_free(&on_disk);
            return PRUNE_EFORMAT;
        }
        if (on_disk.done[0] == epochs) *epoch0 = epochs;                      /* finished earlier */
        else if (have_state) {
            if ((rc = prune__state_peek(d->state_path, &pg, err)) != PRUNE_OK) { prune_scores_free(&on_disk); return rc; }
            if (pg.user[0] != rec->config_hash || pg.user[1] != data_hash || (int)pg.user[2] != d->run ||
                pg.epoch < 0 || pg.epoch > on_disk.done[0] || pg.epoch >= epochs) {
                prune_scores_free(&on_disk);
                return prune__fail(err, PRUNE_EFORMAT, "%s does not belong with %s (another run, configuration or epoch)", d->state_path, d->scores_path);
            }
            if ((rc = prune_state_load(m, &pg, d->state_path, err)) != PRUNE_OK) { prune_scores_free(&on_disk); return rc; }
            *epoch0 = (int)pg.epoch;
        } else if (on_disk.done[0] > 0) {
            prune__fail(err, PRUNE_ESTATE, "%s records %d finished epochs%s but %s is missing: cannot continue that run "
                        "(remove the score file to start it over)", d->scores_path, on_disk.done[0],
                        on_disk.tail == PRUNE_TAIL_BAD ? ", then a block that fails its checksum (damaged)," : "", d->state_path);
            prune_scores_free(&on_disk);
            return PRUNE_ESTATE;
        }
        /* keep the finished epochs; anything after them is redone */
        memcpy(rec->correct, on_disk.correct, (size_t)*epoch0 * (size_t)ds->n);
        memcpy(rec->pred, on_disk.pred, (size_t)*epoch0 * (size_t)ds->n);
        memcpy(rec->gold_prob, on_disk.gold_prob, sizeof(float) * (size_t)*epoch0 * (size_t)ds->n);
        memcpy(rec->loss, on_disk.loss, sizeof(float) * (size_t)*epoch0 * (size_t)ds->n);
        memcpy(rec->el2n, on_disk.el2n, sizeof(float) * (size_t)*epoch0 * (size_t)ds->n);
        rec->done[0] = *epoch0;
        prune_scores_free(&on_disk);
    }
    /* finished: nothing to train, m is untouched, the records are the file's */
    if (*epoch0 == epochs) { remove(d->state_path); return PRUNE_OK; }
    /* the file as it must be: header + finished epochs (a torn or extra block goes) */
    if ((rc = prune_scores_save(rec, d->scores_path, err)) != PRUNE_OK) return rc;
    if (*epoch0 == 0) {   /* the starting point, so that a crash in epoch 0 resumes too */
        memset(&pg, 0, sizeof pg);
        pg.user[0] = rec->config_hash; pg.user[1] = data_hash; pg.user[2] = (uint64_t)d->run;
        if ((rc = prune_state_save(m, &pg, d->state_path, err)) != PRUNE_OK) return rc;
    }
    return PRUNE_OK;
}

/* After every finished epoch but the last: the state that epoch ends with, which
   the score file's blocks vouch for. */
static int prune__finetune_save_state(prune_model *m, const prune_finetune_desc *d, const prune_scores *rec,
                                      uint64_t data_hash, int next_epoch, prune_error *err) {
    prune_progress pg;
    memset(&pg, 0, sizeof pg);
    pg.epoch = next_epoch;
    pg.user[0] = rec->config_hash; pg.user[1] = data_hash; pg.user[2] = (uint64_t)d->run;
    return prune_state_save(m, &pg, d->state_path, err);
}

/* ============================================================================
   [B12 json] JSON: a small strict reader (RFC 8259)

   Two passes over the text with the same code: the first checks the syntax and
   counts the values and string bytes, the second fills exactly-sized arrays. So
   there is one allocation for the values and one for the decoded strings, and no
   resizing. Values are stored in document order; containers link their children
   with first/next indices (0 means "none": value 0 is the root, never a child).
   Recursion is bounded by PRUNE__JSON_MAX_DEPTH, so a document nested 10,000 deep
   is refused with a message instead of overflowing the C stack.
   ========================================================================= */

enum { PRUNE__JNULL, PRUNE__JFALSE, PRUNE__JTRUE, PRUNE__JNUM, PRUNE__JSTR, PRUNE__JARR, PRUNE__JOBJ };

#define PRUNE__JSON_MAX_DEPTH 64
#define PRUNE__JSON_MAX_VALUES ((size_t)1 << 20)
#define PRUNE__JSON_MAX_NUMBER 63          /* characters in one number */

typedef struct prune__jv {
    int type;             /* PRUNE__JNULL ... PRUNE__JOBJ                                  */
    int is_int;           /* number written without fraction or exponent, |value| < 2^64   */
    int neg;              /* ... and with a minus sign                                     */
    uint64_t mag;         /* ... its magnitude, exact (a double is exact only to 2^53)      */
    double num;           /* number: its value                                             */
    size_t pos;           /* offset in the text where the value starts (for messages)      */
    const char *key;      /* member of an object: its key, decoded, NUL-terminated         */
    size_t klen;
    const char *str;      /* string: decoded UTF-8, NUL-terminated (may hold \u0000 too)   */
    size_t slen;
    size_t count;         /* array, object: number of children                             */
    size_t first, next;   /* first child; next sibling                                     */
} prune__jv;

typedef struct prune__json {
    const char *file;     /* named in every message                                        */
    const char *what;     /* "" for config.json, "header " for a safetensors header       */
    const char *text;     /* the document: file bytes [base, base + len)                   */
    size_t len, base;
    prune__jv *v;         /* [nv] values, v[0] the root                                    */
    size_t nv;
    char *str;            /* decoded strings, back to back                                 */
    size_t ns;
    size_t i;             /* parser position                                               */
    int dry;              /* first pass: check and count only                              */
    size_t max_values;    /* refuse documents with more                                    */
    prune_error *err;
} prune__json;

/* "line L, column C (byte B)" of text offset pos. Columns count characters, not bytes
   (UTF-8 continuation bytes are skipped), as an editor shows them; B is the offset in
   the file, which is what a hex dump shows. */
static void prune__json_where(const prune__json *j, size_t pos, char *buf, size_t n) {
    size_t k;
    unsigned long line = 1, col = 1;
    for (k = 0; k < pos && k < j->len; k++) {
        unsigned char c = (unsigned char)j->text[k];
        if (c == '\n') { line++; col = 1; }
        else if ((c & 0xC0) != 0x80) col++;
    }
    snprintf(buf, n, "%sline %lu, column %lu (byte %lu)", j->what, line, col, (unsigned long)(j->base + pos));
}

static int prune__json_fail(const prune__json *j, size_t pos, const char *what) {
    char where[128];
    prune__json_where(j, pos, where, sizeof where);
    return prune__fail(j->err, PRUNE_EFORMAT, "%s: %s: %s", j->file, where, what);
}

/* The C library converts numbers in the current locale, where the decimal point may
   be ','. JSON's is always '.', so swap it in before strtod and out after printf. */
static char prune__locale_point(void) {
    const struct lconv *lc = localeconv();
    return lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';
}

/* s: a number in JSON syntax, at most PRUNE__JSON_MAX_NUMBER characters */
static double prune__json_strtod(const char *s) {
    char buf[PRUNE__JSON_MAX_NUMBER + 1], pt = prune__locale_point();
    size_t k;
    for (k = 0; s[k] && k < PRUNE__JSON_MAX_NUMBER; k++) buf[k] = s[k] == '.' ? pt : s[k];
    buf[k] = 0;
    return strtod(buf, NULL);
}

static int prune__json_value(prune__json *j, int depth, size_t *out);

static void prune__json_ws(prune__json *j) {
    while (j->i < j->len) {
        char c = j->text[j->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        j->i++;
    }
}

static int prune__json_hex4(const prune__json *j, size_t at, uint32_t *cp) {
    size_t k;
    *cp = 0;
    if (j->len - at < 4) return 0;
    for (k = 0; k < 4; k++) {
        char c = j->text[at + k];
        uint32_t d;
        if (c >= '0' && c <= '9') d = (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') d = (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = (uint32_t)(c - 'A' + 10);
        else return 0;
        *cp = *cp << 4 | d;
    }
    return 1;
}

/* A string at j->i (the opening quote). The second pass decodes it into the string
   area and returns it in *out / *outlen; the first only checks and counts. */
static int prune__json_string(prune__json *j, const char **out, size_t *outlen) {
    size_t start = j->i, n = 0;
    char *dst = j->dry ? NULL : j->str + j->ns;
    j->i++;
    for (;;) {
        unsigned char c;
        if (j->i >= j->len) return prune__json_fail(j, start, "string is never closed (missing '\"')");
        c = (unsigned char)j->text[j->i];
        if (c == '"') { j->i++; break; }
        if (c < 0x20)
            return prune__json_fail(j, j->i, "raw control character inside a string (JSON needs an escape such as \\n)");
        if (c == '\\') {
            char e;
            uint32_t cp;
            char utf8[4];
            size_t k, nb;
            if (j->i + 1 >= j->len) return prune__json_fail(j, j->i, "string ends inside an escape");
            e = j->text[j->i + 1];
            switch (e) {
            case '"': case '\\': case '/': cp = (uint32_t)e; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            case 'u':
                if (!prune__json_hex4(j, j->i + 2, &cp))
                    return prune__json_fail(j, j->i, "\\u must be followed by four hex digits");
                /* UTF-16 in disguise: a code point above U+FFFF is written as a high
                   surrogate (D800-DBFF) followed by a low one (DC00-DFFF). Each half
                   alone is not a character, so a lone one is an error. */
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return prune__json_fail(j, j->i, "\\u escape is a low surrogate without a high surrogate before it");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t lo;
                    if (j->len - j->i < 12 || j->text[j->i + 6] != '\\' || j->text[j->i + 7] != 'u' ||
                        !prune__json_hex4(j, j->i + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                        return prune__json_fail(j, j->i, "\\u escape is a high surrogate not followed by a low surrogate \\uDC00-\\uDFFF");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    j->i += 6;
                }
                j->i += 4;
                break;
            default:
                return prune__json_fail(j, j->i, "unknown escape (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            }
            j->i += 2;
            nb = prune__utf8_put((unsigned char *)utf8, cp);
            if (dst)
                for (k = 0; k < nb; k++) dst[n + k] = utf8[k];
            n += nb;
        } else {
            uint32_t cp_;
            size_t k, nb = prune__utf8_get((const unsigned char *)j->text + j->i, j->len - j->i, &cp_);
            if (!nb) return prune__json_fail(j, j->i, "invalid UTF-8 inside a string");
            if (dst)
                for (k = 0; k < nb; k++) dst[n + k] = j->text[j->i + k];
            n += nb;
            j->i += nb;
        }
    }
    if (dst) {
        dst[n] = 0;
        *out = dst;
        *outlen = n;
        j->ns += n + 1;
    } else {
        /* decoding never makes a string longer than its source text */
        *out = "";
        *outlen = 0;
        j->ns += j->i - start + 1;
    }
    return PRUNE_OK;
}

static int prune__json_number(prune__json *j, prune__jv *v) {
    size_t s = j->i, i = j->i;
    int frac = 0, ex = 0, overflow = 0, neg = 0;
    uint64_t mag = 0;
    char buf[PRUNE__JSON_MAX_NUMBER + 1];
    double d;
#define PRUNE__DIGIT(k) ((k) < j->len && j->text[k] >= '0' && j->text[k] <= '9')
    if (i < j->len && j->text[i] == '-') { neg = 1; i++; }
    if (!PRUNE__DIGIT(i)) return prune__json_fail(j, s, "expected a value (a number needs a digit here)");
    if (j->text[i] == '0') {
        i++;
        if (PRUNE__DIGIT(i)) return prune__json_fail(j, s, "number with a leading zero");
    } else {
        for (; PRUNE__DIGIT(i); i++) {
            uint64_t dg = (uint64_t)(j->text[i] - '0');
            if (mag > (UINT64_MAX - dg) / 10) overflow = 1;
            else mag = mag * 10 + dg;
        }
    }
    if (i < j->len && j->text[i] == '.') {
        frac = 1;
        i++;
        if (!PRUNE__DIGIT(i)) return prune__json_fail(j, i, "expected a digit after the decimal point");
        while (PRUNE__DIGIT(i)) i++;
    }
    if (i < j->len && (j->text[i] == 'e' || j->text[i] == 'E')) {
        ex = 1;
        i++;
        if (i < j->len && (j->text[i] == '+' || j->text[i] == '-')) i++;
        if (!PRUNE__DIGIT(i)) return prune__json_fail(j, i, "expected a digit in the exponent");
        while (PRUNE__DIGIT(i)) i++;
    }
#undef PRUNE__DIGIT
    if (i - s > PRUNE__JSON_MAX_NUMBER) return prune__json_fail(j, s, "number longer than 63 characters");
    memcpy(buf, j->text + s, i - s);
    buf[i - s] = 0;
    d = prune__json_strtod(buf);
    if (d - d != 0) return prune__json_fail(j, s, "number too large for a double");
    j->i = i;
    if (v) {
        v->num = d;
        v->is_int = !frac && !ex && !overflow;
        v->neg = neg;
        v->mag = mag;
    }
    return PRUNE_OK;
}

/* One value at j->i; depth counts the containers around it. *out: its index. */
static int prune__json_value(prune__json *j, int depth, size_t *out) {
    size_t k = j->nv, pos = j->i;
    prune__jv *v = NULL;
    char c;
    int rc;
    if (j->nv >= j->max_values) {
        char why[64];
        snprintf(why, sizeof why, "more than %lu values in one document", (unsigned long)j->max_values);
        return prune__json_fail(j, pos, why);
    }
    j->nv++;
    *out = k;
    if (!j->dry) {
        v = &j->v[k];
        memset(v, 0, sizeof *v);
        v->pos = pos;
    }
    if (j->i >= j->len) return prune__json_fail(j, pos, "expected a value, found the end of the document");
    c = j->text[j->i];
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        size_t prev = 0, count = 0;
        if (depth >= PRUNE__JSON_MAX_DEPTH)
            return prune__json_fail(j, pos, "arrays and objects nested deeper than 64 levels");
        if (v) v->type = c == '{' ? PRUNE__JOBJ : PRUNE__JARR;
        j->i++;
        prune__json_ws(j);
        if (j->i < j->len && j->text[j->i] == close) { j->i++; return PRUNE_OK; }
        for (;;) {
            const char *key = "";
            size_t klen = 0, kpos, child;
            if (c == '{') {
                kpos = j->i;
                if (j->i >= j->len || j->text[j->i] != '"')
                    return prune__json_fail(j, kpos, count ? "expected a string key after ',' (trailing commas are not JSON)"
                                                           : "expected a string key or '}'");
                if ((rc = prune__json_string(j, &key, &klen)) != PRUNE_OK) return rc;
                prune__json_ws(j);
                if (j->i >= j->len || j->text[j->i] != ':') return prune__json_fail(j, j->i, "expected ':' after an object key");
                j->i++;
                prune__json_ws(j);
            } else if (count && j->i < j->len && j->text[j->i] == ']') {
                return prune__json_fail(j, j->i, "expected a value after ',' (trailing commas are not JSON)");
            }
            if ((rc = prune__json_value(j, depth + 1, &child)) != PRUNE_OK) return rc;
            if (v) {
                j->v[child].key = key;
                j->v[child].klen = klen;
                if (prev) j->v[prev].next = child;
                else v->first = child;
                v->count++;
            }
            prev = child;
            count++;
            prune__json_ws(j);
            if (j->i < j->len && j->text[j->i] == ',') { j->i++; prune__json_ws(j); continue; }
            if (j->i < j->len && j->text[j->i] == close) { j->i++; return PRUNE_OK; }
            return prune__json_fail(j, j->i, c == '{' ? "expected ',' or '}' after an object member"
                                                      : "expected ',' or ']' after an array element");
        }
    }
    if (c == '"') {
        const char *s;
        size_t n;
        if ((rc = prune__json_string(j, &s, &n)) != PRUNE_OK) return rc;
        if (v) { v->type = PRUNE__JSTR; v->str = s; v->slen = n; }
        return PRUNE_OK;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        if (v) v->type = PRUNE__JNUM;
        return prune__json_number(j, v);
    }
    {
        static const char *const lit[3] = {"null", "false", "true"};
        static const int type[3] = {PRUNE__JNULL, PRUNE__JFALSE, PRUNE__JTRUE};
        int t;
        for (t = 0; t < 3; t++) {
            size_t n = strlen(lit[t]);
            if (j->len - j->i >= n && memcmp(j->text + j->i, lit[t], n) == 0) {
                j->i += n;
                if (v) v->type = type[t];
                return PRUNE_OK;
            }
        }
    }
    if (c == 'N' || c == 'I') return prune__json_fail(j, pos, "NaN and Infinity are not JSON numbers");
    return prune__json_fail(j, pos, "expected a value (object, array, string, number, true, false or null)");
}

/* qsort helper for the duplicate-key check: members ordered by key bytes */
typedef struct prune__jkey { const char *key; size_t klen, pos; } prune__jkey;

static int prune__jkey_cmp(const void *pa, const void *pb) {
    const prune__jkey *a = (const prune__jkey *)pa, *b = (const prune__jkey *)pb;
    int c = memcmp(a->key, b->key, PRUNE__MIN(a->klen, b->klen));
    if (c) return c;
    if (a->klen != b->klen) return a->klen < b->klen ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* A key twice in one object would make a lookup depend on which one it finds, so it
   is an error. Sorting each object's keys makes this O(n log n), even for a header
   written to be slow. */
static int prune__json_unique_keys(prune__json *j) {
    prune__jkey *keys;
    size_t k, c, n;
    int rc = PRUNE_OK;
    keys = (prune__jkey *)PRUNE_MALLOC(j->nv * sizeof(prune__jkey) + 1, NULL);
    if (!keys) return prune__fail(j->err, PRUNE_ENOMEM, "%s: cannot allocate the JSON key check", j->file);
    for (k = 0; k < j->nv && rc == PRUNE_OK; k++) {
        if (j->v[k].type != PRUNE__JOBJ || j->v[k].count < 2) continue;
        for (n = 0, c = j->v[k].first; c; c = j->v[c].next, n++) {
            keys[n].key = j->v[c].key;
            keys[n].klen = j->v[c].klen;
            keys[n].pos = j->v[c].pos;
        }
        qsort(keys, n, sizeof *keys, prune__jkey_cmp);
        for (c = 1; c < n; c++)
            if (keys[c].klen == keys[c - 1].klen && memcmp(keys[c].key, keys[c - 1].key, keys[c].klen) == 0) {
                char msg[160];
                snprintf(msg, sizeof msg, "key \"%.80s\" appears twice in one object", keys[c].key);
                rc = prune__json_fail(j, keys[c].pos, msg);
                break;
            }
    }
    PRUNE_FREE(keys, NULL);
    return rc;
}

static void prune__json_free(prune__json *j) {
    PRUNE_FREE(j->v, NULL);
    PRUNE_FREE(j->str, NULL);
    j->v = NULL;
    j->str = NULL;
}

/* Parse text[0, len) (bytes base.. of `file`) into j, at most max_values values.
   Nothing past len is read. */
static int prune__json_parse_n(prune__json *j, const char *file, const char *what, const char *text, size_t len,
                               size_t base, size_t max_values, prune_error *err) {
    int pass, rc;
    size_t root;
    memset(j, 0, sizeof *j);
    j->file = file; j->what = what; j->text = text; j->len = len; j->base = base; j->err = err;
    j->max_values = max_values;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        return prune__json_fail(j, 0, "starts with a UTF-8 byte-order mark, which JSON does not allow");
    for (pass = 0; pass < 2; pass++) {
        j->dry = pass == 0;
        j->i = 0; j->nv = 0; j->ns = 0;
        prune__json_ws(j);
        if (j->i >= len) return prune__json_fail(j, j->i, "empty document (expected a JSON value)");
        if ((rc = prune__json_value(j, 0, &root)) != PRUNE_OK) { prune__json_free(j); return rc; }
        prune__json_ws(j);
        if (j->i < len) { prune__json_free(j); return prune__json_fail(j, j->i, "unexpected text after the end of the JSON document"); }
        if (pass == 0) {
            j->v = (prune__jv *)PRUNE_MALLOC(j->nv * sizeof(prune__jv), NULL);
            j->str = (char *)PRUNE_MALLOC(j->ns + 1, NULL);
            if (!j->v || !j->str) {
                prune__json_free(j);
                return prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate %lu JSON values", file, (unsigned long)j->nv);
            }
        }
    }
    if ((rc = prune__json_unique_keys(j)) != PRUNE_OK) { prune__json_free(j); return rc; }
    return PRUNE_OK;
}
static int prune__json_parse(prune__json *j, const char *file, const char *what, const char *text, size_t len,
                             size_t base, prune_error *err) {
    return prune__json_parse_n(j, file, what, text, len, base, PRUNE__JSON_MAX_VALUES, err);
}

/* member `key` of object value obj, or 0 */
static size_t prune__json_get(const prune__json *j, size_t obj, const char *key) {
    size_t k, n = strlen(key);
    if (j->v[obj].type != PRUNE__JOBJ) return 0;
    for (k = j->v[obj].first; k; k = j->v[k].next)
        if (j->v[k].klen == n && memcmp(j->v[k].key, key, n) == 0) return k;
    return 0;
}

/* ---- JSON Lines: one object per line, its keys the columns of a table ------------
   The header is the first object's keys, in its order (datasets' to_json and SNLI's
   release write the same keys on every line). A field is a string's text, a
   number's decimal text (labels may be integers), or "not text" (s NULL) for
   anything else, which only matters if that column is used. */
#define PRUNE__JSONL_MAXCOLS 64
struct prune__jsonl {
    const char *path, *text;
    size_t len, base, at;       /* the next line starts at text + at (file byte base + at) */
    int64_t line;               /* its line number */
    prune__json j;              /* the current line, parsed */
    int have;
    int ncols;
    char *keys;                 /* the header's names, NUL-separated */
    const char *col[PRUNE__JSONL_MAXCOLS];
    char num[PRUNE__JSONL_MAXCOLS][32];
    prune_error *err;
};

static void prune__jsonl_close(prune__jsonl *r) {
    if (!r) return;
    if (r->have) prune__json_free(&r->j);
    PRUNE_FREE(r->keys, NULL);
    PRUNE_FREE(r, NULL);
}

/* the next line [*a, *b) from r->at: 1, or 0 at the end, or -1 (r->err says why):
   an empty line before the end is an error, as in a TSV. */
static int prune__jsonl_line(prune__jsonl *r, size_t *a, size_t *b) {
    const char *eol;
    size_t e, s = r->at;
    if (s >= r->len) return 0;
    eol = (const char *)memchr(r->text + s, '\n', r->len - s);
    e = eol ? (size_t)(eol - r->text) : r->len;
    r->at = eol ? e + 1 : r->len;
    r->line++;
    *a = s;
    *b = e > s && r->text[e - 1] == '\r' ? e - 1 : e;
    if (*b == *a) {
        if (r->at >= r->len) return 0;   /* a last line ending twice */
        prune__fail(r->err, PRUNE_EFORMAT, "%s:%lld: empty line (JSON Lines has one object on every line)", r->path, (long long)r->line);
        return -1;
    }
    return 1;
}

static int prune__jsonl_parse(prune__jsonl *r, size_t a, size_t b) {
    int rc;
    if (r->have) { prune__json_free(&r->j); r->have = 0; }
    if ((rc = prune__json_parse(&r->j, r->path, "", r->text + a, b - a, r->base + a, r->err)) != PRUNE_OK) return rc;
    r->have = 1;
    if (r->j.v[0].type != PRUNE__JOBJ)
        return prune__fail(r->err, PRUNE_EFORMAT, "%s:%lld: not a JSON object (JSON Lines rows are {\"column\": value, ...})", r->path,
                           (long long)r->line);
    return PRUNE_OK;
}

static int prune__jsonl_open(prune__jsonl **out, const char *path, const char *text, size_t len, size_t base,
                             prune__field *cols, int max, int *ncols, prune_error *err) {
    prune__jsonl *r = (prune__jsonl *)PRUNE_MALLOC(sizeof *r, NULL);
    size_t a, b, k, bytes = 0;
    int rc, c = 0;
    char *w;
    *out = NULL;
    if (!r) return prune__fail(err, PRUNE_ENOMEM, "%s: out of memory", path);
    memset(r, 0, sizeof *r);
    r->path = path; r->text = text; r->len = len; r->base = base; r->err = err;
    if ((rc = prune__jsonl_line(r, &a, &b)) <= 0) {
        prune__jsonl_close(r);
        return rc < 0 ? err->code : prune__fail(err, PRUNE_EFORMAT, "%s: no rows", path);
    }
    if ((rc = prune__jsonl_parse(r, a, b)) != PRUNE_OK) { prune__jsonl_close(r); return rc; }
    for (k = r->j.v[0].first; k; k = r->j.v[k].next) bytes += r->j.v[k].klen + 1;
    if (r->j.v[0].count > (size_t)PRUNE__MIN(max, PRUNE__JSONL_MAXCOLS)) {
        prune__jsonl_close(r);
        return prune__fail(err, PRUNE_EFORMAT, "%s:1: more than %d keys", path, PRUNE__MIN(max, PRUNE__JSONL_MAXCOLS));
    }
    if (!(r->keys = w = (char *)PRUNE_MALLOC(bytes + 1, NULL))) { prune__jsonl_close(r); return prune__fail(err, PRUNE_ENOMEM, "%s: out of memory", path); }
    for (k = r->j.v[0].first; k; k = r->j.v[k].next, c++) {
        memcpy(w, r->j.v[k].key, r->j.v[k].klen + 1);
        r->col[c] = w;
        cols[c].s = w; cols[c].n = r->j.v[k].klen;
        w += r->j.v[k].klen + 1;
    }
    r->ncols = *ncols = c;
    /* the first line is data too: read it again as the first row */
    r->at = 0; r->line = 0;
    *out = r;
    return PRUNE_OK;
}

/* the next row into f[0..ncols): 1, or 0 at the end, or -1 (err says why) */
static int prune__jsonl_next(prune__jsonl *r, prune__field *f, int64_t *line, prune_error *err) {
    size_t a, b;
    int rc, c;
    r->err = err;
    if ((rc = prune__jsonl_line(r, &a, &b)) <= 0) return rc;
    if (prune__jsonl_parse(r, a, b) != PRUNE_OK) return -1;
    *line = r->line;
    for (c = 0; c < r->ncols; c++) {
        size_t k = prune__json_get(&r->j, 0, r->col[c]);
        const prune__jv *v;
        if (!k) { prune__fail(err, PRUNE_EFORMAT, "%s:%lld: no key \"%s\" (the first line has it)", r->path, (long long)r->line, r->col[c]); return -1; }
        v = &r->j.v[k];
        f[c].s = NULL; f[c].n = 0;
        if (v->type == PRUNE__JSTR) { f[c].s = v->str; f[c].n = v->slen; }
        else if (v->type == PRUNE__JNUM) {
            if (v->is_int) snprintf(r->num[c], sizeof r->num[c], "%s%llu", v->neg ? "-" : "", (unsigned long long)v->mag);
            else snprintf(r->num[c], sizeof r->num[c], "%.17g", v->num);
            f[c].s = r->num[c]; f[c].n = strlen(r->num[c]);
        }
    }
    return 1;
}

/* ============================================================================
   [B13 bpe] Byte-level BPE: the tokenizer of GPT-2, RoBERTa and OPT

   What it reproduces: transformers' RobertaTokenizerFast (the `tokenizers`
   library: no normalizer, the ByteLevel pre-tokenizer with its regular
   expression, BPE without dropout or unknown token), step for step:

     0. Added tokens (<s> </s> <unk> <pad> <mask> <|endoftext|>, those the
        vocabulary has) are matched first, on the raw text, longest first;
        a token marked lstrip in tokenizer.json (RoBERTa's <mask>) also takes the
        white space before it.
     1. Each stretch of text between them (with add_prefix_space, after a space
        put in front when it does not start with one) is cut into pieces by
            's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
        the alternatives tried in that order at each position (prune__bpe_piece).
        The classes come from tests/reference/gen_bpe_tables.py ([C3 bpe]).
     2. Each piece's bytes start as one token each; the adjacent pair with the
        lowest merge rank (the line of merges.txt), leftmost among equals, is
        merged, again and again, until no pair of the piece has a merge.
   The files store tokens in GPT-2's byte-to-unicode alphabet (a space is "Ġ"); the
   tokenizer keeps them as the raw bytes they stand for.
   ========================================================================= */


/* GPT-2's byte-to-unicode alphabet: printable Latin-1 bytes stand for themselves,
   the other 68 for U+0100.. in byte order. The byte of code point cp, or -1. */
static int prune__bpe_byte_of(uint32_t cp) {
    int b, k = 0;
    for (b = 0; b < 256; b++) {
        int printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
        uint32_t c = printable ? (uint32_t)b : 256u + (uint32_t)k++;
        if (c == cp) return b;
    }
    return -1;
}

/* Decode a token of the byte-level alphabet into its bytes (out has room for n);
   returns the byte count, or -1 when it holds a character outside the alphabet. */
static long prune__bpe_decode(const unsigned char *s, size_t n, unsigned char *out, const signed short *inv) {
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = prune__utf8_get(s + i, n - i, &cp);
        if (!k || cp >= 324 || inv[cp] < 0) return -1;
        out[o++] = (unsigned char)inv[cp];
        i += k;
    }
    return (long)o;
}

static uint32_t prune__bpe_mslot(const struct prune__bpe *b, uint64_t key) {
    uint32_t i = (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & b->mmask;
    while (b->mkey[i] != ~0ull && b->mkey[i] != key) i = (i + 1) & b->mmask;
    return i;
}

/* the merge of (a, b): its rank, and the token it makes in *res; -1 when none */
static int32_t prune__bpe_merge(const struct prune__bpe *b, int32_t a, int32_t c, int32_t *res) {
    uint32_t i = prune__bpe_mslot(b, (uint64_t)(uint32_t)a << 32 | (uint32_t)c);
    if (b->mkey[i] == ~0ull) return -1;
    *res = b->mres[i];
    return b->mrank[i];
}

static int prune__bpe_fail(prune_tokenizer *tk, prune_error *err, int code, const char *fmt, const char *a, unsigned long n) {
    prune_tokenizer_free(tk);
    return prune__fail(err, code, fmt, a, n);
}

PRUNEDEF int prune_tokenizer_load_bpe(prune_tokenizer *tk, const char *vocab_json, const char *merges_txt, prune_error *err) {
    static const char *const added[] = {"<s>", "</s>", "<unk>", "<pad>", "<mask>", "<|endoftext|>"};
    signed short inv[324];
    prune__json j;
    char *buf = NULL, *mbuf = NULL;
    size_t size, msize, k, total = 0, nslots = 16, pos, line;
    int32_t maxid = -1, id;
    int rc, bad = 0;
    struct prune__bpe *b;
    if (!tk) return prune__fail(err, PRUNE_EARG, "tokenizer: NULL tokenizer");
    memset(tk, 0, sizeof *tk);
    tk->unk_id = tk->cls_id = tk->sep_id = tk->pad_id = tk->mask_id = -1;
    if (!vocab_json || !merges_txt) return prune__fail(err, PRUNE_EARG, "tokenizer: NULL vocab.json or merges.txt path");
    for (k = 0; k < 324; k++) inv[k] = -1;
    for (k = 0; k < 324; k++) { int byte = prune__bpe_byte_of((uint32_t)k); if (byte >= 0) inv[k] = (signed short)byte; }

    /* vocab.json: {"token": id, ...} */
    if ((rc = prune__read_file(vocab_json, &buf, &size, PRUNE__TOK_MAX_FILE, err)) != PRUNE_OK) return rc;
    if ((rc = prune__json_parse(&j, vocab_json, "", buf, size, 0, err)) != PRUNE_OK) { PRUNE_FREE(buf, NULL); return rc; }
    if (j.v[0].type != PRUNE__JOBJ || j.v[0].count == 0) {
        prune__json_free(&j); PRUNE_FREE(buf, NULL);
        return prune__fail(err, PRUNE_EFORMAT, "%s: not a vocabulary (expected a non-empty object of token: id)", vocab_json);
    }
    for (k = j.v[0].first; k; k = j.v[k].next) {
        const prune__jv *v = &j.v[k];
        if (v->type != PRUNE__JNUM || !v->is_int || v->neg || v->mag >= (1u << 26)) {
            char where[160];
            prune__json_where(&j, v->pos, where, sizeof where);
            prune__json_free(&j); PRUNE_FREE(buf, NULL);
            return prune__fail(err, PRUNE_EFORMAT, "%s: %s: the id of a token must be an integer in 0..%d", vocab_json, where, (1 << 26) - 1);
        }
        if ((int32_t)v->mag > maxid) maxid = (int32_t)v->mag;
        total += v->klen + 1;
    }
    if ((size_t)maxid >= 4 * j.v[0].count + 1024) {   /* ids far past the token count: a broken file, not gaps */
        unsigned long count = (unsigned long)j.v[0].count;
        prune__json_free(&j); PRUNE_FREE(buf, NULL);
        return prune__fail(err, PRUNE_EFORMAT, "%s: id %ld for %lu tokens: the ids must number the tokens (0..count-1, few gaps)",
                           vocab_json, (long)maxid, count);
    }
    tk->vocab_size = maxid + 1;
    /* the table holds every key (two keys with one id included), at most half full */
    while (nslots < 2 * PRUNE__MAX((size_t)tk->vocab_size, j.v[0].count)) nslots *= 2;
    tk->text = (char *)PRUNE_MALLOC(total + 1, NULL);
    tk->off = (uint32_t *)PRUNE_MALLOC(prune__add(prune__mul((size_t)tk->vocab_size, 2 * sizeof(uint32_t), &bad),
                                                   prune__mul(nslots, sizeof(prune__tok_slot), &bad), &bad), NULL);
    tk->bpe = (struct prune__bpe *)prune__alloc(sizeof *tk->bpe, NULL);
    if (bad || !tk->text || !tk->off || !tk->bpe) {
        prune__json_free(&j); PRUNE_FREE(buf, NULL);
        return prune__bpe_fail(tk, err, PRUNE_ENOMEM, "%s: cannot allocate a vocabulary of %lu tokens", vocab_json, (unsigned long)tk->vocab_size);
    }
    tk->kind = PRUNE_TOKENIZER_BPE;
    tk->len = tk->off + tk->vocab_size;
    tk->slots = (prune__tok_slot *)(void *)(tk->len + tk->vocab_size);
    tk->mask = (uint32_t)(nslots - 1);
    for (pos = 0; pos < nslots; pos++) { tk->slots[pos].hash = 0; tk->slots[pos].id = -1; }
    for (id = 0; id < tk->vocab_size; id++) { tk->off[id] = (uint32_t)total; tk->len[id] = 0; }
    tk->text[total] = 0;   /* ids no entry names: the empty token at the end */
    for (k = j.v[0].first, pos = 0; k; k = j.v[k].next) {
        const prune__jv *v = &j.v[k];
        long n = prune__bpe_decode((const unsigned char *)v->key, v->klen, (unsigned char *)tk->text + pos, inv);
        uint64_t h;
        uint32_t slot;
        if (n < 0) {   /* an added token outside the alphabet ("<s>" is inside it) is kept as written */
            memcpy(tk->text + pos, v->key, v->klen);
            n = (long)v->klen;
        }
        id = (int32_t)v->mag;
        tk->text[pos + (size_t)n] = 0;
        tk->off[id] = (uint32_t)pos; tk->len[id] = (uint32_t)n;
        if ((uint32_t)n > tk->max_len) tk->max_len = (uint32_t)n;
        h = prune__tok_hash(0, (const unsigned char *)tk->text + pos, (size_t)n);
        slot = prune__tok_probe(tk, h, 0, (const unsigned char *)tk->text + pos, (size_t)n);
        tk->slots[slot].hash = (uint32_t)h;
        tk->slots[slot].id = id;
        pos += (size_t)n + 1;
    }
    prune__json_free(&j);
    PRUNE_FREE(buf, NULL);
    b = tk->bpe;
    for (k = 0; k < 256; k++) {
        unsigned char c = (unsigned char)k;
        if ((b->byte_id[k] = prune__tok_find(tk, 0, &c, 1)) < 0)
            return prune__bpe_fail(tk, err, PRUNE_EFORMAT, "%s: byte 0x%02lX has no token: not a byte-level BPE vocabulary", vocab_json, (unsigned long)k);
    }
    for (k = 0; k < sizeof added / sizeof added[0]; k++)
        if ((id = prune_tokenizer_id(tk, added[k])) >= 0) {
            b->added[b->nadded].id = id;
            b->added[b->nadded++].lstrip = 0;   /* tokenizer.json may say otherwise (load_dir) */
        }
    tk->cls_id = prune_tokenizer_id(tk, "<s>");
    tk->sep_id = prune_tokenizer_id(tk, "</s>");
    tk->unk_id = prune_tokenizer_id(tk, "<unk>");
    tk->pad_id = prune_tokenizer_id(tk, "<pad>");
    tk->mask_id = prune_tokenizer_id(tk, "<mask>");

    /* merges.txt: "#version ..." first (optional), then "A B" per line, rank = line */
    if ((rc = prune__read_file(merges_txt, &mbuf, &msize, PRUNE__TOK_MAX_FILE, err)) != PRUNE_OK) { prune_tokenizer_free(tk); return rc; }
    for (pos = 0, line = 0; pos < msize;) {   /* the lines that can hold a merge */
        const char *eol = (const char *)memchr(mbuf + pos, '\n', msize - pos);
        size_t end = eol ? (size_t)(eol - mbuf) : msize;
        line += end > pos + 1;
        pos = end + 1;
    }
    nslots = 16;
    while (nslots < 2 * line + 2) nslots *= 2;
    b->mkey = (uint64_t *)PRUNE_MALLOC(prune__mul(nslots, sizeof(uint64_t), &bad), NULL);
    b->mrank = (int32_t *)PRUNE_MALLOC(prune__mul(nslots, sizeof(int32_t), &bad), NULL);
    b->mres = (int32_t *)PRUNE_MALLOC(prune__mul(nslots, sizeof(int32_t), &bad), NULL);
    if (bad || !b->mkey || !b->mrank || !b->mres) { PRUNE_FREE(mbuf, NULL); return prune__bpe_fail(tk, err, PRUNE_ENOMEM, "%s: cannot allocate %lu merges", merges_txt, (unsigned long)line); }
    b->mmask = (uint32_t)(nslots - 1);
    for (k = 0; k < nslots; k++) b->mkey[k] = ~0ull;
    for (pos = 0, line = 0; pos < msize; line++) {
        const char *eol = (const char *)memchr(mbuf + pos, '\n', msize - pos);
        size_t end = eol ? (size_t)(eol - mbuf) : msize, sp;
        const unsigned char *s = (const unsigned char *)mbuf + pos;
        unsigned char t[2 * 1024];
        long na, nb;
        int32_t a, c, r;
        size_t n = end - pos;
        uint32_t slot;
        if (n && s[n - 1] == '\r') n--;
        if (n == 0 || (line == 0 && n >= 8 && memcmp(s, "#version", 8) == 0)) { pos = end + 1; continue; }
        for (sp = 0; sp < n && s[sp] != ' '; sp++) {}
        if (sp == 0 || sp >= n - 1 || memchr(s + sp + 1, ' ', n - sp - 1) || n > 1024) {
            PRUNE_FREE(mbuf, NULL);
            return prune__bpe_fail(tk, err, PRUNE_EFORMAT, "%s:%lu: a merge is two tokens separated by one space", merges_txt, (unsigned long)line + 1);
        }
        na = prune__bpe_decode(s, sp, t, inv);
        nb = na < 0 ? -1 : prune__bpe_decode(s + sp + 1, n - sp - 1, t + na, inv);
        a = na < 0 ? -1 : prune__tok_find(tk, 0, t, (size_t)na);
        c = nb < 0 ? -1 : prune__tok_find(tk, 0, t + na, (size_t)nb);
        r = a < 0 || c < 0 ? -1 : prune__tok_find(tk, 0, t, (size_t)(na + nb));
        if (r < 0) {
            PRUNE_FREE(mbuf, NULL);
            return prune__bpe_fail(tk, err, PRUNE_EFORMAT, "%s:%lu: a token of this merge, or what it makes, is not in the vocabulary",
                                   merges_txt, (unsigned long)line + 1);
        }
        slot = prune__bpe_mslot(b, (uint64_t)(uint32_t)a << 32 | (uint32_t)c);
        b->mkey[slot] = (uint64_t)(uint32_t)a << 32 | (uint32_t)c;   /* a later duplicate takes over, as in tokenizers */
        b->mrank[slot] = b->nmerges++;
        b->mres[slot] = r;
        pos = end + 1;
    }
    PRUNE_FREE(mbuf, NULL);
    return PRUNE_OK;
}

/* ---- text to ids ---- */

/* the class of the character at s[i] (its length in *k; the text is valid UTF-8) */
static unsigned prune__bpe_class_at(const unsigned char *s, size_t n, size_t i, size_t *k) {
    uint32_t cp;
    if (s[i] < 0x80) { *k = 1; return prune__b_class(s[i]); }
    *k = prune__utf8_get(s + i, n - i, &cp);
    return prune__b_class(cp);
}

/* End of the piece the pre-tokenizer's expression matches at s[i] (i < n). */
static size_t prune__bpe_piece(const unsigned char *s, size_t n, size_t i) {
    size_t k, j, last;
    unsigned c;
    if (s[i] == '\'' && i + 1 < n) {                                  /* 's 't 're 've 'm 'll 'd */
        unsigned char x = s[i + 1], y = i + 2 < n ? s[i + 2] : 0;
        if (x == 's' || x == 't' || x == 'm' || x == 'd') return i + 2;
        if ((x == 'r' && y == 'e') || (x == 'v' && y == 'e') || (x == 'l' && y == 'l')) return i + 3;
    }
    j = s[i] == ' ' ? i + 1 : i;                                      /* ` ?` then a class run */
    if (j < n) {
        c = prune__bpe_class_at(s, n, j, &k);
        if (!(c & PRUNE__B_SPACE)) {
            for (j += k; j < n && prune__bpe_class_at(s, n, j, &k) == c; j += k) {}
            return j;
        }
    }
    /* white space: \s+(?!\S) keeps the last space for the word after it; \s+ */
    for (j = i, last = i; j < n && (prune__bpe_class_at(s, n, j, &k) & PRUNE__B_SPACE); j += k) last = j;
    if (j == n || last == i) return j;
    return last;
}

typedef struct prune__bpe_sym { int32_t id, prev, next, len; } prune__bpe_sym;
typedef struct prune__bpe_cand { int32_t rank, pos, res; } prune__bpe_cand;

static int prune__bpe_less(const prune__bpe_cand *a, const prune__bpe_cand *b) {
    return a->rank < b->rank || (a->rank == b->rank && a->pos < b->pos);
}
static void prune__bpe_push(prune__bpe_cand *h, size_t *n, prune__bpe_cand c) {
    size_t i = (*n)++;
    while (i > 0 && prune__bpe_less(&c, &h[(i - 1) / 2])) { h[i] = h[(i - 1) / 2]; i = (i - 1) / 2; }
    h[i] = c;
}
static prune__bpe_cand prune__bpe_pop(prune__bpe_cand *h, size_t *n) {
    prune__bpe_cand top = h[0], x = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < *n && prune__bpe_less(&h[l], &x)) m = l;
        if (l + 1 < *n && prune__bpe_less(&h[l + 1], m == i ? &x : &h[l])) m = l + 1;
        if (m == i) break;
        h[i] = h[m];
        i = m;
    }
    if (*n) h[i] = x;
    return top;
}

/* push the merge of symbols a and its next, if there is one */
static void prune__bpe_pair(const struct prune__bpe *b, const prune__bpe_sym *sym, int32_t a, prune__bpe_cand *h, size_t *nh) {
    prune__bpe_cand c;
    if (a < 0 || sym[a].next < 0) return;
    c.rank = prune__bpe_merge(b, sym[a].id, sym[sym[a].next].id, &c.res);
    c.pos = a;
    if (c.rank >= 0) prune__bpe_push(h, nh, c);
}

/* a space at text byte i: the ends of a token's offsets leave it out (only ' ', whose
   byte-level form Ġ transformers' trim_offsets takes for white space; a tab or a line
   break is a character of its own there, Ċ, and keeps its place) */
static int prune__bpe_trim(const prune__tok *t, size_t i) { return t->text[i] == ' '; }

#define PRUNE__BPE_STACK 256
/* BPE of one piece's bytes, appended to t. Pieces up to PRUNE__BPE_STACK bytes
   use the stack; a longer one allocates its work space (PRUNE_ENOMEM if it cannot). */
static int prune__bpe_word(prune__tok *t, const unsigned char *p, size_t m) {
    const struct prune__bpe *b = t->tk->bpe;
    prune__bpe_sym ssym[PRUNE__BPE_STACK], *sym = ssym;
    prune__bpe_cand sheap[3 * PRUNE__BPE_STACK], *h = sheap;
    size_t i, nh = 0;
    int32_t a;
    if (m > PRUNE__BPE_STACK) {
        sym = (prune__bpe_sym *)PRUNE_MALLOC(m * sizeof *sym, NULL);
        h = (prune__bpe_cand *)PRUNE_MALLOC(3 * m * sizeof *h, NULL);
        if (!sym || !h) { PRUNE_FREE(sym, NULL); PRUNE_FREE(h, NULL); return PRUNE_ENOMEM; }
    }
    for (i = 0; i < m; i++) {
        sym[i].id = b->byte_id[p[i]]; sym[i].len = 1;
        sym[i].prev = (int32_t)i - 1; sym[i].next = i + 1 < m ? (int32_t)i + 1 : -1;
    }
    for (i = 0; i + 1 < m; i++) prune__bpe_pair(b, sym, (int32_t)i, h, &nh);
    while (nh) {
        prune__bpe_cand c = prune__bpe_pop(h, &nh);
        int32_t nx, res;
        if (sym[c.pos].len == 0 || (nx = sym[c.pos].next) < 0) continue;
        if (prune__bpe_merge(b, sym[c.pos].id, sym[nx].id, &res) != c.rank || res != c.res) continue;   /* stale */
        sym[c.pos].id = c.res;
        sym[c.pos].len += sym[nx].len;
        sym[nx].len = 0;
        sym[c.pos].next = sym[nx].next;
        if (sym[nx].next >= 0) sym[sym[nx].next].prev = c.pos;
        prune__bpe_pair(b, sym, sym[c.pos].prev, h, &nh);
        prune__bpe_pair(b, sym, c.pos, h, &nh);
    }
    for (a = m ? 0 : -1; a >= 0; a = sym[a].next) {
        /* its text: the piece's bytes [a, a + len), without the white space at either
           end (transformers' trim_offsets: a token of white space only, or the space
           the tokenizer added, becomes the empty text at its end), widened to whole
           characters (a token may hold part of one; transformers counts characters) */
        long b = t->base + a, e = b + (long)sym[a].len;
        while (b < e && (b < 0 || prune__bpe_trim(t, (size_t)b))) b++;
        while (e > b && prune__bpe_trim(t, (size_t)e - 1)) e--;
        if (b == e) b = e = PRUNE__MAX(0, t->base + a + (long)sym[a].len);
        while (b > 0 && b < (long)t->len && (t->text[b] & 0xC0) == 0x80) b--;
        while (e > b && e < (long)t->len && (t->text[e] & 0xC0) == 0x80) e++;
        prune__tok_emit_at(t, sym[a].id, (size_t)b, (size_t)e);
    }
    if (sym != ssym) { PRUNE_FREE(sym, NULL); PRUNE_FREE(h, NULL); }
    return PRUNE_OK;
}

/* the pieces of one stretch of text between added tokens; base: the text offset of
   s[0] (-1 when s starts with an added space) */
static int prune__bpe_stretch(prune__tok *t, const unsigned char *s, size_t n, long base) {
    size_t i = 0, e;
    int rc = PRUNE_OK;
    while (i < n && rc == PRUNE_OK) {
        e = prune__bpe_piece(s, n, i);
        t->base = base + (long)i;
        rc = prune__bpe_word(t, s + i, e - i);
        i = e;
    }
    return rc;
}

/* the added token that starts at s (longest of those that do), its length in *k */
static int32_t prune__bpe_added(const prune_tokenizer *tk, const unsigned char *s, size_t left, size_t *k, int *lstrip) {
    const struct prune__bpe *b = tk->bpe;
    int32_t best = -1;
    int a;
    *k = 0;
    for (a = 0; a < b->nadded; a++) {
        int32_t id = b->added[a].id;
        size_t len = tk->len[id];
        if (len > *k && len <= left && memcmp(s, tk->text + tk->off[id], len) == 0) { best = id; *k = len; *lstrip = b->added[a].lstrip; }
    }
    return best;
}

static int prune__bpe_tokenize(prune__tok *t, const unsigned char *s, size_t len, prune_error *err) {
    const prune_tokenizer *tk = t->tk;
    size_t i, start = 0, k = 0;
    int rc = PRUNE_OK, lstrip = 0;
    char *pre = NULL;
    for (i = 0; i <= len && rc == PRUNE_OK;) {
        int32_t id = i < len && s[i] == '<' ? prune__bpe_added(tk, s + i, len - i, &k, &lstrip) : -1;
        size_t end = i;
        if (id < 0 && i < len) { i++; continue; }
        if (id >= 0 && lstrip)   /* the white space before it goes with it (Rust's char::is_whitespace) */
            while (end > start) {
                size_t p = end - 1;
                uint32_t cp;
                while (p > start && (s[p] & 0xC0) == 0x80) p--;
                prune__utf8_get(s + p, end - p, &cp);
                if (!(prune__u_flags(cp) & PRUNE__U_WS)) break;
                end = p;
            }
        if (end > start) {
            if (tk->add_prefix_space && s[start] != ' ') {   /* as ByteLevel does: a space in front */
                if (!(pre = (char *)PRUNE_MALLOC(end - start + 1, NULL))) { rc = PRUNE_ENOMEM; break; }
                pre[0] = ' ';
                memcpy(pre + 1, s + start, end - start);
                rc = prune__bpe_stretch(t, (const unsigned char *)pre, end - start + 1, (long)start - 1);
                PRUNE_FREE(pre, NULL);
            } else {
                rc = prune__bpe_stretch(t, s + start, end - start, (long)start);
            }
        }
        if (id >= 0 && rc == PRUNE_OK) prune__tok_emit_at(t, id, i, i + k);
        if (id < 0) break;   /* i == len */
        i += k;
        start = i;
    }
    if (rc == PRUNE_ENOMEM) return prune__fail(err, PRUNE_ENOMEM, "tokenize: out of memory for a piece of %lu bytes", (unsigned long)len);
    return rc;
}

/* What tokenizer.json adds to vocab.json and merges.txt, as transformers reads it:
   which added tokens take the white space before them ("lstrip", RoBERTa's <mask>)
   and the pre-tokenizer's add_prefix_space. The vocabulary and merges in it are
   those of the two files (the hub writes all three from one tokenizer). */
static int prune__bpe_options(prune_tokenizer *tk, const char *path, prune_error *err) {
    char *buf;
    size_t size, arr, k, pre;
    prune__json j;
    int rc, a;
    if ((rc = prune__read_file(path, &buf, &size, PRUNE__TOK_MAX_FILE, err)) != PRUNE_OK) return rc;
    if ((rc = prune__json_parse(&j, path, "", buf, size, 0, err)) != PRUNE_OK) { PRUNE_FREE(buf, NULL); return rc; }
    if ((arr = prune__json_get(&j, 0, "added_tokens")) != 0 && j.v[arr].type == PRUNE__JARR)
        for (k = j.v[arr].first; k; k = j.v[k].next) {
            size_t c = prune__json_get(&j, k, "content"), l = prune__json_get(&j, k, "lstrip");
            if (!c || j.v[c].type != PRUNE__JSTR) continue;
            for (a = 0; a < tk->bpe->nadded; a++) {
                int32_t id = tk->bpe->added[a].id;
                if (tk->len[id] == j.v[c].slen && memcmp(tk->text + tk->off[id], j.v[c].str, j.v[c].slen) == 0)
                    tk->bpe->added[a].lstrip = l && j.v[l].type == PRUNE__JTRUE;
            }
        }
    if ((pre = prune__json_get(&j, 0, "pre_tokenizer")) != 0 && (k = prune__json_get(&j, pre, "add_prefix_space")) != 0)
        tk->add_prefix_space = j.v[k].type == PRUNE__JTRUE;
    prune__json_free(&j);
    PRUNE_FREE(buf, NULL);
    return PRUNE_OK;
}

/* ---- a checkpoint directory's tokenizer, by its files ---- */
PRUNEDEF int prune_tokenizer_load_dir(prune_tokenizer *tk, const char *dir, prune_error *err) {
    char a[PRUNE_PATH_MAX + 32], b[PRUNE_PATH_MAX + 32];
    int lower = 1, rc;
    if (!tk) return prune__fail(err, PRUNE_EARG, "tokenizer: NULL tokenizer");
    memset(tk, 0, sizeof *tk);
    tk->unk_id = tk->cls_id = tk->sep_id = tk->pad_id = tk->mask_id = -1;
    if (!dir) return prune__fail(err, PRUNE_EARG, "tokenizer: NULL directory");
    if (strlen(dir) > PRUNE_PATH_MAX) return prune__fail(err, PRUNE_EARG, "%.64s...: path too long", dir);
    snprintf(a, sizeof a, "%s/vocab.json", dir);
    snprintf(b, sizeof b, "%s/merges.txt", dir);
    if (prune__file_exists(a) && prune__file_exists(b)) {
        if ((rc = prune_tokenizer_load_bpe(tk, a, b, err)) != PRUNE_OK) return rc;
        snprintf(a, sizeof a, "%s/tokenizer.json", dir);
        if (prune__file_exists(a) && (rc = prune__bpe_options(tk, a, err)) != PRUNE_OK) prune_tokenizer_free(tk);
        return rc;
    }
    snprintf(a, sizeof a, "%s/tokenizer_config.json", dir);
    if (prune__file_exists(a)) {   /* do_lower_case: false makes a cased WordPiece */
        char *buf;
        size_t size, k;
        prune__json j;
        if ((rc = prune__read_file(a, &buf, &size, (size_t)1 << 24, err)) != PRUNE_OK) return rc;
        rc = prune__json_parse(&j, a, "", buf, size, 0, err);
        if (rc == PRUNE_OK) {
            if ((k = prune__json_get(&j, 0, "do_lower_case")) != 0 && j.v[k].type == PRUNE__JFALSE) lower = 0;
            prune__json_free(&j);
        }
        PRUNE_FREE(buf, NULL);
        if (rc != PRUNE_OK) return rc;
    }
    snprintf(b, sizeof b, "%s/vocab.txt", dir);
    if (prune__file_exists(b)) return prune_tokenizer_load(tk, b, lower, err);
    return prune__fail(err, PRUNE_EIO, "%s: no tokenizer here (vocab.json and merges.txt, or vocab.txt)", dir);
}

/* ============================================================================
   [B14 hf-config] config.json -> prune_config + prune_hf_info

   Hugging Face writes every field of the config class, but older files and
   hand-written ones leave fields out; an absent field means the class's default
   (BertConfig's or RobertaConfig's), as transformers reads it. Fields the engine
   does not implement are refused with the reason, never ignored: a silently wrong
   activation function would give a model that trains, but not the model asked for.
   ========================================================================= */

PRUNEDEF prune_hf_info prune_hf_info_defaults(int model_type) {
    prune_hf_info h;
    memset(&h, 0, sizeof h);
    h.model_type = model_type == PRUNE_HF_ROBERTA || model_type == PRUNE_HF_OPT ? model_type : PRUNE_HF_BERT;
    h.config = prune_config_defaults();
    h.initializer_range = 0.02;
    h.bos_token_id = h.eos_token_id = -1;
    if (h.model_type == PRUNE_HF_ROBERTA) {
        h.config.vocab_size = 50265;
        h.config.head_dropout_in = 1;
        h.pad_token_id = 1; h.bos_token_id = 0; h.eos_token_id = 2;
        h.config.pos_offset = h.pad_token_id + 1;
    } else if (h.model_type == PRUNE_HF_OPT) {
        /* OPTConfig's defaults (OPT-125m's shape). Its learned positions have two rows
           more than max_position_embeddings and start at 2, whatever the pad id */
        prune_config *c = &h.config;
        c->arch = PRUNE_ARCH_OPT; c->pre_ln = 1; c->vocab_size = 50272; c->max_pos = 2048 + 2; c->pos_offset = 2;
        c->type_vocab = 1; c->ln_eps = 1e-5; c->hidden_dropout = 0.1; c->attn_dropout = 0; c->classifier_dropout = 0;
        h.pad_token_id = 1; h.bos_token_id = 2; h.eos_token_id = 2;
    }
    h.num_labels = h.config.labels;
    return h;
}

PRUNEDEF void prune_hf_info_free(prune_hf_info *info) {
    if (!info) return;
    PRUNE_FREE(info->label_names, NULL);
    info->label_names = NULL;
}

/* Where a config value is, for messages: "file: line L, column C (byte B)". */
static int prune__hf_cfail(const prune__json *j, size_t node, const char *fmt, ...) {
    char where[128], what[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    prune__json_where(j, j->v[node].pos, where, sizeof where);
    return prune__fail(j->err, PRUNE_EFORMAT, "%s: %s: %s", j->file, where, what);
}

/* integer field `key` in [lo, hi]; absent keeps *out (the default); null is refused
   unless null_ok, which stores null_value */
static int prune__hf_int(const prune__json *j, const char *key, long lo, long hi, int null_ok, int null_value, int *out) {
    size_t k = prune__json_get(j, 0, key);
    const prune__jv *v;
    long val;
    if (!k) return PRUNE_OK;
    v = &j->v[k];
    if (v->type == PRUNE__JNULL && null_ok) { *out = null_value; return PRUNE_OK; }
    if (v->type != PRUNE__JNUM || !v->is_int)
        return prune__hf_cfail(j, k, "%s must be an integer%s", key, null_ok ? " or null" : "");
    /* every range asked for fits in an int: a larger magnitude is outside it anyway */
    val = v->mag > 0x7FFFFFFFu ? 0 : (long)v->mag;
    if (v->neg) val = -val;
    if (v->mag > 0x7FFFFFFFu || val < lo || val > hi)
        return prune__hf_cfail(j, k, "%s = %s%llu is outside %ld..%ld", key, v->neg ? "-" : "",
                               (unsigned long long)v->mag, lo, hi);
    *out = (int)val;
    return PRUNE_OK;
}

/* number field in [lo, hi) (hi_open) or [lo, hi]; null allowed when null_ok -> null_value */
static int prune__hf_num(const prune__json *j, const char *key, double lo, double hi, int hi_open, int null_ok,
                         double null_value, double *out) {
    size_t k = prune__json_get(j, 0, key);
    const prune__jv *v;
    if (!k) return PRUNE_OK;
    v = &j->v[k];
    if (v->type == PRUNE__JNULL && null_ok) { *out = null_value; return PRUNE_OK; }
    if (v->type != PRUNE__JNUM) return prune__hf_cfail(j, k, "%s must be a number%s", key, null_ok ? " or null" : "");
    if (!(v->num >= lo) || (hi_open ? !(v->num < hi) : !(v->num <= hi)))
        return prune__hf_cfail(j, k, "%s = %g is outside [%g, %g%c", key, v->num, lo, hi, hi_open ? ')' : ']');
    *out = v->num;
    return PRUNE_OK;
}

/* string field that must be one of `allowed` when present ("" ends the list) */
static int prune__hf_str_is(const prune__json *j, const char *key, const char *allowed, const char *why) {
    size_t k = prune__json_get(j, 0, key);
    if (!k) return PRUNE_OK;
    if (j->v[k].type != PRUNE__JSTR) return prune__hf_cfail(j, k, "%s must be a string", key);
    if (strcmp(j->v[k].str, allowed) != 0 || j->v[k].slen != strlen(allowed))
        return prune__hf_cfail(j, k, "%s \"%.60s\" is not supported: %s", key, j->v[k].str, why);
    return PRUNE_OK;
}

static int prune__hf_false(const prune__json *j, const char *key, const char *why) {
    size_t k = prune__json_get(j, 0, key);
    if (!k || j->v[k].type == PRUNE__JFALSE || j->v[k].type == PRUNE__JNULL) return PRUNE_OK;
    if (j->v[k].type != PRUNE__JTRUE) return prune__hf_cfail(j, k, "%s must be true or false", key);
    return prune__hf_cfail(j, k, "%s = true is not supported: %s", key, why);
}

/* id2label: {"0": "negative", "1": "positive"} -> one allocation holding K pointers
   followed by the K strings they point to */
static int prune__hf_labels(const prune__json *j, size_t obj, prune_hf_info *h) {
    size_t k, K = j->v[obj].count, bytes = K * sizeof(char *);
    char *text;
    int bad = 0;
    if (j->v[obj].type != PRUNE__JOBJ) return prune__hf_cfail(j, obj, "id2label must be an object {\"0\": \"name\", ...}");
    if (K < 1 || K > (1u << 20)) return prune__hf_cfail(j, obj, "id2label has %lu labels; 1..1048576 are supported", (unsigned long)K);
    for (k = j->v[obj].first; k; k = j->v[k].next) {
        if (j->v[k].type != PRUNE__JSTR) return prune__hf_cfail(j, k, "id2label[\"%.20s\"] must be a string", j->v[k].key);
        if (strlen(j->v[k].str) != j->v[k].slen) return prune__hf_cfail(j, k, "label name contains a NUL character");
        bytes = prune__add(bytes, j->v[k].slen + 1, &bad);
    }
    h->label_names = (char **)PRUNE_MALLOC(bytes, NULL);
    if (bad || !h->label_names) return prune__fail(j->err, PRUNE_ENOMEM, "%s: cannot allocate %lu label names", j->file, (unsigned long)K);
    for (k = 0; k < K; k++) h->label_names[k] = NULL;
    text = (char *)(h->label_names + K);
    for (k = j->v[obj].first; k; k = j->v[k].next) {
        /* keys are the label ids written as decimal strings: each of 0..K-1 once */
        const char *s = j->v[k].key;
        size_t n = j->v[k].klen, d, id = 0;
        int ok = n > 0 && n <= 7 && (n == 1 || s[0] != '0');
        for (d = 0; ok && d < n; d++) {
            if (s[d] < '0' || s[d] > '9') ok = 0;
            else id = id * 10 + (size_t)(s[d] - '0');
        }
        if (!ok || id >= K)
            return prune__hf_cfail(j, k, "id2label key \"%.20s\" is not a label id in 0..%lu", s, (unsigned long)K - 1);
        if (h->label_names[id]) return prune__hf_cfail(j, k, "id2label gives label %lu twice", (unsigned long)id);
        memcpy(text, j->v[k].str, j->v[k].slen + 1);
        h->label_names[id] = text;
        text += j->v[k].slen + 1;
    }
    h->num_labels = (int)K;
    return PRUNE_OK;
}

/* labels: id2label decides; a bare num_labels (older files) otherwise; else 2.
   Also checks problem_type. Shared by both families. */
static int prune__hf_config_labels(const prune__json *j, prune_hf_info *h) {
    size_t k;
    int rc, num_labels = -1;
    k = prune__json_get(j, 0, "problem_type");
    if (k && j->v[k].type != PRUNE__JNULL &&
        !(j->v[k].type == PRUNE__JSTR && strcmp(j->v[k].str, "single_label_classification") == 0))
        return prune__hf_cfail(j, k, "problem_type %s%.60s%s is not supported: prune.h trains single-label classifiers (softmax cross-entropy)",
                               j->v[k].type == PRUNE__JSTR ? "\"" : "", j->v[k].type == PRUNE__JSTR ? j->v[k].str : "(not a string)",
                               j->v[k].type == PRUNE__JSTR ? "\"" : "");
    if ((rc = prune__hf_int(j, "num_labels", 1, 1 << 20, 0, 0, &num_labels))) return rc;
    k = prune__json_get(j, 0, "id2label");
    if (k && j->v[k].type != PRUNE__JNULL) {
        if ((rc = prune__hf_labels(j, k, h))) { prune_hf_info_free(h); return rc; }
        if (num_labels > 0 && num_labels != h->num_labels) {
            prune_hf_info_free(h);
            return prune__hf_cfail(j, prune__json_get(j, 0, "num_labels"), "num_labels %d disagrees with id2label's %d labels",
                                   num_labels, (int)j->v[k].count);
        }
    } else if (num_labels > 0) {
        h->num_labels = num_labels;
    } else {
        h->num_labels = 2;
    }
    if (h->num_labels == 1) {
        prune_hf_info_free(h);
        return prune__fail(j->err, PRUNE_EFORMAT, "%s: one label means regression in transformers; prune.h trains classifiers with 2 or more labels", j->file);
    }
    h->config.labels = h->num_labels;
    return PRUNE_OK;
}

static int prune__hf_true(const prune__json *j, const char *key, const char *why) {
    size_t k = prune__json_get(j, 0, key);
    if (!k || j->v[k].type == PRUNE__JTRUE) return PRUNE_OK;
    if (j->v[k].type != PRUNE__JFALSE) return prune__hf_cfail(j, k, "%s must be true or false", key);
    return prune__hf_cfail(j, k, "%s = false is not supported: %s", key, why);
}

/* OPTConfig: other names for the same sizes, and the decoder's own switches */
static int prune__hf_config_opt(const prune__json *j, prune_hf_info *h) {
    prune_config *c = &h->config;
    size_t k;
    int rc, max_pos = 2048, pre = 1, proj = -1;
    double layerdrop = 0;
    prune_error e2;
    *h = prune_hf_info_defaults(PRUNE_HF_OPT);
    k = prune__json_get(j, 0, "do_layer_norm_before");
    if (k && j->v[k].type != PRUNE__JTRUE && j->v[k].type != PRUNE__JFALSE)
        return prune__hf_cfail(j, k, "do_layer_norm_before must be true or false");
    if (k) pre = j->v[k].type == PRUNE__JTRUE;
    if ((rc = prune__hf_int(j, "vocab_size", 1, 1 << 26, 0, 0, &c->vocab_size)) ||
        (rc = prune__hf_int(j, "hidden_size", 1, 1 << 20, 0, 0, &c->hidden)) ||
        (rc = prune__hf_int(j, "num_hidden_layers", 1, 1024, 0, 0, &c->layers)) ||
        (rc = prune__hf_int(j, "num_attention_heads", 1, 1 << 20, 0, 0, &c->heads)) ||
        (rc = prune__hf_int(j, "ffn_dim", 1, 1 << 22, 0, 0, &c->ffn)) ||
        (rc = prune__hf_int(j, "max_position_embeddings", 1, (1 << 20) - 2, 0, 0, &max_pos)) ||
        (rc = prune__hf_int(j, "word_embed_proj_dim", 1, 1 << 20, 1, -1, &proj)) ||
        (rc = prune__hf_int(j, "pad_token_id", 0, (1 << 26) - 1, 1, -1, &h->pad_token_id)) ||
        (rc = prune__hf_int(j, "bos_token_id", 0, (1 << 26) - 1, 1, -1, &h->bos_token_id)) ||
        (rc = prune__hf_num(j, "dropout", 0, 1, 1, 0, 0, &c->hidden_dropout)) ||
        (rc = prune__hf_num(j, "attention_dropout", 0, 1, 1, 0, 0, &c->attn_dropout)) ||
        (rc = prune__hf_num(j, "layerdrop", 0, 1, 1, 0, 0, &layerdrop)) ||
        (rc = prune__hf_num(j, "init_std", 0, 1e6, 0, 0, 0, &h->initializer_range)))
        return rc;
    k = prune__json_get(j, 0, "eos_token_id");
    if (k && j->v[k].type != PRUNE__JARR && (rc = prune__hf_int(j, "eos_token_id", 0, (1 << 26) - 1, 1, -1, &h->eos_token_id)))
        return rc;
    if (k && j->v[k].type == PRUNE__JARR) h->eos_token_id = -1;
    if ((rc = prune__hf_str_is(j, "activation_function", "relu", "prune.h implements OPT's \"relu\"")) ||
        (rc = prune__hf_true(j, "enable_bias", "prune.h's OPT layers have biases")) ||
        (rc = prune__hf_true(j, "layer_norm_elementwise_affine", "prune.h's LayerNorms have a weight and a bias")) ||
        (rc = prune__hf_false(j, "_remove_final_layer_norm", "prune.h's pre-LN OPT ends with its final LayerNorm")))
        return rc;
    if (layerdrop > 0)
        return prune__hf_cfail(j, prune__json_get(j, 0, "layerdrop"), "layerdrop %g is not supported: prune.h runs every layer", layerdrop);
    if ((rc = prune__hf_config_labels(j, h))) return rc;
    if (h->pad_token_id < 0) {
        prune_hf_info_free(h);
        return prune__fail(j->err, PRUNE_EFORMAT, "%s: pad_token_id is null; OPTForSequenceClassification finds each example's last token by it", j->file);
    }
    if (h->pad_token_id >= c->vocab_size) {
        prune_hf_info_free(h);
        return prune__hf_cfail(j, prune__json_get(j, 0, "pad_token_id"), "pad_token_id %d is not below vocab_size %d", h->pad_token_id, c->vocab_size);
    }
    c->pre_ln = pre;
    c->embed_dim = proj > 0 ? proj : c->hidden;   /* null or absent: the hidden size */
    c->max_pos = max_pos + 2;
    if (prune_config_resolve(c, &e2) != PRUNE_OK) {
        prune_hf_info_free(h);
        return prune__fail(j->err, PRUNE_EFORMAT, "%s: %s", j->file, e2.msg);
    }
    return PRUNE_OK;
}

static int prune__hf_config(const prune__json *j, prune_hf_info *h) {
    prune_config *c = &h->config;
    size_t k;
    int rc, roberta;
    prune_error e2;
    if (j->v[0].type != PRUNE__JOBJ) return prune__hf_cfail(j, 0, "a config must be a JSON object");
    k = prune__json_get(j, 0, "model_type");
    if (!k) return prune__fail(j->err, PRUNE_EFORMAT, "%s: no \"model_type\"; expected \"bert\", \"roberta\" or \"opt\"", j->file);
    if (j->v[k].type != PRUNE__JSTR) return prune__hf_cfail(j, k, "model_type must be a string");
    if (strcmp(j->v[k].str, "bert") == 0) roberta = 0;
    else if (strcmp(j->v[k].str, "roberta") == 0) roberta = 1;
    else if (strcmp(j->v[k].str, "opt") == 0) return prune__hf_config_opt(j, h);
    else return prune__hf_cfail(j, k, "model_type \"%.60s\" is not supported; prune.h runs \"bert\", \"roberta\" and \"opt\"", j->v[k].str);

    /* the config class's defaults, then what the file says */
    *h = prune_hf_info_defaults(roberta ? PRUNE_HF_ROBERTA : PRUNE_HF_BERT);
    c->classifier_dropout = -1;   /* null: follows hidden_dropout_prob */
    if ((rc = prune__hf_int(j, "vocab_size", 1, 1 << 26, 0, 0, &c->vocab_size)) ||
        (rc = prune__hf_int(j, "hidden_size", 1, 1 << 20, 0, 0, &c->hidden)) ||
        (rc = prune__hf_int(j, "num_hidden_layers", 1, 1024, 0, 0, &c->layers)) ||
        (rc = prune__hf_int(j, "num_attention_heads", 1, 1 << 20, 0, 0, &c->heads)) ||
        (rc = prune__hf_int(j, "intermediate_size", 1, 1 << 22, 0, 0, &c->ffn)) ||
        (rc = prune__hf_int(j, "max_position_embeddings", 1, 1 << 20, 0, 0, &c->max_pos)) ||
        (rc = prune__hf_int(j, "type_vocab_size", 1, 1 << 16, 0, 0, &c->type_vocab)) ||
        (rc = prune__hf_int(j, "pad_token_id", 0, (1 << 26) - 1, !roberta, -1, &h->pad_token_id)) ||
        (rc = prune__hf_int(j, "bos_token_id", 0, (1 << 26) - 1, 1, -1, &h->bos_token_id)) ||
        (rc = prune__hf_num(j, "layer_norm_eps", 1e-300, 1, 0, 0, 0, &c->ln_eps)) ||
        (rc = prune__hf_num(j, "hidden_dropout_prob", 0, 1, 1, 0, 0, &c->hidden_dropout)) ||
        (rc = prune__hf_num(j, "attention_probs_dropout_prob", 0, 1, 1, 0, 0, &c->attn_dropout)) ||
        (rc = prune__hf_num(j, "classifier_dropout", 0, 1, 1, 1, -1, &c->classifier_dropout)) ||
        (rc = prune__hf_num(j, "initializer_range", 0, 1e6, 0, 0, 0, &h->initializer_range)))
        return rc;
    /* eos_token_id may also be a list in newer configs; only a single id is kept */
    k = prune__json_get(j, 0, "eos_token_id");
    if (k && j->v[k].type != PRUNE__JARR && (rc = prune__hf_int(j, "eos_token_id", 0, (1 << 26) - 1, 1, -1, &h->eos_token_id)))
        return rc;
    if (k && j->v[k].type == PRUNE__JARR) h->eos_token_id = -1;

    /* what the engine does not implement */
    if ((rc = prune__hf_str_is(j, "hidden_act", "gelu", "prune.h implements BERT's exact (erf) GELU, \"gelu\"")) ||
        (rc = prune__hf_str_is(j, "position_embedding_type", "absolute", "prune.h has absolute position embeddings only")) ||
        (rc = prune__hf_false(j, "is_decoder", "prune.h runs bidirectional encoders, not decoders")) ||
        (rc = prune__hf_false(j, "add_cross_attention", "prune.h has no cross-attention")))
        return rc;
    k = prune__json_get(j, 0, "pruned_heads");
    if (k && !(j->v[k].type == PRUNE__JOBJ && j->v[k].count == 0) && j->v[k].type != PRUNE__JNULL)
        return prune__hf_cfail(j, k, "pruned_heads is not supported: every layer must keep all its heads");
    if ((rc = prune__hf_config_labels(j, h))) return rc;

    if (h->pad_token_id >= c->vocab_size) {
        prune_hf_info_free(h);
        return prune__hf_cfail(j, prune__json_get(j, 0, "pad_token_id"), "pad_token_id %d is not below vocab_size %d", h->pad_token_id, c->vocab_size);
    }
    /* RoBERTa counts positions from pad_token_id + 1 (fairseq's convention): its
       first real token has position id pad + 1, and rows 0..pad of the table are
       never used. The engine calls this offset pos_offset. */
    c->pos_offset = roberta ? h->pad_token_id + 1 : 0;
    /* the engine's own consistency checks (heads divide hidden, ...); a failure is
       the file's fault here, so a format error */
    if (prune_config_resolve(c, &e2) != PRUNE_OK) {
        prune_hf_info_free(h);
        return prune__fail(j->err, PRUNE_EFORMAT, "%s: %s", j->file, e2.msg);
    }
    return PRUNE_OK;
}

PRUNEDEF int prune_hf_read_config(const char *path, prune_config *cfg, prune_hf_info *info, prune_error *err) {
    char *text;
    size_t size;
    prune__json j;
    prune_hf_info h;
    int rc;
    if (info) memset(info, 0, sizeof *info);
    if (!path) return prune__fail(err, PRUNE_EARG, "prune_hf_read_config: NULL path");
    if ((rc = prune__read_file(path, &text, &size, PRUNE__HF_MAX_CONFIG, err)) != PRUNE_OK) return rc;
    rc = prune__json_parse(&j, path, "", text, size, 0, err);
    if (rc == PRUNE_OK) {
        size_t k;
        memset(&h, 0, sizeof h);
        rc = prune__hf_config(&j, &h);
        /* the head: "architectures": ["BertForQuestionAnswering"], say */
        k = prune__json_get(&j, 0, "architectures");
        if (rc == PRUNE_OK && k && j.v[k].type == PRUNE__JARR && j.v[k].first && j.v[j.v[k].first].type == PRUNE__JSTR) {
            const char *a = j.v[j.v[k].first].str;
            size_t n = strlen(a);
            int head = n >= 17 && strcmp(a + n - 17, "ForMultipleChoice") == 0       ? PRUNE_HEAD_CHOICE
                       : n >= 20 && strcmp(a + n - 20, "ForQuestionAnswering") == 0 ? PRUNE_HEAD_SPAN
                                                                                     : PRUNE_HEAD_CLASSIFY;
            if (head == PRUNE_HEAD_SPAN && h.num_labels != 2)
                rc = prune__hf_cfail(&j, k, "%s has %d outputs per token (num_labels); a start and an end logit are 2", a, h.num_labels);
            else if (head != PRUNE_HEAD_CLASSIFY && (rc = prune_hf_set_head(&h, head, err)) != PRUNE_OK)
                prune_hf_info_free(&h);
        }
        prune__json_free(&j);
    }
    PRUNE_FREE(text, NULL);
    if (rc != PRUNE_OK) return rc;
    if (cfg) *cfg = h.config;
    if (info) *info = h;
    else prune_hf_info_free(&h);
    return PRUNE_OK;
}

PRUNEDEF int prune_hf_set_head(prune_hf_info *info, int head, prune_error *err) {
    prune_config *c;
    if (!info) return prune__fail(err, PRUNE_EARG, "set head: info is NULL");
    c = &info->config;
    if (head != PRUNE_HEAD_CLASSIFY && head != PRUNE_HEAD_CHOICE && head != PRUNE_HEAD_SPAN)
        return prune__fail(err, PRUNE_EARG, "set head: %d is not PRUNE_HEAD_CLASSIFY, _CHOICE or _SPAN", head);
    if (head == PRUNE_HEAD_CHOICE && info->model_type == PRUNE_HF_OPT)
        return prune__fail(err, PRUNE_EARG, "set head: transformers has no multiple-choice head for OPT (OPTForMultipleChoice)");
    c->head = head;
    if (head == PRUNE_HEAD_CLASSIFY) {
        c->labels = info->num_labels;
        c->head_dropout_in = info->model_type == PRUNE_HF_ROBERTA;
    } else {
        c->labels = head == PRUNE_HEAD_CHOICE ? 1 : 2;
        c->head_dropout_in = 0;
        /* RobertaForMultipleChoice drops out with hidden_dropout_prob; BERT's with
           classifier_dropout, or hidden_dropout_prob when that is null */
        if (head == PRUNE_HEAD_CHOICE && info->model_type == PRUNE_HF_ROBERTA) c->classifier_dropout = c->hidden_dropout;
    }
    return prune_config_resolve(c, err);
}

/* ============================================================================
   [B15 hf-names] Names: which Hugging Face tensor is which slice of which engine tensor

   The engine keeps one tensor per kind, stacked over layers (LAYOUT.md); Hugging
   Face keeps one per layer, and separate query, key and value projections, which
   are the three row blocks of the engine's qkvw [L, 3C, C]. A "slot" is one
   Hugging Face tensor: S = 5 embedding slots, 16 per layer, then 4 for the head.
   ========================================================================= */

enum { PRUNE__G_ENCODER, PRUNE__G_POOLER, PRUNE__G_CLASSIFIER };

typedef struct prune__hf_slot {
    char name[96];     /* Hugging Face name without the "bert."/"roberta." prefix       */
    int prefixed;      /* 1: ...ForSequenceClassification puts the prefix on it        */
    int t;             /* engine tensor                                                */
    size_t off;        /* first element of the slice inside the engine tensor          */
    size_t size;       /* elements                                                     */
    int ndim, shape[2];
    int group;         /* PRUNE__G_*: the encoder is required, the head may be created */
} prune__hf_slot;

static const char *const prune__hf_emb_names[5] = {
    "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
    "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"};
static const int prune__hf_emb_tensor[5] = {PRUNE_WTE, PRUNE_WPE, PRUNE_WTT, PRUNE_EMBLN_W, PRUNE_EMBLN_B};

/* per layer: name after "encoder.layer.N.", engine tensor, and which third of the
   rows of qkvw/qkvb (query 0, key 1, value 2; -1: the whole layer slice) */
static const char *const prune__hf_layer_names[16] = {
    "attention.self.query.weight", "attention.self.query.bias",
    "attention.self.key.weight", "attention.self.key.bias",
    "attention.self.value.weight", "attention.self.value.bias",
    "attention.output.dense.weight", "attention.output.dense.bias",
    "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
    "intermediate.dense.weight", "intermediate.dense.bias",
    "output.dense.weight", "output.dense.bias",
    "output.LayerNorm.weight", "output.LayerNorm.bias"};
static const int prune__hf_layer_tensor[16] = {
    PRUNE_QKVW, PRUNE_QKVB, PRUNE_QKVW, PRUNE_QKVB, PRUNE_QKVW, PRUNE_QKVB,
    PRUNE_ATTPROJW, PRUNE_ATTPROJB, PRUNE_LN1W, PRUNE_LN1B,
    PRUNE_FCW, PRUNE_FCB, PRUNE_FCPROJW, PRUNE_FCPROJB, PRUNE_LN2W, PRUNE_LN2B};
static const int prune__hf_layer_third[16] = {0, 0, 1, 1, 2, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

/* The head. BertForSequenceClassification: pooler (dense + tanh on [CLS]) inside
   the encoder, then a linear classifier. RobertaForSequenceClassification has no
   pooler; its RobertaClassificationHead is dense + tanh + out_proj on <s>, which is
   the same computation, so classifier.dense fills the pooler slot and out_proj the
   classifier slot. (In train mode RoBERTa also applies dropout *before* the dense,
   which the engine does not: fine-tuning a RoBERTa sees slightly less dropout than
   in transformers. Eval mode, and so every logit, is identical.) */
static const int prune__hf_head_tensor[4] = {PRUNE_POOLW, PRUNE_POOLB, PRUNE_CLSW, PRUNE_CLSB};
/* The other heads. ...ForMultipleChoice (BERT and RoBERTa alike): the encoder's own
   pooler, then classifier = Linear(C, 1). ...ForQuestionAnswering: no pooler (its
   slots have size 0: a pretrained encoder's pooler goes unused), qa_outputs =
   Linear(C, 2) on every token; OPT's is Linear(E, 2) after the decoder.
   Name of head slot r (0, 1 the pooler; 2, 3 the classifier); *prefixed: whether it
   sits inside the encoder ("bert.pooler...") */
static const char *prune__hf_head_name(int model_type, int head, int r, int *prefixed) {
    static const char *const names[4][2] = {{"pooler.dense.weight", "pooler.dense.bias"}, {"classifier.weight", "classifier.bias"},
                                            {"classifier.dense.weight", "classifier.dense.bias"},
                                            {"classifier.out_proj.weight", "classifier.out_proj.bias"}};
    static const char *const qa[2] = {"qa_outputs.weight", "qa_outputs.bias"};
    *prefixed = 0;
    if (head == PRUNE_HEAD_SPAN) return r < 2 ? names[0][r] : qa[r - 2];
    if (model_type == PRUNE_HF_ROBERTA && head == PRUNE_HEAD_CLASSIFY) return names[2 + r / 2][r % 2];
    *prefixed = r < 2;   /* bert.pooler.dense.*, but classifier.* */
    return names[r / 2][r % 2];
}

/* OPTForSequenceClassification: "model." + the decoder's names, then "score.weight".
   The decoder's six slots come first (so slot 0 is again the word embeddings);
   project_in/out exist only when word_embed_proj_dim differs from hidden_size, the
   final LayerNorm only in pre-LN models: a slot of size 0 is in no file. */
static const char *const prune__opt_dec_names[6] = {
    "decoder.embed_tokens.weight", "decoder.embed_positions.weight", "decoder.project_in.weight",
    "decoder.project_out.weight", "decoder.final_layer_norm.weight", "decoder.final_layer_norm.bias"};
static const int prune__opt_dec_tensor[6] = {PRUNE_WTE, PRUNE_WPE, PRUNE_PROJIN, PRUNE_PROJOUT, PRUNE_LNFW, PRUNE_LNFB};
static const char *const prune__opt_layer_names[16] = {
    "self_attn.q_proj.weight", "self_attn.q_proj.bias", "self_attn.k_proj.weight", "self_attn.k_proj.bias",
    "self_attn.v_proj.weight", "self_attn.v_proj.bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
    "self_attn_layer_norm.weight", "self_attn_layer_norm.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias",
    "final_layer_norm.weight", "final_layer_norm.bias"};
/* the same engine tensors as BERT's 16 (prune__hf_layer_tensor, prune__hf_layer_third) */

/* slots before the layers, per layer, after them */
static int prune__hf_pre(int model_type) { return model_type == PRUNE_HF_OPT ? 6 : 5; }
static int prune__hf_post(const prune_model *m, int model_type) {
    return model_type != PRUNE_HF_OPT ? 4 : m->desc.config.head == PRUNE_HEAD_SPAN ? 2 : 1;   /* OPT: score, or qa_outputs */
}
static int prune__hf_nslots(const prune_model *m, int model_type) {
    return prune__hf_pre(model_type) + 16 * m->desc.config.layers + prune__hf_post(m, model_type);
}
/* what the names start with inside ...ForSequenceClassification */
static const char *prune__hf_prefix(int model_type) {
    return model_type == PRUNE_HF_ROBERTA ? "roberta." : model_type == PRUNE_HF_OPT ? "model." : "bert.";
}

static void prune__hf_slot_at(const prune_model *m, int model_type, int s, prune__hf_slot *o) {
    const prune_tensor_info *ti;
    int L = m->desc.config.layers, opt = model_type == PRUNE_HF_OPT, head = m->desc.config.head;
    int P = prune__hf_pre(model_type);
    memset(o, 0, sizeof *o);
    if (opt && s < P) {
        o->t = prune__opt_dec_tensor[s];
        snprintf(o->name, sizeof o->name, "%s", prune__opt_dec_names[s]);
        o->prefixed = 1;
        o->group = PRUNE__G_ENCODER;
    } else if (opt && s < P + 16 * L) {
        int l = (s - P) / 16, r = (s - P) % 16;
        o->t = prune__hf_layer_tensor[r];
        snprintf(o->name, sizeof o->name, "decoder.layers.%d.%s", l, prune__opt_layer_names[r]);
        o->prefixed = 1;
        o->group = PRUNE__G_ENCODER;
    } else if (opt) {
        int r = s - P - 16 * L;
        o->t = r ? PRUNE_CLSB : PRUNE_CLSW;
        snprintf(o->name, sizeof o->name, "%s", head == PRUNE_HEAD_SPAN ? prune__hf_head_name(model_type, head, 2 + r, &o->prefixed)
                                                                        : "score.weight");
        o->prefixed = 0;
        o->group = PRUNE__G_CLASSIFIER;
    } else if (s < 5) {
        o->t = prune__hf_emb_tensor[s];
        snprintf(o->name, sizeof o->name, "%s", prune__hf_emb_names[s]);
        o->prefixed = 1;
        o->group = PRUNE__G_ENCODER;
    } else if (s < 5 + 16 * L) {
        int l = (s - 5) / 16, r = (s - 5) % 16;
        o->t = prune__hf_layer_tensor[r];
        snprintf(o->name, sizeof o->name, "encoder.layer.%d.%s", l, prune__hf_layer_names[r]);
        o->prefixed = 1;
        o->group = PRUNE__G_ENCODER;
    } else {
        int r = s - 5 - 16 * L;
        o->t = prune__hf_head_tensor[r];
        snprintf(o->name, sizeof o->name, "%s", prune__hf_head_name(model_type, head, r, &o->prefixed));
        o->group = r < 2 ? PRUNE__G_POOLER : PRUNE__G_CLASSIFIER;
    }
    ti = &m->tensors[o->t];
    if (s >= P && s < P + 16 * L) {
        /* drop the leading L axis; qkv tensors are split into thirds by rows */
        int l = (s - P) / 16, third = prune__hf_layer_third[(s - P) % 16];
        size_t per_layer = ti->size / (size_t)L;
        o->ndim = ti->ndim - 1;
        o->shape[0] = ti->shape[1];
        o->shape[1] = ti->shape[2];
        o->off = (size_t)l * per_layer;
        o->size = per_layer;
        if (third >= 0) {
            o->shape[0] /= 3;
            o->size /= 3;
            o->off += (size_t)third * o->size;
        }
    } else {
        o->ndim = ti->ndim;
        o->shape[0] = ti->shape[0];
        o->shape[1] = ti->shape[1];
        o->size = ti->size;
    }
}

/* slot of a file tensor's name, or -1 for a tensor the model does not use.
   *prefixed says whether it carried the model prefix. */
/* slot of "PREFIX<l>.<name>" (l in 0..L-1 written without a leading zero, name one of
   the 16 per-layer names), the layers' slots starting at `first`; -1 otherwise */
static int prune__hf_match_layer(const char *rest, const char *prefix, const char *const names[16], int L, int first) {
    size_t n = strlen(prefix);
    const char *p = rest + n;
    long l = 0;
    int digits = 0, r;
    if (strncmp(rest, prefix, n) != 0) return -1;
    while (*p >= '0' && *p <= '9' && digits < 6) { l = l * 10 + (*p - '0'); p++; digits++; }
    if (digits == 0 || (digits > 1 && rest[n] == '0') || *p != '.' || l >= L) return -1;
    for (r = 0; r < 16; r++)
        if (strcmp(p + 1, names[r]) == 0) return first + 16 * (int)l + r;
    return -1;
}

static int prune__hf_match_opt(const prune_model *m, const char *rest) {
    int r, L = m->desc.config.layers, pf;
    if (m->desc.config.head == PRUNE_HEAD_SPAN) {
        for (r = 0; r < 2; r++)
            if (strcmp(rest, prune__hf_head_name(PRUNE_HF_OPT, PRUNE_HEAD_SPAN, 2 + r, &pf)) == 0) return 6 + 16 * L + r;
    } else if (strcmp(rest, "score.weight") == 0) {
        return 6 + 16 * L;
    }
    for (r = 0; r < 6; r++)   /* a tensor the model lacks (size 0) is not its own */
        if (strcmp(rest, prune__opt_dec_names[r]) == 0) return m->tensors[prune__opt_dec_tensor[r]].size ? r : -1;
    return prune__hf_match_layer(rest, "decoder.layers.", prune__opt_layer_names, L, 6);
}

static int prune__hf_match(const prune_model *m, int model_type, const char *name, size_t len, int *prefixed) {
    char nm[128];
    const char *pfx = prune__hf_prefix(model_type), *rest;
    size_t np = strlen(pfx), n;
    int r, L = m->desc.config.layers, pf;
    *prefixed = 0;
    if (len >= sizeof nm - 8 || strlen(name) != len) return -1;
    memcpy(nm, name, len + 1);
    /* TensorFlow-era checkpoints call the LayerNorm parameters gamma and beta */
    n = strlen(nm);
    if (n >= 15 && strcmp(nm + n - 15, "LayerNorm.gamma") == 0) strcpy(nm + n - 5, "weight");
    else if (n >= 14 && strcmp(nm + n - 14, "LayerNorm.beta") == 0) strcpy(nm + n - 4, "bias");
    rest = nm;
    if (strncmp(nm, pfx, np) == 0) { rest = nm + np; *prefixed = 1; }
    if (model_type == PRUNE_HF_OPT) return prune__hf_match_opt(m, rest);
    for (r = 0; r < 4; r++)   /* a head slot of size 0 (the span head's pooler) is not the model's */
        if (strcmp(rest, prune__hf_head_name(model_type, m->desc.config.head, r, &pf)) == 0)
            return m->tensors[prune__hf_head_tensor[r]].size ? 5 + 16 * L + r : -1;
    for (r = 0; r < 5; r++)
        if (strcmp(rest, prune__hf_emb_names[r]) == 0) return r;
    return prune__hf_match_layer(rest, "encoder.layer.", prune__hf_layer_names, L, 5);
}

/* ============================================================================
   [B16 safetensors] safetensors: 8-byte little-endian header length N, N bytes of JSON, then the
   data region. The JSON maps each tensor name to {"dtype", "shape", "data_offsets":
   [begin, end]}, offsets counted from the start of the data region; an optional
   "__metadata__" maps strings to strings.
   ========================================================================= */

/* Every dtype of the format, so that unused tensors of any kind can be checked.
   Only the four float types can be loaded into the model. */
enum { PRUNE__ST_F32 = 0, PRUNE__ST_F16 = 1, PRUNE__ST_BF16 = 2, PRUNE__ST_F64 = 3 };
static const char *const prune__st_dtype_names[] = {
    "F32", "F16", "BF16", "F64", "I64", "U64", "I32", "U32", "I16", "U16", "I8", "U8", "BOOL",
    "F8_E5M2", "F8_E4M3", "F8_E8M0", "C64"};
static const int prune__st_dtype_size[] = {4, 2, 2, 8, 8, 8, 4, 4, 2, 2, 1, 1, 1, 1, 1, 1, 8};
#define PRUNE__ST_NDTYPES ((int)(sizeof prune__st_dtype_size / sizeof prune__st_dtype_size[0]))

typedef struct prune__st_tensor {
    const char *name;       /* decoded key (points into the JSON strings)          */
    size_t nlen;
    size_t node;            /* its JSON value, for messages                        */
    size_t shape;           /* the JSON array of its dimensions                    */
    int dtype;              /* index into prune__st_dtype_names                    */
    uint64_t numel;
    uint64_t begin, end;    /* byte range inside the data region                   */
    int slot;               /* engine slot it fills, or -1                         */
} prune__st_tensor;

typedef struct prune__st {
    prune__json j;
    prune__st_tensor *t;    /* [n] in header order */
    size_t n;
    const unsigned char *data;
    uint64_t data_len;
} prune__st;

/* "[30522, 384]" of a JSON shape array, cut with "..." if it does not fit */
static void prune__st_shape_str(const prune__json *j, size_t arr, char *buf, size_t n) {
    size_t k, len = 0;
    int first = 1;
    len += (size_t)snprintf(buf, n, "[");
    for (k = j->v[arr].first; k && len < n; k = j->v[k].next, first = 0)
        len += (size_t)snprintf(buf + len, n - len, "%s%llu", first ? "" : ", ", (unsigned long long)j->v[k].mag);
    if (len < n) snprintf(buf + len, n - len, "]");
    else if (n > 4) strcpy(buf + n - 4, "...");
}

static void prune__slot_shape_str(const prune__hf_slot *s, char *buf, size_t n) {
    if (s->ndim == 1) snprintf(buf, n, "[%d]", s->shape[0]);
    else snprintf(buf, n, "[%d, %d]", s->shape[0], s->shape[1]);
}

static int prune__st_fail(const prune__st *st, size_t node, const char *fmt, ...) {
    char where[128], what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    prune__json_where(&st->j, st->j.v[node].pos, where, sizeof where);
    return prune__fail(st->j.err, PRUNE_EFORMAT, "%s: %s: %s", st->j.file, where, what);
}

/* a non-negative integer JSON value */
static int prune__st_uint(const prune__jv *v) { return v->type == PRUNE__JNUM && v->is_int && !(v->neg && v->mag); }

static int prune__st_order(const void *pa, const void *pb) {
    const prune__st_tensor *a = *(const prune__st_tensor *const *)pa, *b = *(const prune__st_tensor *const *)pb;
    if (a->begin != b->begin) return a->begin < b->begin ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    return 0;
}

static void prune__st_free(prune__st *st) {
    prune__json_free(&st->j);
    PRUNE_FREE(st->t, NULL);
    st->t = NULL;
}

/* Check the whole file: header, every tensor's dtype, shape and byte range. */
static int prune__st_parse(prune__st *st, const char *path, const unsigned char *buf, size_t size, prune_error *err) {
    uint64_t hlen, at;
    size_t k, i;
    int rc = PRUNE_OK;
    prune__st_tensor **order = NULL;
    memset(st, 0, sizeof *st);
    if (size < 8)
        return prune__fail(err, PRUNE_EFORMAT, "%s: %lu bytes; a safetensors file starts with an 8-byte header length (truncated file?)",
                           path, (unsigned long)size);
    hlen = prune__get_u64(buf);
    if (hlen > (uint64_t)(size - 8))
        return prune__fail(err, PRUNE_EFORMAT, "%s: byte 0: header length %llu reaches past the end of the file (%lu bytes; truncated file?)",
                           path, (unsigned long long)hlen, (unsigned long)size);
    if (hlen > PRUNE__ST_MAX_HEADER)
        return prune__fail(err, PRUNE_EFORMAT, "%s: byte 0: header length %llu is over the format's limit of 100 MB",
                           path, (unsigned long long)hlen);
    if (hlen < 2 || buf[8] != '{')
        return prune__fail(err, PRUNE_EFORMAT, "%s: byte 8: the header must be a JSON object starting with '{'", path);
    if ((rc = prune__json_parse(&st->j, path, "header ", (const char *)buf + 8, (size_t)hlen, 8, err)) != PRUNE_OK) return rc;
    st->data = buf + 8 + hlen;
    st->data_len = (uint64_t)size - 8 - hlen;
    /* the root is an object (its first byte is '{'); one entry per member at most */
    st->t = (prune__st_tensor *)PRUNE_MALLOC(st->j.v[0].count * sizeof(prune__st_tensor) + 1, NULL);
    if (!st->t) { rc = prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate the tensor table", path); goto bad; }

    for (k = st->j.v[0].first; k; k = st->j.v[k].next) {
        const prune__jv *v = &st->j.v[k];
        const prune__json *j = &st->j;
        prune__st_tensor *t = &st->t[st->n];
        size_t dt, sh, of, d, b0;
        int overflow = 0;
        uint64_t nbytes;
        char shape[96];
        if (v->klen == 12 && memcmp(v->key, "__metadata__", 12) == 0) {
            if (v->type != PRUNE__JOBJ) { rc = prune__st_fail(st, k, "__metadata__ must be an object"); goto bad; }
            for (d = v->first; d; d = j->v[d].next)
                if (j->v[d].type != PRUNE__JSTR) { rc = prune__st_fail(st, d, "__metadata__ values must be strings"); goto bad; }
            continue;
        }
        memset(t, 0, sizeof *t);
        t->name = v->key; t->nlen = v->klen; t->node = k; t->slot = -1;
        if (v->type != PRUNE__JOBJ) { rc = prune__st_fail(st, k, "tensor %.120s must be an object", t->name); goto bad; }
        dt = prune__json_get(j, k, "dtype");
        sh = prune__json_get(j, k, "shape");
        of = prune__json_get(j, k, "data_offsets");
        if (!dt || !sh || !of) {
            rc = prune__st_fail(st, k, "tensor %.120s needs \"dtype\", \"shape\" and \"data_offsets\"", t->name);
            goto bad;
        }
        if (j->v[dt].type != PRUNE__JSTR) { rc = prune__st_fail(st, dt, "tensor %.120s: dtype must be a string", t->name); goto bad; }
        for (t->dtype = 0; t->dtype < PRUNE__ST_NDTYPES; t->dtype++)
            if (strcmp(j->v[dt].str, prune__st_dtype_names[t->dtype]) == 0) break;
        if (t->dtype == PRUNE__ST_NDTYPES) {
            rc = prune__st_fail(st, dt, "tensor %.120s: unknown dtype \"%.20s\"", t->name, j->v[dt].str);
            goto bad;
        }
        /* shape: non-negative integers whose product must not overflow, nor the
           product times the element size (a hostile header could make either wrap
           round to a small number that then passes the size check below) */
        if (j->v[sh].type != PRUNE__JARR) { rc = prune__st_fail(st, sh, "tensor %.120s: shape must be an array", t->name); goto bad; }
        t->shape = sh;
        t->numel = 1;
        for (d = j->v[sh].first; d; d = j->v[d].next) {
            uint64_t dim = j->v[d].mag;
            if (!prune__st_uint(&j->v[d])) {
                rc = prune__st_fail(st, d, "tensor %.120s: dimensions must be non-negative integers", t->name);
                goto bad;
            }
            if (dim && t->numel > UINT64_MAX / dim) overflow = 1;
            else t->numel *= dim;
        }
        if (!overflow && t->numel > UINT64_MAX / (uint64_t)prune__st_dtype_size[t->dtype]) overflow = 1;
        prune__st_shape_str(j, sh, shape, sizeof shape);
        if (overflow) { rc = prune__st_fail(st, sh, "tensor %.120s: shape %s overflows 64 bits", t->name, shape); goto bad; }
        nbytes = t->numel * (uint64_t)prune__st_dtype_size[t->dtype];
        b0 = j->v[of].first;
        if (j->v[of].type != PRUNE__JARR || j->v[of].count != 2 || !prune__st_uint(&j->v[b0]) || !prune__st_uint(&j->v[j->v[b0].next])) {
            rc = prune__st_fail(st, of, "tensor %.120s: data_offsets must be [begin, end], two non-negative integers", t->name);
            goto bad;
        }
        t->begin = j->v[b0].mag;
        t->end = j->v[j->v[b0].next].mag;
        if (t->end < t->begin) {
            rc = prune__st_fail(st, of, "tensor %.120s: data_offsets [%llu, %llu] end before they begin", t->name,
                                (unsigned long long)t->begin, (unsigned long long)t->end);
            goto bad;
        }
        if (t->end > st->data_len) {
            rc = prune__st_fail(st, of, "tensor %.120s: data_offsets [%llu, %llu] reach past the end of the data (%llu bytes; truncated file?)",
                                t->name, (unsigned long long)t->begin, (unsigned long long)t->end, (unsigned long long)st->data_len);
            goto bad;
        }
        if (t->end - t->begin != nbytes) {
            rc = prune__st_fail(st, of, "tensor %.120s: %s %s is %llu elements = %llu bytes, but data_offsets [%llu, %llu] hold %llu",
                                t->name, prune__st_dtype_names[t->dtype], shape, (unsigned long long)t->numel,
                                (unsigned long long)nbytes, (unsigned long long)t->begin, (unsigned long long)t->end,
                                (unsigned long long)(t->end - t->begin));
            goto bad;
        }
        st->n++;
    }

    /* The tensors must tile the data region exactly, in offset order: no byte shared
       by two tensors, none unaccounted for. The safetensors library refuses anything
       else, so this rejects only damaged or hand-made files. */
    order = (prune__st_tensor **)PRUNE_MALLOC(st->n * sizeof(prune__st_tensor *) + 1, NULL);
    if (!order) { rc = prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate", path); goto bad; }
    for (i = 0; i < st->n; i++) order[i] = &st->t[i];
    qsort(order, st->n, sizeof *order, prune__st_order);
    for (i = 0, at = 0; i < st->n; i++) {
        if (order[i]->begin != at) {
            rc = prune__st_fail(st, order[i]->node, "tensor %.120s starts at data byte %llu, but the tensors before it end at %llu (%s)",
                                order[i]->name, (unsigned long long)order[i]->begin, (unsigned long long)at,
                                order[i]->begin > at ? "a gap" : "overlapping tensors");
            goto bad;
        }
        at = order[i]->end;
    }
    if (at != st->data_len) {
        rc = prune__fail(err, PRUNE_EFORMAT, "%s: the tensors end at data byte %llu but the file has %llu data bytes after the header",
                         path, (unsigned long long)at, (unsigned long long)st->data_len);
        goto bad;
    }
    PRUNE_FREE(order, NULL);
    return PRUNE_OK;
bad:
    PRUNE_FREE(order, NULL);
    prune__st_free(st);
    return rc;
}

/* ---- element conversion: exact, whatever the value ------------------------- */

/* The conversions below build IEEE-754 binary32 bit patterns and copy them into a
   float; this refuses to compile where float is anything else. */
typedef char prune__float_is_binary32[sizeof(float) == 4 && sizeof(uint32_t) == 4 ? 1 : -1];

/* IEEE half -> single, bit by bit. Every half is exactly a float: normals are
   rebiased (exponent bias 15 -> 127), subnormals (m * 2^-24) are normalised,
   infinities and NaNs keep their sign and payload. */
static uint32_t prune__f16_bits(uint32_t h) {
    uint32_t sign = (h & 0x8000u) << 16, ex = (h >> 10) & 0x1Fu, man = h & 0x3FFu;
    if (ex == 0x1F) return sign | 0x7F800000u | man << 13;
    if (ex) return sign | (ex + 112) << 23 | man << 13;
    if (!man) return sign;
    ex = 113;
    while (!(man & 0x400u)) { man <<= 1; ex--; }
    return sign | ex << 23 | (man & 0x3FFu) << 13;
}

/* n elements of dtype at src -> dst; returns how many were NaN or infinite */
static size_t prune__st_convert(prune_float *dst, const unsigned char *src, size_t n, int dtype) {
    size_t i, nonfinite = 0;
    if (dtype == PRUNE__ST_F64) {   /* rounded to float unless the engine is built in double */
        for (i = 0; i < n; i++) {
            uint64_t bits = prune__get_u64(src + 8 * i);
            double v;
            if ((bits & 0x7FF0000000000000ull) == 0x7FF0000000000000ull) nonfinite++;
            memcpy(&v, &bits, 8);
            dst[i] = (prune_float)v;
        }
        return nonfinite;
    }
    for (i = 0; i < n; i++) {
        uint32_t bits;
        float f;
        if (dtype == PRUNE__ST_F32) bits = prune__get_u32(src + 4 * i);
        else if (dtype == PRUNE__ST_F16) bits = prune__f16_bits((uint32_t)src[2 * i] | (uint32_t)src[2 * i + 1] << 8);
        else bits = ((uint32_t)src[2 * i] | (uint32_t)src[2 * i + 1] << 8) << 16;   /* bfloat16: the top half of a float */
        if ((bits & 0x7F800000u) == 0x7F800000u) nonfinite++;
        memcpy(&f, &bits, 4);
        dst[i] = (prune_float)f;
    }
    return nonfinite;
}

/* "hidden 32 vs 64, layers 2 vs 3": what differs between the model's configuration
   and the checkpoint's, in the fields that shape the weights or the function. */
static int prune__hf_config_diff(const prune_config *a, const prune_config *b, char *buf, size_t n) {
    int count = 0;
    size_t len = 0;
    buf[0] = 0;
#define PRUNE__DIFF(field, fmt)                                                                        \
    if (a->field != b->field && len < n) {                                                             \
        len += (size_t)snprintf(buf + len, n - len, "%s" #field " " fmt " vs " fmt, count ? ", " : "", \
                                a->field, b->field);                                                   \
        count++;                                                                                       \
    }
    PRUNE__DIFF(vocab_size, "%d") PRUNE__DIFF(hidden, "%d") PRUNE__DIFF(layers, "%d") PRUNE__DIFF(heads, "%d")
    PRUNE__DIFF(ffn, "%d") PRUNE__DIFF(max_pos, "%d") PRUNE__DIFF(type_vocab, "%d") PRUNE__DIFF(pos_offset, "%d")
    PRUNE__DIFF(ln_eps, "%g") PRUNE__DIFF(arch, "%d") PRUNE__DIFF(pre_ln, "%d") PRUNE__DIFF(embed_dim, "%d")
#undef PRUNE__DIFF
    return count;
}

PRUNEDEF int prune_hf_load_weights(prune_model *m, const char *path, const prune_hf_info *info, uint64_t seed,
                                   prune_load_report *rep, prune_error *err) {
    if (!(m && m->params && info)) return prune__fail(err, PRUNE_EARG, "load weights: the model (created) or the config info is NULL");
    prune__st st;
    prune_load_report r;
    char *buf = NULL, diff[400];
    size_t size, i;
    int *src = NULL, S, s, rc, g, have[3] = {0, 0, 0};
    prune__hf_slot slot;
    if (rep) memset(rep, 0, sizeof *rep);
    if (!m || !m->params || !path || !info)
        return prune__fail(err, PRUNE_EARG, "prune_hf_load_weights: NULL argument, or a model prune_model_create did not make");
    if (info->model_type != PRUNE_HF_BERT && info->model_type != PRUNE_HF_ROBERTA && info->model_type != PRUNE_HF_OPT)
        return prune__fail(err, PRUNE_EARG, "prune_hf_load_weights: info->model_type %d is not PRUNE_HF_BERT, _ROBERTA or _OPT", info->model_type);
    if (prune__hf_config_diff(&m->desc.config, &info->config, diff, sizeof diff))
        return prune__fail(err, PRUNE_EARG, "%s: the model was created with a configuration that differs from the checkpoint's (model vs config.json): %s",
                           path, diff);
    memset(&r, 0, sizeof r);
    if ((rc = prune__read_file(path, &buf, &size, PRUNE__ST_MAX_FILE, err)) != PRUNE_OK) return rc;
    if ((rc = prune__st_parse(&st, path, (const unsigned char *)buf, size, err)) != PRUNE_OK) { PRUNE_FREE(buf, NULL); return rc; }
    S = prune__hf_nslots(m, info->model_type);
    src = (int *)PRUNE_MALLOC((size_t)S * sizeof(int), NULL);
    if (!src) { rc = prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate", path); goto done; }
    for (s = 0; s < S; s++) src[s] = -1;

    /* 1. name every tensor of the file: a slot of the model, or unused */
    r.tensors = (int)st.n;
    for (i = 0; i < st.n; i++) {
        prune__st_tensor *t = &st.t[i];
        int prefixed, d, same = 1;
        size_t dim;
        char have_shape[96], want_shape[48];
        s = prune__hf_match(m, info->model_type, t->name, t->nlen, &prefixed);
        if (s < 0) {
            size_t len = strlen(r.unused_names);
            r.unused++;
            if (len + t->nlen + 6 < sizeof r.unused_names)
                snprintf(r.unused_names + len, sizeof r.unused_names - len, "%s%s", len ? ", " : "", t->name);
            else if (len + 6 < sizeof r.unused_names && !strstr(r.unused_names, "..."))
                snprintf(r.unused_names + len, sizeof r.unused_names - len, ", ...");
            continue;
        }
        prune__hf_slot_at(m, info->model_type, s, &slot);
        if (src[s] >= 0) {
            rc = prune__st_fail(&st, t->node, "tensors %.100s and %.100s are both the model's %s", st.t[src[s]].name, t->name, slot.name);
            goto done;
        }
        if (s == 0)   /* the word embeddings say how this file names the encoder */
            snprintf(r.prefix, sizeof r.prefix, "%s", !prefixed ? "" : prune__hf_prefix(info->model_type));
        if (t->dtype != PRUNE__ST_F32 && t->dtype != PRUNE__ST_F16 && t->dtype != PRUNE__ST_BF16 && t->dtype != PRUNE__ST_F64) {
            rc = prune__st_fail(&st, t->node, "tensor %.120s is %s; only F32, F16, BF16 and F64 weights can be loaded", t->name,
                                prune__st_dtype_names[t->dtype]);
            goto done;
        }
        d = 0;
        for (dim = st.j.v[t->shape].first; dim; dim = st.j.v[dim].next, d++)
            if (d >= slot.ndim || st.j.v[dim].mag != (uint64_t)slot.shape[d]) same = 0;
        if (!same || d != slot.ndim) {
            prune__st_shape_str(&st.j, t->shape, have_shape, sizeof have_shape);
            prune__slot_shape_str(&slot, want_shape, sizeof want_shape);
            rc = prune__st_fail(&st, t->node, "tensor %.120s has shape %s but the model needs %s", t->name, have_shape, want_shape);
            goto done;
        }
        src[s] = (int)i;
        t->slot = s;
    }

    /* 2. every encoder tensor is required; the head's two parts may be absent as a
       whole (a pretrained encoder), not in part (a damaged file) */
    for (s = 0; s < S; s++) {
        prune__hf_slot_at(m, info->model_type, s, &slot);
        if (src[s] >= 0) have[slot.group]++;
    }
    for (s = 0; s < S; s++) {
        prune__hf_slot_at(m, info->model_type, s, &slot);
        if (src[s] < 0 && slot.size > 0 && (slot.group == PRUNE__G_ENCODER || have[slot.group] > 0)) {
            char want_shape[48];
            prune__slot_shape_str(&slot, want_shape, sizeof want_shape);
            rc = prune__fail(err, PRUNE_EFORMAT, "%s: missing tensor %s%s, shape %s (%d of the file's %d tensors are the model's)",
                             path, slot.prefixed ? r.prefix : "", slot.name, want_shape, have[0] + have[1] + have[2], (int)st.n);
            goto done;
        }
    }
    /* a head the file lacks is created with the model's label count; a classifier the
       file has was checked above against the model's shape [K, C] */

    /* 3. the file is valid: now, and only now, change the model */
    for (s = 0; s < S; s++) {
        const prune__st_tensor *t;
        if (src[s] < 0) continue;
        t = &st.t[src[s]];
        prune__hf_slot_at(m, info->model_type, s, &slot);
        r.nonfinite += prune__st_convert(m->params + m->tensors[slot.t].offset + slot.off, st.data + t->begin,
                                         slot.size, t->dtype);
        r.loaded++;
        if (t->dtype == PRUNE__ST_F32) r.n_f32++;
        else if (t->dtype == PRUNE__ST_F16) r.n_f16++;
        else if (t->dtype == PRUNE__ST_F64) r.n_f64++;
        else r.n_bf16++;
    }
    for (g = PRUNE__G_POOLER; g <= PRUNE__G_CLASSIFIER; g++) {
        int w = g == PRUNE__G_POOLER ? PRUNE_POOLW : PRUNE_CLSW, b = g == PRUNE__G_POOLER ? PRUNE_POOLB : PRUNE_CLSB;
        if (have[g] || m->tensors[w].size == 0) continue;   /* loaded, or a part OPT lacks (the pooler) */
        prune__init_tensor(m, w, seed, info->initializer_range);
        prune__init_tensor(m, b, seed, 0);
        if (g == PRUNE__G_POOLER) r.fresh_pooler = 1;
        else r.fresh_classifier = 1;
    }
    /* new weights start a new fine-tuning run: moments accumulated for other weights
       would steer the first steps wrongly, and the step count drives the schedule and
       the dropout streams */
    if (m->grads) memset(m->grads, 0, m->nparams * sizeof(prune_float));
    if (m->adam_m) memset(m->adam_m, 0, m->nparams * sizeof(prune_float));
    if (m->adam_v) memset(m->adam_v, 0, m->nparams * sizeof(prune_float));
    m->step = 0;
    if (rep) *rep = r;
    rc = PRUNE_OK;
done:
    PRUNE_FREE(src, NULL);
    prune__st_free(&st);
    PRUNE_FREE(buf, NULL);
    return rc;
}

/* ============================================================================
   [B17 hf-save] Saving: model.safetensors (F32) and config.json, each atomically
   ========================================================================= */

/* A text buffer that measures first: with p == NULL it only counts, so the header
   can be sized exactly before it is written (one allocation, no resizing). */
typedef struct prune__sb { char *p; size_t cap, len; } prune__sb;

static void prune__sb_printf(prune__sb *b, const char *fmt, ...) {
    va_list ap;
    int k;
    va_start(ap, fmt);
    if (b->p && b->len < b->cap) k = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    else k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k > 0) b->len += (size_t)k;
}

/* the safetensors header: every slot's HF name, dtype F32, shape, byte range */
static void prune__hf_header(const prune_model *m, int model_type, prune__sb *b) {
    const char *pfx = prune__hf_prefix(model_type);
    prune__hf_slot slot;
    int s, S = prune__hf_nslots(m, model_type), d;
    uint64_t at = 0;
    /* transformers refuses a file whose metadata does not say which framework wrote it */
    prune__sb_printf(b, "{\"__metadata__\":{\"format\":\"pt\"}");
    for (s = 0; s < S; s++) {
        prune__hf_slot_at(m, model_type, s, &slot);
        if (slot.size == 0) continue;   /* a tensor this model lacks */
        prune__sb_printf(b, ",\"%s%s\":{\"dtype\":\"F32\",\"shape\":[", slot.prefixed ? pfx : "", slot.name);
        for (d = 0; d < slot.ndim; d++) prune__sb_printf(b, "%s%d", d ? "," : "", slot.shape[d]);
        prune__sb_printf(b, "],\"data_offsets\":[%llu,%llu]}", (unsigned long long)at, (unsigned long long)(at + 4 * (uint64_t)slot.size));
        at += 4 * (uint64_t)slot.size;
    }
    prune__sb_printf(b, "}");
}

static int prune__hf_save_weights(const prune_model *m, int model_type, const char *path, prune_file *o, prune_error *err) {
    prune__sb b;
    prune__hf_slot slot;
    unsigned char len8[8], chunk[4096];
    int rc, s, S = prune__hf_nslots(m, model_type);
    size_t pad, i;
    if ((rc = prune_file_open(o, path, err)) != PRUNE_OK) return rc;
    memset(&b, 0, sizeof b);
    prune__hf_header(m, model_type, &b);
    /* pad the header with spaces so the data starts 8-byte aligned: a reader that
       maps the file can then use the floats in place */
    pad = (8 - (8 + b.len) % 8) % 8;
    b.cap = b.len + pad + 1;
    b.p = (char *)PRUNE_MALLOC(b.cap, NULL);
    if (!b.p) {
        prune_file_abort(o);
        return prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate the header", path);
    }
    b.len = 0;
    prune__hf_header(m, model_type, &b);
    for (i = 0; i < pad; i++) b.p[b.len++] = ' ';
    prune__put_u64(len8, (uint64_t)b.len);
    prune__file_write(o, len8, 8);
    prune__file_write(o, b.p, b.len);
    PRUNE_FREE(b.p, NULL);
    for (s = 0; s < S; s++) {
        const prune_float *p;
        prune__hf_slot_at(m, model_type, s, &slot);
        p = m->params + m->tensors[slot.t].offset + slot.off;
        for (i = 0; i < slot.size;) {
            size_t k, n = PRUNE__MIN(slot.size - i, sizeof chunk / 4);
            for (k = 0; k < n; k++) {
                float f = (float)p[i + k];
                uint32_t bits;
                memcpy(&bits, &f, 4);
                prune__put_u32(chunk + 4 * k, bits);   /* little-endian on every host */
            }
            prune__file_write(o, chunk, 4 * n);
            i += n;
        }
    }
    return prune__file_finish(o, err);
}

/* The shortest decimal that reads back as the same double (0.1, not
   0.10000000000000001), always with a '.' or an exponent so that Python reads a
   float, and with '.' whatever the locale. */
static void prune__hf_fmt(char *buf, size_t n, double v) {
    int prec;
    char pt = prune__locale_point(), *c;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        for (c = buf; *c; c++)
            if (*c == pt) *c = '.';
        if (prune__json_strtod(buf) == v) break;
    }
    if (!strpbrk(buf, ".eE") && strlen(buf) + 3 <= n) strcat(buf, ".0");
}

/* a JSON string: quotes, backslashes and control characters escaped; UTF-8 as is */
static void prune__hf_put_str(prune_file *o, const char *s) {
    prune__file_printf(o, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') prune__file_printf(o, "\\%c", c);
        else if (c < 0x20) prune__file_printf(o, "\\u%04x", c);
        else prune__file_write(o, s, 1);
    }
    prune__file_printf(o, "\"");
}

/* label2id is the inverse of id2label, so it is written from the labels sorted by
   name (ties by id): equal names are then neighbours. */
typedef struct prune__hf_label { const char *name; int id; } prune__hf_label;

static int prune__hf_label_cmp(const void *pa, const void *pb) {
    const prune__hf_label *a = (const prune__hf_label *)pa, *b = (const prune__hf_label *)pb;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* "id2label": {"0": name, ...}, and its inverse "label2id". Two labels with one
   name would make a key of label2id appear twice, which JSON readers (this one
   included) refuse. Python's dict keeps the last id; so do we: of a run of equal
   names only the last (highest id) is written. */
static void prune__hf_put_id2label(prune_file *o, const char *const *names, int K) {
    int k;
    prune__file_printf(o, "  \"id2label\": {\n");
    for (k = 0; k < K; k++) {
        prune__file_printf(o, "    \"%d\": ", k);
        prune__hf_put_str(o, names[k]);
        prune__file_printf(o, "%s\n", k + 1 < K ? "," : "");
    }
    prune__file_printf(o, "  },\n");
}
static void prune__hf_put_label2id(prune_file *o, const prune__hf_label *sorted, int K) {
    int k;
    prune__file_printf(o, "  \"label2id\": {\n");
    for (k = 0; k < K; k++) {
        if (k + 1 < K && strcmp(sorted[k].name, sorted[k + 1].name) == 0) continue;
        prune__file_printf(o, "    ");
        prune__hf_put_str(o, sorted[k].name);
        prune__file_printf(o, ": %d%s\n", sorted[k].id, k + 1 < K ? "," : "");
    }
    prune__file_printf(o, "  },\n");
}

/* OPTConfig, keys sorted as transformers writes them */
static int prune__hf_save_config_opt(const prune_model *m, const prune_hf_info *info, const char *path,
                                     const char *const *names, const prune__hf_label *sorted, prune_file *o, prune_error *err) {
    const prune_config *c = &m->desc.config;
    char num[40];
    int rc;
    if ((rc = prune_file_open(o, path, err)) != PRUNE_OK) return rc;
    prune__file_printf(o, "{\n  \"_remove_final_layer_norm\": false,\n  \"activation_dropout\": 0.0,\n  \"activation_function\": \"relu\",\n");
    prune__file_printf(o, "  \"architectures\": [\n    \"OPT%s\"\n  ],\n", c->head == PRUNE_HEAD_SPAN ? "ForQuestionAnswering" : "ForSequenceClassification");
    prune__hf_fmt(num, sizeof num, c->attn_dropout);
    prune__file_printf(o, "  \"attention_dropout\": %s,\n", num);
    if (info->bos_token_id >= 0) prune__file_printf(o, "  \"bos_token_id\": %d,\n", info->bos_token_id);
    prune__hf_fmt(num, sizeof num, c->hidden_dropout);
    prune__file_printf(o, "  \"do_layer_norm_before\": %s,\n  \"dropout\": %s,\n  \"dtype\": \"float32\",\n  \"enable_bias\": true,\n",
                       c->pre_ln ? "true" : "false", num);
    if (info->eos_token_id >= 0) prune__file_printf(o, "  \"eos_token_id\": %d,\n", info->eos_token_id);
    prune__file_printf(o, "  \"ffn_dim\": %d,\n  \"hidden_size\": %d,\n", c->ffn, c->hidden);
    prune__hf_put_id2label(o, names, c->labels);
    prune__hf_fmt(num, sizeof num, info->initializer_range > 0 ? info->initializer_range : 0.02);
    prune__file_printf(o, "  \"init_std\": %s,\n", num);
    prune__hf_put_label2id(o, sorted, c->labels);
    prune__file_printf(o, "  \"layer_norm_elementwise_affine\": true,\n  \"layerdrop\": 0.0,\n  \"max_position_embeddings\": %d,\n",
                       c->max_pos - 2);
    prune__file_printf(o, "  \"model_type\": \"opt\",\n  \"num_attention_heads\": %d,\n  \"num_hidden_layers\": %d,\n", c->heads, c->layers);
    prune__file_printf(o, "  \"pad_token_id\": %d,\n  \"vocab_size\": %d,\n  \"word_embed_proj_dim\": %d\n}\n", info->pad_token_id,
                       c->vocab_size, c->embed_dim);
    return prune__file_finish(o, err);
}

static int prune__hf_save_config(const prune_model *m, const prune_hf_info *info, const char *path,
                                 const char *const *names, const prune__hf_label *sorted, int pad, prune_file *o, prune_error *err) {
    const prune_config *c = &m->desc.config;
    int roberta = info->model_type == PRUNE_HF_ROBERTA, K = c->head == PRUNE_HEAD_CHOICE ? 2 : c->labels, rc;
    char num[40];
    if ((rc = prune_file_open(o, path, err)) != PRUNE_OK) return rc;
    /* the keys in the order transformers writes them (sorted) */
    prune__file_printf(o, "{\n  \"architectures\": [\n    \"%s%s\"\n  ],\n", roberta ? "Roberta" : "Bert",
                       c->head == PRUNE_HEAD_CHOICE ? "ForMultipleChoice" : c->head == PRUNE_HEAD_SPAN ? "ForQuestionAnswering"
                                                                                                  : "ForSequenceClassification");
    prune__hf_fmt(num, sizeof num, c->attn_dropout);
    prune__file_printf(o, "  \"attention_probs_dropout_prob\": %s,\n", num);
    if (roberta && info->bos_token_id >= 0) prune__file_printf(o, "  \"bos_token_id\": %d,\n", info->bos_token_id);
    /* null means "the same as hidden_dropout_prob", what BERT's own configs say */
    prune__hf_fmt(num, sizeof num, c->classifier_dropout);
    prune__file_printf(o, "  \"classifier_dropout\": %s,\n", c->classifier_dropout == c->hidden_dropout ? "null" : num);
    prune__file_printf(o, "  \"dtype\": \"float32\",\n");
    if (roberta && info->eos_token_id >= 0) prune__file_printf(o, "  \"eos_token_id\": %d,\n", info->eos_token_id);
    prune__hf_fmt(num, sizeof num, c->hidden_dropout);
    prune__file_printf(o, "  \"hidden_act\": \"gelu\",\n  \"hidden_dropout_prob\": %s,\n  \"hidden_size\": %d,\n", num, c->hidden);
    prune__hf_put_id2label(o, names, K);
    prune__hf_fmt(num, sizeof num, info->initializer_range > 0 ? info->initializer_range : 0.02);
    prune__file_printf(o, "  \"initializer_range\": %s,\n  \"intermediate_size\": %d,\n", num, c->ffn);
    prune__hf_put_label2id(o, sorted, K);
    prune__hf_fmt(num, sizeof num, c->ln_eps);
    prune__file_printf(o, "  \"layer_norm_eps\": %s,\n  \"max_position_embeddings\": %d,\n", num, c->max_pos);
    prune__file_printf(o, "  \"model_type\": \"%s\",\n  \"num_attention_heads\": %d,\n  \"num_hidden_layers\": %d,\n",
                      roberta ? "roberta" : "bert", c->heads, c->layers);
    if (pad >= 0) prune__file_printf(o, "  \"pad_token_id\": %d,\n", pad);
    else prune__file_printf(o, "  \"pad_token_id\": null,\n");
    prune__file_printf(o, "  \"position_embedding_type\": \"absolute\",\n  \"type_vocab_size\": %d,\n  \"vocab_size\": %d\n}\n",
                      c->type_vocab, c->vocab_size);
    return prune__file_finish(o, err);
}

PRUNEDEF int prune_hf_save(const prune_model *m, const char *dir, const prune_hf_info *info, prune_error *err) {
    if (!(m && m->params && dir && info)) return prune__fail(err, PRUNE_EARG, "save: the model (created), the directory or the config info is NULL");
    char path[1100], cpath[1100];
    prune_file ow, oc;
    const char **names;
    prune__hf_label *sorted;
    char *text;
    size_t k, K, bytes;
    int rc, pad, use_info_names;
    if (!m || !m->params || !dir || !info) return prune__fail(err, PRUNE_EARG, "prune_hf_save: NULL argument");
    if (info->model_type != PRUNE_HF_BERT && info->model_type != PRUNE_HF_ROBERTA && info->model_type != PRUNE_HF_OPT)
        return prune__fail(err, PRUNE_EARG, "prune_hf_save: info->model_type %d is not PRUNE_HF_BERT, _ROBERTA or _OPT", info->model_type);
    if (strlen(dir) > 1000) return prune__fail(err, PRUNE_EARG, "%.64s...: directory name too long", dir);
    /* what transformers will rebuild from config.json must be this model */
    if ((info->model_type == PRUNE_HF_OPT) != (m->desc.config.arch == PRUNE_ARCH_OPT))
        return prune__fail(err, PRUNE_EARG, "%s: an %s model cannot be saved as %s", dir, m->desc.config.arch == PRUNE_ARCH_OPT ? "OPT" : "BERT-family",
                           info->model_type == PRUNE_HF_OPT ? "OPT" : "BERT or RoBERTa");
    if (info->model_type == PRUNE_HF_OPT) {
        pad = info->pad_token_id;
        if (pad < 0) return prune__fail(err, PRUNE_EARG, "%s: OPT needs a pad_token_id (its head finds the last token by it)", dir);
        if (m->desc.config.pos_offset != 2 || m->desc.config.type_vocab != 1 || m->desc.config.ln_eps != (double)1e-5)   /* (double): no x87 excess precision */
            return prune__fail(err, PRUNE_EARG, "%s: OPTConfig has position offset 2, no token types and LayerNorm epsilon 1e-5; this model has %d, %d, %g",
                               dir, m->desc.config.pos_offset, m->desc.config.type_vocab, m->desc.config.ln_eps);
    } else if (info->model_type == PRUNE_HF_ROBERTA) {
        pad = m->desc.config.pos_offset - 1;
        if (pad < 0)
            return prune__fail(err, PRUNE_EARG, "%s: a RoBERTa model needs pos_offset = pad_token_id + 1 >= 1; this one has pos_offset 0", dir);
        if (info->pad_token_id != pad)
            return prune__fail(err, PRUNE_EARG, "%s: info->pad_token_id %d, but the model's pos_offset %d means RoBERTa's pad_token_id %d",
                               dir, info->pad_token_id, m->desc.config.pos_offset, pad);
    } else {
        pad = info->pad_token_id;
        if (m->desc.config.pos_offset != 0)
            return prune__fail(err, PRUNE_EARG, "%s: BERT has no position offset; a model with pos_offset %d can only be saved as RoBERTa",
                               dir, m->desc.config.pos_offset);
    }
    if (pad >= m->desc.config.vocab_size)
        return prune__fail(err, PRUNE_EARG, "%s: pad_token_id %d is not below vocab_size %d", dir, pad, m->desc.config.vocab_size);

    /* label names: info's when it has one per label of the model, else LABEL_k as
       transformers names them. One allocation: K names in id order, the same K
       sorted by name (for label2id), then the text of generated names. */
    K = (size_t)m->desc.config.labels;
    /* a multiple-choice head's one output is no class: its config says num_labels 2
       (LABEL_0, LABEL_1), transformers' default, which it ignores */
    if (m->desc.config.head == PRUNE_HEAD_CHOICE) K = 2;
    use_info_names = info->label_names && info->num_labels == (int)K && m->desc.config.head == PRUNE_HEAD_CLASSIFY;
    bytes = K * (sizeof(char *) + sizeof(prune__hf_label)) + (use_info_names ? 0 : K * 24);
    names = (const char **)PRUNE_MALLOC(bytes, NULL);
    if (!names) return prune__fail(err, PRUNE_ENOMEM, "%s: cannot allocate %lu label names", dir, (unsigned long)K);
    sorted = (prune__hf_label *)(names + K);
    text = (char *)(sorted + K);
    for (k = 0; k < K; k++) {
        if (use_info_names) {
            const unsigned char *s = (const unsigned char *)info->label_names[k];
            size_t n = s ? strlen((const char *)s) : 0, at = 0, q;
            uint32_t cp_;
            if (!s) { PRUNE_FREE(names, NULL); return prune__fail(err, PRUNE_EARG, "%s: info->label_names[%lu] is NULL", dir, (unsigned long)k); }
            while (at < n && (q = prune__utf8_get(s + at, n - at, &cp_)) != 0) at += q;
            if (at < n) {
                PRUNE_FREE(names, NULL);
                return prune__fail(err, PRUNE_EARG, "%s: label %lu's name is not valid UTF-8 (byte %lu)", dir, (unsigned long)k, (unsigned long)at);
            }
            names[k] = info->label_names[k];
        } else {
            snprintf(text + 24 * k, 24, "LABEL_%d", (int)k);
            names[k] = text + 24 * k;
        }
        sorted[k].name = names[k];
        sorted[k].id = (int)k;
    }
    qsort(sorted, K, sizeof *sorted, prune__hf_label_cmp);

#if !defined(_WIN32)
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        PRUNE_FREE(names, NULL);
        return prune__fail(err, PRUNE_EIO, "%s: cannot create the directory", dir);
    }
#endif
    /* both files are written and fsynced under temporary names first, and renamed
       only when both succeeded: the directory never holds new weights with an old
       config (a label count that no longer fits) or the other way round */
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    snprintf(cpath, sizeof cpath, "%s/config.json", dir);
    rc = prune__hf_save_weights(m, info->model_type, path, &ow, err);
    if (rc == PRUNE_OK) {
        rc = info->model_type == PRUNE_HF_OPT ? prune__hf_save_config_opt(m, info, cpath, names, sorted, &oc, err)
                                               : prune__hf_save_config(m, info, cpath, names, sorted, pad, &oc, err);
        if (rc != PRUNE_OK) remove(ow.tmp);
    }
    if (rc == PRUNE_OK && (rc = prune__file_publish(&ow, err)) != PRUNE_OK) remove(oc.tmp);
    if (rc == PRUNE_OK) rc = prune__file_publish(&oc, err);
    PRUNE_FREE(names, NULL);
    return rc;
}

/* ============================================================================
   [B18 qa] Multiple choice (RACE) and extractive question answering (SQuAD):
   readers, features, answers, and the official metric

   Both build the one dataset type. A RACE question is an example of `choices`
   sequences: the article (segment A) with each option (segment B). A SQuAD question
   becomes one or more features - the question (A) with a window of the context (B) -
   and each feature is an example: the unit phase 1 scores, as in the authors' code.
   ========================================================================= */

/* grow *p (elements of `elem` bytes, *cap of them) to hold `need`: doubling, so n
   appends cost O(n) */
static int prune__vgrow(void **p, size_t *cap, size_t need, size_t elem) {
    size_t c = *cap ? *cap : 64;
    void *q;
    if (need <= *cap) return PRUNE_OK;
    while (c < need) {
        if (c > ((size_t)-1) / 2 / elem) return PRUNE_ENOMEM;
        c *= 2;
    }
    if (!(q = PRUNE_MALLOC(c * elem, NULL))) return PRUNE_ENOMEM;
    if (*p) { memcpy(q, *p, *cap * elem); PRUNE_FREE(*p, NULL); }
    *p = q;
    *cap = c;
    return PRUNE_OK;
}

/* ---- RACE ---------------------------------------------------------------------- */

typedef struct prune__race {
    const prune_tokenizer *tk;
    int NC;                                  /* options per question (the first one's) */
    int32_t *ids; size_t nids, cids;         /* every question's A, B_0 .. B_{NC-1}    */
    uint32_t *la; size_t nq, cla;            /* per question: |A|                      */
    uint32_t *lb; size_t clb;                /* per question and option: |B_c|        */
    int32_t *lab; size_t clab;               /* per question: the answer's index       */
    char *txt; size_t ntxt, ctxt;            /* texts: "question\0options\0" each      */
    int want_texts;
    char *qbuf; size_t cqbuf;                /* a question with an option put in       */
    prune_error *err;
} prune__race;

/* ids of text appended to r->ids; *count gets how many */
static int prune__race_tok(prune__race *r, const char *text, size_t len, uint32_t *count) {
    size_t n, cap = PRUNE_TOKENIZE_MAX(len);
    int rc;
    if (prune__vgrow((void **)&r->ids, &r->cids, r->nids + cap, sizeof(int32_t))) return prune__fail(r->err, PRUNE_ENOMEM, "RACE: out of memory");
    if ((rc = prune_tokenize(r->tk, text, len, r->ids + r->nids, cap, &n, r->err)) != PRUNE_OK) return rc;
    if (n > 0xFFFFFFFFu) return prune__fail(r->err, PRUNE_EFORMAT, "RACE: a text of more than 2^32 tokens");
    r->nids += n;
    *count = (uint32_t)n;
    return PRUNE_OK;
}

static int prune__race_addtxt(prune__race *r, const char *s, size_t n) {
    if (prune__vgrow((void **)&r->txt, &r->ctxt, r->ntxt + n + 1, 1)) return prune__fail(r->err, PRUNE_ENOMEM, "RACE: out of memory");
    memcpy(r->txt + r->ntxt, s, n);
    r->txt[r->ntxt + n] = 0;
    r->ntxt += n + 1;
    return PRUNE_OK;
}

/* One question: article a (its ids already at r->ids[a0 ..], na of them: repeated
   here, each example owns its ids), the question, its options and answer (values of
   j). where: "FILE: question K" for messages. */
static int prune__race_question(prune__race *r, const prune__json *j, size_t a0, uint32_t na, size_t q, size_t opts, size_t ans,
                                const char *where) {
    size_t o, k;
    int c = 0, label;
    uint32_t n;
    if (!q || j->v[q].type != PRUNE__JSTR) return prune__fail(r->err, PRUNE_EFORMAT, "%s: the question is not a string", where);
    if (!opts || j->v[opts].type != PRUNE__JARR || j->v[opts].count < 2)
        return prune__fail(r->err, PRUNE_EFORMAT, "%s: options must be an array of at least 2 strings", where);
    if (r->NC == 0) r->NC = (int)PRUNE__MIN(j->v[opts].count, 64);
    if ((int)j->v[opts].count != r->NC)
        return prune__fail(r->err, PRUNE_EFORMAT, "%s: %lu options, but the first question had %d (every question needs as many)", where,
                           (unsigned long)j->v[opts].count, r->NC);
    if (!ans || j->v[ans].type != PRUNE__JSTR || j->v[ans].slen != 1 || j->v[ans].str[0] < 'A' || j->v[ans].str[0] >= 'A' + r->NC)
        return prune__fail(r->err, PRUNE_EFORMAT, "%s: the answer %s%.20s%s is not one of A..%c", where, ans && j->v[ans].type == PRUNE__JSTR ? "\"" : "",
                           ans && j->v[ans].type == PRUNE__JSTR ? j->v[ans].str : "(not a string)", ans && j->v[ans].type == PRUNE__JSTR ? "\"" : "",
                           'A' + r->NC - 1);
    label = j->v[ans].str[0] - 'A';
    if (prune__vgrow((void **)&r->la, &r->cla, r->nq + 1, sizeof(uint32_t)) ||
        prune__vgrow((void **)&r->lab, &r->clab, r->nq + 1, sizeof(int32_t)) ||
        prune__vgrow((void **)&r->lb, &r->clb, (r->nq + 1) * (size_t)r->NC, sizeof(uint32_t)) ||
        prune__vgrow((void **)&r->ids, &r->cids, r->nids + na, sizeof(int32_t)))
        return prune__fail(r->err, PRUNE_ENOMEM, "RACE: out of memory");
    memmove(r->ids + r->nids, r->ids + a0, sizeof(int32_t) * na);   /* the article again */
    r->nids += na;
    for (o = j->v[opts].first; o; o = j->v[o].next, c++) {
        const char *qs = j->v[q].str, *us;
        size_t need;
        if (j->v[o].type != PRUNE__JSTR) return prune__fail(r->err, PRUNE_EFORMAT, "%s: option %c is not a string", where, 'A' + c);
        /* the authors' concat_qa: every "_" becomes the option; no "_": question, space, option */
        need = j->v[q].slen + j->v[o].slen + 2;
        for (us = qs; (us = (const char *)memchr(us, '_', j->v[q].slen - (size_t)(us - qs))) != NULL; us++) need += j->v[o].slen;
        if (prune__vgrow((void **)&r->qbuf, &r->cqbuf, need, 1)) return prune__fail(r->err, PRUNE_ENOMEM, "RACE: out of memory");
        n = 0;
        if (memchr(qs, '_', j->v[q].slen)) {
            for (k = 0; k < j->v[q].slen; k++) {
                if (qs[k] == '_') { memcpy(r->qbuf + n, j->v[o].str, j->v[o].slen); n += (uint32_t)j->v[o].slen; }
                else r->qbuf[n++] = qs[k];
            }
        } else {
            memcpy(r->qbuf, qs, j->v[q].slen);
            n = (uint32_t)j->v[q].slen;
            r->qbuf[n++] = ' ';
            memcpy(r->qbuf + n, j->v[o].str, j->v[o].slen);
            n += (uint32_t)j->v[o].slen;
        }
        {
            int rc;
            uint32_t got;
            if ((rc = prune__race_tok(r, r->qbuf, n, &got)) != PRUNE_OK) return rc;
            r->lb[r->nq * (size_t)r->NC + (size_t)c] = got;
        }
    }
    if (r->want_texts) {   /* for people: the question, and "A) .. | B) .." */
        int rc;
        if ((rc = prune__race_addtxt(r, j->v[q].str, j->v[q].slen)) != PRUNE_OK) return rc;
        for (o = j->v[opts].first, c = 0; o; o = j->v[o].next, c++) {
            char head[8];
            snprintf(head, sizeof head, "%s%c) ", c ? " | " : "", 'A' + c);
            if (prune__vgrow((void **)&r->txt, &r->ctxt, r->ntxt + strlen(head) + j->v[o].slen + 2, 1))
                return prune__fail(r->err, PRUNE_ENOMEM, "RACE: out of memory");
            memcpy(r->txt + r->ntxt, head, strlen(head)); r->ntxt += strlen(head);
            memcpy(r->txt + r->ntxt, j->v[o].str, j->v[o].slen); r->ntxt += j->v[o].slen;
        }
        r->txt[r->ntxt++] = 0;
    }
    r->la[r->nq] = na;
    r->lab[r->nq] = label;
    r->nq++;
    return PRUNE_OK;
}

/* one JSON object: a passage ({"article", "questions", "options", "answers"}) or a
   single question ({"article", "question", "options", "answer"}) */
static int prune__race_object(prune__race *r, const prune__json *j, size_t obj, const char *file, const char *at) {
    size_t art = prune__json_get(j, obj, "article"), qs = prune__json_get(j, obj, "questions"), q1 = prune__json_get(j, obj, "question");
    size_t a0 = r->nids, q, o, a;
    uint32_t na;
    int rc, k = 0;
    char where[PRUNE_PATH_MAX + 96];
    if (j->v[obj].type != PRUNE__JOBJ) return prune__fail(r->err, PRUNE_EFORMAT, "%s%s: not a JSON object", file, at);
    if (!art || j->v[art].type != PRUNE__JSTR)
        return prune__fail(r->err, PRUNE_EFORMAT, "%s%s: no \"article\" string (a RACE passage has article, questions, options, answers)", file, at);
    if (!qs && !q1) return prune__fail(r->err, PRUNE_EFORMAT, "%s%s: neither \"questions\" (a passage) nor \"question\" (one question)", file, at);
    if ((rc = prune__race_tok(r, j->v[art].str, j->v[art].slen, &na)) != PRUNE_OK) return rc;
    if (q1) {
        snprintf(where, sizeof where, "%s%s", file, at);
        rc = prune__race_question(r, j, a0, na, q1, prune__json_get(j, obj, "options"), prune__json_get(j, obj, "answer"), where);
    } else {
        size_t opts = prune__json_get(j, obj, "options"), answers = prune__json_get(j, obj, "answers");
        if (j->v[qs].type != PRUNE__JARR || !opts || j->v[opts].type != PRUNE__JARR || !answers || j->v[answers].type != PRUNE__JARR ||
            j->v[opts].count != j->v[qs].count || j->v[answers].count != j->v[qs].count)
            return prune__fail(r->err, PRUNE_EFORMAT, "%s%s: questions, options and answers must be arrays of one length", file, at);
        for (q = j->v[qs].first, o = j->v[opts].first, a = j->v[answers].first; q && rc == PRUNE_OK;
             q = j->v[q].next, o = j->v[o].next, a = j->v[a].next, k++) {
            snprintf(where, sizeof where, "%s%s: question %d", file, at, k + 1);
            rc = prune__race_question(r, j, a0, na, q, o, a, where);
        }
    }
    if (rc != PRUNE_OK) return rc;
    /* the passage's own copy of the article is not an example's: drop it */
    memmove(r->ids + a0, r->ids + a0 + na, sizeof(int32_t) * (r->nids - a0 - na));
    r->nids -= na;
    return PRUNE_OK;
}

/* one file: a single JSON object, or JSON Lines */
static int prune__race_file(prune__race *r, const char *path) {
    char *buf;
    size_t size, a, b;
    prune__json j;
    int rc;
    long line = 0;
    if ((rc = prune__read_file(path, &buf, &size, (size_t)1 << 30, r->err)) != PRUNE_OK) return rc;
    for (a = 0; a < size && (buf[a] == ' ' || buf[a] == '\n' || buf[a] == '\r' || buf[a] == '\t'); a++) {}
    b = size;
    while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\n' || buf[b - 1] == '\r' || buf[b - 1] == '\t')) b--;
    if (!memchr(buf + a, '\n', b - a)) {   /* one object (a passage file of the release) */
        rc = prune__json_parse(&j, path, "", buf, size, 0, r->err);
        if (rc == PRUNE_OK) { rc = prune__race_object(r, &j, 0, path, ""); prune__json_free(&j); }
        PRUNE_FREE(buf, NULL);
        return rc;
    }
    for (a = 0; a < size && rc == PRUNE_OK; a = b + 1) {   /* JSON Lines */
        char at[48];
        const char *nl = (const char *)memchr(buf + a, '\n', size - a);
        size_t e;
        b = nl ? (size_t)(nl - buf) : size;
        e = b > a && buf[b - 1] == '\r' ? b - 1 : b;
        line++;
        if (e == a) continue;   /* a blank line */
        snprintf(at, sizeof at, ":%ld", line);
        if ((rc = prune__json_parse(&j, path, "", buf + a, e - a, a, r->err)) != PRUNE_OK) break;
        rc = prune__race_object(r, &j, 0, path, at);
        prune__json_free(&j);
    }
    PRUNE_FREE(buf, NULL);
    return rc;
}

#if !defined(_WIN32)
static int prune__str_cmp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* every regular file below dir (depth <= 3), as one block of NUL-terminated paths
   sorted in byte order; *names points into it */
static int prune__list_files(const char *dir, int depth, char ***names, size_t *n, size_t *cap, prune_error *err) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = PRUNE_OK;
    if (!d) return prune__fail(err, PRUNE_EIO, "%s: cannot open the directory", dir);
    while (rc == PRUNE_OK && (e = readdir(d)) != NULL) {
        char p[PRUNE_PATH_MAX + 1];
        struct stat st;
        if (e->d_name[0] == '.') continue;   /* ., .., hidden files */
        if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= sizeof p) { rc = prune__fail(err, PRUNE_EARG, "%s/%s: path too long", dir, e->d_name); break; }
        if (stat(p, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < 3) rc = prune__list_files(p, depth + 1, names, n, cap, err);
        } else if (S_ISREG(st.st_mode)) {
            char *copy = (char *)PRUNE_MALLOC(strlen(p) + 1, NULL);
            if (!copy || prune__vgrow((void **)names, cap, *n + 1, sizeof(char *))) { PRUNE_FREE(copy, NULL); rc = prune__fail(err, PRUNE_ENOMEM, "%s: out of memory", dir); break; }
            strcpy(copy, p);
            (*names)[(*n)++] = copy;
        }
    }
    closedir(d);
    return rc;
}
#endif

PRUNEDEF int prune_race_tokenize(const char *path, const prune_tokenizer *tk, prune_dataset *out, prune_texts *texts, prune_error *err) {
    prune__race r;
    char **names = NULL;
    size_t nn = 0, cn = 0, i;
    int rc = PRUNE_OK;
    struct stat st;
    if (!path || !tk || !out) return prune__fail(err, PRUNE_EARG, "RACE: the path, tokenizer or output is NULL");
    memset(out, 0, sizeof *out);
    if (texts) memset(texts, 0, sizeof *texts);
    memset(&r, 0, sizeof r);
    r.tk = tk; r.err = err; r.want_texts = texts != NULL;
    if (stat(path, &st) != 0) return prune__fail(err, PRUNE_EIO, "%s: no such file or directory", path);
    if (S_ISDIR(st.st_mode)) {
#if !defined(_WIN32)
        rc = prune__list_files(path, 0, &names, &nn, &cn, err);
        if (rc == PRUNE_OK && nn == 0) rc = prune__fail(err, PRUNE_EFORMAT, "%s: no files in it (RACE's release has one JSON file per passage)", path);
        if (rc == PRUNE_OK) qsort(names, nn, sizeof *names, prune__str_cmp);
        for (i = 0; i < nn && rc == PRUNE_OK; i++) rc = prune__race_file(&r, names[i]);
        for (i = 0; i < nn; i++) PRUNE_FREE(names[i], NULL);
        PRUNE_FREE(names, NULL);
#else
        rc = prune__fail(err, PRUNE_EARG, "%s: reading a directory needs POSIX; give a JSON Lines file", path);
#endif
    } else {
        rc = prune__race_file(&r, path);
    }
    if (rc == PRUNE_OK && r.nq == 0) rc = prune__fail(err, PRUNE_EFORMAT, "%s: no questions", path);
    if (rc == PRUNE_OK && (rc = prune__ds_alloc_ext(out, (int64_t)r.nq, r.nids, r.NC, 0, path, err)) == PRUNE_OK) {
        uint64_t at = 0;
        out->pairs = 1;
        for (i = 0; i < r.nq; i++) {
            int c;
            uint64_t len = r.la[i];
            for (c = 0; c < r.NC; c++) len += r.lb[i * (size_t)r.NC + (size_t)c];
            out->rows[i] = (int64_t)i; out->offsets[i] = at; out->labels[i] = r.lab[i]; out->len_a[i] = r.la[i];
            at += len;
        }
        out->offsets[r.nq] = at;
        memcpy(out->ids, r.ids, sizeof(int32_t) * r.nids);
        memcpy(out->len_b, r.lb, sizeof(uint32_t) * r.nq * (size_t)r.NC);
        out->num_labels = r.NC;
        if (texts) {   /* question and options of each: one block, as prune_tsv_texts */
            size_t bytes = r.nq * (sizeof(int64_t) + 2 * sizeof(char *)) + r.ntxt;
            char *p;
            if (!(texts->mem = PRUNE_MALLOC(bytes, NULL))) { prune_dataset_free(out); rc = prune__fail(err, PRUNE_ENOMEM, "RACE: out of memory"); }
            else {
                texts->n = (int64_t)r.nq;
                texts->rows = (int64_t *)texts->mem;
                texts->a = (const char **)(void *)(texts->rows + r.nq);
                texts->b = texts->a + r.nq;
                p = (char *)(texts->b + r.nq);
                memcpy(p, r.txt, r.ntxt);
                for (i = 0; i < r.nq; i++) {
                    texts->rows[i] = (int64_t)i;
                    texts->a[i] = p; p += strlen(p) + 1;
                    texts->b[i] = p; p += strlen(p) + 1;
                }
            }
        }
    }
    PRUNE_FREE(r.ids, NULL); PRUNE_FREE(r.la, NULL); PRUNE_FREE(r.lb, NULL); PRUNE_FREE(r.lab, NULL);
    PRUNE_FREE(r.txt, NULL); PRUNE_FREE(r.qbuf, NULL);
    return rc;
}

/* ---- SQuAD: the file ------------------------------------------------------------ */

PRUNEDEF void prune_squad_free(prune_squad *sq) {
    if (!sq) return;
    PRUNE_FREE(sq->mem, NULL);
    memset(sq, 0, sizeof *sq);
}

/* byte offset of code point `chars` in s (len bytes), or (size_t)-1 past the end */
static size_t prune__char_to_byte(const char *s, size_t len, uint64_t chars) {
    size_t b = 0;
    while (chars > 0 && b < len) {
        b++;
        while (b < len && ((unsigned char)s[b] & 0xC0) == 0x80) b++;
        chars--;
    }
    return chars ? (size_t)-1 : b;
}

PRUNEDEF int prune_squad_load(const char *path, prune_squad *out, prune_error *err) {
    char *buf = NULL;
    size_t size, data, art, para, qa, k;
    prune__json j;
    int rc, pass, article;
    size_t nq = 0, nans = 0, bytes = 0;
    char *sp = NULL;
    if (!out) return prune__fail(err, PRUNE_EARG, "SQuAD: the output is NULL");
    memset(out, 0, sizeof *out);
    if ((rc = prune__read_file(path, &buf, &size, (size_t)1 << 30, err)) != PRUNE_OK) return rc;
    rc = prune__json_parse_n(&j, path, "", buf, size, 0, (size_t)1 << 26, err);
    if (rc != PRUNE_OK) { PRUNE_FREE(buf, NULL); return rc; }
    data = prune__json_get(&j, 0, "data");
    if (!data || j.v[data].type != PRUNE__JARR) { rc = prune__json_fail(&j, j.v[0].pos, "no \"data\" array: not a SQuAD file"); goto done; }
    /* pass 0 counts and checks, pass 1 copies into one block */
    for (pass = 0; pass < 2 && rc == PRUNE_OK; pass++) {
        size_t q = 0, a = 0;
        if (pass == 1) {
            out->mem = PRUNE_MALLOC(nq * sizeof(prune_squad_question) + nans * (sizeof(char *) + sizeof(uint32_t)) + bytes, NULL);
            if (!out->mem) { rc = prune__fail(err, PRUNE_ENOMEM, "%s: out of memory for %lu questions", path, (unsigned long)nq); break; }
            out->q = (prune_squad_question *)out->mem;
            sp = (char *)(out->q + nq);
            {
                const char **ans = (const char **)(void *)sp;
                uint32_t *st = (uint32_t *)(void *)(ans + nans);
                sp = (char *)(st + nans);
                out->answers_ = ans; out->starts_ = st;
            }
        }
        for (art = j.v[data].first, article = 0; art && rc == PRUNE_OK; art = j.v[art].next, article++) {
            size_t paras = prune__json_get(&j, art, "paragraphs");
            if (!paras || j.v[paras].type != PRUNE__JARR) { rc = prune__json_fail(&j, j.v[art].pos, "an article without a \"paragraphs\" array"); break; }
            for (para = j.v[paras].first; para && rc == PRUNE_OK; para = j.v[para].next) {
                size_t ctx = prune__json_get(&j, para, "context"), qas = prune__json_get(&j, para, "qas");
                const char *cp = NULL;
                if (!ctx || j.v[ctx].type != PRUNE__JSTR || !qas || j.v[qas].type != PRUNE__JARR) {
                    rc = prune__json_fail(&j, j.v[para].pos, "a paragraph needs a \"context\" string and a \"qas\" array");
                    break;
                }
                if (pass == 0) bytes += j.v[ctx].slen + 1;
                else { memcpy(sp, j.v[ctx].str, j.v[ctx].slen + 1); cp = sp; sp += j.v[ctx].slen + 1; }
                for (qa = j.v[qas].first; qa && rc == PRUNE_OK; qa = j.v[qa].next) {
                    size_t id = prune__json_get(&j, qa, "id"), qu = prune__json_get(&j, qa, "question");
                    size_t ans = prune__json_get(&j, qa, "answers"), imp = prune__json_get(&j, qa, "is_impossible");
                    int impossible = imp && j.v[imp].type == PRUNE__JTRUE, na = 0;
                    if (!id || j.v[id].type != PRUNE__JSTR || !qu || j.v[qu].type != PRUNE__JSTR || !ans || j.v[ans].type != PRUNE__JARR) {
                        rc = prune__json_fail(&j, j.v[qa].pos, "a question needs an \"id\" and a \"question\" string, and an \"answers\" array");
                        break;
                    }
                    if (!impossible && j.v[ans].count == 0) {
                        rc = prune__json_fail(&j, j.v[qa].pos, "a question that is not is_impossible has no answers");
                        break;
                    }
                    for (k = j.v[ans].first; k && rc == PRUNE_OK; k = j.v[k].next) {
                        size_t t = prune__json_get(&j, k, "text"), s = prune__json_get(&j, k, "answer_start"), b;
                        if (!t || j.v[t].type != PRUNE__JSTR || !s || j.v[s].type != PRUNE__JNUM || !j.v[s].is_int || j.v[s].neg) {
                            rc = prune__json_fail(&j, j.v[k].pos, "an answer needs a \"text\" string and a non-negative integer \"answer_start\"");
                            break;
                        }
                        b = prune__char_to_byte(j.v[ctx].str, j.v[ctx].slen, j.v[s].mag);
                        if (b == (size_t)-1 || b + j.v[t].slen > j.v[ctx].slen) {
                            rc = prune__json_fail(&j, j.v[s].pos, "the answer runs past the end of its context");
                            break;
                        }
                        if (pass == 0) bytes += j.v[t].slen + 1;
                        else {
                            memcpy(sp, j.v[t].str, j.v[t].slen + 1);
                            out->answers_[a + (size_t)na] = sp; out->starts_[a + (size_t)na] = (uint32_t)b;
                            sp += j.v[t].slen + 1;
                        }
                        na++;
                    }
                    if (impossible) na = 0;   /* SQuAD 2.0 lists no answers then (plausible_answers are not answers) */
                    if (pass == 0) { bytes += j.v[id].slen + j.v[qu].slen + 2; nans += (size_t)na; nq++; }
                    else {
                        prune_squad_question *o = &out->q[q];
                        memcpy(sp, j.v[id].str, j.v[id].slen + 1); o->id = sp; sp += j.v[id].slen + 1;
                        memcpy(sp, j.v[qu].str, j.v[qu].slen + 1); o->question = sp; sp += j.v[qu].slen + 1;
                        o->context = cp; o->context_len = j.v[ctx].slen;
                        o->impossible = impossible || na == 0;
                        o->nanswers = na;
                        o->answers = out->answers_ + a; o->answer_start = out->starts_ + a;
                        o->article = article;
                        a += (size_t)na;
                        q++;
                    }
                }
            }
        }
        if (pass == 0 && rc == PRUNE_OK && nq == 0) rc = prune__fail(err, PRUNE_EFORMAT, "%s: no questions", path);
        if (pass == 1) { out->n = (int64_t)q; out->articles = article; }
    }
done:
    prune__json_free(&j);
    PRUNE_FREE(buf, NULL);
    if (rc != PRUNE_OK) prune_squad_free(out);
    return rc;
}

/* ---- SQuAD: features, as run_qa.py's prepare_train_features ---------------------- */

PRUNEDEF void prune_squad_features_free(prune_squad_features *f) {
    if (!f) return;
    PRUNE_FREE(f->mem, NULL);
    memset(f, 0, sizeof *f);
}

/* where segment B starts in a sequence whose segment A has la tokens */
static int prune__seg_b_start(int pair_style, int la) {
    return 1 + la + (pair_style == PRUNE_PAIRS_ROBERTA ? 2 : 1);
}

PRUNEDEF int prune_squad_features_make(const prune_squad *sq, int64_t q0, int64_t q1, const prune_tokenizer *tk, int max_len, int stride,
                                       int pair_style, prune_dataset *ds, prune_squad_features *f, prune_error *err) {
    int32_t *qids = NULL, *cids = NULL;
    uint32_t *coffs = NULL;
    size_t cq = 0, cc = 0, cco = 0, nco = 0;
    int64_t i, nf = 0, pass;
    uint64_t nids = 0;
    int rc = PRUNE_OK, specials = pair_style == PRUNE_PAIRS_ROBERTA ? 4 : pair_style == PRUNE_PAIRS_OPT ? 2 : 3;
    if (!sq || !sq->q || !tk || !ds || !f) return prune__fail(err, PRUNE_EARG, "SQuAD features: NULL argument");
    memset(ds, 0, sizeof *ds);
    memset(f, 0, sizeof *f);
    if (q0 < 0 || q1 > sq->n || q0 >= q1) return prune__fail(err, PRUNE_EARG, "SQuAD features: questions %lld..%lld outside 0..%lld", (long long)q0, (long long)q1, (long long)sq->n);
    if (max_len < specials + 2 || stride < 0 || pair_style < PRUNE_PAIRS_BERT || pair_style > PRUNE_PAIRS_OPT)
        return prune__fail(err, PRUNE_EARG, "SQuAD features: max length %d, stride %d or pair style %d out of range", max_len, stride, pair_style);
    /* pass 0 counts features and ids, pass 1 writes them; the context's tokens and
       offsets are kept once per question (tok_off) for the answers later */
    for (pass = 0; pass < 2 && rc == PRUNE_OK; pass++) {
        int64_t fi = 0;
        uint64_t at = 0;
        nco = 0;
        for (i = q0; i < q1 && rc == PRUNE_OK; i++) {
            const prune_squad_question *q = &sq->q[i];
            const char *qs = q->question;
            size_t nq, nc, qlen = strlen(qs), w, start;
            int s_char = -1;
            long sb = -1, eb = -1;
            while (qlen && (*qs == ' ' || *qs == '\t' || *qs == '\n' || *qs == '\r')) { qs++; qlen--; }   /* run_qa.py's lstrip */
            if (prune__vgrow((void **)&qids, &cq, PRUNE_TOKENIZE_MAX(qlen), sizeof(int32_t)) ||
                prune__vgrow((void **)&cids, &cc, PRUNE_TOKENIZE_MAX(q->context_len), sizeof(int32_t)) ||
                prune__vgrow((void **)&coffs, &cco, 2 * PRUNE_TOKENIZE_MAX(q->context_len), sizeof(uint32_t))) { rc = prune__fail(err, PRUNE_ENOMEM, "SQuAD: out of memory"); break; }
            if ((rc = prune_tokenize(tk, qs, qlen, qids, cq, &nq, err)) != PRUNE_OK) break;
            if ((rc = prune_tokenize_offsets(tk, q->context, q->context_len, cids, coffs, cc, &nc, err)) != PRUNE_OK) break;
            if ((int)nq + specials + 1 > max_len) {
                rc = prune__fail(err, PRUNE_EFORMAT, "SQuAD question %s: %lu tokens leave no room for the context in max length %d", q->id,
                                 (unsigned long)nq, max_len);
                break;
            }
            w = (size_t)(max_len - specials) - nq;   /* context tokens per window */
            if ((size_t)stride >= w) {
                rc = prune__fail(err, PRUNE_EARG, "SQuAD question %s: stride %d is not below the %lu context tokens a window holds", q->id, stride,
                                 (unsigned long)w);
                break;
            }
            if (q->nanswers > 0) { sb = (long)q->answer_start[0]; eb = sb + (long)strlen(q->answers[0]); s_char = 1; }
            if (pass == 1) {   /* this question's context tokens, for the answers */
                f->tok_off[i - q0] = (int64_t)nco;
                memcpy(f->offs + 2 * nco, coffs, sizeof(uint32_t) * 2 * nc);
            }
            nco += nc;
            /* windows as the tokenizers library cuts overflowing tokens: starts 0, w -
               stride, 2 (w - stride), ...; the last one reaches the end */
            for (start = 0;; start += w - (size_t)stride) {
                size_t stop = PRUNE__MIN(start + w, nc);
                if (pass == 1) {
                    int32_t *dst = ds->ids + at;
                    long s0 = -1, s1 = -1;
                    memcpy(dst, qids, sizeof(int32_t) * nq);
                    memcpy(dst + nq, cids + start, sizeof(int32_t) * (stop - start));
                    ds->rows[fi] = fi; ds->offsets[fi] = at; ds->len_a[fi] = (uint32_t)nq;
                    f->question[fi] = i; f->first[fi] = (uint32_t)start;
                    /* the labels, as run_qa.py: the answer's first and last token when the
                       window holds all of it, else none. (Its walk to the first token goes
                       on past the window when the answer starts at the window's last
                       token - into [SEP], whose offsets are (0, 0) - and labels [SEP] or
                       padding; here it stops at that token.) */
                    if (s_char > 0 && stop > start && coffs[2 * start] <= (uint32_t)sb && coffs[2 * (stop - 1) + 1] >= (uint32_t)eb) {
                        size_t ts = start, te = stop - 1;
                        while (ts < stop && coffs[2 * ts] <= (uint32_t)sb) ts++;
                        while (te > start && coffs[2 * te + 1] >= (uint32_t)eb) te--;
                        if (coffs[2 * te + 1] >= (uint32_t)eb) te = start - 1;   /* the walk ran down to the window's start */
                        s0 = (long)(ts - 1 - start); s1 = (long)(te + 1 - start);
                    }
                    ds->spans[2 * fi] = (int32_t)s0; ds->spans[2 * fi + 1] = (int32_t)s1;
                    ds->labels[fi] = s0 < 0;
                }
                at += nq + (stop - start);
                fi++;
                if (stop == nc) break;
            }
        }
        if (rc != PRUNE_OK) break;
        if (pass == 0) {
            nf = fi; nids = at;
            if ((rc = prune__ds_alloc_ext(ds, nf, nids, 1, 1, "SQuAD features", err)) != PRUNE_OK) break;
            ds->pairs = 1;
            f->mem = PRUNE_MALLOC((size_t)nf * (sizeof(int64_t) + sizeof(uint32_t)) + (size_t)(q1 - q0 + 1) * sizeof(int64_t) +
                                      2 * nco * sizeof(uint32_t), NULL);
            if (!f->mem) { prune_dataset_free(ds); rc = prune__fail(err, PRUNE_ENOMEM, "SQuAD features: out of memory"); break; }
            f->n = nf; f->q0 = q0; f->q1 = q1;
            f->question = (int64_t *)f->mem;
            f->tok_off = f->question + nf;
            f->offs = (uint32_t *)(void *)(f->tok_off + (q1 - q0 + 1));
            f->first = f->offs + 2 * nco;
            f->max_len = max_len; f->stride = stride; f->pair_style = pair_style;
        } else {
            ds->offsets[nf] = at;
            f->tok_off[q1 - q0] = (int64_t)nco;
            ds->num_labels = 2;
        }
    }
    PRUNE_FREE(qids, NULL); PRUNE_FREE(cids, NULL); PRUNE_FREE(coffs, NULL);
    if (rc != PRUNE_OK) { prune_dataset_free(ds); prune_squad_features_free(f); }
    return rc;
}

/* ---- SQuAD: answers from the logits, as utils_qa.py's postprocess_qa_predictions -- */

typedef struct prune__cand { uint32_t b, e; double score, s, t; } prune__cand;   /* bytes [b, e), start + end logit */

/* by score, descending; ties in arrival order (Python's sort is stable, qsort is not:
   the arrival index breaks ties) */
typedef struct prune__icand { prune__cand c; size_t at; } prune__icand;
static int prune__icand_cmp(const void *x, const void *y) {
    const prune__icand *a = (const prune__icand *)x, *b = (const prune__icand *)y;
    if (a->c.score != b->c.score) return a->c.score > b->c.score ? -1 : 1;
    return (a->at > b->at) - (a->at < b->at);
}

/* the n best positions of z[0..len) by value, highest first (ties: the earlier) */
static int prune__top(const float *z, int len, int n, int *out) {
    int k = 0, t, i;
    for (t = 0; t < len; t++) {
        if (k < n) k++;
        else if (!(z[t] > z[out[k - 1]])) continue;
        for (i = k - 1; i > 0 && z[t] > z[out[i - 1]]; i--) out[i] = out[i - 1];
        out[i] = t;
    }
    return k;
}

PRUNEDEF void prune_squad_answers_free(prune_squad_answers *a) {
    if (!a) return;
    PRUNE_FREE(a->mem, NULL);
    memset(a, 0, sizeof *a);
}

/* tokens feature i occupies in a batch: specials, question and window */
static int prune__squad_len(const prune_dataset *ds, const prune_squad_features *f, int64_t i) {
    int specials = f->pair_style == PRUNE_PAIRS_ROBERTA ? 4 : f->pair_style == PRUNE_PAIRS_OPT ? 2 : 3;
    return (int)(ds->offsets[i + 1] - ds->offsets[i]) + specials;
}

PRUNEDEF int prune_squad_postprocess(const prune_dataset *ds, const prune_squad_features *f, const prune_squad *sq,
                                     const float *start, const float *end, int n_best, int max_answer_len, double null_threshold,
                                     prune_squad_answers *out, prune_error *err) {
    int64_t nq, fi, qcur = -1, k;
    prune__icand *cand = NULL;
    size_t ncand = 0, ccand = 0, bytes = 0;
    int rc = PRUNE_OK, *ts = NULL, *te = NULL, v2 = 0, have_null = 0;
    double null_score = 0, *diff = NULL;
    char **texts = NULL;
    if (!out) return prune__fail(err, PRUNE_EARG, "SQuAD answers: the output is NULL");
    memset(out, 0, sizeof *out);
    if (!ds || !f || !sq || !f->question || !start || !end || ds->n != f->n || !ds->spans || f->q1 > sq->n)
        return prune__fail(err, PRUNE_EARG, "SQuAD answers: NULL argument, or the dataset is not these features");
    if (n_best < 1 || max_answer_len < 1) return prune__fail(err, PRUNE_EARG, "SQuAD answers: n_best %d and max_answer_len %d must be positive", n_best, max_answer_len);
    nq = f->q1 - f->q0;
    for (k = f->q0; k < f->q1; k++) v2 |= sq->q[k].impossible;
    texts = (char **)PRUNE_MALLOC(sizeof(char *) * (size_t)nq, NULL);
    diff = (double *)PRUNE_MALLOC(sizeof(double) * (size_t)nq, NULL);
    ts = (int *)PRUNE_MALLOC(sizeof(int) * 2 * (size_t)n_best, NULL);
    if (!texts || !diff || !ts) { rc = prune__fail(err, PRUNE_ENOMEM, "SQuAD answers: out of memory"); goto done; }
    memset(texts, 0, sizeof(char *) * (size_t)nq);
    te = ts + n_best;
    for (fi = 0; fi < ds->n && rc == PRUNE_OK; fi++) {
        int len = PRUNE__MIN(prune__squad_len(ds, f, fi), f->max_len), b0 = prune__seg_b_start(f->pair_style, (int)ds->len_a[fi]);
        int wlen = (int)(ds->offsets[fi + 1] - ds->offsets[fi] - ds->len_a[fi]), ns, ne, i, j;
        const float *zs = start + (size_t)fi * (size_t)f->max_len, *ze = end + (size_t)fi * (size_t)f->max_len;
        const uint32_t *co = f->offs + 2 * (f->tok_off[f->question[fi] - f->q0] + (int64_t)f->first[fi]);
        double nul = (double)zs[0] + (double)ze[0];
        if (f->question[fi] != qcur) { qcur = f->question[fi]; ncand = 0; have_null = 0; }
        /* the question's null score: the lowest of its features' */
        if (!have_null || nul < null_score) { null_score = nul; have_null = 1; }
        ns = prune__top(zs, len, n_best, ts);
        ne = prune__top(ze, len, n_best, te);
        for (i = 0; i < ns; i++)
            for (j = 0; j < ne; j++) {
                int s = ts[i] - b0, e = te[j] - b0;   /* context tokens of this window */
                if (s < 0 || e < 0 || s >= wlen || e >= wlen || e < s || e - s + 1 > max_answer_len) continue;
                if (prune__vgrow((void **)&cand, &ccand, ncand + 1, sizeof *cand)) { rc = prune__fail(err, PRUNE_ENOMEM, "SQuAD answers: out of memory"); break; }
                cand[ncand].c.b = co[2 * s]; cand[ncand].c.e = co[2 * e + 1];
                cand[ncand].c.s = (double)zs[ts[i]]; cand[ncand].c.t = (double)ze[te[j]];
                cand[ncand].c.score = cand[ncand].c.s + cand[ncand].c.t;
                cand[ncand].at = ncand;
                ncand++;
            }
        if (rc != PRUNE_OK) break;
        if (fi + 1 == ds->n || f->question[fi + 1] != qcur) {
            const prune_squad_question *q = &sq->q[qcur];
            size_t c, best = (size_t)-1, tlen = 5;
            const char *txt = "empty";
            double bs = 0, bt_ = 0;
            /* utils_qa.py sorts the candidates and the null answer (appended last: it
               goes after candidates of equal score) by score, stably, keeps the n best,
               and takes the first with text; none: "empty", logits 0 */
            qsort(cand, ncand, sizeof *cand, prune__icand_cmp);
            for (c = 0; c < ncand; c++) {
                size_t at = c + (v2 && cand[c].c.score < null_score);   /* its place with null among them */
                if (at >= (size_t)n_best) break;
                if (cand[c].c.e > cand[c].c.b) { best = c; break; }
            }
            if (best != (size_t)-1) {
                txt = q->context + cand[best].c.b; tlen = cand[best].c.e - cand[best].c.b;
                bs = cand[best].c.s; bt_ = cand[best].c.t;
            }
            diff[qcur - f->q0] = v2 ? null_score - bs - bt_ : 0;
            if (v2 && null_score - bs - bt_ > null_threshold) tlen = 0;
            if (!(texts[qcur - f->q0] = (char *)PRUNE_MALLOC(tlen + 1, NULL))) { rc = prune__fail(err, PRUNE_ENOMEM, "SQuAD answers: out of memory"); break; }
            memcpy(texts[qcur - f->q0], txt, tlen);
            texts[qcur - f->q0][tlen] = 0;
            bytes += tlen + 1;
        }
    }
    if (rc == PRUNE_OK) {   /* one block: the pointers, the diffs, the texts */
        char *p;
        size_t head = sizeof(const char *) * (size_t)nq + sizeof(double) * (size_t)nq;
        if (!(out->mem = PRUNE_MALLOC(head + bytes, NULL))) rc = prune__fail(err, PRUNE_ENOMEM, "SQuAD answers: out of memory");
        else {
            out->n = nq; out->q0 = f->q0;
            out->text = (const char **)out->mem;
            out->null_diff = (double *)(void *)(out->text + nq);
            memcpy(out->null_diff, diff, sizeof(double) * (size_t)nq);
            p = (char *)(out->null_diff + nq);
            for (k = 0; k < nq; k++) {
                size_t n = texts[k] ? strlen(texts[k]) : 0;
                memcpy(p, texts[k] ? texts[k] : "", n + 1);
                out->text[k] = p;
                p += n + 1;
            }
        }
    }
done:
    if (texts) for (k = 0; k < nq; k++) PRUNE_FREE(texts[k], NULL);
    PRUNE_FREE(texts, NULL); PRUNE_FREE(diff, NULL); PRUNE_FREE(ts, NULL); PRUNE_FREE(cand, NULL);
    if (rc != PRUNE_OK) prune_squad_answers_free(out);
    return rc;
}

PRUNEDEF int prune_squad_predict(prune_model *m, prune_batcher *bt, const prune_dataset *ds, const prune_squad_features *f,
                                 const prune_squad *sq, int n_best, int max_answer_len, double null_threshold, prune_squad_answers *out,
                                 prune_error *err) {
    float *z = NULL;
    int64_t fi = 0, idx[1024];
    int rc;
    if (out) memset(out, 0, sizeof *out);
    if ((rc = prune__model_ok(m, "SQuAD predict", err)) != PRUNE_OK) return rc;
    if (!bt || !ds || !f || !sq || !out || ds->n != f->n || !ds->spans)
        return prune__fail(err, PRUNE_EARG, "SQuAD predict: NULL argument, or the dataset is not these features");
    if (m->desc.config.head != PRUNE_HEAD_SPAN) return prune__fail(err, PRUNE_EARG, "SQuAD predict: the model has no span head");
    if (bt->max_len < f->max_len) return prune__fail(err, PRUNE_EARG, "SQuAD predict: the batcher's max length %d is below the features' %d", bt->max_len, f->max_len);
    if (!(z = (float *)PRUNE_MALLOC(sizeof(float) * 2 * (size_t)ds->n * (size_t)f->max_len, NULL)))
        return prune__fail(err, PRUNE_ENOMEM, "SQuAD predict: out of memory for the logits of %lld features", (long long)ds->n);
    while (fi < ds->n && rc == PRUNE_OK) {   /* eval mode, every feature: its start and end logits */
        const prune_batch *batch;
        int count = (int)PRUNE__MIN((int64_t)PRUNE__MIN(bt->max_batch, 1024), ds->n - fi), b, t;
        for (b = 0; b < count; b++) idx[b] = fi + b;
        if ((rc = prune_batcher_fill(bt, ds, idx, count, &batch, err)) != PRUNE_OK) break;
        if ((rc = prune_forward(m, batch, 0, err)) != PRUNE_OK) break;
        for (b = 0; b < count; b++, fi++)
            for (t = 0; t < PRUNE__MIN(batch->T, f->max_len); t++) {
                z[(size_t)fi * (size_t)f->max_len + (size_t)t] = (float)m->logits[(size_t)(2 * b) * batch->T + t];
                z[((size_t)ds->n + (size_t)fi) * (size_t)f->max_len + (size_t)t] = (float)m->logits[(size_t)(2 * b + 1) * batch->T + t];
            }
    }
    if (rc == PRUNE_OK)
        rc = prune_squad_postprocess(ds, f, sq, z, z + (size_t)ds->n * (size_t)f->max_len, n_best, max_answer_len, null_threshold, out, err);
    PRUNE_FREE(z, NULL);
    return rc;
}

/* ---- SQuAD: the official metric (evaluate-v2.0.py) -------------------------------- */

/* a character of Python's \w: a letter, a number, '_' (and here a combining mark,
   part of a letter Python keeps precomposed) */
static int prune__squad_wordch(uint32_t c) {
    return c == '_' || (prune__b_class(c) & (PRUNE__B_LETTER | PRUNE__B_NUMBER)) || (c >= 128 && (prune__u_flags(c) & PRUNE__U_MN));
}

/* normalize_answer: lower-case, drop ASCII punctuation, drop the words a, an, the,
   squeeze white space; into out (at most 4 * n + 1 bytes), returns its length. Words
   and spaces are Python's: \w is a letter, a number or '_', white space as str.split.
   out needs room for 4 * PRUNE__U_NFD_MAX bytes per byte of s. */
static size_t prune__squad_norm(const char *s, size_t n, char *out) {
    static const char punct[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";   /* string.punctuation */
    uint32_t *cp;
    size_t m = 0, i = 0, k, o = 0;
    int space = 1;
    /* lower, and without punctuation. Python's str.lower maps a precomposed letter
       (Ü) to its precomposed lower case (ü); the tokenizer's table lowers only what
       NFD leaves, so a precomposed letter is decomposed and its parts lowered (u +
       combining diaeresis): both sides of a comparison get the same form, and the
       marks count as parts of words below. Σ ends a word as ς, as in Python. */
    cp = (uint32_t *)PRUNE_MALLOC(sizeof(uint32_t) * (PRUNE__U_NFD_MAX * n + 1), NULL);
    if (!cp) return 0;
    while (i < n) {
        uint32_t c, d[PRUNE__U_NFD_MAX];
        int nd, t;
        size_t q = prune__utf8_get((const unsigned char *)s + i, n - i, &c);
        if (!q) { c = (unsigned char)s[i]; q = 1; }
        i += q;
        if (c < 128) {
            if (c && strchr(punct, (int)c)) continue;
            cp[m++] = c - 'A' < 26u ? c + 32 : c;
            continue;
        }
        if (c == 0x3A3) {   /* final sigma: after a letter, and no letter follows */
            uint32_t nx = 0;
            if (i < n && !prune__utf8_get((const unsigned char *)s + i, n - i, &nx)) nx = 0;
            c = m > 0 && (prune__b_class(cp[m - 1]) & PRUNE__B_LETTER) && !(prune__b_class(nx) & PRUNE__B_LETTER) ? 0x3C2 : 0x3C3;
            cp[m++] = c;
            continue;
        }
        nd = prune__u_decompose(c, d);
        for (t = 0; t < nd; t++) cp[m++] = prune__u_lower(d[t]);
    }
    for (k = 0; k < m; k++) {   /* articles: \b(a|an|the)\b becomes a space */
        static const char *const art[3] = {"a", "an", "the"};
        int w, before = k > 0 && prune__squad_wordch(cp[k - 1]);
        if (!before)
            for (w = 0; w < 3; w++) {
                size_t L = strlen(art[w]), t;
                for (t = 0; t < L && k + t < m && cp[k + t] == (uint32_t)art[w][t]; t++) {}
                if (t == L && !(k + L < m && prune__squad_wordch(cp[k + L]))) {
                    for (t = 0; t < L; t++) cp[k + t] = ' ';
                    break;
                }
            }
    }
    for (k = 0; k < m; k++) {   /* " ".join(text.split()) */
        int ws = cp[k] == ' ' || (prune__b_class(cp[k]) & PRUNE__B_SPACE) || (cp[k] >= 0x1C && cp[k] <= 0x1F);
        if (ws) { space = 1; continue; }
        if (space && o) out[o++] = ' ';
        space = 0;
        o += prune__utf8_put((unsigned char *)out + o, cp[k]);
    }
    out[o] = 0;
    PRUNE_FREE(cp, NULL);
    return o;
}

/* exact match and F1 of one prediction against one gold answer, both normalised */
static void prune__squad_pair(const char *g, const char *p, double *em, double *f1) {
    /* tokens: the normalised text split at its single spaces */
    size_t ng = 0, np = 0, same = 0, i, j;
    const char *x;
    char *used;
    *em = strcmp(g, p) == 0;
    if (*g) for (ng = 1, x = g; (x = strchr(x, ' ')) != NULL; x++) ng++;
    if (*p) for (np = 1, x = p; (x = strchr(x, ' ')) != NULL; x++) np++;
    if (ng == 0 || np == 0) { *f1 = ng == np; return; }
    /* Counter(gold) & Counter(pred): each predicted token takes an unused equal gold one */
    used = (char *)PRUNE_MALLOC(ng + 1, NULL);
    if (!used) { *f1 = 0; return; }
    memset(used, 0, ng);
    for (i = 0, x = p; i < np; i++) {
        const char *e = strchr(x, ' ');
        size_t lx = e ? (size_t)(e - x) : strlen(x);
        const char *y = g;
        for (j = 0; j < ng; j++) {
            const char *f = strchr(y, ' ');
            size_t ly = f ? (size_t)(f - y) : strlen(y);
            if (!used[j] && ly == lx && memcmp(x, y, lx) == 0) { used[j] = 1; same++; break; }
            y = f ? f + 1 : y + ly;
        }
        x = e ? e + 1 : x + lx;
    }
    PRUNE_FREE(used, NULL);
    if (same == 0) { *f1 = 0; return; }
    {
        double pr = (double)same / (double)np, rc = (double)same / (double)ng;
        *f1 = 2 * pr * rc / (pr + rc);
    }
}

PRUNEDEF int prune_squad_score_one(const char *gold, const char *pred, double *exact, double *f1) {
    size_t lg = gold ? strlen(gold) : 0, lp = pred ? strlen(pred) : 0;
    char *a, *b;
    if (!exact || !f1) return PRUNE_EARG;
    a = (char *)PRUNE_MALLOC(4 * PRUNE__U_NFD_MAX * lg + 1, NULL); b = (char *)PRUNE_MALLOC(4 * PRUNE__U_NFD_MAX * lp + 1, NULL);
    if (!a || !b) { PRUNE_FREE(a, NULL); PRUNE_FREE(b, NULL); return PRUNE_ENOMEM; }
    prune__squad_norm(gold ? gold : "", lg, a);
    prune__squad_norm(pred ? pred : "", lp, b);
    prune__squad_pair(a, b, exact, f1);
    PRUNE_FREE(a, NULL); PRUNE_FREE(b, NULL);
    return PRUNE_OK;
}

PRUNEDEF int prune_squad_score(const prune_squad *sq, const prune_squad_answers *ans, double *exact, double *f1,
                               prune_squad_metrics *out, prune_error *err) {
    int64_t k;
    prune_squad_metrics r;
    if (!sq || !ans || !ans->text || !out || ans->q0 < 0 || ans->q0 + ans->n > sq->n)
        return prune__fail(err, PRUNE_EARG, "SQuAD score: NULL argument, or answers to other questions");
    memset(&r, 0, sizeof r);
    for (k = 0; k < ans->n; k++) {
        const prune_squad_question *q = &sq->q[ans->q0 + k];
        double em = 0, f = 0, e1, f1_;
        int a, golds = 0;
        /* the gold answers whose normalised text is not empty; none: the empty answer */
        for (a = 0; a < q->nanswers; a++) {
            size_t l = strlen(q->answers[a]);
            char *nb = (char *)PRUNE_MALLOC(4 * PRUNE__U_NFD_MAX * l + 1, NULL);
            if (!nb) return prune__fail(err, PRUNE_ENOMEM, "SQuAD score: out of memory");
            if (prune__squad_norm(q->answers[a], l, nb) > 0) {
                golds++;
                if (prune_squad_score_one(q->answers[a], ans->text[k], &e1, &f1_) != PRUNE_OK) { PRUNE_FREE(nb, NULL); return prune__fail(err, PRUNE_ENOMEM, "SQuAD score: out of memory"); }
                if (e1 > em) em = e1;
                if (f1_ > f) f = f1_;
            }
            PRUNE_FREE(nb, NULL);
        }
        if (golds == 0 && prune_squad_score_one("", ans->text[k], &em, &f) != PRUNE_OK) return prune__fail(err, PRUNE_ENOMEM, "SQuAD score: out of memory");
        if (exact) exact[k] = em;
        if (f1) f1[k] = f;
        r.n++; r.exact += em; r.f1 += f;
        if (q->nanswers > 0) { r.has_ans++; r.has_ans_exact += em; r.has_ans_f1 += f; }
        else { r.no_ans++; r.no_ans_exact += em; r.no_ans_f1 += f; }
    }
    /* percentages, as the official script prints them */
    if (r.n) { r.exact *= 100.0 / (double)r.n; r.f1 *= 100.0 / (double)r.n; }
    if (r.has_ans) { r.has_ans_exact *= 100.0 / (double)r.has_ans; r.has_ans_f1 *= 100.0 / (double)r.has_ans; }
    if (r.no_ans) { r.no_ans_exact *= 100.0 / (double)r.no_ans; r.no_ans_f1 *= 100.0 / (double)r.no_ans; }
    *out = r;
    return PRUNE_OK;
}

/* ############################################################################
   PART C - GENERATED TABLES, each with the script that writes it
   ######################################################################### */

/* ============================================================================
   [C1 unicode] Unicode data for the tokenizer
   ========================================================================= */
/* BEGIN GENERATED UNICODE TABLES */
/* Written by tests/reference/gen_unicode_tables.py from tokenizers 0.23.3, the library
   behind transformers' BertTokenizer, by probing it on every code point. Do not edit by hand.
   Its Unicode data mixes versions, and these tables reproduce the mix:
     - control (Cc Cf Co Cs) and punctuation (P*): Unicode 8.0 (the unicode_categories crate);
       unassigned code points (Cn) are kept, not removed
     - non-spacing marks (Mn): Unicode 8.0 (same crate); only set on characters NFD leaves
       alone, the only ones it is asked about
     - canonical decompositions and combining classes: Unicode 9.0 (unicode-normalization-alignments)
     - lower case and White_Space: Unicode 16.0 or later (the Rust standard library)
     - CJK ideographs: BERT's list of blocks, with tokenizers' typo 0x2B920 for 0x2B820
   Python 3.11's unicodedata 14.0.0 differs on 829849 code points for clean-up (mostly
   unassigned ones), 106 for punctuation, 403 for Mn, 1 for NFD, 55 for lower case and
   256 for CJK: a table from unicodedata would not give HF's ids. */

/* flags of U+0000..U+007F */
static const unsigned char prune__u_ascii[128] = {
    1,1,1,1,1,1,1,1,1,34,34,33,33,34,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    34,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,0,0,0,0,0,0,0,0,0,0,8,8,8,8,8,8,
    8,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,8,8,8,8,8,
    8,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,8,8,8,8,1,
};
/* {lo, hi<<8 | flags} for U+0080 and up; flags 0 elsewhere */
static const uint32_t prune__u_flag_ranges[469][2] = {
    {0x80,0x8401},{0x85,0x8521},{0x86,0x9f01},{0xa0,0xa022},{0xa1,0xa108},{0xa7,0xa708},
    {0xab,0xab08},{0xad,0xad01},{0xb6,0xb708},{0xbb,0xbb08},{0xbf,0xbf08},{0x300,0x33f10},
    {0x342,0x34210},{0x345,0x36f10},{0x37e,0x37e08},{0x387,0x38708},{0x483,0x48710},{0x55a,0x55f08},
    {0x589,0x58a08},{0x591,0x5bd10},{0x5be,0x5be08},{0x5bf,0x5bf10},{0x5c0,0x5c008},{0x5c1,0x5c210},
    {0x5c3,0x5c308},{0x5c4,0x5c510},{0x5c6,0x5c608},{0x5c7,0x5c710},{0x5f3,0x5f408},{0x600,0x60501},
    {0x609,0x60a08},{0x60c,0x60d08},{0x610,0x61a10},{0x61b,0x61b08},{0x61c,0x61c01},{0x61e,0x61f08},
    {0x64b,0x65f10},{0x66a,0x66d08},{0x670,0x67010},{0x6d4,0x6d408},{0x6d6,0x6dc10},{0x6dd,0x6dd01},
    {0x6df,0x6e410},{0x6e7,0x6e810},{0x6ea,0x6ed10},{0x700,0x70d08},{0x70f,0x70f01},{0x711,0x71110},
    {0x730,0x74a10},{0x7a6,0x7b010},{0x7eb,0x7f310},{0x7f7,0x7f908},{0x816,0x81910},{0x81b,0x82310},
    {0x825,0x82710},{0x829,0x82d10},{0x830,0x83e08},{0x859,0x85b10},{0x85e,0x85e08},{0x8e3,0x90210},
    {0x93a,0x93a10},{0x93c,0x93c10},{0x941,0x94810},{0x94d,0x94d10},{0x951,0x95710},{0x962,0x96310},
    {0x964,0x96508},{0x970,0x97008},{0x981,0x98110},{0x9bc,0x9bc10},{0x9c1,0x9c410},{0x9cd,0x9cd10},
    {0x9e2,0x9e310},{0xa01,0xa0210},{0xa3c,0xa3c10},{0xa41,0xa4210},{0xa47,0xa4810},{0xa4b,0xa4d10},
    {0xa51,0xa5110},{0xa70,0xa7110},{0xa75,0xa7510},{0xa81,0xa8210},{0xabc,0xabc10},{0xac1,0xac510},
    {0xac7,0xac810},{0xacd,0xacd10},{0xae2,0xae310},{0xaf0,0xaf008},{0xb01,0xb0110},{0xb3c,0xb3c10},
    {0xb3f,0xb3f10},{0xb41,0xb4410},{0xb4d,0xb4d10},{0xb56,0xb5610},{0xb62,0xb6310},{0xb82,0xb8210},
    {0xbc0,0xbc010},{0xbcd,0xbcd10},{0xc00,0xc0010},{0xc3e,0xc4010},{0xc46,0xc4710},{0xc4a,0xc4d10},
    {0xc55,0xc5610},{0xc62,0xc6310},{0xc81,0xc8110},{0xcbc,0xcbc10},{0xcbf,0xcbf10},{0xcc6,0xcc610},
    {0xccc,0xccd10},{0xce2,0xce310},{0xd01,0xd0110},{0xd41,0xd4410},{0xd4d,0xd4d10},{0xd62,0xd6310},
    {0xdca,0xdca10},{0xdd2,0xdd410},{0xdd6,0xdd610},{0xdf4,0xdf408},{0xe31,0xe3110},{0xe34,0xe3a10},
    {0xe47,0xe4e10},{0xe4f,0xe4f08},{0xe5a,0xe5b08},{0xeb1,0xeb110},{0xeb4,0xeb910},{0xebb,0xebc10},
    {0xec8,0xecd10},{0xf04,0xf1208},{0xf14,0xf1408},{0xf18,0xf1910},{0xf35,0xf3510},{0xf37,0xf3710},
    {0xf39,0xf3910},{0xf3a,0xf3d08},{0xf71,0xf7210},{0xf74,0xf7410},{0xf77,0xf7710},{0xf79,0xf7e10},
    {0xf80,0xf8010},{0xf82,0xf8410},{0xf85,0xf8508},{0xf86,0xf8710},{0xf8d,0xf9210},{0xf94,0xf9710},
    {0xf99,0xf9c10},{0xf9e,0xfa110},{0xfa3,0xfa610},{0xfa8,0xfab10},{0xfad,0xfb810},{0xfba,0xfbc10},
    {0xfc6,0xfc610},{0xfd0,0xfd408},{0xfd9,0xfda08},{0x102d,0x103010},{0x1032,0x103710},{0x1039,0x103a10},
    {0x103d,0x103e10},{0x104a,0x104f08},{0x1058,0x105910},{0x105e,0x106010},{0x1071,0x107410},{0x1082,0x108210},
    {0x1085,0x108610},{0x108d,0x108d10},{0x109d,0x109d10},{0x10fb,0x10fb08},{0x135d,0x135f10},{0x1360,0x136808},
    {0x1400,0x140008},{0x166d,0x166e08},{0x1680,0x168022},{0x169b,0x169c08},{0x16eb,0x16ed08},{0x1712,0x171410},
    {0x1732,0x173410},{0x1735,0x173608},{0x1752,0x175310},{0x1772,0x177310},{0x17b4,0x17b510},{0x17b7,0x17bd10},
    {0x17c6,0x17c610},{0x17c9,0x17d310},{0x17d4,0x17d608},{0x17d8,0x17da08},{0x17dd,0x17dd10},{0x1800,0x180a08},
    {0x180b,0x180d10},{0x180e,0x180e01},{0x18a9,0x18a910},{0x1920,0x192210},{0x1927,0x192810},{0x1932,0x193210},
    {0x1939,0x193b10},{0x1944,0x194508},{0x1a17,0x1a1810},{0x1a1b,0x1a1b10},{0x1a1e,0x1a1f08},{0x1a56,0x1a5610},
    {0x1a58,0x1a5e10},{0x1a60,0x1a6010},{0x1a62,0x1a6210},{0x1a65,0x1a6c10},{0x1a73,0x1a7c10},{0x1a7f,0x1a7f10},
    {0x1aa0,0x1aa608},{0x1aa8,0x1aad08},{0x1ab0,0x1abd10},{0x1b00,0x1b0310},{0x1b34,0x1b3410},{0x1b36,0x1b3a10},
    {0x1b3c,0x1b3c10},{0x1b42,0x1b4210},{0x1b5a,0x1b6008},{0x1b6b,0x1b7310},{0x1b80,0x1b8110},{0x1ba2,0x1ba510},
    {0x1ba8,0x1ba910},{0x1bab,0x1bad10},{0x1be6,0x1be610},{0x1be8,0x1be910},{0x1bed,0x1bed10},{0x1bef,0x1bf110},
    {0x1bfc,0x1bff08},{0x1c2c,0x1c3310},{0x1c36,0x1c3710},{0x1c3b,0x1c3f08},{0x1c7e,0x1c7f08},{0x1cc0,0x1cc708},
    {0x1cd0,0x1cd210},{0x1cd3,0x1cd308},{0x1cd4,0x1ce010},{0x1ce2,0x1ce810},{0x1ced,0x1ced10},{0x1cf4,0x1cf410},
    {0x1cf8,0x1cf910},{0x1dc0,0x1df510},{0x1dfc,0x1dff10},{0x2000,0x200a22},{0x200b,0x200f01},{0x2010,0x202708},
    {0x2028,0x202922},{0x202a,0x202e01},{0x202f,0x202f22},{0x2030,0x204308},{0x2045,0x205108},{0x2053,0x205e08},
    {0x205f,0x205f22},{0x2060,0x206401},{0x2066,0x206f01},{0x207d,0x207e08},{0x208d,0x208e08},{0x20d0,0x20dc10},
    {0x20e1,0x20e110},{0x20e5,0x20f010},{0x2308,0x230b08},{0x2329,0x232a08},{0x2768,0x277508},{0x27c5,0x27c608},
    {0x27e6,0x27ef08},{0x2983,0x299808},{0x29d8,0x29db08},{0x29fc,0x29fd08},{0x2cef,0x2cf110},{0x2cf9,0x2cfc08},
    {0x2cfe,0x2cff08},{0x2d70,0x2d7008},{0x2d7f,0x2d7f10},{0x2de0,0x2dff10},{0x2e00,0x2e2e08},{0x2e30,0x2e4208},
    {0x3000,0x300022},{0x3001,0x300308},{0x3008,0x301108},{0x3014,0x301f08},{0x302a,0x302d10},{0x3030,0x303008},
    {0x303d,0x303d08},{0x3099,0x309a10},{0x30a0,0x30a008},{0x30fb,0x30fb08},{0x3400,0x4dbf04},{0x4e00,0x9fff04},
    {0xa4fe,0xa4ff08},{0xa60d,0xa60f08},{0xa66f,0xa66f10},{0xa673,0xa67308},{0xa674,0xa67d10},{0xa67e,0xa67e08},
    {0xa69e,0xa69f10},{0xa6f0,0xa6f110},{0xa6f2,0xa6f708},{0xa802,0xa80210},{0xa806,0xa80610},{0xa80b,0xa80b10},
    {0xa825,0xa82610},{0xa874,0xa87708},{0xa8c4,0xa8c410},{0xa8ce,0xa8cf08},{0xa8e0,0xa8f110},{0xa8f8,0xa8fa08},
    {0xa8fc,0xa8fc08},{0xa926,0xa92d10},{0xa92e,0xa92f08},{0xa947,0xa95110},{0xa95f,0xa95f08},{0xa980,0xa98210},
    {0xa9b3,0xa9b310},{0xa9b6,0xa9b910},{0xa9bc,0xa9bc10},{0xa9c1,0xa9cd08},{0xa9de,0xa9df08},{0xa9e5,0xa9e510},
    {0xaa29,0xaa2e10},{0xaa31,0xaa3210},{0xaa35,0xaa3610},{0xaa43,0xaa4310},{0xaa4c,0xaa4c10},{0xaa5c,0xaa5f08},
    {0xaa7c,0xaa7c10},{0xaab0,0xaab010},{0xaab2,0xaab410},{0xaab7,0xaab810},{0xaabe,0xaabf10},{0xaac1,0xaac110},
    {0xaade,0xaadf08},{0xaaec,0xaaed10},{0xaaf0,0xaaf108},{0xaaf6,0xaaf610},{0xabe5,0xabe510},{0xabe8,0xabe810},
    {0xabeb,0xabeb08},{0xabed,0xabed10},{0xe000,0xf8ff01},{0xf900,0xfaff04},{0xfb1e,0xfb1e10},{0xfd3e,0xfd3f08},
    {0xfe00,0xfe0f10},{0xfe10,0xfe1908},{0xfe20,0xfe2f10},{0xfe30,0xfe5208},{0xfe54,0xfe6108},{0xfe63,0xfe6308},
    {0xfe68,0xfe6808},{0xfe6a,0xfe6b08},{0xfeff,0xfeff01},{0xff01,0xff0308},{0xff05,0xff0a08},{0xff0c,0xff0f08},
    {0xff1a,0xff1b08},{0xff1f,0xff2008},{0xff3b,0xff3d08},{0xff3f,0xff3f08},{0xff5b,0xff5b08},{0xff5d,0xff5d08},
    {0xff5f,0xff6508},{0xfff9,0xfffb01},{0xfffd,0xfffd01},{0x10100,0x1010208},{0x101fd,0x101fd10},{0x102e0,0x102e010},
    {0x10376,0x1037a10},{0x1039f,0x1039f08},{0x103d0,0x103d008},{0x1056f,0x1056f08},{0x10857,0x1085708},{0x1091f,0x1091f08},
    {0x1093f,0x1093f08},{0x10a01,0x10a0310},{0x10a05,0x10a0610},{0x10a0c,0x10a0f10},{0x10a38,0x10a3a10},{0x10a3f,0x10a3f10},
    {0x10a50,0x10a5808},{0x10a7f,0x10a7f08},{0x10ae5,0x10ae610},{0x10af0,0x10af608},{0x10b39,0x10b3f08},{0x10b99,0x10b9c08},
    {0x11001,0x1100110},{0x11038,0x1104610},{0x11047,0x1104d08},{0x1107f,0x1108110},{0x110b3,0x110b610},{0x110b9,0x110ba10},
    {0x110bb,0x110bc08},{0x110bd,0x110bd01},{0x110be,0x110c108},{0x11100,0x1110210},{0x11127,0x1112b10},{0x1112d,0x1112d10},
    {0x11130,0x1113410},{0x11140,0x1114308},{0x11173,0x1117310},{0x11174,0x1117508},{0x11180,0x1118110},{0x111b6,0x111be10},
    {0x111c5,0x111c908},{0x111ca,0x111cc10},{0x111cd,0x111cd08},{0x111db,0x111db08},{0x111dd,0x111df08},{0x1122f,0x1123110},
    {0x11234,0x1123410},{0x11236,0x1123710},{0x11238,0x1123d08},{0x112a9,0x112a908},{0x112df,0x112df10},{0x112e3,0x112ea10},
    {0x11300,0x1130110},{0x1133c,0x1133c10},{0x11340,0x1134010},{0x11366,0x1136c10},{0x11370,0x1137410},{0x114b3,0x114b810},
    {0x114ba,0x114ba10},{0x114bf,0x114c010},{0x114c2,0x114c310},{0x114c6,0x114c608},{0x115b2,0x115b510},{0x115bc,0x115bd10},
    {0x115bf,0x115c010},{0x115c1,0x115d708},{0x115dc,0x115dd10},{0x11633,0x1163a10},{0x1163d,0x1163d10},{0x1163f,0x1164010},
    {0x11641,0x1164308},{0x116ab,0x116ab10},{0x116ad,0x116ad10},{0x116b0,0x116b510},{0x116b7,0x116b710},{0x1171d,0x1171f10},
    {0x11722,0x1172510},{0x11727,0x1172b10},{0x1173c,0x1173e08},{0x12470,0x1247408},{0x16a6e,0x16a6f08},{0x16af0,0x16af410},
    {0x16af5,0x16af508},{0x16b30,0x16b3610},{0x16b37,0x16b3b08},{0x16b44,0x16b4408},{0x16f8f,0x16f9210},{0x1bc9d,0x1bc9e10},
    {0x1bc9f,0x1bc9f08},{0x1bca0,0x1bca301},{0x1d167,0x1d16910},{0x1d173,0x1d17a01},{0x1d17b,0x1d18210},{0x1d185,0x1d18b10},
    {0x1d1aa,0x1d1ad10},{0x1d242,0x1d24410},{0x1da00,0x1da3610},{0x1da3b,0x1da6c10},{0x1da75,0x1da7510},{0x1da84,0x1da8410},
    {0x1da87,0x1da8b08},{0x1da9b,0x1da9f10},{0x1daa1,0x1daaf10},{0x1e8d0,0x1e8d610},{0x20000,0x2a6df04},{0x2a700,0x2b81f04},
    {0x2b920,0x2ceaf04},{0x2f800,0x2fa1f04},{0xe0001,0xe000101},{0xe0020,0xe007f01},{0xe0100,0xe01ef10},{0xf0000,0xffffd01},
    {0x100000,0x10fffd01},
};
/* {lo, hi<<8 | combining class}; class 0 elsewhere */
static const uint32_t prune__u_ccc_ranges[334][2] = {
    {0x300,0x314e6},{0x315,0x315e8},{0x316,0x319dc},{0x31a,0x31ae8},{0x31b,0x31bd8},{0x31c,0x320dc},
    {0x321,0x322ca},{0x323,0x326dc},{0x327,0x328ca},{0x329,0x333dc},{0x334,0x33801},{0x339,0x33cdc},
    {0x33d,0x33fe6},{0x342,0x342e6},{0x345,0x345f0},{0x346,0x346e6},{0x347,0x349dc},{0x34a,0x34ce6},
    {0x34d,0x34edc},{0x350,0x352e6},{0x353,0x356dc},{0x357,0x357e6},{0x358,0x358e8},{0x359,0x35adc},
    {0x35b,0x35be6},{0x35c,0x35ce9},{0x35d,0x35eea},{0x35f,0x35fe9},{0x360,0x361ea},{0x362,0x362e9},
    {0x363,0x36fe6},{0x483,0x487e6},{0x591,0x591dc},{0x592,0x595e6},{0x596,0x596dc},{0x597,0x599e6},
    {0x59a,0x59ade},{0x59b,0x59bdc},{0x59c,0x5a1e6},{0x5a2,0x5a7dc},{0x5a8,0x5a9e6},{0x5aa,0x5aadc},
    {0x5ab,0x5ace6},{0x5ad,0x5adde},{0x5ae,0x5aee4},{0x5af,0x5afe6},{0x5b0,0x5b00a},{0x5b1,0x5b10b},
    {0x5b2,0x5b20c},{0x5b3,0x5b30d},{0x5b4,0x5b40e},{0x5b5,0x5b50f},{0x5b6,0x5b610},{0x5b7,0x5b711},
    {0x5b8,0x5b812},{0x5b9,0x5ba13},{0x5bb,0x5bb14},{0x5bc,0x5bc15},{0x5bd,0x5bd16},{0x5bf,0x5bf17},
    {0x5c1,0x5c118},{0x5c2,0x5c219},{0x5c4,0x5c4e6},{0x5c5,0x5c5dc},{0x5c7,0x5c712},{0x610,0x617e6},
    {0x618,0x6181e},{0x619,0x6191f},{0x61a,0x61a20},{0x64b,0x64b1b},{0x64c,0x64c1c},{0x64d,0x64d1d},
    {0x64e,0x64e1e},{0x64f,0x64f1f},{0x650,0x65020},{0x651,0x65121},{0x652,0x65222},{0x653,0x654e6},
    {0x655,0x656dc},{0x657,0x65be6},{0x65c,0x65cdc},{0x65d,0x65ee6},{0x65f,0x65fdc},{0x670,0x67023},
    {0x6d6,0x6dce6},{0x6df,0x6e2e6},{0x6e3,0x6e3dc},{0x6e4,0x6e4e6},{0x6e7,0x6e8e6},{0x6ea,0x6eadc},
    {0x6eb,0x6ece6},{0x6ed,0x6eddc},{0x711,0x71124},{0x730,0x730e6},{0x731,0x731dc},{0x732,0x733e6},
    {0x734,0x734dc},{0x735,0x736e6},{0x737,0x739dc},{0x73a,0x73ae6},{0x73b,0x73cdc},{0x73d,0x73de6},
    {0x73e,0x73edc},{0x73f,0x741e6},{0x742,0x742dc},{0x743,0x743e6},{0x744,0x744dc},{0x745,0x745e6},
    {0x746,0x746dc},{0x747,0x747e6},{0x748,0x748dc},{0x749,0x74ae6},{0x7eb,0x7f1e6},{0x7f2,0x7f2dc},
    {0x7f3,0x7f3e6},{0x816,0x819e6},{0x81b,0x823e6},{0x825,0x827e6},{0x829,0x82de6},{0x859,0x85bdc},
    {0x8d4,0x8e1e6},{0x8e3,0x8e3dc},{0x8e4,0x8e5e6},{0x8e6,0x8e6dc},{0x8e7,0x8e8e6},{0x8e9,0x8e9dc},
    {0x8ea,0x8ece6},{0x8ed,0x8efdc},{0x8f0,0x8f01b},{0x8f1,0x8f11c},{0x8f2,0x8f21d},{0x8f3,0x8f5e6},
    {0x8f6,0x8f6dc},{0x8f7,0x8f8e6},{0x8f9,0x8fadc},{0x8fb,0x8ffe6},{0x93c,0x93c07},{0x94d,0x94d09},
    {0x951,0x951e6},{0x952,0x952dc},{0x953,0x954e6},{0x9bc,0x9bc07},{0x9cd,0x9cd09},{0xa3c,0xa3c07},
    {0xa4d,0xa4d09},{0xabc,0xabc07},{0xacd,0xacd09},{0xb3c,0xb3c07},{0xb4d,0xb4d09},{0xbcd,0xbcd09},
    {0xc4d,0xc4d09},{0xc55,0xc5554},{0xc56,0xc565b},{0xcbc,0xcbc07},{0xccd,0xccd09},{0xd4d,0xd4d09},
    {0xdca,0xdca09},{0xe38,0xe3967},{0xe3a,0xe3a09},{0xe48,0xe4b6b},{0xeb8,0xeb976},{0xec8,0xecb7a},
    {0xf18,0xf19dc},{0xf35,0xf35dc},{0xf37,0xf37dc},{0xf39,0xf39d8},{0xf71,0xf7181},{0xf72,0xf7282},
    {0xf74,0xf7484},{0xf7a,0xf7d82},{0xf80,0xf8082},{0xf82,0xf83e6},{0xf84,0xf8409},{0xf86,0xf87e6},
    {0xfc6,0xfc6dc},{0x1037,0x103707},{0x1039,0x103a09},{0x108d,0x108ddc},{0x135d,0x135fe6},{0x1714,0x171409},
    {0x1734,0x173409},{0x17d2,0x17d209},{0x17dd,0x17dde6},{0x18a9,0x18a9e4},{0x1939,0x1939de},{0x193a,0x193ae6},
    {0x193b,0x193bdc},{0x1a17,0x1a17e6},{0x1a18,0x1a18dc},{0x1a60,0x1a6009},{0x1a75,0x1a7ce6},{0x1a7f,0x1a7fdc},
    {0x1ab0,0x1ab4e6},{0x1ab5,0x1abadc},{0x1abb,0x1abce6},{0x1abd,0x1abddc},{0x1b34,0x1b3407},{0x1b44,0x1b4409},
    {0x1b6b,0x1b6be6},{0x1b6c,0x1b6cdc},{0x1b6d,0x1b73e6},{0x1baa,0x1bab09},{0x1be6,0x1be607},{0x1bf2,0x1bf309},
    {0x1c37,0x1c3707},{0x1cd0,0x1cd2e6},{0x1cd4,0x1cd401},{0x1cd5,0x1cd9dc},{0x1cda,0x1cdbe6},{0x1cdc,0x1cdfdc},
    {0x1ce0,0x1ce0e6},{0x1ce2,0x1ce801},{0x1ced,0x1ceddc},{0x1cf4,0x1cf4e6},{0x1cf8,0x1cf9e6},{0x1dc0,0x1dc1e6},
    {0x1dc2,0x1dc2dc},{0x1dc3,0x1dc9e6},{0x1dca,0x1dcadc},{0x1dcb,0x1dcce6},{0x1dcd,0x1dcdea},{0x1dce,0x1dced6},
    {0x1dcf,0x1dcfdc},{0x1dd0,0x1dd0ca},{0x1dd1,0x1df5e6},{0x1dfb,0x1dfbe6},{0x1dfc,0x1dfce9},{0x1dfd,0x1dfddc},
    {0x1dfe,0x1dfee6},{0x1dff,0x1dffdc},{0x20d0,0x20d1e6},{0x20d2,0x20d301},{0x20d4,0x20d7e6},{0x20d8,0x20da01},
    {0x20db,0x20dce6},{0x20e1,0x20e1e6},{0x20e5,0x20e601},{0x20e7,0x20e7e6},{0x20e8,0x20e8dc},{0x20e9,0x20e9e6},
    {0x20ea,0x20eb01},{0x20ec,0x20efdc},{0x20f0,0x20f0e6},{0x2cef,0x2cf1e6},{0x2d7f,0x2d7f09},{0x2de0,0x2dffe6},
    {0x302a,0x302ada},{0x302b,0x302be4},{0x302c,0x302ce8},{0x302d,0x302dde},{0x302e,0x302fe0},{0x3099,0x309a08},
    {0xa66f,0xa66fe6},{0xa674,0xa67de6},{0xa69e,0xa69fe6},{0xa6f0,0xa6f1e6},{0xa806,0xa80609},{0xa8c4,0xa8c409},
    {0xa8e0,0xa8f1e6},{0xa92b,0xa92ddc},{0xa953,0xa95309},{0xa9b3,0xa9b307},{0xa9c0,0xa9c009},{0xaab0,0xaab0e6},
    {0xaab2,0xaab3e6},{0xaab4,0xaab4dc},{0xaab7,0xaab8e6},{0xaabe,0xaabfe6},{0xaac1,0xaac1e6},{0xaaf6,0xaaf609},
    {0xabed,0xabed09},{0xfb1e,0xfb1e1a},{0xfe20,0xfe26e6},{0xfe27,0xfe2ddc},{0xfe2e,0xfe2fe6},{0x101fd,0x101fddc},
    {0x102e0,0x102e0dc},{0x10376,0x1037ae6},{0x10a0d,0x10a0ddc},{0x10a0f,0x10a0fe6},{0x10a38,0x10a38e6},{0x10a39,0x10a3901},
    {0x10a3a,0x10a3adc},{0x10a3f,0x10a3f09},{0x10ae5,0x10ae5e6},{0x10ae6,0x10ae6dc},{0x11046,0x1104609},{0x1107f,0x1107f09},
    {0x110b9,0x110b909},{0x110ba,0x110ba07},{0x11100,0x11102e6},{0x11133,0x1113409},{0x11173,0x1117307},{0x111c0,0x111c009},
    {0x111ca,0x111ca07},{0x11235,0x1123509},{0x11236,0x1123607},{0x112e9,0x112e907},{0x112ea,0x112ea09},{0x1133c,0x1133c07},
    {0x1134d,0x1134d09},{0x11366,0x1136ce6},{0x11370,0x11374e6},{0x11442,0x1144209},{0x11446,0x1144607},{0x114c2,0x114c209},
    {0x114c3,0x114c307},{0x115bf,0x115bf09},{0x115c0,0x115c007},{0x1163f,0x1163f09},{0x116b6,0x116b609},{0x116b7,0x116b707},
    {0x1172b,0x1172b09},{0x11c3f,0x11c3f09},{0x16af0,0x16af401},{0x16b30,0x16b36e6},{0x1bc9e,0x1bc9e01},{0x1d165,0x1d166d8},
    {0x1d167,0x1d16901},{0x1d16d,0x1d16de2},{0x1d16e,0x1d172d8},{0x1d17b,0x1d182dc},{0x1d185,0x1d189e6},{0x1d18a,0x1d18bdc},
    {0x1d1aa,0x1d1ade6},{0x1d242,0x1d244e6},{0x1e000,0x1e006e6},{0x1e008,0x1e018e6},{0x1e01b,0x1e021e6},{0x1e023,0x1e024e6},
    {0x1e026,0x1e02ae6},{0x1e8d0,0x1e8d6dc},{0x1e944,0x1e949e6},{0x1e94a,0x1e94a07},
};
/* {cp, first, second or 0}: one level of canonical decomposition, Hangul excepted */
static const uint32_t prune__u_nfd[2060][3] = {
    {0xc0,0x41,0x300},{0xc1,0x41,0x301},{0xc2,0x41,0x302},{0xc3,0x41,0x303},{0xc4,0x41,0x308},{0xc5,0x41,0x30a},
    {0xc7,0x43,0x327},{0xc8,0x45,0x300},{0xc9,0x45,0x301},{0xca,0x45,0x302},{0xcb,0x45,0x308},{0xcc,0x49,0x300},
    {0xcd,0x49,0x301},{0xce,0x49,0x302},{0xcf,0x49,0x308},{0xd1,0x4e,0x303},{0xd2,0x4f,0x300},{0xd3,0x4f,0x301},
    {0xd4,0x4f,0x302},{0xd5,0x4f,0x303},{0xd6,0x4f,0x308},{0xd9,0x55,0x300},{0xda,0x55,0x301},{0xdb,0x55,0x302},
    {0xdc,0x55,0x308},{0xdd,0x59,0x301},{0xe0,0x61,0x300},{0xe1,0x61,0x301},{0xe2,0x61,0x302},{0xe3,0x61,0x303},
    {0xe4,0x61,0x308},{0xe5,0x61,0x30a},{0xe7,0x63,0x327},{0xe8,0x65,0x300},{0xe9,0x65,0x301},{0xea,0x65,0x302},
    {0xeb,0x65,0x308},{0xec,0x69,0x300},{0xed,0x69,0x301},{0xee,0x69,0x302},{0xef,0x69,0x308},{0xf1,0x6e,0x303},
    {0xf2,0x6f,0x300},{0xf3,0x6f,0x301},{0xf4,0x6f,0x302},{0xf5,0x6f,0x303},{0xf6,0x6f,0x308},{0xf9,0x75,0x300},
    {0xfa,0x75,0x301},{0xfb,0x75,0x302},{0xfc,0x75,0x308},{0xfd,0x79,0x301},{0xff,0x79,0x308},{0x100,0x41,0x304},
    {0x101,0x61,0x304},{0x102,0x41,0x306},{0x103,0x61,0x306},{0x104,0x41,0x328},{0x105,0x61,0x328},{0x106,0x43,0x301},
    {0x107,0x63,0x301},{0x108,0x43,0x302},{0x109,0x63,0x302},{0x10a,0x43,0x307},{0x10b,0x63,0x307},{0x10c,0x43,0x30c},
    {0x10d,0x63,0x30c},{0x10e,0x44,0x30c},{0x10f,0x64,0x30c},{0x112,0x45,0x304},{0x113,0x65,0x304},{0x114,0x45,0x306},
    {0x115,0x65,0x306},{0x116,0x45,0x307},{0x117,0x65,0x307},{0x118,0x45,0x328},{0x119,0x65,0x328},{0x11a,0x45,0x30c},
    {0x11b,0x65,0x30c},{0x11c,0x47,0x302},{0x11d,0x67,0x302},{0x11e,0x47,0x306},{0x11f,0x67,0x306},{0x120,0x47,0x307},
    {0x121,0x67,0x307},{0x122,0x47,0x327},{0x123,0x67,0x327},{0x124,0x48,0x302},{0x125,0x68,0x302},{0x128,0x49,0x303},
    {0x129,0x69,0x303},{0x12a,0x49,0x304},{0x12b,0x69,0x304},{0x12c,0x49,0x306},{0x12d,0x69,0x306},{0x12e,0x49,0x328},
    {0x12f,0x69,0x328},{0x130,0x49,0x307},{0x134,0x4a,0x302},{0x135,0x6a,0x302},{0x136,0x4b,0x327},{0x137,0x6b,0x327},
    {0x139,0x4c,0x301},{0x13a,0x6c,0x301},{0x13b,0x4c,0x327},{0x13c,0x6c,0x327},{0x13d,0x4c,0x30c},{0x13e,0x6c,0x30c},
    {0x143,0x4e,0x301},{0x144,0x6e,0x301},{0x145,0x4e,0x327},{0x146,0x6e,0x327},{0x147,0x4e,0x30c},{0x148,0x6e,0x30c},
    {0x14c,0x4f,0x304},{0x14d,0x6f,0x304},{0x14e,0x4f,0x306},{0x14f,0x6f,0x306},{0x150,0x4f,0x30b},{0x151,0x6f,0x30b},
    {0x154,0x52,0x301},{0x155,0x72,0x301},{0x156,0x52,0x327},{0x157,0x72,0x327},{0x158,0x52,0x30c},{0x159,0x72,0x30c},
    {0x15a,0x53,0x301},{0x15b,0x73,0x301},{0x15c,0x53,0x302},{0x15d,0x73,0x302},{0x15e,0x53,0x327},{0x15f,0x73,0x327},
    {0x160,0x53,0x30c},{0x161,0x73,0x30c},{0x162,0x54,0x327},{0x163,0x74,0x327},{0x164,0x54,0x30c},{0x165,0x74,0x30c},
    {0x168,0x55,0x303},{0x169,0x75,0x303},{0x16a,0x55,0x304},{0x16b,0x75,0x304},{0x16c,0x55,0x306},{0x16d,0x75,0x306},
    {0x16e,0x55,0x30a},{0x16f,0x75,0x30a},{0x170,0x55,0x30b},{0x171,0x75,0x30b},{0x172,0x55,0x328},{0x173,0x75,0x328},
    {0x174,0x57,0x302},{0x175,0x77,0x302},{0x176,0x59,0x302},{0x177,0x79,0x302},{0x178,0x59,0x308},{0x179,0x5a,0x301},
    {0x17a,0x7a,0x301},{0x17b,0x5a,0x307},{0x17c,0x7a,0x307},{0x17d,0x5a,0x30c},{0x17e,0x7a,0x30c},{0x1a0,0x4f,0x31b},
    {0x1a1,0x6f,0x31b},{0x1af,0x55,0x31b},{0x1b0,0x75,0x31b},{0x1cd,0x41,0x30c},{0x1ce,0x61,0x30c},{0x1cf,0x49,0x30c},
    {0x1d0,0x69,0x30c},{0x1d1,0x4f,0x30c},{0x1d2,0x6f,0x30c},{0x1d3,0x55,0x30c},{0x1d4,0x75,0x30c},{0x1d5,0xdc,0x304},
    {0x1d6,0xfc,0x304},{0x1d7,0xdc,0x301},{0x1d8,0xfc,0x301},{0x1d9,0xdc,0x30c},{0x1da,0xfc,0x30c},{0x1db,0xdc,0x300},
    {0x1dc,0xfc,0x300},{0x1de,0xc4,0x304},{0x1df,0xe4,0x304},{0x1e0,0x226,0x304},{0x1e1,0x227,0x304},{0x1e2,0xc6,0x304},
    {0x1e3,0xe6,0x304},{0x1e6,0x47,0x30c},{0x1e7,0x67,0x30c},{0x1e8,0x4b,0x30c},{0x1e9,0x6b,0x30c},{0x1ea,0x4f,0x328},
    {0x1eb,0x6f,0x328},{0x1ec,0x1ea,0x304},{0x1ed,0x1eb,0x304},{0x1ee,0x1b7,0x30c},{0x1ef,0x292,0x30c},{0x1f0,0x6a,0x30c},
    {0x1f4,0x47,0x301},{0x1f5,0x67,0x301},{0x1f8,0x4e,0x300},{0x1f9,0x6e,0x300},{0x1fa,0xc5,0x301},{0x1fb,0xe5,0x301},
    {0x1fc,0xc6,0x301},{0x1fd,0xe6,0x301},{0x1fe,0xd8,0x301},{0x1ff,0xf8,0x301},{0x200,0x41,0x30f},{0x201,0x61,0x30f},
    {0x202,0x41,0x311},{0x203,0x61,0x311},{0x204,0x45,0x30f},{0x205,0x65,0x30f},{0x206,0x45,0x311},{0x207,0x65,0x311},
    {0x208,0x49,0x30f},{0x209,0x69,0x30f},{0x20a,0x49,0x311},{0x20b,0x69,0x311},{0x20c,0x4f,0x30f},{0x20d,0x6f,0x30f},
    {0x20e,0x4f,0x311},{0x20f,0x6f,0x311},{0x210,0x52,0x30f},{0x211,0x72,0x30f},{0x212,0x52,0x311},{0x213,0x72,0x311},
    {0x214,0x55,0x30f},{0x215,0x75,0x30f},{0x216,0x55,0x311},{0x217,0x75,0x311},{0x218,0x53,0x326},{0x219,0x73,0x326},
    {0x21a,0x54,0x326},{0x21b,0x74,0x326},{0x21e,0x48,0x30c},{0x21f,0x68,0x30c},{0x226,0x41,0x307},{0x227,0x61,0x307},
    {0x228,0x45,0x327},{0x229,0x65,0x327},{0x22a,0xd6,0x304},{0x22b,0xf6,0x304},{0x22c,0xd5,0x304},{0x22d,0xf5,0x304},
    {0x22e,0x4f,0x307},{0x22f,0x6f,0x307},{0x230,0x22e,0x304},{0x231,0x22f,0x304},{0x232,0x59,0x304},{0x233,0x79,0x304},
    {0x340,0x300,0x0},{0x341,0x301,0x0},{0x343,0x313,0x0},{0x344,0x308,0x301},{0x374,0x2b9,0x0},{0x37e,0x3b,0x0},
    {0x385,0xa8,0x301},{0x386,0x391,0x301},{0x387,0xb7,0x0},{0x388,0x395,0x301},{0x389,0x397,0x301},{0x38a,0x399,0x301},
    {0x38c,0x39f,0x301},{0x38e,0x3a5,0x301},{0x38f,0x3a9,0x301},{0x390,0x3ca,0x301},{0x3aa,0x399,0x308},{0x3ab,0x3a5,0x308},
    {0x3ac,0x3b1,0x301},{0x3ad,0x3b5,0x301},{0x3ae,0x3b7,0x301},{0x3af,0x3b9,0x301},{0x3b0,0x3cb,0x301},{0x3ca,0x3b9,0x308},
    {0x3cb,0x3c5,0x308},{0x3cc,0x3bf,0x301},{0x3cd,0x3c5,0x301},{0x3ce,0x3c9,0x301},{0x3d3,0x3d2,0x301},{0x3d4,0x3d2,0x308},
    {0x400,0x415,0x300},{0x401,0x415,0x308},{0x403,0x413,0x301},{0x407,0x406,0x308},{0x40c,0x41a,0x301},{0x40d,0x418,0x300},
    {0x40e,0x423,0x306},{0x419,0x418,0x306},{0x439,0x438,0x306},{0x450,0x435,0x300},{0x451,0x435,0x308},{0x453,0x433,0x301},
    {0x457,0x456,0x308},{0x45c,0x43a,0x301},{0x45d,0x438,0x300},{0x45e,0x443,0x306},{0x476,0x474,0x30f},{0x477,0x475,0x30f},
    {0x4c1,0x416,0x306},{0x4c2,0x436,0x306},{0x4d0,0x410,0x306},{0x4d1,0x430,0x306},{0x4d2,0x410,0x308},{0x4d3,0x430,0x308},
    {0x4d6,0x415,0x306},{0x4d7,0x435,0x306},{0x4da,0x4d8,0x308},{0x4db,0x4d9,0x308},{0x4dc,0x416,0x308},{0x4dd,0x436,0x308},
    {0x4de,0x417,0x308},{0x4df,0x437,0x308},{0x4e2,0x418,0x304},{0x4e3,0x438,0x304},{0x4e4,0x418,0x308},{0x4e5,0x438,0x308},
    {0x4e6,0x41e,0x308},{0x4e7,0x43e,0x308},{0x4ea,0x4e8,0x308},{0x4eb,0x4e9,0x308},{0x4ec,0x42d,0x308},{0x4ed,0x44d,0x308},
    {0x4ee,0x423,0x304},{0x4ef,0x443,0x304},{0x4f0,0x423,0x308},{0x4f1,0x443,0x308},{0x4f2,0x423,0x30b},{0x4f3,0x443,0x30b},
    {0x4f4,0x427,0x308},{0x4f5,0x447,0x308},{0x4f8,0x42b,0x308},{0x4f9,0x44b,0x308},{0x622,0x627,0x653},{0x623,0x627,0x654},
    {0x624,0x648,0x654},{0x625,0x627,0x655},{0x626,0x64a,0x654},{0x6c0,0x6d5,0x654},{0x6c2,0x6c1,0x654},{0x6d3,0x6d2,0x654},
    {0x929,0x928,0x93c},{0x931,0x930,0x93c},{0x934,0x933,0x93c},{0x958,0x915,0x93c},{0x959,0x916,0x93c},{0x95a,0x917,0x93c},
    {0x95b,0x91c,0x93c},{0x95c,0x921,0x93c},{0x95d,0x922,0x93c},{0x95e,0x92b,0x93c},{0x95f,0x92f,0x93c},{0x9cb,0x9c7,0x9be},
    {0x9cc,0x9c7,0x9d7},{0x9dc,0x9a1,0x9bc},{0x9dd,0x9a2,0x9bc},{0x9df,0x9af,0x9bc},{0xa33,0xa32,0xa3c},{0xa36,0xa38,0xa3c},
    {0xa59,0xa16,0xa3c},{0xa5a,0xa17,0xa3c},{0xa5b,0xa1c,0xa3c},{0xa5e,0xa2b,0xa3c},{0xb48,0xb47,0xb56},{0xb4b,0xb47,0xb3e},
    {0xb4c,0xb47,0xb57},{0xb5c,0xb21,0xb3c},{0xb5d,0xb22,0xb3c},{0xb94,0xb92,0xbd7},{0xbca,0xbc6,0xbbe},{0xbcb,0xbc7,0xbbe},
    {0xbcc,0xbc6,0xbd7},{0xc48,0xc46,0xc56},{0xcc0,0xcbf,0xcd5},{0xcc7,0xcc6,0xcd5},{0xcc8,0xcc6,0xcd6},{0xcca,0xcc6,0xcc2},
    {0xccb,0xcca,0xcd5},{0xd4a,0xd46,0xd3e},{0xd4b,0xd47,0xd3e},{0xd4c,0xd46,0xd57},{0xdda,0xdd9,0xdca},{0xddc,0xdd9,0xdcf},
    {0xddd,0xddc,0xdca},{0xdde,0xdd9,0xddf},{0xf43,0xf42,0xfb7},{0xf4d,0xf4c,0xfb7},{0xf52,0xf51,0xfb7},{0xf57,0xf56,0xfb7},
    {0xf5c,0xf5b,0xfb7},{0xf69,0xf40,0xfb5},{0xf73,0xf71,0xf72},{0xf75,0xf71,0xf74},{0xf76,0xfb2,0xf80},{0xf78,0xfb3,0xf80},
    {0xf81,0xf71,0xf80},{0xf93,0xf92,0xfb7},{0xf9d,0xf9c,0xfb7},{0xfa2,0xfa1,0xfb7},{0xfa7,0xfa6,0xfb7},{0xfac,0xfab,0xfb7},
    {0xfb9,0xf90,0xfb5},{0x1026,0x1025,0x102e},{0x1b06,0x1b05,0x1b35},{0x1b08,0x1b07,0x1b35},{0x1b0a,0x1b09,0x1b35},{0x1b0c,0x1b0b,0x1b35},
    {0x1b0e,0x1b0d,0x1b35},{0x1b12,0x1b11,0x1b35},{0x1b3b,0x1b3a,0x1b35},{0x1b3d,0x1b3c,0x1b35},{0x1b40,0x1b3e,0x1b35},{0x1b41,0x1b3f,0x1b35},
    {0x1b43,0x1b42,0x1b35},{0x1e00,0x41,0x325},{0x1e01,0x61,0x325},{0x1e02,0x42,0x307},{0x1e03,0x62,0x307},{0x1e04,0x42,0x323},
    {0x1e05,0x62,0x323},{0x1e06,0x42,0x331},{0x1e07,0x62,0x331},{0x1e08,0xc7,0x301},{0x1e09,0xe7,0x301},{0x1e0a,0x44,0x307},
    {0x1e0b,0x64,0x307},{0x1e0c,0x44,0x323},{0x1e0d,0x64,0x323},{0x1e0e,0x44,0x331},{0x1e0f,0x64,0x331},{0x1e10,0x44,0x327},
    {0x1e11,0x64,0x327},{0x1e12,0x44,0x32d},{0x1e13,0x64,0x32d},{0x1e14,0x112,0x300},{0x1e15,0x113,0x300},{0x1e16,0x112,0x301},
    {0x1e17,0x113,0x301},{0x1e18,0x45,0x32d},{0x1e19,0x65,0x32d},{0x1e1a,0x45,0x330},{0x1e1b,0x65,0x330},{0x1e1c,0x228,0x306},
    {0x1e1d,0x229,0x306},{0x1e1e,0x46,0x307},{0x1e1f,0x66,0x307},{0x1e20,0x47,0x304},{0x1e21,0x67,0x304},{0x1e22,0x48,0x307},
    {0x1e23,0x68,0x307},{0x1e24,0x48,0x323},{0x1e25,0x68,0x323},{0x1e26,0x48,0x308},{0x1e27,0x68,0x308},{0x1e28,0x48,0x327},
    {0x1e29,0x68,0x327},{0x1e2a,0x48,0x32e},{0x1e2b,0x68,0x32e},{0x1e2c,0x49,0x330},{0x1e2d,0x69,0x330},{0x1e2e,0xcf,0x301},
    {0x1e2f,0xef,0x301},{0x1e30,0x4b,0x301},{0x1e31,0x6b,0x301},{0x1e32,0x4b,0x323},{0x1e33,0x6b,0x323},{0x1e34,0x4b,0x331},
    {0x1e35,0x6b,0x331},{0x1e36,0x4c,0x323},{0x1e37,0x6c,0x323},{0x1e38,0x1e36,0x304},{0x1e39,0x1e37,0x304},{0x1e3a,0x4c,0x331},
    {0x1e3b,0x6c,0x331},{0x1e3c,0x4c,0x32d},{0x1e3d,0x6c,0x32d},{0x1e3e,0x4d,0x301},{0x1e3f,0x6d,0x301},{0x1e40,0x4d,0x307},
    {0x1e41,0x6d,0x307},{0x1e42,0x4d,0x323},{0x1e43,0x6d,0x323},{0x1e44,0x4e,0x307},{0x1e45,0x6e,0x307},{0x1e46,0x4e,0x323},
    {0x1e47,0x6e,0x323},{0x1e48,0x4e,0x331},{0x1e49,0x6e,0x331},{0x1e4a,0x4e,0x32d},{0x1e4b,0x6e,0x32d},{0x1e4c,0xd5,0x301},
    {0x1e4d,0xf5,0x301},{0x1e4e,0xd5,0x308},{0x1e4f,0xf5,0x308},{0x1e50,0x14c,0x300},{0x1e51,0x14d,0x300},{0x1e52,0x14c,0x301},
    {0x1e53,0x14d,0x301},{0x1e54,0x50,0x301},{0x1e55,0x70,0x301},{0x1e56,0x50,0x307},{0x1e57,0x70,0x307},{0x1e58,0x52,0x307},
    {0x1e59,0x72,0x307},{0x1e5a,0x52,0x323},{0x1e5b,0x72,0x323},{0x1e5c,0x1e5a,0x304},{0x1e5d,0x1e5b,0x304},{0x1e5e,0x52,0x331},
    {0x1e5f,0x72,0x331},{0x1e60,0x53,0x307},{0x1e61,0x73,0x307},{0x1e62,0x53,0x323},{0x1e63,0x73,0x323},{0x1e64,0x15a,0x307},
    {0x1e65,0x15b,0x307},{0x1e66,0x160,0x307},{0x1e67,0x161,0x307},{0x1e68,0x1e62,0x307},{0x1e69,0x1e63,0x307},{0x1e6a,0x54,0x307},
    {0x1e6b,0x74,0x307},{0x1e6c,0x54,0x323},{0x1e6d,0x74,0x323},{0x1e6e,0x54,0x331},{0x1e6f,0x74,0x331},{0x1e70,0x54,0x32d},
    {0x1e71,0x74,0x32d},{0x1e72,0x55,0x324},{0x1e73,0x75,0x324},{0x1e74,0x55,0x330},{0x1e75,0x75,0x330},{0x1e76,0x55,0x32d},
    {0x1e77,0x75,0x32d},{0x1e78,0x168,0x301},{0x1e79,0x169,0x301},{0x1e7a,0x16a,0x308},{0x1e7b,0x16b,0x308},{0x1e7c,0x56,0x303},
    {0x1e7d,0x76,0x303},{0x1e7e,0x56,0x323},{0x1e7f,0x76,0x323},{0x1e80,0x57,0x300},{0x1e81,0x77,0x300},{0x1e82,0x57,0x301},
    {0x1e83,0x77,0x301},{0x1e84,0x57,0x308},{0x1e85,0x77,0x308},{0x1e86,0x57,0x307},{0x1e87,0x77,0x307},{0x1e88,0x57,0x323},
    {0x1e89,0x77,0x323},{0x1e8a,0x58,0x307},{0x1e8b,0x78,0x307},{0x1e8c,0x58,0x308},{0x1e8d,0x78,0x308},{0x1e8e,0x59,0x307},
    {0x1e8f,0x79,0x307},{0x1e90,0x5a,0x302},{0x1e91,0x7a,0x302},{0x1e92,0x5a,0x323},{0x1e93,0x7a,0x323},{0x1e94,0x5a,0x331},
    {0x1e95,0x7a,0x331},{0x1e96,0x68,0x331},{0x1e97,0x74,0x308},{0x1e98,0x77,0x30a},{0x1e99,0x79,0x30a},{0x1e9b,0x17f,0x307},
    {0x1ea0,0x41,0x323},{0x1ea1,0x61,0x323},{0x1ea2,0x41,0x309},{0x1ea3,0x61,0x309},{0x1ea4,0xc2,0x301},{0x1ea5,0xe2,0x301},
    {0x1ea6,0xc2,0x300},{0x1ea7,0xe2,0x300},{0x1ea8,0xc2,0x309},{0x1ea9,0xe2,0x309},{0x1eaa,0xc2,0x303},{0x1eab,0xe2,0x303},
    {0x1eac,0x1ea0,0x302},{0x1ead,0x1ea1,0x302},{0x1eae,0x102,0x301},{0x1eaf,0x103,0x301},{0x1eb0,0x102,0x300},{0x1eb1,0x103,0x300},
    {0x1eb2,0x102,0x309},{0x1eb3,0x103,0x309},{0x1eb4,0x102,0x303},{0x1eb5,0x103,0x303},{0x1eb6,0x1ea0,0x306},{0x1eb7,0x1ea1,0x306},
    {0x1eb8,0x45,0x323},{0x1eb9,0x65,0x323},{0x1eba,0x45,0x309},{0x1ebb,0x65,0x309},{0x1ebc,0x45,0x303},{0x1ebd,0x65,0x303},
    {0x1ebe,0xca,0x301},{0x1ebf,0xea,0x301},{0x1ec0,0xca,0x300},{0x1ec1,0xea,0x300},{0x1ec2,0xca,0x309},{0x1ec3,0xea,0x309},
    {0x1ec4,0xca,0x303},{0x1ec5,0xea,0x303},{0x1ec6,0x1eb8,0x302},{0x1ec7,0x1eb9,0x302},{0x1ec8,0x49,0x309},{0x1ec9,0x69,0x309},
    {0x1eca,0x49,0x323},{0x1ecb,0x69,0x323},{0x1ecc,0x4f,0x323},{0x1ecd,0x6f,0x323},{0x1ece,0x4f,0x309},{0x1ecf,0x6f,0x309},
    {0x1ed0,0xd4,0x301},{0x1ed1,0xf4,0x301},{0x1ed2,0xd4,0x300},{0x1ed3,0xf4,0x300},{0x1ed4,0xd4,0x309},{0x1ed5,0xf4,0x309},
    {0x1ed6,0xd4,0x303},{0x1ed7,0xf4,0x303},{0x1ed8,0x1ecc,0x302},{0x1ed9,0x1ecd,0x302},{0x1eda,0x1a0,0x301},{0x1edb,0x1a1,0x301},
    {0x1edc,0x1a0,0x300},{0x1edd,0x1a1,0x300},{0x1ede,0x1a0,0x309},{0x1edf,0x1a1,0x309},{0x1ee0,0x1a0,0x303},{0x1ee1,0x1a1,0x303},
    {0x1ee2,0x1a0,0x323},{0x1ee3,0x1a1,0x323},{0x1ee4,0x55,0x323},{0x1ee5,0x75,0x323},{0x1ee6,0x55,0x309},{0x1ee7,0x75,0x309},
    {0x1ee8,0x1af,0x301},{0x1ee9,0x1b0,0x301},{0x1eea,0x1af,0x300},{0x1eeb,0x1b0,0x300},{0x1eec,0x1af,0x309},{0x1eed,0x1b0,0x309},
    {0x1eee,0x1af,0x303},{0x1eef,0x1b0,0x303},{0x1ef0,0x1af,0x323},{0x1ef1,0x1b0,0x323},{0x1ef2,0x59,0x300},{0x1ef3,0x79,0x300},
    {0x1ef4,0x59,0x323},{0x1ef5,0x79,0x323},{0x1ef6,0x59,0x309},{0x1ef7,0x79,0x309},{0x1ef8,0x59,0x303},{0x1ef9,0x79,0x303},
    {0x1f00,0x3b1,0x313},{0x1f01,0x3b1,0x314},{0x1f02,0x1f00,0x300},{0x1f03,0x1f01,0x300},{0x1f04,0x1f00,0x301},{0x1f05,0x1f01,0x301},
    {0x1f06,0x1f00,0x342},{0x1f07,0x1f01,0x342},{0x1f08,0x391,0x313},{0x1f09,0x391,0x314},{0x1f0a,0x1f08,0x300},{0x1f0b,0x1f09,0x300},
    {0x1f0c,0x1f08,0x301},{0x1f0d,0x1f09,0x301},{0x1f0e,0x1f08,0x342},{0x1f0f,0x1f09,0x342},{0x1f10,0x3b5,0x313},{0x1f11,0x3b5,0x314},
    {0x1f12,0x1f10,0x300},{0x1f13,0x1f11,0x300},{0x1f14,0x1f10,0x301},{0x1f15,0x1f11,0x301},{0x1f18,0x395,0x313},{0x1f19,0x395,0x314},
    {0x1f1a,0x1f18,0x300},{0x1f1b,0x1f19,0x300},{0x1f1c,0x1f18,0x301},{0x1f1d,0x1f19,0x301},{0x1f20,0x3b7,0x313},{0x1f21,0x3b7,0x314},
    {0x1f22,0x1f20,0x300},{0x1f23,0x1f21,0x300},{0x1f24,0x1f20,0x301},{0x1f25,0x1f21,0x301},{0x1f26,0x1f20,0x342},{0x1f27,0x1f21,0x342},
    {0x1f28,0x397,0x313},{0x1f29,0x397,0x314},{0x1f2a,0x1f28,0x300},{0x1f2b,0x1f29,0x300},{0x1f2c,0x1f28,0x301},{0x1f2d,0x1f29,0x301},
    {0x1f2e,0x1f28,0x342},{0x1f2f,0x1f29,0x342},{0x1f30,0x3b9,0x313},{0x1f31,0x3b9,0x314},{0x1f32,0x1f30,0x300},{0x1f33,0x1f31,0x300},
    {0x1f34,0x1f30,0x301},{0x1f35,0x1f31,0x301},{0x1f36,0x1f30,0x342},{0x1f37,0x1f31,0x342},{0x1f38,0x399,0x313},{0x1f39,0x399,0x314},
    {0x1f3a,0x1f38,0x300},{0x1f3b,0x1f39,0x300},{0x1f3c,0x1f38,0x301},{0x1f3d,0x1f39,0x301},{0x1f3e,0x1f38,0x342},{0x1f3f,0x1f39,0x342},
    {0x1f40,0x3bf,0x313},{0x1f41,0x3bf,0x314},{0x1f42,0x1f40,0x300},{0x1f43,0x1f41,0x300},{0x1f44,0x1f40,0x301},{0x1f45,0x1f41,0x301},
    {0x1f48,0x39f,0x313},{0x1f49,0x39f,0x314},{0x1f4a,0x1f48,0x300},{0x1f4b,0x1f49,0x300},{0x1f4c,0x1f48,0x301},{0x1f4d,0x1f49,0x301},
    {0x1f50,0x3c5,0x313},{0x1f51,0x3c5,0x314},{0x1f52,0x1f50,0x300},{0x1f53,0x1f51,0x300},{0x1f54,0x1f50,0x301},{0x1f55,0x1f51,0x301},
    {0x1f56,0x1f50,0x342},{0x1f57,0x1f51,0x342},{0x1f59,0x3a5,0x314},{0x1f5b,0x1f59,0x300},{0x1f5d,0x1f59,0x301},{0x1f5f,0x1f59,0x342},
    {0x1f60,0x3c9,0x313},{0x1f61,0x3c9,0x314},{0x1f62,0x1f60,0x300},{0x1f63,0x1f61,0x300},{0x1f64,0x1f60,0x301},{0x1f65,0x1f61,0x301},
    {0x1f66,0x1f60,0x342},{0x1f67,0x1f61,0x342},{0x1f68,0x3a9,0x313},{0x1f69,0x3a9,0x314},{0x1f6a,0x1f68,0x300},{0x1f6b,0x1f69,0x300},
    {0x1f6c,0x1f68,0x301},{0x1f6d,0x1f69,0x301},{0x1f6e,0x1f68,0x342},{0x1f6f,0x1f69,0x342},{0x1f70,0x3b1,0x300},{0x1f71,0x3ac,0x0},
    {0x1f72,0x3b5,0x300},{0x1f73,0x3ad,0x0},{0x1f74,0x3b7,0x300},{0x1f75,0x3ae,0x0},{0x1f76,0x3b9,0x300},{0x1f77,0x3af,0x0},
    {0x1f78,0x3bf,0x300},{0x1f79,0x3cc,0x0},{0x1f7a,0x3c5,0x300},{0x1f7b,0x3cd,0x0},{0x1f7c,0x3c9,0x300},{0x1f7d,0x3ce,0x0},
    {0x1f80,0x1f00,0x345},{0x1f81,0x1f01,0x345},{0x1f82,0x1f02,0x345},{0x1f83,0x1f03,0x345},{0x1f84,0x1f04,0x345},{0x1f85,0x1f05,0x345},
    {0x1f86,0x1f06,0x345},{0x1f87,0x1f07,0x345},{0x1f88,0x1f08,0x345},{0x1f89,0x1f09,0x345},{0x1f8a,0x1f0a,0x345},{0x1f8b,0x1f0b,0x345},
    {0x1f8c,0x1f0c,0x345},{0x1f8d,0x1f0d,0x345},{0x1f8e,0x1f0e,0x345},{0x1f8f,0x1f0f,0x345},{0x1f90,0x1f20,0x345},{0x1f91,0x1f21,0x345},
    {0x1f92,0x1f22,0x345},{0x1f93,0x1f23,0x345},{0x1f94,0x1f24,0x345},{0x1f95,0x1f25,0x345},{0x1f96,0x1f26,0x345},{0x1f97,0x1f27,0x345},
    {0x1f98,0x1f28,0x345},{0x1f99,0x1f29,0x345},{0x1f9a,0x1f2a,0x345},{0x1f9b,0x1f2b,0x345},{0x1f9c,0x1f2c,0x345},{0x1f9d,0x1f2d,0x345},
    {0x1f9e,0x1f2e,0x345},{0x1f9f,0x1f2f,0x345},{0x1fa0,0x1f60,0x345},{0x1fa1,0x1f61,0x345},{0x1fa2,0x1f62,0x345},{0x1fa3,0x1f63,0x345},
    {0x1fa4,0x1f64,0x345},{0x1fa5,0x1f65,0x345},{0x1fa6,0x1f66,0x345},{0x1fa7,0x1f67,0x345},{0x1fa8,0x1f68,0x345},{0x1fa9,0x1f69,0x345},
    {0x1faa,0x1f6a,0x345},{0x1fab,0x1f6b,0x345},{0x1fac,0x1f6c,0x345},{0x1fad,0x1f6d,0x345},{0x1fae,0x1f6e,0x345},{0x1faf,0x1f6f,0x345},
    {0x1fb0,0x3b1,0x306},{0x1fb1,0x3b1,0x304},{0x1fb2,0x1f70,0x345},{0x1fb3,0x3b1,0x345},{0x1fb4,0x3ac,0x345},{0x1fb6,0x3b1,0x342},
    {0x1fb7,0x1fb6,0x345},{0x1fb8,0x391,0x306},{0x1fb9,0x391,0x304},{0x1fba,0x391,0x300},{0x1fbb,0x386,0x0},{0x1fbc,0x391,0x345},
    {0x1fbe,0x3b9,0x0},{0x1fc1,0xa8,0x342},{0x1fc2,0x1f74,0x345},{0x1fc3,0x3b7,0x345},{0x1fc4,0x3ae,0x345},{0x1fc6,0x3b7,0x342},
    {0x1fc7,0x1fc6,0x345},{0x1fc8,0x395,0x300},{0x1fc9,0x388,0x0},{0x1fca,0x397,0x300},{0x1fcb,0x389,0x0},{0x1fcc,0x397,0x345},
    {0x1fcd,0x1fbf,0x300},{0x1fce,0x1fbf,0x301},{0x1fcf,0x1fbf,0x342},{0x1fd0,0x3b9,0x306},{0x1fd1,0x3b9,0x304},{0x1fd2,0x3ca,0x300},
    {0x1fd3,0x390,0x0},{0x1fd6,0x3b9,0x342},{0x1fd7,0x3ca,0x342},{0x1fd8,0x399,0x306},{0x1fd9,0x399,0x304},{0x1fda,0x399,0x300},
    {0x1fdb,0x38a,0x0},{0x1fdd,0x1ffe,0x300},{0x1fde,0x1ffe,0x301},{0x1fdf,0x1ffe,0x342},{0x1fe0,0x3c5,0x306},{0x1fe1,0x3c5,0x304},
    {0x1fe2,0x3cb,0x300},{0x1fe3,0x3b0,0x0},{0x1fe4,0x3c1,0x313},{0x1fe5,0x3c1,0x314},{0x1fe6,0x3c5,0x342},{0x1fe7,0x3cb,0x342},
    {0x1fe8,0x3a5,0x306},{0x1fe9,0x3a5,0x304},{0x1fea,0x3a5,0x300},{0x1feb,0x38e,0x0},{0x1fec,0x3a1,0x314},{0x1fed,0xa8,0x300},
    {0x1fee,0x385,0x0},{0x1fef,0x60,0x0},{0x1ff2,0x1f7c,0x345},{0x1ff3,0x3c9,0x345},{0x1ff4,0x3ce,0x345},{0x1ff6,0x3c9,0x342},
    {0x1ff7,0x1ff6,0x345},{0x1ff8,0x39f,0x300},{0x1ff9,0x38c,0x0},{0x1ffa,0x3a9,0x300},{0x1ffb,0x38f,0x0},{0x1ffc,0x3a9,0x345},
    {0x1ffd,0xb4,0x0},{0x2000,0x2002,0x0},{0x2001,0x2003,0x0},{0x2126,0x3a9,0x0},{0x212a,0x4b,0x0},{0x212b,0xc5,0x0},
    {0x219a,0x2190,0x338},{0x219b,0x2192,0x338},{0x21ae,0x2194,0x338},{0x21cd,0x21d0,0x338},{0x21ce,0x21d4,0x338},{0x21cf,0x21d2,0x338},
    {0x2204,0x2203,0x338},{0x2209,0x2208,0x338},{0x220c,0x220b,0x338},{0x2224,0x2223,0x338},{0x2226,0x2225,0x338},{0x2241,0x223c,0x338},
    {0x2244,0x2243,0x338},{0x2247,0x2245,0x338},{0x2249,0x2248,0x338},{0x2260,0x3d,0x338},{0x2262,0x2261,0x338},{0x226d,0x224d,0x338},
    {0x226e,0x3c,0x338},{0x226f,0x3e,0x338},{0x2270,0x2264,0x338},{0x2271,0x2265,0x338},{0x2274,0x2272,0x338},{0x2275,0x2273,0x338},
    {0x2278,0x2276,0x338},{0x2279,0x2277,0x338},{0x2280,0x227a,0x338},{0x2281,0x227b,0x338},{0x2284,0x2282,0x338},{0x2285,0x2283,0x338},
    {0x2288,0x2286,0x338},{0x2289,0x2287,0x338},{0x22ac,0x22a2,0x338},{0x22ad,0x22a8,0x338},{0x22ae,0x22a9,0x338},{0x22af,0x22ab,0x338},
    {0x22e0,0x227c,0x338},{0x22e1,0x227d,0x338},{0x22e2,0x2291,0x338},{0x22e3,0x2292,0x338},{0x22ea,0x22b2,0x338},{0x22eb,0x22b3,0x338},
    {0x22ec,0x22b4,0x338},{0x22ed,0x22b5,0x338},{0x2329,0x3008,0x0},{0x232a,0x3009,0x0},{0x2adc,0x2add,0x338},{0x304c,0x304b,0x3099},
    {0x304e,0x304d,0x3099},{0x3050,0x304f,0x3099},{0x3052,0x3051,0x3099},{0x3054,0x3053,0x3099},{0x3056,0x3055,0x3099},{0x3058,0x3057,0x3099},
    {0x305a,0x3059,0x3099},{0x305c,0x305b,0x3099},{0x305e,0x305d,0x3099},{0x3060,0x305f,0x3099},{0x3062,0x3061,0x3099},{0x3065,0x3064,0x3099},
    {0x3067,0x3066,0x3099},{0x3069,0x3068,0x3099},{0x3070,0x306f,0x3099},{0x3071,0x306f,0x309a},{0x3073,0x3072,0x3099},{0x3074,0x3072,0x309a},
    {0x3076,0x3075,0x3099},{0x3077,0x3075,0x309a},{0x3079,0x3078,0x3099},{0x307a,0x3078,0x309a},{0x307c,0x307b,0x3099},{0x307d,0x307b,0x309a},
    {0x3094,0x3046,0x3099},{0x309e,0x309d,0x3099},{0x30ac,0x30ab,0x3099},{0x30ae,0x30ad,0x3099},{0x30b0,0x30af,0x3099},{0x30b2,0x30b1,0x3099},
    {0x30b4,0x30b3,0x3099},{0x30b6,0x30b5,0x3099},{0x30b8,0x30b7,0x3099},{0x30ba,0x30b9,0x3099},{0x30bc,0x30bb,0x3099},{0x30be,0x30bd,0x3099},
    {0x30c0,0x30bf,0x3099},{0x30c2,0x30c1,0x3099},{0x30c5,0x30c4,0x3099},{0x30c7,0x30c6,0x3099},{0x30c9,0x30c8,0x3099},{0x30d0,0x30cf,0x3099},
    {0x30d1,0x30cf,0x309a},{0x30d3,0x30d2,0x3099},{0x30d4,0x30d2,0x309a},{0x30d6,0x30d5,0x3099},{0x30d7,0x30d5,0x309a},{0x30d9,0x30d8,0x3099},
    {0x30da,0x30d8,0x309a},{0x30dc,0x30db,0x3099},{0x30dd,0x30db,0x309a},{0x30f4,0x30a6,0x3099},{0x30f7,0x30ef,0x3099},{0x30f8,0x30f0,0x3099},
    {0x30f9,0x30f1,0x3099},{0x30fa,0x30f2,0x3099},{0x30fe,0x30fd,0x3099},{0xf900,0x8c48,0x0},{0xf901,0x66f4,0x0},{0xf902,0x8eca,0x0},
    {0xf903,0x8cc8,0x0},{0xf904,0x6ed1,0x0},{0xf905,0x4e32,0x0},{0xf906,0x53e5,0x0},{0xf907,0x9f9c,0x0},{0xf908,0x9f9c,0x0},
    {0xf909,0x5951,0x0},{0xf90a,0x91d1,0x0},{0xf90b,0x5587,0x0},{0xf90c,0x5948,0x0},{0xf90d,0x61f6,0x0},{0xf90e,0x7669,0x0},
    {0xf90f,0x7f85,0x0},{0xf910,0x863f,0x0},{0xf911,0x87ba,0x0},{0xf912,0x88f8,0x0},{0xf913,0x908f,0x0},{0xf914,0x6a02,0x0},
    {0xf915,0x6d1b,0x0},{0xf916,0x70d9,0x0},{0xf917,0x73de,0x0},{0xf918,0x843d,0x0},{0xf919,0x916a,0x0},{0xf91a,0x99f1,0x0},
    {0xf91b,0x4e82,0x0},{0xf91c,0x5375,0x0},{0xf91d,0x6b04,0x0},{0xf91e,0x721b,0x0},{0xf91f,0x862d,0x0},{0xf920,0x9e1e,0x0},
    {0xf921,0x5d50,0x0},{0xf922,0x6feb,0x0},{0xf923,0x85cd,0x0},{0xf924,0x8964,0x0},{0xf925,0x62c9,0x0},{0xf926,0x81d8,0x0},
    {0xf927,0x881f,0x0},{0xf928,0x5eca,0x0},{0xf929,0x6717,0x0},{0xf92a,0x6d6a,0x0},{0xf92b,0x72fc,0x0},{0xf92c,0x90ce,0x0},
    {0xf92d,0x4f86,0x0},{0xf92e,0x51b7,0x0},{0xf92f,0x52de,0x0},{0xf930,0x64c4,0x0},{0xf931,0x6ad3,0x0},{0xf932,0x7210,0x0},
    {0xf933,0x76e7,0x0},{0xf934,0x8001,0x0},{0xf935,0x8606,0x0},{0xf936,0x865c,0x0},{0xf937,0x8def,0x0},{0xf938,0x9732,0x0},
    {0xf939,0x9b6f,0x0},{0xf93a,0x9dfa,0x0},{0xf93b,0x788c,0x0},{0xf93c,0x797f,0x0},{0xf93d,0x7da0,0x0},{0xf93e,0x83c9,0x0},
    {0xf93f,0x9304,0x0},{0xf940,0x9e7f,0x0},{0xf941,0x8ad6,0x0},{0xf942,0x58df,0x0},{0xf943,0x5f04,0x0},{0xf944,0x7c60,0x0},
    {0xf945,0x807e,0x0},{0xf946,0x7262,0x0},{0xf947,0x78ca,0x0},{0xf948,0x8cc2,0x0},{0xf949,0x96f7,0x0},{0xf94a,0x58d8,0x0},
    {0xf94b,0x5c62,0x0},{0xf94c,0x6a13,0x0},{0xf94d,0x6dda,0x0},{0xf94e,0x6f0f,0x0},{0xf94f,0x7d2f,0x0},{0xf950,0x7e37,0x0},
    {0xf951,0x964b,0x0},{0xf952,0x52d2,0x0},{0xf953,0x808b,0x0},{0xf954,0x51dc,0x0},{0xf955,0x51cc,0x0},{0xf956,0x7a1c,0x0},
    {0xf957,0x7dbe,0x0},{0xf958,0x83f1,0x0},{0xf959,0x9675,0x0},{0xf95a,0x8b80,0x0},{0xf95b,0x62cf,0x0},{0xf95c,0x6a02,0x0},
    {0xf95d,0x8afe,0x0},{0xf95e,0x4e39,0x0},{0xf95f,0x5be7,0x0},{0xf960,0x6012,0x0},{0xf961,0x7387,0x0},{0xf962,0x7570,0x0},
    {0xf963,0x5317,0x0},{0xf964,0x78fb,0x0},{0xf965,0x4fbf,0x0},{0xf966,0x5fa9,0x0},{0xf967,0x4e0d,0x0},{0xf968,0x6ccc,0x0},
    {0xf969,0x6578,0x0},{0xf96a,0x7d22,0x0},{0xf96b,0x53c3,0x0},{0xf96c,0x585e,0x0},{0xf96d,0x7701,0x0},{0xf96e,0x8449,0x0},
    {0xf96f,0x8aaa,0x0},{0xf970,0x6bba,0x0},{0xf971,0x8fb0,0x0},{0xf972,0x6c88,0x0},{0xf973,0x62fe,0x0},{0xf974,0x82e5,0x0},
    {0xf975,0x63a0,0x0},{0xf976,0x7565,0x0},{0xf977,0x4eae,0x0},{0xf978,0x5169,0x0},{0xf979,0x51c9,0x0},{0xf97a,0x6881,0x0},
    {0xf97b,0x7ce7,0x0},{0xf97c,0x826f,0x0},{0xf97d,0x8ad2,0x0},{0xf97e,0x91cf,0x0},{0xf97f,0x52f5,0x0},{0xf980,0x5442,0x0},
    {0xf981,0x5973,0x0},{0xf982,0x5eec,0x0},{0xf983,0x65c5,0x0},{0xf984,0x6ffe,0x0},{0xf985,0x792a,0x0},{0xf986,0x95ad,0x0},
    {0xf987,0x9a6a,0x0},{0xf988,0x9e97,0x0},{0xf989,0x9ece,0x0},{0xf98a,0x529b,0x0},{0xf98b,0x66c6,0x0},{0xf98c,0x6b77,0x0},
    {0xf98d,0x8f62,0x0},{0xf98e,0x5e74,0x0},{0xf98f,0x6190,0x0},{0xf990,0x6200,0x0},{0xf991,0x649a,0x0},{0xf992,0x6f23,0x0},
    {0xf993,0x7149,0x0},{0xf994,0x7489,0x0},{0xf995,0x79ca,0x0},{0xf996,0x7df4,0x0},{0xf997,0x806f,0x0},{0xf998,0x8f26,0x0},
    {0xf999,0x84ee,0x0},{0xf99a,0x9023,0x0},{0xf99b,0x934a,0x0},{0xf99c,0x5217,0x0},{0xf99d,0x52a3,0x0},{0xf99e,0x54bd,0x0},
    {0xf99f,0x70c8,0x0},{0xf9a0,0x88c2,0x0},{0xf9a1,0x8aaa,0x0},{0xf9a2,0x5ec9,0x0},{0xf9a3,0x5ff5,0x0},{0xf9a4,0x637b,0x0},
    {0xf9a5,0x6bae,0x0},{0xf9a6,0x7c3e,0x0},{0xf9a7,0x7375,0x0},{0xf9a8,0x4ee4,0x0},{0xf9a9,0x56f9,0x0},{0xf9aa,0x5be7,0x0},
    {0xf9ab,0x5dba,0x0},{0xf9ac,0x601c,0x0},{0xf9ad,0x73b2,0x0},{0xf9ae,0x7469,0x0},{0xf9af,0x7f9a,0x0},{0xf9b0,0x8046,0x0},
    {0xf9b1,0x9234,0x0},{0xf9b2,0x96f6,0x0},{0xf9b3,0x9748,0x0},{0xf9b4,0x9818,0x0},{0xf9b5,0x4f8b,0x0},{0xf9b6,0x79ae,0x0},
    {0xf9b7,0x91b4,0x0},{0xf9b8,0x96b8,0x0},{0xf9b9,0x60e1,0x0},{0xf9ba,0x4e86,0x0},{0xf9bb,0x50da,0x0},{0xf9bc,0x5bee,0x0},
    {0xf9bd,0x5c3f,0x0},{0xf9be,0x6599,0x0},{0xf9bf,0x6a02,0x0},{0xf9c0,0x71ce,0x0},{0xf9c1,0x7642,0x0},{0xf9c2,0x84fc,0x0},
    {0xf9c3,0x907c,0x0},{0xf9c4,0x9f8d,0x0},{0xf9c5,0x6688,0x0},{0xf9c6,0x962e,0x0},{0xf9c7,0x5289,0x0},{0xf9c8,0x677b,0x0},
    {0xf9c9,0x67f3,0x0},{0xf9ca,0x6d41,0x0},{0xf9cb,0x6e9c,0x0},{0xf9cc,0x7409,0x0},{0xf9cd,0x7559,0x0},{0xf9ce,0x786b,0x0},
    {0xf9cf,0x7d10,0x0},{0xf9d0,0x985e,0x0},{0xf9d1,0x516d,0x0},{0xf9d2,0x622e,0x0},{0xf9d3,0x9678,0x0},{0xf9d4,0x502b,0x0},
    {0xf9d5,0x5d19,0x0},{0xf9d6,0x6dea,0x0},{0xf9d7,0x8f2a,0x0},{0xf9d8,0x5f8b,0x0},{0xf9d9,0x6144,0x0},{0xf9da,0x6817,0x0},
    {0xf9db,0x7387,0x0},{0xf9dc,0x9686,0x0},{0xf9dd,0x5229,0x0},{0xf9de,0x540f,0x0},{0xf9df,0x5c65,0x0},{0xf9e0,0x6613,0x0},
    {0xf9e1,0x674e,0x0},{0xf9e2,0x68a8,0x0},{0xf9e3,0x6ce5,0x0},{0xf9e4,0x7406,0x0},{0xf9e5,0x75e2,0x0},{0xf9e6,0x7f79,0x0},
    {0xf9e7,0x88cf,0x0},{0xf9e8,0x88e1,0x0},{0xf9e9,0x91cc,0x0},{0xf9ea,0x96e2,0x0},{0xf9eb,0x533f,0x0},{0xf9ec,0x6eba,0x0},
    {0xf9ed,0x541d,0x0},{0xf9ee,0x71d0,0x0},{0xf9ef,0x7498,0x0},{0xf9f0,0x85fa,0x0},{0xf9f1,0x96a3,0x0},{0xf9f2,0x9c57,0x0},
    {0xf9f3,0x9e9f,0x0},{0xf9f4,0x6797,0x0},{0xf9f5,0x6dcb,0x0},{0xf9f6,0x81e8,0x0},{0xf9f7,0x7acb,0x0},{0xf9f8,0x7b20,0x0},
    {0xf9f9,0x7c92,0x0},{0xf9fa,0x72c0,0x0},{0xf9fb,0x7099,0x0},{0xf9fc,0x8b58,0x0},{0xf9fd,0x4ec0,0x0},{0xf9fe,0x8336,0x0},
    {0xf9ff,0x523a,0x0},{0xfa00,0x5207,0x0},{0xfa01,0x5ea6,0x0},{0xfa02,0x62d3,0x0},{0xfa03,0x7cd6,0x0},{0xfa04,0x5b85,0x0},
    {0xfa05,0x6d1e,0x0},{0xfa06,0x66b4,0x0},{0xfa07,0x8f3b,0x0},{0xfa08,0x884c,0x0},{0xfa09,0x964d,0x0},{0xfa0a,0x898b,0x0},
    {0xfa0b,0x5ed3,0x0},{0xfa0c,0x5140,0x0},{0xfa0d,0x55c0,0x0},{0xfa10,0x585a,0x0},{0xfa12,0x6674,0x0},{0xfa15,0x51de,0x0},
    {0xfa16,0x732a,0x0},{0xfa17,0x76ca,0x0},{0xfa18,0x793c,0x0},{0xfa19,0x795e,0x0},{0xfa1a,0x7965,0x0},{0xfa1b,0x798f,0x0},
    {0xfa1c,0x9756,0x0},{0xfa1d,0x7cbe,0x0},{0xfa1e,0x7fbd,0x0},{0xfa20,0x8612,0x0},{0xfa22,0x8af8,0x0},{0xfa25,0x9038,0x0},
    {0xfa26,0x90fd,0x0},{0xfa2a,0x98ef,0x0},{0xfa2b,0x98fc,0x0},{0xfa2c,0x9928,0x0},{0xfa2d,0x9db4,0x0},{0xfa2e,0x90de,0x0},
    {0xfa2f,0x96b7,0x0},{0xfa30,0x4fae,0x0},{0xfa31,0x50e7,0x0},{0xfa32,0x514d,0x0},{0xfa33,0x52c9,0x0},{0xfa34,0x52e4,0x0},
    {0xfa35,0x5351,0x0},{0xfa36,0x559d,0x0},{0xfa37,0x5606,0x0},{0xfa38,0x5668,0x0},{0xfa39,0x5840,0x0},{0xfa3a,0x58a8,0x0},
    {0xfa3b,0x5c64,0x0},{0xfa3c,0x5c6e,0x0},{0xfa3d,0x6094,0x0},{0xfa3e,0x6168,0x0},{0xfa3f,0x618e,0x0},{0xfa40,0x61f2,0x0},
    {0xfa41,0x654f,0x0},{0xfa42,0x65e2,0x0},{0xfa43,0x6691,0x0},{0xfa44,0x6885,0x0},{0xfa45,0x6d77,0x0},{0xfa46,0x6e1a,0x0},
    {0xfa47,0x6f22,0x0},{0xfa48,0x716e,0x0},{0xfa49,0x722b,0x0},{0xfa4a,0x7422,0x0},{0xfa4b,0x7891,0x0},{0xfa4c,0x793e,0x0},
    {0xfa4d,0x7949,0x0},{0xfa4e,0x7948,0x0},{0xfa4f,0x7950,0x0},{0xfa50,0x7956,0x0},{0xfa51,0x795d,0x0},{0xfa52,0x798d,0x0},
    {0xfa53,0x798e,0x0},{0xfa54,0x7a40,0x0},{0xfa55,0x7a81,0x0},{0xfa56,0x7bc0,0x0},{0xfa57,0x7df4,0x0},{0xfa58,0x7e09,0x0},
    {0xfa59,0x7e41,0x0},{0xfa5a,0x7f72,0x0},{0xfa5b,0x8005,0x0},{0xfa5c,0x81ed,0x0},{0xfa5d,0x8279,0x0},{0xfa5e,0x8279,0x0},
    {0xfa5f,0x8457,0x0},{0xfa60,0x8910,0x0},{0xfa61,0x8996,0x0},{0xfa62,0x8b01,0x0},{0xfa63,0x8b39,0x0},{0xfa64,0x8cd3,0x0},
    {0xfa65,0x8d08,0x0},{0xfa66,0x8fb6,0x0},{0xfa67,0x9038,0x0},{0xfa68,0x96e3,0x0},{0xfa69,0x97ff,0x0},{0xfa6a,0x983b,0x0},
    {0xfa6b,0x6075,0x0},{0xfa6c,0x242ee,0x0},{0xfa6d,0x8218,0x0},{0xfa70,0x4e26,0x0},{0xfa71,0x51b5,0x0},{0xfa72,0x5168,0x0},
    {0xfa73,0x4f80,0x0},{0xfa74,0x5145,0x0},{0xfa75,0x5180,0x0},{0xfa76,0x52c7,0x0},{0xfa77,0x52fa,0x0},{0xfa78,0x559d,0x0},
    {0xfa79,0x5555,0x0},{0xfa7a,0x5599,0x0},{0xfa7b,0x55e2,0x0},{0xfa7c,0x585a,0x0},{0xfa7d,0x58b3,0x0},{0xfa7e,0x5944,0x0},
    {0xfa7f,0x5954,0x0},{0xfa80,0x5a62,0x0},{0xfa81,0x5b28,0x0},{0xfa82,0x5ed2,0x0},{0xfa83,0x5ed9,0x0},{0xfa84,0x5f69,0x0},
    {0xfa85,0x5fad,0x0},{0xfa86,0x60d8,0x0},{0xfa87,0x614e,0x0},{0xfa88,0x6108,0x0},{0xfa89,0x618e,0x0},{0xfa8a,0x6160,0x0},
    {0xfa8b,0x61f2,0x0},{0xfa8c,0x6234,0x0},{0xfa8d,0x63c4,0x0},{0xfa8e,0x641c,0x0},{0xfa8f,0x6452,0x0},{0xfa90,0x6556,0x0},
    {0xfa91,0x6674,0x0},{0xfa92,0x6717,0x0},{0xfa93,0x671b,0x0},{0xfa94,0x6756,0x0},{0xfa95,0x6b79,0x0},{0xfa96,0x6bba,0x0},
    {0xfa97,0x6d41,0x0},{0xfa98,0x6edb,0x0},{0xfa99,0x6ecb,0x0},{0xfa9a,0x6f22,0x0},{0xfa9b,0x701e,0x0},{0xfa9c,0x716e,0x0},
    {0xfa9d,0x77a7,0x0},{0xfa9e,0x7235,0x0},{0xfa9f,0x72af,0x0},{0xfaa0,0x732a,0x0},{0xfaa1,0x7471,0x0},{0xfaa2,0x7506,0x0},
    {0xfaa3,0x753b,0x0},{0xfaa4,0x761d,0x0},{0xfaa5,0x761f,0x0},{0xfaa6,0x76ca,0x0},{0xfaa7,0x76db,0x0},{0xfaa8,0x76f4,0x0},
    {0xfaa9,0x774a,0x0},{0xfaaa,0x7740,0x0},{0xfaab,0x78cc,0x0},{0xfaac,0x7ab1,0x0},{0xfaad,0x7bc0,0x0},{0xfaae,0x7c7b,0x0},
    {0xfaaf,0x7d5b,0x0},{0xfab0,0x7df4,0x0},{0xfab1,0x7f3e,0x0},{0xfab2,0x8005,0x0},{0xfab3,0x8352,0x0},{0xfab4,0x83ef,0x0},
    {0xfab5,0x8779,0x0},{0xfab6,0x8941,0x0},{0xfab7,0x8986,0x0},{0xfab8,0x8996,0x0},{0xfab9,0x8abf,0x0},{0xfaba,0x8af8,0x0},
    {0xfabb,0x8acb,0x0},{0xfabc,0x8b01,0x0},{0xfabd,0x8afe,0x0},{0xfabe,0x8aed,0x0},{0xfabf,0x8b39,0x0},{0xfac0,0x8b8a,0x0},
    {0xfac1,0x8d08,0x0},{0xfac2,0x8f38,0x0},{0xfac3,0x9072,0x0},{0xfac4,0x9199,0x0},{0xfac5,0x9276,0x0},{0xfac6,0x967c,0x0},
    {0xfac7,0x96e3,0x0},{0xfac8,0x9756,0x0},{0xfac9,0x97db,0x0},{0xfaca,0x97ff,0x0},{0xfacb,0x980b,0x0},{0xfacc,0x983b,0x0},
    {0xfacd,0x9b12,0x0},{0xface,0x9f9c,0x0},{0xfacf,0x2284a,0x0},{0xfad0,0x22844,0x0},{0xfad1,0x233d5,0x0},{0xfad2,0x3b9d,0x0},
    {0xfad3,0x4018,0x0},{0xfad4,0x4039,0x0},{0xfad5,0x25249,0x0},{0xfad6,0x25cd0,0x0},{0xfad7,0x27ed3,0x0},{0xfad8,0x9f43,0x0},
    {0xfad9,0x9f8e,0x0},{0xfb1d,0x5d9,0x5b4},{0xfb1f,0x5f2,0x5b7},{0xfb2a,0x5e9,0x5c1},{0xfb2b,0x5e9,0x5c2},{0xfb2c,0xfb49,0x5c1},
    {0xfb2d,0xfb49,0x5c2},{0xfb2e,0x5d0,0x5b7},{0xfb2f,0x5d0,0x5b8},{0xfb30,0x5d0,0x5bc},{0xfb31,0x5d1,0x5bc},{0xfb32,0x5d2,0x5bc},
    {0xfb33,0x5d3,0x5bc},{0xfb34,0x5d4,0x5bc},{0xfb35,0x5d5,0x5bc},{0xfb36,0x5d6,0x5bc},{0xfb38,0x5d8,0x5bc},{0xfb39,0x5d9,0x5bc},
    {0xfb3a,0x5da,0x5bc},{0xfb3b,0x5db,0x5bc},{0xfb3c,0x5dc,0x5bc},{0xfb3e,0x5de,0x5bc},{0xfb40,0x5e0,0x5bc},{0xfb41,0x5e1,0x5bc},
    {0xfb43,0x5e3,0x5bc},{0xfb44,0x5e4,0x5bc},{0xfb46,0x5e6,0x5bc},{0xfb47,0x5e7,0x5bc},{0xfb48,0x5e8,0x5bc},{0xfb49,0x5e9,0x5bc},
    {0xfb4a,0x5ea,0x5bc},{0xfb4b,0x5d5,0x5b9},{0xfb4c,0x5d1,0x5bf},{0xfb4d,0x5db,0x5bf},{0xfb4e,0x5e4,0x5bf},{0x1109a,0x11099,0x110ba},
    {0x1109c,0x1109b,0x110ba},{0x110ab,0x110a5,0x110ba},{0x1112e,0x11131,0x11127},{0x1112f,0x11132,0x11127},{0x1134b,0x11347,0x1133e},{0x1134c,0x11347,0x11357},
    {0x114bb,0x114b9,0x114ba},{0x114bc,0x114b9,0x114b0},{0x114be,0x114b9,0x114bd},{0x115ba,0x115b8,0x115af},{0x115bb,0x115b9,0x115af},{0x1d15e,0x1d157,0x1d165},
    {0x1d15f,0x1d158,0x1d165},{0x1d160,0x1d15f,0x1d16e},{0x1d161,0x1d15f,0x1d16f},{0x1d162,0x1d15f,0x1d170},{0x1d163,0x1d15f,0x1d171},{0x1d164,0x1d15f,0x1d172},
    {0x1d1bb,0x1d1b9,0x1d165},{0x1d1bc,0x1d1ba,0x1d165},{0x1d1bd,0x1d1bb,0x1d16e},{0x1d1be,0x1d1bc,0x1d16e},{0x1d1bf,0x1d1bb,0x1d16f},{0x1d1c0,0x1d1bc,0x1d16f},
    {0x2f800,0x4e3d,0x0},{0x2f801,0x4e38,0x0},{0x2f802,0x4e41,0x0},{0x2f803,0x20122,0x0},{0x2f804,0x4f60,0x0},{0x2f805,0x4fae,0x0},
    {0x2f806,0x4fbb,0x0},{0x2f807,0x5002,0x0},{0x2f808,0x507a,0x0},{0x2f809,0x5099,0x0},{0x2f80a,0x50e7,0x0},{0x2f80b,0x50cf,0x0},
    {0x2f80c,0x349e,0x0},{0x2f80d,0x2063a,0x0},{0x2f80e,0x514d,0x0},{0x2f80f,0x5154,0x0},{0x2f810,0x5164,0x0},{0x2f811,0x5177,0x0},
    {0x2f812,0x2051c,0x0},{0x2f813,0x34b9,0x0},{0x2f814,0x5167,0x0},{0x2f815,0x518d,0x0},{0x2f816,0x2054b,0x0},{0x2f817,0x5197,0x0},
    {0x2f818,0x51a4,0x0},{0x2f819,0x4ecc,0x0},{0x2f81a,0x51ac,0x0},{0x2f81b,0x51b5,0x0},{0x2f81c,0x291df,0x0},{0x2f81d,0x51f5,0x0},
    {0x2f81e,0x5203,0x0},{0x2f81f,0x34df,0x0},{0x2f820,0x523b,0x0},{0x2f821,0x5246,0x0},{0x2f822,0x5272,0x0},{0x2f823,0x5277,0x0},
    {0x2f824,0x3515,0x0},{0x2f825,0x52c7,0x0},{0x2f826,0x52c9,0x0},{0x2f827,0x52e4,0x0},{0x2f828,0x52fa,0x0},{0x2f829,0x5305,0x0},
    {0x2f82a,0x5306,0x0},{0x2f82b,0x5317,0x0},{0x2f82c,0x5349,0x0},{0x2f82d,0x5351,0x0},{0x2f82e,0x535a,0x0},{0x2f82f,0x5373,0x0},
    {0x2f830,0x537d,0x0},{0x2f831,0x537f,0x0},{0x2f832,0x537f,0x0},{0x2f833,0x537f,0x0},{0x2f834,0x20a2c,0x0},{0x2f835,0x7070,0x0},
    {0x2f836,0x53ca,0x0},{0x2f837,0x53df,0x0},{0x2f838,0x20b63,0x0},{0x2f839,0x53eb,0x0},{0x2f83a,0x53f1,0x0},{0x2f83b,0x5406,0x0},
    {0x2f83c,0x549e,0x0},{0x2f83d,0x5438,0x0},{0x2f83e,0x5448,0x0},{0x2f83f,0x5468,0x0},{0x2f840,0x54a2,0x0},{0x2f841,0x54f6,0x0},
    {0x2f842,0x5510,0x0},{0x2f843,0x5553,0x0},{0x2f844,0x5563,0x0},{0x2f845,0x5584,0x0},{0x2f846,0x5584,0x0},{0x2f847,0x5599,0x0},
    {0x2f848,0x55ab,0x0},{0x2f849,0x55b3,0x0},{0x2f84a,0x55c2,0x0},{0x2f84b,0x5716,0x0},{0x2f84c,0x5606,0x0},{0x2f84d,0x5717,0x0},
    {0x2f84e,0x5651,0x0},{0x2f84f,0x5674,0x0},{0x2f850,0x5207,0x0},{0x2f851,0x58ee,0x0},{0x2f852,0x57ce,0x0},{0x2f853,0x57f4,0x0},
    {0x2f854,0x580d,0x0},{0x2f855,0x578b,0x0},{0x2f856,0x5832,0x0},{0x2f857,0x5831,0x0},{0x2f858,0x58ac,0x0},{0x2f859,0x214e4,0x0},
    {0x2f85a,0x58f2,0x0},{0x2f85b,0x58f7,0x0},{0x2f85c,0x5906,0x0},{0x2f85d,0x591a,0x0},{0x2f85e,0x5922,0x0},{0x2f85f,0x5962,0x0},
    {0x2f860,0x216a8,0x0},{0x2f861,0x216ea,0x0},{0x2f862,0x59ec,0x0},{0x2f863,0x5a1b,0x0},{0x2f864,0x5a27,0x0},{0x2f865,0x59d8,0x0},
    {0x2f866,0x5a66,0x0},{0x2f867,0x36ee,0x0},{0x2f868,0x36fc,0x0},{0x2f869,0x5b08,0x0},{0x2f86a,0x5b3e,0x0},{0x2f86b,0x5b3e,0x0},
    {0x2f86c,0x219c8,0x0},{0x2f86d,0x5bc3,0x0},{0x2f86e,0x5bd8,0x0},{0x2f86f,0x5be7,0x0},{0x2f870,0x5bf3,0x0},{0x2f871,0x21b18,0x0},
    {0x2f872,0x5bff,0x0},{0x2f873,0x5c06,0x0},{0x2f874,0x5f53,0x0},{0x2f875,0x5c22,0x0},{0x2f876,0x3781,0x0},{0x2f877,0x5c60,0x0},
    {0x2f878,0x5c6e,0x0},{0x2f879,0x5cc0,0x0},{0x2f87a,0x5c8d,0x0},{0x2f87b,0x21de4,0x0},{0x2f87c,0x5d43,0x0},{0x2f87d,0x21de6,0x0},
    {0x2f87e,0x5d6e,0x0},{0x2f87f,0x5d6b,0x0},{0x2f880,0x5d7c,0x0},{0x2f881,0x5de1,0x0},{0x2f882,0x5de2,0x0},{0x2f883,0x382f,0x0},
    {0x2f884,0x5dfd,0x0},{0x2f885,0x5e28,0x0},{0x2f886,0x5e3d,0x0},{0x2f887,0x5e69,0x0},{0x2f888,0x3862,0x0},{0x2f889,0x22183,0x0},
    {0x2f88a,0x387c,0x0},{0x2f88b,0x5eb0,0x0},{0x2f88c,0x5eb3,0x0},{0x2f88d,0x5eb6,0x0},{0x2f88e,0x5eca,0x0},{0x2f88f,0x2a392,0x0},
    {0x2f890,0x5efe,0x0},{0x2f891,0x22331,0x0},{0x2f892,0x22331,0x0},{0x2f893,0x8201,0x0},{0x2f894,0x5f22,0x0},{0x2f895,0x5f22,0x0},
    {0x2f896,0x38c7,0x0},{0x2f897,0x232b8,0x0},{0x2f898,0x261da,0x0},{0x2f899,0x5f62,0x0},{0x2f89a,0x5f6b,0x0},{0x2f89b,0x38e3,0x0},
    {0x2f89c,0x5f9a,0x0},{0x2f89d,0x5fcd,0x0},{0x2f89e,0x5fd7,0x0},{0x2f89f,0x5ff9,0x0},{0x2f8a0,0x6081,0x0},{0x2f8a1,0x393a,0x0},
    {0x2f8a2,0x391c,0x0},{0x2f8a3,0x6094,0x0},{0x2f8a4,0x226d4,0x0},{0x2f8a5,0x60c7,0x0},{0x2f8a6,0x6148,0x0},{0x2f8a7,0x614c,0x0},
    {0x2f8a8,0x614e,0x0},{0x2f8a9,0x614c,0x0},{0x2f8aa,0x617a,0x0},{0x2f8ab,0x618e,0x0},{0x2f8ac,0x61b2,0x0},{0x2f8ad,0x61a4,0x0},
    {0x2f8ae,0x61af,0x0},{0x2f8af,0x61de,0x0},{0x2f8b0,0x61f2,0x0},{0x2f8b1,0x61f6,0x0},{0x2f8b2,0x6210,0x0},{0x2f8b3,0x621b,0x0},
    {0x2f8b4,0x625d,0x0},{0x2f8b5,0x62b1,0x0},{0x2f8b6,0x62d4,0x0},{0x2f8b7,0x6350,0x0},{0x2f8b8,0x22b0c,0x0},{0x2f8b9,0x633d,0x0},
    {0x2f8ba,0x62fc,0x0},{0x2f8bb,0x6368,0x0},{0x2f8bc,0x6383,0x0},{0x2f8bd,0x63e4,0x0},{0x2f8be,0x22bf1,0x0},{0x2f8bf,0x6422,0x0},
    {0x2f8c0,0x63c5,0x0},{0x2f8c1,0x63a9,0x0},{0x2f8c2,0x3a2e,0x0},{0x2f8c3,0x6469,0x0},{0x2f8c4,0x647e,0x0},{0x2f8c5,0x649d,0x0},
    {0x2f8c6,0x6477,0x0},{0x2f8c7,0x3a6c,0x0},{0x2f8c8,0x654f,0x0},{0x2f8c9,0x656c,0x0},{0x2f8ca,0x2300a,0x0},{0x2f8cb,0x65e3,0x0},
    {0x2f8cc,0x66f8,0x0},{0x2f8cd,0x6649,0x0},{0x2f8ce,0x3b19,0x0},{0x2f8cf,0x6691,0x0},{0x2f8d0,0x3b08,0x0},{0x2f8d1,0x3ae4,0x0},
    {0x2f8d2,0x5192,0x0},{0x2f8d3,0x5195,0x0},{0x2f8d4,0x6700,0x0},{0x2f8d5,0x669c,0x0},{0x2f8d6,0x80ad,0x0},{0x2f8d7,0x43d9,0x0},
    {0x2f8d8,0x6717,0x0},{0x2f8d9,0x671b,0x0},{0x2f8da,0x6721,0x0},{0x2f8db,0x675e,0x0},{0x2f8dc,0x6753,0x0},{0x2f8dd,0x233c3,0x0},
    {0x2f8de,0x3b49,0x0},{0x2f8df,0x67fa,0x0},{0x2f8e0,0x6785,0x0},{0x2f8e1,0x6852,0x0},{0x2f8e2,0x6885,0x0},{0x2f8e3,0x2346d,0x0},
    {0x2f8e4,0x688e,0x0},{0x2f8e5,0x681f,0x0},{0x2f8e6,0x6914,0x0},{0x2f8e7,0x3b9d,0x0},{0x2f8e8,0x6942,0x0},{0x2f8e9,0x69a3,0x0},
    {0x2f8ea,0x69ea,0x0},{0x2f8eb,0x6aa8,0x0},{0x2f8ec,0x236a3,0x0},{0x2f8ed,0x6adb,0x0},{0x2f8ee,0x3c18,0x0},{0x2f8ef,0x6b21,0x0},
    {0x2f8f0,0x238a7,0x0},{0x2f8f1,0x6b54,0x0},{0x2f8f2,0x3c4e,0x0},{0x2f8f3,0x6b72,0x0},{0x2f8f4,0x6b9f,0x0},{0x2f8f5,0x6bba,0x0},
    {0x2f8f6,0x6bbb,0x0},{0x2f8f7,0x23a8d,0x0},{0x2f8f8,0x21d0b,0x0},{0x2f8f9,0x23afa,0x0},{0x2f8fa,0x6c4e,0x0},{0x2f8fb,0x23cbc,0x0},
    {0x2f8fc,0x6cbf,0x0},{0x2f8fd,0x6ccd,0x0},{0x2f8fe,0x6c67,0x0},{0x2f8ff,0x6d16,0x0},{0x2f900,0x6d3e,0x0},{0x2f901,0x6d77,0x0},
    {0x2f902,0x6d41,0x0},{0x2f903,0x6d69,0x0},{0x2f904,0x6d78,0x0},{0x2f905,0x6d85,0x0},{0x2f906,0x23d1e,0x0},{0x2f907,0x6d34,0x0},
    {0x2f908,0x6e2f,0x0},{0x2f909,0x6e6e,0x0},{0x2f90a,0x3d33,0x0},{0x2f90b,0x6ecb,0x0},{0x2f90c,0x6ec7,0x0},{0x2f90d,0x23ed1,0x0},
    {0x2f90e,0x6df9,0x0},{0x2f90f,0x6f6e,0x0},{0x2f910,0x23f5e,0x0},{0x2f911,0x23f8e,0x0},{0x2f912,0x6fc6,0x0},{0x2f913,0x7039,0x0},
    {0x2f914,0x701e,0x0},{0x2f915,0x701b,0x0},{0x2f916,0x3d96,0x0},{0x2f917,0x704a,0x0},{0x2f918,0x707d,0x0},{0x2f919,0x7077,0x0},
    {0x2f91a,0x70ad,0x0},{0x2f91b,0x20525,0x0},{0x2f91c,0x7145,0x0},{0x2f91d,0x24263,0x0},{0x2f91e,0x719c,0x0},{0x2f91f,0x243ab,0x0},
    {0x2f920,0x7228,0x0},{0x2f921,0x7235,0x0},{0x2f922,0x7250,0x0},{0x2f923,0x24608,0x0},{0x2f924,0x7280,0x0},{0x2f925,0x7295,0x0},
    {0x2f926,0x24735,0x0},{0x2f927,0x24814,0x0},{0x2f928,0x737a,0x0},{0x2f929,0x738b,0x0},{0x2f92a,0x3eac,0x0},{0x2f92b,0x73a5,0x0},
    {0x2f92c,0x3eb8,0x0},{0x2f92d,0x3eb8,0x0},{0x2f92e,0x7447,0x0},{0x2f92f,0x745c,0x0},{0x2f930,0x7471,0x0},{0x2f931,0x7485,0x0},
    {0x2f932,0x74ca,0x0},{0x2f933,0x3f1b,0x0},{0x2f934,0x7524,0x0},{0x2f935,0x24c36,0x0},{0x2f936,0x753e,0x0},{0x2f937,0x24c92,0x0},
    {0x2f938,0x7570,0x0},{0x2f939,0x2219f,0x0},{0x2f93a,0x7610,0x0},{0x2f93b,0x24fa1,0x0},{0x2f93c,0x24fb8,0x0},{0x2f93d,0x25044,0x0},
    {0x2f93e,0x3ffc,0x0},{0x2f93f,0x4008,0x0},{0x2f940,0x76f4,0x0},{0x2f941,0x250f3,0x0},{0x2f942,0x250f2,0x0},{0x2f943,0x25119,0x0},
    {0x2f944,0x25133,0x0},{0x2f945,0x771e,0x0},{0x2f946,0x771f,0x0},{0x2f947,0x771f,0x0},{0x2f948,0x774a,0x0},{0x2f949,0x4039,0x0},
    {0x2f94a,0x778b,0x0},{0x2f94b,0x4046,0x0},{0x2f94c,0x4096,0x0},{0x2f94d,0x2541d,0x0},{0x2f94e,0x784e,0x0},{0x2f94f,0x788c,0x0},
    {0x2f950,0x78cc,0x0},{0x2f951,0x40e3,0x0},{0x2f952,0x25626,0x0},{0x2f953,0x7956,0x0},{0x2f954,0x2569a,0x0},{0x2f955,0x256c5,0x0},
    {0x2f956,0x798f,0x0},{0x2f957,0x79eb,0x0},{0x2f958,0x412f,0x0},{0x2f959,0x7a40,0x0},{0x2f95a,0x7a4a,0x0},{0x2f95b,0x7a4f,0x0},
    {0x2f95c,0x2597c,0x0},{0x2f95d,0x25aa7,0x0},{0x2f95e,0x25aa7,0x0},{0x2f95f,0x7aee,0x0},{0x2f960,0x4202,0x0},{0x2f961,0x25bab,0x0},
    {0x2f962,0x7bc6,0x0},{0x2f963,0x7bc9,0x0},{0x2f964,0x4227,0x0},{0x2f965,0x25c80,0x0},{0x2f966,0x7cd2,0x0},{0x2f967,0x42a0,0x0},
    {0x2f968,0x7ce8,0x0},{0x2f969,0x7ce3,0x0},{0x2f96a,0x7d00,0x0},{0x2f96b,0x25f86,0x0},{0x2f96c,0x7d63,0x0},{0x2f96d,0x4301,0x0},
    {0x2f96e,0x7dc7,0x0},{0x2f96f,0x7e02,0x0},{0x2f970,0x7e45,0x0},{0x2f971,0x4334,0x0},{0x2f972,0x26228,0x0},{0x2f973,0x26247,0x0},
    {0x2f974,0x4359,0x0},{0x2f975,0x262d9,0x0},{0x2f976,0x7f7a,0x0},{0x2f977,0x2633e,0x0},{0x2f978,0x7f95,0x0},{0x2f979,0x7ffa,0x0},
    {0x2f97a,0x8005,0x0},{0x2f97b,0x264da,0x0},{0x2f97c,0x26523,0x0},{0x2f97d,0x8060,0x0},{0x2f97e,0x265a8,0x0},{0x2f97f,0x8070,0x0},
    {0x2f980,0x2335f,0x0},{0x2f981,0x43d5,0x0},{0x2f982,0x80b2,0x0},{0x2f983,0x8103,0x0},{0x2f984,0x440b,0x0},{0x2f985,0x813e,0x0},
    {0x2f986,0x5ab5,0x0},{0x2f987,0x267a7,0x0},{0x2f988,0x267b5,0x0},{0x2f989,0x23393,0x0},{0x2f98a,0x2339c,0x0},{0x2f98b,0x8201,0x0},
    {0x2f98c,0x8204,0x0},{0x2f98d,0x8f9e,0x0},{0x2f98e,0x446b,0x0},{0x2f98f,0x8291,0x0},{0x2f990,0x828b,0x0},{0x2f991,0x829d,0x0},
    {0x2f992,0x52b3,0x0},{0x2f993,0x82b1,0x0},{0x2f994,0x82b3,0x0},{0x2f995,0x82bd,0x0},{0x2f996,0x82e6,0x0},{0x2f997,0x26b3c,0x0},
    {0x2f998,0x82e5,0x0},{0x2f999,0x831d,0x0},{0x2f99a,0x8363,0x0},{0x2f99b,0x83ad,0x0},{0x2f99c,0x8323,0x0},{0x2f99d,0x83bd,0x0},
    {0x2f99e,0x83e7,0x0},{0x2f99f,0x8457,0x0},{0x2f9a0,0x8353,0x0},{0x2f9a1,0x83ca,0x0},{0x2f9a2,0x83cc,0x0},{0x2f9a3,0x83dc,0x0},
    {0x2f9a4,0x26c36,0x0},{0x2f9a5,0x26d6b,0x0},{0x2f9a6,0x26cd5,0x0},{0x2f9a7,0x452b,0x0},{0x2f9a8,0x84f1,0x0},{0x2f9a9,0x84f3,0x0},
    {0x2f9aa,0x8516,0x0},{0x2f9ab,0x273ca,0x0},{0x2f9ac,0x8564,0x0},{0x2f9ad,0x26f2c,0x0},{0x2f9ae,0x455d,0x0},{0x2f9af,0x4561,0x0},
    {0x2f9b0,0x26fb1,0x0},{0x2f9b1,0x270d2,0x0},{0x2f9b2,0x456b,0x0},{0x2f9b3,0x8650,0x0},{0x2f9b4,0x865c,0x0},{0x2f9b5,0x8667,0x0},
    {0x2f9b6,0x8669,0x0},{0x2f9b7,0x86a9,0x0},{0x2f9b8,0x8688,0x0},{0x2f9b9,0x870e,0x0},{0x2f9ba,0x86e2,0x0},{0x2f9bb,0x8779,0x0},
    {0x2f9bc,0x8728,0x0},{0x2f9bd,0x876b,0x0},{0x2f9be,0x8786,0x0},{0x2f9bf,0x45d7,0x0},{0x2f9c0,0x87e1,0x0},{0x2f9c1,0x8801,0x0},
    {0x2f9c2,0x45f9,0x0},{0x2f9c3,0x8860,0x0},{0x2f9c4,0x8863,0x0},{0x2f9c5,0x27667,0x0},{0x2f9c6,0x88d7,0x0},{0x2f9c7,0x88de,0x0},
    {0x2f9c8,0x4635,0x0},{0x2f9c9,0x88fa,0x0},{0x2f9ca,0x34bb,0x0},{0x2f9cb,0x278ae,0x0},{0x2f9cc,0x27966,0x0},{0x2f9cd,0x46be,0x0},
    {0x2f9ce,0x46c7,0x0},{0x2f9cf,0x8aa0,0x0},{0x2f9d0,0x8aed,0x0},{0x2f9d1,0x8b8a,0x0},{0x2f9d2,0x8c55,0x0},{0x2f9d3,0x27ca8,0x0},
    {0x2f9d4,0x8cab,0x0},{0x2f9d5,0x8cc1,0x0},{0x2f9d6,0x8d1b,0x0},{0x2f9d7,0x8d77,0x0},{0x2f9d8,0x27f2f,0x0},{0x2f9d9,0x20804,0x0},
    {0x2f9da,0x8dcb,0x0},{0x2f9db,0x8dbc,0x0},{0x2f9dc,0x8df0,0x0},{0x2f9dd,0x208de,0x0},{0x2f9de,0x8ed4,0x0},{0x2f9df,0x8f38,0x0},
    {0x2f9e0,0x285d2,0x0},{0x2f9e1,0x285ed,0x0},{0x2f9e2,0x9094,0x0},{0x2f9e3,0x90f1,0x0},{0x2f9e4,0x9111,0x0},{0x2f9e5,0x2872e,0x0},
    {0x2f9e6,0x911b,0x0},{0x2f9e7,0x9238,0x0},{0x2f9e8,0x92d7,0x0},{0x2f9e9,0x92d8,0x0},{0x2f9ea,0x927c,0x0},{0x2f9eb,0x93f9,0x0},
    {0x2f9ec,0x9415,0x0},{0x2f9ed,0x28bfa,0x0},{0x2f9ee,0x958b,0x0},{0x2f9ef,0x4995,0x0},{0x2f9f0,0x95b7,0x0},{0x2f9f1,0x28d77,0x0},
    {0x2f9f2,0x49e6,0x0},{0x2f9f3,0x96c3,0x0},{0x2f9f4,0x5db2,0x0},{0x2f9f5,0x9723,0x0},{0x2f9f6,0x29145,0x0},{0x2f9f7,0x2921a,0x0},
    {0x2f9f8,0x4a6e,0x0},{0x2f9f9,0x4a76,0x0},{0x2f9fa,0x97e0,0x0},{0x2f9fb,0x2940a,0x0},{0x2f9fc,0x4ab2,0x0},{0x2f9fd,0x29496,0x0},
    {0x2f9fe,0x980b,0x0},{0x2f9ff,0x980b,0x0},{0x2fa00,0x9829,0x0},{0x2fa01,0x295b6,0x0},{0x2fa02,0x98e2,0x0},{0x2fa03,0x4b33,0x0},
    {0x2fa04,0x9929,0x0},{0x2fa05,0x99a7,0x0},{0x2fa06,0x99c2,0x0},{0x2fa07,0x99fe,0x0},{0x2fa08,0x4bce,0x0},{0x2fa09,0x29b30,0x0},
    {0x2fa0a,0x9b12,0x0},{0x2fa0b,0x9c40,0x0},{0x2fa0c,0x9cfd,0x0},{0x2fa0d,0x4cce,0x0},{0x2fa0e,0x4ced,0x0},{0x2fa0f,0x9d67,0x0},
    {0x2fa10,0x2a0ce,0x0},{0x2fa11,0x4cf8,0x0},{0x2fa12,0x2a105,0x0},{0x2fa13,0x2a20e,0x0},{0x2fa14,0x2a291,0x0},{0x2fa15,0x9ebb,0x0},
    {0x2fa16,0x4d56,0x0},{0x2fa17,0x9ef9,0x0},{0x2fa18,0x9efe,0x0},{0x2fa19,0x9f05,0x0},{0x2fa1a,0x9f0f,0x0},{0x2fa1b,0x9f16,0x0},
    {0x2fa1c,0x9f3b,0x0},{0x2fa1d,0x2a600,0x0},
};
/* {lo, hi, delta, step}: lower case of characters NFD leaves alone */
static const int32_t prune__u_lower_ranges[166][4] = {
    {0x41,0x5a,0x20,0x1},{0xc6,0xc6,0x20,0x1},{0xd0,0xd0,0x20,0x1},{0xd8,0xd8,0x20,0x1},{0xde,0xde,0x20,0x1},
    {0x110,0x110,0x1,0x1},{0x126,0x126,0x1,0x1},{0x132,0x132,0x1,0x1},{0x13f,0x141,0x1,0x2},{0x14a,0x14a,0x1,0x1},
    {0x152,0x152,0x1,0x1},{0x166,0x166,0x1,0x1},{0x181,0x181,0xd2,0x1},{0x182,0x184,0x1,0x2},{0x186,0x186,0xce,0x1},
    {0x187,0x187,0x1,0x1},{0x189,0x18a,0xcd,0x1},{0x18b,0x18b,0x1,0x1},{0x18e,0x18e,0x4f,0x1},{0x18f,0x18f,0xca,0x1},
    {0x190,0x190,0xcb,0x1},{0x191,0x191,0x1,0x1},{0x193,0x193,0xcd,0x1},{0x194,0x194,0xcf,0x1},{0x196,0x196,0xd3,0x1},
    {0x197,0x197,0xd1,0x1},{0x198,0x198,0x1,0x1},{0x19c,0x19c,0xd3,0x1},{0x19d,0x19d,0xd5,0x1},{0x19f,0x19f,0xd6,0x1},
    {0x1a2,0x1a4,0x1,0x2},{0x1a6,0x1a6,0xda,0x1},{0x1a7,0x1a7,0x1,0x1},{0x1a9,0x1a9,0xda,0x1},{0x1ac,0x1ac,0x1,0x1},
    {0x1ae,0x1ae,0xda,0x1},{0x1b1,0x1b2,0xd9,0x1},{0x1b3,0x1b5,0x1,0x2},{0x1b7,0x1b7,0xdb,0x1},{0x1b8,0x1b8,0x1,0x1},
    {0x1bc,0x1bc,0x1,0x1},{0x1c4,0x1c4,0x2,0x1},{0x1c5,0x1c5,0x1,0x1},{0x1c7,0x1c7,0x2,0x1},{0x1c8,0x1c8,0x1,0x1},
    {0x1ca,0x1ca,0x2,0x1},{0x1cb,0x1cb,0x1,0x1},{0x1e4,0x1e4,0x1,0x1},{0x1f1,0x1f1,0x2,0x1},{0x1f2,0x1f2,0x1,0x1},
    {0x1f6,0x1f6,-0x61,0x1},{0x1f7,0x1f7,-0x38,0x1},{0x21c,0x21c,0x1,0x1},{0x220,0x220,-0x82,0x1},{0x222,0x224,0x1,0x2},
    {0x23a,0x23a,0x2a2b,0x1},{0x23b,0x23b,0x1,0x1},{0x23d,0x23d,-0xa3,0x1},{0x23e,0x23e,0x2a28,0x1},{0x241,0x241,0x1,0x1},
    {0x243,0x243,-0xc3,0x1},{0x244,0x244,0x45,0x1},{0x245,0x245,0x47,0x1},{0x246,0x24e,0x1,0x2},{0x370,0x372,0x1,0x2},
    {0x376,0x376,0x1,0x1},{0x37f,0x37f,0x74,0x1},{0x391,0x3a1,0x20,0x1},{0x3a3,0x3a9,0x20,0x1},{0x3cf,0x3cf,0x8,0x1},
    {0x3d8,0x3ee,0x1,0x2},{0x3f4,0x3f4,-0x3c,0x1},{0x3f7,0x3f7,0x1,0x1},{0x3f9,0x3f9,-0x7,0x1},{0x3fa,0x3fa,0x1,0x1},
    {0x3fd,0x3ff,-0x82,0x1},{0x402,0x404,0x50,0x2},{0x405,0x406,0x50,0x1},{0x408,0x40b,0x50,0x1},{0x40f,0x40f,0x50,0x1},
    {0x410,0x418,0x20,0x1},{0x41a,0x42f,0x20,0x1},{0x460,0x474,0x1,0x2},{0x478,0x480,0x1,0x2},{0x48a,0x4be,0x1,0x2},
    {0x4c0,0x4c0,0xf,0x1},{0x4c3,0x4cd,0x1,0x2},{0x4d4,0x4d4,0x1,0x1},{0x4d8,0x4d8,0x1,0x1},{0x4e0,0x4e0,0x1,0x1},
    {0x4e8,0x4e8,0x1,0x1},{0x4f6,0x4f6,0x1,0x1},{0x4fa,0x52e,0x1,0x2},{0x531,0x556,0x30,0x1},{0x10a0,0x10c5,0x1c60,0x1},
    {0x10c7,0x10c7,0x1c60,0x1},{0x10cd,0x10cd,0x1c60,0x1},{0x13a0,0x13ef,0x97d0,0x1},{0x13f0,0x13f5,0x8,0x1},{0x1c89,0x1c89,0x1,0x1},
    {0x1c90,0x1cba,-0xbc0,0x1},{0x1cbd,0x1cbf,-0xbc0,0x1},{0x1e9e,0x1e9e,-0x1dbf,0x1},{0x1efa,0x1efe,0x1,0x2},{0x2132,0x2132,0x1c,0x1},
    {0x2160,0x216f,0x10,0x1},{0x2183,0x2183,0x1,0x1},{0x24b6,0x24cf,0x1a,0x1},{0x2c00,0x2c2f,0x30,0x1},{0x2c60,0x2c60,0x1,0x1},
    {0x2c62,0x2c62,-0x29f7,0x1},{0x2c63,0x2c63,-0xee6,0x1},{0x2c64,0x2c64,-0x29e7,0x1},{0x2c67,0x2c6b,0x1,0x2},{0x2c6d,0x2c6d,-0x2a1c,0x1},
    {0x2c6e,0x2c6e,-0x29fd,0x1},{0x2c6f,0x2c6f,-0x2a1f,0x1},{0x2c70,0x2c70,-0x2a1e,0x1},{0x2c72,0x2c72,0x1,0x1},{0x2c75,0x2c75,0x1,0x1},
    {0x2c7e,0x2c7f,-0x2a3f,0x1},{0x2c80,0x2ce2,0x1,0x2},{0x2ceb,0x2ced,0x1,0x2},{0x2cf2,0x2cf2,0x1,0x1},{0xa640,0xa66c,0x1,0x2},
    {0xa680,0xa69a,0x1,0x2},{0xa722,0xa72e,0x1,0x2},{0xa732,0xa76e,0x1,0x2},{0xa779,0xa77b,0x1,0x2},{0xa77d,0xa77d,-0x8a04,0x1},
    {0xa77e,0xa786,0x1,0x2},{0xa78b,0xa78b,0x1,0x1},{0xa78d,0xa78d,-0xa528,0x1},{0xa790,0xa792,0x1,0x2},{0xa796,0xa7a8,0x1,0x2},
    {0xa7aa,0xa7aa,-0xa544,0x1},{0xa7ab,0xa7ab,-0xa54f,0x1},{0xa7ac,0xa7ac,-0xa54b,0x1},{0xa7ad,0xa7ad,-0xa541,0x1},{0xa7ae,0xa7ae,-0xa544,0x1},
    {0xa7b0,0xa7b0,-0xa512,0x1},{0xa7b1,0xa7b1,-0xa52a,0x1},{0xa7b2,0xa7b2,-0xa515,0x1},{0xa7b3,0xa7b3,0x3a0,0x1},{0xa7b4,0xa7c2,0x1,0x2},
    {0xa7c4,0xa7c4,-0x30,0x1},{0xa7c5,0xa7c5,-0xa543,0x1},{0xa7c6,0xa7c6,-0x8a38,0x1},{0xa7c7,0xa7c9,0x1,0x2},{0xa7cb,0xa7cb,-0xa567,0x1},
    {0xa7cc,0xa7da,0x1,0x2},{0xa7dc,0xa7dc,-0xa641,0x1},{0xa7f5,0xa7f5,0x1,0x1},{0xff21,0xff3a,0x20,0x1},{0x10400,0x10427,0x28,0x1},
    {0x104b0,0x104d3,0x28,0x1},{0x10570,0x1057a,0x27,0x1},{0x1057c,0x1058a,0x27,0x1},{0x1058c,0x10592,0x27,0x1},{0x10594,0x10595,0x27,0x1},
    {0x10c80,0x10cb2,0x40,0x1},{0x10d50,0x10d65,0x20,0x1},{0x118a0,0x118bf,0x20,0x1},{0x16e40,0x16e5f,0x20,0x1},{0x16ea0,0x16eb8,0x1b,0x1},
    {0x1e900,0x1e921,0x22,0x1},
};
/* END GENERATED UNICODE TABLES */

/* Properties of one code point: binary search in a table of ranges {lo, hi<<8|val}
   sorted by lo; code points in no range have value 0. */
static unsigned prune__u_range(const uint32_t (*t)[2], size_t n, uint32_t cp) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < t[mid][0]) hi = mid;
        else if (cp > t[mid][1] >> 8) lo = mid + 1;
        else return t[mid][1] & 0xFF;
    }
    return 0;
}

static unsigned prune__u_flags(uint32_t cp) {
    if (cp < 0x80) return prune__u_ascii[cp];
    return prune__u_range(prune__u_flag_ranges, sizeof prune__u_flag_ranges / sizeof prune__u_flag_ranges[0], cp);
}

/* Canonical combining class: 0 for "starters", which the canonical ordering of NFD
   never moves a mark across. */
static unsigned prune__u_ccc(uint32_t cp) {
    if (cp < 0x300) return 0;
    return prune__u_range(prune__u_ccc_ranges, sizeof prune__u_ccc_ranges / sizeof prune__u_ccc_ranges[0], cp);
}

/* Simple lower-case mapping of a character that NFD leaves alone (the only
   multi-character lower case, U+0130, decomposes before it gets here). Ranges
   {lo, hi, delta, step}: every step-th code point from lo maps to cp + delta. */
static uint32_t prune__u_lower(uint32_t cp) {
    size_t lo = 0, hi = sizeof prune__u_lower_ranges / sizeof prune__u_lower_ranges[0];
    if (cp < 0x80) return cp - 'A' < 26u ? cp + 32 : cp;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const int32_t *r = prune__u_lower_ranges[mid];
        if ((int32_t)cp < r[0]) hi = mid;
        else if ((int32_t)cp > r[1]) lo = mid + 1;
        else return ((int32_t)cp - r[0]) % r[3] == 0 ? (uint32_t)((int32_t)cp + r[2]) : cp;
    }
    return cp;
}

/* Full canonical decomposition of cp into d (at most PRUNE__U_NFD_MAX code points),
   in the order of the decomposition; canonical ordering is the caller's job.
   Hangul syllables decompose by arithmetic (Unicode 3.12); every other mapping has
   one or two code points and may itself decompose, hence the recursion. */
static int prune__u_decompose(uint32_t cp, uint32_t *d) {
    size_t lo = 0, hi = sizeof prune__u_nfd / sizeof prune__u_nfd[0];
    if (cp < 0xC0) { d[0] = cp; return 1; }
    if (cp - 0xAC00u < 11172u) {
        uint32_t s = cp - 0xAC00u;
        d[0] = 0x1100u + s / 588;            /* leading consonant */
        d[1] = 0x1161u + (s % 588) / 28;     /* vowel             */
        if (s % 28 == 0) return 2;
        d[2] = 0x11A7u + s % 28;             /* trailing consonant */
        return 3;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < prune__u_nfd[mid][0]) hi = mid;
        else if (cp > prune__u_nfd[mid][0]) lo = mid + 1;
        else {
            int k = prune__u_decompose(prune__u_nfd[mid][1], d);
            if (prune__u_nfd[mid][2]) k += prune__u_decompose(prune__u_nfd[mid][2], d + k);
            return k;
        }
    }
    d[0] = cp;
    return 1;
}


/* ============================================================================
   [C2 gelu] GELU's polynomial tables for the AVX-512 GELU of [B5 simd]
   ========================================================================= */

#if PRUNE__X86
/* BEGIN GELU TABLES (generated by tests/reference/gen_gelu_tables.py; do not edit) */
#define PRUNE__GELU_LO (-8.0f)
static const float prune__gelu_tab_cdf[8][32] = {
    { /* t^0 */
      4.59905814e-15f, 2.08382140e-13f, 7.39218842e-12f, 2.05225545e-10f, 4.46216486e-09f, 7.60495524e-08f,
      1.01708304e-06f, 1.06885254e-05f, 8.84172841e-05f, 5.77025057e-04f, 2.97976332e-03f, 1.22244731e-02f,
      4.00591567e-02f, 1.05649777e-01f, 2.26627350e-01f, 4.01293665e-01f, 5.98706305e-01f, 7.73372650e-01f,
      8.94350231e-01f, 9.59940851e-01f, 9.87775505e-01f, 9.97020245e-01f, 9.99422967e-01f, 9.99911606e-01f,
      9.99989331e-01f, 9.99998987e-01f, 9.99999940e-01f, 1.00000000e+00f, 1.00000000e+00f, 1.00000000e+00f,
      1.00000000e+00f, 1.00000000e+00f},
    { /* t^1 */
      3.61022417e-14f, 1.53842087e-12f, 5.09489985e-11f, 1.31399980e-09f, 2.63924154e-08f, 4.12847015e-07f,
      5.02950707e-06f, 4.77186368e-05f, 3.52595671e-04f, 2.02904805e-03f, 9.09356214e-03f, 3.17396522e-02f,
      8.62773210e-02f, 1.82649091e-01f, 3.01137418e-01f, 3.86668116e-01f, 3.86668116e-01f, 3.01137418e-01f,
      1.82649091e-01f, 8.62773210e-02f, 3.17396522e-02f, 9.09356214e-03f, 2.02904805e-03f, 3.52595671e-04f,
      4.77186368e-05f, 5.02950707e-06f, 4.12847015e-07f, 2.63924171e-08f, 1.31400080e-09f, 5.09500046e-11f,
      1.54028689e-12f, 3.81647838e-14f},
    { /* t^2 */
      1.39971436e-13f, 5.57932390e-12f, 1.71985703e-10f, 4.10666079e-09f, 7.58821344e-08f, 1.08374957e-06f,
      1.19451906e-05f, 1.01402358e-04f, 6.61116908e-04f, 3.29720159e-03f, 1.25036454e-02f, 3.57071087e-02f,
      7.54926652e-02f, 1.14155680e-01f, 1.12926520e-01f, 4.83334996e-02f, -4.83334996e-02f, -1.12926520e-01f,
      -1.14155680e-01f, -7.54926652e-02f, -3.57071087e-02f, -1.25036454e-02f, -3.29720159e-03f, -6.61116908e-04f,
      -1.01402358e-04f, -1.19451906e-05f, -1.08374957e-06f, -7.58821486e-08f, -4.10667145e-09f, -1.71996681e-10f,
      -5.59932569e-12f, -1.59158019e-13f},
    { /* t^3 */
      3.66099159e-13f, 1.32363322e-11f, 3.78461762e-10f, 8.33611491e-09f, 1.41037944e-07f, 1.82772669e-06f,
      1.80748466e-05f, 1.35699913e-04f, 7.67629826e-04f, 3.23379436e-03f, 9.94608458e-03f, 2.14903932e-02f,
      2.96578296e-02f, 1.71233434e-02f, -2.19579451e-02f, -6.04168847e-02f, -6.04168847e-02f, -2.19579451e-02f,
      1.71233434e-02f, 2.96578296e-02f, 2.14903932e-02f, 9.94608458e-03f, 3.23379436e-03f, 7.67629826e-04f,
      1.35699913e-04f, 1.80748466e-05f, 1.82772646e-06f, 1.41037702e-07f, 8.33596037e-09f, 3.78286541e-10f,
      1.29534612e-11f, 6.90439188e-14f},
    { /* t^4 */
      6.68998548e-13f, 2.28889841e-11f, 6.07448758e-10f, 1.23078543e-08f, 1.89780209e-07f, 2.21617984e-06f,
      1.94640779e-05f, 1.27260442e-04f, 6.09467854e-04f, 2.07805308e-03f, 4.75422898e-03f, 6.13699993e-03f,
      3.92314716e-04f, -1.36752119e-02f, -2.29367819e-02f, -1.18305013e-02f, 1.18305013e-02f, 2.29367819e-02f,
      1.36752119e-02f, -3.92314716e-04f, -6.13699993e-03f, -4.75422898e-03f, -2.07805308e-03f, -6.09467854e-04f,
      -1.27260442e-04f, -1.94640761e-05f, -2.21617893e-06f, -1.89779485e-07f, -1.23070327e-08f, -6.06543205e-10f,
      -2.17609698e-11f, 4.59683994e-13f},
    { /* t^5 */
      6.82320736e-13f, 3.09394073e-11f, 7.64025510e-10f, 1.41512304e-08f, 1.97255048e-07f, 2.05395395e-06f,
      1.57849045e-05f, 8.78316278e-05f, 3.41975363e-04f, 8.65634880e-04f, 1.12276536e-03f, -4.62057069e-04f,
      -4.31116764e-03f, -5.98676829e-03f, -1.46663733e-04f, 8.47039837e-03f, 8.47039837e-03f, -1.46663719e-04f,
      -5.98676829e-03f, -4.31116764e-03f, -4.62057069e-04f, 1.12276536e-03f, 8.65634880e-04f, 3.41975363e-04f,
      8.78316350e-05f, 1.57849172e-05f, 2.05396282e-06f, 1.97264086e-07f, 1.41575258e-08f, 7.71174125e-10f,
      4.16723323e-11f, 1.18230694e-11f},
    { /* t^6 */
      1.23698469e-12f, 3.83279276e-11f, 8.42568848e-10f, 1.39412695e-08f, 1.71787079e-07f, 1.55510600e-06f,
      1.01298747e-05f, 4.57660062e-05f, 1.32446556e-04f, 1.88517544e-04f, -1.25360602e-04f, -9.87417647e-04f,
      -1.28733879e-03f, 5.84037567e-04f, 3.00359237e-03f, 1.90123601e-03f, -1.90123601e-03f, -3.00359237e-03f,
      -5.84037567e-04f, 1.28733879e-03f, 9.87417647e-04f, 1.25360588e-04f, -1.88517559e-04f, -1.32446585e-04f,
      -4.57660208e-05f, -1.01298947e-05f, -1.55511816e-06f, -1.71801361e-07f, -1.39519543e-08f, -8.56494431e-10f,
      -5.46692518e-11f, -1.84541306e-11f},
    { /* t^7 */
      3.85456684e-12f, 3.79887684e-11f, 7.08708758e-10f, 1.05259170e-08f, 1.15232780e-07f, 9.04467925e-07f,
      4.90826778e-06f, 1.70577478e-05f, 2.98356736e-05f, -1.51285940e-05f, -1.80150615e-04f, -2.58999818e-04f,
      1.88129110e-04f, 8.05806252e-04f, 3.35174467e-04f, -9.27663525e-04f, -9.27663583e-04f, 3.35174438e-04f,
      8.05806194e-04f, 1.88129008e-04f, -2.58999848e-04f, -1.80150702e-04f, -1.51286958e-05f, 2.98355553e-05f,
      1.70576586e-05f, 4.90814182e-06f, 9.04371632e-07f, 1.15135940e-07f, 1.04553584e-08f, 6.29132413e-10f,
      -7.57320456e-11f, -1.14194862e-10f}
};
static const float prune__gelu_tab_grad[8][32] = {
    { /* t^0 */
      -2.75813037e-13f, -1.09459004e-11f, -3.36514400e-10f, -8.00726774e-09f, -1.47294202e-07f, -2.09139716e-06f,
      -2.28730751e-05f, -1.92115680e-04f, -1.23381650e-03f, -6.01738133e-03f, -2.20275335e-02f, -5.91897443e-02f,
      -1.10926151e-01f, -1.22661583e-01f, 7.74278538e-04f, 3.04626644e-01f, 6.95373356e-01f, 9.99225736e-01f,
      1.12266159e+00f, 1.11092615e+00f, 1.05918980e+00f, 1.02202749e+00f, 1.00601733e+00f, 1.00123382e+00f,
      1.00019217e+00f, 1.00002289e+00f, 1.00000215e+00f, 1.00000012e+00f, 1.00000000e+00f, 1.00000000e+00f,
      1.00000000e+00f, 1.00000000e+00f},
    { /* t^1 */
      -2.10093488e-12f, -7.77921061e-11f, -2.21947838e-09f, -4.87001550e-08f, -8.19814716e-07f, -1.05534036e-05f,
      -1.03419246e-04f, -7.66480633e-04f, -4.25318535e-03f, -1.73737239e-02f, -5.05829416e-02f, -9.72026810e-02f,
      -9.16696489e-02f, 7.99089745e-02f, 4.32885051e-01f, 7.49169469e-01f, 7.49169469e-01f, 4.32885051e-01f,
      7.99089745e-02f, -9.16696489e-02f, -9.72026810e-02f, -5.05829416e-02f, -1.73737239e-02f, -4.25318535e-03f,
      -7.66480633e-04f, -1.03419246e-04f, -1.05534036e-05f, -8.19814716e-07f, -4.87001550e-08f, -2.21947771e-09f,
      -7.77915093e-11f, -2.09947858e-12f},
    { /* t^2 */
      -7.86362295e-12f, -2.70900496e-10f, -7.14769355e-09f, -1.43984238e-07f, -2.20526954e-06f, -2.55354644e-05f,
      -2.21730807e-04f, -1.42596546e-03f, -6.65248279e-03f, -2.16378961e-02f, -4.45442796e-02f, -3.79388258e-02f,
      7.07744434e-02f, 2.78254539e-01f, 3.88184845e-01f, 1.90313071e-01f, -1.90313071e-01f, -3.88184845e-01f,
      -2.78254539e-01f, -7.07744434e-02f, 3.79388258e-02f, 4.45442796e-02f, 2.16378961e-02f, 6.65248279e-03f,
      1.42596546e-03f, 2.21730807e-04f, 2.55354644e-05f, 2.20526954e-06f, 1.43984238e-07f, 7.14767578e-09f,
      2.70891087e-10f, 7.85127432e-12f},
    { /* t^3 */
      -1.92376202e-11f, -6.15184070e-10f, -1.49545389e-08f, -2.75168702e-07f, -3.80799065e-06f, -3.92724432e-05f,
      -2.97687046e-04f, -1.62097195e-03f, -6.07148511e-03f, -1.40778497e-02f, -1.25095816e-02f, 3.07271499e-02f,
      1.15879022e-01f, 1.36867836e-01f, -1.90172251e-02f, -2.29835838e-01f, -2.29835838e-01f, -1.90172251e-02f,
      1.36867836e-01f, 1.15879022e-01f, 3.07271499e-02f, -1.25095816e-02f, -1.40778497e-02f, -6.07148511e-03f,
      -1.62097195e-03f, -2.97687046e-04f, -3.92724432e-05f, -3.80799065e-06f, -2.75168787e-07f, -1.49546491e-08f,
      -6.15334617e-10f, -1.94268143e-11f},
    { /* t^4 */
      -3.44064464e-11f, -1.01909170e-09f, -2.27556800e-08f, -3.80572402e-07f, -4.72156671e-06f, -4.28344938e-05f,
      -2.77581479e-04f, -1.23018678e-03f, -3.36481724e-03f, -3.67607316e-03f, 8.33414868e-03f, 3.58833224e-02f,
      3.96811143e-02f, -3.09609435e-02f, -1.14128731e-01f, -6.97357431e-02f, 6.97357431e-02f, 1.14128731e-01f,
      3.09609435e-02f, -3.96811143e-02f, -3.58833224e-02f, -8.33414868e-03f, 3.67607316e-03f, 3.36481724e-03f,
      1.23018678e-03f, 2.77581479e-04f, 4.28344938e-05f, 4.72156717e-06f, 3.80572970e-07f, 2.27567121e-08f,
      1.01984077e-09f, 3.51786066e-11f},
    { /* t^5 */
      -4.89244235e-11f, -1.32568390e-09f, -2.69850773e-08f, -4.06515255e-07f, -4.46673084e-06f, -3.49889924e-05f,
      -1.87503683e-04f, -6.26825960e-04f, -9.28693160e-04f, 1.45385694e-03f, 8.70517269e-03f, 1.06123993e-02f,
      -1.21158594e-02f, -4.02398221e-02f, -1.45576345e-02f, 4.79248017e-02f, 4.79248017e-02f, -1.45576345e-02f,
      -4.02398221e-02f, -1.21158594e-02f, 1.06123993e-02f, 8.70517269e-03f, 1.45385694e-03f, -9.28693160e-04f,
      -6.26825960e-04f, -1.87503669e-04f, -3.49889779e-05f, -4.46672948e-06f, -4.06511191e-07f, -2.69799276e-08f,
      -1.31905076e-09f, -4.20803704e-11f},
    { /* t^6 */
      -6.19367543e-11f, -1.51718793e-09f, -2.75301133e-08f, -3.64418213e-07f, -3.44348700e-06f, -2.23649604e-05f,
      -9.21580504e-05f, -1.86249628e-04f, 1.45455255e-04f, 1.66088482e-03f, 2.57723639e-03f, -2.83499761e-03f,
      -1.12753361e-02f, -2.93454644e-03f, 1.91990193e-02f, 1.48710813e-02f, -1.48710813e-02f, -1.91990193e-02f,
      2.93454644e-03f, 1.12753361e-02f, 2.83499737e-03f, -2.57723639e-03f, -1.66088494e-03f, -1.45455269e-04f,
      1.86249614e-04f, 9.21580286e-05f, 2.23649477e-05f, 3.44348018e-06f, 3.64408862e-07f, 2.75144760e-08f,
      1.50442558e-09f, 4.90799068e-11f},
    { /* t^7 */
      -5.59327272e-11f, -1.30734845e-09f, -2.14183764e-08f, -2.50517388e-07f, -2.02641195e-06f, -1.06109474e-05f,
      -2.99427047e-05f, -4.52428230e-06f, 2.43994364e-04f, 5.60146815e-04f, -3.75931908e-04f, -2.65443092e-03f,
      -9.91896610e-04f, 5.79503272e-03f, 4.40392038e-03f, -6.93345722e-03f, -6.93345722e-03f, 4.40392038e-03f,
      5.79503272e-03f, -9.91896726e-04f, -2.65443115e-03f, -3.75932024e-04f, 5.60146640e-04f, 2.43994218e-04f,
      -4.52437280e-06f, -2.99427829e-05f, -1.06110747e-05f, -2.02643082e-06f, -2.50564341e-07f, -2.14813323e-08f,
      -1.38224510e-09f, -1.26769498e-10f}
};
/* END GELU TABLES */

static const float (*prune__gelu_table(int grad))[32] { return grad ? prune__gelu_tab_grad : prune__gelu_tab_cdf; }
static float prune__gelu_lo(void) { return PRUNE__GELU_LO; }
#endif
/* ============================================================================
   [C3 bpe] The byte-level BPE pre-tokenizer's character classes, for [B8 tokenizer]
   ========================================================================= */

/* BEGIN GENERATED BPE CLASSES */
/* Written by tests/reference/gen_bpe_tables.py from tokenizers 0.23.3 (its ByteLevel
   pre-tokenizer, asked about every code point). Do not edit by hand.
   141028 letters (\p{L}), 1911 numbers (\p{N}), 25 white-space characters (\s). */
static const unsigned char prune__b_ascii[128] = {
    0,0,0,0,0,0,0,0,0,4,4,4,4,4,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    4,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,2,2,2,2,2,2,2,2,0,0,0,0,0,0,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
};
/* {lo, hi<<8 | class} for U+0080 and up, sorted; class 0 (other) elsewhere */
static const uint32_t prune__b_ranges[826][2] = {
    {0x85,0x8504},{0xa0,0xa004},{0xaa,0xaa01},{0xb2,0xb302},{0xb5,0xb501},{0xb9,0xb902},
    {0xba,0xba01},{0xbc,0xbe02},{0xc0,0xd601},{0xd8,0xf601},{0xf8,0x2c101},{0x2c6,0x2d101},
    {0x2e0,0x2e401},{0x2ec,0x2ec01},{0x2ee,0x2ee01},{0x370,0x37401},{0x376,0x37701},{0x37a,0x37d01},
    {0x37f,0x37f01},{0x386,0x38601},{0x388,0x38a01},{0x38c,0x38c01},{0x38e,0x3a101},{0x3a3,0x3f501},
    {0x3f7,0x48101},{0x48a,0x52f01},{0x531,0x55601},{0x559,0x55901},{0x560,0x58801},{0x5d0,0x5ea01},
    {0x5ef,0x5f201},{0x620,0x64a01},{0x660,0x66902},{0x66e,0x66f01},{0x671,0x6d301},{0x6d5,0x6d501},
    {0x6e5,0x6e601},{0x6ee,0x6ef01},{0x6f0,0x6f902},{0x6fa,0x6fc01},{0x6ff,0x6ff01},{0x710,0x71001},
    {0x712,0x72f01},{0x74d,0x7a501},{0x7b1,0x7b101},{0x7c0,0x7c902},{0x7ca,0x7ea01},{0x7f4,0x7f501},
    {0x7fa,0x7fa01},{0x800,0x81501},{0x81a,0x81a01},{0x824,0x82401},{0x828,0x82801},{0x840,0x85801},
    {0x860,0x86a01},{0x870,0x88701},{0x889,0x88e01},{0x8a0,0x8c901},{0x904,0x93901},{0x93d,0x93d01},
    {0x950,0x95001},{0x958,0x96101},{0x966,0x96f02},{0x971,0x98001},{0x985,0x98c01},{0x98f,0x99001},
    {0x993,0x9a801},{0x9aa,0x9b001},{0x9b2,0x9b201},{0x9b6,0x9b901},{0x9bd,0x9bd01},{0x9ce,0x9ce01},
    {0x9dc,0x9dd01},{0x9df,0x9e101},{0x9e6,0x9ef02},{0x9f0,0x9f101},{0x9f4,0x9f902},{0x9fc,0x9fc01},
    {0xa05,0xa0a01},{0xa0f,0xa1001},{0xa13,0xa2801},{0xa2a,0xa3001},{0xa32,0xa3301},{0xa35,0xa3601},
    {0xa38,0xa3901},{0xa59,0xa5c01},{0xa5e,0xa5e01},{0xa66,0xa6f02},{0xa72,0xa7401},{0xa85,0xa8d01},
    {0xa8f,0xa9101},{0xa93,0xaa801},{0xaaa,0xab001},{0xab2,0xab301},{0xab5,0xab901},{0xabd,0xabd01},
    {0xad0,0xad001},{0xae0,0xae101},{0xae6,0xaef02},{0xaf9,0xaf901},{0xb05,0xb0c01},{0xb0f,0xb1001},
    {0xb13,0xb2801},{0xb2a,0xb3001},{0xb32,0xb3301},{0xb35,0xb3901},{0xb3d,0xb3d01},{0xb5c,0xb5d01},
    {0xb5f,0xb6101},{0xb66,0xb6f02},{0xb71,0xb7101},{0xb72,0xb7702},{0xb83,0xb8301},{0xb85,0xb8a01},
    {0xb8e,0xb9001},{0xb92,0xb9501},{0xb99,0xb9a01},{0xb9c,0xb9c01},{0xb9e,0xb9f01},{0xba3,0xba401},
    {0xba8,0xbaa01},{0xbae,0xbb901},{0xbd0,0xbd001},{0xbe6,0xbf202},{0xc05,0xc0c01},{0xc0e,0xc1001},
    {0xc12,0xc2801},{0xc2a,0xc3901},{0xc3d,0xc3d01},{0xc58,0xc5a01},{0xc5d,0xc5d01},{0xc60,0xc6101},
    {0xc66,0xc6f02},{0xc78,0xc7e02},{0xc80,0xc8001},{0xc85,0xc8c01},{0xc8e,0xc9001},{0xc92,0xca801},
    {0xcaa,0xcb301},{0xcb5,0xcb901},{0xcbd,0xcbd01},{0xcdd,0xcde01},{0xce0,0xce101},{0xce6,0xcef02},
    {0xcf1,0xcf201},{0xd04,0xd0c01},{0xd0e,0xd1001},{0xd12,0xd3a01},{0xd3d,0xd3d01},{0xd4e,0xd4e01},
    {0xd54,0xd5601},{0xd58,0xd5e02},{0xd5f,0xd6101},{0xd66,0xd7802},{0xd7a,0xd7f01},{0xd85,0xd9601},
    {0xd9a,0xdb101},{0xdb3,0xdbb01},{0xdbd,0xdbd01},{0xdc0,0xdc601},{0xde6,0xdef02},{0xe01,0xe3001},
    {0xe32,0xe3301},{0xe40,0xe4601},{0xe50,0xe5902},{0xe81,0xe8201},{0xe84,0xe8401},{0xe86,0xe8a01},
    {0xe8c,0xea301},{0xea5,0xea501},{0xea7,0xeb001},{0xeb2,0xeb301},{0xebd,0xebd01},{0xec0,0xec401},
    {0xec6,0xec601},{0xed0,0xed902},{0xedc,0xedf01},{0xf00,0xf0001},{0xf20,0xf3302},{0xf40,0xf4701},
    {0xf49,0xf6c01},{0xf88,0xf8c01},{0x1000,0x102a01},{0x103f,0x103f01},{0x1040,0x104902},{0x1050,0x105501},
    {0x105a,0x105d01},{0x1061,0x106101},{0x1065,0x106601},{0x106e,0x107001},{0x1075,0x108101},{0x108e,0x108e01},
    {0x1090,0x109902},{0x10a0,0x10c501},{0x10c7,0x10c701},{0x10cd,0x10cd01},{0x10d0,0x10fa01},{0x10fc,0x124801},
    {0x124a,0x124d01},{0x1250,0x125601},{0x1258,0x125801},{0x125a,0x125d01},{0x1260,0x128801},{0x128a,0x128d01},
    {0x1290,0x12b001},{0x12b2,0x12b501},{0x12b8,0x12be01},{0x12c0,0x12c001},{0x12c2,0x12c501},{0x12c8,0x12d601},
    {0x12d8,0x131001},{0x1312,0x131501},{0x1318,0x135a01},{0x1369,0x137c02},{0x1380,0x138f01},{0x13a0,0x13f501},
    {0x13f8,0x13fd01},{0x1401,0x166c01},{0x166f,0x167f01},{0x1680,0x168004},{0x1681,0x169a01},{0x16a0,0x16ea01},
    {0x16ee,0x16f002},{0x16f1,0x16f801},{0x1700,0x171101},{0x171f,0x173101},{0x1740,0x175101},{0x1760,0x176c01},
    {0x176e,0x177001},{0x1780,0x17b301},{0x17d7,0x17d701},{0x17dc,0x17dc01},{0x17e0,0x17e902},{0x17f0,0x17f902},
    {0x1810,0x181902},{0x1820,0x187801},{0x1880,0x188401},{0x1887,0x18a801},{0x18aa,0x18aa01},{0x18b0,0x18f501},
    {0x1900,0x191e01},{0x1946,0x194f02},{0x1950,0x196d01},{0x1970,0x197401},{0x1980,0x19ab01},{0x19b0,0x19c901},
    {0x19d0,0x19da02},{0x1a00,0x1a1601},{0x1a20,0x1a5401},{0x1a80,0x1a8902},{0x1a90,0x1a9902},{0x1aa7,0x1aa701},
    {0x1b05,0x1b3301},{0x1b45,0x1b4c01},{0x1b50,0x1b5902},{0x1b83,0x1ba001},{0x1bae,0x1baf01},{0x1bb0,0x1bb902},
    {0x1bba,0x1be501},{0x1c00,0x1c2301},{0x1c40,0x1c4902},{0x1c4d,0x1c4f01},{0x1c50,0x1c5902},{0x1c5a,0x1c7d01},
    {0x1c80,0x1c8a01},{0x1c90,0x1cba01},{0x1cbd,0x1cbf01},{0x1ce9,0x1cec01},{0x1cee,0x1cf301},{0x1cf5,0x1cf601},
    {0x1cfa,0x1cfa01},{0x1d00,0x1dbf01},{0x1e00,0x1f1501},{0x1f18,0x1f1d01},{0x1f20,0x1f4501},{0x1f48,0x1f4d01},
    {0x1f50,0x1f5701},{0x1f59,0x1f5901},{0x1f5b,0x1f5b01},{0x1f5d,0x1f5d01},{0x1f5f,0x1f7d01},{0x1f80,0x1fb401},
    {0x1fb6,0x1fbc01},{0x1fbe,0x1fbe01},{0x1fc2,0x1fc401},{0x1fc6,0x1fcc01},{0x1fd0,0x1fd301},{0x1fd6,0x1fdb01},
    {0x1fe0,0x1fec01},{0x1ff2,0x1ff401},{0x1ff6,0x1ffc01},{0x2000,0x200a04},{0x2028,0x202904},{0x202f,0x202f04},
    {0x205f,0x205f04},{0x2070,0x207002},{0x2071,0x207101},{0x2074,0x207902},{0x207f,0x207f01},{0x2080,0x208902},
    {0x2090,0x209c01},{0x2102,0x210201},{0x2107,0x210701},{0x210a,0x211301},{0x2115,0x211501},{0x2119,0x211d01},
    {0x2124,0x212401},{0x2126,0x212601},{0x2128,0x212801},{0x212a,0x212d01},{0x212f,0x213901},{0x213c,0x213f01},
    {0x2145,0x214901},{0x214e,0x214e01},{0x2150,0x218202},{0x2183,0x218401},{0x2185,0x218902},{0x2460,0x249b02},
    {0x24ea,0x24ff02},{0x2776,0x279302},{0x2c00,0x2ce401},{0x2ceb,0x2cee01},{0x2cf2,0x2cf301},{0x2cfd,0x2cfd02},
    {0x2d00,0x2d2501},{0x2d27,0x2d2701},{0x2d2d,0x2d2d01},{0x2d30,0x2d6701},{0x2d6f,0x2d6f01},{0x2d80,0x2d9601},
    {0x2da0,0x2da601},{0x2da8,0x2dae01},{0x2db0,0x2db601},{0x2db8,0x2dbe01},{0x2dc0,0x2dc601},{0x2dc8,0x2dce01},
    {0x2dd0,0x2dd601},{0x2dd8,0x2dde01},{0x2e2f,0x2e2f01},{0x3000,0x300004},{0x3005,0x300601},{0x3007,0x300702},
    {0x3021,0x302902},{0x3031,0x303501},{0x3038,0x303a02},{0x303b,0x303c01},{0x3041,0x309601},{0x309d,0x309f01},
    {0x30a1,0x30fa01},{0x30fc,0x30ff01},{0x3105,0x312f01},{0x3131,0x318e01},{0x3192,0x319502},{0x31a0,0x31bf01},
    {0x31f0,0x31ff01},{0x3220,0x322902},{0x3248,0x324f02},{0x3251,0x325f02},{0x3280,0x328902},{0x32b1,0x32bf02},
    {0x3400,0x4dbf01},{0x4e00,0xa48c01},{0xa4d0,0xa4fd01},{0xa500,0xa60c01},{0xa610,0xa61f01},{0xa620,0xa62902},
    {0xa62a,0xa62b01},{0xa640,0xa66e01},{0xa67f,0xa69d01},{0xa6a0,0xa6e501},{0xa6e6,0xa6ef02},{0xa717,0xa71f01},
    {0xa722,0xa78801},{0xa78b,0xa7cd01},{0xa7d0,0xa7d101},{0xa7d3,0xa7d301},{0xa7d5,0xa7dc01},{0xa7f2,0xa80101},
    {0xa803,0xa80501},{0xa807,0xa80a01},{0xa80c,0xa82201},{0xa830,0xa83502},{0xa840,0xa87301},{0xa882,0xa8b301},
    {0xa8d0,0xa8d902},{0xa8f2,0xa8f701},{0xa8fb,0xa8fb01},{0xa8fd,0xa8fe01},{0xa900,0xa90902},{0xa90a,0xa92501},
    {0xa930,0xa94601},{0xa960,0xa97c01},{0xa984,0xa9b201},{0xa9cf,0xa9cf01},{0xa9d0,0xa9d902},{0xa9e0,0xa9e401},
    {0xa9e6,0xa9ef01},{0xa9f0,0xa9f902},{0xa9fa,0xa9fe01},{0xaa00,0xaa2801},{0xaa40,0xaa4201},{0xaa44,0xaa4b01},
    {0xaa50,0xaa5902},{0xaa60,0xaa7601},{0xaa7a,0xaa7a01},{0xaa7e,0xaaaf01},{0xaab1,0xaab101},{0xaab5,0xaab601},
    {0xaab9,0xaabd01},{0xaac0,0xaac001},{0xaac2,0xaac201},{0xaadb,0xaadd01},{0xaae0,0xaaea01},{0xaaf2,0xaaf401},
    {0xab01,0xab0601},{0xab09,0xab0e01},{0xab11,0xab1601},{0xab20,0xab2601},{0xab28,0xab2e01},{0xab30,0xab5a01},
    {0xab5c,0xab6901},{0xab70,0xabe201},{0xabf0,0xabf902},{0xac00,0xd7a301},{0xd7b0,0xd7c601},{0xd7cb,0xd7fb01},
    {0xf900,0xfa6d01},{0xfa70,0xfad901},{0xfb00,0xfb0601},{0xfb13,0xfb1701},{0xfb1d,0xfb1d01},{0xfb1f,0xfb2801},
    {0xfb2a,0xfb3601},{0xfb38,0xfb3c01},{0xfb3e,0xfb3e01},{0xfb40,0xfb4101},{0xfb43,0xfb4401},{0xfb46,0xfbb101},
    {0xfbd3,0xfd3d01},{0xfd50,0xfd8f01},{0xfd92,0xfdc701},{0xfdf0,0xfdfb01},{0xfe70,0xfe7401},{0xfe76,0xfefc01},
    {0xff10,0xff1902},{0xff21,0xff3a01},{0xff41,0xff5a01},{0xff66,0xffbe01},{0xffc2,0xffc701},{0xffca,0xffcf01},
    {0xffd2,0xffd701},{0xffda,0xffdc01},{0x10000,0x1000b01},{0x1000d,0x1002601},{0x10028,0x1003a01},{0x1003c,0x1003d01},
    {0x1003f,0x1004d01},{0x10050,0x1005d01},{0x10080,0x100fa01},{0x10107,0x1013302},{0x10140,0x1017802},{0x1018a,0x1018b02},
    {0x10280,0x1029c01},{0x102a0,0x102d001},{0x102e1,0x102fb02},{0x10300,0x1031f01},{0x10320,0x1032302},{0x1032d,0x1034001},
    {0x10341,0x1034102},{0x10342,0x1034901},{0x1034a,0x1034a02},{0x10350,0x1037501},{0x10380,0x1039d01},{0x103a0,0x103c301},
    {0x103c8,0x103cf01},{0x103d1,0x103d502},{0x10400,0x1049d01},{0x104a0,0x104a902},{0x104b0,0x104d301},{0x104d8,0x104fb01},
    {0x10500,0x1052701},{0x10530,0x1056301},{0x10570,0x1057a01},{0x1057c,0x1058a01},{0x1058c,0x1059201},{0x10594,0x1059501},
    {0x10597,0x105a101},{0x105a3,0x105b101},{0x105b3,0x105b901},{0x105bb,0x105bc01},{0x105c0,0x105f301},{0x10600,0x1073601},
    {0x10740,0x1075501},{0x10760,0x1076701},{0x10780,0x1078501},{0x10787,0x107b001},{0x107b2,0x107ba01},{0x10800,0x1080501},
    {0x10808,0x1080801},{0x1080a,0x1083501},{0x10837,0x1083801},{0x1083c,0x1083c01},{0x1083f,0x1085501},{0x10858,0x1085f02},
    {0x10860,0x1087601},{0x10879,0x1087f02},{0x10880,0x1089e01},{0x108a7,0x108af02},{0x108e0,0x108f201},{0x108f4,0x108f501},
    {0x108fb,0x108ff02},{0x10900,0x1091501},{0x10916,0x1091b02},{0x10920,0x1093901},{0x10980,0x109b701},{0x109bc,0x109bd02},
    {0x109be,0x109bf01},{0x109c0,0x109cf02},{0x109d2,0x109ff02},{0x10a00,0x10a0001},{0x10a10,0x10a1301},{0x10a15,0x10a1701},
    {0x10a19,0x10a3501},{0x10a40,0x10a4802},{0x10a60,0x10a7c01},{0x10a7d,0x10a7e02},{0x10a80,0x10a9c01},{0x10a9d,0x10a9f02},
    {0x10ac0,0x10ac701},{0x10ac9,0x10ae401},{0x10aeb,0x10aef02},{0x10b00,0x10b3501},{0x10b40,0x10b5501},{0x10b58,0x10b5f02},
    {0x10b60,0x10b7201},{0x10b78,0x10b7f02},{0x10b80,0x10b9101},{0x10ba9,0x10baf02},{0x10c00,0x10c4801},{0x10c80,0x10cb201},
    {0x10cc0,0x10cf201},{0x10cfa,0x10cff02},{0x10d00,0x10d2301},{0x10d30,0x10d3902},{0x10d40,0x10d4902},{0x10d4a,0x10d6501},
    {0x10d6f,0x10d8501},{0x10e60,0x10e7e02},{0x10e80,0x10ea901},{0x10eb0,0x10eb101},{0x10ec2,0x10ec401},{0x10f00,0x10f1c01},
    {0x10f1d,0x10f2602},{0x10f27,0x10f2701},{0x10f30,0x10f4501},{0x10f51,0x10f5402},{0x10f70,0x10f8101},{0x10fb0,0x10fc401},
    {0x10fc5,0x10fcb02},{0x10fe0,0x10ff601},{0x11003,0x1103701},{0x11052,0x1106f02},{0x11071,0x1107201},{0x11075,0x1107501},
    {0x11083,0x110af01},{0x110d0,0x110e801},{0x110f0,0x110f902},{0x11103,0x1112601},{0x11136,0x1113f02},{0x11144,0x1114401},
    {0x11147,0x1114701},{0x11150,0x1117201},{0x11176,0x1117601},{0x11183,0x111b201},{0x111c1,0x111c401},{0x111d0,0x111d902},
    {0x111da,0x111da01},{0x111dc,0x111dc01},{0x111e1,0x111f402},{0x11200,0x1121101},{0x11213,0x1122b01},{0x1123f,0x1124001},
    {0x11280,0x1128601},{0x11288,0x1128801},{0x1128a,0x1128d01},{0x1128f,0x1129d01},{0x1129f,0x112a801},{0x112b0,0x112de01},
    {0x112f0,0x112f902},{0x11305,0x1130c01},{0x1130f,0x1131001},{0x11313,0x1132801},{0x1132a,0x1133001},{0x11332,0x1133301},
    {0x11335,0x1133901},{0x1133d,0x1133d01},{0x11350,0x1135001},{0x1135d,0x1136101},{0x11380,0x1138901},{0x1138b,0x1138b01},
    {0x1138e,0x1138e01},{0x11390,0x113b501},{0x113b7,0x113b701},{0x113d1,0x113d101},{0x113d3,0x113d301},{0x11400,0x1143401},
    {0x11447,0x1144a01},{0x11450,0x1145902},{0x1145f,0x1146101},{0x11480,0x114af01},{0x114c4,0x114c501},{0x114c7,0x114c701},
    {0x114d0,0x114d902},{0x11580,0x115ae01},{0x115d8,0x115db01},{0x11600,0x1162f01},{0x11644,0x1164401},{0x11650,0x1165902},
    {0x11680,0x116aa01},{0x116b8,0x116b801},{0x116c0,0x116c902},{0x116d0,0x116e302},{0x11700,0x1171a01},{0x11730,0x1173b02},
    {0x11740,0x1174601},{0x11800,0x1182b01},{0x118a0,0x118df01},{0x118e0,0x118f202},{0x118ff,0x1190601},{0x11909,0x1190901},
    {0x1190c,0x1191301},{0x11915,0x1191601},{0x11918,0x1192f01},{0x1193f,0x1193f01},{0x11941,0x1194101},{0x11950,0x1195902},
    {0x119a0,0x119a701},{0x119aa,0x119d001},{0x119e1,0x119e101},{0x119e3,0x119e301},{0x11a00,0x11a0001},{0x11a0b,0x11a3201},
    {0x11a3a,0x11a3a01},{0x11a50,0x11a5001},{0x11a5c,0x11a8901},{0x11a9d,0x11a9d01},{0x11ab0,0x11af801},{0x11bc0,0x11be001},
    {0x11bf0,0x11bf902},{0x11c00,0x11c0801},{0x11c0a,0x11c2e01},{0x11c40,0x11c4001},{0x11c50,0x11c6c02},{0x11c72,0x11c8f01},
    {0x11d00,0x11d0601},{0x11d08,0x11d0901},{0x11d0b,0x11d3001},{0x11d46,0x11d4601},{0x11d50,0x11d5902},{0x11d60,0x11d6501},
    {0x11d67,0x11d6801},{0x11d6a,0x11d8901},{0x11d98,0x11d9801},{0x11da0,0x11da902},{0x11ee0,0x11ef201},{0x11f02,0x11f0201},
    {0x11f04,0x11f1001},{0x11f12,0x11f3301},{0x11f50,0x11f5902},{0x11fb0,0x11fb001},{0x11fc0,0x11fd402},{0x12000,0x1239901},
    {0x12400,0x1246e02},{0x12480,0x1254301},{0x12f90,0x12ff001},{0x13000,0x1342f01},{0x13441,0x1344601},{0x13460,0x143fa01},
    {0x14400,0x1464601},{0x16100,0x1611d01},{0x16130,0x1613902},{0x16800,0x16a3801},{0x16a40,0x16a5e01},{0x16a60,0x16a6902},
    {0x16a70,0x16abe01},{0x16ac0,0x16ac902},{0x16ad0,0x16aed01},{0x16b00,0x16b2f01},{0x16b40,0x16b4301},{0x16b50,0x16b5902},
    {0x16b5b,0x16b6102},{0x16b63,0x16b7701},{0x16b7d,0x16b8f01},{0x16d40,0x16d6c01},{0x16d70,0x16d7902},{0x16e40,0x16e7f01},
    {0x16e80,0x16e9602},{0x16f00,0x16f4a01},{0x16f50,0x16f5001},{0x16f93,0x16f9f01},{0x16fe0,0x16fe101},{0x16fe3,0x16fe301},
    {0x17000,0x187f701},{0x18800,0x18cd501},{0x18cff,0x18d0801},{0x1aff0,0x1aff301},{0x1aff5,0x1affb01},{0x1affd,0x1affe01},
    {0x1b000,0x1b12201},{0x1b132,0x1b13201},{0x1b150,0x1b15201},{0x1b155,0x1b15501},{0x1b164,0x1b16701},{0x1b170,0x1b2fb01},
    {0x1bc00,0x1bc6a01},{0x1bc70,0x1bc7c01},{0x1bc80,0x1bc8801},{0x1bc90,0x1bc9901},{0x1ccf0,0x1ccf902},{0x1d2c0,0x1d2d302},
    {0x1d2e0,0x1d2f302},{0x1d360,0x1d37802},{0x1d400,0x1d45401},{0x1d456,0x1d49c01},{0x1d49e,0x1d49f01},{0x1d4a2,0x1d4a201},
    {0x1d4a5,0x1d4a601},{0x1d4a9,0x1d4ac01},{0x1d4ae,0x1d4b901},{0x1d4bb,0x1d4bb01},{0x1d4bd,0x1d4c301},{0x1d4c5,0x1d50501},
    {0x1d507,0x1d50a01},{0x1d50d,0x1d51401},{0x1d516,0x1d51c01},{0x1d51e,0x1d53901},{0x1d53b,0x1d53e01},{0x1d540,0x1d54401},
    {0x1d546,0x1d54601},{0x1d54a,0x1d55001},{0x1d552,0x1d6a501},{0x1d6a8,0x1d6c001},{0x1d6c2,0x1d6da01},{0x1d6dc,0x1d6fa01},
    {0x1d6fc,0x1d71401},{0x1d716,0x1d73401},{0x1d736,0x1d74e01},{0x1d750,0x1d76e01},{0x1d770,0x1d78801},{0x1d78a,0x1d7a801},
    {0x1d7aa,0x1d7c201},{0x1d7c4,0x1d7cb01},{0x1d7ce,0x1d7ff02},{0x1df00,0x1df1e01},{0x1df25,0x1df2a01},{0x1e030,0x1e06d01},
    {0x1e100,0x1e12c01},{0x1e137,0x1e13d01},{0x1e140,0x1e14902},{0x1e14e,0x1e14e01},{0x1e290,0x1e2ad01},{0x1e2c0,0x1e2eb01},
    {0x1e2f0,0x1e2f902},{0x1e4d0,0x1e4eb01},{0x1e4f0,0x1e4f902},{0x1e5d0,0x1e5ed01},{0x1e5f0,0x1e5f001},{0x1e5f1,0x1e5fa02},
    {0x1e7e0,0x1e7e601},{0x1e7e8,0x1e7eb01},{0x1e7ed,0x1e7ee01},{0x1e7f0,0x1e7fe01},{0x1e800,0x1e8c401},{0x1e8c7,0x1e8cf02},
    {0x1e900,0x1e94301},{0x1e94b,0x1e94b01},{0x1e950,0x1e95902},{0x1ec71,0x1ecab02},{0x1ecad,0x1ecaf02},{0x1ecb1,0x1ecb402},
    {0x1ed01,0x1ed2d02},{0x1ed2f,0x1ed3d02},{0x1ee00,0x1ee0301},{0x1ee05,0x1ee1f01},{0x1ee21,0x1ee2201},{0x1ee24,0x1ee2401},
    {0x1ee27,0x1ee2701},{0x1ee29,0x1ee3201},{0x1ee34,0x1ee3701},{0x1ee39,0x1ee3901},{0x1ee3b,0x1ee3b01},{0x1ee42,0x1ee4201},
    {0x1ee47,0x1ee4701},{0x1ee49,0x1ee4901},{0x1ee4b,0x1ee4b01},{0x1ee4d,0x1ee4f01},{0x1ee51,0x1ee5201},{0x1ee54,0x1ee5401},
    {0x1ee57,0x1ee5701},{0x1ee59,0x1ee5901},{0x1ee5b,0x1ee5b01},{0x1ee5d,0x1ee5d01},{0x1ee5f,0x1ee5f01},{0x1ee61,0x1ee6201},
    {0x1ee64,0x1ee6401},{0x1ee67,0x1ee6a01},{0x1ee6c,0x1ee7201},{0x1ee74,0x1ee7701},{0x1ee79,0x1ee7c01},{0x1ee7e,0x1ee7e01},
    {0x1ee80,0x1ee8901},{0x1ee8b,0x1ee9b01},{0x1eea1,0x1eea301},{0x1eea5,0x1eea901},{0x1eeab,0x1eebb01},{0x1f100,0x1f10c02},
    {0x1fbf0,0x1fbf902},{0x20000,0x2a6df01},{0x2a700,0x2b73901},{0x2b740,0x2b81d01},{0x2b820,0x2cea101},{0x2ceb0,0x2ebe001},
    {0x2ebf0,0x2ee5d01},{0x2f800,0x2fa1d01},{0x30000,0x3134a01},{0x31350,0x323af01},
};
/* END GENERATED BPE CLASSES */

/* \p{L} (PRUNE__B_LETTER), \p{N} (PRUNE__B_NUMBER), \s (PRUNE__B_SPACE) or 0 of cp */
static unsigned prune__b_class(uint32_t cp) {
    size_t lo = 0, hi = sizeof prune__b_ranges / sizeof prune__b_ranges[0];
    if (cp < 0x80) return prune__b_ascii[cp];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < prune__b_ranges[mid][0]) hi = mid;
        else if (cp > prune__b_ranges[mid][1] >> 8) lo = mid + 1;
        else return prune__b_ranges[mid][1] & 0xFF;
    }
    return 0;
}

#ifdef PRUNE__GCC12_CXX
#pragma GCC diagnostic pop
#endif
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
