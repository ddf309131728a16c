"""OPT reference for prune.h: OPTForSequenceClassification in transformers, on text pairs.

    python3 tests/reference/opt_oracle.py        (from the repository root, offline)

Writes two fixtures of tests/test_opt.c, one per shape OPT checkpoints come in:
  tests/fixtures/hf/opt_pre/    pre-LN (do_layer_norm_before, as OPT-125m and most sizes):
                                a final LayerNorm, word_embed_proj_dim = hidden_size = 16
  tests/fixtures/hf/opt_post/   post-LN (as OPT-350m): no final LayerNorm, and
                                word_embed_proj_dim 16 < hidden_size 32, so project_in and
                                project_out exist
Each holds config.json and model.safetensors (save_pretrained; float32 weights, far from
the N(0, 0.02) init so that logits are O(1)), tokenizer_config.json (OPT's: GPT-2's BPE with
</s> as bos, prepended), gradients.safetensors (every parameter's gradient in float64 under
its own name, so the C side loads it like weights) and reference.json: four text pairs,
the input ids OPT's tokenizer gives (vocabulary tests/fixtures/bpe, truncation to 16
longest-first, right padding), and the float64 logits and loss in train mode with dropout
off. The logits are also computed with left padding, and must be the same (the model
finds each example's last token, and its positions, from the padding), which
reference.json records. Deterministic: a second run writes the same bytes.

Then real data: OPT's batches of every QNLI dev pair, every SNLI dev pair and every SST-2 dev
sentence (../shared/data; skipped when it is absent), tokenized with roberta-base's BPE files
(OPT's vocabulary and merges are RoBERTa's) and batched by the C batcher with OPT's template at
max length 128 (so long pairs are truncated longest-first), against transformers' OPT tokenizer:
0 mismatches is the target.

Then the round trip: a small C program (compiled here with cc) loads each fixture with
prune_hf_load_weights and writes it back with prune_hf_save; OPTForSequenceClassification.
from_pretrained must load that with no missing or unexpected keys, every tensor equal, and give
the same logits. Exits non-zero when a check fails.
"""
import json, os, shutil, subprocess, sys, tempfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import torch
from safetensors.torch import save_file
from transformers import AutoTokenizer, OPTConfig, OPTForSequenceClassification

torch.set_num_threads(1)
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BPE = os.path.join(ROOT, "tests", "fixtures", "bpe")
PAIRS = [["The cat sat on the mat.", "A cat is sitting."], ["I'm sure they've gone home", "they left, it said"],
         ["Hello world, this is a much longer first segment than the other one here", "short"], ["Hi", "yo"]]
LABELS = [1, 0, 2, 1]
MAXLEN = 16
# OPT's tokenizer_config.json (facebook/opt-350m), the pieces that matter
TOKCFG = {"add_bos_token": True, "add_prefix_space": False, "bos_token": "</s>", "eos_token": "</s>", "unk_token": "</s>",
          "pad_token": "<pad>", "errors": "replace", "tokenizer_class": "GPT2Tokenizer"}
SHAPES = {"opt_pre": dict(do_layer_norm_before=True, hidden_size=16, word_embed_proj_dim=16),
          "opt_post": dict(do_layer_norm_before=False, hidden_size=32, word_embed_proj_dim=16)}


def randomize(model, gen):
    """Weights of order 1/sqrt(fan-in), LayerNorms away from (1, 0), biases nonzero."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2:
                p.copy_(torch.randn(p.shape, generator=gen) * (1.0 / p.shape[1] ** 0.5 if "embed" not in name else 0.5))
            elif "layer_norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.2 * torch.randn(p.shape, generator=gen))


def main():
    vocab_size = len(json.load(open(os.path.join(BPE, "vocab.json"), encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        for f in ("vocab.json", "merges.txt"):
            shutil.copy(os.path.join(BPE, f), tmp)
        with open(os.path.join(tmp, "tokenizer_config.json"), "w") as f:
            json.dump(TOKCFG, f)
        with open(os.path.join(tmp, "config.json"), "w") as f:
            json.dump({"model_type": "opt"}, f)
        tok = AutoTokenizer.from_pretrained(tmp)
        tok_left = AutoTokenizer.from_pretrained(tmp, padding_side="left")
    a, b = [p[0] for p in PAIRS], [p[1] for p in PAIRS]
    enc = tok(a, b, padding=True, truncation="longest_first", max_length=MAXLEN, return_tensors="pt")
    enc_left = tok_left(a, b, padding=True, truncation="longest_first", max_length=MAXLEN, return_tensors="pt")
    single = tok("Hello world")["input_ids"]
    for name, shape in SHAPES.items():
        out = os.path.join(ROOT, "tests", "fixtures", "hf", name)
        os.makedirs(out, exist_ok=True)
        cfg = OPTConfig(vocab_size=vocab_size, num_hidden_layers=2, ffn_dim=37, max_position_embeddings=40,
                        num_attention_heads=4, num_labels=3, pad_token_id=1, bos_token_id=2, eos_token_id=2,
                        dropout=0.1, attention_dropout=0.0, **shape)
        gen = torch.Generator().manual_seed(2026)
        model = OPTForSequenceClassification(cfg)
        randomize(model, gen)
        model.save_pretrained(out, safe_serialization=True)
        with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
            json.dump(TOKCFG, f, indent=1, sort_keys=True)
        model = model.double()
        for mod in model.modules():
            if isinstance(mod, torch.nn.Dropout):
                mod.p = 0.0
        model.config.dropout = 0.0
        for layer in model.model.decoder.layers:
            layer.dropout = 0.0
        model.train()
        model.zero_grad()
        res = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], labels=torch.tensor(LABELS))
        res.loss.backward()
        grads = {n: p.grad.detach().clone().contiguous() for n, p in model.named_parameters() if p.grad is not None}
        save_file(grads, os.path.join(out, "gradients.safetensors"), metadata={"format": "pt"})
        with torch.no_grad():
            left = model(input_ids=enc_left["input_ids"], attention_mask=enc_left["attention_mask"]).logits
        diff = (left - res.logits.detach()).abs().max().item()
        assert diff < 1e-12, f"{name}: left padding changes the logits by {diff}"
        ref = {"pairs": PAIRS, "labels": LABELS, "max_length": MAXLEN, "input_ids": enc["input_ids"].tolist(),
               "lengths": enc["attention_mask"].sum(1).tolist(), "input_ids_left": enc_left["input_ids"].tolist(),
               "single_hello_world": single, "logits": res.logits.detach().tolist(), "loss": res.loss.item(),
               "left_padding_max_diff": diff, "transformers": __import__("transformers").__version__,
               "torch": torch.__version__}
        with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as f:
            json.dump(ref, f, indent=1)
        print(f"{out}: {sum(p.numel() for p in model.parameters())} parameters, loss {res.loss.item():.6f}, "
              f"{len(grads)} gradients, left padding differs by {diff:.1e}")


ROUNDTRIP_C = r"""
#define PRUNE_IMPLEMENTATION
#include "prune.h"
int main(int argc, char **argv) {   /* IN_DIR OUT_DIR */
    prune_config cfg; prune_hf_info info; prune_model m; prune_model_desc d; prune_error e; char p[1024];
    if (argc != 3) return 2;
    snprintf(p, sizeof p, "%s/config.json", argv[1]);
    if (prune_hf_read_config(p, &cfg, &info, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    memset(&d, 0, sizeof d); d.config = cfg; d.max_batch = 1; d.max_len = 8; d.threads = 1;
    snprintf(p, sizeof p, "%s/model.safetensors", argv[1]);
    if (prune_model_create(&m, &d, &e) || prune_hf_load_weights(&m, p, &info, 1, NULL, &e) || prune_hf_save(&m, argv[2], &info, &e)) {
        fprintf(stderr, "%s\n", e.msg); return 1;
    }
    prune_model_free(&m); prune_hf_info_free(&info); return 0;
}
"""


BATCH_C = r"""
#define PRUNE_IMPLEMENTATION
#include "prune.h"
int main(int argc, char **argv) {   /* TOKENIZER_DIR TSV: each example batched alone, OPT's template, max length 128 */
    prune_tokenizer tk; prune_dataset ds; prune_labels names; prune_tsv_desc td; prune_batcher bt; prune_error e;
    const prune_batch *b; int64_t i; int t;
    if (argc != 3) return 2;
    memset(&td, 0, sizeof td);
    if (prune_tokenizer_load_dir(&tk, argv[1], &e) || prune_tsv_tokenize(argv[2], &tk, &td, &ds, &names, &e) ||
        prune_batcher_init(&bt, 1, 128, 2, 2, 1, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    bt.pair_style = PRUNE_PAIRS_OPT;
    for (i = 0; i < ds.n; i++) {
        if (prune_batcher_fill(&bt, &ds, &i, 1, &b, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
        for (t = 0; t < b->lens[0]; t++) printf("%s%d", t ? " " : "", b->ids[t]);
        printf("\n");
    }
    return 0;
}
"""


def real_data():
    """OPT batches of real pairs and sentences: C against transformers; returns mismatches (None: no data)."""
    data = os.path.join(ROOT, "..", "shared", "data")
    rb = os.path.join(data, "roberta-base")
    if not os.path.isdir(rb):
        print("real data: skipped (no ../shared/data/roberta-base)")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        for f in ("vocab.json", "merges.txt"):
            shutil.copy(os.path.join(rb, f), tmp)
        with open(os.path.join(tmp, "tokenizer_config.json"), "w") as f:
            json.dump(TOKCFG, f)
        with open(os.path.join(tmp, "config.json"), "w") as f:
            json.dump({"model_type": "opt"}, f)
        tok = AutoTokenizer.from_pretrained(tmp)
        exe = os.path.join(tmp, "batch")
        with open(exe + ".c", "w") as f:
            f.write(BATCH_C)
        subprocess.run(["cc", "-O2", "-I", ROOT, "-o", exe, exe + ".c", "-lm", "-pthread"], check=True)
        sets = {}
        import csv
        with open(os.path.join(data, "qnli", "dev.tsv"), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        sets["QNLI dev pairs"] = [(r[1], r[2]) for r in rows[1:]]
        pairs = []
        with open(os.path.join(data, "snli", "snli_1.0_dev.jsonl"), encoding="utf-8") as f:
            for line in f:
                o = json.loads(line)
                pairs.append((o["sentence1"], o["sentence2"]))
        sets["SNLI dev pairs"] = pairs
        with open(os.path.join(data, "sst2", "dev.tsv"), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        sets["SST-2 dev sentences"] = [(r[0],) for r in rows[1:]]
        bad = 0
        for name, items in sets.items():
            tsv = os.path.join(tmp, "x.tsv")
            with open(tsv, "w", encoding="utf-8") as f:
                f.write("sentence1\tsentence2\tlabel\n" if len(items[0]) == 2 else "sentence\tlabel\n")
                for it in items:
                    f.write("\t".join(it) + "\t0\n")
            out = subprocess.run([exe, tmp, tsv], check=True, capture_output=True, text=True).stdout.splitlines()
            if len(items[0]) == 2:
                ref = tok([a for a, _ in items], [b for _, b in items], truncation="longest_first", max_length=128)["input_ids"]
            else:
                ref = tok([a for a, in items], truncation=True, max_length=128)["input_ids"]
            miss = sum(1 for c, r in zip(out, ref) if c != " ".join(map(str, r))) + abs(len(out) - len(ref))
            cut = sum(1 for r in ref if len(r) == 128)
            print(f"{name}: {len(items)} examples ({cut} truncated to 128), {miss} mismatches")
            bad += miss
        return bad


def roundtrip():
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "roundtrip")
        with open(exe + ".c", "w") as f:
            f.write(ROUNDTRIP_C)
        subprocess.run(["cc", "-O1", "-I", ROOT, "-o", exe, exe + ".c", "-lm", "-pthread"], check=True)
        ids = torch.tensor(json.load(open(os.path.join(ROOT, "tests", "fixtures", "hf", "opt_pre", "reference.json")))["input_ids"])
        for name in SHAPES:
            src, out = os.path.join(ROOT, "tests", "fixtures", "hf", name), os.path.join(tmp, name)
            subprocess.run([exe, src, out], check=True)
            a = OPTForSequenceClassification.from_pretrained(src).eval()
            b, info = OPTForSequenceClassification.from_pretrained(out, output_loading_info=True)
            b.eval()
            missing, unexpected = info["missing_keys"], info["unexpected_keys"]
            sa, sb = a.state_dict(), b.state_dict()
            same = all(torch.equal(sa[k], sb[k]) for k in sa)
            with torch.no_grad():
                la, lb = a(input_ids=ids, attention_mask=(ids != 1).long()).logits, b(input_ids=ids, attention_mask=(ids != 1).long()).logits
            ok = not missing and not unexpected and same and torch.equal(la, lb)
            bad += not ok
            print(f"{name}: prune_hf_save -> from_pretrained: missing {list(missing)}, unexpected {list(unexpected)}, "
                  f"every tensor equal: {same}, logits equal: {torch.equal(la, lb)} -> {'ok' if ok else 'FAIL'}")
    return bad


if __name__ == "__main__":
    main()
    bad = roundtrip()
    bad += real_data() or 0
    sys.exit(1 if bad else 0)
