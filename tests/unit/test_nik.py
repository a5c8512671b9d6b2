"""NIK structure rules (service.nik) on hand-made numbers."""
from datetime import date

import pytest

from service.nik import NikError, parse_nik

TODAY = date(2026, 11, 23)


def test_man_born_1995_in_kabupaten_bekasi():
    facts = parse_nik("3216011506950001", TODAY)
    assert (facts.regency_code, facts.birth_date, facts.gender) == ("3216", date(1995, 6, 15), "M")


def test_woman_has_forty_added_to_her_birth_day():
    facts = parse_nik("3275015506020007", TODAY)
    assert (facts.regency_code, facts.birth_date, facts.gender) == ("3275", date(2002, 6, 15), "F")


def test_two_digit_year_too_recent_for_a_worker_is_last_century():
    assert parse_nik("3216010101200001", TODAY).birth_date == date(1920, 1, 1)
    assert parse_nik("3216010101100001", TODAY).birth_date == date(2010, 1, 1)


@pytest.mark.parametrize("nik, why", [
    ("321601150695000", "16 digits"),
    ("32160115069500011", "16 digits"),
    ("32160115069500a1", "16 digits"),
    ("３２１６０１１５０６９５０００１", "16 digits"),
    ("9916011506950001", "province"),
    ("3200011506950001", "regency"),
    ("3216001506950001", "regency"),
    ("3216013002950001", "birth date"),
    ("3216017206950001", "birth date"),
    ("3216011513950001", "birth date"),
    ("3216011506950000", "serial"),
])
def test_structurally_invalid_nik_says_what_is_wrong(nik, why):
    with pytest.raises(NikError, match=why):
        parse_nik(nik, TODAY)
