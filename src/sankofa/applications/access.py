"""Who may open an application: the returnee who applied, or a member of the employer that posted the vacancy.

Anyone else gets NotFound (not PermissionDenied): an employer must not learn that another firm's application
or vacancy exists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications.models import Application
from sankofa.core.errors import NotFound, PermissionDenied
from sankofa.core.i18n import gettext as _
from sankofa.identity.models import Role, User
from sankofa.organisations.models import Membership, Organisation, OrgStatus
from sankofa.profiles.models import ReturneeProfile
from sankofa.profiles.visibility import Viewer
from sankofa.vacancies.models import Vacancy

RETURNEE = "returnee"
EMPLOYER = "employer"


@dataclass(frozen=True)
class ApplicationAccess:
    """An application with its vacancy, employer and applicant, and the side the viewer is on."""

    application: Application
    vacancy: Vacancy
    organisation: Organisation
    profile: ReturneeProfile
    side: str  # RETURNEE or EMPLOYER
    viewer: Viewer  # for employers, acting for the vacancy's organisation

    @property
    def is_employer(self) -> bool:
        return self.side == EMPLOYER


def not_found() -> NotFound:
    return NotFound(_("This application does not exist or is not visible to you."))


async def is_member(session: AsyncSession, *, user: User, organisation_id: int) -> bool:
    result = await session.exec(
        select(Membership.id).where(Membership.user_id == user.id, Membership.organisation_id == organisation_id)
    )
    return result.first() is not None


def _check_not_suspended(organisation: Organisation) -> None:
    if organisation.status == OrgStatus.SUSPENDED:
        raise PermissionDenied(_("Your organisation is suspended: its applications are not available."))


async def employer_vacancy(session: AsyncSession, *, user: User, public_id: uuid.UUID) -> tuple[Vacancy, Organisation]:
    """A vacancy of one of the employer's organisations (NotFound for any other, and for non-employers)."""
    message = _("This vacancy does not exist or is not yours.")
    result = await session.exec(
        select(Vacancy, Organisation)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .where(Vacancy.public_id == public_id)
    )
    row = result.one_or_none()
    if row is None or user.role != Role.EMPLOYER:
        raise NotFound(message)
    assert row[1].id is not None
    if not await is_member(session, user=user, organisation_id=row[1].id):
        raise NotFound(message)
    _check_not_suspended(row[1])
    return row[0], row[1]


async def load(
    session: AsyncSession, *, user: User, application_id: int, for_update: bool = False
) -> ApplicationAccess:
    """The application as `user` may open it.

    Raises:
        NotFound: no such application, or the user is neither the applicant nor a member of the employer.
        PermissionDenied: the employer's organisation is suspended.
    """
    stmt = (
        select(Application, Vacancy, Organisation, ReturneeProfile)
        .join(Vacancy, col(Vacancy.id) == Application.vacancy_id)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .join(ReturneeProfile, col(ReturneeProfile.id) == Application.profile_id)
        .where(Application.id == application_id)
    )
    if for_update:
        stmt = stmt.with_for_update(of=Application)
    row = (await session.exec(stmt)).one_or_none()
    if row is None:
        raise not_found()
    application, vacancy, organisation, profile = row
    if user.role == Role.RETURNEE and profile.user_id == user.id:
        return ApplicationAccess(application, vacancy, organisation, profile, RETURNEE, Viewer(user=user))
    assert organisation.id is not None
    if user.role == Role.EMPLOYER and await is_member(session, user=user, organisation_id=organisation.id):
        _check_not_suspended(organisation)
        viewer = Viewer(user=user, organisation=organisation)
        return ApplicationAccess(application, vacancy, organisation, profile, EMPLOYER, viewer)
    raise not_found()


async def member_addresses(session: AsyncSession, *, organisation_id: int) -> list[tuple[str, str | None]]:
    """(email, locale) of the organisation's members who can receive mail."""
    result = await session.exec(
        select(User.email, User.locale)
        .join(Membership, col(Membership.user_id) == User.id)
        .where(
            Membership.organisation_id == organisation_id,
            col(User.email).is_not(None),
            col(User.deleted_at).is_(None),
        )
        .order_by(col(Membership.id))
    )
    return [(email, locale) for email, locale in result.all() if email]
