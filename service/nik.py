"""NIK (Nomor Induk Kependudukan): structure checks, the facts it encodes, and how it is stored.

Digits 1-2 province, 3-4 regency, 5-6 district, 7-12 birth date as DDMMYY with 40 added to the
day for women, 13-16 a serial number.

At rest the NIK is two columns: `nik_ciphertext` (Fernet, service/keys.py) and `nik_hash` (HMAC
under the server key), which is unique and is what lookups compare; `Seeker.nik` reads and writes both.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service import keys

# Indonesia's province codes (Kemendagri), including the Papua provinces formed in 2022.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
    "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82",
    "91", "92", "93", "94", "95", "96"})


class NikError(ValueError):
    """The NIK is not structurally valid; the message says why."""


@dataclass(frozen=True)
class NikFacts:
    regency_code: str
    birth_date: date
    gender: str


def _century(yy: int, today: date) -> int:
    # Nobody registers for work before about age 10, so a recent two-digit year is the 1900s.
    return 2000 if 2000 + yy <= today.year - 10 else 1900


def parse_nik(nik: str, today: date | None = None) -> NikFacts:
    """Check the NIK's structure and return the regency, birth date and gender it encodes."""
    today = today or date.today()
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        raise NikError("NIK must be exactly 16 digits.")
    if nik[:2] not in PROVINCE_CODES:
        raise NikError(f"NIK starts with {nik[:2]}, which is not an Indonesian province code.")
    if nik[2:4] == "00" or nik[4:6] == "00":
        raise NikError("NIK digits 3-6 must name a regency and a district (not 00).")
    if nik[12:] == "0000":
        raise NikError("NIK serial number (digits 13-16) cannot be 0000.")
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = "F" if day > 40 else "M"
    try:
        born = date(_century(yy, today) + yy, month, day - 40 if day > 40 else day)
    except ValueError:
        raise NikError("NIK digits 7-12 do not encode a real birth date (DDMMYY, day + 40 for women).") from None
    return NikFacts(regency_code=nik[:4], birth_date=born, gender=gender)


def mask_nik(nik: str) -> str:
    """What non-staff see: regency and serial only."""
    return nik[:4] + "*" * 8 + nik[12:]


def lookup_hash(nik: str) -> str:
    """The keyed hash a NIK is found and kept unique by (the NIK itself is stored only encrypted)."""
    return keys.keyed_hash("nik", nik.strip())


def nik_columns(nik: str) -> dict:
    """The stored columns for a NIK: {"nik_ciphertext", "nik_hash"}, for inserts that bypass the model."""
    return {"nik_ciphertext": keys.encrypt(nik.strip()), "nik_hash": lookup_hash(nik)}
