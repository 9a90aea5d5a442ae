"""Which template files the tests rendered: Jinja is hooked once per run, every environment (pages and mails).

A template counts as rendered when a render that loaded it (as the page itself, or through extends, include,
import or a rendered block) finished without raising: a page that answers 500 from its template does not count.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import jinja2
import jinja2_fragments
import jinja2_fragments.litestar

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = (ROOT / "web" / "templates", ROOT / "src" / "sankofa" / "core" / "mail_templates")

RENDERED: set[Path] = set()
_lock = threading.Lock()
# The templates loaded by the render in progress (None outside a render).
_loading: ContextVar[set[Path] | None] = ContextVar("template_loading", default=None)
_installed = False


def all_templates() -> set[Path]:
    """Every template file the app and the mail service can load."""
    return {path.resolve() for folder in TEMPLATE_DIRS for path in folder.rglob("*") if path.is_file()}


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _note_loaded(template: jinja2.Template) -> None:
    loading = _loading.get()
    if loading is not None and template.filename:
        loading.add(Path(template.filename).resolve())


def _tracked_render(render: Callable[..., Any], own: Callable[..., jinja2.Template | None]) -> Callable[..., Any]:
    """`render`, recording what it loaded once it returned; `own` picks the rendered template from the arguments."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        outer = _loading.get()
        loaded: set[Path] = set()
        token = _loading.set(loaded)
        try:
            result = render(*args, **kwargs)
        finally:
            _loading.reset(token)
        template = own(*args, **kwargs)
        if template is not None and template.filename:
            loaded.add(Path(template.filename).resolve())
        if outer is not None:
            outer |= loaded
        else:
            with _lock:
                RENDERED.update(loaded)
        return result

    return wrapper


def install() -> None:
    """Hook Jinja (idempotent): loading records into the current render, rendering commits on success."""
    global _installed
    if _installed:
        return
    _installed = True
    original_get = jinja2.Environment.get_template
    original_select = jinja2.Environment.select_template

    def get_template(self: jinja2.Environment, *args: Any, **kwargs: Any) -> jinja2.Template:
        template = original_get(self, *args, **kwargs)
        _note_loaded(template)
        return template

    def select_template(self: jinja2.Environment, *args: Any, **kwargs: Any) -> jinja2.Template:
        template = original_select(self, *args, **kwargs)
        _note_loaded(template)
        return template

    jinja2.Environment.get_template = get_template  # type: ignore[method-assign]
    jinja2.Environment.select_template = select_template  # type: ignore[method-assign]
    render = _tracked_render(jinja2.Template.render, lambda self, *args, **kwargs: self)
    jinja2.Template.render = render  # type: ignore[method-assign]

    def block_owner(environment: jinja2.Environment, template: Any, *args: Any, **kwargs: Any) -> jinja2.Template:
        return template if isinstance(template, jinja2.Template) else environment.get_template(template)

    render_block = _tracked_render(jinja2_fragments.render_block, block_owner)
    render_blocks = _tracked_render(jinja2_fragments.render_blocks, block_owner)
    for module in (jinja2_fragments, jinja2_fragments.litestar):
        module.render_block = render_block  # type: ignore[attr-defined]
        module.render_blocks = render_blocks  # type: ignore[attr-defined]
