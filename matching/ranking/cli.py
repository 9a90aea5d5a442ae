"""``python -m matching rank``: rank a corpus for each query, JSON lines out (contract in matching/README.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from matching.engine import TextEngine
from matching.ranking.model import LinearModel
from matching.ranking.ranker import DIRECTIONS, Ranker
from matching.ranking.records import (
    Job,
    Profile,
    Project,
    Record,
    RecordError,
    Resolver,
    investor_from,
    job_from,
    profile_from,
    project_from,
)
from matching.ranking.vectors import TermSpace

EXIT_SKIPPED = 2
SKILL_MIN_SCORE = 0.7
OCCUPATION_MIN_SCORE = 0.3
EXTRACT_MIN_SCORE = 0.05
READERS: dict[type, Callable[[Mapping[str, Any], Resolver], Record]] = {
    Job: job_from,
    Profile: profile_from,
    Project: project_from,
}


def resolver_for(engine: TextEngine) -> Resolver:
    """Free text → ESCO URIs with the text engine (confident links only)."""

    def skill(text: str) -> str | None:
        hits = engine.skill_index.search(text, k=1)
        return str(hits[0].id) if hits and hits[0].score >= SKILL_MIN_SCORE else None

    def occupation(title: str) -> str | None:
        matches = engine.linker.link(title, k=1)
        return matches[0].uri if matches and matches[0].score >= OCCUPATION_MIN_SCORE else None

    def extract(text: str) -> list[str]:
        return [m.uri for m in engine.extractor.extract(text, k=15) if m.score >= EXTRACT_MIN_SCORE]

    return Resolver(skill=skill, occupation=occupation, extract=extract)


def read_records(
    lines: TextIO, *, kind: type, resolver: Resolver, stderr: TextIO, name: str
) -> Iterator[tuple[int, Record | None]]:
    """(line number, record) per line; None (and a message on stderr) for malformed lines or missing ids."""
    reader = READERS.get(kind, lambda raw, _resolver: investor_from(raw))
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise RecordError("expected a JSON object")
            yield number, reader(raw, resolver)
        except (ValueError, RecordError) as error:
            stderr.write(f"{name} line {number}: skipped: {error}\n")
            yield number, None


def rank_files(
    *,
    direction: str,
    corpus: Path,
    queries: Path,
    k: int,
    model: Path | None,
    engine: TextEngine,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """Rank ``corpus`` for every query; returns 0, or :data:`EXIT_SKIPPED` when some line was skipped."""
    spec = DIRECTIONS[direction]
    resolver = resolver_for(engine)
    code = 0
    with corpus.open(encoding="utf-8", errors="replace") as lines:
        candidates = []
        for _, record in read_records(lines, kind=spec.candidate_kind, resolver=resolver, stderr=stderr, name="corpus"):
            if record is None:
                code = EXIT_SKIPPED
            else:
                candidates.append(record)
    ranker = Ranker(
        direction,
        space=TermSpace.fit(engine.taxonomy),
        taxonomy=engine.taxonomy,
        model=LinearModel.load(model) if model else None,
    ).index(candidates)
    with queries.open(encoding="utf-8", errors="replace") as lines:
        for _, query in read_records(lines, kind=spec.query_kind, resolver=resolver, stderr=stderr, name="queries"):
            if query is None:
                code = EXIT_SKIPPED
                continue
            results = [{"id": r.id, "score": r.score, "explanation": r.explanation} for r in ranker.rank(query, k=k)]
            stdout.write(json.dumps({"query_id": query.id, "results": results}, ensure_ascii=False) + "\n")
    return code
