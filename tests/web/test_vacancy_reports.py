"""Anyone reports a suspicious offer; admins and partner caseworkers dismiss it, remove it or suspend the firm."""

from __future__ import annotations

from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import AuditEvent
from sankofa.organisations.models import Organisation
from sankofa.vacancies import moderation
from sankofa.vacancies.models import Vacancy, VacancyReport
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in, make_user, post_form

QUEUE = "/moderation/reports"


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


async def _report(client, vacancy, *, reason: str = "payment", details: str = "Ils demandent 200 000 F de frais."):  # type: ignore[no-untyped-def]
    page = f"/jobs/{vacancy.public_id}"
    return await post_form(client, f"{page}/report", {"reason": reason, "details": details}, page=page)


THANKS = (
    "Thank you. Our moderators will look at this offer. If you are in danger, contact the police or a "
    "reintegration partner now."
)


async def test_an_anonymous_report_reaches_moderators_and_removal_hides_the_offer_and_mails_the_employer(
    client, db, smtp, worker
):
    smtp.clear()  # the sink lives for the whole run: mail to the same address in earlier tests must not count
    employer, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org, title="Chauffeur poids lourd")
    await make_user(db, email="admin@sankofa.example", role="admin")
    await make_user(db, email="case@ong.example", role="partner", org=("partner", "ONG Retour"))

    reported = await _report(client, vacancy)
    assert reported.status_code == 303 and reported.headers["location"].endswith("?reported=1#report")
    thanks = await client.get(reported.headers["location"])
    assert fr(THANKS)[:20] in thanks.text

    await log_in(client, employer.email)
    assert (await client.get(QUEUE)).status_code == 403

    client.cookies.clear()
    await log_in(client, "case@ong.example")
    queue = await client.get(QUEUE)
    assert "Chauffeur poids lourd" in queue.text and "Ils demandent 200 000 F de frais." in queue.text
    assert "Acier du Sahel" in queue.text and 'value="suspend"' not in queue.text  # partners cannot suspend

    client.cookies.clear()
    await log_in(client, "admin@sankofa.example")
    queue = await client.get(QUEUE)
    assert "Chauffeur poids lourd" in queue.text and 'value="suspend"' in queue.text
    report_id = (await db.exec(select(VacancyReport.id))).one()
    removed = await post_form(
        client, f"{QUEUE}/{report_id}", {"action": "remove", "note": "Frais illégaux demandés."}, page=QUEUE
    )
    assert removed.status_code == 303
    assert "Chauffeur poids lourd" not in (await client.get(QUEUE)).text

    client.cookies.clear()
    assert (await client.get(f"/jobs/{vacancy.public_id}")).status_code == 404
    row = (await db.exec(select(Vacancy).execution_options(populate_existing=True))).one()
    assert row.status == "removed"
    mail = next(m for m in smtp.wait_for(employer.email) if "Chauffeur poids lourd" in str(m["Subject"]))
    assert (
        "Chauffeur poids lourd" in str(mail["Subject"])
        and "Frais illégaux demandés." in mail.get_body(("plain",)).get_content()
    )
    actions = {e.action for e in (await db.exec(select(AuditEvent))).all()}
    assert {"vacancy.reported", "moderation.remove"} <= actions


async def test_a_report_needs_a_reason_from_the_list_and_is_rate_limited_per_address(client, db):
    _user, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    wrong = await _report(client, vacancy, reason="boring", details="x" * 2001)
    assert wrong.status_code == 422
    assert fr("Choose a reason from the list.") in wrong.text and 'name="details"' in wrong.text
    for _ in range(moderation.REPORTS_PER_IP):
        assert (await _report(client, vacancy)).status_code == 303
    assert (await _report(client, vacancy)).status_code == 429
    assert len((await db.exec(select(VacancyReport))).all()) == moderation.REPORTS_PER_IP


async def test_only_admins_suspend_an_employer_and_its_offers_vanish(client, db):
    _user, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    other = await make_vacancy(db, organisation=org, title="Maçon")
    await make_user(db, email="admin@sankofa.example", role="admin")
    await make_user(db, email="case@ong.example", role="partner", org=("partner", "ONG Retour"))
    await _report(client, vacancy, reason="trafficking")
    report_id = (await db.exec(select(VacancyReport.id))).one()

    await log_in(client, "case@ong.example")
    refused = await post_form(client, f"{QUEUE}/{report_id}", {"action": "suspend"}, page=QUEUE)
    assert refused.status_code == 403
    dismissed_nothing = await post_form(client, f"{QUEUE}/{report_id}", {"action": "nothing"}, page=QUEUE)
    assert dismissed_nothing.status_code == 422

    client.cookies.clear()
    await log_in(client, "admin@sankofa.example")
    done = await post_form(client, f"{QUEUE}/{report_id}", {"action": "suspend", "note": "Réseau connu."}, page=QUEUE)
    assert done.status_code == 303
    client.cookies.clear()
    for offer in (vacancy, other):
        assert (await client.get(f"/jobs/{offer.public_id}")).status_code == 404
    status = (await db.exec(select(Organisation.status).where(Organisation.id == org.id))).one()
    assert status == "suspended"


async def test_dismissing_keeps_the_offer_online(client, db):
    _user, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await make_user(db, email="admin@sankofa.example", role="admin")
    await _report(client, vacancy, reason="other", details="")
    report_id = (await db.exec(select(VacancyReport.id))).one()
    await log_in(client, "admin@sankofa.example")
    assert (await post_form(client, f"{QUEUE}/{report_id}", {"action": "dismiss"}, page=QUEUE)).status_code == 303
    assert fr("No open report. Thank you for keeping Sankofa safe.") in (await client.get(QUEUE)).text
    assert (await client.get(f"/jobs/{vacancy.public_id}")).status_code == 200
    status = (await db.exec(select(VacancyReport.status).execution_options(populate_existing=True))).one()
    assert status == "dismissed"
