"""TKM (Tenaga Kerja Mandiri) schemas: groups, members, mentors (TKS), incubators, monthly reports,
monitoring visits and the monitoring-and-evaluation report."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from schemas.common import MAX_INT, ChangeSchema, Count, ListArgsSchema, Money, PageSchema, Text

KINDS = ("pemula", "lanjutan")
GROUP_STATUSES = ("active", "inactive")
MEMBER_ROLES = ("ketua", "anggota")
# The obstacles BPKK's monitoring names, in the order a tie in the ranking is broken by.
OBSTACLES = ("pemasaran", "kemasan", "perizinan", "permodalan", "bahan_baku", "produksi", "sdm", "lainnya")
REPORT_TABLES = ("summary", "months", "obstacles", "reporting", "district", "field", "ready")
MONTH_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"


def _id(**kwargs):
    return fields.Integer(strict=True, validate=validate.Range(1, MAX_INT), **kwargs)


def Month(**kwargs):
    """A calendar month as YYYY-MM."""
    return fields.String(validate=validate.Regexp(MONTH_PATTERN, error="Must be a month written YYYY-MM."),
                         metadata={"example": "2024-03", "pattern": MONTH_PATTERN}, **kwargs)


class Obstacles(fields.List):
    """A list of obstacle codes, each at most once."""

    def __init__(self, **kwargs):
        super().__init__(fields.String(validate=validate.OneOf(OBSTACLES)),
                         validate=validate.Length(max=len(OBSTACLES)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        codes = super()._deserialize(value, attr, data, **kwargs)
        if len(set(codes)) != len(codes):
            raise ValidationError("Each obstacle may be named only once.")
        return codes


def _other_needs_words(data):
    if "lainnya" in (data.get("obstacles") or []) and not data.get("obstacle_other"):
        raise ValidationError("Say what the other obstacle is (obstacle_other).", "obstacle_other")


# ---- groups -----------------------------------------------------------------------------------

class GroupCreateSchema(Schema):
    name = Text(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    business_field = Text(300, required=True, metadata={
        "description": "The business as written (e.g. 'keripik singkong', 'konveksi'); read through the matching "
                       "taxonomy into business_competency_id (null when no competency fits)"})
    district = Text(100, allow_none=True, metadata={"description": "Kecamatan"})
    address = Text(500, multiline=True, allow_none=True)
    assistance_year = fields.Integer(strict=True, allow_none=True, validate=validate.Range(2000, 2100),
                                     metadata={"description": "Year the assistance (bantuan) was received"})
    assistance_amount = Money(allow_none=True, metadata={"description": "Assistance received, in rupiah"})
    incubator_id = _id(allow_none=True)
    mentor_id = _id(allow_none=True)
    mentor_assigned_on = fields.Date(allow_none=True, metadata={
        "description": "Monthly reports are due from this month (default: today when a mentor is given)"})


class GroupUpdateSchema(ChangeSchema, GroupCreateSchema):
    name = Text()
    kind = fields.String(validate=validate.OneOf(KINDS))
    business_field = Text(300)
    status = fields.String(validate=validate.OneOf(GROUP_STATUSES),
                           metadata={"description": "inactive: the business stopped (its members become job "
                                                    "seekers again)"})
    stopped_on = fields.Date(allow_none=True)


class GroupSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    business_field = fields.String()
    business_competency_id = fields.String(allow_none=True)
    business_label = fields.String(allow_none=True, metadata={"description": "The competency's Indonesian label"})
    district = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    assistance_year = fields.Integer(allow_none=True)
    assistance_amount = fields.Integer(allow_none=True)
    incubator_id = fields.Integer(allow_none=True)
    incubator_name = fields.Function(lambda g: g.incubator.name if g.incubator else None, allow_none=True)
    status = fields.String()
    stopped_on = fields.Date(allow_none=True)
    mentor_id = fields.Integer(allow_none=True)
    mentor_name = fields.Function(lambda g: g.mentor.name if g.mentor else None, allow_none=True)
    mentor_assigned_on = fields.Date(allow_none=True)
    members = fields.Integer(attribute="member_count", metadata={"description": "Registered members"})
    missing_months = fields.List(fields.String(), metadata={
        "description": "Months (YYYY-MM) a monthly report was due and none was filed"})
    created_at = fields.DateTime()


class GroupQueryArgsSchema(ListArgsSchema):
    status = fields.String(validate=validate.OneOf(GROUP_STATUSES))
    kind = fields.String(validate=validate.OneOf(KINDS))
    district = Text(100)
    mentor_id = fields.Integer(validate=validate.Range(1, MAX_INT))
    q = Text()


class GroupListSchema(PageSchema):
    items = fields.List(fields.Nested(GroupSchema))


# ---- members ----------------------------------------------------------------------------------

class MemberCreateSchema(Schema):
    seeker_id = _id(required=True)
    role = fields.String(load_default="anggota", validate=validate.OneOf(MEMBER_ROLES))
    joined_on = fields.Date(metadata={"description": "Default: today"})


class MemberSchema(Schema):
    id = fields.Integer()
    group_id = fields.Integer()
    seeker_id = fields.Integer()
    full_name = fields.Function(lambda m: m.seeker.full_name)
    role = fields.String()
    joined_on = fields.Date()


class MemberListSchema(PageSchema):
    items = fields.List(fields.Nested(MemberSchema))


# ---- mentors and incubators -------------------------------------------------------------------

class MentorCreateSchema(Schema):
    name = Text(required=True)
    login = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9._-]{3,80}$", error="login must be 3-80 letters, digits, '.', '_' or '-'."), metadata={
        "description": "Username of the mentor's page account and name of their API tokens"})
    phone = Text(30, allow_none=True)


class MentorSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    login = fields.String()
    phone = fields.String(allow_none=True)
    groups = fields.Integer(attribute="group_count")


class MentorListSchema(PageSchema):
    items = fields.List(fields.Nested(MentorSchema))


class IncubatorCreateSchema(Schema):
    name = Text(required=True)
    district = Text(100, allow_none=True)
    address = Text(500, multiline=True, allow_none=True)


class IncubatorSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    district = fields.String(allow_none=True)
    address = fields.String(allow_none=True)


class IncubatorListSchema(PageSchema):
    items = fields.List(fields.Nested(IncubatorSchema))


# ---- monthly reports and visits ---------------------------------------------------------------

class ReportCreateSchema(Schema):
    month = Month(required=True)
    active_members = Count(0, 10_000, required=True)
    production = Text(300, allow_none=True, metadata={"description": "What was produced, in words"})
    turnover = Money(required=True, metadata={"description": "Omzet of the month, in rupiah"})
    new_workers = Count(0, 10_000, required=True)
    obstacles = Obstacles(required=True, metadata={"description": f"Codes: {', '.join(OBSTACLES)}"})
    obstacle_other = Text(300, allow_none=True, metadata={"description": "Required with 'lainnya'"})
    actions = Text(2000, multiline=True, allow_none=True, metadata={"description": "What was done about them"})
    note = Text(2000, multiline=True, allow_none=True)

    @validates_schema
    def _other(self, data, **_):
        _other_needs_words(data)


class ReportSchema(Schema):
    id = fields.Integer()
    group_id = fields.Integer()
    month = fields.Function(lambda r: r.month.strftime("%Y-%m"))
    active_members = fields.Integer()
    production = fields.String(allow_none=True)
    turnover = fields.Integer()
    new_workers = fields.Integer()
    obstacles = fields.List(fields.String())
    obstacle_other = fields.String(allow_none=True)
    actions = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    filed_by = fields.String()
    created_at = fields.DateTime()


class ReportListSchema(PageSchema):
    items = fields.List(fields.Nested(ReportSchema))
    missing_months = fields.List(fields.String())


class VisitCreateSchema(Schema):
    visited_on = fields.Date(required=True)
    obstacles = Obstacles(required=True)
    obstacle_other = Text(300, allow_none=True)
    findings = Text(2000, multiline=True, allow_none=True)
    actions = Text(2000, multiline=True, allow_none=True)

    @validates_schema
    def _other(self, data, **_):
        _other_needs_words(data)


class VisitSchema(Schema):
    id = fields.Integer()
    group_id = fields.Integer()
    visited_on = fields.Date()
    obstacles = fields.List(fields.String())
    obstacle_other = fields.String(allow_none=True)
    findings = fields.String(allow_none=True)
    actions = fields.String(allow_none=True)
    recorded_by = fields.String()
    created_at = fields.DateTime()


class VisitListSchema(PageSchema):
    items = fields.List(fields.Nested(VisitSchema))


# ---- the monitoring-and-evaluation report -----------------------------------------------------

class TkmReportArgsSchema(Schema):
    year = fields.Integer(required=True, validate=validate.Range(2000, 2100))


class TkmReportFileArgsSchema(TkmReportArgsSchema):
    table = fields.String(load_default="summary", validate=validate.OneOf(REPORT_TABLES))


class MonthRowSchema(Schema):
    month = fields.String()
    groups = fields.Integer(metadata={"description": "Groups that filed a report for the month"})
    active_members = fields.Integer(allow_none=True)
    turnover = fields.Integer(allow_none=True, metadata={"description": "Sum of omzet, rupiah"})
    new_workers = fields.Integer(allow_none=True)
    suppressed = fields.Boolean()


class GrowthSchema(Schema):
    groups_compared = fields.Integer(metadata={"description": "Groups with two or more reports in the year"})
    groups_grew = fields.Integer(allow_none=True, metadata={"description": "... whose last omzet beat their first"})
    turnover_first = fields.Integer(allow_none=True)
    turnover_last = fields.Integer(allow_none=True)
    turnover_change_percent = fields.Float(allow_none=True)
    workers_first = fields.Integer(allow_none=True, metadata={"description": "Active members, first reports"})
    workers_last = fields.Integer(allow_none=True)
    new_workers = fields.Integer(allow_none=True, metadata={"description": "New workers taken on in the year"})
    suppressed = fields.Boolean()


class ObstacleRowSchema(Schema):
    code = fields.String()
    label = fields.String()
    groups = fields.Integer(metadata={"description": "Distinct groups meeting it (reports or visits)"})
    share = fields.Float(allow_none=True, metadata={"description": "groups / groups monitored"})


class ReadyGroupSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    district = fields.String(allow_none=True)
    turnover_first = fields.Integer()
    turnover_last = fields.Integer()
    active_members_first = fields.Integer()
    active_members_last = fields.Integer()


class ReadySchema(Schema):
    count = fields.Integer()
    rule = fields.String()
    groups = fields.List(fields.Nested(ReadyGroupSchema), metadata={"description": "Staff only"})


class MissingSchema(Schema):
    group_id = fields.Integer()
    group_name = fields.String()
    month = fields.String()


class MentorRowSchema(Schema):
    mentor_id = fields.Integer()
    name = fields.String()
    groups = fields.Integer()
    due = fields.Integer()
    filed = fields.Integer()
    completeness = fields.Float(allow_none=True)
    missing = fields.List(fields.Nested(MissingSchema))


class ReportingSchema(Schema):
    mentors = fields.Integer()
    due = fields.Integer(metadata={"description": "Monthly reports due in the year (assigned groups)"})
    filed = fields.Integer(metadata={"description": "... of which filed"})
    completeness = fields.Float(allow_none=True, metadata={"description": "filed / due"})
    by_mentor = fields.List(fields.Nested(MentorRowSchema), metadata={"description": "Staff only"})


class AreaRowSchema(Schema):
    label = fields.String()
    groups = fields.Integer()
    running = fields.Integer()
    turnover = fields.Integer()
    new_workers = fields.Integer()
    suppressed = fields.Boolean(metadata={"description": "The folded row of small groups"})
    folded = fields.Integer(allow_none=True, metadata={"description": "How many rows it folds"})


class SuppressionSchema(Schema):
    applied = fields.Boolean()
    min_group_size = fields.Integer(allow_none=True)


class TkmEvaluationSchema(Schema):
    year = fields.Integer()
    groups_monitored = fields.Integer(metadata={"description": "Groups with a report or a visit in the year"})
    groups_running = fields.Integer(metadata={"description": "... of which still active"})
    running_share = fields.Float(allow_none=True)
    pemula = fields.Integer()
    lanjutan = fields.Integer()
    months = fields.List(fields.Nested(MonthRowSchema))
    growth = fields.Nested(GrowthSchema)
    obstacles = fields.List(fields.Nested(ObstacleRowSchema), metadata={"description": "Most groups first"})
    ready_for_lanjutan = fields.Nested(ReadySchema)
    reporting = fields.Nested(ReportingSchema)
    districts = fields.List(fields.Nested(AreaRowSchema))
    fields_ = fields.List(fields.Nested(AreaRowSchema), data_key="business_fields")
    suppression = fields.Nested(SuppressionSchema)
