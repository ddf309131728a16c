/* examples/finetune.c - fine-tune a Hugging Face checkpoint on a GLUE-style TSV.

   finetune MODEL_DIR TRAIN.tsv DEV.tsv [options]
     MODEL_DIR   config.json, model.safetensors and vocab.txt (a hub checkpoint)
     TRAIN, DEV  TSV files with a header row (sentence / sentence1+sentence2 / ...
                 and label columns, as GLUE's)
   options:
     --epochs N      passes over the training set            (3)
     --batch N       examples per step                       (32)
     --max-len N     tokens per example, [CLS]/[SEP] included (128)
     --lr X          peak learning rate                      (2e-5)
     --limit N       use only the first N training rows      (all)
     --cased         the vocabulary is cased (default: uncased, lower-casing)
     --seed N        weights of a fresh head, dropout, data order (42)
     --threads N     worker threads                          (all CPUs)
     --out DIR       save the fine-tuned model there (config.json + model.safetensors)

   The path from hub files and a TSV to a trained model, in the library's calls:
   tokenizer, TSV reader, config + weights, batcher, bucketed order, train steps,
   evaluation, save. Progress goes to stderr. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int usage(const char *prog, int rc) {
    fprintf(rc ? stderr : stdout,
            "usage: %s MODEL_DIR TRAIN.tsv DEV.tsv [--epochs N] [--batch N] [--max-len N] [--lr X]\n"
            "       [--limit N] [--cased] [--seed N] [--threads N] [--out DIR]\n"
            "Fine-tunes a Hugging Face BERT/RoBERTa checkpoint (config.json, model.safetensors, vocab.txt)\n"
            "for sequence classification on a GLUE-style TSV and reports dev accuracy.\n", prog);
    return rc;
}

/* accuracy of the model on every example of ds */
static double evaluate(prune_model *m, prune_batcher *bt, const prune_dataset *ds, prune_error *err) {
    int64_t i, k, idx[256], correct = 0;
    for (i = 0; i < ds->n; i += bt->max_batch) {
        int count = (int)(ds->n - i < bt->max_batch ? ds->n - i : bt->max_batch), b, c;
        const prune_batch *batch;
        for (k = 0; k < count; k++) idx[k] = i + k;
        if (prune_batcher_fill(bt, ds, idx, count, &batch, err) != PRUNE_OK || prune_forward(m, batch, 0, err) != PRUNE_OK) return -1;
        for (b = 0; b < count; b++) {
            int best = 0;
            for (c = 1; c < m->desc.config.labels; c++) if (m->logits[b * m->desc.config.labels + c] > m->logits[b * m->desc.config.labels + best]) best = c;
            correct += best == batch->labels[b];
        }
    }
    return (double)correct / (double)ds->n;
}

int main(int argc, char **argv) {
    const char *dir, *train_path, *dev_path, *out = NULL;
    int epochs = 3, batch = 32, max_len = 128, cased = 0, threads = 0, i, rc = 1;
    long limit = 0;
    double lr = 2e-5, t0;
    uint64_t seed = 42;
    char path[1024];
    prune_tokenizer tk;
    prune_dataset train, dev;
    prune_labels labels;
    prune_tsv_desc td;
    prune_config cfg;
    prune_hf_info info;
    prune_load_report rep;
    prune_model_desc d;
    prune_model m;
    prune_batcher bt;
    prune_optim o = prune_optim_defaults();
    prune_error err;
    int64_t *order, e, steps_per_epoch, step;

    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return usage(argv[0], 0);
    if (argc < 4) return usage(argv[0], 2);
    dir = argv[1]; train_path = argv[2]; dev_path = argv[3];
    for (i = 4; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--cased") == 0) { cased = 1; continue; }
        if (!v) { fprintf(stderr, "finetune: %s needs a value\n", a); return 2; }
        if (strcmp(a, "--epochs") == 0) epochs = atoi(v);
        else if (strcmp(a, "--batch") == 0) batch = atoi(v);
        else if (strcmp(a, "--max-len") == 0) max_len = atoi(v);
        else if (strcmp(a, "--lr") == 0) lr = atof(v);
        else if (strcmp(a, "--limit") == 0) limit = atol(v);
        else if (strcmp(a, "--seed") == 0) seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--threads") == 0) threads = atoi(v);
        else if (strcmp(a, "--out") == 0) out = v;
        else { fprintf(stderr, "finetune: unknown option %s (see --help)\n", a); return 2; }
        i++;
    }
    if (epochs < 1 || batch < 1 || batch > 256 || max_len < 3 || lr <= 0) { fprintf(stderr, "finetune: an option is out of range\n"); return 2; }

    /* 1. the tokenizer and the two files: dev uses the training set's label map */
    snprintf(path, sizeof path, "%s/vocab.txt", dir);
    if (prune_tokenizer_load(&tk, path, !cased, &err) != PRUNE_OK) { fprintf(stderr, "finetune: %s\n", err.msg); return 1; }
    memset(&td, 0, sizeof td);
    if (prune_tsv_tokenize(train_path, &tk, &td, &train, &labels, &err) != PRUNE_OK) { fprintf(stderr, "finetune: %s\n", err.msg); goto out_tk; }
    td.label_map = &labels;
    if (prune_tsv_tokenize(dev_path, &tk, &td, &dev, NULL, &err) != PRUNE_OK) { fprintf(stderr, "finetune: %s\n", err.msg); goto out_train; }
    if (limit > 0 && limit < train.n) train.n = limit;   /* the first rows: a shorter dataset view */
    fprintf(stderr, "data: %lld training and %lld dev examples, %d labels\n", (long long)train.n, (long long)dev.n, labels.count);

    /* 2. the model: config, create, weights (a missing head is created from seed) */
    snprintf(path, sizeof path, "%s/config.json", dir);
    if (prune_hf_read_config(path, &cfg, &info, &err) != PRUNE_OK) { fprintf(stderr, "finetune: %s\n", err.msg); goto out_dev; }
    cfg.labels = labels.count;
    memset(&d, 0, sizeof d);
    d.config = cfg; d.max_batch = batch; d.max_len = max_len; d.training = 1; d.seed = seed; d.threads = threads;
    if (prune_model_create(&m, &d, &err) != PRUNE_OK) { fprintf(stderr, "finetune: %s\n", err.msg); goto out_info; }
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    if (prune_hf_load_weights(&m, path, &info, seed, &rep, &err) != PRUNE_OK ||
        prune_dataset_check(&train, m.desc.config.vocab_size, m.desc.config.labels, &err) != PRUNE_OK ||
        prune_dataset_check(&dev, m.desc.config.vocab_size, m.desc.config.labels, &err) != PRUNE_OK) {
        fprintf(stderr, "finetune: %s\n", err.msg);
        goto out_model;
    }
    fprintf(stderr, "model: %d layers, hidden %d, %lu parameters; %d tensors loaded%s%s; %d threads\n",
            m.desc.config.layers, m.desc.config.hidden, (unsigned long)m.nparams, rep.loaded,
            rep.fresh_pooler ? ", fresh pooler" : "", rep.fresh_classifier ? ", fresh classifier" : "", m.desc.threads);

    /* 3. fine-tune: bucketed batches, linear warm-up over 10% of the steps, then decay */
    if (prune_batcher_init(&bt, batch, max_len, tk.cls_id, tk.sep_id, tk.pad_id, &err) != PRUNE_OK ||
        !(order = (int64_t *)malloc(sizeof(int64_t) * (size_t)train.n))) {
        fprintf(stderr, "finetune: %s\n", err.msg);
        goto out_model;
    }
    steps_per_epoch = (train.n + batch - 1) / batch;
    o.lr = lr; o.total_steps = steps_per_epoch * epochs; o.warmup_steps = o.total_steps / 10;
    t0 = now();
    for (e = 0; e < epochs; e++) {
        double loss = 0;
        prune_order(&train, PRUNE_ORDER_BUCKETED, seed + (uint64_t)e, batch, max_len, order, &err);
        for (step = 0; step < steps_per_epoch; step++) {
            int64_t first = step * batch;
            int count = (int)(train.n - first < batch ? train.n - first : batch);
            prune_step_stats st;
            const prune_batch *b;
            if (prune_batcher_fill(&bt, &train, order + first, count, &b, &err) != PRUNE_OK || prune_train_step(&m, b, &o, &st, &err) != PRUNE_OK) { fprintf(stderr, "finetune: %s\n", err.msg); goto out_all; }
            loss += st.loss;
            if (step % 20 == 0 || step == steps_per_epoch - 1)
                fprintf(stderr, "\repoch %lld/%d  step %lld/%lld  loss %.4f  %.1f ex/s   ", (long long)e + 1, epochs, (long long)step + 1,
                        (long long)steps_per_epoch, loss / (double)(step + 1), (double)(m.step * batch) / (now() - t0));
        }
        fprintf(stderr, "\n");
        printf("epoch %lld: training loss %.4f, dev accuracy %.4f\n", (long long)e + 1, loss / (double)steps_per_epoch, evaluate(&m, &bt, &dev, &err));
        fflush(stdout);
    }
    if (out) {
        /* the saved config.json names the classes as the TSV did (id2label) */
        char **names = info.label_names;
        int count = info.num_labels, src;
        info.label_names = labels.names; info.num_labels = labels.count;
        src = prune_hf_save(&m, out, &info, &err);
        info.label_names = names; info.num_labels = count;
        if (src != PRUNE_OK) { fprintf(stderr, "finetune: %s\n", err.msg); goto out_all; }
        fprintf(stderr, "saved to %s\n", out);
    }
    rc = 0;
out_all:
    free(order);
    prune_batcher_free(&bt);
out_model:
    prune_model_free(&m);
out_info:
    prune_hf_info_free(&info);
out_dev:
    prune_dataset_free(&dev);
out_train:
    prune_dataset_free(&train);
    prune_labels_free(&labels);
out_tk:
    prune_tokenizer_free(&tk);
    return rc;
}
