"""Vacancy (lowongan) schemas, shaped like the Perpres 57/2023 report."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas.common import MAX_INT, ChangeSchema, Count, Education, ListArgsSchema, Money, PageSchema, Text, clean_text

VACANCY_STATUSES = ("open", "filled", "closed")
KBJI_ERROR = "A KBJI 2014 code has 4 or 6 digits."


class OccupationSchema(Schema):
    code = fields.String(metadata={"description": "KBJI 2014 code: 6 digits for an official occupation, 4 for a unit group"})
    title = fields.String(allow_none=True, metadata={"description": "the official KBJI title, when the vacancy title is one"})
    competency_id = fields.String(allow_none=True)
    label_id = fields.String(allow_none=True)


class RequiredSkill(fields.Field):
    """A required skill: a plain string (essential) or {"text", "essential", "core"}; `core`
    marks the vacancy's main skill (keahlian utama), otherwise the title names it."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = {"text": value, "essential": True}
        if not isinstance(value, dict) or set(value) - {"text", "essential", "core"}:
            raise ValidationError('Each skill is a string or {"text": str, "essential": bool, "core": bool}.')
        text, essential, core = value.get("text"), value.get("essential", True), value.get("core", False)
        if not isinstance(text, str):
            raise ValidationError("Skill text must be 1-300 characters.")
        text = clean_text(text)
        if len(text) > 300:
            raise ValidationError("Skill text must be 1-300 characters.")
        if not isinstance(essential, bool):
            raise ValidationError("essential must be true or false.")
        if not isinstance(core, bool):
            raise ValidationError("core must be true or false.")
        return {"text": text, "essential": essential or core, **({"core": True} if core else {})}

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class VacancyCreateSchema(Schema):
    company_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_INT))
    title = Text(required=True)
    description = Text(5000, multiline=True, allow_none=True)
    openings = Count(1, 100_000, required=True)
    required_skills = fields.List(RequiredSkill(), required=True, validate=validate.Length(min=1, max=50))
    min_education = Education(allow_none=True)
    gender = fields.String(allow_none=True, validate=validate.OneOf(["M", "F"]),
                           metadata={"description": "Only where the job lawfully requires it"})
    min_age = Count(14, 100, allow_none=True)
    max_age = Count(14, 100, allow_none=True)
    min_experience_years = Count(0, 60, allow_none=True)
    wage_min = Money(allow_none=True)
    wage_max = Money(allow_none=True)
    work_location = Text(allow_none=True)
    closes_on = fields.Date(allow_none=True)
    kbji_code = fields.String(allow_none=True, validate=validate.Regexp(r"^\d{4}(\d{2})?$", error=KBJI_ERROR),
                              metadata={"description": "KBJI 2014 occupation (4 or 6 digits); suggested "
                                                       "from the title when left out"})

    @validates_schema
    def _ranges(self, data, **_):
        for low, high in (("min_age", "max_age"), ("wage_min", "wage_max")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                raise ValidationError(f"{high} must not be below {low}.", high)


class VacancyUpdateSchema(ChangeSchema, VacancyCreateSchema):
    company_id = fields.Integer(strict=True, validate=validate.Range(1, MAX_INT))
    title = Text()
    openings = Count(1, 100_000)
    required_skills = fields.List(RequiredSkill(), validate=validate.Length(min=1, max=50))
    status = fields.String(validate=validate.OneOf(["open", "closed"]))


class VacancySchema(Schema):
    id = fields.Integer()
    company_id = fields.Integer()
    company_name = fields.Function(lambda v: v.company.name)
    title = fields.String()
    description = fields.String(allow_none=True)
    openings = fields.Integer()
    filled = fields.Integer()
    openings_left = fields.Function(lambda v: v.openings - v.filled)
    required_skills = fields.List(RequiredSkill())
    min_education = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    min_age = fields.Integer(allow_none=True)
    max_age = fields.Integer(allow_none=True)
    min_experience_years = fields.Integer(allow_none=True)
    wage_min = fields.Integer(allow_none=True)
    wage_max = fields.Integer(allow_none=True)
    work_location = fields.String(allow_none=True)
    closes_on = fields.Date(allow_none=True)
    kbji_code = fields.String(allow_none=True)
    kbji_suggestion = fields.Nested(OccupationSchema, allow_none=True, metadata={
        "description": "the KBJI occupation the title names, for staff to confirm"})
    status = fields.String()
    created_at = fields.DateTime()


class VacancyQueryArgsSchema(ListArgsSchema):
    company_id = fields.Integer(validate=validate.Range(1, MAX_INT))
    status = fields.String(validate=validate.OneOf(VACANCY_STATUSES))
    q = Text(metadata={"description": "Part of the title"})


class VacancyListSchema(PageSchema):
    items = fields.List(fields.Nested(VacancySchema))
