"""The fan-out: one Dask task per input, a tree of merges, and the final ``xstream merge`` on the client."""

from __future__ import annotations

import contextlib
import json
import subprocess
import tempfile
from typing import Any, Iterator, List, Mapping, Optional, Sequence, Union

from ._binary import XStreamError, checked, find_binary, run
from ._tasks import evaluate_input, is_url, merge_partials, write_partials

#: Keyword options of ``evaluate`` that go to every ``xstream eval`` (they change the numbers), by flag.
EVAL_OPTIONS = {
    "task": "--task",
    "label": "--label",
    "pred": "--pred",
    "eps": "--eps",
    "sum_tolerance": "--sum-tolerance",
    "delimiter": "--delimiter",
    "threads": "--threads",
    "chunk_size": "--chunk-size",
    "max_line_length": "--max-line-length",
    "max_window_log": "--max-window-log",
}
#: Keyword options that go to the final ``xstream merge`` (report and gates), by flag.
MERGE_OPTIONS = {
    "fail_if": "--fail-if",
    "baseline": "--baseline",
    "max_increase": "--max-increase",
    "max_decrease": "--max-decrease",
    "max_invalid": "--max-invalid",
    "output": "-o",
}


def _flag_values(name: str, value: Any) -> List[str]:
    """The text of one option's value(s): lists of column names joined by commas, repeatable gates one each,
    ``{"mae": "0.5%"}`` limits as ``mae=0.5%``, floats in their shortest round-trip form."""
    if name in ("label", "pred") and not isinstance(value, str):
        return [",".join(value)]
    if name in ("fail_if", "max_increase", "max_decrease"):
        if isinstance(value, str):
            return [value]
        if isinstance(value, Mapping):
            return [f"{metric}={amount}" for metric, amount in value.items()]
        return [str(item) for item in value]
    return [repr(value) if isinstance(value, float) else str(value)]


def arguments_for(options: Mapping[str, Any]) -> tuple:
    """Splits ``evaluate``'s keyword options into ``xstream eval`` and ``xstream merge`` arguments.

    Raises:
        XStreamError: for an unknown option (status 2).
    """
    eval_arguments: List[str] = []
    merge_arguments: List[str] = []
    for name, value in options.items():
        if value is None or value is False:
            continue
        if name == "skip_invalid":
            eval_arguments.append("--skip-invalid")
        elif name in EVAL_OPTIONS:
            eval_arguments += [part for item in _flag_values(name, value) for part in (EVAL_OPTIONS[name], item)]
        elif name in MERGE_OPTIONS:
            merge_arguments += [part for item in _flag_values(name, value) for part in (MERGE_OPTIONS[name], item)]
        else:
            raise XStreamError(f"xstream: error: unknown option {name}=")
    return eval_arguments, merge_arguments


def expand(inputs: Sequence[str], storage_options: Mapping) -> List[str]:
    """The inputs with URL globs (``s3://bucket/shards/*.csv.zst``) expanded, sorted, in place; local paths and
    plain URLs as given."""
    expanded: List[str] = []
    for source in inputs:
        if is_url(source) and any(character in source for character in "*?["):
            import fsspec

            fs, _, paths = fsspec.get_fs_token_paths(source, storage_options=dict(storage_options))
            if not paths:
                raise XStreamError(f"xstream: error: {source}: no objects match")
            expanded += sorted(fs.unstrip_protocol(path) for path in paths)
        else:
            expanded.append(source)
    return expanded


@contextlib.contextmanager
def dask_client(client: Any = None, scheduler: Optional[str] = None, local_workers: Optional[int] = None) -> Iterator:
    """``client`` as given, or a client of ``scheduler``, or of a ``LocalCluster`` of ``local_workers`` worker
    processes (one thread each: each runs one multi-threaded xstream at a time), closed afterwards."""
    if client is not None:
        yield client
        return
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as made:
            yield made
        return
    with LocalCluster(
        n_workers=local_workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as made:
        yield made


def merged_partials(
    client: Any,
    inputs: Sequence[str],
    eval_arguments: Sequence[str],
    *,
    fan_in: int,
    xstream_bin: Optional[str],
    storage_options: Mapping,
) -> List[bytes]:
    """Evaluates every input into a partial on the cluster and merges them in a tree of ``fan_in``-way merges,
    keeping the input order, until at most ``fan_in`` partials are left; returns those, in order."""
    if fan_in < 2:
        raise XStreamError("xstream: error: the fan-in must be at least 2")
    if not inputs:
        raise XStreamError("xstream: error: no inputs given")
    futures = [
        client.submit(evaluate_input, source, list(eval_arguments), xstream_bin, dict(storage_options), pure=False)
        for source in inputs
    ]
    while len(futures) > fan_in:
        futures = [
            client.submit(merge_partials, futures[start : start + fan_in], xstream_bin, pure=False)
            for start in range(0, len(futures), fan_in)
        ]
    return client.gather(futures)


def final_merge(partials: Sequence[bytes], merge_arguments: Sequence[str], xstream_bin: Optional[str]):
    """``xstream merge [report and gate options] PARTIAL…`` on this machine: the report, and gates applied once."""
    binary = find_binary(xstream_bin)
    with tempfile.TemporaryDirectory(prefix="xstream-final-") as folder:
        return run(binary, ["merge", *merge_arguments, *write_partials(folder, partials)])


def evaluate(
    inputs: Union[str, Sequence[str]],
    *,
    client: Any = None,
    task: str = "binary",
    fan_in: int = 8,
    xstream_bin: Optional[str] = None,
    storage_options: Optional[Mapping] = None,
    **options: Any,
) -> dict:
    """Evaluates ``inputs`` (local paths or fsspec URLs, globs allowed for URLs) on a Dask cluster, exactly.

    Each input becomes one task, ``xstream eval --partial-out -`` (URLs streamed into it with
    ``--input-name URL``); partials are merged ``fan_in`` at a time with ``xstream merge``; the final merge, on
    this machine, applies the gates. The result is the report ``xstream eval --json`` prints for the same inputs,
    as a dict (floats exact: Python's json reads shortest round-trip doubles exactly; non-finite values are the
    strings ``"Infinity"``, ``"-Infinity"``, ``"NaN"``).

    Args:
        inputs: Paths or URLs, in order (the order of the report's ``inputs``).
        client: A ``distributed.Client``; without one a ``LocalCluster`` is started for the call.
        task: ``binary``, ``multiclass``, ``soft`` or ``regression``.
        fan_in: How many partials one merge takes.
        xstream_bin: The binary, on the client and every worker (else ``$XSTREAM_BIN``, the package's copy,
            ``PATH``).
        storage_options: fsspec options for URLs (``{"client_kwargs": {"endpoint_url": …}}``, ``anon=True``…).
        **options: ``xstream eval`` options by their Python names — ``label``, ``pred`` (a name or a list),
            ``eps``, ``sum_tolerance``, ``delimiter``, ``skip_invalid``, ``threads``, ``chunk_size``,
            ``max_line_length``, ``max_window_log`` — and the merge's: ``fail_if`` (a condition or a list),
            ``baseline``, ``max_increase`` / ``max_decrease`` (``{"mae": "0.5%"}``), ``max_invalid``, ``output``.

    Returns:
        The JSON report as a dict; with gates, ``report["passed"]`` says whether they all passed.

    Raises:
        XStreamError: xstream's message and exit status (2) for any error on a worker or in the merge.
    """
    storage_options = dict(storage_options or {})
    eval_arguments, merge_arguments = arguments_for({"task": task, **options})
    sources = expand([inputs] if isinstance(inputs, str) else list(inputs), storage_options)
    with dask_client(client) as active:
        partials = merged_partials(
            active, sources, eval_arguments, fan_in=fan_in, xstream_bin=xstream_bin, storage_options=storage_options
        )
    result = final_merge(partials, [*merge_arguments, "--json"], xstream_bin)
    if result.returncode not in (0, 1):
        checked(result)
    return json.loads(result.stdout)
