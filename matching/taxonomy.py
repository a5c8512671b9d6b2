"""The competency taxonomy: every `*.toml` file of a folder, validated and merged.

Design:
- The files (format: `data/taxonomy/FORMAT.md`) are the reviewed, versioned source; staff add
  aliases at runtime through the API, the service stores them in its database and passes them to
  `Taxonomy.with_aliases()`, which returns a new, validated taxonomy (taxonomies are immutable,
  so an engine or normaliser holding the old one is never changed under its feet).
- Validation is strict and every error names the file and the entry, because a bad alias or a
  dangling `related` id silently degrades matching for everyone otherwise.
- `related` credits are made symmetric at load: a CNC operator is half a lathe operator and
  the other way round. Where both sides give a credit the larger wins.
- Aliases are stored as written (lower case); the normaliser cleans them the same way as the
  text it reads, so the taxonomy does not need to know how text is tokenised.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .occupations import Occupation, OccupationError, load_occupations

DEFAULT_DIR = Path(__file__).resolve().parent / "data" / "taxonomy"
SOFT_GROUP = "soft"

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED = {"id", "label_id", "label_en", "group"}
_OPTIONAL = {"kbji", "skkni", "aliases", "related"}
_WORD_KEYS = {"filler", "abbreviations", "heads", "ranks"}


class TaxonomyError(ValueError):
    """A taxonomy file or a runtime alias is invalid; the message names the file and entry."""


@dataclass(frozen=True)
class Competency:
    id: str
    label_id: str
    label_en: str
    group: str
    kbji: str | None = None
    skkni: str | None = None
    aliases: tuple[str, ...] = ()
    related: Mapping[str, float] = field(default_factory=dict)
    source: str = ""                      # file it came from, for error messages

    @property
    def is_soft(self) -> bool:
        return self.group == SOFT_GROUP


class Taxonomy:
    """Competencies by id, plus the merged filler words and abbreviations."""

    def __init__(self, competencies: Mapping[str, Competency], filler: frozenset[str] = frozenset(),
                 abbreviations: Mapping[str, str] | None = None, heads: Mapping[str, str] | None = None,
                 ranks: frozenset[str] = frozenset(), occupations: tuple[Occupation, ...] = ()):
        self.competencies: Mapping[str, Competency] = MappingProxyType(dict(competencies))
        self.filler = frozenset(filler)
        self.abbreviations: Mapping[str, str] = MappingProxyType(dict(abbreviations or {}))
        # title heads ("operator mesin"): the trade a title names when nothing after the head does
        self.heads: Mapping[str, str] = MappingProxyType(dict(heads or {}))
        # words that open a manager's title: what follows is managed, not practised
        self.ranks = frozenset(ranks)
        # the official titles (KBJI 2014) and the competencies each one is
        self.occupations = tuple(occupations)
        self._occupation_codes = {o.code: o for o in self.occupations if o.level != "ex"}

    def __len__(self) -> int:
        return len(self.competencies)

    def __contains__(self, competency_id: object) -> bool:
        return competency_id in self.competencies

    def __getitem__(self, competency_id: str) -> Competency:
        return self.competencies[competency_id]

    def get(self, competency_id: str | None) -> Competency | None:
        return self.competencies.get(competency_id) if competency_id else None

    def is_soft(self, competency_id: str | None) -> bool:
        comp = self.get(competency_id)
        return bool(comp and comp.is_soft)

    def related_credit(self, a: str, b: str) -> float:
        """Credit a holder of `b` earns towards a requirement of `a` (1.0 when equal)."""
        if a == b:
            return 1.0
        comp = self.competencies.get(a)
        return comp.related.get(b, 0.0) if comp else 0.0

    def related(self, competency_id: str) -> Mapping[str, float]:
        comp = self.competencies.get(competency_id)
        return comp.related if comp else {}

    def occupation(self, code: str | None) -> Occupation | None:
        """The KBJI 2014 occupation (6 digits) or unit group (4 digits) of a code."""
        return self._occupation_codes.get(code) if code else None

    def alias_items(self):
        """(alias, competency id) for every alias, labels included (people write labels too)."""
        for comp in self.competencies.values():
            for alias in (*comp.aliases, comp.label_id.lower(), comp.label_en.lower()):
                yield alias, comp.id

    def with_aliases(self, extra: Mapping[str, list[str] | tuple[str, ...]]) -> "Taxonomy":
        """A new taxonomy with runtime aliases (competency id -> aliases) added.

        Raises TaxonomyError for an unknown id or an empty alias, so the API can refuse it."""
        comps = dict(self.competencies)
        for comp_id, aliases in extra.items():
            if comp_id not in comps:
                raise TaxonomyError(f"runtime alias: unknown competency id {comp_id!r}")
            cleaned = _clean_aliases(aliases, f"runtime alias for {comp_id!r}")
            old = comps[comp_id]
            merged = tuple(dict.fromkeys((*old.aliases, *cleaned)))
            comps[comp_id] = replace(old, aliases=merged)
        return Taxonomy(comps, self.filler, self.abbreviations, self.heads, self.ranks, self.occupations)


def load_taxonomy(folder: str | Path | None = None) -> Taxonomy:
    """Load, validate and merge every `*.toml` in `folder` (default: matching/data/taxonomy), and
    its occupation list (`occupations.tsv`) when there is one."""
    folder = Path(folder) if folder else DEFAULT_DIR
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise TaxonomyError(f"{folder}: no *.toml taxonomy files")
    comps: dict[str, Competency] = {}
    filler: set[str] = set()
    abbreviations: dict[str, str] = {}
    heads: dict[str, str] = {}
    ranks: set[str] = set()
    extensions: list[tuple[str, dict]] = []
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise TaxonomyError(f"{path.name}: not valid TOML: {err}") from err
        _load_file(path.name, data, comps, filler, abbreviations)
        extensions += [(path.name, e) for e in data.get("aliases", [])]
        ranks.update(_clean_aliases(data.get("words", {}).get("ranks", []), f"{path.name}: [words] ranks"))
        for head, comp_id in data.get("words", {}).get("heads", {}).items():
            heads[" ".join(head.lower().split())] = (path.name, comp_id)
    for name, entry in extensions:
        _extend(name, entry, comps)
    for head, (name, comp_id) in heads.items():
        if comp_id not in comps:
            raise TaxonomyError(f"{name}: [words] head {head!r} names unknown competency {comp_id!r}")
    try:
        occupations = load_occupations(folder, comps)
    except OccupationError as err:
        raise TaxonomyError(str(err)) from err
    return Taxonomy(_symmetric(comps), frozenset(filler), abbreviations,
                    {head: comp_id for head, (_, comp_id) in heads.items()}, frozenset(ranks), occupations)


def _extend(name: str, entry: dict, comps: dict) -> None:
    """An `[[aliases]]` block adds aliases to a competency of any file, so a body of wording
    (KBJI titles, job-posting phrasing) can live in a file of its own."""
    where = f"{name}: [[aliases]] for {entry.get('id', '?')!r}"
    if not isinstance(entry, dict) or set(entry) != {"id", "add"}:
        raise TaxonomyError(f"{where}: needs exactly the keys id and add")
    if entry["id"] not in comps:
        raise TaxonomyError(f"{where}: unknown competency id")
    old = comps[entry["id"]]
    comps[entry["id"]] = replace(old, aliases=tuple(dict.fromkeys((*old.aliases, *_clean_aliases(entry["add"], where)))))


def _load_file(name: str, data: dict, comps: dict, filler: set, abbreviations: dict) -> None:
    unknown = set(data) - {"competency", "words", "aliases"}
    if unknown:
        raise TaxonomyError(f"{name}: unknown top-level keys {sorted(unknown)}")
    for i, entry in enumerate(data.get("competency", [])):
        comp = _parse_competency(name, i, entry)
        if comp.id in comps:
            raise TaxonomyError(f"{name}: competency {comp.id!r} duplicates one in {comps[comp.id].source}")
        comps[comp.id] = comp
    words = data.get("words", {})
    if set(words) - _WORD_KEYS:
        raise TaxonomyError(f"{name}: [words] has unknown keys {sorted(set(words) - _WORD_KEYS)}")
    filler.update(_clean_aliases(words.get("filler", []), f"{name}: [words] filler"))
    for short, long in words.get("abbreviations", {}).items():
        if not isinstance(long, str) or not long.strip() or not short.strip():
            raise TaxonomyError(f"{name}: [words] abbreviation {short!r} needs a non-empty text")
        abbreviations[short.strip().lower()] = long.strip().lower()


def _parse_competency(name: str, index: int, entry: dict) -> Competency:
    where = f"{name}: competency #{index + 1} ({entry.get('id', '?')!r})"
    if not isinstance(entry, dict):
        raise TaxonomyError(f"{where}: must be a table")
    missing, unknown = _REQUIRED - set(entry), set(entry) - _REQUIRED - _OPTIONAL
    if missing or unknown:
        raise TaxonomyError(f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
    if not isinstance(entry["id"], str) or not _ID_RE.match(entry["id"]):
        raise TaxonomyError(f"{where}: id must be lower_snake_case")
    for key in ("label_id", "label_en", "group", "kbji", "skkni"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            raise TaxonomyError(f"{where}: {key} must be a non-empty string")
    related = entry.get("related", {})
    if not isinstance(related, dict):
        raise TaxonomyError(f"{where}: related must be a table of id = credit")
    for other, credit in related.items():
        if not isinstance(credit, (int, float)) or isinstance(credit, bool) or not 0 < credit < 1:
            raise TaxonomyError(f"{where}: related credit for {other!r} must be in (0, 1), got {credit!r}")
    return Competency(id=entry["id"], label_id=entry["label_id"].strip(), label_en=entry["label_en"].strip(),
                      group=entry["group"].strip(), kbji=entry.get("kbji"), skkni=entry.get("skkni"),
                      aliases=_clean_aliases(entry.get("aliases", []), where),
                      related={k: float(v) for k, v in related.items()}, source=name)


def _clean_aliases(aliases, where: str) -> tuple[str, ...]:
    if isinstance(aliases, str) or not isinstance(aliases, (list, tuple)):
        raise TaxonomyError(f"{where}: must be a list of strings")
    out = []
    for alias in aliases:
        if not isinstance(alias, str) or not alias.strip():
            raise TaxonomyError(f"{where}: empty or non-string entry {alias!r}")
        out.append(" ".join(alias.lower().split()))
    return tuple(dict.fromkeys(out))


def _symmetric(comps: dict[str, Competency]) -> dict[str, Competency]:
    """Check `related` ids exist and mirror every credit (the larger wins when both sides set one)."""
    credits: dict[str, dict[str, float]] = {cid: {} for cid in comps}
    for comp in comps.values():
        for other, credit in comp.related.items():
            if other not in comps:
                raise TaxonomyError(f"{comp.source}: competency {comp.id!r} relates to unknown id {other!r}")
            if other == comp.id:
                raise TaxonomyError(f"{comp.source}: competency {comp.id!r} relates to itself")
            for a, b in ((comp.id, other), (other, comp.id)):
                credits[a][b] = max(credits[a].get(b, 0.0), credit)
    return {cid: replace(c, related=MappingProxyType(credits[cid])) for cid, c in comps.items()}
