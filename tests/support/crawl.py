"""Follow every link the app shows, one sample per route shape, and collect what answered badly.

A link is an `a href`, a GET form's action (bare, and submitted with the form's own default values), an
`hx-get`, or an `hx-post` target that also answers GET. Links to /static, mailto:, tel:, other sites and logout are
not followed; language-switch links (`?lang=`) are left to a second pass over a few pages.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import httpx

from tests.support.html_check import html_problems

HOST = "testserver"
SKIPPED_PATHS = ("/static/", "/logout")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
TOKEN_RE = re.compile(r"^[A-Za-z0-9_\-]{20,}$")
TITLE_RE = re.compile(r"<(?:title|h1)[^>]*>([^<]*)<", re.IGNORECASE)
# Pages each role's crawl counted, for the run's summary (role -> (pages in French, pages in en/ar)).
PAGE_COUNTS: dict[str, tuple[int, int]] = {}


@dataclass(frozen=True)
class Link:
    url: str
    source: str
    how: str  # "a", "form", "hx-get", "hx-post", "redirect", "start"

    @property
    def htmx(self) -> bool:
        return self.how in {"hx-get", "hx-post"}


@dataclass
class Crawl:
    """What a crawl fetched and what went wrong, each failure with the page that showed the link."""

    role: str
    pages: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # the pages that were whole HTML documents
    failures: list[str] = field(default_factory=list)
    shapes: set[tuple[bool, str]] = field(default_factory=set)

    def report(self) -> str:
        return f"{self.role}: {len(self.pages)} pages, {len(self.failures)} failures\n" + "\n".join(self.failures)


class _Links(HTMLParser):
    """Links of one page: hrefs, GET forms (with their default values), hx-get and hx-post targets."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.found: list[tuple[str, str]] = []  # (how, raw url)
        self._form: tuple[str, list[tuple[str, str]]] | None = None
        self._select: tuple[str, str | None, bool] | None = None  # name, first option value, a selected one seen

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attrs_list}
        if tag == "a" and "href" in attrs:
            self.found.append(("a", attrs["href"]))
        for how in ("hx-get", "hx-post"):
            if attrs.get(how):
                target = attrs[how]
                if how == "hx-get" and tag == "input" and attrs.get("name"):
                    # htmx sends the triggering field's own value with a GET.
                    sep = "&" if "?" in target else "?"
                    target += sep + urlencode({attrs["name"]: attrs.get("value", "")})
                self.found.append((how, target))
        if tag == "form":
            if attrs.get("method", "get").lower() == "get":
                action = attrs.get("action") or self.page  # no action: the form submits to its own page
                self._form = (action, [])
                self.found.append(("form", action))
            return
        if self._form is None:
            return
        fields = self._form[1]
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    fields.append((name, attrs.get("value", "on")))
            elif kind not in {"submit", "button", "image", "reset", "file"}:
                fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = (name, None, False)
        elif tag == "option" and self._select is not None:
            select_name, first, chosen = self._select
            value = attrs.get("value", "")
            if "selected" in attrs and not chosen:
                fields.append((select_name, value))
                self._select = (select_name, first, True)
            elif first is None:
                self._select = (select_name, value, chosen)
        elif tag == "textarea" and name:
            fields.append((name, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self._form is not None:
            select_name, first, chosen = self._select
            if not chosen and first is not None:
                self._form[1].append((select_name, first))
            self._select = None
        elif tag == "form" and self._form is not None:
            action, fields = self._form
            if fields:  # a GET form replaces the action's query with its fields
                self.found.append(("form", action.split("?")[0] + "?" + urlencode(fields)))
            self._form = None


def _gist(response: httpx.Response) -> str:
    """What an error response says: its page title and message, or the start of its body."""
    text = response.text
    found = [" ".join(m.split()) for m in TITLE_RE.findall(text)]
    return " | ".join(found) if found else " ".join(text[:200].split())


def local_url(raw: str, *, page: str) -> str | None:
    """`raw` as a same-origin path?query to follow, or None for what is not crawled."""
    raw = raw.strip()
    if not raw or raw.startswith(("#", "mailto:", "tel:", "javascript:", "data:")) or "{{" in raw:
        return None
    parts = urlsplit(urljoin(f"http://{HOST}{page}", raw))
    if parts.scheme not in {"http", "https"} or parts.netloc != HOST:
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PATHS) or path == "/logout":
        return None
    if any(name == "lang" for name, _ in parse_qsl(parts.query, keep_blank_values=True)):
        return None  # the language switch: the second pass covers it
    return path + (f"?{parts.query}" if parts.query else "")


def links_of(html: str, *, page_url: str) -> list[tuple[str, str]]:
    """The (how, url) of every link on the page that a crawl follows."""
    parser = _Links(page_url)
    parser.feed(html)
    return [(how, url) for how, raw in parser.found if (url := local_url(raw, page=page_url)) is not None]


def route_shape(url: str) -> str:
    """/jobs/12?page=2&q=x and /jobs/13?q=y&page=3 are one shape; another query parameter name is another."""
    parts = urlsplit(url)
    segments = []
    for segment in parts.path.split("/"):
        if segment.isdigit():
            segments.append("{n}")
        elif UUID_RE.match(segment):
            segments.append("{uuid}")
        elif TOKEN_RE.match(segment) and any(c.isdigit() for c in segment):
            segments.append("{token}")
        else:
            segments.append(segment)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return "/".join(segments) + ("?" + "&".join(names) if names else "")


async def crawl(
    client: httpx.AsyncClient, *, role: str, start: list[str], signed_in: bool, max_pages: int = 400
) -> Crawl:
    """Breadth-first over the links shown to this client, one sample per (htmx or not, route shape)."""
    result = Crawl(role=role)
    queue = deque(Link(url, source="(start)", how="start") for url in start)
    while queue:
        link = queue.popleft()
        shape = (link.htmx, route_shape(link.url))
        if shape in result.shapes:
            continue
        result.shapes.add(shape)
        if len(result.pages) >= max_pages:
            result.failures.append(f"more than {max_pages} route shapes: ids not normalised? last {link.url}")
            break
        headers = {"HX-Request": "true"} if link.htmx else {}
        response = await client.get(link.url, headers=headers)
        status = response.status_code
        if link.how == "hx-post" and status == 405:
            continue  # a POST-only target: nothing to GET
        result.pages.append(link.url)
        where = f"{link.url} ({link.how} on {link.source})"
        if status >= 400:
            result.failures.append(f"{status} {where}: {_gist(response)}")
            continue
        if status in {301, 302, 303, 307, 308}:
            target = response.headers.get("location", "")
            followed = local_url(target, page=link.url)
            if signed_in and urlsplit(target).path == "/login":
                result.failures.append(f"{status} to the login page {where}")
            elif followed:
                queue.append(Link(followed, source=link.url, how="redirect"))
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        html = response.text
        full_page = not link.htmx and "<html" in html[:500]
        if full_page:
            result.documents.append(link.url)
        for problem in html_problems(html, full_page=full_page):
            result.failures.append(f"HTML {where}: {problem}")
        queue.extend(Link(url, source=link.url, how=how) for how, url in links_of(html, page_url=link.url))
    return result


async def language_pass(client: httpx.AsyncClient, *, pages: list[str], count: int = 6) -> tuple[int, list[str]]:
    """A few of the crawled pages in Arabic and English: the count fetched and the failures."""
    step = max(1, len(pages) // count)
    sample = pages[::step][:count]
    failures: list[str] = []
    fetched = 0
    for lang, direction in (("ar", "rtl"), ("en", "ltr")):
        for url in sample:
            sep = "&" if "?" in url else "?"
            target = f"{url}{sep}lang={lang}"
            response = await client.get(target)
            fetched += 1
            if response.status_code >= 400:
                failures.append(f"{response.status_code} {target} (language pass): {_gist(response)}")
            elif response.status_code == 200 and "<html" in response.text[:500]:
                # A page with its own `language` parameter (the CV) is written in that language, not the UI's.
                own_language = "language=" in url
                if not own_language and f'<html lang="{lang}" dir="{direction}">' not in response.text:
                    failures.append(f"{target} is not marked lang={lang} dir={direction}")
                failures.extend(f"HTML {target}: {p}" for p in html_problems(response.text, full_page=True))
    return fetched, failures
