"""Sign-up → verification mail over real SMTP → confirm (and be logged in) → log in again later, for every role."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from sankofa.identity.models import User
from sankofa.organisations.models import Membership, Organisation
from tests.support.smtp import link_in, text_body
from tests.support.web import PASSWORD, post_form


def _words(html: str) -> str:
    """The page's text without tags (inserted names are wrapped in <bdi>)."""
    return re.sub(r"<[^>]+>", "", html)


ROLES = [
    ("returnee", ""),
    ("employer", "Atlas Logistique"),
    ("investor", ""),
    ("authority", "Commune de Kayes"),
    ("partner", "Partenaire Réintégration Mali"),
]


@pytest.mark.parametrize(("role", "organisation"), ROLES)
async def test_each_role_signs_up_and_is_logged_in_once_the_email_is_confirmed(
    client, db, smtp, worker, role, organisation
):
    email = f"{role}@example.org"
    response = await post_form(
        client,
        "/signup",
        {
            "email": email,
            "password": PASSWORD,
            "display_name": f"Person {role}",
            "role": role,
            "organisation_name": organisation,
        },
        page="/signup",
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/signup/sent"

    mail = smtp.wait_for(email)[0]
    assert mail["Subject"] == "Confirmez votre adresse e-mail"  # the visitor browsed in French
    verify_path = link_in(mail, "/verify/")
    page = await client.get(verify_path)
    assert "Confirmer mon adresse e-mail" in page.text
    confirmed = await post_form(client, verify_path, {}, page=verify_path)
    assert confirmed.status_code == 303 and confirmed.headers["location"] == "/?welcome=1"
    welcome = await client.get(confirmed.headers["location"])
    assert f"Bonjour Person {role}" in _words(welcome.text)  # logged in by the confirmation, no second step
    assert "Votre adresse e-mail est confirmée" in welcome.text

    client.cookies.clear()
    login = await post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert login.status_code == 303
    dashboard = await client.get("/")
    assert f"Bonjour Person {role}" in _words(dashboard.text)

    user = (await db.exec(select(User).where(User.email == email))).one()
    assert user.email_verified_at is not None and user.role == role
    if organisation:
        org = (await db.exec(select(Organisation).join(Membership).where(Membership.user_id == user.id))).one()
        assert org.name == organisation and org.status == "unverified"
        assert "Pas encore vérifiée" in dashboard.text


async def test_verification_link_works_only_once(client, smtp, worker):
    await post_form(
        client,
        "/signup",
        {"email": "once@example.org", "password": PASSWORD, "display_name": "Once", "role": "returnee"},
        page="/signup",
    )
    path = link_in(smtp.wait_for("once@example.org")[0], "/verify/")
    assert (await post_form(client, path, {}, page=path)).status_code == 303
    client.cookies.clear()
    again = await post_form(client, path, {}, page=path)
    assert again.status_code == 400
    assert "déjà utilisé ou expiré" in again.text


async def test_bad_sign_up_shows_field_errors_in_french_and_keeps_input(client):
    response = await post_form(
        client,
        "/signup",
        {"email": "not-an-email", "password": "short", "display_name": "Aïcha <b>Diop</b>", "role": "employer"},
        page="/signup",
    )
    assert response.status_code == 422
    assert "Saisissez une adresse e-mail valide" in response.text
    assert "Utilisez au moins 10 caractères." in response.text
    assert "Ce champ est obligatoire." in response.text  # organisation name for employers
    # What was valid is kept, and shown inert.
    assert 'value="Aïcha &lt;b&gt;Diop&lt;/b&gt;"' in response.text
    assert 'value="not-an-email"' in response.text


async def test_sign_up_errors_follow_the_visitor_language(client):
    await client.get("/?lang=ar")
    response = await post_form(
        client, "/signup", {"email": "", "password": "", "display_name": "", "role": ""}, page="/signup"
    )
    assert response.status_code == 422
    assert "أدخل بريدك الإلكتروني." in response.text


async def test_a_registered_address_gets_the_same_answer_as_a_new_one_and_its_owner_is_told(client, db):
    from sqlmodel import func, select

    from sankofa.core.models import Mail
    from sankofa.identity.models import User
    from tests.support.web import make_user

    await make_user(db, email="taken@example.org", name="Awa")
    answers = []
    for email in ("Taken@Example.org", "brand-new@example.org"):
        response = await post_form(
            client,
            "/signup",
            {"email": email, "password": PASSWORD, "display_name": "X", "role": "returnee"},
            page="/signup",
        )
        answers.append((response.status_code, response.headers.get("location")))
    assert answers[0] == answers[1] == (303, "/signup/sent")  # a stranger cannot tell which address is registered
    assert (await db.exec(select(func.count()).select_from(User).where(User.email == "taken@example.org"))).one() == 1
    told = (await db.exec(select(Mail).where(Mail.to_address == "taken@example.org"))).all()
    assert len(told) == 1 and "/forgot" in told[0].body_text and "/verify/" not in told[0].body_text


async def test_sign_up_probes_are_rate_limited_whether_or_not_the_address_is_registered(client, db, monkeypatch):
    from sankofa.identity import accounts
    from tests.support.web import make_user

    monkeypatch.setattr(accounts, "SIGNUPS_PER_IP", 2)
    await make_user(db, email="taken@example.org")
    statuses = []
    for n in range(4):
        email = "taken@example.org" if n % 2 else f"new{n}@example.org"
        response = await post_form(
            client,
            "/signup",
            {"email": email, "password": PASSWORD, "display_name": "X", "role": "returnee"},
            page="/signup",
        )
        statuses.append(response.status_code)
    assert statuses == [303, 303, 429, 429]


async def test_mail_is_sent_in_the_language_chosen_at_sign_up(client, smtp, worker):
    await client.get("/?lang=en")
    await post_form(
        client,
        "/signup",
        {"email": "eng@example.org", "password": PASSWORD, "display_name": "Eng", "role": "returnee"},
        page="/signup",
    )
    mail = smtp.wait_for("eng@example.org")[0]
    assert mail["Subject"] == "Confirm your email address"
    assert "Welcome to Sankofa" in text_body(mail)
