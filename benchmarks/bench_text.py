"""Speed of the text engine next to a plain char TF-IDF baseline measured in the same run (one process, one core).

Run: ``python benchmarks/bench_text.py`` (uses the shipped taxonomy and prebuilt engine).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

import numpy as np

from matching.engine import load_text_engine
from matching.evaluate.text import CharTfidfBaseline

TITLES = [
    "Développeuse web senior H/F - URGENT - Dakar",
    "mécanicien auto",
    "Resp. RH (m/w/d)",
    "chauffeur PL - CDI",
    "comptable confirmé",
    "infirmière de nuit",
    "Sofware enginer",
    "chef de projet IT",
    "Lead Data Scientist",
    "Conducteur(trice) de travaux BTP - Abidjan",
    "boulanger-pâtissier",
    "serveur / serveuse",
    "sales manager",
    "assist. de direction",
    "électricien bâtiment",
    "plombier chauffagiste",
    "caissière",
    "agent de sécurité",
]
SENTENCES = [
    "Je maîtrise la soudure à l'arc et la lecture de plans.",
    "Experienced in Python, SQL and project management.",
    "Mécanicien automobile: diagnostic des pannes, entretien des véhicules.",
    "We are looking for a nurse to administer medication and monitor patient health.",
    "Comptable: tenue de la comptabilité, déclarations fiscales, paie.",
    "Cuisiner des plats, gérer les stocks, respecter les règles d'hygiène.",
    "Vente et conseil client en boutique, gestion de la caisse.",
    "Install and repair electrical wiring in residential buildings.",
]


def _rate(label: str, count: int, seconds: float, unit: str) -> float:
    rate = count / seconds
    print(f"{label:46} {rate:10.0f} {unit}/s")
    return rate


def main() -> int:
    """Print load time, throughput of engine and baseline, and their ratio."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    code = "import time; t=time.perf_counter(); from matching.engine import load_text_engine; load_text_engine(); "
    code += "print(time.perf_counter() - t)"
    load = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    print(f"{'model load (fresh process, shipped engine)':46} {load:10.2f} s")
    engine = load_text_engine()
    rng = random.Random(0)
    titles = [rng.choice(TITLES) + rng.choice(["", " ", " junior", " - CDD"]) for _ in range(4000)]
    sentences = [rng.choice(SENTENCES) for _ in range(600)]

    taxonomy = engine.taxonomy
    started = time.perf_counter()
    occ_base = CharTfidfBaseline().fit(
        [(o.uri, [o.label_en, o.label_fr, *o.alt_en, *o.alt_fr]) for o in taxonomy.occupations]
    )
    skill_base = CharTfidfBaseline().fit(
        [(s.uri, [x for x in (s.label_en, s.label_fr, *s.alt_en, *s.alt_fr) if x]) for s in taxonomy.skills]
    )
    print(f"{'baseline fit (both)':46} {time.perf_counter() - started:10.2f} s")

    started = time.perf_counter()
    engine.linker.link_many(titles, k=10)
    ours = _rate("occupation linking: engine", len(titles), time.perf_counter() - started, "titles")
    started = time.perf_counter()
    occ_base.rank(titles)
    base = _rate("occupation linking: char TF-IDF baseline", len(titles), time.perf_counter() - started, "titles")
    print(f"{'  ratio engine / baseline':46} {ours / base:10.2f}")

    started = time.perf_counter()
    engine.extractor.extract_many(sentences, k=10)
    ours = _rate("skill extraction: engine", len(sentences), time.perf_counter() - started, "sentences")
    started = time.perf_counter()
    skill_base.rank(sentences)
    base = _rate("skill extraction: char TF-IDF baseline", len(sentences), time.perf_counter() - started, "sentences")
    print(f"{'  ratio engine / baseline':46} {ours / base:10.2f}")

    queries = ["soud", "soudur", "soduer", "gestion de proj", "pyth", "comptabilite", "maconerie", "welding", "anglais"]
    times = []
    for query in queries * 20:
        started = time.perf_counter()
        engine.skill_index.search(query, k=10, lang="fr")
        times.append(time.perf_counter() - started)
    p50, p95 = np.percentile(times, 50) * 1e3, np.percentile(times, 95) * 1e3
    print(f"{'skill autocomplete p50 / p95':46} {p50:6.2f} / {p95:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
