/* tests/reference/tokenize_lines.c - the C side of tokenizer_oracle.py.

   tokenize_lines VOCAB uncased|cased < lines > ids
   tokenize_lines DIR dir [-l] < lines > ids (the tokenizer of a checkpoint directory:
                                            byte-level BPE from vocab.json + merges.txt;
                                            -l: each text is its length in bytes, '\n',
                                            then its bytes, so it may hold any byte)
   Reads UTF-8 text on stdin, one text per '\n'-terminated line (any other byte, NUL
   and '\r' included, belongs to the text), and prints for each line its WordPiece ids
   separated by single spaces (an empty line when it has none), or "ERROR <message>".
   On stderr: the lines, ids and seconds spent in prune_tokenize alone (not in I/O).
   Build: cc -O2 -I. -o tokenize_lines tests/reference/tokenize_lines.c -lm -pthread */
#define PRUNE_IMPLEMENTATION
#include "prune.h"
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    prune_tokenizer tk;
    prune_error err;
    char *in = NULL, *line;
    size_t n = 0, cap = 0, got, lines = 0, total = 0, idcap = 0;
    int32_t *ids = NULL;
    double secs = 0;
    int framed = 0;
    if (argc == 4 && strcmp(argv[3], "-l") == 0) { framed = 1; argc = 3; }
    if (argc != 3 || (strcmp(argv[2], "uncased") != 0 && strcmp(argv[2], "cased") != 0 && strcmp(argv[2], "dir") != 0)) {
        fprintf(stderr, "usage: %s VOCAB uncased|cased < lines, or %s DIR dir < lines\n", argv[0], argv[0]);
        return 2;
    }
    memset(&tk, 0, sizeof tk);
    if ((strcmp(argv[2], "dir") == 0 ? prune_tokenizer_load_dir(&tk, argv[1], &err)
                                     : prune_tokenizer_load(&tk, argv[1], strcmp(argv[2], "uncased") == 0, &err)) != PRUNE_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    do {                                    /* all of stdin */
        if (n == cap) {
            cap = cap ? 2 * cap : 1 << 20;
            in = (char *)realloc(in, cap);
            if (!in) { fprintf(stderr, "out of memory\n"); return 1; }
        }
        got = fread(in + n, 1, cap - n, stdin);
        n += got;
    } while (got > 0);
    for (line = in; line < in + n;) {
        char *eol = (char *)memchr(line, '\n', (size_t)(in + n - line));
        size_t len = eol ? (size_t)(eol - line) : (size_t)(in + n - line), k, i;
        if (framed) {   /* "LEN\n" then LEN bytes */
            size_t want = (size_t)strtoul(line, NULL, 10);
            if (!eol || want > (size_t)(in + n - (eol + 1))) { fprintf(stderr, "bad framing\n"); return 1; }
            line = eol + 1;
            len = want;
        }
        double t0;
        int rc;
        if (PRUNE_TOKENIZE_MAX(len) > idcap) {
            idcap = PRUNE_TOKENIZE_MAX(len) + 64;
            ids = (int32_t *)realloc(ids, idcap * sizeof *ids);
            if (!ids) { fprintf(stderr, "out of memory\n"); return 1; }
        }
        t0 = now();
        rc = prune_tokenize(&tk, line, len, ids, idcap, &k, &err);
        secs += now() - t0;
        if (rc != PRUNE_OK) {
            printf("ERROR %s\n", err.msg);
        } else {
            for (i = 0; i < k; i++) printf(i ? " %d" : "%d", (int)ids[i]);
            printf("\n");
        }
        lines++;
        total += k;
        line += len + (framed ? 0 : 1);
    }
    fprintf(stderr, "%lu lines, %lu ids, %.3f s in prune_tokenize\n", (unsigned long)lines, (unsigned long)total, secs);
    prune_tokenizer_free(&tk);
    free(in);
    free(ids);
    return 0;
}
