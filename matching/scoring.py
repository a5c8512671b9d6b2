"""How well one seeker fits one vacancy, with the explanation of every credit.

Scoring:
- A vacancy's requirements are normalised into units. A requirement naming several skills
  ("bubut & frais") becomes several units that share its weight; the competencies one fragment
  names (an alias two competencies share, a word of context) are alternatives of one unit. Soft skills ("disiplin") are shown, never
  scored. Essential requirements weigh `essential_weight`, optional ones `optional_weight` (2:1).
- A unit is credited by the seeker's best holding:
    exact      the same competency: 1.0 x the confidence of the seeker's mention
    certified  a competency certified by completed training: 1.0
    related    a related competency: the taxonomy's partial credit x confidence (CNC for lathe 0.5)
    free_text  character n-gram cosine between the requirement's text and one of the seeker's
               phrases, mapped to `free_text_cap * cosine` so it never reaches an exact match.
               Used for requirements the taxonomy cannot place and, with a higher threshold and
               against the seeker's unplaced text only, for placed ones (a seeker may have written
               the skill in words the taxonomy lacks).
- A requirement placed only by a guess (confidence below `placed_confidence`: a word vote, a
  distant n-gram neighbour) has its competency credit scaled by that confidence, and free text
  competes with it as for an unplaced requirement: the guess helps, but cannot dominate.
- skill score = weighted mean of unit credits, in [0, 1].

Hard conditions are filters, not weights: a seeker below the education floor, outside the age
range (at `today`), of another gender where the vacancy lawfully requires one, not available, or
a closed vacancy, is not a candidate at all. Missing facts fail a condition the vacancy sets
(an unknown birth date cannot prove an age limit is met); staff see the reason in `explain()`.

Local preference (TKP3D: priority for holders of a local KTP) is an additive boost:
score = min(1, skill score + `local_boost`) for local seekers with a skill score above zero,
default 0.05. It is deliberately small, so it reorders near-equal candidates but never lifts a
poor fit over a good one, and it is reported (`is_local`, `local_boost`, `skill_score`) in every
Match, never applied silently. Because of the cap, a tie on the final score goes to the local
seeker (the engine's sort order). Set `local_boost = 0` to turn the boost off.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from .freetext import FreeTextModel
from .normalise import Mention, Normaliser
from .profiles import EDUCATION_RANK, SeekerProfile, VacancyProfile
from .taxonomy import Taxonomy


@dataclass(frozen=True)
class MatchConfig:
    essential_weight: float = 2.0
    optional_weight: float = 1.0
    local_boost: float = 0.05
    free_text_cap: float = 0.8          # a free-text credit stays below an exact match
    free_text_threshold: float = 0.35   # cosine below this earns nothing (unplaced requirements)
    known_free_text_threshold: float = 0.6   # ... for requirements the taxonomy placed
    placed_confidence: float = 0.85     # below this a placement is a guess: its competency credit is
                                        # scaled by the confidence and free text competes with it
    min_score: float = 0.0              # candidates must score above this
    core_weight: float = 3.0            # the vacancy's core skill (the trade its title names)
    core_related_min: float = 0.5       # a related competency this close counts as holding the core


@dataclass(frozen=True)
class Unit:
    """One scored piece of a requirement."""
    requirement: str
    essential: bool
    weight: float
    alternatives: tuple[str, ...]       # competency ids; empty for free text
    text: str                           # the requirement's core, for free-text comparison
    confidence: float = 1.0             # how sure the normaliser was of the alternatives
    placed: bool = True                 # sure enough to trust the taxonomy alone
    core: bool = False                  # the trade the vacancy is for: its holders rank first


@dataclass(frozen=True)
class Held:
    competency_id: str
    confidence: float
    text: str                           # what the seeker wrote
    method: str                         # normaliser method, or "certified"
    words: str = ""                     # the words of that entry that named the competency


@dataclass
class SeekerSkills:
    """A seeker's skills, normalised once: hard competencies held, soft traits, phrases."""
    held: dict[str, Held]
    soft: list[str]
    phrases: dict[str, str]             # phrase core -> the seeker's text it came from
    unknown: list[str]                  # cores of phrases the taxonomy could not place


@dataclass
class SkillMatch:
    requirement: str
    essential: bool
    competency_id: str | None
    label_id: str | None
    label_en: str | None
    seeker_text: str | None
    how: str | None                     # exact | related | certified | free_text; None if missing
    credit: float
    core: bool = False                  # the vacancy's core skill
    weight: float = 0.0                 # this requirement's share of the skill score, in [0, 1]
    seeker_words: str | None = None     # the words of the seeker's entry that met it
    held_competency_id: str | None = None   # for "related": what the seeker holds instead
    held_label_id: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Match:
    candidate_id: int
    score: float
    is_local: bool
    matched: list[SkillMatch]
    missing: list[SkillMatch]
    soft_skills: list[str]
    skill_score: float = 0.0
    local_boost: float = 0.0
    excluded: list[str] = field(default_factory=list)   # failed hard conditions (explain only)
    has_core: bool | None = None        # holds the vacancy's core skill (None: the vacancy has none)

    def as_dict(self) -> dict:
        return {"candidate_id": self.candidate_id, "score": round(self.score, 4), "is_local": self.is_local,
                "skill_score": round(self.skill_score, 4), "local_boost": round(self.local_boost, 4),
                "matched": [m.as_dict() for m in self.matched], "missing": [m.as_dict() for m in self.missing],
                "soft_skills": list(self.soft_skills), "excluded": list(self.excluded),
                "has_core": self.has_core}


# ---- building the inputs ----------------------------------------------------------------------
def seeker_skills(seeker: SeekerProfile, normaliser: Normaliser) -> SeekerSkills:
    read = [(entry, normaliser.mentions(entry)) for entry in seeker.skills]
    return skills_from_mentions(normaliser.taxonomy, read, seeker.certified)


def skills_from_mentions(tax: Taxonomy, read, certified=()) -> SeekerSkills:
    """SeekerSkills from (entry as written, its mentions) pairs: read now or stored earlier."""
    held: dict[str, Held] = {}
    soft: list[str] = []
    phrases: dict[str, str] = {}
    unknown: list[str] = []
    for entry, mentions in read:
        # an entry naming one skill is shown as the seeker wrote it ("tkg bubut 3 thn"); of an
        # entry naming several, only the words that met each
        whole = len({m.text for m in mentions}) == 1
        for m in mentions:
            if m.core:
                phrases.setdefault(m.core, entry)
            if m.method == "soft":
                soft.append(tax[m.competency_id].label_id)
            elif m.competency_id is None:
                unknown.append(m.core)
            elif m.competency_id not in held or m.confidence > held[m.competency_id].confidence:
                words = entry if whole and m.words == m.text else m.words
                held[m.competency_id] = Held(m.competency_id, m.confidence, entry, m.method, words)
    for comp_id in certified:
        if comp_id in tax and not tax.is_soft(comp_id):
            held[comp_id] = Held(comp_id, 1.0, f"sertifikat pelatihan: {tax[comp_id].label_id}", "certified")
    return SeekerSkills(held, list(dict.fromkeys(soft)), phrases, list(dict.fromkeys(unknown)))


def requirement_units(vacancy: VacancyProfile, normaliser: Normaliser, config: MatchConfig) -> list[Unit]:
    """The vacancy's requirements as scored units. The core (the requirements staff marked as
    the main skill, else the trade the title names) weighs `core_weight`; a core competency no
    requirement names becomes an essential unit of its own, so the title always counts."""
    core = vacancy_core(vacancy, normaliser)
    units: list[Unit] = []
    for req in vacancy.required_skills:
        weight = config.essential_weight if req.essential else config.optional_weight
        parts = _unit_parts(normaliser.mentions(req.text))
        for alternatives, core_text, confidence in parts:
            placed = not alternatives or confidence >= config.placed_confidence
            is_core = bool(core.intersection(alternatives))
            units.append(Unit(req.text, req.essential or is_core,
                              config.core_weight if is_core else weight / len(parts), alternatives, core_text,
                              confidence if alternatives else 0.0, placed and bool(alternatives), is_core))
    named = {c for u in units for c in u.alternatives}
    missing = tuple(sorted(core - named))
    if missing:
        units.append(Unit(vacancy.title, True, config.core_weight, missing, "", 1.0, True, True))
    return units


def vacancy_core(vacancy: VacancyProfile, normaliser: Normaliser) -> set[str]:
    """The competencies the vacancy is for: those of requirements marked as core, else the hard
    competencies its title names ("Operator Bubut" -> lathe). Readings only, never suggestions."""
    marked = [r.text for r in vacancy.required_skills if r.core]
    texts = marked or [vacancy.title]
    return {m.competency_id for t in texts for m in normaliser.mentions(t) if m.is_hard}


def _unit_parts(mentions: tuple[Mention, ...]) -> list[tuple[tuple[str, ...], str, float]]:
    """Group a requirement's mentions by the fragment they came from: the competencies one
    fragment names are alternatives ("sales" is both sales and retail; in "driver ekspedisi"
    the second word says where, not a second skill), while fragments a connector separates are
    separate units that share the requirement's weight. Soft mentions are not scored."""
    groups: dict[tuple, list[Mention]] = {}
    for m in mentions:
        if m.method != "soft":
            groups.setdefault((m.text, m.core), []).append(m)
    parts = []
    for (_, core), ms in groups.items():
        ids = tuple(m.competency_id for m in ms if m.competency_id)
        if ids or core:
            parts.append((ids, core, max(m.confidence for m in ms)))
    return parts


# ---- conditions -------------------------------------------------------------------------------
def years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:                       # 29 February in a non-leap year
        return today.replace(year=today.year - years, day=28)


def exclusions(vacancy: VacancyProfile, seeker: SeekerProfile, today: date) -> list[str]:
    """The hard conditions this pair fails (empty: the seeker is a candidate)."""
    out = []
    if not vacancy.is_open:
        out.append("vacancy closed")
    if not seeker.available:
        out.append("seeker not available")
    if vacancy.min_education and (EDUCATION_RANK.get(seeker.education_level or "", 0)
                                  < EDUCATION_RANK[vacancy.min_education]):
        out.append(f"education below {vacancy.min_education}")
    if vacancy.min_age is not None and (not seeker.birth_date
                                        or seeker.birth_date > years_before(today, vacancy.min_age)):
        out.append(f"younger than {vacancy.min_age}")
    if vacancy.max_age is not None and (not seeker.birth_date
                                        or seeker.birth_date <= years_before(today, vacancy.max_age + 1)):
        out.append(f"older than {vacancy.max_age}")
    if vacancy.gender and seeker.gender != vacancy.gender:
        out.append(f"gender {vacancy.gender} required")
    return out


# ---- credits ----------------------------------------------------------------------------------
class Scorer:
    """Scores one (requirement units, seeker skills) pair; the engine uses it for explanations."""

    def __init__(self, taxonomy: Taxonomy, config: MatchConfig, free_text: FreeTextModel):
        self.taxonomy, self.config, self.free_text = taxonomy, config, free_text

    def free_text_credit(self, cosine: float, placed: bool) -> float:
        threshold = self.config.known_free_text_threshold if placed else self.config.free_text_threshold
        return self.config.free_text_cap * cosine if cosine >= threshold else 0.0

    def competency_credit(self, unit: Unit, skills: SeekerSkills) -> tuple[float, str | None, Held | None]:
        """The best credit the seeker's competencies earn on a unit: (credit, required id, held)."""
        best: tuple[float, str | None, Held | None] = (0.0, None, None)
        scale = 1.0 if unit.placed else unit.confidence
        for comp_id in unit.alternatives:
            for held in skills.held.values():
                credit = self.taxonomy.related_credit(comp_id, held.competency_id) * held.confidence * scale
                if credit > best[0]:
                    best = (credit, comp_id, held)
        return best

    def unit_credit(self, unit: Unit, skills: SeekerSkills, total_weight: float = 0.0) -> SkillMatch:
        credit, comp_id, held = self.competency_credit(unit, skills)
        how = seeker_text = words = None
        if held:
            how = "related" if held.competency_id != comp_id else (
                "certified" if held.method == "certified" else "exact")
            seeker_text, words = held.text, held.words or None
        if unit.text:
            # a placed requirement only looks at text the taxonomy could not place
            phrases = dict.fromkeys(skills.unknown, None) if unit.placed else skills.phrases
            for core in phrases:
                text_credit = self.free_text_credit(self.free_text.similarity(unit.text, core), unit.placed)
                if text_credit > credit:
                    credit, comp_id, how, held = text_credit, None, "free_text", None
                    seeker_text, words = skills.phrases.get(core, core), core
        comp_id = comp_id or (unit.alternatives[0] if unit.alternatives else None)
        comp = self.taxonomy.get(comp_id)
        other = self.taxonomy.get(held.competency_id) if held and how == "related" else None
        return SkillMatch(unit.requirement, unit.essential, comp_id, comp.label_id if comp else None,
                          comp.label_en if comp else None, seeker_text, how, round(credit, 6), unit.core,
                          round(unit.weight / total_weight, 4) if total_weight else 0.0, words,
                          other.id if other else None, other.label_id if other else None)

    def holds_core(self, units: list[Unit], skills: SeekerSkills) -> bool | None:
        """Whether the seeker holds the vacancy's core (or a close related competency); None when
        the vacancy has no core. Free text never counts: it is no proof of the trade."""
        core = [u for u in units if u.core]
        if not core:
            return None
        return any(self.competency_credit(u, skills)[0] >= self.config.core_related_min for u in core)

    def score(self, units: list[Unit], skills: SeekerSkills, candidate_id: int, is_local: bool) -> Match:
        total = sum(u.weight for u in units)
        results = [self.unit_credit(u, skills, total) for u in units]
        skill_score = sum(u.weight * r.credit for u, r in zip(units, results)) / total if total else 0.0
        boost = self.config.local_boost if is_local and skill_score > 0 else 0.0
        return Match(candidate_id, min(1.0, skill_score + boost), is_local,
                     [r for r in results if r.credit > 0], [r for r in results if r.credit <= 0],
                     list(skills.soft), skill_score, boost, has_core=self.holds_core(units, skills))
