"""Bulk import of a company's periodic report of hires: all or nothing, per-row errors."""
import io

from openpyxl import Workbook

from tests.factories import create_company, create_seeker, create_vacancy, nik, row_counts


def _world(client, staff):
    company = create_company(client, staff, name="PT Lapor Berkala")
    other = create_company(client, staff, name="PT Lain")
    local = create_seeker(client, staff, nik=nik(regency="3216"), district="Cibitung")
    outsider = create_seeker(client, staff, nik=nik(regency="3275"))
    vacancy = create_vacancy(client, staff, company["id"], openings=2, title="Operator Forklift")
    return company, other, local, outsider, vacancy


def test_a_json_report_records_every_hire_as_claimed(client, staff):
    company, _, local, outsider, vacancy = _world(client, staff)
    response = client.post("/api/v1/placements/import", headers=staff, json={"company_id": company["id"], "rows": [
        {"nik": local["nik"], "vacancy_id": vacancy["id"], "placed_on": "2023-03-01"},
        {"seeker_id": outsider["id"], "job_title": "Admin Gudang", "placed_on": "2023-03-02", "note": "kontrak"}]})
    assert response.status_code == 201, response.json
    assert response.json["created"] == 2
    assert [(p["job_title"], p["status"], p["is_local"], p["vacancy_id"]) for p in response.json["items"]] == [
        ("Operator Forklift", "claimed", True, vacancy["id"]), ("Admin Gudang", "claimed", False, None)]
    after = client.get(f"/api/v1/vacancies/{vacancy['id']}", headers=staff).json
    assert (after["filled"], after["status"]) == (1, "open")
    assert client.get(f"/api/v1/seekers/{local['id']}", headers=staff).json["status"] == "placed"
    report = client.get("/api/v1/reports/local-hiring?year=2023", headers=staff).json
    assert (report["claimed_hires"], report["claimed_local_hires"], report["total_hires"]) == (2, 1, 0)


def test_one_bad_row_refuses_the_whole_report_naming_each_row_and_field(client, staff, app):
    company, other, local, outsider, vacancy = _world(client, staff)
    other_vacancy = create_vacancy(client, staff, other["id"])
    before = row_counts(app)
    response = client.post("/api/v1/placements/import", headers=staff, json={"company_id": company["id"], "rows": [
        {"nik": local["nik"], "vacancy_id": vacancy["id"], "placed_on": "2023-03-01"},   # fine
        {"nik": nik(regency="3216"), "job_title": "Operator", "placed_on": "2023-03-01"},  # unknown NIK
        {"seeker_id": outsider["id"], "vacancy_id": other_vacancy["id"], "placed_on": "2023-03-01"},  # other company
        {"nik": outsider["nik"], "seeker_id": local["id"], "job_title": "QC", "placed_on": "2023-03-01"},  # disagree
        {"seeker_id": local["id"], "job_title": "QC", "placed_on": "2023-03-01"}]})  # same hire twice
    assert response.status_code == 422, response.json
    assert set(response.json["errors"]["json"]["rows"]) == {"1", "2", "3", "4"}
    rows = response.json["errors"]["json"]["rows"]
    assert list(rows["1"]) == ["nik"] and list(rows["2"]) == ["vacancy_id"] and list(rows["3"]) == ["nik"]
    assert list(rows["4"]) == ["placed_on"]
    assert row_counts(app) == before
    assert client.get(f"/api/v1/vacancies/{vacancy['id']}", headers=staff).json["filled"] == 0


def test_schema_errors_name_the_row_and_field(client, staff):
    company, *_ = _world(client, staff)
    response = client.post("/api/v1/placements/import", headers=staff, json={"company_id": company["id"], "rows": [
        {"nik": "12", "job_title": "x", "placed_on": "2023-13-01"}, {"placed_on": "2023-01-01"}]})
    assert response.status_code == 422
    rows = response.json["errors"]["json"]["rows"]
    assert set(rows["0"]) == {"nik", "placed_on"} and set(rows["1"]) == {"nik", "job_title"}
    for body in ({"company_id": company["id"], "rows": []}, {"rows": [{"seeker_id": 1, "job_title": "x",
                                                                         "placed_on": "2023-01-01"}]}):
        assert client.post("/api/v1/placements/import", headers=staff, json=body).status_code == 422
    missing = client.post("/api/v1/placements/import", headers=staff, json={"company_id": 999999, "rows": [
        {"seeker_id": 1, "job_title": "x", "placed_on": "2023-01-01"}]})
    assert missing.status_code == 422 and "company_id" in missing.json["errors"]["json"]


def test_a_report_never_overbooks_a_vacancy_nor_counts_a_resent_hire_twice(client, staff, app):
    company, _, local, outsider, vacancy = _world(client, staff)
    third = create_seeker(client, staff)
    too_many = client.post("/api/v1/placements/import", headers=staff, json={"company_id": company["id"], "rows": [
        {"seeker_id": s["id"], "vacancy_id": vacancy["id"], "placed_on": "2023-03-01"} for s in (local, outsider, third)]})
    assert too_many.status_code == 422
    assert set(too_many.json["errors"]["json"]["rows"]) == {"0", "1", "2"}
    assert "2 opening(s) left" in too_many.json["errors"]["json"]["rows"]["0"]["vacancy_id"][0]
    body = {"company_id": company["id"], "rows": [{"seeker_id": local["id"], "job_title": "QC", "placed_on": "2023-03-01"}]}
    assert client.post("/api/v1/placements/import", headers=staff, json=body).status_code == 201
    again = client.post("/api/v1/placements/import", headers=staff, json=body)
    assert again.status_code == 422 and "already recorded" in again.json["errors"]["json"]["rows"]["0"]["placed_on"][0]


def test_a_csv_file_with_indonesian_headers_and_day_first_dates(client, staff):
    company, _, local, outsider, vacancy = _world(client, staff)
    csv_text = ("NIK;Jabatan;Tanggal Mulai Kerja;ID Lowongan\n"
                f"{local['nik']};Operator;01/03/2023;{vacancy['id']}\n\n"
                f"{outsider['nik']};Admin Gudang;2023-03-05;\n")
    response = client.post("/api/v1/placements/import-file", headers=staff, data={
        "company_id": str(company["id"]), "file": (io.BytesIO(csv_text.encode("utf-8-sig")), "laporan.csv")})
    assert response.status_code == 201, response.json
    assert [(p["placed_on"], p["job_title"], p["vacancy_id"]) for p in response.json["items"]] == [
        ("2023-03-01", "Operator", vacancy["id"]), ("2023-03-05", "Admin Gudang", None)]


def test_an_xlsx_file_reports_errors_by_sheet_row_and_records_nothing(client, staff, app):
    company, _, local, outsider, _ = _world(client, staff)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["nik", "job_title", "placed_on"])
    sheet.append([local["nik"], "Operator", "2023-03-01"])
    sheet.append([3216011506959999, "Operator", "2023-03-01"])   # a number cell: unknown NIK
    sheet.append([outsider["nik"], None, "2023-03-01"])          # no job title
    before = row_counts(app)

    def send():
        out = io.BytesIO()
        workbook.save(out)
        response = client.post("/api/v1/placements/import-file", headers=staff, data={
            "company_id": str(company["id"]), "file": (io.BytesIO(out.getvalue()), "laporan.xlsx")})
        assert response.status_code == 422, response.json
        return response.json["errors"]["files"]["rows"]
    # Rows are read first (shape), then checked against the ledger: two rounds of errors.
    assert send() == {"4": {"job_title": ["Give job_title or vacancy_id."]}}
    sheet["B4"] = "Admin"
    assert send() == {"3": {"nik": ["No registered job seeker with this NIK."]}}
    assert row_counts(app) == before


def test_unreadable_files_get_422_naming_the_file(client, staff):
    company, *_ = _world(client, staff)
    for content, name in ((b"PK\x03\x04 not really", "laporan.xlsx"), (b"\xff\xfe\x00bad", "laporan.csv"),
                          (b"nama,umur\nBudi,20\n", "laporan.csv"), (b"", "laporan.csv"),
                          (b"nik,job_title,placed_on\n", "laporan.csv")):
        response = client.post("/api/v1/placements/import-file", headers=staff, data={
            "company_id": str(company["id"]), "file": (io.BytesIO(content), name)})
        assert response.status_code == 422, (name, content, response.json)
        assert "file" in response.json["errors"]["json"], response.json
    no_file = client.post("/api/v1/placements/import-file", headers=staff, data={"company_id": str(company["id"])})
    assert no_file.status_code == 422


def test_only_staff_may_import(client, tkp3d):
    response = client.post("/api/v1/placements/import", headers=tkp3d, json={"company_id": 1, "rows": []})
    assert response.status_code == 403
