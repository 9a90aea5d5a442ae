"""``python -m matching.build_engine``: fit the text engine into its cache unless it is there (``make engine``).

Kept apart from :mod:`matching.cli`, whose ranking imports take seconds: when the engine is up to date this only
hashes the engine's code and data and looks for the file.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from matching.engine import build_engine, default_cache_dir, write_fitted_engine
from matching.taxonomy import SHIPPED_ESCO_DIR


def main(argv: list[str] | None = None) -> int:
    """Entry point; prints the artefact's path and whether it was fitted (with the time) or up to date."""
    parser = argparse.ArgumentParser(prog="python -m matching.build_engine", description=__doc__)
    parser.add_argument("--taxonomy", type=Path, default=None, help="ESCO CSV folder (default: the shipped copy)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="default: var/cache/engine of the checkout")
    # Internal: how write_fitted_engine fits in a child process with a fixed hash seed.
    parser.add_argument("--fit-into", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--fingerprint", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fit_into is not None:
        write_fitted_engine(args.fit_into, folder=args.taxonomy or SHIPPED_ESCO_DIR, key=args.fingerprint)
        return 0
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # says why it waits, when it fits
    folder = args.taxonomy.resolve() if args.taxonomy is not None else SHIPPED_ESCO_DIR
    started = time.perf_counter()
    path, built = build_engine(folder, cache_dir=args.cache_dir or default_cache_dir())
    done = f"fitted in {time.perf_counter() - started:.1f} s" if built else "up to date"
    print(f"text engine {path} ({path.stat().st_size / 1e6:.1f} MB): {done}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
