"""Generate the Unicode tables of prune.h by asking the reference tokenizer itself.

transformers' BertTokenizer is, since transformers 5, the Rust tokenizer of the `tokenizers`
library. Its Unicode data does not come from one Unicode version: general categories come from
the `unicode_categories` crate (old), NFD from `unicode-normalization-alignments` (old), lower
case and White_Space from the Rust standard library (new). Python's `unicodedata` (14.0 in
Python 3.11) disagrees with it on hundreds of code points, so the tables are not built from
`unicodedata`: this script probes the installed `tokenizers` on every code point, one
component at a time, and writes what it answers. `unicodedata` is used only where it cannot
disagree (the one-level shape of canonical decompositions and the value of a combining class,
both immutable by Unicode's stability policy), and every such use is checked against the probe.

Then it checks the tables: a Python copy of the C algorithm (model_words below, step for step
the code in prune.h) must split every single code point, and 30,000 random strings of
hard characters, into the same words as tokenizers' BertNormalizer + BertPreTokenizer, cased
and uncased. It refuses to write anything if a check fails.

Run from anywhere:   python3 tests/reference/gen_unicode_tables.py [FILE]
It rewrites the part of FILE (default prune.h; prune.h once the tokenizer lives there)
between the GENERATED markers, and nothing else.
The output is deterministic (about 30 s).
"""
import bisect, os, random, sys, unicodedata
import tokenizers
from tokenizers import normalizers as N, pre_tokenizers as P

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TARGET = os.path.join(ROOT, "prune.h")
BEGIN, END = "/* BEGIN GENERATED UNICODE TABLES */", "/* END GENERATED UNICODE TABLES */"
# the flag names, which the tokenizer (Part B) uses before the tables (Part C) come
FLAGS_BEGIN, FLAGS_END = "/* BEGIN GENERATED UNICODE FLAGS */", "/* END GENERATED UNICODE FLAGS */"

# flag bits: the C code tests them by these names
DROP, SPACE, CJK, PUNCT, MN, WS = 1, 2, 4, 8, 16, 32
FLAG_DOC = [
    ("DROP", DROP, "removed by the clean-up (U+0000, U+FFFD, is_other: Cc Cf Co Cs)"),
    ("SPACE", SPACE, "becomes ' ' in the clean-up (\\t \\n \\r and White_Space)"),
    ("CJK", CJK, "CJK ideograph: gets a space on each side"),
    ("PUNCT", PUNCT, "punctuation: a word of its own"),
    ("MN", MN, "non-spacing mark: dropped after NFD when uncased"),
    ("WS", WS, "White_Space: splits words; trimmed from vocabulary lines"),
]
CODEPOINTS = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
HANGUL = range(0xAC00, 0xAC00 + 11172)


def fail(msg):
    sys.exit("gen_unicode_tables: " + msg)


def probe():
    """Ask tokenizers about every code point; returns flags, nfd, lower dicts and ccc."""
    clean = N.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=False, lowercase=False)
    bert_pre = P.BertPreTokenizer()
    ws_pre = P.WhitespaceSplit()
    # BertNormalizer's accent stripping is NFD then a filter on unicode_categories'
    # is_mark_nonspacing; on a character NFD leaves alone that is the filter alone. (The
    # StripAccents normalizer would be the wrong probe: it drops every combining mark.)
    strip = N.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    nfd = N.NFD()
    lower = N.Lowercase()
    flags, nfd_of, lower_of = {}, {}, {}
    for cp in CODEPOINTS:
        c = chr(cp)
        f = 0
        r = clean.normalize_str(c)
        if r == "":
            f |= DROP
        elif r == " ":
            f |= SPACE
        elif r == " " + c + " ":
            f |= CJK
        elif r != c:
            fail(f"clean-up of U+{cp:04X} gives {r!r}")
        n = len(bert_pre.pre_tokenize_str("a" + c + "a"))
        if n == 3:
            f |= PUNCT
        if nfd.normalize_str(c) == c and strip.normalize_str(c) == "":
            f |= MN    # only tested on characters NFD leaves alone, so only set on them
        if len(ws_pre.pre_tokenize_str("a" + c + "a")) == 2:
            f |= WS
        if f:
            flags[cp] = f
        d = nfd.normalize_str(c)
        if d != c:
            nfd_of[cp] = d
        lo = lower.normalize_str(c)
        if lo != c:
            lower_of[cp] = lo
    # combining classes: the value is Unicode's (immutable once assigned); whether the crate
    # knows the mark at all is probed by whether NFD moves it past a mark of another class
    ccc = {}
    for cp in CODEPOINTS:
        k = unicodedata.combining(chr(cp))
        if not k:
            continue
        c = chr(cp)
        if k < 240:   # U+0345 has class 240: a known mark of class k < 240 moves before it
            known = nfd.normalize_str("a\u0345" + c) == "a" + c + "\u0345"
        else:         # class 240 > 230: U+0300 moves before it
            known = nfd.normalize_str("a" + c + "\u0300") == "a\u0300" + c
        if known:
            ccc[cp] = k
    return flags, nfd_of, lower_of, ccc


def ranges(values):
    """[(lo, hi, v)] for runs of consecutive code points with the same non-zero value."""
    out = []
    for cp in sorted(values):
        v = values[cp]
        if out and out[-1][1] == cp - 1 and out[-1][2] == v:
            out[-1][1] = cp
        else:
            out.append([cp, cp, v])
    return out


def lower_ranges(m):
    """[(lo, hi, delta, step)]: every step-th code point of [lo, hi] maps to cp + delta."""
    out = []
    for cp in sorted(m):
        delta = m[cp] - cp
        if out:
            lo, hi, d, step = out[-1]
            if d == delta and ((step == 1 and cp == hi + 1) or (step == 2 and cp == hi + 2) or (lo == hi and cp == hi + 2)):
                out[-1] = [lo, cp, d, cp - hi if lo == hi else step]
                continue
        out.append([cp, cp, delta, 1])
    return out


def build_tables(flags, nfd_of, lower_of, ccc):
    # decompositions: one level (Unicode's shape), only where the crate decomposes, checked below
    nfd1 = {}
    for cp, full in nfd_of.items():
        if cp in HANGUL:
            continue
        dec = unicodedata.decomposition(chr(cp))
        if not dec or dec.startswith("<"):
            fail(f"U+{cp:04X}: the crate decomposes it to {full!r}, Python has no canonical decomposition")
        parts = [int(x, 16) for x in dec.split()]
        if len(parts) > 2:
            fail(f"U+{cp:04X}: decomposition of more than two code points")
        nfd1[cp] = parts + [0] * (2 - len(parts))

    def expand(cp):
        if cp in HANGUL:
            return list(nfd_of[cp])
        if cp not in nfd1:
            return [chr(cp)]
        a, b = nfd1[cp]
        return expand(a) + (expand(b) if b else [])

    nfd_max = 0
    for cp in CODEPOINTS:
        e = expand(cp)
        # the crate's NFD of a single character is its expansion in canonical order
        want = nfd_of.get(cp, chr(cp))
        got = "".join(sorted_canonical(e, ccc))
        if got != want:
            fail(f"U+{cp:04X}: expanded decomposition {got!r} != the crate's {want!r}")
        nfd_max = max(nfd_max, len(e))
    # lower case: only characters NFD leaves alone ever reach it
    low = {}
    for cp, lo in lower_of.items():
        if cp in nfd_of:
            continue
        if len(lo) != 1:
            fail(f"U+{cp:04X} lower-cases to {len(lo)} characters and does not decompose")
        low[cp] = ord(lo)
    for cp in range(0x80):
        want = cp + 32 if 0x41 <= cp <= 0x5A else cp
        if low.get(cp, cp) != want:
            fail("ASCII lower case is not A-Z -> a-z")
    return nfd1, nfd_max, low


def sorted_canonical(chars, ccc):
    """Canonical ordering: stable sort of each run of non-starters by combining class."""
    out, run = [], []
    for c in chars:
        k = ccc.get(ord(c), 0)
        if k == 0:
            out += sorted(run, key=lambda x: ccc[ord(x)])
            run = []
            out.append(c)
        else:
            run.append(c)
    return out + sorted(run, key=lambda x: ccc[ord(x)])


class Model:
    """The C algorithm of prune.h, steps 1 to 4, in Python, on the generated tables."""

    def __init__(self, flags, nfd1, low, ccc):
        self.flags, self.nfd1, self.low, self.ccc = flags, nfd1, low, ccc

    def decompose(self, cp):
        if cp in HANGUL:
            s = cp - 0xAC00
            d = [0x1100 + s // 588, 0x1161 + (s % 588) // 28]
            return d + [0x11A7 + s % 28] if s % 28 else d
        if cp not in self.nfd1:
            return [cp]
        a, b = self.nfd1[cp]
        return self.decompose(a) + (self.decompose(b) if b else [])

    def words(self, text, lowercase):
        words, word, pend = [], [], []
        fl = self.flags

        def flush_word():
            if word:
                words.append("".join(word))
                word.clear()

        def norm(cp):
            f = fl.get(cp, 0)
            if f & PUNCT:
                flush_word(); words.append(chr(cp))
            elif f & WS:
                flush_word()
            else:
                word.append(chr(cp))

        def flush_marks():
            for cp in sorted(pend, key=lambda x: self.ccc[x]):   # stable
                norm(self.low.get(cp, cp))
            pend.clear()

        for ch in text:
            cp = ord(ch)
            f = fl.get(cp, 0)
            if f & DROP:
                continue
            if f & (SPACE | CJK):
                flush_marks(); flush_word()
                if f & SPACE:
                    continue
            if lowercase:
                for d in self.decompose(cp):
                    k = self.ccc.get(d, 0)
                    if k == 0:
                        flush_marks()
                    if fl.get(d, 0) & MN:
                        continue
                    if k == 0:
                        norm(self.low.get(d, d))
                    else:
                        pend.append(d)
            else:
                norm(cp)
            if f & CJK:
                flush_marks(); flush_word()
        flush_marks(); flush_word()
        return words


def soup(rng, ccc, flags):
    """Random strings of characters where tokenizers are most likely to go wrong."""
    marks = sorted(ccc)                                  # every mark the crate orders
    mn = [cp for cp in sorted(flags) if flags[cp] & MN]
    pool = (list(range(0x20, 0x7F)) * 3 + list(range(0xA0, 0x250)) + [0x130, 0x131, 0x3A3, 0x3C2, 0x1E9E, 0x212B, 0x2126]
            + list(range(0x370, 0x400)) + list(range(0x1F00, 0x1F20)) + [0xAC00, 0xD7A3, 0xAC01, 0x1100, 0x1161, 0x11A8]
            + [0x4E00, 0x9FFF, 0x3400, 0x2B81F, 0x2B820, 0x2B91F, 0x2B920, 0xF900, 0xFA6D, 0x2F800, 0x3000, 0x3001]
            + [0, 1, 9, 10, 11, 12, 13, 0x1C, 0x7F, 0x85, 0xA0, 0xAD, 0x200B, 0x200D, 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0xE000]
            + [0x1D15E, 0x1D160, 0x1D164, 0x1D1BB, 0x0344, 0x0F73, 0x0F75, 0x0F81, 0x1F82, 0x0CCB, 0x0958, 0xFB2C]
            + [0x1F600, 0x1F970, 0x1FAE8, 0x10FFFF, 0x0378, 0x2E43, 0x0898, 0x07FD, 0x1734, 0x1ABE, 0x11938]
            + [0x0387, 0x037E, 0x1FEF, 0x1FFD, 0x2000, 0x2001, 0xFF01, 0xFF21, 0xFF41, 0x1C89, 0x10D50]
            + marks * 2 + mn[::7])
    for _ in range(30000):
        yield "".join(chr(rng.choice(pool)) for _ in range(rng.randint(1, 12)))


def check(model, flags, nfd_of, lower_of, ccc):
    ref = {lc: (N.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=lc),
                P.BertPreTokenizer()) for lc in (False, True)}

    def want(text, lc):
        norm, pre = ref[lc]
        return [w for w, _ in pre.pre_tokenize_str(norm.normalize_str(text))]

    bad = 0
    for lc in (False, True):
        for cp in CODEPOINTS:
            t = "a" + chr(cp) + "b"
            if model.words(t, lc) != want(t, lc):
                bad += 1
                if bad < 10:
                    print(f"  U+{cp:04X} lowercase={lc}: {model.words(t, lc)!r} != {want(t, lc)!r}")
    rng = random.Random(20240611)
    for text in soup(rng, ccc, flags):
        for lc in (False, True):
            if model.words(text, lc) != want(text, lc):
                bad += 1
                if bad < 10:
                    print(f"  {text!r} lowercase={lc}: {model.words(text, lc)!r} != {want(text, lc)!r}")
    if bad:
        fail(f"{bad} inputs where the model of the C code disagrees with tokenizers")
    # what the C code relies on
    for cp in CODEPOINTS:
        units = len(chr(cp).encode())
        kept = [d for d in model.decompose(cp) if not flags.get(d, 0) & MN]
        if len(kept) > units:
            fail(f"U+{cp:04X} normalises into more characters than it has bytes (PRUNE_TOKENIZE_MAX)")
    for cp in ccc:
        if cp in flags and flags[cp] & MN:
            continue
        if flags.get(cp, 0) & (PUNCT | WS) or model.low.get(cp, cp) != cp:
            fail(f"mark U+{cp:04X} is punctuation, space or has a lower case: the C code's marks buffer assumes not")


def landmarks(flags, ccc, lower_of, nfd_of):
    """Which Unicode versions the reference's data come from, from characters each added."""
    def is_(cp, bit):
        return bool(flags.get(cp, 0) & bit)
    facts = {
        "punct 8.0": is_(0xA8FC, PUNCT) and is_(0x111CD, PUNCT) and not is_(0x2E43, PUNCT) and not is_(0x1E95E, PUNCT),
        "mn 8.0": is_(0x08E3, MN) and is_(0x1CF8, MN) and not is_(0x08D4, MN) and not is_(0x11C3F, MN),
        "other 8.0": not is_(0x08E2, DROP) and is_(0x061C, DROP),
        "ccc 9.0": 0x1E94A in ccc and 0x1DF6 not in ccc and 0x0D3B not in ccc,
        "nfd <13": 0x11938 not in nfd_of,
        "lower 16.0": 0x1C89 in lower_of and 0x10D50 in lower_of,
    }
    for k, v in facts.items():
        if not v:
            fail(f"the reference's Unicode data changed ({k}); update the comment this script writes")


def differences(flags, ccc, nfd_of, lower_of):
    """How many code points the reference classifies differently from Python's unicodedata."""
    py = {"clean": 0, "punct": 0, "mn": 0, "nfd": 0, "lower": 0, "cjk": 0}
    for cp in CODEPOINTS:
        c, f = chr(cp), flags.get(cp, 0)
        cat = unicodedata.category(c)
        py_drop = cp in (0, 0xFFFD) or (cat.startswith("C") and c not in "\t\n\r")
        py_space = not py_drop and (c in " \t\n\r" or cat == "Zs")
        if py_drop != bool(f & DROP) or py_space != bool(f & SPACE):
            py["clean"] += 1
        py_p = 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or cat.startswith("P")
        py["punct"] += py_p != bool(f & PUNCT)
        py["mn"] += (cat == "Mn") != bool(f & MN)
        py["nfd"] += unicodedata.normalize("NFD", c) != nfd_of.get(cp, c)
        py["lower"] += c.lower() != lower_of.get(cp, c)
        py_cjk = any(lo <= cp <= hi for lo, hi in [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
                                                   (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)])
        py["cjk"] += py_cjk != bool(f & CJK)
    return py


def emit(flags, nfd1, nfd_max, low, ccc, diff):
    L = []
    w = L.append
    w(BEGIN)
    w(f"""/* Written by tests/reference/gen_unicode_tables.py from tokenizers {tokenizers.__version__}, the library
   behind transformers' BertTokenizer, by probing it on every code point. Do not edit by hand.
   Its Unicode data mixes versions, and these tables reproduce the mix:
     - control (Cc Cf Co Cs) and punctuation (P*): Unicode 8.0 (the unicode_categories crate);
       unassigned code points (Cn) are kept, not removed
     - non-spacing marks (Mn): Unicode 8.0 (same crate); only set on characters NFD leaves
       alone, the only ones it is asked about
     - canonical decompositions and combining classes: Unicode 9.0 (unicode-normalization-alignments)
     - lower case and White_Space: Unicode 16.0 or later (the Rust standard library)
     - CJK ideographs: BERT's list of blocks, with tokenizers' typo 0x2B920 for 0x2B820
   Python {sys.version_info[0]}.{sys.version_info[1]}'s unicodedata {unicodedata.unidata_version} differs on {diff['clean']} code points for clean-up (mostly
   unassigned ones), {diff['punct']} for punctuation, {diff['mn']} for Mn, {diff['nfd']} for NFD, {diff['lower']} for lower case and
   {diff['cjk']} for CJK: a table from unicodedata would not give HF's ids. */""")
    w("")
    w("/* flags of U+0000..U+007F */")
    w("static const unsigned char prune__u_ascii[128] = {")
    vals = [str(flags.get(cp, 0)) for cp in range(128)]
    for i in range(0, 128, 32):
        w("    " + ",".join(vals[i:i + 32]) + ",")
    w("};")

    def table(ctype, name, rows, doc, per_line):
        w(f"/* {doc} */")
        w(f"static const {ctype} {name}[{len(rows)}][{len(rows[0])}] = {{")
        cells = ["{" + ",".join(rows_fmt(r)) + "}" for r in rows]
        for i in range(0, len(cells), per_line):
            w("    " + ",".join(cells[i:i + per_line]) + ",")
        w("};")

    def rows_fmt(r):
        return [hex(x) if x >= 0 else "-" + hex(-x) for x in r]

    fr = [(lo, hi << 8 | v) for lo, hi, v in ranges({cp: f for cp, f in flags.items() if cp >= 0x80})]
    table("uint32_t", "prune__u_flag_ranges", fr, "{lo, hi<<8 | flags} for U+0080 and up; flags 0 elsewhere", 6)
    cr = [(lo, hi << 8 | v) for lo, hi, v in ranges(ccc)]
    table("uint32_t", "prune__u_ccc_ranges", cr, "{lo, hi<<8 | combining class}; class 0 elsewhere", 6)
    nr = [(cp, a, b) for cp, (a, b) in sorted(nfd1.items())]
    table("uint32_t", "prune__u_nfd", nr, "{cp, first, second or 0}: one level of canonical decomposition, Hangul excepted", 6)
    lr = lower_ranges(low)
    table("int32_t", "prune__u_lower_ranges", lr, "{lo, hi, delta, step}: lower case of characters NFD leaves alone", 5)
    w(END)
    # verify the range encodings decode to what they encode
    los = [r[0] for r in lr]
    for cp in CODEPOINTS:
        got, i = cp, bisect.bisect_right(los, cp) - 1
        if i >= 0:
            lo, hi, d, step = lr[i]
            if cp <= hi and (cp - lo) % step == 0:
                got = cp + d
        if got != low.get(cp, cp):
            fail(f"lower-case ranges wrong at U+{cp:04X}")
    return "\n".join(L)


def emit_flags(nfd_max):
    L = [FLAGS_BEGIN]
    for name, bit, doc in FLAG_DOC:
        L.append(f"#define PRUNE__U_{name} {bit:<3} /* {doc} */")
    L.append(f"#define PRUNE__U_NFD_MAX {nfd_max}   /* longest full canonical decomposition */")
    L.append(FLAGS_END)
    return "\n".join(L)


def replace(src, begin, end, block, target):
    a, b = src.find(begin), src.find(end)
    if a < 0 or b < a:
        fail(f"{target}: markers {begin} not found")
    return src[:a] + block + src[b + len(end):]


def main():
    flags, nfd_of, lower_of, ccc = probe()
    nfd1, nfd_max, low = build_tables(flags, nfd_of, lower_of, ccc)
    landmarks(flags, ccc, lower_of, nfd_of)
    check(Model(flags, nfd1, low, ccc), flags, nfd_of, lower_of, ccc)
    block = emit(flags, nfd1, nfd_max, low, ccc, differences(flags, ccc, nfd_of, lower_of))
    target = sys.argv[1] if len(sys.argv) > 1 else TARGET
    src = open(target, encoding="utf-8").read()
    new = replace(src, BEGIN, END, block, target)
    new = replace(new, FLAGS_BEGIN, FLAGS_END, emit_flags(nfd_max), target)
    if new != src:
        with open(target, "w", encoding="utf-8") as f:
            f.write(new)
    print(f"{target}: {len(flags)} flagged code points, {len(ccc)} marks, {len(nfd1)} decompositions, "
          f"{len(low)} lower-case mappings ({'rewritten' if new != src else 'unchanged'})")


if __name__ == "__main__":
    main()
