"""The "source data" view's YAML highlighting (briefing.render.syntax): libyaml's tokens in Pygments' markup.

Whatever the YAML, the view must show every character of the record's lines, numbered as in its file, as
Pygments would: the text and numbers of each line are compared with Pygments' own highlighting of the same
lines, over every record of the seed briefing and YAML written to be awkward.
"""

from __future__ import annotations

import copy
import html
import re

import pytest
from bs4 import BeautifulSoup
from pygments import highlight
from pygments.lexers import YamlLexer

from briefing.diagnostics import Diagnostics
from briefing.load import load
from briefing.project import open_project
from briefing.render import syntax
from briefing.render.views import _SourceLinesOf
from conftest import REPO

AWKWARD = {
    "comments": "# a file's first line\nid: c-1  # after a value\nnote: 'a # in quotes'\n# alone\n\nurl: http://x/#frag\n",
    "block scalars": "text: |\n  line one\n  # not a comment\n\n  line four\nfolded: >-\n  folded\n  text\nafter: 1\n",
    "flow": "tags: [a, 'b c', \"d\"]\nmap: {k: v, 'q': [1, 2]}\n",
    "multi-line quoted": "q: \"first\n  second\"\nr: 'one\n\n  three'\n",
    "anchors and tags": "a: &x 1\nb: *x\nc: !!str 5\n? explicit key\n: value\n",
    "documents": "%YAML 1.2\n---\nid: d\n...\n",
    "unicode": "title: 北方領土の日 <b>&amp;</b>\nname: Лавров\n",
    "markup": "html: <script>alert('x')</script> & \"quotes\"\n",
    "sequence item": "- id: q-1\n  text: >\n    the words\n  speaker: abe # who\n- id: q-2\n",
    "crlf": "id: c\r\nnote: x\r\n",
    "no final line break": "id: c\nnote: x",
    "not yaml": "id: [unclosed\n  : : bad\n\t- tab\n",
}


def numbered_lines(markup: str) -> list[tuple[int, str]]:
    """Each line of a highlighted block: its number and its text as a reader sees it. (Read with regular
    expressions: Beautiful Soup's parser collapses a string of spaces between tags, as Pygments writes.)"""
    code = re.fullmatch(r'<div class="highlight"><pre><span></span><code>(.*)</code></pre></div>\n', markup, re.S)
    assert code is not None, markup[:200]
    lines = []
    for line in code.group(1).split("\n")[:-1]:
        numbered = re.fullmatch(r'<span class="linenos"> *(\d+)</span>(.*)', line)
        assert numbered is not None, line
        lines.append((int(numbered.group(1)), html.unescape(re.sub(r"<[^>]*>", "", numbered.group(2)))))
    return lines


def pygments_lines(text: str, first_line: int) -> list[tuple[int, str]]:
    formatter = copy.copy(syntax._numbered_formatter())
    formatter.linenostart = first_line
    return numbered_lines(highlight(text, YamlLexer(stripnl=False), formatter))


@pytest.mark.parametrize("text", AWKWARD.values(), ids=AWKWARD.keys())
def test_every_character_and_line_number_is_shown_as_pygments_shows_it(text: str):
    assert numbered_lines(syntax.highlight_yaml(text, 41)) == pygments_lines(text, 41)


def test_every_record_of_the_seed_is_shown_as_pygments_shows_it():
    briefing = load(open_project(REPO), Diagnostics())
    lines_of = _SourceLinesOf(briefing)
    records = [record for table in briefing.record_tables().values() for record in table.values()]
    assert len(records) > 100
    for record in records:
        lines = lines_of(record)
        assert numbered_lines(syntax.highlight_yaml(lines.text, lines.start)) == pygments_lines(
            lines.text, lines.start
        ), record.id


def test_keys_values_and_comments_carry_pygments_classes():
    markup = syntax.highlight_yaml("id: c-1 # note\nquote: 'words'\nlist:\n- plain\n", 1)
    classes = {span.get_text(): span["class"] for span in BeautifulSoup(markup, "html.parser").select("code span")}
    assert classes["id"] == ["nt"] and classes["quote"] == ["nt"]
    assert classes["# note"] == ["c1"]
    assert classes["'words'"] == ["s"]
    assert classes["plain"] == ["l", "l-Scalar", "l-Scalar-Plain"]
    assert classes["-"] == ["p", "p-Indicator"]
    assert re.search(r'<span class="p">:</span>', markup)
