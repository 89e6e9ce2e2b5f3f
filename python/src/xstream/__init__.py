"""Exact, streaming evaluation of huge prediction logs, fanned out on Dask.

Thin over the ``xstream`` binary: every worker runs ``xstream eval --partial-out -`` on one input, every merge is
``xstream merge``, and Python never touches the exact sums. ``import xstream`` is instant: Dask, distributed and
fsspec are imported only by the functions that need them.
"""

from ._binary import XStreamError, find_binary
from ._evaluate import evaluate

__all__ = ["evaluate", "find_binary", "XStreamError"]
__version__ = "0.1.0"
