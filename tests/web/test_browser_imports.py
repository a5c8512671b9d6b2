"""In a real browser: a company's placement report with one bad row is refused, the row named."""
import pytest

from tests.api.test_imports import xlsx
from tests.factories import create_company, create_seeker
from tests.web.browser import PHONE, shot, sign_in  # the browser and open_page fixtures are in conftest.py

pytestmark = pytest.mark.browser


def test_import_a_report_with_one_bad_row_and_see_it_named(open_page, accounts, client, staff):
    create_company(client, staff, name="PT Laporan Berkala")
    seeker = create_seeker(client, staff, full_name="Rina Operator")
    report = xlsx([["NIK", "Jabatan", "Tanggal Mulai Kerja"], [seeker["nik"], "Operator Produksi", "01/03/2023"],
                   ["3216011506959997", "Operator Produksi", "03/03/2023"],
                   [seeker["nik"], "Operator Produksi", "99/03/2023"]])
    page = open_page()
    sign_in(page, accounts["staff"])
    page.click("nav >> text=Impor/Ekspor")
    page.select_option("#company_id", label="PT Laporan Berkala")
    page.set_input_files("#placements-file", files=[{"name": "laporan-maret.xlsx", "buffer": report,
                                                     "mimeType": "application/octet-stream"}])
    page.click("text=Impor laporan")
    page.wait_for_selector("table.import-errors")
    assert "gagal" in page.inner_text(".status-line")
    rows = [[cell.strip() for cell in row.split("\t")] for row in page.inner_text("table.import-errors tbody").splitlines()]
    assert rows[0][:2] == ["4", "Tanggal Mulai Kerja"] and "tanggal" in rows[0][2].lower()
    shot(page, "staff-import-refused-desktop")
    page.set_viewport_size(PHONE)
    shot(page, "staff-import-refused-phone")
    assert client.get("/api/v1/placements", headers=staff).json["total"] == 0
    # The sheet's rows are read first; once they all read, the ledger names the unknown NIK.
    fixed = xlsx([["NIK", "Jabatan", "Tanggal Mulai Kerja"], [seeker["nik"], "Operator Produksi", "01/03/2023"],
                  ["3216011506959997", "Operator Produksi", "03/03/2023"]])
    page.click("text=Kembali ke impor dan ekspor")
    page.select_option("#company_id", label="PT Laporan Berkala")
    page.set_input_files("#placements-file", files=[{"name": "laporan-maret.xlsx", "buffer": fixed,
                                                     "mimeType": "application/octet-stream"}])
    page.click("text=Impor laporan")
    page.wait_for_selector("table.import-errors")
    assert "Tidak ada pencari kerja terdaftar dengan NIK ini." in page.inner_text("table.import-errors")
    assert page.inner_text("table.import-errors tbody td.num") == "3"
