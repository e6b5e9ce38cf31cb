"""Generate a valid, deterministic briefing project of N synthetic sources, for benchmarks.

    python benchmarks/corpus.py DIR --sources 1000 [--seed 7]

Each source is a ~600-word article (6–10 paragraphs) with a raw capture
that wraps it in site furniture (menu, share prompts, copyright), recorded
as removed. Annotations grow with it: ~N/10 people, places and
organizations whose names and aliases really occur in the texts, ~N/5
events, ~N/2 quotes (some rendered by two sources, one word apart) and ~N
claims whose evidence quotes are real, unique spans of the sources; a few
topics cite and link them. The project builds with zero errors.
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
TOPICS = ["border-talks", "energy-deals", "sanctions-regime", "island-dispute", "trade-corridor", "security-pact"]


@dataclass
class Names:
    rng: random.Random
    used: set[str] = field(default_factory=set)

    def fresh(self, parts: int = 2) -> str:
        while True:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(parts + 1)).capitalize()
            if word not in self.used and len(word) > 4:
                self.used.add(word)
                return word


@dataclass
class Entity:
    id: str
    kind: str
    name: str
    aliases: list[str]


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

    # -- writing

    def write(self, root: Path) -> None:
        content = root / "content"
        for folder in ("sources/raw", "annotations", "topics"):
            (content / folder).mkdir(parents=True, exist_ok=True)
        quote_texts = [
            (" ".join(self.rng.sample(WORDS, 10)).capitalize(), self.rng.choice(self.people))
            for _ in range(max(1, self.count // 2))
        ]
        sources, spans = [], {}
        for index in range(self.count):
            source_id = f"src-{index:05d}"
            paragraphs = []
            carried = [q for q in range(len(quote_texts)) if q % self.count == index or (q * 7) % self.count == index]
            for number in range(self.rng.randint(6, 10)):
                quote = None
                if carried and number in (1, 3):
                    q = carried.pop()
                    text, speaker = quote_texts[q]
                    if (q * 7) % self.count == index and q % self.count != index:
                        words = text.split()
                        words[-1] = "indeed"
                        text = " ".join(words)
                    quote = (text, speaker)
                    spans.setdefault(("quote", q), []).append((source_id, text))
                paragraphs.append(self.paragraph(quote))
            sources.append(self._write_source(content, source_id, index, paragraphs))
            spans[("source", index)] = [(source_id, p) for p in paragraphs]
        self._write_annotations(content, sources, spans, quote_texts)
        self._write_topics(content, sources, spans)

    def _write_source(self, content: Path, source_id: str, index: int, paragraphs: list[str]) -> dict:
        outlet = OUTLETS[index % len(OUTLETS)]
        day = 1 + index % 28
        month = 1 + (index // 28) % 12
        title = f"{self.rng.choice(WORDS).capitalize()} {self.rng.choice(WORDS)} talks continue ({index})"
        standfirst = f"{self.rng.choice(self.entities).name} weighs the {self.rng.choice(WORDS)} question."
        dateline = f"Published {month:02d}/{day:02d}/2020"
        furniture = ["Menu Home World Business Opinion", "Share this article", f"© 2020 {outlet}. All rights reserved."]
        raw = "\n".join([furniture[0], title, standfirst, dateline, *paragraphs, furniture[1], furniture[2]]) + "\n"
        (content / "sources/raw" / f"{source_id}.txt").write_text(raw, encoding="utf-8")
        wires = [WIRES[index % 3]] if index % 4 == 0 else []
        front = {
            "title": title,
            "standfirst": standfirst,
            "publisher": outlet,
            "published": f"2020-{month:02d}-{day:02d}",
            "published_evidence": dateline,
            "language": "en",
            "wire_services": wires,
            "raw": f"raw/{source_id}.txt",
            "sha256": hashlib.sha256(raw.encode()).hexdigest(),
            "removed": [{"text": line, "reason": "Site furniture."} for line in furniture],
            "grading": {"reliability": "BCD"[index % 3], "note": "Synthetic outlet."},
        }
        body = "\n\n".join(paragraphs)
        text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + body + "\n"
        (content / "sources" / f"{source_id}.md").write_text(text, encoding="utf-8")
        return {"id": source_id, "date": f"2020-{month:02d}-{day:02d}", "wires": wires, "paragraphs": paragraphs}

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
                    "credibility": rng.randint(1, 4),
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
                    "confidence": ("high", "moderate", "low")[index % 3],
                    "evidence": evidence,
                }
            )
        annotations = content / "annotations"
        dump = lambda name, data: (annotations / name).write_text(  # noqa: E731
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        dump("entities.yaml", entities)
        dump("events.yaml", {"events": events})
        dump("quotes.yaml", {"quotes": quotes})
        dump("claims.yaml", {"claims": claims})
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    Corpus(args.sources, args.seed).write(args.folder)
    print(f"wrote a {args.sources}-source briefing to {args.folder}")


if __name__ == "__main__":
    main()
