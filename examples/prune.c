/* examples/prune.c - the `prune` command-line tool: automatic pruning of fine-tuning
   datasets (Tayaranian et al., CoLLAs 2024) with prune.h, from the shell.

     prune tokenize   a TSV, CSV or JSON Lines file -> a tokenized dataset and its label map
     prune probe      a learning rate at which phase 1 learns, from short runs
     prune phase1     R fine-tuning runs (or one, --run K) that record every example,
                      and say so when a run does not learn
     prune merge      per-run score files -> one merged score file
     prune select     H-scores, their histograms, the subsets' row files, baselines
     prune report     what select writes, and report.html: a page to see what was pruned
     prune compare    phase 2 on every subset and baseline with several seeds
     prune train      phase 2: fine-tune on a subset's rows, save the model
     prune evaluate   accuracy, macro-F1 and MCC of a saved model on a dev set (SQuAD:
                      exact match and F1)
     prune pipeline   all of it, then full set vs winning ticket vs random subset

   `prune --help` and `prune COMMAND --help` are the manual. Exit status: 0 success,
   1 failure (stderr says why), 2 usage error. Results go to stdout, everything else
   (progress, notes) to stderr. Every file is written atomically (a temporary file,
   fsync, rename), and phase 1 resumes after a crash from its last finished epoch.

   How the pieces of prune.h are used, in the order a run meets them:
     data       load_data: binary / text datasets (prune_dataset_open) or a TSV
                (prune_tsv_tokenize with the model's vocab.txt)
     model      open_source + build_model: config.json and model.safetensors
                (prune_hf_read_config, prune_hf_load_weights) or --scratch
                (prune_model_init_weights); a fresh head for every run's seed
     phase 1    run_phase1: prune_finetune with records, scores_path, state_path;
                on_epoch_end shows prune_epoch_health and stops a collapsed run
     select     prune_scores_merge, prune_scores_health, prune_hscores (and
                prune_hscores_relative), prune_subset_family/_select, prune_baseline,
                prune_class_counts
     compare    run_compare: train_and_eval per (set, seed), prune_mean_std
     phase 2    train_and_eval: prune_finetune on a subset, prune_evaluate, prune_hf_save */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* The phase-2 seed is the base seed + this: never a phase-1 run's (runs use S..S+R-1). */
#define PHASE2_SEED_OFFSET 100

static const char *g_cmd = "prune";   /* for messages: "prune phase1: ..." */

static int fail(const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "%s: ", g_cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_FAIL;
}

static int usage_error(const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "%s: ", g_cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see '%s --help')\n", g_cmd);
    return EXIT_USAGE;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void fmt_duration(double s, char *buf, size_t n) {
    long t = (long)(s + 0.5);
    if (s < 0 || s > 1e8) snprintf(buf, n, "?");
    else if (t >= 3600) snprintf(buf, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
    else if (t >= 60) snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
    else if (s >= 10) snprintf(buf, n, "%lds", t);
    else snprintf(buf, n, "%.1fs", s);
}

/* ============================================================================
   Options
   ========================================================================= */

enum {
    O_MODEL, O_SCRATCH, O_VOCAB, O_CASED, O_UNCASED,
    O_TRAIN, O_DEV, O_ROWS, O_LABELS, O_TEXT_A, O_TEXT_B, O_LABEL_COL, O_FORMAT, O_QUOTING, O_NO_HEADER, O_DROP_LABEL, O_OUT, O_TEXT,
    O_RUNS, O_RUN, O_EPOCHS, O_LR, O_BATCH, O_MAX_LEN, O_WARMUP, O_WD, O_DROPOUT, O_SEED,
    O_ORDER, O_RESHUFFLE, O_EL2N_PASS, O_REMOVE, O_BASELINES, O_RECORDS, O_REPORT, O_PREDICTIONS,
    O_FORCE, O_CLASS_AWARE, O_SCORES, O_SEEDS, O_SETS, O_ADD, O_COMPARE, O_RATES, O_EXAMPLES,
    O_THREADS, O_QUIET, O_TASK, O_STRIDE, O_ARTICLES, O_DEV_ARTICLES, O_UNIT, O_HELP, O_COUNT
};

enum { K_FLAG, K_INT, K_U64, K_DOUBLE, K_STR, K_LIST };

typedef struct optdef {
    const char *name;
    char short_name;
    int kind;
    const char *arg;      /* the value's name in the help, NULL for a flag */
    const char *help;
} optdef;

static const optdef OPTS[O_COUNT] = {
    {"model", 0, K_STR, "DIR", "a Hugging Face checkpoint: config.json, model.safetensors, vocab.txt\n"
                               "(BERT, RoBERTa or OPT; the classifier head is created fresh from each run's seed)"},
    {"scratch", 0, K_STR, "L,H,NH,F", "no checkpoint: a randomly initialised BERT with L layers, hidden size H,\n"
                                      "NH heads and FFN size F; vocabulary and labels from the data"},
    {"vocab", 0, K_STR, "FILE", "vocab.txt for tokenizing TSV files (default: the --model's)"},
    {"cased", 0, K_FLAG, NULL, "the vocabulary is cased (default: tokenizer_config.json's do_lower_case,\n"
                               "else uncased)"},
    {"uncased", 0, K_FLAG, NULL, "the vocabulary is uncased (lower-case and strip accents)"},
    {"train", 0, K_STR, "DATA", "the training set"},
    {"dev", 0, K_STR, "DATA", "the dev set the models are evaluated on"},
    {"rows", 0, K_STR, "FILE", "train only on these rows of the training set (a .rows file of select)"},
    {"labels", 0, K_STR, "FILE", "label map (id<TAB>name lines) for string labels of a TSV; default: the\n"
                                 "one next to a tokenized training set, the model's, or the file's own"},
    {"text-a", 0, K_STR, "COL", "column of the first text, by name or number (1 = the first); default:\n"
                                "sentence, sentence1, question1, question, premise or text"},
    {"text-b", 0, K_STR, "COL", "column of the second text (default: the partner of text-a's)"},
    {"label", 0, K_STR, "COL", "label column (default: label; JSON Lines: label, else gold_label)"},
    {"format", 0, K_STR, "F", "tsv, csv or jsonl (default: from the name - .csv, .jsonl/.json - else tsv)"},
    {"quoting", 0, K_STR, "Q", "TSV quoting: auto (default: decided from the file), none (quotes are\n"
                               "text, GLUE's files) or csv (RFC 4180, as pandas writes)"},
    {"no-header", 0, K_FLAG, NULL, "the first row is data: name columns by number (--text-a 4 --label 2)"},
    {"drop-label", 0, K_STR, "L", "leave out rows with label L (SNLI's '-': no gold label); they keep their row numbers"},
    {"out", 'o', K_STR, "PATH", "where the output goes"},
    {"text", 0, K_FLAG, NULL, "write the text format (label<TAB>ids lines) instead of binary"},
    {"runs", 0, K_INT, "R", "phase-1 runs, R (default 6)"},
    {"run", 0, K_INT, "K", "do only run K (0..R-1), e.g. on one machine of several (default: all)"},
    {"epochs", 0, K_INT, "E", "epochs of every fine-tuning, E (default 3)"},
    {"lr", 0, K_DOUBLE, "X", "peak learning rate (default 2e-5)"},
    {"batch", 0, K_INT, "N", "examples per step (default 32)"},
    {"max-len", 0, K_INT, "N", "tokens per example, [CLS]/[SEP] included (default 128)"},
    {"warmup-ratio", 0, K_DOUBLE, "X", "linear warm-up over this fraction of the steps, then linear decay\n"
                                       "(default 0.1, as BERT's run_classifier.py)"},
    {"weight-decay", 0, K_DOUBLE, "X", "AdamW's decoupled weight decay (default 0.01)"},
    {"dropout", 0, K_DOUBLE, "P", "dropout of hidden states and attention (default: config.json's;\n"
                                  "0.1 with --scratch)"},
    {"seed", 0, K_U64, "S", "base seed (default 42): phase-1 run K uses S+K for its head, dropout and\n"
                            "data order; phase 2 uses S+100, which no phase-1 run used"},
    {"order", 0, K_STR, "KIND", "batch order: random (default, as the paper) or bucketed (batches of\n"
                                "similar length: less padding, much faster on real text)"},
    {"reshuffle", 0, K_FLAG, NULL, "a new order every epoch (default: one per run, as the authors' code)"},
    {"el2n-pass", 0, K_FLAG, NULL, "EL2N (a baseline) at the end of epoch 1, as Paul et al.: one eval pass over\n"
                                   "the training set per run (default: each example's EL2N when epoch 1 saw it)"},
    {"remove", 0, K_LIST, "LIST", "also select the subset without these H values, e.g. 0,1,6 or 0-3,6\n"
                                  "(repeatable)"},
    {"baselines", 0, K_FLAG, NULL, "also write every baseline (random, ambiguous, hard, forgetting, el2n)\n"
                                   "at the size of every subset"},
    {"records", 0, K_FLAG, NULL, "also write records.tsv: every example's record of every run and epoch"},
    {"report", 0, K_FLAG, NULL, "also write report.html: health, histogram, data map, subsets and every\n"
                                "example, in one self-contained page (no network)"},
    {"predictions", 0, K_STR, "FILE", "write row, gold, predicted, gold_name, predicted_name and p_NAME (every\n"
                                                "class's probability) for every dev example, tab-separated"},
    {"force", 0, K_FLAG, NULL, "go on although phase 1 did not learn (a collapsed run) or a subset lost a\n"
                               "class: the H-scores are then not to be trusted"},
    {"class-aware", 0, K_FLAG, NULL, "also the class-aware subsets (NAME.class): the same H values removed, with\n"
                                     "H measured relative to each class, so no class is emptied or starved\n"
                                     "(not the paper's rule; see README)"},
    {"scores", 0, K_STR, "FILE", "the merged score file of phase 1 (prune merge)"},
    {"seeds", 0, K_INT, "N", "phase-2 trainings per set, seeds S+100 .. S+100+N-1 (default 3)"},
    {"sets", 0, K_STR, "LIST", "only these sets, by name, comma-separated (default: full, every subset of\n"
                               "the family, and random and ambiguous at each subset's size)"},
    {"add", 0, K_LIST, "NAME=FILE", "also compare the rows of FILE (a .rows file) under NAME, whatever --sets\n"
                                    "says (repeatable)"},
    {"compare", 0, K_FLAG, NULL, "phase 2 as 'prune compare' does it (every subset, baselines, --seeds seeds)\n"
                                 "instead of full / ticket / random with one seed"},
    {"rates", 0, K_STR, "LIST", "learning rates to try, comma-separated (default 1e-5,2e-5,5e-5,1e-4,2e-4)"},
    {"examples", 0, K_INT, "N", "examples of the training set the probe trains on, drawn at random with the\n"
                                "seed (default 2000, or all if fewer)"},
    {"threads", 0, K_INT, "N", "worker threads (default: all CPUs; results do not depend on it)"},
    {"quiet", 'q', K_FLAG, NULL, "no progress or notes on stderr, only errors"},
    {"task", 0, K_STR, "T", "classify, choice (multiple choice, RACE) or span (extractive QA, SQuAD);\n"
                            "default: from the data - a directory of RACE passages or JSON with \"questions\"\n"
                            "or \"options\" is choice, a SQuAD JSON file (\"data\": [...]) is span"},
    {"stride", 0, K_INT, "N", "span: context tokens two windows of one question share (default 128,\n"
                              "as run_qa.py)"},
    {"articles", 0, K_STR, "A-B", "span: only articles A..B (data[] entries, from 0) of the --train file\n"
                                  "(and of the data of evaluate), to split one SQuAD file"},
    {"dev-articles", 0, K_STR, "A-B", "span: only articles A..B of the --dev file"},
    {"unit", 0, K_STR, "U", "span: what select keeps or drops - feature (default, the authors' unit: each\n"
                            "window of a question on its own) or question (its windows together: a\n"
                            "question is right when all its windows were; baselines of as many questions)"},
    {"help", 'h', K_FLAG, NULL, "this help"},
};

typedef struct opts {
    int set[O_COUNT];                       /* given on the command line */
    const char *model, *scratch, *vocab, *train, *dev, *rows, *labels, *text_a, *text_b, *label_col, *out, *drop_label;
    int format, quoting, no_header;
    const char *order_name, *predictions;
    const char *remove[64];
    int nremove;
    const char *add[64];
    int nadd;
    const char *scores, *sets, *rates;
    int force, class_aware, compare, seeds, examples;
    int cased;                              /* -1: ask tokenizer_config.json */
    int text, reshuffle, el2n_pass, baselines, records, report, quiet;
    int runs, run, epochs, batch, max_len, threads, order;
    int sl, sh, snh, sf;                    /* --scratch L,H,NH,F */
    double lr, warmup, wd, dropout;         /* dropout < 0: the model's */
    uint64_t seed;
    int task;                               /* -1: from the data; PRUNE_HEAD_* */
    int stride;
    int articles[2], dev_articles[2];       /* -1 -1: all */
    int unit_question;                      /* --unit question */
    const char *pos[64];
    int npos;
} opts;

/* a note on stderr, unless --quiet */
static void note(const opts *o, const char *fmt, ...) {
    va_list ap;
    if (o->quiet) return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}


static void opts_defaults(opts *o) {
    memset(o, 0, sizeof *o);
    o->cased = -1;
    o->runs = 6; o->run = -1; o->epochs = 3; o->batch = 32; o->max_len = 128;
    o->lr = 2e-5; o->warmup = 0.1; o->wd = 0.01; o->dropout = -1; o->seed = 42;
    o->order = PRUNE_ORDER_RANDOM;
    o->seeds = 3; o->examples = 2000;
    o->task = -1; o->stride = 128;
    o->articles[0] = o->articles[1] = o->dev_articles[0] = o->dev_articles[1] = -1;
}

/* "A-B" or "A" -> r[0], r[1] */
static int parse_range(const char *name, const char *v, int r[2]) {
    char *end;
    long a, b;
    errno = 0;
    a = strtol(v, &end, 10);
    b = a;
    if (*end == '-') b = strtol(end + 1, &end, 10);
    if (end == v || *end || errno || a < 0 || b < a || b > 1 << 30) return usage_error("--%s: '%s' is not A-B (0 <= A <= B)", name, v);
    r[0] = (int)a; r[1] = (int)b;
    return EXIT_OK;
}

static int parse_int(const char *name, const char *v, long lo, long hi, int *out) {
    char *end;
    long x;
    errno = 0;
    x = strtol(v, &end, 10);
    if (end == v || *end || errno || x < lo || x > hi)
        return usage_error("--%s: '%s' is not an integer in %ld..%ld", name, v, lo, hi);
    *out = (int)x;
    return EXIT_OK;
}

#define MAX_PATH_ARG 900

static int parse_option(opts *o, int id, const char *v) {
    const char *name = OPTS[id].name;
    char *end;
    o->set[id] = 1;
    if (v && strlen(v) > MAX_PATH_ARG) return usage_error("--%s: value longer than %d bytes", name, MAX_PATH_ARG);
    switch (id) {
    case O_MODEL: o->model = v; break;
    case O_SCRATCH: {
        int n = 0, vals[4], k = 0;
        const char *p = v;
        for (k = 0; k < 4; k++) {
            long x;
            errno = 0;
            x = strtol(p, &end, 10);
            if (end == p || errno || x < 1 || x > 100000) break;
            vals[n++] = (int)x;
            p = end;
            if (k < 3) { if (*p != ',') break; p++; }
        }
        if (n != 4 || *p) return usage_error("--scratch: '%s' is not LAYERS,HIDDEN,HEADS,FFN (e.g. 2,64,4,128)", v);
        if (vals[1] % vals[2]) return usage_error("--scratch: %d heads do not divide hidden size %d", vals[2], vals[1]);
        o->scratch = v; o->sl = vals[0]; o->sh = vals[1]; o->snh = vals[2]; o->sf = vals[3];
        break;
    }
    case O_VOCAB: o->vocab = v; break;
    case O_CASED: o->cased = 1; break;
    case O_UNCASED: o->cased = 0; break;
    case O_TRAIN: o->train = v; break;
    case O_DEV: o->dev = v; break;
    case O_ROWS: o->rows = v; break;
    case O_LABELS: o->labels = v; break;
    case O_TEXT_A: o->text_a = v; break;
    case O_TEXT_B: o->text_b = v; break;
    case O_LABEL_COL: o->label_col = v; break;
    case O_FORMAT:
        if (strcmp(v, "tsv") == 0) o->format = PRUNE_FORMAT_TSV;
        else if (strcmp(v, "csv") == 0) o->format = PRUNE_FORMAT_CSV;
        else if (strcmp(v, "jsonl") == 0) o->format = PRUNE_FORMAT_JSONL;
        else return usage_error("--format: '%s' is not tsv, csv or jsonl", v);
        break;
    case O_QUOTING:
        if (strcmp(v, "auto") == 0) o->quoting = PRUNE_QUOTING_AUTO;
        else if (strcmp(v, "none") == 0) o->quoting = PRUNE_QUOTING_NONE;
        else if (strcmp(v, "csv") == 0) o->quoting = PRUNE_QUOTING_RFC4180;
        else return usage_error("--quoting: '%s' is not auto, none or csv", v);
        break;
    case O_NO_HEADER: o->no_header = 1; break;
    case O_TASK:
        if (strcmp(v, "classify") == 0) o->task = PRUNE_HEAD_CLASSIFY;
        else if (strcmp(v, "choice") == 0) o->task = PRUNE_HEAD_CHOICE;
        else if (strcmp(v, "span") == 0) o->task = PRUNE_HEAD_SPAN;
        else if (strcmp(v, "auto") == 0) o->task = -1;
        else return usage_error("--task: '%s' is not classify, choice, span or auto", v);
        break;
    case O_STRIDE: return parse_int(name, v, 0, 1 << 20, &o->stride);
    case O_ARTICLES: return parse_range(name, v, o->articles);
    case O_UNIT:
        if (strcmp(v, "feature") == 0) o->unit_question = 0;
        else if (strcmp(v, "question") == 0) o->unit_question = 1;
        else return usage_error("--unit: '%s' is not feature or question", v);
        break;
    case O_DEV_ARTICLES: return parse_range(name, v, o->dev_articles);
    case O_DROP_LABEL: o->drop_label = v; break;
    case O_OUT: o->out = v; break;
    case O_TEXT: o->text = 1; break;
    case O_RUNS: return parse_int(name, v, 1, PRUNE_MAX_RUNS, &o->runs);
    case O_RUN: return parse_int(name, v, 0, PRUNE_MAX_RUNS - 1, &o->run);
    case O_EPOCHS: return parse_int(name, v, 1, 1000, &o->epochs);
    case O_BATCH: return parse_int(name, v, 1, 4096, &o->batch);
    case O_MAX_LEN: return parse_int(name, v, 3, 1 << 20, &o->max_len);
    case O_THREADS: {   /* more threads than CPUs only wait on each other (1000 ran 100x slower) */
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        if (parse_int(name, v, 0, 1 << 20, &o->threads) != EXIT_OK) return EXIT_USAGE;
        /* a few more than the CPUs is harmless (and keeps scripts portable); far more only wait on each other */
        if (o->threads > (cpus > 0 ? (cpus * 4 > 8 ? cpus * 4 : 8) : 256))
            return usage_error("--threads %d: this machine has %ld CPUs; far more threads than CPUs only wait on each other", o->threads, cpus);
        return EXIT_OK;
    }
    case O_LR: case O_WARMUP: case O_WD: case O_DROPOUT: {
        double x;
        errno = 0;
        x = strtod(v, &end);
        if (end == v || *end || errno || !(x == x) || x > 1e30 || x < -1e30) return usage_error("--%s: '%s' is not a number", name, v);
        if (id == O_LR && !(x > 0 && x < 10)) return usage_error("--lr %s: must be in (0, 10)", v);
        if (id == O_WARMUP && !(x >= 0 && x <= 1)) return usage_error("--warmup-ratio %s: must be in [0, 1]", v);
        if (id == O_WD && !(x >= 0 && x < 10)) return usage_error("--weight-decay %s: must be in [0, 10)", v);
        if (id == O_DROPOUT && !(x >= 0 && x < 1)) return usage_error("--dropout %s: must be in [0, 1)", v);
        if (id == O_LR) o->lr = x;
        else if (id == O_WARMUP) o->warmup = x;
        else if (id == O_WD) o->wd = x;
        else o->dropout = x;
        break;
    }
    case O_SEED: {
        unsigned long long x;
        errno = 0;
        x = strtoull(v, &end, 10);
        if (end == v || *end || errno || !isdigit((unsigned char)v[0]) || x > (1ull << 62))
            return usage_error("--seed: '%s' is not an integer in 0..2^62", v);
        o->seed = x;
        break;
    }
    case O_ORDER:
        if (strcmp(v, "random") == 0) o->order = PRUNE_ORDER_RANDOM;
        else if (strcmp(v, "bucketed") == 0) o->order = PRUNE_ORDER_BUCKETED;
        else return usage_error("--order: '%s' is neither random nor bucketed", v);
        o->order_name = v;
        break;
    case O_RESHUFFLE: o->reshuffle = 1; break;
    case O_EL2N_PASS: o->el2n_pass = 1; break;
    case O_REMOVE:
        if (o->nremove == 64) return usage_error("--remove: at most 64 of them");
        o->remove[o->nremove++] = v;
        break;
    case O_BASELINES: o->baselines = 1; break;
    case O_FORCE: o->force = 1; break;
    case O_CLASS_AWARE: o->class_aware = 1; break;
    case O_COMPARE: o->compare = 1; break;
    case O_SCORES: o->scores = v; break;
    case O_SETS: o->sets = v; break;
    case O_RATES: o->rates = v; break;
    case O_SEEDS: return parse_int(name, v, 1, 100, &o->seeds);
    case O_EXAMPLES: return parse_int(name, v, 2, 1 << 30, &o->examples);
    case O_ADD:
        if (o->nadd == 64) return usage_error("--add: at most 64 of them");
        if (!strchr(v, '=') || strchr(v, '=') == v || !strchr(v, '=')[1] || strchr(v, '=') - v > 40 ||
            strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != (size_t)(strchr(v, '=') - v) || v[0] == '.')
            return usage_error("--add '%s': expected NAME=FILE (a name of at most 40 letters, digits, '.', '_' or '-', not starting with '.', "
                               "then a .rows file)", v);
        o->add[o->nadd++] = v;
        break;
    case O_RECORDS: o->records = 1; break;
    case O_REPORT: o->report = 1; break;
    case O_PREDICTIONS: o->predictions = v; break;
    case O_QUIET: o->quiet = 1; break;
    default: break;
    }
    return EXIT_OK;
}

/* ============================================================================
   Subcommands: their help, and the parser that follows it
   ========================================================================= */

typedef struct help_override { int id; const char *help; } help_override;

typedef struct command {
    const char *name;
    const char *summary;                  /* one line, for `prune --help` */
    const char *synopsis;                 /* after "usage: prune NAME " */
    const char *about;
    const int *opts;                      /* allowed options, -1 ends */
    int min_pos, max_pos;                 /* positional arguments */
    int (*run)(opts *o);
    const help_override *helps;           /* what an option means here, if not the usual; id -1 ends */
} command;

static const char DATA_HELP[] =
    "DATA is a table of examples - TSV (GLUE's plain files, or quoted as pandas writes them), CSV or\n"
    "JSON Lines (.jsonl), with a header row unless --no-header - tokenized on the fly with the model's\n"
    "tokenizer or --vocab; or a dataset `prune tokenize` wrote: binary, or text (label<TAB>ids[<TAB>ids_b]).\n"
    "Rows are counted from 0 at the first data row (a text dataset: its first line).\n"
    "The paper's other tasks (--task, else told from the data):\n"
    "  multiple choice (RACE): the release's directory of passage files (train/middle), one such file,\n"
    "    or JSON Lines of passages or single questions; an example is a question, its classes the\n"
    "    options A, B, ...; each option is scored as (article, question with _ filled in) by\n"
    "    ...ForMultipleChoice; dev metric accuracy. Default max length 512.\n"
    "  extractive QA (SQuAD 1.1/2.0 JSON): questions cut into features of --max-len tokens (default\n"
    "    384) with --stride 128, as run_qa.py; an example is a feature (its class: answer or no\n"
    "    answer), right when the arg-max start and end are the answer's; dev metrics the official\n"
    "    exact match and F1 (in %); --articles / --dev-articles A-B split one file by article.\n";

static const char EXIT_HELP[] =
    "Exit status: 0 success, 1 failure (stderr says why), 2 usage error (bad option or value).\n";

static void print_help(const command *c) {
    int k;
    printf("usage: prune %s %s\n\n%s\n", c->name, c->synopsis, c->about);
    if (strstr(c->synopsis, "DATA")) printf("%s\n", DATA_HELP);
    printf("options:\n");
    for (k = 0; c->opts[k] >= 0; k++) {
        const optdef *d = &OPTS[c->opts[k]];
        char left[64];
        const char *h = d->help, *nl;
        const help_override *ov;
        for (ov = c->helps; ov && ov->id >= 0; ov++) if (ov->id == c->opts[k]) h = ov->help;
        if (d->short_name) snprintf(left, sizeof left, "-%c, --%s%s%s", d->short_name, d->name, d->arg ? " " : "", d->arg ? d->arg : "");
        else snprintf(left, sizeof left, "    --%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
        printf("  %-24s", left);
        if (strlen(left) > 24) printf("\n  %-24s", "");
        while ((nl = strchr(h, '\n')) != NULL) { printf("%.*s\n  %-24s", (int)(nl - h), h, ""); h = nl + 1; }
        printf("%s\n", h);
    }
    printf("\nOptions take their value as --name VALUE or --name=VALUE; given twice, the last one counts.\n%s", EXIT_HELP);
}

static int parse_args(const command *c, int argc, char **argv, opts *o) {
    int i, k, only_pos = 0;
    opts_defaults(o);
    for (i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL, *eq;
        char name[64];
        int id = -1;
        if (only_pos || a[0] != '-' || a[1] == 0) {
            if (o->npos == 64) return usage_error("too many arguments");
            if (strlen(a) > MAX_PATH_ARG) return usage_error("argument longer than %d bytes", MAX_PATH_ARG);
            o->pos[o->npos++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { only_pos = 1; continue; }
        if (a[1] != '-') {                       /* -h, -q, -o X */
            for (k = 0; k < O_COUNT; k++) if (OPTS[k].short_name && OPTS[k].short_name == a[1]) id = k;
            if (id < 0 || a[2]) return usage_error("unknown option %s", a);
            snprintf(name, sizeof name, "%s", OPTS[id].name);
        } else {
            eq = strchr(a + 2, '=');
            snprintf(name, sizeof name, "%.*s", (int)(eq ? (size_t)(eq - a - 2) : strlen(a + 2)), a + 2);
            if (eq) v = eq + 1;
            for (k = 0; k < O_COUNT; k++) if (strcmp(OPTS[k].name, name) == 0) id = k;
            if (id < 0) return usage_error("unknown option --%s", name);
        }
        if (id == O_HELP) { print_help(c); exit(EXIT_OK); }
        for (k = 0; c->opts[k] >= 0 && c->opts[k] != id; k++) {}
        if (c->opts[k] < 0) return usage_error("--%s does not apply to '%s'", name, c->name);
        if (OPTS[id].kind == K_FLAG) {
            if (v) return usage_error("--%s takes no value", name);
        } else if (!v) {
            if (i + 1 >= argc) return usage_error("--%s needs a value (%s)", name, OPTS[id].arg);
            v = argv[++i];
        }
        if ((k = parse_option(o, id, v)) != EXIT_OK) return k;
    }
    if (o->npos < c->min_pos || o->npos > c->max_pos) {
        if (c->max_pos == 0) return usage_error("unexpected argument '%s'", o->pos[0]);
        return usage_error("expected %s%d argument%s, got %d", c->min_pos == c->max_pos ? "" : "at least ", c->min_pos,
                           c->min_pos == 1 ? "" : "s", o->npos);
    }
    if (o->set[O_MODEL] && o->set[O_SCRATCH]) return usage_error("--model and --scratch exclude each other");
    if (o->set[O_CASED] && o->set[O_UNCASED]) return usage_error("--cased and --uncased exclude each other");
    if (o->set[O_RUN] && o->run >= o->runs) return usage_error("--run %d: runs are 0..%d (--runs %d)", o->run, o->runs - 1, o->runs);
    return EXIT_OK;
}

static int need(const opts *o, int id) {
    if (o->set[id]) return EXIT_OK;
    return usage_error("--%s %s is required", OPTS[id].name, OPTS[id].arg);
}

static int need_model(const opts *o) {
    if (o->model || o->scratch) return EXIT_OK;
    return usage_error("give --model DIR (a checkpoint) or --scratch L,H,NH,F (random initialisation)");
}

/* ============================================================================
   Files: atomic text outputs, directories
   ========================================================================= */

/* Every file a command reads is remembered (device and inode), and every file it
   writes is checked against them first: an output path that names an input
   (`tokenize -o x.tsv x.tsv`, `train --out` the --model directory) is refused
   before anything is written, never overwritten. */
static struct { dev_t dev; ino_t ino; } g_inputs[256];
static int g_ninputs;

static void input_add(const char *path) {
    struct stat st;
    if (g_ninputs < 256 && stat(path, &st) == 0) { g_inputs[g_ninputs].dev = st.st_dev; g_inputs[g_ninputs].ino = st.st_ino; g_ninputs++; }
}

static int output_ok(const char *path) {
    struct stat st;
    int k;
    if (stat(path, &st) != 0) return EXIT_OK;   /* a new file cannot be an input */
    for (k = 0; k < g_ninputs; k++)
        if (g_inputs[k].dev == st.st_dev && g_inputs[k].ino == st.st_ino)
            return fail("%s is also an input of this command: refusing to overwrite it (choose another output)", path);
    return EXIT_OK;
}

/* The library's atomic output (prune_file), after the check above */
static int af_open(prune_file *a, const char *path) {
    prune_error err;
    if (strlen(path) > 1000) return fail("%s: path too long", path);
    if (output_ok(path) != EXIT_OK) return EXIT_FAIL;
    if (prune_file_open(a, path, &err) != PRUNE_OK) return fail("%s", err.msg);
    return EXIT_OK;
}

static void af_abort(prune_file *a) { prune_file_abort(a); }

/* flush, fsync, rename over the path, fsync the directory */
static int af_commit(prune_file *a) {
    prune_error err;
    if (prune_file_commit(a, &err) != PRUNE_OK) return fail("%s", err.msg);
    return EXIT_OK;
}

/* mkdir -p */
static int make_dirs(const char *path) {
    char p[1100];
    size_t i, n = strlen(path);
    struct stat st;
    if (n == 0 || n > 1000) return fail("%s: bad directory name", path);
    snprintf(p, sizeof p, "%s", path);
    for (i = 1; i <= n; i++)
        if (p[i] == '/' || p[i] == 0) {
            char c = p[i];
            p[i] = 0;
            if (mkdir(p, 0777) != 0 && errno != EEXIST) return fail("%s: cannot create directory: %s", p, strerror(errno));
            p[i] = c;
        }
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) return fail("%s: not a directory", path);
    return EXIT_OK;
}

static int is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int file_exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/name into buf[n]; paths on the command line are at most MAX_PATH_ARG bytes,
   so the buffers of 1100 bytes hold every path built from them */
static void join(char *buf, size_t n, const char *dir, const char *name) {
    size_t l = strlen(dir), m = strlen(name), sep = l > 0 && dir[l - 1] != '/';
    if (l + sep + m + 1 > n) { l = 0; sep = 0; m = m < n ? m : n - 1; }   /* cannot happen: see above */
    memcpy(buf, dir, l);
    if (sep) buf[l] = '/';
    memcpy(buf + l + sep, name, m);
    buf[l + sep + m] = 0;
}

/* copy a small file atomically (tokenizer files next to a saved model) */
static int copy_file(const char *from, const char *to) {
    FILE *in = fopen(from, "rb");
    prune_file a;
    char buf[65536];
    size_t k;
    if (!in) return fail("%s: cannot open: %s", from, strerror(errno));
    if (af_open(&a, to) != EXIT_OK) { fclose(in); return EXIT_FAIL; }
    while ((k = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, k, a.f);
    if (ferror(in)) { fclose(in); af_abort(&a); return fail("%s: read error", from); }
    fclose(in);
    return af_commit(&a);
}

/* ============================================================================
   The model's source: a checkpoint directory or --scratch
   ========================================================================= */

typedef struct source {
    int scratch;
    const char *dir;
    prune_config cfg;              /* the architecture, labels not yet set           */
    prune_hf_info info;            /* hub: config.json; scratch: BERT defaults        */
    int have_info;
    prune_tokenizer tk;
    int have_tk;
    int32_t cls, sep, pad;         /* -1 until known                                  */
    int pair_style;                /* PRUNE_PAIRS_ROBERTA for a roberta checkpoint    */
    int vocab_from_data;           /* --scratch without --vocab: V = data ids + 3     */
    int noted_head;                /* the note about another label count was given    */
    int head, choices;             /* the training set's task (PRUNE_HEAD_*) and options */
    int noted_layers;              /* the warning about unused layers was given       */
} source;

static void source_free(source *s) {
    if (s->have_tk) prune_tokenizer_free(&s->tk);
    if (s->have_info) prune_hf_info_free(&s->info);
    memset(s, 0, sizeof *s);
}

/* tokenizer_config.json's do_lower_case, without a JSON parser: -1 when absent */
static int read_do_lower_case(const char *dir) {
    char path[1100], buf[8192], *p;
    size_t k;
    FILE *f;
    join(path, sizeof path, dir, "tokenizer_config.json");
    if (!(f = fopen(path, "rb"))) return -1;
    k = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[k] = 0;
    if (!(p = strstr(buf, "\"do_lower_case\""))) return -1;
    p += strlen("\"do_lower_case\"");
    while (*p == ' ' || *p == ':' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (strncmp(p, "true", 4) == 0) return 1;
    if (strncmp(p, "false", 5) == 0) return 0;
    return -1;
}

static int open_source(opts *o, source *s, int need_tokenizer) {
    char path[1100];
    const char *vocab = o->vocab;
    prune_error err;
    memset(s, 0, sizeof *s);
    s->cls = s->sep = s->pad = -1;
    if (o->scratch) {
        s->scratch = 1;
        s->info = prune_hf_info_defaults(PRUNE_HF_BERT);
        s->have_info = 1;
        memset(&s->cfg, 0, sizeof s->cfg);
        s->cfg.layers = o->sl; s->cfg.hidden = o->sh; s->cfg.heads = o->snh; s->cfg.ffn = o->sf;
        s->cfg.type_vocab = 2; s->cfg.ln_eps = 1e-12;
        s->cfg.hidden_dropout = s->cfg.attn_dropout = 0.1;
        s->cfg.classifier_dropout = -1;
    } else {
        s->dir = o->model;
        if (!is_dir(o->model)) return fail("--model %s: not a directory", o->model);
        join(path, sizeof path, o->model, "config.json");
        input_add(path);
        join(path, sizeof path, o->model, "model.safetensors");
        input_add(path);
        join(path, sizeof path, o->model, "config.json");
        if (prune_hf_read_config(path, &s->cfg, &s->info, &err) != PRUNE_OK) return fail("%s", err.msg);
        s->have_info = 1;
        s->head = s->cfg.head;   /* a saved multiple-choice or QA model; the training set may change it */
        s->choices = 1;
        if (s->info.model_type == PRUNE_HF_ROBERTA) s->pair_style = PRUNE_PAIRS_ROBERTA;
        if (s->info.model_type == PRUNE_HF_OPT) s->pair_style = PRUNE_PAIRS_OPT;
        if (!vocab) {
            join(path, sizeof path, o->model, "vocab.txt");
            if (file_exists(path)) vocab = path;
        }
        if (!vocab) {   /* byte-level BPE (RoBERTa, OPT): the library picks it from the files */
            char merges[1100];
            join(path, sizeof path, o->model, "vocab.json");
            join(merges, sizeof merges, o->model, "merges.txt");
            if (file_exists(path) && file_exists(merges)) {
                input_add(path);
                input_add(merges);
                if (prune_tokenizer_load_dir(&s->tk, o->model, &err) != PRUNE_OK) return fail("%s", err.msg);
                s->have_tk = 1;
                if (s->tk.cls_id < 0 || s->tk.sep_id < 0 || s->tk.pad_id < 0)
                    return fail("%s has no <s>, </s> or <pad> token: batches need them", path);
                s->cls = s->tk.cls_id; s->sep = s->tk.sep_id; s->pad = s->tk.pad_id;
                if (s->info.model_type == PRUNE_HF_OPT) {
                    /* OPT: </s> A (</s> B), </s> being config.json's bos_token_id */
                    if (s->info.bos_token_id < 0 || s->info.bos_token_id >= s->tk.vocab_size)
                        return fail("%s/config.json has no bos_token_id inside the vocabulary: OPT's examples begin with it", o->model);
                    s->cls = s->sep = s->info.bos_token_id; s->pad = s->info.pad_token_id;
                }
                if (s->tk.vocab_size > s->cfg.vocab_size)
                    return fail("%s has %d tokens, more than the model's vocab_size %d", path, s->tk.vocab_size, s->cfg.vocab_size);
            }
        }
    }
    if (vocab) {
        int lower = o->cased >= 0 ? !o->cased : 1, found = o->model ? read_do_lower_case(o->model) : -1;
        input_add(vocab);
        if (o->cased < 0 && found >= 0) lower = found;
        if (prune_tokenizer_load(&s->tk, vocab, lower, &err) != PRUNE_OK) return fail("%s", err.msg);
        s->have_tk = 1;
        if (s->tk.cls_id < 0 || s->tk.sep_id < 0 || s->tk.pad_id < 0) {
            char missing[40] = "";
            if (s->tk.cls_id < 0) strcat(missing, " [CLS]");
            if (s->tk.sep_id < 0) strcat(missing, " [SEP]");
            if (s->tk.pad_id < 0) strcat(missing, " [PAD]");
            return fail("%s has no%s token: BERT-style batches need [CLS], [SEP] and [PAD]", vocab, missing);
        }
        s->cls = s->tk.cls_id; s->sep = s->tk.sep_id; s->pad = s->tk.pad_id;
        if (s->scratch) s->cfg.vocab_size = s->tk.vocab_size;
        else if (s->tk.vocab_size > s->cfg.vocab_size)
            return fail("%s has %d tokens, more than the model's vocab_size %d", vocab, s->tk.vocab_size, s->cfg.vocab_size);
    } else if (s->have_tk) {
        /* the BPE tokenizer above */
    } else if (s->scratch) {
        s->vocab_from_data = 1;             /* set by source_fit once the data is known */
    } else if (s->info.model_type == PRUNE_HF_ROBERTA && s->info.bos_token_id >= 0 && s->info.eos_token_id >= 0) {
        s->cls = s->info.bos_token_id; s->sep = s->info.eos_token_id; s->pad = s->info.pad_token_id;
    } else if (s->info.model_type == PRUNE_HF_OPT && s->info.bos_token_id >= 0) {
        s->cls = s->sep = s->info.bos_token_id; s->pad = s->info.pad_token_id;
    } else if (s->info.pad_token_id == s->cfg.vocab_size - 3) {
        /* a --scratch model saved by `prune train`: its last three ids are [PAD] [CLS] [SEP] */
        s->pad = s->cfg.vocab_size - 3; s->cls = s->cfg.vocab_size - 2; s->sep = s->cfg.vocab_size - 1;
    } else {
        return fail("%s has no vocab.txt (nor vocab.json and merges.txt): the ids of [CLS], [SEP] and [PAD] are unknown (give --vocab)", o->model);
    }
    if (need_tokenizer && !s->have_tk)
        return fail("tokenizing a TSV needs a vocabulary: give --vocab FILE or a --model with vocab.txt (or vocab.json and merges.txt)");
    if (!s->scratch && !o->set[O_MAX_LEN] && o->max_len > s->cfg.max_pos - s->cfg.pos_offset)
        o->max_len = s->cfg.max_pos - s->cfg.pos_offset;   /* the default, cut to the model's positions */
    if (o->dropout >= 0) {
        s->cfg.hidden_dropout = s->cfg.attn_dropout = o->dropout;
        s->cfg.classifier_dropout = -1;
    }
    return EXIT_OK;
}

/* --scratch without a vocabulary: V = the data's largest id + 1, then [PAD] [CLS] [SEP] */
static int source_fit(source *s, const prune_dataset *train) {
    uint64_t i;
    int32_t top = -1;
    if (!s->vocab_from_data) return EXIT_OK;
    for (i = 0; i < train->offsets[train->n]; i++) {
        if (train->ids[i] < 0) return fail("the training set has a negative token id");
        if (train->ids[i] > top) top = train->ids[i];
    }
    if (top > (1 << 24)) return fail("the training set's largest id %d is too large for --scratch without --vocab", top);
    s->pad = top + 1; s->cls = top + 2; s->sep = top + 3;
    s->cfg.vocab_size = top + 4;
    s->info.pad_token_id = s->pad;
    s->vocab_from_data = 0;
    return EXIT_OK;
}

/* ============================================================================
   Data: any of the three formats, with the label names when known
   ========================================================================= */

typedef struct data {
    prune_dataset ds;
    prune_labels names;             /* count 0 when unknown */
    const char *path;
    int table;                      /* 1: read from a table of texts (its texts can be read again) */
    int task;                       /* PRUNE_HEAD_*: classes, questions with options, or answer spans */
    prune_squad sq;                 /* span: the questions, and their features' map back */
    prune_squad_features feat;
    prune_texts texts;              /* choice, span: each example's texts for people (n 0: none) */
} data;

/* The four numbers a dev set gives, by task: classification and multiple choice give
   accuracy, macro-F1, MCC and the mean loss; extractive QA the official SQuAD 2.0
   metric - exact match, F1, F1 on the questions with an answer and on those without,
   in percent. They travel in a prune_metrics' four fields, in this order (span:
   accuracy = exact, macro_f1 = F1, mcc = HasAns F1, loss = NoAns F1): g_span says
   which, and every table, file and plot names them by it. */
static int g_span;
static const char *const METRIC_NAMES[2][4] = {{"accuracy", "macro-F1", "MCC", "loss"}, {"exact", "F1", "HasAns-F1", "NoAns-F1"}};
static const char *const METRIC_KEYS[2][4] = {{"accuracy", "macro_f1", "mcc", "loss"}, {"exact", "f1", "has_ans_f1", "no_ans_f1"}};

/* how the options say to read a table (TSV, CSV, JSON Lines) */
static prune_tsv_desc table_desc(const opts *o) {
    prune_tsv_desc td;
    memset(&td, 0, sizeof td);
    td.text_a = o->text_a; td.text_b = o->text_b; td.label = o->label_col;
    td.format = o->format; td.quoting = o->quoting; td.no_header = o->no_header; td.drop_label = o->drop_label;
    return td;
}

static void data_free(data *d) {
    if (d->ds.mem) prune_dataset_free(&d->ds);
    if (d->names.names) prune_labels_free(&d->names);
    if (d->sq.mem) prune_squad_free(&d->sq);
    if (d->feat.mem) prune_squad_features_free(&d->feat);
    if (d->texts.mem) prune_texts_free(&d->texts);
    memset(d, 0, sizeof *d);
}

/* a SQuAD feature's texts for people: its question, and the part of the context its
   window holds (one block, freed as prune_texts' mem) */
static int span_texts(data *d) {
    const prune_dataset *ds = &d->ds;
    const prune_squad_features *f = &d->feat;
    size_t bytes = 0, i;
    char *p;
    for (i = 0; i < (size_t)ds->n; i++) {
        const uint32_t *co = f->offs + 2 * (f->tok_off[f->question[i] - f->q0] + (int64_t)f->first[i]);
        uint64_t w = ds->offsets[i + 1] - ds->offsets[i] - ds->len_a[i];
        bytes += (w ? co[2 * (w - 1) + 1] - co[0] : 0) + 1;
    }
    d->texts.mem = malloc((size_t)ds->n * (sizeof(int64_t) + 2 * sizeof(char *)) + bytes);
    if (!d->texts.mem) return fail("out of memory");
    d->texts.n = ds->n;
    d->texts.rows = (int64_t *)d->texts.mem;
    d->texts.a = (const char **)(void *)(d->texts.rows + ds->n);
    d->texts.b = d->texts.a + ds->n;
    p = (char *)(d->texts.b + ds->n);
    for (i = 0; i < (size_t)ds->n; i++) {
        const prune_squad_question *q = &d->sq.q[f->question[i]];
        const uint32_t *co = f->offs + 2 * (f->tok_off[f->question[i] - f->q0] + (int64_t)f->first[i]);
        uint64_t w = ds->offsets[i + 1] - ds->offsets[i] - ds->len_a[i];
        size_t len = w ? co[2 * (w - 1) + 1] - co[0] : 0;
        d->texts.rows[i] = ds->rows[i];
        d->texts.a[i] = q->question;
        memcpy(p, q->context + (w ? co[0] : 0), len);
        p[len] = 0;
        d->texts.b[i] = p;
        p += len + 1;
    }
    return EXIT_OK;
}

/* the label names people read: A, B, ... for options; answer / no answer for spans */
static int task_names(data *d, int count, int span) {
    int32_t c;
    d->names.names = (char **)calloc((size_t)count, sizeof(char *));
    if (!d->names.names) return fail("out of memory");
    d->names.count = d->names.capacity = count;
    for (c = 0; c < count; c++) {
        char nm[16];
        if (span) snprintf(nm, sizeof nm, "%s", c ? "no answer" : "answer");
        else snprintf(nm, sizeof nm, "%c", 'A' + c);
        if (!(d->names.names[c] = (char *)malloc(strlen(nm) + 1))) return fail("out of memory");
        strcpy(d->names.names[c], nm);
    }
    return EXIT_OK;
}

/* which task a data file holds, from its first bytes (or o->task) */
static int detect_task(const opts *o, const char *path, const char *head, size_t k) {
    size_t i;
    if (o->task >= 0) return o->task;
    if (is_dir(path)) return PRUNE_HEAD_CHOICE;   /* RACE's release: a directory of passages */
    for (i = 0; i < k && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'); i++) {}
    if (i < k && head[i] == '{') {
        const char *end = head + k;
        const char *nl = (const char *)memchr(head + i, '\n', k - i);
        size_t n = (size_t)((nl ? nl : end) - (head + i));
        char first[4096];
        memcpy(first, head + i, n < sizeof first - 1 ? n : sizeof first - 1);
        first[n < sizeof first - 1 ? n : sizeof first - 1] = 0;
        if (strstr(first, "\"data\"") && (strstr(first, "\"paragraphs\"") || strstr(first, "\"version\"") || strstr(first, "\"title\"")))
            return PRUNE_HEAD_SPAN;
        if (strstr(first, "\"article\"") && strstr(first, "\"options\"")) return PRUNE_HEAD_CHOICE;
    }
    return PRUNE_HEAD_CLASSIFY;
}

/* a SQuAD file's questions in articles r[0]..r[1] (all when -1) */
static int squad_range(const prune_squad *sq, const int r[2], const char *path, int64_t *q0, int64_t *q1) {
    int64_t i;
    if (r[0] < 0) { *q0 = 0; *q1 = sq->n; return EXIT_OK; }
    if (r[1] >= sq->articles) return fail("%s has %d articles (0..%d); articles %d-%d are not all there", path, sq->articles, sq->articles - 1, r[0], r[1]);
    for (i = 0; i < sq->n && sq->q[i].article < r[0]; i++) {}
    *q0 = i;
    for (; i < sq->n && sq->q[i].article <= r[1]; i++) {}
    *q1 = i;
    if (*q1 == *q0) return fail("%s: articles %d-%d hold no questions", path, r[0], r[1]);
    return EXIT_OK;
}

/* a line of the tokenized text format: label<TAB>ids[<TAB>ids] */
static int looks_tokenized(const char *line, size_t n) {
    size_t i = 0;
    int tabs = 0;
    if (i < n && line[i] == '-') i++;
    if (i >= n || !isdigit((unsigned char)line[i])) return 0;
    while (i < n && isdigit((unsigned char)line[i])) i++;
    if (i >= n || line[i] != '\t') return 0;
    for (; i < n && line[i] != '\n'; i++) {
        if (line[i] == '\t') { if (++tabs > 2) return 0; }
        else if (!isdigit((unsigned char)line[i]) && line[i] != ' ' && line[i] != '\r') return 0;
    }
    return 1;
}

static int load_data(const opts *o, source *src, const char *path, const prune_labels *map, data *d) {
    char head[4096], lpath[1100];
    size_t k;
    FILE *f;
    prune_error err;
    int rc;
    memset(d, 0, sizeof *d);
    d->path = path;
    input_add(path);
    k = 0;
    if (!is_dir(path)) {
        if (!(f = fopen(path, "rb"))) return fail("%s: cannot open: %s", path, strerror(errno));
        k = fread(head, 1, sizeof head, f);
        fclose(f);
    } else if (o->task >= 0 && o->task != PRUNE_HEAD_CHOICE) {
        return fail("%s is a directory: only multiple choice (RACE's release) reads a directory", path);
    }
    d->task = k >= 8 && memcmp(head, "PRUNEDS1", 8) == 0 ? PRUNE_HEAD_CLASSIFY : detect_task(o, path, head, k);
    if (src && o->train && path != o->train && src->head != d->task)   /* the training set, read first, set the task */
        return fail("%s holds %s, but the training set holds %s", path, d->task == PRUNE_HEAD_SPAN ? "SQuAD questions"
                    : d->task == PRUNE_HEAD_CHOICE ? "multiple-choice questions" : "classes", src->head == PRUNE_HEAD_SPAN ? "SQuAD questions"
                    : src->head == PRUNE_HEAD_CHOICE ? "multiple-choice questions" : "classes");
    if (d->task != PRUNE_HEAD_CLASSIFY) {
        if ((!src || !src->have_tk) && is_dir(path))
            return fail("%s is a directory, read as RACE's release (a file of multiple-choice questions per passage); tokenizing it needs "
                        "a vocabulary (--model DIR with vocab.txt or vocab.json + merges.txt, or --vocab FILE)", path);
        if (!src || !src->have_tk)
            return fail("%s holds %s; tokenizing it needs a vocabulary (--model DIR with vocab.txt or vocab.json + merges.txt, or --vocab FILE)",
                        path, d->task == PRUNE_HEAD_SPAN ? "SQuAD questions" : "multiple-choice questions");
        if (d->task == PRUNE_HEAD_CHOICE) {
            if (prune_race_tokenize(path, &src->tk, &d->ds, &d->texts, &err) != PRUNE_OK) return fail("%s", err.msg);
            if (task_names(d, d->ds.choices, 0) != EXIT_OK) return EXIT_FAIL;
        } else {
            int64_t q0 = 0, q1 = 0;
            const int *r = path == o->dev ? o->dev_articles : o->articles;
            if (prune_squad_load(path, &d->sq, &err) != PRUNE_OK) return fail("%s", err.msg);
            if (squad_range(&d->sq, r, path, &q0, &q1) != EXIT_OK) return EXIT_FAIL;
            if (prune_squad_features_make(&d->sq, q0, q1, &src->tk, o->max_len, o->stride, src->pair_style, &d->ds, &d->feat, &err) != PRUNE_OK)
                return fail("%s: %s", path, err.msg);
            if (task_names(d, 2, 1) != EXIT_OK || span_texts(d) != EXIT_OK) return EXIT_FAIL;
            note(o, "%s: %lld questions (articles %d-%d) -> %lld features of at most %d tokens, stride %d\n", path, (long long)(q1 - q0),
                 d->sq.q[q0].article, d->sq.q[q1 - 1].article, (long long)d->ds.n, o->max_len, o->stride);
        }
        if (path == o->train || !o->train) { src->head = d->task; src->choices = d->ds.choices > 1 ? d->ds.choices : 1; }
        g_span = d->task == PRUNE_HEAD_SPAN;
        return EXIT_OK;
    }
    if (src && path == o->train) { src->head = PRUNE_HEAD_CLASSIFY; src->choices = 1; }
    if (is_dir(path)) return fail("%s is a directory, not a data file", path);
    if (k >= 8 && memcmp(head, "PRUNEDS1", 8) == 0) {
        rc = prune_dataset_load(&d->ds, path, &err);
    } else if (!o->format && !o->no_header && looks_tokenized(head, k)) {
        rc = prune_dataset_read_text(&d->ds, path, &err);
    } else {
        prune_tsv_desc td;
        prune_labels given;
        int have_given = 0;
        if (!src || !src->have_tk)
            return fail("%s looks like a table of texts (TSV, CSV or JSON Lines); tokenizing it needs a vocabulary (--model DIR with vocab.txt or vocab.json + merges.txt, "
                        "or --vocab FILE), or tokenize it first with 'prune tokenize'", path);
        td = table_desc(o);
        if (o->labels) {
            if (prune_labels_read(&given, o->labels, &err) != PRUNE_OK) return fail("%s", err.msg);
            have_given = 1;
            td.label_map = &given;
        } else if (map && map->count > 0) {
            td.label_map = map;
        }
        rc = prune_tsv_tokenize(path, &src->tk, &td, &d->ds, &d->names, &err);
        if (have_given) prune_labels_free(&given);
        if (rc != PRUNE_OK) { memset(&d->names, 0, sizeof d->names); return fail("%s", err.msg); }
        d->table = 1;
        if (!o->drop_label) {   /* SNLI's "no gold label": a class of its own unless dropped */
            int32_t c;
            int64_t i, cnt = 0;
            for (c = 0; c < d->names.count; c++)
                if (strcmp(d->names.names[c], "-") == 0) break;
            for (i = 0; c < d->names.count && i < d->ds.n; i++) cnt += d->ds.labels[i] == c;
            if (cnt > 0)
                note(o, "%s: %lld rows have the label '-', kept as a class of its own (SNLI marks rows without a gold label so; "
                        "--drop-label - leaves them out)\n", path, (long long)cnt);
        }
        return EXIT_OK;
    }
    if (rc != PRUNE_OK) return fail("%s", err.msg);
    /* a tokenized dataset: its label map lives next to it */
    snprintf(lpath, sizeof lpath, "%s.labels.tsv", path);
    if (o->labels) snprintf(lpath, sizeof lpath, "%s", o->labels);
    input_add(lpath);
    if (file_exists(lpath) && prune_labels_read(&d->names, lpath, &err) != PRUNE_OK) return fail("%s", err.msg);
    return EXIT_OK;
}

/* classes of a training set: its labels, its label map, and at least 2 */
static int label_count(const data *d) {
    int K = d->ds.num_labels;
    if (d->names.count > K) K = d->names.count;
    return K < 2 ? 2 : K;
}

/* rows of a .rows file -> example indices of ds, ascending */
typedef struct rowidx { int64_t row, idx; } rowidx;
static int rowidx_cmp(const void *a, const void *b) {
    const rowidx *x = (const rowidx *)a, *y = (const rowidx *)b;
    return x->row < y->row ? -1 : x->row > y->row;
}
static int i64_cmp(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int read_rows(const char *path, const prune_dataset *ds, int64_t **out, int64_t *count) {
    FILE *f;
    rowidx *map;
    int64_t i, n = 0, cap = 1024, line = 0, *v;
    char buf[256];
    input_add(path);
    if (is_dir(path)) return fail("%s is a directory, not a rows file", path);
    if (!(f = fopen(path, "rb"))) return fail("%s: cannot open: %s", path, strerror(errno));
    if (!(map = (rowidx *)malloc(sizeof *map * (size_t)(ds->n + 1))) || !(v = (int64_t *)malloc(sizeof *v * (size_t)cap))) {
        free(map); fclose(f);
        return fail("out of memory");
    }
    for (i = 0; i < ds->n; i++) { map[i].row = ds->rows[i]; map[i].idx = i; }
    qsort(map, (size_t)ds->n, sizeof *map, rowidx_cmp);
    while (fgets(buf, sizeof buf, f)) {
        char *p = buf, *end;
        long long r;
        rowidx key, *hit;
        line++;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '\n' || *p == '\r' || *p == '#' || *p == 0) continue;
        errno = 0;
        r = strtoll(p, &end, 10);
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n') end++;
        if (end == p || *end || errno || r < 0) { free(map); free(v); fclose(f); return fail("%s: line %lld: not a row number", path, (long long)line); }
        key.row = r;
        if (!(hit = (rowidx *)bsearch(&key, map, (size_t)ds->n, sizeof *map, rowidx_cmp))) {
            free(map); free(v); fclose(f);
            return fail("%s: line %lld: row %lld is not in the training set", path, (long long)line, r);
        }
        if (n == cap) {
            int64_t *w = (int64_t *)realloc(v, sizeof *v * (size_t)(cap *= 2));
            if (!w) { free(map); free(v); fclose(f); return fail("out of memory"); }
            v = w;
        }
        v[n++] = hit->idx;
    }
    fclose(f);
    free(map);
    qsort(v, (size_t)n, sizeof *v, i64_cmp);
    for (i = 1; i < n; i++)
        if (v[i] == v[i - 1]) { int64_t r = ds->rows[v[i]]; free(v); return fail("%s: row %lld appears twice", path, (long long)r); }
    if (n == 0) { free(v); return fail("%s: no rows", path); }
    *out = v;
    *count = n;
    return EXIT_OK;
}

/* rows of the user's file, one per line, ascending */
static int write_rows(const char *path, const prune_dataset *ds, const int64_t *idx, int64_t n) {
    prune_file a;
    int64_t i, *rows = (int64_t *)malloc(sizeof(int64_t) * (size_t)(n + 1));
    if (!rows) return fail("out of memory");
    for (i = 0; i < n; i++) rows[i] = ds->rows[idx[i]];
    qsort(rows, (size_t)n, sizeof *rows, i64_cmp);
    if (af_open(&a, path) != EXIT_OK) { free(rows); return EXIT_FAIL; }
    for (i = 0; i < n; i++) fprintf(a.f, "%lld\n", (long long)rows[i]);
    free(rows);
    return af_commit(&a);
}

/* ============================================================================
   Progress: a bar with ETA on a terminal, a line per epoch otherwise
   ========================================================================= */

typedef struct progress {
    int quiet, tty;
    char label[64];        /* "run 2/6", "phase 2: ticket" */
    double last_draw;
    int runs_left;         /* runs after this one, for the overall ETA */
    double run_s;          /* seconds a whole run takes, once one has run */
    double t_start;        /* when this call began, and the step it began after */
    int64_t step0;
    const data *train;     /* phase 1: label names for the health lines          */
    int force;             /* phase 1: go on after a collapsed first epoch        */
    int collapsed;         /* phase 1: the flags of the epoch that stopped the run */
} progress;

static void on_progress(void *user, const prune_progress_info *p) {
    progress *pg = (progress *)user;
    int64_t per_epoch = p->steps / (p->epochs ? p->epochs : 1), in_epoch;
    int end_of_epoch, width = 24, fill, i;
    double t = now_s(), eta;
    char bar[64], eta_s[32], total_s[48];
    if (pg->quiet) return;
    in_epoch = p->step - (int64_t)p->epoch * per_epoch;
    end_of_epoch = in_epoch >= per_epoch;
    eta = p->eta_s;
    fmt_duration(eta, eta_s, sizeof eta_s);
    total_s[0] = 0;
    if (pg->step0 < 0) { pg->step0 = p->step - 1; pg->t_start = t; }
    if (pg->runs_left > 0) {   /* the runs after this one take as long as a whole run */
        char all[32];
        double run_s = pg->run_s;
        if (run_s <= 0 && p->step > pg->step0 + 1) run_s = (t - pg->t_start) / (double)(p->step - pg->step0 - 1) * (double)p->steps;
        fmt_duration(eta + pg->runs_left * run_s, all, sizeof all);
        snprintf(total_s, sizeof total_s, ", all runs %s", all);
    }
    if (pg->tty) {
        if (!end_of_epoch && t - pg->last_draw < 0.1) return;
        pg->last_draw = t;
        fill = (int)((double)width * (double)in_epoch / (double)(per_epoch ? per_epoch : 1));
        for (i = 0; i < width; i++) bar[i] = i < fill ? '#' : '.';
        bar[width] = 0;
        fprintf(stderr, "\r%s epoch %d/%d [%s] %3d%%  loss %.4f  %.0f ex/s  ETA %s%s\033[K", pg->label, p->epoch + 1, p->epochs, bar,
                (int)(100 * in_epoch / (per_epoch ? per_epoch : 1)), p->loss, p->examples_per_s, eta_s, total_s);
        if (end_of_epoch) fputc('\n', stderr);
    } else if (end_of_epoch) {
        fprintf(stderr, "%s epoch %d/%d: loss %.4f, %.0f examples/s, ETA %s%s\n", pg->label, p->epoch + 1, p->epochs, p->loss,
                p->examples_per_s, eta_s, total_s);
    }
}


/* ============================================================================
   Health: did phase 1 learn? prune_epoch_health, shown with the label names
   ========================================================================= */

/* one field of a TSV that pandas reads with no options: as is, or quoted (quotes
   doubled) when it holds a tab, a line break or a quote, as pandas' writer does */
static void put_field(FILE *f, const char *s) {
    if (!strpbrk(s, "\t\n\r\"")) { fputs(s, f); return; }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static const char *class_name(const data *d, int c, char *buf, size_t n) {
    if (d && c >= 0 && c < d->names.count) return d->names.names[c];
    snprintf(buf, n, "%d", c);
    return buf;
}

/* "right 85.3% (majority class 55.8%); recall: negative 81%, positive 89%; predicted: ..." */
static void health_line(FILE *f, const data *d, const prune_epoch_health *h) {
    char b[32];
    int c, first = 1;
    fprintf(f, "right %.1f%% (majority class %.1f%%); recall:", 100 * h->accuracy, 100 * h->majority);
    for (c = 0; c < h->classes; c++)
        if (h->count[c]) { fprintf(f, "%s %s %.0f%%", first ? "" : ",", class_name(d, c, b, sizeof b), 100 * h->recall[c]); first = 0; }
    if (h->classes > 0 && h->predicted[0] >= 0) {
        fprintf(f, "; predicted:");
        for (c = 0, first = 1; c < h->classes; c++)
            if (h->count[c] || h->predicted[c] > 0) { fprintf(f, "%s %s %.0f%%", first ? "" : ",", class_name(d, c, b, sizeof b), 100 * h->predicted[c]); first = 0; }
    }
}

static const char *verdict(int flags) {
    return !flags ? "learned"
           : flags == PRUNE_HEALTH_CHANCE ? "DID NOT LEARN (at chance)"
           : flags == PRUNE_HEALTH_STARVED ? "DID NOT LEARN (a class never predicted)"
                                           : "DID NOT LEARN (at chance, a class never predicted)";
}

/* the loud part: what was measured, why the H-scores are then meaningless, what to try */
static void warn_collapse(const data *d, const prune_epoch_health *h, const char *what_now) {
    char b[32], b2[32];
    int c = h->starved;
    fprintf(stderr, "\n%s: WARNING: run %d did not learn the task (epoch %d of its records):\n", g_cmd, h->run, h->epoch + 1);
    if (h->flags & PRUNE_HEALTH_CHANCE)
        fprintf(stderr, "  training accuracy %.1f%% is not clearly above the %.1f%% of always answering '%s' (it needs more than %.1f%%)\n",
                100 * h->accuracy, 100 * h->majority, class_name(d, h->majority_class, b, sizeof b), 100 * h->threshold);
    if ((h->flags & PRUNE_HEALTH_STARVED) && c >= 0) {
        if (h->predicted[c] >= 0)
            fprintf(stderr, "  class '%s' (%.1f%% of the examples) was predicted for %.1f%% of the examples, and recalled for %.1f%% of its own\n",
                    class_name(d, c, b2, sizeof b2), 100.0 * (double)h->count[c] / (double)h->n, 100 * h->predicted[c], 100 * h->recall[c]);
        else
            fprintf(stderr, "  class '%s' (%.1f%% of the examples) was recalled for %.1f%% of its examples\n", class_name(d, c, b2, sizeof b2),
                    100.0 * (double)h->count[c] / (double)h->n, 100 * h->recall[c]);
    }
    fprintf(stderr, "  ");
    health_line(stderr, d, h);
    fprintf(stderr,
            "\n  An example's H counts the runs in which it was right in EVERY epoch, so the H-scores of a run\n"
            "  that guessed, or learned one class only, follow luck or the class, not what the example teaches:\n"
            "  the subsets would be meaningless (a winning ticket of one class, say).\n"
            "  Try: 'prune probe' (same --model and --train) to find a learning rate at which phase 1 learns,\n"
            "  then phase 1 again with --lr in a new --out; or check that the labels are right. If the model\n"
            "  only learns a class later, phase 1 --force and 'select --force --class-aware' keep that class\n"
            "  in every subset.\n"
            "  %s\n\n", what_now);
}

/* Every run's health: a table on f and a warning per collapsed run. labels/classes:
   the training set's (a version-1 file has none of its own). Returns the runs that
   did not learn, or -1 when the health cannot be known. */
static int report_health(FILE *f, const data *d, const prune_scores *s, const char *what_now) {
    prune_epoch_health h;
    prune_error err;
    int r, e, collapsed = 0, K = d ? label_count(d) : 0, first_bad[PRUNE_MAX_RUNS];
    const int32_t *labels = d ? d->ds.labels : NULL;
    if (prune_epoch_health_compute(s, 0, 0, labels, K, &h, &err) != PRUNE_OK) {
        fprintf(stderr, "%s: note: cannot tell whether phase 1 learned: %s\n", g_cmd, err.msg);
        return -1;
    }
    fprintf(f, "phase 1: did every run learn? training accuracy in each epoch (always answering the majority class: %.1f%%)\n",
            100 * h.majority);
    fprintf(f, "%4s", "run");
    for (e = 0; e < s->epochs; e++) fprintf(f, "  epoch %-3d", e + 1);
    fprintf(f, "  verdict\n");
    for (r = 0; r < s->runs; r++) {   /* one epoch at a time: R x E of them can be many */
        int flags = 0;
        first_bad[r] = -1;
        fprintf(f, "%4d", s->run_ids[r]);
        for (e = 0; e < s->epochs; e++)
            if (e < s->done[r] && prune_epoch_health_compute(s, r, e, labels, K, &h, &err) == PRUNE_OK) {
                fprintf(f, "  %8.1f%%", 100 * h.accuracy);
                if (h.flags && first_bad[r] < 0) first_bad[r] = e;
                flags |= h.flags;
            } else {
                fprintf(f, "  %9s", "-");
            }
        fprintf(f, "  %s\n", verdict(flags));
        collapsed += flags != 0;
    }
    fputc('\n', f);
    fflush(f);
    for (r = 0; r < s->runs; r++)   /* the warning, for the first flagged epoch of each such run (computed once more) */
        if (first_bad[r] >= 0 && prune_epoch_health_compute(s, r, first_bad[r], labels, K, &h, &err) == PRUNE_OK) warn_collapse(d, &h, what_now);
    return collapsed;
}

/* ============================================================================
   Models: a checkpoint with a fresh head, or a random initialisation
   ========================================================================= */

/* Give m the head the library gives a checkpoint without one, from `seed`: the
   classifier (and with pooler_too the pooler). */
static int fresh_head(prune_model *m, uint64_t seed, double std, int pooler_too) {
    prune_model_init_head(m, seed, std, pooler_too);
    return EXIT_OK;
}

/* What the load report says that a user must hear: NaN or infinite weights are a
   damaged file (refused: training on them gives "loss nan"); encoder layers in the
   file that config.json does not have are dropped, said once. Other unused tensors
   (position_ids buffers, a masked-LM head) are normal and not mentioned. */
static int checkpoint_report(const opts *o, source *src, const char *path, const prune_load_report *rep) {
    if (rep->nonfinite > 0)
        return fail("%s: %lu NaN or infinite values in the weights it loads: the checkpoint is damaged", path, (unsigned long)rep->nonfinite);
    if (strstr(rep->unused_names, "layer.") && !src->noted_layers++)
        note(o, "warning: %s has tensors this model does not use (%s): config.json describes fewer layers than the file holds, "
                "so those layers are dropped\n", path, rep->unused_names);
    return EXIT_OK;
}

/* The checkpoint's weights into m. A classifier for another label count (a model
   fine-tuned on another task) is read through a second, inference-only model and
   left behind: m gets the encoder, and its head is made fresh by the caller. */
static int load_checkpoint(const opts *o, source *src, prune_model *m, uint64_t seed, prune_load_report *rep) {
    char path[1100];
    prune_error err, err2;
    prune_model tmp;
    prune_model_desc d;
    int t;
    join(path, sizeof path, src->dir, "model.safetensors");
    if (prune_hf_load_weights(m, path, &src->info, seed, rep, &err) == PRUNE_OK) return checkpoint_report(o, src, path, rep);
    if (src->info.num_labels == m->desc.config.labels) return fail("%s", err.msg);
    /* the checkpoint as it is (its own head and label count), then everything but its
       classifier into m: the encoder (OPT's projections and final LayerNorm too) and a
       pooler both have */
    memset(&d, 0, sizeof d);
    d.config = src->info.config;
    d.max_batch = 1; d.max_len = 2; d.training = 0; d.threads = m->desc.threads;
    if (prune_model_create(&tmp, &d, &err2) != PRUNE_OK) return fail("%s", err.msg);
    if (prune_hf_load_weights(&tmp, path, &src->info, seed, rep, &err2) != PRUNE_OK) { prune_model_free(&tmp); return fail("%s", err.msg); }
    for (t = 0; t < PRUNE_NTENSORS; t++)
        if (t != PRUNE_CLSW && t != PRUNE_CLSB && m->tensors[t].size == tmp.tensors[t].size)
            memcpy(prune_tensor(m, m->params, t), prune_tensor(&tmp, tmp.params, t), sizeof(prune_float) * m->tensors[t].size);
    prune_model_free(&tmp);
    rep->fresh_classifier = 1;
    if (checkpoint_report(o, src, path, rep) != EXIT_OK) return EXIT_FAIL;
    if (!src->noted_head++)
        note(o, "note: %s has a classifier for %d labels; the data has %d, so the head is new\n", path, src->info.num_labels, m->desc.config.labels);
    return EXIT_OK;
}

/* Create m for K labels. fresh: the starting weights of a fine-tuning run whose
   seed is seed_run; *start_hash gets prune_params_hash of the starting weights with
   seed_base instead (run 0's), which is the same for every run of a phase 1 and so
   goes into the configuration fingerprint. !fresh: the checkpoint as saved. */
static int build_model(const opts *o, source *src, int K, uint64_t seed_base, uint64_t seed_run, int training, int fresh,
                       prune_model *m, uint64_t *start_hash) {
    prune_model_desc d;
    prune_error err;
    prune_load_report rep;
    memset(&d, 0, sizeof d);
    d.config = src->cfg;
    d.config.labels = K;
    if (src->head != PRUNE_HEAD_CLASSIFY) {   /* multiple choice or QA: transformers' head for it */
        prune_hf_info h = src->info;
        h.config = d.config;
        h.num_labels = K;
        if (src->scratch) h.model_type = PRUNE_HF_BERT;
        if (prune_hf_set_head(&h, src->head, &err) != PRUNE_OK) return fail("%s", err.msg);
        d.config = h.config;
    }
    if (src->scratch) d.config.max_pos = o->max_len;
    if (o->max_len > d.config.max_pos - d.config.pos_offset)
        return fail("--max-len %d: the model has %d positions", o->max_len, d.config.max_pos - d.config.pos_offset);
    d.max_batch = o->batch * (src->choices > 1 ? src->choices : 1);   /* multiple choice: every option is a sequence */
    d.max_len = o->max_len; d.training = training; d.seed = seed_run; d.threads = o->threads;
    if (prune_model_create(m, &d, &err) != PRUNE_OK) return fail("%s", err.msg);
    if (src->scratch) {
        prune_model_init_weights(m, seed_base, 0.02);
        if (start_hash) *start_hash = prune_params_hash(m);
        if (seed_run != seed_base) prune_model_init_weights(m, seed_run, 0.02);
        return EXIT_OK;
    }
    memset(&rep, 0, sizeof rep);
    if (load_checkpoint(o, src, m, seed_base, &rep) != EXIT_OK) { prune_model_free(m); return EXIT_FAIL; }
    if (fresh) {
        /* BERT keeps its pretrained pooler; RoBERTa's classification "pooler" is part of its
           head (its multiple-choice head uses the encoder's pooler); OPT and span heads have none */
        int pooler = (src->info.model_type == PRUNE_HF_ROBERTA && src->head == PRUNE_HEAD_CLASSIFY) || rep.fresh_pooler;
        if (fresh_head(m, seed_base, src->info.initializer_range, pooler) != EXIT_OK) { prune_model_free(m); return EXIT_FAIL; }
        if (start_hash) *start_hash = prune_params_hash(m);
        if (seed_run != seed_base && fresh_head(m, seed_run, src->info.initializer_range, pooler) != EXIT_OK) {
            prune_model_free(m);
            return EXIT_FAIL;
        }
    } else if (rep.fresh_classifier) {
        note(o, "warning: %s has no classifier: its predictions come from a random head\n", src->dir);
    }
    return EXIT_OK;
}

static prune_finetune_desc finetune_desc(const opts *o, const source *src, const prune_dataset *train, uint64_t seed) {
    prune_finetune_desc fd;
    memset(&fd, 0, sizeof fd);
    fd.train = train;
    fd.epochs = o->epochs; fd.batch = o->batch; fd.max_len = o->max_len;
    fd.order = o->order; fd.reshuffle = o->reshuffle; fd.seed = seed; fd.el2n_pass = o->el2n_pass;
    fd.optim = prune_optim_defaults();
    fd.optim.lr = o->lr; fd.optim.weight_decay = o->wd;
    fd.warmup_ratio = o->warmup;
    fd.cls_id = src->cls; fd.sep_id = src->sep; fd.pad_id = src->pad; fd.pair_style = src->pair_style;
    fd.progress = on_progress;
    return fd;
}

/* Everything that shapes phase 1's records, as one 64-bit fingerprint (the
   library's prune_phase1_fingerprint): two score files with the same fingerprint
   and dataset hash come from the same experiment. start_hash: the weights every
   run starts from before its own head (run 0's). */
static uint64_t config_hash(const opts *o, const source *src, const prune_model *m, uint64_t start_hash) {
    prune_finetune_desc fd = finetune_desc(o, src, NULL, o->seed);
    return prune_phase1_fingerprint(&m->desc.config, start_hash, o->seed, o->runs, &fd, src->scratch ? "scratch" : "checkpoint");
}
/* the text config_hash hashes, which phase 1 keeps as DIR/phase1.txt so that a
   mismatch can say what differs */
static void config_text(const opts *o, const source *src, const prune_model *m, uint64_t start_hash, char *buf, size_t n) {
    prune_finetune_desc fd = finetune_desc(o, src, NULL, o->seed);
    prune_phase1_describe(&m->desc.config, start_hash, o->seed, o->runs, &fd, src->scratch ? "scratch" : "checkpoint", buf, n);
}
/* DIR/phase1.txt of the directory holding `path` (a score file), into buf; 0 if none */
static int phase1_text_of(const char *path, char *buf, size_t n) {
    char dir[1100], file[1200], *slash;
    FILE *f;
    size_t k;
    snprintf(dir, sizeof dir, "%s", path);
    slash = strrchr(dir, '/');
    if (slash) *slash = 0; else snprintf(dir, sizeof dir, ".");
    join(file, sizeof file, dir, "phase1.txt");
    if (!(f = fopen(file, "rb"))) return 0;
    k = fread(buf, 1, n - 1, f);
    fclose(f);
    while (k > 0 && (buf[k - 1] == '\n' || buf[k - 1] == '\r')) k--;
    buf[k] = 0;
    return k > 0;
}
/* ": what differs: lr 2e-05 vs 3e-05" when both texts are known, else "" */
static const char *what_differs(const char *a, const char *b, char *out, size_t n) {
    char d[600];
    out[0] = 0;
    if (a[0] && b[0] && prune_phase1_diff(a, b, d, sizeof d) > 0) snprintf(out, n, "; what differs: %s", d);
    return out;
}
static void describe_model(const opts *o, const source *src, const prune_model *m) {
    if (src->scratch)
        note(o, "model: from scratch, %d layers, hidden %d, %d heads, FFN %d, vocabulary %d, %d labels, %lu parameters, %d threads\n",
             m->desc.config.layers, m->desc.config.hidden, m->desc.config.heads, m->desc.config.ffn, m->desc.config.vocab_size, m->desc.config.labels, (unsigned long)m->nparams,
             m->desc.threads);
    else
        note(o, "model: %s, %d layers, hidden %d, %d labels (fresh head), %lu parameters, %d threads\n", src->dir, m->desc.config.layers,
             m->desc.config.hidden, m->desc.config.labels, (unsigned long)m->nparams, m->desc.threads);
}

/* ============================================================================
   Phase 1
   ========================================================================= */

/* After every finished epoch of a phase-1 run: its health on stderr; an epoch that
   did not learn (usually the first) stops phase 1 there (its records stay, the same
   command with --force resumes it), since more runs of a collapsed setting waste
   hours and select would refuse their records anyway. */
static int on_epoch_end(void *user, int epoch, const prune_epoch_health *h) {
    progress *pg = (progress *)user;
    if (!h) return 0;
    if (!pg->quiet) {
        fprintf(stderr, "%s epoch %d: ", pg->label, epoch + 1);
        health_line(stderr, pg->train, h);
        fprintf(stderr, "%s\n", h->flags ? "  <- did not learn" : "");
    }
    if (!h->flags) return 0;
    warn_collapse(pg->train, h, pg->force ? "--force: going on anyway; select will refuse this run's records without --force."
                                          : "Phase 1 stops here; the records so far are kept. --force goes on anyway.");
    pg->collapsed = h->flags;
    return !pg->force;
}


/* One process per run: an fcntl lock on DIR/.run-K.lock, which the system releases
   when the process ends however it ends (SIGKILL included), so two machines sharing
   the directory cannot both append to run K. */
static int lock_run(const char *dir, int k, int *fd_out) {
    char path[1100], name[64];
    struct flock fl;
    int fd;
    snprintf(name, sizeof name, ".run-%d.lock", k);
    join(path, sizeof path, dir, name);
    if ((fd = open(path, O_RDWR | O_CREAT, 0666)) < 0) return fail("%s: cannot create: %s", path, strerror(errno));
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        close(fd);
        return fail("run %d is being run by another process (%s is locked): not running it twice", k, path);
    }
    *fd_out = fd;
    return EXIT_OK;
}

static int scores_in_dir(const char *dir, char ***paths, int *count);

/* The other runs already in dir must be of the same experiment: phase 1 refuses to
   add a run beside another configuration's (merge would refuse them later, after
   hours). Unreadable files are left to merge to name. */
static int check_dir_runs(const char *dir, const char *mine, const prune_scores *me, const char *text) {
    char **found = NULL;
    int count = 0, k, rc = EXIT_OK;
    DIR *d = opendir(dir);
    struct dirent *de;
    int any = 0;
    if (!d) return EXIT_OK;
    while ((de = readdir(d)) != NULL) any |= strncmp(de->d_name, "run-", 4) == 0 && strstr(de->d_name, ".scores") != NULL;
    closedir(d);
    if (!any || scores_in_dir(dir, &found, &count) != EXIT_OK) return EXIT_OK;
    for (k = 0; k < count; k++) {
        prune_scores t;
        prune_error err;
        if (rc == EXIT_OK && strcmp(found[k], mine) != 0 && prune_scores_load(&t, found[k], &err) == PRUNE_OK) {
            const char *why = prune_scores_mismatch(&t, me);
            char old[1600], diff[700];
            if (!phase1_text_of(found[k], old, sizeof old)) old[0] = 0;
            if (why) rc = fail("%s holds %s, recorded with %s: refusing to add a run of this one beside it (use another --out)%s", dir, found[k], why,
                               what_differs(old, text, diff, sizeof diff));
            prune_scores_free(&t);
        }
        free(found[k]);
    }
    free(found);
    return rc;
}

/* Temporary files a killed run left (kill -9 during a state save leaves a model-sized
   one): removed once this process holds run k's lock, so nobody else can be writing
   them. Names: run-K.state.tmp.PID, run-K.scores.tmp.PID. */
static void remove_stale_temps(const char *dir, int k) {
    DIR *d = opendir(dir);
    struct dirent *de;
    char pre1[64], pre2[64], path[1100];
    if (!d) return;
    snprintf(pre1, sizeof pre1, "run-%d.state.tmp.", k);
    snprintf(pre2, sizeof pre2, "run-%d.scores.tmp.", k);
    while ((de = readdir(d)) != NULL)
        if (strncmp(de->d_name, pre1, strlen(pre1)) == 0 || strncmp(de->d_name, pre2, strlen(pre2)) == 0) {
            join(path, sizeof path, dir, de->d_name);
            remove(path);
        }
    closedir(d);
}

/* Runs first..last of phase 1 into dir/run-K.scores (+ run-K.state while running).
   Each run's score file grows by one fsynced block per finished epoch and the state
   is saved after it, so the same command after a crash continues from there. */
static int run_phase1(const opts *o, source *src, const data *train, const char *dir, int first, int last, FILE *results) {
    int k, rc = EXIT_OK;
    double t_run = 0;
    if (make_dirs(dir) != EXIT_OK) return EXIT_FAIL;
    if (label_count(train) > PRUNE_MAX_CLASSES)
        note(o, "note: %d classes, more than the %d whose predictions a score file keeps: phase 1's health is not checked\n",
             label_count(train), PRUNE_MAX_CLASSES);
    for (k = first; k <= last && rc == EXIT_OK; k++) {
        char spath[1100], tpath[1100], name[64], text[1600], old_text[1600], diff[700];
        prune_model m;
        prune_scores rec, disk;
        prune_finetune_desc fd;
        prune_error err;
        progress pg;
        uint64_t start, ch;
        int64_t i, stable = 0;
        int e, resumed = 0, lock = -1;
        double t0 = now_s();
        snprintf(name, sizeof name, "run-%d.scores", k); join(spath, sizeof spath, dir, name);
        snprintf(name, sizeof name, "run-%d.state", k); join(tpath, sizeof tpath, dir, name);
        if (lock_run(dir, k, &lock) != EXIT_OK) return EXIT_FAIL;
        remove_stale_temps(dir, k);
        if (build_model(o, src, label_count(train), o->seed, o->seed + (uint64_t)k, 1, 1, &m, &start) != EXIT_OK) { close(lock); return EXIT_FAIL; }
        if (k == first) describe_model(o, src, &m);
        ch = config_hash(o, src, &m, start);
        config_text(o, src, &m, start, text, sizeof text);
        if (!phase1_text_of(spath, old_text, sizeof old_text)) old_text[0] = 0;
        if (k == first) {   /* what this run's file would say, against the others in dir */
            prune_scores me;
            memset(&me, 0, sizeof me);
            me.data_hash = prune_dataset_hash(&train->ds); me.n = train->ds.n; me.epochs = o->epochs; me.total_runs = o->runs; me.config_hash = ch;
            if (check_dir_runs(dir, spath, &me, text) != EXIT_OK) { prune_model_free(&m); close(lock); return EXIT_FAIL; }
        }
        /* what is on disk already: finished, resumable, or another experiment's */
        if (file_exists(spath) && prune_scores_load(&disk, spath, &err) == PRUNE_OK) {
            const char *why = disk.data_hash != prune_dataset_hash(&train->ds) || disk.n != train->ds.n ? "another training set"
                              : disk.config_hash != ch || disk.epochs != o->epochs || disk.total_runs != o->runs
                                  ? "another configuration (model, seed, R, E, or a training option)" : NULL;
            if (!why && (disk.runs != 1 || disk.run_ids[0] != k)) why = "not this run's records";
            resumed = disk.done[0];
            if (!why && !o->force && resumed > 0) {   /* stopped for a collapse: still stopped */
                prune_epoch_health eh;
                for (e = 0; e < resumed; e++)
                    if (prune_epoch_health_compute(&disk, 0, e, train->ds.labels, label_count(train), &eh, &err) == PRUNE_OK && eh.flags) {
                        warn_collapse(train, &eh, resumed < o->epochs ? "Not resuming it: --force goes on anyway."
                                                                      : "Not going on to the next run: --force does.");
                        prune_scores_free(&disk);
                        prune_model_free(&m);
                        close(lock);
                        return fail("run %d did not learn (epoch %d in %s): phase 1 stopped", k, e + 1, spath);
                    }
            }
            prune_scores_free(&disk);
            if (why) {
                prune_model_free(&m);
                close(lock);
                return fail("%s holds records of %s: refusing to mix them (remove it, or use another --out)%s", spath, why,
                            what_differs(old_text, text, diff, sizeof diff));
            }
            if (resumed == o->epochs) note(o, "run %d: already complete in %s\n", k, spath);
            else if (resumed > 0) note(o, "run %d: %d of %d epochs on disk, resuming\n", k, resumed, o->epochs);
        }
        if (strcmp(old_text, text) != 0) {   /* the experiment this directory holds, in words, for messages */
            prune_file pf;
            char ppath[1100];
            join(ppath, sizeof ppath, dir, "phase1.txt");
            if (prune_file_open(&pf, ppath, &err) != PRUNE_OK) { prune_model_free(&m); close(lock); return fail("%s", err.msg); }
            fprintf(pf.f, "%s\n", text);
            if (prune_file_commit(&pf, &err) != PRUNE_OK) { prune_model_free(&m); close(lock); return fail("%s", err.msg); }
        }
        if (prune_scores_init(&rec, 1, o->epochs, o->runs, train->ds.n, &err) != PRUNE_OK) {
            prune_model_free(&m);
            close(lock);
            return fail("%s", err.msg);
        }
        rec.config_hash = ch;
        fd = finetune_desc(o, src, &train->ds, o->seed + (uint64_t)k);
        fd.records = &rec; fd.scores_path = spath; fd.state_path = tpath; fd.run = k;
        memset(&pg, 0, sizeof pg);
        pg.quiet = o->quiet; pg.tty = isatty(STDERR_FILENO);
        if (last > first) snprintf(pg.label, sizeof pg.label, "run %d (%d of %d)", k, k - first + 1, last - first + 1);
        else snprintf(pg.label, sizeof pg.label, "run %d", k);
        pg.runs_left = last - k; pg.run_s = t_run; pg.step0 = -1;
        pg.train = train; pg.force = o->force;
        fd.epoch_end = on_epoch_end;
        fd.user = &pg;
        if ((rc = prune_finetune(&m, &fd, &err)) == PRUNE_ESTOPPED || (rc == PRUNE_OK && pg.collapsed && !o->force))
            rc = fail("run %d did not learn (see above): phase 1 stopped. Its records%s are kept in %s.", k,
                      rc == PRUNE_ESTOPPED ? " and state" : "", dir);
        else if (rc != PRUNE_OK) rc = fail("run %d: %s", k, err.msg);
        else {   /* the run's H (0 or 1 per example) and its health, from the library */
            prune_epoch_health eh;
            int32_t *h1 = (int32_t *)malloc(sizeof *h1 * (size_t)train->ds.n);
            int flags = 0;
            if (!h1) rc = fail("out of memory");
            else {
                prune_hscores(&rec, h1);
                for (i = 0; i < train->ds.n; i++) stable += h1[i];
                free(h1);
                for (e = 0; e < o->epochs; e++)
                    if (prune_epoch_health_compute(&rec, 0, e, NULL, 0, &eh, &err) == PRUNE_OK) flags |= eh.flags;
                if (resumed < o->epochs) t_run = (now_s() - t0) * o->epochs / (o->epochs - resumed);
                fprintf(results, "run %d: %s, %d epochs, %lld examples, right in every epoch: %.1f%%, %s\n", k, spath, o->epochs,
                        (long long)train->ds.n, 100.0 * (double)stable / (double)train->ds.n,
                        rec.classes ? verdict(flags) : "health not checked");
                fflush(results);
            }
        }
        prune_scores_free(&rec);
        prune_model_free(&m);
        close(lock);
    }
    return rc;
}

/* ============================================================================
   Merge
   ========================================================================= */

static int scores_in_dir(const char *dir, char ***paths, int *count) {
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0, cap = 0, i, j;
    char **v = NULL;
    if (!d) return fail("%s: cannot open: %s", dir, strerror(errno));
    while ((de = readdir(d)) != NULL) {
        const char *s = de->d_name;
        size_t l = strlen(s);
        char *p;
        if (strncmp(s, "run-", 4) != 0 || l < 11 || strcmp(s + l - 7, ".scores") != 0) continue;
        for (p = (char *)s + 4; p < s + l - 7 && isdigit((unsigned char)*p); p++) {}
        if (p != s + l - 7) continue;
        if (n == cap) {
            char **w = (char **)realloc(v, sizeof *v * (size_t)(cap = cap ? 2 * cap : 16));
            if (!w) { closedir(d); return fail("out of memory"); }
            v = w;
        }
        v[n] = (char *)malloc(strlen(dir) + l + 2);
        if (!v[n]) { closedir(d); return fail("out of memory"); }
        join(v[n], strlen(dir) + l + 2, dir, s);
        n++;
    }
    closedir(d);
    for (i = 1; i < n; i++)   /* by run number: run-2 before run-10 */
        for (j = i; j > 0 && atoi(strrchr(v[j - 1], '/') + 5) > atoi(strrchr(v[j], '/') + 5); j--) { char *t = v[j]; v[j] = v[j - 1]; v[j - 1] = t; }
    if (n == 0) { free(v); return fail("%s: no run-K.scores files", dir); }
    *paths = v;
    *count = n;
    return EXIT_OK;
}

static int do_merge(const char *const *paths, int count, const char *out, FILE *results, int show_health) {
    prune_scores s;
    prune_error err;
    int k;
    for (k = 0; k < count; k++) input_add(paths[k]);
    if (output_ok(out) != EXIT_OK) return EXIT_FAIL;
    if (prune_scores_merge(&s, paths, count, &err) != PRUNE_OK) {
        char a[1600], b[1600], diff[700] = "";
        /* another configuration: the directories' phase1.txt say what differs */
        if (strstr(err.msg, "another configuration") && phase1_text_of(paths[0], a, sizeof a))
            for (k = 1; k < count && !diff[0]; k++)
                if (phase1_text_of(paths[k], b, sizeof b) && strcmp(a, b) != 0) what_differs(a, b, diff, sizeof diff);
        return fail("%s%s", err.msg, diff);
    }
    if (prune_scores_save(&s, out, &err) != PRUNE_OK) { prune_scores_free(&s); return fail("%s", err.msg); }
    fprintf(results, "merged %d runs x %d epochs over %lld examples into %s\n\n", s.runs, s.epochs, (long long)s.n, out);
    if (show_health) report_health(results, NULL, &s, "'prune select' will refuse to write subsets from them (unless --force).");
    prune_scores_free(&s);
    return EXIT_OK;
}

/* ============================================================================
   Select: H-scores, histogram, subsets, baselines
   ========================================================================= */

static void print_histogram(FILE *f, const int64_t *counts, int R, int E, int64_t n) {
    int64_t top = 1;
    int v, k;
    for (v = 0; v <= R; v++) if (counts[v] > top) top = counts[v];
    fprintf(f, "H-scores of %lld examples, %d runs x %d epochs (H = runs in which an example was right in every epoch)\n",
            (long long)n, R, E);
    fprintf(f, "%4s %9s %7s\n", "H", "examples", "%");
    for (v = 0; v <= R; v++) {
        int w = (int)((50 * counts[v] + top - 1) / top);
        fprintf(f, "%4d %9lld %6.1f%%  ", v, (long long)counts[v], 100.0 * (double)counts[v] / (double)n);
        for (k = 0; k < w; k++) fputc('#', f);
        fputc('\n', f);
    }
}

/* per-class H histogram: one column per class, counts and % of the class */
static void print_class_histogram(FILE *f, const data *d, const int64_t *cc, const int64_t *total, int R, int K) {
    char b[32];
    int v, c;
    fprintf(f, "H by class (examples, and %% of the class):\n%4s", "H");
    for (c = 0; c < K; c++) if (total[c]) fprintf(f, " %18.18s", class_name(d, c, b, sizeof b));
    fputc('\n', f);
    for (v = 0; v <= R; v++) {
        fprintf(f, "%4d", v);
        for (c = 0; c < K; c++)
            if (total[c]) fprintf(f, " %10lld %6.1f%%", (long long)cc[c * (R + 1) + v], 100.0 * (double)cc[c * (R + 1) + v] / (double)total[c]);
        fputc('\n', f);
    }
}

/* text for an SVG (XML) document: & < > " escaped */
static void svg_text(FILE *f, const char *t) {
    for (; *t; t++) {
        if (*t == '&') fputs("&amp;", f);
        else if (*t == '<') fputs("&lt;", f);
        else if (*t == '>') fputs("&gt;", f);
        else if (*t == '"') fputs("&quot;", f);
        else fputc(*t, f);
    }
}

static const char *const PALETTE[8] = {"#3b75af", "#ef8636", "#519e3e", "#c53a32", "#8d69b8", "#84584e", "#d57fbe", "#7f7f7f"};

/* The histogram as an SVG bar chart, each bar stacked by class (the classes in the
   legend); bars of H = 0 and H = R, which the winning ticket removes, are faded. */
static void svg_histogram(FILE *f, const data *d, const int64_t *counts, const int64_t *cc, int K, int R, int E, int64_t n) {
    const double W = 720, left = 78, right = 24, top = 56, bottom = 100;
    double Hh = 450, pw = W - left - right, ph = Hh - top - bottom, slot = pw / (R + 1), step, mag, ymax;
    int64_t maxc = 1;
    int v, c, stacked = K > 0, legend_rows;
    char b[32];
    if (!stacked) { K = 1; cc = counts; }   /* classes unknown: one bar per H */
    legend_rows = stacked ? ((K < 18 ? K : 18) + 5) / 6 : 0;
    Hh += 16 * (legend_rows > 1 ? legend_rows - 1 : 0);
    for (v = 0; v <= R; v++) if (counts[v] > maxc) maxc = counts[v];
    mag = pow(10, floor(log10((double)maxc / 5)));
    step = mag * ((double)maxc / 5 / mag < 1.5 ? 1 : (double)maxc / 5 / mag < 3.5 ? 2 : 5);
    if (step < 1) step = 1;
    ymax = ceil((double)maxc / step) * step;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                 "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n", W, Hh, W, Hh);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    fprintf(f, "<text x=\"%.1f\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">H-scores of %lld examples%s (%d runs &#215; %d epochs)</text>\n",
            W / 2, (long long)n, stacked ? " by class" : "", R, E);
    for (v = 0; v * step <= ymax + 0.5; v++) {   /* grid and y ticks */
        double y = top + ph - ph * (v * step) / ymax;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", left, y, left + pw, y);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n", left - 6, y + 4, v * step);
    }
    for (v = 0; v <= R; v++) {
        double x = left + slot * v + slot * 0.15, y = top + ph, h;
        const char *op = v == 0 || v == R ? "0.35" : "1";
        for (c = 0; c < K; c++) {   /* stacked from the bottom, class 0 first */
            int64_t k = cc[c * (R + 1) + v];
            if (!k) continue;
            h = ph * (double)k / ymax;
            y -= h;
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"%s\"><title>H = %d",
                    x, y, slot * 0.7, h, PALETTE[c % 8], op, v);
            if (stacked) { fprintf(f, ", "); svg_text(f, class_name(d, c, b, sizeof b)); }
            fprintf(f, ": %lld examples</title></rect>\n", (long long)k);
        }
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%lld</text>\n", x + slot * 0.35, y - 5, (long long)counts[v]);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", x + slot * 0.35, top + ph + 18, v);
    }
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", left, top + ph, left + pw, top + ph);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">H: runs in which the example was right in every epoch</text>\n",
            left + pw / 2, top + ph + 38);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#555555\">faded: H = 0 and H = %d, which the winning ticket removes"
                 "</text>\n", left + pw / 2, top + ph + 54, R);
    fprintf(f, "<text transform=\"translate(18,%.1f) rotate(-90)\" text-anchor=\"middle\">examples</text>\n", top + ph / 2);
    for (c = 0; stacked && c < K && c < 18; c++) {   /* the legend: up to 18 classes, 6 a row (colours repeat after 8) */
        double y = Hh - 22 - 16.0 * (legend_rows - 1) + 16 * (c / 6);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">",
                left + 110 * (c % 6), y - 10, PALETTE[c % 8], left + 110 * (c % 6) + 16, y);
        svg_text(f, class_name(d, c, b, sizeof b));
        fprintf(f, "</text>\n");
    }
    if (stacked && K > 18)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">and %d more classes</text>\n", W - right, Hh - 6, K - 18);
    fprintf(f, "</svg>\n");
}

static int write_histogram_svg(const char *path, const data *d, const int64_t *counts, const int64_t *cc, int K, int R, int E, int64_t n) {
    prune_file a;
    if (af_open(&a, path) != EXIT_OK) return EXIT_FAIL;
    svg_histogram(a.f, d, counts, cc, K, R, E, n);
    return af_commit(&a);
}

/* A set phase 2 can train on: the full set, an H subset (the paper's rule or the
   class-aware one), a baseline at an H subset's size, or the user's rows. */
typedef struct subset_row {
    char name[64], method[24], removed[160], file[1100];
    int64_t n;
    int64_t mix[PRUNE_MAX_CLASSES];   /* examples per class */
    int lost;                         /* classes of the training set it has none of */
} subset_row;

typedef struct selection {
    subset_row *rows;
    int nrows;
} selection;

/* "negative 43%, positive 57%" into buf */
static const char *class_mix(char *buf, size_t size, const data *d, const int64_t *mix, int K, int64_t n) {
    char b[32];
    size_t used = 0;
    int c;
    buf[0] = 0;
    for (c = 0; c < K && used < size; c++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s %.0f%%", c ? ", " : "", class_name(d, c, b, sizeof b),
                                 n ? 100.0 * (double)mix[c] / (double)n : 0.0);
    return buf;
}

/* ============================================================================
   The report: one self-contained HTML file a person opens (select --report,
   prune report). No network, no external script or font: the tables are written
   here, the data as JSON inside the page, and a small script draws the data map
   and runs the examples' table (sort, filter, pages).
   ========================================================================= */

/* s as HTML text */
static void html_text(FILE *f, const char *s) {
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '&') fputs("&amp;", f);
        else if (*s == '"') fputs("&quot;", f);
        else fputc(*s, f);
    }
}

/* s as a JSON string that may sit inside <script>: every '<' is written \u003c, so no
   text can close the script or open a comment there */
static void json_text(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { fputc('\\', f); fputc(c, f); }
        else if (c == '<') fputs("\\u003c", f);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

static const char REPORT_CSS[] =
    "body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1200px}"
    "h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc}"
    ".sub{color:#555;margin-top:0}table{border-collapse:collapse;font-size:13px}"
    "td,th{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f3f3}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}.bad{background:#fde2e2}.ok{background:#e6f4e6}"
    "#ex td.t{max-width:520px}#ex tr.mis{background:#fff4d6}#ex th{cursor:pointer;user-select:none}"
    ".ctl{margin:8px 0;display:flex;gap:12px;flex-wrap:wrap;align-items:center}.legend span{display:inline-block;margin-right:10px}"
    ".sw{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:middle}"
    "canvas{border:1px solid #ddd}.note{color:#555;font-size:13px}";

/* the page's script: the data map on a canvas, the examples' table; on any error it
   sets body's data-error, and when done data-ready="1" (what the test reads) */
static const char *const REPORT_JS[] = {   /* pieces: C99 promises string literals of 4095 bytes only */
    "(function(){\n"
    "var B=document.body;window.onerror=function(m){B.setAttribute('data-error',String(m));};\n"
    "var D=JSON.parse(document.getElementById('data').textContent),N=D.h.length,R=D.R;\n"
    "function col(v){var t=R?v/R:0;return 'rgb('+Math.round(215-180*t)+','+Math.round(48+110*t)+','+Math.round(39+180*t)+')';}\n"
    "var cols=[];for(var v=0;v<=R;v++)cols.push(col(v));\n"
    "var lg=document.getElementById('maplegend');for(v=0;v<=R;v++){var s=document.createElement('span');"
    "s.innerHTML='<i class=\"sw\" style=\"background:'+cols[v]+'\"></i>H = '+v;lg.appendChild(s);}\n"
    ,
    /* the data map: x variability (0..0.5), y mean gold probability (0..1) */
    "var cv=document.getElementById('map'),g=cv.getContext('2d'),W=cv.width,H=cv.height,L=56,T=16,PW=W-L-16,PH=H-T-46;\n"
    "g.fillStyle='#fff';g.fillRect(0,0,W,H);g.strokeStyle='#999';g.fillStyle='#333';g.font='12px Helvetica,Arial,sans-serif';\n"
    "g.strokeRect(L,T,PW,PH);var k;for(k=0;k<=5;k++){var x=L+PW*k/5,y=T+PH-PH*k/5;g.fillText((0.1*k).toFixed(1),x-8,T+PH+16);"
    "g.fillText((0.2*k).toFixed(1),L-30,y+4);}\n"
    "g.fillText('variability (std of the gold probability over runs and epochs)',L+PW/2-170,H-8);\n"
    "g.save();g.translate(14,T+PH/2+80);g.rotate(-Math.PI/2);g.fillText('confidence (mean gold probability)',0,0);g.restore();\n"
    "var order=[];for(var i=0;i<N;i++)order.push(i);order.sort(function(a,b){return D.h[b]-D.h[a];});\n"
    "for(k=0;k<N;k++){i=order[k];var px=L+Math.min(D.v[i],0.5)/0.5*PW,py=T+PH-D.c[i]*PH;g.fillStyle=cols[D.h[i]];g.fillRect(px-1,py-1,2.5,2.5);}\n"
    "var img=g.getImageData(L+1,T+1,PW-2,PH-2).data,ink=0;for(k=0;k<img.length;k+=4)if(img[k]<250||img[k+1]<250||img[k+2]<250)ink++;\n"
    "B.setAttribute('data-map-ink',ink);\n"
    ,
    /* the examples: probably mislabelled = H 0, the runs' most predicted class another, gold probability < 0.3 */
    "var mis=D.m;\n"
    "var fh=document.getElementById('fh'),fl=document.getElementById('fl'),ft=document.getElementById('ft'),tb=document.getElementById('exb'),"
    "info=document.getElementById('exinfo'),page=0,PS=50,rows=[],key='mis',dir=1;\n"
    "function opt(sel,val,txt){var o=document.createElement('option');o.value=val;o.textContent=txt;sel.appendChild(o);}\n"
    "opt(fh,'','every H');for(v=0;v<=R;v++)opt(fh,v,'H = '+v);opt(fl,'','every label');for(k=0;k<D.labels.length;k++)opt(fl,k,D.labels[k]);\n"
    "function val(i,c){switch(c){case 'mis':return mis[i]?-1+D.c[i]:1+D.h[i]/100;case 'row':return D.row[i];case 'h':return D.h[i];"
    "case 'y':return D.labels[D.y[i]];case 'p':return D.p[i]<0?'':D.labels[D.p[i]];case 'c':return D.c[i];case 'v':return D.v[i];"
    "case 'f':return D.f[i];case 'a':return D.a[i];}}\n"
    "function apply(){var hv=fh.value,lv=fl.value,tv=ft.value.toLowerCase();rows=[];for(var i=0;i<N;i++){"
    "if(hv!==''&&D.h[i]!=hv)continue;if(lv!==''&&D.y[i]!=lv)continue;"
    "if(tv&&D.a[i].toLowerCase().indexOf(tv)<0&&!(D.b&&D.b[i].toLowerCase().indexOf(tv)>=0))continue;rows.push(i);}\n"
    "rows.sort(function(a,b){var x=val(a,key),y=val(b,key);return x<y?-dir:x>y?dir:a-b;});page=0;draw();}\n"
    ,
    "function td(tr,t,cls){var c=document.createElement('td');c.textContent=t;if(cls)c.className=cls;tr.appendChild(c);}\n"
    "function draw(){tb.textContent='';var a=page*PS,b=Math.min(rows.length,a+PS);for(var k=a;k<b;k++){var i=rows[k],tr=document.createElement('tr');"
    "if(mis[i])tr.className='mis';td(tr,D.row[i],'n');td(tr,D.a[i]+(D.b?'  |  '+D.b[i]:''),'t');td(tr,D.labels[D.y[i]]);"
    "td(tr,D.p[i]<0?'':D.labels[D.p[i]]);td(tr,D.c[i].toFixed(3),'n');td(tr,D.v[i].toFixed(3),'n');td(tr,D.f[i],'n');td(tr,D.h[i],'n');"
    "td(tr,mis[i]?'probably mislabelled':'');tb.appendChild(tr);}\n"
    "info.textContent=rows.length+' of '+N+' examples; '+(rows.length?(a+1)+'-'+b:'none')+' shown';B.setAttribute('data-rows',rows.length);}\n"
    "document.getElementById('prev').onclick=function(){if(page>0){page--;draw();}};\n"
    "document.getElementById('next').onclick=function(){if((page+1)*PS<rows.length){page++;draw();}};\n"
    "fh.onchange=fl.onchange=apply;ft.oninput=apply;\n"
    "var ths=document.querySelectorAll('#ex th[data-k]');for(k=0;k<ths.length;k++)ths[k].onclick=function(){var c=this.getAttribute('data-k');"
    "if(c==key)dir=-dir;else{key=c;dir=1;}apply();};\n"
    /* a view can be linked: report.html#h=0&label=1&q=text */
    "location.hash.replace(/^#/,'').split('&').forEach(function(kv){var p=kv.split('='),x=decodeURIComponent(p[1]||'');"
    "if(p[0]=='h')fh.value=x;else if(p[0]=='label')fl.value=x;else if(p[0]=='q')ft.value=x;});\n"
    "apply();B.setAttribute('data-mislabelled',mis.reduce(function(s,x){return s+x;},0));B.setAttribute('data-load-ms',Math.round(performance.now()));B.setAttribute('data-ready','1');\n"
    "})();\n",
    NULL};

static int write_report(const char *path, const opts *o, const data *train, const char *scores_path, const prune_scores *s,
                        const int32_t *h, const prune_texts *texts, const subset_row *rows, int nrows, const int64_t *counts,
                        const int64_t *cc, int K) {
    prune_file a;
    prune_error err;
    int64_t i, n = s->n;
    int R = s->total_runs, r, e, c, k;
    char b[64], mixbuf[400];
    FILE *f;
    (void)o;
    if (af_open(&a, path) != EXIT_OK) return EXIT_FAIL;
    f = a.f;
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>prune report: ");
    html_text(f, train->path);
    fprintf(f, "</title>\n<style>%s</style></head>\n<body data-ready=\"0\">\n<h1>What phase 1 found in ", REPORT_CSS);
    html_text(f, train->path);
    fprintf(f, "</h1>\n<p class=\"sub\">%lld examples, %d runs &#215; %d epochs, %d classes; records: ", (long long)n, R, s->epochs, K);
    html_text(f, scores_path);
    fprintf(f, ". H = the runs in which an example was right in every epoch; the winning ticket keeps 0 &lt; H &lt; %d.</p>\n", R);

    /* phase-1 health */
    fprintf(f, "<h2>Phase 1: did the runs learn?</h2>\n");
    if (K) {
        fprintf(f, "<table id=\"health\"><tr><th>run</th><th>epoch</th><th>training accuracy</th><th>majority class</th>");
        for (c = 0; c < K; c++) { fprintf(f, "<th>recall "); html_text(f, class_name(train, c, b, sizeof b)); fprintf(f, "</th>"); }
        for (c = 0; c < K; c++) { fprintf(f, "<th>predicted "); html_text(f, class_name(train, c, b, sizeof b)); fprintf(f, "</th>"); }
        fprintf(f, "<th>verdict</th></tr>\n");
        for (r = 0; r < s->runs; r++)
            for (e = 0; e < s->epochs; e++) {
                prune_epoch_health eh;
                if (prune_epoch_health_compute(s, r, e, train->ds.labels, K, &eh, &err) != PRUNE_OK) continue;
                fprintf(f, "<tr class=\"%s\"><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%.1f%%</td><td class=\"n\">%.1f%%</td>",
                        eh.flags ? "bad" : "ok", eh.run, e + 1, 100 * eh.accuracy, 100 * eh.majority);
                for (c = 0; c < K; c++) fprintf(f, "<td class=\"n\">%.0f%%</td>", eh.recall[c] < 0 ? 0 : 100 * eh.recall[c]);
                for (c = 0; c < K; c++) fprintf(f, "<td class=\"n\">%.0f%%</td>", eh.predicted[c] < 0 ? 0 : 100 * eh.predicted[c]);
                fprintf(f, "<td>%s</td></tr>\n", eh.flags ? "DID NOT LEARN: its H-scores follow luck or the class" : "learned");
            }
        fprintf(f, "</table>\n");
    } else {
        fprintf(f, "<p class=\"note\">More than %d classes: no health check.</p>\n", PRUNE_MAX_CLASSES);
    }

    /* the histogram by class (the same picture select writes as histogram.svg) */
    fprintf(f, "<h2>H-scores by class</h2>\n<div id=\"hist\">\n");
    svg_histogram(f, train, counts, cc, K, R, s->epochs, n);
    fprintf(f, "</div>\n");

    /* the data map */
    fprintf(f, "<h2>Data map</h2>\n<p class=\"note\">Each example is a dot: its mean probability of the gold label (confidence) against "
               "how much that probability varied over runs and epochs (variability), as dataset cartography draws it, coloured by H. "
               "Easy examples sit high and left, hard (and mislabelled) ones low and left, ambiguous ones in the middle.</p>\n"
               "<canvas id=\"map\" width=\"820\" height=\"520\"></canvas>\n<div class=\"legend\" id=\"maplegend\"></div>\n");

    /* the subsets */
    fprintf(f, "<h2>Subsets</h2>\n<table id=\"subsets\"><tr><th>subset</th><th>removed H values</th><th>examples</th><th>%% of train</th>"
               "<th>class mix</th><th>rows file</th></tr>\n");
    for (k = 0; k < nrows; k++) {
        const subset_row *q = &rows[k];
        fprintf(f, "<tr%s><td>", q->lost ? " class=\"bad\"" : "");
        html_text(f, q->name);
        fprintf(f, "</td><td>");
        html_text(f, q->removed);
        fprintf(f, "</td><td class=\"n\">%lld</td><td class=\"n\">%.1f%%</td><td>", (long long)q->n, 100.0 * (double)q->n / (double)n);
        html_text(f, K ? class_mix(mixbuf, sizeof mixbuf, train, q->mix, K, q->n) : "");
        if (q->lost) fprintf(f, " (loses a class)");
        fprintf(f, "</td><td>");
        html_text(f, q->file);
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</table>\n");

    /* the examples */
    fprintf(f, "<h2>Examples</h2>\n<p class=\"note\">Probably mislabelled first: H = 0, the class the runs predicted most is another, "
               "and the gold label's mean probability is below 0.3. Click a column to sort.%s</p>\n",
            texts->n ? "" : " The training set was given tokenized: no texts (give the TSV to have them).");
    fprintf(f, "<div class=\"ctl\"><select id=\"fh\"></select><select id=\"fl\"></select><input id=\"ft\" placeholder=\"text contains...\" size=\"30\">"
               "<button id=\"prev\">&#8592; previous</button><button id=\"next\">next &#8594;</button><span id=\"exinfo\"></span></div>\n"
               "<table id=\"ex\"><thead><tr><th data-k=\"row\">row</th><th data-k=\"a\">text</th><th data-k=\"y\">label</th>"
               "<th data-k=\"p\">predicted most</th><th data-k=\"c\">confidence</th><th data-k=\"v\">variability</th>"
               "<th data-k=\"f\">forgetting</th><th data-k=\"h\">H</th><th data-k=\"mis\">flag</th></tr></thead><tbody id=\"exb\"></tbody></table>\n");

    /* the data */
    fprintf(f, "<script type=\"application/json\" id=\"data\">{\"R\":%d,\"labels\":[", R);
    for (c = 0; c < (K ? K : label_count(train)); c++) { if (c) fputc(',', f); json_text(f, class_name(train, c, b, sizeof b)); }
    fprintf(f, "],\n\"row\":[");
    for (i = 0; i < n; i++) fprintf(f, "%s%lld", i ? "," : "", (long long)train->ds.rows[i]);
    fprintf(f, "],\n\"h\":[");
    for (i = 0; i < n; i++) fprintf(f, "%s%d", i ? "," : "", h[i]);
    fprintf(f, "],\n\"y\":[");
    for (i = 0; i < n; i++) fprintf(f, "%s%d", i ? "," : "", train->ds.labels[i]);
    {
        prune_example_stats *st = (prune_example_stats *)malloc(sizeof *st * (size_t)(n + 1));
        if (!st) { af_abort(&a); return fail("out of memory"); }
        for (i = 0; i < n; i++)
            if (prune_example_stats_compute(s, i, &st[i], &err) != PRUNE_OK) { free(st); af_abort(&a); return fail("%s", err.msg); }
        fprintf(f, "],\n\"p\":[");
        for (i = 0; i < n; i++) fprintf(f, "%s%d", i ? "," : "", st[i].pred);
        fprintf(f, "],\n\"c\":[");
        for (i = 0; i < n; i++) fprintf(f, "%s%.3f", i ? "," : "", st[i].confidence);
        fprintf(f, "],\n\"v\":[");
        for (i = 0; i < n; i++) fprintf(f, "%s%.3f", i ? "," : "", st[i].variability);
        fprintf(f, "],\n\"f\":[");
        for (i = 0; i < n; i++) fprintf(f, "%s%d", i ? "," : "", st[i].forgetting);
        /* probably mislabelled: H = 0, another class predicted most, the gold label's mean
           probability below 0.3 (decided here, on the unrounded figures) */
        fprintf(f, "],\n\"m\":[");
        for (i = 0; i < n; i++)
            fprintf(f, "%s%d", i ? "," : "", h[i] == 0 && st[i].pred >= 0 && st[i].pred != train->ds.labels[i] && st[i].confidence < 0.3);
        free(st);
    }
    fprintf(f, "],\n\"a\":[");
    for (i = 0; i < n; i++) { if (i) fputc(',', f); json_text(f, texts->n ? texts->a[i] : ""); }
    fprintf(f, "]");
    if (texts->n && texts->b) {
        fprintf(f, ",\n\"b\":[");
        for (i = 0; i < n; i++) { if (i) fputc(',', f); json_text(f, texts->b[i]); }
        fprintf(f, "]");
    }
    fprintf(f, "}</script>\n<script>\n");
    for (k = 0; REPORT_JS[k]; k++) fputs(REPORT_JS[k], f);
    fprintf(f, "</script>\n</body></html>\n");
    return af_commit(&a);
}


/* Everything `select` does, also for compare and the pipeline: the health check,
   H, the histograms, and the row file of every subset and baseline. baselines: a
   bitmask of PRUNE_BASELINE_* to write at every subset's size; ticket_random: the
   random baseline at the winning ticket's size only. The sets go to *sel (the full
   set first). */
static int do_select(const opts *o, const char *scores_path, const data *train, const char *dir, unsigned baselines, int ticket_random,
                     FILE *out, selection *sel) {
    prune_scores s;
    prune_error err;
    int32_t *h = NULL, *hc = NULL;
    int64_t *idx = NULL, *base = NULL, counts[PRUNE_MAX_RUNS + 1], *cc = NULL, total[PRUNE_MAX_CLASSES], n = train->ds.n, i;
    uint64_t masks[PRUNE_MAX_RUNS + 8 + 64];
    char names[PRUNE_MAX_RUNS + 8 + 64][32], path[1100], b[32], mixbuf[256];
    subset_row *rows = NULL;
    int nmask, k, bl, c, nrows = 0, rc = EXIT_FAIL, R, K = label_count(train), collapsed, rule, bad = 0;
    prune_file a;
    prune_texts texts;
    memset(&texts, 0, sizeof texts);
    memset(sel, 0, sizeof *sel);
    if (K > PRUNE_MAX_CLASSES) {   /* the paper's path only: no health, no class mixes */
        if (o->class_aware) return usage_error("--class-aware: %s has %d classes, at most %d are supported", train->path, K, PRUNE_MAX_CLASSES);
        note(o, "note: %d classes, more than %d: no health check, class histogram or class mixes\n", K, PRUNE_MAX_CLASSES);
        K = 0;
    }
    input_add(scores_path);
    if (prune_scores_load(&s, scores_path, &err) != PRUNE_OK) return fail("%s", err.msg);
    R = s.total_runs;
    /* every message below is made before s is freed: freeing zeroes it */
    if (s.runs != s.total_runs) bad = fail("%s holds %d of the %d runs: merge the run files first (prune merge)", scores_path, s.runs, R);
    else if (s.done[0] != s.epochs) bad = fail("%s: run %d is unfinished", scores_path, s.run_ids[0]);
    else if (s.n != n)
        bad = fail("%s was recorded on another training set than %s (%lld vs %lld examples)", scores_path, train->path,
                   (long long)s.n, (long long)n);
    else if (s.data_hash != prune_dataset_hash(&train->ds))   /* same count: the tokens differ */
        bad = fail("%s was recorded on another training set than %s: the same %lld examples by count, other tokens (the file "
                   "changed, or it is read another way than phase 1 read it: --quoting, columns, tokenizer or max length)",
                   scores_path, train->path, (long long)n);
    if (bad) { prune_scores_free(&s); return EXIT_FAIL; }
    /* did phase 1 learn? subsets of runs that did not are not handed out */
    collapsed = K ? report_health(out, train, &s, o->force ? "--force: selecting anyway; do not trust these subsets."
                                                            : "No subsets are written from these runs (--force writes them anyway).")
                  : 0;
    if (collapsed > 0 && !o->force) {
        fail("%d of the %d runs in %s did not learn (see above): refusing to write subsets from them", collapsed, s.runs, scores_path);
        prune_scores_free(&s);
        return EXIT_FAIL;
    }
    if (o->unit_question) {   /* SQuAD: a question's windows kept or dropped together */
        if (train->task != PRUNE_HEAD_SPAN) { prune_scores_free(&s); return usage_error("--unit question is for SQuAD data (a question's features)"); }
        if (prune_scores_group(&s, train->feat.question, &err) != PRUNE_OK) { prune_scores_free(&s); return fail("%s", err.msg); }
        note(o, "unit: the question (%lld questions' %lld features): a question is right in an epoch when every window of it was\n",
             (long long)(train->feat.q1 - train->feat.q0), (long long)n);
    }
    if (make_dirs(dir) != EXIT_OK) { prune_scores_free(&s); return EXIT_FAIL; }
    h = (int32_t *)malloc(sizeof *h * (size_t)n);
    hc = (int32_t *)malloc(sizeof *hc * (size_t)n);
    idx = (int64_t *)malloc(sizeof *idx * (size_t)n);
    base = (int64_t *)malloc(sizeof *base * (size_t)n);
    cc = (int64_t *)malloc(sizeof *cc * ((size_t)K * (size_t)(R + 1) + 1));
    rows = (subset_row *)calloc((PRUNE_MAX_RUNS + 8 + 64) * (2 + PRUNE_BASELINE_COUNT) + 1, sizeof *rows);
    if (!h || !hc || !idx || !base || !cc || !rows) { fail("out of memory"); goto done; }
    prune_hscores(&s, h);
    prune_histogram(h, n, R, counts);
    if (K) {
        prune_histogram_by_class(h, train->ds.labels, n, R, K, cc);
        prune_class_counts(train->ds.labels, NULL, n, K, total);
    }
    if (o->class_aware && prune_hscores_relative(&s, train->ds.labels, K, hc, &err) != PRUNE_OK) { fail("%s", err.msg); goto done; }

    /* the histograms, on the terminal and as a picture */
    print_histogram(out, counts, R, s.epochs, n);
    fputc('\n', out);
    if (K) {
        print_class_histogram(out, train, cc, total, R, K);
        fputc('\n', out);
    }
    join(path, sizeof path, dir, "histogram.svg");
    if (write_histogram_svg(path, train, counts, cc, K, R, s.epochs, n) != EXIT_OK) goto done;
    /* the texts, for the people who read h.tsv: read again from the table (a
       tokenized training set has none: the columns stay empty) */
    if (train->texts.n) {   /* RACE, SQuAD: kept when they were read (question, options or context) */
        texts = train->texts;
        texts.mem = NULL;   /* train's own: not freed with this copy */
    } else if (train->table) {
        prune_tsv_desc td = table_desc(o);
        if (prune_tsv_texts(train->path, &td, &texts, &err) != PRUNE_OK) { fail("%s", err.msg); goto done; }
        if (texts.n != n) { prune_texts_free(&texts); fail("%s changed while it was read", train->path); goto done; }
    } else {
        note(o, "note: %s is tokenized: h.tsv's text_a and text_b are empty (give the TSV to have them)\n", train->path);
    }
    join(path, sizeof path, dir, "h.tsv");   /* every example's H, by row */
    if (af_open(&a, path) != EXIT_OK) goto done;
    /* for pandas: one row per example, no options needed to load it (a field with a
       tab, a line break or a quote is quoted, as pandas' own writer does) */
    fprintf(a.f, "row\tlabel\tH%s\tlabel_name\tpred\tpred_name\tconfidence\tvariability\tcorrect\tforgetting\ttext_a\ttext_b\n",
            o->class_aware ? "\tH_class" : "");   /* the first three as ever: scripts that cut them keep working */
    for (i = 0; i < n; i++) {
        prune_example_stats st;
        char b1[16], b2[16];
        int y = train->ds.labels[i];
        if (prune_example_stats_compute(&s, i, &st, &err) != PRUNE_OK) { af_abort(&a); fail("%s", err.msg); goto done; }
        fprintf(a.f, "%lld\t%d\t%d", (long long)train->ds.rows[i], y, h[i]);
        if (o->class_aware) fprintf(a.f, "\t%d", hc[i]);
        fputc('\t', a.f);
        put_field(a.f, class_name(train, y, b1, sizeof b1));
        if (st.pred >= 0) { fprintf(a.f, "\t%d\t", st.pred); put_field(a.f, class_name(train, st.pred, b2, sizeof b2)); }
        else fprintf(a.f, "\t\t");
        fprintf(a.f, "\t%.6f\t%.6f\t%.6f\t%d\t", st.confidence, st.variability, st.correct, st.forgetting);
        if (texts.n) put_field(a.f, texts.a[i]);
        fputc('\t', a.f);
        if (texts.n && texts.b) put_field(a.f, texts.b[i]);
        fputc('\n', a.f);
    }
    if (af_commit(&a) != EXIT_OK) goto done;
    if (o->records) {
        join(path, sizeof path, dir, "records.tsv");
        if (prune_scores_export_tsv(&s, &train->ds, path, &err) != PRUNE_OK) { fail("%s", err.msg); goto done; }
    }

    /* the family (the winning ticket first), then the user's own sets */
    nmask = prune_subset_family(R, masks, PRUNE_MAX_RUNS + 8);
    for (k = 0; k < nmask; k++) snprintf(names[k], sizeof names[k], k == 0 ? "ticket" : "subset-%d", k + 1);
    for (k = 0; k < o->nremove; k++) {
        if (prune_subset_parse(o->remove[k], R, &masks[nmask], &err) != PRUNE_OK) { rc = usage_error("--remove: %s", err.msg); goto done; }
        snprintf(names[nmask], sizeof names[nmask], "user-%d", k + 1);
        nmask++;
    }
    if (nmask > 0 && K && !o->force && !o->class_aware) {   /* a ticket without a class cannot teach it: refused before any rows file */
        int64_t m = prune_subset_select(h, n, masks[0], idx), mix[PRUNE_MAX_CLASSES];
        prune_class_counts(train->ds.labels, idx, m, K, mix);
        for (c = 0; c < K; c++)
            if (total[c] > 0 && mix[c] == 0 && m > 0) {
                fail("the winning ticket (%lld examples) holds no example of class '%s' (%.1f%% of the data): a model trained on it "
                     "cannot learn that class. No subsets written; with --class-aware they are written beside class-aware subsets "
                     "that keep every class, --force writes them anyway", (long long)m, class_name(train, c, b, sizeof b),
                     100.0 * (double)total[c] / (double)n);
                goto done;
            }
    }
    snprintf(rows[nrows].name, sizeof rows[nrows].name, "full");
    snprintf(rows[nrows].method, sizeof rows[nrows].method, "full");
    snprintf(rows[nrows].removed, sizeof rows[nrows].removed, "-");
    snprintf(rows[nrows].file, sizeof rows[nrows].file, "-");
    memcpy(rows[nrows].mix, total, sizeof *total * (size_t)K);
    rows[nrows++].n = n;
    for (k = 0; k < nmask; k++)
        for (rule = 0; rule < (o->class_aware ? 2 : 1); rule++) {
            int64_t m = prune_subset_select(rule ? hc : h, n, masks[k], idx);
            subset_row *r = &rows[nrows++];
            snprintf(r->name, sizeof r->name, "%s%s", names[k], rule ? ".class" : "");
            snprintf(r->method, sizeof r->method, rule ? "H, class-aware" : "H (paper)");
            prune_subset_name(masks[k], r->removed, sizeof r->removed);
            snprintf(path, sizeof path, "%s.rows", r->name);
            join(r->file, sizeof r->file, dir, path);
            r->n = m;
            prune_class_counts(train->ds.labels, idx, m, K, r->mix);
            if (m > 0 && write_rows(r->file, &train->ds, idx, m) != EXIT_OK) goto done;
            if (m == 0) { remove(r->file); snprintf(r->file, sizeof r->file, "- (empty)"); }
            if (rule) continue;   /* baselines at the paper's sizes */
            for (bl = 0; bl < PRUNE_BASELINE_COUNT; bl++) {
                subset_row *q;
                if (!(baselines >> bl & 1) && !(ticket_random && k == 0 && bl == PRUNE_BASELINE_RANDOM)) continue;
                if (m == 0) continue;
                q = &rows[nrows++];
                q->n = m;
                if (o->unit_question) {   /* as many whole questions as the subset has */
                    int64_t gq = 0, j;
                    for (j = 0; j < m; j++) gq += j == 0 || train->feat.question[idx[j]] != train->feat.question[idx[j - 1]];
                    if (prune_baseline_groups(&s, bl, gq, o->seed, train->feat.question, base, &q->n, &err) != PRUNE_OK) { fail("%s", err.msg); goto done; }
                } else if (prune_baseline(&s, bl, m, o->seed, base, &err) != PRUNE_OK) {
                    fail("%s", err.msg);
                    goto done;
                }
                snprintf(q->name, sizeof q->name, "%s.%s", names[k], prune_baseline_name(bl));
                snprintf(q->method, sizeof q->method, "%s", prune_baseline_name(bl));
                snprintf(q->removed, sizeof q->removed, "%s, size of %s", prune_baseline_name(bl), names[k]);
                snprintf(path, sizeof path, "%s.rows", q->name);
                join(q->file, sizeof q->file, dir, path);
                prune_class_counts(train->ds.labels, base, q->n, K, q->mix);
                if (write_rows(q->file, &train->ds, base, q->n) != EXIT_OK) goto done;
            }
        }
    for (k = 0; k < nrows; k++)
        for (c = 0; c < K; c++) rows[k].lost += total[c] > 0 && rows[k].mix[c] == 0;

    /* the summary, on stdout and as summary.tsv: sizes and class mixes */
    join(path, sizeof path, dir, "summary.tsv");
    if (af_open(&a, path) != EXIT_OK) goto done;
    fprintf(a.f, "subset\tmethod\tremoved_H\texamples\tpercent\tfile");
    for (c = 0; c < K; c++) fprintf(a.f, "\tn_%s", class_name(train, c, b, sizeof b));
    for (c = 0; c < K; c++) fprintf(a.f, "\tpct_%s", class_name(train, c, b, sizeof b));
    fputc('\n', a.f);
    fprintf(out, "%-22s %-26s %9s %10s  %-32s %s\n", "subset", "removed H values", "examples", "% of train", "class mix", "rows file");
    for (k = 0; k < nrows; k++) {
        subset_row *r = &rows[k];
        double pct = 100.0 * (double)r->n / (double)n;
        fprintf(a.f, "%s\t%s\t%s\t%lld\t%.2f\t%s", r->name, r->method, r->removed, (long long)r->n, pct, r->file);
        for (c = 0; c < K; c++) fprintf(a.f, "\t%lld", (long long)r->mix[c]);
        for (c = 0; c < K; c++) fprintf(a.f, "\t%.2f", r->n ? 100.0 * (double)r->mix[c] / (double)r->n : 0.0);
        fputc('\n', a.f);
        fprintf(out, "%-22s %-26s %9lld %9.1f%%  ", r->name, r->removed, (long long)r->n, pct);
        fprintf(out, "%-32s %s%s%s\n", class_mix(mixbuf, sizeof mixbuf, train, r->mix, K, r->n), r->file,
                k == 1 ? "   <- the winning ticket" : "", r->lost ? "   <- LOSES A CLASS" : "");
    }
    if (af_commit(&a) != EXIT_OK) goto done;
    fflush(out);
    /* a subset without a class cannot teach it: named */
    for (k = 1; k < nrows; k++)
        if (rows[k].lost) {
            for (c = 0; c < K && !(total[c] > 0 && rows[k].mix[c] == 0); c++) {}
            fprintf(stderr, "%s: warning: %s (%lld examples) holds no example of class '%s'\n", g_cmd, rows[k].name, (long long)rows[k].n,
                    class_name(train, c, b, sizeof b));
        }
    if (o->report) {
        join(path, sizeof path, dir, "report.html");
        if (write_report(path, o, train, scores_path, &s, h, &texts, rows, nrows, counts, K ? cc : NULL, K) != EXIT_OK) goto done;
    }
    note(o, "wrote %s/: histogram.svg, h.tsv, summary.tsv%s and %d row files\n", dir, o->report ? ", report.html" : "", nrows - 1);
    sel->rows = rows;
    sel->nrows = nrows;
    rows = NULL;
    rc = EXIT_OK;
done:
    free(h); free(hc); free(idx); free(base); free(cc); free(rows);
    prune_texts_free(&texts);
    prune_scores_free(&s);
    return rc;
}

/* ============================================================================
   Phase 2: fine-tune on a subset, evaluate, save
   ========================================================================= */

static void print_metrics_header(FILE *f) {
    const char *const *mn = METRIC_NAMES[g_span];
    fprintf(f, "%-24s %9s %10s %9s %9s %9s %9s\n", "set", "examples", "% of train", mn[0], mn[1], mn[2], mn[3]);
}

static void print_metrics(FILE *f, const char *name, int64_t n, int64_t total, const prune_metrics *m) {
    fprintf(f, g_span ? "%-24s %9lld %9.1f%% %9.2f %9.2f %9.2f %9.2f\n" : "%-24s %9lld %9.1f%% %9.4f %9.4f %9.4f %9.4f\n", name, (long long)n,
            100.0 * (double)n / (double)total, m->accuracy, m->macro_f1, m->mcc, m->loss);
}

/* m's metrics on dev (see METRIC_NAMES): prune_predict's (pred, probs may be NULL),
   or for SQuAD the official metric of utils_qa.py's answers (answers, may be NULL,
   receives them) */
static int eval_dev(const opts *o, const source *src, prune_model *m, const data *dev, int32_t *pred, float *probs,
                    prune_squad_answers *answers, prune_metrics *out) {
    prune_batcher bt;
    prune_error err;
    int rc = EXIT_OK;
    memset(out, 0, sizeof *out);
    if (prune_batcher_init(&bt, o->batch * (dev->ds.choices > 1 ? dev->ds.choices : 1), o->max_len, src->cls, src->sep, src->pad, &err) != PRUNE_OK)
        return fail("%s", err.msg);
    bt.pair_style = src->pair_style;
    if (dev->task == PRUNE_HEAD_SPAN) {
        prune_squad_answers a;
        prune_squad_metrics sm;
        /* utils_qa.py's defaults, which the authors kept: 20 best, 30 tokens, threshold 0 */
        if (prune_squad_predict(m, &bt, &dev->ds, &dev->feat, &dev->sq, 20, 30, 0.0, &a, &err) != PRUNE_OK ||
            prune_squad_score(&dev->sq, &a, NULL, NULL, &sm, &err) != PRUNE_OK)
            rc = fail("%s: %s", dev->path, err.msg);
        else {
            out->n = sm.n; out->accuracy = sm.exact; out->macro_f1 = sm.f1; out->mcc = sm.has_ans_f1; out->loss = sm.no_ans_f1;
            if (answers) *answers = a;
            else prune_squad_answers_free(&a);
        }
    } else if (prune_predict(m, &bt, &dev->ds, pred, probs, out, &err) != PRUNE_OK) {
        rc = fail("%s: %s", dev->path, err.msg);
    }
    prune_batcher_free(&bt);
    return rc;
}

/* save m as a Hugging Face directory: config.json with the label names, weights,
   the tokenizer files next to them, and labels.tsv (the label map) */
static int save_model(const opts *o, source *src, const prune_model *m, const data *train, const char *dir) {
    static const char *const tok_files[] = {"vocab.txt", "vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json",
                                            "tokenizer.json"};
    prune_error err;
    prune_hf_info info = src->info;
    char from[1100], to[1100];
    size_t k;
    {   /* the files prune_hf_save and this function write: none may be an input (--out the --model directory) */
        static const char *const outs[] = {"model.safetensors", "config.json", "labels.tsv"};
        for (k = 0; k < sizeof outs / sizeof *outs; k++) {
            join(to, sizeof to, dir, outs[k]);
            if (output_ok(to) != EXIT_OK) return EXIT_FAIL;
        }
    }
    if (make_dirs(dir) != EXIT_OK) return EXIT_FAIL;
    if (train->names.count == m->desc.config.labels) { info.label_names = train->names.names; info.num_labels = train->names.count; }
    else { info.label_names = NULL; info.num_labels = m->desc.config.labels; }
    if (prune_hf_save(m, dir, &info, &err) != PRUNE_OK) return fail("%s", err.msg);
    if (src->dir)
        for (k = 0; k < sizeof tok_files / sizeof *tok_files; k++) {
            join(from, sizeof from, src->dir, tok_files[k]);
            join(to, sizeof to, dir, tok_files[k]);
            if (file_exists(from) && strcmp(from, to) != 0 && copy_file(from, to) != EXIT_OK) return EXIT_FAIL;
        }
    else if (o->vocab) {
        join(to, sizeof to, dir, "vocab.txt");
        if (copy_file(o->vocab, to) != EXIT_OK) return EXIT_FAIL;
    }
    if (train->names.count > 0) {
        join(to, sizeof to, dir, "labels.tsv");
        if (prune_labels_write(&train->names, to, &err) != PRUNE_OK) return fail("%s", err.msg);
    }
    return EXIT_OK;
}

/* The pipeline's memory of a finished phase-2 training: its fingerprint (the
   configuration, the starting weights, the training rows, the dev set) and its dev
   metrics, so a rerun after a crash skips what was done. 1: found and equal. */
static int cache_read(const char *path, uint64_t fp, prune_metrics *m) {
    FILE *f = path ? fopen(path, "rb") : NULL;
    unsigned long long have = 0;
    long long n = 0;
    int ok;
    if (!f) return 0;
    {
        char fmt[200];
        const char *const *k = METRIC_KEYS[g_span];
        snprintf(fmt, sizeof fmt, "fingerprint %%llx\nexamples %%lld %s %%lf %s %%lf %s %%lf %s %%lf", k[0], k[1], k[2], k[3]);
        ok = fscanf(f, fmt, &have, &n, &m->accuracy, &m->macro_f1, &m->mcc, &m->loss) == 6 && have == fp;
    }
    fclose(f);
    m->n = n;
    return ok;
}

static int cache_write(const char *path, uint64_t fp, const prune_metrics *m) {
    prune_file a;
    if (af_open(&a, path) != EXIT_OK) return EXIT_FAIL;
    fprintf(a.f, "fingerprint %016llx\nexamples %lld %s %.17g %s %.17g %s %.17g %s %.17g\n", (unsigned long long)fp, (long long)m->n,
            METRIC_KEYS[g_span][0], m->accuracy, METRIC_KEYS[g_span][1], m->macro_f1, METRIC_KEYS[g_span][2], m->mcc, METRIC_KEYS[g_span][3], m->loss);
    return af_commit(&a);
}

/* Fine-tune a fresh start (seed) on subset (NULL: all), evaluate on dev (may be
   NULL), save to save_dir (may be NULL). With cache (the pipeline), a training
   whose fingerprint is in that file already is not done again. */
static int train_and_eval(const opts *o, source *src, const data *train, const int64_t *subset, int64_t subset_n, const data *dev,
                          uint64_t seed, const char *label, const char *save_dir, const char *cache, prune_metrics *out, int *cached) {
    prune_model m;
    prune_finetune_desc fd;
    prune_error err;
    progress pg;
    int K = label_count(train), rc = EXIT_OK;
    double t0 = now_s();
    char took[32];
    uint64_t start, fp;
    if (build_model(o, src, K, seed, seed, 1, 1, &m, &start) != EXIT_OK) return EXIT_FAIL;
    describe_model(o, src, &m);
    if (dev && prune_dataset_check(&dev->ds, m.desc.config.vocab_size, K, &err) != PRUNE_OK) {
        prune_model_free(&m);
        return fail("%s: %s", dev->path, err.msg);
    }
    fp = config_hash(o, src, &m, start) ^ prune_dataset_hash(&train->ds);
    fp = prune_hash(fp, subset ? (const void *)subset : (const void *)"all", subset ? sizeof *subset * (size_t)subset_n : 3);
    if (dev) fp = prune_hash(fp, &dev->ds.n, sizeof dev->ds.n) ^ prune_dataset_hash(&dev->ds);
    memset(out, 0, sizeof *out);
    if (cache && cache_read(cache, fp, out)) {
        if (cached) *cached = 1;
        note(o, "%s: done before (%s), not trained again\n", label, cache);
        prune_model_free(&m);
        return EXIT_OK;
    }
    fd = finetune_desc(o, src, &train->ds, seed);
    fd.subset = subset; fd.subset_n = subset ? subset_n : 0;
    memset(&pg, 0, sizeof pg);
    pg.quiet = o->quiet; pg.tty = isatty(STDERR_FILENO);
    snprintf(pg.label, sizeof pg.label, "%s", label);
    pg.step0 = -1;
    fd.user = &pg;
    if (prune_finetune(&m, &fd, &err) != PRUNE_OK) { prune_model_free(&m); return fail("%s: %s", label, err.msg); }
    fmt_duration(now_s() - t0, took, sizeof took);
    note(o, "%s: trained on %lld examples in %s\n", label, (long long)(subset ? subset_n : train->ds.n), took);
    if (dev) rc = eval_dev(o, src, &m, dev, NULL, NULL, NULL, out);
    if (rc == EXIT_OK && save_dir) {
        rc = save_model(o, src, &m, train, save_dir);
        if (rc == EXIT_OK) note(o, "%s: saved to %s\n", label, save_dir);
    }
    if (rc == EXIT_OK && cache) rc = cache_write(cache, fp, out);
    prune_model_free(&m);
    return rc;
}

/* ============================================================================
   Compare: phase 2 on many sets with several seeds, as the paper compares them
   ========================================================================= */

/* One set's results over the seeds. */
typedef struct set_result {
    const subset_row *row;
    double acc[100], f1[100], mcc[100], loss[100];
    double mean[4], std[4];   /* accuracy, macro-F1, MCC, loss */
} set_result;

static int name_in_list(const char *name, const char *list) {
    size_t l = strlen(name);
    const char *p = list;
    while (p && *p) {
        const char *e = strchr(p, ',');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == l && strncmp(p, name, l) == 0) return 1;
        p = e ? e + 1 : NULL;
    }
    return 0;
}

/* metric (0 accuracy, 2 MCC) against % of the training set, one line per method,
   error bars of one standard deviation, the full set as a dashed reference line */
static int write_compare_svg(const char *path, const set_result *r, int nr, int64_t total, int metric, int seeds, const char *title) {
    const char *const *mnames = METRIC_NAMES[g_span];
    const double W = 760, Hh = 460, left = 70, right = 190, top = 50, bottom = 60;
    double pw = W - left - right, ph = Hh - top - bottom, lo = 1e300, hi = -1e300, full = -1, xmax = 100;
    const char *methods[16];
    int nm = 0, k, j, m;
    prune_file a;
    for (k = 0; k < nr; k++) {
        double v = r[k].mean[metric];
        if (v - r[k].std[metric] < lo) lo = v - r[k].std[metric];
        if (v + r[k].std[metric] > hi) hi = v + r[k].std[metric];
        if (strcmp(r[k].row->method, "full") == 0) { full = v; continue; }
        for (j = 0; j < nm && strcmp(methods[j], r[k].row->method) != 0; j++) {}
        if (j == nm && nm < 16) methods[nm++] = r[k].row->method;
    }
    if (!(hi > lo)) { lo -= 0.05; hi += 0.05; }
    {   /* a little room, within what the metric can be (at most 1) */
        double pad = 0.08 * (hi - lo);
        lo -= pad; hi += pad;
        if (hi > 1) hi = 1;
        if (lo > hi - 0.02) lo = hi - 0.1;
    }
#define X(pct) (left + pw * (pct) / xmax)
#define Y(v) (top + ph - ph * ((v) - lo) / (hi - lo))
    if (af_open(&a, path) != EXIT_OK) return EXIT_FAIL;
    fprintf(a.f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                 "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            W, Hh, W, Hh);
    fprintf(a.f, "<text x=\"%.1f\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">", left + pw / 2);
    svg_text(a.f, title);
    fprintf(a.f, ": dev %s against subset size (mean &#177; std over %d seed%s)</text>\n", mnames[metric], seeds, seeds == 1 ? "" : "s");
    for (k = 0; k <= 5; k++) {   /* y grid */
        double v = lo + (hi - lo) * k / 5;
        fprintf(a.f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>\n",
                left, Y(v), left + pw, Y(v), left - 6, Y(v) + 4, v);
    }
    for (k = 0; k <= 10; k++)   /* x ticks */
        fprintf(a.f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d%%</text>\n",
                X(k * 10.0), top + ph, X(k * 10.0), top + ph + 5, X(k * 10.0), top + ph + 18, k * 10);
    fprintf(a.f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", left, top + ph, left + pw, top + ph);
    fprintf(a.f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">size of the training subset (%% of the full set)</text>\n", left + pw / 2, Hh - 18);
    fprintf(a.f, "<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\">dev %s</text>\n", top + ph / 2, mnames[metric]);
    for (k = 0; k < nr; k++)
        if (strcmp(r[k].row->method, "full") == 0) {
            fprintf(a.f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\" stroke-dasharray=\"6,4\"/>\n", left, Y(full), left + pw, Y(full));
            fprintf(a.f, "<text x=\"%.1f\" y=\"%.1f\">full set %.4f</text>\n", left + pw + 8, Y(full) + 4, full);
        }
    for (m = 0; m < nm; m++) {   /* each method: its points in size order, joined */
        const char *col = PALETTE[m % 8];
        int order[512], no = 0, i2;
        for (k = 0; k < nr && no < 512; k++) if (strcmp(r[k].row->method, methods[m]) == 0) order[no++] = k;
        for (i2 = 1; i2 < no; i2++)
            for (j = i2; j > 0 && r[order[j - 1]].row->n > r[order[j]].row->n; j--) { int t = order[j]; order[j] = order[j - 1]; order[j - 1] = t; }
        fprintf(a.f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"", col);
        for (j = 0; j < no; j++) {
            const set_result *q = &r[order[j]];
            double pct = 100.0 * (double)q->row->n / (double)total;
            fprintf(a.f, "%s%.1f,%.1f", j ? " " : "", X(pct), Y(q->mean[metric]));
        }
        fprintf(a.f, "\"/>\n");
        for (j = 0; j < no; j++) {
            const set_result *q = &r[order[j]];
            double pct = 100.0 * (double)q->row->n / (double)total, x = X(pct);
            fprintf(a.f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x, Y(q->mean[metric] - q->std[metric]), x,
                    Y(q->mean[metric] + q->std[metric]), col);
            fprintf(a.f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>", x, Y(q->mean[metric]), col);
            svg_text(a.f, q->row->name);
            fprintf(a.f, ": %lld examples (%.1f%%), %s %.4f &#177; %.4f</title></circle>\n", (long long)q->row->n, pct, mnames[metric],
                    q->mean[metric], q->std[metric]);
        }
        fprintf(a.f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                left + pw + 8, top + 30 + 18.0 * m, col, left + pw + 24, top + 40 + 18.0 * m, methods[m]);
    }
#undef X
#undef Y
    fprintf(a.f, "</svg>\n");
    return af_commit(&a);
}

/* Phase 2 on every set of sel (only those in o->sets when given, then --add's),
   seeds times each: unit (set, seed j) trains a fresh start with seed S+100+j on the
   set, evaluates it on dev, and is kept in DIR/units/NAME.seed-J.result, so a killed
   comparison resumes without redoing a finished unit. Seed-major: one seed of every
   set first. save_models: the models of seed 0 go to DIR/NAME/. */
static int run_compare(const opts *o, source *src, const data *train, const data *dev, const selection *sel, const char *dir, int seeds,
                       const char *sets, int save_models, FILE *out) {
    set_result *res = NULL;
    subset_row *extra = NULL;
    int64_t **subs = NULL, *subn = NULL;
    int nres = 0, k, j, c, rc = EXIT_OK, K = label_count(train) <= PRUNE_MAX_CLASSES ? label_count(train) : 0, units, u = 0, done_before = 0;
    char path[1100], name[200], label[128], took[32], b[32], mixbuf[256];
    double t0 = now_s();
    prune_file a;
    if (seeds > 100) return usage_error("--seeds: at most 100");
    res = (set_result *)calloc((size_t)sel->nrows + (size_t)o->nadd, sizeof *res);
    extra = (subset_row *)calloc((size_t)o->nadd + 1, sizeof *extra);
    subs = (int64_t **)calloc((size_t)sel->nrows + (size_t)o->nadd, sizeof *subs);
    subn = (int64_t *)calloc((size_t)sel->nrows + (size_t)o->nadd, sizeof *subn);
    if (!res || !extra || !subs || !subn) { rc = fail("out of memory"); goto done; }
    if (sets) {   /* every name asked for must exist */
        const char *p = sets;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            for (k = 0; k < sel->nrows && !(strlen(sel->rows[k].name) == l && strncmp(sel->rows[k].name, p, l) == 0); k++) {}
            if (k == sel->nrows) {   /* a baseline of an empty subset has no rows file: skipped, said so */
                int j2;
                for (j2 = 1; j2 < sel->nrows; j2++) {
                    size_t ln = strlen(sel->rows[j2].name);
                    if (sel->rows[j2].n == 0 && ln < l && strncmp(p, sel->rows[j2].name, ln) == 0 && p[ln] == '.') break;
                }
                if (j2 < sel->nrows) {
                    note(o, "--sets: %.*s skipped: %s is empty\n", (int)l, p, sel->rows[j2].name);
                    p = e ? e + 1 : p + l;
                    continue;
                }
            }
            if (k == sel->nrows) {
                fprintf(stderr, "%s: --sets: no set named '%.*s'; the sets are:", g_cmd, (int)l, p);
                for (k = 0; k < sel->nrows; k++) fprintf(stderr, " %s", sel->rows[k].name);
                fprintf(stderr, "\n");
                rc = EXIT_USAGE;
                goto done;
            }
            p = e ? e + 1 : p + l;
        }
    }
    for (k = 0; k < sel->nrows; k++) {
        const subset_row *r = &sel->rows[k];
        if (r->n == 0 || (sets && !name_in_list(r->name, sets))) continue;
        res[nres].row = r;
        if (k > 0 && (rc = read_rows(r->file, &train->ds, &subs[nres], &subn[nres])) != EXIT_OK) goto done;
        nres++;
    }
    for (k = 0; k < o->nadd; k++) {   /* --add NAME=FILE */
        subset_row *r = &extra[k];
        const char *eq = strchr(o->add[k], '=');
        snprintf(r->name, sizeof r->name, "%.*s", (int)(eq - o->add[k]), o->add[k]);
        snprintf(r->method, sizeof r->method, "user");
        snprintf(r->removed, sizeof r->removed, "rows of %s", eq + 1);
        snprintf(r->file, sizeof r->file, "%s", eq + 1);
        for (j = 0; j < sel->nrows; j++)
            if (strcmp(sel->rows[j].name, r->name) == 0) { rc = usage_error("--add %s: the name %s is taken by a subset", o->add[k], r->name); goto done; }
        for (j = 0; j < k; j++)
            if (strcmp(extra[j].name, r->name) == 0) { rc = usage_error("--add %s: the name %s is given twice", o->add[k], r->name); goto done; }
        if ((rc = read_rows(r->file, &train->ds, &subs[nres], &subn[nres])) != EXIT_OK) goto done;
        r->n = subn[nres];
        prune_class_counts(train->ds.labels, subs[nres], r->n, K, r->mix);
        res[nres++].row = r;
    }
    if (nres == 0) { rc = fail("nothing to compare"); goto done; }
    join(path, sizeof path, dir, "units");
    if (make_dirs(path) != EXIT_OK) { rc = EXIT_FAIL; goto done; }
    units = nres * seeds;
    note(o, "== phase 2: %d sets x %d seed%s = %d trainings (seed%s %llu", nres, seeds, seeds == 1 ? "" : "s", units, seeds == 1 ? "" : "s",
         (unsigned long long)(o->seed + PHASE2_SEED_OFFSET));
    if (seeds > 1) note(o, "..%llu", (unsigned long long)(o->seed + PHASE2_SEED_OFFSET + (uint64_t)seeds - 1));
    note(o, "), each evaluated on %s\n", dev->path);
    for (j = 0; j < seeds && rc == EXIT_OK; j++)
        for (k = 0; k < nres && rc == EXIT_OK; k++) {
            const subset_row *r = res[k].row;
            prune_metrics met;
            char cache[1100], save[1100];
            int cached = 0;
            uint64_t seed = o->seed + PHASE2_SEED_OFFSET + (uint64_t)j;
            u++;
            snprintf(name, sizeof name, "units/%s.seed-%d.result", r->name, j);
            join(cache, sizeof cache, dir, name);
            join(save, sizeof save, dir, r->name);
            snprintf(label, sizeof label, "[%d/%d] %s seed %llu", u, units, r->name, (unsigned long long)seed);
            rc = train_and_eval(o, src, train, subs[k], subs[k] ? subn[k] : 0, dev, seed, label, save_models && j == 0 ? save : NULL, cache, &met,
                                &cached);
            done_before += cached;
            res[k].acc[j] = met.accuracy; res[k].f1[j] = met.macro_f1; res[k].mcc[j] = met.mcc; res[k].loss[j] = met.loss;
        }
    if (rc != EXIT_OK) goto done;
    for (k = 0; k < nres; k++) {
        prune_mean_std(res[k].acc, seeds, &res[k].mean[0], &res[k].std[0]);
        prune_mean_std(res[k].f1, seeds, &res[k].mean[1], &res[k].std[1]);
        prune_mean_std(res[k].mcc, seeds, &res[k].mean[2], &res[k].std[2]);
        prune_mean_std(res[k].loss, seeds, &res[k].mean[3], &res[k].std[3]);
    }

    /* for people: the table; for machines: results.tsv and units.tsv; and the plots */
    fprintf(out, "phase 2 on %s (%lld examples): %d epochs each, seed%s %llu", dev->path, (long long)dev->ds.n, o->epochs, seeds == 1 ? "" : "s",
            (unsigned long long)(o->seed + PHASE2_SEED_OFFSET));
    if (seeds > 1) fprintf(out, "..%llu; mean %s std over the seeds", (unsigned long long)(o->seed + PHASE2_SEED_OFFSET + (uint64_t)seeds - 1), "\xC2\xB1");
    fprintf(out, "\n%-22s %-16s %9s %8s  %-17s %-17s %-17s %-17s %s\n", "set", "method", "examples", "% train", METRIC_NAMES[g_span][0],
            METRIC_NAMES[g_span][1], METRIC_NAMES[g_span][2], g_span ? METRIC_NAMES[1][3] : "dev loss", "class mix");
    for (k = 0; k < nres; k++) {
        const set_result *q = &res[k];
        char cell[4][40];
        for (c = 0; c < 4; c++)
            if (seeds > 1) snprintf(cell[c], sizeof cell[c], g_span ? "%.2f \xC2\xB1 %.2f" : "%.4f \xC2\xB1 %.4f", q->mean[c], q->std[c]);
            else snprintf(cell[c], sizeof cell[c], g_span ? "%.2f" : "%.4f", q->mean[c]);
        fprintf(out, "%-22s %-16s %9lld %7.1f%%  %-17s %-17s %-17s %-17s %s\n", q->row->name, q->row->method, (long long)q->row->n,
                100.0 * (double)q->row->n / (double)train->ds.n, cell[0], cell[1], cell[2], cell[3],
                class_mix(mixbuf, sizeof mixbuf, train, q->row->mix, K, q->row->n));
    }
    fflush(out);
    join(path, sizeof path, dir, "results.tsv");
    if ((rc = af_open(&a, path)) != EXIT_OK) goto done;
    fprintf(a.f, "set\tmethod\tremoved_H\texamples\tpercent\tseeds");
    for (c = 0; c < 4; c++) fprintf(a.f, "\t%s_mean\t%s_std", METRIC_KEYS[g_span][c], METRIC_KEYS[g_span][c]);
    for (c = 0; c < K; c++) fprintf(a.f, "\tpct_%s", class_name(train, c, b, sizeof b));
    fputc('\n', a.f);
    for (k = 0; k < nres; k++) {
        const set_result *q = &res[k];
        fprintf(a.f, "%s\t%s\t%s\t%lld\t%.2f\t%d", q->row->name, q->row->method, q->row->removed, (long long)q->row->n,
                100.0 * (double)q->row->n / (double)train->ds.n, seeds);
        for (c = 0; c < 4; c++) fprintf(a.f, "\t%.6f\t%.6f", q->mean[c], q->std[c]);
        for (c = 0; c < K; c++) fprintf(a.f, "\t%.2f", q->row->n ? 100.0 * (double)q->row->mix[c] / (double)q->row->n : 0.0);
        fputc('\n', a.f);
    }
    if ((rc = af_commit(&a)) != EXIT_OK) goto done;
    join(path, sizeof path, dir, "units.tsv");
    if ((rc = af_open(&a, path)) != EXIT_OK) goto done;
    fprintf(a.f, "set\tseed\texamples\t%s\t%s\t%s\t%s\n", METRIC_KEYS[g_span][0], METRIC_KEYS[g_span][1], METRIC_KEYS[g_span][2],
            METRIC_KEYS[g_span][3]);
    for (k = 0; k < nres; k++)
        for (j = 0; j < seeds; j++)
            fprintf(a.f, "%s\t%llu\t%lld\t%.6f\t%.6f\t%.6f\t%.6f\n", res[k].row->name, (unsigned long long)(o->seed + PHASE2_SEED_OFFSET + (uint64_t)j),
                    (long long)res[k].row->n, res[k].acc[j], res[k].f1[j], res[k].mcc[j], res[k].loss[j]);
    if ((rc = af_commit(&a)) != EXIT_OK) goto done;
    {
        const char *title = strrchr(train->path, '/') ? strrchr(train->path, '/') + 1 : train->path;
        /* the plots: accuracy and MCC; for SQuAD exact match and F1 */
        join(path, sizeof path, dir, g_span ? "compare-exact.svg" : "compare-accuracy.svg");
        if ((rc = write_compare_svg(path, res, nres, train->ds.n, 0, seeds, title)) != EXIT_OK) goto done;
        join(path, sizeof path, dir, g_span ? "compare-f1.svg" : "compare-mcc.svg");
        if ((rc = write_compare_svg(path, res, nres, train->ds.n, g_span ? 1 : 2, seeds, title)) != EXIT_OK) goto done;
    }
    fmt_duration(now_s() - t0, took, sizeof took);
    note(o, "compare: %d trainings (%d done before) in %s; %s/results.tsv, units.tsv, %s\n", units, done_before, took, dir,
         g_span ? "compare-exact.svg, compare-f1.svg" : "compare-accuracy.svg, compare-mcc.svg");
done:
    if (subs) for (k = 0; k < nres; k++) free(subs[k]);
    free(subs); free(subn); free(res); free(extra);
    return rc;
}

/* ============================================================================
   The subcommands
   ========================================================================= */

static int cmd_tokenize(opts *o) {
    source src;
    data d;
    prune_error err;
    char out[1100], lpath[1200];
    const char *in = o->pos[0];
    int rc;
    size_t l = strlen(in);
    if (!o->model && !o->vocab) return usage_error("give --vocab FILE or --model DIR (with vocab.txt, or vocab.json and merges.txt)");
    if (o->out) snprintf(out, sizeof out, "%s", o->out);
    else if (l > 4 && strcmp(in + l - 4, ".tsv") == 0) snprintf(out, sizeof out, "%.*s%s", (int)(l - 4), in, o->text ? ".ids.tsv" : ".bin");
    else snprintf(out, sizeof out, "%s%s", in, o->text ? ".ids.tsv" : ".bin");
    if (o->model && !o->vocab) {
        char v[1100];
        char mj[1100], mm[1100];
        join(v, sizeof v, o->model, "vocab.txt");
        join(mj, sizeof mj, o->model, "vocab.json");
        join(mm, sizeof mm, o->model, "merges.txt");
        if (!file_exists(v) && !(file_exists(mj) && file_exists(mm)))
            return fail("%s has no vocab.txt, nor vocab.json and merges.txt (give --vocab)", o->model);
    }
    {   /* only the tokenizer is needed: no config.json for --vocab alone */
        opts t = *o;
        if (!o->model) { t.scratch = "1,1,1,1"; t.sl = t.sh = t.snh = t.sf = 1; }
        if (open_source(&t, &src, 1) != EXIT_OK) { source_free(&src); return EXIT_FAIL; }
    }
    if ((rc = load_data(o, &src, in, NULL, &d)) != EXIT_OK) { source_free(&src); return rc; }
    snprintf(lpath, sizeof lpath, "%s.labels.tsv", out);
    if (output_ok(out) != EXIT_OK || (d.names.count > 0 && output_ok(lpath) != EXIT_OK)) { data_free(&d); source_free(&src); return EXIT_FAIL; }
    rc = o->text ? prune_dataset_write_text(&d.ds, out, &err) : prune_dataset_save(&d.ds, out, &err);
    if (rc != PRUNE_OK) rc = fail("%s", err.msg);
    else if (d.names.count > 0) {
        snprintf(lpath, sizeof lpath, "%s.labels.tsv", out);
        if (prune_labels_write(&d.names, lpath, &err) != PRUNE_OK) rc = fail("%s", err.msg);
    }
    if (rc == EXIT_OK)
        printf("%s: %lld examples (%s), %llu tokens, %d labels%s%s\n", out, (long long)d.ds.n, d.ds.pairs ? "pairs" : "single texts",
               (unsigned long long)d.ds.offsets[d.ds.n], label_count(&d), d.names.count ? "; label map in " : "", d.names.count ? lpath : "");
    data_free(&d);
    source_free(&src);
    return rc;
}

/* model, training data, the scratch vocabulary: what phase 1 and train share */
static int open_training(opts *o, source *src, data *train) {
    int rc;
    if ((rc = need_model(o)) != EXIT_OK) return rc;
    if ((rc = need(o, O_TRAIN)) != EXIT_OK) return rc;
    if (open_source(o, src, 0) != EXIT_OK) return EXIT_FAIL;
    if (load_data(o, src, o->train, NULL, train) != EXIT_OK) return EXIT_FAIL;
    if (o->class_aware && label_count(train) > PRUNE_MAX_CLASSES)   /* said now, not after hours of phase 1 */
        return usage_error("--class-aware: %s has %d classes, at most %d are supported", o->train, label_count(train), PRUNE_MAX_CLASSES);
    if (source_fit(src, &train->ds) != EXIT_OK) return EXIT_FAIL;
    {   /* ids the model has no embedding for: said here, with the file's name */
        prune_error err;
        if (prune_dataset_check(&train->ds, src->cfg.vocab_size, label_count(train), &err) != PRUNE_OK) return fail("%s: %s", o->train, err.msg);
    }
    note(o, "training set: %s, %lld examples, %d labels\n", o->train, (long long)train->ds.n, label_count(train));
    return EXIT_OK;
}

static int cmd_phase1(opts *o) {
    source src;
    data train;
    int rc;
    double t0 = now_s();
    char took[32];
    memset(&src, 0, sizeof src); memset(&train, 0, sizeof train);
    if ((rc = need(o, O_OUT)) != EXIT_OK) return rc;
    if ((rc = open_training(o, &src, &train)) == EXIT_OK) {
        rc = o->set[O_RUN] ? run_phase1(o, &src, &train, o->out, o->run, o->run, stdout)
                           : run_phase1(o, &src, &train, o->out, 0, o->runs - 1, stdout);
        fmt_duration(now_s() - t0, took, sizeof took);
        if (rc == EXIT_OK) note(o, "phase 1: done in %s%s%s\n", took, o->set[O_RUN] ? "" : "; next: prune merge ", o->set[O_RUN] ? "" : o->out);
    }
    data_free(&train);
    source_free(&src);
    return rc;
}

/* A learning rate at which phase 1 learns, found cheaply: each rate fine-tunes a
   fresh start (with the seeds of phase-1 runs 0..N-1: head, dropout, order) on the
   same random slice of the training set for the first epoch of a phase-1 run's
   schedule (warm-up, then decay over --epochs) and is judged by the health of that
   epoch, as phase 1 judges its runs. On a slice the order differs from the run's;
   with --examples covering the whole set, each is exactly that run's first epoch. A slice's epoch has far fewer steps than the whole set's,
   so a rate that learns here learns in phase 1; the converse need not hold. */
static int cmd_probe(opts *o) {
    source src;
    data train;
    double rates[32];
    int nr = 0, k, rc, K, best = -1, c, seeds = o->set[O_SEEDS] ? o->seeds : 1, learned[32];
    int64_t n, *idx = NULL;
    prune_error err0;
    const char *p = o->rates ? o->rates : "1e-5,2e-5,5e-5,1e-4,2e-4";
    double worst[32];
    char b[32];
    memset(&src, 0, sizeof src); memset(&train, 0, sizeof train);
    while (*p) {   /* the rates */
        char *end;
        double x = strtod(p, &end);
        if (end == p || !(x > 0 && x < 10) || nr == 32) return usage_error("--rates '%s': expected up to 32 numbers in (0, 10), comma-separated", o->rates);
        rates[nr++] = x;
        p = end;
        if (*p == ',') p++;
        else if (*p) return usage_error("--rates '%s': unexpected '%c'", o->rates, *p);
    }
    if ((rc = open_training(o, &src, &train)) != EXIT_OK) goto done;
    K = label_count(&train);
    if (K > PRUNE_MAX_CLASSES) { rc = fail("%s has %d classes: the probe judges learning per class, for at most %d", o->train, K, PRUNE_MAX_CLASSES); goto done; }
    n = train.ds.n < o->examples ? train.ds.n : o->examples;
    /* the slice: the first n of a random order of the whole set (the library's), ascending */
    if (!(idx = (int64_t *)malloc(sizeof *idx * (size_t)train.ds.n))) { rc = fail("out of memory"); goto done; }
    if (prune_order(&train.ds, PRUNE_ORDER_RANDOM, o->seed, o->batch, o->max_len, idx, &err0) != PRUNE_OK) { rc = fail("%s", err0.msg); goto done; }
    qsort(idx, (size_t)n, sizeof *idx, i64_cmp);
    note(o, "probe: %d learning rates x %d seed%s, each the first epoch of a %d-epoch run on %lld of the %lld examples\n", nr, seeds,
         seeds == 1 ? "" : "s", o->epochs, (long long)n, (long long)train.ds.n);
    for (k = 0; k < nr * seeds && rc == EXIT_OK; k++) {   /* rate k / seeds with the seed of phase-1 run k % seeds */
        opts t = *o;
        prune_model m;
        prune_scores rec;
        prune_finetune_desc fd;
        prune_epoch_health eh;
        prune_error err;
        progress pg;
        uint64_t seed = o->seed + (uint64_t)(k % seeds);
        int r = k / seeds;
        t.lr = rates[r];
        if ((rc = build_model(&t, &src, K, o->seed, seed, 1, 1, &m, NULL)) != EXIT_OK) break;
        if (prune_scores_init(&rec, 1, 1, 1, n, &err) != PRUNE_OK) { prune_model_free(&m); rc = fail("%s", err.msg); break; }
        fd = finetune_desc(&t, &src, &train.ds, seed);
        fd.subset = idx; fd.subset_n = n; fd.records = &rec;
        /* the first epoch of a phase-1 run's schedule: warm-up, then decay over --epochs */
        fd.epochs = 1;
        fd.optim.total_steps = (long)((n + o->batch - 1) / o->batch) * o->epochs;
        memset(&pg, 0, sizeof pg);
        pg.quiet = o->quiet; pg.tty = isatty(STDERR_FILENO); pg.step0 = -1;
        snprintf(pg.label, sizeof pg.label, "probe lr %g seed %llu", rates[r], (unsigned long long)seed);
        fd.user = &pg;
        if (prune_finetune(&m, &fd, &err) != PRUNE_OK) rc = fail("lr %g: %s", rates[r], err.msg);
        else if (prune_epoch_health_compute(&rec, 0, 0, NULL, 0, &eh, &err) != PRUNE_OK) rc = fail("%s", err.msg);
        else {
            if (k == 0) {
                printf("probe: %lld of %lld examples, the first epoch of %d at each rate, batch %d, seed%s %llu", (long long)n, (long long)train.ds.n,
                       o->epochs, o->batch, seeds == 1 ? "" : "s", (unsigned long long)o->seed);
                if (seeds > 1) printf("..%llu (phase-1 runs 0..%d)", (unsigned long long)(o->seed + (uint64_t)seeds - 1), seeds - 1);
                printf("; always answering the majority class: %.1f%%\n%9s %5s %7s", 100 * eh.majority, "lr", "seed", "right");
                for (c = 0; c < K; c++) printf(" %12.12s", class_name(&train, c, b, sizeof b));
                printf("   (recall / predicted, epoch 1)  verdict\n");
            }
            printf("%9g %5llu %6.1f%%", rates[r], (unsigned long long)seed, 100 * eh.accuracy);
            for (c = 0; c < K; c++) printf("    %3.0f%%/%3.0f%%", eh.recall[c] < 0 ? 0 : 100 * eh.recall[c], 100 * eh.predicted[c]);
            printf("   %s\n", verdict(eh.flags));
            fflush(stdout);
            if (k % seeds == 0) { worst[r] = eh.accuracy; learned[r] = 0; }
            if (eh.accuracy < worst[r]) worst[r] = eh.accuracy;
            learned[r] += !eh.flags;
            /* a rate counts when it learned with every seed; the best has the highest worst-seed accuracy */
            if (k % seeds == seeds - 1 && learned[r] == seeds && (best < 0 || worst[r] > worst[best])) best = r;
        }
        prune_scores_free(&rec);
        prune_model_free(&m);
    }
    if (rc == EXIT_OK) {
        if (best >= 0)
            printf("suggested: --lr %g (the highest training accuracy in epoch 1 among the rates that learned%s)\n", rates[best],
                   seeds > 1 ? " with every seed; for a rate, its worst seed's" : "");
        else
            rc = fail("none of these rates learned in the first epoch on %lld examples%s: try higher --rates or more --examples, "
                      "or check the labels", (long long)n, seeds > 1 ? " with every seed" : "");
    }
done:
    free(idx);
    data_free(&train);
    source_free(&src);
    return rc;
}

static int cmd_merge(opts *o) {
    char **found = NULL, out[1100];
    int count = 0, k, rc;
    if (o->npos == 1 && is_dir(o->pos[0])) {
        if (scores_in_dir(o->pos[0], &found, &count) != EXIT_OK) return EXIT_FAIL;
        if (o->out) snprintf(out, sizeof out, "%s", o->out);
        else join(out, sizeof out, o->pos[0], "merged.scores");
        rc = do_merge((const char *const *)found, count, out, stdout, 1);
        for (k = 0; k < count; k++) free(found[k]);
        free(found);
        return rc;
    }
    for (k = 0; k < o->npos; k++)   /* a typo in a name says so, not "-o is required" */
        if (!file_exists(o->pos[k]) && !is_dir(o->pos[k])) return fail("%s: no such file or directory", o->pos[k]);
    if (!o->out) return usage_error("-o FILE is required when merging files (with one DIRECTORY it defaults to DIRECTORY/merged.scores)");
    return do_merge(o->pos, o->npos, o->out, stdout, 1);
}

static int cmd_select(opts *o) {
    source src;
    data train;
    int rc, have_model = o->model || o->scratch || o->vocab;
    memset(&src, 0, sizeof src); memset(&train, 0, sizeof train);
    if ((rc = need(o, O_TRAIN)) != EXIT_OK || (rc = need(o, O_OUT)) != EXIT_OK) return rc;
    if (have_model) {
        opts t = *o;
        if (!o->model && !o->scratch) { t.scratch = "1,1,1,1"; t.sl = t.sh = t.snh = t.sf = 1; }
        if (open_source(&t, &src, 0) != EXIT_OK) { source_free(&src); return EXIT_FAIL; }
    }
    if ((rc = load_data(o, have_model ? &src : NULL, o->train, NULL, &train)) == EXIT_OK)
    {
        selection sel;
        rc = do_select(o, o->pos[0], &train, o->out, o->baselines ? (1u << PRUNE_BASELINE_COUNT) - 1 : 0, 0, stdout, &sel);
        if (rc == EXIT_OK) free(sel.rows);
    }
    data_free(&train);
    source_free(&src);
    return rc;
}

/* report: what select writes, and the page */
static int cmd_report(opts *o) {
    o->report = 1;
    return cmd_select(o);
}

static int cmd_train(opts *o) {
    source src;
    data train, dev;
    int64_t *subset = NULL, n = 0;
    prune_metrics m;
    int rc;
    memset(&src, 0, sizeof src); memset(&train, 0, sizeof train); memset(&dev, 0, sizeof dev);
    if ((rc = open_training(o, &src, &train)) != EXIT_OK) goto done;
    if (o->rows && (rc = read_rows(o->rows, &train.ds, &subset, &n)) != EXIT_OK) goto done;
    if (o->dev && (rc = load_data(o, &src, o->dev, &train.names, &dev)) != EXIT_OK) goto done;
    if (!o->dev && !o->out) note(o, "warning: neither --dev nor --out: the model is trained, then thrown away\n");
    rc = train_and_eval(o, &src, &train, subset, n, o->dev ? &dev : NULL, o->seed + PHASE2_SEED_OFFSET, o->rows ? o->rows : "full set",
                        o->out, NULL, &m, NULL);
    if (rc == EXIT_OK && o->dev) {
        print_metrics_header(stdout);
        print_metrics(stdout, o->rows ? o->rows : "full", subset ? n : train.ds.n, train.ds.n, &m);
    }
done:
    free(subset);
    data_free(&dev);
    data_free(&train);
    source_free(&src);
    return rc;
}

static int cmd_evaluate(opts *o) {
    source src;
    data dev;
    prune_model m;
    prune_labels map;
    prune_metrics met;
    prune_squad_answers answers;
    prune_error err;
    int32_t *pred = NULL;
    float *probs = NULL;
    char path[1100];
    int rc, K;
    memset(&src, 0, sizeof src); memset(&dev, 0, sizeof dev); memset(&map, 0, sizeof map); memset(&answers, 0, sizeof answers);
    if (!o->set[O_DEV_ARTICLES]) { o->dev_articles[0] = o->articles[0]; o->dev_articles[1] = o->articles[1]; }   /* evaluate: --articles is the data's */
    if ((rc = need(o, O_MODEL)) != EXIT_OK || (rc = need(o, O_DEV)) != EXIT_OK) return rc;
    if (open_source(o, &src, 0) != EXIT_OK) { source_free(&src); return EXIT_FAIL; }
    join(path, sizeof path, o->model, "labels.tsv");   /* written by prune train */
    if (!o->labels && file_exists(path) && prune_labels_read(&map, path, &err) != PRUNE_OK) { rc = fail("%s", err.msg); goto done; }
    if ((rc = load_data(o, &src, o->dev, &map, &dev)) != EXIT_OK) goto done;
    if (dev.task != src.cfg.head) {
        rc = fail("%s holds %s, but %s is a %s model", o->dev, dev.task == PRUNE_HEAD_SPAN ? "SQuAD questions" : dev.task == PRUNE_HEAD_CHOICE ? "multiple-choice questions" : "classes",
                  o->model, src.cfg.head == PRUNE_HEAD_SPAN ? "question-answering" : src.cfg.head == PRUNE_HEAD_CHOICE ? "multiple-choice" : "classification");
        goto done;
    }
    K = dev.task == PRUNE_HEAD_CLASSIFY ? src.info.num_labels : label_count(&dev);
    if ((rc = build_model(o, &src, dev.task == PRUNE_HEAD_CLASSIFY ? K : src.info.num_labels, o->seed, o->seed, 0, 0, &m, NULL)) != EXIT_OK) goto done;
    if (prune_dataset_check(&dev.ds, m.desc.config.vocab_size, K, &err) != PRUNE_OK) rc = fail("%s: %s", o->dev, err.msg);
    else if (!(pred = (int32_t *)malloc(sizeof *pred * (size_t)dev.ds.n))) rc = fail("out of memory");
    else if (o->predictions && dev.task != PRUNE_HEAD_SPAN && !(probs = (float *)malloc(sizeof *probs * (size_t)dev.ds.n * (size_t)K))) rc = fail("out of memory");
    else rc = eval_dev(o, &src, &m, &dev, pred, probs, dev.task == PRUNE_HEAD_SPAN ? &answers : NULL, &met);
    if (rc == EXIT_OK && o->predictions && dev.task == PRUNE_HEAD_SPAN) {   /* SQuAD: id, answer, null score - best */
        prune_file a;
        int64_t i;
        if ((rc = af_open(&a, o->predictions)) == EXIT_OK) {
            fprintf(a.f, "id\tanswer\tnull_diff\tgold\n");
            for (i = 0; i < answers.n; i++) {
                const prune_squad_question *q = &dev.sq.q[answers.q0 + i];
                const char *t;
                fprintf(a.f, "%s\t", q->id);
                for (t = answers.text[i]; *t; t++) fputc(*t == '\t' || *t == '\n' ? ' ' : *t, a.f);
                fprintf(a.f, "\t%.6g\t", answers.null_diff[i]);
                for (t = q->nanswers ? q->answers[0] : ""; *t; t++) fputc(*t == '\t' || *t == '\n' ? ' ' : *t, a.f);
                fputc('\n', a.f);
            }
            rc = af_commit(&a);
        }
    }
    if (answers.mem) prune_squad_answers_free(&answers);
    if (rc == EXIT_OK && o->predictions && dev.task != PRUNE_HEAD_SPAN) {
        prune_file a;
        int64_t i;
        if ((rc = af_open(&a, o->predictions)) == EXIT_OK) {
            int c;
            char b1[16], b2[16];
            /* row, gold, predicted as ever; then the names and every class's probability */
            fprintf(a.f, "row\tgold\tpredicted\tgold_name\tpredicted_name");
            for (c = 0; c < K; c++) fprintf(a.f, "\tp_%s", class_name(&dev, c, b1, sizeof b1));
            fputc('\n', a.f);
            for (i = 0; i < dev.ds.n; i++) {
                fprintf(a.f, "%lld\t%d\t%d\t%s\t%s", (long long)dev.ds.rows[i], dev.ds.labels[i], pred[i],
                        class_name(&dev, dev.ds.labels[i], b1, sizeof b1), class_name(&dev, pred[i], b2, sizeof b2));
                for (c = 0; c < K; c++) fprintf(a.f, "\t%.6f", probs[(size_t)i * (size_t)K + (size_t)c]);
                fputc('\n', a.f);
            }
            rc = af_commit(&a);
        }
    }
    if (rc == EXIT_OK) {
        const char *const *mn = METRIC_NAMES[g_span];
        printf("%-24s %9s %9s %9s %9s %9s\n", "dev set", g_span ? "questions" : "examples", mn[0], mn[1], mn[2], mn[3]);
        printf(g_span ? "%-24s %9lld %9.2f %9.2f %9.2f %9.2f\n" : "%-24s %9lld %9.4f %9.4f %9.4f %9.4f\n", o->dev, (long long)met.n, met.accuracy,
               met.macro_f1, met.mcc, met.loss);
    }
    free(pred);
    free(probs);
    prune_model_free(&m);
done:
    prune_labels_free(&map);
    data_free(&dev);
    source_free(&src);
    return rc;
}

/* The sets a comparison trains on by default: the full set, every subset of the
   family and a random and an ambiguous subset of each one's size (with
   --class-aware, the class-aware subsets too). */
#define COMPARE_BASELINES ((1u << PRUNE_BASELINE_RANDOM) | (1u << PRUNE_BASELINE_AMBIGUOUS))

static int cmd_compare(opts *o) {
    source src;
    data train, dev;
    selection sel;
    char seldir[1100];
    int rc;
    memset(&src, 0, sizeof src); memset(&train, 0, sizeof train); memset(&dev, 0, sizeof dev); memset(&sel, 0, sizeof sel);
    if ((rc = need(o, O_SCORES)) != EXIT_OK || (rc = need(o, O_DEV)) != EXIT_OK || (rc = need(o, O_OUT)) != EXIT_OK) return rc;
    if ((rc = open_training(o, &src, &train)) != EXIT_OK) goto done;
    if ((rc = load_data(o, &src, o->dev, &train.names, &dev)) != EXIT_OK) goto done;
    join(seldir, sizeof seldir, o->out, "select");
    if ((rc = do_select(o, o->scores, &train, seldir, o->baselines ? (1u << PRUNE_BASELINE_COUNT) - 1 : COMPARE_BASELINES, 0, stdout, &sel)) != EXIT_OK)
        goto done;
    fputc('\n', stdout);
    rc = run_compare(o, &src, &train, &dev, &sel, o->out, o->seeds, o->sets, 0, stdout);
done:
    free(sel.rows);
    data_free(&dev);
    data_free(&train);
    source_free(&src);
    return rc;
}

static int cmd_pipeline(opts *o) {
    source src;
    data train, dev;
    selection sel;
    char p1[1100], merged[1100], seldir[1100], p2[1100], took[32];
    char **found = NULL;
    int count = 0, k, rc;
    double t0 = now_s();
    memset(&src, 0, sizeof src); memset(&train, 0, sizeof train); memset(&dev, 0, sizeof dev); memset(&sel, 0, sizeof sel);
    if ((rc = need(o, O_OUT)) != EXIT_OK || (rc = need(o, O_DEV)) != EXIT_OK) return rc;
    if (o->set[O_SEEDS] && !o->compare) return usage_error("--seeds applies to --compare (without it, phase 2 trains once per set)");
    if ((rc = open_training(o, &src, &train)) != EXIT_OK) goto done;
    if ((rc = load_data(o, &src, o->dev, &train.names, &dev)) != EXIT_OK) goto done;
    join(p1, sizeof p1, o->out, "phase1");
    join(merged, sizeof merged, o->out, "merged.scores");
    join(seldir, sizeof seldir, o->out, "select");
    join(p2, sizeof p2, o->out, "phase2");

    note(o, "== phase 1: %d runs x %d epochs on %lld examples\n", o->runs, o->epochs, (long long)train.ds.n);
    if ((rc = run_phase1(o, &src, &train, p1, 0, o->runs - 1, stderr)) != EXIT_OK) goto done;
    if ((rc = scores_in_dir(p1, &found, &count)) != EXIT_OK) goto done;
    rc = do_merge((const char *const *)found, count, merged, stderr, 0);   /* select shows the health */
    for (k = 0; k < count; k++) free(found[k]);
    free(found);
    if (rc != EXIT_OK) goto done;

    note(o, "== select\n");
    if ((rc = do_select(o, merged, &train, seldir, o->baselines ? (1u << PRUNE_BASELINE_COUNT) - 1 : o->compare ? COMPARE_BASELINES : 0,
                        !o->compare, stdout, &sel)) != EXIT_OK)
        goto done;
    fputc('\n', stdout);
    fflush(stdout);
    /* phase 2: the paper's comparison with --compare; else full / ticket / random,
       one seed, the models saved */
    if (o->compare) rc = run_compare(o, &src, &train, &dev, &sel, p2, o->seeds, o->sets, 0, stdout);
    else {
        char list[128] = "full";
        static const char *const want[3] = {"ticket", "ticket.random", "ticket.class"};
        int w, r;
        for (w = 0; w < 3; w++)
            for (r = 0; r < sel.nrows; r++)
                if (strcmp(sel.rows[r].name, want[w]) == 0 && sel.rows[r].n > 0) { strcat(list, ","); strcat(list, want[w]); }
        if (strcmp(list, "full") == 0 && !o->sets)
            note(o, "the winning ticket is empty: every example has H = 0 or H = %d; phase 2 trains on the full set only\n", o->runs);
        rc = run_compare(o, &src, &train, &dev, &sel, p2, 1, o->sets ? o->sets : list, 1, stdout);
    }
    if (rc != EXIT_OK) goto done;
    fmt_duration(now_s() - t0, took, sizeof took);
    note(o, "pipeline: done in %s; everything is in %s/ (phase-2 results: %s/results.tsv)\n", took, o->out, p2);
done:
    free(sel.rows);
    data_free(&dev);
    data_free(&train);
    source_free(&src);
    return rc;
}

/* ============================================================================
   The command table and main
   ========================================================================= */

#define TRAIN_OPTS O_EPOCHS, O_LR, O_BATCH, O_MAX_LEN, O_WARMUP, O_WD, O_DROPOUT, O_SEED, O_ORDER, O_RESHUFFLE
#define TSV_OPTS O_VOCAB, O_CASED, O_UNCASED, O_LABELS, O_TEXT_A, O_TEXT_B, O_LABEL_COL, O_FORMAT, O_QUOTING, O_NO_HEADER, O_DROP_LABEL, \
    O_TASK, O_STRIDE, O_ARTICLES, O_DEV_ARTICLES, O_MAX_LEN, O_UNIT   /* and how to read RACE and SQuAD */
#define COMMON_OPTS O_THREADS, O_QUIET, O_HELP

static const int OPTS_TOKENIZE[] = {O_MODEL, TSV_OPTS, O_OUT, O_TEXT, O_QUIET, O_HELP, -1};
static const int OPTS_PHASE1[] = {O_MODEL, O_SCRATCH, O_TRAIN, O_OUT, O_RUNS, O_RUN, TRAIN_OPTS, O_EL2N_PASS, O_FORCE, TSV_OPTS, COMMON_OPTS, -1};
static const int OPTS_MERGE[] = {O_OUT, O_QUIET, O_HELP, -1};
static const int OPTS_SELECT[] = {O_TRAIN, O_OUT, O_REMOVE, O_BASELINES, O_CLASS_AWARE, O_RECORDS, O_REPORT, O_FORCE, O_SEED, O_MODEL, TSV_OPTS, O_QUIET,
                                  O_HELP, -1};
static const int OPTS_COMPARE[] = {O_MODEL, O_SCRATCH, O_TRAIN, O_DEV, O_SCORES, O_OUT, O_SEEDS, O_SETS, O_ADD, O_CLASS_AWARE, O_BASELINES,
                                   O_REMOVE, O_FORCE, O_RUNS, TRAIN_OPTS, TSV_OPTS, COMMON_OPTS, -1};
static const int OPTS_TRAIN[] = {O_MODEL, O_SCRATCH, O_TRAIN, O_ROWS, O_DEV, O_OUT, TRAIN_OPTS, TSV_OPTS, COMMON_OPTS, -1};
static const int OPTS_EVALUATE[] = {O_MODEL, O_DEV, O_PREDICTIONS, O_BATCH, O_MAX_LEN, TSV_OPTS, COMMON_OPTS, -1};
static const int OPTS_PIPELINE[] = {O_MODEL, O_SCRATCH, O_TRAIN, O_DEV, O_OUT, O_RUNS, TRAIN_OPTS, O_EL2N_PASS, O_REMOVE, O_BASELINES, O_RECORDS, O_REPORT,
                                    O_FORCE, O_CLASS_AWARE, O_COMPARE, O_SEEDS, O_SETS, O_ADD, TSV_OPTS, COMMON_OPTS, -1};
static const help_override HELP_COMPARE[] = {
    {O_OUT, "the directory of everything: select/, units/, results.tsv, units.tsv, the plots"},
    {O_SEED, "base seed (default 42): the random baselines use S, phase-2 training j uses S+100+j"},
    {O_BASELINES, "every baseline at every subset's size (default: random and ambiguous only)"},
    {-1, NULL}};

static const int OPTS_PROBE[] = {O_MODEL, O_SCRATCH, O_TRAIN, O_RATES, O_EXAMPLES, O_SEEDS, O_EPOCHS, O_BATCH, O_MAX_LEN, O_WARMUP, O_WD,
                                 O_DROPOUT, O_SEED, O_ORDER, TSV_OPTS, COMMON_OPTS, -1};
static const help_override HELP_PROBE[] = {
    {O_EPOCHS, "epochs of the phase-1 run whose schedule (warm-up, decay) the probe follows through\n"
               "its first epoch (default 3)"},
    {O_SEED, "seed of the slice, the head, dropout and order (default 42, as phase-1 run 0)"},
    {O_SEEDS, "try each rate with the seeds of phase-1 runs 0..N-1 (S..S+N-1; default 1): a rate\n"
              "counts only if it learned with every one. On a slice a seed's order is not its run's;\n"
              "with --examples covering the training set, each is exactly that run's first epoch"},
    {-1, NULL}};
static const help_override HELP_TOKENIZE[] = {
    {O_OUT, "the dataset to write (default: IN.tsv -> IN.bin, or IN.ids.tsv with --text);\n"
            "its label map goes to OUT.labels.tsv"},
    {O_LABELS, "use this label map (the training set's, for a dev set) instead of building one"},
    {O_MODEL, "take vocab.txt (and do_lower_case) from this checkpoint directory"},
    {-1, NULL}};
static const help_override HELP_PHASE1[] = {
    {O_OUT, "the directory of the score files (created if missing)"},
    {-1, NULL}};
static const help_override HELP_MERGE[] = {
    {O_OUT, "the merged score file (default with one DIR: DIR/merged.scores)"},
    {-1, NULL}};
static const help_override HELP_SELECT[] = {
    {O_TRAIN, "the training set phase 1 ran on (its rows name the examples)"},
    {O_OUT, "the directory of the row files, summary and histogram (created if missing)"},
    {O_SEED, "seed of the random baseline (default 42)"},
    {O_MODEL, "only to tokenize a TSV --train as phase 1 did: take vocab.txt from here"},
    {-1, NULL}};
static const help_override HELP_TRAIN[] = {
    {O_OUT, "save the fine-tuned model to this directory (Hugging Face format)"},
    {O_SEED, "base seed (default 42); phase 2 trains with S+100, a seed no phase-1 run used"},
    {-1, NULL}};
static const help_override HELP_EVALUATE[] = {
    {O_MODEL, "the fine-tuned checkpoint to evaluate (config.json, model.safetensors)"},
    {O_DEV, "the data to evaluate on"},
    {O_BATCH, "examples per forward pass (default 32)"},
    {O_MAX_LEN, "tokens per example, [CLS]/[SEP] included (default 128, or the model's\n"
                "positions if fewer)"},
    {-1, NULL}};
static const help_override HELP_PIPELINE[] = {
    {O_OUT, "the directory of everything: phase1/, merged.scores, select/, phase2/ (with results.tsv)"},
    {O_SEEDS, "with --compare: phase-2 trainings per set, seeds S+100 .. S+100+N-1 (default 3)"},
    {-1, NULL}};

static const command COMMANDS[] = {
    {"tokenize", "a TSV, CSV or JSON Lines file -> a tokenized dataset and its label map",
     "(--vocab FILE | --model DIR) [options] IN",
     "Tokenizes the text columns of a table (TSV, CSV or JSON Lines), as Hugging Face's tokenizer does, into\n"
     "a binary dataset (IN.bin; --text: IN.ids.tsv with label<TAB>ids lines) and writes its label map\n"
     "next to it (OUT.labels.tsv, id<TAB>name). Integer labels keep their values; string labels are\n"
     "numbered in byte order. Tokenize a dev set with --labels TRAIN_OUT.labels.tsv so both agree.\n",
     OPTS_TOKENIZE, 1, 1, cmd_tokenize, HELP_TOKENIZE},
    {"probe", "find a learning rate at which phase 1 learns, cheaply",
     "(--model DIR | --scratch L,H,NH,F) --train DATA [--rates LIST] [--examples N] [options]",
     "Fine-tunes a fresh start at each rate (default 1e-5,2e-5,5e-5,1e-4,2e-4) on the same random slice\n"
     "of the training set (--examples, default 2000) for one epoch, with the warm-up and decay of a\n"
     "phase-1 run of --epochs (default 3), and prints, for each, the training accuracy of that epoch,\n"
     "every class's recall and predicted share, and whether it learned by the test phase 1 applies to\n"
     "its runs: accuracy clearly above always answering the majority class, and no class (almost)\n"
     "never predicted. --seeds N tries each rate with the seeds of phase-1 runs 0..N-1. Suggests the\n"
     "rate with the highest accuracy among those that learned (with every seed); exit 1 if none did.\n"
     "A slice's epoch has far fewer steps than the whole training set's: a rate that learns here\n"
     "learns in phase 1, not always the other way round.\n",
     OPTS_PROBE, 0, 0, cmd_probe, HELP_PROBE},
    {"phase1", "fine-tune R times and record every example in every epoch",
     "(--model DIR | --scratch L,H,NH,F) --train DATA --out DIR [--run K] [options]",
     "Phase 1: R fine-tuning runs (seeds S..S+R-1) from the same starting model, each recording for\n"
     "every training example, in every epoch, whether the training forward pass got it right (and its\n"
     "gold probability, loss and EL2N). Run K writes DIR/run-K.scores, one fsynced block per finished\n"
     "epoch, and DIR/run-K.state (the model after that epoch; removed when the run is done). Killed,\n"
     "the same command continues from the last finished epoch and writes the same bytes. --run K does\n"
     "one run, so runs can go to different machines; then 'prune merge'. Files of another dataset or\n"
     "configuration in DIR are refused, never mixed; a run already running elsewhere is refused too.\n"
     "After every epoch it prints the run's training accuracy, each class's recall and predicted share.\n"
     "A run whose first epoch did not learn (accuracy not clearly above the majority class, or a class\n"
     "almost never predicted) stops phase 1 with exit 1 and a warning: its H-scores would be meaningless.\n"
     "Find a rate that learns with 'prune probe'; --force goes on anyway.\n",
     OPTS_PHASE1, 0, 0, cmd_phase1, HELP_PHASE1},
    {"merge", "per-run score files -> one merged score file",
     "[-o OUT] (DIR | FILE...)",
     "Merges the per-run score files of phase 1 (all of DIR/run-K.scores, or the FILEs) into one file:\n"
     "OUT, default DIR/merged.scores. Refuses, naming the files, any mix of training sets or\n"
     "configurations, a run that is missing, unfinished or present twice.\n",
     OPTS_MERGE, 1, 64, cmd_merge, HELP_MERGE},
    {"select", "H-scores, histogram, the subsets' row files, baselines",
     "MERGED.scores --train DATA --out DIR [--remove LIST]... [--baselines] [options]",
     "Computes every example's H-score, the number of runs in which it was right in every epoch (0..R),\n"
     "prints their histogram and writes it as DIR/histogram.svg, writes DIR/h.tsv (row, label, H, then\n"
     "label_name, pred, pred_name, confidence, variability, correct, forgetting, text_a, text_b: see\n"
     "README), and\n"
     "one row file per subset, DIR/NAME.rows: the rows of your training file it keeps, one per line,\n"
     "ascending. The subsets are the paper's family, named by the H values they remove: 'ticket' (the\n"
     "winning ticket, removing H = 0 and H = R), then subset-2, subset-3, ...; --remove adds your own\n"
     "(user-1, ...). --baselines adds NAME.BASELINE.rows for every baseline at every subset's size;\n"
     "--class-aware adds NAME.class.rows, the same H values removed with H measured within each class.\n"
     "First it shows how every run of phase 1 learned (training accuracy per epoch) and refuses (exit 1)\n"
     "to write subsets from runs that did not learn, and to hand out a winning ticket that lost a class,\n"
     "unless --force. The histogram is also shown per class; the summary table (stdout and\n"
     "DIR/summary.tsv) gives every set's size and class mix. --train must be the training set phase 1\n"
     "used (checked by its hash); a TSV needs --model or --vocab to be tokenized the same way.\n"
     "--report also writes DIR/report.html (see 'prune report').\n",
     OPTS_SELECT, 1, 1, cmd_select, HELP_SELECT},
    {"report", "select's outputs and DIR/report.html, a page to look at what was pruned",
     "MERGED.scores --train DATA --out DIR [select's options]",
     "Does what select does (the same checks, the same files) and writes DIR/report.html, one\n"
     "self-contained page (no network, no external script or font) that any browser opens: phase 1's\n"
     "health per run and epoch, the H histogram per class, the data map (every example's mean gold\n"
     "probability against its variability over runs and epochs, coloured by H, as dataset cartography\n"
     "draws it), every subset's size and class mix, and every example - text, label, the class the runs\n"
     "predicted most, confidence, variability, forgetting events, H - sortable and filterable by H, label\n"
     "and text, the probably mislabelled first (H = 0, another class predicted most, gold probability\n"
     "below 0.3). Give --train as the TSV (not tokenized) to have the texts.\n",
     OPTS_SELECT, 1, 1, cmd_report, HELP_SELECT},
    {"train", "phase 2: fine-tune on a subset's rows, evaluate, save",
     "(--model DIR | --scratch L,H,NH,F) --train DATA [--rows FILE] [--dev DATA] [--out DIR] [options]",
     "Phase 2: fine-tunes a fresh start (head from seed S+100, a seed phase 1 never used) on the rows of\n"
     "--rows (a select row file; default all), prints dev metrics with --dev, and saves the model to\n"
     "--out as a Hugging Face directory (config.json with id2label, model.safetensors, the tokenizer\n"
     "files, labels.tsv) that 'prune evaluate' and transformers' from_pretrained load.\n",
     OPTS_TRAIN, 0, 0, cmd_train, HELP_TRAIN},
    {"evaluate", "accuracy, macro-F1 and MCC of a saved model on a dev set",
     "--model DIR --dev DATA [--predictions FILE] [options]",
     "Evaluates a fine-tuned checkpoint (one 'prune train' saved, or any BertForSequenceClassification\n"
     "directory) on DATA: accuracy, macro-F1, Matthews correlation (multi-class R_K) and mean loss.\n"
     "A TSV's string labels use the model's labels.tsv (or --labels). A ...ForMultipleChoice model on\n"
     "RACE questions: the same, over the options. A ...ForQuestionAnswering model on a SQuAD file\n"
     "(--articles A-B: part of it): answers as utils_qa.py makes them (20 best starts and ends, at\n"
     "most 30 tokens, null threshold 0), scored by the official SQuAD 2.0 metric: exact match, F1,\n"
     "and F1 on the questions with and without an answer, in percent; --predictions writes each\n"
     "question's id, answer, null score difference and first gold answer.\n",
     OPTS_EVALUATE, 0, 0, cmd_evaluate, HELP_EVALUATE},
    {"compare", "phase 2 on every subset and baseline, several seeds: the paper's comparison",
     "(--model DIR | --scratch L,H,NH,F) --train DATA --dev DATA --scores MERGED.scores --out DIR [options]",
     "Selects as 'prune select' does (into DIR/select; refused if phase 1 did not learn or the winning\n"
     "ticket lost a class, unless --force; with --class-aware a lost class is only a warning),\n"
     "then fine-tunes a fresh start on each set and evaluates it on --dev, --seeds times (default 3):\n"
     "by default the full set, every subset of the family, and a random and an ambiguous subset of\n"
     "each one's size; --class-aware adds the class-aware subsets, --baselines every baseline, --add\n"
     "NAME=FILE any rows file, --sets LIST keeps only the named sets. Training j of a set uses seed\n"
     "S+100+j (S = --seed, default 42: seeds 142, 143, 144), the same seeds for every set, none a\n"
     "phase-1 run used; the random baselines are drawn with S. Every (set, seed) training is kept in\n"
     "DIR/units/ once done: the same command after a crash trains only what is missing. Prints a table\n"
     "of each set's size, class mix and dev accuracy, macro-F1 and MCC as mean \xC2\xB1 std over the seeds\n"
     "(sample std), and writes DIR/results.tsv, DIR/units.tsv (every training) and the metric against\n"
     "subset size, one line per method: DIR/compare-accuracy.svg and DIR/compare-mcc.svg.\n"
     "Use the training options phase 1 used (--lr, --batch, --order ...).\n",
     OPTS_COMPARE, 0, 0, cmd_compare, HELP_COMPARE},
    {"pipeline", "all of it: phase 1, merge, select, phase 2 on full / ticket / random",
     "(--model DIR | --scratch L,H,NH,F) --train DATA --dev DATA --out DIR [options]",
     "Phase 1 into DIR/phase1, merge into DIR/merged.scores, select into DIR/select, then phase 2 (seed\n"
     "S+100) on the full training set, the winning ticket, a random subset of the ticket's size (and\n"
     "with --class-aware the class-aware ticket), each evaluated on --dev and saved under DIR/phase2/.\n"
     "Prints the histogram, the subset table and\n"
     "the dev metrics (also DIR/phase2/results.tsv). With --compare, phase 2 is 'prune compare': every\n"
     "subset, random and ambiguous baselines, --seeds seeds (S+100, S+101, ...), models not saved.\n"
     "Stops where phase 1 did not learn (see phase1), unless --force. Rerun after a crash: finished\n"
     "work is kept.\n",
     OPTS_PIPELINE, 0, 0, cmd_pipeline, HELP_PIPELINE},
};
#define NCOMMANDS ((int)(sizeof COMMANDS / sizeof *COMMANDS))

static void print_tool_help(FILE *f) {
    int k;
    fprintf(f,
            "usage: prune COMMAND [options]      prune COMMAND --help for its options\n\n"
            "Automatic pruning of fine-tuning datasets for BERT, RoBERTa and OPT (Tayaranian et al., CoLLAs\n"
            "2024), on the CPU: classification, multiple choice (RACE) and extractive QA (SQuAD). Phase 1\n"
            "fine-tunes R times and records, for every example, whether each epoch's training forward pass\n"
            "got it right; an example's H-score is the number of runs in which it was right in every epoch.\n"
            "The winning ticket keeps 0 < H < R. Phase 2 fine-tunes on it.\n"
            "Every command that reads phase 1's records says when a run did not learn the task.\n\n"
            "commands:\n");
    for (k = 0; k < NCOMMANDS; k++) fprintf(f, "  %-10s %s\n", COMMANDS[k].name, COMMANDS[k].summary);
    fprintf(f,
            "\n%s"
            "Defaults are the paper's: lr 2e-5, batch 32, max length 128, R 6 runs, E 3 epochs, seed 42;\n"
            "warm-up ratio 0.1 (BERT's), weight decay 0.01, AdamW, gradient clipping at 1.0.\n"
            "Results are the same bits on any number of threads. Progress goes to stderr (a bar on a\n"
            "terminal, a line per epoch otherwise), results to stdout, every file is written atomically.\n\n"
            "example:\n"
            "  prune pipeline --model all-MiniLM-L6-v2/ --train sst2/train.tsv --dev sst2/dev.tsv --out sst2-run\n\n"
            "%s",
            DATA_HELP, EXIT_HELP);
}

/* The authors' lengths for the other tasks, unless --max-len says otherwise: 384 tokens
   for SQuAD (run_qa.py), 512 for RACE (run_race.py: the model's limit); cut later to
   the model's positions */
static void task_defaults(opts *o) {
    const char *p = o->train ? o->train : o->dev;
    char head[4096];
    size_t k = 0;
    FILE *f;
    int task;
    if (o->set[O_MAX_LEN] || !p) return;
    if (!is_dir(p) && (f = fopen(p, "rb")) != NULL) { k = fread(head, 1, sizeof head, f); fclose(f); }
    task = detect_task(o, p, head, k);
    if (task == PRUNE_HEAD_SPAN) o->max_len = 384;
    else if (task == PRUNE_HEAD_CHOICE) o->max_len = 512;
}

int main(int argc, char **argv) {
    int k, rc;
    opts o;
    static char name[64];
    if (argc < 2) { print_tool_help(stderr); return EXIT_USAGE; }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        if (strcmp(argv[1], "help") == 0 && argc > 2)
            for (k = 0; k < NCOMMANDS; k++)
                if (strcmp(argv[2], COMMANDS[k].name) == 0) { print_help(&COMMANDS[k]); return EXIT_OK; }
        print_tool_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) { printf("prune 0.1 (prune.h, %s floats)\n", sizeof(prune_float) == 4 ? "32-bit" : "64-bit"); return EXIT_OK; }
    for (k = 0; k < NCOMMANDS; k++)
        if (strcmp(argv[1], COMMANDS[k].name) == 0) {
            snprintf(name, sizeof name, "prune %s", COMMANDS[k].name);
            g_cmd = name;
            if ((rc = parse_args(&COMMANDS[k], argc - 2, argv + 2, &o)) != EXIT_OK) return rc;
            task_defaults(&o);
            return COMMANDS[k].run(&o);
        }
    fprintf(stderr, "prune: unknown command '%s' (see 'prune --help')\n", argv[1]);
    return EXIT_USAGE;
}
