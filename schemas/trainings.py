"""Training programme (pelatihan) and competency need (kebutuhan kompetensi) schemas."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas.common import MAX_INT, ChangeSchema, Count, Education, ListArgsSchema, PageSchema, Text

PROVIDER_TYPES = ("blk_kabupaten", "blk_komunitas", "uptp", "pemagangan", "lpk", "other")


def _dates_in_order(data, start, end):
    if data.get(start) and data.get(end) and data[start] > data[end]:
        raise ValidationError(f"{end} must not be before {start}.", end)


class TrainingCreateSchema(Schema):
    name = Text(required=True)
    provider = Text(required=True)
    provider_type = fields.String(load_default="other", validate=validate.OneOf(PROVIDER_TYPES))
    competencies = fields.List(Text(300), required=True, validate=validate.Length(min=1, max=30))
    seats = Count(1, 10_000, required=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    min_education = Education(allow_none=True)
    location = Text(allow_none=True)

    @validates_schema
    def _dates(self, data, **_):
        _dates_in_order(data, "starts_on", "ends_on")


class TrainingUpdateSchema(ChangeSchema, TrainingCreateSchema):
    name = Text()
    provider = Text()
    provider_type = fields.String(validate=validate.OneOf(PROVIDER_TYPES))
    competencies = fields.List(Text(300), validate=validate.Length(min=1, max=30))
    seats = Count(1, 10_000)


class TrainingSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    provider = fields.String()
    provider_type = fields.String()
    competencies = fields.List(fields.String())
    seats = fields.Integer()
    enrolled = fields.Integer()
    seats_left = fields.Function(lambda t: t.seats - t.enrolled)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    min_education = fields.String(allow_none=True)
    location = fields.String(allow_none=True)


class TrainingQueryArgsSchema(ListArgsSchema):
    provider_type = fields.String(validate=validate.OneOf(PROVIDER_TYPES))
    q = Text()


class TrainingListSchema(PageSchema):
    items = fields.List(fields.Nested(TrainingSchema))


class NeedCreateSchema(Schema):
    company_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_INT))
    competency = Text(300, required=True)
    headcount = Count(1, 100_000, required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)

    @validates_schema
    def _dates(self, data, **_):
        _dates_in_order(data, "period_start", "period_end")


class NeedUpdateSchema(ChangeSchema, NeedCreateSchema):
    company_id = fields.Integer(strict=True, validate=validate.Range(1, MAX_INT))
    competency = Text(300)
    headcount = Count(1, 100_000)
    period_start = fields.Date()
    period_end = fields.Date()


class NeedSchema(Schema):
    id = fields.Integer()
    company_id = fields.Integer()
    company_name = fields.Function(lambda n: n.company.name)
    competency = fields.String()
    headcount = fields.Integer()
    period_start = fields.Date()
    period_end = fields.Date()


class NeedQueryArgsSchema(ListArgsSchema):
    company_id = fields.Integer(validate=validate.Range(1, MAX_INT))


class NeedListSchema(PageSchema):
    items = fields.List(fields.Nested(NeedSchema))
