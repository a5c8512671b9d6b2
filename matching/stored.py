"""Readings kept as data: mentions as plain rows, the version of the reading that made them, and
which stored readings a change of vocabulary can reach.

- A `Mention` becomes a row of its fields and back, generically: a field the normaliser gains is
  stored as soon as the table has a column of that name (tuples are kept as lists).
- A reading's version is a hash of the shipped taxonomy files, the code that reads with them
  (normaliser, n-gram model) and the aliases staff added: two workers with the same version
  read every text the same way.
- A new alias can only change the reading of a fragment that shares one of its telling words and
  that was not already read as an exact alias (`may_change`); a shipped release can also remove
  aliases, so its changed words reach exact readings too.
"""
from __future__ import annotations

import hashlib
from dataclasses import fields
from pathlib import Path
from typing import Iterable, Mapping

from .normalise import BASE_FILLER, CONNECTOR_WORDS, SEP, Mention, Normaliser
from .occupations import FILE_NAME as OCCUPATIONS
from .taxonomy import DEFAULT_DIR, Taxonomy

MENTION_FIELDS = tuple(f.name for f in fields(Mention))
SETTLED_METHODS = ("exact",)        # a whole fragment that is an alias: a new alias cannot move it
_CODE = [Path(__file__).resolve().parent / name
         for name in ("normalise.py", "freetext.py", "taxonomy.py", "occupations.py", "wordlists.py")]
UNPLACED = "-"                      # an official title that stays unplaced, in `alias_map`


def as_row(mention: Mention) -> dict:
    """The mention's fields as plain values."""
    return {name: list(v) if isinstance(v := getattr(mention, name), tuple) else v for name in MENTION_FIELDS}


def from_row(row: Mapping) -> Mention:
    """A mention from a stored row (any mapping with the fields as keys; extra keys ignored)."""
    return Mention(**{name: tuple(v) if isinstance(v := row[name], list) else v
                      for name in MENTION_FIELDS if name in row})


def code_version() -> str:
    """Hash of the code that turns text into mentions."""
    return _digest(p.read_bytes() for p in _CODE)


def shipped_version(folder: str | Path | None = None) -> str:
    """Hash of the shipped taxonomy files (the occupation list included) and the reading code."""
    folder = Path(folder or DEFAULT_DIR)
    files = sorted([*folder.glob("*.toml"), *folder.glob(OCCUPATIONS)])
    return _digest([code_version().encode(), *(p.name.encode() + p.read_bytes() for p in files)])


def reading_version(shipped: str, staff_aliases: Iterable[tuple[str, str]]) -> str:
    """The version tag stored with mentions: the shipped release plus the staff aliases."""
    pairs = sorted(f"{alias}\t{comp}" for alias, comp in staff_aliases)
    return _digest([shipped.encode(), *(p.encode() for p in pairs)])[:16]


def alias_map(taxonomy: Taxonomy) -> dict[str, list[str]]:
    """{alias: competency ids} of a taxonomy, labels and official titles included, to compare two
    releases (a title that stays unplaced maps to UNPLACED, so a change of it is seen too)."""
    out: dict[str, list[str]] = {}
    for alias, comp_id in taxonomy.alias_items():
        out.setdefault(alias, []).append(comp_id)
    for occ in taxonomy.occupations:
        out.setdefault(" ".join(occ.title.lower().split()), []).extend(occ.competencies or [UNPLACED])
    return {a: sorted(set(c)) for a, c in out.items()}


def changed_aliases(old: Mapping[str, list[str]], new: Mapping[str, list[str]]) -> list[str]:
    """Aliases added, removed or moved to other competencies between two releases."""
    return sorted(a for a in old.keys() | new.keys() if sorted(old.get(a, ())) != sorted(new.get(a, ())))


def telling_words(normaliser: Normaliser, aliases: Iterable[str]) -> set[str]:
    """The words of these aliases, as written and canonical, without generic ones (unless an
    alias has nothing else): the words a fragment must share for the alias to reach it."""
    generic = BASE_FILLER | CONNECTOR_WORDS | normaliser.taxonomy.filler
    out: set[str] = set()
    for alias in aliases:
        words = {w for w in normaliser.clean(alias) if w != SEP} | set(normaliser.core(alias).split())
        out |= (words - generic) or words
    return out


def words_of(mention: Mention) -> set[str]:
    return set(mention.text.split()) | set(mention.core.split())


def may_change(mention: Mention, words: set[str] | None, settled_too: bool = False) -> bool:
    """Whether a vocabulary change touching `words` (None: any word) can change this reading."""
    if not settled_too and mention.method in SETTLED_METHODS and mention.confidence >= 1.0:
        return False
    return words is None or bool(words_of(mention) & words)


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()
