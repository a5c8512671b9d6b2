"""Local-hiring report (laporan penyerapan tenaga kerja lokal) query and answer schemas."""
from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from webargs.fields import DelimitedList

from schemas.common import SpanArgsSchema

BREAKDOWNS = ("company", "sector", "district", "education", "gender")
EXPORT_TABLES = ("summary", "periods", *BREAKDOWNS)
MAX_RANGE_YEARS = 10
# File-name parts for each export table.
SHEET_NAMES = {"summary": "ringkasan", "periods": "per-periode", "company": "perusahaan", "sector": "sektor",
               "district": "kecamatan", "education": "pendidikan", "gender": "jenis-kelamin"}


class ReportArgsSchema(SpanArgsSchema):
    """?year=YYYY, or ?start=YYYY-MM-DD&end=YYYY-MM-DD (both); ?period=month|quarter|half|year."""
    period = fields.String(load_default="month", validate=validate.OneOf(("month", "quarter", "half", "year")))
    as_of = fields.Date(metadata={"description": "The day the year-end projection stands on (default today)"})
    breakdowns = DelimitedList(fields.String(validate=validate.OneOf(BREAKDOWNS)), load_default=BREAKDOWNS,
                               metadata={"description": "Which breakdowns to compute (comma-separated; default all)"})

    @validates_schema
    def _closed_range(self, data, **_):
        if "year" in data:
            return
        if "start" not in data and "end" not in data:
            raise ValidationError("Give year, or start and end.", "year")
        for name in ("start", "end"):
            if name not in data:
                raise ValidationError("Give year, or start and end.", name)
        start, end = data["start"], data["end"]
        if not (date(2000, 1, 1) <= start and end <= date(2100, 12, 31)):
            raise ValidationError("start and end must lie within 2000-2100.", "end")
        if end.year - start.year >= MAX_RANGE_YEARS:
            raise ValidationError(f"A report covers at most {MAX_RANGE_YEARS} calendar years.", "end")


class CsvExportArgsSchema(ReportArgsSchema):
    table = fields.String(load_default="periods", validate=validate.OneOf(EXPORT_TABLES))


class CountsSchema(Schema):
    local_hires = fields.Integer()
    total_hires = fields.Integer()
    claimed_hires = fields.Integer()
    claimed_local_hires = fields.Integer()
    local_share = fields.Float(allow_none=True)


class PeriodSchema(CountsSchema):
    period = fields.String()
    start = fields.Date()
    end = fields.Date()
    target = fields.Integer(allow_none=True)
    cumulative_local_hires = fields.Integer()
    cumulative_total_hires = fields.Integer()
    cumulative_percent_of_target = fields.Float(allow_none=True)


class BreakdownRowSchema(CountsSchema):
    key = fields.Raw(allow_none=True)
    label = fields.String()
    suppressed = fields.Boolean(metadata={"description": "The folded row of small groups"})
    groups = fields.Integer(metadata={"description": "How many groups the folded row holds"})
    company_id = fields.Integer()
    commitment = fields.Integer(allow_none=True)
    percent_of_commitment = fields.Float(allow_none=True)
    reported = fields.Boolean()


class ProjectionSchema(Schema):
    year = fields.Integer()
    as_of = fields.Date()
    days_elapsed = fields.Integer()
    days_in_year = fields.Integer()
    local_hires_to_date = fields.Integer()
    projected_local_hires = fields.Integer()
    target = fields.Integer(allow_none=True)
    projected_percent_of_target = fields.Float(allow_none=True)


class LocalHiringReportSchema(CountsSchema):
    year = fields.Integer(allow_none=True)
    start = fields.Date()
    end = fields.Date()
    period = fields.String()
    target = fields.Integer(allow_none=True)
    percent_of_target = fields.Float(allow_none=True)
    periods = fields.List(fields.Nested(PeriodSchema))
    projection = fields.Nested(ProjectionSchema, allow_none=True)
    breakdowns = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(BreakdownRowSchema)))
    suppression = fields.Dict()
