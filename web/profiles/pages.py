"""The returnee's profile: overview, the multi-step editor (saves as you go), skills from a work description."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices, cpu, inputs, validation
from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.identity.models import Role, User
from sankofa.profiles import completeness, editor_access, visibility
from sankofa.profiles import editing as profiles
from sankofa.profiles import items as profile_items
from sankofa.profiles import view as profile_view
from sankofa.profiles.editor_access import STEPS
from sankofa.profiles.models import ReturneeProfile
from sankofa.profiles.visibility import ALL_GROUPS, Viewer
from sankofa.reference import vocabulary
from web.dependencies import commit_despite_error
from web.guards import roles
from web.helpers import page, see_other
from web.profiles.forms import profile_form
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
SAVERS = {
    "about": profiles.save_about,
    "return": profiles.save_return,
    "wishes": profiles.save_wishes,
    "visibility": profiles.save_visibility,
}
ADDERS = {
    "languages": profile_items.add_language,
    "education": profile_items.add_education,
    "certifications": profile_items.add_certification,
}
STEP_OF_KIND = {
    "experiences": "experience",
    "languages": "languages",
    "education": "languages",
    "certifications": "languages",
    "skills": "skills",
}
editors = roles(Role.RETURNEE, Role.PARTNER)


async def _editable(
    db: AsyncSession, user: User | None, public_id: uuid.UUID
) -> tuple[ReturneeProfile, Viewer, frozenset[str]]:
    """The profile, who edits it and the field groups they may see and change (403 for anyone else)."""
    assert user is not None
    profile = await profiles.by_public_id(db, public_id)
    viewer = await visibility.viewer_for(db, user)
    groups = await profiles.check_can_edit(db, profile=profile, viewer=viewer)
    return profile, viewer, groups


async def _step_page(
    request: Request,
    db: AsyncSession,
    *,
    profile: ReturneeProfile,
    viewer: Viewer,
    groups: frozenset[str],
    step: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    **extra: Any,
) -> Template:
    locale = context_of(request).locale
    view = await editor_access.step_view(
        db, profile=profile, viewer=viewer, groups=groups, step=step, locale=locale, ip=client_ip(request)
    )
    assisted = viewer.user.id != profile.user_id
    percent, next_steps = completeness.assess(view, helper_view=assisted, groups=groups)
    context: dict[str, Any] = {
        "profile": profile,
        "view": view,
        "groups": groups,
        "step": step,
        "steps": editor_access.offered_steps(groups),
        "percent": percent,
        "next_steps": next_steps,
        "errors": errors or {},
        "values": values or {},
        "choices": choices,
        "assisted": assisted,
        "subject": view.get("full_name") or view.get("handle") or "",
        "finish_url": _finish_url(profile, assisted=assisted),
        **extra,
    }
    if step == "wishes" and values:
        # After an error the form shows the jobs as they were sent (ticked, unticked or just added), not as saved.
        context["chosen_occupations"] = [
            {"uri": uri, "label": label}
            for uri in inputs.items(values, "desired_occupations")
            if (label := vocabulary.occupation_label(uri, locale)) is not None
        ]
    if step == "return":
        context["regions"] = await profiles.regions_by_country(db)
    if step == "visibility":
        context["partners"] = await profiles.partner_choices(db, profile=profile)
    return page("profiles/edit.html", status=status, **context)


def _finish_url(profile: ReturneeProfile, *, assisted: bool) -> str:
    """Where the editor ends: the returnee's own profile, or the caseworker's case file of that returnee."""
    return f"/partner/returnees/{profile.public_id}" if assisted else "/profile"


def _next(profile: ReturneeProfile, step: str, *, assisted: bool, groups: frozenset[str]) -> str:
    """The next step the editor offers, or the end of the editor after the last one."""
    steps = editor_access.offered_steps(groups)
    later = steps[steps.index(step) + 1 :] if step in steps else ()
    if later:
        return f"/profiles/{profile.public_id}/edit/{later[0]}"
    return _finish_url(profile, assisted=assisted)


class ProfilePages(Controller):
    """The returnee's profile and its multi-step editor."""

    @get("/profile", guards=[roles(Role.RETURNEE)], include_in_schema=False)
    async def my_profile(self, request: Request, db: Db, user: CurrentUser) -> Template:
        """The returnee's own profile at a glance, with completeness and next steps."""
        assert user is not None
        profile = await profiles.for_user(db, user)
        view = await profile_view.build(db, profile=profile, groups=ALL_GROUPS, locale=context_of(request).locale)
        percent, next_steps = completeness.assess(view)
        return page(
            "profiles/overview.html",
            profile=profile,
            view=view,
            percent=percent,
            next_steps=next_steps,
            choices=choices,
        )

    @get("/profiles/{public_id:uuid}/edit/{step:str}", guards=[editors], include_in_schema=False)
    async def edit_step(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        step: FromPath[str],
        db: Db,
        user: CurrentUser,
        suggest: FromQuery[int | None] = None,
    ) -> Template | Redirect:
        profile, viewer, groups = await _editable(db, user, public_id)
        if step not in STEPS:
            return see_other(f"/profiles/{public_id}/edit/about")
        editor_access.require_step(groups, step)
        extra: dict[str, Any] = {}
        if step == "experience" and suggest is not None:
            extra["suggestions"], extra["suggestion_acquired"] = await profile_items.suggestions_for_experience(
                db, profile=profile, viewer=viewer, experience_id=suggest, locale=context_of(request).locale
            )
        return await _step_page(request, db, profile=profile, viewer=viewer, groups=groups, step=step, **extra)

    @post("/profiles/{public_id:uuid}/edit/{step:str}", guards=[editors], include_in_schema=False)
    async def save_step(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        step: FromPath[str],
        db: Db,
        user: CurrentUser,
        autosave: FromQuery[bool] = False,
    ) -> Template | Redirect:
        """Save one step; a normal POST goes on to the next step, an htmx autosave answers with a status line."""
        profile, viewer, groups = await _editable(db, user, public_id)
        if step in STEPS:
            editor_access.require_step(groups, step)
        saver = SAVERS.get(step)
        if saver is None:
            return see_other(f"/profiles/{public_id}/edit/{step}")
        form = await profile_form(request, locale=context_of(request).locale)
        try:
            await saver(db, profile=profile, viewer=viewer, form=form)
        except ValidationFailed as exc:
            if autosave:
                return page("profiles/_save_status.html", status=422, errors=exc.errors, saved=False)
            commit_despite_error(db)  # the page shows the profile again: its access audit stays
            return await _step_page(
                request,
                db,
                profile=profile,
                viewer=viewer,
                groups=groups,
                step=step,
                status=422,
                errors=exc.errors,
                values=form,
            )
        if autosave:
            return page("profiles/_save_status.html", errors={}, saved=True)
        if form.get("stay"):
            return see_other(f"/profiles/{public_id}/edit/{step}?saved=1")
        return see_other(_next(profile, step, assisted=viewer.user.id != profile.user_id, groups=groups))

    @post("/profiles/{public_id:uuid}/items/{kind:str}", guards=[editors], include_in_schema=False)
    async def add_item(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        kind: FromPath[str],
        db: Db,
        user: CurrentUser,
    ) -> Template | Redirect:
        """Add an experience, language, education, certification, or skills (one typed, or several accepted)."""
        profile, viewer, groups = await _editable(db, user, public_id)
        form = await profile_form(request, locale=context_of(request).locale)
        step = STEP_OF_KIND.get(kind, "about")
        try:
            if kind == "skills":
                # A repeated `skill` field counts once: the first value, like every other single field.
                uris = inputs.items(form, "skills") or [inputs.text(form, "skill")]
                await profile_items.add_skills(
                    db,
                    profile=profile,
                    viewer=viewer,
                    uris=uris,
                    form=form,
                    source=inputs.text(form, "source") or "declared",
                )
            elif kind == "experiences":
                experience = await profile_items.add_experience(db, profile=profile, viewer=viewer, form=form)
                if experience.description or experience.title:
                    return see_other(f"/profiles/{public_id}/edit/experience?suggest={experience.id}#suggestions")
            elif kind in ADDERS:
                await ADDERS[kind](db, profile=profile, viewer=viewer, form=form)
            else:
                return see_other(f"/profiles/{public_id}/edit/about")
        except ValidationFailed as exc:
            commit_despite_error(db)  # the page shows the profile again: its access audit stays
            return await _step_page(
                request,
                db,
                profile=profile,
                viewer=viewer,
                groups=groups,
                step=step,
                status=422,
                errors=exc.errors,
                values=form,
                failed=kind,
            )
        return see_other(f"/profiles/{public_id}/edit/{step}#{kind}")

    @post("/profiles/{public_id:uuid}/analyse", guards=[editors], include_in_schema=False)
    async def analyse(self, request: Request, public_id: FromPath[uuid.UUID], db: Db, user: CurrentUser) -> Template:
        """Propose an occupation and ESCO skills from a work description or a pasted CV."""
        profile, viewer, groups = await _editable(db, user, public_id)
        editor_access.require_item(groups, "experiences")
        form = await profile_form(request, locale=context_of(request).locale)
        text = inputs.text(form, "text")
        try:
            suggestions = await cpu.run(profile_items.analyse_text, text, locale=context_of(request).locale)
        except ValidationFailed as exc:
            commit_despite_error(db)  # the page shows the profile again: its access audit stays
            return await _step_page(
                request,
                db,
                profile=profile,
                viewer=viewer,
                groups=groups,
                step="experience",
                status=422,
                errors=exc.errors,
                values={"text": text[:60_000]},
            )
        return await _step_page(
            request,
            db,
            profile=profile,
            viewer=viewer,
            groups=groups,
            step="experience",
            suggestions=suggestions,
            values={"text": text, "title": inputs.text(form, "title")},
        )

    @post("/profiles/{public_id:uuid}/skills/{skill_id:int}", guards=[editors], include_in_schema=False)
    async def update_skill(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        skill_id: FromPath[int],
        db: Db,
        user: CurrentUser,
    ) -> Redirect:
        profile, viewer, _groups = await _editable(db, user, public_id)
        form = await profile_form(request, locale=context_of(request).locale)
        await profile_items.update_skill(db, profile=profile, viewer=viewer, skill_id=skill_id, form=form)
        return see_other(f"/profiles/{public_id}/edit/skills#skills")

    @post("/profiles/{public_id:uuid}/items/{kind:str}/{item_id:int}/delete", guards=[editors], include_in_schema=False)
    async def remove_item(
        self, public_id: FromPath[uuid.UUID], kind: FromPath[str], item_id: FromPath[int], db: Db, user: CurrentUser
    ) -> Redirect:
        profile, viewer, _groups = await _editable(db, user, public_id)
        await profile_items.remove_item(db, profile=profile, viewer=viewer, kind=kind, item_id=item_id)
        return see_other(f"/profiles/{public_id}/edit/{STEP_OF_KIND.get(kind, 'about')}#{kind}")

    @post("/profiles/{public_id:uuid}/consents", guards=[roles(Role.RETURNEE)], include_in_schema=False)
    async def consent(self, request: Request, public_id: FromPath[uuid.UUID], db: Db, user: CurrentUser) -> Redirect:
        """Give or withdraw a reintegration partner's access."""
        profile, viewer, _groups = await _editable(db, user, public_id)
        form = await profile_form(request, locale=context_of(request).locale)
        organisation_id, wrong = validation.whole_number(inputs.text(form, "organisation_id"), low=1, high=2**31 - 1)
        if organisation_id is None or wrong:
            raise ValidationFailed({"organisation_id": _("Choose an organisation from the list.")})
        await profiles.set_partner_consent(
            db,
            profile=profile,
            viewer=viewer,
            organisation_id=organisation_id,
            consent=inputs.text(form, "consent") == "on",
        )
        return see_other(f"/profiles/{public_id}/edit/visibility#partners")


HANDLERS = [ProfilePages]
