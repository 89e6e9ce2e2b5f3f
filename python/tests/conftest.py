"""Shared fixtures: the xstream binary, a LocalCluster of 2 worker processes, and 64 small shards."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def xstream_bin() -> str:
    """``$XSTREAM_BIN``, else the release build, else the debug build of this checkout; never a silent skip."""
    candidates = [os.environ.get("XSTREAM_BIN"), REPOSITORY / ".build/release/xstream", REPOSITORY / ".build/debug/xstream"]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return str(candidate)
    pytest.fail("no xstream binary: build it (swift build) or set XSTREAM_BIN")


@pytest.fixture(scope="session")
def client():
    """A LocalCluster of 2 worker processes, one thread each."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as made:
            yield made


@pytest.fixture(scope="session")
def shards(tmp_path_factory) -> list:
    """64 small binary CSV shards (some with invalid rows, some zstd-compressed, one with only a header)."""
    folder = tmp_path_factory.mktemp("shards")
    generator = random.Random(64)
    paths = []
    for index in range(64):
        lines = ["label,pred"]
        for _ in range(0 if index == 17 else generator.randint(5, 60)):
            label = generator.randint(0, 1)
            p = min(max(generator.random() * 0.6 + (0.4 if label else 0.0), 0.0), 1.0)
            lines.append(f"{label},{p!r}")
        if index % 9 == 4:
            lines.append("1,not-a-number")
        path = folder / f"shard-{index:02d}.csv"
        path.write_text("\n".join(lines) + "\n")
        if index % 4 == 1 and shutil.which("zstd"):
            subprocess.run(["zstd", "-q", "--rm", str(path)], check=True)
            path = path.with_name(path.name + ".zst")
        paths.append(str(path))
    return paths
