"""HTTP controllers, one module per area."""

from __future__ import annotations

from web.controllers import account, admin, api, auth, health, organisations, pages, vocabulary

ROUTE_HANDLERS = [
    *pages.HANDLERS,
    *auth.HANDLERS,
    *account.HANDLERS,
    *organisations.HANDLERS,
    *admin.HANDLERS,
    *api.HANDLERS,
    *health.HANDLERS,
    *vocabulary.HANDLERS,
]
