"""CSV and XLSX exports of the local-hiring report: Indonesian headers, the same figures as the JSON."""
import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import create_company, create_seeker, nik

BASE = "/api/v1/reports/local-hiring"


@pytest.fixture
def hires(client, staff):
    """Six verified hires at one company in March 2023 (four local), one at a company with a formula name."""
    big = create_company(client, staff, name="PT Enam Orang", sector="C 2592", district="Cibitung")
    odd = create_company(client, staff, name='=HYPERLINK("http://x","klik")', sector="G 4711")
    people = [(big, "3216")] * 4 + [(big, "3275")] * 2 + [(odd, "3216")]
    for i, (company, regency) in enumerate(people):
        seeker = create_seeker(client, staff, nik=nik(regency=regency), district="Cibitung")
        placed = client.post("/api/v1/placements", headers=staff, json={
            "company_id": company["id"], "job_title": "Operator", "seeker_id": seeker["id"],
            "placed_on": f"2023-03-{i + 1:02d}"}).json
        assert client.post(f"/api/v1/placements/{placed['id']}/verify", headers=staff).status_code == 200
    client.put("/api/v1/targets/2023", headers=staff, json={"local_hires_target": 50})


def _csv(response):
    assert response.status_code == 200, response.data[:300]
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8" and response.data.startswith(b"\xef\xbb\xbf")
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_csv_of_the_periods_carries_indonesian_headers_and_the_json_figures(client, staff, hires):
    rows = _csv(client.get(f"{BASE}.csv?year=2023&period=quarter", headers=staff))
    assert rows[0][:5] == ["Periode", "Mulai", "Sampai", "Penempatan lokal (terverifikasi)",
                           "Total penempatan (terverifikasi)"]
    assert rows[1][:5] == ["2023-Q1", "2023-01-01", "2023-03-31", "5", "7"]
    assert rows[1][rows[0].index("Capaian target kumulatif (%)")] == "10.0"
    assert len(rows) == 5


def test_csv_of_a_breakdown_keeps_a_formula_looking_name_as_text(client, staff, hires):
    rows = _csv(client.get(f"{BASE}.csv?year=2023&table=company", headers=staff))
    assert rows[0][0] == "Perusahaan" and "Sudah melapor" in rows[0]
    assert [r[:3] for r in rows[1:]] == [["PT Enam Orang", "4", "6"], ["'=HYPERLINK(\"http://x\",\"klik\")", "1", "1"]]
    assert rows[1][rows[0].index("Sudah melapor")] == "Ya"


def test_xlsx_reads_back_with_one_sheet_per_table(client, staff, hires):
    response = client.get(f"{BASE}.xlsx?start=2023-01-01&end=2023-06-30&period=month", headers=staff)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Ringkasan", "Per periode", "Perusahaan", "Sektor", "Kecamatan", "Pendidikan",
                                   "Jenis kelamin"]
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert (summary["Target"], summary["Penempatan lokal (terverifikasi)"], summary["Total penempatan (terverifikasi)"],
            summary["Capaian target (%)"]) == (50, 5, 7, 10.0)
    periods = list(workbook["Per periode"].iter_rows(values_only=True))
    assert periods[0][0] == "Periode" and [p[0] for p in periods[1:]] == [f"2023-{m:02d}" for m in range(1, 7)]
    assert periods[3][3:5] == (5, 7)
    companies = list(workbook["Perusahaan"].iter_rows(values_only=True))
    assert companies[2][0] == "'=HYPERLINK(\"http://x\",\"klik\")"
    assert workbook["Perusahaan"]["A3"].data_type == "s"
    districts = list(workbook["Kecamatan"].iter_rows(min_row=2, values_only=True))
    assert [(d[0], d[1], d[2]) for d in districts] == [("Cibitung", 5, 7)]


def test_tkp3d_exports_are_suppressed_like_the_json(client, tkp3d, hires):
    rows = _csv(client.get(f"{BASE}.csv?year=2023&table=company", headers=tkp3d))
    # The one-hire company is under 5, so it and the smallest other group fold together.
    assert [r[:3] for r in rows[1:]] == [["Lainnya (disamarkan)", "5", "7"]]
    workbook = load_workbook(io.BytesIO(client.get(f"{BASE}.xlsx?year=2023", headers=tkp3d).data))
    names = [row[0] for row in workbook["Perusahaan"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Lainnya (disamarkan)"]


def test_export_queries_are_checked(client, staff, tkp3d):
    assert client.get(f"{BASE}.csv?year=2023&table=people", headers=staff).status_code == 422
    assert client.get(f"{BASE}.xlsx", headers=staff).status_code == 422
    # A table that is not among the breakdowns asked for is still computed for its CSV.
    assert client.get(f"{BASE}.csv?year=2023&table=gender&breakdowns=company", headers=staff).status_code == 200
    workbook = load_workbook(io.BytesIO(client.get(f"{BASE}.xlsx?year=2023&breakdowns=gender", headers=staff).data))
    assert workbook.sheetnames == ["Ringkasan", "Per periode", "Jenis kelamin"]
    assert client.get(f"{BASE}.csv?year=2023").status_code == 401
