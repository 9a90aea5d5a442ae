"""One reader of submitted values: a date, an amount, a choice or a yes/no reads the same wherever it is typed."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from sankofa.core import inputs
from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import use_locale
from sankofa.partners import casework
from sankofa.vacancies import fields as vacancy_fields


def test_an_amount_reads_the_same_in_a_vacancy_and_in_a_partners_measure():
    measure = {"kind": "training", "started_on": "2026-03-01", "amount": "1 250,40", "currency": "XOF"}
    posted = {"title": "Soudeur", "work_mode": "remote", "salary_currency": "XOF"}
    vacancy, errors = vacancy_fields.parse({**posted, "salary_min": "1 250,40"}, locale="fr")
    assert errors == {} and vacancy is not None
    assert casework._measure_fields(measure)["amount"] == vacancy.salary_min == 1250
    # Both refuse a negative amount with the same words.
    with use_locale("fr"), pytest.raises(ValidationFailed) as refused:
        casework._measure_fields({**measure, "amount": "-5"})
    _vacancy, vacancy_errors = vacancy_fields.parse({**posted, "salary_min": "-5"}, locale="fr")
    assert refused.value.errors["amount"] == vacancy_errors["salary_min"]


def test_dates_are_iso_everywhere_and_day_first_only_where_firms_files_send_it():
    errors: dict[str, str] = {}
    assert inputs.date_value({"d": "2027-01-15"}, "d", errors) == date(2027, 1, 15)
    assert inputs.date_value({"d": "15/01/2027"}, "d", errors, day_first=True) == date(2027, 1, 15)
    assert errors == {}
    assert inputs.date_value({"d": "15/01/2027"}, "d", errors) is None and "d" in errors
    late: dict[str, str] = {}
    assert inputs.date_value({"d": "1999-12-31"}, "d", late, earliest=2000) is None and "d" in late
    missing: dict[str, str] = {}
    assert inputs.date_value({}, "d", missing, required=True) is None and "d" in missing


def test_choices_take_codes_and_in_files_labels_too():
    allowed = {"on_site": "Sur site", "remote": "À distance"}
    errors: dict[str, str] = {}
    assert inputs.choice({"m": "remote"}, "m", allowed, errors) == "remote"
    assert inputs.choice({"m": "à distance"}, "m", allowed, errors, by_label=True) == "remote"
    assert errors == {}
    assert inputs.choice({"m": "à distance"}, "m", allowed, errors) is None and "m" in errors


def test_yes_and_no_in_three_languages_lists_and_ids():
    errors: dict[str, str] = {}
    assert [inputs.boolean({"b": word}, "b", errors) for word in ("oui", "yes", "نعم", "on", True)] == [True] * 5
    assert [inputs.boolean({"b": word}, "b", errors) for word in ("non", "no", "لا", "", False)] == [False] * 5
    assert errors == {}
    assert inputs.boolean({"b": "peut-être"}, "b", errors) is False and "b" in errors
    assert inputs.items({"s": "soudure; électricité | soudure"}, "s") == ["soudure", "électricité"]
    assert inputs.items({"s": ["a", " a ", "b", ""]}, "s") == ["a", "b"]
    key = uuid.uuid4()
    assert inputs.uuid_value({"v": str(key)}, "v") == key
    assert inputs.uuid_value({"v": "not-an-id"}, "v") is None and inputs.uuid_value({}, "v") is None
