/* tests/reference/hf_logits.c - the C side of hf_oracle.py: logits of a Hugging Face
   checkpoint directory, computed by prune.h.

       hf_logits MODEL_DIR INPUTS.bin [SAVE_DIR]

   MODEL_DIR holds config.json and model.safetensors. INPUTS.bin is a PRUNEFX1 file
   (tests/reference/LAYOUT.md) with ids [N, T], types [N, T] and lens [N], padded on
   the right. Prints one line of K logits per example (eval mode) on stdout and the
   load report on stderr; with SAVE_DIR, writes the loaded model back there with
   prune_hf_save. Exit status 0 on success, 1 on any error (message on stderr). */
#define PRUNE_IMPLEMENTATION
#include "../../prune.h"
#include "../fixture.h"

#define MAX_BATCH 32

static const fx_tensor *need(const fixture *f, const char *name, int ndim) {
    const fx_tensor *t = fixture_get(f, name);
    if (!t || t->ndim != ndim) { fprintf(stderr, "inputs: no %dD tensor %s\n", ndim, name); exit(1); }
    return t;
}

int main(int argc, char **argv) {
    char path[1100];
    prune_config cfg;
    prune_hf_info info;
    prune_load_report rep;
    prune_model_desc d;
    prune_model m;
    prune_error err;
    fixture f;
    const fx_tensor *ids, *types, *lens;
    int32_t *bids, *btypes, blens[MAX_BATCH];
    int N, T, b0, i, t, k;

    if (argc < 3 || argc > 4) { fprintf(stderr, "usage: hf_logits MODEL_DIR INPUTS.bin [SAVE_DIR]\n"); return 1; }
    if (fixture_load(&f, argv[2]) != 0) return 1;
    ids = need(&f, "ids", 2);
    types = need(&f, "types", 2);
    lens = need(&f, "lens", 1);
    N = ids->dims[0];
    T = ids->dims[1];

    snprintf(path, sizeof path, "%s/config.json", argv[1]);
    if (prune_hf_read_config(path, &cfg, &info, &err) != PRUNE_OK) { fprintf(stderr, "%s\n", err.msg); return 1; }
    memset(&d, 0, sizeof d);
    d.config = cfg;
    d.max_batch = MAX_BATCH;
    d.max_len = T;
    if (prune_model_create(&m, &d, &err) != PRUNE_OK) { fprintf(stderr, "%s\n", err.msg); return 1; }
    snprintf(path, sizeof path, "%s/model.safetensors", argv[1]);
    if (prune_hf_load_weights(&m, path, &info, 1, &rep, &err) != PRUNE_OK) { fprintf(stderr, "%s\n", err.msg); return 1; }
    fprintf(stderr, "%d tensors: %d loaded (F32 %d, F16 %d, BF16 %d; %lu not finite), %d unused%s%s%s; "
                    "names prefixed \"%s\"; pooler %s, classifier %s\n",
            rep.tensors, rep.loaded, rep.n_f32, rep.n_f16, rep.n_bf16, (unsigned long)rep.nonfinite, rep.unused,
            rep.unused ? " (" : "", rep.unused_names, rep.unused ? ")" : "", rep.prefix,
            rep.fresh_pooler ? "created from the seed" : "loaded", rep.fresh_classifier ? "created from the seed" : "loaded");

    /* batches of up to MAX_BATCH, each cut to its longest example */
    bids = (int32_t *)malloc(sizeof(int32_t) * MAX_BATCH * (size_t)T);
    btypes = (int32_t *)malloc(sizeof(int32_t) * MAX_BATCH * (size_t)T);
    for (b0 = 0; b0 < N; b0 += MAX_BATCH) {
        prune_batch b;
        int nb = N - b0 < MAX_BATCH ? N - b0 : MAX_BATCH, tb = 1;
        for (i = 0; i < nb; i++) {
            blens[i] = (int32_t)lens->v[b0 + i];
            if (blens[i] > tb) tb = blens[i];
        }
        for (i = 0; i < nb; i++)
            for (t = 0; t < tb; t++) {
                bids[i * tb + t] = (int32_t)ids->v[(size_t)(b0 + i) * T + t];
                btypes[i * tb + t] = (int32_t)types->v[(size_t)(b0 + i) * T + t];
            }
        b.B = nb; b.T = tb; b.ids = bids; b.types = btypes; b.lens = blens; b.labels = NULL;
        if (prune_forward(&m, &b, 0, &err) != PRUNE_OK) { fprintf(stderr, "%s\n", err.msg); return 1; }
        for (i = 0; i < nb; i++) {
            for (k = 0; k < m.desc.config.labels; k++) printf("%s%.9e", k ? " " : "", (double)m.logits[i * m.desc.config.labels + k]);
            printf("\n");
        }
    }
    if (argc == 4 && prune_hf_save(&m, argv[3], &info, &err) != PRUNE_OK) { fprintf(stderr, "%s\n", err.msg); return 1; }
    free(bids);
    free(btypes);
    fixture_free(&f);
    prune_hf_info_free(&info);
    prune_model_free(&m);
    return 0;
}
