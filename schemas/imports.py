"""Import job, template and list-export schemas."""
from marshmallow import Schema, fields, validate

from schemas.common import MAX_INT, Education, Text


class ImportUploadSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class ImportProgressSchema(Schema):
    rows_read = fields.Integer()
    rows_checked = fields.Integer()
    rows_saved = fields.Integer()


class ImportJobSchema(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "seekers | companies | vacancies | competency-needs | placements"})
    status = fields.String(metadata={"description": "queued | reading | saving | done | failed"})
    filename = fields.String()
    progress = fields.Function(lambda job: {"rows_read": job.rows_read, "rows_checked": job.rows_checked,
                                            "rows_saved": job.rows_saved}, metadata={"type": "object"})
    rows = fields.Integer(attribute="rows_checked")
    created = fields.Integer(metadata={"description": "Records the file added"})
    unchanged = fields.Integer(metadata={"description": "Rows whose record was already stored (left as it is)"})
    ignored_columns = fields.List(fields.String(), metadata={"description": "Headers the import did not read"})
    message = fields.String()
    errors = fields.Dict(metadata={"description": '{"rows": {row: {field: [message]}}} or {"file": [message]}'})
    created_by = fields.String()
    created_at = fields.DateTime()
    finished_at = fields.DateTime()


class SeekerExportArgsSchema(Schema):
    status = fields.String(validate=validate.OneOf(["active", "placed", "inactive"]))
    district = Text(100)
    education_level = Education()


class CompanyExportArgsSchema(Schema):
    district = Text(100)
    sector = Text()


class VacancyExportArgsSchema(Schema):
    company_id = fields.Integer(validate=validate.Range(1, MAX_INT))
    status = fields.String(validate=validate.OneOf(["open", "filled", "closed"]))


class PlacementExportArgsSchema(Schema):
    company_id = fields.Integer(validate=validate.Range(1, MAX_INT))
    status = fields.String(validate=validate.OneOf(["claimed", "verified", "rejected", "cancelled"]))
