/* bench/bench.c - `make bench`: training and inference throughput of the engine.

   Three shapes at batch 32, lengths 128 and 64, on 1 and 2 threads:
     tiny       2 layers, hidden 128,  2 heads, FFN 512
     mini       4 layers, hidden 256,  4 heads, FFN 1024
     MiniLM-L6  6 layers, hidden 384, 12 heads, FFN 1536   (all-MiniLM-L6-v2's shape)
   with BERT's vocabulary (30522) and dropout 0.1. Prints examples/s, tokens/s and
   achieved GFLOP/s, counting 2 flops per multiply-add of the matrix products
   (projections, FFN, attention scores and mixing); a training step counts 3 forward
   passes (backward is two products per forward product). Wall-clock time, best of
   the timed repetitions, after one untimed warm-up step.

   Last, the cost of recording per-example scores during training (phase 1 of the
   method): one epoch with and without records, interleaved.

   Usage: bench [--quick] [--threads N] [--records]
          (--quick: tiny only, length 64, CI smoke; --records: only the recording cost) */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct shape { const char *name; int layers, hidden, heads, ffn; } shape;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* flops of one forward pass over B sequences of T tokens */
static double forward_flops(const shape *s, int B, int T, int K) {
    double N = (double)B * T, C = s->hidden, F = s->ffn;
    double layer = 2 * N * (4 * C * C + 2 * C * F) + 4.0 * B * (double)T * T * C;
    return s->layers * layer + 2.0 * B * (C * C + C * K);
}

static int run(const shape *s, int T, int threads, int quick) {
    enum { B = 32, K = 2 };
    prune_model m;
    prune_model_desc d;
    prune_optim o = prune_optim_defaults();
    prune_error err;
    prune_batch b;
    int32_t *ids = (int32_t *)malloc(sizeof(int32_t) * B * T), lens[B], labels[B];
    uint64_t r = 1;
    int i, mode;
    memset(&d, 0, sizeof d);
    d.config = prune_config_defaults();
    d.config.layers = s->layers; d.config.hidden = s->hidden; d.config.heads = s->heads; d.config.ffn = s->ffn;
    d.config.labels = K;
    d.max_batch = B; d.max_len = T; d.threads = threads; d.training = 1;
    if (!ids || prune_model_create(&m, &d, &err) != PRUNE_OK) { fprintf(stderr, "bench: %s\n", err.msg); free(ids); return 1; }
    prune_model_init_weights(&m, 1, 0);
    for (i = 0; i < B * T; i++) { r = r * 6364136223846793005ull + 1442695040888963407ull; ids[i] = (int32_t)((r >> 33) % 30522); }
    for (i = 0; i < B; i++) { lens[i] = T; labels[i] = i & 1; }
    b.B = B; b.T = T; b.ids = ids; b.types = NULL; b.lens = lens; b.labels = labels;
    for (mode = 0; mode < 2; mode++) {     /* 0 train, 1 inference */
        double best = 1e30, t0 = now(), flops = forward_flops(s, B, T, K) * (mode == 0 ? 3 : 1);
        int reps = 0, rc;
        rc = mode == 0 ? prune_train_step(&m, &b, &o, NULL, &err) : prune_forward(&m, &b, 0, &err);   /* warm-up */
        while (rc == PRUNE_OK && (reps < 2 || (now() - t0 < 2.0 && reps < 10)) && !(quick && reps >= 1)) {
            double t1 = now(), dt;
            rc = mode == 0 ? prune_train_step(&m, &b, &o, NULL, &err) : prune_forward(&m, &b, 0, &err);
            dt = now() - t1;
            if (dt < best) best = dt;
            reps++;
        }
        if (rc != PRUNE_OK) { fprintf(stderr, "bench: %s\n", err.msg); break; }
        printf("%-10s %4d %7d  %-9s %10.1f %11.0f %9.1f\n", s->name, T, threads, mode == 0 ? "train" : "inference",
               B / best, B * (double)T / best, flops / best * 1e-9);
        fflush(stdout);
    }
    prune_model_free(&m);
    free(ids);
    return 0;
}

/* The cost of recording per-example scores during training (phase 1): the same
   epoch through prune_finetune with and without records, interleaved over several
   rounds with the order alternating; the best time of each is compared. */
static int bench_records(int rounds) {
    enum { B = 32, T = 64, N = 32 * 24 };
    static const shape tiny = {"tiny", 2, 128, 2, 512};
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
    prune_scores_init(&rec, 1, 1, 1, ds.n, &err);
    for (round = 0; round < rounds; round++)
        for (k = 0; k < 2; k++) {
            int with = (k + round) & 1;   /* alternate which goes first: no order bias */
            prune_model m;
            prune_model_desc d;
            prune_finetune_desc fd;
            double t0;
            memset(&d, 0, sizeof d);
            d.config = prune_config_defaults();
            d.config.layers = tiny.layers; d.config.hidden = tiny.hidden; d.config.heads = tiny.heads; d.config.ffn = tiny.ffn;
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

int main(int argc, char **argv) {
    static const shape shapes[] = {{"tiny", 2, 128, 2, 512}, {"mini", 4, 256, 4, 1024}, {"MiniLM-L6", 6, 384, 12, 1536}};
    int quick = 0, only_threads = 0, records_only = 0, i, si, li, ti;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) quick = 1;
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) only_threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--records") == 0) records_only = 1;
        else {
            printf("usage: %s [--quick] [--threads N] [--records]\n"
                   "  training and inference throughput of prune.h on tiny, mini and MiniLM-L6 shapes,\n"
                   "  batch 32, lengths 128 and 64, 1 and 2 threads (--quick: tiny, length 64, one rep),\n"
                   "  then the cost of recording per-example scores in phase 1 (--records: only that)\n", argv[0]);
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    if (records_only) return bench_records(9);
    printf("%-10s %4s %7s  %-9s %10s %11s %9s\n", "config", "len", "threads", "mode", "ex/s", "tok/s", "GFLOP/s");
    for (si = 0; si < (quick ? 1 : 3); si++)
        for (li = quick ? 1 : 0; li < 2; li++)
            for (ti = 1; ti <= 2; ti++) {
                if (only_threads && ti != only_threads) continue;
                if (run(&shapes[si], li == 0 ? 128 : 64, ti, quick) != 0) return 1;
            }
    return bench_records(quick ? 1 : 5);
}
