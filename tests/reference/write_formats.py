"""Write real data in the formats users' tools write, for tests/test_formats.sh.

    python3 tests/reference/write_formats.py DATA_DIR OUT_DIR

Reads SST-2 dev (single sentences, integer labels) and QNLI dev (question/sentence
pairs, string labels) from DATA_DIR (../shared/data) as GLUE ships them (plain TSV, no
quoting), and writes each of them in OUT_DIR as:
  NAME.pandas.tsv        df.to_csv(sep="\\t", index=False)      quoted TSV (RFC 4180, minimal)
  NAME.pandas-index.tsv  df.to_csv(sep="\\t")                   ... with pandas' unnamed index column
  NAME.pandas.csv        df.to_csv(index=False)                  CSV
  NAME.pandas-all.csv    quoting=csv.QUOTE_ALL                   every field quoted
  NAME.pandas-bom.csv    encoding="utf-8-sig", lineterminator="\\r\\n"   a byte-order mark and CRLF
  NAME.pandas.jsonl      df.to_json(orient="records", lines=True)
  NAME.datasets.csv      datasets.Dataset.to_csv
  NAME.datasets.jsonl    datasets.Dataset.to_json
Every file holds the same rows in the same order as the GLUE TSV, so prune must read
each to the same tokenized dataset. Prints one line per file written.
"""
import csv, os, sys

import pandas as pd
import datasets

data, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
sources = {
    "sst2": os.path.join(data, "sst2", "dev.tsv"),
    "qnli": os.path.join(data, "qnli", "dev.tsv"),
}
datasets.disable_progress_bars()
for name, path in sources.items():
    df = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    if name == "sst2":
        df["label"] = df["label"].astype(int)
    files = {
        "pandas.tsv": lambda p: df.to_csv(p, sep="\t", index=False),
        "pandas-index.tsv": lambda p: df.to_csv(p, sep="\t"),
        "pandas.csv": lambda p: df.to_csv(p, index=False),
        "pandas-all.csv": lambda p: df.to_csv(p, index=False, quoting=csv.QUOTE_ALL),
        "pandas-bom.csv": lambda p: df.to_csv(p, index=False, encoding="utf-8-sig", lineterminator="\r\n"),
        "pandas.jsonl": lambda p: df.to_json(p, orient="records", lines=True, force_ascii=False),
        "datasets.csv": lambda p: datasets.Dataset.from_pandas(df, preserve_index=False).to_csv(p, index=False),
        "datasets.jsonl": lambda p: datasets.Dataset.from_pandas(df, preserve_index=False).to_json(p),
    }
    for suffix, write in files.items():
        p = os.path.join(out, f"{name}.{suffix}")
        write(p)
        print(f"{p}: {len(df)} rows")
