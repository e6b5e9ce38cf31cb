"""The link checker's tag scanner reads ids and links as an HTML parser would."""

from __future__ import annotations

from briefing.write import _ids_and_links


def test_scanner_reads_quoted_unquoted_and_escaped_attributes():
    ids, links = _ids_and_links(
        """<a id="top" href="a.html?x=1&amp;y=2#p1">x</a><img src='img/one.png' alt=x>"""
        """<a name=old>y</a><div name="not-an-anchor"></div><blockquote cite=q.html>z</blockquote>"""
    )
    assert ids == {"top", "old"}
    assert sorted(links) == ["a.html?x=1&y=2#p1", "img/one.png", "q.html"]


def test_scanner_skips_comments_and_script_bodies_but_not_script_sources():
    ids, links = _ids_and_links(
        """<!-- <a href="gone.html" id="gone"> --><script src="static/site.js"></script>"""
        """<script>document.write('<a href="nowhere.html">')</script><style>a[href="x"]{}</style><p id="kept">"""
    )
    assert ids == {"kept"}
    assert links == ["static/site.js"]
