"""Response bodies of the applications API, typed."""

from __future__ import annotations

from sankofa.profiles.schemas import ProfileRead, Read


class VacancyRef(Read):
    id: str
    title: str


class EmployerApplicationRead(Read):
    """An application to one of the caller's vacancies; the applicant as the organisation may see them."""

    id: int
    vacancy: VacancyRef
    status: str
    message: str
    applied_at: str | None
    updated_at: str | None
    employer_touched_at: str | None
    stale: bool
    next_statuses: list[str]
    applicant: ProfileRead


class OwnApplicationRead(Read):
    """One of the returnee's own applications."""

    id: int
    vacancy: VacancyRef
    organisation: str
    status: str
    applied_at: str | None
    updated_at: str | None
    unread_messages: int


class EmployerApplications(Read):
    results: list[EmployerApplicationRead]


class OwnApplications(Read):
    results: list[OwnApplicationRead]
