#!/usr/bin/env python3
"""Independent reference for `xstream eval`: the same specification, written separately, stdlib only.

Every mean is math.fsum(terms) / n, which is the correctly rounded sum divided by the count.
Compressed inputs are decompressed with the `zstd` and `lz4` command-line tools, or Python's gzip, bz2 and
lzma modules (detected by magic bytes). Labels may also be the words true/True/TRUE (1) and false/False/FALSE (0).
A Parquet or Arrow file (`PAR1` / `ARROW1` magic, or an Arrow stream) is not decoded: its rows are read from the
sidecar `FILE.rows.csv` its generator wrote (repr() floats, the exact float32 value for float32 columns, an
empty cell for a null), records counted from 0; a null in a used column is the reason "null". A slice column is
the sidecar's column `key:NAME`: "=" and the key text percent-encoded (UTF-8), an empty cell for a null (the
reason "null", after the value columns' checks).

With --weight COL every mean is float(sum(Fraction(w) * Fraction(t))) / float(sum(Fraction(w))) (a zero
weight contributes nothing); with --pred-format logit the terms are those of logits (log1p, exp and log are
the C library's, as the math module calls them; the softmax's sum is math.fsum).

With --auc (binary, unweighted) the labels must be exactly 0 or 1 (else the reason "soft_label") and the
metrics add roc_auc = Fraction(2 * sum over positives of #negatives below + #negatives tied, 2 * P * N) and
average_precision = math.fsum over the distinct scores t, descending, of
float(Fraction((tp_t - tp_prev) * tp_t, P * (tp_t + fp_t))); -0.0 and 0.0 are one score. Rows of one class
print {"error": {"reason": "one_class"}} and exit 2 (a slice of one class has NaN for what it lacks).

With --slice-by COLS every valid row is also accounted to its slice (the text of its slice fields: CSV as
written without quotes, surrounding spaces trimmed; .npy integers in decimal, booleans 0/1, floats as repr;
Parquet and Arrow as their sidecar spells them).

Usage: oracle.py [--task T] [--label a,b] [--pred c,d] [--eps E] [--sum-tolerance S]
                 [--delimiter D] [--skip-invalid] [--weight COL] [--pred-format F]
                 [--slice-by COLS] [--max-slices N] [--fail-if-slice "METRIC OP VALUE"]... [--min-slice-rows N]
                 FILE...
Prints one JSON object: rows, invalid_rows, invalid (reason -> count), metrics (name -> float), and
weight_sum with --weight, slices and slice_gates (each gate's expression and failing keys) with --slice-by;
non-finite floats are written as the strings "Infinity", "-Infinity", "NaN", as xstream does.
In strict mode (the default) the first invalid row in input order prints {"error": {...}} and exits 2.
"""
import argparse
import ast
import bz2
from fractions import Fraction
import gzip
import json
import lzma
import math
import os
import re
import struct
import subprocess
import sys
import urllib.parse

NUMBER = re.compile(rb"^ *([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?) *$")
NON_FINITE_WORDS = {b"nan", b"inf", b"infinity"}
BOOLEAN = re.compile(rb"^ *(true|True|TRUE|false|False|FALSE) *$")
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
LZ4_MAGIC = b"\x04\x22\x4d\x18"


class Invalid(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def decompressed(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:3] == b"BZh" and data[3:4] in b"123456789" and len(data) >= 4:
        return bz2.decompress(data)
    if data[:6] == b"\xfd7zXZ\x00":
        return lzma.decompress(data, format=lzma.FORMAT_XZ)
    head = data[:4]
    skippable = len(head) == 4 and (struct.unpack("<I", head)[0] & 0xFFFFFFF0) == 0x184D2A50
    if head == ZSTD_MAGIC or (skippable and ZSTD_MAGIC in data):
        return subprocess.run(["zstd", "-dcq"], input=data, stdout=subprocess.PIPE, check=True).stdout
    if head == LZ4_MAGIC or (skippable and LZ4_MAGIC in data):
        return subprocess.run(["lz4", "-dcq"], input=data, stdout=subprocess.PIPE, check=True).stdout
    return data


NPY_MAGIC = b"\x93NUMPY"
STRUCT_CODES = {("i", 1): "b", ("i", 2): "h", ("i", 4): "i", ("i", 8): "q", ("u", 1): "B", ("u", 2): "H",
                ("u", 4): "I", ("u", 8): "Q", ("f", 4): "f", ("f", 8): "d", ("b", 1): "?"}


def npy_records(data):
    """Yields (names, values-per-record) of an .npy file: field names and a list of floats per record."""
    major = data[6]
    if major == 1:
        length, start = struct.unpack("<H", data[8:10])[0], 10
    else:
        length, start = struct.unpack("<I", data[8:12])[0], 12
    header = ast.literal_eval(data[start:start + length].decode("latin1" if major < 3 else "utf8"))
    if header["fortran_order"]:
        raise SystemExit("fortran order")
    body = data[start + length:]
    descr, shape = header["descr"], header["shape"]
    if isinstance(descr, str):
        fields = [(str(i), descr, i * int(descr[2:])) for i in range(shape[1])]
        size, count = int(descr[2:]) * shape[1], shape[0]
    else:
        fields, offset = [], 0
        for name, typestr in descr:
            fields.append((name, typestr, offset))
            size = int(re.match(r"\d+", typestr[2:]).group())  # "<M8[ns]": digits, then a unit
            offset += 4 * size if typestr[1] == "U" else size
        size, count = offset, shape[0]
    readers = []
    for name, typestr, offset in fields:
        code = STRUCT_CODES.get((typestr[1], int(typestr[2:]) if typestr[2:].isdigit() else 0))
        order = ">" if typestr[0] == ">" else "<"
        readers.append((name, struct.Struct(order + code) if code else None, offset))
    if len(body) != size * count:
        raise SystemExit(f"npy body has {len(body)} bytes, expected {size * count}")
    names = [name for name, _, _ in readers]
    rows = []
    for r in range(count):
        record = body[r * size:(r + 1) * size]
        rows.append([reader.unpack_from(record, offset)[0] if reader else None
                     for _, reader, offset in readers])
    return names, rows, isinstance(descr, str)


def npy_key_text(raw):
    """The slice-key text of an .npy value: 0/1, a decimal integer, or the shortest text of a double."""
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, int):
        return str(raw)
    return repr(float(raw))


def split_fields(line, delimiter):
    """RFC 4180 fields of one line (no line breaks inside quotes). Returns (fields, malformed)."""
    fields, i, n = [], 0, len(line)
    while True:
        j = i
        while j < n and line[j:j + 1] == b" ":
            j += 1
        if j < n and line[j:j + 1] == b'"':
            k, content = j + 1, bytearray()
            while True:
                if k >= n:
                    return fields, True
                if line[k:k + 1] == b'"':
                    if line[k + 1:k + 2] == b'"':
                        content += b'"'
                        k += 2
                        continue
                    k += 1
                    break
                content += line[k:k + 1]
                k += 1
            while k < n and line[k:k + 1] == b" ":
                k += 1
            fields.append((bytes(content), True))
            if k >= n:
                return fields, False
            if line[k:k + 1] != delimiter:
                return fields, True
            i = k + 1
        else:
            k = line.find(delimiter, i)
            if k < 0:
                fields.append((line[i:], False))
                return fields, False
            fields.append((line[i:k], False))
            i = k + 1


def to_number(raw, quoted, label=False):
    text = raw.strip(b" ") if quoted else raw
    match = NUMBER.match(text)
    if not match and label:
        word = BOOLEAN.match(text)
        if word:
            return 1.0 if word.group(1).lower() == b"true" else 0.0
    if not match:
        word = text.strip(b" ").lower().lstrip(b"+-")
        raise Invalid("non_finite" if word in NON_FINITE_WORDS else "not_a_number")
    value = float(match.group(1))
    if not math.isfinite(value):
        raise Invalid("non_finite")
    return value


def header_names(line, delimiter):
    if line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    fields, malformed = split_fields(line, delimiter)
    if malformed:
        raise SystemExit("bad header")
    return [(raw if quoted else raw.strip(b" ")).decode() for raw, quoted in fields]


class Task:
    def __init__(self, args):
        self.task, self.eps, self.tol = args.task, args.eps, args.sum_tolerance
        self.logit = args.pred_format == "logit"
        self.weighted = args.weight is not None
        self.rows = self.elements = self.correct = 0
        self.ce, self.ae, self.se = [], [], []
        # Weighted: (w, t) pairs per sum, the weights, and the weights of correct rows.
        self.wce, self.wae, self.wse, self.weights, self.wcorrect = [], [], [], [], []
        # With --auc: score -> [positives, negatives].
        self.ranked = args.auc
        self.scores = {}

    def clip(self, p):
        return min(max(p, self.eps), 1 - self.eps)

    def check_distribution(self, values, reason, sum_reason):
        for v in values:
            if not 0 <= v <= 1:
                raise Invalid(reason)
        if not abs(sum_naive(values) - 1) <= self.tol:
            raise Invalid(sum_reason)

    def add(self, labels, preds, w=None):
        """Checks a row and collects its terms; with a weight w, collects (w, term) pairs instead."""
        ce, ae, se, correct = [], [], [], False
        if self.task == "binary":
            y, p = labels[0], preds[0]
            if not 0 <= y <= 1:
                raise Invalid("label_out_of_range")
            if self.ranked and y not in (0, 1):
                raise Invalid("soft_label")
            if self.logit:
                z = p
                ce.append((max(z, 0.0) - y * z) + math.log1p(math.exp(-abs(z))))
                q = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
                ae.append(abs(y - q))
                correct = (z >= 0) == (y >= 0.5)
            else:
                if not 0 <= p <= 1:
                    raise Invalid("probability_out_of_range")
                c = self.clip(p)
                a = 0.0 if y == 0 else y * math.log(c)
                b = 0.0 if y == 1 else (1 - y) * math.log(1 - c)
                ce.append(-(a + b))
                ae.append(abs(y - p))
                correct = (p >= 0.5) == (y >= 0.5)
            elements = 1
        elif self.task == "multiclass":
            k, K = labels[0], len(preds)
            if not (0 <= k < K and float(k).is_integer()):
                raise Invalid("invalid_class_index")
            if not self.logit:
                self.check_distribution(preds, "probability_out_of_range", "probability_sum")
            k = int(k)
            correct = max(range(K), key=lambda j: (preds[j], -j)) == k
            if self.logit:
                m, s, lse = softmax(preds)
                ce.append(lse - preds[k])
                ae.extend(abs((1.0 if j == k else 0.0) - math.exp(z - m) / s) for j, z in enumerate(preds))
            else:
                ce.append(-math.log(self.clip(preds[k])))
                ae.extend(abs((1.0 if j == k else 0.0) - p) for j, p in enumerate(preds))
            elements = K
        elif self.task == "soft":
            self.check_distribution(labels, "label_out_of_range", "target_sum")
            if self.logit:
                m, s, lse = softmax(preds)
                ce.extend(-(y * (lse - z)) for y, z in zip(labels, preds) if y != 0)
                ae.extend(abs(y - math.exp(z - m) / s) for y, z in zip(labels, preds))
            else:
                self.check_distribution(preds, "probability_out_of_range", "probability_sum")
                ce.extend(y * math.log(self.clip(q)) for y, q in zip(labels, preds) if y != 0)
                ae.extend(abs(y - q) for y, q in zip(labels, preds))
            elements = len(preds)
        else:
            d = labels[0] - preds[0]
            ae.append(abs(d))
            se.append(d * d)
            elements = 1
        if w is not None and not w >= 0:
            raise Invalid("invalid_weight")
        self.rows += 1
        self.elements += elements
        self.correct += correct
        if self.ranked:
            counts = self.scores.setdefault(preds[0] + 0.0, [0, 0])
            counts[0 if labels[0] == 1 else 1] += 1
        if w is None:
            self.ce += ce
            self.ae += ae
            self.se += se
        else:
            self.weights.append(w)
            if correct:
                self.wcorrect.append(w)
            self.wce += [(w, t) for t in ce]
            self.wae += [(w, t) for t in ae]
            self.wse += [(w, t) for t in se]

    def metrics(self):
        base = self.weighted_metrics() if self.weighted else self.unweighted_metrics()
        if self.ranked:
            base.update(self.ranking_metrics())
        return base

    def ranking_metrics(self):
        """roc_auc and average_precision as exact fractions of the counts, each rounded as specified."""
        P = sum(c[0] for c in self.scores.values())
        N = sum(c[1] for c in self.scores.values())
        wins = 0
        negatives_below = 0
        for score in sorted(self.scores):
            pos, neg = self.scores[score]
            wins += pos * (2 * negatives_below + neg)
            negatives_below += neg
        auc = float(Fraction(wins, 2 * P * N)) if P and N else math.nan
        quotients = []
        tp = fp = 0
        for score in sorted(self.scores, reverse=True):
            pos, neg = self.scores[score]
            tp += pos
            fp += neg
            if pos:
                quotients.append(float(Fraction(pos * tp, P * (tp + fp))))
        return {"roc_auc": auc, "average_precision": math.fsum(quotients) if P else math.nan}

    def unweighted_metrics(self):
        n = self.rows
        mae = exact_sum(self.ae) / self.elements
        if self.task in ("binary", "multiclass"):
            return {"cross_entropy": exact_sum(self.ce) / n, "mae": mae, "accuracy": self.correct / n}
        if self.task == "soft":
            return {"cross_entropy": -exact_sum(self.ce) / n, "mae": mae}
        mse = exact_sum(self.se) / n
        return {"mae": mae, "mse": mse, "rmse": math.sqrt(mse)}


    def weighted_metrics(self):
        total = exact_float(sum(Fraction(w) for w in self.weights))
        per_row = self.elements // self.rows
        mae = divide(weighted_sum(self.wae), exact_float(per_row * sum(Fraction(w) for w in self.weights)))
        if self.task in ("binary", "multiclass"):
            accuracy = divide(exact_float(sum(Fraction(w) for w in self.wcorrect)), total)
            return {"cross_entropy": divide(weighted_sum(self.wce), total), "mae": mae, "accuracy": accuracy}
        if self.task == "soft":
            return {"cross_entropy": divide(-weighted_sum(self.wce), total), "mae": mae}
        mse = divide(weighted_sum(self.wse), total)
        return {"mae": mae, "mse": mse, "rmse": math.sqrt(mse) if not math.isnan(mse) else math.nan}

    def weight_sum(self):
        return exact_float(sum(Fraction(w) for w in self.weights))


def divide(a, b):
    """IEEE division: a slice whose weights are all 0 has NaN means (0/0)."""
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
    return a / b


def softmax(z):
    """m = max z, s = the correctly rounded sum of exp(z_j - m), lse = m + log(s)."""
    m = max(z)
    s = math.fsum(math.exp(v - m) for v in z)
    return m, s, m + math.log(s)


def exact_float(fraction):
    """float(fraction), with an overflow rounding to an infinity as IEEE arithmetic does; +0 for zero."""
    try:
        return float(fraction) + 0.0
    except OverflowError:
        return math.inf if fraction > 0 else -math.inf


def weighted_sum(pairs):
    """The correctly rounded exact sum of w*t; a zero weight contributes nothing, special terms follow IEEE."""
    pairs = [(w, t) for w, t in pairs if w != 0]
    special = [t for _, t in pairs if not math.isfinite(t)]
    if special:
        return exact_sum(special)
    return exact_float(sum(Fraction(w) * Fraction(t) for w, t in pairs))


def sum_naive(values):
    total = 0.0
    for v in values:
        total += v
    return total


def exact_sum(terms):
    """math.fsum, with IEEE semantics for infinities and +0 for a zero sum (as xstream reports)."""
    if any(math.isnan(t) for t in terms):
        return math.nan
    pos, neg = any(t == math.inf for t in terms), any(t == -math.inf for t in terms)
    if pos and neg:
        return math.nan
    if pos or neg:
        return math.inf if pos else -math.inf
    return math.fsum(terms) + 0.0


def reject(problem, location, skip_invalid, invalid):
    """Strict: print the first invalid row's location and reason, exit 2. Skipping: count it by reason."""
    if not skip_invalid:
        print(json.dumps({"error": dict(location, reason=problem.reason)}))
        sys.exit(2)
    invalid[problem.reason] = invalid.get(problem.reason, 0) + 1


def json_float(value):
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def add_row(task, ordered, labels, preds, weight):
    task.add(ordered[:labels], ordered[labels:labels + preds], ordered[-1] if weight else None)


def columnar_rows(path, args, task, invalid, slice_names, slice_task):
    """Evaluates the rows of a Parquet or Arrow file from its sidecar CSV (see the module's doc)."""
    with open(path + ".rows.csv", "rb") as handle:
        lines = handle.read().split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    names = header_names(lines[0], b",")
    label_names = args.label.split(",") if args.label else ["label"]
    pred_names = args.pred.split(",") if args.pred else [
        n for n in names if n not in label_names and not n.startswith("key:")]
    slots = [names.index(n) for n in label_names + pred_names]
    key_slots = [names.index("key:" + n) for n in slice_names]
    for number, line in enumerate(lines[1:]):
        fields = line.split(b",")
        try:
            for index in slots:
                if fields[index] == b"":
                    raise Invalid("null")
            ordered = [float(fields[i]) for i in slots]
            if not all(math.isfinite(v) for v in ordered):
                raise Invalid("non_finite")
            if any(fields[i] == b"" for i in key_slots):
                raise Invalid("null")
            task.add(ordered[:len(label_names)], ordered[len(label_names):], None)
            if slice_names:
                key = tuple(urllib.parse.unquote(fields[i][1:].decode("ascii")) for i in key_slots)
                slice_task(key).add(ordered[:len(label_names)], ordered[len(label_names):], None)
        except Invalid as problem:
            reject(problem, {"file": path, "record": number}, args.skip_invalid, invalid)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--task", default="binary")
    parser.add_argument("--label")
    parser.add_argument("--pred")
    parser.add_argument("--eps", type=float, default=2.220446049250313e-16)
    parser.add_argument("--sum-tolerance", type=float, default=1e-3)
    parser.add_argument("--delimiter", default=",")
    parser.add_argument("--skip-invalid", action="store_true")
    parser.add_argument("--weight")
    parser.add_argument("--pred-format", default="probability")
    parser.add_argument("--slice-by")
    parser.add_argument("--max-slices", type=int, default=10000)
    parser.add_argument("--fail-if-slice", action="append", default=[])
    parser.add_argument("--min-slice-rows", type=int, default=1)
    parser.add_argument("--auc", action="store_true")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    delimiter = b"\t" if args.delimiter == "tab" else args.delimiter.encode()
    task = Task(args)
    invalid = {}
    slice_names = args.slice_by.split(",") if args.slice_by else []
    slices = {}

    def slice_task(key):
        if key not in slices:
            if len(slices) == args.max_slices:
                print(json.dumps({"error": {"reason": "too_many_slices"}}))
                sys.exit(2)
            slices[key] = Task(args)
        return slices[key]
    for path in args.files:
        if os.path.exists(path + ".rows.csv"):
            columnar_rows(path, args, task, invalid, slice_names, slice_task)
            continue
        data = decompressed(path)
        if not data:
            continue
        if data.startswith(NPY_MAGIC):
            names, rows, two_dimensional = npy_records(data)
            label_names = args.label.split(",") if args.label else ["0" if two_dimensional else "label"]
            pred_names = args.pred.split(",") if args.pred else [
                n for n in names if n not in label_names and n != args.weight]
            weight_names = [args.weight] if args.weight else []
            slots = [names.index(n) for n in label_names + pred_names + weight_names]
            for number, row in enumerate(rows):
                try:
                    ordered = [float(row[i]) for i in slots]
                    if not all(math.isfinite(v) for v in ordered):
                        raise Invalid("non_finite")
                    add_row(task, ordered, len(label_names), len(pred_names), args.weight)
                    if slice_names:
                        key = tuple(npy_key_text(row[names.index(n)]) for n in slice_names)
                        add_row(slice_task(key), ordered, len(label_names), len(pred_names), args.weight)
                except Invalid as problem:
                    reject(problem, {"file": path, "record": number}, args.skip_invalid, invalid)
            continue
        lines = data.split(b"\n")
        if lines[-1] == b"":
            lines.pop()
        names = header_names(lines[0].rstrip(b"\r"), delimiter)
        label_names = args.label.split(",") if args.label else ["label"]
        pred_names = args.pred.split(",") if args.pred else [
            n for n in names if n not in label_names and n != args.weight]
        weight_names = [args.weight] if args.weight else []
        slots = [names.index(n) for n in label_names + pred_names + weight_names]
        for number, line in enumerate(lines[1:], start=2):
            if line.endswith(b"\r"):
                line = line[:-1]
            try:
                fields, malformed = split_fields(line, delimiter)
                if malformed:
                    raise Invalid("malformed_quote")
                if len(fields) != len(names):
                    raise Invalid("field_count")
                values = {}
                label_slots = set(slots[:len(label_names)])
                for index in sorted(slots):
                    values[index] = to_number(*fields[index], label=index in label_slots)
                ordered = [values[i] for i in slots]
                add_row(task, ordered, len(label_names), len(pred_names), args.weight)
                if slice_names:
                    key = tuple((raw if quoted else raw.strip(b" ")).decode("utf8", "replace")
                                for raw, quoted in (fields[names.index(n)] for n in slice_names))
                    add_row(slice_task(key), ordered, len(label_names), len(pred_names), args.weight)
            except Invalid as problem:
                reject(problem, {"file": path, "line": number}, args.skip_invalid, invalid)
    if args.auc and task.rows and (not any(c[0] for c in task.scores.values())
                                   or not any(c[1] for c in task.scores.values())):
        print(json.dumps({"error": {"reason": "one_class"}}))
        sys.exit(2)
    if args.weight and task.rows and task.weight_sum() == 0:
        print(json.dumps({"error": {"reason": "zero_total_weight"}}))
        sys.exit(2)
    report = {
        "rows": task.rows,
        "invalid_rows": sum(invalid.values()),
        "invalid": invalid,
        "metrics": {k: json_float(v) for k, v in task.metrics().items()} if task.rows else {},
    }
    if args.weight:
        report["weight_sum"] = json_float(task.weight_sum())
    if slice_names:
        report["slices"] = []
        for key in sorted(slices, key=lambda k: tuple(v.encode() for v in k)):
            part = slices[key]
            entry = {"key": dict(zip(slice_names, key)), "rows": part.rows,
                     "metrics": {k: json_float(v) for k, v in part.metrics().items()}}
            if args.weight:
                entry["weight_sum"] = json_float(part.weight_sum())
            report["slices"].append(entry)
        report["slice_gates"] = []
        for expression in args.fail_if_slice:
            name, op, value = re.match(r"^\s*(\w+)\s*(<=|>=|<|>)\s*(\S+)\s*$", expression).groups()
            failed = []
            for entry in report["slices"]:
                if entry["rows"] < args.min_slice_rows:
                    continue
                observed = float(entry["rows"] if name == "rows" else entry["metrics"][name])
                holds = {"<": observed < float(value), "<=": observed <= float(value),
                         ">": observed > float(value), ">=": observed >= float(value)}[op]
                if holds:
                    failed.append(" ".join(f"{c}={v}" for c, v in entry["key"].items()))
            report["slice_gates"].append({"expression": expression, "failed": failed})
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
