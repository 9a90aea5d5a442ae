"""Email addresses and phone numbers typed by people are checked the same way on every form and stored normalised.

Email: email-validator (no DNS look-up); phones: phonenumbers, read as dialled in the person's or organisation's
country when they have no country code, stored in international format ("+221 77 123 45 67").
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from sankofa.identity.models import User
from sankofa.organisations.models import Organisation
from sankofa.profiles.models import ReturneeProfile
from tests.support.vacancies import make_employer
from tests.support.web import PASSWORD, csrf, log_in, make_user, post_form

BAD_EMAIL = "Saisissez une adresse e-mail valide"


async def _sign_up(client, email: str):  # type: ignore[no-untyped-def]
    return await post_form(
        client,
        "/signup",
        {"email": email, "password": PASSWORD, "display_name": "Awa", "role": "returnee"},
        page="/signup",
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Awa.Diop+Sankofa@Example.ORG", "awa.diop+sankofa@example.org"),  # plus-addressing, case folded
        ("awa@bücher.example", "awa@bücher.example"),  # an internationalised domain
        ("awa@xn--bcher-kva.example", "awa@bücher.example"),  # the same domain typed in its ASCII form
        ("  moussa@orange.sn  ", "moussa@orange.sn"),
    ],
)
async def test_a_valid_address_signs_up_and_is_stored_normalised(client, db, typed, stored):
    response = await _sign_up(client, typed)
    assert response.status_code == 303 and response.headers["location"] == "/signup/sent"
    assert (await db.exec(select(User.email))).all() == [stored]


@pytest.mark.parametrize(
    "typed",
    [
        "awa@exemple",  # no top-level domain
        "awa@@example.org",
        "awa diop@example.org",
        "awa..diop@example.org",
        "awa@localhost",
        "@example.org",
        "a" * 65 + "@example.org",  # local part over 64 characters
        "awa@" + "b" * 300 + ".org",  # over 254 characters (and the 320 of the column)
    ],
)
async def test_an_address_people_cannot_write_to_is_refused_with_a_message(client, db, typed):
    response = await _sign_up(client, typed)
    assert response.status_code == 422 and BAD_EMAIL in response.text
    assert (await db.exec(select(User))).all() == []


async def _about(client, db, **fields: str):  # type: ignore[no-untyped-def]
    await make_user(db, email="awa@example.org", name="Awa Diop")
    await log_in(client, "awa@example.org")
    await client.get("/profile")
    profile = (await db.exec(select(ReturneeProfile))).one()
    base = f"/profiles/{profile.public_id}"
    response = await post_form(
        client, f"{base}/edit/about", {"full_name": "Awa Diop", **fields}, page=f"{base}/edit/about"
    )
    await db.refresh(profile)
    return response, profile


@pytest.mark.parametrize(
    ("typed", "country", "stored"),
    [
        ("+221 77 123 45 67", "", "+221 77 123 45 67"),  # Senegal, international
        ("77 123 45 67", "SN", "+221 77 123 45 67"),  # Senegal, as dialled there
        ("00221771234567", "SN", "+221 77 123 45 67"),
        ("0612345678", "MA", "+212 6 12 34 56 78"),  # Morocco, national format
        ("+212 (0)6-12-34-56-78", "", "+212 6 12 34 56 78"),
        ("٠٦١٢٣٤٥٦٧٨", "MA", "+212 6 12 34 56 78"),  # Arabic-Indic digits
        ("76 12 34 56", "ML", "+223 76 12 34 56"),  # Mali
        ("07 07 12 34 56", "CI", "+225 07 07 12 3456"),  # Côte d'Ivoire
        ("0803 123 4567", "NG", "+234 803 123 4567"),  # Nigeria
        ("+33 6 12 34 56 78", "SN", "+33 6 12 34 56 78"),  # a number abroad keeps its own country code
    ],
)
async def test_a_returnee_phone_is_read_in_the_country_of_origin_and_stored_in_international_format(
    client, db, typed, country, stored
):
    response, profile = await _about(client, db, phone=typed, origin_country=country)
    assert response.status_code == 303
    assert profile.phone == stored


@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("0612345678", ""),  # no country code and no country to read it in
        ("n/a", "SN"),
        ("12345", "MA"),
        ("+221 12 34", ""),  # too short for Senegal
        ("+221 77 123 45 67 89 01", ""),  # too long
        ("+999 1234 5678", ""),  # no such country code
        ("+221 " + "7" * 40, ""),
    ],
)
async def test_a_phone_that_cannot_be_dialled_is_refused_with_a_translated_message(client, db, typed, country):
    response, profile = await _about(client, db, phone=typed, origin_country=country, contact_email="awa@example.org")
    assert response.status_code == 422
    assert "Saisissez un numéro de téléphone" in response.text and "+221 77 123 45 67" in response.text
    assert profile.phone is None


async def test_the_message_shows_how_numbers_are_written_in_the_country(client, db):
    response, _profile = await _about(client, db, phone="12", origin_country="MA", contact_email="awa@example.org")
    assert response.status_code == 422 and "05 20 12 34 56" in response.text  # a Moroccan number, as dialled there


async def test_the_profile_api_applies_the_same_checks(client, db):
    await make_user(db, email="api@example.org")
    token = await csrf(client)
    session = await client.post(
        "/api/v1/session", json={"email": "API@Example.org", "password": PASSWORD}, headers={"X-CSRF-Token": token}
    )
    headers = {"X-CSRF-Token": session.json()["csrf_token"]}
    bad = await client.put("/api/v1/profile/about", json={"full_name": "Awa", "phone": "0612345678"}, headers=headers)
    assert bad.status_code == 422 and list(bad.json()["fields"]) == ["phone"]
    good = await client.put(
        "/api/v1/profile/about",
        json={
            "full_name": "Awa",
            "phone": "0612345678",
            "origin_country": "MA",
            "contact_email": "Awa+cv@Bücher.example",
        },
        headers=headers,
    )
    assert good.status_code == 200, good.text
    profile = (await db.exec(select(ReturneeProfile))).one()
    assert (profile.phone, profile.contact_email) == ("+212 6 12 34 56 78", "awa+cv@bücher.example")


async def test_an_employer_phone_is_read_in_the_organisation_country(client, db):
    user, org = await make_employer(db)
    await log_in(client, user.email)
    form = {"name": org.name, "country": "MA", "contact_phone": "0522 12 34 56", "contact_email": "RH@Acier.example"}
    response = await post_form(client, "/employer/profile", form, page="/employer/profile")
    assert response.status_code == 303
    stored = (await db.exec(select(Organisation).execution_options(populate_existing=True))).one()
    assert (stored.contact_phone, stored.contact_email) == ("+212 5 22 12 34 56", "rh@acier.example")

    refused = await post_form(client, "/employer/profile", {**form, "contact_phone": "0522"}, page="/employer/profile")
    assert refused.status_code == 422 and "Saisissez un numéro de téléphone comme" in refused.text


async def test_numbers_stored_before_these_checks_still_show(client, db):
    await make_user(db, email="awa@example.org", name="Awa Diop")
    await log_in(client, "awa@example.org")
    await client.get("/profile")
    profile = (await db.exec(select(ReturneeProfile))).one()
    profile.phone = "+221770009876"  # as the old checks let it through
    db.add(profile)
    await db.commit()
    page = await client.get(f"/profiles/{profile.public_id}/edit/about")
    assert 'value="+221770009876"' in page.text
