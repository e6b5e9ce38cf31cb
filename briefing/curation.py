"""Stage 2, for sources: a curated source accounted for against its raw capture, line by line.

Curation removes lines of a capture; it never rewrites them and never moves them, since selective quoting
is what a curation record exists to rule out. So every non-blank line of the raw capture is

- kept in the body, in the capture's order. A block is one raw line, or several consecutive ones joined
  (a paragraph hard-wrapped in a ``.txt`` capture);
- or listed in ``removed`` with a reason. Removals may be listed in any order, and one entry covers every
  occurrence of its lines (a caption the page shows twice);
- or the source's title, standfirst, byline or ``published_evidence``, which live in the front matter.

Anything else is an error. A line neither kept nor removed is ``curation-missing``. A block that keeps only
part of a line is ``curation-truncated``. A block out of the capture's order is ``curation-order``, and one
that keeps lines another block keeps already is ``curation-repeated``. Text is compared in the normal form
quotes are (``textmatch.squash``), so whitespace, quote and dash variants do not count.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from briefing.diagnostics import Diagnostic, Diagnostics, Location
from briefing.model import Block, Briefing, Source
from briefing.nearest import Passage, closest_window, word_keys
from briefing.textmatch import normalise, squash

# A block whose words are not in the capture is taken for a rewrite of the capture's line most like it
# (at least this similar), which is then not reported as missing too: the one fault gets one error.
REWRITE_SIMILARITY = 0.5
QUOTE_LENGTH = 80
FRONT_MATTER_LINES = ("title", "standfirst", "byline", "published_evidence")


def check_source(briefing: Briefing, source: Source) -> list[Diagnostic]:
    """Every problem of one source against its raw capture and captured page, sorted."""
    found = Diagnostics()
    _check_metadata(briefing, source, found)
    raw = briefing.raw_text(source.id)
    if raw is not None:
        _check_digest(briefing, source, found)
        _Accounting(source, RawText(raw), found).check()
    return found.sorted()


def _check_metadata(briefing: Briefing, source: Source, diagnostics: Diagnostics) -> None:
    where = source.location
    if source.draft:
        diagnostics.warning(
            where, "draft-source", f"source '{source.id}' is a draft: review its curation, then remove 'draft: true'"
        )
    if bool(source.capture) != bool(source.capture_sha256):
        diagnostics.error(
            where,
            "missing-field",
            "'capture' and 'capture_sha256' go together: the page the raw text came from, and its sha256",
            "write both, as 'import' does, or neither",
        )
    digest = briefing.capture_digests.get(source.id)
    if digest is not None and source.capture_sha256 and digest != source.capture_sha256:
        diagnostics.error(
            source.where("capture_sha256"),
            "sha256-mismatch",
            f"captured page '{source.capture}' has sha256 {digest}, not the {source.capture_sha256} recorded",
            "if the page was replaced on purpose, record the new sha256; otherwise restore the original file",
        )
    if not source.published_evidence:
        diagnostics.warning(
            where,
            "no-date-evidence",
            f"source '{source.id}' gives no published_evidence for its date {source.published.iso()}",
            'quote the words of the capture that date it, e.g. published_evidence: "on Thursday (27 April)"',
        )


def _check_digest(briefing: Briefing, source: Source, diagnostics: Diagnostics) -> None:
    digest = briefing.raw_digests[source.id]
    if digest != source.sha256:
        diagnostics.error(
            source.where("sha256"),
            "sha256-mismatch",
            f"raw capture '{source.raw}' has sha256 {digest}, not the {source.sha256} recorded",
            "if the capture was replaced on purpose, record the new sha256; otherwise restore the original file",
        )


class Lines(NamedTuple):
    """Consecutive non-blank lines of a capture, by index into ``RawText.lines`` (``last`` included)."""

    first: int
    last: int

    def indexes(self) -> range:
        return range(self.first, self.last + 1)


class RawLine(NamedTuple):
    number: int  # 1-based, in the capture file (blank lines counted)
    text: str  # normal form
    original: str

    @property
    def shown(self) -> str:
        """As in the capture, whitespace runs collapsed: what messages quote."""
        return " ".join(self.original.split())


class RawText:
    """A capture's non-blank lines, and their join, in which curated text is found whole lines at a time.

    The join puts one space between lines, as a curated block joins the lines it is written on, so a block
    equal to several consecutive raw lines is found as one stretch of the join that starts where a line
    starts and ends where a line ends.
    """

    def __init__(self, raw: str) -> None:
        self.lines = [
            RawLine(number, squash(line), line)
            for number, line in enumerate(raw.removeprefix("\ufeff").splitlines(), start=1)
            if line.strip()
        ]
        self.whole = " ".join(line.text for line in self.lines)
        self._offsets: list[int] = []  # where each line starts in the join
        self._ends: dict[int, int] = {}  # where a line ends in the join → its index
        offset = 0
        for index, line in enumerate(self.lines):
            self._offsets.append(offset)
            offset += len(line.text)
            self._ends[offset] = index
            offset += 1

    def occurrences(self, text: str) -> list[int]:
        """Where ``text`` (in normal form) starts in the join, every occurrence, overlapping ones too."""
        found: list[int] = []
        start = self.whole.find(text) if text else -1
        while start != -1:
            found.append(start)
            start = self.whole.find(text, start + 1)
        return found

    def spans(self, text: str) -> list[Lines]:
        """The runs of whole lines whose join is ``text``."""
        found = []
        for start in self.occurrences(text):
            first = self._line_at(start)
            last = self._ends.get(start + len(text))
            if self._offsets[first] == start and last is not None:
                found.append(Lines(first, last))
        return found

    def under(self, start: int, length: int) -> Lines:
        """The lines a stretch of the join touches."""
        return Lines(self._line_at(start), self._line_at(start + max(length, 1) - 1))

    def partly_under(self, start: int, length: int) -> int:
        """The first line a stretch of the join covers only in part (it covers at least one so)."""
        touched = self.under(start, length)
        return touched.first if self._offsets[touched.first] != start else touched.last

    def _line_at(self, offset: int) -> int:
        return bisect.bisect_right(self._offsets, offset) - 1


def longest_chain(candidates: Sequence[Sequence[Lines]]) -> dict[int, Lines]:
    """The most blocks that can stand in the capture's order, each on one of its candidate runs of lines.

    A chain's runs follow one another in the capture without overlapping. This is a longest increasing
    subsequence, found by patience sorting: ``ends[k]`` is the smallest last line of any chain of k + 1
    blocks seen so far, and ``links[k]`` that chain's last link. Returns block index → its run.
    """
    ends: list[int] = []
    links: list[_Link] = []
    for block, runs in enumerate(candidates):
        # every candidate of one block extends the chains made before it, so a chain holds a block once
        grown = [(bisect.bisect_left(ends, run.first), run) for run in runs]
        for length, run in grown:
            link = _Link(block, run, links[length - 1] if length else None)
            if length == len(ends):
                ends.append(run.last)
                links.append(link)
            elif run.last < ends[length]:
                ends[length] = run.last
                links[length] = link
    chain: dict[int, Lines] = {}
    last = links[-1] if links else None
    while last is not None:
        chain[last.block] = last.run
        last = last.previous
    return chain


@dataclass(frozen=True)
class _Link:
    block: int
    run: Lines
    previous: _Link | None


class _Accounting:
    """Accounts for every line of one capture, reporting what is not."""

    def __init__(self, source: Source, raw: RawText, diagnostics: Diagnostics) -> None:
        self.source = source
        self.raw = raw
        self.diagnostics = diagnostics
        self.path = source.location.path
        self.chain: dict[int, Lines] = {}  # block index → the raw lines it keeps, in the capture's order
        self.kept_by: dict[int, int] = {}  # raw line index → the index of the block in the chain keeping it
        self._firsts: list[int] = []  # the first raw line each block of the chain keeps, in order
        self.explained: set[int] = set()  # lines not kept whose error is a block's (moved, cut short, rewritten)

    def check(self) -> None:
        self._check_front_matter()
        accounted = self._removed() | self._in_front_matter()
        self._place_blocks()
        self._report_missing(accounted)

    # -- what lives outside the body

    def _check_front_matter(self) -> None:
        for name in FRONT_MATTER_LINES:
            value = getattr(self.source, name)
            if value and squash(value) not in self.raw.whole:
                self.diagnostics.error(
                    self.source.location,
                    "not-in-raw",
                    f"{name} {value!r} is not in the raw capture",
                    "copy it exactly as the capture has it",
                )

    def _in_front_matter(self) -> set[int]:
        """The lines that are the title, standfirst, byline or published_evidence, wherever they occur."""
        values = (getattr(self.source, name) for name in FRONT_MATTER_LINES)
        return {index for value in values if value for run in self.raw.spans(squash(value)) for index in run.indexes()}

    def _removed(self) -> set[int]:
        """The lines listed in ``removed``, every occurrence of each; a listed line not in the capture is an error."""
        lines: set[int] = set()
        for removal in self.source.removed:
            for line in removal.text.splitlines():
                if not line.strip():
                    continue
                runs = self.raw.spans(squash(line))
                if not runs:
                    self._not_in_raw(line, removal.location, "removed-not-in-raw")
                lines.update(index for run in runs for index in run.indexes())
        return lines

    # -- the body

    def _place_blocks(self) -> None:
        """Choose the blocks that stand in the capture's order, and report each of the others."""
        normal = [block.text for block in self.source.normalised_blocks]
        candidates = [self.raw.spans(text) for text in normal]
        self.chain = longest_chain(candidates)
        self.kept_by = {index: block for block, run in self.chain.items() for index in run.indexes()}
        self._firsts = sorted(run.first for run in self.chain.values())
        for block_index, block in enumerate(self.source.blocks):
            if block_index in self.chain:
                continue
            if candidates[block_index]:
                self._out_of_place(block, candidates[block_index])
            elif starts := self.raw.occurrences(normal[block_index]):
                self._truncated(block, block_index, len(normal[block_index]), starts)
            else:
                self._rewritten(block)

    def _out_of_place(self, block: Block, runs: list[Lines]) -> None:
        """A block of whole raw lines outside the chain: moved, or keeping lines another block keeps."""
        moved = next((run for run in runs if not any(i in self.kept_by for i in run.indexes())), None)
        if moved is None:
            line = self.raw.lines[runs[0].first]
            other = self.source.blocks[self.kept_by[runs[0].first]]
            self._error(
                block,
                "curation-repeated",
                f"this block repeats raw line {line.number}, which the block at line {other.line} keeps "
                f"already: {_quoted(line.shown)}",
                "keep each line of the capture once: delete this block",
            )
            return
        self.explained.update(moved.indexes())
        line = self.raw.lines[moved.first]
        after, before = self._next_kept(moved.first), self._previous_kept(moved.last)
        if after is not None:
            place = f"just before line {after.line}"
        else:
            place = f"just after line {before.line}" if before is not None else "to the start of the body"
        self._error(
            block,
            "curation-order",
            f"this block is out of the capture's order: it is raw line {line.number}: {_quoted(line.shown)}",
            f"restore the capture's order: move it {place}",
        )

    def _truncated(self, block: Block, block_index: int, length: int, starts: list[int]) -> None:
        """A block found in the capture, but not as whole lines: it cuts a line short."""
        before = [run.last for index, run in self.chain.items() if index < block_index]
        after_line = max(before, default=-1)
        start = next((s for s in starts if self.raw.under(s, length).first > after_line), starts[0])
        self.explained.update(self.raw.under(start, length).indexes())
        line = self.raw.lines[self.raw.partly_under(start, length)]
        self._error(
            block,
            "curation-truncated",
            f"this block keeps only part of raw line {line.number}: {_quoted(line.shown)}",
            "curation keeps or removes whole lines: keep the whole line in this block, "
            "or remove it whole (delete the block and add the line to 'removed' with a reason)",
        )

    def _rewritten(self, block: Block) -> None:
        passage = self._not_in_raw(block.text, Location(self.path, block.line, 1), "not-in-raw")
        if passage is not None and passage.similarity >= REWRITE_SIMILARITY:
            self.explained.add(passage.block)

    def _not_in_raw(self, text: str, where: Location, code: str) -> Passage | None:
        """Report text that is not in the capture, naming the capture's line most like it (returned: its
        ``block`` is that line's index)."""
        passage = closest_window(word_keys(squash(text).split(" ")), [normalise(line.shown) for line in self.raw.lines])
        hint = "curation removes lines, it never rewrites them"
        if passage is not None:
            hint = f"closest line of the capture: {passage.text!r}; " + hint
        self.diagnostics.error(
            where, code, f"this text is not in the raw capture '{self.source.raw}': {text[:QUOTE_LENGTH]!r}", hint
        )
        return passage

    # -- lines accounted for by nothing

    def _report_missing(self, accounted: set[int]) -> None:
        for index, line in enumerate(self.raw.lines):
            if index in self.kept_by or index in accounted or index in self.explained:
                continue
            where, place = self._where_missing(index)
            self.diagnostics.error(
                Location(self.path, where, 1),
                "curation-missing",
                f"raw line {line.number} is neither kept nor listed in 'removed': {_quoted(line.shown)}",
                f"put it back {place}, or add it to 'removed' with the reason it is not part of the article",
            )

    def _where_missing(self, index: int) -> tuple[int, str]:
        """The line of the body where a missing raw line belongs (the block after the gap), and where that is."""
        after = self._next_kept(index)
        if after is not None:
            return after.line, "in the body just before this block"
        blocks = self.source.blocks
        return (blocks[-1].line if blocks else self.source.body_line), "at the end of the body, after this block"

    def _next_kept(self, index: int) -> Block | None:
        """The first block of the chain that keeps a line after the raw line ``index``."""
        at = bisect.bisect_right(self._firsts, index)
        return self.source.blocks[self.kept_by[self._firsts[at]]] if at < len(self._firsts) else None

    def _previous_kept(self, index: int) -> Block | None:
        """The last block of the chain that keeps a line before the raw line ``index``."""
        at = bisect.bisect_left(self._firsts, index)
        return self.source.blocks[self.kept_by[self._firsts[at - 1]]] if at else None

    def _error(self, block: Block, code: str, message: str, hint: str) -> None:
        self.diagnostics.error(Location(self.path, block.line, 1), code, message, hint)


def _quoted(text: str) -> str:
    """A raw line for a message: quoted, and cut after a word to at most 80 characters."""
    if len(text) > QUOTE_LENGTH:
        cut = text[: QUOTE_LENGTH - 1]
        text = (cut[: cut.rindex(" ")] if " " in cut[QUOTE_LENGTH // 2 :] else cut) + "…"
    return repr(text)
