"""What a template sees while one page renders: links relative to that page, and its citations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from briefing.model import BRIEFING_KINDS, LocatedText, Record, Source, Span, TextQuote
from briefing.render.lead import lead_sentence
from briefing.render.markdown import render_markdown
from briefing.render.urls import Linkable, record_path, relative
from briefing.textfragment import cited_words_url, fragment_url

if TYPE_CHECKING:
    from briefing.render.renderer import Renderer


@dataclass(frozen=True)
class CiteNote:
    """One entry of a page's "sources cited on this page" list."""

    number: int
    source: Source
    span: Span | None
    quote: str
    href: str  # the cited words on the source's page
    marker_href: str  # where a citation marker [n] leads: the words, or (in the print view) the note

    @property
    def paragraph(self) -> str:
        if self.span is None:
            return ""
        return self.source.outline[self.span.block].anchor

    @property
    def paragraph_label(self) -> str:
        if self.span is None:
            return ""
        return self.source.outline[self.span.block].display

    @property
    def original_href(self) -> str:
        """The cited words on the publisher's own page (a Text Fragment link); "" if its address is unknown."""
        if not self.source.url:
            return ""
        if self.span is None:
            return fragment_url(self.source.url, self.quote)
        texts = [block.text for block in self.source.blocks]
        return cited_words_url(self.source.url, texts, self.span.block, self.span.start, self.span.end)


def flag(record: Record | Linkable) -> Markup:
    """What stands beside every link to a withdrawn or discredited source (the templates' ``m.flag``)."""
    if record.kind != "source" or not getattr(record, "is_discredited", False):
        return Markup("")
    return Markup(f' <strong class="flag">{escape(getattr(record, "status", ""))}</strong>')


class PageContext:
    """Link and citation helpers bound to the page being rendered (``ctx`` in templates)."""

    def __init__(self, path: str, renderer: Renderer) -> None:
        self.path = path
        self.renderer = renderer
        self.notes: list[CiteNote] = []
        self._numbers: dict[tuple[str, str], int] = {}

    # -- links

    def url(self, target: Record | Linkable | str, anchor: str = "") -> str:
        """Link to a page or record; an ``anchor`` is an element of the record's own page."""
        if isinstance(target, str):
            path = target
        else:
            path = record_path(target) if anchor else self.record_target(target)
        if anchor:
            path = f"{path.partition('#')[0]}#{anchor}"
        return relative(self.path, path)

    def link(self, target: Record | Linkable | str | None, label: str = "") -> Markup:
        if target == "briefing":
            href = self.url("index.html", "bluf-heading")
            return Markup(f'<a href="{escape(href)}">{escape(label or "Bottom line up front")}</a>')
        record = self.renderer.briefing.label(target) if isinstance(target, str) else target
        if record is None:
            return Markup(escape(label or str(target)))
        text = label or record.label
        return Markup(f'<a href="{escape(self.url(record))}">{escape(text)}</a>') + flag(record)

    def wikilink(self, record_id: str, label: str) -> Markup:
        return self.link(record_id, label)

    def record_target(self, record: Record | Linkable) -> str:
        return record_path(record)

    # -- citations

    def citation(self, source_id: str, quote: str) -> Markup:
        span = self.renderer.briefing.citation_span(source_id, quote)
        note = self.note(source_id, span, quote)
        source = note.source
        where = f", {note.paragraph_label}" if note.paragraph_label else ""
        label = f"{source.publisher}, {source.published.human()}{where}"
        return Markup(
            f'<a class="cite" href="{escape(note.marker_href)}" title="{escape(label)}" '
            f'aria-label="citation {note.number}: {escape(label)}">[{note.number}]</a>'
        ) + flag(source)

    def cite(self, selector: TextQuote) -> CiteNote:
        return self.note(selector.source.id, selector.span, selector.quote)

    def note(self, source_id: str, span: Span | None, quote: str) -> CiteNote:
        key = (source_id, span.anchor if span else "")
        source = self.renderer.briefing.sources[source_id]
        if key not in self._numbers:
            self._numbers[key] = len(self.notes) + 1
            number = self._numbers[key]
            href = relative(self.path, f"{record_path(source)}#{span.anchor}" if span else record_path(source))
            self.notes.append(CiteNote(number, source, span, quote, href, self.marker_href(number, href)))
        return self.notes[self._numbers[key] - 1]

    def marker_href(self, number: int, href: str) -> str:
        return href

    # -- text

    def md(self, text: LocatedText | str | None, inline: bool = False) -> Markup:
        if text is None:
            return Markup("")
        return render_markdown(self.renderer.markdown, str(text), self, inline=inline)


PRINT_SECTIONS = {"topic": "topic", "event": "event", "claim": "claim", "quote": "quote", "source": "source"}


class PrintContext(PageContext):
    """``ctx`` for the one-page print view: records are sections of the same document, citations are endnotes.

    Links go to the record's section in this page when it has one (topics, events, quotes, claims,
    sources, key judgments, assumptions, alternatives, indicators); other records (people, places…) are
    named without a link, since a printed page cannot follow it.
    """

    def record_target(self, record: Record | Linkable) -> str:
        if record.kind in BRIEFING_KINDS:
            return f"{self.path}#{record.id}"
        prefix = PRINT_SECTIONS.get(record.kind)
        return f"{self.path}#{prefix}-{record.id}" if prefix else record_path(record)

    def link(self, target: Record | Linkable | str | None, label: str = "") -> Markup:
        if target == "briefing":
            return Markup(f'<a href="#bluf">{escape(label or "Bottom line up front")}</a>')
        record = self.renderer.briefing.label(target) if isinstance(target, str) else target
        if record is None or (record.kind not in PRINT_SECTIONS and record.kind not in BRIEFING_KINDS):
            return Markup(f'<span class="named">{escape(label or (record.label if record else str(target)))}</span>')
        return super().link(record, label)

    def marker_href(self, number: int, href: str) -> str:
        return f"#note-{number}"

    def lead(self, text: LocatedText | str | None) -> Markup:
        """The first sentence of ``text``, rendered inline: the summary on pages 1–2 of the PDF names each
        assumption and alternative by it (see :mod:`briefing.render.lead`)."""
        return self.md(lead_sentence(str(text)) if text is not None else None, inline=True)


class NotFoundContext(PageContext):
    """``ctx`` for ``404.html``, which a host serves in place of any missing page, in any folder.

    Relative links would resolve against the missing page's address, so with a ``base_url`` every link is
    absolute. Without one the links stay relative to the site's top folder: they work for missing
    addresses there, and for deeper ones only on hosts that redirect to the 404 page (documented).
    """

    def url(self, target: Record | Linkable | str, anchor: str = "") -> str:
        relative_url = super().url(target, anchor)
        base_url = self.renderer.briefing.info.base_url
        if not base_url or relative_url.startswith("#"):
            return relative_url
        return base_url.rstrip("/") + "/" + relative_url
