"""JSON API for the returnee's own profile (mobile apps, partners' tools). Errors name the wrong fields (422)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import JSONBody
from msgspec import Meta, Struct
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import cpu, validation
from sankofa.identity.models import Role, User
from sankofa.profiles import completeness, visibility
from sankofa.profiles import editing as profiles
from sankofa.profiles import items as profile_items
from sankofa.profiles import view as profile_view
from sankofa.profiles.schemas import OccupationGuess, OwnProfileRead, SkillGuess, TextAnalysis
from sankofa.profiles.visibility import ALL_GROUPS
from web.api_types import (
    Acquired,
    ContractType,
    Country,
    Currency,
    EscoUri,
    Gender,
    Need,
    RegionCode,
    ReturnStatus,
    Sector,
    SkillLevel,
)
from web.guards import roles
from web.state import context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
THIS_YEAR = datetime.now(UTC).year

PhoneText = Annotated[
    str,
    Meta(
        max_length=validation.MAX_PHONE,
        description="With its country code (+221 77 123 45 67), or as dialled in the country of origin",
    ),
]


class AboutIn(Struct):
    """Name and contact (an email or a phone is needed), optional gender and birth year, nationality, origin."""

    full_name: Annotated[str, Meta(min_length=1, max_length=160)]
    contact_email: Annotated[str, Meta(max_length=validation.MAX_EMAIL)] | None = None
    phone: PhoneText | None = None
    gender: Gender | None = None
    birth_year: Annotated[int, Meta(ge=THIS_YEAR - 90, le=THIS_YEAR - 14)] | None = None
    nationality: Country | None = None
    origin_country: Country | None = None


class ReturnIn(Struct):
    """Return status; the expected date when planning, the return date (not in the future) once returned."""

    return_status: ReturnStatus
    expected_return_on: date | None = None
    returned_on: date | None = None
    host_country: Country | None = None
    origin_region: RegionCode | None = None
    mobility_regions: Annotated[list[str], Meta(max_length=50)] = []


class WishesIn(Struct):
    desired_occupations: Annotated[list[str], Meta(max_length=10)] = []
    sectors: Annotated[list[Sector], Meta(max_length=30)] = []
    contract_types: Annotated[list[ContractType], Meta(max_length=10)] = []
    available_from: date | None = None
    expected_pay: Annotated[int, Meta(ge=0, le=100_000_000)] | None = None
    pay_currency: Currency | None = None
    needs: Annotated[list[Need], Meta(max_length=20)] = []
    summary: Annotated[str, Meta(max_length=4000)] = ""


class VisibilityIn(Struct):
    visible_to_employers: bool = False
    disclose_return_status: bool = False
    show_pay_to_employers: bool = False


class ExperienceIn(Struct):
    title: Annotated[str, Meta(min_length=1, max_length=200)]
    occupation_uri: EscoUri | None = None
    description: Annotated[str, Meta(max_length=profile_items.MAX_TEXT)] = ""
    years: Annotated[float, Meta(ge=0, le=60)] | None = None
    acquired: Acquired | None = None
    country: Country | None = None


class SkillsIn(Struct):
    skills: Annotated[list[str], Meta(min_length=1, max_length=100)]
    level: SkillLevel | None = None
    acquired: Acquired | None = None


class TextIn(Struct):
    text: Annotated[str, Meta(min_length=1, max_length=profile_items.MAX_TEXT)]


def as_form(data: Struct | dict[str, Any]) -> dict[str, Any]:
    """JSON values as the strings (and lists of strings) the form services read."""
    form: dict[str, Any] = {}
    fields = msgspec.structs.asdict(data) if isinstance(data, Struct) else data
    for key, value in validation.clean_tree(fields).items():
        if isinstance(value, bool):
            form[key] = "on" if value else ""
        elif isinstance(value, list):
            form[key] = [str(item) for item in value]
        elif value is None:
            form[key] = ""
        else:
            form[key] = str(value)
    return form


class ProfileApi(Controller):
    path = "/api/v1/profile"
    tags = ["profile"]
    guards = [roles(Role.RETURNEE)]

    async def _mine(self, db: AsyncSession, user: User | None) -> Any:
        assert user is not None
        profile = await profiles.for_user(db, user)
        return profile, visibility.Viewer(user=user)

    async def _view(self, request: Request, db: AsyncSession, profile: Any) -> OwnProfileRead:
        view = await profile_view.build(db, profile=profile, groups=ALL_GROUPS, locale=context_of(request).locale)
        percent, steps = completeness.assess(view)
        steps_out = [{"message": s.message, "step": s.step} for s in steps]
        return msgspec.convert({**view, "completeness": percent, "next_steps": steps_out}, OwnProfileRead)

    @get("/", guards=[roles(Role.RETURNEE)])
    async def read(self, request: Request, db: Db, user: CurrentUser) -> OwnProfileRead:
        """My whole profile, with completeness and next steps."""
        profile, _viewer = await self._mine(db, user)
        return await self._view(request, db, profile)

    async def _save(
        self, request: Request, db: AsyncSession, user: User | None, saver: Any, data: Struct
    ) -> OwnProfileRead:
        profile, viewer = await self._mine(db, user)
        await saver(db, profile=profile, viewer=viewer, form=as_form(data))
        return await self._view(request, db, profile)

    @put("/about", guards=[roles(Role.RETURNEE)])
    async def save_about(self, request: Request, data: JSONBody[AboutIn], db: Db, user: CurrentUser) -> OwnProfileRead:
        """Replace the about section."""
        return await self._save(request, db, user, profiles.save_about, data)

    @put("/return", guards=[roles(Role.RETURNEE)])
    async def save_return(
        self, request: Request, data: JSONBody[ReturnIn], db: Db, user: CurrentUser
    ) -> OwnProfileRead:
        """Replace the return section."""
        return await self._save(request, db, user, profiles.save_return, data)

    @put("/wishes", guards=[roles(Role.RETURNEE)])
    async def save_wishes(
        self, request: Request, data: JSONBody[WishesIn], db: Db, user: CurrentUser
    ) -> OwnProfileRead:
        """Replace the wishes section."""
        return await self._save(request, db, user, profiles.save_wishes, data)

    @put("/visibility", guards=[roles(Role.RETURNEE)])
    async def save_visibility(
        self,
        request: Request,
        data: JSONBody[VisibilityIn],
        db: Db,
        user: CurrentUser,
    ) -> OwnProfileRead:
        """Who may see the profile: employers, the return status, the expected pay."""
        return await self._save(request, db, user, profiles.save_visibility, data)

    @post("/skills", guards=[roles(Role.RETURNEE)], status_code=200)
    async def add_skills(self, request: Request, data: JSONBody[SkillsIn], db: Db, user: CurrentUser) -> OwnProfileRead:
        """Add ESCO skills, all at one level and acquired in one place (default intermediate, abroad)."""
        profile, viewer = await self._mine(db, user)
        form = as_form(data)
        await profile_items.add_skills(db, profile=profile, viewer=viewer, uris=form.pop("skills"), form=form)
        return await self._view(request, db, profile)

    @post("/experiences", guards=[roles(Role.RETURNEE)], status_code=201)
    async def add_experience(
        self,
        request: Request,
        data: JSONBody[ExperienceIn],
        db: Db,
        user: CurrentUser,
    ) -> OwnProfileRead:
        """Add a work experience; without `occupation_uri`, the title is linked to an ESCO occupation if it can be."""
        return await self._save(request, db, user, profile_items.add_experience, data)

    @post("/analyse", guards=[roles(Role.RETURNEE)], status_code=200)
    async def analyse(self, request: Request, data: JSONBody[TextIn]) -> TextAnalysis:
        """Occupation and ESCO skills proposed from a text (a CV, a description; French or English)."""
        result = await cpu.run(profile_items.analyse_text, data.text, locale=context_of(request).locale)
        return TextAnalysis(
            occupations=[OccupationGuess(uri=s.id, label=s.label, score=s.score) for s in result["occupations"]],
            skills=[SkillGuess(uri=s.id, label=s.label, score=s.score, span=s.span) for s in result["skills"]],
        )


HANDLERS = [ProfileApi]
