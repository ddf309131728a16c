#!/usr/bin/env python3
"""PyTorch reference side of the prune.h side-by-side benchmark.

What it measures
----------------
Throughput of one BERT-for-sequence-classification step on CPU in fp32:

  * train:     zero_grad -> forward -> cross-entropy -> backward ->
               clip_grad_norm_(1.0) -> AdamW step -> LambdaLR step
               (the same per-step work an HF-Trainer-style fine-tune does;
               AdamW is the fused implementation when torch has it, as the
               HF Trainer default "adamw_torch_fused" is on torch >= 2.8)
  * inference: model.eval() + torch.inference_mode(), forward to logits

One untimed warm-up step is run, then --reps timed steps; the best (smallest)
step time is reported as examples/s and tokens/s, together with the peak RSS
of the process.

Why plain torch.nn
------------------
The model is written directly with torch.nn building blocks (nn.Embedding,
nn.Linear, nn.LayerNorm, exact-erf GELU, hand-written softmax attention with
an additive mask, nn.Dropout) rather than taken from Hugging Face
transformers.  That keeps it the same model prune.h implements -- post-LN
BERT encoder, tanh pooler on the first token, linear classifier, dropout 0.1
in the usual places -- with no extra library layers, dispatch or optional
fused kernels, so the comparison is like for like and needs only torch.

Threads
-------
With stock settings PyTorch's OpenMP pool spins (busy-waits) between
parallel regions and the inter-op pool adds more threads, so on a 2-core
machine "2 threads" is often slower than 1.  The script therefore sets
OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS to --threads and
OMP_WAIT_POLICY=PASSIVE before importing torch (setdefault: values already
in the environment win), then calls torch.set_num_threads(N) and
torch.set_num_interop_threads(1).

Output
------
Exactly one line on stdout:

  torch <config> <len> <threads> <mode> ex_per_s=<f> tok_per_s=<f> \
      peak_rss_mb=<f> best_s=<f> torch=<version>

If torch cannot be imported: "torch unavailable: <reason>" on stdout and exit
status 3.  Any other error: message on stderr and exit status 1.
"""

import argparse
import math
import os
import resource
import sys
import time

CONFIGS = {
    # name: (layers, hidden, heads, ffn, family, vocabulary)
    "tiny": (2, 128, 2, 512, "bert", 30522),
    "mini": (4, 256, 4, 1024, "bert", 30522),
    "MiniLM-L6": (6, 384, 12, 1536, "bert", 30522),
    # the paper's two families at base size: RoBERTa (BERT's layers, one token
    # type, dropout also before the head's dense) and OPT (a pre-LN decoder)
    "RoBERTa-base": (12, 768, 12, 3072, "roberta", 50265),
    "OPT-125m": (12, 768, 12, 3072, "opt", 50272),
}

MAX_POS = 512
TYPE_VOCAB = 2
LN_EPS = 1e-12
DROPOUT = 0.1

LR = 2e-5
BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
WEIGHT_DECAY = 0.01
TOTAL_STEPS = 1000
WARMUP_STEPS = TOTAL_STEPS // 10


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="PyTorch (plain torch.nn) BERT sequence-classification "
                    "throughput benchmark; prints one machine-readable line.")
    p.add_argument("--config", required=True, choices=list(CONFIGS),
                   help="model size: tiny (2x128), mini (4x256), "
                        "MiniLM-L6 (6x384), RoBERTa-base, OPT-125m (12x768)")
    p.add_argument("--len", dest="seq_len", metavar="T", type=int,
                   required=True,
                   help="sequence length T in tokens (1..%d)" % MAX_POS)
    p.add_argument("--threads", metavar="N", type=int, required=True,
                   help="number of intra-op threads")
    p.add_argument("--mode", required=True, choices=["train", "inference"],
                   help="train: full optimizer step; inference: forward only")
    p.add_argument("--batch", type=int, default=32,
                   help="batch size (default 32)")
    p.add_argument("--reps", type=int, default=3,
                   help="timed steps after one warm-up; best is reported "
                        "(default 3)")
    p.add_argument("--labels", type=int, default=2,
                   help="number of classes (default 2)")
    args = p.parse_args(argv)
    if not 1 <= args.seq_len <= MAX_POS:
        p.error("--len must be in 1..%d" % MAX_POS)
    for name in ("threads", "batch", "reps"):
        if getattr(args, name) < 1:
            p.error("--%s must be >= 1" % name)
    if args.labels < 2:
        p.error("--labels must be >= 2")
    return args


def set_thread_env(threads):
    # Must happen before `import torch` so the OpenMP / BLAS runtimes see it.
    n = str(threads)
    os.environ.setdefault("OMP_NUM_THREADS", n)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", n)
    os.environ.setdefault("MKL_NUM_THREADS", n)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def build_model(torch, layers, hidden, heads, ffn, labels, family="bert", vocab=30522):
    nn = torch.nn
    F = torch.nn.functional
    VOCAB = vocab
    if family == "opt":
        return build_opt(torch, layers, hidden, heads, ffn, labels, vocab)

    class Embeddings(nn.Module):
        def __init__(self):
            super().__init__()
            self.word = nn.Embedding(VOCAB, hidden)
            self.position = nn.Embedding(MAX_POS, hidden)
            self.token_type = nn.Embedding(TYPE_VOCAB, hidden)
            self.ln = nn.LayerNorm(hidden, eps=LN_EPS)
            self.drop = nn.Dropout(DROPOUT)

        def forward(self, ids, type_ids):
            t = ids.shape[1]
            pos = torch.arange(t, device=ids.device).unsqueeze(0)
            x = self.word(ids) + self.position(pos) + self.token_type(type_ids)
            return self.drop(self.ln(x))

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.heads = heads
            self.head_dim = hidden // heads
            self.q = nn.Linear(hidden, hidden)
            self.k = nn.Linear(hidden, hidden)
            self.v = nn.Linear(hidden, hidden)
            self.attn_drop = nn.Dropout(DROPOUT)
            self.o = nn.Linear(hidden, hidden)
            self.o_drop = nn.Dropout(DROPOUT)
            self.ln1 = nn.LayerNorm(hidden, eps=LN_EPS)
            self.w1 = nn.Linear(hidden, ffn)
            self.w2 = nn.Linear(ffn, hidden)
            self.ffn_drop = nn.Dropout(DROPOUT)
            self.ln2 = nn.LayerNorm(hidden, eps=LN_EPS)

        def split(self, x):
            b, t, _ = x.shape
            return x.view(b, t, self.heads, self.head_dim).transpose(1, 2)

        def forward(self, x, mask_add):
            b, t, c = x.shape
            q = self.split(self.q(x))                      # B,H,T,D
            k = self.split(self.k(x))
            v = self.split(self.v(x))
            scores = torch.matmul(q, k.transpose(-1, -2))  # B,H,T,T
            scores = scores / math.sqrt(self.head_dim) + mask_add
            probs = self.attn_drop(torch.softmax(scores, dim=-1))
            ctx = torch.matmul(probs, v)                   # B,H,T,D
            ctx = ctx.transpose(1, 2).reshape(b, t, c)
            x = self.ln1(x + self.o_drop(self.o(ctx)))
            h = F.gelu(self.w1(x), approximate="none")     # exact erf GELU
            x = self.ln2(x + self.ffn_drop(self.w2(h)))
            return x

    class BertForSequenceClassification(nn.Module):
        def __init__(self):
            super().__init__()
            self.embeddings = Embeddings()
            self.layers = nn.ModuleList([Layer() for _ in range(layers)])
            self.pooler = nn.Linear(hidden, hidden)
            self.cls_drop = nn.Dropout(DROPOUT)
            self.classifier = nn.Linear(hidden, labels)
            self.apply(self._init)

        @staticmethod
        def _init(m):
            # BERT initialisation: N(0, 0.02) weights, zero biases, LN = 1/0.
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, mean=0.0, std=0.02)
            if isinstance(m, nn.Linear) and m.bias is not None:
                nn.init.zeros_(m.bias)
            if isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

        def forward(self, ids, type_ids, attn_mask):
            # Additive mask as BERT does: 0 where attended, very negative
            # where masked, broadcast over heads and query positions.
            m = attn_mask[:, None, None, :].to(torch.float32)
            mask_add = (1.0 - m) * torch.finfo(torch.float32).min
            x = self.embeddings(ids, type_ids)
            for layer in self.layers:
                x = layer(x, mask_add)
            x0 = self.head_in_drop(x[:, 0]) if family == "roberta" else x[:, 0]
            pooled = torch.tanh(self.pooler(x0))
            return self.classifier(self.cls_drop(pooled))

    model = BertForSequenceClassification()
    model.head_in_drop = nn.Dropout(DROPOUT)   # RoBERTa's head: dropout, dense, tanh, dropout, out_proj
    return model


def build_opt(torch, layers, hidden, heads, ffn, labels, vocab):
    """OPTForSequenceClassification's computation in plain torch.nn: learned positions
    from 2, no embedding LayerNorm, pre-LN layers with a causal mask and ReLU, dropout
    0.1 after attention and FFN (none on the probabilities, OPT's default), a final
    LayerNorm, and a bias-free score layer on the last token (every sequence here is
    full length)."""
    nn = torch.nn
    F = torch.nn.functional

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.heads, self.head_dim = heads, hidden // heads
            self.ln1 = nn.LayerNorm(hidden, eps=1e-5)
            self.q, self.k, self.v, self.o = (nn.Linear(hidden, hidden) for _ in range(4))
            self.drop = nn.Dropout(DROPOUT)
            self.ln2 = nn.LayerNorm(hidden, eps=1e-5)
            self.fc1, self.fc2 = nn.Linear(hidden, ffn), nn.Linear(ffn, hidden)

        def split(self, x):
            b, t, _ = x.shape
            return x.view(b, t, self.heads, self.head_dim).transpose(1, 2)

        def forward(self, x, mask_add):
            b, t, c = x.shape
            h = self.ln1(x)
            q, k, v = self.split(self.q(h)), self.split(self.k(h)), self.split(self.v(h))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask_add
            ctx = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, t, c)
            x = x + self.drop(self.o(ctx))
            return x + self.drop(self.fc2(F.relu(self.fc1(self.ln2(x)))))

    class OPTForSequenceClassification(nn.Module):
        def __init__(self):
            super().__init__()
            self.word = nn.Embedding(vocab, hidden)
            self.position = nn.Embedding(MAX_POS + 2, hidden)
            self.layers = nn.ModuleList([Layer() for _ in range(layers)])
            self.final_ln = nn.LayerNorm(hidden, eps=1e-5)
            self.score = nn.Linear(hidden, labels, bias=False)
            for m in self.modules():
                if isinstance(m, (nn.Linear, nn.Embedding)):
                    nn.init.normal_(m.weight, mean=0.0, std=0.02)
                if isinstance(m, nn.Linear) and m.bias is not None:
                    nn.init.zeros_(m.bias)

        def forward(self, ids, type_ids, attn_mask):
            t = ids.shape[1]
            causal = torch.full((t, t), torch.finfo(torch.float32).min).triu(1)
            x = self.word(ids) + self.position(torch.arange(t).unsqueeze(0) + 2)
            for layer in self.layers:
                x = layer(x, causal)
            return self.score(self.final_ln(x[:, -1]))

    return OPTForSequenceClassification()


def param_groups(torch, model):
    # HF Trainer grouping: no weight decay for biases and LayerNorm weights.
    decay, no_decay = [], []
    for mod in model.modules():
        for name, p in mod.named_parameters(recurse=False):
            if not p.requires_grad:
                continue
            if isinstance(mod, torch.nn.LayerNorm) or name == "bias":
                no_decay.append(p)
            else:
                decay.append(p)
    return [
        {"params": decay, "weight_decay": WEIGHT_DECAY},
        {"params": no_decay, "weight_decay": 0.0},
    ]


def linear_schedule(step):
    if step < WARMUP_STEPS:
        return step / max(1, WARMUP_STEPS)
    return max(0.0, (TOTAL_STEPS - step) / max(1, TOTAL_STEPS - WARMUP_STEPS))


def run(args, torch):
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # already started / not allowed: keep going

    torch.manual_seed(0)
    layers, hidden, heads, ffn, family, vocab = CONFIGS[args.config]
    model = build_model(torch, layers, hidden, heads, ffn, args.labels, family, vocab)

    b, t = args.batch, args.seq_len
    gen = torch.Generator().manual_seed(1234)
    ids = torch.randint(0, vocab, (b, t), generator=gen, dtype=torch.long)
    type_ids = torch.zeros((b, t), dtype=torch.long)
    attn_mask = torch.ones((b, t), dtype=torch.long)
    labels = (torch.arange(b) % 2).to(torch.long)

    if args.mode == "train":
        model.train()
        params = [p for p in model.parameters() if p.requires_grad]
        # fused=True is what the HF Trainer picks by default on torch >= 2.8
        # ("adamw_torch_fused"); fall back to the stock loop if unsupported.
        try:
            opt = torch.optim.AdamW(param_groups(torch, model), lr=LR,
                                    betas=BETAS, eps=ADAM_EPS, fused=True)
        except (RuntimeError, TypeError, ValueError):
            opt = torch.optim.AdamW(param_groups(torch, model), lr=LR,
                                    betas=BETAS, eps=ADAM_EPS)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, linear_schedule)
        loss_fn = torch.nn.CrossEntropyLoss()

        def step():
            opt.zero_grad(set_to_none=True)
            logits = model(ids, type_ids, attn_mask)
            loss = loss_fn(logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            return loss.item()
    else:
        model.eval()

        def step():
            with torch.inference_mode():
                logits = model(ids, type_ids, attn_mask)
            return float(logits[0, 0])

    val = step()  # warm-up, untimed
    if not math.isfinite(val):
        raise RuntimeError("non-finite value after warm-up step: %r" % val)

    best = float("inf")
    for _ in range(args.reps):
        t0 = time.perf_counter()
        step()
        dt = time.perf_counter() - t0
        best = min(best, dt)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak_rss_mb = rss / (1024.0 * 1024.0) if sys.platform == "darwin" \
        else rss / 1024.0

    print("torch %s %d %d %s ex_per_s=%.3f tok_per_s=%.1f peak_rss_mb=%.1f "
          "best_s=%.6f torch=%s"
          % (args.config, t, args.threads, args.mode, b / best, b * t / best,
             peak_rss_mb, best, torch.__version__), flush=True)


def main(argv=None):
    args = parse_args(argv)
    set_thread_env(args.threads)
    try:
        import torch
    except Exception as e:  # ImportError, OSError from missing libs, ...
        reason = str(e).strip().splitlines()[0] if str(e).strip() else \
            type(e).__name__
        print("torch unavailable: %s" % reason, flush=True)
        return 3
    try:
        run(args, torch)
    except Exception as e:
        print("torch_bench: error: %s: %s" % (type(e).__name__, e),
              file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
