"""s3:// inputs through s3fs against a local S3-compatible server (moto), started here and stopped after."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

import xstream
from test_dask import eval_json, exact


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(endpoint, timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("the moto server did not start")
                time.sleep(0.1)
        else:
            pytest.fail("the moto server did not answer")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_s3_urls_are_streamed_named_and_exact(client, shards, xstream_bin, s3_endpoint):
    import boto3

    s3 = boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    s3.create_bucket(Bucket="predictions")
    chosen = shards[:12]
    urls = []
    for path in chosen:
        key = "nightly/" + path.rsplit("/", 1)[1]
        s3.upload_file(path, "predictions", key)
        urls.append(f"s3://predictions/{key}")
    options = {"key": "testing", "secret": "testing", "client_kwargs": {"endpoint_url": s3_endpoint, "region_name": "us-east-1"}}
    report = xstream.evaluate(
        "s3://predictions/nightly/shard-*", client=client, xstream_bin=xstream_bin, storage_options=options,
        skip_invalid=True, fan_in=3,
    )
    single = eval_json(xstream_bin, ["--skip-invalid", *chosen])
    assert [entry["path"] for entry in report["inputs"]] == sorted(urls)
    for entry in single["inputs"]:
        entry["path"] = "s3://predictions/nightly/" + entry["path"].rsplit("/", 1)[1]
    single["inputs"].sort(key=lambda entry: entry["path"])
    by_name = exact(single)
    assert exact(report)["metrics"] == by_name["metrics"]
    assert exact(report)["inputs"] == by_name["inputs"]
    assert report["rows"] == single["rows"] and report["invalid_rows"] == single["invalid_rows"]


def test_s3_parquet_objects_are_copied_to_a_file_named_by_their_url(client, xstream_bin, s3_endpoint, tmp_path):
    """Parquet needs a file it can seek in: an s3:// Parquet object is copied to a temporary file, evaluated
    under its URL, and removed; the bits are those of the local file, beside a streamed CSV object."""
    import os

    import boto3

    fixtures = os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures")
    parquet = os.path.join(fixtures, "parquet", "binary-zstd-groups.parquet")
    csv = os.path.join(fixtures, "parquet", "binary-zstd-groups.parquet.rows.csv")
    s3 = boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    s3.create_bucket(Bucket="columnar")
    s3.upload_file(parquet, "columnar", "nightly/a.parquet")
    s3.upload_file(csv, "columnar", "nightly/b.csv")
    options = {"key": "testing", "secret": "testing", "client_kwargs": {"endpoint_url": s3_endpoint, "region_name": "us-east-1"}}
    before = set(os.listdir(tempfile.gettempdir()))
    report = xstream.evaluate(
        ["s3://columnar/nightly/a.parquet", "s3://columnar/nightly/b.csv"], client=client, xstream_bin=xstream_bin,
        storage_options=options, pred="pred",
    )
    single = eval_json(xstream_bin, ["--pred", "pred", parquet, csv])
    assert [entry["path"] for entry in report["inputs"]] == ["s3://columnar/nightly/a.parquet", "s3://columnar/nightly/b.csv"]
    assert [entry["format"] for entry in report["inputs"]] == ["parquet", "csv"]
    assert exact(report)["metrics"] == exact(single)["metrics"]
    assert report["rows"] == single["rows"]
    left = {name for name in set(os.listdir(tempfile.gettempdir())) - before if name.startswith("xstream-")}
    assert not left, f"temporary copies left behind: {left}"
