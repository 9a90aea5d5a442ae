"""A login session that has not been used for the idle time ends (ASVS 3.3.2); one in use stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.identity.models import WebSession
from tests.support.web import log_in, make_user


async def _last_seen(db: AsyncSession, user_id: int) -> WebSession:
    db.expire_all()
    return (await db.exec(select(WebSession).where(WebSession.user_id == user_id))).one()


async def test_a_session_idle_past_the_limit_ends_and_asks_to_log_in_again(app, client, db: AsyncSession) -> None:  # type: ignore[no-untyped-def]
    user = await make_user(db, email="awa@example.org")
    assert user.id is not None
    user_id = user.id
    await log_in(client, "awa@example.org")
    assert (await client.get("/account")).status_code == 200
    row = await _last_seen(db, user_id)
    idle = timedelta(minutes=app.state.settings.session_idle_minutes)
    row.last_seen_at = datetime.now(UTC) - idle - timedelta(seconds=5)
    db.add(row)
    await db.commit()

    response = await client.get("/account")
    assert response.status_code in {302, 303, 401, 403}
    assert 'action="/logout"' not in response.text
    assert (await db.exec(select(WebSession).where(WebSession.user_id == user_id))).all() == []  # not revivable


async def test_a_session_in_use_stays_and_notes_when_it_was_last_used(app, client, db: AsyncSession) -> None:  # type: ignore[no-untyped-def]
    user = await make_user(db, email="awa@example.org")
    assert user.id is not None
    user_id = user.id
    await log_in(client, "awa@example.org")
    row = await _last_seen(db, user_id)
    idle = timedelta(minutes=app.state.settings.session_idle_minutes)
    almost = datetime.now(UTC) - idle + timedelta(minutes=1)
    row.last_seen_at = almost
    db.add(row)
    await db.commit()

    assert (await client.get("/account")).status_code == 200
    assert (await _last_seen(db, user_id)).last_seen_at > almost + timedelta(minutes=1)  # the clock starts again
