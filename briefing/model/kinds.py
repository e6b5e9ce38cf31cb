"""The kinds of field values: how a YAML value becomes a value of a record, with the problem, code, message
and hint reported when it cannot (the records declare which kind each field is, :mod:`briefing.model.records`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Protocol

from briefing.diagnostics import Diagnostics, Location, did_you_mean
from briefing.ids import MAX_ID_BYTES, id_problem
from briefing.model.values import CREDIBILITY_GRADES, FuzzyDate, LocatedText, OriginSpec, Ref
from briefing.yamlio import YamlList

TEXT_SCHEMA: dict[str, Any] = {"type": ["string", "number"]}  # YAML's 12 or 1.5 reads as text where text is due
# An id: what briefing.ids checks, less its rules on look-alike characters and names the site takes.
SLUG_SCHEMA: dict[str, Any] = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": MAX_ID_BYTES}


class RecordForm(Protocol):
    """How a record is written in YAML: what a nested field reads its mapping with."""

    name: str

    def read(self, data: Any, location: Location, diagnostics: Diagnostics) -> Any | None: ...

    def json_schema(self) -> dict[str, Any]: ...


class FieldError(Exception):
    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Slot:
    """The YAML value being converted and how to locate it."""

    value: Any
    location: Location
    text_start: Location
    diagnostics: Diagnostics


class FieldType:
    label = "value"

    def json_schema(self) -> dict[str, Any]:
        """What the kind accepts, as JSON Schema (YAML's values: a date or a number is written as text)."""
        return {}

    def convert(self, slot: Slot) -> Any:
        raise NotImplementedError


def _as_text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise FieldError("wrong-type", f"expected text, got {_describe(value)}", "quote the value")
    if isinstance(value, (str, int, float)):
        return str(value)
    raise FieldError("wrong-type", f"expected text, got {_describe(value)}")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


class Text(FieldType):
    label = "text"

    def json_schema(self) -> dict[str, Any]:
        return TEXT_SCHEMA

    def convert(self, slot: Slot) -> str:
        text = _as_text(slot.value).strip()
        if not text:
            raise FieldError("empty-value", "must not be empty")
        return text


class Markdown(FieldType):
    label = "Markdown text"

    def json_schema(self) -> dict[str, Any]:
        return TEXT_SCHEMA

    def convert(self, slot: Slot) -> LocatedText:
        return LocatedText(Text().convert(slot), slot.text_start)


class TextList(FieldType):
    label = "list of text"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": TEXT_SCHEMA}

    def convert(self, slot: Slot) -> list[str]:
        items = _as_list(slot.value)
        return [Text().convert(Slot(item, slot.location, slot.location, slot.diagnostics)) for item in items]


class Slug(FieldType):
    label = "id (slug)"

    def json_schema(self) -> dict[str, Any]:
        return SLUG_SCHEMA

    def convert(self, slot: Slot) -> str:
        problem = id_problem(slot.value)
        if problem is not None:
            raise FieldError(*problem)
        return slot.value


class RefType(FieldType):
    def __init__(self, *kinds: str) -> None:
        self.kinds = kinds
        self.label = "id of " + (" / ".join(kinds) if kinds else "any record")

    def json_schema(self) -> dict[str, Any]:
        return SLUG_SCHEMA

    def convert(self, slot: Slot) -> Ref:
        return Ref(Slug().convert(slot), slot.location, self.kinds)


class RefList(FieldType):
    def __init__(self, *kinds: str) -> None:
        self.kinds = kinds
        self.label = "list of ids of " + (" / ".join(kinds) if kinds else "any record")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": SLUG_SCHEMA}

    def convert(self, slot: Slot) -> list[Ref]:
        """The references in order, each once: a repeated one is reported (a warning) and left out."""
        items = _as_list(slot.value)
        locations = items.item_locations if isinstance(items, YamlList) else [slot.location] * len(items)
        refs: dict[str, Ref] = {}
        for item, where in zip(items, locations, strict=False):
            ref = RefType(*self.kinds).convert(Slot(item, where, where, slot.diagnostics))
            if ref.id in refs:
                slot.diagnostics.warning(
                    where,
                    "duplicate-ref",
                    f"'{ref.id}' is already in this list (at {refs[ref.id].location})",
                    "remove the repeated id; it is counted once",
                )
            else:
                refs[ref.id] = ref
        return list(refs.values())


def _as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise FieldError(
            "wrong-type", f"expected a list, got {_describe(value)}", "write items as '- item' lines or [a, b]"
        )
    return value


class DateType(FieldType):
    """A date of day, month or year precision: 2017-04-27, "2017-04" or 2017."""

    label = "date (YYYY-MM-DD, YYYY-MM or YYYY)"
    _pattern = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)

    def json_schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ]
        }

    def convert(self, slot: Slot) -> FuzzyDate:
        value = slot.value
        if isinstance(value, dt.datetime):
            return FuzzyDate.from_date(value.date())
        if isinstance(value, dt.date):
            return FuzzyDate.from_date(value)
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            return FuzzyDate(value)
        match = self._pattern.fullmatch(value) if isinstance(value, str) else None
        if not match:
            raise FieldError(
                "invalid-date",
                f"expected a date, got {_describe(value)}",
                'write 2017-04-27, "2017-04" (month precision) or 2017 (year precision)',
            )
        year, month, day = (int(g) if g else 0 for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as exc:
            raise FieldError("invalid-date", f"impossible date '{value}': {exc}", "use a real calendar date") from None
        return FuzzyDate(year, month, day)


class Choice(FieldType):
    def __init__(self, choices: tuple[str, ...] | dict[str, str]) -> None:
        self.choices = tuple(choices)
        self.label = "one of: " + ", ".join(self.choices)

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}

    def convert(self, slot: Slot) -> str:
        text = _as_text(slot.value)
        if text not in self.choices:
            hint = did_you_mean(text, self.choices) or f"use one of: {', '.join(self.choices)}"
            raise FieldError("invalid-value", f"'{text}' is not allowed here", hint)
        return text


class Grade(FieldType):
    label = "integer 1–6 (Admiralty information credibility)"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": min(CREDIBILITY_GRADES), "maximum": max(CREDIBILITY_GRADES)}

    def convert(self, slot: Slot) -> int:
        value = slot.value
        if isinstance(value, bool) or not isinstance(value, int) or value not in CREDIBILITY_GRADES:
            raise FieldError(
                "invalid-value",
                f"credibility must be an integer from 1 to 6, got {_describe(value)}",
                "; ".join(f"{k} {v}" for k, v in CREDIBILITY_GRADES.items()),
            )
        return value


class Boolean(FieldType):
    label = "true or false"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def convert(self, slot: Slot) -> bool:
        if not isinstance(slot.value, bool):
            raise FieldError("wrong-type", f"expected true or false, got {_describe(slot.value)}")
        return slot.value


class Sha256(FieldType):
    label = "sha256 (64 hex digits)"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}

    def convert(self, slot: Slot) -> str:
        text = _as_text(slot.value).lower()
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            raise FieldError("invalid-value", "sha256 must be 64 hexadecimal digits", "run: sha256sum RAW_FILE")
        return text


class Url(FieldType):
    label = "http(s) URL"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\s*https?://\S+\s*$"}

    def convert(self, slot: Slot) -> str:
        text = _as_text(slot.value).strip()
        if not re.fullmatch(r"https?://[^\s]+", text):
            raise FieldError("invalid-value", f"'{text}' is not an http(s) URL", "write the full address, https://…")
        return text


class OriginType(FieldType):
    """A wire service id, a list of them (one of these, the source does not say which), or ``own``."""

    label = "wire service id, [ids] (one of them), or own (the outlet's own reporting)"

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [SLUG_SCHEMA, {"type": "array", "items": SLUG_SCHEMA, "minItems": 1}]}

    def convert(self, slot: Slot) -> OriginSpec:
        items = slot.value if isinstance(slot.value, list) else [slot.value]
        locations = items.item_locations if isinstance(items, YamlList) else [slot.location] * len(items)
        if not items:
            raise FieldError("empty-value", "must name at least one origin", "write a wire service id, or own")
        spec = OriginSpec(location=slot.location)
        for item, where in zip(items, locations, strict=False):
            if item == "own":
                spec.own = True
            else:
                spec.wires.append(RefType("organization").convert(Slot(item, where, where, slot.diagnostics)))
        return spec


_MOST_PARAGRAPHS = 100_000  # a range past this is a typo, not an article


class Paragraphs(FieldType):
    """Paragraph numbers (¶) of a source: 4, "4-6", or a list of numbers and ranges."""

    label = 'paragraph numbers: 4, "4-6" or a list such as [1, "4-6"]'
    _range = re.compile(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?", re.ASCII)

    def json_schema(self) -> dict[str, Any]:
        one = {
            "anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^\s*\d+\s*([-–]\s*\d+\s*)?$"}]
        }
        return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}

    def convert(self, slot: Slot) -> tuple[int, ...]:
        items = slot.value if isinstance(slot.value, list) else [slot.value]
        numbers: list[int] = []
        for item in items:
            readable = isinstance(item, (int, str)) and not isinstance(item, bool)
            match = self._range.fullmatch(str(item)) if readable else None
            first, last = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (0, 0)
            if not match or first < 1 or last < first or last > _MOST_PARAGRAPHS:
                raise FieldError("invalid-value", f"{_describe(item)} is not a paragraph number or range", self.label)
            numbers.extend(range(first, last + 1))
        if not numbers:
            raise FieldError("empty-value", "must name at least one paragraph", self.label)
        return tuple(sorted(set(numbers)))


class Nested(FieldType):
    def __init__(self, form: RecordForm) -> None:
        self.form = form
        self.label = f"mapping ({form.name})"

    def json_schema(self) -> dict[str, Any]:
        return self.form.json_schema()

    def convert(self, slot: Slot) -> Any:
        record = self.form.read(slot.value, slot.location, slot.diagnostics)
        if record is None:
            raise FieldError("", "")  # already reported inside
        return record


class NestedList(FieldType):
    def __init__(self, form: RecordForm) -> None:
        self.form = form
        self.label = f"list of {form.name}"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.form.json_schema()}

    def convert(self, slot: Slot) -> list[Any]:
        items = _as_list(slot.value)
        result = []
        for index, item in enumerate(items):
            where = items.item_location(index) if isinstance(items, YamlList) else slot.location
            record = self.form.read(item, where, slot.diagnostics)
            if record is not None:
                result.append(record)
        return result
