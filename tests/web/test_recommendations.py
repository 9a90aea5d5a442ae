"""Ranked recommendations: "why this job" for returnees, ranked candidates with reasons for employers.

The app's live index follows the `ranking_item` feed; the worker writes it when a vacancy or profile changes.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from markupsafe import escape
from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.ranking import ItemKind, RankingItem
from sankofa.i18n import gettext, use_locale
from sankofa.services import ranking_index, vocabulary
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in, post_form
from tests.web.test_candidates_factories import SECRETS, bricks_uri, leaked, make_returnee


def fr(message: str) -> str:
    with use_locale("fr"):
        return str(escape(gettext(message)))


MASON = {"title": "Maçon / maçonne", "description": "Chantier de construction à Dakar: maçonnerie, pose de briques."}


@pytest.fixture
async def live(app, db: AsyncSession):  # type: ignore[no-untyped-def]
    """The app's index, rebuilt from this test's database (tests reuse ids after truncating tables)."""
    index = app.state.live_index
    while not index.ready.is_set():
        await asyncio.sleep(0.1)
    await index.load(db)
    return index


async def _index(db: AsyncSession, live, *items: tuple[ItemKind, int]) -> None:  # type: ignore[no-untyped-def]
    """Store the records, then wait until the app's follower thread has applied them."""
    for kind, item_id in items:
        await ranking_index.refresh(db, kind=kind, item_id=item_id)
    latest = (await db.exec(select(func.max(RankingItem.seq)))).one()
    await db.commit()
    for _ in range(50):
        if live.seq >= latest:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the ranking follower did not apply the new records within 5 s")


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
    await _index(db, live, (ItemKind.PROFILE, profile.id), (ItemKind.VACANCY, mason.id), (ItemKind.VACANCY, cook.id))
    await log_in(client, user.email)
    assert 'href="/recommendations"' in (await client.get("/")).text  # in the menu
    page = (await client.get("/recommendations")).text
    assert fr("Why this job") in page
    assert page.index("Maçon / maçonne") < page.index("Cuisinier")  # both in Dakar; the mason's skills fit
    assert vocabulary.skill_label(bricks_uri(), "fr") in page  # a required skill the returnee has


async def test_an_employer_sees_ranked_candidates_with_reasons_and_no_identity(client, db: AsyncSession, live) -> None:  # type: ignore[no-untyped-def]
    _, profile = await make_returnee(db)
    employer, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org, **MASON, location="Dakar", required_skills=bricks_uri())
    await _index(db, live, (ItemKind.PROFILE, profile.id), (ItemKind.VACANCY, vacancy.id))
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
    await _index(db, live, (ItemKind.PROFILE, profile.id))
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
