"""``python -m matching.evaluate fr-ads``: skill extraction on hand-labelled French job-ad sentences.

24 sentences written the way West African and French job ads are (paraphrases, not ESCO labels), each labelled by
hand with the ESCO skills a careful annotator would tag (`data/fr_job_ads.jsonl`). Where ESCO has two equally right
skills (« tenue de la caisse »: "encaisser" and "tenir une caisse"), both are gold, for every system alike.
Small, but real text: it shows how the engine does where the taxonomy-derived dev sets cannot (French prose,
synonyms, nominalised verbs). The shipped engine is scored next to the plain char TF-IDF baseline.
"""

from __future__ import annotations

import json
from pathlib import Path

from matching.engine import load_text_engine
from matching.evaluate.devsets import Query
from matching.evaluate.text import CharTfidfBaseline, _table, skill_metrics
from matching.taxonomy import Taxonomy

DATA = Path(__file__).parent / "data" / "fr_job_ads.jsonl"


def load() -> list[Query]:
    with DATA.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [Query(row["text"], frozenset(row["skills"]), "fr job ads (hand-labelled)") for row in rows]


def main(*, taxonomy_dir: str | None = None, seed: int = 13) -> int:
    """Print RP@5, RP@10 and MRR of the engine and the baseline (``seed`` is unused: the set is fixed)."""
    queries = load()
    engine = load_text_engine(taxonomy_dir)
    taxonomy: Taxonomy = engine.taxonomy
    baseline = CharTfidfBaseline().fit(
        [(s.uri, [x for x in (s.label_en, s.label_fr, *s.alt_en, *s.alt_fr) if x]) for s in taxonomy.skills]
    )
    texts = [q.text for q in queries]
    extracted = [[m.uri for m in matches] for matches in engine.extractor.extract_many(texts, k=10)]
    _table(
        "Skill extraction on hand-labelled French job ads",
        queries,
        {"engine": extracted, "tfidf": baseline.rank(texts)},
        skill_metrics,
    )
    return 0
