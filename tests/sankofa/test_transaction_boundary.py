"""One commit per request and per job, at the boundary: services flush, so two of them compose in one transaction."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from litestar import Response, get
from litestar.response import Redirect
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import ValidationFailed
from sankofa.core.models import Mail
from sankofa.identity import accounts
from sankofa.identity.models import User
from sankofa.jobs import runtime
from tests.conftest import ROOT
from tests.support.web import make_user
from web.dependencies import commit_despite_error
from web.guards import public

# The boundaries, by path: the transaction helpers, the request's session,
# the commands and the demo seeds.
MAY_COMMIT = {
    "src/sankofa/core/db/transaction.py",
    "src/sankofa/cli.py",
    "src/sankofa/seed.py",
    "src/sankofa/seed_population.py",
    "src/sankofa/seed_vacancies.py",
    "src/sankofa/seed_events.py",
    "web/dependencies.py",
}
COMMIT = re.compile(r"\.commit\(")


def test_only_the_boundaries_commit():
    """Services (wherever they live), actors and controllers never commit: a long job uses `checkpoint`."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("src/sankofa", "web")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in MAY_COMMIT
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if COMMIT.search(line)
    ]
    assert found == []


async def _name(db_factory: Any, user_id: int) -> str:
    async with db_factory() as other:
        return (await other.exec(select(User.display_name).where(User.id == user_id))).one()


async def _mails(db_factory: Any, to: str) -> int:
    async with db_factory() as other:
        return len((await other.exec(select(Mail.id).where(Mail.to_address == to))).all())


async def test_two_services_compose_in_one_transaction(db: AsyncSession, db_factory, settings):  # type: ignore[no-untyped-def]
    user = await make_user(db, email="two@example.org", name="Before", verified=False)
    assert user.id is not None
    user_id = user.id
    await accounts.update_account(db, user=user, display_name="After", locale="en")
    await accounts.resend_verification(db, user=user, settings=settings)
    # Neither is visible to anyone else before the caller commits, and a rollback undoes both.
    assert await _name(db_factory, user_id) == "Before" and await _mails(db_factory, "two@example.org") == 0
    await db.rollback()
    assert await _name(db_factory, user_id) == "Before" and await _mails(db_factory, "two@example.org") == 0
    user = await db.get(User, user_id)
    assert user is not None
    await accounts.update_account(db, user=user, display_name="After", locale="en")
    await accounts.resend_verification(db, user=user, settings=settings)
    await db.commit()
    assert await _name(db_factory, user_id) == "After" and await _mails(db_factory, "two@example.org") == 1


async def _rename(session: AsyncSession, user_id: int, name: str) -> None:
    user = await session.get(User, user_id)
    assert user is not None
    await accounts.update_account(session, user=user, display_name=name, locale="fr")


async def test_a_job_commits_once_at_its_end_and_nothing_when_it_fails(db: AsyncSession, db_factory, settings):  # type: ignore[no-untyped-def]
    user = await make_user(db, email="job@example.org", name="Before")
    assert user.id is not None
    runtime.configure(settings)
    try:
        with pytest.raises(RuntimeError):
            async with runtime.session() as session:
                await _rename(session, user.id, "Failed")
                raise RuntimeError("the job failed after the service wrote")
        assert await _name(db_factory, user.id) == "Before"
        async with runtime.session() as session:
            await _rename(session, user.id, "Done")
            assert await _name(db_factory, user.id) == "Before"  # not before the job's end
        assert await _name(db_factory, user.id) == "Done"
    finally:
        await runtime.dispose()


@get("/test/rename/{user_id:int}/{outcome:str}", guards=[public], include_in_schema=False)
async def rename_then(user_id: int, outcome: str, db: AsyncSession) -> Any:
    """Write through a service, then answer as `outcome` says."""
    await _rename(db, user_id, "Renamed")
    if outcome == "refused":
        raise ValidationFailed({"name": "no"})
    if outcome == "kept":
        commit_despite_error(db)
    if outcome in ("error-page", "kept"):
        return Response({"error": "no"}, status_code=422)
    return Redirect(path="/", status_code=303)


@pytest.fixture
async def boundary_client(settings, db_factory):  # type: ignore[no-untyped-def]
    """The app with the route above, and, for each response, the name stored when its first byte left the app."""
    from web.app import create_app

    app = create_app(settings)
    app.register(rename_then)
    app.state.session_factory = db_factory
    seen: list[str] = []

    async def watching(scope: Any, receive: Any, send: Any) -> None:
        async def watched_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                user_id = int(scope["path"].split("/")[3])
                seen.append(await _name(db_factory, user_id))
            await send(message)

        await app(scope, receive, watched_send)

    transport = httpx.ASGITransport(app=watching)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client, seen


@pytest.mark.parametrize(
    ("outcome", "status", "stored"),
    [
        ("redirect", 303, "Renamed"),  # committed before the redirect is sent: the next page sees it
        ("refused", 422, "Before"),  # the handler raised: rolled back
        ("error-page", 422, "Before"),  # the handler answered an error itself: rolled back too
        ("kept", 422, "Renamed"),  # ... unless it said what it wrote must stay
    ],
)
async def test_a_request_commits_once_before_answering_and_only_on_success(
    boundary_client, db: AsyncSession, outcome: str, status: int, stored: str
) -> None:  # type: ignore[no-untyped-def]
    client, seen = boundary_client
    user = await make_user(db, email=f"{outcome}@example.org", name="Before")
    response = await client.get(f"/test/rename/{user.id}/{outcome}")
    assert response.status_code == status
    assert seen == [stored]
