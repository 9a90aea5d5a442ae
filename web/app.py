"""create_app(): the Litestar application."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from litestar import Litestar
from litestar._asgi.utils import wrap_in_exception_handler  # the app's own wrapper, around our middleware
from litestar.datastructures import State
from litestar.di import Provide
from litestar.plugins.htmx import HTMXPlugin
from litestar.static_files import create_static_files_router

from sankofa.core.db.engine import make_engine, make_session_factory
from sankofa.core.settings import Settings, get_settings
from sankofa.ranking import index as ranking_index
from sankofa.reference import vocabulary
from sankofa.search import cache as search_cache
from web import openapi
from web.api_types import strict_body
from web.dependencies import note_answer, provide_db, provide_search_db, provide_settings, provide_user
from web.errors import EXCEPTION_HANDLERS
from web.middleware import allowed_methods, context_middleware, headers_middleware
from web.routes import ROUTE_HANDLERS
from web.session_hooks import csrf_guard
from web.templating import template_config

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, *, database_url: str | None = None) -> Litestar:
    """Build the app. `database_url` overrides the settings' (the run command and tests pass it)."""
    settings = settings or get_settings()
    if database_url:
        settings = replace(settings, database_url=database_url)
    if not settings.database_url:
        raise RuntimeError("SANKOFA_DATABASE_URL is not set; start Sankofa with `sankofa run` or set it")
    state = State({"settings": settings})

    async def on_startup(app: Litestar) -> None:
        engine = make_engine(
            settings.database_url or "",
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_pool_size // 2,
            pool_timeout=settings.db_pool_timeout,
            application_name="sankofa-web",
        )
        app.state.engine = engine
        app.state.session_factory = make_session_factory(engine)
        # The job search may read from a replica: a national load of searches then spares the primary. Its
        # sessions only read, in autocommit: no BEGIN and ROLLBACK round trips around each search.
        app.state.search_engine = None
        if settings.search_database_url:
            app.state.search_engine = make_engine(
                settings.search_database_url,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_pool_size // 2,
                pool_timeout=settings.db_pool_timeout,
                application_name="sankofa-search",
            )
        search_bind = (app.state.search_engine or engine).execution_options(isolation_level="AUTOCOMMIT")
        app.state.search_session_factory = make_session_factory(search_bind)
        # Load the text engine in the background: the first autocomplete need not pay for it.
        app.state.warm_up = asyncio.get_running_loop().run_in_executor(None, vocabulary.warm_up)
        # The ranking index loads in the background too, then follows the changes the worker stores.
        app.state.live_index = ranking_index.LiveIndex()
        app.state.ranking_follower = ranking_index.Follower(app.state.live_index, settings.database_url or "")
        app.state.ranking_follower.start()
        # Anonymous searches are answered from memory while the database announces no change.
        app.state.search_listener = search_cache.start(
            settings.database_url or "", entries=settings.search_cache_entries
        )

    async def on_shutdown(app: Litestar) -> None:
        await asyncio.to_thread(app.state.ranking_follower.stop)
        if app.state.search_listener is not None:
            await asyncio.to_thread(app.state.search_listener.stop)
        await app.state.engine.dispose()
        if app.state.search_engine is not None:
            await app.state.search_engine.dispose()

    app = Litestar(
        route_handlers=[
            *ROUTE_HANDLERS,
            create_static_files_router(
                path="/static", directories=[STATIC_DIR], guards=[], name="static", include_in_schema=False
            ),
        ],
        state=state,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        dependencies={
            "db": Provide(provide_db),
            "search_db": Provide(provide_search_db),
            "settings": Provide(provide_settings, sync_to_thread=False),
            "user": Provide(provide_user, sync_to_thread=False),
        },
        guards=[csrf_guard],
        before_request=strict_body,
        after_request=note_answer,
        exception_handlers=EXCEPTION_HANDLERS,
        template_config=template_config(reload=settings.debug),
        plugins=[HTMXPlugin()],
        openapi_config=openapi.config(),
        request_max_body_size=settings.max_body_bytes,
        debug=settings.debug,
    )
    openapi.document(app)
    app.state.allowed_methods = allowed_methods(app.routes)
    # Upload routes name the setting holding their own body limit in `opt` (decorators cannot read settings).
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if limit_setting := handler.opt.get("body_limit_setting"):
                handler.request_max_body_size = getattr(settings, limit_setting)
    # Route middleware only runs for a matched route, so an unknown address (404) or method (405) would get an
    # error page without the security headers and in the wrong language. Both middlewares wrap the router
    # instead: the context is built before routing, the headers go on every response, error pages included.
    app.asgi_handler = headers_middleware(wrap_in_exception_handler(app=context_middleware(app.asgi_router)))
    return app
