"""The normaliser on entries as people write them, against the small fixture taxonomy."""
from pathlib import Path

import pytest

from matching.normalise import Normaliser, stem_candidates
from matching.taxonomy import load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures" / "taxonomy"


@pytest.fixture(scope="module")
def norm():
    return Normaliser(load_taxonomy(FIXTURES))


def ids(norm, text):
    return sorted(norm.competencies(text))


@pytest.mark.parametrize("text, expected", [
    ("Tukang Bubut", ["lathe"]),
    ("LATHE OPERATOR", ["lathe"]),
    ("turning operator", ["lathe"]),
    ("pembubutan poros", ["lathe"]),          # affix stripped: pem-bubut-an
    ("Jangka Sorong", ["measuring"]),
    ("vernier caliper", ["measuring"]),
    ("kelistrikan", ["electrical"]),
    ("electrician", ["electrical"]),
    ("K3", ["safety"]),
    ("SMAW", ["welding"]),
    ("mengelas pipa", ["welding"]),
    ("AutoCAD", ["cad"]),
    ("MYOB", ["accounting"]),
])
def test_single_skills_in_both_languages(norm, text, expected):
    assert ids(norm, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("tkg las", ["welding"]),
    ("op. forklift", ["forklift"]),
    ("op.forklift", ["forklift"]),
    ("sbg op. bubut", ["lathe"]),
])
def test_abbreviations_are_expanded(norm, text, expected):
    assert ids(norm, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("operator mesin bubutt", ["lathe"]),     # doubled letter
    ("jangka sorng", ["measuring"]),          # dropped letter
    ("kelistirkan", ["electrical"]),          # swapped letters
    ("mesinbubut", ["lathe"]),                # lost space
    ("mesinb ubut", ["lathe"]),               # space slipped one letter
    ("auto cad", ["cad"]),
])
def test_typos_are_forgiven(norm, text, expected):
    assert ids(norm, text) == expected
    assert all(m.confidence <= 1.0 for m in norm.mentions(text))


def test_typo_correction_is_marked_fuzzy_with_lower_confidence(norm):
    (mention,) = norm.mentions("opertor forkliftt")
    assert (mention.competency_id, mention.method) == ("forklift", "fuzzy")
    assert 0 < mention.confidence < 1


def test_indonesian_word_order(norm):
    assert ids(norm, "mesin bubut operator") == ["lathe"]
    assert ids(norm, "operator mesin bubut") == ["lathe"]
    assert ids(norm, "controller logic programmable") == ["plc"]


def test_sentence_naming_several_skills(norm):
    mentions = norm.mentions("pengalaman 2 thn sbg op. bubut & baca gambar teknik")
    assert sorted(m.competency_id for m in mentions) == ["drawing", "lathe"]
    assert all(m.method in {"exact", "alias_in_text"} for m in mentions)


@pytest.mark.parametrize("text, expected", [
    ("las listrik, kelistrikan", ["electrical", "welding"]),
    ("PLC dan instalasi listrik", ["electrical", "plc"]),
    ("CNC / frais; bubut", ["cnc_machining", "lathe", "milling"]),
    ("menguasai autocad and microsoft office\nbisa stock opname", ["cad", "office", "warehouse"]),
    ("welder + QC", ["qc", "welding"]),
])
def test_connectors_split_an_entry(norm, text, expected):
    assert ids(norm, text) == expected


def test_opening_phrases_and_remarks_are_dropped(norm):
    for text in ("mampu mengoperasikan forklift", "pernah bekerja di bagian gudang (1 tahun)",
                 "bersertifikat tukang las tingkat dasar", "berpengalaman 3 tahun sebagai drafter"):
        mentions = norm.mentions(text)
        assert len(mentions) == 1 and mentions[0].competency_id is not None, (text, mentions)


def test_las_does_not_match_kelas(norm):
    assert ids(norm, "kelas") == []
    assert ids(norm, "kelas bahasa inggris") == []
    assert ids(norm, "las") == ["welding"]
    (mention,) = norm.mentions("kelas bahasa inggris")
    assert mention.method == "unknown" and mention.competency_id is None


def test_soft_traits_are_recognised_but_not_hard(norm):
    mentions = norm.mentions("Rajin, disiplin dan teamwork")
    assert sorted(m.competency_id for m in mentions) == ["diligence", "discipline", "teamwork"]
    assert {m.method for m in mentions} == {"soft"}
    assert not any(m.is_hard for m in mentions)
    assert norm.competencies("rajin") == []


def test_unknown_text_is_kept_with_its_core(norm):
    mentions = norm.mentions("bisa merangkai bunga, bubut")
    unknown = [m for m in mentions if m.competency_id is None]
    assert [m.core for m in unknown] == ["merangkai bunga"]
    assert unknown[0].method == "unknown" and unknown[0].confidence == 0.0
    assert [m.competency_id for m in mentions if m.competency_id] == ["lathe"]


def test_filler_alone_names_nothing(norm):
    assert norm.mentions("operator") == ()
    assert norm.mentions("  ,  ") == ()


def test_fallbacks_place_variants_the_aliases_lack(norm):
    assert ids(norm, "programmable logic controllers") == ["plc"]          # plural stripped



def test_guesses_are_suggestions_not_readings(norm):
    # the n-gram neighbour and the word vote are guesses: offered to staff, never a reading
    (glued,) = norm.mentions("autocad2d")                                   # nearest alias by n-grams
    assert (glued.competency_id, glued.method, glued.suggestion) == (None, "suggestion", "cad")
    assert 0.5 < glued.confidence < 0.9
    (acronym,) = norm.mentions("health safety environment")                # initials of an alias
    assert (acronym.competency_id, acronym.suggestion) == (None, "safety")
    (vote,) = norm.mentions("pengukuran presisi")                           # shares a telling word
    assert (vote.competency_id, vote.suggestion) == (None, "measuring")
    assert norm.competencies("pengukuran presisi") == []


def test_runtime_alias_is_used(norm):
    assert ids(norm, "juru cetak bubut") == ["lathe"]          # contained alias
    extended = Normaliser(norm.taxonomy.with_aliases({"welding": ["juru sambung logam"]}))
    assert ids(extended, "juru sambung logam") == ["welding"]
    assert ids(norm, "juru sambung logam") == []


def test_results_are_cached(norm):
    first = norm.mentions("tukang las argon")
    assert norm.mentions("tukang las argon") is first


def test_stem_candidates():
    assert "bubut" in stem_candidates("pembubutan")
    assert "las" in stem_candidates("pengelasan")
    assert "weld" in stem_candidates("welding")
    assert "program" in stem_candidates("programming")
    assert "las" not in stem_candidates("kelas")


def test_derived_word_falls_back_to_its_root_alias(norm):
    # "pembubutan" becomes a known word (part of a CNC alias), so it is kept as written; inside
    # longer text it matches nothing, and its root "bubut" is an alias by itself
    tax = norm.taxonomy.with_aliases({"cnc_machining": ["pembubutan cnc"]})
    extended = Normaliser(tax)
    assert ids(extended, "pembubutan cnc") == ["cnc_machining"]
    assert ids(extended, "pembubutan poros") == ["lathe"]
    assert ids(extended, "kelas poros") == []
