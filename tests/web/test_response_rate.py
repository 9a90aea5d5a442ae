"""Each employer's response rate: the share of applications answered within 14 days, shown to returnees."""

from __future__ import annotations

from sankofa.applications import lifecycle as applications
from sankofa.applications.lifecycle import ResponseRate
from sankofa.core.i18n import gettext, use_locale
from tests.support.applications import make_applicant, make_application
from tests.support.vacancies import make_employer, make_vacancy
from web.templating import make_environment


async def test_response_rate_counts_answers_within_14_days_on_a_constructed_history(db):
    _boss, org = await make_employer(db)
    _quiet, quiet = await make_employer(db, email="rh@calme.example", name="Calme")
    _new, new = await make_employer(db, email="rh@neuve.example", name="Neuve")
    vacancy = await make_vacancy(db, organisation=org)
    fresh_only = await make_vacancy(db, organisation=new)
    await make_vacancy(db, organisation=quiet)
    history = [
        (20, [("shortlisted", 3)], None),  # answered in time
        (20, [], None),  # never answered
        (20, [("viewed", 1), ("rejected", 16)], None),  # answered, but too late
        (20, [("viewed", 2)], None),  # only viewed: not an answer
        (2, [], None),  # still has time: not counted
        (2, [], 1),  # answered by a message: counted
        (20, [("withdrawn", 3)], None),  # withdrawn before any answer: not counted
        (30, [("rejected", 10)], None),  # a no is an answer
    ]
    for index, (days_ago, answers, message_after) in enumerate(history):
        profile = await make_applicant(db, email=f"r{index}@example.org")
        await make_application(
            db,
            vacancy=vacancy,
            profile=profile,
            days_ago=days_ago,
            answers=answers,
            employer_message_after_days=message_after,
        )
    await make_application(
        db, vacancy=fresh_only, profile=await make_applicant(db, email="fresh@example.org"), days_ago=1
    )

    rates = await applications.response_rates(db, organisation_ids=[org.id, quiet.id, new.id])
    assert rates == {org.id: ResponseRate(answered=3, total=6)}
    assert rates[org.id].percent == 50
    assert await applications.response_rates(db, organisation_ids=[]) == {}


def test_the_rate_reads_as_a_sentence_or_says_there_is_no_data_yet():
    template = make_environment().get_template("applications/_response_rate.html")
    with use_locale("en"):
        shown = template.render(rate=ResponseRate(answered=4, total=5))
        assert "Answers 80% of applications within 14 days" in shown
        assert gettext("No answer data yet") in template.render(rate=None)
        assert gettext("No answer data yet") in template.render(rate=ResponseRate(answered=0, total=0))
