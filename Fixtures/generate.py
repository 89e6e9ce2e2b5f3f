#!/usr/bin/env python3
"""Regenerates the shipped fixtures and their expected values.

Needs numpy and scikit-learn (the models are fitted on datasets scikit-learn ships) and the zstd and lz4
tools. The expected values come from oracle.py (stdlib only), an implementation independent of xstream.
Run from anywhere: python3 Fixtures/generate.py
"""
import json
import os
import random
import struct
import subprocess
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))


def write_csv(path, header, rows, line_end="\n", quote=False):
    def cell(value):
        text = repr(value) if isinstance(value, float) else str(value)
        return f'"{text}"' if quote else text

    body = [",".join(header)] + [",".join(cell(v) for v in row) for row in rows]
    with open(path, "w", newline="") as handle:
        handle.write(line_end.join(body) + line_end)


def compress(path, codec, *flags):
    if codec == "zstd":
        subprocess.run(["zstd", "-qf", *flags, path, "-o", path + ".zst"], check=True)
    else:
        subprocess.run(["lz4", "-qf", *flags, path, path + ".lz4"], check=True)
    os.remove(path)


def expected(name, files, **options):
    args = [sys.executable, os.path.join(HERE, "oracle.py")]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}"] + ([] if value is True else [str(value)])
    report = json.loads(subprocess.run(args + files, cwd=HERE, stdout=subprocess.PIPE, check=True).stdout)
    report["inputs"] = files
    report["options"] = options
    with open(os.path.join(HERE, "expected", name + ".json"), "w") as handle:
        json.dump(report, handle, indent=2)
        handle.write("\n")


def binary():
    data = load_breast_cancer()
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(data.data, data.target)
    p = model.predict_proba(data.data)[:, 1]
    rows = [(i, int(y), float(q)) for i, (y, q) in enumerate(zip(data.target, p))]
    d = os.path.join(HERE, "binary")
    os.makedirs(d, exist_ok=True)
    write_csv(f"{d}/part-0.csv", ["id", "label", "pred"], rows[:200])
    # Columns in another order, several frames with checksums.
    write_csv(f"{d}/part-1.csv", ["pred", "id", "label"], [(q, i, y) for i, y, q in rows[200:400]])
    compress(f"{d}/part-1.csv", "zstd", "-19", "--check")
    # CRLF line ends and quoted fields, lz4 with content checksum.
    write_csv(f"{d}/part-2.csv", ["label", "pred", "id"], [(y, q, i) for i, y, q in rows[400:]], "\r\n", True)
    compress(f"{d}/part-2.csv", "lz4", "--content-size", "-BX")
    files = ["binary/part-0.csv", "binary/part-1.csv.zst", "binary/part-2.csv.lz4"]
    expected("binary", files, pred="pred")


def multiclass():
    data = load_iris()
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(data.data, data.target)
    p = model.predict_proba(data.data)
    rows = [(int(y), *map(float, q)) for y, q in zip(data.target, p)]
    d = os.path.join(HERE, "multiclass")
    os.makedirs(d, exist_ok=True)
    header = ["label", "setosa", "versicolor", "virginica"]
    write_csv(f"{d}/part-0.csv", header, rows[:75])
    compress(f"{d}/part-0.csv", "zstd", "-3", "--no-check")
    write_csv(f"{d}/part-1.csv", header, rows[75:])
    compress(f"{d}/part-1.csv", "lz4")
    expected("multiclass", ["multiclass/part-0.csv.zst", "multiclass/part-1.csv.lz4"], task="multiclass")


def soft():
    rng = random.Random(7)

    def distribution(k):
        weights = [rng.gammavariate(0.7, 1.0) for _ in range(k)]
        total = sum(weights)
        return [w / total for w in weights]

    rows = []
    for _ in range(300):
        target, pred = distribution(4), distribution(4)
        if rng.random() < 0.2:  # hard targets among the soft ones
            hot = rng.randrange(4)
            target = [1.0 if j == hot else 0.0 for j in range(4)]
        rows.append((*target, *pred))
    d = os.path.join(HERE, "soft")
    os.makedirs(d, exist_ok=True)
    header = ["t0", "t1", "t2", "t3", "q0", "q1", "q2", "q3"]
    write_csv(f"{d}/part-0.csv", header, rows[:150])
    compress(f"{d}/part-0.csv", "zstd", "-1")
    # Same columns in another order.
    order = [4, 0, 5, 1, 6, 2, 7, 3]
    write_csv(f"{d}/part-1.csv", [header[i] for i in order], [[r[i] for i in order] for r in rows[150:]])
    expected("soft", ["soft/part-0.csv.zst", "soft/part-1.csv"], task="soft", label="t0,t1,t2,t3",
             pred="q0,q1,q2,q3")


def regression():
    data = load_diabetes()
    model = Ridge(alpha=0.1).fit(data.data, data.target)
    rows = [(float(y), float(q)) for y, q in zip(data.target, model.predict(data.data))]
    d = os.path.join(HERE, "regression")
    os.makedirs(d, exist_ok=True)
    write_csv(f"{d}/part-0.csv", ["y", "yhat"], rows[:221])
    compress(f"{d}/part-0.csv", "zstd", "-12")
    write_csv(f"{d}/part-1.csv", ["y", "yhat"], rows[221:])
    expected("regression", ["regression/part-0.csv.zst", "regression/part-1.csv"], task="regression",
             label="y", pred="yhat")


def tie():
    """|y - 0| terms 1, 2^-53, then a thousand 2^-160: the exact sum sits just above a rounding tie."""
    values = [1.0, 2.0 ** -53] + [2.0 ** -160] * 1000
    d = os.path.join(HERE, "tie")
    os.makedirs(d, exist_ok=True)
    write_csv(f"{d}/tie.csv", ["y", "yhat"], [(v, 0.0) for v in values])
    expected("tie", ["tie/tie.csv"], task="regression", label="y", pred="yhat")


def numpy_shards():
    """Shards written by numpy itself: structured with extra columns and mixed types, 2-D float64."""
    data = load_breast_cancer()
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(data.data, data.target)
    p = model.predict_proba(data.data)[:, 1]
    d = os.path.join(HERE, "npy")
    os.makedirs(d, exist_ok=True)
    n = len(p)
    records = np.zeros(n, dtype=[("id", "<u8"), ("label", "u1"), ("pred", "<f4"), ("note", "<U3"), ("w", ">i2")])
    records["id"] = np.arange(n)
    records["label"] = data.target
    records["pred"] = p.astype(np.float32)
    records["note"] = "ok"
    records["w"] = 1
    np.save(f"{d}/binary-0.npy", records[:300])
    np.save(f"{d}/binary-1.npy", records[300:])
    compress(f"{d}/binary-1.npy", "zstd", "-9", "--check")
    # Aligned structure: numpy inserts padding fields.
    aligned = np.dtype({"names": ["label", "pred"], "formats": ["u1", "<f8"]}, align=True)
    padded = np.zeros(50, dtype=aligned)
    padded["label"] = data.target[:50]
    padded["pred"] = p[:50]
    np.save(f"{d}/binary-aligned.npy", padded)
    compress(f"{d}/binary-aligned.npy", "lz4")
    expected("npy-binary", ["npy/binary-0.npy", "npy/binary-1.npy.zst", "npy/binary-aligned.npy.lz4"], pred="pred")

    iris = load_iris()
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(iris.data, iris.target)
    matrix = np.column_stack([iris.target.astype(np.float64), model.predict_proba(iris.data)])
    np.save(f"{d}/multiclass.npy", matrix)
    compress(f"{d}/multiclass.npy", "zstd", "-3")
    expected("npy-multiclass", ["npy/multiclass.npy.zst"], task="multiclass")


def logits():
    """A real model's logits (decision_function), balanced-class sample weights and slice columns."""
    from sklearn.utils.class_weight import compute_sample_weight

    d = os.path.join(HERE, "logit")
    os.makedirs(d, exist_ok=True)
    data = load_breast_cancer()
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(data.data, data.target)
    z = model.decision_function(data.data)
    w = compute_sample_weight("balanced", data.target)
    radius = data.data[:, 0]
    low, high = np.quantile(radius, [1 / 3, 2 / 3])
    size = ["small" if r < low else "medium" if r < high else "large" for r in radius]
    rows = [(int(y), float(s), float(v), size[i], "even" if i % 2 == 0 else "odd")
            for i, (y, s, v) in enumerate(zip(data.target, z, w))]
    header = ["label", "logit", "weight", "size", "parity"]
    write_csv(f"{d}/binary-0.csv", header, rows[:300])
    write_csv(f"{d}/binary-1.csv", header, rows[300:])
    compress(f"{d}/binary-1.csv", "zstd", "-3")
    expected("logit-binary", ["logit/binary-0.csv", "logit/binary-1.csv.zst"], pred="logit", pred_format="logit",
             weight="weight", slice_by="size,parity")

    iris = load_iris()
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(iris.data, iris.target)
    z = model.decision_function(iris.data)
    w = compute_sample_weight("balanced", iris.target) * np.linspace(0.5, 2.0, len(iris.target))
    petal = ["short" if length < 4.0 else "long" for length in iris.data[:, 2]]
    rows = [(int(y), *map(float, q), float(v), petal[i]) for i, (y, q, v) in enumerate(zip(iris.target, z, w))]
    write_csv(f"{d}/multiclass.csv", ["label", "setosa", "versicolor", "virginica", "weight", "petal"], rows)
    expected("logit-multiclass", ["logit/multiclass.csv"], task="multiclass", pred="setosa,versicolor,virginica",
             pred_format="logit", weight="weight", slice_by="petal")


def read_columns(path, label, pred):
    """The label and prediction columns of a CSV fixture (decompressed with the zstd or lz4 tool)."""
    tool = {".zst": "zstd", ".lz4": "lz4"}.get(os.path.splitext(path)[1])
    full = os.path.join(HERE, path)
    data = subprocess.run([tool, "-dcq", full], stdout=subprocess.PIPE, check=True).stdout if tool else open(
        full, "rb").read()
    lines = [line.rstrip("\r") for line in data.decode().splitlines()]
    names = [name.strip('"') for name in lines[0].split(",")]
    rows = [[cell.strip('"') for cell in line.split(",")] for line in lines[1:]]
    return [float(r[names.index(label)]) for r in rows], [float(r[names.index(pred)]) for r in rows]


def ranking():
    """--auc: the model fixtures' scores, and made-up ones with heavy ties, all equal, 0/0.2/1 and -0.0 = 0.0.
    The expected values also hold scikit-learn's roc_auc_score and average_precision_score (not exact: the
    tests allow them a few ulps)."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    d = os.path.join(HERE, "ranking")
    os.makedirs(d, exist_ok=True)
    rng = random.Random(15)
    ties = []
    for i in range(3000):
        y = int(rng.random() < 0.35)
        # 0, 0.2 and 1 mostly, -0.0 written as such (the same score as 0), and a few distinct scores.
        score = rng.choice(["0", "-0.0", "0.2", "0.2", "1", "1.0", repr(rng.random())]) if y else rng.choice(
            ["0", "0.0", "0.2", "0.2", "0.2", "1", repr(rng.random())])
        ties.append((y, score, rng.choice(["north", "south", "east"])))
    write_csv(f"{d}/ties.csv", ["label", "pred", "region"], ties)
    write_csv(f"{d}/equal.csv", ["label", "pred"], [(i % 3 % 2, "0.5") for i in range(999)])
    cases = {
        "ranking-binary": (["binary/part-0.csv", "binary/part-1.csv.zst", "binary/part-2.csv.lz4"],
                           dict(pred="pred")),
        "ranking-logit": (["logit/binary-0.csv", "logit/binary-1.csv.zst"],
                          dict(pred="logit", pred_format="logit", slice_by="size,parity")),
        "ranking-ties": (["ranking/ties.csv"], dict(pred="pred", slice_by="region")),
        "ranking-equal": (["ranking/equal.csv"], dict(pred="pred")),
    }
    for name, (files, options) in cases.items():
        expected(name, files, auc=True, **options)
        labels, scores = [], []
        for path in files:
            y, s = read_columns(path, "label", options["pred"])
            labels += y
            scores += s
        path = os.path.join(HERE, "expected", name + ".json")
        with open(path) as handle:
            report = json.load(handle)
        report["sklearn"] = {"roc_auc": float(roc_auc_score(labels, scores)),
                             "average_precision": float(average_precision_score(labels, scores))}
        with open(path, "w") as handle:
            json.dump(report, handle, indent=2)
            handle.write("\n")


if __name__ == "__main__":
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    binary()
    multiclass()
    soft()
    regression()
    tie()
    numpy_shards()
    logits()
    ranking()
