"""The registration form of each kind of participant (`RegistrationCreate`): what it offers and how it is read.

A returnee shares the event's set of profile fields (shown with their values) and ticks consent; an employer
registers its organisation with a booth wish, its representatives (members) and the published vacancies it
presents; an investor names its interests (sectors, regions of the event's country); a partner its organisation.
Everyone answers the organiser's questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices, inputs, validation
from sankofa.core.errors import Conflict, PermissionDenied
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.events import sharing
from sankofa.events.models import CategoryKind, Event, EventQuestion
from sankofa.identity.models import Role, User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import Organisation, OrgKind, OrgStatus
from sankofa.profiles.models import ReturneeProfile
from sankofa.reference import place_names
from sankofa.reference.models import Region
from sankofa.vacancies.models import Vacancy, VacancyStatus

KIND_OF_ROLE = {
    Role.RETURNEE: CategoryKind.RETURNEE,
    Role.EMPLOYER: CategoryKind.EMPLOYER,
    Role.INVESTOR: CategoryKind.INVESTOR,
    Role.PARTNER: CategoryKind.PARTNER,
}
ORG_KIND: dict[str, OrgKind] = {CategoryKind.EMPLOYER: OrgKind.EMPLOYER, CategoryKind.PARTNER: OrgKind.PARTNER}
MAX_ANSWER = 1000


@dataclass
class Options:
    """What the form of one participant offers."""

    kind: str
    organisation: Organisation | None = None
    profile: ReturneeProfile | None = None
    shared: list[sharing.SharedValue] = field(default_factory=list)
    members: dict[str, str] = field(default_factory=dict)  # user id → name
    vacancies: dict[str, str] = field(default_factory=dict)  # vacancy id → title
    sectors: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    questions: list[EventQuestion] = field(default_factory=list)


@dataclass
class RegistrationCreate:
    organisation_id: int | None
    consented: bool
    shared_fields: list[str]
    answers: dict[str, str]
    booth_wish: str = ""
    representative_ids: list[int] = field(default_factory=list)
    vacancy_ids: list[int] = field(default_factory=list)
    interest_sectors: list[str] = field(default_factory=list)
    interest_regions: list[str] = field(default_factory=list)


def kind_of(user: User) -> str:
    """The category a user registers in (their role's).

    Raises:
        PermissionDenied: the role does not take part in events as a participant (authorities, admins).
    """
    kind = KIND_OF_ROLE.get(Role(user.role)) if user.role in set(Role) else None
    if kind is None:
        raise PermissionDenied(_("Your account organises or moderates events; it does not register for them."))
    return kind


async def _organisation(session: AsyncSession, user: User, kind: str) -> Organisation:
    assert user.id is not None
    wanted = ORG_KIND[kind]
    orgs = [org for _m, org in await organisations.memberships_of(session, user_id=user.id) if org.kind == wanted]
    if not orgs:
        raise PermissionDenied(_("Your account belongs to no organisation of this kind."))
    verified = [org for org in orgs if org.status == OrgStatus.VERIFIED]
    if not verified:
        raise PermissionDenied(
            _("Your organisation is not verified yet: it can register for events once Sankofa has checked it.")
        )
    return verified[0]


async def options(session: AsyncSession, *, user: User, event: Event, locale: str) -> Options:
    """The form's choices for `user` (their organisation, members, vacancies, profile fields...).

    Raises:
        PermissionDenied: the role does not register, or its organisation is missing or not verified.
        Conflict: a returnee without a profile (they create it first).
    """
    kind = kind_of(user)
    found = Options(kind=kind)
    found.questions = list(
        (
            await session.exec(
                select(EventQuestion).where(EventQuestion.event_id == event.id).order_by(col(EventQuestion.position))
            )
        ).all()
    )
    if kind == CategoryKind.RETURNEE:
        profile = (await session.exec(select(ReturneeProfile).where(ReturneeProfile.user_id == user.id))).first()
        if profile is None:
            raise Conflict(_("Create your profile first: registering shares part of it with the organisers."))
        found.profile = profile
        found.shared = await sharing.values_of(session, profile=profile, keys=event.shared_fields, locale=locale)
    elif kind in ORG_KIND:
        org = await _organisation(session, user, kind)
        found.organisation = org
        assert org.id is not None
        found.members = {
            str(u.id): u.display_name or (u.email or "")
            for _m, u in await organisations.members(session, organisation_id=org.id)
            if u.deleted_at is None
        }
        if kind == CategoryKind.EMPLOYER:
            rows = await session.exec(
                select(Vacancy.id, Vacancy.title)
                .where(Vacancy.organisation_id == org.id, Vacancy.status == VacancyStatus.PUBLISHED)
                .order_by(col(Vacancy.published_at).desc())
            )
            found.vacancies = {str(vid): title for vid, title in rows.all()}
    else:
        found.sectors = choices.sectors()
        regions = await session.exec(
            select(Region).where(Region.country_code == (event.country or "SN")).order_by(col(Region.name))
        )
        found.regions = {
            r.code: place_names.region_name(r.name, country=r.country_code, locale=locale) for r in regions.all()
        }
    return found


def _answers(form: Form, questions: list[EventQuestion], errors: dict[str, str]) -> dict[str, str]:
    answers: dict[str, str] = {}
    for question in questions:
        name = f"answer_{question.id}"
        value = inputs.text(form, name)
        if message := validation.text_error(value, required=question.required, max_length=MAX_ANSWER):
            errors[name] = message if value else _("Please answer this question.")
        elif value:
            answers[str(question.id)] = value
    return answers


def parse(
    form: Form, *, user: User, event: Event, offered: Options
) -> tuple[RegistrationCreate | None, dict[str, str]]:
    """The submitted registration, or None with a translated message per wrong field."""
    errors: dict[str, str] = {}
    values = RegistrationCreate(
        organisation_id=offered.organisation.id if offered.organisation else None,
        consented=False,
        shared_fields=[],
        answers=_answers(form, offered.questions, errors),
    )
    if offered.kind == CategoryKind.RETURNEE:
        values.consented = inputs.boolean(form, "consent", errors)
        if event.shared_fields and not values.consented:
            errors["consent"] = _("Tick the box to agree to share these details, or do not register.")
        values.shared_fields = list(event.shared_fields)
    elif offered.kind in ORG_KIND:
        representatives = inputs.choice_list(form, "representatives", offered.members, errors)
        values.representative_ids = [int(uid) for uid in representatives] or [user.id or 0]
        if offered.kind == CategoryKind.EMPLOYER:
            values.booth_wish = inputs.text(form, "booth_wish")
            if message := validation.text_error(values.booth_wish, required=False, max_length=300):
                errors["booth_wish"] = message
            values.vacancy_ids = [int(v) for v in inputs.choice_list(form, "vacancies", offered.vacancies, errors)]
    else:
        values.interest_sectors = inputs.choice_list(form, "sectors", offered.sectors, errors)
        values.interest_regions = inputs.choice_list(form, "regions", offered.regions, errors)
        if not values.interest_sectors:
            errors["sectors"] = _("Choose at least one sector you invest in or mentor.")
    return (None if errors else values), errors
