"""Publishing is one state change however many times it is clicked at once, and never undoes a moderation removal."""

from __future__ import annotations

import asyncio

from sqlmodel import col, func, select

from sankofa.core.db.transaction import unit_of_work
from sankofa.core.errors import Conflict
from sankofa.core.models import AuditEvent, OutboxMessage
from sankofa.vacancies import posting as vacancy_posting
from sankofa.vacancies.models import Vacancy, VacancyStatus
from tests.support.vacancies import make_employer, make_vacancy


async def _publish(db_factory, user, public_id: str) -> str:  # type: ignore[no-untyped-def]
    async with unit_of_work(db_factory) as session:  # one request each
        try:
            await vacancy_posting.publish(session, user=user, public_id=public_id)
        except Conflict:
            return "conflict"
        return "published"


async def test_ten_publishes_at_once_publish_once(db, db_factory) -> None:  # type: ignore[no-untyped-def]
    user, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org, status=VacancyStatus.DRAFT)
    outbox_before = (await db.exec(select(func.count()).select_from(OutboxMessage))).one()
    results = await asyncio.gather(*(_publish(db_factory, user, str(vacancy.public_id)) for _ in range(10)))
    assert results == ["published"] * 10  # each click answers "published"
    events = await db.exec(
        select(func.count()).select_from(AuditEvent).where(col(AuditEvent.action) == "vacancy.published")
    )
    assert events.one() == 1
    outbox_after = (await db.exec(select(func.count()).select_from(OutboxMessage))).one()
    assert outbox_after - outbox_before == 1  # one ranking refresh, not ten


async def test_a_publish_after_a_removal_keeps_the_vacancy_removed(db, db_factory) -> None:  # type: ignore[no-untyped-def]
    user, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org, status=VacancyStatus.DRAFT)
    vacancy_id, public_id = vacancy.id, str(vacancy.public_id)
    async with db_factory() as moderator:
        row = await moderator.get(Vacancy, vacancy_id, with_for_update=True)  # moderation holds the row...
        assert row is not None
        publishing = asyncio.create_task(_publish(db_factory, user, public_id))
        await asyncio.sleep(0.3)  # ...while the employer clicks publish
        assert not publishing.done()  # the publish waits for the lock instead of reading a stale status
        row.status = VacancyStatus.REMOVED
        moderator.add(row)
        await moderator.commit()
    assert await publishing == "conflict"
    db.expire_all()
    assert (await db.get(Vacancy, vacancy_id)).status == VacancyStatus.REMOVED  # type: ignore[union-attr]
