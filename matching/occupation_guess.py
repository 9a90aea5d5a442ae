"""The occupation a free text names (a work description, a pasted CV): its title-like pieces, linked.

The linker reads job titles. Prose such as « Je suis mécanicienne auto depuis 8 ans : je répare les moteurs… »
names the job in a few words, then lists tasks; linked whole, the task words choose the occupation (« moteurs » →
an engine inspector). People name their job in a short line or heading, in the head of a sentence before a colon
or comma, and after « je suis », « j'ai été », « je travaille comme », "I am a", "I worked as": those pieces are
linked. A sentence that starts with a pronoun and another verb (« je répare… ») describes a task, not a job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matching.linking import Match, OccupationLinker
from matching.pay import mask_pay
from matching.text import fold

SENTENCE_RE = re.compile(r"[.!?\n•]+\s*")
_HEAD_RE = re.compile(r"\s*:\s|,\s|\s[-–]\s|\s*\(")
_MAX_SENTENCES = 6
_MAX_TITLE_WORDS = 8
_DURATION = r"(?:\s+(?:pendant\s+|durant\s+|for\s+)?\d+\s+(?:ans|annees|mois|years|months))?"
# Folded self-presentations, then an optional article: what follows is the job.
_SELF_RE = re.compile(
    r"^(?:je\s+suis(?:\s+devenue?)?|j'\s*ai\s+ete|j'\s*etais|"
    r"(?:mon\s+metier|ma\s+profession|mon\s+poste|my\s+job|my\s+occupation)\s*(?::|est|etait|is|was)|"
    r"(?:je\s+travaille|je\s+travaillais|j'\s*ai\s+travaille|j'\s*exerce|j'\s*ai\s+exerce)"
    + _DURATION
    + r"\s+(?:comme|en\s+tant\s+que)|"
    r"i\s+am|i'm|i\s+was|i\s+have\s+been|i've\s+been|"
    r"i\s+(?:work|worked|have\s+worked|'ve\s+worked)" + _DURATION + r"\s+as)"
    r"\s+(?:(?:un|une|a|an)\s+)?(?P<title>.+)$"
)
# Where the named job ends: punctuation, or a word that starts a place, a duration or another clause.
_TITLE_END_RE = re.compile(
    r"[,;:()\[\]]|\s[-–]\s|\s(?:depuis|pendant|durant|chez|dans|pour|avec|et\s+je|et\s+j'|ou|since|for|at|with|"
    r"and\s+i|where)\s",
    re.IGNORECASE,
)
# A sentence that starts with one of these (after folding) describes what the person did, not their job.
_PRONOUN_START_RE = re.compile(r"^(?:je|j'|nous|on|il|elle|ils|elles|i|we|he|she|they|my|mon|ma|mes)\b")


def self_presented_title(sentence: str) -> str | None:
    """The job named in « Je suis X… », « J'ai travaillé comme X… », "I worked as an X…" (folded), else None."""
    match = _SELF_RE.match(fold(sentence).strip())
    if match is None:
        return None
    return _job_words(match.group("title"))


def _job_words(piece: str) -> str | None:
    """The piece up to where the job's name ends, if it is short enough to be one."""
    title = _TITLE_END_RE.split(piece + " ", maxsplit=1)[0].strip()
    return title if 0 < len(title.split()) <= _MAX_TITLE_WORDS else None


def title_pieces(text: str) -> list[str]:
    """The pieces of ``text`` that may name a job: short sentences and heads, and self-presented titles.

    Args:
        text: free text (a job title, a work description, a CV).

    Returns:
        Pieces in text order (at most one per sentence, from the first six sentences; pay statements skipped).
    """
    pieces: list[str] = []
    for sentence in SENTENCE_RE.split(mask_pay(text))[:_MAX_SENTENCES]:
        sentence = sentence.strip()
        if not sentence:
            continue
        named = self_presented_title(sentence)
        if named is None and not _PRONOUN_START_RE.match(fold(sentence)):
            named = _job_words(_HEAD_RE.split(sentence, maxsplit=1)[0])
        if named is not None:
            pieces.append(named)
    return pieces


def guess_occupations(linker: OccupationLinker, texts: Sequence[str], *, k: int = 3) -> list[list[Match]]:
    """The occupations each text names, best first (a piece's link score; the best piece per occupation).

    Args:
        linker: a fitted occupation linker.
        texts: free texts.
        k: occupations per text.

    Returns:
        Per text, up to ``k`` matches; empty when no piece of the text looks like a job title.
    """
    pieces = [title_pieces(text) for text in texts]
    flat = [piece for text_pieces in pieces for piece in text_pieces]
    linked = iter(linker.link_many(flat, k=k))
    out: list[list[Match]] = []
    for text_pieces in pieces:
        best: dict[str, Match] = {}
        for _ in text_pieces:
            for match in next(linked):
                if match.uri not in best or match.score > best[match.uri].score:
                    best[match.uri] = match
        out.append(sorted(best.values(), key=lambda match: -match.score)[:k])
    return out
