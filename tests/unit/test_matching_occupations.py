"""The official occupation list (KBJI 2014): loading, validation, and how a title is read."""
import shutil
from pathlib import Path

import pytest

from matching import stored
from matching.normalise import Normaliser
from matching.occupations import Occupation, by_title
from matching.taxonomy import TaxonomyError, load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures" / "taxonomy"
HEADER = "level\tcode\ttitle\tcompetencies\n"
ROWS = [
    ("6", "722301", "Tukang Bubut Poros Engkol", "lathe"),
    ("6", "321199", "Teknisi Las Bedah", ""),            # "las" inside, yet no welder
    ("6", "812101", "Operator Mesin Pelapis Logam", "welding lathe"),
    ("ex", "7212", "Juru Las Karbit", "welding"),
]


def folder_with(tmp_path, rows=ROWS, header=HEADER):
    for f in FIXTURES.glob("*.toml"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "occupations.tsv").write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return tmp_path


@pytest.fixture()
def normaliser(tmp_path):
    return Normaliser(load_taxonomy(folder_with(tmp_path)))


def test_an_official_title_reads_as_the_list_says(normaliser):
    [m] = normaliser.mentions("Tukang Bubut Poros Engkol")
    assert (m.competency_id, m.method, m.confidence) == ("lathe", "occupation", 1.0)
    assert m.words == "tukang bubut poros engkol"
    assert normaliser.competencies("operator mesin pelapis logam") == ["welding", "lathe"]


def test_a_title_no_competency_fits_stays_unplaced_whatever_words_it_holds(normaliser):
    assert normaliser.competencies("las") == ["welding"]           # the word alone is a welder
    [m] = normaliser.mentions("Teknisi  Las BEDAH")
    assert (m.competency_id, m.method, m.suggestion) == (None, "unknown", None)


def test_only_the_whole_entry_is_looked_up(normaliser):
    # inside a longer entry the title's words are read as usual: the list names titles, not words
    assert normaliser.competencies("pengalaman teknisi las bedah 2 thn") != []
    assert normaliser.mentions("juru las karbit")[0].method == "occupation"


def test_an_alias_staff_add_wins_over_the_list(tmp_path):
    taxonomy = load_taxonomy(folder_with(tmp_path)).with_aliases({"qc": ["teknisi las bedah"]})
    assert Normaliser(taxonomy).competencies("Teknisi Las Bedah") == ["qc"]


@pytest.mark.parametrize("row, message", [
    (("6", "722301", "Tukang Bubut", "lathe nosuch"), r"occupations.tsv:2: unknown competency ids \['nosuch'\]"),
    (("6", "7223", "Tukang Bubut", "lathe"), "occupations.tsv:2: code '7223' must have 6 digits"),
    (("5", "722301", "Tukang Bubut", "lathe"), "occupations.tsv:2: level must be one of"),
    (("4", "7223", " ", "lathe"), "occupations.tsv:2: empty title"),
])
def test_a_bad_row_is_refused_naming_its_line(tmp_path, row, message):
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(folder_with(tmp_path, [row]))


def test_wrong_columns_are_refused(tmp_path):
    with pytest.raises(TaxonomyError, match="columns must be"):
        load_taxonomy(folder_with(tmp_path, header="code\ttitle\n"))


def test_colliding_titles_keep_the_precise_row_or_what_both_agree_on():
    rows = [Occupation("ex", "7212", "Juru Las", ("welding",)), Occupation("6", "721201", "Juru Las", ("lathe",)),
            Occupation("6", "721202", "Tukang", ("welding", "qc")), Occupation("6", "721203", "tukang", ("qc",))]
    table = by_title(rows, str.lower)
    assert table["juru las"].code == "721201"
    assert table["tukang"].competencies == ("qc",)


def test_the_list_is_part_of_the_release(tmp_path):
    folder = folder_with(tmp_path)
    before = stored.shipped_version(folder)
    assert stored.alias_map(load_taxonomy(folder))["teknisi las bedah"] == [stored.UNPLACED]
    folder_with(tmp_path, ROWS[:1])
    assert stored.shipped_version(folder) != before
