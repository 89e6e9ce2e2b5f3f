#!/usr/bin/env python3
"""Macro benchmark: xstream against the decompression floor and the tools users would pick instead.

    python3 Benchmarks/harness.py            # full run: 40M-row datasets, 5 runs each (about 15 minutes)
    python3 Benchmarks/harness.py --smoke    # seconds: small data, xstream and the floors only (run in CI)

Generates the datasets deterministically under Benchmarks/data/ (binary task as .csv, .csv.zst, .csv.lz4 and
.npy.zst; a 10-class multiclass set; a regression set; a binary set with a weight, a 100-key slice column and
logits, for --weight, --slice-by and --pred-format logit; in a full run also the .npy.zst rows as zstd Parquet
with 1M-row groups), computes the exact reference for every metric with math.fsum from the generator's own
values (not for weighted means, whose exact products the tests check against fractions), builds xstream in
release mode, installs DuckDB, Polars, numpy, zstandard and pyarrow into Benchmarks/.venv (full run only), runs every tool `--runs` times in this one session, and
prints one table: wall median and range, ratio to the floor measured in the same run, rows/s, compressed
MB/s, peak RSS, and how many ulps each result is off the exact reference. The table also goes to
Benchmarks/results/latest.md.
"""
import argparse
import json
import math
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EPS = 2.220446049250313e-16


def generate(data_dir, rows, shards):
    """Writes every dataset (stdlib only, deterministic) and returns {name: (files, task, options, reference, rows)}."""
    os.makedirs(data_dir, exist_ok=True)
    stamp = os.path.join(data_dir, f"datasets-{rows}-{shards}.json")
    if os.path.exists(stamp):
        with open(stamp) as handle:
            return json.load(handle)
    rng = random.Random(42)
    per_shard = rows // shards
    files = {"csv": [], "csv.zst": [], "csv.lz4": [], "npy.zst": []}
    ce, ae, ce32, ae32 = [], [], [], []
    pack, unpack = struct.Struct("<Bf").pack, struct.Struct("<f")
    for shard in range(shards):
        lines, records = [b"label,pred\n"], []
        for _ in range(per_shard):
            label = rng.getrandbits(1)
            digits = round(min(max(rng.gauss(0.3 + 0.4 * label, 0.2), 0.0), 0.9999999) * 1e7)
            lines.append(b"%d,0.%07d\n" % (label, digits))
            p = digits / 1e7  # correctly rounded, as parsing "0.ddddddd" is
            records.append(pack(label, p))
            p32 = unpack.unpack(unpack.pack(p))[0]
            for terms_ce, terms_ae, q in ((ce, ae, p), (ce32, ae32, p32)):
                c = min(max(q, EPS), 1 - EPS)
                terms_ce.append(-math.log(c) if label == 1 else -math.log(1 - c))
                terms_ae.append(abs(label - q))
        path = os.path.join(data_dir, f"binary-{shard}.csv")
        with open(path, "wb") as handle:
            handle.write(b"".join(lines))
        subprocess.run(["zstd", "-q", "-f", "-3", path, "-o", path + ".zst"], check=True)
        subprocess.run(["lz4", "-q", "-f", "-1", path, path + ".lz4"], check=True)
        npy = os.path.join(data_dir, f"binary-{shard}.npy")
        with open(npy, "wb") as handle:
            handle.write(npy_header("[('label', '|u1'), ('pred', '<f4')]", per_shard))
            handle.write(b"".join(records))
        subprocess.run(["zstd", "-q", "-f", "--rm", "-3", npy, "-o", npy + ".zst"], check=True)
        for key, name in [("csv", path), ("csv.zst", path + ".zst"), ("csv.lz4", path + ".lz4"), ("npy.zst", npy + ".zst")]:
            files[key].append(name)
    n = per_shard * shards
    reference_csv = {"cross_entropy": math.fsum(ce) / n, "mae": math.fsum(ae) / n}
    reference_npy = {"cross_entropy": math.fsum(ce32) / n, "mae": math.fsum(ae32) / n}
    del ce, ae, ce32, ae32
    datasets = {}
    for key in ["csv", "csv.zst", "csv.lz4"]:
        datasets[f"binary {key}"] = (files[key], "binary", [], reference_csv, n)
    datasets["binary npy.zst"] = (files["npy.zst"], "binary", [], reference_npy, n)
    datasets["multiclass-10 csv.zst"] = multiclass(data_dir, rows // 10, shards, rng)
    datasets["regression csv.zst"] = regression(data_dir, rows // 2, shards, rng)
    datasets["binary depth csv.zst"] = depth(data_dir, rows, shards, random.Random(43))
    with open(stamp, "w") as handle:
        json.dump(datasets, handle)
    return datasets


def npy_header(descr, count):
    text = f"{{'descr': {descr}, 'fortran_order': False, 'shape': ({count},), }}".encode()
    text += b" " * ((64 - (10 + len(text) + 1) % 64) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text


def write_zstd_shard(data_dir, name, lines):
    """Writes the joined lines as NAME.zst (zstd level 3) and returns its path."""
    path = os.path.join(data_dir, name)
    with open(path, "wb") as handle:
        handle.write(b"".join(lines))
    subprocess.run(["zstd", "-q", "-f", "--rm", "-3", path, "-o", path + ".zst"], check=True)
    return path + ".zst"


def multiclass(data_dir, rows, shards, rng):
    per_shard, classes = rows // shards, 10
    files, ce, ae = [], [], []
    for shard in range(shards):
        lines = [("label," + ",".join(f"p{j}" for j in range(classes)) + "\n").encode()]
        for _ in range(per_shard):
            weights = [math.exp(rng.gauss(0, 2)) for _ in range(classes)]
            total = sum(weights)
            micro = [int(w / total * 1e6) for w in weights]
            micro[0] += 1_000_000 - sum(micro)  # each row sums to exactly 1.000000
            k = rng.choices(range(classes), weights=weights)[0]
            lines.append(b"%d," % k + b",".join(b"%d.%06d" % divmod(m, 1_000_000) for m in micro) + b"\n")
            p = [m / 1e6 for m in micro]
            ce.append(-math.log(min(max(p[k], EPS), 1 - EPS)))
            ae.extend(abs((1.0 if j == k else 0.0) - q) for j, q in enumerate(p))
        files.append(write_zstd_shard(data_dir, f"multiclass-{shard}.csv", lines))
    n = per_shard * shards
    return (files, "multiclass", [], {"cross_entropy": math.fsum(ce) / n, "mae": math.fsum(ae) / (n * classes)}, n)


def regression(data_dir, rows, shards, rng):
    per_shard = rows // shards
    files, ae, se = [], [], []
    for shard in range(shards):
        lines = [b"y,yhat\n"]
        for _ in range(per_shard):
            y = rng.randrange(10_000_000)
            yhat = min(max(y + rng.randrange(-500_000, 500_000), 0), 9_999_999)
            lines.append(b"0.%07d,0.%07d\n" % (y, yhat))
            d = y / 1e7 - yhat / 1e7
            ae.append(abs(d))
            se.append(d * d)
        files.append(write_zstd_shard(data_dir, f"regression-{shard}.csv", lines))
    n = per_shard * shards
    return (files, "regression", ["--label", "y", "--pred", "yhat"], {"mae": math.fsum(ae) / n, "mse": math.fsum(se) / n}, n)


def depth(data_dir, rows, shards, rng):
    """Binary rows with a weight, a slice column of 100 keys and the logit of the prediction.

    The xstream variants run on the same files: plain, --weight, --slice-by, --pred-format logit, --auc (each a
    (label, options, reference) triple; the weighted one has no reference here).
    """
    per_shard = rows // shards
    files, ce, ae, lce, lae = [], [], [], [], []
    for shard in range(shards):
        lines = [b"label,pred,weight,segment,logit\n"]
        for _ in range(per_shard):
            y = rng.getrandbits(1)
            digits = round(min(max(rng.gauss(0.3 + 0.4 * y, 0.2), 1e-7), 0.9999999) * 1e7)
            p = digits / 1e7
            z = round(math.log(p / (1 - p)), 6)
            lines.append(b"%d,0.%07d,%.3f,s%02d,%.6f\n" % (y, digits, rng.randrange(1, 2000) / 1000, rng.randrange(100), z))
            c = min(max(p, EPS), 1 - EPS)
            ce.append(-math.log(c) if y == 1 else -math.log(1 - c))
            ae.append(abs(y - p))
            # The logit terms exactly as documented: (max(z, 0) − y·z) + log1p(exp(−|z|)), p from z.
            lce.append((max(z, 0.0) - y * z) + math.log1p(math.exp(-abs(z))))
            q = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
            lae.append(abs(y - q))
        files.append(write_zstd_shard(data_dir, f"depth-{shard}.csv", lines))
    n = per_shard * shards
    plain = {"cross_entropy": math.fsum(ce) / n, "mae": math.fsum(ae) / n}
    logit = {"cross_entropy": math.fsum(lce) / n, "mae": math.fsum(lae) / n}
    variants = [
        ("xstream --weight", ["--weight", "weight"], {}),
        ("xstream --slice-by (100 keys)", ["--slice-by", "segment"], plain),
        ("xstream --pred-format logit", ["--pred", "logit", "--pred-format", "logit"], logit),
        ("xstream --auc", ["--auc"], plain),
    ]
    return (files, "binary", ["--pred", "pred"], plain, n, variants)


def write_parquet(venv_python, data_dir, npy_files):
    """The .npy.zst shards' rows as zstd Parquet with 1M-row groups (pyarrow, in the venv); returns the paths."""
    script = """
import io, sys, numpy as np, pyarrow as pa, pyarrow.parquet as pq, zstandard
for source, target in zip(sys.argv[1::2], sys.argv[2::2]):
    with open(source, "rb") as handle:
        records = np.load(io.BytesIO(zstandard.ZstdDecompressor().stream_reader(handle).read()))
    table = pa.table({"label": records["label"], "pred": records["pred"]})
    pq.write_table(table, target, compression="zstd", row_group_size=1_000_000)
"""
    targets = [os.path.join(data_dir, os.path.basename(f).replace(".npy.zst", ".parquet")) for f in npy_files]
    if not all(os.path.exists(t) for t in targets):
        pairs = [x for pair in zip(npy_files, targets) for x in pair]
        subprocess.run([venv_python, "-c", script] + pairs, check=True)
    return targets


def measure(command, runs, parse):
    """Runs `command` `runs` times; returns wall times, peak RSS (KiB) and the parsed output of the last run."""
    walls, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        # A floor's output goes to /dev/null, exactly as `zstd -dc files > /dev/null`; tools' output is read.
        output = subprocess.PIPE if parse else subprocess.DEVNULL
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.PIPE)
        out, err = process.communicate()
        walls.append(time.perf_counter() - start)
        if process.returncode != 0:
            raise SystemExit(f"{command[:3]} failed: {err.decode()[-500:]}")
        result = parse(out) if parse else None
    return walls, peak_rss(command), result


def peak_rss(command):
    """Peak resident memory (KiB) of one more run, measured by GNU time (`apt-get install time`).

    A child of this Python process would be charged for Python's own pages when it execs, so the run is
    started by `/usr/bin/time`, a small C program; without it the column says n/a.
    """
    if not os.path.exists("/usr/bin/time"):
        return None
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    return int(result.stderr.strip().splitlines()[-1])


def ulps(value, reference):
    if value is None or reference is None:
        return None
    if math.isnan(value) or math.isinf(value):
        return float("inf")
    a = struct.unpack("<q", struct.pack("<d", value))[0]
    b = struct.unpack("<q", struct.pack("<d", reference))[0]
    return abs(a - b)


def python_tool(venv_python, script):
    return [venv_python, "-c", script]


DUCKDB_BINARY = """
import duckdb, json, sys
files = sys.argv[1:]
eps = 2.220446049250313e-16
row = duckdb.sql(f\"\"\"
  SELECT avg(CASE WHEN label = 1 THEN -ln(greatest(least(pred, 1 - {eps}), {eps}))
                  ELSE -ln(1 - greatest(least(pred, 1 - {eps}), {eps})) END),
         avg(abs(label - pred))
  FROM read_csv({files!r}, header = true, columns = {{'label': 'DOUBLE', 'pred': 'DOUBLE'}})\"\"\").fetchall()[0]
print(json.dumps({"cross_entropy": row[0], "mae": row[1]}))
"""

DUCKDB_PARQUET = """
import duckdb, json, sys
files = sys.argv[1:]
eps = 2.220446049250313e-16
row = duckdb.sql(f\"\"\"
  SELECT avg(CASE WHEN label = 1 THEN -ln(greatest(least(CAST(pred AS DOUBLE), 1 - {eps}), {eps}))
                  ELSE -ln(1 - greatest(least(CAST(pred AS DOUBLE), 1 - {eps}), {eps})) END),
         avg(abs(CAST(label AS DOUBLE) - CAST(pred AS DOUBLE)))
  FROM read_parquet({files!r})\"\"\").fetchall()[0]
print(json.dumps({"cross_entropy": row[0], "mae": row[1]}))
"""

POLARS_BINARY = """
import polars as pl, json, sys
eps = 2.220446049250313e-16
c = pl.col("pred").clip(eps, 1 - eps)
ce = pl.when(pl.col("label") == 1).then(-c.log()).otherwise(-(1 - c).log())
frame = pl.scan_csv(sys.argv[1:], schema={"label": pl.Float64, "pred": pl.Float64}).select(
    ce.mean().alias("cross_entropy"), (pl.col("label") - pl.col("pred")).abs().mean().alias("mae"))
row = frame.collect(engine="streaming").row(0)
print(json.dumps({"cross_entropy": row[0], "mae": row[1]}))
"""

NUMPY_NPY = """
import json, math, sys, io
import numpy as np, zstandard
eps = 2.220446049250313e-16
ce_sum = mae_sum = 0.0
n = 0
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        data = zstandard.ZstdDecompressor().stream_reader(handle).read()
    records = np.load(io.BytesIO(data))
    y = records["label"].astype(np.float64)
    p = records["pred"].astype(np.float64)
    c = np.clip(p, eps, 1 - eps)
    ce_sum += float(np.sum(np.where(y == 1, -np.log(c), -np.log(1 - c))))
    mae_sum += float(np.sum(np.abs(y - p)))
    n += len(y)
print(json.dumps({"cross_entropy": ce_sum / n, "mae": mae_sum / n}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="small data, xstream and the floors only")
    parser.add_argument("--rows", type=int, help="binary rows (default 40,000,000; smoke 200,000)")
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--runs", type=int, help="runs per tool (default 5; smoke 1)")
    parser.add_argument("--xstream", help="an xstream binary to use instead of building one")
    args = parser.parse_args()
    rows = args.rows or (200_000 if args.smoke else 40_000_000)
    runs = args.runs or (1 if args.smoke else 5)
    data_dir = os.path.join(HERE, "data", "smoke" if args.smoke else "full")

    venv_python = sys.executable
    if not args.smoke:
        venv = os.path.join(HERE, ".venv")
        venv_python = os.path.join(venv, "bin", "python")
        if os.path.realpath(sys.prefix) != os.path.realpath(venv):
            if not os.path.exists(venv_python):
                subprocess.run([sys.executable, "-m", "venv", venv], check=True)
            subprocess.run([venv_python, "-m", "pip", "install", "-q", "duckdb", "polars", "numpy", "zstandard",
                            "pyarrow"],
                           check=True)
            os.execv(venv_python, [venv_python, os.path.abspath(__file__)] + sys.argv[1:])
    xstream = args.xstream
    if not xstream:
        subprocess.run(["swift", "build", "-c", "release", "--product", "xstream"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        xstream = os.path.join(ROOT, ".build", "release", "xstream")

    datasets = generate(data_dir, rows, args.shards)
    if not args.smoke:
        npy_files, _, _, npy_reference, npy_rows = datasets["binary npy.zst"]
        datasets["binary parquet"] = (write_parquet(venv_python, data_dir, npy_files), "binary", [], npy_reference,
                                      npy_rows)
    table = []
    failures = []
    for name, (files, task, options, reference, count, *more) in datasets.items():
        compressed = sum(os.path.getsize(f) for f in files)
        codec = "lz4" if files[0].endswith(".lz4") else ("zstd" if files[0].endswith(".zst") else None)
        parse_json = lambda out: json.loads(out.strip().splitlines()[-1])  # tools may print notices first
        parse_xstream = lambda out: json.loads(out)["metrics"]
        # Each tool: label, command, output parser, and the reference its result is checked against.
        tools = []
        if name == "binary parquet":
            # No decompression floor for Parquet: the same rows read from .npy.zst stand in as the reference.
            tools.append(("xstream on the same rows as .npy.zst (ref.)",
                          [xstream, "eval", "--json"] + npy_files, parse_xstream, reference))
        elif codec:
            tools.append((f"{codec} -dc (floor)", [codec, "-dcqm" if codec == "lz4" else "-dcq"] + files, None, None))
        else:
            tools.append(("cat (floor)", ["cat"] + files, None, None))
        xstream_command = [xstream, "eval", "--json", "--task", task]
        tools.append(("xstream", xstream_command + options + files, parse_xstream, reference))
        for label, variant_options, variant_reference in (more[0] if more else []):
            tools.append((label, xstream_command + options + variant_options + files, parse_xstream,
                          variant_reference))
        if not args.smoke and name == "binary csv.zst":
            tools.append(("DuckDB read_csv + avg", python_tool(venv_python, DUCKDB_BINARY) + files, parse_json,
                          reference))
        if not args.smoke and name == "binary csv":
            tools.append(("Polars scan_csv streaming", python_tool(venv_python, POLARS_BINARY) + files, parse_json,
                          reference))
        if not args.smoke and name == "binary npy.zst":
            tools.append(("numpy + zstandard", python_tool(venv_python, NUMPY_NPY) + files, parse_json, reference))
        if name == "binary parquet":
            tools.append(("DuckDB read_parquet + avg", python_tool(venv_python, DUCKDB_PARQUET) + files, parse_json,
                          reference))
        floor = None
        for label, command, parse, expected in tools:
            walls, rss, result = measure(command, runs, parse)
            median = statistics.median(walls)
            if floor is None:
                floor = median
            off = {m: ulps(result.get(m), expected.get(m)) for m in expected} if result and expected else {}
            if label.startswith("xstream") and any(v != 0 for v in off.values()):
                failures.append(f"{name}: {label} is off the exact reference: {off} ({result} vs {expected})")
            table.append(row := [
                name, label, f"{median:.3f}", f"{min(walls):.3f}–{max(walls):.3f}", f"{median / floor:.2f}×",
                f"{count / median / 1e6:.1f}M", f"{compressed / median / 1e6:.0f}", f"{rss / 1024:.0f}" if rss is not None else "n/a",
                ", ".join(f"{m} {'exact' if v == 0 else v}" for m, v in off.items()) if off else "—",
            ])
            print(" | ".join(row), file=sys.stderr, flush=True)
    header = ["dataset", "tool", "wall s (median)", "range", "vs floor", "rows/s", "MB/s (compressed)",
              "peak RSS MiB", "ulps off exact"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in table]
    machine = subprocess.run(["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                             stdout=subprocess.PIPE, text=True).stdout.split("\n")
    summary = (f"{rows:,} binary rows in {args.shards} shards, {runs} run(s) per tool, "
               f"{machine[0].strip()} cores,{machine[1]}")
    text = summary + "\n\n" + "\n".join(lines) + "\n"
    print(text)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "smoke.md" if args.smoke else "latest.md"), "w") as handle:
        handle.write(text)
    if failures:
        raise SystemExit("\n".join(failures))


if __name__ == "__main__":
    main()
