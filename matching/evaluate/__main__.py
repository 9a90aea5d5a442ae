"""``python -m matching.evaluate <suite>``: run one evaluation suite and print its table."""

from __future__ import annotations

import argparse

from matching.evaluate import ads, rank, text

SUITES = {"text": text.main, "rank": rank.main, "ads": ads.main}


def main(argv: list[str] | None = None) -> int:
    """Parse the suite name and run it."""
    parser = argparse.ArgumentParser(prog="python -m matching.evaluate", description=__doc__)
    parser.add_argument("suite", choices=sorted(SUITES), help="which suite to run")
    parser.add_argument("--taxonomy", default=None, help="ESCO CSV folder (default: the shipped copy)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the dev-set sampling")
    args = parser.parse_args(argv)
    return SUITES[args.suite](taxonomy_dir=args.taxonomy, seed=args.seed)


if __name__ == "__main__":
    raise SystemExit(main())
