"""The link checker's tag scanner reads ids and links as an HTML parser would."""

from __future__ import annotations

import copy
import posixpath
import random
from pathlib import Path

import pytest

from briefing.linkcheck import LinkIndex, PageLinks, PageReader, _ids_and_links, anchors_of
from briefing.render.cache import file_digest
from briefing.render.urls import relative_path


def test_scanner_reads_quoted_unquoted_and_escaped_attributes():
    ids, links = _ids_and_links(
        b"""<a id="top" href="a.html?x=1&amp;y=2#p1">x</a><img src='img/one.png' alt=x>"""
        b"""<a name=old>y</a><div name="not-an-anchor"></div><blockquote cite=q.html>z</blockquote>"""
    )
    assert ids == {"top", "old"}
    assert sorted(links) == ["a.html?x=1&y=2#p1", "img/one.png", "q.html"]


def test_scanner_reads_bare_attributes_and_self_closing_tags_in_the_build_s_own_markup():
    ids, links = _ids_and_links(
        b"""<main id="main" data-pagefind-body class="wrap"><A HREF="b.html#p2" title="a=b c">x</A>"""
        b"""<link rel="stylesheet" href="s.css" /><div name="n"></div><a name="old"></a>"""
    )
    assert ids == {"main", "old"}
    assert links == {"b.html#p2", "s.css"}


def test_link_problems_name_the_whole_link_with_its_fragment():
    index = LinkIndex()
    files = {"a/p.html": b'<a href="/x.html#top">x</a><a href="../../up.html#p1">up</a>'}
    messages = [problem.message for problem in check(index, files)]
    assert any("'/x.html#top' is absolute" in message for message in messages), messages
    assert any("'../../up.html#p1' points outside the site" in message for message in messages), messages


def test_scanner_skips_comments_and_script_bodies_but_not_script_sources():
    ids, links = _ids_and_links(
        b"""<!-- <a href="gone.html" id="gone"> --><script src="static/site.js"></script>"""
        b"""<script>document.write('<a href="nowhere.html">')</script><style>a[href="x"]{}</style><p id="kept">"""
    )
    assert ids == {"kept"}
    assert links == {"static/site.js"}


def check(index: LinkIndex, files: dict[str, bytes]) -> list:
    return index.check(files, {path: file_digest(data) for path, data in files.items()})


def test_link_index_rechecks_unchanged_pages_when_what_they_link_to_changes():
    """A rebuild re-reads only changed pages, yet a link breaks when its target loses an id or disappears."""
    index = LinkIndex()
    files = {
        "a.html": b'<a href="b.html#p2">to b</a><a href="c.css">css</a>',
        "b.html": b'<p id="p2">here</p>',
        "c.css": b"",
    }
    assert check(index, files) == []
    files["b.html"] = b'<p id="p3">moved</p>'
    assert [p.message for p in check(index, files)] == ["link 'b.html#p2' points to #p2, which b.html does not have"]
    del files["c.css"]
    assert len(check(index, files)) == 2
    files["b.html"], files["c.css"] = b'<p id="p2">back</p>', b""
    assert check(index, files) == []
    del files["a.html"]
    files["b.html"] = b""
    assert check(index, files) == []


def test_pages_read_ahead_of_the_check_are_checked_with_it():
    """The build reads pages' links while Pagefind runs (``LinkIndex.read``); the check that follows must
    still recheck what links to a page whose ids changed, and the pages read."""
    index = LinkIndex()
    files = {"a.html": b'<a href="b.html#p2">to b</a>', "b.html": b'<p id="p2">here</p>'}
    assert check(index, files) == []
    files["b.html"] = b'<p id="p3">moved</p>'
    index.read(files, {path: file_digest(data) for path, data in files.items()})
    assert [p.message for p in check(index, files)] == ["link 'b.html#p2' points to #p2, which b.html does not have"]
    files["a.html"] = b'<a href="c.html">to c</a>'
    index.read(files, {path: file_digest(data) for path, data in files.items()})
    missing = "link 'c.html' points to c.html, which the build does not produce"
    assert [p.message for p in check(index, files)] == [missing]


def test_relative_path_matches_posixpath_relpath():
    """The fast relative path gives what posixpath.relpath gives, on site paths of every depth."""
    names = ["index.html", "claims", "sources", "a", "b.html", "static", "style.css"]
    rng = random.Random(11)
    for _ in range(5000):
        path = "/".join(rng.choice(names) for _ in range(rng.randint(1, 4)))
        folder = "/".join(rng.choice(names) for _ in range(rng.randint(0, 3)))
        assert relative_path(path, folder) == posixpath.relpath(path, folder or "."), (path, folder)


def test_an_index_for_one_build_finds_what_a_kept_one_finds_and_its_saved_pages_restore_one_that_rechecks():
    """An index for one build lists no linkers; saved and restored, its pages make an index that rechecks."""
    files = {
        "a.html": b'<a href="b.html#p2">to b</a><a href="b.html#p9">gone</a><a href="d.html">none</a>',
        "b.html": b'<p id="p2">here</p><p id="p2\x00p9">odd</p>',
    }
    kept, once = LinkIndex(), LinkIndex()
    once.for_one_build()
    assert check(once, files) == check(kept, files) and len(check(kept, files)) == 2
    bare, pages = once.saved()
    bare.restore(pages)
    files["b.html"] = b'<p id="p3">moved</p>'
    assert [p.message for p in check(bare, files)] == [p.message for p in check(kept, files)]
    assert "link 'b.html#p2' points to #p2, which b.html does not have" in [p.message for p in check(bare, files)]


@pytest.mark.parametrize("change", ["ids", "file removed", "file added"])
def test_an_index_restored_for_one_build_rechecks_the_pages_it_did_not_read_as_a_kept_one_does(change: str):
    """Restored for a builder that builds once, the index lists no linkers: a page it did not read, which
    links to a page whose ids changed or to a file that came or went, is found by looking through the pages."""
    files = {
        "a.html": b'<a href="b.html#p2">to b</a><a href="c.html">to c</a>',
        "b.html": b'<p id="p2">here</p>',
        "z.html": b"<p>unrelated</p>",
    }
    if change != "file added":
        files["c.html"] = b"<p>c</p>"
    kept = LinkIndex()
    check(kept, files)
    _, pages = kept.saved()
    restored = copy.copy(kept.saved()[0])
    restored.for_one_build()
    restored.restore(pages)
    if change == "ids":
        files["b.html"] = b'<p id="p3">moved</p>'
    elif change == "file removed":
        del files["c.html"]
    else:
        files["c.html"] = b"<p>c</p>"
    found = [p.message for p in check(restored, files)]
    assert found == [p.message for p in check(kept, files)]
    assert bool(found) != (change == "file added")


def test_a_reader_that_forgets_tags_reads_every_page_as_one_that_remembers_none():
    """PageReader remembers a bounded number of start tags; pages with more distinct tags read the same."""
    pages = {
        f"p{n}.html": "".join(f'<p id="n{n}-{i}"><a href="p{(n + 1) % 3}.html#n{n}-{i}">x</a>' for i in range(3000))
        for n in range(3)
    }
    reader = PageReader()
    for path, html in pages.items():
        ids, links = _ids_and_links(html.encode())
        read = reader.page_links(path, html.encode())
        assert read.anchors == anchors_of(ids) and len(read.targets) == len(links) == 3000


def test_a_page_has_exactly_the_ids_it_was_read_with():
    """``has_id`` searches the sorted ids: ids that are prefixes of others, empty, wide or holding a NUL (left
    out), looked for among 0 to 300 of them, present or not, as a set of them would answer."""
    rng = random.Random(20261207)
    alphabet = ["a", "b", "-", "\u00e9", "\u4e2d", "\U0001f600", "0", " ", "\0"]
    for _ in range(400):
        ids = {"".join(rng.choices(alphabet, k=rng.randint(0, 4))) for _ in range(rng.randint(0, 300))}
        links = PageLinks(anchors_of(ids), (), ())
        asked = [*ids, *("".join(rng.choices(alphabet, k=rng.randint(0, 5))) for _ in range(100))]
        for fragment in asked:
            assert links.has_id(fragment) == (fragment in ids and "\0" not in fragment), (sorted(ids), fragment)


# Comments, scripts and styles closed, unclosed, in capitals and holding tags; start tags with ids and links,
# a "<" or ">" inside a value, start tags not closed, white space of several kinds; text with ">" and "<";
# wide characters.
TOKENS = [
    *("<!--", "-->", "<!-- <a href='c.html' id=c> -->", "<script>", "</script>", "<SCRIPT src='s.js'>", "<style>"),
    *("</style >", "<scripts id=s>", "<stylex href=y>", '<p id="a">', '<a href="b.html#x">', "<a href=u.html>"),
    *('<div title="x<y" id="lt">', "<img src='i.png'\n alt=x>", "<q cite=q.html>", "</a>", "</p>", "<br>", "<p>"),
    *(">", "<", "><", "x", " ", "\n", "é", "✗", "😀", "&amp;", '<a name="n" id=é>', '<a href="open.html" ', "<p id=o "),
]


def test_a_page_read_a_piece_at_a_time_gives_the_ids_and_links_of_the_whole():
    """Pages are read in pieces cut between tags (``_pieces``); comments, scripts and styles never cut."""
    for seed in range(2000):
        rng = random.Random(seed)
        html = "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 150)))
        data = html.encode()
        whole = _ids_and_links(data, {}, len(data) + 1)
        for piece in (1, 2, 7, 40):
            assert _ids_and_links(data, {}, piece) == whole, (seed, piece, html)


def test_the_seed_site_s_pages_read_a_piece_at_a_time_as_whole(seed_site: Path):
    pages = sorted(seed_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        data = page.read_bytes()
        assert _ids_and_links(data, {}, 4096) == _ids_and_links(data, {}, len(data) + 1), page
