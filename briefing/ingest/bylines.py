"""Bylines in a capture: "By A and B", "Text: A", "A | Former diplomat", "A (now) and B (earlier)", a name
alone under the headline with its date below, or "BY NAME [email]" after the article."""

from __future__ import annotations

import re

from briefing.byline import ROLE_BEFORE_NAME
from briefing.ingest.furniture import Curation
from briefing.ingest.lines import Line, is_author_role

_PERSON = r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}"
_LABEL = r"(?i:by)\s+|(?i:text|words)\s*:\s*|(?i:authors?)\s*:?\s+"
_BYLINE_LABEL = re.compile(rf"^(?:{_LABEL})")
_BYLINE = re.compile(rf"^(?:{_LABEL})?{_PERSON}(?:(?:, | and | & ){_PERSON})*$")
# A role after the names: "Mika Sorensen | Former Danish diplomat", "Name, staff reporter", "Name / Paper Staff Writer"
_BYLINE_ROLE = re.compile(
    r"\s*\|\s*[A-Z][^|]{0,60}$|,\s*(?:senior |chief |contributing |staff )*(?:reporter|writer|correspondent|editor)s?$|"
    r"\s?/\s*[A-Z][^/]{0,50}(?:reporter|writer|correspondent|editor)s?$",
    re.IGNORECASE,
)
_NAME_ALONE = re.compile(r"^\s*[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}\s*$")
_LABEL_ALONE = re.compile(r"^(by|authors?|text|words)\s*:?$", re.IGNORECASE)


def is_byline(text: str, labelled: bool = False) -> bool:
    """'By A and B', 'A and B', 'Text: A', 'A (now) and B (earlier)': names, with a label or more than one;
    any names when the line above is a label alone ("Author", then "Dr. Kenji Aoyama")."""
    names = re.sub(r"\s*[(\[](?:[a-z][a-z ]{0,20}|\S+@\S+)[)\]]|\s+\S+@\S+\.\w+$", "", text).strip()
    label = _BYLINE_LABEL.match(names)
    if label:  # "By North Asia correspondent Mark Tilden"
        names = label.group(0) + ROLE_BEFORE_NAME.sub("", names[label.end() :])
    names = re.sub(r" in [A-Z][a-z]+(?= and |$)", "", names)  # "Name in Tokyo and Name in Moscow"
    with_role = _BYLINE_ROLE.search(names) is not None and is_author_role(names)
    names = _BYLINE_ROLE.sub("", names)
    return bool(_BYLINE.match(names)) and (labelled or " and " in names or with_role or bool(label))


def is_label_alone(text: str) -> bool:
    return _LABEL_ALONE.match(text.strip()) is not None


def bare_name_byline(curation: Curation, header: list[Line]) -> Line | None:
    """A name alone under the headline, with its date, reading time or job title just below it ("Anna Kostina",
    then "October 4th, 2017"): the byline, written without "By"."""
    titled = False
    for index, line in enumerate(header):
        decision = curation.decisions[line.number]
        titled = titled or decision.kind == "title"
        if not titled or decision.reason != "page furniture above the article" or not _NAME_ALONE.match(line.text):
            continue
        if any(_vouches_for_byline(curation, other) for other in header[index + 1 : index + 3]):
            return line
    return None


def _vouches_for_byline(curation: Curation, line: Line) -> bool:
    decision = curation.decisions[line.number]
    return (
        decision.reason == "dateline"
        or curation.furniture.get(line.number) == "reading time"
        or (line.words <= 6 and is_author_role(line.text))
    )


def byline_after_article(curation: Curation) -> Line | None:
    """A byline some outlets put after the article ("BY KIM SOO-HYUN [kim@…]"): a line just after the last kept."""
    kept = curation.kept()
    if not kept:
        return None
    after = [line for line in curation.lines if line.number > kept[-1][0].number][:2]
    return next(
        (
            line
            for line in after
            if is_byline(line.text) and (_BYLINE_LABEL.match(line.text.strip()) or "@" in line.text)
        ),
        None,
    )
