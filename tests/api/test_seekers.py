"""POST/GET/PATCH /api/v1/seekers: registration, NIK rules, locality, masking."""
from tests.factories import bearer, create_seeker, nik, seeker_body


def test_registration_infers_birth_date_gender_and_locality_from_the_nik(client, staff):
    body = create_seeker(client, staff, nik=nik(day=5, month=3, yy=99, female=True))
    assert (body["birth_date"], body["gender"], body["ktp_regency_code"], body["is_local"]) == \
        ("1999-03-05", "F", "3216", True)
    assert body["access_token"] and body["nik"].startswith("3216")


def test_kota_bekasi_is_not_local_but_a_moved_resident_is(client, staff):
    assert create_seeker(client, staff, nik=nik(regency="3275"))["is_local"] is False
    moved = create_seeker(client, staff, nik=nik(regency="3275"), ktp_regency_code="32.16")
    assert (moved["ktp_regency_code"], moved["is_local"]) == ("3216", True)


def test_duplicate_nik_is_409_and_nothing_changes(client, staff):
    number = nik()
    create_seeker(client, staff, nik=number)
    again = client.post("/api/v1/seekers", json=seeker_body(nik=number, full_name="Other"), headers=staff)
    assert again.status_code == 409 and again.json["errors"]["json"]["nik"]
    listed = client.get("/api/v1/seekers", headers=staff).json
    assert listed["total"] == 1 and listed["items"][0]["full_name"] == "Budi Santoso"


def test_birth_date_or_gender_contradicting_the_nik_is_refused(client, staff):
    wrong_date = client.post("/api/v1/seekers", json=seeker_body(birth_date="1995-06-16"), headers=staff)
    assert wrong_date.status_code == 422 and "birth_date" in wrong_date.json["errors"]["json"]
    wrong_gender = client.post("/api/v1/seekers", json=seeker_body(gender="F"), headers=staff)
    assert wrong_gender.status_code == 422 and "gender" in wrong_gender.json["errors"]["json"]


def test_seeker_reads_own_record_with_masked_nik_and_not_anothers(client, staff):
    mine = create_seeker(client, staff)
    other = create_seeker(client, staff, full_name="Siti Aminah")
    own = {"Authorization": f"Bearer {mine['access_token']}"}
    read = client.get(f"/api/v1/seekers/{mine['id']}", headers=own)
    assert read.status_code == 200 and read.json["nik"] == mine["nik"][:4] + "********" + mine["nik"][12:]
    denied = client.get(f"/api/v1/seekers/{other['id']}", headers=own)
    assert denied.status_code == 403 and "Siti" not in denied.get_data(as_text=True)
    assert client.get(f"/api/v1/seekers/{mine['id']}", headers=staff).json["nik"] == mine["nik"]


def test_registration_gives_a_short_typeable_web_code_that_is_no_api_token(client, staff):
    seeker = create_seeker(client, staff)
    code = seeker["access_code"]
    assert len(code) == 12 and code[4] == code[9] == "-"
    assert not set(code.replace("-", "")) & set("01OIL")
    as_token = {"Authorization": f"Bearer {code.replace('-', '')}"}
    assert client.get(f"/api/v1/seekers/{seeker['id']}", headers=as_token).status_code == 403


def test_staff_renew_a_lost_code_and_only_the_new_one_opens_the_pages(app, client, staff):
    from service.accounts import seeker_sign_in
    seeker = create_seeker(client, staff)
    renewed = client.post(f"/api/v1/seekers/{seeker['id']}/access-code", headers=staff)
    assert renewed.status_code == 201
    new = renewed.json["access_code"]
    with app.app_context():
        assert seeker_sign_in(seeker["nik"], seeker["access_code"], "127.0.0.1") is None
        assert seeker_sign_in(seeker["nik"], new.lower().replace("-", " "), "127.0.0.1") is not None  # as on a phone
        assert seeker_sign_in(nik(), new, "127.0.0.1") is None
    assert client.get(f"/api/v1/seekers/{seeker['id']}", headers=bearer(seeker["access_token"])).status_code == 401
    assert client.get(f"/api/v1/seekers/{seeker['id']}", headers=bearer(renewed.json["access_token"])).status_code == 200
    assert client.post("/api/v1/seekers/99999/access-code", headers=staff).status_code == 404
