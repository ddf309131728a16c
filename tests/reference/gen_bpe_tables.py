"""Writes the character classes of the byte-level BPE pre-tokenizer into prune.h.

GPT-2, RoBERTa and OPT split text before BPE with one regular expression,

    's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+

which the `tokenizers` library (behind transformers' RobertaTokenizerFast) runs with the
Oniguruma engine and its Unicode data. prune.h matches the same alternatives by hand
([B8 tokenizer]) and needs, for every code point, whether it is a letter (\\p{L}), a
number (\\p{N}) or white space (\\s) *as that engine decides*. This script asks the
library itself, code point by code point, through its ByteLevel pre-tokenizer:

    letter:  "a" + c  stays one piece  (` ?\\p{L}+` takes both)
    number:  "1" + c  stays one piece
    other:   "!" + c  stays one piece  (` ?[^\\s\\p{L}\\p{N}]+`)
    space:   none of the three

and writes the ranges between the BEGIN/END GENERATED BPE CLASSES markers of prune.h
(Part C, [C3 bpe]). Surrogates (U+D800..U+DFFF) are not characters of any UTF-8 text
and are left out. Rerunning it on the same tokenizers version leaves prune.h unchanged.

Run from anywhere:   python3 tests/reference/gen_bpe_tables.py [FILE]
Needs: pip install tokenizers
"""
import os, sys
import tokenizers
from tokenizers import pre_tokenizers

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TARGET = os.path.join(ROOT, "prune.h")
BEGIN, END = "/* BEGIN GENERATED BPE CLASSES */", "/* END GENERATED BPE CLASSES */"
LETTER, NUMBER, SPACE = 1, 2, 4   # prune.h's PRUNE__B_LETTER, _NUMBER, _SPACE ([B8 tokenizer])


def classes():
    bl = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)

    def one(s):
        return len(bl.pre_tokenize_str(s)) == 1

    cls = {}
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        f = LETTER if one("a" + c) else NUMBER if one("1" + c) else 0 if one("!" + c) else SPACE
        if f:
            cls[cp] = f
    return cls


def ranges(cls):
    out, cps = [], sorted(cls)
    for cp in cps:
        if out and out[-1][1] == cp - 1 and out[-1][2] == cls[cp]:
            out[-1][1] = cp
        else:
            out.append([cp, cp, cls[cp]])
    return out


def emit(cls):
    asc = [cls.get(cp, 0) for cp in range(128)]
    rs = [r for r in ranges(cls) if r[0] >= 0x80]
    counts = {k: sum(1 for v in cls.values() if v == k) for k in (LETTER, NUMBER, SPACE)}
    L = [BEGIN,
         f"/* Written by tests/reference/gen_bpe_tables.py from tokenizers {tokenizers.__version__} (its ByteLevel",
         "   pre-tokenizer, asked about every code point). Do not edit by hand.",
         f"   {counts[LETTER]} letters (\\p{{L}}), {counts[NUMBER]} numbers (\\p{{N}}), {counts[SPACE]} white-space characters (\\s). */",
         "static const unsigned char prune__b_ascii[128] = {"]
    for i in range(0, 128, 32):
        L.append("    " + ",".join(str(v) for v in asc[i:i + 32]) + ",")
    L.append("};")
    L.append(f"/* {{lo, hi<<8 | class}} for U+0080 and up, sorted; class 0 (other) elsewhere */")
    L.append(f"static const uint32_t prune__b_ranges[{len(rs)}][2] = {{")
    cells = ["{%s,%s}" % (hex(lo), hex(hi << 8 | v)) for lo, hi, v in rs]
    for i in range(0, len(cells), 6):
        L.append("    " + ",".join(cells[i:i + 6]) + ",")
    L.append("};")
    L.append(END)
    return "\n".join(L), counts, len(rs)


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else TARGET
    block, counts, n = emit(classes())
    src = open(target, encoding="utf-8").read()
    a, b = src.find(BEGIN), src.find(END)
    if a < 0 or b < a:
        sys.exit(f"gen_bpe_tables: {target}: markers not found")
    new = src[:a] + block + src[b + len(END):]
    if new != src:
        with open(target, "w", encoding="utf-8") as f:
            f.write(new)
    print(f"{target}: {counts[LETTER]} letters, {counts[NUMBER]} numbers, {counts[SPACE]} spaces in {n} ranges "
          f"({'rewritten' if new != src else 'unchanged'})")


if __name__ == "__main__":
    main()
