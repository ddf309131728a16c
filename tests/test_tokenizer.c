/* tests/test_tokenizer.c - the WordPiece tokenizer against Hugging Face, without Python.

   Fixtures, in tests/fixtures/tokenizer/, written by tests/reference/tokenizer_oracle.py
   with transformers' BertTokenizer (transformers 5: the Rust tokenizer):
     vocab.txt      a small vocabulary (2,861 lines): the special tokens, every token HF
                    gives on the texts below with all-MiniLM-L6-v2's vocabulary, cased
                    words, "##" pieces, and lines that test the reader: "movie \t\r"
                    (CRLF and trailing blanks), "film" + NBSP, an empty line, and "the"
                    twice, the second time on the last line (HF keeps the later)
     vocab_ids.txt  HF's token -> id map of vocab.txt:      TOKEN<TAB>ID
     cases.txt      335 texts (SST-2, AG News, and hard cases written by hand: accents,
                    Greek final sigma, Turkish I, CJK, emoji, control and format
                    characters, Unicode spaces, U+FFFD, words of 100 and 101 characters,
                    punctuation runs, combining marks, full-width forms, special tokens
                    in the text) with HF's ids on vocab.txt:
                    TEXT<TAB>UNCASED IDS<TAB>CASED IDS     (ids separated by spaces)
   Lines starting with '#' are comments. TEXT and TOKEN are UTF-8 with backslash escapes:
   \\ \t \n \r, and \xHH for one raw byte (used for control, format and space
   characters, so that the files read, and for a leading '#').

   Then the errors: invalid UTF-8 (the message names the byte offset), a text over
   10 MB, a missing vocabulary, an empty one, one without [UNK], a line over 1 MiB.
   Run from the repository root. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
#include "test.h"

#define FIX "tests/fixtures/tokenizer/"

/* ---- fixture files ---- */

static char *slurp(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = (char *)malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { fclose(f); free(buf); return NULL; }
    fclose(f);
    buf[n] = 0;
    *size = (size_t)n;
    return buf;
}

/* Undo the fixture escapes of s[0..n) into out (never longer); returns the length. */
static size_t unescape(const char *s, size_t n, char *out) {
    size_t i = 0, k = 0;
    while (i < n) {
        if (s[i] != '\\' || i + 1 == n) { out[k++] = s[i++]; continue; }
        switch (s[i + 1]) {
        case 't': out[k++] = '\t'; i += 2; break;
        case 'n': out[k++] = '\n'; i += 2; break;
        case 'r': out[k++] = '\r'; i += 2; break;
        case 'x': {
            char hex[3];
            hex[0] = s[i + 2]; hex[1] = s[i + 3]; hex[2] = 0;
            out[k++] = (char)strtol(hex, NULL, 16);
            i += 4;
            break;
        }
        default: out[k++] = s[i + 1]; i += 2; break;   /* "\\" */
        }
    }
    return k;
}

/* space-separated ids in s[0..n) into ids; returns how many */
static size_t parse_ids(const char *s, size_t n, int32_t *ids) {
    size_t k = 0, i = 0;
    while (i < n) {
        if (s[i] == ' ') { i++; continue; }
        ids[k] = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') ids[k] = ids[k] * 10 + (s[i++] - '0');
        k++;
    }
    return k;
}

typedef struct tcase {
    char *text;            /* unescaped, may hold NUL bytes */
    size_t len;
    int32_t *want[2];      /* [0] uncased, [1] cased */
    size_t nwant[2];
} tcase;

/* the cases of cases.txt; returns how many (0 when the file is missing or malformed) */
static size_t load_cases(const char *path, tcase **out) {
    size_t size, count = 0, pos;
    char *buf = slurp(path, &size);
    tcase *c;
    *out = NULL;
    if (!buf) return 0;
    for (pos = 0; pos < size; pos++) count += buf[pos] == '\n';
    c = (tcase *)calloc(count + 1, sizeof *c);
    count = 0;
    for (pos = 0; pos < size;) {
        char *eol = (char *)memchr(buf + pos, '\n', size - pos), *t1, *t2;
        size_t end = eol ? (size_t)(eol - buf) : size;
        if (buf[pos] != '#') {
            t1 = (char *)memchr(buf + pos, '\t', end - pos);
            t2 = t1 ? (char *)memchr(t1 + 1, '\t', (size_t)(buf + end - t1 - 1)) : NULL;
            if (!t2) { free(buf); free(c); return 0; }
            c[count].text = (char *)malloc((size_t)(t1 - (buf + pos)) + 1);
            c[count].len = unescape(buf + pos, (size_t)(t1 - (buf + pos)), c[count].text);
            c[count].want[0] = (int32_t *)malloc(sizeof(int32_t) * ((size_t)(t2 - t1) + 1));
            c[count].nwant[0] = parse_ids(t1 + 1, (size_t)(t2 - t1 - 1), c[count].want[0]);
            c[count].want[1] = (int32_t *)malloc(sizeof(int32_t) * ((size_t)(buf + end - t2) + 1));
            c[count].nwant[1] = parse_ids(t2 + 1, (size_t)(buf + end - t2 - 1), c[count].want[1]);
            count++;
        }
        pos = end + 1;
    }
    free(buf);
    *out = c;
    return count;
}

static void print_ids(const char *what, const int32_t *ids, size_t n) {
    size_t i;
    printf("#   %s (%lu):", what, (unsigned long)n);
    for (i = 0; i < n && i < 30; i++) printf(" %d", (int)ids[i]);
    printf("%s\n", n > 30 ? " ..." : "");
}

/* every case of cases.txt in one mode; prints the first few mismatches */
static void check_cases(const prune_tokenizer *tk, const tcase *c, size_t count, int mode) {
    size_t i, bad = 0, too_many = 0, longest = 0;
    int32_t *ids;
    prune_error err;
    for (i = 0; i < count; i++) longest = c[i].len > longest ? c[i].len : longest;
    ids = (int32_t *)malloc(sizeof(int32_t) * (PRUNE_TOKENIZE_MAX(longest) + 1));
    for (i = 0; i < count; i++) {
        size_t n = 0;
        int rc = prune_tokenize(tk, c[i].text, c[i].len, ids, PRUNE_TOKENIZE_MAX(c[i].len), &n, &err);
        too_many += n > PRUNE_TOKENIZE_MAX(c[i].len);
        if (rc == PRUNE_OK && n == c[i].nwant[mode] && memcmp(ids, c[i].want[mode], n * sizeof *ids) == 0) continue;
        if (bad++ < 5) {
            printf("# case %lu (%s): rc %d %s\n#   text: %.*s\n", (unsigned long)i + 1, mode ? "cased" : "uncased", rc,
                   rc ? err.msg : "", (int)(c[i].len < 200 ? c[i].len : 200), c[i].text);
            print_ids("got ", ids, n);
            print_ids("want", c[i].want[mode], c[i].nwant[mode]);
        }
    }
    CHECK(count > 300 && bad == 0, "%s: %lu texts of cases.txt give HF's ids (%lu mismatches)",
          mode ? "cased" : "uncased", (unsigned long)count, (unsigned long)bad);
    CHECK(too_many == 0, "%s: PRUNE_TOKENIZE_MAX(len) is enough for every text", mode ? "cased" : "uncased");
    free(ids);
}

/* ---- temporary vocabulary files ---- */

static const char *tmp_path(const char *name) {
    static char path[512];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/prune_tok_%ld_%s", dir && *dir ? dir : "/tmp", (long)getpid(), name);
    return path;
}

static const char *write_tmp(const char *name, const char *data, size_t n) {
    const char *path = tmp_path(name);
    FILE *f = fopen(path, "wb");
    if (f) { fwrite(data, 1, n, f); fclose(f); }
    return path;
}

static const char *write_str(const char *name, const char *data) { return write_tmp(name, data, strlen(data)); }

static int tokenize_str(const prune_tokenizer *tk, const char *s, int32_t *ids, size_t cap, size_t *n, prune_error *err) {
    return prune_tokenize(tk, s, strlen(s), ids, cap, n, err);
}

/* ---- byte-level BPE (RoBERTa, GPT-2, OPT), tests/fixtures/bpe/ from bpe_oracle.py ---- */
static void test_bpe(void) {
    prune_tokenizer tk, bad;
    prune_error err;
    size_t size, pos, count = 0, wrong = 0, too_many = 0, n;
    char *buf = slurp("tests/fixtures/bpe/cases.txt", &size);
    int32_t ids[4096], want[4096];
    int rc = prune_tokenizer_load_dir(&tk, "tests/fixtures/bpe", &err);
    CHECK(rc == PRUNE_OK && tk.kind == PRUNE_TOKENIZER_BPE && tk.vocab_size == 4261 && tk.cls_id == 0 && tk.pad_id == 1 && tk.sep_id == 2 &&
          tk.unk_id == 3 && tk.mask_id == 4260, "BPE: a directory with vocab.json and merges.txt loads as byte-level BPE (%s)",
          rc ? err.msg : "ok");
    if (rc != PRUNE_OK || !buf) { free(buf); CHECK(0, "BPE fixtures readable"); return; }
    for (pos = 0; pos < size;) {
        char *eol = (char *)memchr(buf + pos, '\n', size - pos), *tab, text[8192];
        size_t end = eol ? (size_t)(eol - buf) : size, len, nw;
        if (buf[pos] != '#' && (tab = (char *)memchr(buf + pos, '\t', end - pos)) != NULL && (size_t)(tab - buf - pos) < sizeof text) {
            len = unescape(buf + pos, (size_t)(tab - (buf + pos)), text);
            nw = parse_ids(tab + 1, (size_t)(buf + end - tab - 1), want);
            rc = prune_tokenize(&tk, text, len, ids, PRUNE_TOKENIZE_MAX(len), &n, &err);
            too_many += n > PRUNE_TOKENIZE_MAX(len);
            if (rc != PRUNE_OK || n != nw || memcmp(ids, want, n * sizeof *ids) != 0) {
                if (wrong++ < 3) { printf("# BPE mismatch on case %lu (%s)\n", (unsigned long)count, rc ? err.msg : "ids"); print_ids("want", want, nw); print_ids("got", ids, n); }
            }
            count++;
        }
        pos = end + 1;
    }
    free(buf);
    CHECK(count > 300 && wrong == 0, "BPE: %lu texts (white space, contractions, marks, emoji, CJK, controls, added tokens, long pieces) "
          "give RobertaTokenizerFast's ids, %lu mismatches", (unsigned long)count, (unsigned long)wrong);
    CHECK(too_many == 0, "BPE: PRUNE_TOKENIZE_MAX(len) is enough for every text");
    rc = prune_tokenize(&tk, "ab\xC3(", 4, ids, 16, &n, &err);
    CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "byte 2"), "BPE: invalid UTF-8 is refused at its byte: %s", err.msg);
    rc = prune_tokenize(&tk, "Hello world", 11, ids, 1, &n, &err);
    CHECK(rc == PRUNE_OK && n > 1, "BPE: a short cap gives the full count (%lu) and the first ids", (unsigned long)n);
    CHECK(strcmp(prune_tokenizer_token(&tk, 4260), "<mask>") == 0 && prune_tokenizer_id(&tk, " the") >= 0,
          "BPE: tokens are kept as the bytes they stand for (\"Ġthe\" is \" the\")");
    prune_tokenizer_free(&tk);
    /* errors name the file and the line */
    {
        char v[600], m[600];   /* write_str returns one static buffer: keep copies */
        snprintf(v, sizeof v, "%s", write_str("v.json", "{\"a\": 0, \"b\": 1}"));
        snprintf(m, sizeof m, "%s", write_str("m.txt", "#version: 0.2\na b\n"));
        rc = prune_tokenizer_load_bpe(&bad, v, m, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "has no token"), "BPE: a vocabulary without the 256 byte tokens is refused: %s", err.msg);
        remove(v);
        {   /* forty tokens on one id: the table must hold every key (it looped forever) */
            char many[1024], *w = many;
            int k;
            w += sprintf(w, "{");
            for (k = 0; k < 40; k++) w += sprintf(w, "%s\"k%d\": 0", k ? ", " : "", k);
            sprintf(w, "}");
            snprintf(v, sizeof v, "%s", write_str("v.json", many));
            rc = prune_tokenizer_load_bpe(&bad, v, m, &err);
            CHECK(rc == PRUNE_EFORMAT, "BPE: forty tokens sharing id 0 load and are refused, no hang: %s", err.msg);
            snprintf(v, sizeof v, "%s", write_str("v.json", "{\"a\": 67108863}"));
            rc = prune_tokenizer_load_bpe(&bad, v, m, &err);
            CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "must number the tokens"), "BPE: an id far past the token count: %s", err.msg);
        }
        snprintf(v, sizeof v, "%s", write_str("v.json", "[1, 2]"));
        rc = prune_tokenizer_load_bpe(&bad, v, m, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "not a vocabulary"), "BPE: a vocab.json that is not an object: %s", err.msg);
        remove(v);
        remove(m);
        snprintf(m, sizeof m, "%s", write_str("m.txt", "#version: 0.2\n\xC4\xA0 t\nzz qq\n"));
        rc = prune_tokenizer_load_bpe(&bad, "tests/fixtures/bpe/vocab.json", m, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "m.txt:3:"), "BPE: a merge of tokens not in the vocabulary names its line: %s", err.msg);
        remove(m);
        snprintf(m, sizeof m, "%s", write_str("m.txt", "#version: 0.2\nab\n"));
        rc = prune_tokenizer_load_bpe(&bad, "tests/fixtures/bpe/vocab.json", m, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, ":2: a merge is two tokens"), "BPE: a malformed merge line: %s", err.msg);
        remove(m);
        rc = prune_tokenizer_load_dir(&bad, "tests/fixtures", &err);
        CHECK(rc == PRUNE_EIO && strstr(err.msg, "no tokenizer here"), "a directory without tokenizer files: %s", err.msg);
        rc = prune_tokenizer_load_dir(&bad, "tests/fixtures/tokenizer", &err);
        CHECK(rc == PRUNE_OK && bad.kind == PRUNE_TOKENIZER_WORDPIECE && bad.lowercase == 1, "a directory with vocab.txt loads WordPiece (%s)",
              rc ? err.msg : "uncased");
        prune_tokenizer_free(&bad);
    }
}


/* prune_tokenize_offsets against transformers' offset mapping (return_offsets_mapping),
   in UTF-8 bytes: tests/fixtures/offsets.json, by tests/reference/offsets_oracle.py
   --write-fixture, over hard strings (accents, combining marks, CJK, emoji, runs of
   spaces, tabs and line breaks, a word over 100 characters, special tokens); the
   oracle itself checks the SQuAD and RACE texts (0 mismatches) */
static void check_offsets(void) {
    static const char *const kinds[2] = {"wordpiece", "bpe"};
    prune__json j;
    prune_error e;
    char *buf = NULL;
    size_t size, texts, k;
    int rc, kind;
    rc = prune__read_file("tests/fixtures/offsets.json", &buf, &size, 1 << 22, &e);
    rc = rc ? rc : prune__json_parse(&j, "offsets.json", "", buf, size, 0, &e);
    CHECK(rc == PRUNE_OK, "offsets: the fixture reads (%s)", rc ? e.msg : "ok");
    if (rc != PRUNE_OK) { free(buf); return; }
    texts = prune__json_get(&j, 0, "texts");
    for (kind = 0; kind < 2; kind++) {
        prune_tokenizer tk;
        size_t want = prune__json_get(&j, 0, kinds[kind]), t, w;
        int bad = 0, cases = 0, tokens = 0;
        rc = kind ? prune_tokenizer_load_dir(&tk, "tests/fixtures/bpe", &e) : prune_tokenizer_load(&tk, FIX "vocab.txt", 1, &e);
        CHECK(rc == PRUNE_OK, "offsets: %s tokenizer loads (%s)", kinds[kind], rc ? e.msg : "ok");
        if (rc != PRUNE_OK) continue;
        for (t = j.v[texts].first, w = j.v[want].first; t && w; t = j.v[t].next, w = j.v[w].next, cases++) {
            int32_t ids[512];
            uint32_t offs[1024];
            size_t n = 0, tok;
            int ok = prune_tokenize_offsets(&tk, j.v[t].str, j.v[t].slen, ids, offs, 512, &n, &e) == PRUNE_OK && n == j.v[w].count;
            for (tok = j.v[w].first, k = 0; ok && tok; tok = j.v[tok].next, k++) {
                size_t v = j.v[tok].first;
                ok = ids[k] == (int32_t)j.v[v].num && offs[2 * k] == (uint32_t)j.v[j.v[v].next].num &&
                     offs[2 * k + 1] == (uint32_t)j.v[j.v[j.v[v].next].next].num;
            }
            tokens += (int)n;
            if (!ok && bad++ < 3) printf("# %s offsets differ on text %d: %.40s\n", kinds[kind], cases, j.v[t].str);
        }
        CHECK(bad == 0 && cases > 20, "offsets: %s ids and byte offsets are transformers' on %d hard texts (%d tokens, %d differ)", kinds[kind],
              cases, tokens, bad);
        prune_tokenizer_free(&tk);
    }
    prune__json_free(&j);
    free(buf);
}

int main(void) {
    prune_tokenizer tk, tkc;
    prune_error err;
    tcase *cases;
    size_t ncases, i, n, size;
    int rc;
    int32_t ids[64];
    char *vid;

    memset(&tk, 0, sizeof tk);
    memset(&tkc, 0, sizeof tkc);
    /* ---- the vocabulary, as HF reads it ---- */
    rc = prune_tokenizer_load(&tk, FIX "vocab.txt", 1, &err);
    CHECK(rc == PRUNE_OK, "load " FIX "vocab.txt: %s", rc ? err.msg : "ok");
    if (rc != PRUNE_OK) return TEST_END();
    vid = slurp(FIX "vocab.txt", &size);
    for (i = 0, n = 0; vid && i < size; i++) n += vid[i] == '\n';     /* the file ends with a newline */
    free(vid);
    CHECK(tk.vocab_size == (int32_t)n && tk.pad_id == 0 && tk.unk_id == 1 && tk.cls_id == 2 && tk.sep_id == 3 && tk.mask_id == 4,
          "vocab_size %d (lines), [PAD] [UNK] [CLS] [SEP] [MASK] = %d %d %d %d %d", (int)tk.vocab_size, (int)tk.pad_id,
          (int)tk.unk_id, (int)tk.cls_id, (int)tk.sep_id, (int)tk.mask_id);
    vid = slurp(FIX "vocab_ids.txt", &size);
    CHECK(vid != NULL, "read " FIX "vocab_ids.txt");
    if (vid) {
        size_t pos, count = 0, bad = 0, distinct = 0;
        char tok[1024];
        for (pos = 0; pos < size;) {
            char *eol = (char *)memchr(vid + pos, '\n', size - pos), *tab;
            size_t end = eol ? (size_t)(eol - vid) : size, k;
            if (vid[pos] != '#' && (tab = (char *)memchr(vid + pos, '\t', end - pos)) != NULL &&
                (size_t)(tab - vid) - pos < sizeof tok) {
                long want = strtol(tab + 1, NULL, 10);
                const char *back;
                k = unescape(vid + pos, (size_t)(tab - vid) - pos, tok);
                tok[k] = 0;
                back = prune_tokenizer_token(&tk, (int32_t)want);
                if (prune_tokenizer_id(&tk, tok) != want || !back || strcmp(back, tok) != 0) {
                    if (bad++ < 5) printf("# token '%s': id %d, HF %ld; token of %ld is '%s'\n", tok,
                                          (int)prune_tokenizer_id(&tk, tok), want, want, back ? back : "(null)");
                }
                count++;
            }
            pos = end + 1;
        }
        for (i = 0; i < (size_t)tk.vocab_size; i++) distinct += prune_tokenizer_id(&tk, prune_tokenizer_token(&tk, (int32_t)i)) == (int32_t)i;
        CHECK(count > 2000 && bad == 0 && distinct == count,
              "every token of HF's map has HF's id, and back (%lu tokens, %lu wrong, %lu distinct here)",
              (unsigned long)count, (unsigned long)bad, (unsigned long)distinct);
        free(vid);
    }
    CHECK(prune_tokenizer_id(&tk, "movie") > 4 && prune_tokenizer_id(&tk, "film") > 4 &&
          strcmp(prune_tokenizer_token(&tk, prune_tokenizer_id(&tk, "movie")), "movie") == 0 &&
          strcmp(prune_tokenizer_token(&tk, prune_tokenizer_id(&tk, "film")), "film") == 0 &&
          prune_tokenizer_id(&tk, "movie \t") == -1 && prune_tokenizer_id(&tk, "film\xc2\xa0") == -1,
          "the lines \"movie \\t\\r\" and \"film\\u00a0\" are trimmed to movie and film");
    CHECK(prune_tokenizer_id(&tk, "the") == tk.vocab_size - 1 && strcmp(prune_tokenizer_token(&tk, tk.vocab_size - 1), "the") == 0,
          "a duplicate token maps to its last line, as in HF (the -> %d)", (int)prune_tokenizer_id(&tk, "the"));
    CHECK(prune_tokenizer_token(&tk, -1) == NULL && prune_tokenizer_token(&tk, tk.vocab_size) == NULL &&
          prune_tokenizer_token(&tk, tk.vocab_size - 1) != NULL && prune_tokenizer_id(&tk, "no-such-token") == -1,
          "ids out of range give NULL, unknown tokens -1");

    /* ---- HF's ids, uncased and cased ---- */
    ncases = load_cases(FIX "cases.txt", &cases);
    CHECK(ncases > 0, "read " FIX "cases.txt (%lu cases)", (unsigned long)ncases);
    check_cases(&tk, cases, ncases, 0);
    rc = prune_tokenizer_load(&tkc, FIX "vocab.txt", 0, &err);
    CHECK(rc == PRUNE_OK && tkc.lowercase == 0, "load the same vocabulary cased");
    if (rc == PRUNE_OK) check_cases(&tkc, cases, ncases, 1);

    /* ---- the cap: *n counts all ids, at most cap are written ---- */
    {
        const char *s = "the movie the film the movie";
        int32_t all[16], part[8];
        size_t nall = 0, npart = 0;
        for (i = 0; i < 8; i++) part[i] = -7;
        tokenize_str(&tk, s, all, 16, &nall, &err);
        rc = tokenize_str(&tk, s, part, 3, &npart, &err);
        CHECK(rc == PRUNE_OK && nall == 6 && npart == 6 && memcmp(part, all, 3 * sizeof *all) == 0 && part[3] == -7,
              "cap 3: *n is the full count (%lu), 3 ids written, nothing past them", (unsigned long)npart);
        rc = tokenize_str(&tk, s, NULL, 0, &npart, &err);
        CHECK(rc == PRUNE_OK && npart == 6, "cap 0 with ids NULL counts the ids");
        rc = prune_tokenize(&tk, NULL, 0, NULL, 0, &npart, &err);
        CHECK(rc == PRUNE_OK && npart == 0, "an empty text has no ids");
    }

    /* ---- invalid UTF-8: PRUNE_EFORMAT naming the byte offset ---- */
    {
        static const struct { const char *s; size_t off; const char *what; } bad[] = {
            {"ab\xff" "cd", 2, "byte 0xFF"},
            {"movie \x80", 6, "a lone continuation byte"},
            {"\xc0\xaf", 0, "an overlong '/'"},
            {"x \xe0\x80\xaf", 2, "an overlong 3-byte form"},
            {"ok \xed\xa0\x80", 3, "a surrogate (CESU-8)"},
            {"\xf4\x90\x80\x80", 0, "a code point past U+10FFFF"},
            {"caf\xc3", 3, "a sequence cut by the end of the text"},
            {"caf\xc3" "e", 3, "a sequence cut by an ASCII byte"},
            {"\xc3\xa9t\xe9", 3, "Latin-1 among UTF-8"},
        };
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            char want[64];
            n = 99;
            rc = tokenize_str(&tk, bad[i].s, ids, 64, &n, &err);
            snprintf(want, sizeof want, "at byte %lu ", (unsigned long)bad[i].off);
            CHECK(rc == PRUNE_EFORMAT && n == 0 && strstr(err.msg, want) != NULL, "invalid UTF-8, %s: %s", bad[i].what,
                  rc ? err.msg : "accepted");
        }
    }

    /* ---- texts over 10 MB ---- */
    {
        const char *unit = "the movie , the film ! ";
        size_t ulen = strlen(unit), reps = (11u << 20) / ulen, len = reps * ulen, per, k, bad = 0;
        char *big = (char *)malloc(len + 1);
        int32_t *out = (int32_t *)malloc(sizeof(int32_t) * PRUNE_TOKENIZE_MAX(len));
        int32_t one[16];
        tokenize_str(&tk, unit, one, 16, &per, &err);
        for (k = 0; k < reps; k++) memcpy(big + k * ulen, unit, ulen);
        rc = prune_tokenize(&tk, big, len, out, PRUNE_TOKENIZE_MAX(len), &n, &err);
        for (k = 0; rc == PRUNE_OK && k < n; k++) bad += out[k] != one[k % per];
        CHECK(rc == PRUNE_OK && n == reps * per && bad == 0, "an 11 MiB text of %lu sentences: %lu ids, the sentence's ids repeated",
              (unsigned long)reps, (unsigned long)n);
        memset(big, 'a', len);
        rc = prune_tokenize(&tk, big, len, out, 4, &n, &err);
        CHECK(rc == PRUNE_OK && n == 1 && out[0] == tk.unk_id, "an 11 MiB word is one [UNK]");
        /* 'a' then millions of combining marks: uncased strips them (the word is "a"),
           cased keeps them (a word far over 100 characters) */
        big[0] = 'a';
        for (k = 1; k + 2 <= len; k += 2) { big[k] = '\xcc'; big[k + 1] = '\x81'; }    /* U+0301 */
        rc = prune_tokenize(&tk, big, k, out, 4, &n, &err);
        CHECK(rc == PRUNE_OK && n == 1 && out[0] == prune_tokenizer_id(&tk, "a"), "uncased: 'a' + 5.5 million U+0301 is \"a\"");
        rc = prune_tokenize(&tkc, big, k, out, 4, &n, &err);
        CHECK(rc == PRUNE_OK && n == 1 && out[0] == tk.unk_id, "cased: the same is one [UNK]");
        /* marks that survive stripping and wait for canonical ordering (U+1D165, class 216) */
        for (k = 1; k + 4 <= len; k += 4) memcpy(big + k, "\xf0\x9d\x85\xa5", 4);
        rc = prune_tokenize(&tk, big, k, out, 4, &n, &err);
        CHECK(rc == PRUNE_OK && n == 1 && out[0] == tk.unk_id, "uncased: 'a' + 2.7 million U+1D165 is one [UNK]");
        free(big);
        free(out);
    }

    /* ---- loading errors ---- */
    {
        prune_tokenizer bad;
        const char *p;
        char *line;
        memset(&bad, 0, sizeof bad);
        rc = prune_tokenizer_load(&bad, "tests/fixtures/tokenizer/no-such-vocab.txt", 1, &err);
        CHECK(rc == PRUNE_EIO && strstr(err.msg, "no-such-vocab.txt") && bad.text == NULL, "missing file: %s", err.msg);
        p = write_tmp("empty.txt", "", 0);
        rc = prune_tokenizer_load(&bad, p, 1, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "empty") && strstr(err.msg, p), "empty file: %s", err.msg);
        remove(p);
        p = write_str("nounk.txt", "[PAD]\n[CLS]\n[SEP]\nthe\n");
        rc = prune_tokenizer_load(&bad, p, 1, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, "no [UNK]") && bad.slots == NULL, "no [UNK]: %s", err.msg);
        remove(p);
        p = write_str("badutf8.txt", "[UNK]\nthe\nca\xff" "fe\n");
        rc = prune_tokenizer_load(&bad, p, 1, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, ":3: invalid UTF-8"), "invalid UTF-8 in line 3: %s", err.msg);
        remove(p);
        line = (char *)malloc((1u << 20) + 64);
        memcpy(line, "[UNK]\n", 6);
        memset(line + 6, 'a', (1u << 20) + 1);
        p = write_tmp("longline.txt", line, 6 + (1u << 20) + 1);
        rc = prune_tokenizer_load(&bad, p, 1, &err);
        CHECK(rc == PRUNE_EFORMAT && strstr(err.msg, ":2: line longer than 1 MiB"), "a line over 1 MiB: %s", err.msg);
        remove(p);
        free(line);
        /* CRLF everywhere, no final newline, a token with a space inside */
        p = write_str("crlf.txt", "[UNK]\r\nNew York\r\nthe\r\n##s");
        rc = prune_tokenizer_load(&bad, p, 0, &err);
        CHECK(rc == PRUNE_OK && bad.vocab_size == 4 && prune_tokenizer_id(&bad, "the") == 2 && prune_tokenizer_id(&bad, "##s") == 3 &&
              prune_tokenizer_id(&bad, "New York") == 1, "CRLF lines, no final newline, inner spaces kept");
        rc = tokenize_str(&bad, "the xyz thes", ids, 64, &n, &err);
        CHECK(rc == PRUNE_OK && n == 4 && ids[0] == 2 && ids[1] == 0 && ids[2] == 2 && ids[3] == 3, "[UNK] and ## pieces on it");
        prune_tokenizer_free(&bad);
        prune_tokenizer_free(&bad);
        remove(p);
        CHECK(bad.text == NULL && bad.unk_id == -1, "free twice is harmless");
        rc = tokenize_str(&bad, "the", ids, 64, &n, &err);
        CHECK(rc == PRUNE_EARG, "a freed tokenizer is refused: %s", err.msg);
        rc = prune_tokenize(&tk, "x", 1, NULL, 4, &n, &err);
        CHECK(rc == PRUNE_EARG, "ids NULL with cap > 0 is refused");
    }

    test_bpe();
    for (i = 0; i < ncases; i++) { free(cases[i].text); free(cases[i].want[0]); free(cases[i].want[1]); }
    free(cases);
    prune_tokenizer_free(&tk);
    prune_tokenizer_free(&tkc);
    check_offsets();
    return TEST_END();
}
