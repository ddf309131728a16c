/* examples/hscore.c - the H-score method of Tayaranian et al. end to end, on a task
   small enough to run in seconds. A teaching program: it uses only prune.h's public
   API, and reads top to bottom in the order the method runs.

   hscore [THREADS]     THREADS: worker threads, 0 (default) = every CPU. The output is
                        the same for any THREADS: the library sums in a fixed order.

     step 1  a task with a rule to learn; 10% of the training labels flipped on purpose
     step 2  phase 1: R = 6 fine-tuning runs of E = 3 epochs, each keeping a record
     step 3  did every run learn? (if not, H means nothing and the program stops)
     step 4  H-scores: where did the flipped labels land?
     step 5  the winning ticket, and a random subset of the same size
     step 6  phase 2: a fresh model on the full set, the ticket and the random subset
   Exit status 0 when every step ran, 1 when a call failed or a run did not learn. */
#define _POSIX_C_SOURCE 200809L   /* mkstemp, for the temporary dataset files */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { R = 6, E = 3, N_TRAIN = 3000, N_DEV = 1000, BATCH = 32 };
/* The task's vocabulary: ids 0-3 speak for class 1, 4-7 for class 0, 8-31 are filler.
   A model made from scratch needs [PAD] [CLS] [SEP] too: the three ids after the data's. */
enum { VOCAB = 32, PAD = VOCAB, CLS = VOCAB + 1, SEP = VOCAB + 2, MIN_IDS = 8, MAX_IDS = 16, MAX_LEN = MAX_IDS + 2 };
#define START_SEED 42u    /* the starting weights all runs share: our stand-in for a pretrained model */
#define PHASE2_SEED 142u  /* a seed no phase-1 run used */

static int g_threads;

/* every call that can fail returns a status; this one stops the program on failure */
static void check(int status, const prune_error *err) {
    if (status == PRUNE_OK) return;
    fprintf(stderr, "hscore: %s: %s\n", prune_status_name(status), err->msg);
    exit(1);
}

/* splitmix64: a small seeded generator, so the data are the same everywhere */
static uint64_t next(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static int below(uint64_t *s, int n) { return (int)(next(s) % (uint64_t)n); }

/* Step 1's task. The label is the class with more of its tokens in the sequence.
   Easy examples (60%) hold 2-4 tokens of their class and none of the other; hard
   ones win by one token (k+1 against k), so the model must count. With flipped
   non-NULL, each label is flipped with probability 1/10 and flipped[i] says which
   (the training set); NULL keeps every label right (the dev set). Written in
   prune's text format, label<TAB>id id ..., and read back with the library. */
static void make_data(prune_dataset *ds, int n, uint64_t *s, char *flipped) {
    char path[] = "/tmp/hscore-XXXXXX";
    int fd = mkstemp(path), i, k;
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    prune_error err;
    if (!f) { fprintf(stderr, "hscore: cannot create a temporary file in /tmp\n"); exit(1); }
    for (i = 0; i < n; i++) {
        int ids[MAX_IDS], used[MAX_IDS] = {0}, len = MIN_IDS + below(s, MAX_IDS - MIN_IDS + 1);
        int label = below(s, 2), hard = below(s, 10) < 4, theirs = hard ? 1 + below(s, 3) : 0;
        int mine = hard ? theirs + 1 : 2 + below(s, 3);
        for (k = 0; k < len; k++) ids[k] = 8 + below(s, VOCAB - 8);
        for (k = 0; k < mine + theirs; k++) {        /* the evidence, at distinct positions */
            int at, cls = k < mine ? label : 1 - label;
            do at = below(s, len); while (used[at]);
            used[at] = 1;
            ids[at] = (cls == 1 ? 0 : 4) + below(s, 4);
        }
        if (flipped) flipped[i] = below(s, 10) == 0;
        fprintf(f, "%d\t", flipped && flipped[i] ? 1 - label : label);
        for (k = 0; k < len; k++) fprintf(f, k ? " %d" : "%d", ids[k]);
        fputc('\n', f);
    }
    if (fclose(f) != 0) { fprintf(stderr, "hscore: cannot write %s\n", path); exit(1); }
    check(prune_dataset_read_text(ds, path, &err), &err);
    remove(path);
}

/* A fine-tuning run's model: 1 layer, hidden 32, 2 heads, FFN 64, BERT's dropout 0.1.
   Every run starts from the SAME weights (START_SEED, as every run of the paper starts
   from the same pretrained checkpoint) and gets its OWN classifier head and dropout
   masks from its seed. */
static void new_model(prune_model *m, uint64_t seed) {
    prune_model_desc d;
    prune_error err;
    memset(&d, 0, sizeof d);
    d.config = prune_config_defaults();
    d.config.vocab_size = VOCAB + 3; d.config.layers = 1; d.config.hidden = 32; d.config.heads = 2;
    d.config.ffn = 64; d.config.max_pos = MAX_LEN; d.config.labels = 2;
    d.max_batch = BATCH; d.max_len = MAX_LEN; d.training = 1; d.threads = g_threads;
    d.seed = seed;                                     /* this run's dropout masks */
    check(prune_model_create(m, &d, &err), &err);
    prune_model_init_weights(m, START_SEED, 0.02);     /* the shared start ...      */
    prune_model_init_head(m, seed, 0.02, 0);           /* ... and this run's head   */
}

/* How every model here is fine-tuned (phase 1 and phase 2 alike); seed: the data order. */
static prune_finetune_desc recipe(const prune_dataset *train, uint64_t seed) {
    prune_finetune_desc d;
    memset(&d, 0, sizeof d);
    d.train = train; d.epochs = E; d.batch = BATCH; d.max_len = MAX_LEN; d.seed = seed;
    d.optim = prune_optim_defaults();   /* AdamW as BERT; a zeroed optim would have lr 0 */
    d.optim.lr = 3e-3;                  /* the paper's 2e-5 is for a pretrained model, far too slow from scratch */
    d.warmup_ratio = 0.1;
    d.cls_id = CLS; d.sep_id = SEP; d.pad_id = PAD;
    return d;
}

/* Copy run `one` (a table of 1 run) into slot r of `all` (a table of R runs); the
   arrays are [runs][epochs][n], so a run is one contiguous block of E x n records. */
static void add_run(prune_scores *all, int r, const prune_scores *one) {
    size_t cells = (size_t)all->epochs * (size_t)all->n, at = (size_t)r * cells;
    memcpy(all->correct + at, one->correct, cells);
    memcpy(all->pred + at, one->pred, cells);
    memcpy(all->gold_prob + at, one->gold_prob, cells * sizeof(float));
    memcpy(all->loss + at, one->loss, cells * sizeof(float));
    memcpy(all->el2n + at, one->el2n, cells * sizeof(float));
    all->run_ids[r] = one->run_ids[0];
    all->done[r] = one->done[0];
    all->classes = one->classes;                       /* the gold labels, for the health */
    memcpy(all->labels, one->labels, (size_t)all->n);
    all->data_hash = one->data_hash;
}

/* size, class mix and flipped labels of examples idx[0..k) (idx NULL: all) */
static void print_mix(const char *name, const prune_dataset *train, const int64_t *idx, int64_t k, const char *flipped) {
    int64_t c[2], i, bad = 0;
    for (i = 0; i < k; i++) bad += flipped[idx ? idx[i] : i];
    prune_class_counts(train->labels, idx, k, 2, c);
    printf("  %-8s %5lld examples   class 0: %4.1f%%  class 1: %4.1f%%   flipped labels: %lld\n", name, (long long)k,
           100.0 * (double)c[0] / (double)k, 100.0 * (double)c[1] / (double)k, (long long)bad);
}

int main(int argc, char **argv) {
    prune_dataset train, dev;
    prune_scores all;
    prune_model m;
    prune_error err;
    prune_epoch_health health[R * E];
    prune_batcher bt;
    uint64_t s = 2024, family[PRUNE_MAX_RUNS];
    int64_t i, hist[R + 1], flip_at[R + 1] = {0}, top, nflip = 0, nt, *ticket, *random;
    int32_t *h;
    char *flipped, name[64];
    int r, e, k, collapsed, nfam;

    g_threads = argc > 1 ? atoi(argv[1]) : 0;
    printf("step 1: a generated task: the label is the class with more of its tokens\n");
    if (!(flipped = (char *)calloc(N_TRAIN, 1))) return 1;
    make_data(&train, N_TRAIN, &s, flipped);
    make_data(&dev, N_DEV, &s, NULL);             /* the dev set stays clean */
    for (i = 0; i < train.n; i++) nflip += flipped[i];
    printf("  %lld training examples, %lld of their labels flipped on purpose; %lld clean dev examples\n\n",
           (long long)train.n, (long long)nflip, (long long)dev.n);

    /* Phase 1. A RECORD is what one training step saw of one example in one epoch:
       the class its forward pass predicted and whether that was the label. It costs
       nothing: the step computes those logits anyway, before it updates the weights,
       so "right" means the model got the example from everything it saw BEFORE it. */
    printf("step 2: phase 1, %d runs of %d epochs, each from the same start with its own seed\n", R, E);
    check(prune_scores_init(&all, R, E, R, train.n, &err), &err);
    for (r = 0; r < R; r++) {
        prune_scores one;                              /* prune_finetune records one run */
        prune_finetune_desc d = recipe(&train, 100 + (uint64_t)r);
        new_model(&m, 100 + (uint64_t)r);
        check(prune_scores_init(&one, 1, E, R, train.n, &err), &err);
        d.records = &one; d.run = r;
        check(prune_finetune(&m, &d, &err), &err);
        add_run(&all, r, &one);
        prune_scores_free(&one);
        prune_model_free(&m);
    }

    /* Did every run learn? An example counts in a run only if it was right in EVERY
       epoch, the first included. A run that guessed through epoch 1 hands out H by
       luck, and a run that learned one class puts every other class at H = 0: the
       H-scores would then describe the run, not the examples. The records already
       hold each epoch's training accuracy, so checking costs nothing. */
    check(prune_scores_health(&all, NULL, 0, health, &collapsed, &err), &err);
    printf("\nstep 3: did every run learn? training accuracy per epoch (always answering the majority class: %.1f%%)\n",
           100 * health[0].majority);
    for (r = 0; r < R; r++) {
        int flags = 0;
        printf("  run %d", r);
        for (e = 0; e < E; e++) { printf("  %5.1f%%", 100 * health[r * E + e].accuracy); flags |= health[r * E + e].flags; }
        printf("  %s\n", flags ? "DID NOT LEARN" : "learned");
    }
    if (collapsed) { printf("  %d of %d runs did not learn: their H-scores would mean nothing; stopping\n", collapsed, R); return 1; }
    printf("  every run learned\n\n");

    /* H(i) = sum over runs of (product over epochs of correct). The PRODUCT asks for
       stable learning: right from the first time the example is seen and never
       forgotten; one miss makes the run count 0. The SUM asks how reliably that
       happens across seeds. H = R: learned at once in every run, an easy example the
       others teach anyway. H = 0: never learned stably, the hardest examples, and
       among them the mislabeled ones: a flipped label fights the rule every epoch. */
    if (!(h = (int32_t *)malloc(sizeof *h * (size_t)train.n))) return 1;
    prune_hscores(&all, h);
    prune_histogram(h, train.n, R, hist);
    for (i = 0; i < train.n; i++) if (flipped[i]) flip_at[h[i]]++;
    printf("step 4: H-scores (H = runs in which an example was right in every epoch)\n");
    printf("   H  examples  of them flipped\n");
    for (k = 0, top = 1; k <= R; k++) if (hist[k] > top) top = hist[k];
    for (k = 0; k <= R; k++) {
        printf("  %2d  %8lld  %15lld  ", k, (long long)hist[k], (long long)flip_at[k]);
        for (i = 0; i < hist[k] * 40 / top; i++) putchar('#');
        putchar('\n');
    }
    printf("  flipped labels at H = 0: %lld of %lld\n", (long long)flip_at[0], (long long)nflip);
    printf("  clean examples at H = 0: %lld of %lld\n\n", (long long)(hist[0] - flip_at[0]), (long long)(train.n - nflip));

    /* The winning ticket removes H = 0 (hard and mislabeled) and H = R (learned for
       free) and keeps 0 < H < R, what the model learns depending on the run: the
       informative examples. Nobody picks its size; it follows from how the model
       learns the task. The paper's smaller subsets remove more H values. Watch the
       class mix: a class the model learns sooner has more examples at H = R, so the
       ticket keeps less of it. */
    nfam = prune_subset_family(R, family, PRUNE_MAX_RUNS);
    printf("step 5: subsets, named by the H values they remove; the paper's family for R = %d:\n ", R);
    for (k = 0; k < nfam; k++) { prune_subset_name(family[k], name, sizeof name); printf(" %s", name); }
    ticket = (int64_t *)malloc(sizeof *ticket * (size_t)train.n);
    random = (int64_t *)malloc(sizeof *random * (size_t)train.n);
    if (!ticket || !random) return 1;
    nt = prune_subset_select(h, train.n, family[0], ticket);          /* family[0] = {0,R} */
    /* Whether H chose well only shows against another subset of the same size. */
    check(prune_baseline(&all, PRUNE_BASELINE_RANDOM, nt, 7, random, &err), &err);
    prune_subset_name(family[0], name, sizeof name);
    printf("\n  the winning ticket removes %s\n", name);
    print_mix("full", &train, NULL, train.n, flipped);
    print_mix("ticket", &train, ticket, nt, flipped);
    print_mix("random", &train, random, nt, flipped);

    /* Phase 2. The same start and one seed for all three, so only the data differ.
       The full set is the reference; the random subset of the ticket's size tells
       what the SIZE alone does, so ticket against random is what the H-score chose. */
    printf("\nstep 6: phase 2, a fresh model on each set (seed %u), evaluated on the clean dev set\n", PHASE2_SEED);
    check(prune_batcher_init(&bt, BATCH, MAX_LEN, CLS, SEP, PAD, &err), &err);
    for (k = 0; k < 3; k++) {
        static const char *const names[3] = {"full", "ticket", "random"};
        prune_finetune_desc d = recipe(&train, PHASE2_SEED);
        prune_metrics met;
        d.subset = k == 0 ? NULL : k == 1 ? ticket : random;
        d.subset_n = k == 0 ? train.n : nt;
        new_model(&m, PHASE2_SEED);
        check(prune_finetune(&m, &d, &err), &err);
        check(prune_evaluate(&m, &bt, &dev, NULL, &met, &err), &err);
        printf("  %-8s %5lld examples   dev accuracy %.4f   dev loss %.4f\n", names[k], (long long)d.subset_n, met.accuracy, met.loss);
        prune_model_free(&m);
    }
    /* A task this easy is learned from any of the three sets, so look at the dev loss
       too: a model that never had to fit wrong labels (step 5 counted them in each
       set) is surer of the right ones. */
    prune_batcher_free(&bt);
    free(ticket); free(random); free(h); free(flipped);
    prune_scores_free(&all);
    prune_dataset_free(&train); prune_dataset_free(&dev);
    return 0;
}
