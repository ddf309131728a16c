/* tests/hf_check.h - what the reference tests against transformers (test_opt,
   test_heads) check the same way. Include after prune.h (with its implementation)
   and test.h (with TEST_FILES); define RTOL, FLOOR and KIND first.
     hfc_grads      every parameter's gradient of m against g's parameters (a model
                    that loaded transformers' float64 gradients as its weights)
     hfc_roundtrip  prune_hf_save, then config.json and the weights read back: the
                    same configuration, head, model type and pad id, the same bits
     jnum, jat      a JSON number; element i of an array (reference.json)            */
#ifndef PRUNE_HF_CHECK_H
#define PRUNE_HF_CHECK_H

static double jnum(const prune__json *j, size_t v) { return j->v[v].num; }
static size_t jat(const prune__json *j, size_t arr, int i) {
    size_t k = j->v[arr].first;
    while (k && i-- > 0) k = j->v[k].next;
    return k;
}

/* the largest error over every tensor (relative to the tensor's largest value, floored
   at FLOOR), one CHECK per tensor; *worst_name gets that tensor's name */
static double hfc_grads(prune_model *m, prune_model *g, const char *name, const char **worst_name) {
    double worst = 0;
    size_t q;
    int t;
    for (t = 0; t < PRUNE_NTENSORS; t++) {
        const prune_float *gc = prune_tensor(m, m->grads, t), *gr = prune_tensor(g, g->params, t);
        double scale = 0, e_t = 0;
        size_t wq = 0, C = (size_t)m->desc.config.hidden, C3 = 3 * C;
        if (m->tensors[t].size == 0) continue;
        for (q = 0; q < m->tensors[t].size; q++) if (fabs(gr[q]) > scale) scale = fabs(gr[q]);
        if (scale < FLOOR) scale = FLOOR;
        for (q = 0; q < m->tensors[t].size; q++) {
            double dq = fabs((double)gc[q] - (double)gr[q]) / scale;
            /* the key bias: exactly 0 by construction here, rounding noise there (see backward) */
            if (t == PRUNE_QKVB && q % C3 >= C && q % C3 < 2 * C) continue;
            if (dq > e_t) { e_t = dq; wq = q; }
        }
        CHECK(e_t <= RTOL, "%-6s %s: gradient %-8s within %.2e of transformers' (relative to its largest, element %lu)", KIND, name,
              m->tensors[t].name, e_t, (unsigned long)wq);
        if (e_t > worst) { worst = e_t; *worst_name = m->tensors[t].name; }
    }
    return worst;
}

/* m saved into the scratch directory `name` and read back; d: m's descriptor */
static void hfc_roundtrip(const prune_model *m, const prune_hf_info *info, const char *name, prune_model_desc d) {
    prune_model m2;
    prune_hf_info info2;
    prune_load_report rep;
    prune_config cfg2;
    prune_error e;
    char path[256], path2[300], diff[400];
    int rc;
    snprintf(path, sizeof path, "%s", test_path(name));
    rc = prune_hf_save(m, path, info, &e);
    snprintf(path2, sizeof path2, "%s/config.json", path);
    rc = rc ? rc : prune_hf_read_config(path2, &cfg2, &info2, &e);
    CHECK(rc == PRUNE_OK, "%s: saved with prune_hf_save and its config.json read back (%s)", name, rc ? e.msg : "ok");
    if (rc != PRUNE_OK) return;
    {
        prune_config want = m->desc.config;
        cfg2.hidden_dropout = want.hidden_dropout; cfg2.attn_dropout = want.attn_dropout; cfg2.classifier_dropout = want.classifier_dropout;
        CHECK(prune__hf_config_diff(&want, &cfg2, diff, sizeof diff) == 0 && cfg2.head == want.head && cfg2.labels == want.labels &&
                  info2.model_type == info->model_type && info2.pad_token_id == info->pad_token_id,
              "%s: the saved config.json describes the same model and head (%s; head %d)", name, diff[0] ? diff : "no difference", cfg2.head);
    }
    d.config = cfg2;
    snprintf(path2, sizeof path2, "%s/model.safetensors", path);
    rc = prune_model_create(&m2, &d, &e);
    rc = rc ? rc : prune_hf_load_weights(&m2, path2, &info2, 1, &rep, &e);
    CHECK(rc == PRUNE_OK && rep.unused == 0 && m2.nparams == m->nparams && memcmp(m2.params, m->params, m->nparams * sizeof(prune_float)) == 0,
          "%s: the saved weights load back to the same bits (%d tensors) (%s)", name, rep.loaded, rc ? e.msg : "ok");
    if (rc == PRUNE_OK) prune_model_free(&m2);
    prune_hf_info_free(&info2);
}
#endif
