"""The functions Dask workers run: one input into a partial, several partials into one."""

from __future__ import annotations

import os
import tempfile
from typing import Mapping, Optional, Sequence

from ._binary import checked, find_binary, run


def is_url(source: str) -> bool:
    """Whether ``source`` is an fsspec URL (``s3://…``, ``gs://…``, ``https://…``) rather than a local path."""
    return "://" in source


def evaluate_input(
    source: str, eval_arguments: Sequence[str], xstream_bin: Optional[str], storage_options: Mapping
) -> bytes:
    """The partial (file bytes) of one input: a local path is read by xstream itself; a URL is streamed from
    fsspec into ``xstream eval --input-name URL --partial-out - -``."""
    binary = find_binary(xstream_bin)
    if not is_url(source):
        return checked(run(binary, ["eval", *eval_arguments, "--partial-out", "-", source]))
    import fsspec

    with fsspec.open(source, "rb", **dict(storage_options)) as stream:
        arguments = ["eval", *eval_arguments, "--input-name", source, "--partial-out", "-", "-"]
        return checked(run(binary, arguments, stdin=stream))


def write_partials(folder: str, partials: Sequence[bytes]) -> list:
    """Writes partials as files ``folder/part-000000.xsp``, … in order, and returns their paths."""
    paths = []
    for index, partial in enumerate(partials):
        path = os.path.join(folder, f"part-{index:06d}.xsp")
        with open(path, "wb") as file:
            file.write(partial)
        paths.append(path)
    return paths


def merge_partials(partials: Sequence[bytes], xstream_bin: Optional[str]) -> bytes:
    """One partial of several, in order: ``xstream merge --partial-out - …`` (which checks compatibility,
    repeats and checksums)."""
    binary = find_binary(xstream_bin)
    with tempfile.TemporaryDirectory(prefix="xstream-merge-") as folder:
        return checked(run(binary, ["merge", "--partial-out", "-", *write_partials(folder, partials)]))
