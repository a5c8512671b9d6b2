"""Matching on the staff pages: the core skill and the KBJI occupation on the vacancy form and
page, and suggestions on the unknown-phrases page, shown as guesses that count for nothing."""
from tests.factories import create_company, create_seeker


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_a_vacancy_marked_with_a_core_skill_ranks_its_holders_first(client, staff, staff_web):
    company = create_company(client, staff)
    create_seeker(client, staff, full_name="Wawan Las", skills=["tkg las listrik"])
    create_seeker(client, staff, full_name="Gani Gerinda", skills=["gerinda tangan", "jangka sorong"])
    form = {"company_id": str(company["id"]), "title": "Staff Produksi", "openings": "2",
            "core_skill": "las listrik", "essential_skills": "gerinda\njangka sorong", "kbji_code": "12"}
    refused = staff_web.post("/staf/lowongan/baru", form)
    assert refused.status_code == 422 and "Kode jabatan KBJI 2014 terdiri dari 4 atau 6 angka." in _text(refused)
    unknown = staff_web.post("/staf/lowongan/baru", {**form, "kbji_code": "999999"})
    assert unknown.status_code == 422 and "Kode 999999 tidak ada dalam daftar jabatan KBJI 2014." in _text(unknown)
    assert 'value="999999"' in _text(unknown)
    posted = staff_web.post("/staf/lowongan/baru", {**form, "kbji_code": ""})
    assert posted.status_code == 302
    page = _text(staff_web.get(posted.location))
    assert page.index("Wawan Las") < page.index("Gani Gerinda")
    assert "Belum punya keahlian utama lowongan ini" in page and "keahlian utama" in page


def test_the_title_suggests_the_kbji_occupation(client, staff, staff_web):
    company = create_company(client, staff)
    posted = staff_web.post("/staf/lowongan/baru", {"company_id": str(company["id"]), "title": "Tukang Las",
                                                    "openings": "1", "essential_skills": "las listrik"})
    page = _text(staff_web.get(posted.location))
    assert "Jabatan KBJI 2014" in page and "7212" in page


def test_unknown_phrases_show_the_suggestion_as_a_guess(client, staff, staff_web):
    create_seeker(client, staff, skills=["nyiram bunga di taman"])
    page = _text(staff_web.get("/staf/keterampilan"))
    assert "nyiram bunga di taman" in page and "Benarkan saran" in page and "tidak dihitung" in page
    assert "competency_id=gardening" in page
