"""A byline as the people (or organisations) who wrote the article, for CSL-JSON and JSON-LD.

Bylines come as published: "By Sawako Uchida and Lee Jay Walker", "A, B and C", "A, B, and C", "A & B",
"Reporting by A; Editing by B", "JOHN SMITH in Moscow", "Jane Doe, Staff Writer", "Smith, John" and
"Smith, John and Doe, Jane" (bibliographic, family name first), or an organisation ("Reuters", "Nikkei
staff writers", "Radio Free Europe/Radio Liberty").

When a comma means family-first: when every name of the byline is written "Family, Given" — the part
before the comma is one word (with its particles: "van der Berg, Anna") and the part after it is one to
three given names or initials, and neither is an organisation, a role or a suffix ("Jr."). Otherwise commas
separate names ("A, B and C") or a name from its role ("Jane Doe, Staff Writer", which is dropped).

A name of one word, or with an organisation's word in it, stays whole as a CSL ``literal``; so does a
byline that cannot be split into names (a "Ministry of Foreign Affairs and Trade" is not two authors).
"""

from __future__ import annotations

import re

Name = dict[str, str]  # CSL-JSON: family, given, non-dropping-particle, suffix; or literal

_PREFIX = re.compile(
    r"^(?:(?:(?:written|reported|reporting|words|text|story)\s+)?by[:\s]+|(?:text|words)\s*:\s*|authors?\s*:?\s+)",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"\s*(?:,\s*)?(?:\band\b|&|\+)\s*", re.IGNORECASE)
_PLACE = re.compile(r"\s+(?:in|from)\s+[A-Z][\w .'-]*$")
_HANDLE = re.compile(r"\s*(?:@\w+|\S+@\S+\.\w+)\s*")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "al", "ter", "ten"}
_TITLES = {"dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms."}
_ORGANISATION_WORDS = {
    "agencies", "agency", "associated", "board", "bureau", "correspondent", "correspondents", "council", "desk",
    "department", "editor", "editorial", "editors", "group", "institute", "media", "ministry", "network", "news",
    "newsroom", "office", "press", "radio", "reporter", "reporters", "service", "services", "staff", "team",
    "television", "times", "wire", "writer", "writers", "afp", "ap", "reuters", "tass", "xinhua", "kyodo", "jiji",
    "yonhap", "interfax", "ria", "bloomberg", "bbc", "cnn",
}  # fmt: skip
_ROLE_WORDS = {
    "staff", "writer", "reporter", "correspondent", "editor", "contributor", "columnist", "analyst", "diplomat",
    "fellow", "professor", "ambassador",
}  # fmt: skip
_ROLE_QUALIFIERS = {"our", "special", "senior", "chief", "staff", "political", "foreign", "diplomatic", "news"}
# A job title in lower case before a name ("North Asia correspondent Mark Tilden"); not a name ("Ana Writer").
ROLE_BEFORE_NAME = re.compile(r"^(?:[\w-]+\s+){0,3}?(?:correspondent|reporter|editor|writer)\s+(?=[A-Z])")
_DROPPED_SEGMENTS = re.compile(r"^(?:editing|edited|compiled|translated|translation|photos?|graphics?)\b", re.I)


def csl_names(byline: str) -> list[Name]:
    """The authors of a byline, as CSL-JSON name objects (none for an empty byline)."""
    text = " ".join(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", byline).split())  # "(Tokyo)", "(Reuters)", "[a@b.com]"
    if not text:
        return []
    names: list[Name] = []
    segments = []
    for position, segment in enumerate(re.split(r"\s*;\s*|\s+\|\s+|\s*/\s+", text)):
        segment = re.sub(r"(?<=\w{3})\.$", "", _PREFIX.sub("", segment).strip(" ,:"))  # not "Jr."
        if position and _ends_in_role(segment):
            continue  # "Taro Miyoshi / Asuka Shimbun Staff Writer": the paper and the role, not a name
        if segment and not _DROPPED_SEGMENTS.match(segment):
            segment = _PREFIX.sub("", re.sub(r"^(?:additional|more)\s+", "", segment, flags=re.I)).strip(" ,")
            segment = ROLE_BEFORE_NAME.sub("", segment)  # "North Asia correspondent Mark Tilden"
            segments.append(segment)
            names += _segment_names(_HANDLE.sub(" ", segment).strip())
    if not names and segments and all(_only_role_words(segment) for segment in segments):
        return []  # "By Staff Writer" names no one
    return names or [{"literal": text}]


def _segment_names(segment: str) -> list[Name]:
    if not segment:
        return []
    conjuncts = [part.strip(" ,") for part in _CONJUNCTION.split(segment) if part.strip(" ,")]
    if conjuncts and all(_inverted(part) for part in conjuncts):
        return [_inverted_name(part) for part in conjuncts]
    items: list[str] = []
    for conjunct in conjuncts:
        for item in (piece.strip() for piece in conjunct.split(",")):
            if not item:
                continue
            if items and _is_suffix(item):
                items[-1] += f", {item}"  # "John Smith, Jr."
            elif not _is_role(item):
                items.append(item)
    if any(len(item.split()) == 1 and not is_organisation(item) for item in items):
        return [{"literal": segment}]  # "Ministry of Foreign Affairs and Trade": not a list of names
    return [_name(item) for item in items]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’.-]+", text.lower())


def is_organisation(text: str) -> bool:
    """Whether a name is an organisation's: a word such as Press, Staff, Reuters; "The …"; an acronym."""
    words = [word.strip(".") for word in _words(text)]
    if any(word in _ORGANISATION_WORDS for word in words) or text.lower().startswith("the "):
        return True
    return len(text.split()) == 1 and (text.isupper() and len(text) > 1 or "/" in text)  # "AFP", "RFE/RL"


def _ends_in_role(text: str) -> bool:
    words = _words(text)
    return bool(words) and words[-1].rstrip("s") in _ROLE_WORDS


def _only_role_words(text: str) -> bool:
    words = [word.rstrip("s") for word in _words(text)]
    return bool(words) and all(word in _ROLE_WORDS or word in _ROLE_QUALIFIERS for word in words)


def _is_suffix(text: str) -> bool:
    return text.lower().rstrip(".") in _SUFFIXES


def _is_role(text: str) -> bool:
    words = _words(_PLACE.sub("", text))  # "Former diplomat in Tokyo"
    return bool(words) and len(words) <= 3 and words[-1].rstrip("s") in _ROLE_WORDS


def _inverted(part: str) -> bool:
    """'Family, Given': one comma, a one-word family name (with particles), one to three given names."""
    pieces = part.split(",")
    if len(pieces) != 2:
        return False
    family, given = (piece.strip() for piece in pieces)
    family_words = family.split()
    given_words = given.split()
    if not family_words or not given_words or len(given_words) > 3:
        return False
    if any(word.lower() not in _PARTICLES for word in family_words[:-1]):
        return False
    if _is_suffix(given) or _is_role(given):
        return False
    return not is_organisation(family) and not is_organisation(given) and given[0].isupper()


def _inverted_name(part: str) -> Name:
    family, given = (piece.strip() for piece in part.split(","))
    return _split_family(family.split(), {"given": given})


def _name(item: str) -> Name:
    item = _PLACE.sub("", item).strip()
    suffix = ""
    if "," in item:
        item, suffix = (piece.strip() for piece in item.split(",", 1))
    words = [word for word in item.split() if word.lower() not in _TITLES]
    if words and _is_suffix(words[-1]):
        suffix = words.pop()
    if len(words) < 2 or is_organisation(item):
        return {"literal": item}
    if all(word.isupper() and len(word) > 2 for word in words):
        words = [word.capitalize() for word in words]  # "JOHN SMITH", as some sites print bylines
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    name = _split_family(words[start:], {"given": " ".join(words[:start])})
    if suffix:
        name["suffix"] = suffix
    return name


def _split_family(words: list[str], name: Name) -> Name:
    """The family name, its lower-case particles ("van der") apart as CSL's non-dropping-particle."""
    particles = [word for word in words[:-1] if word.lower() in _PARTICLES]
    if particles:
        name["non-dropping-particle"] = " ".join(particles)
    name["family"] = words[-1]
    return name
