"""Job seeker (pencaker) schemas. The full NIK is dumped only inside `full_nik_context()`."""
import re

from marshmallow import Schema, ValidationError, fields, validate, validates
from marshmallow.experimental.context import Context

from schemas.common import ChangeSchema, Education, ListArgsSchema, Nik, PageSchema, Text, sees_personal_data

SKILLS = fields.List(Text(300), validate=validate.Length(max=50))


def mask_nik(nik: str) -> str:
    """What non-staff see: regency and serial only (3216********0001)."""
    return nik[:4] + "*" * 8 + nik[12:]


def full_nik_context(allowed: bool) -> Context:
    """Inside it, schemas dump personal data in full (staff): full NIKs, company contact persons."""
    return Context({"full_nik": allowed})


class RegencyCode(fields.String):
    """A regency code written 3216 or 32.16; stored as four digits."""
    PATTERN = r"^[0-9]{2}\.?[0-9]{2}$"

    def __init__(self, **kwargs):
        super().__init__(metadata={"pattern": self.PATTERN}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        if not re.fullmatch(self.PATTERN, code):
            raise ValidationError("Must be a four-digit regency code such as 3216 or 32.16.")
        return code.replace(".", "")


class SeekerCreateSchema(Schema):
    nik = Nik(required=True)
    full_name = Text(required=True)
    gender = fields.String(validate=validate.OneOf(["M", "F"]))
    birth_date = fields.Date()
    education_level = Education(required=True)
    skills = SKILLS
    ktp_regency_code = RegencyCode(allow_none=True)
    district = Text(100, allow_none=True)
    phone = Text(30, allow_none=True)
    # True by default because the contract's integrations register without it (consent is asked on
    # the paper form at the desk); send false when the person did not agree. Pages never pre-tick it.
    consent = fields.Boolean(truthy={True}, falsy={False}, load_default=True, metadata={
        "description": "The person agreed to be matched with vacancies (asked explicitly; false if not)"})

    @validates("phone")
    def _phone(self, value, **_):
        if value is not None and not value.replace("+", "", 1).replace(" ", "").replace("-", "").isdigit():
            raise ValidationError("Must be a phone number: digits, spaces, '-' and a leading '+'.")


class SeekerUpdateSchema(ChangeSchema, SeekerCreateSchema):
    """Every field may be corrected (UU PDP); a corrected NIK brings the facts it encodes."""
    nik = Nik()
    full_name = Text()
    education_level = Education()
    consent = fields.Boolean(truthy={True}, falsy={False})
    objects_to_matching = fields.Boolean(truthy={True}, falsy={False}, metadata={
        "description": "The person objects to automated matching: never matched while true"})
    status = fields.String(validate=validate.OneOf(["active", "placed", "inactive", "self_employed"]))


class CertificationSchema(Schema):
    competency_id = fields.String()
    training_id = fields.Integer(allow_none=True)
    certified_on = fields.Date()


class SeekerSchema(Schema):
    id = fields.Integer()
    nik = fields.Method("_nik")
    full_name = fields.String()
    gender = fields.String()
    birth_date = fields.Date()
    education_level = fields.String()
    skills = fields.List(fields.String())
    ktp_regency_code = fields.String()
    is_local = fields.Boolean()
    district = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    consent = fields.Boolean()
    objects_to_matching = fields.Boolean()
    status = fields.String()
    certifications = fields.List(fields.Nested(CertificationSchema))
    created_at = fields.DateTime()

    def _nik(self, obj):
        return obj.nik if sees_personal_data() else mask_nik(obj.nik)


class SeekerCreatedSchema(SeekerSchema):
    access_token = fields.String(metadata={"description": "Shown once: lets the seeker read their own records."})
    access_code = fields.String(metadata={"description": "Shown once: the short code (kode akses) for the web pages"})


class AccessCodeSchema(Schema):
    access_code = fields.String(metadata={"description": "Shown once; the seeker's previous codes and tokens stop working"})
    access_token = fields.String(metadata={"description": "Shown once: the seeker's new API token"})


class AccessEntrySchema(Schema):
    at = fields.DateTime()
    actor = fields.String(metadata={"description": "Token name or account that read or changed the record"})
    actor_role = fields.String()
    action = fields.String(metadata={"description": "read, list, match-list, export, create, update, access-code, erase"})
    detail = fields.String(allow_none=True, metadata={"description": "Which fields changed (never their values)"})


class AccessLogSchema(PageSchema):
    items = fields.List(fields.Nested(AccessEntrySchema))


class SeekerExportSchema(Schema):
    exported_at = fields.String()
    seeker = fields.Dict(metadata={"description": "The record, full NIK included"})
    related = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict()), metadata={
        "description": "Every row that refers to the person, by table (placements, referrals, ...)"})
    access_log = fields.List(fields.Dict())


class SeekerQueryArgsSchema(ListArgsSchema):
    q = Text(metadata={"description": "Part of the name"})
    status = fields.String(validate=validate.OneOf(["active", "placed", "inactive", "self_employed"]))
    is_local = fields.Boolean()
    district = Text(100)
    education_level = Education()


class SeekerSearchSchema(SeekerQueryArgsSchema):
    nik = Text(32, metadata={"description": "A full NIK: the one seeker registered with it, or none"})


class SeekerListSchema(PageSchema):
    items = fields.List(fields.Nested(SeekerSchema))
