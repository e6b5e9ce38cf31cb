"""How the site names the tool's own categories to a reader: relations, kinds, languages and dates in words.

Records, relations and fields have short machine names ("about", "wire service", "ru", "other"); a page
never shows them as they are. Each function here turns one of them into what a person would write, and
``FILTERS`` hands them to the templates.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError

from briefing.markup import short_form

# What a record of each kind is called in running text (the kinds of ``Record.kind`` and of briefing.yaml).
KIND_NOUNS = {
    "claim": "claim",
    "event": "event",
    "quote": "quote",
    "topic": "topic",
    "source": "source",
    "entity": "entry",
    "person": "person",
    "country": "country",
    "organization": "organization",
    "place": "place",
    "judgment": "key judgment",
    "assumption": "assumption",
    "alternative": "alternative reading",
    "indicator": "indicator",
}

# What the record that refers is to the record whose page lists it, by relation (``link.Backlink.relation``).
RELATION_PHRASES = {
    "evidence": "citing it as evidence",
    "contradicting": "citing it as evidence against",
    "rendering": "quoting it",
    "country": "in this country",
    "place": "held here",
    "speaker": "by this speaker",
    "occasion": "said on this occasion",
    "participant": "with this participant",
    "topic": "covering this",
    "about": "about this",
    "entity": "naming this",
    "event": "covering this event",
    "judgment": "resting on this claim",
    "wire service": "relaying this wire service",
    "role": "with a role here",
    "link": "linking here",
}


def kind_noun(kind: str | None) -> str:
    """A record kind as a word ("judgment" → "key judgment"); an unknown kind with its dashes as spaces."""
    if not kind:
        return ""
    return KIND_NOUNS.get(kind, kind.replace("-", " ").replace("_", " "))


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def relation_phrase(kind: str | None, relation: str) -> str:
    """What a referring record is to this page, as a phrase: ("claim", "about") → "a claim about this".

    The referring record's kind is named because the list mixes kinds; the briefing itself (no kind) is
    named by its relation alone ("linking here")."""
    phrase = RELATION_PHRASES.get(relation, relation.replace("-", " ").replace("_", " "))
    noun = kind_noun(kind)
    return f"{_article(noun)} {noun} {phrase}" if noun else phrase


def event_kind(kind: str | None) -> str:
    """An event's kind as a label: "nuclear-test" → "nuclear test"; the default "other" → "event"."""
    if not kind or kind == "other":
        return "event"
    return kind.replace("-", " ").replace("_", " ")


@lru_cache(maxsize=256)
def language_name(code: str | None, locale: str = "en") -> str:
    """A language tag in words, in the briefing's language: "ru" → "Russian", "pt-BR" → "Portuguese (Brazil)".

    Babel's CLDR data names every tag a briefing is likely to use; a tag it does not know is shown as
    written rather than guessed at."""
    if not code:
        return ""
    try:
        display = Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        display = Locale("en")
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(display)
    except (ValueError, UnknownLocaleError):
        name = display.languages.get(code.split("-")[0].lower())
    return name or code


def spoken_in(code: str | None, locale: str = "en") -> str:
    """ "ru" → "spoken in Russian" (empty without a language)."""
    name = language_name(code, locale)
    return f"spoken in {name}" if name else ""


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def ends_sentence(text: Any) -> bool:
    """Whether the text already ends a sentence ("… the issues." or "… the issues.”"), so that a template
    adds no second stop after it (no ".”.")."""
    return bool(_SENTENCE_END.search(str(text)))


def truncate(text: Any, length: int = 255, killwords: bool = False, end: str = "…", leeway: int = 5) -> str:
    """Jinja's ``truncate``, as a reader would shorten: at a word, without the comma or dash the cut left
    ("Tillerson,..." reads "Tillerson…"), and with one ellipsis character."""
    text = str(text)
    if len(text) <= length + leeway:
        return text
    cut = text[: max(1, length - len(end))]
    if not killwords and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—–-([“\"'‘") + end


CLAIM_NAME_LENGTH = 72  # a key judgment names up to seven claims: each in about a line, so that the summary fits


def short(text: Any) -> str:
    """A claim's statement (or any text) named by its first clause, shortened at a word past about a line, as
    key judgments name the claims they rest on."""
    return short_form(str(text), length=CLAIM_NAME_LENGTH)


FILTERS: dict[str, Any] = {
    "kind_name": kind_noun,
    "kind_noun": kind_noun,
    "short": short,
    "truncate": truncate,
    "ends_sentence": ends_sentence,
    "event_kind": event_kind,
    "language_name": language_name,
    "spoken_in": spoken_in,
}
GLOBALS: dict[str, Any] = {"relation_phrase": relation_phrase}
