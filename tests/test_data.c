/* tests/test_data.c - tokenized datasets, batches, orders, and resuming training.

   Text and binary formats round-trip losslessly; malformed files are refused with
   path:line:column (text) or the byte offset (binary); batches are [CLS] a [SEP]
   (b [SEP]) with token types, truncated like transformers' longest_first (checked
   against its one-token-at-a-time loop for every small case) and padded to the
   longest example; orders are seeded permutations; and a run saved after k steps
   and resumed in a fresh model ends bit-identical to a run that never stopped. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#define TEST_FILES
#include "test.h"

static int same_dataset(const prune_dataset *a, const prune_dataset *b) {
    size_t n = (size_t)a->n;
    return a->n == b->n && a->pairs == b->pairs && a->num_labels == b->num_labels &&
           memcmp(a->rows, b->rows, 8 * n) == 0 && memcmp(a->offsets, b->offsets, 8 * (n + 1)) == 0 &&
           memcmp(a->labels, b->labels, 4 * n) == 0 && memcmp(a->len_a, b->len_a, 4 * n) == 0 &&
           memcmp(a->ids, b->ids, 4 * (size_t)a->offsets[n]) == 0;
}

/* transformers' longest_first, literally */

int main(void) {
    prune_dataset ds, ds2, ds3;
    prune_error err;
    prune_batcher bt;
    const prune_batch *b;
    const char *pairs_txt = "1\t5 6 7\t8 9\n0\t10\t11 12 13 14\n2\t\t15\n1\t16 17 18 19 20 21\t\n";
    char *back;
    size_t n;
    int rc, i, a, bb, room, bad = 0;


    /* ---- text -> binary -> text, losslessly ---- */
    test_put(test_path("pairs.tsv"), pairs_txt, strlen(pairs_txt));
    rc = prune_dataset_read_text(&ds, test_path("pairs.tsv"), &err);
    CHECK(rc == PRUNE_OK && ds.n == 4 && ds.pairs && ds.num_labels == 3 && ds.offsets[4] == 17 && ds.len_a[2] == 0 &&
          ds.len_a[3] == 6 && ds.ids[0] == 5 && ds.rows[3] == 3, "read a pair dataset (%s)", rc ? err.msg : "ok");
    rc = prune_dataset_save(&ds, test_path("pairs.bin"), &err);
    CHECK(rc == PRUNE_OK, "save binary (%s)", rc ? err.msg : "ok");
    rc = prune_dataset_open(&ds2, test_path("pairs.bin"), &err);
    CHECK(rc == PRUNE_OK && same_dataset(&ds, &ds2), "binary loads back identical (%s)", rc ? err.msg : "ok");
    rc = prune_dataset_write_text(&ds2, test_path("pairs2.tsv"), &err);
    back = (char *)test_get(test_path("pairs2.tsv"), &n);
    CHECK(rc == PRUNE_OK && back && n == strlen(pairs_txt) && memcmp(back, pairs_txt, n) == 0, "text written back is byte-identical");
    free(back);
    prune_dataset_free(&ds2);
    test_put(test_path("single.tsv"), "0\t3 4\r\n1\t\r\n0\t7", 14);
    rc = prune_dataset_read_text(&ds2, test_path("single.tsv"), &err);
    CHECK(rc == PRUNE_OK && ds2.n == 3 && !ds2.pairs && ds2.offsets[3] == 3, "single sentences, CRLF, empty text, no final newline (%s)", rc ? err.msg : "ok");
    prune_dataset_free(&ds2);

    {   /* a line of 10 MB: 5 million ids, no line-length limit */
        size_t big = 10u << 20, k;
        char *line = (char *)malloc(big + 4);
        line[0] = '1'; line[1] = '\t';
        for (k = 2; k + 1 < big; k += 2) { line[k] = '7'; line[k + 1] = ' '; }
        line[k - 1] = '\n';
        test_put(test_path("big.tsv"), line, k);
        free(line);
        rc = prune_dataset_read_text(&ds2, test_path("big.tsv"), &err);
        CHECK(rc == PRUNE_OK && ds2.n == 1 && ds2.offsets[1] == (big - 2) / 2, "a 10 MB line: %llu ids (%s)",
              rc ? 0ull : (unsigned long long)ds2.offsets[1], rc ? err.msg : "ok");
        prune_dataset_free(&ds2);
    }

    /* ---- malformed text: refused, with path:line:column ---- */
    {
        static const char *cases[][2] = {
            {"1\t5 6\n\n0\t7\n", "pairs.bad:2: empty line"},
            {"1\t5 6\n0 7\n", "pairs.bad:2: no tab"},
            {"1\t5 6\n0\t7\t8\n", "pairs.bad:2: 3 fields, but line 1 had 2"},
            {"1\t5 x6\n", "pairs.bad:1:5: 'x6' is not a token id"},
            {"1\t5  6\n", "pairs.bad:1:5: '' is not a token id"},
            {"1\t5 6 \n", "pairs.bad:1:6: trailing space"},
            {"1\t2147483648\n", "pairs.bad:1:3: '2147483648'"},
            {"-1\t5\n", "pairs.bad:1:1: '-1' is not a label"},
            {"15 6\t5\n", "pairs.bad:1:1: the label must be one integer"},   /* found by fuzz_dataset */
            {"1\t5\t6\t7\n", "pairs.bad:1: more than 3"},
            {"", "no examples"}};
        for (i = 0; i < (int)(sizeof cases / sizeof cases[0]); i++) {
            test_put(test_path("pairs.bad"), cases[i][0], strlen(cases[i][0]));
            rc = prune_dataset_read_text(&ds2, test_path("pairs.bad"), &err);
            CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, cases[i][1]) && ds2.mem == NULL, "malformed text %d refused: %s", i, err.msg);
        }
    }
    CHECK(prune_dataset_open(&ds2, test_path("missing.tsv"), &err) == PRUNE_EIO && strstr(err.msg, "missing.tsv"), "missing file: %s", err.msg);

    /* ---- malformed binary: refused, with what and where ---- */
    back = (char *)test_get(test_path("pairs.bin"), &n);
    test_put(test_path("trunc.bin"), back, n - 3);
    CHECK(prune_dataset_load(&ds2, test_path("trunc.bin"), &err) == PRUNE_EFORMAT && strstr(err.msg, "truncated"), "truncated binary: %s", err.msg);
    back[n - 2] ^= 1;
    test_put(test_path("flip.bin"), back, n);
    CHECK(prune_dataset_load(&ds2, test_path("flip.bin"), &err) == PRUNE_EFORMAT && strstr(err.msg, "checksum"), "a flipped bit: %s", err.msg);
    back[n - 2] ^= 1;
    back[16] = (char)0xff; back[23] = 0x7f;      /* n = huge */
    test_put(test_path("huge.bin"), back, n);
    CHECK(prune_dataset_load(&ds2, test_path("huge.bin"), &err) == PRUNE_EFORMAT, "absurd example count: %s", err.msg);
    {   /* two examples from one row: rows files could not tell them apart */
        prune_dataset dup;
        int64_t keep;
        rc = prune_dataset_open(&dup, test_path("pairs.bin"), &err);
        keep = dup.rows[2];
        dup.rows[2] = dup.rows[1];
        rc = rc ? rc : prune_dataset_save(&dup, test_path("dup.bin"), &err);
        dup.rows[2] = keep;
        if (dup.mem) prune_dataset_free(&dup);
        CHECK(rc == PRUNE_OK && prune_dataset_load(&ds2, test_path("dup.bin"), &err) == PRUNE_EFORMAT && strstr(err.msg, "example 2: row 1"),
              "a binary with a row twice is refused: %s", err.msg);
    }
    memcpy(back, "PRUNEDS9", 8);
    test_put(test_path("magic.bin"), back, n);
    CHECK(prune_dataset_load(&ds2, test_path("magic.bin"), &err) == PRUNE_EFORMAT && strstr(err.msg, "magic"), "wrong magic: %s", err.msg);
    free(back);
    CHECK(prune_dataset_check(&ds, 21, 3, &err) == PRUNE_EARG && strstr(err.msg, "example 3") && strstr(err.msg, "id 21"),
          "ids checked against a vocabulary: %s", err.msg);
    CHECK(prune_dataset_check(&ds, 22, 2, &err) == PRUNE_EARG && strstr(err.msg, "label 2"), "labels checked: %s", err.msg);

    /* ---- truncation: closed form == transformers' loop, every small case ---- */
    {   /* tests/fixtures/truncation.tsv: what transformers' BertTokenizer keeps of each pair */
        size_t size, pos;
        unsigned char *txt = test_get("tests/fixtures/truncation.tsv", &size);
        int cases = 0;
        for (pos = 0; txt && pos < size;) {
            const char *line = (const char *)txt + pos, *eol = memchr(line, '\n', size - pos);
            int ka, kb;
            if (line[0] != '#' && sscanf(line, "%d %d %d %d %d", &room, &a, &bb, &ka, &kb) == 5) {
                uint64_t la, lb;
                int32_t ids[28] = {0};
                int64_t rows[1] = {0};
                uint64_t off[2];
                int32_t lab[1] = {0};
                uint32_t lena[1];
                prune_dataset t;
                off[0] = 0; off[1] = (uint64_t)(a + bb); lena[0] = (uint32_t)a;
                memset(&t, 0, sizeof t);
                t.n = 1; t.pairs = 1; t.rows = rows; t.offsets = off; t.labels = lab; t.len_a = lena; t.ids = ids;
                prune__truncate(&t, 0, 0, room + 3, 3, &la, &lb);
                if ((int)la != ka || (int)lb != kb) {
                    if (bad++ < 4) printf("# truncate a=%d b=%d room=%d: %llu,%llu vs transformers' %d,%d\n", a, bb, room,
                                          (unsigned long long)la, (unsigned long long)lb, ka, kb);
                }
                cases++;
            }
            pos = eol ? (size_t)(eol - (const char *)txt) + 1 : size;
        }
        free(txt);
        CHECK(cases == 12 * 14 * 14 && bad == 0, "longest_first truncation equals transformers' BertTokenizer on all %d cases", cases);
    }

    /* ---- batches ---- */
    rc = prune_batcher_init(&bt, 4, 8, 101, 102, 0, &err);
    CHECK(rc == PRUNE_OK, "batcher (%s)", rc ? err.msg : "ok");
    {
        int64_t ex[2] = {0, 1};
        static const int32_t want_ids[2][8] = {{101, 5, 6, 7, 102, 8, 9, 102}, {101, 10, 102, 11, 12, 13, 14, 102}};
        static const int32_t want_ty[2][8] = {{0, 0, 0, 0, 0, 1, 1, 1}, {0, 0, 0, 1, 1, 1, 1, 1}};
        prune_batcher_fill(&bt, &ds, ex, 2, &b, &err);
        CHECK(b && b->B == 2 && b->T == 8 && b->lens[0] == 8 && b->lens[1] == 8 && memcmp(b->ids, want_ids, sizeof want_ids) == 0 &&
              memcmp(b->types, want_ty, sizeof want_ty) == 0 && b->labels[1] == 0, "[CLS] a [SEP] b [SEP] with token types");
        bt.pair_style = PRUNE_PAIRS_ROBERTA;   /* <s> a </s></s> b </s>, type 0: one token more, the longer segment gives it */
        {
            static const int32_t want_rb[2][8] = {{101, 5, 6, 102, 102, 8, 9, 102}, {101, 10, 102, 102, 11, 12, 13, 102}};
            static const int32_t zero[2][8] = {{0}};
            prune_batcher_fill(&bt, &ds, ex, 2, &b, &err);
            CHECK(b && b->T == 8 && memcmp(b->ids, want_rb, sizeof want_rb) == 0 && memcmp(b->types, zero, sizeof zero) == 0,
                  "RoBERTa pairs: <s> a </s></s> b </s>, token type 0, truncated longest-first with 4 special tokens");
        }
        bt.pair_style = PRUNE_PAIRS_BERT;
        ex[0] = 2; ex[1] = 0;
        prune_batcher_fill(&bt, &ds, ex, 2, &b, &err);
        CHECK(b && b->T == 8 && b->lens[0] == 4 && b->ids[0] == 101 && b->ids[1] == 102 && b->ids[2] == 15 && b->ids[3] == 102 &&
              b->ids[4] == 0 && b->types[2] == 1, "empty segment A, padding with pad id to the longest of the batch");
        ex[0] = 2;
        prune_batcher_fill(&bt, &ds, ex, 1, &b, &err);
        CHECK(b && b->T == 4, "dynamic padding: a batch of one short example has T = 4, not 8");
        ex[0] = 3;
        prune_batcher_fill(&bt, &ds, ex, 1, &b, &err);
        CHECK(b && b->T == 8 && b->ids[5] == 20 && b->ids[6] == 102 && b->ids[7] == 102, "truncated to max_len 8: 5 of 6 ids, empty B");
        ex[0] = 4;
        CHECK(prune_batcher_fill(&bt, &ds, ex, 1, &b, &err) == PRUNE_EARG && b == NULL && strstr(err.msg, "outside"), "bad index refused: %s", err.msg);
    }
    prune_batcher_free(&bt);

    /* ---- orders ---- */
    {
        enum { N = 1000 };
        static int64_t o1[N], o2[N], o3[N];
        static int seen[N];
        static char text[N * 128];
        size_t used = 0;
        long pad_rand = 0, pad_buck = 0;
        uint64_t r = 3;
        int j, k, ok = 1;
        for (i = 0; i < N; i++) {
            int len = 1 + (int)((r = r * 6364136223846793005ull + 1442695040888963407ull) >> 59);
            used += (size_t)sprintf(text + used, "%d\t", i % 2);
            for (k = 0; k < len; k++) used += (size_t)sprintf(text + used, k ? " %d" : "%d", 5 + k);
            text[used++] = '\n';
        }
        test_put(test_path("lens.tsv"), text, used);
        rc = prune_dataset_read_text(&ds3, test_path("lens.tsv"), &err);
        CHECK(rc == PRUNE_OK && ds3.n == N, "a dataset of %d varied lengths", N);
        prune_order(&ds3, PRUNE_ORDER_RANDOM, 5, 16, 128, o1, &err);
        prune_order(&ds3, PRUNE_ORDER_RANDOM, 5, 16, 128, o2, &err);
        prune_order(&ds3, PRUNE_ORDER_RANDOM, 6, 16, 128, o3, &err);
        for (i = 0; i < N; i++) seen[o1[i]]++;
        for (i = 0; i < N; i++) ok &= seen[i] == 1;
        CHECK(ok && memcmp(o1, o2, sizeof o1) == 0 && memcmp(o1, o3, sizeof o1) != 0, "random order: a permutation, fixed by its seed");
        rc = prune_order(&ds3, PRUNE_ORDER_BUCKETED, 5, 16, 128, o2, &err);
        memset(seen, 0, sizeof seen);
        for (i = 0; i < N; i++) seen[o2[i]]++;
        for (i = 0; i < N; i++) ok &= seen[i] == 1;
        for (i = 0; i < N; i += 16) {       /* padded tokens of each batch of 16 */
            int mr = 0, mb = 0;
            for (j = i; j < i + 16 && j < N; j++) {
                mr = PRUNE__MAX(mr, prune_example_tokens(&ds3, o1[j], 128));
                mb = PRUNE__MAX(mb, prune_example_tokens(&ds3, o2[j], 128));
            }
            for (j = i; j < i + 16 && j < N; j++) {
                pad_rand += mr - prune_example_tokens(&ds3, o1[j], 128);
                pad_buck += mb - prune_example_tokens(&ds3, o2[j], 128);
            }
        }
        CHECK(rc == PRUNE_OK && ok && pad_buck * 4 < pad_rand, "bucketed order: a permutation with %ld padded tokens against %ld in random order", pad_buck, pad_rand);
    }

    /* ---- bucketed order when the last batch is short: 8 examples each of 2, 4 and 6
       ids and 5 of 8, shuffled in the file. Every batch of 8 the consumer cuts must
       be one length, and the 5 longest come last: a short batch placed anywhere else
       would shift every later batch across two length runs (a bug this caught). ---- */
    {
        prune_dataset ds4;
        char text[4096];
        size_t used = 0;
        int64_t o4[29];
        int i, k, seed, uniform = 1, rc, got;
        for (i = 0; i < 29; i++) {
            int e = (i * 11) % 29, len = e < 24 ? 2 + 2 * (e / 8) : 8;   /* a fixed shuffle of the groups */
            used += (size_t)sprintf(text + used, "%d\t", i % 2);
            for (k = 0; k < len; k++) used += (size_t)sprintf(text + used, k ? " %d" : "%d", 5 + k);
            text[used++] = '\n';
        }
        test_put(test_path("short_last.tsv"), text, used);
        got = rc = prune_dataset_read_text(&ds4, test_path("short_last.tsv"), &err);
        for (seed = 1; rc == PRUNE_OK && seed <= 20; seed++) {
            rc = prune_order(&ds4, PRUNE_ORDER_BUCKETED, (uint64_t)seed, 8, 64, o4, &err);
            for (i = 0; i < 29; i++)
                if (prune_example_tokens(&ds4, o4[i], 64) != prune_example_tokens(&ds4, o4[i - i % 8], 64) ||
                    (i >= 24 && prune_example_tokens(&ds4, o4[i], 64) != 10)) uniform = 0;
        }
        CHECK(rc == PRUNE_OK && uniform, "bucketed order with a short last batch: every batch one length over 20 seeds, the short one last");
        CHECK(got != PRUNE_OK || (prune_order(&ds4, PRUNE_ORDER_BUCKETED, 1, 0, 64, o4, &err) == PRUNE_EARG && strstr(err.msg, "batch size 0")),
              "bucketed order with batch size 0: an error, not a division by zero (%s)", err.msg);
        if (got == PRUNE_OK) prune_dataset_free(&ds4);
    }

    /* ---- resume: stop after 3 steps, continue in a fresh model, same bits as never stopping ---- */
    {
        prune_model m1, m2;
        prune_model_desc d;
        prune_optim o = prune_optim_defaults();
        prune_progress pg, pg2;
        int64_t order[1000];
        uint64_t h_straight;
        int s;
        const prune_batch *b3;
        memset(&d, 0, sizeof d);
        d.config = prune_config_defaults();
        d.config.vocab_size = 40; d.config.hidden = 16; d.config.heads = 2; d.config.layers = 2; d.config.ffn = 32;
        d.config.max_pos = 24; d.config.labels = 2;
        d.max_batch = 8; d.max_len = 24; d.training = 1; d.threads = 2; d.seed = 77;
        o.lr = 1e-3; o.warmup_steps = 2; o.total_steps = 6;
        prune_batcher_init(&bt, 8, 24, 1, 2, 0, &err);
        prune_order(&ds3, PRUNE_ORDER_BUCKETED, 77, 8, 24, order, &err);
        prune_model_create(&m1, &d, &err);
        prune_model_init_weights(&m1, 1, 0);
        for (s = 0; s < 6; s++) { prune_batcher_fill(&bt, &ds3, order + 8 * s, 8, &b3, &err); prune_train_step(&m1, b3, &o, NULL, &err); }
        h_straight = prune_params_hash(&m1);
        prune_model_free(&m1);

        prune_model_create(&m1, &d, &err);
        prune_model_init_weights(&m1, 1, 0);
        for (s = 0; s < 3; s++) { prune_batcher_fill(&bt, &ds3, order + 8 * s, 8, &b3, &err); prune_train_step(&m1, b3, &o, NULL, &err); }
        memset(&pg, 0, sizeof pg);
        pg.epoch = 0; pg.batch = 3; pg.user[7] = 0xabcdef;
        rc = prune_state_save(&m1, &pg, test_path("state.bin"), &err);
        CHECK(rc == PRUNE_OK, "save the training state after 3 steps (%s)", rc ? err.msg : "ok");
        prune_model_free(&m1);
        d.seed = 1;   /* the state's seed must win */
        prune_model_create(&m2, &d, &err);
        rc = prune_state_load(&m2, &pg2, test_path("state.bin"), &err);
        CHECK(rc == PRUNE_OK && m2.step == 3 && m2.desc.seed == 77 && pg2.batch == 3 && pg2.user[7] == 0xabcdef,
              "load it into a fresh model (%s)", rc ? err.msg : "ok");
        for (s = (int)pg2.batch; s < 6; s++) { prune_batcher_fill(&bt, &ds3, order + 8 * s, 8, &b3, &err); prune_train_step(&m2, b3, &o, NULL, &err); }
        CHECK(prune_params_hash(&m2) == h_straight, "resumed run ends bit-identical to the uninterrupted one (%016llx)", (unsigned long long)h_straight);
        back = (char *)test_get(test_path("state.bin"), &n);
        test_put(test_path("state_trunc.bin"), back, n - 1);
        CHECK(prune_state_load(&m2, NULL, test_path("state_trunc.bin"), &err) == PRUNE_EFORMAT && strstr(err.msg, "truncated"), "truncated state: %s", err.msg);
        back[200] ^= 4;
        test_put(test_path("state_flip.bin"), back, n);
        CHECK(prune_state_load(&m2, NULL, test_path("state_flip.bin"), &err) == PRUNE_EFORMAT && strstr(err.msg, "checksum"), "corrupt state: %s", err.msg);
        free(back);
        prune_model_free(&m2);
        d.config.hidden = 24; d.config.heads = 2;
        prune_model_create(&m2, &d, &err);
        CHECK(prune_state_load(&m2, NULL, test_path("state.bin"), &err) == PRUNE_EFORMAT && strstr(err.msg, "another shape"), "state of another model: %s", err.msg);
        prune_model_free(&m2);
        prune_batcher_free(&bt);
        CHECK(prune_state_save(&m2, &pg, "/nonexistent-dir/state.bin", &err) != PRUNE_OK, "unwritable path: %s", err.msg);
    }
    prune_dataset_free(&ds);
    prune_dataset_free(&ds3);
    test_rm_tree(test_tmpdir());   /* leave no temporary files behind */
    return TEST_END();
}
