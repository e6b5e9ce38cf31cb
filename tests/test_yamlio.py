import pytest

from briefing.yamlio import ContentError, parse_yaml


def test_values_keep_their_positions():
    data = parse_yaml("a: 1\nitems:\n  - x\n  - {id: y}\n", "f.yaml")
    assert str(data.value_location("items")) == "f.yaml:3:3"
    assert str(data["items"].item_location(1)) == "f.yaml:4:5"


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ("a: &x [1, 2]\nb: *x\n", "yaml-alias", "f.yaml:2:4"),
        ("a: 1\na: 2\n", "duplicate-key", "f.yaml:2:1"),
        ("a: [1, 2\nb: 3\n", "yaml-syntax", "f.yaml:1:4"),  # the '[' left open, not where YAML gave up
        ("when: 2017-02-30\n", "invalid-date", "f.yaml:1:7"),
    ],
)
def test_bad_yaml_is_refused_with_its_position(text, code, where):
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "f.yaml")
    assert caught.value.code == code
    assert str(caught.value.location) == where


def test_billion_laughs_is_refused_not_expanded():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    with pytest.raises(ContentError) as caught:
        parse_yaml("\n".join(lines), "bomb.yaml")
    assert caught.value.code == "yaml-alias"


RECORDS = """events:
  - id: first
    title: plain
    topics: [a, b]

  - id: second
    summary: |
      a block scalar

      with a blank line inside


  # a comment before the next record
  - id: third
    evidence:
      - source: s
        quote: "quoted"
  - id: last
    empty: {}
"""


@pytest.mark.parametrize("libyaml", [True, False])
def test_a_record_spans_its_first_to_its_last_written_line(monkeypatch, libyaml):
    """Not the blank lines, comments or next record's first line that the parser's end mark points at."""
    monkeypatch.setattr("yaml.__with_libyaml__", libyaml)
    records = parse_yaml(RECORDS, "events.yaml", line_offset=10)["events"]
    assert [r.source_lines for r in records] == [(12, 14), (16, 20), (24, 27), (28, 29)]
