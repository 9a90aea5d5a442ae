"""Command line: ``python -m matching link-occupations|extract-skills|rank|schedule`` (contracts in README).

``schedule`` is handed to :mod:`matching.scheduling.cli` before the text engine is loaded (``__main__`` does it
before this module is even imported).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from matching.engine import TextEngine, load_text_engine
from matching.ranking.cli import rank_files
from matching.ranking.ranker import DIRECTIONS
from matching.taxonomy import Taxonomy
from matching.text import detect_language

EXIT_MALFORMED = 2
_BATCH = 256


def _relabel(engine: TextEngine, uri: str, label: str, lang: str | None, kind: str) -> str:
    """Label of ``uri`` in the forced ``lang``, or ``label`` (already in the query's language) when None."""
    if lang is None:
        return label
    taxonomy: Taxonomy = engine.taxonomy
    concept = taxonomy.occupation_by_uri.get(uri) if kind == "occupation" else taxonomy.skill_by_uri.get(uri)
    return concept.label(lang) if concept is not None else label


def _batches(lines: Iterator[str]) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        batch.append((number, line.rstrip("\n")))
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def link_occupations(engine: TextEngine, *, k: int, lang: str | None, stdin: TextIO, stdout: TextIO) -> int:
    """One title per input line → one JSON line per input line, in order. Returns the exit code (always 0)."""
    for batch in _batches(iter(stdin)):
        titles = [line for _, line in batch]
        for title, matches in zip(titles, engine.linker.link_many(titles, k=k), strict=True):
            results = [
                {"uri": m.uri, "label": _relabel(engine, m.uri, m.label, lang, "occupation"), "score": m.score}
                for m in matches
            ]
            stdout.write(json.dumps({"query": title, "results": results}, ensure_ascii=False) + "\n")
    return 0


def extract_skills(
    engine: TextEngine, *, k: int, lang: str | None, stdin: TextIO, stdout: TextIO, stderr: TextIO
) -> int:
    """``{"id", "text"}`` per input line → ``{"id", "results"}`` per valid line; malformed lines go to stderr.

    Returns:
        0, or :data:`EXIT_MALFORMED` when at least one line was malformed (and skipped).
    """
    code = 0
    for batch in _batches(iter(stdin)):
        records: list[tuple[object, str]] = []
        for number, line in batch:
            if not line.strip():
                records.append((None, ""))  # a blank line is an empty record: empty results
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("text", ""), str):
                    raise ValueError("expected an object with a string 'text'")
            except ValueError as error:
                stderr.write(f"line {number}: malformed JSON line skipped: {error}\n")
                code = EXIT_MALFORMED
                continue
            records.append((record.get("id"), record.get("text") or ""))
        texts = [text for _, text in records]
        for (record_id, text), matches in zip(records, engine.extractor.extract_many(texts, k=k), strict=True):
            shown = lang or detect_language(text)
            results = [
                {
                    "uri": m.uri,
                    "label": _relabel(engine, m.uri, m.label, shown, "skill"),
                    "score": m.score,
                    "span": m.span,
                }
                for m in matches
            ]
            stdout.write(json.dumps({"id": record_id, "results": results}, ensure_ascii=False) + "\n")
    return code


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m matching``."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["schedule"]:
        from matching.scheduling.cli import main as schedule_main  # here: the engine is not needed

        return schedule_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m matching", description="Sankofa text engine (ESCO).")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("link-occupations", "job titles (one per line) → ESCO occupations, JSON lines"),
        ("extract-skills", 'JSON lines {"id", "text"} → ESCO skills with spans, JSON lines'),
    ):
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--taxonomy", default=None, help="ESCO CSV folder (default: the shipped copy)")
        command.add_argument("--k", type=int, default=10, help="results per line (default 10)")
        command.add_argument("--lang", choices=("en", "fr"), default=None, help="force the label language")
        command.add_argument("--cache-dir", default=None, help="keep the fitted engine for --taxonomy here")
    sub.add_parser("schedule", help="problem JSON on stdin → meeting schedule JSON (--time-limit S, --seed N)")
    rank = sub.add_parser("rank", help="rank a corpus for each query (JSON lines)")
    rank.add_argument("--direction", required=True, choices=sorted(DIRECTIONS))
    rank.add_argument("--corpus", required=True, type=Path, help="candidates, one JSON record per line")
    rank.add_argument("--queries", required=True, type=Path, help="queries, one JSON record per line")
    rank.add_argument("--k", type=int, default=20, help="results per query (default 20)")
    rank.add_argument("--model", type=Path, default=None, help="a model JSON file (default: hand-set weights)")
    rank.add_argument("--taxonomy", default=None, help="ESCO CSV folder (default: the shipped copy)")
    rank.add_argument("--cache-dir", default=None, help="keep the fitted engine for --taxonomy here")
    args = parser.parse_args(argv)
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    engine = load_text_engine(args.taxonomy, cache_dir=args.cache_dir)
    if args.command == "rank":
        for path in (args.corpus, args.queries, args.model):
            if path is not None and not path.is_file():
                parser.error(f"no such file: {path}")
        return rank_files(
            direction=args.direction,
            corpus=args.corpus,
            queries=args.queries,
            k=args.k,
            model=args.model,
            engine=engine,
            stdout=sys.stdout,
            stderr=sys.stderr,
        )
    if args.command == "link-occupations":
        return link_occupations(engine, k=args.k, lang=args.lang, stdin=sys.stdin, stdout=sys.stdout)
    return extract_skills(engine, k=args.k, lang=args.lang, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)
