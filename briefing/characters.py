"""Characters that make two spellings look the same: invisible ones, controls, and Unicode look-alikes.

Ids, field names and references are compared byte for byte, but read by eye. A Cyrillic 'а' in a Latin
id, a zero-width space or a right-to-left override makes a word that looks right and is not: messages
about such a word must name the character (by its Unicode name and position), never just offer the
look-alike spelling as if it were a typo. ``shown`` writes a word so that every such character is
visible in a terminal or a log, and cannot move the cursor or reorder the text around it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Letters of other scripts drawn like Latin ones (after Unicode's confusables.txt, the common cases). NFKC
# already folds fullwidth forms, mathematical letters and ligatures, and is tried after this table.
_LOOKALIKES = {
    **dict(zip("аеорсухіјѕԁһԛԝӏ", "aeopcyxijsdhqwl", strict=True)),  # Cyrillic small
    **dict(zip("АВЕКМНОРСТХЅІЈ", "ABEKMHOPCTXSIJ", strict=True)),  # Cyrillic capital
    **dict(zip("αονικρυχ", "aovikpux", strict=True)),  # Greek small
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),  # Greek capital
    **dict(zip("ıɑɡǀℓ", "iagll", strict=True)),  # Latin and letterlike look-alikes
    **dict.fromkeys("‐‑‒–—―−﹣", "-"),  # dashes and minus signs
}
# Control characters have no name in unicodedata; these are the ones met in text files.
_CONTROL_NAMES = {
    0x00: "NULL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}
_INVISIBLE = frozenset({"Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Co", "Cn", "Cs"})


@dataclass(frozen=True)
class OddCharacter:
    """A character outside printable ASCII, at 1-based ``position`` in its word."""

    char: str
    position: int

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "") or _CONTROL_NAMES.get(ord(self.char), "unnamed character")

    @property
    def looks_like(self) -> str:
        """The ASCII character it is drawn like, or ""."""
        return lookalike(self.char)

    def describe(self) -> str:
        """E.g. "U+0430 CYRILLIC SMALL LETTER A at position 1, which looks like the Latin 'a'"."""
        what = f"{self.code} {self.name} at position {self.position}"
        category = unicodedata.category(self.char)
        if category == "Cc":
            return f"the control character {what}"
        if self.char != " " and category in _INVISIBLE:
            return f"the invisible character {what}"
        if self.looks_like == "-":
            return f"{what}, which looks like a hyphen '-'"
        if self.looks_like:
            return f"{what}, which looks like the Latin '{self.looks_like}'"
        return what


def lookalike(char: str) -> str:
    """The ASCII letter, digit or hyphen ``char`` is drawn like (itself if it is one), or ""."""
    if char.isascii():
        return char if char.isalnum() or char == "-" else ""
    folded = _LOOKALIKES.get(char) or unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 and folded.isascii() and (folded.isalnum() or folded == "-") else ""


def odd_characters(text: str) -> list[OddCharacter]:
    """The characters of ``text`` that are not printable ASCII (controls, invisible, other scripts)."""
    return [OddCharacter(char, index + 1) for index, char in enumerate(text) if not " " <= char <= "~"]


def is_invisible(char: str) -> bool:
    return unicodedata.category(char) in _INVISIBLE or unicodedata.category(char) == "Cc"


def plain(text: str) -> str:
    """``text`` as it looks: look-alikes replaced by the ASCII they resemble, invisible characters dropped
    (spaces of any width become a plain space)."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Zs", "Zl", "Zp") or char in "\t\n\r":
            out.append(" ")
        elif not is_invisible(char):
            out.append(lookalike(char) or char)
    return "".join(out)


def explain_lookalike(word: str, candidate: str) -> str:
    """If ``word`` differs from ``candidate`` only by look-alike or invisible characters, say which: e.g.
    "'nаme' is not 'name': it holds U+0430 CYRILLIC SMALL LETTER A at position 2, …"; else ""."""
    if word == candidate or plain(word) != candidate:
        return ""
    odd = [c for c in odd_characters(word) if c.char not in candidate]
    return f"{shown(word)} is not '{candidate}': it holds " + _listed(odd)


def odd_note(word: str) -> str:
    """ " (note: 'wоrd' contains …)" when ``word`` has characters outside printable ASCII, else ""."""
    return f" (note: {shown(word)} contains {describe_odd(word)})" if odd_characters(word) else ""


def describe_odd(text: str, most: int = 3) -> str:
    """The first ``most`` odd characters of ``text``, described, and how many more there are."""
    return _listed(odd_characters(text), most)


def _listed(odd: list[OddCharacter], most: int = 3) -> str:
    told = "; ".join(c.describe() for c in odd[:most])
    if len(odd) > most:
        told += f"; and {len(odd) - most} more"
    return told


def shown(text: str, longest: int = 60) -> str:
    """``text`` quoted for a message: control and invisible characters written as escapes (\\n, \\u200b),
    shortened with its length when it is longer than ``longest`` characters."""
    if len(text) > longest:
        short = text[: longest - 20] + "…" + text[-12:]
        return f"'{escape_invisible(short)}' ({len(text)} characters)"
    return f"'{escape_invisible(text)}'"


def escape_invisible(text: str) -> str:
    """Control and invisible characters as Python-style escapes; every other character as it is."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape(char) if is_invisible(char) and char != " " else char for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if char in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
