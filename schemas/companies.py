"""Company (perusahaan) schemas."""
from marshmallow import Schema, fields, post_dump, validate

from schemas.common import ChangeSchema, Count, Email, ListArgsSchema, PageSchema, Text, sees_personal_data

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


class CommitmentSchema(Schema):
    """A local-hiring commitment for one year (MoU with TKP3D)."""
    year = fields.Integer(required=True, strict=True, validate=validate.Range(2000, 2100))
    local_hires = Count(required=True)


class CompanyCreateSchema(Schema):
    name = Text(required=True)
    sector = Text(allow_none=True)
    district = Text(100, allow_none=True)
    address = Text(500, multiline=True, allow_none=True)
    contact_name = Text(allow_none=True)
    contact_phone = Text(30, allow_none=True)
    contact_email = Email(allow_none=True)
    commitments = fields.List(fields.Nested(CommitmentSchema), validate=validate.Length(max=50))


class CompanyUpdateSchema(ChangeSchema, CompanyCreateSchema):
    name = Text()


class CompanySchema(Schema):
    id = fields.Integer()
    name = fields.String()
    sector = fields.String(allow_none=True)
    district = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    contact_email = fields.String(allow_none=True)
    commitments = fields.List(fields.Nested(CommitmentSchema))
    created_at = fields.DateTime()

    @post_dump
    def _contacts_for_staff_only(self, data, **_):
        """A contact person's name, phone and e-mail are personal data: TKP3D does not get them."""
        if not sees_personal_data():
            for key in CONTACT_FIELDS:
                data.pop(key, None)
        return data


class CompanyQueryArgsSchema(ListArgsSchema):
    q = Text(metadata={"description": "Part of the name"})
    district = Text(100)
    sector = Text()


class CompanyListSchema(PageSchema):
    items = fields.List(fields.Nested(CompanySchema))
