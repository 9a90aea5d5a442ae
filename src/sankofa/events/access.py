"""Who manages an event: members of the verified local authority that owns it, and of verified partner
organisations it named co-organisers. Every organiser service finds the event through here, so an id from another
organisation's event answers "not found" on every path.
"""

from __future__ import annotations

import uuid

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import NotFound, PermissionDenied
from sankofa.core.i18n import gettext as _
from sankofa.events.models import Event, EventCoOrganiser
from sankofa.identity.models import User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import Organisation, OrgKind, OrgStatus

ORGANISER_KINDS = frozenset({OrgKind.AUTHORITY, OrgKind.PARTNER})


async def organiser_orgs(session: AsyncSession, user: User) -> list[Organisation]:
    """The verified authorities and partners the user is a member of."""
    assert user.id is not None
    return [
        org
        for _membership, org in await organisations.memberships_of(session, user_id=user.id)
        if org.kind in ORGANISER_KINDS and org.status == OrgStatus.VERIFIED
    ]


async def authority_of(session: AsyncSession, user: User) -> Organisation:
    """The local authority the user creates events for.

    Raises:
        PermissionDenied: the user is in no local authority, or it is not verified yet.
    """
    assert user.id is not None
    authorities = [
        org for _m, org in await organisations.memberships_of(session, user_id=user.id) if org.kind == OrgKind.AUTHORITY
    ]
    if not authorities:
        raise PermissionDenied(_("Only a local authority creates events; partners are named co-organisers."))
    verified = [org for org in authorities if org.status == OrgStatus.VERIFIED]
    if not verified:
        raise PermissionDenied(
            _("Your local authority is not verified yet. Sankofa checks every authority before it can run events.")
        )
    return verified[0]


async def managed(
    session: AsyncSession, *, user: User, public_id: uuid.UUID, for_update: bool = False
) -> tuple[Event, Organisation]:
    """The event, if the user organises it, with the organisation they act for.

    Raises:
        NotFound: no such event, or not one the user organises (the same answer: ids are not confirmed).
    """
    orgs = {org.id: org for org in await organiser_orgs(session, user)}
    if not orgs:
        raise NotFound(_("This event does not exist or you do not organise it."))
    co_organised = select(EventCoOrganiser.event_id).where(col(EventCoOrganiser.organisation_id).in_(list(orgs)))
    stmt = select(Event).where(
        Event.public_id == public_id,
        or_(col(Event.organisation_id).in_(list(orgs)), col(Event.id).in_(co_organised)),
    )
    if for_update:
        stmt = stmt.with_for_update(of=Event).execution_options(populate_existing=True)
    event = (await session.exec(stmt)).first()
    if event is None:
        raise NotFound(_("This event does not exist or you do not organise it."))
    acting = orgs.get(event.organisation_id) or next(iter(orgs.values()))
    return event, acting


async def managed_ids(session: AsyncSession, *, user: User) -> list[int]:
    """Ids of every event the user organises (own authority's or co-organised)."""
    orgs = [org.id for org in await organiser_orgs(session, user)]
    if not orgs:
        return []
    co_organised = select(EventCoOrganiser.event_id).where(col(EventCoOrganiser.organisation_id).in_(orgs))
    result = await session.exec(
        select(Event.id).where(or_(col(Event.organisation_id).in_(orgs), col(Event.id).in_(co_organised)))
    )
    return [event_id for event_id in result.all() if event_id is not None]
