"""HTTP controllers, one module per area."""

from __future__ import annotations

from web.controllers import (
    account,
    admin,
    api,
    auth,
    candidates,
    health,
    organisations,
    pages,
    partner,
    profiles,
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
]
