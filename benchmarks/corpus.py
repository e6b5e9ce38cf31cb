"""Generate a valid, deterministic briefing project of N synthetic sources, for benchmarks.

    python benchmarks/corpus.py DIR --sources 1000 [--seed 7] [--reference REFDIR]

Each source is a ~600-word article (6–10 paragraphs) with a raw capture
that wraps it in site furniture (menu, share prompts, copyright), recorded
as removed. Annotations grow with it: ~N/10 people, places and
organizations whose names and aliases really occur in the texts, ~N/5
events, ~N/2 quotes (some rendered by two sources, one word apart) and ~N
claims whose evidence quotes are real, unique spans of the sources; a few
topics cite and link them. The project builds with zero errors.

With --reference, the same articles (titles, dates, paragraphs) are also
written as plain Hugo, MkDocs and Pelican sites in REFDIR/hugo, REFDIR/mkdocs
and REFDIR/pelican, for benchmarks/run.py to compare build times.
"""

from __future__ import annotations

import argparse
import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

WORDS = [
    "government",
    "ministry",
    "officials",
    "talks",
    "agreement",
    "border",
    "trade",
    "energy",
    "security",
    "council",
    "sanctions",
    "delegation",
    "summit",
    "region",
    "coast",
    "islands",
    "treaty",
    "dialogue",
    "pressure",
    "economy",
    "fisheries",
    "pipeline",
    "port",
    "negotiations",
    "proposal",
    "cooperation",
    "statement",
    "leaders",
    "committee",
    "parliament",
    "envoy",
    "visit",
    "schedule",
    "budget",
    "harbour",
    "railway",
    "exports",
    "imports",
    "tariffs",
    "investment",
    "military",
    "exercises",
    "patrol",
    "vessel",
    "observers",
    "mission",
    "report",
    "analysts",
    "diplomats",
    "capital",
    "province",
    "district",
    "election",
    "coalition",
    "policy",
    "reform",
    "infrastructure",
    "transport",
    "shipping",
    "grain",
    "oil",
    "gas",
    "power",
    "grid",
    "water",
    "climate",
    "weather",
    "storm",
    "relief",
    "aid",
    "refugees",
    "hospital",
    "schools",
    "farmers",
    "workers",
    "union",
    "strike",
    "market",
    "prices",
    "inflation",
    "currency",
]
VERBS = [
    "said",
    "announced",
    "agreed",
    "warned",
    "proposed",
    "rejected",
    "confirmed",
    "signalled",
    "promised",
    "urged",
    "noted",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ven",
    "dor",
    "sa",
    "li",
    "na",
    "to",
    "be",
    "ru",
    "an",
    "el",
    "vi",
    "mar",
    "tes",
    "ol",
    "ur",
    "ia",
]
OUTLETS = [f"Outlet {name}" for name in ("North", "Harbour", "Valley", "Summit", "Coast", "Plains", "River", "Delta")]
WIRES = ["wire-alpha", "wire-beta", "wire-gamma"]
RECORDS_PER_FILE = 4000  # ~400 bytes a claim: a file stays well under the build's 2 MB limit
TOPICS = ["border-talks", "energy-deals", "sanctions-regime", "island-dispute", "trade-corridor", "security-pact"]


@dataclass
class Names:
    rng: random.Random
    used: set[str] = field(default_factory=set)

    def fresh(self, parts: int = 2) -> str:
        """A new name of ``parts + 1`` syllables, or more once names that short have (nearly) run out."""
        misses = 0
        while True:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(parts + 1)).capitalize()
            if word not in self.used and len(word) > 4:
                self.used.add(word)
                return word
            misses += 1
            if misses == 1000:  # only 144 two-syllable names are long enough: 10,000 sources need 333
                parts, misses = parts + 1, 0


@dataclass
class Entity:
    id: str
    kind: str
    name: str
    aliases: list[str]


@dataclass
class Article:
    """One synthetic article: the briefing's source and each reference site's page show the same words."""

    id: str
    index: int
    title: str
    standfirst: str
    publisher: str
    date: str
    paragraphs: list[str]


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


class Corpus:
    def __init__(self, sources: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.count = sources
        self.names = Names(self.rng)
        self.entities = self._entities()
        self.people = [e for e in self.entities if e.kind == "person"]
        self.places = [e for e in self.entities if e.kind == "place"]
        self.quote_texts: list[tuple[str, Entity]] = []
        self.spans: dict[tuple[str, int], list[tuple[str, str]]] = {}
        self._articles: list[Article] | None = None

    def _entities(self) -> list[Entity]:
        entities = []
        total = max(6, self.count // 10)
        for index in range(total):
            kind = ("person", "place", "organization")[index % 3]
            if kind == "person":
                first, last = self.names.fresh(1), self.names.fresh(2)
                entities.append(Entity(slug(f"{first} {last}"), kind, f"{first} {last}", [last, f"Minister {last}"]))
            elif kind == "place":
                name = self.names.fresh(2)
                other = self.names.fresh(2)
                entities.append(Entity(slug(name), kind, name, [f"{other} Islands"]))
            else:
                name = self.names.fresh(2)
                entities.append(Entity(slug(name + " council"), kind, f"{name} Council", [f"the {name} body"]))
        return entities

    # -- text

    def sentence(self, mention: Entity | None = None) -> str:
        words = self.rng.sample(WORDS, self.rng.randint(9, 15))
        subject = (
            mention.aliases[0] if mention and self.rng.random() < 0.5 else (mention.name if mention else "Officials")
        )
        words[0] = words[0]
        return f"{subject} {self.rng.choice(VERBS)} that {' '.join(words)}."

    def paragraph(self, quote: tuple[str, Entity] | None) -> str:
        sentences = [
            self.sentence(self.rng.choice(self.entities) if self.rng.random() < 0.6 else None)
            for _ in range(self.rng.randint(4, 6))
        ]
        if quote:
            text, speaker = quote
            sentences.insert(1, f"“{text},” {speaker.name} said.")
        return " ".join(sentences)

    def articles(self) -> list[Article]:
        """Every source's article, made once: the briefing and the reference sites show the same ones."""
        if self._articles is None:
            self.quote_texts = [
                (" ".join(self.rng.sample(WORDS, 10)).capitalize(), self.rng.choice(self.people))
                for _ in range(max(1, self.count // 2))
            ]
            self._articles = [self._article(index) for index in range(self.count)]
        return self._articles

    def _article(self, index: int) -> Article:
        source_id = f"src-{index:05d}"
        paragraphs = []
        count = self.count
        carried = [q for q in range(len(self.quote_texts)) if q % count == index or (q * 7) % count == index]
        for number in range(self.rng.randint(6, 10)):
            quote = None
            if carried and number in (1, 3):
                q = carried.pop()
                text, speaker = self.quote_texts[q]
                if (q * 7) % count == index and q % count != index:
                    words = text.split()
                    words[-1] = "indeed"
                    text = " ".join(words)
                quote = (text, speaker)
                self.spans.setdefault(("quote", q), []).append((source_id, text))
            paragraphs.append(self.paragraph(quote))
        self.spans[("source", index)] = [(source_id, p) for p in paragraphs]
        day = 1 + index % 28
        month = 1 + (index // 28) % 12
        title = f"{self.rng.choice(WORDS).capitalize()} {self.rng.choice(WORDS)} talks continue ({index})"
        standfirst = f"{self.rng.choice(self.entities).name} weighs the {self.rng.choice(WORDS)} question."
        outlet = OUTLETS[index % len(OUTLETS)]
        return Article(source_id, index, title, standfirst, outlet, f"2020-{month:02d}-{day:02d}", paragraphs)

    # -- writing

    def write(self, root: Path) -> None:
        articles = self.articles()
        content = root / "content"
        for folder in ("sources/raw", "annotations", "topics"):
            (content / folder).mkdir(parents=True, exist_ok=True)
        sources = [self._write_source(content, article) for article in articles]
        self._write_annotations(content, sources, self.spans, self.quote_texts)
        self._write_topics(content, sources, self.spans)

    def _write_source(self, content: Path, article: Article) -> dict:
        source_id, index, title, paragraphs = article.id, article.index, article.title, article.paragraphs
        outlet = article.publisher
        dateline = f"Published {article.date[5:7]}/{article.date[8:10]}/2020"
        furniture = ["Menu Home World Business Opinion", "Share this article", f"© 2020 {outlet}. All rights reserved."]
        raw = (
            "\n".join([furniture[0], title, article.standfirst, dateline, *paragraphs, furniture[1], furniture[2]])
            + "\n"
        )
        (content / "sources/raw" / f"{source_id}.txt").write_text(raw, encoding="utf-8")
        wires = [WIRES[index % 3]] if index % 4 == 0 else []
        front = {
            "title": title,
            "standfirst": article.standfirst,
            "publisher": outlet,
            "published": article.date,
            "published_evidence": dateline,
            "language": "en",
            "wire_services": wires,
            **({"origin": wires[0]} if wires else {}),  # a wire's copy, relayed whole
            "raw": f"raw/{source_id}.txt",
            "sha256": hashlib.sha256(raw.encode()).hexdigest(),
            "removed": [{"text": line, "reason": "Site furniture."} for line in furniture],
            "grading": {"reliability": "BCD"[index % 3], "note": "Synthetic outlet."},
        }
        body = "\n\n".join(paragraphs)
        text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + body + "\n"
        (content / "sources" / f"{source_id}.md").write_text(text, encoding="utf-8")
        return {"id": source_id, "date": article.date, "wires": wires, "paragraphs": paragraphs}

    def _span(self, paragraph: str) -> str:
        """Eight consecutive words from a sentence of the paragraph, without the quote marks or final stop."""
        sentences = [s for s in paragraph.split(". ") if "“" not in s and "”" not in s and len(s.split()) > 10]
        words = self.rng.choice(sentences).rstrip(".").split()
        start = self.rng.randint(2, len(words) - 8)
        return " ".join(words[start : start + 8])

    def _write_annotations(self, content: Path, sources: list[dict], spans: dict, quote_texts: list) -> None:
        rng = self.rng
        entities = {"people": [], "places": [], "organizations": []}
        for entity in self.entities:
            section = {"person": "people", "place": "places", "organization": "organizations"}[entity.kind]
            entities[section].append({"id": entity.id, "name": entity.name, "aliases": entity.aliases})
        entities["organizations"] += [
            {"id": wire, "name": wire.replace("-", " ").title(), "kind": "news agency"} for wire in WIRES
        ]
        events = []
        for index in range(max(1, self.count // 5)):
            source = sources[rng.randrange(len(sources))]
            people = rng.sample(self.people, 2)
            events.append(
                {
                    "id": f"event-{index:05d}",
                    "title": f"{people[0].name} meets {people[1].name}",
                    "kind": "meeting",
                    "date": source["date"],
                    "date_note": "The date of the article that reports it.",
                    "status": "happened" if index % 10 else "scheduled",
                    "place": rng.choice(self.places).id,
                    "participants": [p.id for p in people],
                    "topics": [TOPICS[index % len(TOPICS)]],
                    "evidence": [{"source": source["id"], "quote": self._span(rng.choice(source["paragraphs"]))}],
                }
            )
        quotes = []
        for index, (_, speaker) in enumerate(quote_texts):
            renderings = [{"source": sid, "quote": text} for sid, text in spans.get(("quote", index), [])]
            if renderings:
                quotes.append({"id": f"quote-{index:05d}", "speaker": speaker.id, "renderings": renderings})
        claims = []
        for index in range(self.count):
            evidence = []
            for source in rng.sample(sources, min(len(sources), rng.randint(1, 3))):
                item = {
                    "source": source["id"],
                    "quote": self._span(rng.choice(source["paragraphs"])),
                    "credibility": rng.randint(2, 4),
                }
                if source["wires"]:
                    item["origin"] = source["wires"][0]
                evidence.append(item)
            claims.append(
                {
                    "id": f"claim-{index:05d}",
                    "statement": f"Synthetic claim number {index}.",
                    "topics": [TOPICS[index % len(TOPICS)]],
                    "about": [rng.choice(self.entities).id],
                    "confidence": ("high", "moderate", "low")[index % 3] if len(evidence) > 1 else "moderate",
                    "evidence": evidence,
                }
            )
        annotations = content / "annotations"
        dump = lambda name, data: (annotations / name).write_text(  # noqa: E731
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        dump("entities.yaml", entities)
        for section, records in (("events", events), ("quotes", quotes), ("claims", claims)):
            # The build refuses content files over 2 MB: past RECORDS_PER_FILE, one file per that many records.
            chunks = [
                records[start : start + RECORDS_PER_FILE] for start in range(0, len(records), RECORDS_PER_FILE)
            ] or [[]]
            for number, chunk in enumerate(chunks, 1):
                dump(f"{section}.yaml" if len(chunks) == 1 else f"{section}-{number:02d}.yaml", {section: chunk})
        judgments = [
            {
                "id": f"kj-{n}",
                "judgment": f"Synthetic judgment {n}.",
                "confidence": "moderate",
                "claims": [f"claim-{(n * 37) % self.count:05d}"],
            }
            for n in range(1, 4)
        ]
        briefing = {
            "title": f"Synthetic briefing of {self.count} sources",
            "as_of": "2020-12-31",
            "handling": "SYNTHETIC — benchmark data",
            "bluf": "A generated briefing for benchmarks.",
            "key_judgments": judgments,
            "topics": TOPICS,
        }
        (content / "briefing.yaml").write_text(yaml.safe_dump(briefing, sort_keys=False), encoding="utf-8")

    def _write_topics(self, content: Path, sources: list[dict], spans: dict) -> None:
        for topic in TOPICS:
            lines = []
            for _ in range(12):
                source = self.rng.choice(sources)
                words = self._span(self.rng.choice(source["paragraphs"]))
                entity = self.rng.choice(self.entities)
                lines.append(f'[[{entity.id}]] figures here [@{source["id"]}, "{words}"].')
            front = {"title": topic.replace("-", " ").title(), "summary": f"Synthetic topic {topic}."}
            text = "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n" + "\n\n".join(lines) + "\n"
            (content / "topics" / f"{topic}.md").write_text(text, encoding="utf-8")


# -- the same articles as plain sites of other generators, for comparison (benchmarks/run.py builds them)

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
· {{ .Params.publisher }}</p>
{{ .Content }}
</article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}
</ul>
{{ end }}
"""


def front_matter(fields: dict) -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n"


def write_hugo(articles: list[Article], root: Path) -> None:
    """A Hugo site with a minimal layout of its own (no theme): one page per article, a list, a home page."""
    posts = root / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(
        f'baseURL = "http://localhost/"\ntitle = "Synthetic articles ({len(articles)})"\n'
        'relativeURLs = true\ndisableKinds = ["taxonomy", "term"]\n',
        encoding="utf-8",
    )
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    for name, text in (("baseof.html", HUGO_BASEOF), ("single.html", HUGO_SINGLE), ("list.html", HUGO_LIST)):
        (layouts / name).write_text(text, encoding="utf-8")
    (posts / "_index.md").write_text(front_matter({"title": "Articles"}), encoding="utf-8")
    for article in articles:
        front = front_matter({"title": article.title, "date": article.date, "publisher": article.publisher})
        body = "\n\n".join(article.paragraphs)
        (posts / f"{article.id}.md").write_text(f"{front}\n{body}\n", encoding="utf-8")


def write_mkdocs(articles: list[Article], root: Path) -> None:
    """An MkDocs site with the default theme and plugins (search): an index page and one page per article.

    The nav names the index only, like the other sites' menus: MkDocs' default nav lists every page in
    every page's sidebar, which makes the build quadratic (over 10 minutes for 10,000 articles here).
    """
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    config = f"site_name: Synthetic articles ({len(articles)})\nnav:\n  - Articles: index.md\n"
    validation = "validation:\n  nav:\n    omitted_files: ignore\n"  # the articles are linked from the index
    (root / "mkdocs.yml").write_text(config + validation, encoding="utf-8")
    index = [f"- [{article.title}]({article.id}.md) {article.date}" for article in articles]
    (docs / "index.md").write_text("# Articles\n\n" + "\n".join(index) + "\n", encoding="utf-8")
    for article in articles:
        head = f"# {article.title}\n\n*{article.date} · {article.publisher}*"
        (docs / f"{article.id}.md").write_text("\n\n".join([head, *article.paragraphs]) + "\n", encoding="utf-8")


PELICAN_CONF = """AUTHOR = "Benchmark"
SITENAME = "Synthetic articles ({count})"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
DEFAULT_PAGINATION = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LINKS = ()
SOCIAL = ()
"""


def write_pelican(articles: list[Article], root: Path) -> None:
    """A Pelican site with the default theme, relative URLs and no feeds: one article page per article."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONF.format(count=len(articles)), encoding="utf-8")
    for article in articles:
        meta = f"Title: {article.title}\nDate: {article.date}\nSlug: {article.id}\nCategory: {article.publisher}\n"
        (content / f"{article.id}.md").write_text(
            meta + "\n" + "\n\n".join(article.paragraphs) + "\n", encoding="utf-8"
        )


REFERENCE_SITES = {"hugo": write_hugo, "mkdocs": write_mkdocs, "pelican": write_pelican}


def write_reference(articles: list[Article], folder: Path) -> None:
    """The same articles as ``folder/hugo``, ``folder/mkdocs`` and ``folder/pelican``."""
    for name, writer in REFERENCE_SITES.items():
        writer(articles, folder / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--reference", type=Path, metavar="DIR", help="also write the same articles as Hugo, MkDocs and Pelican sites"
    )
    args = parser.parse_args()
    corpus = Corpus(args.sources, args.seed)
    corpus.write(args.folder)
    print(f"wrote a {args.sources}-source briefing to {args.folder}")
    if args.reference:
        write_reference(corpus.articles(), args.reference)
        print(f"wrote the same articles as Hugo, MkDocs and Pelican sites to {args.reference}/")


if __name__ == "__main__":
    main()
