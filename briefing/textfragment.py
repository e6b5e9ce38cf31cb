"""Links to the cited words on the publisher's own page: URL Text Fragments (WICG, ``#:~:text=``).

A browser that supports them scrolls to the words and highlights them; one that does not opens the page.
The directive is ``#:~:text=[prefix-,]textStart[,textEnd][,-suffix]``: each term is percent-encoded,
and ``-``, ``&`` and ``,`` must be, since they delimit the directive's parts. A long quotation is given by
its first and last words (textStart,textEnd), which keeps the link short and still matches when the page
breaks the passage across elements. Browsers match whole words, case-insensitively, so a term is never cut
inside a word. Whitespace runs are one space, as a page's rendered text has them.
"""

from __future__ import annotations

from urllib.parse import quote

LONG = 10  # words: a quotation longer than this is linked by its first and last EDGE words
EDGE = 4


def encode_term(term: str) -> str:
    """A term percent-encoded as a text directive needs: everything but letters, digits and ``_.~``
    (``-``, ``&``, ``,`` delimit the directive; ``%`` and ``#`` would end or garble the address)."""
    return quote(term, safe="").replace("-", "%2D")


def text_directive(words: str, prefix: str = "") -> str:
    """``text=…`` for ``words`` (empty if there are none), with ``prefix`` words to pick an occurrence."""
    terms = words.split()
    if not terms:
        return ""
    if len(terms) > LONG:
        parts = [encode_term(" ".join(terms[:EDGE])), encode_term(" ".join(terms[-EDGE:]))]
    else:
        parts = [encode_term(" ".join(terms))]
    before = " ".join(prefix.split())
    if before:
        parts.insert(0, encode_term(before) + "-")
    return "text=" + ",".join(parts)


def fragment_url(url: str, words: str, prefix: str = "") -> str:
    """``url`` with a text directive for ``words``; its own #fragment is kept, an older directive replaced."""
    directive = text_directive(words, prefix)
    if not url or not directive:
        return url
    address, _, fragment = url.partition("#")
    fragment = fragment.split(":~:", 1)[0]
    return f"{address}#{fragment}:~:{directive}"


def cited_words_url(url: str, paragraphs: list[str], block: int, start: int, end: int) -> str:
    """``url`` pointing at ``paragraphs[block][start:end]``, the cited words as published. If the words occur
    more than once in the text (browsers match case-insensitively), the words before them pick this one."""
    if not url or not 0 <= block < len(paragraphs):
        return url
    text = paragraphs[block]
    words = " ".join(text[start:end].split())
    prefix = ""
    needle = words.casefold()
    if needle and sum(" ".join(p.split()).casefold().count(needle) for p in paragraphs) > 1:
        prefix = " ".join(text[:start].split()[-3:])
    return fragment_url(url, words, prefix)
