"""Bad input never answers 500: every form, query parser, upload and JSON body gets a clear 4xx in the user's language.

Hypothesis throws arbitrary unicode, numbers written every odd way (², Ⅻ, ٣, huge, negative, NUL) and repeated
fields at them with a signed-in user of the right role. Each property is bounded (`EXAMPLES`) so the module runs in
well under two minutes on two cores; the number of examples run is printed at the end.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections import Counter
from functools import cache
from typing import Any

import httpx
import pytest
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from sankofa.core.i18n import LOCALE_DIR
from sankofa.imports import csv_reading
from sankofa.imports import run as vacancy_import_run
from sankofa.organisations import api_keys
from sankofa.profiles.models import ReturneeProfile
from sankofa.reference import vocabulary
from sankofa.search import params as job_search_params
from sankofa.vacancies.fields import COLUMNS
from tests.support.vacancies import make_employer
from tests.support.web import PASSWORD, csrf, log_in, make_user, post_form

EXAMPLES = 30
RUN: Counter[str] = Counter()
LOCALES = LOCALE_DIR
bounded = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD_NUMBERS = [
    "²",
    "Ⅻ",
    "٣",
    "٣٠٠٠",
    "۷",
    "１２",
    "𝟙𝟚",
    "½",
    "1\x002",
    "\x00",
    "-5",
    "-0",
    "1e9",
    "NaN",
    "inf",
    "0x1F",
    "1 000 000",
    "9" * 40,
    "12,5",
    "3.",
]
ODD_TEXT = ["a\x00b", "Ⅻ", "ǅ", "ﬁ", "İ", "\u202e", "\x7f\x1b[31m", "\ufeff", "=1+2", "x" * 5000, "   "]
numbers = st.one_of(
    st.sampled_from(ODD_NUMBERS), st.integers(min_value=-(10**20), max_value=10**20).map(str), st.text(max_size=8)
)
texts = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=200))
values = st.one_of(numbers, texts)
# A field sent once, or several times (a crafted form, a double submit).
field_value = st.one_of(values, st.lists(values, min_size=2, max_size=3))


def form_of(names: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(names), field_value, max_size=len(names))


@cache
def english_sentences() -> tuple[str, ...]:
    """English sources of translated messages (the part before any placeholder): none may show on a French page."""
    with (LOCALES / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    found = set()
    for message in catalog:
        if not message.id or not message.string or isinstance(message.id, tuple):
            continue
        head = re.split(r"%\(|\{", message.id)[0].strip()
        if len(head) >= 20 and head not in message.string:
            found.add(head)
    return tuple(sorted(found))


def assert_not_500(response: httpx.Response, *, locale: str = "fr", kind: str) -> None:
    RUN[kind] += 1
    assert response.status_code < 500, response.text[:2000]
    if response.status_code != 422:
        return
    if response.headers.get("content-type", "").startswith("application/json"):
        shown = " ".join(str(v) for v in [response.json().get("error"), *response.json().get("fields", {}).values()])
    else:
        assert f'lang="{locale}"' in response.text
        shown = response.text
    english = [sentence for sentence in english_sentences() if sentence in shown]
    assert not english, f"untranslated on a {locale} page: {english[:3]}"


@pytest.fixture
async def returnee(client, db) -> str:
    """A signed-in French returnee; returns the profile's base path."""
    await make_user(db, email="awa@example.org", name="Awa Diop", locale="fr")
    await log_in(client, "awa@example.org")
    await client.get("/profile")
    profile = (await db.exec(select(ReturneeProfile))).one()
    return f"/profiles/{profile.public_id}"


@pytest.fixture
async def employer(client, db) -> None:
    user, _org = await make_employer(db)
    await log_in(client, user.email)


@pytest.fixture
async def api_headers(client, db) -> dict[str, str]:
    """A returnee's JSON API session (CSRF header)."""
    await make_user(db, email="api-awa@example.org", name="Awa Api")
    token = await csrf(client)
    session = await client.post(
        "/api/v1/session", json={"email": "api-awa@example.org", "password": PASSWORD}, headers={"X-CSRF-Token": token}
    )
    return {"X-CSRF-Token": session.json()["csrf_token"]}


@pytest.fixture
async def api_secret(db) -> str:
    """An employer organisation's API key."""
    user, _org = await make_employer(db, email="sirh@acier.example")
    _row, secret = await api_keys.create(db, user=user, name="SIRH")
    await db.commit()
    return secret


# --- The five causes of the issue, one example each -------------------------------------------------------------


@pytest.mark.parametrize("name", ["salary_min", "radius_km", "since", "page"])
async def test_a_superscript_digit_in_a_search_number_is_a_french_422(client, name):
    query = {name: "²", "currency": "XOF", "place": "country:SN"}
    response = await client.get("/jobs", params=query)
    assert response.status_code == 422
    assert "Saisissez un nombre entier entre" in response.text
    api = await client.get("/api/v1/jobs", params=query)
    # The API's `since` is one of 1, 7 or 30 (its document's enum): the message lists them.
    expected = "Choisissez parmi : 1, 7, 30." if name == "since" else "Saisissez un nombre entier entre"
    assert api.status_code == 422 and expected in api.json()["fields"][name]


async def test_arabic_indic_digits_are_read_as_the_number_typed(client):
    params, errors = job_search_params.parse({"salary_min": "٣٠٠ ٠٠٠", "currency": "XOF"}, locale="ar")
    assert errors == {} and params.salary_min == 300_000
    assert (await client.get("/jobs", params={"salary_min": "٣٠٠٠", "currency": "XOF"})).status_code == 200


async def test_a_nul_byte_in_the_search_words_is_dropped_not_sent_to_postgresql(client):
    response = await client.get("/jobs?q=a%00b")
    assert response.status_code == 200
    assert 'value="ab"' in response.text


async def test_a_control_character_in_an_address_or_a_parameter_never_reaches_postgresql(client, db, api_secret):
    bearer = {"Authorization": f"Bearer {api_secret}"}
    assert (await client.get("/api/v1/vacancies/a%00b", headers=bearer)).status_code == 404
    # An API value keeps its length (each control character becomes U+FFFD), so it is refused, not shortened.
    refused = await client.get("/api/v1/vacancies?status=%00%1F%7F", headers=bearer)
    assert refused.status_code == 422 and "status" in refused.json()["fields"]
    await log_in(client, "sirh@acier.example")
    for path in (
        "/candidates?q=a%00b&region=%00&skill=%C2%85",
        "/api/v1/candidates?q=a%00b&skill=%00",
        "/employers/%00",
    ):
        assert (await client.get(path)).status_code < 500, path


@pytest.mark.parametrize("title", ["Ⅻ", "ǅ", "x" * 990_000, "Soudeur\x00 Ⅻ"])
def test_odd_or_huge_titles_link_to_nothing_rather_than_crash(title):
    assert isinstance(vocabulary.link_occupation(title, locale="fr", k=1), list)


async def test_an_odd_title_through_the_vacancy_api_is_not_a_500(client, db):
    user, _org = await make_employer(db)
    _key, secret = await api_keys.create(db, user=user, name="SIRH")
    await db.commit()
    items = [{"external_ref": f"R-{i}", "title": title} for i, title in enumerate(["Ⅻ", "ǅ", "Soudeur\x00 maçon"])]
    response = await client.post(
        "/api/v1/vacancies", json={"vacancies": items}, headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    assert [item["status"] for item in response.json()["items"]] == ["error", "error", "error"]


async def test_a_repeated_skill_field_counts_once(client, returnee):
    welder = vocabulary.search_skills("souder à l'arc", locale="fr", k=1)[0].id
    response = await post_form(
        client,
        f"{returnee}/items/skills",
        {"skill": [welder, "http://example.org/not-a-skill"], "level": ["advanced", "zzz"], "acquired": "host"},
        page=f"{returnee}/edit/skills",
    )
    assert response.status_code == 303
    page = await client.get(f"{returnee}/edit/skills")
    assert vocabulary.skill_label(welder, "fr") in page.text


async def test_a_wrong_value_on_the_wishes_step_keeps_what_was_typed(client, returnee):
    response = await post_form(
        client,
        f"{returnee}/edit/wishes",
        {
            "expected_pay": "²",
            "pay_currency": "XOF",
            "summary": "Soudeur expérimenté, disponible tout de suite",
            "sectors": ["construction", "nope"],
            "available_from": "2026-13-45",
            "desired_occupations_text": "soudeur",
        },
        page=f"{returnee}/edit/wishes",
    )
    assert response.status_code == 422
    assert "Saisissez un nombre entier entre" in response.text
    assert "Soudeur expérimenté, disponible tout de suite" in response.text
    assert re.search(r'name="sectors" value="construction"[^>]*checked', response.text)
    assert 'value="2026-13-45"' in response.text
    welder = vocabulary.link_occupation("soudeur", locale="fr", k=1)[0]
    # The job just added (typed, linked) is still in the list, ticked, though nothing was saved.
    assert re.search(rf'name="desired_occupations" value="{re.escape(welder.id)}" checked', response.text)


# --- CSV: formula injection, unreadable headers -----------------------------------------------------------------


def test_cells_that_would_run_as_formulas_are_written_as_text():
    cells = ['=HYPERLINK("http://evil","x")', "=1+2", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\tx", "\rx", "ok"]
    written = csv_reading.write(["title"], [[cell] for cell in cells]).decode("utf-8-sig")
    read = [row[0] for row in csv.reader(io.StringIO(written))][1:]
    assert read == ["'" + cell for cell in cells[:-1]] + ["ok"]
    # Uploaded again, a corrected report gives back the cells as the firm wrote them.
    assert [csv_reading.unquote_formula(cell) for cell in read] == cells


async def test_the_error_report_neutralises_formulas_from_the_uploaded_file(client, db, employer):
    content = "external_ref;title;location\nR-1;=1+2;@SUM(A1)\nR-2;+cmd|' /C calc'!A0;=HYPERLINK(\"x\")\n"
    token = await csrf(client, "/employer/imports")
    upload = await client.post(
        "/employer/imports",
        data={"_csrf": token},
        files={"file": ("v.csv", content.encode(), "text/csv")},
    )
    assert upload.status_code == 303
    import_id = upload.headers["location"].rsplit("/", 1)[-1]
    await vacancy_import_run.run(db, import_id=uuid.UUID(import_id))
    report = (await client.get(f"/employer/imports/{import_id}/errors.csv")).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(report), delimiter=";") for cell in row]
    assert "'=1+2" in cells and "'@SUM(A1)" in cells and "'+cmd|' /C calc'!A0" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]


@pytest.mark.parametrize(
    "content",
    [
        "external_ref,title," + "x" * 131_073 + "\nR-1,Soudeur,\n",
        'external_ref,title,"location\nR-1,Soudeur,Thiès\n',
        'external_ref,title\nR-1,Soudeur\nR-2,"Maçon\nR-3,Menuisier\n',
    ],
    ids=["header cell over 131,072 characters", "unclosed quote in the header", "unclosed quote in row 3"],
)
async def test_an_unreadable_file_gets_a_french_422_naming_the_problem(client, employer, content):
    token = await csrf(client, "/employer/imports")
    response = await client.post(
        "/employer/imports", data={"_csrf": token}, files={"file": ("v.csv", content.encode(), "text/csv")}
    )
    assert response.status_code == 422
    assert "illisible" in response.text
    if "R-3" in content:
        assert "La ligne 3 est illisible" in response.text


async def test_a_data_cell_over_the_csv_limit_fails_the_import_with_a_reason(client, db, employer):
    content = "external_ref,title\nR-1,Soudeur\nR-2," + "x" * 131_073 + "\n"
    token = await csrf(client, "/employer/imports")
    upload = await client.post(
        "/employer/imports", data={"_csrf": token}, files={"file": ("v.csv", content.encode(), "text/csv")}
    )
    assert upload.status_code == 303
    await vacancy_import_run.run(db, import_id=uuid.UUID(upload.headers["location"].rsplit("/", 1)[-1]))
    detail = await client.get(upload.headers["location"])
    assert detail.status_code == 200 and "La ligne 3 est illisible" in detail.text


# --- Properties: nothing anyone sends gives a 5xx ----------------------------------------------------------------


SEARCH_NAMES = (*job_search_params.NAMES, "place_text", "occupation_text", "lang")


@bounded
@given(query=form_of(SEARCH_NAMES))
async def test_no_search_query_is_a_server_error(client, query):
    assert_not_500(await client.get("/jobs", params=query), kind="search page")
    assert_not_500(await client.get("/api/v1/jobs", params=query), kind="search API")


# The vacancy form's fields: the CSV/API columns and what the autocompletes and buttons add.
VACANCY_NAMES = (*COLUMNS, "occupation_text", "location_text", "required_skills_add_text", "action")


@bounded
@given(form=form_of(VACANCY_NAMES))
async def test_no_vacancy_form_is_a_server_error(client, employer, form):
    token = await csrf(client, "/employer/vacancies/new")
    response = await client.post("/employer/vacancies/new", data={**form, "_csrf": token})
    assert_not_500(response, kind="vacancy form")


STEP_NAMES = {
    "about": ("full_name", "contact_email", "phone", "gender", "birth_year", "nationality", "origin_country"),
    "return": (
        "return_status",
        "expected_return_on",
        "returned_on",
        "origin_region",
        "mobility_regions",
        "host_country",
    ),
    "wishes": (
        "desired_occupations",
        "desired_occupations_text",
        "summary",
        "pay_currency",
        "sectors",
        "contract_types",
        "available_from",
        "expected_pay",
        "needs",
    ),
}


ITEM_NAMES = {
    "experiences": ("title", "occupation_uri", "occupation_uri_text", "description", "years", "acquired", "country"),
    "skills": ("skill", "skill_text", "skills", "level", "acquired", "source"),
    "languages": ("language", "level"),
    "education": ("level", "title", "institution", "year", "country"),
    "certifications": ("name", "issuer", "year"),
}


# Each profile form by the path it posts to below /profiles/{id}/, with its fields.
PROFILE_FORMS = {
    **{f"edit/{step}": names for step, names in STEP_NAMES.items()},
    **{f"items/{kind}": names for kind, names in ITEM_NAMES.items()},
}


@settings(bounded, max_examples=EXAMPLES * 2)
@given(path=st.sampled_from(sorted(PROFILE_FORMS)), data=st.data())
async def test_no_profile_step_or_item_is_a_server_error(client, returnee, path, data):
    form = data.draw(form_of(PROFILE_FORMS[path]))
    response = await post_form(client, f"{returnee}/{path}", form, page=f"{returnee}/edit/about")
    assert_not_500(response, kind="profile steps and items")


csv_cells = st.one_of(values, st.just('"'), st.just("x" * 140_000))


@settings(bounded, max_examples=EXAMPLES // 2)
@given(
    header=st.lists(st.one_of(st.sampled_from(["external_ref", "title", "location", "salary_min"]), texts), max_size=5),
    rows=st.lists(st.lists(csv_cells, max_size=5), max_size=3),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
async def test_no_uploaded_file_is_a_server_error(client, employer, header, rows, delimiter, encoding):
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    content = "\n".join(lines).encode(encoding, errors="replace")
    token = await csrf(client, "/employer/imports")
    response = await client.post(
        "/employer/imports", data={"_csrf": token}, files={"file": ("v\x00.csv", content, "text/csv")}
    )
    assert_not_500(response, kind="import uploads")


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), values),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
API_NAMES = tuple({name for names in (*STEP_NAMES.values(), *ITEM_NAMES.values()) for name in names})


@bounded
@given(
    path=st.sampled_from(
        ["PUT about", "PUT return", "PUT wishes", "PUT visibility", "POST skills", "POST experiences", "POST analyse"]
    ),
    body=st.dictionaries(st.one_of(st.sampled_from(API_NAMES), texts), json_values, max_size=6),
)
async def test_no_profile_api_body_is_a_server_error(client, api_headers, path, body):
    method, section = path.split()
    response = await client.request(method, f"/api/v1/profile/{section}", json=body, headers=api_headers)
    assert_not_500(response, kind="profile API")


@bounded
@given(items=st.lists(st.dictionaries(st.sampled_from(VACANCY_NAMES), json_values, max_size=6), max_size=3))
async def test_no_vacancy_api_body_is_a_server_error(client, api_secret, items):
    bearer = {"Authorization": f"Bearer {api_secret}"}
    response = await client.post("/api/v1/vacancies", json={"vacancies": items}, headers=bearer)
    assert_not_500(response, kind="vacancy API")
    for item in items:
        ref = item.get("external_ref")
        if isinstance(ref, str) and ref.strip() and "/" not in ref:
            assert_not_500(await client.get(f"/api/v1/vacancies/{ref}", headers=bearer), kind="vacancy API")


@pytest.fixture(scope="module", autouse=True)
def _report_examples_run(request):  # type: ignore[no-untyped-def]
    """Print how many examples the properties tried, past pytest's output capture."""
    yield
    if RUN:
        detail = ", ".join(f"{kind} {count}" for kind, count in sorted(RUN.items()))
        with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
            print(f"\nbad-input examples run: {sum(RUN.values())} ({detail})")
