"""Bulk import of vacancies by CSV: upload, live progress, summary and error report; the template and its help."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Stream, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices
from sankofa.core.errors import ValidationFailed
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.imports import report as vacancy_import_report
from sankofa.imports import uploads as vacancy_import
from sankofa.organisations.models import OrgStatus
from sankofa.vacancies import fields as vacancy_fields
from web.dependencies import undo_refused
from web.guards import roles
from web.helpers import page, see_other
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
employers = roles(Role.EMPLOYER)


CSV_TYPE = "text/csv; charset=utf-8"


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _csv(content: bytes, filename: str) -> Response[bytes]:
    return Response(content, media_type=CSV_TYPE, headers=_attachment(filename))


async def _list_page(
    db: AsyncSession,
    *,
    user: User,
    settings: Settings,
    status: int = 200,
    errors: dict[str, str] | None = None,
    publish: bool = False,
) -> Template:
    org = await vacancy_import.employer_of(db, user=user)
    assert org.id is not None
    return page(
        "imports/list.html",
        status=status,
        imports=await vacancy_import.listing(db, organisation_id=org.id),
        verified=org.status == OrgStatus.VERIFIED,
        errors=errors or {},
        publish=publish,
        max_mb=settings.import_max_bytes // 1_000_000,
    )


class ImportPages(Controller):
    """Bulk import of vacancies by CSV."""

    @get("/employer/imports", guards=[employers], include_in_schema=False)
    async def import_list(self, db: Db, user: CurrentUser, settings: NamedDependency[Settings]) -> Template:
        """Past imports with their counts, and the upload form."""
        assert user is not None
        return await _list_page(db, user=user, settings=settings)

    @post(
        "/employer/imports",
        guards=[employers],
        include_in_schema=False,
        # Its own body limit (settings.import_max_bytes), set by create_app; other routes keep the small one.
        opt={"body_limit_setting": "import_max_bytes"},
    )
    async def upload(
        self,
        request: Request,
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Store the file and queue it; the next page follows its progress."""
        assert user is not None
        form = await request.form()
        upload_file = form.get("file")
        publish = form.get("publish") == "1"
        content = await upload_file.read() if isinstance(upload_file, UploadFile) else b""
        try:
            job = await vacancy_import.create(
                db,
                user=user,
                filename=upload_file.filename if isinstance(upload_file, UploadFile) else "",
                content=content,
                publish=publish,
                locale=context_of(request).locale,
                max_bytes=settings.import_max_bytes,
                ip=client_ip(request),
            )
        except ValidationFailed as exc:
            await undo_refused(db)
            return await _list_page(db, user=user, settings=settings, status=422, errors=exc.errors, publish=publish)
        return see_other(f"/employer/imports/{job.id}")

    @get("/employer/imports/template.csv", guards=[employers], include_in_schema=False)
    async def template_csv(
        self,
    ) -> Response[bytes]:
        """Every column and two example rows, UTF-8 with a BOM so Excel shows accents right."""
        return _csv(vacancy_import.template_csv(), "sankofa-vacancies-template.csv")

    @get("/employer/imports/help", guards=[employers], include_in_schema=False)
    async def column_help(self, settings: NamedDependency[Settings]) -> Template:
        """What each column means, its format, an example, and whether it is required."""
        return page(
            "imports/help.html",
            columns=vacancy_fields.COLUMNS,
            example=vacancy_import.TEMPLATE_ROWS[0],
            work_modes=vacancy_fields.work_modes(),
            salary_periods=vacancy_fields.salary_periods(),
            contract_types=choices.contract_types(),
            sectors=choices.sectors(),
            currencies=choices.CURRENCIES,
            max_mb=settings.import_max_bytes // 1_000_000,
        )

    @get("/employer/imports/{import_id:uuid}", guards=[employers], include_in_schema=False)
    async def import_detail(
        self,
        request: Request,
        import_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
    ) -> Template:
        """Progress while queued or running (htmx polls this URL for the progress block), then the summary."""
        assert user is not None
        org = await vacancy_import.employer_of(db, user=user)
        view = await vacancy_import.view(db, organisation_id=org.id or 0, import_id=import_id)
        polled = bool(request.headers.get("hx-request")) and not request.headers.get("hx-boosted")
        return page("imports/_progress.html" if polled else "imports/detail.html", view=view, job=view.job)

    @get("/employer/imports/{import_id:uuid}/errors.csv", guards=[employers], include_in_schema=False)
    async def error_report(self, import_id: FromPath[uuid.UUID], db: Db, user: CurrentUser, state: State) -> Stream:
        """The rows that were not imported, as they were, with the reasons in two added columns.

        Streamed from the stored report a chunk at a time; an import made before reports were stored gets its report
        built now, in a thread.
        """
        assert user is not None
        org = await vacancy_import.employer_of(db, user=user)
        job = await vacancy_import.get(db, organisation_id=org.id or 0, import_id=import_id)
        report = await vacancy_import_report.prepare(db, job=job)
        return Stream(
            vacancy_import_report.stream(state.session_factory, report=report),
            media_type="text/csv",  # Stream adds "; charset=utf-8" itself
            headers={
                **_attachment(f"sankofa-import-errors-{str(import_id)[:8]}.csv"),
                "Content-Length": str(report.size),
            },
        )


HANDLERS = [ImportPages]
