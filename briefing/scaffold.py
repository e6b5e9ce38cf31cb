"""``new``: scaffold a briefing project that builds at once, with one record of every kind.

The example is a small, self-consistent briefing (one source with its raw
capture, a person, a country, an organization, a place, an event, a quote,
a claim, a topic, a key judgment, and an assumption, an alternative and an
indicator around it) that shows each part of the content format. No
templates are copied: the defaults are used until the analyst adds a
``templates/`` folder to override one by name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

SOURCE_ID = "example-wire-2024-03-14"

RAW_CAPTURE = """\
Home | World | Business | Subscribe
Harbour talks end with promise of a second round
Negotiators say the fishing dispute can be settled by summer.
PORTVALE, March 14, 2024 (Example Wire) -- Delegations from Northland and Southmark ended two days of talks in Portvale on Thursday and agreed to meet again in May.
"We have narrowed our differences on the fishing grounds," said Northland's chief negotiator, Ana Lopez.
Next steps
The talks covered quotas in the waters around the Grey Banks, which Southmark calls the Silver Shoals.
Lopez said a second round would take place in May and that both sides hoped to sign an agreement by the summer.
Share this article: Facebook | X | Email
(c) 2024 Example Wire. All rights reserved.
"""

SOURCE_BODY = """\
PORTVALE, March 14, 2024 (Example Wire) -- Delegations from Northland and Southmark ended two days of talks in Portvale on Thursday and agreed to meet again in May.

"We have narrowed our differences on the fishing grounds," said Northland's chief negotiator, Ana Lopez.

## Next steps

The talks covered quotas in the waters around the Grey Banks, which Southmark calls the Silver Shoals.

Lopez said a second round would take place in May and that both sides hoped to sign an agreement by the summer.
"""

ANNOTATIONS = """\
# Records of every kind. Ids are slugs and share one namespace with sources and topics.
people:
  - id: ana-lopez
    name: Ana Lopez
    aliases: [Lopez]                # other names, found in the sources' text
    description: Northland's chief negotiator in the fishing talks.
    country: northland
    roles:
      - title: Chief negotiator
        organization: northland
        from: "2024-01"             # a date of month precision

countries:
  - id: northland
    name: Northland
  - id: southmark
    name: Southmark

organizations:
  - id: example-wire
    name: Example Wire
    kind: news agency

places:
  - id: grey-banks
    name: Grey Banks
    aliases: [Silver Shoals]        # one place, two names
    kind: fishing grounds

events:
  - id: portvale-talks-2024-03
    title: Fishing talks in Portvale
    kind: meeting
    date: 2024-03-14
    status: happened
    participants: [northland, southmark, ana-lopez]
    topics: [fishing-talks]
    summary: Two days of talks ended with an agreement to meet again.
    evidence:
      - source: example-wire-2024-03-14
        quote: ended two days of talks in Portvale on Thursday
  - id: second-round-2024-05
    title: Second round of fishing talks
    kind: meeting
    date: "2024-05"
    status: scheduled
    participants: [northland, southmark]
    topics: [fishing-talks]
    evidence:
      - source: example-wire-2024-03-14
        quote: a second round would take place in May

quotes:
  - id: lopez-narrowed-differences
    speaker: ana-lopez
    occasion: portvale-talks-2024-03
    renderings:                     # the same words as each source renders them
      - source: example-wire-2024-03-14
        quote: We have narrowed our differences on the fishing grounds,

claims:
  - id: talks-to-resume-in-may
    statement: Northland and Southmark agreed to hold a second round of talks in May 2024.
    topics: [fishing-talks]
    about: [northland, southmark, second-round-2024-05]
    confidence: moderate
    evidence:
      - source: example-wire-2024-03-14
        quote: agreed to meet again in May
        credibility: 2              # Admiralty information credibility, 1 (confirmed) to 6
        origin: example-wire        # the wire service this passage relays
"""

TOPIC = """\
---
title: The fishing talks
summary: Northland and Southmark are negotiating quotas around the Grey Banks.
entities: [grey-banks, ana-lopez]
events: [portvale-talks-2024-03]
---
The talks concern quotas around the [[grey-banks]], which Southmark calls the
Silver Shoals [@example-wire-2024-03-14, "which Southmark calls the Silver Shoals"].
[[ana-lopez|Northland's negotiator]] said the sides "have narrowed our differences"
[@example-wire-2024-03-14, "We have narrowed our differences"].
"""


def briefing_yaml(title: str) -> str:
    header = yaml.safe_dump({"title": title}, allow_unicode=True, sort_keys=False)
    return (
        header
        + """\
subtitle: A new briefing
as_of: 2024-03-15
authors: [Your name]
language: en
handling: DRAFT — for internal review. Replace with your handling note.
base_url: https://briefing.example.org/   # where the site will be published (sitemap, feed); change it
bluf: |
  The sides will meet again in May [@example-wire-2024-03-14, "agreed to meet again in May"].
bluf_confidence: moderate                  # high, moderate or low: shown beside the bottom line
key_judgments:                             # usually 3 to 5 in a finished briefing, each resting on claims
  - id: kj-second-round
    judgment: A second round of talks is likely to take place in May.
    confidence: moderate
    claims: [talks-to-resume-in-may]
# What the judgments take for granted, the other readings weighed, and what to watch for (ICD 203).
assumptions:
  - id: asm-negotiators-stay
    assumption: Both governments keep the negotiators who agreed to meet again, [[ana-lopez]] among them.
    judgments: [kj-second-round]         # the key judgments it underpins
alternatives:
  - id: alt-talks-stall
    alternative: The second round slips past May, or does not take place.
    why_less_likely: >-
      Both sides named the month, and Northland says they have narrowed their differences
      [@example-wire-2024-03-14, "We have narrowed our differences"].
    would_be_right_if: Either side stops naming a date for the second round.
    judgments: [kj-second-round]
indicators:
  - id: ind-date-announced
    indicator: A date and a place announced for the second round.
    would_mean: An announcement bears the judgment out; silence into May weakens it.
    judgments: [kj-second-round]
topics: [fishing-talks]
"""
    )


def source_markdown() -> str:
    sha = hashlib.sha256(RAW_CAPTURE.encode("utf-8")).hexdigest()
    front = f"""\
---
title: Harbour talks end with promise of a second round
standfirst: Negotiators say the fishing dispute can be settled by summer.
publisher: Example Wire
published: 2024-03-14
published_evidence: "PORTVALE, March 14, 2024"   # the words of the capture that date it
language: en
wire_services: [example-wire]
origin: example-wire        # where its text comes from: the wire's own copy ("own": the outlet's own reporting)
raw: raw/{SOURCE_ID}.txt
sha256: {sha}
removed:                                           # every line curation removed, and why
  - text: Home | World | Business | Subscribe
    reason: Site menu.
  - text: "Share this article: Facebook | X | Email"
    reason: Sharing links.
  - text: (c) 2024 Example Wire. All rights reserved.
    reason: Copyright footer.
grading:
  reliability: B                                   # Admiralty source reliability, A to F
  note: An established wire service.
---
"""
    return front + SOURCE_BODY


def scaffold_files(title: str) -> dict[str, str]:
    """Relative path → text of every file of a new project."""
    return {
        "content/briefing.yaml": briefing_yaml(title),
        f"content/sources/{SOURCE_ID}.md": source_markdown(),
        f"content/sources/raw/{SOURCE_ID}.txt": RAW_CAPTURE,
        "content/annotations/records.yaml": ANNOTATIONS,
        "content/topics/fishing-talks.md": TOPIC,
        ".gitignore": "/site/\n/.briefing-cache/\n",
    }


class ScaffoldError(Exception):
    pass


def create_project(folder: Path, title: str, force: bool) -> list[Path]:
    """Write a new project into ``folder``; refuses a non-empty folder unless ``force``."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ScaffoldError(f"{folder} is not empty; use --force to write the example project into it anyway")
    written = []
    for relative, text in scaffold_files(title).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
