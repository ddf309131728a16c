"""PyTorch float64 reference ("oracle") for the prune.h fine-tuning engine.

Builds the tiny post-LN BERT sequence classifier described in tests/reference/LAYOUT.md from
plain torch ops (no `transformers`), runs 3 Hugging-Face-Trainer-style AdamW steps on one fixed
batch, and writes tests/fixtures/engine_small.bin in the LAYOUT.md fixture format. That file is
consumed by the C test tests/test_engine_ref.c.

Run from the repository root:   python3 tests/reference/engine_oracle.py
The output is deterministic: running the script twice gives a byte-identical file.
"""
import math, os, struct, hashlib
import torch
import prunefx                      # the fixture format, shared with hf_oracle.py
from prunefx import write_fixture, read_fixture
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # fixed reduction order -> reproducible bits
torch.use_deterministic_algorithms(True)

# ---- configuration (the contract with tests/test_engine_ref.c) ----
V, P, Y, C, NH, L, FF, K, B, T = 40, 16, 2, 32, 4, 2, 64, 3, 3, 7   # FF is LAYOUT's "F"
LN_EPS = 1e-12
LENS = [7, 5, 3]
TYPE1 = {0: range(4, 7), 1: range(3, 5)}          # positions with token type 1
LABELS = [0, 2, 1]
LR, B1, B2, EPS, WD, CLIP, WARMUP, TOTAL = 1e-3, 0.9, 0.999, 1e-8, 0.01, 0.5, 1, 4
STEPS = 3
SEED = 1234
HS = C // NH
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "engine_small.bin")

# LAYOUT.md parameter table: (name, shape, weight decay?, kind) in storage order.
# kind: 'w' = weight/embedding, 'b' = bias, 'lnw'/'lnb' = LayerNorm weight/bias.
PARAMS = [
    ("wte", [V, C], True, "w"), ("wpe", [P, C], True, "w"), ("wtt", [Y, C], True, "w"),
    ("embln_w", [C], False, "lnw"), ("embln_b", [C], False, "lnb"),
    ("qkvw", [L, 3 * C, C], True, "w"), ("qkvb", [L, 3 * C], False, "b"),
    ("attprojw", [L, C, C], True, "w"), ("attprojb", [L, C], False, "b"),
    ("ln1w", [L, C], False, "lnw"), ("ln1b", [L, C], False, "lnb"),
    ("fcw", [L, FF, C], True, "w"), ("fcb", [L, FF], False, "b"),
    ("fcprojw", [L, C, FF], True, "w"), ("fcprojb", [L, C], False, "b"),
    ("ln2w", [L, C], False, "lnw"), ("ln2b", [L, C], False, "lnb"),
    ("poolw", [C, C], True, "w"), ("poolb", [C], False, "b"),
    ("clsw", [K, C], True, "w"), ("clsb", [K], False, "b"),
]


def make_inputs_and_params():
    """Seeded batch + initial parameters (ids drawn first, then parameters in table order)."""
    torch.manual_seed(SEED)
    ids = torch.randint(0, V, (B, T))
    types = torch.zeros(B, T, dtype=torch.long)
    for b, pos in TYPE1.items():
        types[b, list(pos)] = 1
    mask = torch.zeros(B, T)
    for b, n in enumerate(LENS):
        ids[b, n:] = 0                      # padded ids: any valid id, we use 0
        mask[b, :n] = 1.0
    params = {}
    for name, shape, _, kind in PARAMS:
        r = torch.randn(shape)
        init = {"w": 0.1 * r, "b": 0.1 * r, "lnw": 1.0 + 0.1 * r, "lnb": 0.1 * r}[kind]
        params[name] = torch.nn.Parameter(init)
    return ids, types, mask, torch.tensor(LABELS), params


def forward(p, ids, types, mask):
    """LAYOUT.md model equations, dropout p=0, pos_offset=0 (BERT absolute positions)."""
    pos = torch.arange(T)
    e = p["wte"][ids] + p["wpe"][pos][None] + p["wtt"][types]
    x = F.layer_norm(e, (C,), p["embln_w"], p["embln_b"], LN_EPS)
    # Hugging Face BERT extended mask: 0 on valid keys, finfo.min on padded keys -> prob exactly 0.
    ext = ((1.0 - mask) * torch.finfo(torch.float64).min)[:, None, None, :]   # [B,1,1,T]
    for l in range(L):
        qkv = F.linear(x, p["qkvw"][l], p["qkvb"][l])                          # [B,T,3C]
        q, k, v = (t.view(B, T, NH, HS).transpose(1, 2) for t in qkv.split(C, dim=-1))
        s = q @ k.transpose(-1, -2) / math.sqrt(HS) + ext                       # [B,NH,T,T]
        a = torch.softmax(s, dim=-1)
        atty = (a @ v).transpose(1, 2).reshape(B, T, C)
        r1 = x + F.linear(atty, p["attprojw"][l], p["attprojb"][l])
        h1 = F.layer_norm(r1, (C,), p["ln1w"][l], p["ln1b"][l], LN_EPS)
        u = F.gelu(F.linear(h1, p["fcw"][l], p["fcb"][l]))                     # erf form
        r2 = h1 + F.linear(u, p["fcprojw"][l], p["fcprojb"][l])
        x = F.layer_norm(r2, (C,), p["ln2w"][l], p["ln2b"][l], LN_EPS)
    pooled = torch.tanh(F.linear(x[:, 0, :], p["poolw"], p["poolb"]))
    return F.linear(pooled, p["clsw"], p["clsb"])                              # [B,K]


def lr_lambda(s):
    """get_linear_schedule_with_warmup, written out as in LAYOUT.md."""
    if s < WARMUP:
        return s / max(1, WARMUP)
    return max(0.0, (TOTAL - s) / max(1, TOTAL - WARMUP))


def check_hf_schedule():
    try:
        from transformers import get_linear_schedule_with_warmup
    except Exception as ex:  # not installed / broken install
        print(f"transformers not importable ({type(ex).__name__}); skipping HF schedule check")
        return
    mk = lambda: torch.optim.AdamW([torch.nn.Parameter(torch.zeros(1))], lr=LR)
    o1, o2 = mk(), mk()
    s1 = torch.optim.lr_scheduler.LambdaLR(o1, lr_lambda)
    s2 = get_linear_schedule_with_warmup(o2, WARMUP, TOTAL)
    for _ in range(TOTAL + 1):
        assert o1.param_groups[0]["lr"] == o2.param_groups[0]["lr"], "schedule mismatch vs HF"
        o1.step(); o2.step(); s1.step(); s2.step()
    print("lr schedule matches transformers.get_linear_schedule_with_warmup")


def main():
    ids, types, mask, labels, params = make_inputs_and_params()
    names = [n for n, *_ in PARAMS]
    p0 = {n: params[n].detach().clone() for n in names}
    decay = [params[n] for n, _, wd, _ in PARAMS if wd]
    no_decay = [params[n] for n, _, wd, _ in PARAMS if not wd]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WD}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=LR, betas=(B1, B2), eps=EPS, foreach=False)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)
    check_hf_schedule()

    losses = []
    for step in range(STEPS):
        opt.zero_grad(set_to_none=True)
        logits = forward(params, ids, types, mask)
        loss = F.cross_entropy(logits, labels)          # mean over the batch
        loss.backward()
        if step == 0:
            logits0, loss0 = logits.detach().clone(), loss.detach().clone()
            g0 = {n: params[n].grad.detach().clone() for n in names}   # BEFORE clipping
        norm = torch.nn.utils.clip_grad_norm_([params[n] for n in names], CLIP)
        lr = opt.param_groups[0]["lr"]
        print(f"step {step}: lr={lr:.6g} loss={loss.item():.17g} grad_norm={norm.item():.17g}")
        if step == 0 and not norm.item() > CLIP:
            print(f"WARNING: step-0 grad norm {norm.item()} <= clip {CLIP}: clipping is NOT exercised")
        losses.append(loss.item())
        opt.step()
        sched.step()

    f64 = lambda xs: torch.tensor(xs, dtype=torch.float64)
    tensors = [("cfg", f64([V, P, Y, C, NH, L, FF, K, B, T])), ("ln_eps", f64([LN_EPS])),
               ("opt", f64([LR, B1, B2, EPS, WD, CLIP, WARMUP, TOTAL])),
               ("ids", ids.double()), ("types", types.double()), ("lens", f64(LENS)), ("labels", labels.double())]
    tensors += [("p0." + n, p0[n]) for n in names]
    tensors += [("logits", logits0), ("loss", loss0.reshape(1))]
    tensors += [("g." + n, g0[n]) for n in names]
    tensors += [("losses", f64(losses))]
    tensors += [("p3." + n, params[n]) for n in names]
    path = os.path.normpath(OUT)
    write_fixture(path, tensors)

    # Reader check: names, shapes, count and values round-trip exactly.
    back = read_fixture(path)
    assert len(back) == len(tensors) == 7 + 3 * len(names) + 3
    for (n, t), (n2, dims, vals) in zip(tensors, back):
        assert n == n2 and list(t.shape) == dims and tuple(t.detach().flatten().tolist()) == vals, n
    for n, shape, *_ in PARAMS:
        assert list(params[n].shape) == shape
    sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
    print(f"wrote {path}: {len(back)} tensors, {os.path.getsize(path)} bytes, sha256 {sha}")


if __name__ == "__main__":
    main()
