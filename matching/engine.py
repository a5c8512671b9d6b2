"""The ranker: an in-memory index of seekers and vacancies, and the ranking queries.

Design:
- The index holds numbers only: a seeker's id is its slot in numpy arrays of the facts filters
  need (education rank, birth date ordinal, gender, local, available), so a vacancy's hard
  conditions are one vectorised mask, and no Python object is kept per seeker.
- Inverted index competency code -> (slots, confidences), and phrase id -> slots, as compact
  arrays (`_Postings`: a CSR built in bulk, plus the seekers changed since, folded in when they
  grow). Ranking a vacancy gathers, per requirement unit, the postings of its competencies and
  of their related ones (scaled by the related credit), takes the maximum per slot, and
  accumulates weighted credits in a dense array: no seeker who holds none of the skills is
  ever touched.
- Free text goes through `PhraseIndex` (character n-gram TF-IDF over distinct seeker phrases),
  then phrase -> slots postings; never a rapidfuzz scan over every seeker.
- Only the top `limit` candidates are explained, by `scoring.Scorer`, the same code `explain()`
  uses, so the numbers in the explanation are the ones that ranked the candidate. Their
  `SeekerSkills` come from `skills_loader` (the service reads the stored mentions of just those
  seekers); an engine without a loader keeps the skills of the profiles given to
  `upsert_seeker` (tests, benchmarks of the engine alone).
- The index is fed either from seekers' text (`upsert_seeker`: normalised here) or from readings
  stored earlier (`index_seeker`, `load_seekers`: nothing normalised), so a worker that builds
  from the database never reads text.
Vacancies are far fewer; `rank_vacancies` gathers the vacancies that share a competency (or
related one) with the seeker, or whose requirement text is close to one of the seeker's phrases
(an n-gram index over requirement texts), and scores them in plain Python.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

import numpy as np

from .freetext import FreeTextModel, PhraseIndex
from .normalise import Normaliser
from .profiles import EDUCATION_RANK, SeekerProfile, VacancyProfile
from .scoring import (Match, MatchConfig, Scorer, SeekerSkills, Unit, exclusions, requirement_units,
                      seeker_skills, years_before)
from .taxonomy import Taxonomy

_GENDER = {"M": 1, "F": 2}
# The hard conditions (scoring.exclusions) a near miss may fail: gender, consent or a closed vacancy never.
NEAR_MISS = ("education below", "younger than", "older than")
FACTS = (("edu", np.int8), ("birth", np.int32), ("gender", np.int8), ("local", bool), ("available", bool),
         ("present", bool))


@dataclass(frozen=True)
class SeekerFacts:
    """What the hard conditions read, as numbers."""
    edu: int
    birth: int          # date ordinal, 0 when unknown
    gender: int         # 0 unknown, 1 M, 2 F
    local: bool
    available: bool

    @classmethod
    def of(cls, education_level, birth_date, gender, is_local, available) -> "SeekerFacts":
        return cls(EDUCATION_RANK.get(education_level or "", 0), birth_date.toordinal() if birth_date else 0,
                   _GENDER.get(gender or "", 0), bool(is_local), bool(available))


@dataclass
class _VacancyEntry:
    profile: VacancyProfile
    units: list[Unit]


def _grown(arr: np.ndarray, size: int) -> np.ndarray:
    if size <= len(arr):
        return arr
    out = np.zeros(max(size, 2 * len(arr), 1024), arr.dtype)
    out[: len(arr)] = arr
    return out


class _Postings:
    """int key -> (slots, values), compact.

    A CSR over keys (`ptr`, int32 `slots`, float32 `vals`) built in bulk; a slot changed since is
    marked stale, its base entries are skipped and its current ones live in a small overlay,
    folded into a new CSR once `merge_at` slots have changed."""

    def __init__(self, merge_at: int = 20_000):
        self.merge_at = merge_at
        self.ptr = np.zeros(1, np.int64)
        self.slots = np.empty(0, np.int32)
        self.vals = np.empty(0, np.float32)
        self.stale = np.zeros(0, bool)
        self.by_slot: dict[int, tuple[tuple[int, float], ...]] = {}
        self.by_key: dict[int, dict[int, float]] = defaultdict(dict)
        self.changed = 0                          # slots marked stale since the last fold

    def __len__(self) -> int:
        return len(self.slots) + sum(len(e) for e in self.by_slot.values())

    def keys_in_use(self) -> int:
        return int(np.count_nonzero(np.diff(self.ptr))) + len(set(self.by_key) - set(range(len(self.ptr) - 1)))

    def load(self, keys: np.ndarray, slots: np.ndarray, vals: np.ndarray) -> None:
        """Replace everything with these (key, slot, value) triples."""
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        n_keys = int(keys[-1]) + 1 if len(keys) else 0
        self.ptr = np.concatenate([[0], np.cumsum(np.bincount(keys, minlength=n_keys))]).astype(np.int64)
        self.slots = slots[order].astype(np.int32)
        self.vals = vals[order].astype(np.float32)
        self.stale = np.zeros(int(self.slots.max()) + 1 if len(self.slots) else 0, bool)
        self.by_slot, self.by_key, self.changed = {}, defaultdict(dict), 0

    def set(self, slot: int, entries: Iterable[tuple[int, float]]) -> None:
        """The slot's postings become exactly these (key, value) pairs."""
        self.stale = _grown(self.stale, slot + 1)
        self.changed += not self.stale[slot]
        self.stale[slot] = True
        for key, _ in self.by_slot.pop(slot, ()):
            bucket = self.by_key[key]
            bucket.pop(slot, None)
            if not bucket:
                del self.by_key[key]
        entries = tuple(entries)
        if entries:
            self.by_slot[slot] = entries
            for key, value in entries:
                self.by_key[key][slot] = value
        if self.changed >= self.merge_at:
            self._merge()

    def get(self, key: int) -> tuple[np.ndarray, np.ndarray]:
        if key + 1 < len(self.ptr):
            lo, hi = self.ptr[key], self.ptr[key + 1]
            slots, vals = self.slots[lo:hi], self.vals[lo:hi]
            if self.by_slot:
                fresh = ~self.stale[slots]
                slots, vals = slots[fresh], vals[fresh]
        else:
            slots, vals = self.slots[:0], self.vals[:0]
        extra = self.by_key.get(key)
        if extra:
            slots = np.concatenate([slots, np.fromiter(extra.keys(), np.int32, len(extra))])
            vals = np.concatenate([vals, np.fromiter(extra.values(), np.float32, len(extra))])
        return slots, vals

    def _merge(self) -> None:
        fresh = ~self.stale[self.slots]
        keys = np.repeat(np.arange(len(self.ptr) - 1), np.diff(self.ptr))[fresh]
        extra = [(k, s, v) for s, entries in self.by_slot.items() for k, v in entries]
        extra_arr = np.array(extra, dtype=np.float64).reshape(-1, 3)
        self.load(np.concatenate([keys, extra_arr[:, 0].astype(np.int64)]),
                  np.concatenate([self.slots[fresh], extra_arr[:, 1].astype(np.int32)]),
                  np.concatenate([self.vals[fresh], extra_arr[:, 2].astype(np.float32)]))


_FREE_TEXT: dict[tuple, tuple[Taxonomy, FreeTextModel]] = {}


def free_text_model(taxonomy: Taxonomy, normaliser: Normaliser) -> FreeTextModel:
    """The n-gram model over a taxonomy's aliases (as the normaliser cleans them), built once per
    process and taxonomy: every engine of a worker (and, preloaded, every worker) shares it."""
    key = (id(taxonomy), frozenset(normaliser.abbreviations.items()))
    found = _FREE_TEXT.get(key)
    if found is None or found[0] is not taxonomy:
        found = _FREE_TEXT[key] = (taxonomy, FreeTextModel([" ".join(normaliser.clean(a))
                                                             for a, _ in taxonomy.alias_items()]))
    return found[1]


def _order(match: Match):
    """Holders of the vacancy's core first (a welder before someone who only knows the welding
    vacancy's grinder); then best score; a tie (also one made by the 1.0 cap) goes to the local
    seeker, then to the better skill score, then to the lower id so results are stable."""
    return (match.has_core is False, -match.score, not match.is_local, -match.skill_score, match.candidate_id)


class MatchEngine:
    def __init__(self, taxonomy: Taxonomy, config: MatchConfig | None = None,
                 normaliser: Normaliser | None = None,
                 skills_loader: Callable[[list[int]], dict[int, SeekerSkills]] | None = None):
        self.taxonomy = taxonomy
        self.config = config or MatchConfig()
        self.normaliser = normaliser or Normaliser(taxonomy)
        self.free_text = free_text_model(taxonomy, self.normaliser)
        self.scorer = Scorer(taxonomy, self.config, self.free_text)
        self.phrases = PhraseIndex(self.free_text)           # every distinct phrase of every seeker
        self.unknown_phrases = PhraseIndex(self.free_text)   # those the taxonomy could not place
        self.skills_loader = skills_loader
        self._kept: dict[int, SeekerSkills] = {}              # only without a skills_loader
        self._codes: dict[str, int] = {}                      # competency id -> small int
        self._competency = _Postings()           # competency code -> slot -> confidence
        self._phrase_slots = _Postings()         # phrase id -> slot
        self._unknown_slots = _Postings()        # unknown-phrase id -> slot
        self._facts = {name: np.zeros(1024, dtype) for name, dtype in FACTS}
        self._count = 0
        self._vacancies: dict[int, _VacancyEntry] = {}
        self._vacancy_by_comp: dict[str, set[int]] = defaultdict(set)
        self.requirement_texts = PhraseIndex(self.free_text)  # requirement texts, for rank_vacancies
        self._vacancy_by_text: dict[int, set[int]] = defaultdict(set)

    # ---- sizes -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._count

    @property
    def seeker_count(self) -> int:
        return self._count

    @property
    def vacancy_count(self) -> int:
        return len(self._vacancies)

    def counts(self) -> dict[str, int]:
        return {"seekers": self._count, "vacancies": len(self._vacancies),
                "competencies_indexed": self._competency.keys_in_use(), "phrases": len(self.phrases),
                "unplaced_phrases": len(self.unknown_phrases)}

    def nbytes(self) -> int:
        """Bytes held by the per-seeker arrays (facts and postings)."""
        arrays = [*self._facts.values()] + [a for p in (self._competency, self._phrase_slots, self._unknown_slots)
                                            for a in (p.ptr, p.slots, p.vals, p.stale)]
        return sum(a.nbytes for a in arrays)

    def competency_code(self, competency_id: str) -> int:
        code = self._codes.get(competency_id)
        if code is None:
            code = self._codes[competency_id] = len(self._codes)
        return code

    # ---- seekers -----------------------------------------------------------------------------
    def upsert_seeker(self, seeker: SeekerProfile) -> None:
        """Normalise a seeker's skills and index them."""
        skills = seeker_skills(seeker, self.normaliser)
        facts = SeekerFacts.of(seeker.education_level, seeker.birth_date, seeker.gender, seeker.is_local,
                               seeker.available)
        self.index_seeker(seeker.id, facts, skills)
        if self.skills_loader is None:
            self._kept[seeker.id] = skills

    def index_seeker(self, seeker_id: int, facts: SeekerFacts, skills: SeekerSkills) -> None:
        """Index a seeker from skills already read (e.g. from stored mentions), replacing what was there."""
        self._ensure(seeker_id)
        self._competency.set(seeker_id, [(self.competency_code(h.competency_id), h.confidence)
                                         for h in skills.held.values()])
        self._phrase_slots.set(seeker_id, [(pid, 1.0) for pid in self.phrases.add_many(list(skills.phrases))])
        self._unknown_slots.set(seeker_id, [(pid, 1.0) for pid in self.unknown_phrases.add_many(skills.unknown)])
        f = self._facts
        self._count += not f["present"][seeker_id]
        for name in ("edu", "birth", "gender", "local", "available"):
            f[name][seeker_id] = getattr(facts, name)
        f["present"][seeker_id] = True

    def load_seekers(self, facts: dict[str, np.ndarray], held: tuple, phrases: tuple, unknown: tuple) -> None:
        """Replace every seeker at once. `facts`: arrays by slot (= seeker id), `present` marking the
        seekers; `held`: (competency codes, slots, confidences), one per seeker and competency;
        `phrases`, `unknown`: (slots, phrase ids in `self.phrases` / `self.unknown_phrases`)."""
        size = len(facts["present"])
        self._facts = {name: _grown(np.asarray(facts[name], dtype), size) for name, dtype in FACTS}
        self._count = int(np.count_nonzero(self._facts["present"]))
        self._competency.load(*held)
        for postings, (slots, pids) in ((self._phrase_slots, phrases), (self._unknown_slots, unknown)):
            postings.load(np.asarray(pids, np.int64), np.asarray(slots, np.int32), np.ones(len(slots), np.float32))
        self._kept = {}

    def remove_seeker(self, seeker_id: int) -> bool:
        if not (0 <= seeker_id < len(self._facts["present"]) and self._facts["present"][seeker_id]):
            return False
        for postings in (self._competency, self._phrase_slots, self._unknown_slots):
            postings.set(seeker_id, ())
        self._facts["available"][seeker_id] = self._facts["present"][seeker_id] = False
        self._count -= 1
        self._kept.pop(seeker_id, None)
        return True

    def _ensure(self, slot: int) -> None:
        if slot < 0:
            raise ValueError("seeker ids index the arrays: they must not be negative")
        if slot >= len(self._facts["present"]):
            self._facts = {name: _grown(arr, slot + 1) for name, arr in self._facts.items()}

    def _skills_of(self, ids: list[int]) -> dict[int, SeekerSkills]:
        return self.skills_loader(ids) if self.skills_loader else {i: self._kept[i] for i in ids if i in self._kept}

    # ---- vacancies ---------------------------------------------------------------------------
    def use_normaliser(self, normaliser: Normaliser) -> None:
        """Read vacancies (now, they are few) and new text with another normaliser, e.g. one
        knowing a new alias; seekers keep their readings until they are indexed again."""
        self.normaliser = normaliser
        for profile in [e.profile for e in self._vacancies.values()]:
            self.upsert_vacancy(profile)

    def upsert_vacancy(self, vacancy: VacancyProfile) -> None:
        self.remove_vacancy(vacancy.id)
        units = requirement_units(vacancy, self.normaliser, self.config)
        self._vacancies[vacancy.id] = _VacancyEntry(vacancy, units)
        for unit in units:
            for comp_id in self._reach(unit):
                self._vacancy_by_comp[comp_id].add(vacancy.id)
            if unit.text:
                self._vacancy_by_text[self.requirement_texts.add_many([unit.text])[0]].add(vacancy.id)

    def remove_vacancy(self, vacancy_id: int) -> bool:
        entry = self._vacancies.pop(vacancy_id, None)
        if entry is None:
            return False
        for unit in entry.units:
            for comp_id in self._reach(unit):
                self._vacancy_by_comp[comp_id].discard(vacancy_id)
            if unit.text:
                self._vacancy_by_text[self.requirement_texts.ids[unit.text]].discard(vacancy_id)
        return True

    def _reach(self, unit: Unit) -> dict[str, float]:
        """Competencies whose holders earn credit for a unit, with the best credit each gives."""
        out: dict[str, float] = {}
        for comp_id in unit.alternatives:
            out[comp_id] = 1.0
            for other, credit in self.taxonomy.related(comp_id).items():
                out[other] = max(out.get(other, 0.0), credit)
        return out

    # ---- ranking -----------------------------------------------------------------------------
    def rank_seekers(self, vacancy: VacancyProfile, limit: int = 20, today: date | None = None,
                     skills_loader: Callable[[list[int]], dict[int, SeekerSkills]] | None = None) -> list[Match]:
        """The best `limit` seekers; `skills_loader` (else the engine's) reads the skills of just those."""
        today = today or date.today()
        if not vacancy.is_open or not self._count or limit <= 0:
            return []
        units = requirement_units(vacancy, self.normaliser, self.config)
        total_weight = sum(u.weight for u in units)
        if not total_weight:
            return []
        n = len(self._facts["present"])
        score = np.zeros(n)
        has_core = np.zeros(n, dtype=bool)
        for unit in units:
            credit, competency_credit = self._unit_credits(unit, n)
            score += unit.weight * credit
            if unit.core:
                has_core |= competency_credit >= self.config.core_related_min
        score /= total_weight
        score[~self._mask(vacancy, today, n)] = 0.0
        boosted = score + np.where(self._facts["local"][:n] & (score > 0), self.config.local_boost, 0.0)
        # the core's holders form the upper tier: scores are at most 1 + boost, so 2 lifts them all
        boosted += 2.0 * has_core
        candidates = np.flatnonzero(score > self.config.min_score)
        if len(candidates) > limit:
            candidates = candidates[np.argpartition(-boosted[candidates], limit - 1)[:limit]]
        top = [int(s) for s in candidates]
        skills = skills_loader(top) if skills_loader else self._skills_of(top)
        matches = [self.scorer.score(units, skills[s], s, bool(self._facts["local"][s])) for s in skills]
        matches.sort(key=_order)
        return matches

    def _unit_credits(self, unit: Unit, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(credit per slot, of which the part earned by competencies rather than free text)."""
        credit = np.zeros(n)
        scale = 1.0 if unit.placed else unit.confidence
        for comp_id, related in self._reach(unit).items():
            if comp_id not in self._codes:
                continue
            slots, conf = self._competency.get(self._codes[comp_id])
            if len(slots):
                credit[slots] = np.maximum(credit[slots], conf * (related * scale))
        competency_credit = credit.copy() if unit.core else credit
        if unit.text:
            # a placed requirement only looks at text the taxonomy could not place
            index, postings, threshold = ((self.unknown_phrases, self._unknown_slots, self.config.known_free_text_threshold)
                                          if unit.placed else
                                          (self.phrases, self._phrase_slots, self.config.free_text_threshold))
            pids, sims = index.search(unit.text, threshold)
            for pid, sim in zip(pids.tolist(), sims.tolist()):
                slots, _ = postings.get(pid)
                if len(slots):
                    credit[slots] = np.maximum(credit[slots], self.config.free_text_cap * sim)
        return credit, competency_credit

    def _mask(self, vacancy: VacancyProfile, today: date, n: int) -> np.ndarray:
        f = {name: arr[:n] for name, arr in self._facts.items()}
        mask = f["available"].copy()
        if vacancy.min_education:
            mask &= f["edu"] >= EDUCATION_RANK[vacancy.min_education]
        if vacancy.min_age is not None:
            mask &= (f["birth"] > 0) & (f["birth"] <= years_before(today, vacancy.min_age).toordinal())
        if vacancy.max_age is not None:
            mask &= f["birth"] > years_before(today, vacancy.max_age + 1).toordinal()
        if vacancy.gender:
            mask &= f["gender"] == _GENDER.get(vacancy.gender, -1)
        return mask

    def rank_vacancies(self, seeker: SeekerProfile, limit: int = 20, today: date | None = None,
                       skills: SeekerSkills | None = None) -> list[Match]:
        """Vacancies for a seeker; `skills` as stored (else the seeker's text is read now)."""
        return self._rank_vacancies(seeker, limit, today or date.today(), skills, lambda failed: not failed)

    def near_vacancies(self, seeker: SeekerProfile, limit: int = 5, today: date | None = None,
                       skills: SeekerSkills | None = None) -> list[Match]:
        """'Almost a fit': vacancies the seeker's skills fit but exactly one condition a person can
        act on or should know about (education or age) rules out; `excluded` names that condition."""
        return self._rank_vacancies(seeker, limit, today or date.today(), skills,
                                    lambda failed: len(failed) == 1 and failed[0].startswith(NEAR_MISS))

    def _rank_vacancies(self, seeker: SeekerProfile, limit: int, today: date, skills: SeekerSkills | None,
                        keep) -> list[Match]:
        if not seeker.available:
            return []
        skills = skills or seeker_skills(seeker, self.normaliser)
        candidates: set[int] = set()
        for phrase in skills.phrases:         # free text can only earn credit above this threshold
            for tid in self.requirement_texts.search(phrase, self.config.free_text_threshold)[0].tolist():
                candidates |= self._vacancy_by_text.get(tid, set())
        for comp_id in skills.held:
            candidates |= self._vacancy_by_comp.get(comp_id, set())
        matches = []
        for vid in candidates:
            vac = self._vacancies[vid]
            failed = exclusions(vac.profile, seeker, today)
            if not keep(failed):
                continue
            match = self.scorer.score(vac.units, skills, vid, seeker.is_local)
            match.excluded = failed
            if match.skill_score > self.config.min_score:
                matches.append(match)
        matches.sort(key=_order)
        return matches[:limit]

    def explain(self, vacancy: VacancyProfile, seeker: SeekerProfile, today: date | None = None,
                skills: SeekerSkills | None = None) -> Match:
        """The full score of one pair, with the hard conditions it fails (score 0 if any)."""
        today = today or date.today()
        skills = skills or seeker_skills(seeker, self.normaliser)
        units = requirement_units(vacancy, self.normaliser, self.config)
        match = self.scorer.score(units, skills, seeker.id, seeker.is_local)
        match.excluded = exclusions(vacancy, seeker, today)
        if match.excluded:
            match.score = 0.0
        return match
