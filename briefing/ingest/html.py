"""A saved HTML page as lines of text, with what its markup and an extractor say about each line.

The text import saves is the page's visible text, one block element per
line, in document order: everything a reader of the page could select, so
curation can account for every line (nothing vanishes inside an extractor).
Two signals come with it. The markup names what some lines are (a line
inside ``<nav>``, ``<figcaption>`` or a ``class="share"`` box), and
trafilatura, a well-kept article extractor, says which lines it takes for
the article. The page's declared metadata (title, site name, authors,
publication date) is read too; it is the page's own word, so it wins over a
guess from the lines.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from briefing.byline import is_organisation
from briefing.textmatch import squash

_TITLE_ELEMENT = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SEPARATOR_AT_START = re.compile(r"\s*[|–—:-]\s*")
_SEPARATOR_AT_END = re.compile(r"\s*[|–—:-]\s*$")

_HIDDEN = frozenset({"script", "style", "head", "template", "noscript", "svg", "title"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
        "section", "table", "td", "th", "tr", "ul", "time", "button",
    }
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed"})
# What an element is for, named by its tag or ARIA role; then by words in its class or id.
_TAG_REASONS = {
    "nav": "site navigation",
    "footer": "page footer",
    "aside": "box beside the article",
    "figcaption": "photo caption",
    "figure": "photo caption",
    "form": "form (search, sign-up or comment)",
    "button": "button label",
}
_ROLE_REASONS = {
    "navigation": "site navigation",
    "contentinfo": "page footer",
    "complementary": "box beside the article",
    "search": "form (search, sign-up or comment)",
}
_CLASS_REASONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(rf"(?:^|[-_\s]){words}(?:$|[-_\s])", re.IGNORECASE))
    for reason, words in (
        ("pull quote (repeats the article's words)", r"pull-?quote"),
        ("cookie notice", r"(cookies?|consent|gdpr)"),
        ("newsletter box", r"(newsletter|subscribe|subscription|sign-?up|paywall|promo)"),
        ("comment section", r"(comments?|cmt|cmt-?\w+|disqus|discussion)"),
        ("share bar", r"(share|sharing|social|share-?bar)"),
        ("list of other stories", r"(related|read-?more|read-?also|recommended|more-stories|most-read|trending|"
         r"key-?events|teaser|outbrain|taboola)"),
        ("photo caption", r"(caption|credit|photo-?credit|gallery)"),
        ("site navigation", r"(nav|navbar|navigation|menu|breadcrumbs?)"),
        ("tags", r"(tags?|keywords|topics)"),
        ("advertising", r"(ad|ads|advert|advertisement|sponsored?)"),
        ("page footer", r"(footer|copyright|colophon)"),
    )
)  # fmt: skip


class HtmlUnavailable(Exception):
    pass


@dataclass(frozen=True)
class PageLine:
    text: str
    markup_reason: str  # what the markup around it says it is ("site navigation (<nav>)"), or ""
    extracted: bool  # the extractor took it for article text


@dataclass(frozen=True)
class ExtractedPage:
    lines: list[PageLine]  # the declared title, byline and date the text does not show, then the visible text
    title: str  # declared by the page (og:title, JSON-LD headline, <h1>), or ""
    publisher: str
    language: str
    url: str
    extractor_found_text: bool = field(default=True)

    @property
    def text(self) -> str:
        return "".join(line.text + "\n" for line in self.lines)


def extract_page(html: bytes) -> ExtractedPage:
    """The visible text of an HTML page, line by line, with what the markup and trafilatura say of each line."""
    try:
        import trafilatura
        from htmldate import find_date
    except ImportError as exc:
        raise HtmlUnavailable(
            "importing an HTML page needs trafilatura: install the import extra, "
            "e.g. .venv/bin/pip install -e '.[import]' (scripts/preview and scripts/test install it)"
        ) from exc
    document = html.decode("utf-8", errors="replace")
    extract = trafilatura.extract(
        document, output_format="txt", include_comments=False, include_tables=True, favor_recall=True,
        deduplicate=False,
    ) or ""  # fmt: skip
    metadata = trafilatura.extract_metadata(document)
    title = (metadata.title or "") if metadata else ""
    byline = people_byline((metadata.author or "") if metadata else "")
    published = find_date(document, extensive_search=False, original_date=True) or ""
    visible = visible_blocks(document)
    declared = _not_visible([title, byline, published], [text for text, _ in visible])
    in_extract = _extracted_lines(extract)
    return ExtractedPage(
        lines=[PageLine(text, "", False) for text in declared]
        + [PageLine(text, reason, in_extract(text)) for text, reason in visible],
        title=title,
        publisher=_site_name((metadata.sitename or "") if metadata else "", site_in_title(document, title)),
        language=(metadata.language or "") if metadata else "",
        url=(metadata.url or "") if metadata else "",
        extractor_found_text=bool(extract.strip()),
    )


def _site_name(declared: str, in_title: str) -> str:
    """The site's name; a bare domain (what trafilatura falls back to) only when the <title> names none."""
    if not declared or ("." in declared and " " not in declared.strip()):
        return in_title or declared
    return declared


def _not_visible(declared: list[str], visible: list[str]) -> list[str]:
    """The declared title, byline and date that the page's text does not show: the header lines of the text
    import saves, so the front matter can quote them (they are the page's words, from its metadata)."""
    shown = {squash(text) for text in visible}
    return [value for value in declared if value and squash(value) not in shown]


def _extracted_lines(extract: str) -> Callable[[str], bool]:
    """Whether a visible line is text the extractor took: one of its lines, or a part of one."""
    lines = {squash(line) for line in extract.splitlines() if line.strip()}
    joined = squash(extract)

    def taken(text: str) -> bool:
        line = squash(text)
        return bool(line) and (line in lines or (len(line.split()) >= 4 and line in joined))

    return taken


def people_byline(authors: str) -> str:
    """'By A, B' from the page's declared authors ('A; B; Associated Press'), leaving out organisations."""
    people = [
        name.strip()
        for name in authors.split(";")
        if name.strip() and not is_organisation(name.strip()) and len(name.split()) <= 5
    ]
    return "By " + ", ".join(people) if people else ""


class _VisibleText(HTMLParser):
    """The text a browser shows of a page, one block element per line (what select-all would copy), each line
    with the reason the nearest telling element around it gives."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, str]] = []
        self.current: list[str] = []
        self.current_reason = ""
        self.open: list[tuple[str, str, bool]] = []  # (tag, reason it gives or "", hidden from the reader)
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
            return
        if tag in _BLOCKS:
            self._flush()
        if tag not in _VOID:
            attributes = dict(attrs)
            self.open.append((tag, _element_reason(tag, attributes), _is_hidden(attributes)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            return
        if tag in _BLOCKS:
            self._flush()
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self.hidden or any(hidden for _, _, hidden in self.open):
            return
        if not self.current or not "".join(self.current).strip():
            self.current_reason = next((reason for _, reason, _ in reversed(self.open) if reason), "")
        self.current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.append((text, self.current_reason))
        self.current = []
        self.current_reason = ""

    def close(self) -> None:
        super().close()
        self._flush()


def _is_hidden(attrs: dict[str, str | None]) -> bool:
    """Not shown to a reader: a ``hidden`` or ``aria-hidden`` element, or one styled ``display: none``."""
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "hidden" in attrs or attrs.get("aria-hidden") == "true" or "display:none" in style


def _element_reason(tag: str, attrs: dict[str, str | None]) -> str:
    if tag in _TAG_REASONS:
        return f"{_TAG_REASONS[tag]} (<{tag}>)"
    role = (attrs.get("role") or "").lower()
    if role in _ROLE_REASONS:
        return f'{_ROLE_REASONS[role]} (role="{role}")'
    for name in ("class", "id"):
        value = attrs.get(name) or ""
        for reason, pattern in _CLASS_REASONS:
            if pattern.search(value):
                return f'{reason} ({name}="{value}")'
    return ""


def visible_blocks(document: str) -> list[tuple[str, str]]:
    """Each line of the page's visible text, with the reason its markup gives (or "")."""
    parser = _VisibleText()
    parser.feed(document)
    parser.close()
    return parser.lines


def visible_lines(document: str) -> list[str]:
    return [text for text, _ in visible_blocks(document)]


def site_in_title(document: str, headline: str) -> str:
    """The site's name where the page's <title> is 'Headline – Site' or 'Site | Headline' around the
    headline the page declares; "" otherwise."""
    match = _TITLE_ELEMENT.search(document)
    headline = " ".join(headline.split())
    if not match or not headline:
        return ""
    title = " ".join(html_text.unescape(match.group(1)).split())
    if title.startswith(headline):
        rest = _SEPARATOR_AT_START.match(title[len(headline) :])
        other = title[len(headline) :][rest.end() :] if rest else ""
    elif title.endswith(headline):
        rest = _SEPARATOR_AT_END.search(title[: -len(headline)])
        other = title[: -len(headline)][: rest.start()] if rest else ""
    else:
        return ""
    return other.strip() if 0 < len(other.split()) <= 6 else ""
