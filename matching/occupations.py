"""The official occupation list: KBJI 2014 titles and the competency each one is.

Karirhub codes every vacancy with a KBJI 2014 occupation, and staff type official titles as
they are written in the book ("Operator Mesin Pembuatan Produk Susu", "Juru Tata Usaha
Transportasi Lainnya"). Such a title is read from this list, not guessed from the words
inside it: each occupation names the competencies a holder of it has, or none, and "none" is
an answer too (a title no competency fits stays unplaced instead of being read as whatever
trade word it contains).

The list is data (`data/taxonomy/occupations.tsv`, columns level, code, title, competencies):
level 4 is a unit group (4-digit code), 6 an occupation (6-digit code), "ex" an example title
the book lists under a unit group. Competencies are space-separated ids, the main one first.
A ".99" occupation ("... Lainnya": the group's other occupations) left without competencies
does what its unit group does.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

FILE_NAME = "occupations.tsv"
LEVELS = ("6", "4", "ex")           # when two rows share a title, the more precise one wins
_COLUMNS = ["level", "code", "title", "competencies"]


class OccupationError(ValueError):
    """The occupation list is invalid; the message names the line."""


@dataclass(frozen=True)
class Occupation:
    """One KBJI 2014 title (jabatan) and what a person holding it can do."""
    level: str
    code: str                       # 4 digits (unit group) or 6 (occupation)
    title: str
    competencies: tuple[str, ...]   # main first; empty: no competency fits

    @property
    def unit(self) -> str:
        return self.code[:4]


def load_occupations(folder: Path, known: Iterable[str]) -> tuple[Occupation, ...]:
    """The folder's occupation list (empty when it has none), every id checked against `known`."""
    path = Path(folder) / FILE_NAME
    if not path.exists():
        return ()
    known = set(known)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != _COLUMNS:
            raise OccupationError(f"{FILE_NAME}: columns must be {_COLUMNS}, got {reader.fieldnames}")
        rows = [_parse(row, line, known) for line, row in enumerate(reader, start=2)]
    return _others_as_their_group(rows)


def _others_as_their_group(rows: list[Occupation]) -> tuple[Occupation, ...]:
    units = {o.code: o.competencies for o in rows if o.level == "4"}
    return tuple(Occupation(o.level, o.code, o.title, units.get(o.unit, ()))
                 if o.level == "6" and o.code.endswith("99") and not o.competencies else o for o in rows)


def _parse(row: dict, line: int, known: set[str]) -> Occupation:
    where = f"{FILE_NAME}:{line}"
    level, code, title = row["level"], (row["code"] or "").strip(), " ".join((row["title"] or "").split())
    if level not in LEVELS:
        raise OccupationError(f"{where}: level must be one of {LEVELS}, got {level!r}")
    if not code.isdigit() or len(code) != (6 if level == "6" else 4):
        raise OccupationError(f"{where}: code {code!r} must have {6 if level == '6' else 4} digits")
    if not title:
        raise OccupationError(f"{where}: empty title")
    ids = tuple(dict.fromkeys((row["competencies"] or "").split()))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise OccupationError(f"{where}: unknown competency ids {unknown}")
    return Occupation(level, code, title, ids)


def by_title(occupations: Iterable[Occupation], key) -> dict[str, Occupation]:
    """{key(title): occupation}. Where titles collide the more precise level wins; two rows of
    the same level that disagree keep only the competencies both name."""
    out: dict[str, Occupation] = {}
    for occ in sorted(occupations, key=lambda o: LEVELS.index(o.level)):
        k = key(occ.title)
        if not k:
            continue
        seen = out.get(k)
        if seen is None:
            out[k] = occ
        elif seen.level == occ.level and seen.competencies != occ.competencies:
            shared = tuple(c for c in seen.competencies if c in occ.competencies)
            out[k] = Occupation(seen.level, seen.code, seen.title, shared)
    return out
