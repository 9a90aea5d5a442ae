"""A cheap structural check of rendered HTML: landmarks and containers closed in order, one main, no nesting
that browsers silently repair (a form in a form, a link in a link, a main inside a header...)."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements whose end tag is required: a missing or misplaced one moves the rest of the page somewhere else.
CHECKED = frozenset(
    {
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        "section",
        "article",
        "form",
        "div",
        "ul",
        "ol",
        "dl",
        "table",
        "fieldset",
        "details",
        "dialog",
        "figure",
        "a",
        "button",
        "label",
        "select",
        "textarea",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
# (element, ancestors it must not have): content models of the HTML standard that parsers "fix" silently.
FORBIDDEN_INSIDE = {
    "main": {"main", "header", "footer", "nav", "aside", "article", "section"},
    "form": {"form"},
    "a": {"a", "button"},
    "button": {"a", "button"},
    "header": {"header", "footer"},
    "footer": {"header", "footer"},
}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.problems: list[str] = []
        self.mains = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            # `{{ ' dir="ltr"' }}` in a template is escaped into dir=&#34;ltr&#34;: the browser reads the quotes
            # as part of the value, so the attribute silently does nothing.
            if value and value[0] in "\"'" and value[-1] == value[0]:
                self.problems.append(f"line {self.getpos()[0]}: <{tag} {name}={value}>: an escaped attribute")
        if tag not in CHECKED:
            return
        line = self.getpos()[0]
        open_tags = {name for name, _ in self.stack}
        if bad := FORBIDDEN_INSIDE.get(tag, set()) & open_tags:
            self.problems.append(f"line {line}: <{tag}> inside <{sorted(bad)[0]}>")
        if tag == "main" and not any(name == "hidden" for name, _ in attrs):
            self.mains += 1
        self.stack.append((tag, line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CHECKED:
            self.problems.append(f"line {self.getpos()[0]}: <{tag} /> is not a closed element in HTML")

    def handle_endtag(self, tag: str) -> None:
        if tag not in CHECKED:
            return
        line = self.getpos()[0]
        if not any(name == tag for name, _ in self.stack):
            self.problems.append(f"line {line}: </{tag}> closes nothing")
            return
        while self.stack:
            name, opened = self.stack.pop()
            if name == tag:
                return
            self.problems.append(f"line {line}: </{tag}> closes <{name}> opened on line {opened}")


def html_problems(html: str, *, full_page: bool) -> list[str]:
    """What is structurally wrong in `html`; `full_page` also asks for exactly one <main>."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    problems = checker.problems + [f"<{name}> opened on line {line} is never closed" for name, line in checker.stack]
    if full_page and checker.mains != 1:
        problems.append(f"{checker.mains} <main> elements (a page has exactly one)")
    return problems
