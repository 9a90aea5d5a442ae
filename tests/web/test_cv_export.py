"""The returnee downloads a printable CV in French, English or Arabic, with ESCO labels in that language."""

from __future__ import annotations

from sqlmodel import select

from sankofa.core import choices
from sankofa.core.i18n import gettext as _
from sankofa.core.i18n import use_locale
from sankofa.core.models import AuditEvent
from tests.support.web import log_in, make_user
from tests.web.test_candidates_factories import PUBLIC_ID, SECRETS, leaked, make_returnee

CV = f"/profiles/{PUBLIC_ID}/cv"


async def test_the_cv_follows_the_chosen_language(client, db):
    await make_returnee(db)
    await log_in(client, "amina@example.org")
    french = await client.get(f"{CV}?language=fr")
    assert french.status_code == 200
    assert '<html lang="fr" dir="ltr">' in french.text
    assert "poser des briques" in french.text and "lay bricks" not in french.text
    assert SECRETS["full_name"] in french.text and SECRETS["phone"] in french.text
    assert 'href="/static/print.css"' in french.text and "<script" not in french.text

    english = await client.get(f"{CV}?language=en")
    assert '<html lang="en" dir="ltr">' in english.text
    assert "lay bricks" in english.text and "poser des briques" not in english.text

    arabic = await client.get(f"{CV}?language=ar")
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert "poser des briques" in arabic.text  # ESCO has no Arabic: French labels
    with use_locale("ar"):
        heading, level = _("Experience"), choices.skill_levels()["expert"]
    assert heading in arabic.text and level in arabic.text  # the rest of the CV is in Arabic


async def test_the_cv_leaves_out_needs_pay_and_undisclosed_return(client, db):
    await make_returnee(db, show_pay=True)
    await log_in(client, "amina@example.org")
    page = await client.get(CV)
    assert leaked(page.text) == {"full_name", "phone", "contact_email"}


async def test_the_cv_never_shows_gender_birth_year_or_nationality(client, db):
    """The editor promises the birth year is never shown to employers; a CV is what employers read."""
    await make_returnee(db, disclose=True)
    await log_in(client, "amina@example.org")
    for language in ("fr", "en", "ar"):
        page = await client.get(f"{CV}?language={language}")
        assert page.status_code == 200
        assert not {"birth_year", "gender", "nationality"} & leaked(page.text), language
        with use_locale(language):
            woman = choices.genders()["female"]
        assert woman not in page.text and "Né(e)" not in page.text, language


async def test_only_the_returnee_and_administrators_open_a_cv(client, db):
    await make_returnee(db)
    await make_user(db, email="other@example.org", role="returnee")
    await log_in(client, "other@example.org")
    assert (await client.get(CV)).status_code == 404
    client.cookies.clear()
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    await log_in(client, "boss@firm.example")
    assert (await client.get(CV)).status_code == 403
    client.cookies.clear()
    await make_user(db, email="admin@example.org", role="admin")
    await log_in(client, "admin@example.org")
    assert SECRETS["full_name"] in (await client.get(CV)).text
    event = (await db.exec(select(AuditEvent).where(AuditEvent.action == "profile.viewed"))).one()
    assert event.detail["context"] == "cv"


async def test_choosing_the_cv_language_does_not_change_the_interface_language(client, db):
    await make_returnee(db)
    await log_in(client, "amina@example.org")
    english = await client.get(f"{CV}?language=en")
    assert '<html lang="en" dir="ltr">' in english.text
    assert '<html lang="fr" dir="ltr">' in (await client.get("/profile")).text
