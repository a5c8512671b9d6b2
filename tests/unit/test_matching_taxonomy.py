"""Taxonomy loading: merge across files, validation messages, symmetric related credit, runtime aliases."""
from pathlib import Path

import pytest

from matching.taxonomy import TaxonomyError, load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures" / "taxonomy"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(FIXTURES)


def write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


GOOD = """
[[competency]]
id = "a"
label_id = "A"
label_en = "A"
group = "g"
aliases = ["alfa"]
"""


def test_files_are_merged_with_words(taxonomy):
    assert {"lathe", "warehouse", "discipline"} <= set(taxonomy.competencies)
    assert taxonomy["lathe"].source == "manufacturing.toml"
    assert taxonomy["warehouse"].source == "services.toml"
    assert {"operator", "tukang", "admin"} <= taxonomy.filler
    assert taxonomy.abbreviations["tkg"] == "tukang" and taxonomy.abbreviations["k.3"] == "k3"


def test_related_credit_is_symmetric_and_one_for_itself(taxonomy):
    assert taxonomy.related_credit("lathe", "cnc_machining") == 0.5
    assert taxonomy.related_credit("cnc_machining", "lathe") == 0.5
    # forklift -> warehouse is declared in one file, read back from the other side
    assert taxonomy.related_credit("warehouse", "forklift") == 0.3
    assert taxonomy.related_credit("lathe", "lathe") == 1.0
    assert taxonomy.related_credit("lathe", "welding") == 0.0


def test_soft_group(taxonomy):
    assert taxonomy.is_soft("discipline") and not taxonomy.is_soft("welding")


def test_with_aliases_returns_a_new_taxonomy(taxonomy):
    extended = taxonomy.with_aliases({"welding": ["Juru Las", "  juru   las  "]})
    assert extended["welding"].aliases.count("juru las") == 1
    assert "juru las" not in taxonomy["welding"].aliases
    with pytest.raises(TaxonomyError, match="unknown competency id 'nope'"):
        taxonomy.with_aliases({"nope": ["x"]})
    with pytest.raises(TaxonomyError, match="welding"):
        taxonomy.with_aliases({"welding": [""]})


@pytest.mark.parametrize("text, message", [
    (GOOD + 'colour = "red"\n', r"bad\.toml: competency #1 \('a'\): .*unknown keys \['colour'\]"),
    (GOOD.replace('"a"', '"A b"', 1), r"bad\.toml: competency #1 \('A b'\): id must be lower_snake_case"),
    (GOOD + "related = { zzz = 0.5 }\n", r"bad\.toml: competency 'a' relates to unknown id 'zzz'"),
    (GOOD + "related = { a2 = 1.5 }\n", r"bad\.toml: competency #1 \('a'\): related credit for 'a2'"),
    (GOOD.replace('label_en = "A"\n', ""), r"missing keys \['label_en'\]"),
    (GOOD + GOOD, r"bad\.toml: competency 'a' duplicates one in bad\.toml"),
    ("[words]\nfiller = \"x\"\n", r"bad\.toml: \[words\] filler: must be a list"),
    ("[[competency]\n", r"bad\.toml: not valid TOML"),
])
def test_validation_names_file_and_entry(tmp_path, text, message):
    write(tmp_path, "bad.toml", text)
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(tmp_path)


def test_duplicate_id_across_files_names_both(tmp_path):
    write(tmp_path, "one.toml", GOOD)
    write(tmp_path, "two.toml", GOOD)
    with pytest.raises(TaxonomyError, match=r"two\.toml: competency 'a' duplicates one in one\.toml"):
        load_taxonomy(tmp_path)


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(TaxonomyError, match="no \\*.toml"):
        load_taxonomy(tmp_path)


def test_an_aliases_block_extends_a_competency_of_another_file(tmp_path):
    write(tmp_path, "a.toml", GOOD)
    write(tmp_path, "b.toml", '[[aliases]]\nid = "a"\nadd = ["Alpha Satu", "alfa"]\n')
    assert load_taxonomy(tmp_path)["a"].aliases == ("alfa", "alpha satu")
    write(tmp_path, "b.toml", '[[aliases]]\nid = "zz"\nadd = ["x"]\n')
    with pytest.raises(TaxonomyError, match="b.toml.*'zz'.*unknown competency"):
        load_taxonomy(tmp_path)
    write(tmp_path, "b.toml", '[[aliases]]\nid = "a"\nadd = ["x"]\nrelated = {}\n')
    with pytest.raises(TaxonomyError, match="exactly the keys"):
        load_taxonomy(tmp_path)
