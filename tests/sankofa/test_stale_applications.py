"""Applications untouched for 14 days are flagged once, with one summary mail per employer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from sankofa.applications import pipeline as application_pipeline
from sankofa.applications import stale as application_stale
from sankofa.applications.models import Application
from sankofa.core import outbox
from sankofa.core.models import Mail, OutboxMessage
from tests.support.applications import make_applicant, make_application, switch_to
from tests.support.vacancies import make_employer, make_vacancy


async def test_an_application_waiting_15_days_is_flagged_once_and_a_touched_one_is_not(client, db, settings):
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    title, public_id, vacancy_id = vacancy.title, vacancy.public_id, vacancy.id
    waiting = await make_application(
        db, vacancy=vacancy, profile=await make_applicant(db, email="a@example.org"), days_ago=15
    )
    await make_application(  # seen 20 days ago, answered by a message 2 days ago
        db,
        vacancy=vacancy,
        profile=await make_applicant(db, email="b@example.org"),
        days_ago=20,
        employer_message_after_days=18,
    )
    await make_application(  # shortlisted long ago: not waiting for a first answer
        db,
        vacancy=vacancy,
        profile=await make_applicant(db, email="c@example.org"),
        days_ago=30,
        answers=[("shortlisted", 1)],
    )
    await make_application(db, vacancy=vacancy, profile=await make_applicant(db, email="d@example.org"), days_ago=3)

    assert await application_stale.flag_stale(db, settings=settings) == 1
    assert await application_stale.flag_stale(db, settings=settings) == 0
    flagged = (await db.exec(select(Application.id).where(Application.stale_flagged_at.is_not(None)))).all()  # type: ignore[union-attr]
    assert flagged == [waiting.id]
    mails = (await db.exec(select(Mail).where(Mail.to_address == "rh@acier.example"))).all()
    assert len(mails) == 1
    assert title in mails[0].body_text and f"/employer/vacancies/{public_id}/applications" in mails[0].body_text
    assert await application_pipeline.stale_counts(db, vacancy_ids=[vacancy_id]) == {vacancy_id: 1}
    await db.commit()

    await switch_to(client, "rh@acier.example")
    board = await client.get(f"/employer/vacancies/{public_id}/applications")
    assert board.text.count('class="board-card board-card-stale"') == 1
    # Opening it is the employer's answer: the flag goes, and the count with it.
    await client.get(f"/applications/{waiting.id}")
    assert await application_pipeline.stale_counts(db, vacancy_ids=[vacancy_id]) == {}


async def test_the_hourly_job_flags_through_the_worker_and_mails_one_summary(db, smtp, worker):
    _boss, org = await make_employer(db, email="rh.stale@acier.example")
    vacancy = await make_vacancy(db, organisation=org)
    for index in range(2):
        profile = await make_applicant(db, email=f"stale{index}@example.org")
        await make_application(db, vacancy=vacancy, profile=profile, days_ago=15 + index)
    await outbox.add(db, actor="applications.flag_stale", args={})
    await db.commit()
    messages = smtp.wait_for("rh.stale@acier.example")
    assert "2" in str(messages[0]["Subject"])
    rows = (await db.exec(select(Application.stale_flagged_at))).all()
    assert all(row is not None for row in rows)

    second_id = (await outbox.add(db, actor="applications.flag_stale", args={})).id
    await db.commit()
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while datetime.now(UTC) < deadline:
        enqueued = select(OutboxMessage.enqueued_at).where(OutboxMessage.id == second_id)
        if (await db.exec(enqueued)).one() is not None:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(1)  # time for the second run to finish (it finds nothing to flag)
    assert len((await db.exec(select(Mail).where(Mail.to_address == "rh.stale@acier.example"))).all()) == 1
    assert len(smtp.to("rh.stale@acier.example")) == 1
