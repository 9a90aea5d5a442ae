"""Every template file (pages, partials, mails) is rendered by some test of the run.

A template no test renders is a page nobody has looked at since it last changed. The last test of a whole-suite
run (tests/conftest.py puts it last; a partial run deselects it unless it is named) compares what the run rendered,
recorded by tests/support/templates.py, with the files on disk.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import jinja2

from tests.support import templates


def test_rendering_a_page_records_its_layout_and_includes_but_a_failed_render_records_nothing(tmp_path: Path):
    (tmp_path / "base.html").write_text("<main>{% block body %}{% endblock %}</main>")
    (tmp_path / "_part.html").write_text("part")
    (tmp_path / "page.html").write_text(
        '{% extends "base.html" %}{% block body %}{% include "_part.html" %}{% endblock %}'
    )
    (tmp_path / "broken.html").write_text('{% include "_other.html" %}{{ missing.attribute }}')
    (tmp_path / "_other.html").write_text("other")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), undefined=jinja2.StrictUndefined)
    before = set(templates.RENDERED)
    try:
        templates.RENDERED.clear()
        assert env.get_template("page.html").render() == "<main>part</main>"
        with contextlib.suppress(jinja2.UndefinedError):
            env.get_template("broken.html").render()
        names = {path.name for path in templates.RENDERED}
        assert names == {"base.html", "_part.html", "page.html"}
    finally:
        templates.RENDERED.clear()
        templates.RENDERED.update(before)


def test_every_template_is_rendered_by_some_test():
    missing = sorted(templates.relative(path) for path in templates.all_templates() - templates.RENDERED)
    assert not missing, (
        f"{len(missing)} template(s) that no test of this run rendered without error "
        "(GET the page, trigger the mail, or raise the error):\n" + "\n".join(missing)
    )
