"""The in-memory index: ranking agrees with explain, filters, incremental updates and removal."""
from datetime import date
from pathlib import Path

import pytest

from matching.engine import MatchEngine
from matching.profiles import SeekerProfile, SkillRequirement, VacancyProfile
from matching.taxonomy import load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures" / "taxonomy"
TODAY = date(2025, 6, 15)


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(FIXTURES)


@pytest.fixture
def engine(taxonomy):
    eng = MatchEngine(taxonomy)
    for s in SEEKERS:
        eng.upsert_seeker(s)
    return eng


def vacancy(*skills, vid=1, **kw):
    return VacancyProfile(id=vid, title="Lowongan", required_skills=tuple(SkillRequirement(s) for s in skills), **kw)


SEEKERS = [
    SeekerProfile(1, ("tukang bubut",), "SMK", date(1998, 1, 1), "M"),
    SeekerProfile(2, ("operator CNC", "rajin"), "SMK", date(1985, 1, 1), "F"),
    SeekerProfile(3, ("las listrik",), "SMP", date(1999, 1, 1), "M"),
    SeekerProfile(4, ("Lathe operator", "las"), "D3", date(1997, 1, 1), "F", is_local=True),
    SeekerProfile(5, ("merangkai bunga",), "SMA", date(2000, 1, 1), "F"),
    SeekerProfile(6, ("bubut",), "SMK", date(1996, 1, 1), "M", available=False),
    SeekerProfile(7, ("disiplin", "jujur"), "SMK", date(1996, 1, 1), "M"),
]


def ranked_ids(engine, v, **kw):
    return [m.candidate_id for m in engine.rank_seekers(v, today=TODAY, **kw)]


def test_ranking_orders_by_credit_and_skips_non_holders(engine):
    assert ranked_ids(engine, vacancy("mesin bubut")) == [4, 1, 2]     # local boost first, then related CNC
    assert ranked_ids(engine, vacancy("mesin bubut"), limit=2) == [4, 1]


def test_ranked_scores_equal_explain(engine):
    v = vacancy("mesin bubut", "welder")
    for match in engine.rank_seekers(v, today=TODAY):
        profile = next(s for s in SEEKERS if s.id == match.candidate_id)
        assert match.score == pytest.approx(engine.explain(v, profile, TODAY).score)


def test_hard_conditions_filter_candidates(engine):
    assert ranked_ids(engine, vacancy("mesin bubut", min_education="D3")) == [4]
    assert ranked_ids(engine, vacancy("mesin bubut", max_age=35)) == [4, 1]    # seeker 2 is 40
    assert ranked_ids(engine, vacancy("mesin bubut", gender="F")) == [4, 2]
    assert ranked_ids(engine, vacancy("mesin bubut", is_open=False)) == []
    assert 6 not in ranked_ids(engine, vacancy("bubut"))                         # not available


def test_free_text_requirement_finds_free_text_seekers(engine):
    (match,) = engine.rank_seekers(vacancy("rangkai bunga"), today=TODAY)
    assert match.candidate_id == 5 and match.matched[0].how == "free_text"


def test_soft_traits_alone_never_rank(engine):
    assert 7 not in ranked_ids(engine, vacancy("bubut", "disiplin"))


def test_upsert_replaces_a_seekers_entries(engine):
    engine.upsert_seeker(SeekerProfile(1, ("tukang las",), "SMK", date(1998, 1, 1), "M"))
    assert 1 not in ranked_ids(engine, vacancy("bubut"))
    assert 1 in ranked_ids(engine, vacancy("welding"))
    assert len(engine) == len(SEEKERS)


def test_remove_seeker(engine):
    assert engine.remove_seeker(4) is True
    assert engine.remove_seeker(4) is False
    assert 4 not in ranked_ids(engine, vacancy("bubut"))
    assert engine.counts()["seekers"] == len(SEEKERS) - 1
    engine.upsert_seeker(SEEKERS[3])
    assert ranked_ids(engine, vacancy("bubut"))[0] == 4


def test_rank_vacancies_for_a_seeker(engine):
    engine.upsert_vacancy(vacancy("mesin bubut", vid=10))
    engine.upsert_vacancy(vacancy("CNC", vid=11))
    engine.upsert_vacancy(vacancy("las", vid=12))
    engine.upsert_vacancy(vacancy("bubut", vid=13, is_open=False))
    engine.upsert_vacancy(vacancy("bubut", vid=14, min_education="S1"))
    matches = engine.rank_vacancies(SEEKERS[0], today=TODAY)
    assert [(m.candidate_id, m.score) for m in matches] == [(10, 1.0), (11, 0.5)]
    engine.remove_vacancy(10)
    assert [m.candidate_id for m in engine.rank_vacancies(SEEKERS[0], today=TODAY)] == [11]
    assert engine.vacancy_count == 4


def test_many_seekers_sharing_phrases_and_merge(taxonomy):
    eng = MatchEngine(taxonomy)
    eng.phrases.merge_every = 16           # force several merges of the phrase matrix
    flowers = ["mawar", "melati", "anggrek", "tulip", "kamboja", "teratai", "dahlia"]
    for i in range(100):
        eng.upsert_seeker(SeekerProfile(i, (f"merangkai bunga {flowers[i % 7]}", "bubut" if i % 2 else "las")))
    for i in range(0, 100, 10):
        eng.remove_seeker(i)
    found = ranked_ids(eng, vacancy("merangkai bunga tulip"), limit=100)
    assert found and all(i % 10 for i in found)
    same_phrase = [i for i in range(100) if i % 7 == 3 and i % 10]
    assert found[:len(same_phrase)] == same_phrase


def test_updates_reuse_the_seekers_slot(engine):
    slots = engine.counts()
    for _ in range(5):
        engine.upsert_seeker(SEEKERS[0])
    engine.remove_seeker(SEEKERS[0].id)
    engine.upsert_seeker(SEEKERS[0])
    assert engine.counts() == slots
    assert len(engine._competency) == sum(len(engine._kept[s.id].held) for s in SEEKERS)
    assert 1 in ranked_ids(engine, vacancy("bubut"))


def test_rank_vacancies_finds_free_text_requirements(engine):
    engine.upsert_vacancy(vacancy("rangkai bunga", vid=20))
    engine.upsert_vacancy(vacancy("bubut", vid=21))
    florist = SEEKERS[4]                                   # wrote "merangkai bunga"
    assert [m.candidate_id for m in engine.rank_vacancies(florist, today=TODAY)] == [20]
    engine.remove_vacancy(20)
    assert engine.rank_vacancies(florist, today=TODAY) == []


def test_compact_postings_fold_changes_in_and_agree_before_and_after():
    from matching.engine import _Postings
    import numpy as np
    p = _Postings(merge_at=3)
    p.load(np.array([0, 0, 1, 2]), np.array([5, 7, 5, 9]), np.array([0.5, 1.0, 0.9, 1.0]))
    p.set(5, [(1, 0.4), (3, 1.0)])        # seeker 5 changed: loses key 0, new value for 1, gains 3
    p.set(8, [(0, 0.7)])
    expect = {0: {7: 1.0, 8: 0.7}, 1: {5: 0.4}, 2: {9: 1.0}, 3: {5: 1.0}}

    def as_dicts():
        return {k: {s: round(v, 6) for s, v in zip(*(a.tolist() for a in p.get(k)))}
                for k in range(5) if len(p.get(k)[0])}
    assert as_dicts() == expect
    p.set(9, [])                           # the third changed seeker: folded into a new CSR
    del expect[2]
    assert not p.by_slot and as_dicts() == expect
