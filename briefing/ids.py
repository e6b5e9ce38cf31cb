"""The rules for ids, and messages that say exactly what is wrong with one.

An id names a record everywhere: in references, in ``[[links]]``, and in the site, where it is a file
name (``entities/<id>.html``, ``.entities/<id>.html.tmp`` while it is written) or an ``#anchor``. So an
id is a slug: lowercase ASCII letters and digits in groups joined by single hyphens, at most
``MAX_ID_BYTES`` bytes. That keeps every file name derived from it far below the 255-byte limit of file
systems, the same on case-insensitive hosts (no two ids differ by case alone), and free of anything a
path or a terminal would read as syntax (dots, slashes, spaces, controls, look-alike letters).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple

from briefing.characters import describe_odd, explain_lookalike, odd_characters, odd_note, plain, shown

# 255 bytes is the longest file name most file systems allow; the longest name made from an id is
# ".<id>.html.tmp" (10 more bytes). 100 leaves room for longer temporary names and for paths of readers
# that copy the site (zip files, web servers' caches) while keeping ids short enough to read.
MAX_ID_BYTES = 100
SLUG_RE = re.compile(rf"(?=[a-z0-9-]{{1,{MAX_ID_BYTES}}}\Z)[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SLUG_HINT = (
    f"ids are slugs: lowercase letters a-z, digits and single hyphens, at most {MAX_ID_BYTES} characters, "
    "e.g. 'vladimir-putin'"
)

# The kinds with a page of their own (``<section>/<id>.html``) and those shown as an #anchor in a page of
# others (key judgments and the like on the home page and in the print view; quotes on quotes/index.html).
ANCHOR_KINDS = frozenset({"judgment", "assumption", "alternative", "indicator", "quote"})
# The section index pages (entities/index.html…) share the folders of record pages.
RESERVED_FOR_PAGES = frozenset({"index"})
# Device names Windows will not create a file for, with any extension: con.html cannot be unpacked there.
WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)
# The fixed element ids of the default templates (tests/test_hostile_ids.py checks this list against them),
# and the numbered ones (notes, sections, paragraphs, quoted passages, headings).
PAGE_ANCHORS = frozenset(
    {
        "main",
        "bluf",
        "notes",
        "claims",
        "events",
        "quotes",
        "timeline",
        "analysis",
        "search",
        "search-unavailable",
        "site-search-q",
        "cover-title",
        "sources-appendix",
        "filter-all",
        "in-brief",
        "in-brief-assumptions",
        "in-brief-alternatives",
    }
)
_NUMBERED_ANCHOR = re.compile(r"(?:note|section)-\d+|[ph]\d+|q\d+-.*|.*-heading|filter-.*|h-.*")
TOPIC_FILTER_ALL = "all"  # the timeline's "all topics" filter is #filter-all, a topic's is #filter-<id>


# The problems ids, references and links in content get: (code, severity, when). docs/reference lists them.
CODES = (
    ("invalid-id", "error", "an id, a reference or a `[[link]]` target is not a slug (the message says why)"),
    ("id-too-long", "error", f"an id or a reference is longer than {MAX_ID_BYTES} characters"),
    ("wrong-type", "error", 'YAML read an id as a number, a boolean or a date: write it in quotes ("123", "no")'),
    ("reserved-id", "error", "the id would replace a page or an element of a page (see above)"),
    ("reserved-name", "warning", "the id is a Windows device name: its page cannot be copied to Windows"),
    ("duplicate-id", "error", "two records, sources or topics have the same id"),
    ("unknown-id", "error", "no record has the id referred to"),
    ("wrong-kind", "error", "the id referred to is of another kind than the field asks for"),
    ("duplicate-ref", "warning", "the same id twice in one list: it is counted once"),
    ("invalid-link", "error", "a `[[…]]` or `[@…]` in Markdown is not a link or a citation, e.g. `[[id|]]`"),
    ("content-link", "error", "a Markdown link or image in content points into the site by a relative address"),
)


class IdProblem(NamedTuple):
    code: str
    message: str
    hint: str


def is_slug(text: str) -> bool:
    return SLUG_RE.match(text) is not None


def id_problem(value: Any) -> IdProblem | None:
    """What is wrong with ``value`` (as YAML read it) as an id or a reference to one; None if nothing."""
    if not isinstance(value, str):
        return _not_text(value)
    if is_slug(value):
        return None
    if not value:
        return IdProblem("invalid-id", "the id is empty", SLUG_HINT)
    near = nearest_slug(value)
    maybe = f"did you mean '{near}'? " if near and near != value else ""
    if odd_characters(value):
        return IdProblem(
            "invalid-id",
            f"{shown(value)} is not a valid id: it contains {describe_odd(value)}",
            f"{maybe}retype the id in plain a-z, 0-9 and '-' ({SLUG_HINT})",
        )
    if len(value.encode("utf-8")) > MAX_ID_BYTES and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        return IdProblem(
            "id-too-long",
            f"{shown(value)} is too long for an id: at most {MAX_ID_BYTES} characters",
            f"ids become file names, which are limited in length; shorten it, e.g. to '{near}'",
        )
    return IdProblem("invalid-id", f"{shown(value)} is not a valid id: {_shape(value)}", maybe + SLUG_HINT)


def _not_text(value: Any) -> IdProblem:
    if value is None:
        return IdProblem("invalid-id", "the id is empty", SLUG_HINT)
    if isinstance(value, (list, dict)):
        return IdProblem("wrong-type", "expected an id, got a list or mapping", "write a single id here")
    if isinstance(value, bool):
        said = f"the boolean {str(value).lower()} (YAML reads an unquoted yes, no, on, off, true or false so)"
    elif isinstance(value, (int, float)):
        said = f"the number {value!r} (YAML reads unquoted digits as a number, and 0123 as 83, 1_000 as 1000)"
    elif hasattr(value, "isoformat"):
        said = f"the date {value.isoformat()} (YAML reads an unquoted YYYY-MM-DD as a date)"
    else:
        said = f"{type(value).__name__} {value!r}"
    example = '"no"' if isinstance(value, bool) else '"123"'
    return IdProblem("wrong-type", f"expected an id, got {said}", f"put the id in quotes, e.g. {example}")


def _shape(value: str) -> str:
    """Why a word of printable ASCII is not a slug, in words."""
    if value.strip() != value:
        return "it starts or ends with a space"
    if any(char.isupper() for char in value):
        return "ids are lowercase"
    for char, why in (("/", "slashes"), (".", "dots"), (" ", "spaces"), ("_", "underscores")):
        if char in value:
            return f"it contains {why} ('{char}' at position {value.index(char) + 1})"
    if not re.search(r"[a-z0-9]", value):
        return "it has no letters or digits"
    if value.startswith("-") or value.endswith("-"):
        return "it starts or ends with a hyphen"
    if "--" in value:
        return "it has two hyphens in a row"
    bad = next(char for char in value if not (char.isalnum() or char == "-"))
    return f"it contains '{bad}' at position {value.index(bad) + 1}"


def nearest_slug(text: str) -> str:
    """The valid id closest to ``text``: look-alikes as the ASCII they resemble, accents and invisible
    characters dropped, lowercase, every other run of characters a hyphen, cut to ``MAX_ID_BYTES`` at a
    hyphen. "" if nothing of it is left."""
    decomposed = unicodedata.normalize("NFKD", plain(text))
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if len(slug) > MAX_ID_BYTES:
        slug = slug[: MAX_ID_BYTES + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_ID_BYTES] else slug[:MAX_ID_BYTES]
    return slug


def suggest(word: str, candidates: Iterable[str]) -> str:
    """A "did you mean" hint among the ids ``candidates``, or "": the id ``word`` is a spelling of (after
    look-alikes, case, spaces and underscores), saying which characters differ if they are look-alikes or
    invisible; else the ids close enough to be a typo of it."""
    known = sorted(set(candidates))
    near = nearest_slug(word)
    if near in known and near != word:
        lookalike = explain_lookalike(word, near)
        return f"{lookalike}; did you mean '{near}'?" if lookalike else f"did you mean '{near}'?"
    matches = difflib.get_close_matches(word, known, n=3, cutoff=0.7)
    return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?" + odd_note(word) if matches else ""


def unknown_id_problem(ref_id: str, kinds: tuple[str, ...], candidates: list[str]) -> IdProblem:
    """No record of ``kinds`` (any if none) has the id ``ref_id``: say why if it cannot be an id (a
    ``[[link]]``'s target is read from Markdown, not checked when loaded), and suggest only ids that are
    close, or the same once its look-alike or invisible characters are told apart."""
    problem = id_problem(ref_id)
    if problem is not None:
        near = nearest_slug(ref_id)
        return problem._replace(hint=f"did you mean '{near}'?") if near in candidates else problem
    expected = " or ".join(kinds) if kinds else "record"
    return IdProblem(
        "unknown-id",
        f"no {expected} has the id '{ref_id}'",
        suggest(ref_id, candidates) or f"define {_a(expected)} with this id, or correct the reference",
    )


def malformed_problem(written: str, target: str, citation: bool, candidates: list[str]) -> IdProblem:
    """A ``[[…]]`` or ``[@…]`` that is not a link or a citation (the page would show it as written)."""
    problem = id_problem(target)
    if problem is not None:
        near = nearest_slug(target)
        return problem._replace(hint=f"did you mean '{near}'?") if near in candidates else problem
    form = '[@source-id] or [@source-id, "exact words"]' if citation else "[[id]] or [[id|label]]"
    return IdProblem("invalid-link", f"{shown(written)} is neither a link nor a citation", f"write {form}")


def wrong_kind_problem(ref_id: str, kind: str, kinds: tuple[str, ...], candidates: list[str]) -> IdProblem:
    """``ref_id`` names a record of ``kind`` where one of ``kinds`` is expected; ``candidates``: their ids."""
    expected = " or ".join(kinds)
    known = sorted(candidates)
    listed = ", ".join(f"'{i}'" for i in known[:5]) + (", …" if len(known) > 5 else "")
    return IdProblem(
        "wrong-kind",
        f"'{ref_id}' is {_a(kind)}, but {_a(expected)} is expected here",
        suggest(ref_id, known) or (f"ids of {expected} records: {listed}" if known else f"define {_a(expected)} first"),
    )


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def is_page_anchor(name: str) -> bool:
    """Whether the default templates may give an element of a page this id."""
    return name in PAGE_ANCHORS or _NUMBERED_ANCHOR.fullmatch(name) is not None


def reserved_problem(record_id: str, kind: str) -> tuple[bool, IdProblem] | None:
    """Whether a valid id cannot be used by a record of ``kind``: (is an error, problem), or None."""
    if kind in ANCHOR_KINDS:
        where = "quotes/index.html" if kind == "quote" else "the home page and the print view"
        if is_page_anchor(record_id):
            return True, IdProblem(
                "reserved-id",
                f"'{record_id}' is the name of an element of {where}, where this {kind} is an #anchor too",
                f"choose another id, e.g. '{_PREFIXES.get(kind, 'x')}-{record_id}'",
            )
        return None
    if record_id in RESERVED_FOR_PAGES or (kind == "topic" and record_id == TOPIC_FILTER_ALL):
        page = "the section's index page" if record_id in RESERVED_FOR_PAGES else "the timeline's 'all' filter"
        return True, IdProblem(
            "reserved-id",
            f"'{record_id}' is reserved: the {kind}'s page would take the place of {page}",
            f"choose another id, e.g. '{record_id}-{kind}'",
        )
    if record_id in WINDOWS_DEVICE_NAMES:
        return False, IdProblem(
            "reserved-name",
            f"'{record_id}' is a device name on Windows: its page '{record_id}.html' cannot be copied there",
            f"choose another id if the site may be copied to or served from Windows, e.g. '{record_id}-{kind}'",
        )
    return None


_PREFIXES = {"judgment": "kj", "assumption": "asm", "alternative": "alt", "indicator": "ind", "quote": "quote"}
