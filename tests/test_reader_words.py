"""What the reader reads: every built page of the seed briefing and of the minimal project is walked, and
its visible text must be the briefing's words, not the tool's (record ids, schema labels such as
"(about)", "(day precision)" or "Spoken in: ru"); the "source data" view names each record's exact lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString

from briefing.link.backlinks import _LIST_RELATIONS
from conftest import MINIMAL, REPO, build_into_temporary_folder, parse

RELATIONS = {*_LIST_RELATIONS.values(), "evidence", "contradicting", "rendering", "link", "role"}
RELATIONS |= {"country", "place", "speaker", "occasion", "wire", "judgment", "claim", "quote", "event", "entity"}
SCHEMA_LABELS = [
    re.compile(r"\((?:" + "|".join(map(re.escape, sorted(RELATIONS))) + r")\)"),
    re.compile(r"\((?:day|month|year) precision\)"),
    re.compile(r"\b[Ss]poken in:?\s+[a-z]{2,3}(?:-[A-Za-z]{2,4})?\b"),
]
HIDDEN = ["script", "style", "template", "noscript", "details.source-data", "[hidden]", "[aria-hidden=true]"]


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into_temporary_folder(tmp_path_factory, MINIMAL, "minimal")


def _ids(site: Path) -> set[str]:
    data = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    tables = ("sources", "entities", "events", "quotes", "claims", "topics")
    ids = {record["id"] for table in tables for record in data[table]}
    for table in ("key_judgments", "assumptions", "alternatives", "indicators"):
        ids |= {record["id"] for record in data["briefing"].get(table) or []}
    return ids


def _authored(project: Path) -> str:
    """Every word the briefing's author wrote (their notes may name an id on purpose), whitespace collapsed."""
    files = [*project.glob("content/**/*.md"), *project.glob("content/**/*.yaml")]
    return " ".join(" ".join(path.read_text(encoding="utf-8").split()) for path in files)


def visible_texts(soup: BeautifulSoup) -> list[str]:
    """The page's text nodes a reader sees (the analysts' collapsed source data view aside)."""
    for selector in HIDDEN:
        for element in soup.select(selector):
            element.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    return [str(s) for s in soup.find_all(string=True) if isinstance(s, NavigableString) and str(s).strip()]


def internals(site: Path, project: Path) -> list[tuple[str, str]]:
    """(page, what) for each id or schema label in visible text. An id counts where it stands as a word,
    not inside an address or file name, and not in words the author wrote (an author's note may say "the
    source id is …": the id with 25 characters either side is found in content/); a single-word id, which
    may be an ordinary word too ("sanctions"), counts only in a text node of its own."""
    ids = _ids(site)
    authored = _authored(project)
    alternatives = "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
    id_re = re.compile(r"(?<![\w/.#@-])(" + alternatives + r")(?![\w/-]|\.\w)")
    found = []
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        page = path.relative_to(site).as_posix()
        for text in visible_texts(parse(path)):
            plain = " ".join(text.split())
            for match in id_re.finditer(plain):
                word, around = match.group(1), plain[max(0, match.start() - 25) : match.end() + 25]
                if (len(around) > len(word) + 10 and around in authored) or ("-" not in word and plain != word):
                    continue
                found.append((page, f"id {word!r} in {plain[:80]!r}"))
            for label in SCHEMA_LABELS:
                found.extend((page, f"label {m.group(0)!r} in {plain[:80]!r}") for m in label.finditer(plain))
        soup = parse(path)
        found.extend((page, "kind 'other'") for kind in soup.select(".kind") if kind.get_text(strip=True) == "other")
    return found


def test_no_internal_ids_or_schema_labels_on_any_seed_page(seed_site: Path) -> None:
    assert internals(seed_site, REPO) == []


def test_no_internal_ids_or_schema_labels_on_any_minimal_page(minimal_site: Path) -> None:
    assert internals(minimal_site, MINIMAL) == []


def test_the_check_finds_what_it_looks_for(tmp_path: Path, seed_site: Path) -> None:
    """The walker is not blind: a page showing an id and the old labels is caught."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "briefing.json").write_text((seed_site / "briefing.json").read_text(encoding="utf-8"), encoding="utf-8")
    (site / "page.html").write_text(
        "<main><p>kj-channel-durable (judgment)</p><p>reuters</p><p>(day precision)</p><dl><dd>Spoken in: ru</dd>"
        '</dl><p class="kind">other</p><a href="sources/reuters.html">Reuters</a></main>',
        encoding="utf-8",
    )
    found = [what for _, what in internals(site, REPO)]
    assert len(found) == 6, found


def test_key_judgments_name_their_claims_alike_on_screen_and_in_print(seed_site: Path) -> None:
    """Each key judgment lists its claims by the first clause of each statement, the same words on the home
    page and in the print view (the PDF's source), linking to the claim; never "claim 1"."""
    data = json.loads((seed_site / "briefing.json").read_text(encoding="utf-8"))
    judgments = data["briefing"]["key_judgments"]
    statements = {claim["id"]: " ".join(claim["statement"].split()) for claim in data["claims"]}
    for page, link in (("index.html", "claims/{}.html"), ("print.html", "#claim-{}")):
        soup = parse(seed_site / page)
        assert not re.search(r"\bclaim \d+\b", soup.get_text(" ")), page
        for judgment in judgments:
            items = soup.find(id=judgment["id"]).select(".judgment-claims li a, .judgment-claims .judgment-claim a")
            assert [a["href"] for a in items] == [link.format(ref) for ref in judgment["claims"]], page
            for a, ref in zip(items, judgment["claims"], strict=True):
                name = a.get_text(strip=True).rstrip("…")
                assert 10 <= len(name) <= 130 and statements[ref].startswith(name), (page, name)
    home = [a.get_text(strip=True) for a in parse(seed_site / "index.html").select(".judgment-claims a")]
    printed = [a.get_text(strip=True) for a in parse(seed_site / "print.html").select(".judgment-claims a")]
    assert home == printed


@pytest.mark.parametrize("which", ["seed", "minimal"])
def test_source_data_is_collapsed_and_names_the_records_exact_lines(
    which: str, seed_site: Path, minimal_site: Path
) -> None:
    """The "source data" view is closed until opened, and its range starts at the record's first line and
    ends at its last written one: not at the blank line, the comment or the next record after it."""
    site, project = (seed_site, REPO) if which == "seed" else (minimal_site, MINIMAL)
    checked = 0
    for path in sorted(site.rglob("*.html")):
        for details in parse(path).select("details.source-data"):
            assert not details.has_attr("open"), path
            match = re.fullmatch(r"(.+):(\d+)–(\d+)", details.summary.code.get_text(strip=True))
            file, first, last = match.group(1), int(match.group(2)), int(match.group(3))
            lines = (project / file).read_text(encoding="utf-8").splitlines()
            shown = [int(n.get_text()) for n in details.select(".linenos")]
            assert shown == list(range(first, last + 1)), path
            assert lines[first - 1].strip() and lines[last - 1].strip(), (path, first, last)
            following = lines[last] if last < len(lines) else ""
            indent = len(lines[first - 1]) - len(lines[first - 1].lstrip())
            after = len(following) - len(following.lstrip())
            ends = not following.strip() or following.strip() == "---" or after <= indent
            assert ends, (path, last, following)  # the next line is blank, closes the front matter, or a new item
            checked += 1
    assert checked >= (100 if which == "seed" else 5)
