"""How dates, money and codes read on a page in Indonesian."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from service import districts
from service.models import aware

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
WORDS = {
    "open": "Dibuka", "filled": "Terpenuhi", "closed": "Ditutup",
    "claimed": "Menunggu verifikasi", "verified": "Terverifikasi", "rejected": "Ditolak", "cancelled": "Dibatalkan",
    "active": "Aktif", "placed": "Sudah bekerja", "inactive": "Tidak aktif", "self_employed": "Wirausaha (TKM)",
    "pemula": "TKM Pemula", "lanjutan": "TKM Lanjutan", "ketua": "Ketua", "anggota": "Anggota",
    "suggested": "Disarankan", "referred": "Dirujuk", "enrolled": "Sedang mengikuti", "completed": "Selesai",
    "dropped": "Berhenti",
    "M": "Laki-laki", "F": "Perempuan",
    "blk_kabupaten": "BLK Kabupaten", "blk_komunitas": "BLK Komunitas", "uptp": "UPTP", "pemagangan": "Pemagangan",
    "lpk": "LPK", "other": "Lainnya",
    # audit trail actions
    "read": "Dibaca", "list": "Tampil di daftar", "match-list": "Tampil sebagai kandidat lowongan",
    "export": "Diunduh (ekspor data)", "create": "Didaftarkan", "update": "Diubah", "access-code": "Kode akses baru",
    "erase": "Dihapus", "staff": "Petugas", "seeker": "Pencari kerja", "tkp3d": "TKP3D", "system": "Sistem",
    "mentor": "Pendamping TKM",
}
WIB = timezone(timedelta(hours=7))


def tanggal(day: date | None) -> str:
    """15 Juni 2023."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "—"


def waktu(moment: datetime) -> str:
    """15 Juni 2023 14.05 WIB (stored in UTC)."""
    local = aware(moment).astimezone(WIB)
    return f"{tanggal(local.date())} {local:%H.%M} WIB"


def bulan(day: date) -> str:
    """Juni 2023."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def bulan_kode(text: str) -> str:
    """'2024-03' -> Maret 2024."""
    year, month = text.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def rupiah(amount: int | None) -> str:
    """Rp5.200.000."""
    return f"Rp{amount:,}".replace(",", ".") if amount is not None else "—"


def number(value: int | float | None) -> str:
    """12.000 (Indonesian thousands separator)."""
    if not isinstance(value, (int, float)):  # None, or a column a folded row does not have
        return "—"
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else f"{value:,.1f}".replace(",", "#") \
        .replace(".", ",").replace("#", ".")


def word(code: str | None) -> str:
    """A stored code (status, gender, provider type) in words."""
    return WORDS.get(code, code or "—")


def options(codes) -> list[tuple[str, str]]:
    """(code, words) pairs for a <select>."""
    return [(code, word(code)) for code in codes]


def choices(rows, value: str, text: str) -> list[tuple[str, str]]:
    """(id, name) pairs of records for a <select>."""
    get = lambda row, key: row[key] if isinstance(row, dict) else getattr(row, key)  # noqa: E731
    return [(str(get(row, value)), get(row, text)) for row in rows]


def district_code(text: str | None) -> str:
    """What a kecamatan <select> holds for a stored kecamatan: its code, or older free text as typed."""
    found = districts.find(text)
    return found.code if found else (text or "")


def district_options(current: str | None = None) -> list[tuple[str, str]]:
    """The 23 kecamatan as (code, 'Name (code)'), and a record's older free text as its own choice."""
    rows = [(d.code, d.label) for d in districts.DISTRICTS]
    if current and not districts.find(current):
        rows.append((current, f"{current} (isian lama)"))
    return rows


def share(value: float | None) -> str:
    """0.3325 -> 33,3%."""
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def competency(competency_id: str | None) -> str:
    """A competency by its Indonesian label, never its internal id ('measuring_tools' -> 'Alat ukur')."""
    from service.matches import current_taxonomy  # the taxonomy with the aliases staff added
    found = current_taxonomy().get(competency_id) if competency_id else None
    return found.label_id if found else "—"


def nilai(value) -> str:
    """Any stored value readable in Indonesian: dates, yes/no, codes in words, competency ids by label."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, list):
        return ", ".join(nilai(item) for item in value) or "—"
    text = str(value)
    if text in WORDS:
        return WORDS[text]
    if "_" in text and text.replace("_", "").isalpha():
        label = competency(text)
        return label if label != "—" else text.replace("_", " ")
    return text


def register(app) -> None:
    for fn in (tanggal, waktu, bulan, bulan_kode, rupiah, number, word, options, choices, district_code, share, competency, nilai):
        app.add_template_filter(fn)
    app.add_template_filter(districts.label, "district")
    app.jinja_env.globals["district_options"] = district_options
