"""/api/v1/vacancies/{id}/matches, /api/v1/seekers/{id}/matches and /api/v1/skills"""
from flask import g
from flask_smorest import Blueprint

from schemas.matches import (AliasCreateSchema, AliasSchema, CompetencyListSchema, MatchArgsSchema,
                             MentionListSchema, NormaliseArgsSchema, RereadListSchema, SeekerMatchListSchema, UnknownArgsSchema,
                             UnknownPhraseListSchema, VacancyMatchListSchema)
from service import matches, rereads, skills
from service.auth import ensure_own_seeker, require

blp = Blueprint("matches", __name__, url_prefix="", description="Matching and the skill vocabulary")


@blp.route("/vacancies/<int:vacancy_id>/matches")
@require("staff")
@blp.arguments(MatchArgsSchema, location="query")
@blp.response(200, SeekerMatchListSchema)
def vacancy_matches(args, vacancy_id):
    """Best-fitting seekers for a vacancy, best first, each with its explanation"""
    return {"items": matches.vacancy_matches(vacancy_id, args["limit"])}


@blp.route("/seekers/<int:seeker_id>/matches")
@require("staff", "seeker")
@blp.arguments(MatchArgsSchema, location="query")
@blp.response(200, VacancyMatchListSchema)
def seeker_matches(args, seeker_id):
    """Vacancies that fit a seeker best (staff, or that seeker), each with its explanation"""
    ensure_own_seeker(seeker_id)
    return {"items": matches.seeker_matches(seeker_id, args["limit"])}


@blp.route("/skills/competencies")
@require("staff", "tkp3d", "seeker")
@blp.response(200, CompetencyListSchema)
def competencies():
    """The competency taxonomy, with the aliases staff added"""
    return {"items": skills.list_competencies()}


@blp.route("/skills/unknown-phrases")
@require("staff")
@blp.arguments(UnknownArgsSchema, location="query")
@blp.response(200, UnknownPhraseListSchema)
def unknown_phrases(args):
    """Skill phrases the taxonomy could not place, most frequent first"""
    return skills.list_unknown(args)


@blp.route("/skills/aliases", methods=["POST"])
@require("staff")
@blp.arguments(AliasCreateSchema)
@blp.response(201, AliasSchema)
def add_alias(data):
    """Teach the matcher a phrase for a competency; every worker applies it on its next request"""
    return skills.add_alias(data["alias"], data["competency_id"], g.principal.name)


@blp.route("/skills/normalise")
@require("staff")
@blp.arguments(NormaliseArgsSchema, location="query")
@blp.response(200, MentionListSchema)
def normalise(args):
    """How the matcher reads a piece of text"""
    return {"items": skills.normalise(args["text"])}


@blp.route("/skills/rereads")
@require("staff")
@blp.response(200, RereadListSchema)
def skill_rereads():
    """Re-readings of stored skills after new aliases or a new taxonomy, newest first, with their progress"""
    return {"items": rereads.progress()}
