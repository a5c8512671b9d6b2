"""The kecamatan list of Kabupaten Bekasi and how people's spellings of it are read."""
from service import districts


def test_the_regency_has_23_kecamatan_with_distinct_codes_in_order():
    codes = [d.code for d in districts.DISTRICTS]
    assert len(codes) == len(set(codes)) == len({d.name for d in districts.DISTRICTS}) == 23
    assert codes == [f"32.16.{n:02d}" for n in range(1, 24)]
    assert districts.find("Cikarang Utara").code == "32.16.09"


def test_any_spelling_or_code_reads_as_the_official_name():
    for typed in ("cikarang utara", "  CIKARANG   UTARA ", "Kec. Cikarang Utara", "kecamatan cikarang utara",
                  "321609", "32.16.09"):
        assert districts.canonical(typed) == "Cikarang Utara", typed
    assert districts.canonical("muara gembong") == "Muaragembong"
    assert districts.by_code("32.16.18").name == "Setu"


def test_unknown_text_stays_as_typed_so_older_records_remain_readable():
    assert districts.find("Bekasi Timur") is None and districts.by_code("327501") is None
    assert districts.canonical("Bekasi Timur") == "Bekasi Timur"
    assert districts.canonical(None) is None and districts.find("") is None
    assert districts.label("setu") == "Setu (32.16.18)" and districts.label("Cakung") == "Cakung"
