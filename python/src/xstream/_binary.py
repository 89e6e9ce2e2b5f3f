"""Finding and running the ``xstream`` binary."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO, Optional, Sequence


class XStreamError(Exception):
    """A failure of ``xstream`` (or of the fan-out around it), with its message and exit status.

    ``status`` is xstream's: 2 for an error (usage, unreadable, invalid or incompatible input); ``message`` is
    what xstream printed on standard error.
    """

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message, status)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message


def find_binary(explicit: Optional[str] = None) -> str:
    """The ``xstream`` executable: ``explicit``, else ``$XSTREAM_BIN``, else a copy shipped in this package
    (``xstream/bin/xstream``), else the first ``xstream`` on ``PATH``.

    Raises:
        XStreamError: when none is found (status 2).
    """
    for candidate in (explicit, os.environ.get("XSTREAM_BIN")):
        if candidate:
            found = shutil.which(candidate) or (candidate if os.access(candidate, os.X_OK) else None)
            if not found:
                raise XStreamError(f"xstream: error: {candidate}: not an executable xstream binary")
            return found
    shipped = Path(__file__).parent / "bin" / "xstream"
    if shipped.is_file() and os.access(shipped, os.X_OK):
        return str(shipped)
    found = shutil.which("xstream")
    if not found:
        raise XStreamError(
            "xstream: error: no xstream binary: pass --xstream-bin (xstream_bin=), set XSTREAM_BIN, or put xstream on PATH"
        )
    return found


def run(binary: str, arguments: Sequence[str], stdin: Optional[BinaryIO] = None) -> subprocess.CompletedProcess:
    """Runs ``binary arguments``, streaming ``stdin`` (a readable binary file) into it when given.

    Returns the completed process with its status, standard output (bytes) and standard error (text).
    """
    with tempfile.TemporaryFile() as error:
        process = subprocess.Popen(
            [binary, *arguments],
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=error,
        )
        chunks: list = []
        reader = threading.Thread(target=lambda: chunks.append(process.stdout.read()), daemon=True)
        reader.start()
        if stdin is not None:
            try:
                shutil.copyfileobj(stdin, process.stdin, 1 << 20)
            except BrokenPipeError:
                pass  # xstream stopped reading (an error): its status and message say why
            finally:
                try:
                    process.stdin.close()
                except BrokenPipeError:
                    pass
        reader.join()
        status = process.wait()
        error.seek(0)
        message = error.read().decode("utf-8", "replace")
    return subprocess.CompletedProcess([binary, *arguments], status, b"".join(chunks), message)


def checked(result: subprocess.CompletedProcess) -> bytes:
    """The standard output of a run that exited 0; raises ``XStreamError`` with its message otherwise."""
    if result.returncode != 0:
        raise XStreamError(result.stderr.strip() or f"xstream exited with status {result.returncode}", result.returncode)
    return result.stdout
