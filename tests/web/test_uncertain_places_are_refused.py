"""A place the app is not sure of is never guessed: the vacancy form, the JSON API and the CSV import all refuse it,
naming the value and the closest known places, and save nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from markupsafe import escape
from sqlmodel import select

from sankofa.imports import run as vacancy_import_run
from sankofa.imports import uploads as vacancy_import
from sankofa.organisations import api_keys
from sankofa.reference import vocabulary
from sankofa.vacancies.models import Vacancy
from tests.support.imports import csv_bytes, error_report, good_row
from tests.support.vacancies import DEFAULT_DESCRIPTION, make_employer
from tests.support.web import log_in, post_form

NEW = "/employer/vacancies/new"
TYPED = "Atlantide-sur-Mer"
BENI_MERED = "city:2504622"  # where such a row was published, with no word said


async def _vacancies(db) -> list[Vacancy]:  # type: ignore[no-untyped-def]
    return list((await db.exec(select(Vacancy).execution_options(populate_existing=True))).all())


async def test_the_vacancy_form_names_the_place_it_does_not_know_and_suggests_known_ones(client, db):
    user, _org = await make_employer(db)
    await log_in(client, user.email)
    form = {
        "title": "Soudeur TIG confirmé",
        "description": DEFAULT_DESCRIPTION,
        "location_text": TYPED,
        "contract_type": "permanent",
        "deadline": (datetime.now(UTC).date() + timedelta(days=60)).isoformat(),
        "action": "publish",
    }
    response = await post_form(client, NEW, form, page=NEW)
    assert response.status_code == 422
    message = "«\xa0Atlantide-sur-Mer\xa0» n'a pas été reconnu comme un lieu. Lieux connus les plus proches"
    assert str(escape(message)) in response.text
    assert str(escape(vocabulary.place_label(BENI_MERED, locale="fr"))) in response.text
    assert await _vacancies(db) == []
    # Written as it is spelled, the same place is taken at once.
    saved = await post_form(client, NEW, {**form, "location_text": "thies"}, page=NEW)
    assert saved.status_code == 303
    (vacancy,) = await _vacancies(db)
    assert vacancy.city_id == 2244802


async def test_the_api_refuses_the_item_with_the_same_message(client, db):
    user, _org = await make_employer(db)
    _key, secret = await api_keys.create(db, user=user, name="SIRH")
    await db.commit()
    body = {"vacancies": [good_row(1), {**good_row(2), "location": TYPED}, {**good_row(3), "location": "Hammamet"}]}
    headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
    result = (await client.post("/api/v1/vacancies", json=body, headers=headers)).json()
    assert [item["status"] for item in result["items"]] == ["created", "error", "error"]
    unknown = result["items"][1]["errors"]["location"]
    assert unknown.startswith("“Atlantide-sur-Mer” was not recognised as a place. Closest known places: ")
    assert vocabulary.place_label(BENI_MERED, locale="en") in unknown
    twins = result["items"][2]["errors"]["location"]
    assert twins.startswith("Several places are called “Hammamet”: ") and "like “Hammamet, Tunisia”" in twins
    assert [v.external_ref for v in await _vacancies(db)] == ["REF-00001"]


async def test_a_csv_row_with_an_unknown_place_is_not_imported(db):
    user, org = await make_employer(db)
    rows = [good_row(1), {**good_row(2), "location": TYPED}]
    job = await vacancy_import.create(
        db, user=user, filename="offres.csv", content=csv_bytes(rows), publish=True, locale="fr", max_bytes=10**7
    )
    await vacancy_import_run.run(db, import_id=job.id)
    await db.refresh(job)
    assert (job.created_count, job.error_count) == (1, 1)
    stored = await _vacancies(db)
    assert [v.external_ref for v in stored] == ["REF-00001"]
    assert all(v.city_id != int(BENI_MERED.partition(":")[2]) for v in stored)
    assert org.id is not None
    report = await error_report(db, organisation_id=org.id, import_id=job.id)
    assert TYPED in report.decode("utf-8-sig") and "REF-00002" in report.decode("utf-8-sig")
