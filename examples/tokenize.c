/* examples/tokenize.c - a GLUE-style TSV to a tokenized dataset, with its label map.

   tokenize VOCAB.txt IN.tsv OUT [--cased] [--labels MAP.tsv] [--text-a COL] [--text-b COL]
            [--label COL] [--text]
     writes OUT (binary, or the text format with --text) and OUT.labels.tsv, the
     "id<TAB>name" map of the labels; pass the training set's map with --labels when
     tokenizing its dev set so both use the same ids. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    prune_tokenizer tk;
    prune_dataset ds;
    prune_labels labels, given;
    prune_tsv_desc d;
    prune_error err;
    const char *map = NULL;
    char path[1100];
    int cased = 0, text = 0, i, rc;
    memset(&d, 0, sizeof d);
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) argc = 0;
    if (argc < 4) {
        fprintf(argc ? stderr : stdout,
                "usage: tokenize VOCAB.txt IN.tsv OUT [--cased] [--labels MAP.tsv] [--text-a COL] [--text-b COL] [--label COL] [--text]\n"
                "Tokenizes the text columns of a TSV with a header row (WordPiece, as Hugging Face's BertTokenizer)\n"
                "into OUT (binary dataset; --text: label<TAB>ids lines) and writes OUT.labels.tsv.\n");
        return argc ? 2 : 0;
    }
    for (i = 4; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--cased") == 0) { cased = 1; continue; }
        if (strcmp(a, "--text") == 0) { text = 1; continue; }
        if (!v) { fprintf(stderr, "tokenize: %s needs a value\n", a); return 2; }
        if (strcmp(a, "--labels") == 0) map = v;
        else if (strcmp(a, "--text-a") == 0) d.text_a = v;
        else if (strcmp(a, "--text-b") == 0) d.text_b = v;
        else if (strcmp(a, "--label") == 0) d.label = v;
        else { fprintf(stderr, "tokenize: unknown option %s\n", a); return 2; }
        i++;
    }
    if (prune_tokenizer_load(&tk, argv[1], !cased, &err) != PRUNE_OK) { fprintf(stderr, "tokenize: %s\n", err.msg); return 1; }
    if (map) {
        if (prune_labels_read(&given, map, &err) != PRUNE_OK) { fprintf(stderr, "tokenize: %s\n", err.msg); prune_tokenizer_free(&tk); return 1; }
        d.label_map = &given;
    }
    rc = prune_tsv_tokenize(argv[2], &tk, &d, &ds, &labels, &err);
    if (rc == PRUNE_OK) {
        snprintf(path, sizeof path, "%s.labels.tsv", argv[3]);
        rc = text ? prune_dataset_write_text(&ds, argv[3], &err) : prune_dataset_save(&ds, argv[3], &err);
        if (rc == PRUNE_OK) rc = prune_labels_write(&labels, path, &err);
        if (rc == PRUNE_OK)
            fprintf(stderr, "%s: %lld examples (%s), %llu tokens, %d labels; labels in %s\n", argv[3], (long long)ds.n,
                    ds.pairs ? "pairs" : "single texts", (unsigned long long)ds.offsets[ds.n], labels.count, path);
        prune_dataset_free(&ds);
        prune_labels_free(&labels);
    }
    if (rc != PRUNE_OK) fprintf(stderr, "tokenize: %s\n", err.msg);
    if (map) prune_labels_free(&given);
    prune_tokenizer_free(&tk);
    return rc == PRUNE_OK ? 0 : 1;
}
