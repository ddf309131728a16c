/* examples/demodata.c - the data of `make demo`: a classification task with a rule
   to learn, examples of two difficulties, and a known tenth of the labels flipped.

   demodata DIR [--train N] [--dev N] [--flip P] [--seed S]
     writes DIR/train.ids.tsv and DIR/dev.ids.tsv (prune's tokenized text format:
     label<TAB>ids, row = line number from 0), DIR/flipped.rows (the training rows
     whose label was flipped) and DIR/hard.rows (the training rows made harder).

   The task. Every sequence is 8 to 16 tokens from a vocabulary of 32: tokens 0-3
   speak for class 1, tokens 4-7 for class 0, tokens 8-31 are filler. The label is
   the class with more tokens speaking for it. A rule like this, a majority of
   certain tokens anywhere in the sequence, is what a tiny transformer learns in a
   few dozen steps (attention from [CLS] averages the tokens), which matters here:
   an example's H-score counts the runs in which it was right in EVERY epoch,
   including the first, so a model learning slowly would give every example H = 0.

     easy (60%)  2-4 tokens of the label's class, none of the other
     hard (40%)  k+1 tokens of the label's class against k of the other, k = 1..3:
                 a margin of one token, which the model must count, not just spot
     flipped     10% of the training labels (any difficulty) are inverted; the dev
                 set is clean

   Clean easy examples are learned at once and stay learned (H near R), hard ones
   are sometimes missed (H in between), and a flipped label fights the rule in every
   epoch of every run, so it should land at H = 0: `make demo` checks that. */
#define _POSIX_C_SOURCE 200809L   /* mkdir */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { VOCAB = 32, PER_CLASS = 4, MIN_LEN = 8, MAX_LEN = 16 };

/* splitmix64: small, seeded, the same everywhere */
static uint64_t next(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static int below(uint64_t *s, int n) { return (int)(next(s) % (uint64_t)n); }

/* one example into ids[]; returns its length, sets *label and *hard */
static int example(uint64_t *s, int *ids, int *label, int *hard) {
    int len = MIN_LEN + below(s, MAX_LEN - MIN_LEN + 1), mine, theirs, used[MAX_LEN], i, k;
    *label = below(s, 2);
    *hard = below(s, 10) < 4;
    if (*hard) { theirs = 1 + below(s, 3); mine = theirs + 1; }
    else { mine = 2 + below(s, 3); theirs = 0; }
    for (i = 0; i < len; i++) { ids[i] = 2 * PER_CLASS + below(s, VOCAB - 2 * PER_CLASS); used[i] = 0; }
    for (k = 0; k < mine + theirs; k++) {          /* distinct positions for the evidence */
        int at, cls = k < mine ? *label : 1 - *label;
        do at = below(s, len); while (used[at]);
        used[at] = 1;
        ids[at] = (cls == 1 ? 0 : PER_CLASS) + below(s, PER_CLASS);
    }
    return len;
}

static FILE *create(const char *dir, const char *name) {
    char path[1024];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(f = fopen(path, "w"))) { fprintf(stderr, "demodata: cannot create %s\n", path); exit(1); }
    return f;
}

static void finish(FILE *f) {
    if (ferror(f) || fclose(f) != 0) { fprintf(stderr, "demodata: write failed\n"); exit(1); }
}

int main(int argc, char **argv) {
    long n_train = 4000, n_dev = 1000, i, nflip, k;
    double flip = 0.1;
    unsigned long long seed = 2024;
    uint64_t s;
    char *flipped;
    int ids[MAX_LEN], a;
    FILE *tr, *dv, *fl, *hd;
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(argc < 2 ? stderr : stdout, "usage: demodata DIR [--train N] [--dev N] [--flip P] [--seed S]\n");
        return argc < 2 ? 2 : 0;
    }
    for (a = 2; a + 1 < argc; a += 2) {
        if (strcmp(argv[a], "--train") == 0) n_train = atol(argv[a + 1]);
        else if (strcmp(argv[a], "--dev") == 0) n_dev = atol(argv[a + 1]);
        else if (strcmp(argv[a], "--flip") == 0) flip = atof(argv[a + 1]);
        else if (strcmp(argv[a], "--seed") == 0) seed = strtoull(argv[a + 1], NULL, 10);
        else { fprintf(stderr, "demodata: unknown option %s\n", argv[a]); return 2; }
    }
    if (a != argc || n_train < 10 || n_dev < 1 || flip < 0 || flip > 0.5) { fprintf(stderr, "demodata: bad arguments\n"); return 2; }
    if (mkdir(argv[1], 0777) != 0 && errno != EEXIST) { fprintf(stderr, "demodata: cannot create %s\n", argv[1]); return 1; }
    s = seed;
    /* which training rows get a flipped label: exactly round(flip * n), chosen by a partial shuffle */
    nflip = (long)(flip * (double)n_train + 0.5);
    flipped = (char *)calloc((size_t)n_train, 1);
    {
        long *perm = (long *)malloc(sizeof(long) * (size_t)n_train);
        if (!flipped || !perm) { fprintf(stderr, "demodata: out of memory\n"); return 1; }
        for (i = 0; i < n_train; i++) perm[i] = i;
        for (i = 0; i < nflip; i++) {
            long j = i + (long)(next(&s) % (uint64_t)(n_train - i)), t = perm[i];
            perm[i] = perm[j]; perm[j] = t;
            flipped[perm[i]] = 1;
        }
        free(perm);
    }
    tr = create(argv[1], "train.ids.tsv"); dv = create(argv[1], "dev.ids.tsv");
    fl = create(argv[1], "flipped.rows"); hd = create(argv[1], "hard.rows");
    for (i = 0; i < n_train + n_dev; i++) {
        int label, hard, len = example(&s, ids, &label, &hard);
        FILE *f = i < n_train ? tr : dv;
        if (i < n_train && flipped[i]) { label = 1 - label; fprintf(fl, "%ld\n", i); }
        if (i < n_train && hard) fprintf(hd, "%ld\n", i);
        fprintf(f, "%d\t", label);
        for (k = 0; k < len; k++) fprintf(f, k ? " %d" : "%d", ids[k]);
        fputc('\n', f);
    }
    finish(tr); finish(dv); finish(fl); finish(hd);
    free(flipped);
    fprintf(stderr, "demodata: %ld training examples (%ld labels flipped), %ld dev examples in %s\n", n_train, nflip, n_dev, argv[1]);
    return 0;
}
