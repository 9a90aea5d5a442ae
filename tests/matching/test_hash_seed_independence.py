"""The engine answers the same in every process: nothing it computes may follow the order a set of strings iterates
in, which Python draws anew per process (PYTHONHASHSEED). A web worker and a batch job once ranked some titles
differently (a float summed in set order moved a re-ranker feature across a bin edge)."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WORDS = [
    "senior",
    "junior",
    "assistant",
    "sales",
    "customer",
    "service",
    "medical",
    "device",
    "representative",
    "manager",
    "technician",
    "software",
    "engineer",
    "marketing",
    "digital",
    "nurse",
    "accountant",
    "warehouse",
    "driver",
    "mechanic",
    "electrical",
    "site",
    "supervisor",
    "project",
    "field",
    "quality",
    "control",
    "logistics",
    "operator",
    "machine",
    "welder",
    "agricultural",
    "retail",
    "store",
    "cashier",
    "hotel",
    "kitchen",
    "chef",
]


def _titles(n: int) -> list[str]:
    rng = random.Random(7)
    return [" ".join(rng.sample(WORDS, rng.randint(2, 5))) for _ in range(n)]


def _link(titles: list[str], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "matching", "link-occupations", "--k", "5"],
        input="\n".join(titles) + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    return done.stdout


def test_linking_gives_the_same_scores_under_any_hash_seed():
    titles = _titles(600)
    answers = [_link(titles, seed) for seed in ("1", "2", "3")]
    for first, other in itertools.pairwise(answers):
        differing = [a for a, b in zip(first.splitlines(), other.splitlines(), strict=True) if a != b]
        assert not differing, differing[:2]
