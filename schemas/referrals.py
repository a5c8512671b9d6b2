"""Training referral (rujukan pelatihan), suggestion, outcome and competency-needs report schemas."""
from marshmallow import Schema, fields, validate

from schemas.common import MAX_INT, ListArgsSchema, PageSchema, SpanArgsSchema, Text

STATUSES = ("suggested", "referred", "enrolled", "completed", "dropped")


def _id(**kwargs):
    return fields.Integer(strict=True, validate=validate.Range(1, MAX_INT), **kwargs)


class SuggestionArgsSchema(Schema):
    vacancy_id = fields.Integer(validate=validate.Range(1, MAX_INT),
                                metadata={"description": "Suggest for this vacancy only"})
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 100))


class VacancyExampleSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    company_name = fields.String()


class NearVacancySchema(VacancyExampleSchema):
    score = fields.Float()


class SuggestionSchema(Schema):
    target = fields.String(metadata={"description": "training | tkm_group: where the suggestion points (`kind` "
                                                    "stays hard | soft, the competency's kind)"})
    training_id = fields.Integer()
    training_name = fields.String()
    provider = fields.String()
    provider_type = fields.String()
    competency = fields.String(metadata={"description": "Competency id the programme closes"})
    competency_label = fields.String()
    competency_label_en = fields.String()
    kind = fields.String(metadata={"description": "hard | soft"})
    also_covers = fields.List(fields.String(), metadata={"description": "Other gaps the programme closes"})
    vacancies_unlocked = fields.Integer(metadata={"description": "Open vacancies asking for it that the seeker lacks"})
    openings_unlocked = fields.Integer()
    example_vacancies = fields.List(fields.Nested(VacancyExampleSchema))
    closeness = fields.Float(metadata={"description": "Related credit the seeker already earns, in [0, 1)"})
    related_skill = fields.String(allow_none=True, metadata={"description": "What the seeker wrote that is close"})
    seats_left = fields.Integer()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    location = fields.String(allow_none=True)
    min_education = fields.String(allow_none=True)
    meets_entry_conditions = fields.Boolean()
    reason = fields.String(metadata={"description": "Why, in Bahasa Indonesia"})
    tkm_group_id = fields.Integer(metadata={"description": "A TKM group the seeker could join (target tkm_group)"})
    tkm_group_name = fields.String()
    tkm_kind = fields.String(metadata={"description": "pemula | lanjutan"})
    business_field = fields.String()
    incubator_id = fields.Integer(allow_none=True, metadata={"description": "The BLK Komunitas incubating it"})
    incubator_name = fields.String(allow_none=True)


class GapSchema(Schema):
    competency = fields.String()
    label = fields.String()
    kind = fields.String()
    vacancies = fields.Integer()


class SuggestionListSchema(Schema):
    items = fields.List(fields.Nested(SuggestionSchema))
    vacancies = fields.List(fields.Nested(NearVacancySchema), metadata={"description": "The vacancies looked at"})
    gaps_without_training = fields.List(fields.Nested(GapSchema))
    excluded = fields.List(fields.String(), metadata={"description": "Hard conditions the chosen vacancy fails"})


class ReferralCreateSchema(Schema):
    seeker_id = _id(required=True)
    training_id = _id(required=True)
    competency_id = Text(80)
    status = fields.String(load_default="referred", validate=validate.OneOf(("suggested", "referred")))


class ReferralSchema(Schema):
    id = fields.Integer()
    seeker_id = fields.Integer()
    training_id = fields.Integer()
    training_name = fields.Function(lambda r: r.training.name)
    competency_id = fields.String(allow_none=True)
    status = fields.String()
    recorded_by = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ReferralQueryArgsSchema(ListArgsSchema):
    seeker_id = fields.Integer(validate=validate.Range(1, MAX_INT))
    training_id = fields.Integer(validate=validate.Range(1, MAX_INT))
    status = fields.String(validate=validate.OneOf(STATUSES))


class ReferralListSchema(PageSchema):
    items = fields.List(fields.Nested(ReferralSchema))


class OutcomeArgsSchema(Schema):
    year = fields.Integer(validate=validate.Range(2000, 2100), metadata={"description": "Programmes starting that year"})


class OutcomeSchema(Schema):
    training_id = fields.Integer()
    name = fields.String()
    provider = fields.String()
    provider_type = fields.String()
    starts_on = fields.Date(allow_none=True)
    seats = fields.Integer()
    referred = fields.Integer(allow_none=True)
    enrolled = fields.Integer(allow_none=True)
    completed = fields.Integer(allow_none=True)
    placed = fields.Integer(allow_none=True, metadata={"description": "Completed, then a verified hire"})
    placed_local = fields.Integer(allow_none=True, metadata={"description": "... whose KTP was local at the hire"})
    placed_share = fields.Float(allow_none=True, metadata={"description": "placed / completed"})
    local_share = fields.Float(allow_none=True, metadata={"description": "placed_local / placed"})
    suppressed = fields.Boolean(metadata={"description": "Some small counts are hidden (non-staff viewers)"})


class OutcomeListSchema(Schema):
    items = fields.List(fields.Nested(OutcomeSchema))


class NeedsReportArgsSchema(SpanArgsSchema):
    """Needs whose period overlaps start..end (either side may be open)."""
    sector = Text(200, metadata={"description": "Part of the company's sector (KBLI code or words)"})
    district = Text(100, metadata={"description": "The company's kecamatan"})
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))


class NeedTrainingSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    provider = fields.String()
    seats = fields.Integer()
    seats_left = fields.Integer()
    starts_on = fields.Date(allow_none=True)


class NeedRowSchema(Schema):
    competency_id = fields.String()
    label = fields.String()
    label_en = fields.String()
    kind = fields.String(metadata={"description": "hard | soft"})
    demand = fields.Integer(metadata={"description": "Headcount companies reported"})
    companies = fields.Integer()
    supply = fields.Integer(metadata={"description": "Available seekers holding it (written or certified)"})
    seats = fields.Integer(metadata={"description": "Seats of programmes teaching it in the period, not ended"})
    gap = fields.Integer(metadata={"description": "max(0, demand - supply - seats)"})
    trainings = fields.List(fields.Nested(NeedTrainingSchema))


class UnplacedNeedSchema(Schema):
    text = fields.String()
    demand = fields.Integer()
    companies = fields.Integer()


class NeedsReportSchema(Schema):
    start = fields.Date(allow_none=True)
    end = fields.Date(allow_none=True)
    sector = fields.String(allow_none=True)
    district = fields.String(allow_none=True)
    items = fields.List(fields.Nested(NeedRowSchema))
    unplaced = fields.List(fields.Nested(UnplacedNeedSchema), metadata={"description": "Needs no competency fits"})
