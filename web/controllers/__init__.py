"""HTTP controllers, one module per area."""

from __future__ import annotations

from web.controllers import (
    account,
    admin,
    alerts,
    api,
    applications,
    auth,
    candidates,
    health,
    jobs,
    moderation,
    organisations,
    pages,
    partner,
    profiles,
    recommendations,
    vacancies,
    vacancies_api,
    vacancy_imports,
    vocabulary,
)

ROUTE_HANDLERS = [
    *pages.HANDLERS,
    *auth.HANDLERS,
    *account.HANDLERS,
    *organisations.HANDLERS,
    *admin.HANDLERS,
    *api.HANDLERS,
    *health.HANDLERS,
    *vocabulary.HANDLERS,
    *profiles.HANDLERS,
    *partner.HANDLERS,
    *candidates.HANDLERS,
    *vacancies.HANDLERS,
    *moderation.HANDLERS,
    *vacancy_imports.HANDLERS,
    *vacancies_api.HANDLERS,
    *jobs.HANDLERS,
    *alerts.HANDLERS,
    *applications.HANDLERS,
    *recommendations.HANDLERS,
]
