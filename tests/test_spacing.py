"""The spacing pass a page at a time and a group of pieces at a time agree, for any text: hostile texts made
at random, and every page the templates make of the seed briefing and of a generated one (whose claims
matrix is the sparse kind), rendered as a build renders them."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from briefing.pipeline import Builder
from briefing.project import open_project
from briefing.render import spacing
from briefing.render.cache import RenderedPage
from briefing.render.pagespec import PageSpec
from briefing.render.renderer import Renderer
from briefing.render.spacing import separate_blocks, separate_blocks_streamed
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import Corpus  # noqa: E402

# Raw elements closed, unclosed, in capitals, with "<pre" and " <" inside; tags with white space inside;
# block and inline tags; text with "<" and ">"; white space of several kinds; wide characters.
TOKENS = [
    *("<pre>", "<PRE>", "<Pre\n class='a b'>", "</pre>", "</PRE >", "</pre", "<prefix>", "<pre", "<script>"),
    *('"<pre"', "</script>", "<textarea>", "</textarea>", "<style>", "</style\t>", " <", "<", ">", "<>"),
    *("<p>", "</p>", "<dt>", "</dt>", "<dd>", "</dd>", "<br>", "<hr/>", "<div\n class=x>", "</div>", "< p>"),
    *("<b>", "</b>", "<span>", "</span>", "<a href='x y'>", "</a>", "<td data-label='a, b'>", "</td>"),
    *(" ", "  ", "\n", "\t", "\u00a0", "\u2028", "x", "word", "1945", "é", "✗", "😀"),
]
GROUPS = [(1, 1), (2, 1), (5, 2), (16, 3), (64, 1)]  # (group, joined): cut after almost every piece


def hostile(rng: random.Random) -> list[str]:
    """A text of random tokens, in pieces cut at random places (some empty, some of one character)."""
    text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 120)))
    cuts = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, rng.randint(0, 60))))
    pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    where = rng.randrange(len(pieces))
    pieces[where:where] = ["", ""]
    return pieces


def test_streamed_spacing_equals_spacing_the_whole_text() -> None:
    for seed in range(3000):
        pieces = hostile(random.Random(seed))
        whole = separate_blocks("".join(pieces))
        for group, joined in [*GROUPS, (spacing.GROUP, 1024)]:
            streamed = "".join(separate_blocks_streamed(pieces, group, joined))
            assert streamed == whole, (seed, group, joined, pieces)


def test_streamed_spacing_keeps_a_group_at_a_time() -> None:
    """A page of small pieces comes out in parts of about ``group`` characters; a raw element that is not
    closed yet holds back what follows it (it may turn out to be raw text), and nothing is lost at the end."""
    pieces = [
        f'<li class="item {i}"><a href="#x{i}">Item {i}</a><dl><dt>When</dt><dd>{i}</dd></dl></li>\n'
        for i in range(20000)
    ]
    parts = list(separate_blocks_streamed(pieces, 1000, 10))
    assert len(parts) > 500 and max(map(len, parts)) < 3000
    assert "".join(parts) == separate_blocks("".join(pieces))
    held = ["<p>a</p>\n<pre>", *pieces[:300], "</pre>\n<p>b</p>", *pieces[:300]]
    parts = list(separate_blocks_streamed(held, 1000, 10))
    assert parts[0] == "<p>a</p>\n" and "".join(parts) == separate_blocks("".join(held))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "briefing"
    Corpus(40, seed=3).write(root)
    return root


@pytest.mark.parametrize("which", ["seed", "generated"])
def test_pages_stream_as_the_whole_page_is_spaced(
    which: str, generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page's template output, in the pieces Jinja gives, spaced a few characters at a time gives the
    spaced whole page; and the page's bytes are that, encoded."""
    texts: list[str] = []  # each page's template output, in the order rendered
    streamed = spacing.separate_blocks_streamed

    def checked(pieces: Iterable[str]) -> Iterator[str]:
        pieces = list(pieces)
        texts.append("".join(pieces))
        for group, joined in GROUPS[1:]:
            assert "".join(streamed(pieces, group, joined)) == separate_blocks(texts[-1]), group
        yield from streamed(pieces)

    pages: dict[str, tuple[bytes, str]] = {}
    render_page = Renderer.render_page

    def recorded(self: Renderer, spec: PageSpec) -> RenderedPage:
        page = render_page(self, spec)
        pages[spec.path] = (page.data, texts[-1])
        return page

    monkeypatch.setattr(spacing, "separate_blocks_streamed", checked)
    monkeypatch.setattr(Renderer, "render_page", recorded)
    project = REPO if which == "seed" else generated
    report = Builder(open_project(project, tmp_path / "site"), workers=1).check()
    assert not report.diagnostics.has_errors
    assert "print.html" in pages and len(pages) == len(texts) > 50
    assert {path for path, (data, text) in pages.items() if data != separate_blocks(text).encode("utf-8")} == set()
