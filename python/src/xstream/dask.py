"""``python -m xstream.dask``: ``xstream eval`` on a Dask cluster.

    python -m xstream.dask [--scheduler ADDRESS | --local-workers N] [--fan-in F] [--xstream-bin PATH]
                           [eval options] INPUTS...

Prints what ``xstream eval`` prints for the same inputs (the table, or ``--json``; ``-o FILE`` too) and exits with
its codes: 0, 1 when a gate failed (gates are evaluated once, on the merged result), 2 for an error.
"""

from __future__ import annotations

import sys
from typing import List, Optional, Sequence

from ._binary import XStreamError

#: ``xstream eval`` options that every worker's eval takes (they change the numbers): those with a value.
EVAL_VALUE_OPTIONS = {
    "--task", "--eps", "--sum-tolerance", "--label", "--pred", "--delimiter", "--threads", "--chunk-size",
    "--max-line-length", "--max-window-log",
}  # fmt: skip
EVAL_FLAGS = {"--skip-invalid"}
#: Report and gate options, for the final ``xstream merge``.
MERGE_VALUE_OPTIONS = {"-o", "--output", "--fail-if", "--baseline", "--max-increase", "--max-decrease", "--max-invalid"}
MERGE_FLAGS = {"--json"}
#: Options of eval that mean nothing here (progress is per worker) and are accepted and ignored.
IGNORED_FLAGS = {"--progress", "--no-progress"}
#: Options of this command.
OWN_VALUE_OPTIONS = {"--scheduler", "--local-workers", "--fan-in", "--xstream-bin"}
REFUSED = {"--partial-out", "--shard-index", "--num-shards", "--input-name"}

USAGE = __doc__.split("\n\n")[1].strip("\n")


class Arguments:
    """The command line, split into this command's options, eval's, the final merge's, and the inputs."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.own: dict = {}
        self.eval_arguments: List[str] = []
        self.merge_arguments: List[str] = []
        self.inputs: List[str] = []
        self.help = False
        items = list(argv)
        index = 0
        while index < len(items):
            item = items[index]
            index += 1
            if item == "--":
                self.inputs += items[index:]
                break
            if item in ("-h", "--help"):
                self.help = True
                continue
            if item == "-" or not item.startswith("-"):
                self.inputs.append(item)
                continue
            name, has_value, value = item.partition("=")
            if name in REFUSED:
                raise XStreamError(f"xstream: error: {name} is set by xstream.dask itself")
            if name in OWN_VALUE_OPTIONS | EVAL_VALUE_OPTIONS | MERGE_VALUE_OPTIONS:
                if not has_value:
                    if index >= len(items):
                        raise XStreamError(f"xstream: error: missing value for '{name}'")
                    value = items[index]
                    index += 1
                if name in OWN_VALUE_OPTIONS:
                    self.own[name] = value
                elif name in EVAL_VALUE_OPTIONS:
                    self.eval_arguments += [name, value]
                else:
                    self.merge_arguments += [name, value]
            elif has_value:
                raise XStreamError(f"xstream: error: '{name}' takes no value")
            elif name in EVAL_FLAGS:
                self.eval_arguments.append(name)
            elif name in MERGE_FLAGS:
                self.merge_arguments.append(name)
            elif name not in IGNORED_FLAGS:
                raise XStreamError(f"xstream: error: unknown option '{name}'\n{USAGE}")
        if "--max-invalid" in self.merge_arguments and "--skip-invalid" not in self.eval_arguments:
            raise XStreamError("xstream: error: --max-invalid needs --skip-invalid")
        if "--scheduler" in self.own and "--local-workers" in self.own:
            raise XStreamError("xstream: error: --scheduler and --local-workers do not go together")

    def number(self, name: str, default: Optional[int]) -> Optional[int]:
        """This command's option ``name`` as a positive integer."""
        if name not in self.own:
            return default
        try:
            value = int(self.own[name])
        except ValueError:
            value = 0
        if value < 1:
            raise XStreamError(f"xstream: error: {name} takes a positive integer")
        return value


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command; returns its exit status (0, 1 a gate failed, 2 an error)."""
    from ._evaluate import dask_client, expand, final_merge, merged_partials

    try:
        arguments = Arguments(sys.argv[1:] if argv is None else argv)
        if arguments.help:
            print(__doc__.strip())
            return 0
        xstream_bin = arguments.own.get("--xstream-bin")
        fan_in = arguments.number("--fan-in", 8)
        if fan_in < 2:
            raise XStreamError("xstream: error: --fan-in must be at least 2")
        inputs = expand(arguments.inputs, {})
        with dask_client(
            scheduler=arguments.own.get("--scheduler"), local_workers=arguments.number("--local-workers", None)
        ) as client:
            partials = merged_partials(
                client, inputs, arguments.eval_arguments, fan_in=fan_in, xstream_bin=xstream_bin, storage_options={}
            )
        result = final_merge(partials, arguments.merge_arguments, xstream_bin)
    except XStreamError as error:
        print(error.message, file=sys.stderr)
        return error.status
    sys.stdout.buffer.write(result.stdout)
    sys.stdout.flush()
    if result.stderr:
        print(result.stderr, end="", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
