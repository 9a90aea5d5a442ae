"""The employer's API keys page: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import ValidationFailed
from sankofa.identity.models import Role, User
from sankofa.imports import uploads as vacancy_import
from sankofa.organisations import api_keys
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import MemberRole
from web.dependencies import undo_refused
from web.guards import roles
from web.helpers import form_fields, see_other
from web.state import client_ip

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
employers = roles(Role.EMPLOYER)


async def _keys_page(
    db: AsyncSession,
    *,
    user: User,
    status: int = 200,
    secret: str | None = None,
    errors: dict[str, str] | None = None,
    name: str = "",
) -> Template:
    org = await vacancy_import.employer_of(db, user=user)
    assert org.id is not None and user.id is not None
    membership = await organisations.get_membership(db, organisation_id=org.id, user_id=user.id)
    context = {
        "keys": await api_keys.listing(db, organisation_id=org.id),
        "is_owner": membership is not None and membership.role == MemberRole.OWNER,
        "secret": secret,
        "errors": errors or {},
        "name": name,
    }
    # A page showing a secret must not stay in any cache.
    headers = {"Cache-Control": "no-store"} if secret else None
    return Template(
        template_name="organisations/api_keys/list.html", context=context, status_code=status, headers=headers
    )


class ApiKeyPages(Controller):
    """The employer's API keys."""

    @get("/employer/api-keys", guards=[employers], include_in_schema=False)
    async def key_list(self, db: Db, user: CurrentUser) -> Template:
        assert user is not None
        return await _keys_page(db, user=user)

    @post("/employer/api-keys", guards=[employers], include_in_schema=False)
    async def key_create(self, request: Request, db: Db, user: CurrentUser) -> Template:
        """Answers with the page itself (not a redirect): the secret must not travel in a URL or be shown twice."""
        assert user is not None
        name = (await form_fields(request)).get("name", "")
        try:
            _key, secret = await api_keys.create(db, user=user, name=name, ip=client_ip(request))
        except ValidationFailed as exc:
            await undo_refused(db)
            return await _keys_page(db, user=user, status=422, errors=exc.errors, name=name)
        return await _keys_page(db, user=user, secret=secret)

    @post("/employer/api-keys/{key_id:int}/revoke", guards=[employers], include_in_schema=False)
    async def key_revoke(self, request: Request, key_id: FromPath[int], db: Db, user: CurrentUser) -> Redirect:
        assert user is not None
        await api_keys.revoke(db, user=user, key_id=key_id, ip=client_ip(request))
        return see_other("/employer/api-keys")


HANDLERS = [ApiKeyPages]
