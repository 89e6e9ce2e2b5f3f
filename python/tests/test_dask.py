"""The Dask path against one ``xstream eval``: the same metric bits for any shard order and fan-in, gates once,
errors with xstream's message and status."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

import xstream

TIMING = {"threads", "started_at", "elapsed_seconds", "rows_per_second", "peak_rss_bytes"}


def eval_json(xstream_bin: str, arguments: list) -> dict:
    result = subprocess.run([xstream_bin, "eval", "--json", *arguments], capture_output=True, check=True)
    return json.loads(result.stdout)


def exact(report: dict) -> dict:
    """The report without timing, floats by their exact hexadecimal form."""
    def convert(value):
        if isinstance(value, float):
            return value.hex()
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, list):
            return [convert(item) for item in value]
        return value

    return {key: convert(value) for key, value in report.items() if key not in TIMING}


@pytest.mark.parametrize("fan_in", [2, 3, 16])
def test_random_orders_and_fan_ins_match_one_eval_bit_for_bit(client, shards, xstream_bin, fan_in):
    order = list(shards)
    random.Random(fan_in).shuffle(order)
    report = xstream.evaluate(order, client=client, fan_in=fan_in, xstream_bin=xstream_bin, skip_invalid=True)
    single = eval_json(xstream_bin, ["--skip-invalid", *order])
    assert exact(report) == exact(single)
    assert report["rows"] > 1000 and report["invalid_rows"] == 7
    assert [entry["path"] for entry in report["inputs"]] == order


def test_the_command_prints_what_eval_prints_and_exits_1_on_a_failed_gate(client, shards, xstream_bin):
    common = [sys.executable, "-m", "xstream.dask", "--scheduler", client.scheduler.address, "--xstream-bin", xstream_bin]
    passing = subprocess.run(
        [*common, "--fan-in", "5", "--json", "--skip-invalid", "--fail-if", "rows < 10", *shards], capture_output=True
    )
    assert passing.returncode == 0, passing.stderr
    single = eval_json(xstream_bin, ["--skip-invalid", "--fail-if", "rows < 10", *shards])
    assert exact(json.loads(passing.stdout)) == exact(single)
    failing = subprocess.run(
        [*common, "--skip-invalid", "--fail-if", "cross_entropy < 100", *shards[:10]], capture_output=True, text=True
    )
    assert failing.returncode == 1, failing.stderr
    assert "cross_entropy" in failing.stdout and "FAIL" in failing.stdout.upper()
    strict = subprocess.run([*common, *shards[:6]], capture_output=True, text=True)
    assert strict.returncode == 2
    assert "not-a-number" in strict.stderr and "is not a number" in strict.stderr


def test_errors_carry_xstreams_message_and_status(client, shards, xstream_bin, tmp_path):
    with pytest.raises(xstream.XStreamError) as missing:
        xstream.evaluate([shards[0], str(tmp_path / "missing.csv")], client=client, xstream_bin=xstream_bin)
    assert missing.value.status == 2 and "missing.csv" in missing.value.message
    copy = tmp_path / "copy.csv"
    copy.write_bytes(open(shards[0], "rb").read())
    with pytest.raises(xstream.XStreamError) as twice:
        xstream.evaluate([shards[0], str(copy)], client=client, xstream_bin=xstream_bin, fan_in=2)
    assert "counted twice" in twice.value.message


def test_import_is_light():
    result = subprocess.run(
        [sys.executable, "-c", "import sys, xstream; print(sorted({'dask', 'distributed', 'fsspec'} & set(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
