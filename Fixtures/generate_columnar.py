#!/usr/bin/env python3
"""Regenerates the Parquet fixtures (Fixtures/parquet/) and their expected values.

Needs pyarrow (pip install pyarrow; only for regeneration). Each file is written with pyarrow beside a sidecar
FILE.rows.csv holding the same rows (repr() of each value as a double: the exact float32 value for float32
columns, an empty cell for a null), which oracle.py reads instead of decoding Parquet itself; the expected
values come from oracle.py. Run from anywhere: python3 Fixtures/generate_columnar.py

The slice-key files (slice_files: Parquet, Feather and Arrow streams, and CSV of the same rows) add to their
sidecars a `key:NAME` column per slice column (see write_key_sidecar).

The files of other tools (tool_files: Polars, pandas, DuckDB) need polars, pandas and duckdb as well; their
sidecars hold the rows pyarrow reads back out of each file. `python3 Fixtures/generate_columnar.py tools`
writes only those.
"""
import json
import math
import os
import random
import struct
import subprocess
import sys
import urllib.parse

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))


def expected(name, files, **options):
    """As generate.py's: the oracle's report over `files`, with the inputs and options the tests use."""
    args = [sys.executable, os.path.join(HERE, "oracle.py")]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    report = json.loads(subprocess.run(args + files, cwd=HERE, stdout=subprocess.PIPE, check=True).stdout)
    report["inputs"] = files
    report["options"] = options
    with open(os.path.join(HERE, "expected", name + ".json"), "w") as handle:
        json.dump(report, handle, indent=2)
        handle.write("\n")


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def write_sidecar(path, columns, types):
    """The rows as CSV for oracle.py: repr() of each numeric value as a double, empty for a null."""
    numeric = [k for k in columns if not pa.types.is_nested(types[k]) and not pa.types.is_string(types[k])]
    with open(path + ".rows.csv", "w") as handle:
        handle.write(",".join(numeric) + "\n")
        for row in range(len(next(iter(columns.values())))):
            cells = []
            for key in numeric:
                value = columns[key][row]
                if value is None:
                    cells.append("")
                elif pa.types.is_float32(types[key]):
                    cells.append(repr(f32(value)))
                else:
                    cells.append(repr(float(value)))
            handle.write(",".join(cells) + "\n")


def write(name, columns, types, **options):
    """Writes columns (name -> list, None for null) as Parquet with pyarrow, and the sidecar CSV."""
    path = os.path.join(HERE, "parquet", name)
    table = pa.table({key: pa.array(values, type=types[key]) for key, values in columns.items()})
    pq.write_table(table, path, **options)
    write_sidecar(path, columns, types)
    return "parquet/" + name


def write_arrow(name, columns, types, stream=False, batch_rows=None, compression=None):
    """Writes columns as an Arrow IPC file (Feather v2) or stream, in batches of batch_rows, and the sidecar."""
    import pyarrow.ipc as ipc
    path = os.path.join(HERE, "arrow", name)
    table = pa.table({key: pa.array(values, type=types[key]) for key, values in columns.items()})
    options = ipc.IpcWriteOptions(compression=compression)
    with pa.OSFile(path, "wb") as sink:
        writer = (ipc.new_stream if stream else ipc.new_file)(sink, table.schema, options=options)
        for batch in table.to_batches(max_chunksize=batch_rows):
            writer.write_batch(batch)
        writer.close()
    write_sidecar(path, columns, types)
    return "arrow/" + name


def binary_rows(rng, n, label_kind="int"):
    labels, preds = [], []
    for _ in range(n):
        y = rng.random() < 0.4
        p = min(max(rng.gauss(0.7 if y else 0.3, 0.2), 0.0), 1.0)
        labels.append(bool(y) if label_kind == "bool" else int(y))
        preds.append(p)
    return labels, preds


def main():
    os.makedirs(os.path.join(HERE, "parquet"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "arrow"), exist_ok=True)
    rng = random.Random(16)
    files = []
    # Codecs, label types, dictionary on and off, data pages v1 and v2, small row groups.
    cases = [
        ("binary-none-plain.parquet", pa.int8(), pa.float64(), dict(compression="none", use_dictionary=False)),
        ("binary-snappy-dict.parquet", pa.uint8(), pa.float64(), dict(compression="snappy")),
        ("binary-gzip-v2.parquet", pa.bool_(), pa.float64(), dict(compression="gzip", data_page_version="2.0")),
        ("binary-zstd-groups.parquet", pa.int64(), pa.float32(), dict(compression="zstd", row_group_size=37)),
        ("binary-lz4-v2-dict.parquet", pa.uint32(), pa.float64(),
         dict(compression="lz4", data_page_version="2.0", row_group_size=100)),
        ("binary-bss.parquet", pa.float64(), pa.float32(),
         dict(compression="zstd", use_dictionary=False, use_byte_stream_split=["pred"])),
        ("binary-delta.parquet", pa.uint64(), pa.float64(),
         dict(compression="snappy", use_dictionary=False, column_encoding={"label": "DELTA_BINARY_PACKED"},
              data_page_size=512)),
        ("binary-small-pages.parquet", pa.int32(), pa.float64(),
         dict(compression="none", data_page_size=256, write_batch_size=16, row_group_size=90)),
    ]
    for name, label_type, pred_type, options in cases:
        n = rng.randrange(150, 260)
        labels, preds = binary_rows(rng, n, "bool" if label_type == pa.bool_() else "int")
        columns = {
            "id": list(range(n)),
            "label": labels,
            "pred": preds,
            # Unused: nulls and a nested column are fine there.
            "weight": [None if i % 7 == 0 else rng.random() for i in range(n)],
            "tags": [[i, i + 1] if i % 3 else None for i in range(n)],
            "name": [f"row{i}" for i in range(n)],
        }
        types = {"id": pa.int64(), "label": label_type, "pred": pred_type, "weight": pa.float64(),
                 "tags": pa.list_(pa.int32()), "name": pa.string()}
        files.append(write(name, columns, types, **options))
    expected("parquet-binary", files, pred="pred")

    n = 300
    labels, probs = [], []
    for _ in range(n):
        raw = [rng.random() + 0.01 for _ in range(3)]
        total = sum(raw)
        probs.append([r / total for r in raw])
        labels.append(rng.randrange(3))
    columns = {"label": labels, "p0": [p[0] for p in probs], "p1": [p[1] for p in probs],
               "p2": [p[2] for p in probs]}
    types = {"label": pa.int16(), "p0": pa.float32(), "p1": pa.float32(), "p2": pa.float32()}
    multiclass = write("multiclass-zstd-v2.parquet", columns, types, compression="zstd", data_page_version="2.0",
                       row_group_size=64)
    expected("parquet-multiclass", [multiclass], task="multiclass")

    n = 257
    y = [rng.randrange(-1000, 1000) for _ in range(n)]
    columns = {"y": y, "yhat": [v + rng.gauss(0, 30) for v in y]}
    types = {"y": pa.int32(), "yhat": pa.float32()}
    regression = write("regression-delta-bss.parquet", columns, types, compression="gzip", use_dictionary=False,
                       column_encoding={"y": "DELTA_BINARY_PACKED", "yhat": "BYTE_STREAM_SPLIT"})
    expected("parquet-regression", [regression], task="regression", label="y", pred="yhat")

    # Nulls in a used column (invalid rows), for the strict and skipping tests; not a fixture set.
    labels, preds = binary_rows(rng, 200)
    preds = [None if i in (17, 18, 150) else p for i, p in enumerate(preds)]
    labels = [None if i == 99 else v for i, v in enumerate(labels)]
    write("nulls.parquet", {"label": labels, "pred": preds}, {"label": pa.int8(), "pred": pa.float64()},
          compression="snappy", row_group_size=64)
    # Codecs xstream does not read: an error naming the codec and the column.
    labels, preds = binary_rows(rng, 50)
    write("brotli.parquet", {"label": labels, "pred": preds}, {"label": pa.int8(), "pred": pa.float64()},
          compression="brotli")

    arrow_files(random.Random(17))
    tool_files(random.Random(18))
    slice_files(random.Random(18))


def arrow_files(rng):
    files = []
    cases = [
        ("binary-none.arrow", pa.int8(), pa.float64(), False, None, None),
        ("binary-lz4.feather", pa.uint16(), pa.float32(), False, 40, "lz4"),
        ("binary-zstd.arrow", pa.bool_(), pa.float64(), False, 64, "zstd"),
        ("binary-stream.arrows", pa.int64(), pa.float64(), True, 33, None),
        ("binary-stream-zstd.arrows", pa.uint64(), pa.float32(), True, 50, "zstd"),
    ]
    for name, label_type, pred_type, stream, batch_rows, compression in cases:
        n = rng.randrange(120, 220)
        labels, preds = binary_rows(rng, n, "bool" if label_type == pa.bool_() else "int")
        columns = {"id": list(range(n)), "label": labels, "pred": preds,
                   "weight": [None if i % 5 == 0 else rng.random() for i in range(n)],
                   "tags": [[i] if i % 2 else None for i in range(n)], "name": [f"r{i}" for i in range(n)]}
        types = {"id": pa.int32(), "label": label_type, "pred": pred_type, "weight": pa.float64(),
                 "tags": pa.list_(pa.int64()), "name": pa.string()}
        files.append(write_arrow(name, columns, types, stream=stream, batch_rows=batch_rows,
                                 compression=compression))
    expected("arrow-binary", files, pred="pred")
    labels, preds = binary_rows(rng, 90)
    preds = [None if i in (5, 70) else p for i, p in enumerate(preds)]
    write_arrow("nulls.arrows", {"label": labels, "pred": preds}, {"label": pa.int8(), "pred": pa.float64()},
                stream=True, batch_rows=30)


def write_sidecar_read_back(path):
    """The sidecar of a file another tool wrote, from the rows pyarrow reads back out of it (numeric and boolean
    columns only: the others are never used)."""
    import pyarrow.ipc as ipc
    with open(path, "rb") as handle:
        magic = handle.read(6)
    if magic[:4] == b"PAR1":
        table = pq.read_table(path)
    elif magic == b"ARROW1":
        table = ipc.open_file(path).read_all()
    else:
        table = ipc.open_stream(path).read_all()
    fields = [f for f in table.schema
              if pa.types.is_integer(f.type) or pa.types.is_floating(f.type) or pa.types.is_boolean(f.type)]
    write_sidecar(path, {f.name: table[f.name].to_pylist() for f in fields}, {f.name: f.type for f in fields})


def tool_frame(rng, n, float32=False):
    """Binary rows with the unused columns such tools' users have: text, a category, a list, a timestamp, a
    float column with gaps; as a dict of lists (None for a missing value)."""
    import datetime
    labels, preds = binary_rows(rng, n)
    start = datetime.datetime(2024, 1, 1)
    return {
        "id": list(range(n)),
        "label": labels,
        "pred": [f32(p) for p in preds] if float32 else preds,
        "model": [rng.choice(["a", "b", "c"]) for _ in range(n)],
        "note": [f"r{i}" for i in range(n)],
        "tags": [[i, i + 1] if i % 3 else [] for i in range(n)],
        "seen": [start + datetime.timedelta(minutes=i) for i in range(n)],
        "weight": [None if i % 11 == 0 else rng.random() for i in range(n)],
    }


def tool_files(rng):
    """Files written by Polars, pandas and DuckDB with their defaults (and pyarrow with Spark-like options),
    read back with pyarrow for the sidecars. Needs polars, pandas, duckdb and pyarrow."""
    import duckdb
    import pandas as pd
    import polars as pl

    def parquet(name):
        return os.path.join(HERE, "parquet", name)

    def arrow(name):
        return os.path.join(HERE, "arrow", name)

    def done(path):
        write_sidecar_read_back(path)
        return os.path.relpath(path, HERE)

    def polars_frame(columns, label_type, pred_type):
        frame = pl.DataFrame(columns).with_columns(
            pl.col("label").cast(label_type), pl.col("pred").cast(pred_type), pl.col("model").cast(pl.Categorical))
        return frame

    parquet_files = []
    # Polars: write_parquet's default is zstd.
    path = parquet("polars-default.parquet")
    polars_frame(tool_frame(rng, 2000), pl.Boolean, pl.Float64).write_parquet(path)
    parquet_files.append(done(path))
    # pandas: to_parquet through pyarrow, snappy; a float32 prediction.
    path = parquet("pandas-default.parquet")
    frame = pd.DataFrame(tool_frame(rng, 1600)).astype({"pred": "float32", "model": "category"})
    frame.to_parquet(path)
    parquet_files.append(done(path))
    # DuckDB: COPY ... (FORMAT PARQUET) is snappy; then zstd in small row groups, and format version 2.
    for name, rows, options in [
        ("duckdb-default.parquet", 1500, ""),
        ("duckdb-zstd-groups.parquet", 2600, ", COMPRESSION zstd, ROW_GROUP_SIZE 100"),
        ("duckdb-v2.parquet", 1300, ", PARQUET_VERSION v2"),
    ]:
        path = parquet(name)
        source = pd.DataFrame(tool_frame(rng, rows))
        duckdb.sql(f"""COPY (SELECT id, label::TINYINT AS label, pred, model, note, tags, seen, weight,
                               {{'a': id, 'b': note}} AS info FROM source) TO '{path}' (FORMAT PARQUET{options})""")
        parquet_files.append(done(path))
    # pyarrow as Spark writes: no dictionary, data pages v2, no statistics.
    path = parquet("pyarrow-spark-like.parquet")
    table = pa.Table.from_pandas(pd.DataFrame(tool_frame(rng, 1500)), preserve_index=False)
    pq.write_table(table, path, use_dictionary=False, data_page_version="2.0", write_statistics=False)
    parquet_files.append(done(path))
    expected("tools-parquet-binary", parquet_files, pred="pred")

    arrow_files = []
    # Polars: write_ipc (Feather v2) is uncompressed by default; a float32 prediction; and with zstd.
    path = arrow("polars-default.feather")
    polars_frame(tool_frame(rng, 2000, float32=True), pl.UInt8, pl.Float32).write_ipc(path)
    arrow_files.append(done(path))
    path = arrow("polars-zstd.arrow")
    polars_frame(tool_frame(rng, 1500), pl.Int64, pl.Float64).write_ipc(path, compression="zstd")
    arrow_files.append(done(path))
    # Polars: write_ipc_stream, uncompressed by default.
    path = arrow("polars-stream.arrows")
    polars_frame(tool_frame(rng, 1700), pl.Int32, pl.Float64).write_ipc_stream(path)
    arrow_files.append(done(path))
    # pandas: to_feather through pyarrow, lz4; the category (a dictionary of strings) before the used columns.
    path = arrow("pandas-default.feather")
    frame = pd.DataFrame(tool_frame(rng, 1600)).astype({"label": "bool", "model": "category"})
    frame[["model"] + [name for name in frame.columns if name != "model"]].to_feather(path)
    arrow_files.append(done(path))
    expected("tools-arrow-binary", arrow_files, pred="pred")

    # Multiclass: DuckDB Parquet and a Polars IPC stream.
    multiclass_files = []
    for index in range(2):
        n = rng.randrange(1000, 1500)
        labels, p0, p1, p2 = [], [], [], []
        for _ in range(n):
            raw = [rng.random() + 0.01 for _ in range(3)]
            total = sum(raw)
            p0.append(raw[0] / total)
            p1.append(raw[1] / total)
            p2.append(raw[2] / total)
            labels.append(rng.randrange(3))
        columns = {"label": labels, "p0": p0, "p1": p1, "p2": p2, "note": [f"r{i}" for i in range(n)]}
        if index == 0:
            path = parquet("duckdb-multiclass.parquet")
            source = pd.DataFrame(columns)
            duckdb.sql(f"COPY (SELECT label::SMALLINT AS label, p0, p1, p2, note FROM source) TO '{path}' "
                       "(FORMAT PARQUET)")
        else:
            path = arrow("polars-multiclass.arrows")
            pl.DataFrame(columns).with_columns(pl.col("label").cast(pl.UInt8)).write_ipc_stream(path)
        multiclass_files.append(done(path))
    expected("tools-multiclass", multiclass_files, task="multiclass", pred="p0,p1,p2")

    # Missing predictions: pandas writes NaN as null; Polars and DuckDB write None as null.
    columns = tool_frame(rng, 1200)
    columns["pred"] = [math.nan if i in (3, 700, 1199) else p for i, p in enumerate(columns["pred"])]
    path = parquet("pandas-nulls.parquet")
    pd.DataFrame(columns).to_parquet(path)
    done(path)
    columns = tool_frame(rng, 1100)
    columns["label"] = [None if i in (0, 901) else v for i, v in enumerate(columns["label"])]
    columns["pred"] = [None if i == 1000 else p for i, p in enumerate(columns["pred"])]
    path = arrow("polars-nulls.feather")
    polars_frame(columns, pl.Int8, pl.Float64).write_ipc(path)
    done(path)


def key_text(value):
    """xstream's slice-key text of a columnar value: strings as they are, booleans 0/1, integers in decimal, floats
    as repr() writes them (the shortest round-trip text: 2.0, 1e-05, -0.0)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf8")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return repr(value)


def write_key_sidecar(path, columns, types, keys):
    """write_sidecar's file plus a `key:NAME` column per slice column: "=" and the percent-encoded UTF-8 key text
    (float32 values widened first), an empty cell for a null."""
    write_sidecar(path, {k: v for k, v in columns.items() if k not in keys}, types)
    with open(path + ".rows.csv") as handle:
        lines = handle.read().split("\n")[:-1]
    for key in keys:
        lines[0] += ",key:" + key
        for row, value in enumerate(columns[key]):
            if value is not None and pa.types.is_float32(types[key]):
                value = f32(value)
            lines[row + 1] += "," + ("" if value is None else "=" + urllib.parse.quote(key_text(value), safe=""))
    with open(path + ".rows.csv", "w") as handle:
        handle.write("\n".join(lines) + "\n")


def csv_field(text):
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"') else text


def write_dictionary_stream(name, columns, types, encoded, batch_rows, delta, keys):
    """An Arrow IPC stream whose `encoded` columns are dictionary-encoded batch by batch: with `delta`, each batch's
    dictionary extends the one before (delta dictionary batches), else it is the batch's own values in reverse
    order (replacement dictionary batches); the sidecar has the slice columns `keys`."""
    import pyarrow.ipc as ipc
    n = len(next(iter(columns.values())))
    batches = []
    seen = {key: [] for key in encoded}
    for start in range(0, n, batch_rows):
        arrays = []
        for key, values in columns.items():
            part = values[start:start + batch_rows]
            if key not in encoded:
                arrays.append(pa.array(part, type=types[key]))
                continue
            if delta:
                seen[key] += [v for v in dict.fromkeys(part) if v is not None and v not in seen[key]]
                dictionary = list(seen[key])
            else:
                dictionary = sorted({v for v in part if v is not None}, reverse=True)
            indices = pa.array([None if v is None else dictionary.index(v) for v in part], type=pa.int16())
            arrays.append(pa.DictionaryArray.from_arrays(indices, pa.array(dictionary, type=types[key])))
        batches.append(pa.record_batch(arrays, names=list(columns)))
    path = os.path.join(HERE, "arrow", name)
    options = ipc.IpcWriteOptions(emit_dictionary_deltas=delta)
    with pa.OSFile(path, "wb") as sink:
        writer = ipc.new_stream(sink, batches[0].schema, options=options)
        for batch in batches:
            writer.write_batch(batch)
        writer.close()
    write_key_sidecar(path, columns, types, keys)
    return "arrow/" + name


def slice_files(rng):
    """Slice keys from Parquet and Arrow IPC: the same rows as Parquet (string keys dictionary-encoded and plain,
    DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY, pages v1 and v2), as Feather from pandas with category columns,
    as streams with delta and with replacement dictionaries, and as CSV; and nulls in slice columns. Each file's
sidecar has the slice columns as key:NAME (see write_key_sidecar)."""
    import pandas as pd
    os.makedirs(os.path.join(HERE, "slices"), exist_ok=True)
    keys = ["region", "device", "tier", "uid", "flag", "bucket"]
    n = 300
    labels, preds = binary_rows(rng, n)
    columns = {
        "label": labels, "pred": preds,
        "region": [rng.choice(["eu", "us", "\u00dcn\u00efcode", "a,b", "Z", 'q"t']) for _ in range(n)],
        "device": [rng.choice(["phone", "tablet", "desktop", "tv"]) for _ in range(n)],
        "tier": [rng.choice([-3, 0, 7, 2**62 + 1]) for _ in range(n)],
        "uid": [rng.choice([0, 2**53 + 1, 2**64 - 1]) for _ in range(n)],
        "flag": [rng.random() < 0.5 for _ in range(n)],
        "bucket": [rng.choice([0.1, 0.5, 2.0, -1.5e-7]) for _ in range(n)],
    }
    types = {"label": pa.int8(), "pred": pa.float64(), "region": pa.string(), "device": pa.string(),
             "tier": pa.int64(), "uid": pa.uint64(), "flag": pa.bool_(), "bucket": pa.float32()}
    table = pa.table({key: pa.array(values, type=types[key]) for key, values in columns.items()})
    files = []
    for name, options in [
        # region dictionary-encoded, device PLAIN.
        ("slices-dict.parquet", dict(compression="snappy", row_group_size=128, use_dictionary=["region", "tier"])),
        ("slices-delta-v2.parquet",
         dict(compression="zstd", data_page_version="2.0", use_dictionary=False, data_page_size=300,
              column_encoding={"region": "DELTA_LENGTH_BYTE_ARRAY", "device": "DELTA_BYTE_ARRAY",
                               "tier": "DELTA_BINARY_PACKED"})),
        # Uncompressed PLAIN strings, whose lengths the tests make hostile.
        ("slices-plain.parquet", dict(compression="none", use_dictionary=False)),
        # Dictionaries too small for the column: pages fall back to PLAIN after the dictionary's.
        ("slices-fallback.parquet",
         dict(compression="gzip", dictionary_pagesize_limit=24, data_page_size=64, write_batch_size=8)),
    ]:
        path = os.path.join(HERE, "parquet", name)
        pq.write_table(table, path, **options)
        write_key_sidecar(path, columns, types, keys)
        files.append("parquet/" + name)
    # pandas category columns: dictionary-encoded utf8 (int8 indices) and a dictionary of int64.
    frame = table.to_pandas()
    frame["region"] = frame["region"].astype("category")
    frame["tier"] = frame["tier"].astype("category")
    path = os.path.join(HERE, "arrow", "slices-pandas.feather")
    frame.to_feather(path)
    write_key_sidecar(path, columns, types, keys)
    files.append("arrow/slices-pandas.feather")
    large = dict(types, device=pa.large_string())
    files.append(write_dictionary_stream("slices-delta.arrows", columns, large, ["region", "tier"], 4, True, keys))
    binary = dict(types, device=pa.binary())
    files.append(write_dictionary_stream("slices-replace.arrows", columns, binary, ["region", "uid"], 5, False, keys))
    with open(os.path.join(HERE, "slices", "slices.csv"), "w") as handle:
        handle.write(",".join(columns) + "\n")
        for row in range(n):
            cells = [str(columns["label"][row]), repr(columns["pred"][row])]
            cells += [csv_field(key_text(f32(columns[k][row]) if k == "bucket" else columns[k][row])) for k in keys]
            handle.write(",".join(cells) + "\n")
    files.append("slices/slices.csv")
    expected("slices-region-tier", files, pred="pred", slice_by="region,tier")
    expected("slices-others", files, pred="pred", slice_by="device,uid,flag,bucket")

    # Nulls in slice columns (invalid rows): region at rows 3 and 40, tier at row 77.
    labels, preds = binary_rows(rng, 100)
    columns = {"label": labels, "pred": preds,
               "region": [None if i in (3, 40) else ["x", "y"][i % 2] for i in range(100)],
               "tier": [None if i == 77 else i % 3 for i in range(100)]}
    types = {"label": pa.int8(), "pred": pa.float64(), "region": pa.string(), "tier": pa.int32()}
    table = pa.table({key: pa.array(values, type=types[key]) for key, values in columns.items()})
    path = os.path.join(HERE, "parquet", "slices-nulls.parquet")
    pq.write_table(table, path, row_group_size=50)
    write_key_sidecar(path, columns, types, ["region", "tier"])
    write_dictionary_stream("slices-nulls.arrows", columns, types, ["region"], 7, True, ["region", "tier"])

    # A dictionary index past its dictionary (pyarrow checks none when told not to): an error, not a trap.
    import pyarrow.ipc as ipc
    region = pa.DictionaryArray.from_arrays(pa.array([0, 1, 5, 0], type=pa.int32()), pa.array(["x", "y"]),
                                            safe=False)
    batch = pa.record_batch([pa.array([0, 1, 1, 0], type=pa.int8()), pa.array([0.2, 0.7, 0.9, 0.1]), region],
                            names=["label", "pred", "region"])
    with pa.OSFile(os.path.join(HERE, "arrow", "slices-bad-index.arrows"), "wb") as sink:
        writer = ipc.new_stream(sink, batch.schema)
        writer.write_batch(batch)
        writer.close()


if __name__ == "__main__":
    # `generate_columnar.py tools` writes only the files of other tools (see tool_files), `slices` only the
    # slice-key files (see slice_files).
    if sys.argv[1:] == ["tools"]:
        tool_files(random.Random(18))
    elif sys.argv[1:] == ["slices"]:
        slice_files(random.Random(18))
    else:
        main()
