"""The 23 kecamatan of Kabupaten Bekasi with their Kemendagri codes (32.16.xx), and how any way of
writing one ("cikarang utara", "Kec. Cikarang Utara", "321609", "32.16.09") is read.

Records keep the kecamatan's name as stored text (the API and older records carry free text), so
`canonical` turns a recognised spelling into the official name and leaves anything else as typed:
old entries stay readable, new ones never split a breakdown by capitals or spacing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class District:
    code: str  # Kemendagri code, "32.16.09"
    name: str  # "Cikarang Utara"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


DISTRICTS: tuple[District, ...] = tuple(District(f"32.16.{n:02d}", name) for n, name in (
    (1, "Tarumajaya"), (2, "Babelan"), (3, "Sukawangi"), (4, "Tambelang"), (5, "Tambun Utara"),
    (6, "Tambun Selatan"), (7, "Cibitung"), (8, "Cikarang Barat"), (9, "Cikarang Utara"), (10, "Karangbahagia"),
    (11, "Cikarang Timur"), (12, "Kedungwaringin"), (13, "Pebayuran"), (14, "Sukakarya"), (15, "Sukatani"),
    (16, "Cabangbungin"), (17, "Muaragembong"), (18, "Setu"), (19, "Cikarang Selatan"), (20, "Cikarang Pusat"),
    (21, "Serang Baru"), (22, "Cibarusah"), (23, "Bojongmangu"),
))

# Spellings seen in the office's sheets beside the official one.
_ALSO = {"muara gembong": "Muaragembong", "karang bahagia": "Karangbahagia", "kedung waringin": "Kedungwaringin",
         "cabang bungin": "Cabangbungin", "bojong mangu": "Bojongmangu", "serangbaru": "Serang Baru"}

_BY_KEY = {**{d.name.lower(): d for d in DISTRICTS}, **{d.code.replace(".", ""): d for d in DISTRICTS}}
_BY_KEY.update((key, _BY_KEY[name.lower()]) for key, name in _ALSO.items())
_PREFIX = re.compile(r"^(kecamatan|kec\.?)\s*", re.IGNORECASE)


def find(text: str | None) -> District | None:
    """The kecamatan a text names (official name in any case, a known variant, or its code), else None."""
    if not text:
        return None
    key = " ".join(_PREFIX.sub("", text.strip()).split()).lower()
    return _BY_KEY.get(key.replace(".", "") if key.replace(".", "").isdigit() else key)


def by_code(code: str) -> District | None:
    """The kecamatan with this code ("32.16.09" or "321609"), else None."""
    cleaned = (code or "").replace(".", "").strip()
    return _BY_KEY.get(cleaned) if cleaned.isdigit() else None


def canonical(text: str | None) -> str | None:
    """The official name of a recognised kecamatan; any other text (or None) as it came."""
    district = find(text)
    return district.name if district else text


def label(text: str | None) -> str | None:
    """'Cikarang Utara (32.16.09)' for a recognised kecamatan; older free text as it was typed."""
    district = find(text)
    return district.label if district else text
