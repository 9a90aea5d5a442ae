"""API keys: a firm's HR system sends one as `Authorization: Bearer <key>`; only its SHA-256 is stored.

The secret is shown once, when created. Owners create and revoke keys; any member sees the list.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit, ratelimit
from sankofa.core.db.transaction import own_transaction
from sankofa.core.db.types import utcnow
from sankofa.core.errors import NotFound, PermissionDenied, RateLimited, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.identity.models import User
from sankofa.imports.uploads import employer_of
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import ApiKey, MemberRole, Organisation, OrgKind, OrgStatus

KEY_PREFIX = "sk_live_"
MAX_NAME = 100
# Calls per key per minute: enough for an HR system syncing in batches of 1,000, not for a runaway loop.
CALLS_PER_MINUTE = 120
# last_used_at is written at most this often, so a busy key does not write on every call.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    """Who an API call acts for."""

    key: ApiKey
    organisation: Organisation


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def listing(session: AsyncSession, *, organisation_id: int) -> list[ApiKey]:
    result = await session.exec(
        select(ApiKey).where(ApiKey.organisation_id == organisation_id).order_by(col(ApiKey.created_at).desc())
    )
    return list(result.all())


async def _owned_org(session: AsyncSession, *, user: User) -> Organisation:
    org = await employer_of(session, user=user)
    assert org.id is not None and user.id is not None
    membership = await organisations.get_membership(session, organisation_id=org.id, user_id=user.id)
    if membership is None or membership.role != MemberRole.OWNER:
        raise PermissionDenied(_("Only the owners of your organisation can create or revoke API keys."))
    return org


async def create(session: AsyncSession, *, user: User, name: str, ip: str | None = None) -> tuple[ApiKey, str]:
    """A new key for the user's organisation; returns it and its secret (shown once, never stored).

    Raises:
        PermissionDenied: the user is not an owner of an active employer organisation.
        ValidationFailed: the name is empty or too long.
    """
    org = await _owned_org(session, user=user)
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ValidationFailed({"name": _("Name the key (1 to %(count)s characters).") % {"count": MAX_NAME}})
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    assert org.id is not None
    key = ApiKey(
        organisation_id=org.id, name=name, prefix=secret[:12], key_hash=key_hash(secret), created_by_id=user.id
    )
    session.add(key)
    await session.flush()
    await audit.record(
        session,
        action="api_key.created",
        actor_user_id=user.id,
        actor_organisation_id=org.id,
        ip=ip,
        detail={"key": key.id, "prefix": key.prefix},
    )
    await session.flush()
    return key, secret


async def revoke(session: AsyncSession, *, user: User, key_id: int, ip: str | None = None) -> ApiKey:
    """Revoke a key of the user's organisation at once; revoking twice is harmless.

    Raises:
        PermissionDenied: the user is not an owner.
        NotFound: no such key in the user's organisation.
    """
    org = await _owned_org(session, user=user)
    key = await session.get(ApiKey, key_id)
    if key is None or key.organisation_id != org.id:
        raise NotFound(_("This API key does not exist."))
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        await audit.record(
            session,
            action="api_key.revoked",
            actor_user_id=user.id,
            actor_organisation_id=org.id,
            ip=ip,
            detail={"key": key.id, "prefix": key.prefix},
        )
        await session.flush()
    return key


async def authenticate(session: AsyncSession, *, secret: str) -> Caller | None:
    """The caller a bearer secret stands for; None if unknown or revoked.

    Counts the call against the key's rate limit and stamps `last_used_at`, each in a transaction of its own:
    a refused or read-only call must still count, whatever becomes of the request.

    Raises:
        RateLimited: more than CALLS_PER_MINUTE calls this minute.
        PermissionDenied: the key's organisation is suspended.
    """
    if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
        return None
    result = await session.exec(select(ApiKey).where(ApiKey.key_hash == key_hash(secret)))
    key = result.one_or_none()
    if key is None or key.revoked_at is not None:
        return None
    org = await session.get(Organisation, key.organisation_id)
    if org is None or org.kind != OrgKind.EMPLOYER:
        return None
    calls = await ratelimit.hit(session, key=f"api_key:{key.id}", window_seconds=60)
    now = utcnow()
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
        async with own_transaction(session) as connection:
            await connection.execute(update(ApiKey).where(col(ApiKey.id) == key.id).values(last_used_at=now))
        set_committed_value(key, "last_used_at", now)
    if calls > CALLS_PER_MINUTE:
        raise RateLimited(_("Too many calls with this API key: wait a minute."), retry_after=ratelimit.retry_after(60))
    if org.status == OrgStatus.SUSPENDED:
        raise PermissionDenied(_("Your organisation is suspended: it cannot post vacancies."))
    return Caller(key=key, organisation=org)
