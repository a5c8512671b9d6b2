"""Fields and schemas every resource shares."""
from datetime import date

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

EDUCATION_LEVELS = ("SD", "SMP", "SMA", "SMK", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
MAX_INT = 2_000_000_000  # fits a 32-bit column on every database


class Text(fields.String):
    """A string with surrounding white space removed; blank is refused, long is refused."""

    def __init__(self, max_length: int = 200, **kwargs):
        super().__init__(validate=validate.Length(min=1, max=max_length), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            raise ValidationError("Must not be blank.")
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        return text


def Count(minimum: int = 0, maximum: int = 1_000_000, **kwargs):
    """A whole number in a sane range (huge numbers are refused, never overflow a column)."""
    return fields.Integer(strict=True, validate=validate.Range(minimum, maximum), **kwargs)


def Education(**kwargs):
    return fields.String(validate=validate.OneOf(EDUCATION_LEVELS), **kwargs)


def Money(**kwargs):
    return fields.Integer(strict=True, validate=validate.Range(0, MAX_INT), **kwargs)


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
