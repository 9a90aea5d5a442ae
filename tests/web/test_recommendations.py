"""Ranked recommendations: "why this job" for returnees, ranked candidates with reasons for employers.

The app's live index follows the `ranking_item` feed; the worker writes it when a vacancy or profile changes.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from markupsafe import escape
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa import seed, seed_vacancies
from sankofa.core.i18n import gettext, use_locale
from sankofa.profiles.models import Experience, ProfileSkill, ReturneeProfile
from sankofa.ranking import upkeep as ranking_upkeep
from sankofa.ranking.models import ItemKind
from sankofa.reference import vocabulary
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in, make_user, post_form
from tests.web.test_candidates_factories import (
    SECRETS,
    bricks_uri,
    fresh_index,
    index_records,
    leaked,
    make_returnee,
)
from web.template_helpers import place


def fr(message: str) -> str:
    """A UI string as the French page shows it (templates output translations as they are, unescaped)."""
    with use_locale("fr"):
        return gettext(message)


NOT_ELSEWHERE_EITHER = (
    "Widening the regions where you can work would not help today: no vacancy elsewhere fits your profile either."
)
MASON = {"title": "Maçon / maçonne", "description": "Chantier de construction à Dakar: maçonnerie, pose de briques."}


@pytest.fixture
async def live(app, db: AsyncSession):  # type: ignore[no-untyped-def]
    return await fresh_index(app, db)


async def _wait_for(client: httpx.AsyncClient, path: str, text: str, *, seconds: float) -> tuple[str, float]:
    started = time.monotonic()
    while True:
        page = (await client.get(path)).text
        elapsed = time.monotonic() - started
        if text in page or elapsed > seconds:
            return page, elapsed
        await asyncio.sleep(0.2)


async def test_a_returnee_sees_why_each_recommended_job_fits(client, db: AsyncSession, live) -> None:  # type: ignore[no-untyped-def]
    user, profile = await make_returnee(db)
    _, org = await make_employer(db)
    mason = await make_vacancy(db, organisation=org, **MASON, location="Dakar", required_skills=bricks_uri())
    cook = await make_vacancy(db, organisation=org, title="Cuisinier", description="Cuisine", location="Dakar")
    await index_records(
        db, live, (ItemKind.PROFILE, profile.id), (ItemKind.VACANCY, mason.id), (ItemKind.VACANCY, cook.id)
    )
    await log_in(client, user.email)
    assert 'href="/recommendations"' in (await client.get("/")).text  # in the menu
    page = (await client.get("/recommendations")).text
    assert fr("Why this job") in page
    assert "Maçon / maçonne" in page
    assert vocabulary.skill_label(bricks_uri(), "fr") in page  # a required skill the returnee has
    # Both jobs are in Dakar, next door; the cook's shares no skill and no occupation with a mason: not offered.
    assert "Cuisinier" not in page


async def test_an_employer_sees_ranked_candidates_with_reasons_and_no_identity(client, db: AsyncSession, live) -> None:  # type: ignore[no-untyped-def]
    _, profile = await make_returnee(db)
    employer, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org, **MASON, location="Dakar", required_skills=bricks_uri())
    await index_records(db, live, (ItemKind.PROFILE, profile.id), (ItemKind.VACANCY, vacancy.id))
    await log_in(client, employer.email)
    assert f"/employer/vacancies/{vacancy.public_id}/candidates" in (await client.get("/employer/vacancies")).text
    page = await client.get(f"/employer/vacancies/{vacancy.public_id}/candidates")
    assert page.status_code == 200
    assert f"/candidates/{profile.public_id}" in page.text
    assert vocabulary.skill_label(bricks_uri(), "fr") in page.text
    assert leaked(page.text) == set(), "an employer without a grant must not see who the person is"
    assert SECRETS["full_name"] not in page.text


async def test_another_employer_cannot_rank_candidates_for_my_vacancy(client, db: AsyncSession, live) -> None:  # type: ignore[no-untyped-def]
    _, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org, **MASON, location="Dakar")
    other, _ = await make_employer(db, email="rh@autre.example", name="Autre SARL")
    await log_in(client, other.email)
    assert (await client.get(f"/employer/vacancies/{vacancy.public_id}/candidates")).status_code == 404


async def test_a_newly_published_vacancy_is_recommended_within_5_seconds_through_the_worker(
    client, db: AsyncSession, live, worker
) -> None:  # type: ignore[no-untyped-def]
    returnee, profile = await make_returnee(db)
    employer, org = await make_employer(db)
    draft = await make_vacancy(
        db, organisation=org, status="draft", **MASON, location="Dakar", required_skills=bricks_uri()
    )
    await index_records(db, live, (ItemKind.PROFILE, profile.id))
    await log_in(client, employer.email)
    published = await post_form(
        client, f"/employer/vacancies/{draft.public_id}/publish", {}, page="/employer/vacancies"
    )
    assert published.status_code == 303, published.text[:300]
    started = time.monotonic()
    await client.post("/logout", data={"_csrf": ""})
    client.cookies.clear()
    await log_in(client, returnee.email)
    page, elapsed = await _wait_for(client, "/recommendations", "Maçon / maçonne", seconds=8)
    assert "Maçon / maçonne" in page
    assert time.monotonic() - started < 5, f"recommended after {elapsed:.1f} s"


async def test_the_demo_care_worker_is_not_offered_the_masons_job_and_is_told_what_would_help(
    client, db: AsyncSession, live
) -> None:  # type: ignore[no-untyped-def]
    """Aminata (aide-soignante, Dakar) used to get "Maçon qualifié" for its distance, region and freshness alone."""
    assert await seed.seed_demo(db)
    await seed.seed_demo_profiles(db)
    await seed_vacancies.seed_demo_vacancies(db)
    await ranking_upkeep.reconcile(db)
    await index_records(db, live)
    await log_in(client, "aminata@returnee.test", seed.DEMO_PASSWORD)
    page = (await client.get("/recommendations")).text
    assert "Maçon qualifié" not in page
    assert 'class="card recommendation"' not in page
    assert fr("No vacancy fits your profile yet") in page
    # What would help: skills of her occupation to add, and where to add them; nothing elsewhere fits either.
    profile = (
        await db.exec(select(ReturneeProfile).where(ReturneeProfile.contact_email == "aminata@returnee.test"))
    ).one()
    assert f'href="/profiles/{profile.public_id}/edit/skills"' in page
    assert str(escape(vocabulary.occupation_label(_care_worker(), "fr") or "")) in page
    assert fr(NOT_ELSEWHERE_EITHER) in page
    assert 'href="/profile"' in page and fr("Complete your profile") in page


def _care_worker() -> str:
    return next(o.uri for o in vocabulary.engine().taxonomy.occupations if o.label_en == "nurse assistant")


def _welder() -> str:
    return next(o.uri for o in vocabulary.engine().taxonomy.occupations if o.label_en == "welder")


def _essential(occupation: str) -> list[str]:
    relations = vocabulary.engine().taxonomy.occupation_skills[occupation]
    return [uri for uri, relation in relations if relation == "essential"]


async def test_out_of_reach_the_page_names_the_region_and_the_skills_that_vacancies_there_ask_for(
    client, db: AsyncSession, live
) -> None:  # type: ignore[no-untyped-def]
    have, lack = _essential(_welder())[:2]
    user = await make_user(db, email="fatou@example.org")
    assert user.id is not None
    profile = ReturneeProfile(
        user_id=user.id, origin_region="SN.01", origin_country="SN", mobility_regions=["SN.01"]
    )  # works in and around Dakar
    db.add(profile)
    await db.flush()
    assert profile.id is not None
    db.add(Experience(profile_id=profile.id, title="Soudeuse", occupation_uri=_welder(), years=4))
    db.add(ProfileSkill(profile_id=profile.id, skill_uri=have))
    await db.commit()
    _, org = await make_employer(db)
    far = await make_vacancy(db, organisation=org, location="Casablanca", required_skills=[have, lack])
    await index_records(db, live, (ItemKind.PROFILE, profile.id), (ItemKind.VACANCY, far.id))
    await log_in(client, user.email)
    page = (await client.get("/recommendations")).text
    assert far.title not in page  # 2,800 km away, outside the regions she chose
    assert str(place(vocabulary.place_label(f"region:{far.region}", locale="fr"))) in page  # each part isolated
    assert f'href="/profiles/{profile.public_id}/edit/return"' in page
    # The skill the welder's vacancy asks for that she has not listed, with how many vacancies ask for it.
    assert str(escape(vocabulary.skill_label(lack, "fr") or "")) in page
    assert str(escape(vocabulary.skill_label(have, "fr") or "")) not in page
    assert fr("Vacancies close to your occupation often ask for these skills. Add those you have:") in page
