"""The employer's ranked candidates for one vacancy: a match percentage, filters, pages, and the same privacy.

The live index ranks the returnees who show evidence of fit (a skill or occupation the vacancy asks for); the
filters (validated skills, region, languages, availability) narrow that ranked list without re-ordering it;
one page of cards is then built with one query per table. Cards leave through `candidates.cards_for`, i.e.
`visibility` and `profile_view`: anonymous unless the returnee applied or accepted a contact request.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices
from sankofa.core.errors import NotFound
from sankofa.core.i18n import gettext as _
from sankofa.profiles.models import ProfileLanguage, ProfileSkill, ReturneeProfile
from sankofa.profiles.visibility import Viewer
from sankofa.ranking import records as ranking_records
from sankofa.ranking.index import LiveIndex
from sankofa.ranking.recommendations import Reasons, page_bounds, reasons_of, record_impressions
from sankofa.reference import vocabulary
from sankofa.search import candidates
from sankofa.vacancies import reading as vacancies
from sankofa.vacancies.models import Vacancy

PER_PAGE = 20
MAX_PER_PAGE = 50
MAX_RANKED = 300  # the best this many are ranked, filtered and paged; the page says when the list was cut
AVAILABILITY_DAYS = {"now": 0, "1m": 31, "3m": 92}


def availability_options() -> dict[str, str]:
    return {"now": _("Available now"), "1m": _("Available within a month"), "3m": _("Available within 3 months")}


@dataclass(frozen=True)
class CandidateFilters:
    """What the employer narrowed the ranked list to; every field is a query parameter of the page."""

    validated: bool = False  # only people with at least one of the vacancy's skills validated by a partner
    region: str = ""  # they come from it or would work there
    languages: tuple[str, ...] = ()  # they speak every one of these
    available: str = ""  # a key of AVAILABILITY_DAYS: available by then

    @property
    def count(self) -> int:
        return sum((self.validated, bool(self.region), bool(self.languages), bool(self.available)))

    def to_query(self, **changes: Any) -> dict[str, Any]:
        """The filters as query parameters (lists repeat the name), without the empty ones."""
        chosen = replace(self, **{k: v for k, v in changes.items() if k != "page"})
        query: dict[str, Any] = {
            "validated": "1" if chosen.validated else "",
            "region": chosen.region,
            "language": list(chosen.languages),
            "available": chosen.available,
            "page": changes.get("page", ""),
        }
        return {name: value for name, value in query.items() if value not in ("", [], None, 1)}


def parse_filters(*, validated: str, region: str, languages: Iterable[str], available: str) -> CandidateFilters:
    """Filters from the query string; values that are not options are ignored (a stale link still works)."""
    known = choices.all_language_codes()
    return CandidateFilters(
        validated=validated in {"1", "on", "true"},
        region=region.strip()[:20],
        languages=tuple(dict.fromkeys(code for code in languages if code in known))[:5],
        available=available if available in AVAILABILITY_DAYS else "",
    )


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int  # ranked candidates it applies to


@dataclass(frozen=True)
class RankedCandidate:
    card: dict[str, Any]
    score: float
    reasons: Reasons
    position: int  # 1 for the best fit of the filtered list


@dataclass(frozen=True)
class RankedCandidates:
    """One page of the ranked, filtered candidates of a vacancy, with the filter options."""

    vacancy: Vacancy
    results: list[RankedCandidate]
    filters: CandidateFilters
    page: int = 1
    pages: int = 1
    per_page: int = PER_PAGE
    total: int = 0  # after the filters
    ranked: int = 0  # before the filters
    capped: bool = False  # more people fit than were ranked
    regions: list[Option] = field(default_factory=list)
    languages: list[Option] = field(default_factory=list)


@dataclass(frozen=True)
class _Facts:
    """What the filters read, for every ranked profile the viewer may list (one query per table)."""

    profiles: dict[int, ReturneeProfile]
    languages: dict[int, set[str]]
    validated: dict[int, set[str]]


async def _facts(session: AsyncSession, *, ids: list[int], viewer: Viewer) -> _Facts:
    profiles = {
        p.id: p
        for p in (
            await session.exec(
                select(ReturneeProfile).where(col(ReturneeProfile.id).in_(ids), candidates.visible_to(viewer))
            )
        ).all()
        if p.id is not None
    }
    languages: dict[int, set[str]] = defaultdict(set)
    validated: dict[int, set[str]] = defaultdict(set)
    if profiles:
        rows = await session.exec(
            select(ProfileLanguage.profile_id, ProfileLanguage.language).where(
                col(ProfileLanguage.profile_id).in_(list(profiles))
            )
        )
        for profile_id, language in rows.all():
            languages[profile_id].add(language)
        skills = await session.exec(
            select(ProfileSkill.profile_id, ProfileSkill.skill_uri).where(
                col(ProfileSkill.profile_id).in_(list(profiles)), col(ProfileSkill.validated_at).is_not(None)
            )
        )
        for profile_id, uri in skills.all():
            validated[profile_id].add(uri)
    return _Facts(profiles, languages, validated)


def _regions_of(profile: ReturneeProfile) -> set[str]:
    return {code for code in (profile.origin_region, *profile.mobility_regions) if code}


def _passes(
    profile: ReturneeProfile, facts: _Facts, filters: CandidateFilters, *, wanted: set[str], today: date
) -> bool:
    assert profile.id is not None
    if filters.validated:
        have = facts.validated[profile.id]
        if not (have & wanted if wanted else have):
            return False
    if filters.region and filters.region not in _regions_of(profile):
        return False
    if filters.languages and not set(filters.languages) <= facts.languages[profile.id]:
        return False
    if filters.available:
        by = today + timedelta(days=AVAILABILITY_DAYS[filters.available])
        if profile.available_from is None or profile.available_from > by:
            return False
    return True


def _options(profiles: list[ReturneeProfile], facts: _Facts, *, locale: str) -> tuple[list[Option], list[Option]]:
    regions = Counter(code for p in profiles for code in _regions_of(p))
    spoken = Counter(code for p in profiles if p.id is not None for code in facts.languages[p.id])
    region_options = [
        Option(code, vocabulary.place_label(f"region:{code}", locale=locale) or code, n) for code, n in regions.items()
    ]
    language_options = [Option(code, choices.language_name(code), n) for code, n in spoken.items()]
    return sorted(region_options, key=lambda o: o.label), sorted(language_options, key=lambda o: (-o.count, o.label))


async def candidates_for(
    session: AsyncSession,
    *,
    live: LiveIndex,
    viewer: Viewer,
    vacancy_public_id: uuid.UUID,
    filters: CandidateFilters,
    page: int = 1,
    per_page: int = PER_PAGE,
    locale: str,
    ip: str | None = None,
) -> RankedCandidates:
    """One page of the returnees ranked for one of the viewer's organisation's vacancies, as the viewer may see them.

    Raises:
        NotFound: no such vacancy in the viewer's organisation (other organisations' vacancies do not exist here).
    """
    if viewer.org_id is None:
        raise NotFound(_("This vacancy does not exist."))
    vacancy = await vacancies.get_own(session, organisation_id=viewer.org_id, public_id=vacancy_public_id)
    assert vacancy.id is not None
    # A draft or closed vacancy still gets candidates for its employer; it just does not rank for returnees.
    record = await ranking_records.vacancy_record(session, vacancy.id, public_only=False)
    if record is None:
        raise NotFound(_("This vacancy does not exist."))
    ranked = await live.profiles_for(record, k=MAX_RANKED)
    facts = await _facts(session, ids=[int(r.id) for r in ranked], viewer=viewer)
    listed = [r for r in ranked if int(r.id) in facts.profiles]
    wanted = {*record.get("required_skills", []), *record.get("optional_skills", [])}
    today = datetime.now(UTC).date()
    kept = [r for r in listed if _passes(facts.profiles[int(r.id)], facts, filters, wanted=wanted, today=today)]
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page, pages, offset = page_bounds(len(kept), page=page, per_page=per_page)
    on_page = kept[offset : offset + per_page]
    cards = await candidates.cards_for(
        session,
        profiles=[facts.profiles[int(r.id)] for r in on_page],
        viewer=viewer,
        locale=locale,
        ip=ip,
        context="ranked",
    )
    by_id = {profile.id: card for profile, card in cards}
    shown = [r for r in on_page if int(r.id) in by_id]
    await record_impressions(session, direction="profiles-for-job", query_id=vacancy.id, ranked=shown, start=offset)
    regions, languages = _options([facts.profiles[int(r.id)] for r in listed], facts, locale=locale)
    return RankedCandidates(
        vacancy=vacancy,
        results=[
            RankedCandidate(by_id[int(r.id)], r.score, reasons_of(r, locale=locale), offset + n)
            for n, r in enumerate(shown, start=1)
        ],
        filters=filters,
        page=page,
        pages=pages,
        per_page=per_page,
        total=len(kept),
        ranked=len(listed),
        capped=len(ranked) >= MAX_RANKED,
        regions=regions,
        languages=languages,
    )
