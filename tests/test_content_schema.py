"""The content JSON schemas (schemas/content/, generated from the models by ``python -m briefing.docs``) are
valid JSON Schema, accept every file the validator accepts and refuse the bad files of the parity test."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from briefing.yamlio import parse_yaml, split_front_matter
from conftest import REPO

SCHEMAS = REPO / "schemas" / "content"
GOOD = (REPO / "content", REPO / "tests" / "fixtures" / "minimal" / "content")
BAD = REPO / "tests" / "fixtures" / "parity" / "content"


def plain(value: Any) -> Any:
    """YAML as JSON sees it: a date written unquoted is the text it was written as."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def read(path: Path) -> tuple[str, Any]:
    """The schema that describes a content file, and what the file holds."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        front, _body, _line = split_front_matter(text, path.name)
        return path.parent.name.removesuffix("s"), plain(parse_yaml(front, path.name))
    kind = "briefing" if path.name.startswith("briefing") else "annotations"
    return kind, plain(parse_yaml(text, path.name))


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("briefing*.yaml"), *folder.glob("annotations/*.yaml"), *folder.glob("*/*.md")])


@pytest.mark.parametrize("path", [path for folder in GOOD for path in files(folder)], ids=str)
def test_content_the_validator_accepts_matches_its_schema(path: Path) -> None:
    kind, data = read(path)
    assert [error.message for error in validator(kind).iter_errors(data)] == []


@pytest.mark.parametrize("path", [path for path in files(BAD) if path.stem != "briefing" and "ok" not in path.stem])
def test_a_bad_file_does_not_match_its_schema(path: Path) -> None:
    kind, data = read(path)
    assert list(validator(kind).iter_errors(data))
