"""Scorer arithmetic on hand-computed cases, hard conditions, and the explanation content."""
from datetime import date
from pathlib import Path

import pytest

from matching.engine import MatchEngine
from matching.profiles import SeekerProfile, SkillRequirement, VacancyProfile
from matching.scoring import MatchConfig, exclusions
from matching.taxonomy import load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures" / "taxonomy"
TODAY = date(2025, 6, 15)


@pytest.fixture(scope="module")
def engine():
    return MatchEngine(load_taxonomy(FIXTURES))


def vacancy(*skills, vid=1, **kw):
    reqs = tuple(SkillRequirement(s) if isinstance(s, str) else SkillRequirement(*s) for s in skills)
    return VacancyProfile(id=vid, title="Lowongan", required_skills=reqs, **kw)


def seeker(sid, *skills, **kw):
    return SeekerProfile(id=sid, skills=tuple(skills), **kw)


LATHE_WELD_FORKLIFT = vacancy(("operator bubut", True), ("tukang las", True), ("forklift", False))


def test_essential_counts_twice_an_optional(engine):
    # weights 2 + 2 + 1 = 5
    both_essential = engine.explain(LATHE_WELD_FORKLIFT, seeker(1, "bubut", "las listrik"), TODAY)
    assert both_essential.score == pytest.approx(4 / 5)
    optional_only = engine.explain(LATHE_WELD_FORKLIFT, seeker(2, "forklift"), TODAY)
    assert optional_only.score == pytest.approx(1 / 5)
    one_essential = engine.explain(LATHE_WELD_FORKLIFT, seeker(3, "tukang bubut"), TODAY)
    assert one_essential.score == pytest.approx(2 / 5)


def test_weights_are_configurable():
    even = MatchEngine(load_taxonomy(FIXTURES), MatchConfig(essential_weight=1.0, optional_weight=1.0))
    assert even.explain(LATHE_WELD_FORKLIFT, seeker(2, "forklift"), TODAY).score == pytest.approx(1 / 3)


def test_related_competency_earns_partial_credit(engine):
    match = engine.explain(LATHE_WELD_FORKLIFT, seeker(4, "operator CNC", "forklift"), TODAY)
    assert match.score == pytest.approx((2 * 0.5 + 1 * 1.0) / 5)
    lathe = next(m for m in match.matched if m.competency_id == "lathe")
    assert (lathe.how, lathe.credit, lathe.seeker_text) == ("related", 0.5, "operator CNC")


def test_certified_competency_counts_as_held(engine):
    match = engine.explain(LATHE_WELD_FORKLIFT, seeker(5, certified=("welding",)), TODAY)
    assert match.score == pytest.approx(2 / 5)
    (weld,) = match.matched
    assert (weld.competency_id, weld.how, weld.credit) == ("welding", "certified", 1.0)


def test_typo_mention_credit_is_its_confidence(engine):
    match = engine.explain(vacancy("forklift"), seeker(6, "opertor forkliftt"), TODAY)
    assert 0.5 < match.score < 1.0
    assert match.matched[0].how == "exact"


def test_free_text_requirement_is_compared_with_seeker_text(engine):
    flowers = vacancy("merangkai bunga")
    same = engine.explain(flowers, seeker(7, "merangkai bunga"), TODAY)
    assert same.score == pytest.approx(MatchConfig().free_text_cap)        # capped below exact
    (hit,) = same.matched
    assert (hit.how, hit.competency_id, hit.seeker_text) == ("free_text", None, "merangkai bunga")
    close = engine.explain(flowers, seeker(8, "bisa merangkai bunga segar"), TODAY)
    assert 0 < close.score < same.score
    assert engine.explain(flowers, seeker(9, "tukang las"), TODAY).score == 0.0


def test_local_boost_is_added_capped_and_reported(engine):
    plain = engine.explain(LATHE_WELD_FORKLIFT, seeker(10, "bubut", "las"), TODAY)
    local = engine.explain(LATHE_WELD_FORKLIFT, seeker(11, "bubut", "las", is_local=True), TODAY)
    assert local.score == pytest.approx(plain.score + 0.05)
    assert (local.is_local, local.local_boost, local.skill_score) == (True, 0.05, pytest.approx(0.8))
    full = engine.explain(vacancy("bubut"), seeker(12, "bubut", is_local=True), TODAY)
    assert full.score == 1.0 and full.skill_score == 1.0
    nothing = engine.explain(vacancy("bubut"), seeker(13, "menjahit", is_local=True), TODAY)
    assert nothing.score == 0.0 and nothing.local_boost == 0.0


def test_soft_requirements_and_traits_are_shown_not_scored(engine):
    match = engine.explain(vacancy("bubut", "disiplin"), seeker(14, "bubut", "Disiplin", "rajin"), TODAY)
    assert match.score == 1.0                      # "disiplin" is no unit: 1 of 1 hard units met
    assert match.soft_skills == ["Disiplin", "Rajin"]
    soft_only = engine.explain(vacancy("bubut"), seeker(15, "disiplin", "rajin"), TODAY)
    assert soft_only.score == 0.0


def test_explanation_lists_matched_and_missing(engine):
    match = engine.explain(LATHE_WELD_FORKLIFT, seeker(16, "Tukang Bubut", "rajin"), TODAY)
    data = match.as_dict()
    assert {"score", "is_local", "matched", "missing"} <= set(data)
    (matched,) = data["matched"]
    assert matched == {"requirement": "operator bubut", "essential": True, "competency_id": "lathe",
                       "label_id": "Operator mesin bubut", "label_en": "Lathe operation",
                       "seeker_text": "Tukang Bubut", "how": "exact", "credit": 1.0, "core": False,
                       "weight": 0.4, "seeker_words": "Tukang Bubut", "held_competency_id": None,
                       "held_label_id": None}
    missing = {m["competency_id"]: m for m in data["missing"]}
    assert set(missing) == {"welding", "forklift"}
    assert missing["welding"]["label_id"] == "Pengelasan" and missing["welding"]["credit"] == 0.0
    assert missing["forklift"]["essential"] is False


def test_requirement_naming_two_skills_shares_its_weight(engine):
    match = engine.explain(vacancy("bubut & las"), seeker(17, "bubut"), TODAY)
    assert match.score == pytest.approx(0.5)
    assert [m.competency_id for m in match.missing] == ["welding"]
    # frais is related to bubut (0.3): (1.0 + 0.3) / 2
    assert engine.explain(vacancy("bubut & frais"), seeker(17, "bubut"), TODAY).score == pytest.approx(0.65)


# ---- hard conditions --------------------------------------------------------------------------
@pytest.mark.parametrize("education, ok", [("SMP", False), ("SMA", True), ("SMK", True), ("D3", True), (None, False)])
def test_education_floor(education, ok):
    v = vacancy("bubut", min_education="SMA")
    assert (exclusions(v, seeker(1, "bubut", education_level=education), TODAY) == []) is ok


@pytest.mark.parametrize("born, ok", [
    (date(1990, 6, 15), True),      # 35 today
    (date(1990, 6, 16), True),      # 34
    (date(1989, 6, 16), True),      # 35, turns 36 tomorrow
    (date(1989, 6, 15), False),     # 36 today
    (date(2007, 6, 15), True),      # 18 today
    (date(2007, 6, 16), False),     # 17, turns 18 tomorrow
    (None, False),                  # unknown birth date cannot prove the limit is met
])
def test_age_range_at_a_given_date(born, ok):
    v = vacancy("bubut", min_age=18, max_age=35)
    assert (exclusions(v, seeker(1, "bubut", birth_date=born), TODAY) == []) is ok


def test_gender_only_where_required():
    assert exclusions(vacancy("bubut"), seeker(1, "bubut", gender="F"), TODAY) == []
    required = vacancy("bubut", gender="F")
    assert exclusions(required, seeker(1, "bubut", gender="F"), TODAY) == []
    assert exclusions(required, seeker(1, "bubut", gender="M"), TODAY) == ["gender F required"]
    assert exclusions(required, seeker(1, "bubut"), TODAY) == ["gender F required"]


def test_availability_and_closed_vacancy():
    assert exclusions(vacancy("bubut"), seeker(1, "bubut", available=False), TODAY) == ["seeker not available"]
    assert exclusions(vacancy("bubut", is_open=False), seeker(1, "bubut"), TODAY) == ["vacancy closed"]


def test_explain_reports_failed_conditions_with_zero_score(engine):
    match = engine.explain(vacancy("bubut", min_education="D3"), seeker(1, "bubut", education_level="SMK"), TODAY)
    assert match.excluded == ["education below D3"]
    assert match.score == 0.0 and match.skill_score == 1.0


def test_competencies_one_fragment_names_are_alternatives():
    shared = load_taxonomy(FIXTURES).with_aliases({"lathe": ["machinist"], "cnc_machining": ["machinist"]})
    engine = MatchEngine(shared)
    match = engine.explain(vacancy("machinist"), seeker(18, "tukang bubut"), TODAY)
    assert match.score == 1.0                      # one unit, lathe or CNC: not half of two units
    assert [(m.competency_id, m.how) for m in match.matched] == [("lathe", "exact")]

