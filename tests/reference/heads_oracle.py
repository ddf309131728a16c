"""The multiple-choice and question-answering heads against transformers, for tests/test_heads.c.

    python3 tests/reference/heads_oracle.py        (from the repository root, offline)

Writes one fixture per (model type, head) that transformers has, each a tiny random model:
  tests/fixtures/hf/heads/bert_mc       BertForMultipleChoice
  tests/fixtures/hf/heads/roberta_mc    RobertaForMultipleChoice
  tests/fixtures/hf/heads/bert_qa       BertForQuestionAnswering
  tests/fixtures/hf/heads/roberta_qa    RobertaForQuestionAnswering
  tests/fixtures/hf/heads/opt_qa_pre    OPTForQuestionAnswering, pre-LN (a final LayerNorm)
  tests/fixtures/hf/heads/opt_qa_post   OPTForQuestionAnswering, post-LN, project_in/out (E 16 < C 32)
(transformers has no OPTForMultipleChoice.) Each holds config.json and model.safetensors
(save_pretrained; float32 weights far from the N(0, 0.02) init, so logits are O(1)),
gradients.safetensors (every parameter's float64 gradient under its own name) and
reference.json: the batch (token ids, token types, lengths; right padding), the labels,
the float64 logits and loss in train mode with dropout off.

The batches are token ids, not text: the tokenizers and batchers are tested elsewhere
(test_tokenizer, test_opt, test_data); this is the heads' forward and backward.
Multiple choice: 2 questions x 3 options, one row of the batch per option, the answer an
option index; the loss is transformers' own. Question answering: 3 sequences, start and
end token labels, one of them (0, 0), "no answer". Its loss is transformers' but with the
softmax over each sequence's valid tokens only (padding logits set to -inf): prune.h's
definition (see prune__span_crossentropy_forward), which transformers' equals when there is
no padding - reference.json has transformers' own loss of the unpadded sequence too.
Deterministic: a second run writes the same bytes.

Then the round trip: a small C program (compiled here with cc) loads each fixture with
prune_hf_load_weights and writes it back with prune_hf_save; transformers' AutoModelFor-
MultipleChoice / AutoModelForQuestionAnswering.from_pretrained must load that as the same
class with no missing or unexpected keys, every tensor equal, and give the same logits.
Exits non-zero when a check fails.
"""
import json, os, subprocess, sys, tempfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import torch
from safetensors.torch import save_file
from transformers import (AutoModelForMultipleChoice, AutoModelForQuestionAnswering, BertConfig, BertForMultipleChoice, BertForQuestionAnswering, OPTConfig, OPTForQuestionAnswering,
                          RobertaConfig, RobertaForMultipleChoice, RobertaForQuestionAnswering)

torch.set_num_threads(1)
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "hf", "heads")
V, T = 99, 12
MC_Q, MC_NC = 2, 3
MC_LENS = [12, 9, 11, 7, 10, 12]          # one per option, question-major
MC_ANSWERS = [2, 0]
QA_LENS = [12, 9, 6]
QA_SPANS = [[5, 8], [0, 0], [2, 2]]       # (0, 0): no answer


def randomize(model, gen):
    """Weights of order 1/sqrt(fan-in), LayerNorms away from (1, 0), biases nonzero."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2:
                p.copy_(torch.randn(p.shape, generator=gen) * (1.0 / p.shape[1] ** 0.5 if "embed" not in name else 0.5))
            elif ("LayerNorm" in name or "layer_norm" in name) and name.endswith("weight"):
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.2 * torch.randn(p.shape, generator=gen))


def batch(lens, gen, pad, first_b):
    """ids [len(lens), T] right-padded with pad; token types 1 from first_b[i] on (BERT's segment B)"""
    ids = torch.randint(3, V, (len(lens), T), generator=gen)
    types = torch.zeros(len(lens), T, dtype=torch.long)
    mask = torch.zeros(len(lens), T, dtype=torch.long)
    for i, n in enumerate(lens):
        ids[i, n:] = pad
        mask[i, :n] = 1
        types[i, first_b[i]:n] = 1
    return ids, types, mask


def masked_span_loss(start, end, mask, spans):
    s = start.masked_fill(mask == 0, float("-inf"))
    e = end.masked_fill(mask == 0, float("-inf"))
    gs, ge = torch.tensor([p[0] for p in spans]), torch.tensor([p[1] for p in spans])
    ce = torch.nn.functional.cross_entropy
    return (ce(s, gs) + ce(e, ge)) / 2


def make(name, model, ids, types, mask, kind, use_types):
    out = os.path.join(OUT, name)
    os.makedirs(out, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    model = model.double()
    model.train()
    model.zero_grad()
    kw = dict(input_ids=ids, attention_mask=mask)
    if use_types:
        kw["token_type_ids"] = types
    ref = {"lengths": mask.sum(-1).reshape(-1).tolist(), "T": T, "input_ids": ids.reshape(-1, T).tolist(),
           "token_type_ids": (types if use_types else torch.zeros_like(types)).reshape(-1, T).tolist()}
    if kind == "mc":
        res = model(**kw, labels=torch.tensor(MC_ANSWERS))
        loss = res.loss
        ref.update(choices=MC_NC, labels=MC_ANSWERS, logits=res.logits.detach().tolist())
    else:
        res = model(**kw)
        loss = masked_span_loss(res.start_logits, res.end_logits, mask, QA_SPANS)
        # transformers' own loss, of the first (unpadded) sequence alone: the definitions agree there
        one = {k: v[:1] for k, v in kw.items()}
        own = model(**one, start_positions=torch.tensor(QA_SPANS[:1])[:, 0], end_positions=torch.tensor(QA_SPANS[:1])[:, 1]).loss
        mine = masked_span_loss(model(**one).start_logits, model(**one).end_logits, mask[:1], QA_SPANS[:1])
        assert abs(own.item() - mine.item()) < 1e-12, (own.item(), mine.item())
        ref.update(spans=QA_SPANS, start_logits=res.start_logits.detach().tolist(), end_logits=res.end_logits.detach().tolist(),
                   unpadded_loss_transformers=own.item())
    loss.backward()
    ref["loss"] = loss.item()
    grads = {n: p.grad.detach().clone().contiguous() for n, p in model.named_parameters() if p.grad is not None}
    save_file(grads, os.path.join(out, "gradients.safetensors"), metadata={"format": "pt"})
    ref["transformers"] = __import__("transformers").__version__
    ref["torch"] = torch.__version__
    with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(ref, f, indent=1)
    print(f"{out}: {sum(p.numel() for p in model.parameters())} parameters, loss {loss.item():.6f}, {len(grads)} gradients")


def main():
    nodrop_bert = dict(vocab_size=V, hidden_size=16, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37,
                       hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    for fam in ("bert", "roberta"):
        roberta = fam == "roberta"
        pad = 1 if roberta else 0
        cfg_kw = dict(nodrop_bert, max_position_embeddings=40 + (2 if roberta else 0), type_vocab_size=1 if roberta else 2,
                      pad_token_id=pad)
        Config = RobertaConfig if roberta else BertConfig
        gen = torch.Generator().manual_seed(2026)
        model = (RobertaForMultipleChoice if roberta else BertForMultipleChoice)(Config(**cfg_kw))
        randomize(model, gen)
        ids, types, mask = batch(MC_LENS, gen, pad, [5] * len(MC_LENS))
        make(f"{fam}_mc", model, ids.view(MC_Q, MC_NC, T), types.view(MC_Q, MC_NC, T), mask.view(MC_Q, MC_NC, T), "mc", not roberta)
        gen = torch.Generator().manual_seed(2027)
        model = (RobertaForQuestionAnswering if roberta else BertForQuestionAnswering)(Config(**cfg_kw))
        randomize(model, gen)
        ids, types, mask = batch(QA_LENS, gen, pad, [4, 3, 2])
        make(f"{fam}_qa", model, ids, types, mask, "qa", not roberta)
    for shape, kw in (("pre", dict(do_layer_norm_before=True, hidden_size=16, word_embed_proj_dim=16)),
                      ("post", dict(do_layer_norm_before=False, hidden_size=32, word_embed_proj_dim=16))):
        cfg = OPTConfig(vocab_size=V, num_hidden_layers=2, ffn_dim=37, max_position_embeddings=40, num_attention_heads=4,
                        pad_token_id=1, bos_token_id=2, eos_token_id=2, dropout=0.0, attention_dropout=0.0, **kw)
        gen = torch.Generator().manual_seed(2028)
        model = OPTForQuestionAnswering(cfg)
        randomize(model, gen)
        ids, types, mask = batch(QA_LENS, gen, 1, [T] * 3)
        make(f"opt_qa_{shape}", model, ids, types, mask, "qa", False)


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


def roundtrip():
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "roundtrip")
        with open(exe + ".c", "w") as f:
            f.write(ROUNDTRIP_C)
        subprocess.run(["cc", "-O2", "-I", ROOT, "-o", exe, exe + ".c", "-lm", "-pthread"], check=True)
        for name in sorted(os.listdir(OUT)):
            src, dst = os.path.join(OUT, name), os.path.join(tmp, name)
            subprocess.run([exe, src, dst], check=True)
            Auto = AutoModelForMultipleChoice if name.endswith("_mc") else AutoModelForQuestionAnswering
            ref = Auto.from_pretrained(src).double().eval()
            got, info = Auto.from_pretrained(dst, output_loading_info=True)
            got = got.double().eval()
            missing, unexpected = info["missing_keys"], info["unexpected_keys"]
            rs, gs = ref.state_dict(), got.state_dict()
            unequal = [k for k in rs if k not in gs or not torch.equal(rs[k], gs[k])]
            j = json.load(open(os.path.join(src, "reference.json")))
            T = j["T"]
            ids = torch.tensor(j["input_ids"])
            mask = (torch.arange(T)[None, :] < torch.tensor(j["lengths"])[:, None]).long()
            kw = dict(input_ids=ids, attention_mask=mask)
            if name.endswith("_mc"):
                kw = {k: v.view(-1, j["choices"], T) for k, v in kw.items()}
            with torch.no_grad():
                a, b = ref(**kw), got(**kw)
            diff = max((x - y).abs().max().item() for x, y in zip(a.values(), b.values()) if torch.is_tensor(x))
            ok = type(got) is type(ref) and not missing and not unexpected and not unequal and diff == 0
            bad += not ok
            print(f"round trip {name}: {type(got).__name__}, missing {missing}, unexpected {unexpected}, "
                  f"unequal tensors {unequal[:3]}, logits differ by {diff:.1e}: {'ok' if ok else 'FAILED'}")
    return bad


if __name__ == "__main__":
    main()
    sys.exit(1 if roundtrip() else 0)
