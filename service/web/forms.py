"""HTML forms validated by the API's own marshmallow schemas, with the errors said in Indonesian.

A form posts strings; `load_form` turns them into what the schema expects (numbers, lists, None
for a cleared optional field) and lets the schema decide, so the rules live in one place
(schemas/ and the use cases). The page layer only translates the messages.
"""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields

from service import districts
from service.errors import DomainError


class FormInvalid(Exception):
    """The form cannot be saved: `errors` maps a field name (or "_form") to Indonesian messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def lines(text: str | None) -> list[str]:
    """One entry a line (a textarea of skills, competencies ...), blanks dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def form_data(schema: Schema, form, *, keep_empty_lists: bool = False, checkboxes: tuple = ()) -> dict:
    """The posted fields this schema knows, as the schema expects them; blanks left out or None.

    A checkbox is absent from the post when unticked, so those named in `checkboxes` are False then.
    """
    data = {name: name in form for name in checkboxes if name in schema.load_fields}
    for name, field in schema.load_fields.items():
        if name not in form or name in checkboxes:
            continue
        if isinstance(field, fields.List):
            items = lines(form.get(name))
            if items or keep_empty_lists:
                data[name] = items
            continue
        raw = form.get(name, "").strip()
        if not raw:
            if field.allow_none:
                data[name] = None
            continue
        data[name] = _number(raw) if isinstance(field, fields.Integer) else raw
    return data


def _number(raw: str):
    """'5.200.000' and '5200000' are both a number to a person; anything else goes to the schema as is."""
    digits = raw.replace(".", "").replace(" ", "")
    unsigned = digits[1:] if digits[:1] in "-\u2212" and len(digits) > 1 else digits
    if not unsigned.isdigit():
        return raw
    # A minus sign is read, so "-5" is told what the lowest allowed number is, not that it is no number.
    return -int(unsigned) if unsigned != digits else int(digits)


def load_form(schema: Schema, data: dict, errors: dict | None = None) -> dict:
    """Validate with the schema; on failure (or `errors` the page found) raise FormInvalid in Indonesian."""
    try:
        loaded = schema.load(data)
    except ValidationError as err:
        raise FormInvalid({**(errors or {}), **translate_errors(err.messages)}) from None
    if errors:
        raise FormInvalid(errors)
    return loaded


def submit(render, action):
    """Run a form's action; on bad input show the form again with the errors and what was typed."""
    try:
        return action()
    except FormInvalid as err:
        return render(err.errors), 422
    except DomainError as err:
        return render(domain_errors(err)), 409 if err.code == 409 else 422


def domain_errors(err: DomainError) -> dict[str, list[str]]:
    """A use case's refusal, placed at the field it names (or at the top of the form)."""
    return {err.field or "_form": [indonesian(err.message)]}


def translate_errors(messages) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not isinstance(messages, dict):
        return {"_form": [indonesian(str(m)) for m in _flat(messages)]}
    for name, value in messages.items():
        key = "_form" if name == "_schema" else name
        if isinstance(value, dict):  # errors of a list's entries, by position
            out.setdefault(key, []).extend(f"Baris {int(i) + 1}: {indonesian(m)}" if str(i).isdigit()
                                           else indonesian(m)
                                           for i, msgs in value.items() for m in _flat(msgs))
        else:
            out.setdefault(key, []).extend(indonesian(m) for m in _flat(value))
    return out


def _flat(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [m for item in value for m in _flat(item)]
    if isinstance(value, dict):
        return [m for item in value.values() for m in _flat(item)]
    return [str(value)]


LABELS = {
    "nik": "NIK", "full_name": "nama lengkap", "birth_date": "tanggal lahir", "gender": "jenis kelamin",
    "min_age": "usia minimum", "max_age": "usia maksimum", "wage_min": "upah minimum", "wage_max": "upah maksimum",
    "starts_on": "tanggal mulai", "ends_on": "tanggal selesai", "period_start": "awal periode",
    "period_end": "akhir periode", "openings": "jumlah formasi", "seats": "jumlah kursi",
}

# (pattern, Indonesian) for every message the schemas and use cases give; first match wins.
_MESSAGES = [
    (r"Missing data for required field\.|Field may not be null\.", "Wajib diisi."),
    (r"Must not be blank\.", "Tidak boleh kosong."),
    (r"Not a valid integer\.", "Harus berupa bilangan bulat."),
    (r"Not a valid date\.", "Bukan tanggal yang sah (tulis TTTT-BB-HH)."),
    (r"Not a valid email address\.", "Bukan alamat email yang sah."),
    (r"Not a valid boolean\.", "Harus ya atau tidak."),
    (r"Unknown field\.", "Isian ini tidak dikenal."),
    (r"Must be one of: pemasaran, .*", "Pilih kendala dari daftar."),
    (r"Must be one of: (.*)\.", r"Harus salah satu dari: \1."),
    (r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\.", r"Harus antara \1 dan \2."),
    (r"Must be greater than or equal to (\S+)\.", r"Paling kecil \1."),
    (r"Must be less than or equal to (\S+)\.", r"Paling besar \1."),
    (r"Longer than maximum length (\d+)\.", r"Terlalu panjang: paling banyak \1 (karakter atau baris)."),
    (r"Length must be between (\d+) and (\d+)\.", r"Panjangnya harus \1 sampai \2 (karakter atau baris)."),
    (r"Not a valid (string|list|mapping|number|datetime|time)\.|Invalid (input type|value)\.", "Isian ini tidak dapat dibaca."),
    (r"Each skill is a string .*|(essential|core) must be true or false\.", "Setiap keterampilan 1-300 karakter."),
    (r"A KBJI 2014 code has 4 or 6 digits\.", "Kode jabatan KBJI 2014 terdiri dari 4 atau 6 angka."),
    (r"(\d+) is not a KBJI 2014 occupation or unit group\.", r"Kode \1 tidak ada dalam daftar jabatan KBJI 2014."),
    (r"closes_on must not be in the past\.", "Batas lamaran tidak boleh sudah lewat."),
    (r"placed_on must not be in the future\.", "Tanggal mulai kerja tidak boleh di masa depan."),
    (r"placed_on must not be before the company was recorded\.",
     "Tanggal mulai kerja tidak boleh sebelum perusahaan ini tercatat di Padan Kerja."),
    (r"Training \d+ starts on .*", "Pelatihan ini belum dimulai, jadi belum dapat dinyatakan selesai."),
    (r"A reason is required .*", "Tuliskan alasannya; perusahaan dan pencari kerja perlu tahu."),
    (r"A company with a similar name is already registered: (.*)\.",
     r"Sudah ada perusahaan dengan nama mirip: \1. Centang konfirmasi di bawah jika ini perusahaan lain."),
    (r"(\d+) placements (match now|could be verified), not (\d+).*",
     r"Jumlah penempatan berubah (sekarang \1, bukan \3). Periksa daftarnya lagi, lalu konfirmasi ulang."),
    (r"The company has (\w[\w ]*) on record; it cannot be deleted\.", "Perusahaan ini sudah punya data tercatat."),
    (r"Shorter than minimum length (\d+)\.", r"Isi paling sedikit \1 baris."),
    (r"Must not contain control characters .*", "Tidak boleh berisi karakter kendali (tak terlihat)."),
    (r"Must not contain lone surrogate characters\.", "Tidak boleh berisi karakter yang rusak."),
    (r"Must not contain the noncharacter .*", "Tidak boleh berisi karakter yang bukan huruf."),
    (r"Must be a four-digit regency code.*", "Harus kode kabupaten/kota empat angka, misalnya 3216 atau 32.16."),
    (r"Must be a phone number.*", "Harus nomor telepon: angka, spasi, tanda '-' dan '+' di depan."),
    (r"Skill text must be 1-300 characters\.", "Setiap keterampilan 1-300 karakter."),
    (r"(\w+) must not be below (\w+)\.", lambda m: f"Tidak boleh lebih kecil dari {LABELS.get(m[2], m[2])}."),
    (r"(\w+) must not be before (\w+)\.", lambda m: f"Tidak boleh sebelum {LABELS.get(m[2], m[2])}."),
    (r"NIK must be exactly 16 digits\.", "NIK harus tepat 16 angka."),
    (r"NIK starts with (\d+), which is not an Indonesian province code\.",
     r"NIK diawali \1, yang bukan kode provinsi di Indonesia."),
    (r"NIK digits 3-6 must name .*", "Angka ke-3 sampai ke-6 NIK harus kode kabupaten dan kecamatan (bukan 00)."),
    (r"NIK serial number .* cannot be 0000\.", "Nomor urut NIK (angka ke-13 sampai ke-16) tidak boleh 0000."),
    (r"NIK digits 7-12 do not encode a real birth date.*",
     "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang sah (HHBBTT, hari ditambah 40 untuk perempuan)."),
    (r"birth_date does not agree .*", "Tanggal lahir tidak sesuai dengan yang tertulis di NIK."),
    (r"gender does not agree .*", "Jenis kelamin tidak sesuai dengan NIK (perempuan: tanggal di NIK 41-71)."),
    (r"A seeker with this NIK is already registered\.", "NIK ini sudah terdaftar."),
    (r"No company with id \d+\.", "Perusahaan tidak ditemukan."),
    (r"No seeker with id \d+\.", "Pencari kerja tidak ditemukan."),
    (r"No vacancy with id \d+\.", "Lowongan tidak ditemukan."),
    (r"No training with id \d+\.", "Pelatihan tidak ditemukan."),
    (r"No TKM group with id \d+\.", "Kelompok TKM tidak ditemukan."),
    (r"No mentor with id \d+\.", "Pendamping tidak ditemukan."),
    (r"No incubator with id \d+\.", "Inkubator tidak ditemukan."),
    (r"No member \d+ in TKM group \d+\.", "Orang ini bukan anggota kelompok."),
    (r"No (\w[\w ]*) with id \d+\.", "Data yang dicari tidak ditemukan."),
    (r"Vacancy \d+ has no openings left.*", "Lowongan ini sudah tidak punya formasi tersisa."),
    (r"A (\w+) placement cannot become (\w+)\.", "Penempatan ini sudah diputuskan dan tidak dapat diubah lagi."),
    (r"(\d+) placements already hold seats.*", r"Sudah ada \1 penempatan; jumlah formasi tidak boleh kurang."),
    (r"(\d+) seekers are enrolled.*", r"Sudah ada \1 peserta; jumlah kursi tidak boleh kurang."),
    (r"No competency with id .*", "Kompetensi tidak dikenal."),
    (r"This seeker already has an open referral to this training\.",
     "Pencari kerja ini sudah punya rujukan yang berjalan ke pelatihan ini."),
    (r"Training \d+ ended on .*", "Pelatihan ini sudah berakhir."),
    (r"Training \d+ has no seats left\.", "Kursi pelatihan ini sudah penuh."),
    (r"Training \d+ does not teach .*", "Pelatihan ini tidak mengajarkan kompetensi itu."),
    (r"A (\w+) referral cannot become (\w+)\.", "Rujukan ini sudah berpindah status; muat ulang halaman."),
    (r"The alias .* is already defined\.", "Frasa ini sudah menjadi alias."),
    (r"Give vacancy_id, or company_id and job_title\.", "Pilih lowongan, atau perusahaan dan jabatan."),
    (r"This record conflicts with one already stored\.", "Data ini bertabrakan dengan data yang sudah tersimpan."),
    (r"username must be .*", "Nama pengguna 3-80 huruf, angka, '.', '_' atau '-'."),
    (r"login must be .*", "Nama pengguna 3-80 huruf, angka, '.', '_' atau '-'."),
    (r"The login .* is taken\.", "Nama pengguna ini sudah dipakai pendamping lain."),
    (r"Must be a month written YYYY-MM\.", "Pilih bulan laporan."),
    (r"month must not be in the future\.", "Bulan laporan tidak boleh bulan yang akan datang."),
    (r"visited_on must not be in the future\.", "Tanggal kunjungan tidak boleh di masa depan."),
    (r"A report for .* is already filed for this group\.", "Laporan bulan ini sudah dikirim untuk kelompok ini."),
    (r"Each obstacle may be named only once\.", "Setiap kendala cukup dipilih sekali."),
    (r"Say what the other obstacle is .*", "Tuliskan kendala lainnya."),
    (r"This seeker is already a member of this group\.", "Pencari kerja ini sudah menjadi anggota kelompok ini."),
    (r"This seeker is already a member of another running group\.",
     "Pencari kerja ini sudah menjadi anggota kelompok TKM lain yang masih berjalan."),
    (r"This group already has a ketua\.", "Kelompok ini sudah punya ketua."),
    (r"The username .* is taken\.", "Nama pengguna ini sudah dipakai."),
]
_COMPILED = [(re.compile(pattern), repl) for pattern, repl in _MESSAGES]


# A message we have no words for yet is never shown in English: people read this instead.
UNTRANSLATED = "Isian ini tidak dapat diterima. Periksa kembali, atau tanyakan kepada petugas."


def indonesian(message: str) -> str:
    """The Indonesian for a validation or use-case message (marshmallow's and the use cases')."""
    for pattern, repl in _COMPILED:
        match = pattern.fullmatch(message)
        if match:
            return repl(match) if callable(repl) else match.expand(repl)
    return UNTRANSLATED


def district_from_form(raw: str | None, errors: dict, current: str | None = None) -> str | None:
    """A kecamatan chosen from the list (its code), or the record's older free text kept as it was;
    anything else is noted in `errors` (for load_form to report with the schema's findings)."""
    raw = (raw or "").strip()
    district = districts.find(raw) if raw else None
    if not raw or district:
        return district and district.name
    if current is not None and raw == current:
        return current
    errors["district"] = ["Pilih kecamatan dari daftar."]
    return None
