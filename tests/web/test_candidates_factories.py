"""Factories for the candidates tests: a returnee whose personal data is easy to spot in any response, quick
candidates in numbers, and the app's ranking index rebuilt for a test.

(No tests here; the name keeps it inside the candidates test area. It could move to tests/support/.)
"""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.identity.models import User
from sankofa.profiles.models import ContactGrant, Experience, ProfileLanguage, ProfileSkill, ReturneeProfile
from sankofa.ranking import index as ranking_index
from sankofa.ranking.index import LiveIndex
from sankofa.ranking.models import ItemKind, RankingItem
from sankofa.reference import vocabulary
from tests.support.web import make_user

# Distinctive values: if one of them is in a response, the field leaked.
SECRETS: dict[str, Any] = {
    "full_name": "Amina Secretname",
    "phone": "+221770009876",
    "contact_email": "amina.hidden@example.org",
    "birth_year": 1987,
    "gender": "female",
    "nationality": "SN",
    "return_status": "returned",
    "host_country": "IT",
    "expected_pay": 987654,
    "pay_currency": "XOF",
}
# A public id without digit runs that could look like the birth year.
PUBLIC_ID = uuid.UUID("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")
REGION = "SN.01"  # Dakar


def bricks_uri() -> str:
    """A real ESCO skill: 'poser des briques' / 'lay bricks'."""
    return vocabulary.search_skills("poser des briques", locale="fr", k=1)[0].id


def welding_uri() -> str:
    return vocabulary.engine().taxonomy.skills[0].uri


async def make_returnee(
    db: AsyncSession,
    *,
    email: str = "amina@example.org",
    visible: bool = True,
    disclose: bool = False,
    show_pay: bool = False,
    public_id: uuid.UUID = PUBLIC_ID,
    summary: str = "Mason with ten years on building sites in Turin",
    validated_abroad: bool = True,
    locale: str = "fr",
) -> tuple[User, ReturneeProfile]:
    """A returnee with every secret filled in, one experience and a skill validated by a partner."""
    user = await make_user(db, email=email, role="returnee", name="Account Name", locale=locale)
    assert user.id is not None
    profile = ReturneeProfile(
        user_id=user.id,
        public_id=public_id,
        summary=summary,
        origin_region=REGION,
        origin_country="SN",
        visible_to_employers=visible,
        disclose_return_status=disclose,
        show_pay_to_employers=show_pay,
        **SECRETS,
    )
    db.add(profile)
    await db.flush()
    assert profile.id is not None
    db.add(Experience(profile_id=profile.id, title="Chef de chantier", country="IT", acquired="host", years=10))
    db.add(
        ProfileSkill(
            profile_id=profile.id,
            skill_uri=bricks_uri(),
            level="expert",
            acquired="host",
            validated_at=datetime.now(UTC) if validated_abroad else None,
            evidence="Checked on site",
        )
    )
    await db.commit()
    await db.refresh(profile)
    return user, profile


async def grant(db: AsyncSession, *, profile: ReturneeProfile, organisation_id: int) -> None:
    assert profile.id is not None
    db.add(ContactGrant(profile_id=profile.id, organisation_id=organisation_id, reason="applied"))
    await db.commit()


def leaked(text: str) -> set[str]:
    """Which secret fields appear in a response body (raw text, JSON or HTML)."""
    found = set()
    for name in ("full_name", "phone", "contact_email"):
        if SECRETS[name] in text:
            found.add(name)
    if re.search(r"\b1987\b", text):
        found.add("birth_year")
    if re.search(r"\b987[\s\u00a0\u202f,.]?654\b", text):
        found.add("expected_pay")
    for name in ("gender", "return_status", "host_country", "nationality"):
        if f'"{name}"' in text or f'data-field="{name}"' in text:
            found.add(name)
    return found


async def fresh_index(app, db: AsyncSession) -> LiveIndex:  # type: ignore[no-untyped-def]
    """The app's index, rebuilt from this test's database (tests reuse ids after truncating tables)."""
    index: LiveIndex = app.state.live_index
    while not index.ready.is_set():
        await asyncio.sleep(0.1)
    await index.load(db)
    return index


async def index_records(db: AsyncSession, live: LiveIndex, *items: tuple[ItemKind, int]) -> None:
    """Store the records, then wait until the app's follower thread has applied them."""
    for kind, item_id in items:
        await ranking_index.refresh(db, kind=kind, item_id=item_id)
    latest = (await db.exec(select(func.max(RankingItem.seq)))).one() or 0
    await db.commit()
    for _ in range(100):
        if live.seq >= latest:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the ranking follower did not apply the new records within 10 s")


async def make_candidate(
    db: AsyncSession,
    *,
    name: str,
    skills: list[str],
    validated: bool = False,
    region: str = REGION,
    mobility: list[str] | None = None,
    languages: tuple[str, ...] = ("fr",),
    available_from: date | None = None,
) -> ReturneeProfile:
    """A returnee visible to employers, quick to make (no password: they never log in in these tests)."""
    user = User(email=f"{uuid.uuid4().hex[:10]}@example.org", display_name=name, role="returnee", password_hash=None)
    db.add(user)
    await db.flush()
    assert user.id is not None
    profile = ReturneeProfile(
        user_id=user.id,
        full_name=name,
        origin_region=region,
        origin_country=region[:2],
        mobility_regions=mobility or [],
        available_from=available_from,
        summary="Maçon, chantiers de bâtiment",
    )
    db.add(profile)
    await db.flush()
    assert profile.id is not None
    for uri in skills:
        db.add(
            ProfileSkill(profile_id=profile.id, skill_uri=uri, validated_at=datetime.now(UTC) if validated else None)
        )
    for code in languages:
        db.add(ProfileLanguage(profile_id=profile.id, language=code, level="C1"))
    db.add(Experience(profile_id=profile.id, title="Maçon", years=3))
    await db.commit()
    return profile
