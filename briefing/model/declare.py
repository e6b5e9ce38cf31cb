"""Records declared once: each field of a record says, where it is declared, how it is written in YAML.

A field of a record dataclass is declared with :func:`key`: its kind (:mod:`briefing.model.kinds`), what it
means, whether it is required, and its YAML name when that is not the attribute's. A :class:`Form` names one
way a record is written (a person and a place are both an ``Entity``) and derives the rest from the class:
the pydantic model that reads it, the rows of the reference documentation and its JSON schema. Fields that
are not declared (the id of a source, taken from its file name; a source's paragraphs; where a record was
written) are the record's state, not input: written in YAML, they are unknown fields.

Reading keeps every problem of the content format as it was: pydantic validates the mapping (unknown keys,
missing keys, each value by its kind), and :func:`read` turns its errors, whose paths are the YAML keys,
into the project's diagnostics at the file, line and column yamlio recorded.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from briefing.diagnostics import Diagnostics, Location, did_you_mean
from briefing.model.kinds import FieldError, FieldType, Slot, _describe
from briefing.yamlio import YamlMap

if TYPE_CHECKING:  # pydantic is imported when content is first read: a build that takes every file from its
    # cache never needs it (about 0.1 s)
    from pydantic import BaseModel, ValidationError, ValidationInfo

DECLARED = "briefing.declared"  # the key of a field's declaration in its dataclass metadata
POSITION = frozenset({"location", "lines", "field_locations"})  # where a record was written, from yamlio
REPORTED = "reported"  # the error of a nested record whose problems were reported where they are
# Declaration order, as in attrs: a record's YAML keys are listed in the order its fields were declared, also
# across subclasses (a subclass declares fields after its base's). Counted once, at import.
_ORDER = itertools.count()


@dataclass(frozen=True)
class Declared:
    """How one field of a record is written in YAML."""

    kind: FieldType
    doc: str
    required: bool
    name: str  # the YAML key, when it is not the attribute's name
    order: int


def key(
    kind: FieldType,
    doc: str,
    *,
    required: bool = False,
    default: Any = dataclasses.MISSING,
    factory: Callable[[], Any] | None = None,
    name: str = "",
) -> Any:
    """A dataclass field read from YAML as ``kind``; ``doc`` is its meaning in the reference documentation.

    ``default`` (or ``factory``) is the record's value when the key is absent, as for any dataclass field;
    a required key may have one too, for code that builds records without YAML."""
    declared = Declared(kind, doc, required, name, next(_ORDER))
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata={DECLARED: declared})
    return dataclasses.field(default=default, metadata={DECLARED: declared})


def again(record: type, attribute: str, *, here: bool = False, **changes: Any) -> Any:
    """The declaration of ``record.attribute`` for a subclass, with ``changes`` (e.g. ``required=True``):
    in the same place among the YAML keys, or ``here``, after those declared before it in the subclass."""
    spec = record.__dataclass_fields__[attribute]
    if here:
        changes["order"] = next(_ORDER)
    declared = dataclasses.replace(spec.metadata[DECLARED], **changes)
    if spec.default_factory is not dataclasses.MISSING:
        return dataclasses.field(default_factory=spec.default_factory, metadata={DECLARED: declared})
    return dataclasses.field(default=spec.default, metadata={DECLARED: declared})


@dataclass(frozen=True)
class FieldSpec:
    """One YAML key of a form: what the reader, the documentation and the JSON schema need to know."""

    key: str
    type: FieldType
    doc: str
    required: bool
    attribute: str


def declared_fields(record: type) -> tuple[FieldSpec, ...]:
    found = []
    for spec in dataclasses.fields(record):
        declared = spec.metadata.get(DECLARED)
        if declared is not None:
            field = FieldSpec(declared.name or spec.name, declared.kind, declared.doc, declared.required, spec.name)
            found.append((declared.order, field))
    return tuple(field for _order, field in sorted(found, key=lambda pair: pair[0]))


@dataclass(frozen=True)
class Form:
    """One way a record is written in YAML: its name in messages and documentation, its record class, and
    values every record read this way gets (``fixed``, e.g. its kind)."""

    name: str
    build: type
    doc: str = ""
    fixed: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:  # a docstring given as the doc is one paragraph of the reference
        object.__setattr__(self, "doc", " ".join(self.doc.split()))

    @functools.cached_property
    def fields(self) -> tuple[FieldSpec, ...]:
        return declared_fields(self.build)

    @functools.cached_property
    def position(self) -> frozenset[str]:
        """Which of ``location``, ``lines`` and ``field_locations`` the record keeps."""
        return frozenset(spec.name for spec in dataclasses.fields(self.build)) & POSITION

    @functools.cached_property
    def model(self) -> type[BaseModel]:
        return pydantic_model(self.name, self.fields)

    def read(self, data: Any, location: Location, diagnostics: Diagnostics) -> Any | None:
        return read(self, data, location, diagnostics)

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema of a mapping written in this form, from its pydantic model."""
        schema = self.model.model_json_schema(by_alias=True)
        return {"title": self.name, "description": self.doc, **schema} if self.doc else {"title": self.name, **schema}


# ---------------------------------------------------------------- the pydantic model of a form


def pydantic_model(name: str, fields: tuple[FieldSpec, ...]) -> type[BaseModel]:
    """A model whose fields are the form's keys (by alias), each validated by the project's kind."""
    from pydantic import ConfigDict, PlainValidator, create_model
    from pydantic import Field as ModelField

    definitions: dict[str, Any] = {}
    for spec in fields:
        value = Annotated[Any, PlainValidator(_validator(spec))]
        default = ... if spec.required else None
        described = ModelField(default, alias=spec.key, description=spec.doc, json_schema_extra=_schema_of(spec))
        definitions[spec.attribute] = (value, described)
    config = ConfigDict(extra="forbid", title=name, validate_by_alias=True, validate_by_name=False)
    return create_model(name.title().replace(" ", ""), __config__=config, **definitions)


def _validator(spec: FieldSpec) -> Callable[[Any, ValidationInfo], Any]:
    from pydantic_core import PydanticCustomError

    def validate(value: Any, info: ValidationInfo) -> Any:
        data, diagnostics = info.context["data"], info.context["diagnostics"]
        slot = Slot(value, data.value_location(spec.key), data.text_start(spec.key), diagnostics)
        try:
            return spec.type.convert(slot)
        except FieldError as exc:
            code = exc.code or REPORTED
            raise PydanticCustomError(code, "{message}", {"message": exc.message, "hint": exc.hint}) from None

    return validate


def _schema_of(spec: FieldSpec) -> Callable[[dict[str, Any]], None]:
    """What the field accepts, asked of its kind only when a JSON schema is generated (reading never needs
    it). Absent, an optional key is the record's default, not pydantic's None."""

    def describe(schema: dict[str, Any]) -> None:
        schema.pop("default", None)
        schema.update(spec.type.json_schema())
        schema["x-type"] = spec.type.label

    return describe


# ---------------------------------------------------------------- reading


def read(form: Form, data: Any, location: Location, diagnostics: Diagnostics) -> Any | None:
    """The record written in ``data``, or None if it cannot be built; every problem goes to ``diagnostics``.

    As the content format has always read: a key whose value is empty is absent; an unknown key or a bad
    optional value is reported and the record is built without it; a missing or bad required value means no
    record. Warnings of the kinds (a repeated reference) are reported once."""
    from pydantic import ValidationError

    if not isinstance(data, YamlMap):
        names = ", ".join(spec.key for spec in form.fields)
        message = f"a {form.name} must be a mapping of fields, got {_describe(data)}"
        diagnostics.error(location, "wrong-type", message, f"fields of a {form.name}: {names}")
        return None
    known = {spec.key for spec in form.fields}
    given = {name: value for name, value in data.items() if value is not None or name not in known}
    try:
        values = _validate(form, given, data, diagnostics)
    except ValidationError as exc:
        failed = _report(form, data, exc, diagnostics)
        if failed is None:
            return None
        kept = {name: value for name, value in given.items() if name not in failed}
        values = _validate(form, kept, data, Diagnostics())  # reported above; this only builds what is left
    return form.build(**_position(form, data), **{**dict(form.fixed), **values})


def _validate(form: Form, given: Mapping[str, Any], data: YamlMap, diagnostics: Diagnostics) -> dict[str, Any]:
    model = form.model.model_validate(given, context={"data": data, "diagnostics": diagnostics})
    return {attribute: getattr(model, attribute) for attribute in model.model_fields_set}


def _report(form: Form, data: YamlMap, exc: ValidationError, diagnostics: Diagnostics) -> set[str] | None:
    """Report each error where it was written; the keys to leave out, or None if the record cannot be built."""
    by_key = {spec.key: spec for spec in form.fields}
    failed: set[str] = set()
    buildable = True
    for error in exc.errors(include_url=False):
        name = str(error["loc"][0])
        failed.add(name)
        if error["type"] == "extra_forbidden":
            hint = did_you_mean(name, by_key) or f"fields of a {form.name}: {', '.join(by_key)}"
            diagnostics.error(data.key_location(name), "unknown-field", f"unknown field '{name}' in {form.name}", hint)
            continue
        spec = by_key[name]
        buildable = buildable and not spec.required
        if error["type"] == "missing":
            message = f"{form.name} is missing required field '{name}'"
            diagnostics.error(data.location, "missing-field", message, f"add '{name}:' ({spec.type.label}): {spec.doc}")
        elif error["type"] != REPORTED:
            context = error.get("ctx") or {}
            message = f"field '{name}': {context.get('message', error['msg'])}"
            diagnostics.error(data.value_location(name), error["type"], message, context.get("hint", ""))
    return failed if buildable else None


def _position(form: Form, data: YamlMap) -> dict[str, Any]:
    """Where the record was written, for records that keep it."""
    position = {"location": data.location, "lines": data.source_lines, "field_locations": data.value_locations}
    return {name: value for name, value in position.items() if name in form.position}
