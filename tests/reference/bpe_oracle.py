"""Hugging Face reference ("oracle") for prune.h's byte-level BPE tokenizer ([B13 bpe]).

(a) Compares the C tokenizer (prune_tokenizer_load_dir on ../shared/data/roberta-base) with
    transformers' RobertaTokenizerFast on the same files, without special tokens added, on
    real text: every sentence of SST-2 train and dev, every AG News text (train and test),
    both texts of every QNLI and SNLI pair, every RACE (middle) article, question and option,
    every SQuAD 2.0 context and question; then on random hard strings (white-space runs of
    every kind, combining marks, emoji and ZWJ sequences, CJK, control characters,
    apostrophes and contractions, digits, the added tokens written in the text). It prints
    the texts and mismatches per source and exits non-zero on any mismatch.
(b) Writes the fixtures of tests/test_tokenizer.c into tests/fixtures/bpe/: a small
    vocabulary (the 256 byte tokens, the added tokens and the results of the first 4,000
    merges of roberta-base) with those merges, and cases.txt: texts with the ids
    RobertaTokenizerFast gives on those small files (TEXT as a JSON string <TAB> IDS), so
    `make test` checks the same code without Python or the data.

The C side is tests/reference/tokenize_lines.c, compiled with cc into a temporary folder.
Run from the repository root:   python3 tests/reference/bpe_oracle.py [--fixtures-only] [--random N]
Needs transformers and tokenizers, and ../shared/data for part (a).
"""
import csv, glob, json, os, random, subprocess, sys, tempfile, time, warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
from transformers import RobertaTokenizerFast  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "..", "shared", "data")
RB = os.path.join(DATA, "roberta-base")
OUT = os.path.join(ROOT, "tests", "fixtures", "bpe")
csv.field_size_limit(1 << 30)


def tsv(path, columns):
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        idx = [header.index(c) for c in columns]
        for row in rows:
            if len(row) == len(header):
                out += [row[i] for i in idx]
    return out


def sources():
    s = {}
    s["SST-2"] = tsv(os.path.join(DATA, "sst2", "train.tsv"), ["sentence"]) + tsv(os.path.join(DATA, "sst2", "dev.tsv"), ["sentence"])
    s["AG News"] = tsv(os.path.join(DATA, "agnews", "train.tsv"), ["text"]) + tsv(os.path.join(DATA, "agnews", "test.tsv"), ["text"])
    s["QNLI pairs"] = tsv(os.path.join(DATA, "qnli", "dev.tsv"), ["question", "sentence"])
    snli = []
    for name in ("snli_1.0_dev.jsonl", "snli_1.0_test.jsonl"):
        with open(os.path.join(DATA, "snli", name), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                snli += [r["sentence1"], r["sentence2"]]
    s["SNLI pairs"] = snli
    race = []
    for path in sorted(glob.glob(os.path.join(DATA, "race", "RACE", "*", "middle", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
        race.append(r["article"])
        race += r["questions"]
        for opts in r["options"]:
            race += opts
    s["RACE"] = race
    squad = []
    with open(os.path.join(DATA, "squad2", "dev-v2.0-cs224n-half.json"), encoding="utf-8") as f:
        for art in json.load(f)["data"]:
            for p in art["paragraphs"]:
                squad.append(p["context"])
                squad += [q["question"] for q in p["qas"]]
    s["SQuAD"] = squad
    return s


def hard_strings(n, seed=1):
    rng = random.Random(seed)
    pools = [
        " \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u0085",
        "abcxyzABCXYZéüßøÆœ",
        "0123456789٠١٢३४५",
        "'''s't're've'm'll'd'S'T",
        "!?.,;:-_()[]{}<>/\\|@#$%^&*+=~`\"",
        "\u0301\u0308\u0327\u0345\u20dd\u0e31\u094d",
        "😀👍🏽👨‍👩‍👧🇯🇵❤️\u200d\ufe0f",
        "中文漢字日本語かなカナ한국어",
        "\x00\x01\x07\x1b\x7f\u200b\u200e\ufeff\ue000",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢𐍈",
    ]
    specials = ["<s>", "</s>", "<unk>", "<pad>", "<mask>", " <mask>", "<mask> ", "<", "</"]
    out = []
    for _ in range(n):
        k = rng.randint(1, 24)
        parts = []
        for _ in range(k):
            if rng.random() < 0.06:
                parts.append(rng.choice(specials))
            else:
                pool = rng.choice(pools)
                parts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 4))))
        out.append("".join(parts))
    return out


def build_c(tmp):
    exe = os.path.join(tmp, "tokenize_lines")
    subprocess.run(["cc", "-O2", "-I", ROOT, "-o", exe, os.path.join(ROOT, "tests", "reference", "tokenize_lines.c"), "-lm",
                    "-pthread"], check=True)
    return exe


def c_ids(exe, directory, texts):
    data = b"".join(b"%d\n" % len(t.encode("utf-8")) + t.encode("utf-8") for t in texts)
    r = subprocess.run([exe, directory, "dir", "-l"], input=data, capture_output=True, check=True)
    lines = r.stdout.decode().split("\n")[:-1]
    assert len(lines) == len(texts), (len(lines), len(texts))
    return [None if l.startswith("ERROR") else [int(x) for x in l.split()] for l in lines], r.stderr.decode().strip()


def compare(exe, directory, tok, name, texts):
    t0 = time.time()
    hf = [tok(t, add_special_tokens=False)["input_ids"] for t in texts]
    t_hf = time.time() - t0
    ours, note = c_ids(exe, directory, texts)
    bad = [i for i in range(len(texts)) if ours[i] != hf[i]]
    print(f"{name}: {len(texts)} texts, {len(bad)} mismatches (transformers {t_hf:.2f} s; C: {note})")
    for i in bad[:3]:
        print(f"    {texts[i]!r}\n      hf {hf[i]}\n      c  {ours[i]}")
    return len(bad)


def escape(t):
    out = []
    for i, b in enumerate(t.encode("utf-8")):
        if b == 0x5C:
            out.append("\\\\")
        elif 0x20 <= b < 0x7F and not (i == 0 and b == 0x23):
            out.append(chr(b))
        else:
            out.append("\\x%02X" % b)
    return "".join(out)


def fixtures():
    """The small vocabulary and merges, and the cases with HF's ids on them."""
    os.makedirs(OUT, exist_ok=True)
    vocab = json.load(open(os.path.join(RB, "vocab.json"), encoding="utf-8"))
    merges = [l.rstrip("\n") for l in open(os.path.join(RB, "merges.txt"), encoding="utf-8")]
    header, merges = merges[0], [m for m in merges[1:] if m][:4000]
    keep = set(k for k in vocab if len(k) == 1) | {"<s>", "</s>", "<unk>", "<pad>", "<mask>"}
    for m in merges:
        a, b = m.split(" ")
        keep |= {a, b, a + b}
    small = {k: i for i, k in enumerate(sorted(keep, key=lambda k: vocab[k]))}
    with open(os.path.join(OUT, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(small, f, ensure_ascii=False, separators=(",", ":"))
    with open(os.path.join(OUT, "merges.txt"), "w", encoding="utf-8") as f:
        f.write(header + "\n" + "\n".join(merges) + "\n")
    tok = RobertaTokenizerFast.from_pretrained(OUT)
    texts = ["Hello world, this is a test.", "<s>Hi <mask> there</s>", "  x  ", "I'm sure they've said 'sup", "",
             "tabs\tand\nnewlines\r\n  end  ", "😀👍🏽 中文 naïve café", "\x00control\x1b", "a  <mask>b", "3.14159 and ٣"]
    texts += hard_strings(300, seed=7)
    texts.append("x" * 300 + " " + "ab" * 400)   # pieces longer than the C side's stack buffer
    with open(os.path.join(OUT, "cases.txt"), "w", encoding="utf-8") as f:
        f.write("# tests/reference/bpe_oracle.py: TEXT <TAB> the ids RobertaTokenizerFast gives on vocab.json + merges.txt here\n")
        f.write("# TEXT escapes: \\\\ for a backslash, \\xHH for every byte outside printable ASCII (and a leading #)\n")
        for t in texts:
            ids = tok(t, add_special_tokens=False)["input_ids"]
            f.write(escape(t) + "\t" + " ".join(map(str, ids)) + "\n")
    print(f"{OUT}: {len(small)} tokens, {len(merges)} merges, {len(texts)} cases")
    roberta_fixture(len(small))
    return texts


def roberta_fixture(vocab_size):
    """A tiny random RobertaForSequenceClassification over the small vocabulary, for the
    tool's RoBERTa test (tests/test_cli.sh puts it beside vocab.json and merges.txt)."""
    import torch
    from transformers import RobertaConfig, RobertaForSequenceClassification
    torch.manual_seed(0)
    cfg = RobertaConfig(vocab_size=vocab_size, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16,
                        max_position_embeddings=66, type_vocab_size=1, num_labels=2, pad_token_id=1, bos_token_id=0, eos_token_id=2)
    model = RobertaForSequenceClassification(cfg)
    out = os.path.join(ROOT, "tests", "fixtures", "hf", "roberta_bpe")
    model.save_pretrained(out, safe_serialization=True)
    print(f"{out}: a RoBERTa of {sum(p.numel() for p in model.parameters())} parameters over {vocab_size} tokens")
    roberta_reference(model, out)


def roberta_reference(model, out):
    """transformers' logits, loss and every gradient of the fixture RoBERTa on four text
    pairs, batched as RobertaTokenizerFast batches them (padding, truncation to 16 tokens
    longest-first), dropout off: tests/test_checkpoint.c puts the same texts through the C
    tokenizer, batcher and engine. Gradients go to gradients.safetensors under the model's
    own tensor names, so the C side loads them like weights."""
    import torch
    from safetensors.torch import save_file
    tok = RobertaTokenizerFast.from_pretrained(OUT)
    pairs = [["The cat sat on the mat.", "A cat is sitting."], ["I'm sure they've gone home", "they left, it said"],
             ["Hello world, this is a much longer first segment than the other one here", "short"], ["Hi", "yo"]]
    labels = [1, 0, 1, 0]
    enc = tok([p[0] for p in pairs], [p[1] for p in pairs], padding=True, truncation="longest_first", max_length=16,
              return_tensors="pt")
    model.config.hidden_dropout_prob = model.config.attention_probs_dropout_prob = 0.0
    for mod in model.modules():
        if isinstance(mod, torch.nn.Dropout):
            mod.p = 0.0
    model.train()
    model.zero_grad()
    res = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], labels=torch.tensor(labels))
    res.loss.backward()
    grads = {n: p.grad.detach().clone().contiguous() for n, p in model.named_parameters() if p.grad is not None}
    save_file(grads, os.path.join(out, "gradients.safetensors"))
    ref = {"pairs": pairs, "labels": labels, "max_length": 16, "input_ids": enc["input_ids"].tolist(),
           "lengths": enc["attention_mask"].sum(1).tolist(), "logits": res.logits.detach().tolist(), "loss": res.loss.item()}
    with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(ref, f, indent=1)
    print(f"{out}: transformers' logits, loss {res.loss.item():.6f} and {len(grads)} gradients on 4 pairs")


def main():
    args = sys.argv[1:]
    nrand = int(args[args.index("--random") + 1]) if "--random" in args else 40000
    with tempfile.TemporaryDirectory() as tmp:
        exe = build_c(tmp)
        texts = fixtures()
        bad = compare(exe, OUT, RobertaTokenizerFast.from_pretrained(OUT), "fixture cases (small vocabulary)", texts)
        if "--fixtures-only" in args:
            sys.exit(1 if bad else 0)
        tok = RobertaTokenizerFast.from_pretrained(RB)
        for name, texts in sources().items():
            bad += compare(exe, RB, tok, name, texts)
        bad += compare(exe, RB, tok, f"{nrand} random hard strings", hard_strings(nrand))
    print(f"total mismatches: {bad}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
