"""An organisation's page: members, invitations; accepting an invitation."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import InvalidToken, ValidationFailed
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import MemberRole
from web.guards import org_members, public, signed_in
from web.helpers import form_fields, page, see_other

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]


async def _members_page(
    db: AsyncSession,
    *,
    user: User,
    organisation_id: FromPath[int],
    status: int = 200,
    errors: dict[str, str] | None = None,
    invited: str | None = None,
) -> Template:
    org = await organisations.get(db, organisation_id)
    assert user.id is not None
    membership = await organisations.get_membership(db, organisation_id=organisation_id, user_id=user.id)
    if membership is None and user.role != Role.ADMIN:
        raise PermissionDeniedException()
    rows = await organisations.members(db, organisation_id=organisation_id)
    is_owner = membership is not None and membership.role == MemberRole.OWNER
    return page(
        "organisations/members/detail.html",
        status=status,
        org=org,
        rows=rows,
        is_owner=is_owner,
        errors=errors or {},
        invited=invited,
    )


class MemberPages(Controller):
    """An organisation's members and invitations."""

    @get("/organisations/{organisation_id:int}", guards=[signed_in], include_in_schema=False)
    async def detail(self, organisation_id: FromPath[int], db: Db, user: CurrentUser) -> Template:
        """Members only (and admins)."""
        assert user is not None
        return await _members_page(db, user=user, organisation_id=organisation_id)

    @post("/organisations/{organisation_id:int}/invitations", guards=[org_members], include_in_schema=False)
    async def invite(
        self,
        organisation_id: FromPath[int],
        request: Request,
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template:
        assert user is not None
        fields = await form_fields(request)
        try:
            invitation = await organisations.invite(
                db,
                organisation_id=organisation_id,
                email=fields.get("email", ""),
                inviter=user,
                settings=settings,
            )
        except ValidationFailed as exc:
            return await _members_page(db, user=user, organisation_id=organisation_id, status=422, errors=exc.errors)
        return await _members_page(db, user=user, organisation_id=organisation_id, invited=invitation.email)

    @get("/invitations/{token:str}", guards=[public], include_in_schema=False)
    async def invitation(self, token: FromPath[str], db: Db) -> Template:
        try:
            invite_row, org = await organisations.pending_invitation(db, token=token)
        except InvalidToken as exc:
            return page("organisations/members/invitation.html", status=400, error=exc.message, token=None, org=None)
        return page("organisations/members/invitation.html", token=token, org=org, email=invite_row.email)

    @post("/invitations/{token:str}", guards=[signed_in], include_in_schema=False)
    async def accept(self, token: FromPath[str], db: Db, user: CurrentUser) -> Redirect | Template:
        assert user is not None
        fresh = await db.get(User, user.id)
        assert fresh is not None
        try:
            org = await organisations.accept_invitation(db, token=token, user=fresh)
        except InvalidToken as exc:
            return page("organisations/members/invitation.html", status=400, error=exc.message, token=None, org=None)
        return see_other(f"/organisations/{org.id}")


HANDLERS = [MemberPages]
