"""The PRUNEFX1 fixture format (tests/reference/LAYOUT.md), shared by the oracle scripts.

8 bytes "PRUNEFX1", u32 tensor count, then per tensor: u32 name length, the name,
u32 ndim, ndim x u32 dims, f64 values, all little-endian. tests/fixture.h reads it in C.
"""
import math, os, struct


def write_fixture(path, tensors):
    """Write [(name, tensor-like)] atomically (temporary file, then os.replace)."""
    import torch
    buf = [b"PRUNEFX1", struct.pack("<I", len(tensors))]
    for name, t in tensors:
        t = torch.as_tensor(t).detach().to(torch.float64).contiguous()
        nb = name.encode()
        buf += [struct.pack("<I", len(nb)), nb, struct.pack("<I", t.dim()),
                struct.pack(f"<{t.dim()}I", *t.shape), struct.pack(f"<{t.numel()}d", *t.flatten().tolist())]
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"".join(buf))
    os.replace(tmp, path)


def read_fixture(path):
    """[(name, dims, values)] of a fixture file; checks that nothing is left over."""
    data = open(path, "rb").read()
    assert data[:8] == b"PRUNEFX1", f"{path}: not a PRUNEFX1 fixture"
    (n,), off, out = struct.unpack_from("<I", data, 8), 12, []
    for _ in range(n):
        (ln,) = struct.unpack_from("<I", data, off); name = data[off + 4:off + 4 + ln].decode(); off += 4 + ln
        (nd,) = struct.unpack_from("<I", data, off); dims = struct.unpack_from(f"<{nd}I", data, off + 4); off += 4 + 4 * nd
        cnt = math.prod(dims); vals = struct.unpack_from(f"<{cnt}d", data, off); off += 8 * cnt
        out.append((name, list(dims), vals))
    assert off == len(data), f"{path}: trailing bytes"
    return out
