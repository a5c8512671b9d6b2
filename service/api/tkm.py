"""/api/v1/tkm-groups (members, monthly reports, visits), /api/v1/tkm-mentors, /api/v1/tkm-incubators
and /api/v1/reports/tkm (JSON, CSV, XLSX): the self-employment path (service/tkm.py)."""
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.common import ListArgsSchema
from schemas.tkm import (GroupCreateSchema, GroupListSchema, GroupQueryArgsSchema, GroupSchema, GroupUpdateSchema,
                         IncubatorCreateSchema, IncubatorListSchema, IncubatorSchema, MemberCreateSchema,
                         MemberListSchema, MemberSchema, MentorCreateSchema, MentorListSchema, MentorSchema,
                         ReportCreateSchema, ReportListSchema, ReportSchema, TkmEvaluationSchema,
                         TkmReportArgsSchema, TkmReportFileArgsSchema, VisitCreateSchema, VisitListSchema,
                         VisitSchema)
from service import exports, tkm
from service.auth import require
from service.downloads import XLSX_TYPE, download

blp = Blueprint("tkm", __name__, url_prefix="",
                description="Self-employment (TKM groups, mentors' monthly reports, incubators, the evaluation)")


@blp.route("/tkm-groups")
class Groups(MethodView):
    @require("staff", "mentor")
    @blp.arguments(GroupQueryArgsSchema, location="query")
    @blp.response(200, GroupListSchema)
    def get(self, args):
        """List TKM groups (a mentor: only the groups assigned to them), with their missing monthly reports"""
        return tkm.list_groups(args, g.principal)

    @require("staff")
    @blp.arguments(GroupCreateSchema)
    @blp.response(201, GroupSchema)
    def post(self, data):
        """Register a TKM group (kelompok Tenaga Kerja Mandiri)"""
        return tkm.create_group(data)


@blp.route("/tkm-groups/<int:group_id>")
class GroupById(MethodView):
    @require("staff", "mentor")
    @blp.response(200, GroupSchema)
    def get(self, group_id):
        """Read a TKM group (a mentor: 404 for a group not assigned to them)"""
        return tkm.get_group(group_id, g.principal)

    @require("staff")
    @blp.arguments(GroupUpdateSchema)
    @blp.response(200, GroupSchema)
    def patch(self, data, group_id):
        """Correct a group, assign its mentor or incubator, or record that it stopped"""
        return tkm.update_group(group_id, data)


@blp.route("/tkm-groups/<int:group_id>/members")
class Members(MethodView):
    @require("staff", "mentor")
    @blp.arguments(ListArgsSchema, location="query")
    @blp.response(200, MemberListSchema)
    def get(self, args, group_id):
        """List a group's members (ketua first)"""
        return tkm.list_members(group_id, args, g.principal)

    @require("staff")
    @blp.arguments(MemberCreateSchema)
    @blp.response(201, MemberSchema)
    def post(self, data, group_id):
        """Add a registered job seeker to the group; while it runs they count as self-employed"""
        return tkm.add_member(group_id, data)


@blp.route("/tkm-groups/<int:group_id>/members/<int:seeker_id>", methods=["DELETE"])
@require("staff")
@blp.response(204)
def remove_member(group_id, seeker_id):
    """The seeker leaves the group (a job seeker again)"""
    tkm.remove_member(group_id, seeker_id)


@blp.route("/tkm-groups/<int:group_id>/reports")
class Reports(MethodView):
    @require("staff", "mentor")
    @blp.arguments(ListArgsSchema, location="query")
    @blp.response(200, ReportListSchema)
    def get(self, args, group_id):
        """A group's monthly reports, newest first, and the months still missing"""
        return tkm.list_reports(group_id, args, g.principal)

    @require("staff", "mentor")
    @blp.arguments(ReportCreateSchema)
    @blp.response(201, ReportSchema)
    def post(self, data, group_id):
        """File the monthly report (laporan bulanan) on a group: its mentor, or staff"""
        return tkm.file_report(group_id, data, g.principal)


@blp.route("/tkm-groups/<int:group_id>/visits")
class Visits(MethodView):
    @require("staff")
    @blp.arguments(ListArgsSchema, location="query")
    @blp.response(200, VisitListSchema)
    def get(self, args, group_id):
        """Staff's monitoring visits to a group, newest first"""
        return tkm.list_visits(group_id, args)

    @require("staff")
    @blp.arguments(VisitCreateSchema)
    @blp.response(201, VisitSchema)
    def post(self, data, group_id):
        """Record a monitoring visit (kunjungan monitoring) and the obstacles found"""
        return tkm.record_visit(group_id, data, g.principal)


@blp.route("/tkm-mentors")
class Mentors(MethodView):
    @require("staff")
    @blp.arguments(ListArgsSchema, location="query")
    @blp.response(200, MentorListSchema)
    def get(self, args):
        """List mentors (TKS) and how many groups each accompanies"""
        return tkm.list_mentors(args)

    @require("staff")
    @blp.arguments(MentorCreateSchema)
    @blp.response(201, MentorSchema)
    def post(self, data):
        """Register a mentor; then `create-token --role mentor --name LOGIN` or `create-user --role mentor`"""
        return tkm.create_mentor(data)


@blp.route("/tkm-incubators")
class Incubators(MethodView):
    @require("staff")
    @blp.arguments(ListArgsSchema, location="query")
    @blp.response(200, IncubatorListSchema)
    def get(self, args):
        """List the BLK Komunitas business incubators"""
        return tkm.list_incubators(args)

    @require("staff")
    @blp.arguments(IncubatorCreateSchema)
    @blp.response(201, IncubatorSchema)
    def post(self, data):
        """Register a BLK Komunitas that incubates TKM groups"""
        return tkm.create_incubator(data)


@blp.route("/reports/tkm")
@require("staff", "tkp3d")
@blp.arguments(TkmReportArgsSchema, location="query")
@blp.response(200, TkmEvaluationSchema)
def evaluation(args):
    """The year's TKM monitoring and evaluation: groups, growth, obstacles ranked, readiness, reporting"""
    return tkm.evaluation(args["year"], g.principal.role)


@blp.route("/reports/tkm.csv")
@require("staff", "tkp3d")
@blp.arguments(TkmReportFileArgsSchema, location="query")
@blp.response(200, content_type="text/csv")
def evaluation_csv(args):
    """One table of the TKM evaluation as CSV (?table=summary|months|obstacles|reporting|district|field|ready)"""
    headers, rows = tkm.tables(tkm.evaluation(args["year"], g.principal.role))[args["table"]]
    return download(exports.to_csv(headers, rows), f"evaluasi-tkm_{args['year']}_{args['table']}.csv")


@blp.route("/reports/tkm.xlsx")
@require("staff", "tkp3d")
@blp.arguments(TkmReportArgsSchema, location="query")
@blp.response(200, content_type=XLSX_TYPE)
def evaluation_xlsx(args):
    """The TKM evaluation as XLSX, one sheet per table, Indonesian headers"""
    return download(tkm.workbook(tkm.evaluation(args["year"], g.principal.role)), f"evaluasi-tkm_{args['year']}.xlsx")
