"""Plain records the engine ranks: built by the service layer from database rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

EDUCATION_RANK = {"SD": 1, "SMP": 2, "SMA": 3, "SMK": 3, "D1": 4, "D2": 5, "D3": 6,
                  "D4": 7, "S1": 7, "S2": 8, "S3": 9}


@dataclass(frozen=True)
class SkillRequirement:
    """One required skill of a vacancy, as the company wrote it."""
    text: str
    essential: bool = True
    core: bool = False                 # staff marked it as the vacancy's main skill (keahlian utama)


@dataclass(frozen=True)
class SeekerProfile:
    """Job seeker (pencaker) as the engine sees them: skills as written, and the facts filters need."""
    id: int
    skills: tuple[str, ...]
    education_level: str | None = None
    birth_date: date | None = None
    gender: str | None = None          # "M" or "F"
    is_local: bool = False             # KTP regency is the home regency
    available: bool = True             # consented to matching and status is active
    certified: tuple[str, ...] = ()    # competency ids certified by completed training


@dataclass(frozen=True)
class VacancyProfile:
    """Vacancy (lowongan) as the engine sees it: required skills and hard conditions."""
    id: int
    title: str
    required_skills: tuple[SkillRequirement, ...]
    min_education: str | None = None
    gender: str | None = None          # only where the job lawfully requires it
    min_age: int | None = None
    max_age: int | None = None
    is_open: bool = True
