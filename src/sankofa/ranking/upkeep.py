"""Upkeep of the stored ranking records: catch up on anything a lost job left stale."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.db.engine import run_sql
from sankofa.core.db.transaction import checkpoint
from sankofa.ranking import index as ranking_index
from sankofa.ranking.models import ItemKind

STALE = {
    ItemKind.VACANCY: """
        SELECT v.id FROM vacancy v LEFT JOIN ranking_item r ON r.kind = 'vacancy' AND r.item_id = v.id
        WHERE (r.id IS NULL AND v.status = 'published') OR r.updated_at < v.updated_at
           OR (r.active AND (v.status <> 'published' OR v.deadline < current_date))
        LIMIT :limit""",
    ItemKind.PROFILE: """
        SELECT p.id FROM returnee_profile p LEFT JOIN ranking_item r ON r.kind = 'profile' AND r.item_id = p.id
        WHERE (r.id IS NULL AND p.visible_to_employers) OR r.updated_at < p.updated_at
        LIMIT :limit""",
}


async def reconcile(session: AsyncSession, *, limit: int = 10_000) -> int:
    """Refresh up to `limit` stale records of each kind; returns how many were refreshed."""
    done = 0
    for kind, query in STALE.items():
        ids = [row[0] for row in (await run_sql(session, text(query), {"limit": limit})).all()]
        for item_id in ids:
            await ranking_index.refresh(session, kind=kind, item_id=item_id)
            await checkpoint(session)  # each record on its own: every process's index follows as they come
        done += len(ids)
    return done
