"""The employer moves applications along the pipeline; the returnee sees each change and is mailed in their language."""

from __future__ import annotations

from sqlmodel import select

from sankofa.applications.models import Application, ApplicationEvent
from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import Mail
from tests.support.applications import apply_as, make_applicant, switch_to
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import post_form

BOSS = "rh@acier.example"


def said(locale: str, message: str) -> str:
    with use_locale(locale):
        return gettext(message)


async def _applied(client, db, *, email: str = "moussa@example.org", locale: str = "fr"):
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await make_applicant(db, email=email, locale=locale)
    assert (await apply_as(client, email, vacancy, "Bonjour")).status_code == 303
    application = (await db.exec(select(Application))).one()
    await switch_to(client, BOSS)
    return vacancy, application


async def _move(client, application_id: int, status: str, **extra: str):
    return await post_form(
        client, f"/employer/applications/{application_id}/status", {"status": status, **extra}, page="/"
    )


async def _status(db, application_id: int) -> str:
    return (await db.exec(select(Application.status).where(Application.id == application_id))).one()


async def test_opening_an_application_marks_it_viewed_once(client, db):
    _vacancy, application = await _applied(client, db)
    assert (await client.get(f"/applications/{application.id}")).status_code == 200
    await client.get(f"/applications/{application.id}")
    assert await _status(db, application.id) == "viewed"
    events = (await db.exec(select(ApplicationEvent).order_by(ApplicationEvent.id))).all()
    assert [e.to_status for e in events] == ["submitted", "viewed"]
    touched = select(Application.employer_touched_at).where(Application.id == application.id)
    assert (await db.exec(touched)).one() is not None


async def test_each_allowed_move_is_kept_in_the_history_the_returnee_sees_and_mailed_to_them(client, db, smtp, worker):
    email = "awa.pipeline@example.org"
    vacancy, application = await _applied(client, db, email=email, locale="en")
    title = vacancy.title
    moves = ["shortlisted", "interview", "offer", "hired"]
    for status in moves:
        response = await _move(
            client, application.id, status, note=f"Step {status}", next=f"/applications/{application.id}"
        )
        assert response.status_code == 303, response.text[:300]
        assert response.headers["location"] == f"/applications/{application.id}"
    assert await _status(db, application.id) == "hired"

    await switch_to(client, email)
    page = await client.get(f"/applications/{application.id}")
    for status, label in zip(moves, ["Shortlisted", "Interview", "Offer", "Hired"], strict=True):
        assert said("en", label) in page.text  # this returnee reads English
        assert f"Step {status}" in page.text
    assert said("en", "Withdraw my application") not in page.text  # not after hired

    messages = smtp.wait_for(email, count=len(moves))
    subjects = [str(m["Subject"]) for m in messages]
    assert any(said("en", "Hired") in s and title in s for s in subjects)
    body = messages[-1].get_body(preferencelist=("plain",)).get_content()
    assert f"/applications/{application.id}" in body


async def test_forbidden_moves_are_refused_with_a_message_and_change_nothing(client, db):
    vacancy, application = await _applied(client, db)
    refused = await _move(client, application.id, "hired", vacancy=str(vacancy.public_id))
    assert refused.status_code == 422
    assert 'id="board"' in refused.text  # the board is shown again with the reason
    with use_locale("fr"):
        expected = gettext("An application cannot go from “%(current)s” to “%(target)s”.") % {
            "current": gettext("Submitted"),
            "target": gettext("Hired"),
        }
    assert expected in refused.text
    assert await _status(db, application.id) == "submitted"
    # From the application page, the refusal re-shows that page (which counts as opening it: viewed).
    assert (await _move(client, application.id, "withdrawn")).status_code == 422  # only the returnee withdraws
    assert (await _move(client, application.id, "nonsense")).status_code == 422
    assert await _status(db, application.id) == "viewed"

    assert (await _move(client, application.id, "rejected")).status_code == 303
    assert (await _move(client, application.id, "shortlisted")).status_code == 422  # rejected is final
    assert await _status(db, application.id) == "rejected"


async def test_the_returnee_withdraws_and_the_employer_can_no_longer_move_it(client, db):
    vacancy, application = await _applied(client, db)
    await switch_to(client, "moussa@example.org")
    withdrawn = await post_form(client, f"/applications/{application.id}/withdraw", {}, page="/applications")
    assert withdrawn.status_code == 303
    assert await _status(db, application.id) == "withdrawn"
    again = await post_form(client, f"/applications/{application.id}/withdraw", {}, page="/applications")
    assert again.status_code == 422

    await switch_to(client, BOSS)
    board = await client.get(f"/employer/vacancies/{vacancy.public_id}/applications")
    assert "board-column-withdrawn" in board.text and "Moussa Applicant" in board.text
    assert (await _move(client, application.id, "shortlisted")).status_code == 422


async def test_an_htmx_move_answers_with_the_board_alone(client, db):
    vacancy, application = await _applied(client, db)
    response = await _move(
        client, application.id, "shortlisted", vacancy=str(vacancy.public_id), next="/employer/vacancies"
    )
    assert response.status_code == 303  # without JavaScript: back to the page the form came from
    token_page = await client.get(f"/employer/vacancies/{vacancy.public_id}/applications")
    token = token_page.text.split('name="_csrf" value="')[1].split('"')[0]
    swapped = await client.post(
        f"/employer/applications/{application.id}/status",
        data={"status": "interview", "vacancy": str(vacancy.public_id), "_csrf": token},
        headers={"HX-Request": "true"},
    )
    assert swapped.status_code == 200
    assert swapped.text.lstrip().startswith('<div id="board"') and "<html" not in swapped.text
    assert await _status(db, application.id) == "interview"
    mails = (await db.exec(select(Mail).where(Mail.to_address == "moussa@example.org"))).all()
    assert len(mails) == 2
