"""Spreadsheet cells as the API's schemas expect them: what offices write (L/P, 15/06/1995,
SLTA, a skill a line) becomes what the API speaks (M/F, 1995-06-15, SMA, a list). Each function
returns the value for the schema or raises CellError with the reason; the schemas decide the rest."""
from __future__ import annotations

import re
from datetime import date, datetime

from schemas.common import EDUCATION_LEVELS


class CellError(ValueError):
    """This cell cannot be read; the message says why, in the API's English."""


_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
GENDERS = {"l": "M", "laki laki": "M", "lakilaki": "M", "pria": "M", "m": "M", "male": "M",
           "p": "F", "perempuan": "F", "wanita": "F", "f": "F", "female": "F", "w": "F"}
# Older names of school levels still printed on AK/1 cards and in office sheets.
EDUCATION = {"SLTP": "SMP", "MTS": "SMP", "SLTA": "SMA", "MA": "SMA", "SMU": "SMA", "STM": "SMK", "SMEA": "SMK",
             "DI": "D1", "DII": "D2", "DIII": "D3", "DIV": "D4", "SARJANA": "S1", "MAGISTER": "S2", "DOKTOR": "S3"}


def text(value) -> str:
    """Any cell as the text a person sees, without a spreadsheet's leading text marker (')."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip().removeprefix("'").strip()


def nik(value) -> str:
    """A NIK kept as text. Excel turns a 16-digit number into 3.21605E+15 and keeps only 15
    digits, so a NIK that went through a number is refused with how to fix the sheet."""
    if isinstance(value, bool):
        raise CellError("NIK must be exactly 16 digits.")
    if isinstance(value, (int, float)):
        digits = f"{value:.0f}" if isinstance(value, float) else str(value)
        if isinstance(value, float) and not value.is_integer() or len(digits) != 16 or digits.endswith("0"):
            raise CellError(f"Excel stored this NIK as a number ({digits}) and may have rounded its last digit; "
                            "format the NIK column as Text, type the NIK again and save.")
        return digits
    written = "".join(text(value).split())
    if _SCIENTIFIC.fullmatch(written):
        raise CellError(f"Excel turned this NIK into a number ({written}) and lost its last digits; "
                        "format the NIK column as Text, type the NIKs again and save.")
    return written


def gender(value) -> str:
    written = text(value)
    found = GENDERS.get(" ".join(re.sub(r"[^a-z]+", " ", written.lower()).split()))
    if found is None:
        raise CellError("Write L or P (or M or F).")
    return found


def day(value) -> str:
    """A date cell, or text written DD/MM/YYYY (Indonesian sheets write the day first) or YYYY-MM-DD."""
    if isinstance(value, (datetime, date)):
        return text(value)
    written = text(value)
    match = _DAY_FIRST.fullmatch(written)
    if match:
        d, m, y = match.groups()
        return f"{y}-{int(m):02d}-{int(d):02d}"
    return written


def education(value) -> str:
    written = re.sub(r"[\s.\-/]+", "", text(value).upper())
    return EDUCATION.get(written, written) if written not in EDUCATION_LEVELS else written


def items(value) -> list[str]:
    """Several entries in one cell, separated by ';' or a line break."""
    return [part.strip() for part in re.split(r"[;\n\r]+", text(value)) if part.strip()]


def phone(value) -> str:
    """A phone number; a number cell has lost the leading 0 of 08xx, which is put back."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        written = text(value)
        return "0" + written if written.startswith("8") else written
    return text(value)


def whole_number(value):
    """A count: 5, '5', '5.000' (Indonesian thousands) are numbers; anything else goes to the schema as is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    written = text(value).replace(".", "").replace(" ", "")
    return int(written) if written.isdigit() else text(value)
