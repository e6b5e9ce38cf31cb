"""How close `import` comes to hand curation: the seed captures and a corpus of synthetic ones.

    python benchmarks/import_accuracy.py [--seeds content/sources/raw] [--corpus benchmarks/captures] [--project .]

Two reports, one per set. The seeds: for every capture whose sha256 matches a curated source's raw capture, the
script runs the real import into a copy of the project and prints, per
capture and overall, the precision and recall of the lines it kept (against
the lines the curated source keeps), and whether the proposed publication
date and wire services equal the curated ones. A capture that gives only a
weekday is imported again with the curated date (`--published`) so its lines
can still be compared; its date counts as not proposed.

The corpus (benchmarks/captures/, pages no one tuned the tool to): every
capture is imported into a scratch copy of the project and compared with its
hand-made `<name>.expected.yaml` (see benchmarks/capture_scoring.py): kept
lines (precision, recall), title, publisher, date, bylines and wire services,
and the refusals (an import that fails keeps nothing; its message is printed).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.diagnostics import Diagnostics  # noqa: E402
from briefing.ingest import ImportFailed, import_capture, kept_line_numbers  # noqa: E402
from briefing.load import load  # noqa: E402
from briefing.model import Briefing, Source  # noqa: E402
from briefing.project import open_project  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from capture_scoring import CaptureScore, captures_in, score_against_expected  # noqa: E402


@dataclass
class Score:
    capture: str
    source_id: str
    true_positives: int
    kept: int
    expected: int
    date: str
    date_ok: bool
    wires: str
    wires_ok: bool

    @property
    def precision(self) -> float:
        return self.true_positives / self.kept if self.kept else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


def curated_by_digest(briefing: Briefing) -> dict[str, Source]:
    return {source.sha256: source for source in briefing.sources.values()}


def score_capture(capture: Path, curated: Source, curated_raw: str, project_root: Path) -> Score:
    project = open_project(project_root)
    try:
        result = import_capture(project, capture, source_id="imported", force=True)
        date = str(result.proposal.date.published) if result.proposal.date else "-"
    except ImportFailed:
        result = import_capture(project, capture, source_id="imported", force=True, published=curated.published.iso())
        found = result.proposal.weekday_only
        date = f"none ({found.evidence!r} only)" if found else "none"
    imported = load(project, Diagnostics())
    assert imported is not None
    draft = imported.sources["imported"]
    mine = kept_line_numbers([block.text for block in draft.blocks], curated_raw)
    theirs = kept_line_numbers([block.text for block in curated.blocks], curated_raw)
    wires = sorted(ref.id for ref in draft.wire_services) + sorted(result.unannotated_wires)
    expected_wires = sorted(ref.id for ref in curated.wire_services)
    return Score(
        capture=capture.name,
        source_id=curated.id,
        true_positives=len(mine & theirs),
        kept=len(mine),
        expected=len(theirs),
        date=date,
        date_ok=date == curated.published.iso(),
        wires=", ".join(sorted(wires)) or "-",
        wires_ok=sorted(wires) == expected_wires,
    )


def score_all(seeds: Path, project_root: Path) -> list[Score]:
    briefing = load(open_project(project_root), Diagnostics())
    assert briefing is not None, "the curated project does not load"
    curated = curated_by_digest(briefing)
    scores = []
    with tempfile.TemporaryDirectory() as scratch:
        for capture in sorted(seeds.glob("*.txt")):
            source = curated.get(hashlib.sha256(capture.read_bytes()).hexdigest())
            if source is None:
                print(f"{capture.name}: no curated source has this capture; skipped", file=sys.stderr)
                continue
            copy = Path(scratch) / capture.stem
            shutil.copytree(project_root / "content", copy / "content")
            scores.append(score_capture(capture, source, briefing.raw_texts[source.id], copy))
    return scores


def score_corpus(corpus: Path, project_root: Path) -> list[CaptureScore]:
    briefing = load(open_project(project_root), Diagnostics())
    assert briefing is not None, "the project does not load"
    year = str(briefing.info.as_of.year)
    return [score_against_expected(capture, project_root / "content", year) for capture in captures_in(corpus)]


def print_seeds(scores: list[Score]) -> None:
    columns = (
        "capture | curated source | kept | precision | recall | date proposed | date ok | wire services | wires ok"
    )
    print(f"| {columns} |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for s in scores:
        print(
            f"| {s.capture} | {s.source_id} | {s.kept}/{s.expected} | {s.precision:.3f} | {s.recall:.3f} | "
            f"{s.date} | {'yes' if s.date_ok else 'no'} | {s.wires} | {'yes' if s.wires_ok else 'no'} |"
        )
    true_positives = sum(s.true_positives for s in scores)
    kept = sum(s.kept for s in scores)
    expected = sum(s.expected for s in scores)
    print(
        f"| overall | {len(scores)} captures | {kept}/{expected} | {_ratio(true_positives, kept)} | "
        f"{_ratio(true_positives, expected)} | | {sum(s.date_ok for s in scores)}/{len(scores)} | | "
        f"{sum(s.wires_ok for s in scores)}/{len(scores)} |"
    )


def print_corpus(scores: list[CaptureScore]) -> None:
    print("| capture | kept (right/kept/expected) | precision | recall | title | publisher | date | bylines | wires |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for s in scores:
        if s.refusal:
            print(f"| {s.capture} | refused: 0/0/{len(s.expected.kept_text)} | 0.000 | 0.000 | | | | | |")
            continue
        p = s.proposed
        date = (
            p.published or ("asked for" if s.asked_for_date else "none")
        ) + f" (want {s.expected.published or 'none'})"
        print(
            f"| {s.capture} | {s.right_kept}/{len(p.kept)}/{len(s.expected.kept_text)} | {s.precision:.3f} | "
            f"{s.recall:.3f} | {_mark(s.title_ok)} | {_mark(s.publisher_ok, p.publisher or '-')} | "
            f"{_mark(s.date_ok, date)} | {_mark(s.bylines_ok, ', '.join(p.bylines) or '-')} | "
            f"{_mark(s.wires_ok, ', '.join(p.wires) or '-')} |"
        )
    n = len(scores)
    right = sum(s.right_kept for s in scores)
    kept = sum(len(s.proposed.kept) for s in scores)
    found = sum(s.found for s in scores)
    expected = sum(len(s.expected.kept_text) for s in scores)
    refusals = sum(1 for s in scores if s.refusal)
    print(
        f"| overall ({n} captures, {refusals} refused) | {right}/{kept}/{expected} | {_ratio(right, kept)} | "
        f"{_ratio(found, expected)} | {_share(scores, 'title_ok')} | {_share(scores, 'publisher_ok')} | "
        f"{_share(scores, 'date_ok')} | {_share(scores, 'bylines_ok')} | {_share(scores, 'wires_ok')} |"
    )
    for s in scores:
        if s.refusal:
            print(f"\n{s.capture}: refused: {s.refusal}")


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def _share(scores: list[CaptureScore], name: str) -> str:
    right = sum(1 for s in scores if getattr(s, name))
    return f"{right}/{len(scores)} = {_ratio(right, len(scores))}"


def _mark(ok: bool, shown: str = "") -> str:
    return ("ok" if ok else "WRONG") + (f": {shown}" if shown else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "content/sources/raw", help="captures to import")
    parser.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/captures", help="synthetic captures")
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()
    print("## Seed captures (against content/sources/)\n")
    print_seeds(score_all(args.seeds, args.project))
    print("\n## Synthetic corpus (against <name>.expected.yaml)\n")
    print_corpus(score_corpus(args.corpus, args.project))


if __name__ == "__main__":
    main()
