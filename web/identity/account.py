"""The signed-in person's own account: language, name, data download, audit trail, deletion."""

from __future__ import annotations

import json

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import ValidationFailed
from sankofa.core.settings import Settings
from sankofa.identity import accounts, privacy
from sankofa.identity.models import Role, User
from sankofa.profiles import contacts
from web.guards import roles, signed_in
from web.helpers import form_fields, page, see_other
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]


async def _fresh(db: AsyncSession, user: User | None) -> User:
    assert user is not None and user.id is not None
    fresh = await db.get(User, user.id)
    assert fresh is not None
    return fresh


class AccountPages(Controller):
    """The signed-in person's own account."""

    @get("/account", guards=[signed_in], include_in_schema=False)
    async def account_page(self, db: Db, user: CurrentUser) -> Template:
        me = await _fresh(db, user)
        assert me.id is not None
        events = await privacy.events_with_actors(db, user_id=me.id, limit=50)
        grants = await contacts.grants_for(db, user=me)
        return page("identity/account/settings.html", me=me, events=events, grants=grants, errors={}, saved=False)

    @post("/account", guards=[signed_in], include_in_schema=False)
    async def update_account(self, request: Request, db: Db, user: CurrentUser) -> Template | Redirect:
        me = await _fresh(db, user)
        fields = await form_fields(request)
        try:
            await accounts.update_account(
                db, user=me, display_name=fields.get("display_name", ""), locale=fields.get("locale", "")
            )
        except ValidationFailed as exc:
            assert me.id is not None
            events = await privacy.events_with_actors(db, user_id=me.id, limit=50)
            grants = await contacts.grants_for(db, user=me)
            return page(
                "identity/account/settings.html",
                status=422,
                me=me,
                events=events,
                grants=grants,
                errors=exc.errors,
                saved=False,
            )
        context_of(request).new_cookies["sk_lang"] = me.locale or context_of(request).locale
        return see_other(f"/account?lang={me.locale}")

    @get("/account/export", guards=[signed_in], include_in_schema=False)
    async def export(self, request: Request, db: Db, user: CurrentUser) -> Response[bytes]:
        """Everything Sankofa holds about me, as a JSON file."""
        me = await _fresh(db, user)
        data = await privacy.export_user_data(db, user=me, ip=client_ip(request))
        return Response(
            json.dumps(data, ensure_ascii=False, indent=2).encode(),
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="sankofa-my-data.json"'},
        )

    @post("/account/contacts/{organisation_id:int}/withdraw", guards=[roles(Role.RETURNEE)], include_in_schema=False)
    async def withdraw_contact(self, request: Request, db: Db, user: CurrentUser, organisation_id: int) -> Redirect:
        """The returnee stops an employer seeing their name and contact details."""
        me = await _fresh(db, user)
        await contacts.withdraw_grant(db, user=me, organisation_id=organisation_id, ip=client_ip(request))
        return see_other("/account#contacts")

    @get("/account/data", guards=[signed_in], include_in_schema=False)
    async def data_page(self, request: Request, db: Db, user: CurrentUser) -> Template:
        """Everything Sankofa holds about me, as a page to read (the same data as the JSON download)."""
        me = await _fresh(db, user)
        data = await privacy.export_user_data(db, user=me, ip=client_ip(request))
        return page("identity/account/data.html", data=data)

    @get("/account/delete", guards=[signed_in], include_in_schema=False)
    async def delete_form(
        self,
    ) -> Template:
        return page("identity/account/delete.html", errors={})

    @post("/account/delete", guards=[signed_in], include_in_schema=False)
    async def delete(
        self, request: Request, db: Db, user: CurrentUser, settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        me = await _fresh(db, user)
        fields = await form_fields(request)
        try:
            await privacy.delete_account(db, user=me, password=fields.get("password", ""), settings=settings)
        except ValidationFailed as exc:
            return page("identity/account/delete.html", status=422, errors=exc.errors)
        context_of(request).clear_session_cookie = True
        return page("identity/account/deleted.html")


HANDLERS = [AccountPages]
