"""Contact requests that cross or repeat: an employer who already sees the contact details, two colleagues asking
at the same moment, a returnee answering twice. Each ends with one clear answer and one request."""

from __future__ import annotations

import asyncio
import html

from sqlalchemy import text
from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import Mail
from sankofa.organisations.models import Organisation
from sankofa.profiles.models import ContactGrant, ContactRequest
from tests.support.web import csrf, log_in, make_user, post_form
from tests.web.test_candidates_factories import PUBLIC_ID, grant, make_returnee

PID = str(PUBLIC_ID)


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


async def employer(db, client, email: str = "boss@firm.example") -> int:  # type: ignore[no-untyped-def]
    await make_user(db, email=email, role="employer", org=("employer", "Firm"))
    await log_in(client, email)
    return (await db.exec(select(Organisation.id).where(Organisation.name == "Firm"))).one()


async def test_an_employer_who_already_sees_the_contact_details_is_told_so_instead_of_asking(client, db):
    _user, profile = await make_returnee(db)
    org = await employer(db, client)
    await grant(db, profile=profile, organisation_id=org)  # the returnee applied to this employer
    response = await post_form(client, f"/candidates/{PID}/contact", {"message": "Hello"}, page=f"/candidates/{PID}")
    assert response.status_code == 409
    assert fr("You can already see this person's contact details.") in html.unescape(response.text)
    assert (await db.exec(select(ContactRequest))).all() == []
    assert (await db.exec(select(Mail))).all() == []


async def test_two_colleagues_asking_at_the_same_moment_make_one_request(client, db, db_factory):
    """The second request passes the "already asked?" check before the first commits; the database decides."""
    _user, profile = await make_returnee(db)
    org = await employer(db, client)
    token = await csrf(client, f"/candidates/{PID}")
    async with db_factory() as colleague, db_factory() as probe:
        # The colleague's request is written but not yet committed when ours arrives.
        colleague.add(ContactRequest(profile_id=profile.id, organisation_id=org, message="From a colleague"))
        await colleague.flush()
        ours = asyncio.create_task(
            client.post(f"/candidates/{PID}/contact", data={"message": "From me", "_csrf": token})
        )
        for _ in range(600):  # until our INSERT waits on the colleague's row lock
            waiting = await probe.exec(
                text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE NOT l.granted AND a.datname = current_database()"
                )
            )
            if waiting.scalar_one() or ours.done():
                break
            await probe.rollback()
            await asyncio.sleep(0.05)
        assert not ours.done(), (await ours).text[:300]
        await colleague.commit()
        response = await ours
    assert response.status_code == 409
    assert fr("Your organisation has already asked to contact this person.") in html.unescape(response.text)
    rows = (await db.exec(select(ContactRequest))).all()
    assert [r.message for r in rows] == ["From a colleague"]
    assert (await db.exec(select(Mail))).all() == []  # the returnee is not mailed about a request that failed


async def test_a_returnee_answers_a_request_once(client, db):
    await make_returnee(db)
    await employer(db, client)
    await post_form(client, f"/candidates/{PID}/contact", {"message": "Hello"}, page=f"/candidates/{PID}")
    client.cookies.clear()
    await log_in(client, "amina@example.org")
    request_id = (await db.exec(select(ContactRequest.id))).one()
    token = await csrf(client, "/profile/requests")
    accepted = await client.post(f"/profile/requests/{request_id}", data={"decision": "accept", "_csrf": token})
    assert accepted.status_code == 303
    again = await client.post(f"/profile/requests/{request_id}", data={"decision": "decline", "_csrf": token})
    assert again.status_code == 409
    assert fr("You have already answered this request.") in html.unescape(again.text)
    db.expire_all()
    assert (await db.exec(select(ContactRequest.status))).one() == "accepted"
    assert len((await db.exec(select(ContactGrant))).all()) == 1
