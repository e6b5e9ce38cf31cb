"""The content reader keeps reading every file as the table-driven reader it replaced did (issue 27).

``tests/fixtures/parity/golden.json`` holds what the old reader (``Schema.read`` over the ``Field`` tables,
main at e4a600f) made of each file: its diagnostics, word for word with their hints and file:line:col, the
ids it could not define, and a digest of its records (every field, location and nested part). The files are
the seed project, the test fixtures and bad files written to reach every record kind and every problem.

    python tests/test_model_parity.py            # compare, printing what differs
    python tests/test_model_parity.py --digest DIR   # one digest for a whole project (e.g. a 1k corpus)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from briefing.diagnostics import Location
from briefing.parse import ParsedFile, parse_annotations, parse_briefing, parse_source, parse_topic

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "parity" / "golden.json"
FOLDERS = (ROOT, ROOT / "tests" / "fixtures" / "minimal", ROOT / "tests" / "fixtures" / "parity")


def dump(value: Any) -> Any:
    """A record as plain data: every field, whatever its class (a record may move to a subclass)."""
    if isinstance(value, Location):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {spec.name: dump(getattr(value, spec.name)) for spec in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): dump(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [dump(item) for item in value]
    return value


def parse(path: Path, display: str) -> ParsedFile:
    text = path.read_text(encoding="utf-8")
    if path.name.startswith("briefing") and path.suffix == ".yaml":
        return parse_briefing(text, display)
    if path.parent.name == "annotations":
        return parse_annotations(text, display)
    reader = parse_source if path.parent.name == "sources" else parse_topic
    return reader(text, display, path.stem)


def content_files(folder: Path) -> list[Path]:
    found = list(folder.glob("content*/briefing*.yaml"))
    found += folder.glob("content*/annotations/*.yaml")
    found += folder.glob("content*/sources/*.md")
    found += folder.glob("content*/topics/*.md")
    return sorted(found)


def digest(parsed: ParsedFile) -> str:
    text = json.dumps(dump(parsed.records), sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_all() -> dict[str, dict[str, Any]]:
    results = {}
    for folder in FOLDERS:
        for path in content_files(folder):
            display = path.relative_to(ROOT).as_posix()
            parsed = parse(path, display)
            results[display] = {
                "diagnostics": [d.format() + f" [{d.severity}]" for d in parsed.diagnostics],
                "broken_ids": sorted(parsed.broken_ids),
                "records": digest(parsed),
            }
    return results


def differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    lines = []
    for name in sorted(set(expected) | set(found)):
        if expected.get(name) != found.get(name):
            old, new = (json.dumps(side.get(name), indent=1) for side in (expected, found))
            lines.append(f"{name}:\n  old: {old}\n  new: {new}")
    return lines


def test_every_file_reads_as_with_the_old_reader() -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert not differences(expected, read_all())


def project_digest(folder: Path) -> str:
    """One digest of everything the reader makes of a project's content (records and diagnostics)."""
    whole = hashlib.sha256()
    for path in content_files(folder):
        parsed = parse(path, path.relative_to(folder).as_posix())
        whole.update(digest(parsed).encode())
        whole.update(json.dumps([d.format() for d in parsed.diagnostics], ensure_ascii=False).encode())
        whole.update(json.dumps(sorted(parsed.broken_ids)).encode())
    return whole.hexdigest()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--digest"]:
        print(project_digest(Path(sys.argv[2])))
    elif sys.argv[1:2] == ["--write-golden"]:  # only ever run with the old reader
        GOLDEN.write_text(json.dumps(read_all(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        problems = differences(json.loads(GOLDEN.read_text(encoding="utf-8")), read_all())
        print("\n".join(problems) or "identical")
        sys.exit(1 if problems else 0)


def test_state_set_after_reading_is_not_a_yaml_key() -> None:
    """What the build sets on a record (its id from the file name, a source's paragraphs, where a quote was
    found, where the record was written) is never read from YAML: written there, it is an unknown field."""
    from briefing.diagnostics import Diagnostics
    from briefing.model import CLAIM_EVIDENCE, SOURCE, TOPIC, read
    from briefing.yamlio import parse_yaml

    cases = [
        (SOURCE, "id: x\nblocks: []\nbody_line: 3\nlocation: x\nfield_locations: {}\nkind: source\n"),
        (TOPIC, "id: x\nbody: text\nlines: [1, 2]\n"),
        (CLAIM_EVIDENCE, "span: x\nquote_location: x\nlocation: x\n"),
    ]
    for form, text in cases:
        diagnostics = Diagnostics()
        data = parse_yaml(text, "x.yaml")
        read(form, data, Location("x.yaml"), diagnostics)
        unknown = {d.message.split("'")[1] for d in diagnostics if d.code == "unknown-field"}
        assert unknown == set(data), form.name
