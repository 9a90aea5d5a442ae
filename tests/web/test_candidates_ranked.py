"""The employer's ranked candidates for a vacancy: a match percentage, filters, pages, anonymity kept."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.i18n import gettext, use_locale
from sankofa.profiles.models import ReturneeProfile
from sankofa.ranking.models import ItemKind
from sankofa.reference import vocabulary
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in
from tests.web.test_candidates_factories import fresh_index, grant, index_records, make_candidate

MASON = {"title": "Maçon / maçonne", "description": "Chantier de construction à Dakar: maçonnerie, pose de briques."}
THIES, DAKAR, ZIGUINCHOR = "SN.07", "SN.01", "SN.12"


def fr(message: str) -> str:
    """A UI string as the French page shows it (templates output translations as they are, unescaped)."""
    with use_locale("fr"):
        return gettext(message)


def _mason_skills() -> list[str]:
    taxonomy = vocabulary.engine().taxonomy
    mason = next(o.uri for o in taxonomy.occupations if o.label_en == "bricklayer")
    return [uri for uri, relation in taxonomy.occupation_skills[mason] if relation == "essential"][:3]


@pytest.fixture
async def live(app, db: AsyncSession):  # type: ignore[no-untyped-def]
    return await fresh_index(app, db)


async def _vacancy_and_people(db: AsyncSession, live, people: list[ReturneeProfile]):  # type: ignore[no-untyped-def]
    """A mason's vacancy in Dakar asking for three mason skills, and `people` indexed for it."""
    employer, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org, **MASON, location="Dakar", required_skills=_mason_skills())
    items = [(ItemKind.VACANCY, vacancy.id), *((ItemKind.PROFILE, p.id) for p in people)]
    await index_records(db, live, *items)  # type: ignore[arg-type]
    return employer, org, vacancy


def _shown(html: str, people: list[ReturneeProfile]) -> list[ReturneeProfile]:
    """The people whose card is on the page, in the page's order."""
    found = [(html.find(f'href="/candidates/{p.public_id}"'), p) for p in people]
    return [p for at, p in sorted(found, key=lambda item: item[0]) if at >= 0]


async def test_each_ranked_candidate_shows_a_match_percentage_the_better_fit_the_higher(
    client, db: AsyncSession, live
) -> None:  # type: ignore[no-untyped-def]
    skills = _mason_skills()
    every = await make_candidate(db, name="Awa Tout", skills=skills, validated=True)
    one = await make_candidate(db, name="Binta Une", skills=skills[:1])
    employer, _, vacancy = await _vacancy_and_people(db, live, [every, one])
    await log_in(client, employer.email)
    html = (await client.get(f"/employer/vacancies/{vacancy.public_id}/candidates")).text
    assert _shown(html, [every, one]) == [every, one]
    percents = [int(n) for n in re.findall(r'<p class="match">.*?<strong>\D*(\d+)', html, re.S)]
    assert len(percents) == 2 and 0 < percents[1] < percents[0] <= 100, percents
    assert fr("What the match percentage means") in html
    # The vacancy was published a moment ago; how recent it is says nothing about a person.
    assert fr("Recently published") not in html
    assert fr("Employer answers applications") not in html


async def test_filters_keep_only_the_ranked_candidates_who_match_them(client, db: AsyncSession, live) -> None:  # type: ignore[no-untyped-def]
    skills = _mason_skills()
    today = datetime.now(UTC).date()
    p1 = await make_candidate(
        db, name="Un", skills=skills, validated=True, languages=("fr", "wo"), available_from=today
    )
    p2 = await make_candidate(db, name="Deux", skills=skills, region=THIES, available_from=today + timedelta(days=60))
    p3 = await make_candidate(db, name="Trois", skills=skills, region=THIES, mobility=[DAKAR], languages=("en",))
    p4 = await make_candidate(
        db, name="Quatre", skills=skills, validated=True, region=ZIGUINCHOR, available_from=today + timedelta(days=200)
    )
    people = [p1, p2, p3, p4]
    employer, _, vacancy = await _vacancy_and_people(db, live, people)
    await log_in(client, employer.email)
    url = f"/employer/vacancies/{vacancy.public_id}/candidates"

    async def shown(query: str) -> set[str]:
        response = await client.get(f"{url}?{query}")
        assert response.status_code == 200
        return {p.full_name for p in _shown(response.text, people)}

    assert await shown("") == {"Un", "Deux", "Trois", "Quatre"}
    assert await shown("validated=1") == {"Un", "Quatre"}
    assert await shown(f"region={DAKAR}") == {"Un", "Trois"}  # lives there, or would work there
    assert await shown("language=fr&language=wo") == {"Un"}
    assert await shown("language=en") == {"Trois"}
    assert await shown("available=now") == {"Un"}
    assert await shown("available=3m") == {"Un", "Deux"}
    assert await shown("validated=1&available=3m") == {"Un"}
    assert await shown("language=xx&available=soon") == {"Un", "Deux", "Trois", "Quatre"}  # stale values ignored
    empty = (await client.get(f"{url}?region={DAKAR}&language=en&validated=1")).text
    assert fr("No ranked candidate matches these filters.") in empty


async def test_candidates_come_twenty_to_a_page_with_the_filters_kept_in_the_links(
    client, db: AsyncSession, live
) -> None:  # type: ignore[no-untyped-def]
    skills = _mason_skills()
    people = [await make_candidate(db, name=f"Maçon {n}", skills=skills, validated=True) for n in range(25)]
    employer, _, vacancy = await _vacancy_and_people(db, live, people)
    await log_in(client, employer.email)
    url = f"/employer/vacancies/{vacancy.public_id}/candidates"
    first = (await client.get(f"{url}?validated=1")).text
    assert first.count('class="card candidate"') == 20
    assert f'href="{url}?validated=1&amp;page=2"' in first
    second = (await client.get(f"{url}?validated=1&page=2")).text
    assert second.count('class="card candidate"') == 5
    assert '<ol class="candidates" start="21">' in second
    assert f'href="{url}?validated=1"' in second  # back to the first page, filters kept
    assert {p.full_name for p in _shown(first, people) + _shown(second, people)} == {p.full_name for p in people}
    # htmx swaps the list in place: only the results block comes back.
    block = await client.get(f"{url}?validated=1&page=2", headers={"HX-Request": "true", "HX-Target": "results"})
    assert block.status_code == 200
    assert "<html" not in block.text and 'id="results"' in block.text
    assert block.text.count('class="card candidate"') == 5


async def test_only_the_candidate_who_granted_contact_is_named(client, db: AsyncSession, live) -> None:  # type: ignore[no-untyped-def]
    skills = _mason_skills()
    named = await make_candidate(db, name="Coumba Nommée", skills=skills)
    hidden = await make_candidate(db, name="Dior Cachée", skills=skills)
    employer, org, vacancy = await _vacancy_and_people(db, live, [named, hidden])
    assert org.id is not None
    await grant(db, profile=named, organisation_id=org.id)
    await log_in(client, employer.email)
    html = (await client.get(f"/employer/vacancies/{vacancy.public_id}/candidates")).text
    assert "Coumba Nommée" in html
    assert "Dior Cachée" not in html
    assert len(_shown(html, [named, hidden])) == 2  # both listed, one named
