"""Employers' vacancies (list, form, publish, close, delete, skill suggestions) and the public vacancy page."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import lifecycle as applications
from sankofa.core import choices, cpu
from sankofa.core.errors import Conflict, PermissionDenied, ValidationFailed
from sankofa.identity.models import Role, User
from sankofa.organisations.models import Organisation
from sankofa.vacancies import fields as vacancy_fields
from sankofa.vacancies import fit as vacancy_fit
from sankofa.vacancies import moderation
from sankofa.vacancies import posting as vacancy_posting
from sankofa.vacancies import reading as vacancies
from sankofa.vacancies.models import Vacancy
from web.dependencies import commit_despite_error, undo_refused
from web.guards import public, roles
from web.helpers import multi_form, page, see_other
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
employer_only = roles(Role.EMPLOYER)
SKILL_FIELDS = ("required_skills", "optional_skills")
LIST_FIELDS = frozenset({*SKILL_FIELDS, "languages"})


async def vacancy_form(request: Request) -> dict[str, Any]:
    """The vacancy form as `vacancy_fields.parse` reads it; typed autocomplete text stands in for a chosen id."""
    sent = await multi_form(request, list_fields=LIST_FIELDS)
    # A single field sent twice (a crafted or double-submitted form) counts once: its first value.
    form = {
        name: value if name in LIST_FIELDS or not isinstance(value, list) else value[0] for name, value in sent.items()
    }
    for name in ("occupation", "location"):
        if not str(form.get(name) or "").strip():
            form[name] = str(form.get(f"{name}_text") or "").strip()
    for name in SKILL_FIELDS:
        chosen = [item for item in form.get(name) or [] if item]
        added = str(form.pop(f"{name}_add", "") or "").strip()
        typed = str(form.pop(f"{name}_add_text", "") or "").strip()
        if added:
            chosen.append(added)
        elif typed:
            chosen.extend(part.strip() for part in typed.split(";") if part.strip())
        form[name] = list(dict.fromkeys(chosen))
    form["languages"] = [code for code in form.get("languages") or [] if code]
    return form


def _kept_text(values: dict[str, Any]) -> dict[str, str]:
    """Skill names that are not ids yet (they failed to link): shown back in the "add" boxes."""
    return {
        f"{name}_add_text": "; ".join(item for item in values.get(name) or [] if not item.startswith("http"))
        for name in SKILL_FIELDS
    }


def _language_options(values: dict[str, Any]) -> dict[str, str]:
    """The common languages, plus any other the vacancy asks for (imports may carry any ISO code)."""
    options = choices.languages()
    for code in values.get("languages") or []:
        options.setdefault(code, choices.language_name(code))
    return options


async def _form_page(
    request: Request,
    db: AsyncSession,
    *,
    org: Organisation,
    vacancy: Vacancy | None,
    values: dict[str, Any] | None = None,
    status: int = 200,
    errors: dict[str, str] | None = None,
    message: str = "",
    suggestions: vacancy_posting.SkillSuggestions | None = None,
) -> Template:
    locale = context_of(request).locale
    if values is None:
        assert vacancy is None or vacancy.id is not None
        skills = await vacancies.skills_of(db, vacancy.id) if vacancy and vacancy.id else []
        values = vacancy_fields.form_values(vacancy, skills) if vacancy else {"positions": "1"}
    return page(
        "vacancies/form.html",
        status=status,
        org=org,
        vacancy=vacancy,
        values={**values, **_kept_text(values)},
        labels=vacancies.form_labels(values, locale=locale),
        errors=errors or {},
        message=message,
        suggestions=suggestions,
        choices=choices,
        language_options=_language_options(values),
        currency_options=choices.currencies(),
        work_modes=vacancy_fields.work_modes(),
        salary_periods=vacancy_fields.salary_periods(),
        status_labels=vacancies.status_labels(),
    )


async def _reload(db: AsyncSession, *, user: User, public_id: uuid.UUID | None) -> tuple[Organisation, Vacancy | None]:
    org = await vacancies.employer_of(db, user)
    assert org.id is not None
    return org, (await vacancies.get_own(db, organisation_id=org.id, public_id=public_id) if public_id else None)


async def _submit(
    request: Request,
    db: AsyncSession,
    *,
    user: User,
    public_id: uuid.UUID | None,
) -> Template | Redirect:
    """Save (and publish, or suggest skills without saving): the form comes back with its values on any error."""
    org, existing = await _reload(db, user=user, public_id=public_id)
    form = await vacancy_form(request)
    action = str(form.pop("action", "") or "save")
    locale = context_of(request).locale
    if action == "suggest":  # the no-JavaScript way to the suggestions: the whole form comes back
        return await _suggest_page(request, db, org=org, vacancy=existing, form=form)
    try:
        vacancy = await vacancy_posting.save(
            db, user=user, public_id=public_id, form=form, locale=locale, ip=client_ip(request)
        )
    except ValidationFailed as exc:
        await undo_refused(db)  # objects are expired (and may hold rejected edits): load them again
        org, existing = await _reload(db, user=user, public_id=public_id)
        return await _form_page(request, db, org=org, vacancy=existing, values=form, status=422, errors=exc.errors)
    if action == "publish":
        return await _publish_or_explain(request, db, user=user, org=org, vacancy=vacancy)
    return see_other(f"/employer/vacancies?done=saved#v-{vacancy.public_id}")


async def _suggest_page(
    request: Request,
    db: AsyncSession,
    *,
    org: Organisation,
    vacancy: Vacancy | None,
    form: dict[str, Any],
) -> Template:
    try:
        found = await _suggestions(request, form)
    except ValidationFailed as exc:
        return await _form_page(request, db, org=org, vacancy=vacancy, values=form, status=422, errors=exc.errors)
    return await _form_page(request, db, org=org, vacancy=vacancy, values=form, suggestions=found)


async def _suggestions(request: Request, form: dict[str, Any]) -> vacancy_posting.SkillSuggestions:
    """Skills read from the description, in a worker thread (text analysis is CPU work)."""
    chosen = {item for name in SKILL_FIELDS for item in form.get(name) or []}
    return await cpu.run(
        vacancy_posting.suggest_skills,
        title=str(form.get("title") or ""),
        description=str(form.get("description") or ""),
        locale=context_of(request).locale,
        exclude=chosen,
    )


async def _publish_or_explain(
    request: Request,
    db: AsyncSession,
    *,
    user: User,
    org: Organisation,
    vacancy: Vacancy,
) -> Template | Redirect:
    """Publish; if the rules forbid it the (saved) draft's form says why."""
    public_id = vacancy.public_id
    try:
        async with db.begin_nested():  # a savepoint: a refused publication leaves the draft just saved
            await vacancy_posting.publish(db, user=user, public_id=public_id, ip=client_ip(request))
    except (PermissionDenied, ValidationFailed, Conflict) as exc:
        commit_despite_error(db)
        org, fresh = await _reload(db, user=user, public_id=public_id)
        errors = exc.errors if isinstance(exc, ValidationFailed) else {}
        return await _form_page(
            request, db, org=org, vacancy=fresh, status=exc.status, errors=errors, message=exc.message
        )
    return see_other(f"/employer/vacancies?done=published#v-{public_id}")


async def vacancy_page(
    request: Request,
    db: AsyncSession,
    *,
    user: User | None,
    public_id: uuid.UUID,
    status: int = 200,
    report_errors: dict[str, str] | None = None,
    report_values: dict[str, str] | None = None,
    reported: bool = False,
) -> Template:
    """The vacancy page (also re-shown by the report form when it has errors)."""
    vacancy, org, preview = await vacancies.for_page(db, public_id=public_id, user=user)
    assert vacancy.id is not None and org.id is not None
    fits = await vacancy_fit.fits_for(db, user=user, vacancies=[vacancy])
    rates = await applications.response_rates(db, organisation_ids=[org.id])
    return page(
        "vacancies/detail.html",
        status=status,
        view=await vacancies.view(db, vacancy, locale=context_of(request).locale),
        vacancy=vacancy,
        org=org,
        preview=preview,
        fit=fits.get(vacancy.id),
        apply_box=None if preview else await applications.apply_box(db, user=user, vacancy=vacancy),
        rate=rates.get(org.id),
        reasons=moderation.reasons(),
        report_errors=report_errors or {},
        report_values=report_values or {},
        reported=reported,
        status_labels=vacancies.status_labels(),
        max_details=moderation.MAX_DETAILS,
    )


class VacancyPages(Controller):
    """Employers' vacancies and the public vacancy page."""

    @get("/employer/vacancies", guards=[employer_only], include_in_schema=False)
    async def own_list(self, db: Db, user: CurrentUser, done: FromQuery[str] = "") -> Template:
        """The organisation's vacancies in every status, with application counts."""
        assert user is not None
        org = await vacancies.employer_of(db, user)
        assert org.id is not None
        rows = await vacancies.own_listing(db, organisation_id=org.id)
        return page("vacancies/list.html", org=org, rows=rows, done=done, status_labels=vacancies.status_labels())

    @get("/employer/vacancies/new", guards=[employer_only], include_in_schema=False)
    async def new_form(self, request: Request, db: Db, user: CurrentUser) -> Template:
        assert user is not None
        return await _form_page(request, db, org=await vacancies.employer_of(db, user), vacancy=None)

    @get("/employer/vacancies/{public_id:uuid}/edit", guards=[employer_only], include_in_schema=False)
    async def edit_form(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
    ) -> Template:
        assert user is not None
        org = await vacancies.employer_of(db, user)
        assert org.id is not None
        vacancy = await vacancies.get_own(db, organisation_id=org.id, public_id=public_id)
        return await _form_page(request, db, org=org, vacancy=vacancy)

    @post("/employer/vacancies/new", guards=[employer_only], include_in_schema=False)
    async def create(self, request: Request, db: Db, user: CurrentUser) -> Template | Redirect:
        assert user is not None
        return await _submit(request, db, user=user, public_id=None)

    @post("/employer/vacancies/{public_id:uuid}/edit", guards=[employer_only], include_in_schema=False)
    async def update(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
    ) -> Template | Redirect:
        assert user is not None
        return await _submit(request, db, user=user, public_id=public_id)

    @post("/employer/vacancies/suggest-skills", guards=[employer_only], include_in_schema=False)
    async def suggest_skills(self, request: Request, user: CurrentUser) -> Template:
        """htmx: checkboxes of skills found in the description, the strongest ticked (inserted into the form)."""
        form = await vacancy_form(request)
        try:
            found = await _suggestions(request, form)
        except ValidationFailed as exc:
            return page("vacancies/_skill_suggestions.html", status=422, suggestions=None, errors=exc.errors)
        return page("vacancies/_skill_suggestions.html", suggestions=found, errors={})

    @post("/employer/vacancies/{public_id:uuid}/publish", guards=[employer_only], include_in_schema=False)
    async def publish(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
    ) -> Template | Redirect:
        assert user is not None
        org = await vacancies.employer_of(db, user)
        vacancy = await vacancies.get_own(db, organisation_id=org.id or 0, public_id=public_id)
        return await _publish_or_explain(request, db, user=user, org=org, vacancy=vacancy)

    @post("/employer/vacancies/{public_id:uuid}/close", guards=[employer_only], include_in_schema=False)
    async def close(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
    ) -> Redirect:
        assert user is not None
        await vacancy_posting.close(db, user=user, public_id=public_id, ip=client_ip(request))
        return see_other(f"/employer/vacancies?done=closed#v-{public_id}")

    @post("/employer/vacancies/{public_id:uuid}/delete", guards=[employer_only], include_in_schema=False)
    async def delete(self, public_id: FromPath[uuid.UUID], db: Db, user: CurrentUser) -> Redirect:
        assert user is not None
        await vacancy_posting.delete(db, user=user, public_id=public_id)
        return see_other("/employer/vacancies?done=deleted")

    @get("/jobs/{public_id:uuid}", guards=[public], include_in_schema=False)
    async def vacancy_detail(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        reported: FromQuery[str] = "",
    ) -> Template:
        """Public while published by a verified employer before its deadline; its employer's members see previews."""
        return await vacancy_page(request, db, user=user, public_id=public_id, reported=bool(reported))


HANDLERS = [VacancyPages]
