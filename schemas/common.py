"""Fields and schemas every resource shares."""
import unicodedata
from datetime import date

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema
from marshmallow.experimental.context import Context

EDUCATION_LEVELS = ("SD", "SMP", "SMA", "SMK", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
MAX_INT = 2_000_000_000  # fits a 32-bit column on every database


# Characters a person cannot see: text made only of these names nothing (e.g. a "name" of
# zero-width spaces or direction marks). Format characters (Cf) and the filler letters.
_INVISIBLE_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")
_LINE_BREAKS = frozenset("\t\n\r")


def _invisible(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE_FILLERS or unicodedata.category(char) == "Cf"


def _noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def clean_text(value: str, multiline: bool = False) -> str:
    """The text with invisible characters trimmed from both ends, or ValidationError when it holds
    control characters (line breaks and tabs only where `multiline`), lone surrogates or
    noncharacters (no database, CSV or XLSX can carry them), or nothing visible at all."""
    if value.isascii() and value.isprintable():
        # Most text: printable ASCII holds none of the above and no invisible character but the
        # space; this path keeps a 100,000-row import from checking each character one by one.
        value = value.strip(" ")
        if not value:
            raise ValidationError("Must not be blank.")
        return value
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            raise ValidationError("Must not contain lone surrogate characters.")
        if category == "Cc" and not (multiline and char in _LINE_BREAKS):
            raise ValidationError(f"Must not contain control characters (U+{ord(char):04X}).")
        if _noncharacter(char):
            raise ValidationError(f"Must not contain the noncharacter U+{ord(char):04X}.")
    start, end = 0, len(value)
    while start < end and _invisible(value[start]):
        start += 1
    while end > start and _invisible(value[end - 1]):
        end -= 1
    if start == end:
        raise ValidationError("Must not be blank.")
    return value[start:end]


class Text(fields.String):
    """Every text the API accepts: cleaned by `clean_text`, blank refused, long refused."""

    def __init__(self, max_length: int = 200, multiline: bool = False, also=(), **kwargs):
        super().__init__(validate=[validate.Length(min=1, max=max_length), *also], **kwargs)
        self.multiline = multiline

    def _deserialize(self, value, attr, data, **kwargs):
        return clean_text(super()._deserialize(value, attr, data, **kwargs), self.multiline)


def Email(**kwargs):
    return Text(200, also=[validate.Email()], metadata={"format": "email"}, **kwargs)


def Nik(**kwargs):
    """A NIK as written on the KTP: 16 digits (its structure is checked by service.nik)."""
    return fields.String(validate=validate.Regexp(r"^[0-9]{16}$", error="NIK must be exactly 16 digits."), **kwargs)


def Count(minimum: int = 0, maximum: int = 1_000_000, **kwargs):
    """A whole number in a sane range (huge numbers are refused, never overflow a column)."""
    return fields.Integer(strict=True, validate=validate.Range(minimum, maximum), **kwargs)


def Education(**kwargs):
    return fields.String(validate=validate.OneOf(EDUCATION_LEVELS), **kwargs)


def Money(**kwargs):
    return fields.Integer(strict=True, validate=validate.Range(0, MAX_INT), **kwargs)


class ChangeSchema(Schema):
    """A PATCH body: it must change something (an empty body is a client's mistake, not a 200)."""

    @validates_schema
    def _changes_something(self, data, **_):
        if not data:
            raise ValidationError("Give at least one field to change.")


class ListArgsSchema(Schema):
    """?limit=N&offset=M on every list."""
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, MAX_INT))


class PageSchema(Schema):
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()


class SpanArgsSchema(Schema):
    """?year=YYYY, or ?start=YYYY-MM-DD&end=YYYY-MM-DD; loads with `start` and `end` filled in from
    the year (None where a side is open), so use cases see one kind of period."""
    year = fields.Integer(validate=validate.Range(2000, 2100), metadata={"description": "Shorthand for start..end"})
    start = fields.Date()
    end = fields.Date()

    @validates_schema
    def _span(self, data, **_):
        if "year" in data and ("start" in data or "end" in data):
            raise ValidationError("Give year, or start and end, not both.", "year")
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError("end must not be before start.", "end")

    @post_load
    def _year_to_span(self, data, **_):
        if "year" in data:
            data["start"], data["end"] = date(data["year"], 1, 1), date(data["year"], 12, 31)
        data.setdefault("start", None)
        data.setdefault("end", None)
        return data


def sees_personal_data() -> bool:
    """Whether this dump is for staff (schemas.seekers.full_nik_context): full NIKs, contact persons."""
    return bool(Context.get({}).get("full_nik"))
