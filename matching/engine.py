"""The ranker: an in-memory index of seekers and vacancies, and the ranking queries.

Design:
- A seeker's skills are normalised once, at upsert. Each seeker gets a dense slot; per slot the
  engine keeps numpy arrays of the facts filters need (education rank, birth date ordinal,
  gender, local, available), so a vacancy's hard conditions are one vectorised mask.
- Inverted index competency id -> {slot: confidence}. Ranking a vacancy gathers, per requirement
  unit, the postings of its competencies and of their related ones (scaled by the related
  credit), takes the maximum per slot, and accumulates weighted credits in a dense array: no
  seeker who holds none of the skills is ever touched. Postings are materialised as numpy arrays
  lazily and cached until a seeker holding that competency changes.
- Free text goes through `PhraseIndex` (character n-gram TF-IDF over distinct seeker phrases),
  then phrase -> slots postings; never a rapidfuzz scan over every seeker.
- Only the top `limit` candidates are explained, by `scoring.Scorer`, the same code `explain()`
  uses, so the numbers in the explanation are the ones that ranked the candidate.
- Upsert replaces a seeker's postings in the seeker's own slot, so updates do not grow the
  arrays; remove clears the postings and marks the slot unavailable. A slot is never given to
  another seeker, so a stale array can never point at the wrong person.
Vacancies are far fewer; `rank_vacancies` gathers the vacancies that share a competency (or
related one) with the seeker, or whose requirement text is close to one of the seeker's phrases
(an n-gram index over requirement texts), and scores them in plain Python.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np

from .freetext import FreeTextModel, PhraseIndex
from .normalise import Normaliser
from .profiles import EDUCATION_RANK, SeekerProfile, VacancyProfile
from .scoring import (Match, MatchConfig, Scorer, SeekerSkills, Unit, exclusions, requirement_units,
                      seeker_skills, years_before)
from .taxonomy import Taxonomy

_GENDER = {"M": 1, "F": 2}


@dataclass
class _SeekerEntry:
    profile: SeekerProfile
    skills: SeekerSkills
    slot: int
    phrase_ids: list[int]
    unknown_ids: list[int]


@dataclass
class _VacancyEntry:
    profile: VacancyProfile
    units: list[Unit]


class _Postings:
    """key -> {slot: value}, with numpy views rebuilt only for keys that changed."""

    def __init__(self):
        self.data: dict[object, dict[int, float]] = defaultdict(dict)
        self._arrays: dict[object, tuple[np.ndarray, np.ndarray]] = {}

    def put(self, key, slot: int, value: float) -> None:
        self.data[key][slot] = value
        self._arrays.pop(key, None)

    def drop(self, key, slot: int) -> None:
        bucket = self.data.get(key)
        if bucket is not None and bucket.pop(slot, None) is not None:
            self._arrays.pop(key, None)
            if not bucket:
                del self.data[key]

    def arrays(self, key) -> tuple[np.ndarray, np.ndarray]:
        arr = self._arrays.get(key)
        if arr is None:
            bucket = self.data.get(key, {})
            arr = (np.fromiter(bucket.keys(), np.int64, len(bucket)),
                   np.fromiter(bucket.values(), np.float64, len(bucket)))
            self._arrays[key] = arr
        return arr


def _order(match: Match):
    """Best score first; a tie (also one made by the 1.0 cap) goes to the local seeker, then to
    the better skill score, then to the lower id so results are stable."""
    return (-match.score, not match.is_local, -match.skill_score, match.candidate_id)


class MatchEngine:
    def __init__(self, taxonomy: Taxonomy, config: MatchConfig | None = None,
                 normaliser: Normaliser | None = None):
        self.taxonomy = taxonomy
        self.config = config or MatchConfig()
        self.normaliser = normaliser or Normaliser(taxonomy)
        self.free_text = FreeTextModel([" ".join(self.normaliser.clean(a)) for a, _ in taxonomy.alias_items()])
        self.scorer = Scorer(taxonomy, self.config, self.free_text)
        self.phrases = PhraseIndex(self.free_text)           # every distinct phrase of every seeker
        self.unknown_phrases = PhraseIndex(self.free_text)   # those the taxonomy could not place
        self._seekers: dict[int, _SeekerEntry] = {}
        self._slot_ids: list[int | None] = []   # slot -> seeker id (None once removed)
        self._slot_of: dict[int, int] = {}      # seeker id -> its slot, kept across updates
        self._competency = _Postings()           # competency id -> slot -> confidence
        self._phrase_slots = _Postings()         # phrase id -> slot -> 1
        self._unknown_slots = _Postings()        # unknown-phrase id -> slot -> 1
        self._facts = {name: np.zeros(1024, dtype) for name, dtype in
                       (("edu", np.int8), ("birth", np.int32), ("gender", np.int8),
                        ("local", bool), ("available", bool))}
        self._vacancies: dict[int, _VacancyEntry] = {}
        self._vacancy_by_comp: dict[str, set[int]] = defaultdict(set)
        self.requirement_texts = PhraseIndex(self.free_text)  # requirement texts, for rank_vacancies
        self._vacancy_by_text: dict[int, set[int]] = defaultdict(set)

    # ---- sizes -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._seekers)

    @property
    def seeker_count(self) -> int:
        return len(self._seekers)

    @property
    def vacancy_count(self) -> int:
        return len(self._vacancies)

    def counts(self) -> dict[str, int]:
        return {"seekers": len(self._seekers), "vacancies": len(self._vacancies),
                "competencies_indexed": len(self._competency.data), "phrases": len(self.phrases),
                "unplaced_phrases": len(self.unknown_phrases)}

    # ---- seekers -----------------------------------------------------------------------------
    def upsert_seeker(self, seeker: SeekerProfile) -> None:
        self.remove_seeker(seeker.id)
        skills = seeker_skills(seeker, self.normaliser)
        slot = self._slot_of.get(seeker.id)
        if slot is None:
            slot = self._slot_of[seeker.id] = self._new_slot()
        self._slot_ids[slot] = seeker.id
        cores = list(skills.phrases)
        phrase_ids = self.phrases.add_many(cores)
        unknown_ids = self.unknown_phrases.add_many(skills.unknown)
        entry = _SeekerEntry(seeker, skills, slot, phrase_ids, unknown_ids)
        self._seekers[seeker.id] = entry
        for held in skills.held.values():
            self._competency.put(held.competency_id, slot, held.confidence)
        for pid in phrase_ids:
            self._phrase_slots.put(pid, slot, 1.0)
        for pid in unknown_ids:
            self._unknown_slots.put(pid, slot, 1.0)
        self._set_facts(slot, seeker)

    def remove_seeker(self, seeker_id: int) -> bool:
        entry = self._seekers.pop(seeker_id, None)
        if entry is None:
            return False
        for comp_id in entry.skills.held:
            self._competency.drop(comp_id, entry.slot)
        for pid in entry.phrase_ids:
            self._phrase_slots.drop(pid, entry.slot)
        for pid in entry.unknown_ids:
            self._unknown_slots.drop(pid, entry.slot)
        self._facts["available"][entry.slot] = False
        self._slot_ids[entry.slot] = None
        return True

    def _new_slot(self) -> int:
        slot = len(self._slot_ids)
        self._slot_ids.append(None)
        if slot >= len(self._facts["edu"]):
            for name, arr in self._facts.items():
                grown = np.zeros(len(arr) * 2, arr.dtype)
                grown[: len(arr)] = arr
                self._facts[name] = grown
        return slot

    def _set_facts(self, slot: int, seeker: SeekerProfile) -> None:
        f = self._facts
        f["edu"][slot] = EDUCATION_RANK.get(seeker.education_level or "", 0)
        f["birth"][slot] = seeker.birth_date.toordinal() if seeker.birth_date else 0
        f["gender"][slot] = _GENDER.get(seeker.gender or "", 0)
        f["local"][slot] = seeker.is_local
        f["available"][slot] = seeker.available

    # ---- vacancies ---------------------------------------------------------------------------
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
    def rank_seekers(self, vacancy: VacancyProfile, limit: int = 20, today: date | None = None) -> list[Match]:
        today = today or date.today()
        if not vacancy.is_open or not self._seekers or limit <= 0:
            return []
        units = requirement_units(vacancy, self.normaliser, self.config)
        total_weight = sum(u.weight for u in units)
        if not total_weight:
            return []
        n = len(self._slot_ids)
        score = np.zeros(n)
        for unit in units:
            score += unit.weight * self._unit_credits(unit, n)
        score /= total_weight
        score[~self._mask(vacancy, today, n)] = 0.0
        boosted = score + np.where(self._facts["local"][:n] & (score > 0), self.config.local_boost, 0.0)
        candidates = np.flatnonzero(score > self.config.min_score)
        if len(candidates) > limit:
            candidates = candidates[np.argpartition(-boosted[candidates], limit - 1)[:limit]]
        matches = [self._explain_slot(units, int(s)) for s in candidates]
        matches.sort(key=_order)
        return matches

    def _unit_credits(self, unit: Unit, n: int) -> np.ndarray:
        credit = np.zeros(n)
        scale = 1.0 if unit.placed else unit.confidence
        for comp_id, related in self._reach(unit).items():
            slots, conf = self._competency.arrays(comp_id)
            if len(slots):
                credit[slots] = np.maximum(credit[slots], conf * (related * scale))
        if unit.text:
            # a placed requirement only looks at text the taxonomy could not place
            index, postings, threshold = ((self.unknown_phrases, self._unknown_slots, self.config.known_free_text_threshold)
                                          if unit.placed else
                                          (self.phrases, self._phrase_slots, self.config.free_text_threshold))
            pids, sims = index.search(unit.text, threshold)
            for pid, sim in zip(pids.tolist(), sims.tolist()):
                slots, _ = postings.arrays(pid)
                if len(slots):
                    credit[slots] = np.maximum(credit[slots], self.config.free_text_cap * sim)
        return credit

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

    def _explain_slot(self, units: list[Unit], slot: int) -> Match:
        entry = self._seekers[self._slot_ids[slot]]
        return self.scorer.score(units, entry.skills, entry.profile.id, entry.profile.is_local)

    def rank_vacancies(self, seeker: SeekerProfile, limit: int = 20, today: date | None = None) -> list[Match]:
        today = today or date.today()
        if not seeker.available:
            return []
        entry = self._seekers.get(seeker.id)
        skills = entry.skills if entry and entry.profile == seeker else seeker_skills(seeker, self.normaliser)
        candidates: set[int] = set()
        for phrase in skills.phrases:         # free text can only earn credit above this threshold
            for tid in self.requirement_texts.search(phrase, self.config.free_text_threshold)[0].tolist():
                candidates |= self._vacancy_by_text.get(tid, set())
        for comp_id in skills.held:
            candidates |= self._vacancy_by_comp.get(comp_id, set())
        matches = []
        for vid in candidates:
            vac = self._vacancies[vid]
            if exclusions(vac.profile, seeker, today):
                continue
            match = self.scorer.score(vac.units, skills, vid, seeker.is_local)
            if match.skill_score > self.config.min_score:
                matches.append(match)
        matches.sort(key=_order)
        return matches[:limit]

    def explain(self, vacancy: VacancyProfile, seeker: SeekerProfile, today: date | None = None) -> Match:
        """The full score of one pair, with the hard conditions it fails (score 0 if any)."""
        today = today or date.today()
        entry = self._seekers.get(seeker.id)
        skills = entry.skills if entry and entry.profile == seeker else seeker_skills(seeker, self.normaliser)
        units = requirement_units(vacancy, self.normaliser, self.config)
        match = self.scorer.score(units, skills, seeker.id, seeker.is_local)
        match.excluded = exclusions(vacancy, seeker, today)
        if match.excluded:
            match.score = 0.0
        return match
