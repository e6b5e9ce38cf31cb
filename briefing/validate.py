"""Stage 2 — validate and resolve.

Checks what the schema cannot see on its own: each source against its raw
capture (``curation``), every reference to an id, every ``[[link]]`` and
``[@citation]`` in Markdown, and every quoted passage against its source's
words (recording where it was found, so the site can link to it).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, compress, repeat

from briefing.curation import check_source
from briefing.diagnostics import Diagnostic, Diagnostics
from briefing.ids import malformed_problem, reserved_problem, unknown_id_problem, wrong_kind_problem
from briefing.incremental.derived import Derived, keyed
from briefing.incremental.memo import replaced_keys
from briefing.markup import citations, content_link_problem, content_links, malformed_marks, wikilinks
from briefing.model import (
    RECORD_TABLES,
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
from briefing.textmatch import Occurrence, find_occurrences
from briefing.withdrawals import report_withdrawals

# Confidence said in words, as ICD 203 has it: "high confidence", "moderately confident"…
CONFIDENCE_WORDS = re.compile(r"\b(?:high|moderate|medium|low)(?:ly)?[\s-]+confiden(?:ce|t)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Checked:
    """What checking one record found."""

    diagnostics: list[Diagnostic]
    citations: list[Citation]  # of its Markdown, located
    spans: SpanPlaces | None  # where its quoted passages were found, if it quotes any


class ValidateCache:
    """What validating keeps between builds of one process.

    - Problems found checking a source against its raw capture (``incremental.derived``), reused while the
      source and its captures' digests are the same objects; where quotes occur in it, while the source is.
    - What checking each record found (``incremental.derived``), reused while the record and the sources it
      quotes or cites are the same objects and every id still names a record of the same kind. Its quoted
      passages keep the spans that check set on them. When the ids are those of the last briefing
      validated, only the records it replaced and those quoting or citing a replaced source are looked at.
    """

    def __init__(self) -> None:
        self.sources: Derived[list[Diagnostic]] = Derived(_capture_digests)  # what checking each source found
        # where each quote (with its prefix and suffix) occurs in its source, and in which source object
        self.occurrences: dict[tuple[str, str, str, str], tuple[Source, list[Occurrence]]] = {}
        self._asked: dict[tuple[str, str, str, str], tuple[Source, list[Occurrence]]] = {}  # in this build
        self.records: Derived[_Checked] = Derived(_cited_source_ids)  # in record order
        self.briefing: Briefing | None = None  # the last briefing validated to the end
        self._ids: tuple[dict[str, str], frozenset[str]] = ({}, frozenset())
        self._ids_generation = 0

    def find(self, source: Source, quote: str, prefix: str, suffix: str) -> list[Occurrence]:
        key = (source.id, quote, prefix, suffix)
        known = self.occurrences.get(key)
        if known is None or known[0] is not source:
            known = self.occurrences[key] = (source, find_occurrences(quote, source.normalised_blocks, prefix, suffix))
        self._asked[key] = known
        return known[1]

    def end_build(self, every_record_checked: bool) -> None:
        """Forget the occurrences of quotes no record has any more, once every record was checked again (the
        quotes of records reused instead were not asked for, but are still wanted)."""
        if every_record_checked:
            self.occurrences = self._asked
        self._asked = {}

    def ids_generation(self, kinds: dict[str, str], broken_ids: set[str]) -> int:
        """A number that changes whenever the ids, their kinds or the ids that failed to load change."""
        if (kinds, broken_ids) != self._ids:
            self._ids = (kinds, frozenset(broken_ids))
            self._ids_generation += 1
        return self._ids_generation

    def kinds_if_unchanged(self, briefing: Briefing, replaced: set[str]) -> dict[str, str] | None:
        """The last build's kinds by id, if they still hold: ``replaced`` are the only records that are not
        the last validated briefing's (whose ids were the same), so only they could change kind. None if
        they do not, or if an id is used twice (every record then has no entry of its own)."""
        kinds, broken_ids = self._ids
        records = sum(len(getattr(briefing, name)) for name in RECORD_TABLES) + len(briefing.info.analytic_records())
        if records != len(self.records):
            return None
        for record_id in replaced:
            record = briefing.record(record_id)
            if record is None or kinds.get(record_id) != record.kind:
                return None
        return kinds if briefing.broken_ids == broken_ids else None


def validate(briefing: Briefing, diagnostics: Diagnostics, cache: ValidateCache | None = None) -> None:
    cache = cache or ValidateCache()
    last, cache.briefing = cache.briefing, None  # set again once this briefing is validated to the end
    replaced = briefing.replaced_since(last)
    _check_sources(briefing, diagnostics, cache, _recaptured(briefing, last, replaced))
    kinds = cache.kinds_if_unchanged(briefing, replaced) if replaced is not None else None
    if kinds is None:
        replaced = None
    checker = _Checker(briefing, diagnostics, cache, kinds)
    for ref in briefing.info.topics:
        checker.check_ref(ref)
    if briefing.info.bluf:
        briefing.citations += checker.check_text("briefing", briefing.info.bluf)
        checker.check_bluf_confidence()
    reused = _check_records(briefing, cache, checker.kinds, replaced)
    _gather(briefing, diagnostics, cache.records)
    report_withdrawals(briefing, diagnostics)
    cache.end_build(every_record_checked=not reused)
    cache.briefing = briefing


def _check_sources(
    briefing: Briefing, diagnostics: Diagnostics, cache: ValidateCache, suspects: set[str] | None
) -> None:
    """Check each source against its raw capture, or reuse what the last check found while the source and
    its capture's digests are the same objects. ``suspects``: the only sources that may have changed, if
    known (every other one was checked by the last build)."""
    digests = keyed({"raw": briefing.raw_digests, "capture": briefing.capture_digests})

    def check(source: Source) -> list[Diagnostic]:
        return check_source(briefing, source)

    sources = briefing.sources
    cache.sources.update(sources.values(), check, record_of=sources.__getitem__, lookup=digests, replaced=suspects)
    diagnostics.extend(chain.from_iterable(cache.sources.values()))


def _recaptured(briefing: Briefing, last: Briefing | None, replaced: set[str] | None) -> set[str] | None:
    """The sources replaced since the last briefing validated, or whose capture's digest is not the same
    object (load keeps those of unchanged files); None if that cannot be told."""
    if last is None or replaced is None:
        return None
    suspects = replaced & briefing.sources.keys()
    for now, before in ((briefing.raw_digests, last.raw_digests), (briefing.capture_digests, last.capture_digests)):
        suspects.update(replaced_keys(before, now))
        suspects |= before.keys() - now.keys()
    return suspects


def _check_records(briefing: Briefing, cache: ValidateCache, kinds: dict[str, str], replaced: set[str] | None) -> int:
    """Check each record (its references, quotes, Markdown and origins), or reuse what the last check found
    while the record and what it was checked against (the sources it names, the ids and their kinds) are
    unchanged; ``replaced``: the only records that may have changed, if known. Returns how many were reused."""
    ids = cache.ids_generation(kinds, briefing.broken_ids)
    sources = briefing.sources.get

    def check(record: Record) -> _Checked:
        found = Diagnostics()
        citations, spans = _Checker(briefing, found, cache, kinds).check_record(record)
        return _Checked(found.sorted(), citations, spans)

    return cache.records.update(
        briefing.records(), check, record_of=briefing.record, lookup=sources, context=ids, replaced=replaced
    )


_DIAGNOSTICS = operator.attrgetter("diagnostics")
_CITATIONS = operator.attrgetter("citations")
_SPANS = operator.attrgetter("spans")


def _gather(briefing: Briefing, diagnostics: Diagnostics, records: Derived[_Checked]) -> None:
    """What checking the records found, in record order: their problems, citations and quoted spans.

    Every rebuild gathers them from tens of thousands of records, so the loops run in C (``map``, ``chain``,
    ``compress``)."""
    checked = records.values()
    diagnostics.extend(chain.from_iterable(map(_DIAGNOSTICS, checked)))
    briefing.citations += chain.from_iterable(map(_CITATIONS, checked))
    spans = list(map(_SPANS, checked))
    briefing.spans = dict(compress(zip(records.ids(), spans, strict=True), map(operator.is_not, spans, repeat(None))))


def _capture_digests(source: Source) -> tuple[tuple[str, str], ...]:
    return (("raw", source.id), ("capture", source.id))


def _cited_source_ids(record: Record) -> tuple[str, ...]:
    """The sources a record quotes, and those its Markdown cites."""
    quoted = [selector.source.id for selector in record.contents.text_quotes]
    return (*quoted, *(mark.source for text in record.contents.texts for mark in citations(text)))


class _Checker:
    def __init__(
        self,
        briefing: Briefing,
        diagnostics: Diagnostics,
        cache: ValidateCache | None = None,
        kinds: dict[str, str] | None = None,
    ) -> None:
        self.briefing = briefing
        self.diagnostics = diagnostics
        self.cache = cache or ValidateCache()
        if kinds is not None:
            self.kinds = kinds

    @cached_property
    def kinds(self) -> dict[str, str]:
        return {record.id: record.kind for record in self.briefing.records()}

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
        found = self.cache.find(source, selector.quote, selector.prefix, selector.suffix)
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
