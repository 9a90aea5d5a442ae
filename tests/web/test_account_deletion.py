"""A returnee deletes their account: nothing of the person is left on any read path, for anyone.

One returnee with a full profile applies to an employer, exchanges messages, is found by a second employer and an
investor, is ranked for a vacancy and consented to a partner; after `POST /account/delete` every page and API that
showed them is requested again as each role.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import func
from sqlmodel import col, select

from sankofa.agreements.models import PartnerConsent
from sankofa.applications.models import Application, ApplicationMessage
from sankofa.core.i18n import gettext, use_locale
from sankofa.profiles.models import ContactGrant, Experience, ProfileSkill, ReturneeProfile
from sankofa.ranking import records as ranking_records
from sankofa.ranking.models import ItemKind, RankingItem
from tests.support.applications import apply_as, switch_to
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import PASSWORD, log_in, make_user, post_form
from tests.web.test_candidates_factories import (
    SECRETS,
    bricks_uri,
    fresh_index,
    index_records,
    leaked,
    make_returnee,
)
from tests.web.test_partner_consent import partner

RETURNEE = "amina@example.org"
BOSS, OTHER_BOSS = "rh@acier.example", "rh@autre.example"
INVESTOR, CASEWORKER, ADMIN = "fonds@example.org", "case@partner.example", "admin@example.org"
APPLICATION_TEXT = "Je postule: Amina, joignable au 77 000 98 76"
REPLY_TEXT = "Merci Amina, rappelez-moi"
SUMMARY = "Mason with ten years on building sites in Turin"


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


def nothing_of_the_person(text: str) -> bool:
    return not leaked(text) and APPLICATION_TEXT not in text and REPLY_TEXT not in text and SUMMARY not in text


async def _world(client, db, app):  # type: ignore[no-untyped-def]
    """Everyone around one returnee, and every read path showing her before she leaves."""
    _boss, org = await make_employer(db)
    await make_employer(db, email=OTHER_BOSS, name="Autre BTP")
    await make_user(db, email=INVESTOR, role="investor")
    await make_user(db, email=ADMIN, role="admin")
    partner_id = await partner(db, email=CASEWORKER, name="OIM", groups=("identity", "contact", "professional"))
    vacancy = await make_vacancy(
        db,
        organisation=org,
        title="Maçon / maçonne",
        description="Chantier à Dakar: pose de briques.",
        required_skills=[bricks_uri()],
    )
    _user, profile = await make_returnee(db, email=RETURNEE, summary=SUMMARY)
    db.add(PartnerConsent(profile_id=profile.id, organisation_id=partner_id))
    await db.commit()
    assert (await apply_as(client, RETURNEE, vacancy, APPLICATION_TEXT)).status_code == 303
    application = (await db.exec(select(Application))).one()
    await switch_to(client, BOSS)
    sent = await post_form(
        client, f"/applications/{application.id}/messages", {"body": REPLY_TEXT}, page=f"/applications/{application.id}"
    )
    assert sent.status_code in (200, 303)
    live = await fresh_index(app, db)
    await index_records(db, live, (ItemKind.VACANCY, vacancy.id), (ItemKind.PROFILE, profile.id))
    return vacancy, application, profile, live


async def _paths(client, *, vacancy, application, public_id: str) -> dict[str, dict[str, int | str]]:  # type: ignore[no-untyped-def]
    """Every read path as each role: {who: {path: body}} (bodies of 200 responses, else the status code)."""
    plan = {
        BOSS: [
            f"/applications/{application.id}",
            f"/employer/vacancies/{vacancy.public_id}/applications",
            "/api/v1/employer/applications",
            f"/employer/vacancies/{vacancy.public_id}/candidates",
            "/candidates",
            f"/candidates/{public_id}",
            f"/api/v1/profiles/{public_id}",
            "/api/v1/candidates",
        ],
        OTHER_BOSS: ["/candidates", f"/candidates/{public_id}", f"/api/v1/profiles/{public_id}", "/api/v1/candidates"],
        INVESTOR: ["/candidates", f"/candidates/{public_id}", "/api/v1/candidates"],
        CASEWORKER: ["/partner/returnees", f"/partner/returnees/{public_id}", f"/api/v1/profiles/{public_id}"],
        ADMIN: [f"/profiles/{public_id}/cv", f"/api/v1/profiles/{public_id}"],
    }
    seen: dict[str, dict[str, int | str]] = {}
    for who, paths in plan.items():
        await switch_to(client, who)
        seen[who] = {}
        for path in paths:
            response = await client.get(path)
            seen[who][path] = response.text if response.status_code == 200 else response.status_code
    return seen


async def test_after_deletion_no_read_path_shows_anything_of_the_returnee(client, db, app):  # type: ignore[no-untyped-def]
    vacancy, application, profile, live = await _world(client, db, app)
    public_id = str(profile.public_id)
    wanted = await ranking_records.vacancy_record(db, vacancy.id)
    assert str(profile.id) in [r.id for r in await live.profiles_for(wanted, k=50)]
    before = await _paths(client, vacancy=vacancy, application=application, public_id=public_id)
    # The paths do show her before: otherwise the test below could not fail.
    assert SECRETS["full_name"] in before[BOSS][f"/applications/{application.id}"]
    assert APPLICATION_TEXT in before[BOSS][f"/applications/{application.id}"]
    assert public_id in before[OTHER_BOSS]["/candidates"] and public_id in before[INVESTOR]["/candidates"]
    assert public_id in before[BOSS][f"/employer/vacancies/{vacancy.public_id}/candidates"]
    assert SECRETS["full_name"] in before[CASEWORKER]["/partner/returnees"]
    assert SECRETS["phone"] in before[ADMIN][f"/profiles/{public_id}/cv"]

    await switch_to(client, RETURNEE)
    done = await post_form(client, "/account/delete", {"password": PASSWORD}, page="/account/delete")
    assert fr("Account deleted") in done.text
    latest = (await db.exec(select(func.max(RankingItem.seq)))).one()
    for _ in range(100):  # the web process's ranking follower applies the tombstone within seconds
        if live.seq >= latest:
            break
        await asyncio.sleep(0.1)
    assert live.seq >= latest, "the ranking index did not drop the profile within 10 s"
    assert str(profile.id) not in [r.id for r in await live.profiles_for(wanted, k=50)]

    after = await _paths(client, vacancy=vacancy, application=application, public_id=public_id)
    for who, responses in after.items():
        for path, body in responses.items():
            if isinstance(body, int):
                assert body == 404, (who, path, body)
            else:
                assert nothing_of_the_person(body), (who, path, leaked(body))
                assert public_id not in body, (who, path)
    # The employer keeps the application, says so, and cannot write to nobody.
    detail = after[BOSS][f"/applications/{application.id}"]
    assert isinstance(detail, str) and fr("Deleted account") in detail
    assert 'action="/applications/' + str(application.id) + '/messages"' not in detail
    await switch_to(client, BOSS)
    path = f"/applications/{application.id}"
    refused = await post_form(client, f"{path}/messages", {"body": "Still there?"}, page=path)
    assert refused.status_code == 422
    for who in (BOSS, OTHER_BOSS, INVESTOR):
        assert after[who]["/candidates"] != 404 and isinstance(after[who]["/candidates"], str)


async def test_deletion_erases_the_profile_rows_and_keeps_the_application_without_text(client, db, app):  # type: ignore[no-untyped-def]
    _vacancy, application, profile, _live = await _world(client, db, app)
    profile_id, public_id, application_id = profile.id, profile.public_id, application.id
    await switch_to(client, RETURNEE)
    await post_form(client, "/account/delete", {"password": PASSWORD}, page="/account/delete")

    db.expire_all()
    kept = await db.get(ReturneeProfile, profile_id)
    assert kept is not None and kept.erased_at is not None
    assert (kept.full_name, kept.phone, kept.contact_email, kept.summary, kept.birth_year) == ("", None, None, "", None)
    assert kept.public_id != public_id and kept.visible_to_employers is False
    for model in (Experience, ProfileSkill, PartnerConsent, ContactGrant):
        assert (await db.exec(select(model).where(col(model.profile_id) == profile_id))).all() == []
    stays = await db.get(Application, application_id)
    assert stays is not None and stays.message == "" and stays.status == "withdrawn"
    assert (await db.exec(select(ApplicationMessage))).all() == []
    record = (
        await db.exec(select(RankingItem).where(RankingItem.kind == "profile", RankingItem.item_id == profile_id))
    ).one()
    assert record.active is False and record.record == {}


async def test_a_wrong_password_deletes_nothing(client, db, app):  # type: ignore[no-untyped-def]
    _user, profile = await make_returnee(db, email=RETURNEE)
    profile_id = profile.id
    await log_in(client, RETURNEE)
    wrong = await post_form(client, "/account/delete", {"password": "nope"}, page="/account/delete")
    assert wrong.status_code == 422
    db.expire_all()
    still = await db.get(ReturneeProfile, profile_id)
    assert still is not None and still.erased_at is None and still.full_name == SECRETS["full_name"]
