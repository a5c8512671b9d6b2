"""Match, explanation and skill-vocabulary schemas."""
from marshmallow import Schema, fields, validate

from schemas.common import ListArgsSchema, PageSchema, Text


class MatchArgsSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 200))


class SkillMatchSchema(Schema):
    """How one required skill was met (or that it was not)."""
    requirement = fields.String()
    essential = fields.Boolean()
    competency_id = fields.String(allow_none=True)
    label_id = fields.String(allow_none=True)
    label_en = fields.String(allow_none=True)
    seeker_text = fields.String(allow_none=True, metadata={"description": "What the seeker wrote that met it"})
    how = fields.String(allow_none=True, metadata={"description": "exact | related | certified | free_text"})
    credit = fields.Float()
    core = fields.Boolean(metadata={"description": "The vacancy's core skill (the trade its title names)"})
    weight = fields.Float(metadata={"description": "This requirement's share of the skill score"})
    seeker_words = fields.String(allow_none=True, metadata={"description": "The words of the seeker's entry that met it"})
    held_competency_id = fields.String(allow_none=True, metadata={"description": "For related: what the seeker holds"})
    held_label_id = fields.String(allow_none=True)


class _Explained(Schema):
    score = fields.Float(metadata={"description": "In [0, 1], local boost included"})
    skill_score = fields.Float()
    local_boost = fields.Float()
    is_local = fields.Boolean()
    matched = fields.List(fields.Nested(SkillMatchSchema))
    missing = fields.List(fields.Nested(SkillMatchSchema))
    soft_skills = fields.List(fields.String())
    has_core = fields.Boolean(allow_none=True, metadata={
        "description": "Holds the vacancy's core skill or a close related one; holders rank first. "
                       "Null when the vacancy's title names no trade and no skill is marked core"})


class SeekerMatchSchema(_Explained):
    seeker_id = fields.Integer()
    full_name = fields.String()


class VacancyMatchSchema(_Explained):
    vacancy_id = fields.Integer()
    title = fields.String()
    company_name = fields.String()


class SeekerMatchListSchema(Schema):
    items = fields.List(fields.Nested(SeekerMatchSchema))


class VacancyMatchListSchema(Schema):
    items = fields.List(fields.Nested(VacancyMatchSchema))


class SuggestedCompetencySchema(Schema):
    id = fields.String()
    label_id = fields.String()


class UnknownPhraseSchema(Schema):
    phrase = fields.String()
    count = fields.Integer()
    last_seen = fields.DateTime()
    suggestion = fields.Nested(SuggestedCompetencySchema, allow_none=True, metadata={
        "description": "the competency the normaliser guesses; confirm it by adding the phrase as an alias"})


class UnknownPhraseListSchema(PageSchema):
    items = fields.List(fields.Nested(UnknownPhraseSchema))


class AliasCreateSchema(Schema):
    alias = Text(required=True)
    competency_id = Text(80, required=True)


class AliasSchema(Schema):
    id = fields.Integer()
    alias = fields.String()
    competency_id = fields.String()
    created_by = fields.String(allow_none=True)
    created_at = fields.DateTime()


class CompetencySchema(Schema):
    id = fields.String()
    label_id = fields.String()
    label_en = fields.String()
    group = fields.String()
    kbji = fields.String(allow_none=True)
    skkni = fields.String(allow_none=True)
    aliases = fields.List(fields.String())
    related = fields.Dict(keys=fields.String(), values=fields.Float())


class CompetencyListSchema(Schema):
    items = fields.List(fields.Nested(CompetencySchema))


class NormaliseArgsSchema(Schema):
    text = Text(300, required=True)


class MentionSchema(Schema):
    text = fields.String()
    competency_id = fields.String(allow_none=True)
    label_id = fields.String(allow_none=True)
    confidence = fields.Float()
    method = fields.String(metadata={"description": "exact | occupation | alias_in_text | fuzzy | head | soft | suggestion | unknown"})
    alias = fields.String(allow_none=True)
    words = fields.String(allow_none=True, metadata={"description": "the words of the text that named it"})
    suggestion = fields.Nested(SuggestedCompetencySchema, allow_none=True, metadata={
        "description": "an uncertain candidate beside a null competency_id: no reading, no match credit "
                       "until staff confirm it as an alias"})


class MentionListSchema(Schema):
    items = fields.List(fields.Nested(MentionSchema))


UnknownArgsSchema = ListArgsSchema


class RereadSchema(Schema):
    """A background re-reading of stored skills after a new alias or a new shipped taxonomy."""
    id = fields.Integer()
    reason = fields.String(metadata={"description": "alias | taxonomy"})
    words = fields.List(fields.String(), allow_none=True,
                        metadata={"description": "Entries sharing one of these words are re-read; null: every entry"})
    status = fields.String(metadata={"description": "pending | running | done"})
    total = fields.Integer(allow_none=True, metadata={"description": "Seekers to look at (null until counted)"})
    done = fields.Integer(metadata={"description": "Seekers looked at so far"})
    changed = fields.Integer(metadata={"description": "Seekers and vacancies whose reading changed"})
    percent = fields.Function(lambda j: 100.0 if j.status == "done" else
                              round(100.0 * j.done / j.total, 1) if j.total else 0.0)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)


class RereadListSchema(Schema):
    items = fields.List(fields.Nested(RereadSchema))
