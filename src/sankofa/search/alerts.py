"""Saved job searches: save, list, change frequency, pause, delete, one-click unsubscribe.

The unsubscribe link carries a token derived from the secret key and the search id (so every digest can show it
again without storing it); the database keeps only its sha256 (`SavedSearch.unsubscribe_hash`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import NotFound, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.security import token_hash
from sankofa.core.settings import Settings
from sankofa.identity.models import User
from sankofa.reference import vocabulary
from sankofa.search import params as job_search_params
from sankofa.search.models import AlertFrequency, SavedSearch
from sankofa.search.params import SearchParams

MAX_NAME = 120
MAX_PER_USER = 20


def frequencies() -> dict[str, str]:
    return {AlertFrequency.DAILY: _("Every day"), AlertFrequency.WEEKLY: _("Every week")}


def unsubscribe_token(settings: Settings, *, search_id: int) -> str:
    """The token in a saved search's unsubscribe link (stable, so links in older digests keep working)."""
    message = f"saved-search-unsubscribe:{search_id}".encode()
    return hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()


def default_name(params: SearchParams, *, locale: str) -> str:
    """A name to suggest for a search: its words, else its place, else a generic one."""
    if params.q:
        return params.q[:MAX_NAME]
    if params.place:
        return (vocabulary.place_label(params.place, locale=locale) or _("My job search"))[:MAX_NAME]
    return _("My job search")


def stored_params(search: SavedSearch, *, locale: str) -> SearchParams:
    """The saved query as search parameters (values no longer valid are dropped, never fatal)."""
    params, _errors = job_search_params.parse(search.query, locale=locale)
    return params


def query_of(search: SavedSearch, **changes: str) -> dict[str, str]:
    """The saved query string in canonical order (JSONB does not keep the order of keys)."""
    values = {**search.query, **changes}
    return {name: str(values[name]) for name in job_search_params.NAMES if values.get(name)}


def _check(name: str, frequency: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give this search a name.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("At most %(count)s characters.") % {"count": MAX_NAME}
    if frequency not in frequencies():
        errors["frequency"] = _("Choose daily or weekly.")
    return errors


async def create(
    session: AsyncSession,
    *,
    user: User,
    name: str,
    frequency: str,
    query: Mapping[str, Any],
    settings: Settings,
    locale: str,
) -> SavedSearch:
    """Save a search (its canonical query) with a digest frequency.

    Raises:
        ValidationFailed: a bad name or frequency, a search parameter that is not valid, or too many searches.
    """
    assert user.id is not None
    name = " ".join(name.split())
    errors = _check(name, frequency)
    params, param_errors = job_search_params.parse(query, locale=locale)
    if param_errors:
        errors["query"] = _("This search has values that are not valid: correct them on the search page first.")
    count = (await session.exec(select(func.count()).where(SavedSearch.user_id == user.id))).one()
    if count >= MAX_PER_USER:
        errors["name"] = _("You can keep up to %(count)s saved searches: delete one first.") % {"count": MAX_PER_USER}
    if errors:
        raise ValidationFailed(errors)
    search = SavedSearch(
        user_id=user.id,
        name=name,
        query=params.to_query(page=1),
        frequency=frequency,
        # Replaced below once the id is known; random so the unique index never clashes meanwhile.
        unsubscribe_hash=token_hash(secrets.token_urlsafe(16)),
    )
    session.add(search)
    await session.flush()
    assert search.id is not None
    search.unsubscribe_hash = token_hash(unsubscribe_token(settings, search_id=search.id))
    await session.flush()
    return search


async def list_for(session: AsyncSession, *, user: User) -> list[SavedSearch]:
    result = await session.exec(
        select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(col(SavedSearch.created_at).desc())
    )
    return list(result.all())


async def _own(session: AsyncSession, *, user: User, search_id: int) -> SavedSearch:
    search = await session.get(SavedSearch, search_id)
    if search is None or search.user_id != user.id:
        raise NotFound(_("This saved search does not exist or was deleted."))
    return search


async def update(
    session: AsyncSession, *, user: User, search_id: int, frequency: str | None = None, active: bool | None = None
) -> SavedSearch:
    """Change how often a saved search is mailed, or pause / resume it."""
    search = await _own(session, user=user, search_id=search_id)
    if frequency is not None:
        if frequency not in frequencies():
            raise ValidationFailed({"frequency": _("Choose daily or weekly.")})
        search.frequency = frequency
    if active is not None:
        search.active = active
    await session.flush()
    return search


async def delete(session: AsyncSession, *, user: User, search_id: int) -> None:
    search = await _own(session, user=user, search_id=search_id)
    await session.delete(search)
    await session.flush()


async def by_token(session: AsyncSession, *, token: str) -> SavedSearch:
    """The saved search an unsubscribe link points to.

    Raises:
        NotFound: unknown token (or its search was deleted).
    """
    if not token or len(token) > 200:
        raise NotFound(_("This unsubscribe link is not valid (the search may have been deleted)."))
    result = await session.exec(select(SavedSearch).where(SavedSearch.unsubscribe_hash == token_hash(token)))
    search = result.first()
    if search is None:
        raise NotFound(_("This unsubscribe link is not valid (the search may have been deleted)."))
    return search


async def unsubscribe(session: AsyncSession, *, token: str) -> SavedSearch:
    """Stop the digests of the search behind `token` (idempotent: a second click changes nothing)."""
    search = await by_token(session, token=token)
    search.active = False
    await session.flush()
    return search
