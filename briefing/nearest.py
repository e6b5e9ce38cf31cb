"""The source's words nearest to a quote that is not in it: the "did you mean" of a missing quote.

A quote that misses by a typo is best answered by the stretch of words most like it, in order (difflib over
words). A paraphrase shares few words in order, and that stretch is then a fragment that helps nobody; what
helps is the sentence that shares most of the quote's content words, shown whole, so the analyst can copy
the exact words from it.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

from briefing.sentences import split_sentences
from briefing.textmatch import NormalText, squash

# Below this similarity in order, the quote is taken for a paraphrase and answered with a whole sentence.
TYPO_SIMILARITY = 0.75
_FUNCTION_WORDS = (
    "a an the and or but of to in on at by for with from as is are was were be been being it its this that these "
    "those he she they we you i his her their our them him not no will would should could can may might has have "
    "had do does did said says say about into over after before than then so such there which who whom what when "
    "where"
)
_STOPWORDS = frozenset(_FUNCTION_WORDS.split())


@dataclass(frozen=True)
class Passage:
    block: int
    text: str
    similarity: float  # of the words in order, 0–1
    is_sentence: bool = False  # the whole sentence sharing most content words, for a paraphrase


def closest_passage(quote: str, blocks: list[NormalText]) -> Passage | None:
    """The words of ``blocks`` a missing ``quote`` most likely meant."""
    words = word_keys(squash(quote).split(" "))
    if not words or not blocks:
        return None
    window = closest_window(words, blocks)
    if window is None or window.similarity >= TYPO_SIMILARITY:
        return window
    sentence = _sentence_sharing_most(words, blocks)
    return sentence or window


def word_keys(words: list[str]) -> list[str]:
    """Words compared without case or surrounding punctuation, so 'month.' matches 'month'."""
    return [re.sub(r"[^\w]", "", word.lower()) or word for word in words]


def closest_window(words: list[str], blocks: list[NormalText]) -> Passage | None:
    """The stretch of about as many words as ``words`` (word keys) most like them, in order."""
    best: Passage | None = None
    widths = sorted({max(1, len(words) + delta) for delta in (-2, -1, 0, 1, 2, 3)})
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(words)
    for index, block in enumerate(blocks):
        block_words = block.text.split(" ")
        block_keys = word_keys(block_words)
        for width in widths:
            for start in range(0, max(1, len(block_words) - width + 1)):
                matcher.set_seq1(block_keys[start : start + width])
                if best is not None and matcher.real_quick_ratio() <= best.similarity:
                    continue
                score = matcher.ratio()
                if best is None or score > best.similarity:
                    best = Passage(index, " ".join(block_words[start : start + width]), score)
    return best


def _sentence_sharing_most(words: list[str], blocks: list[NormalText]) -> Passage | None:
    """The sentence that shares most of the quote's content words for its length (shared / √content words,
    a cosine over word sets), words compared by their first five letters so that 'resume' meets
    'resumption'; None if no sentence shares any."""
    wanted = _stems(words)
    best: tuple[float, Passage] | None = None
    for index, block in enumerate(blocks):
        for sentence in split_sentences(block.text):
            keys = word_keys(sentence.split(" "))
            stems = _stems(keys)
            shared = len(wanted & stems)
            if not shared or len(stems) < min(3, len(wanted)):  # a heading or a fragment is nothing to copy from
                continue
            score = shared / math.sqrt(len(stems))
            if best is None or score > best[0]:
                ratio = difflib.SequenceMatcher(None, keys, words, autojunk=False).ratio()
                best = (score, Passage(index, sentence.strip(), ratio, is_sentence=True))
    return best[1] if best else None


def _stems(keys: list[str]) -> set[str]:
    """Content words cut to five letters after a plural's or possessive's s: 'reef's' and 'reefs' meet 'reef'."""
    return {(key[:-1] if key.endswith("s") and len(key) > 3 else key)[:5] for key in keys if key not in _STOPWORDS}
