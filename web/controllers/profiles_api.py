"""JSON API for the returnee's own profile (mobile apps, partners' tools). Errors name the wrong fields (422)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa import cpu
from sankofa.db.models import Role, User
from sankofa.errors import NotFound
from sankofa.i18n import gettext as _
from sankofa.services import completeness, profile_items, profile_view, profiles, validation, visibility
from sankofa.services.visibility import ALL_GROUPS
from web.guards import roles
from web.state import context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
SECTIONS = {
    "about": profiles.save_about,
    "return": profiles.save_return,
    "wishes": profiles.save_wishes,
    "visibility": profiles.save_visibility,
}


def as_form(data: dict[str, Any]) -> dict[str, Any]:
    """JSON values as the strings (and lists of strings) the form services read."""
    form: dict[str, Any] = {}
    for key, value in validation.clean_tree(data).items():
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

    async def _view(self, request: Request, db: AsyncSession, profile: Any) -> dict[str, Any]:  # type: ignore[type-arg]
        view = await profile_view.build(db, profile=profile, groups=ALL_GROUPS, locale=context_of(request).locale)
        percent, steps = completeness.assess(view)
        return {**view, "completeness": percent, "next_steps": [{"message": s.message, "step": s.step} for s in steps]}

    @get("/", guards=[roles(Role.RETURNEE)])
    async def read(self, request: Request, db: Db, user: CurrentUser) -> dict[str, Any]:  # type: ignore[type-arg]
        """My whole profile, with completeness and next steps."""
        profile, _viewer = await self._mine(db, user)
        return await self._view(request, db, profile)

    @put("/{section:str}", guards=[roles(Role.RETURNEE)])
    async def save(
        self,
        request: Request,
        section: FromPath[str],
        data: JSONBody[dict[str, Any]],
        db: Db,  # type: ignore[type-arg]
        user: CurrentUser,
    ) -> dict[str, Any]:
        """Replace one section: about, return, wishes or visibility."""
        saver = SECTIONS.get(section)
        if saver is None:
            raise NotFound(_("The page you asked for does not exist or was moved."))
        profile, viewer = await self._mine(db, user)
        await saver(db, profile=profile, viewer=viewer, form=as_form(data))
        return await self._view(request, db, profile)

    @post("/skills", guards=[roles(Role.RETURNEE)], status_code=200)
    async def add_skills(
        self,
        request: Request,
        data: JSONBody[dict[str, Any]],
        db: Db,  # type: ignore[type-arg]
        user: CurrentUser,
    ) -> dict[str, Any]:
        """Add ESCO skills: {"skills": [uri, ...], "level": "advanced", "acquired": "host"}."""
        profile, viewer = await self._mine(db, user)
        uris = data.get("skills") if isinstance(data.get("skills"), list) else []
        await profile_items.add_skills(
            db,
            profile=profile,
            viewer=viewer,
            uris=[str(u) for u in uris or []],
            form=as_form({k: v for k, v in data.items() if k != "skills"}),
        )
        return await self._view(request, db, profile)

    @post("/experiences", guards=[roles(Role.RETURNEE)], status_code=201)
    async def add_experience(
        self,
        request: Request,
        data: JSONBody[dict[str, Any]],
        db: Db,  # type: ignore[type-arg]
        user: CurrentUser,
    ) -> dict[str, Any]:
        profile, viewer = await self._mine(db, user)
        await profile_items.add_experience(db, profile=profile, viewer=viewer, form=as_form(data))
        return await self._view(request, db, profile)

    @post("/analyse", guards=[roles(Role.RETURNEE)], status_code=200)
    async def analyse(self, request: Request, data: JSONBody[dict[str, Any]]) -> dict[str, Any]:  # type: ignore[type-arg]
        """Occupation and ESCO skills proposed from {"text": "..."} (FR/EN, at most 50,000 characters)."""
        result = await cpu.run(
            profile_items.analyse_text, str(data.get("text") or ""), locale=context_of(request).locale
        )
        return {
            "occupations": [{"uri": s.id, "label": s.label, "score": s.score} for s in result["occupations"]],
            "skills": [{"uri": s.id, "label": s.label, "score": s.score, "span": s.span} for s in result["skills"]],
        }
