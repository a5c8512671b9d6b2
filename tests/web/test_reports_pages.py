"""The TKP3D reports on pages (needs versus supply, training outcomes, the yearly target) and the
downloads that open right in Excel set to Indonesian (XLSX percentages, CSV with ';' and ',')."""
from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from tests.factories import create_company, create_seeker, nik
from tests.web.conftest import WebClient

YEAR = date.today().year


def _text(response) -> str:
    return response.get_data(as_text=True)


def _need(client, staff, company_id, competency, headcount):
    response = client.post("/api/v1/competency-needs", headers=staff, json={
        "company_id": company_id, "competency": competency, "headcount": headcount,
        "period_start": f"{YEAR}-01-01", "period_end": f"{YEAR}-12-31"})
    assert response.status_code == 201, response.json


def test_needs_versus_supply_is_a_page_with_indonesian_labels_and_filters(tkp3d_web, client, staff):
    works = create_company(client, staff, name="PT Bubut Jaya", district="Cikarang Utara")
    setu = create_company(client, staff, name="PT Setu", district="Setu")
    _need(client, staff, works["id"], "operator mesin bubut", 10)
    _need(client, staff, setu["id"], "injeksi plastik", 5)
    create_seeker(client, staff, skills=["tkg bubut 3 thn"])
    page = _text(tkp3d_web.get(f"/tkp3d/kebutuhan?tahun={YEAR}"))
    table = page[page.index('id="needs-table"'):]
    assert "lathe" not in table and "injection_moulding" not in table  # internal ids never shown
    assert "Bubut" in table or "bubut" in table
    only_setu = _text(tkp3d_web.get(f"/tkp3d/kebutuhan?tahun={YEAR}&kecamatan=32.16.18"))
    rows = only_setu[only_setu.index('id="needs-table"'):only_setu.index("</table>", only_setu.index('id="needs-table"'))]
    assert rows.count("<tr>") == 2  # the header and the one plastic need
    download = tkp3d_web.get(f"/tkp3d/kebutuhan/unduh.csv?tahun={YEAR}")
    lines = list(csv.reader(io.StringIO(download.get_data().decode("utf-8-sig")), delimiter=";"))
    assert lines[0][0] == "Kompetensi" and len(lines) == 3


def test_the_yearly_target_is_read_by_tkp3d_and_set_by_staff_with_bad_input_refused(app, tkp3d_web, accounts):
    staff_web = WebClient(app.test_client())
    staff_web.sign_in(accounts["staff"])
    assert "Simpan target" not in _text(tkp3d_web.get(f"/tkp3d/target?tahun={YEAR}"))
    assert tkp3d_web.post(f"/tkp3d/target?tahun={YEAR}", {"local_hires_target": "10"}).status_code == 403
    for bad, words in (("-5", "Harus antara 0 dan"), ("banyak", "bilangan bulat"), ("9" * 30, "Harus antara 0 dan")):
        refused = staff_web.post(f"/tkp3d/target?tahun={YEAR}", {"local_hires_target": bad})
        assert refused.status_code == 422 and words in _text(refused), bad
    saved = staff_web.post(f"/tkp3d/target?tahun={YEAR}", {"local_hires_target": "12.000"})
    assert saved.status_code == 302
    assert 'id="target">12.000<' in _text(tkp3d_web.get(f"/tkp3d/target?tahun={YEAR}"))


def test_training_outcomes_are_a_page(tkp3d_web, client, staff):
    made = client.post("/api/v1/trainings", headers=staff, json={
        "name": "Kejuruan Las", "provider": "BLK Kabupaten Bekasi", "provider_type": "blk_kabupaten",
        "competencies": ["las listrik"], "seats": 10, "starts_on": f"{YEAR}-01-05", "ends_on": f"{YEAR}-12-20"})
    assert made.status_code == 201
    page = _text(tkp3d_web.get(f"/tkp3d/pelatihan?tahun={YEAR}"))
    assert "Kejuruan Las" in page and "BLK Kabupaten" in page


def test_dashboard_downloads_open_as_columns_and_percentages_in_indonesian_excel(tkp3d_web, client, staff):
    company = create_company(client, staff, name="PT Enam", district="Cibitung")
    for i, regency in enumerate(("3216", "3216", "3275")):
        seeker = create_seeker(client, staff, nik=nik(regency=regency, serial=8800 + i))
        placed = client.post("/api/v1/placements", headers=staff, json={
            "company_id": company["id"], "job_title": "Operator", "seeker_id": seeker["id"],
            "placed_on": "2023-03-01"}).json
        client.post(f"/api/v1/placements/{placed['id']}/verify", headers=staff)
    rows = list(csv.reader(io.StringIO(tkp3d_web.get("/tkp3d/unduh/summary.csv?tahun=2023").get_data()
                                       .decode("utf-8-sig")), delimiter=";"))
    share = dict((r[0], r[1]) for r in rows[1:])["Porsi lokal"]
    assert share == "66,7%"
    book = load_workbook(io.BytesIO(tkp3d_web.get("/tkp3d/unduh/laporan.xlsx?tahun=2023").get_data()))
    cell = next(row[1] for row in book["Ringkasan"].iter_rows(min_row=2) if row[0].value == "Porsi lokal")
    assert abs(cell.value - 2 / 3) < 1e-3 and cell.number_format == "0.0%"
    api = client.get("/api/v1/reports/local-hiring.csv?year=2023&table=summary", headers=staff)
    assert "0.6667" in api.get_data(as_text=True)  # the API's CSV keeps the plain number integrations parse
