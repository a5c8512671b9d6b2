"""The title names the core: for a titled vacancy, the holders of its trade (or of a close
related one) rank above everyone holding only its secondary skills; the same on the seeker's
side. On the real taxonomy, with phrasings written for these tests."""
from datetime import date

import pytest

from matching.engine import MatchEngine
from matching.profiles import SeekerProfile, SkillRequirement, VacancyProfile
from matching.taxonomy import load_taxonomy

TODAY = date(2024, 6, 1)


@pytest.fixture()
def engine():
    return MatchEngine(load_taxonomy())


def seeker(sid, *skills, **kw):
    return SeekerProfile(id=sid, skills=tuple(skills), **kw)


LATHE_JOB = VacancyProfile(id=2, title="Operator Bubut", required_skills=(
    SkillRequirement("mesin bubut"), SkillRequirement("jangka sorong"), SkillRequirement("gambar teknik")))


def test_holder_of_the_core_outranks_a_holder_of_only_the_secondary_skills(engine):
    engine.upsert_seeker(seeker(21, "jangka sorong & mikrometer", "gambar teknik"))
    engine.upsert_seeker(seeker(22, "tkg bubut 3 thn"))
    engine.upsert_seeker(seeker(23, "CNC machinist"))           # close related: half a lathe operator
    ranked = engine.rank_seekers(LATHE_JOB, limit=10, today=TODAY)
    assert [m.candidate_id for m in ranked] == [22, 23, 21]
    assert [m.has_core for m in ranked] == [True, True, False]
    core = next(m for m in ranked[0].matched if m.core)
    assert core.competency_id == "lathe" and core.weight > 0.4


def test_a_core_the_requirements_do_not_name_is_added_from_the_title(engine):
    job = VacancyProfile(id=3, title="Tukang Las", required_skills=(SkillRequirement("gerinda"),))
    grinder = engine.explain(job, seeker(24, "gerinda tangan"), TODAY)
    welder = engine.explain(job, seeker(25, "las listrik"), TODAY)
    assert grinder.has_core is False and welder.has_core is True
    assert {m.requirement for m in welder.matched} == {"Tukang Las"}


def test_staff_marked_core_wins_over_the_title(engine):
    job = VacancyProfile(id=4, title="Staff Produksi", required_skills=(
        SkillRequirement("forklift", core=True), SkillRequirement("jangka sorong")))
    assert engine.explain(job, seeker(26, "operator forklift"), TODAY).has_core is True
    assert engine.explain(job, seeker(27, "jangka sorong"), TODAY).has_core is False


def test_a_title_naming_no_trade_sets_no_core(engine):
    job = VacancyProfile(id=5, title="Lowongan", required_skills=(SkillRequirement("bubut"),))
    assert engine.explain(job, seeker(28, "bubut"), TODAY).has_core is None


def test_seeker_side_own_trade_comes_first(engine):
    engine.upsert_vacancy(VacancyProfile(id=31, title="Operator Forklift", required_skills=(
        SkillRequirement("forklift"), SkillRequirement("jangka sorong", essential=False))))
    engine.upsert_vacancy(VacancyProfile(id=32, title="Quality Control", required_skills=(
        SkillRequirement("jangka sorong"),)))
    me = seeker(29, "operator forklift")
    ranked = engine.rank_vacancies(me, limit=5, today=TODAY)
    assert ranked[0].candidate_id == 31 and ranked[0].has_core is True


def test_related_is_explained_with_what_the_seeker_holds(engine):
    match = engine.explain(LATHE_JOB, seeker(30, "CNC machinist"), TODAY)
    core = next(m for m in match.matched if m.core)
    assert core.how == "related" and core.held_competency_id == "cnc_machining"
    assert core.held_label_id == engine.taxonomy["cnc_machining"].label_id


def test_free_text_n_grams_and_idf_are_scikit_learns():
    """freetext.py writes out scikit-learn's char_wb analyser and smooth IDF (the service does not
    import scikit-learn): both must give exactly what TfidfVectorizer gives, on the taxonomy's
    aliases and on awkward text (short words, runs of spaces, tabs, accents, digits)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from matching.freetext import _char_wb, smooth_idf
    texts = [a for a, _ in load_taxonomy().alias_items()] + [
        "a", "ab  cd", " x\tyy  zzz ", "opérateur  cnc 5 axis", "las", "", "   ", "mesin\nbubut", "kk-3 & ok"]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False)
    analyser = vectorizer.build_analyzer()
    for text in texts:
        assert _char_wb(text) == analyser(text), text
    fitted = vectorizer.fit([t for t in texts if t.strip()])
    want = dict(zip(fitted.get_feature_names_out(), fitted.idf_.tolist()))
    got = smooth_idf([t for t in texts if t.strip()])
    assert list(got) == list(want)
    assert all(abs(got[g] - want[g]) < 1e-12 for g in want)
