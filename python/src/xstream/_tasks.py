"""The functions Dask workers run: one input into a partial, several partials into one."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from typing import Mapping, Optional, Sequence

from ._binary import checked, find_binary, run


def is_url(source: str) -> bool:
    """Whether ``source`` is an fsspec URL (``s3://…``, ``gs://…``, ``https://…``) rather than a local path."""
    return "://" in source


PARQUET_MAGIC = b"PAR1"


class _Rejoined(io.RawIOBase):
    """A stream whose first bytes were already read: ``head``, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream):
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def evaluate_input(
    source: str, eval_arguments: Sequence[str], xstream_bin: Optional[str], storage_options: Mapping
) -> bytes:
    """The partial (file bytes) of one input: a local path is read by xstream itself; a URL is streamed from
    fsspec into ``xstream eval --input-name URL --partial-out - -``, except a Parquet object (``PAR1`` first),
    which needs a file it can seek in: it is copied to a temporary file (in ``TMPDIR``), evaluated under its
    URL, and removed."""
    binary = find_binary(xstream_bin)
    if not is_url(source):
        return checked(run(binary, ["eval", *eval_arguments, "--partial-out", "-", source]))
    import fsspec

    with fsspec.open(source, "rb", **dict(storage_options)) as stream:
        head = stream.read(len(PARQUET_MAGIC))
        if head == PARQUET_MAGIC:
            with tempfile.NamedTemporaryFile(prefix="xstream-", suffix=".parquet") as copy:
                copy.write(head)
                shutil.copyfileobj(stream, copy, 1 << 20)
                copy.flush()
                arguments = ["eval", *eval_arguments, "--input-name", source, "--partial-out", "-", copy.name]
                return checked(run(binary, arguments))
        arguments = ["eval", *eval_arguments, "--input-name", source, "--partial-out", "-", "-"]
        return checked(run(binary, arguments, stdin=_Rejoined(head, stream)))


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
