"""The staff pages for the office's files: upload, progress, every refused row in Indonesian,
templates and list downloads."""
import io
import re
import time

from tests.api.test_imports import SEEKER_HEADER, seeker_rows, xlsx
from tests.factories import create_company, create_seeker


def _follow(web, response, done=("selesai", "gagal")):
    """The job page the upload redirected to, once the import has ended."""
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    path = response.headers["Location"]
    for _ in range(200):
        page = web.get(path)
        text = page.get_data(as_text=True)
        if any(f"<strong>{word}</strong>" in text for word in done):
            assert 'http-equiv="refresh"' not in text
            return text
        assert 'http-equiv="refresh"' in text  # still running: the page reloads itself
        time.sleep(0.05)
    raise AssertionError(text)


def _upload(web, kind, content, name, **fields):
    return web.post(f"/staf/impor/{kind}", {"file": (io.BytesIO(content), name), **fields})


def test_staff_load_seekers_from_a_sheet_and_see_what_was_stored(staff_web):
    page = staff_web.get("/staf/impor").get_data(as_text=True)
    assert "Impor dan ekspor data" in page and "/staf/impor/templat/seekers.xlsx" in page
    text = _follow(staff_web, _upload(staff_web, "seekers", xlsx([SEEKER_HEADER + ["Agama"],
                                                                  *[r + ["-"] for r in seeker_rows(4)]]), "p.xlsx"))
    assert "Selesai: 4 data baru disimpan, 0 sudah ada" in text and "Kolom yang tidak dibaca: Agama" in text
    again = _follow(staff_web, _upload(staff_web, "seekers", xlsx([SEEKER_HEADER, *seeker_rows(4)]), "p.xlsx"))
    assert "0 data baru disimpan, 4 sudah ada dan tidak diubah" in again
    assert "p.xlsx" in staff_web.get("/staf/impor").get_data(as_text=True)


def test_every_bad_row_is_named_in_indonesian_and_nothing_is_stored(staff_web, app):
    rows = seeker_rows(5)
    rows[1][1] = "3.21605E+15"
    rows[3][3] = "X"
    text = _follow(staff_web, _upload(staff_web, "seekers", xlsx([SEEKER_HEADER, *rows]), "p.xlsx"))
    assert "<strong>gagal</strong>" in text and "Tidak ada yang disimpan." in text and "2 baris ditolak" in text
    cells = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", text)
    assert [(n, c) for n, c, _ in cells] == [("3", "NIK"), ("5", "Jenis Kelamin")]
    assert "Excel mengubah NIK ini menjadi angka (3.21605E+15)" in cells[0][2]
    assert "Tulis L (laki-laki) atau P (perempuan)." == cells[1][2]
    assert "Pencaker 1" not in staff_web.get("/staf/pencaker").get_data(as_text=True)


def test_a_file_level_problem_and_a_missing_file_are_said_in_indonesian(staff_web):
    text = _follow(staff_web, _upload(staff_web, "companies", b"Kota;Agama\nx;y\n", "p.csv"))
    assert "Baris 1 harus berisi judul kolom" in text
    missing = staff_web.post("/staf/impor/companies", {})
    assert missing.status_code == 422 and "Pilih berkas CSV atau XLSX." in missing.get_data(as_text=True)
    wrong = _upload(staff_web, "vacancies", b"x", "laporan.pdf")
    assert wrong.status_code == 422 and "Kirim berkas .csv atau .xlsx." in wrong.get_data(as_text=True)


def test_a_placement_report_with_one_bad_row_names_it(staff_web, client, staff):
    company = create_company(client, staff, name="PT Lapor Bulanan")
    seeker = create_seeker(client, staff)
    content = xlsx([["NIK", "Jabatan", "Tanggal Mulai Kerja"], [seeker["nik"], "Operator", "01/03/2023"],
                    ["3216011506959998", "Operator", "02/03/2023"]])
    assert _upload(staff_web, "placements", content, "lapor.xlsx").status_code == 422  # no company chosen
    text = _follow(staff_web, _upload(staff_web, "placements", content, "lapor.xlsx", company_id=str(company["id"])))
    assert "Tidak ada pencari kerja terdaftar dengan NIK ini." in text and '<td class="num">3</td>' in text
    fixed = xlsx([["NIK", "Jabatan", "Tanggal Mulai Kerja"], [seeker["nik"], "Operator", "01/03/2023"]])
    done = _follow(staff_web, _upload(staff_web, "placements", fixed, "lapor.xlsx", company_id=str(company["id"])))
    assert "Selesai: 1 data baru disimpan" in done


def test_templates_and_lists_download(staff_web):
    for path in ("/staf/impor/templat/vacancies.xlsx", "/staf/impor/templat/seekers.csv",
                 "/staf/impor/unduh/seekers.xlsx", "/staf/impor/unduh/companies.csv"):
        with staff_web.get(path) as response:
            assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"], path


def test_only_staff_come_in(tkp3d_web):
    assert tkp3d_web.get("/staf/impor").status_code == 403
