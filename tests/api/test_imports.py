"""File imports of seekers, companies, vacancies and competency needs: Indonesian or English
headers, CSV or XLSX, all or nothing, the same file twice changes nothing."""
import io
import time

from openpyxl import Workbook, load_workbook

from tests.factories import create_company, create_seeker, nik, row_counts

SEEKER_HEADER = ["No.", "NIK", "Nama Lengkap", "Jenis Kelamin (L/P)", "Tanggal Lahir", "Pendidikan", "Keterampilan",
                 "No HP", "Kecamatan"]


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], delimiter=";", bom=True) -> bytes:
    import csv
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def upload(client, headers, kind, content: bytes, name: str, **extra_headers):
    return client.post(f"/api/v1/{kind}/import-file", headers={**headers, **extra_headers},
                       data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def fetch(client, path, headers):
    """(status, body) of a download, closing the response (it holds a temporary file)."""
    with client.get(path, headers=headers) as response:
        return response.status_code, response.data


def data_counts(app) -> dict:
    """Every table but import_jobs, which records each attempt, refused ones too."""
    return {k: v for k, v in row_counts(app).items() if k != "import_jobs"}


def seeker_nik(i: int) -> str:
    """The i-th test seeker's NIK: born 15 June 1995, a woman when i is even, unique up to 990,000."""
    return f"3216{1 + i // 9999:02d}{15 + (40 if i % 2 == 0 else 0)}0695{1 + i % 9999:04d}"


def seeker_rows(count: int, start: int = 1) -> list[list]:
    return [[i, seeker_nik(i), f"Pencaker {i}",
             "P" if i % 2 == 0 else "L", "15/06/1995", "SLTA" if i % 3 else "SMK",
             "operator bubut; jangka sorong\nforklift", f"0812{i:08d}", "Cikarang Utara"]
            for i in range(start, start + count)]


def test_seekers_from_an_xlsx_with_indonesian_headers(client, staff):
    rows = seeker_rows(3)
    response = upload(client, staff, "seekers", xlsx([SEEKER_HEADER + ["Agama"], *[r + ["Islam"] for r in rows]]),
                      "pencaker.xlsx")
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["status"], body["rows"], body["created"], body["unchanged"]) == ("done", 3, 3, 0)
    assert body["ignored_columns"] == ["Agama"]
    listed = client.get("/api/v1/seekers?limit=10", headers=staff).json["items"]
    first = next(s for s in listed if s["nik"] == rows[0][1])
    assert (first["full_name"], first["gender"], first["birth_date"], first["education_level"], first["phone"],
            first["district"], first["is_local"]) == ("Pencaker 1", "M", "1995-06-15", "SMA", "081200000001",
                                                      "Cikarang Utara", True)
    assert first["skills"] == ["operator bubut", "jangka sorong", "forklift"]
    assert next(s for s in listed if s["nik"] == rows[1][1])["gender"] == "F"


def test_english_headers_comma_csv_without_bom(client, staff):
    content = csv_bytes([["nik", "full_name", "gender", "birth_date", "education_level", "skills", "phone", "district"],
                         [nik(serial=9101), "Ani", "F", "", "SMK", "kasir", "", "Setu"],
                         [nik(serial=9102), "Dodi", "M", "1995-06-15", "S1", "", "+62 812 555", ""]],
                        delimiter=",", bom=False)
    response = upload(client, staff, "seekers", content, "seekers.csv")
    assert response.status_code == 422, response.json  # Ani's NIK says a man
    assert response.json["errors"]["files"]["rows"] == {"2": {"gender": [
        "gender does not agree with the NIK (women's NIK day is 41-71)."]}}
    fixed = content.replace(b",F,", b",M,")
    response = upload(client, staff, "seekers", fixed, "seekers.csv")
    assert response.status_code == 201, response.json
    assert response.json["created"] == 2


def test_one_bad_row_among_many_refuses_the_file_naming_it(client, staff, app):
    rows = seeker_rows(200)
    rows[120][4] = "31/02/1995"           # sheet row 122: no such day
    rows[150][2] = ""                     # sheet row 152: no name
    rows[160][1] = rows[10][1]            # sheet row 162: the same NIK as row 12
    before = data_counts(app)
    for content, name in ((xlsx([SEEKER_HEADER, *rows]), "pencaker.xlsx"), (csv_bytes([SEEKER_HEADER, *rows]), "p.csv")):
        response = upload(client, staff, "seekers", content, name)
        assert response.status_code == 422, response.json
        bad = response.json["errors"]["files"]["rows"]
        assert set(bad) == {"122", "152", "162"}, bad
        assert list(bad["122"]) == ["birth_date"] and list(bad["152"]) == ["full_name"]
        assert bad["162"] == {"nik": ["The same nik as row 12."]}
        assert "3 row(s) refused" in response.json["message"]
    assert data_counts(app) == before


def test_a_nik_excel_turned_into_a_number_is_caught_and_explained(client, staff):
    header = ["NIK", "Nama Lengkap", "Pendidikan"]
    as_text = upload(client, staff, "seekers", csv_bytes([header, ["3.21605E+15", "Budi", "SMA"],
                                                          ["3,21605E+15", "Ani", "SMA"]]), "p.csv")
    assert as_text.status_code == 422
    rows = as_text.json["errors"]["files"]["rows"]
    assert set(rows) == {"2", "3"} and "Excel turned this NIK into a number (3.21605E+15)" in rows["2"]["nik"][0]
    assert "format the NIK column as Text" in rows["2"]["nik"][0]
    rounded = upload(client, staff, "seekers", xlsx([header, [3216011506950000, "Budi", "SMA"]]), "p.xlsx")
    assert rounded.status_code == 422
    assert "stored this NIK as a number (3216011506950000)" in rounded.json["errors"]["files"]["rows"]["2"]["nik"][0]
    exact = upload(client, staff, "seekers", xlsx([header, [int(nik(serial=4321)), "Budi", "SMA"]]), "p.xlsx")
    assert exact.status_code == 201, exact.json  # a number Excel cannot have rounded (last digit not 0)


def test_the_same_file_twice_changes_nothing_and_says_so(client, staff, app):
    content = xlsx([SEEKER_HEADER, *seeker_rows(20)])
    assert upload(client, staff, "seekers", content, "p.xlsx").json["created"] == 20
    before = data_counts(app)
    feed = client.get("/api/v1/changes?limit=1000", headers=staff).json
    again = upload(client, staff, "seekers", content, "p.xlsx")
    assert again.status_code == 201, again.json
    assert (again.json["created"], again.json["unchanged"]) == (0, 20)
    assert data_counts(app) == before
    assert client.get(f"/api/v1/changes?since={feed['next']}", headers=staff).json["items"] == []
    overlapping = upload(client, staff, "seekers", xlsx([SEEKER_HEADER, *seeker_rows(10, start=15)]), "p.xlsx")
    assert (overlapping.json["created"], overlapping.json["unchanged"]) == (4, 6)


def test_a_seeker_registered_by_hand_is_left_as_it_is(client, staff):
    existing = create_seeker(client, staff, nik=seeker_nik(1), full_name="Sudah Terdaftar")
    response = upload(client, staff, "seekers", xlsx([SEEKER_HEADER, *seeker_rows(1)]), "p.xlsx")
    assert (response.json["created"], response.json["unchanged"]) == (0, 1)
    assert client.get(f"/api/v1/seekers/{existing['id']}", headers=staff).json["full_name"] == "Sudah Terdaftar"


def test_companies_by_name_then_vacancies_and_needs_naming_them(client, staff, app):
    companies = xlsx([["Nama Perusahaan", "Sektor/KBLI", "Alamat", "Telepon", "Kecamatan"],
                      ["PT Sinar Presisi", "C 2592", "Jababeka Blok A", 218934567, "Cikarang Utara"],
                      ["PT Cikarang Plastindo", "C 2229", "MM2100", "021-555", "Cikarang Barat"]])
    response = upload(client, staff, "companies", companies, "perusahaan.xlsx")
    assert (response.status_code, response.json["created"]) == (201, 2), response.json
    assert upload(client, staff, "companies", companies, "perusahaan.xlsx").json["unchanged"] == 2
    listed = {c["name"]: c for c in client.get("/api/v1/companies", headers=staff).json["items"]}
    assert listed["PT Sinar Presisi"]["sector"] == "C 2592"
    plastindo = listed["PT Cikarang Plastindo"]["id"]

    vacancies = csv_bytes([["Nama Perusahaan", "ID Perusahaan", "Jabatan", "Jumlah", "Keterampilan",
                            "Pendidikan Minimal", "Batas Lamaran", "Jenis Kelamin", "Upah Minimal"],
                           ["pt  sinar presisi", "", "Operator Bubut", "5", "mesin bubut; jangka sorong", "SMK",
                            "31/12/2030", "L/P", "5.200.000"],
                           ["", plastindo, "Operator Injeksi", "3", "injection moulding", "SLTA", "2030-12-31", "P", ""]])
    response = upload(client, staff, "vacancies", vacancies, "lowongan.csv")
    assert (response.status_code, response.json["created"]) == (201, 2), response.json
    listed = {v["title"]: v for v in client.get("/api/v1/vacancies", headers=staff).json["items"]}
    bubut = listed["Operator Bubut"]
    assert (bubut["company_name"], bubut["openings"], bubut["gender"], bubut["min_education"], bubut["closes_on"],
            bubut["wage_min"]) == ("PT Sinar Presisi", 5, None, "SMK", "2030-12-31", 5_200_000)
    assert [s["text"] for s in bubut["required_skills"]] == ["mesin bubut", "jangka sorong"]
    assert listed["Operator Injeksi"]["gender"] == "F"
    assert upload(client, staff, "vacancies", vacancies, "lowongan.csv").json["unchanged"] == 2

    needs = xlsx([["Nama Perusahaan", "Kompetensi", "Jumlah", "Tahun"],
                  ["PT Sinar Presisi", "operator mesin bubut", 10, 2026],
                  ["PT Cikarang Plastindo", "setting mold", 4, 2026]])
    response = upload(client, staff, "competency-needs", needs, "kebutuhan.xlsx")
    assert (response.status_code, response.json["created"]) == (201, 2), response.json
    stored = client.get("/api/v1/competency-needs", headers=staff).json["items"]
    assert {(n["competency"], n["headcount"], n["period_start"], n["period_end"]) for n in stored} == {
        ("operator mesin bubut", 10, "2026-01-01", "2026-12-31"), ("setting mold", 4, "2026-01-01", "2026-12-31")}
    before = data_counts(app)
    assert upload(client, staff, "competency-needs", needs, "kebutuhan.xlsx").json["unchanged"] == 2
    assert data_counts(app) == before


def test_a_vacancy_naming_an_unknown_company_is_refused(client, staff, app):
    create_company(client, staff, name="PT Kembar")
    create_company(client, staff, name="PT Kembar")
    before = data_counts(app)
    response = upload(client, staff, "vacancies", csv_bytes([
        ["Nama Perusahaan", "Jabatan", "Jumlah", "Keterampilan"],
        ["PT Tidak Ada", "Operator", "2", "las"], ["PT Kembar", "Operator", "2", "las"],
        ["PT Kembar", "", "x", ""]]), "l.csv")
    assert response.status_code == 422
    rows = response.json["errors"]["files"]["rows"]
    assert rows["2"] == {"company_name": ["No company has this exact name."]}
    assert "Several companies have this name" in rows["3"]["company_name"][0]
    assert {"company_name", "title", "openings", "required_skills"} <= set(rows["4"])
    assert data_counts(app) == before


def test_files_that_cannot_be_read_are_refused_naming_the_file(client, staff, app):
    before = data_counts(app)
    for content, name, says in ((b"PK\x03\x04 not really", "p.xlsx", "not a readable XLSX"),
                                (b"NIK;Nama\n\xff\xfe;x\n", "p.csv", "UTF-8"), (b"", "p.csv", "empty"),
                                (b"Alamat;Agama\nx;y\n", "p.csv", "Row 1 must be the header"),
                                (b"NIK;Nama Lengkap\n3216011506950001;Budi\n", "p.csv", "Missing column(s): Pendidikan"),
                                (b"NIK;Nama;Nama Lengkap;Pendidikan\n", "p.csv", "both give full_name"),
                                (b"NIK;Nama Lengkap;Pendidikan\n\n", "p.csv", "no rows"),
                                (b"hello", "p.pdf", ".csv or .xlsx")):
        response = upload(client, staff, "seekers", content, name)
        assert response.status_code == 422, (name, response.json)
        assert says in response.json["errors"]["files"]["file"][0], response.json
    assert upload(client, staff, "seekers", b"", "p.csv").status_code == 422
    assert client.post("/api/v1/seekers/import-file", headers=staff, data={}).status_code == 422
    assert data_counts(app) == before


def test_a_large_upload_runs_as_a_job_with_progress(client, staff):
    content = csv_bytes([SEEKER_HEADER, *seeker_rows(2500)])
    response = upload(client, staff, "seekers", content, "p.csv", Prefer="respond-async")
    assert response.status_code == 202, response.json
    job = response.json
    assert job["status"] in ("queued", "reading", "saving", "done") and job["kind"] == "seekers"
    for _ in range(300):
        job = client.get(f"/api/v1/imports/{job['id']}", headers=staff).json
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert (job["status"], job["created"], job["progress"]["rows_read"], job["progress"]["rows_saved"]) == (
        "done", 2500, 2500, 2500), job
    assert client.get("/api/v1/seekers?limit=1", headers=staff).json["total"] == 2500
    refused = upload(client, staff, "seekers", csv_bytes([SEEKER_HEADER, ["1", "123", "x", "L", "", "SMA"]]), "p.csv",
                     Prefer="respond-async")
    for _ in range(100):
        job = client.get(f"/api/v1/imports/{refused.json['id']}", headers=staff).json
        if job["status"] == "failed":
            break
        time.sleep(0.1)
    assert job["status"] == "failed" and set(job["errors"]["rows"]["2"]) == {"nik"}
    assert client.get("/api/v1/imports/999999", headers=staff).status_code == 404


def test_each_template_has_an_example_row_that_imports(client, staff):
    create_company(client, staff, name="PT Sinar Presisi Teknik")
    for kind in ("companies", "seekers", "vacancies", "competency-needs"):
        for extension in ("xlsx", "csv"):
            template = client.get(f"/api/v1/{kind}/import-template.{extension}", headers=staff)
            assert template.status_code == 200
            assert template.headers["Content-Disposition"].endswith(f'.{extension}"')
            if extension == "xlsx":
                sheet = load_workbook(io.BytesIO(template.data)).worksheets[0]
                header = [c.value for c in sheet[1]]
                if "NIK" in header:
                    assert sheet.cell(2, header.index("NIK") + 1).number_format == "@"
            response = upload(client, staff, kind, template.data, f"templat.{extension}")
            assert response.status_code == 201, (kind, extension, response.json)


def test_lists_export_as_csv_and_xlsx_and_a_seeker_export_imports_back(client, staff, tkp3d):
    upload(client, staff, "seekers", xlsx([SEEKER_HEADER, *seeker_rows(5)]), "p.xlsx")
    company = create_company(client, staff, name="=HYPERLINK(\"x\")")
    status, exported = fetch(client, "/api/v1/seekers.csv", staff)
    assert status == 200 and exported.startswith("\ufeff".encode())
    text = exported.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("NIK,Nama Lengkap,Jenis Kelamin") and text.count("\n") == 6
    again = upload(client, staff, "seekers", exported, "ekspor.csv")
    assert (again.status_code, again.json["unchanged"]) == (201, 5), again.json
    sheet = load_workbook(io.BytesIO(fetch(client, "/api/v1/seekers.xlsx?education_level=SMK", staff)[1])).worksheets[0]
    assert sheet.max_row == 2 and isinstance(sheet.cell(2, 1).value, str)  # one SMK seeker; NIK kept as text
    companies = fetch(client, "/api/v1/companies.csv", tkp3d)[1].decode("utf-8-sig")
    assert "'=HYPERLINK" in companies and str(company["id"]) in companies
    for path in ("/api/v1/vacancies.xlsx", "/api/v1/placements.csv", "/api/v1/placements.xlsx"):
        assert fetch(client, path, staff)[0] == 200, path
    assert fetch(client, "/api/v1/seekers.csv", tkp3d)[0] == 403
    assert fetch(client, "/api/v1/seekers.csv?status=gone", staff)[0] == 422
