/* tests/fuzz/make_seeds.c DIR - valid inputs for every fuzz target, so the fuzzers
   start from files that pass the magic, header and checksum checks and explore the
   structure behind them. Run from the repository root (it reads fixtures). */
#define PRUNE_IMPLEMENTATION
#include "../../prune.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[512];

/* DIR/target/name <- prefix byte (0 for none) + the contents of file src */
static void seed(const char *target, const char *name, char prefix, const char *src) {
    char path[1024];
    FILE *in = fopen(src, "rb"), *out;
    int c;
    snprintf(path, sizeof path, "%s/%s", dir, target);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/%s", dir, target, name);
    if (!in || !(out = fopen(path, "wb"))) { fprintf(stderr, "make_seeds: cannot copy %s to %s\n", src, path); exit(1); }
    if (prefix) fputc(prefix, out);
    while ((c = fgetc(in)) != EOF) fputc(c, out);
    fclose(in);
    fclose(out);
}

static void text(const char *path, const char *s) {
    FILE *f = fopen(path, "wb");
    if (!f) exit(1);
    fputs(s, f);
    fclose(f);
}

int main(int argc, char **argv) {
    prune_dataset ds;
    prune_error err;
    prune_model m;
    prune_model_desc d;
    prune_progress pg;
    char tmpf[600], tmpb[600];
    if (argc != 2) { fprintf(stderr, "usage: make_seeds DIR\n"); return 2; }
    snprintf(dir, sizeof dir, "%s", argv[1]);
    mkdir(dir, 0755);
    snprintf(tmpf, sizeof tmpf, "%s/ds.tsv", dir);
    snprintf(tmpb, sizeof tmpb, "%s/ds.bin", dir);
    text(tmpf, "1\t5 6 7\t8 9\n0\t10\t11 12 13 14\n2\t\t15\n");
    if (prune_dataset_read_text(&ds, tmpf, &err) || prune_dataset_save(&ds, tmpb, &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    prune_dataset_free(&ds);
    seed("dataset", "text", 't', tmpf);
    seed("dataset", "binary", 'B', tmpb);
    seed("dataset", "binary_raw", 'b', tmpb);
    memset(&d, 0, sizeof d);   /* the model of fuzz_state.c */
    d.config.vocab_size = 8; d.config.hidden = 4; d.config.heads = 1; d.config.layers = 1; d.config.ffn = 4;
    d.config.max_pos = 4; d.config.labels = 2; d.max_batch = 1; d.training = 1; d.threads = 1;
    if (prune_model_create(&m, &d, &err)) return 1;
    prune_model_init_weights(&m, 1, 0);
    memset(&pg, 0, sizeof pg);
    if (prune_state_save(&m, &pg, tmpb, &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    prune_model_free(&m);
    seed("state", "state", 'S', tmpb);
    {   /* a finished 2-run score file over 5 examples */
        prune_scores sc;
        int k;
        if (prune_scores_init(&sc, 2, 2, 2, 5, &err)) return 1;
        sc.classes = 2;   /* labels 0 1 0 1 0; predictions agree with the correctness flags */
        for (k = 0; k < 5; k++) sc.labels[k] = (uint8_t)(k % 2);
        for (k = 0; k < 20; k++) {
            sc.correct[k] = (uint8_t)(k % 3 != 0); sc.gold_prob[k] = 0.05f * (float)k; sc.el2n[k] = 0.5f;
            sc.pred[k] = (uint8_t)(sc.correct[k] ? sc.labels[k % 5] : 1 - sc.labels[k % 5]);
        }
        sc.run_ids[0] = 0; sc.run_ids[1] = 1; sc.done[0] = sc.done[1] = 2;
        if (prune_scores_save(&sc, tmpb, &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
        prune_scores_free(&sc);
        seed("scores", "two_runs", 'S', tmpb);
    }
    seed("config", "bert", 0, "tests/fixtures/hf/bert/config.json");
    seed("config", "roberta", 0, "tests/fixtures/hf/roberta/config.json");
    seed("safetensors", "bert", 0, "tests/fixtures/hf/bert/model.safetensors");
    seed("safetensors", "bf16", 0, "tests/fixtures/hf/bert_bf16/model.safetensors");
    text(tmpf, "0\tnegative\n1\tpositive\n");
    seed("labels", "two", 0, tmpf);
    text(tmpf, "sentence\tlabel\nthe movie was good\t1\nit was bad\t0\n");
    seed("tsv", "sst", 0, tmpf);
    text(tmpf, "index\tpremise\thypothesis\tlabel\n0\ta man is here\tno one\tneutral\n1\tthe cat\tthe dog\tcontradiction\n");
    seed("tsv", "mnli", 0, tmpf);
    /* quoted TSV (pandas), a JSON Lines file, and a CSV (its last byte ',' ^ '\n' = 0x26: format CSV) */
    text(tmpf, "\xEF\xBB\xBFsentence\tlabel\r\n\"he said \"\"wow\"\"\"\t1\r\n\"tab\there\"\t0\r\n\"line\nbreak\"\t1\r\n");
    seed("tsv", "quoted", 0, tmpf);
    text(tmpf, "{\"sentence1\":\"a b\",\"sentence2\":\"c\",\"gold_label\":\"neutral\"}\n{\"sentence1\":\"x\",\"sentence2\":\"y\",\"gold_label\":\"-\"}\n");
    seed("tsv", "jsonl", 0, tmpf);
    text(tmpf, "sentence,label\n\"a, b\",1\nc,0\n,");
    seed("tsv", "csv", 0, tmpf);
    text(tmpf, "Hello, World! Caf\xc3\xa9 na\xc3\xafve \xe4\xb8\xad\xe6\x96\x87 \xce\x9f\xce\x94\xce\x9f\xce\xa3 unaffable");
    seed("tokenizer", "text", 'u', tmpf);
    seed("tokenizer", "vocab", 'v', "tests/fixtures/tokenizer/vocab.txt");
    text(tmpf, "Hello  world,\tthis is a test. I'm sure they've 'sup <mask> <s>x</s>\n\n  \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 3.14");
    seed("bpe", "text", 't', tmpf);
    seed("bpe", "vocab", 'v', "tests/fixtures/bpe/vocab.json");
    seed("bpe", "merges", 'm', "tests/fixtures/bpe/merges.txt");
    remove(tmpf);
    remove(tmpb);
    return 0;
}
