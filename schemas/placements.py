"""Placement (penempatan), yearly target and local-hiring report schemas."""
from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas.common import MAX_INT, Count, ListArgsSchema, Nik, PageSchema, Text

PLACEMENT_STATUSES = ("claimed", "verified", "rejected", "cancelled")
MAX_IMPORT_ROWS = 10_000


class PlacementCreateSchema(Schema):
    """From a vacancy, or (for a hire never reported as a vacancy) a company and a job title."""
    vacancy_id = fields.Integer(strict=True, validate=validate.Range(1, MAX_INT))
    company_id = fields.Integer(strict=True, validate=validate.Range(1, MAX_INT))
    job_title = Text()
    seeker_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_INT))
    placed_on = fields.Date(required=True)
    note = Text(1000, multiline=True)

    @validates_schema
    def _source(self, data, **_):
        if "vacancy_id" not in data and not ("company_id" in data and "job_title" in data):
            raise ValidationError("Give vacancy_id, or company_id and job_title.", "vacancy_id")


class DecisionSchema(Schema):
    note = Text(1000, multiline=True)
    reason = Text(1000, multiline=True,
                  metadata={"description": "Why a placement is rejected or cancelled; kept as decision_reason"})


class PlacementSchema(Schema):
    id = fields.Integer()
    vacancy_id = fields.Integer(allow_none=True)
    company_id = fields.Integer()
    company_name = fields.Function(lambda p: p.company.name)
    seeker_id = fields.Integer()
    job_title = fields.String()
    placed_on = fields.Date()
    status = fields.String()
    is_local = fields.Boolean()
    ktp_regency_code = fields.String()
    recorded_by = fields.String(allow_none=True)
    decided_by = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    note = fields.String(allow_none=True)
    decision_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()


class PlacementQueryArgsSchema(ListArgsSchema):
    status = fields.String(validate=validate.OneOf(PLACEMENT_STATUSES))
    company_id = fields.Integer(validate=validate.Range(1, MAX_INT))
    seeker_id = fields.Integer(validate=validate.Range(1, MAX_INT))
    vacancy_id = fields.Integer(validate=validate.Range(1, MAX_INT))


class PlacementListSchema(PageSchema):
    items = fields.List(fields.Nested(PlacementSchema))


class TargetSchema(Schema):
    year = fields.Integer(dump_only=True)
    local_hires_target = Count(0, 10_000_000, required=True)


class ImportRowSchema(Schema):
    """One hire in a company's periodic report: who (NIK or seeker id), what job, from when."""
    nik = Nik()
    seeker_id = fields.Integer(strict=True, validate=validate.Range(1, MAX_INT))
    job_title = Text()
    placed_on = fields.Date(required=True, validate=validate.Range(date(2000, 1, 1), date(2100, 12, 31)))
    vacancy_id = fields.Integer(strict=True, validate=validate.Range(1, MAX_INT))
    note = Text(1000, multiline=True)

    @validates_schema
    def _who_and_what(self, data, **_):
        errors = {}
        if "nik" not in data and "seeker_id" not in data:
            errors["nik"] = ["Give nik or seeker_id."]
        if "job_title" not in data and "vacancy_id" not in data:
            errors["job_title"] = ["Give job_title or vacancy_id."]
        if errors:
            raise ValidationError(errors)


class PlacementImportSchema(Schema):
    """A company's periodic report of hires, recorded all together or not at all."""
    company_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_INT))
    rows = fields.List(fields.Nested(ImportRowSchema), required=True, validate=validate.Length(1, MAX_IMPORT_ROWS))


class PlacementFileImportSchema(Schema):
    company_id = fields.Integer(required=True, validate=validate.Range(1, MAX_INT))


class UploadSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class ImportResultSchema(Schema):
    created = fields.Integer()
    items = fields.List(fields.Nested(PlacementSchema))
