"""The release build made with ``--static-swift-stdlib`` runs without the Swift toolchain."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import REPOSITORY


def test_the_release_binary_needs_no_swift_runtime():
    binary = os.environ.get("XSTREAM_BIN") or str(REPOSITORY / ".build/release/xstream")
    if "release" not in binary or not os.access(binary, os.X_OK):
        if os.environ.get("XSTREAM_REQUIRE_STATIC"):
            pytest.fail(f"{binary}: no release build (swift build -c release --static-swift-stdlib)")
        pytest.skip("no release build of xstream")
    libraries = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    assert "libswift" not in libraries and "libFoundation" not in libraries, libraries
    assert "not found" not in libraries, libraries
    # No toolchain on PATH or LD_LIBRARY_PATH: it still runs.
    version = subprocess.run([binary, "--version"], env={}, capture_output=True, text=True, check=True)
    assert version.stdout.strip()
