"""Stage 2 — validate and resolve.

Checks what the schema cannot see on its own: each source against its raw
capture (``curation``), every reference to an id, every ``[[link]]`` and
``[@citation]`` in Markdown, and every quoted passage against its source's
words (recording where it was found, so the site can link to it).

``validate`` is written as queries (:mod:`briefing.incremental.queries`): what checking a record found is
reused while the record, the sources it quotes or cites, and the ids with their kinds are the same.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import partial
from itertools import chain, compress, repeat

from briefing.curation import check_source
from briefing.diagnostics import Diagnostic, Diagnostics
from briefing.ids import malformed_problem, reserved_problem, unknown_id_problem, wrong_kind_problem
from briefing.incremental.queries import Queries, own_id
from briefing.markup import citations, content_link_problem, content_links, malformed_marks, wikilinks
from briefing.model import (
    RECORDS,
    Briefing,
    Citation,
    LocatedText,
    Record,
    Ref,
    Source,
    Span,
    SpanPlaces,
    TextQuote,
    span_places,
)
from briefing.nearest import closest_passage
from briefing.origins import check_origins
from briefing.textmatch import find_occurrences
from briefing.withdrawals import report_withdrawals

OCCURRENCES = "occurrences"  # where each quote (with its prefix and suffix) occurs in its source
# Confidence said in words, as ICD 203 has it: "high confidence", "moderately confident"…
CONFIDENCE_WORDS = re.compile(r"\b(?:high|moderate|medium|low)(?:ly)?[\s-]+confiden(?:ce|t)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Checked:
    """What checking one record found."""

    diagnostics: list[Diagnostic]
    citations: list[Citation]  # of its Markdown, located
    spans: SpanPlaces | None  # where its quoted passages were found, if it quotes any


def validate(briefing: Briefing, diagnostics: Diagnostics, queries: Queries | None = None) -> None:
    """Check the briefing, adding what is wrong to ``diagnostics``, and locate its quoted passages.
    ``queries``: those of the last briefing validated, whose findings are reused where what they were made
    from is the same; a new one checks every record."""
    q = queries or Queries()
    q.begin(briefing.record_tables() | {"raw": briefing.raw_digests, "capture": briefing.capture_digests})
    checked_sources = q.per_record(
        "sources", ("sources",), partial(check_source, briefing), reads={"raw": own_id, "capture": own_id}
    )
    diagnostics.extend(chain.from_iterable(checked_sources.values()))
    kinds = q.per_record("kinds", RECORDS, _kind)
    checker = _Checker(briefing, diagnostics, q, kinds)
    for ref in briefing.info.topics:
        checker.check_ref(ref)
    if briefing.info.bluf:
        briefing.citations += checker.check_text("briefing", briefing.info.bluf)
        checker.check_bluf_confidence()

    def check(record: Record) -> _Checked:
        found = Diagnostics()
        citations, spans = _Checker(briefing, found, q, kinds).check_record(record)
        return _Checked(found.sorted(), citations, spans)

    # a reference is checked against every id and its kind, and may name an id that failed to load
    ids = q.version("ids", (kinds, frozenset(briefing.broken_ids)))
    checked = q.per_record(
        "records", RECORDS, check, reads={"sources": _cited_source_ids}, context=ids, cached=(OCCURRENCES,)
    )
    _gather(briefing, diagnostics, checked)
    report_withdrawals(briefing, diagnostics)


_DIAGNOSTICS = operator.attrgetter("diagnostics")
_CITATIONS = operator.attrgetter("citations")
_SPANS = operator.attrgetter("spans")


def _gather(briefing: Briefing, diagnostics: Diagnostics, checked: dict[str, _Checked]) -> None:
    """What checking the records found, in record order: their problems, citations and quoted spans.

    Every rebuild gathers them from tens of thousands of records, so the loops run in C (``map``, ``chain``,
    ``compress``)."""
    values = checked.values()
    diagnostics.extend(chain.from_iterable(map(_DIAGNOSTICS, values)))
    briefing.citations += chain.from_iterable(map(_CITATIONS, values))
    spans = list(map(_SPANS, values))
    briefing.spans = dict(compress(zip(checked, spans, strict=True), map(operator.is_not, spans, repeat(None))))


def _kind(record: Record) -> str:
    return record.kind


def _cited_source_ids(record: Record) -> tuple[str, ...]:
    """The sources a record quotes, and those its Markdown cites."""
    quoted = [selector.source.id for selector in record.contents.text_quotes]
    return (*quoted, *(mark.source for text in record.contents.texts for mark in citations(text)))


class _Checker:
    def __init__(self, briefing: Briefing, diagnostics: Diagnostics, queries: Queries, kinds: dict[str, str]) -> None:
        self.briefing = briefing
        self.diagnostics = diagnostics
        self.queries = queries
        self.kinds = kinds  # every id, with its record's kind

    def check_record(self, record: Record) -> tuple[list[Citation], SpanPlaces | None]:
        """Check one record; returns its located citations and where its quoted passages were found."""
        self.check_id(record)
        for ref in record.contents.refs:
            self.check_ref(ref)
        selectors = record.contents.text_quotes
        for selector in selectors:
            self.locate(selector)
        spans = span_places(selectors) if selectors else None
        found = [citation for text in record.contents.texts for citation in self.check_text(record.id, text)]
        check_origins(record, self.briefing, self.diagnostics)
        return found, spans

    # -- ids and references

    def check_id(self, record: Record) -> None:
        """An id that is a valid slug may still be taken by the site: a page's name, or an element's."""
        found = reserved_problem(record.id, record.kind)
        if found is not None:
            is_error, problem = found
            report = self.diagnostics.error if is_error else self.diagnostics.warning
            report(record.where("id"), *problem)

    def check_ref(self, ref: Ref) -> bool:
        known = self.kinds
        if ref.id not in known:
            if ref.id not in self.briefing.broken_ids:
                candidates = [i for i, k in known.items() if not ref.kinds or k in ref.kinds]
                self.diagnostics.error(ref.location, *unknown_id_problem(ref.id, ref.kinds, candidates))
            return False
        if ref.kinds and known[ref.id] not in ref.kinds:
            candidates = [i for i, k in known.items() if k in ref.kinds]
            self.diagnostics.error(ref.location, *wrong_kind_problem(ref.id, known[ref.id], ref.kinds, candidates))
            return False
        return True

    # -- quotes

    def locate(self, selector: TextQuote) -> Span | None:
        selector.span = None  # records are reused between builds: never keep a span found last time
        source = self.briefing.sources.get(selector.source.id)
        if source is None:
            return None
        quote, prefix, suffix = selector.quote, selector.prefix, selector.suffix
        found = self.queries.cached(
            OCCURRENCES,
            (source.id, quote, prefix, suffix),
            (source,),
            lambda: find_occurrences(quote, source.normalised_blocks, prefix, suffix),
        )
        if len(found) == 1:
            occurrence = found[0]
            text = source.blocks[occurrence.block].text
            selector.span = Span.found(source.id, occurrence.block, text, occurrence.start, occurrence.end)
            return selector.span
        if not found:
            self._quote_missing(selector, source)
        else:
            anchors = ", ".join(source.blocks[o.block].anchor for o in found)
            self.diagnostics.error(
                selector.quote_location,
                "ambiguous-quote",
                f"the quoted words occur {len(found)} times in '{selector.source.id}' (at {anchors})",
                "add 'prefix:' or 'suffix:' with the words just before or after the one you mean, or quote more words",
            )
        return None

    def _quote_missing(self, selector: TextQuote, source: Source) -> None:
        if find_occurrences(selector.quote, source.normalised_blocks):
            message = "the quoted words are in the source, but not with this prefix/suffix"
        else:
            message = f"quote not found in source '{selector.source.id}': {selector.quote[:80]!r}"
        passage = closest_passage(selector.quote, source.normalised_blocks)
        hint = "quote the source's exact words (quotes, dashes and spacing may differ)"
        if passage is not None and passage.is_sentence:
            anchor = source.blocks[passage.block].anchor
            hint = (
                f"a quote is the source's exact words, not a paraphrase: the sentence sharing most of its words "
                f"({anchor}) is {passage.text!r}; copy the words you mean from it"
            )
        elif passage is not None:
            anchor = source.blocks[passage.block].anchor
            hint = f"closest passage ({anchor}, {passage.similarity:.0%} similar): {passage.text!r}"
        self.diagnostics.error(selector.quote_location, "quote-not-found", message, hint)

    # -- Markdown

    def check_text(self, owner: str, text: LocatedText) -> list[Citation]:
        """Check the links and citations of one Markdown text; returns its citations, located."""
        found = []
        self.check_links(text)
        for link in wikilinks(text):
            self.check_ref(Ref(link.target, link.location))
        for mark in citations(text):
            ref = Ref(mark.source, mark.location, ("source",))
            if not self.check_ref(ref):
                continue
            citation = Citation(source=ref, quote=mark.quote, location=mark.location, owner=owner)
            if mark.quote:
                self.locate(citation)
            found.append(citation)
        return found

    def check_links(self, text: LocatedText) -> None:
        """Markdown links and images into the site (see ``content_link_problem``), and ``[[…]]`` or ``[@…]``
        that are not links or citations, reported where they are written."""
        for link in content_links(text):
            problem = content_link_problem(link, self.kinds)
            if problem is not None:
                self.diagnostics.error(link.location, "content-link", *problem)
        for mark in malformed_marks(text):
            kinds = ("source",) if mark.citation else ()
            candidates = [i for i, k in self.kinds.items() if not kinds or k in kinds]
            problem = malformed_problem(mark.written, mark.target, mark.citation, candidates)
            self.diagnostics.error(mark.location, *problem)

    def check_bluf_confidence(self) -> None:
        """ICD 203: the bottom line says how confident it is, in words (``bluf_confidence``, or its own)."""
        info = self.briefing.info
        if info.bluf is None or info.bluf_confidence or CONFIDENCE_WORDS.search(info.bluf.text):
            return
        self.diagnostics.warning(
            info.field_locations.get("bluf", info.bluf.location),
            "bluf-confidence",
            "the bottom line up front does not say how confident it is",
            "add 'bluf_confidence: high', 'moderate' or 'low' to content/briefing.yaml, or say it in the BLUF "
            "('we judge with moderate confidence that …')",
        )
