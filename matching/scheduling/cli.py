"""``python -m matching schedule``: problem JSON on stdin, schedule JSON on stdout (contract in matching/README.md).

Imported by ``matching/__main__.py`` before anything of the text engine; bad input is rejected before numpy and scipy
are even imported.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from matching.scheduling.problem import ProblemError, parse_problem

EXIT_INVALID = 2


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def main(
    argv: list[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Read a problem, write its schedule. Returns 0, or :data:`EXIT_INVALID` (one line on stderr, no output)."""
    parser = argparse.ArgumentParser(
        prog="python -m matching schedule", description="Meeting scheduler: problem JSON on stdin, schedule on stdout."
    )
    parser.add_argument("--time-limit", type=_positive, default=10.0, help="seconds for the search (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    args = parser.parse_args(argv)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        raw = stdin.buffer.read().decode("utf-8") if hasattr(stdin, "buffer") else stdin.read()
        problem = parse_problem(json.loads(raw))
    except UnicodeDecodeError as error:
        stderr.write(f"schedule: input is not UTF-8: {error}\n")
        return EXIT_INVALID
    except json.JSONDecodeError as error:
        stderr.write(f"schedule: malformed JSON: {error}\n")
        return EXIT_INVALID
    except ProblemError as error:
        stderr.write(f"schedule: invalid problem: {error}\n")
        return EXIT_INVALID
    from matching.scheduling.solver import schedule  # scipy's import (~1 s) only once the input is known good

    result = schedule(problem, time_limit=args.time_limit, seed=args.seed)
    json.dump(result.to_json(problem), stdout, ensure_ascii=False)
    stdout.write("\n")
    return 0
