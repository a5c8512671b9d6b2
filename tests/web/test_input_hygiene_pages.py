"""The pages read forms through the API's schemas, so they refuse the same invisible text, in Indonesian."""
from tests.factories import row_counts


def test_a_company_form_with_only_invisible_characters_says_why_and_keeps_what_was_typed(app, staff_web):
    before = row_counts(app)
    response = staff_web.post("/staf/perusahaan/baru", {"name": "\u200b\u200b", "address": "Setu\x07"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error">Tidak boleh kosong.' in html
    assert 'id="address-error">Tidak boleh berisi karakter kendali' in html
    assert row_counts(app) == before
