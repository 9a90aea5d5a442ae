"""Sanity check on hand-written, real-looking vacancy titles and job-ad sentences (FR/EN).

Expectations are ESCO preferred English labels, resolved to URIs through the taxonomy (a typo in this file fails
the lookup). Thresholds are what a user would call "works": not tuned to pass, a miss is named in the message.
"""

from __future__ import annotations

from matching.engine import TextEngine

# Title → acceptable occupations (any one in the top 5 counts).
TITLES: dict[str, set[str]] = {
    "Développeuse web senior H/F - URGENT - Dakar": {"web developer"},
    "Resp. logistique (CDI)": {"logistics and distribution manager", "intermodal logistics manager"},
    "Chauffeur PL": {"cargo vehicle driver", "dangerous goods driver"},
    "Agent de sécurité": {"security guard"},
    "Maçon coffreur": {"bricklayer", "concrete finisher", "building construction worker"},
    "Comptable confirmé(e) - Abidjan": {"accountant"},
    "Infirmier(ère) de nuit": {"nurse responsible for general care", "specialist nurse"},
    "Serveur / Serveuse restaurant": {"waiter/waitress"},
    "Plombier chauffagiste H/F": {"plumber"},
    "Electricien bâtiment": {"building electrician"},
    "Caissière supermarché": {"cashier"},
    "Senior Software Engineer (Python)": {"software developer", "ICT application developer"},
    "Truck driver wanted - full time": {"cargo vehicle driver", "moving truck driver"},
    "Receptionist / front desk": {"receptionist", "hospitality establishment receptionist"},
    "Mécanicien auto": {"vehicle technician", "vehicle maintenance attendant"},
    "Boulanger": {"baker"},
    "Data analyst junior": {"data analyst"},
    "Cuisinier(ère)": {"cook", "chef"},
    "Secrétaire médicale": {"medical administrative assistant"},
}

# Sentence → skills it names; each expected skill should come in the top 5.
SENTENCES: dict[str, set[str]] = {
    "Vous assurerez la soudure à l'arc des pièces métalliques et la lecture de plans.": {
        "apply arc welding techniques",
        "read standard blueprints",
    },
    "Experienced in Python, SQL and project management.": {
        "Python (computer programming)",
        "SQL",
        "project management",
    },
    "The nurse will administer medication and monitor patients' vital signs.": {
        "administer prescribed medication",
        "monitor patient's vital signs",
    },
    "Tenue de la comptabilité et gestion de la paie.": {"accounting", "manage payroll"},
    "Accueillir les clients et encaisser les paiements.": {"greet guests", "process payments"},
    "Maîtrise du pack Office et de l'anglais.": {"use microsoft office", "English"},
    "You will manoeuvre heavy trucks and operate the cash register.": {
        "manoeuvre heavy trucks",
        "operate cash register",
    },
}


def _occupation_uris(engine: TextEngine, labels: set[str]) -> set[str]:
    by_label = {o.label_en: o.uri for o in engine.taxonomy.occupations}
    return {by_label[label] for label in labels}


def _skill_uris(engine: TextEngine, labels: set[str]) -> set[str]:
    by_label = {s.label_en: s.uri for s in engine.taxonomy.skills}
    return {by_label[label] for label in labels}


def test_real_looking_titles_find_their_occupation_in_the_top_5(engine: TextEngine) -> None:
    results = engine.linker.link_many(list(TITLES), k=5)
    misses = [
        title
        for (title, labels), matches in zip(TITLES.items(), results, strict=True)
        if not _occupation_uris(engine, labels) & {m.uri for m in matches}
    ]
    assert len(misses) <= 2, misses


def test_real_looking_sentences_find_the_skills_they_name_in_the_top_5(engine: TextEngine) -> None:
    results = engine.extractor.extract_many(list(SENTENCES), k=5)
    found, missed = 0, []
    for (sentence, labels), matches in zip(SENTENCES.items(), results, strict=True):
        got = {m.uri for m in matches}
        for label in sorted(labels):
            if _skill_uris(engine, {label}) <= got:
                found += 1
            else:
                missed.append(f"{label!r} in {sentence!r}")
    assert found / (found + len(missed)) >= 0.7, missed
