"""Writing habits the normaliser handles generically, on the real taxonomy. Phrasings here are
written for these tests (never copied from an evaluation set)."""
import pytest

from matching.normalise import Normaliser, stem_candidates
from matching.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def norm():
    return Normaliser(load_taxonomy())


def ids(norm, text):
    return sorted(norm.competencies(text))


@pytest.mark.parametrize("word, root", [
    ("ngelas", "las"), ("ngecat", "cat"), ("nyapu", "sapu"), ("nyetir", "setir"), ("mbubut", "bubut"),
    ("beresin", "beres"), ("pasangin", "pasang"), ("dibubut", "bubut"), ("ngukur", "ukur"),
])
def test_colloquial_affixes_offer_the_root(word, root):
    assert root in stem_candidates(word)


def test_colloquial_in_suffix_before_short_prefix():
    # "beresin" is beres + -in, not be- + "resin"
    assert stem_candidates("beresin")[0] == "beres"


@pytest.mark.parametrize("text, expected", [
    ("mbubut poros", ["lathe"]),
    ("nyetir mobil box", ["driver"]),
    ("dibubut manual", ["lathe"]),
    ("ngetik cepat", ["office_admin"]),
])
def test_colloquial_verbs_place_the_skill(norm, text, expected):
    assert ids(norm, text) == expected


def test_reduplication_with_a_digit(norm):
    assert norm.clean("bersih2 toilet") == ["bersih", "toilet"]
    assert norm.clean("autocad2d") == ["autocad2d"]          # "2d" is no reduplication


@pytest.mark.parametrize("text, expected", [
    ("mekanik mtr", ["motorcycle_mechanic"]),     # motor without vowels
    ("supir trk", ["driver"]),                     # truk
    ("tekn listrik", ["electrical_installation"]),  # teknisi cut short
    ("oper forklift", ["forklift"]),               # operator cut short
])
def test_phone_shorthand(norm, text, expected):
    assert ids(norm, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("mesi nbubut", ["lathe"]),
    ("tukan glas", ["welding"]),
    ("operator forklif tbaterai", ["forklift"]),
])
def test_letter_slipped_across_a_space(norm, text, expected):
    assert expected[0] in ids(norm, text)


def test_slip_repair_leaves_real_words_alone(norm):
    assert norm._shift_slip("bisa", "masang") is None


def test_connectors_inside_brackets_elaborate_one_skill(norm):
    mentions = norm.mentions("Teknisi Listrik (panel / wiring)")
    assert {m.text for m in mentions} == {"teknisi listrik panel wiring"}
    assert {m.competency_id for m in norm.mentions("Welder (SMAW, GTAW)")} == {"welding"}


def test_experience_talk_jadi_is_filler(norm):
    assert ids(norm, "pernah jadi montir sepeda motor") == ["motorcycle_mechanic"]
    assert ids(norm, "jadi tukang las") == ["welding"]


@pytest.mark.parametrize("text, expected", [
    # a trade word many aliases share ("produksi", "line") beside a telling one names nothing
    ("inspeksi QC di line produksi", ["quality_control"]),
    ("operator forklift area produksi", ["forklift"]),
    # ... but alone it still names its trade
    ("operator produksi", ["production_operator"]),
])
def test_generic_trade_word_yields_to_a_telling_one(norm, text, expected):
    assert ids(norm, text) == expected


@pytest.mark.parametrize("text, expected", [
    # "pos" is left of "pos jaga" (security) and "mesin pos" (cashier): the entry decides
    ("kasir minimarket / pos", ["cashier"]),
    ("satpam; pos", ["security_guard"]),
])
def test_ambiguous_leftover_word_follows_the_entry(norm, text, expected):
    assert ids(norm, text) == expected


@pytest.mark.parametrize("text", ["bikin PO ke vendor", "megang laporan"])
def test_generic_make_and_hold_verbs_name_no_trade(norm, text):
    assert "baking" not in ids(norm, text) and "cashier" not in ids(norm, text)


def test_make_verb_keeps_the_object(norm):
    assert ids(norm, "bikin kue ulang tahun") == ["baking"]


@pytest.mark.parametrize("text, expected", [
    ("servis motor matic", ["motorcycle_mechanic"]),
    ("tukang cat tembok rumah", ["painting"]),
    ("benerin pipa air bersih gedung", ["plumbing"]),
    ("pangkas rambut pria", ["beauty"]),
    ("telemarketing kartu kredit", ["sales"]),
    ("staf pengadaan barang", ["purchasing"]),
])
def test_thin_trades_in_everyday_words(norm, text, expected):
    assert ids(norm, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("opreator forkilft", ["forklift"]),          # two swaps in words under 10 letters
    ("staf guddnag", ["warehouse"]),              # doubled letter and a swap
    ("tukang kaayuu", ["carpentry"]),             # two doubled letters
    ("tkang cat rumah", ["painting"]),            # a dropped letter beats a stray extra one
])
def test_two_slips_in_ordinary_words_are_forgiven(norm, text, expected):
    assert ids(norm, text) == expected


@pytest.mark.parametrize("token, word, ok", [
    ("gdunag", "gudang", True), ("kaayuu", "kayu", True), ("wrehosue", "warehouse", True),
    ("dealer", "sealer", False),        # a substituted letter makes another real word
    ("running", "turning", False),      # three slips
    ("ngurus", "guru", False),          # two letters that are no doubling
])
def test_slip_distance_counts_only_keyboard_slips(token, word, ok):
    from matching.normalise import _slips_within_two
    assert _slips_within_two(token, word) is ok


def test_doubled_letter_in_a_short_word(norm):
    assert norm.core("ccat tembok") == "cat tembok"


@pytest.mark.parametrize("word", ["bawa", "stand", "angkut", "nyusun", "running"])
def test_everyday_words_are_not_typos_of_skill_words(norm, word):
    # a real word is kept as written: no slip rule or cut-short completion turns it into
    # another word ("bawa" is not "bawah", "stand" is not "standard")
    assert norm.core(f"{word} barang") == f"{word} barang"


def test_everyday_word_alone_names_no_soft_skill(norm):
    # "bawa" once became "bawah" and then the soft skill "bawah tekanan"
    assert not any(m.method == "soft" for m in norm.mentions("bawa"))


@pytest.mark.parametrize("text, expected", [
    ("bisa bawa mobil box ekspedisi", "driver"),
    ("bawa beko di proyek", "heavy_equipment_operator"),
    ("kirim paket pakai motor", "courier"),
    ("catat pesanan tamu", "waiter"),
    ("menjawab telepon kantor", "receptionist"),
    ("benerin pipa di rumah", "plumbing"),
    ("bersihin toilet mall", "cleaning"),
    ("ronda malam di komplek", "security_guard"),
    ("ngurus lansia di rumah", "caregiver"),
    ("bandingin harga vendor", "purchasing"),
    ("bikin slip gaji karyawan", "hr_admin"),
    ("nyangkul di sawah", "agriculture"),
    ("ngisi rak minimarket", "retail_assistant"),
    ("cukur jenggot", "beauty"),
])
def test_verb_and_object_name_the_trade(norm, text, expected):
    # everyday "do something with a tool, vehicle or place" phrasings reach the trade
    assert expected in ids(norm, text)


@pytest.mark.parametrize("text, expected", [
    ("crew store fashion (kasir dan display)", "retail_assistant"),
    ("store crew outlet sepatu", "retail_assistant"),
])
def test_alias_made_of_a_generic_and_a_telling_word_inside_longer_text(norm, text, expected):
    # "crew store": "crew" is generic, "store" alone names nothing; written together they do
    assert expected in ids(norm, text)


def test_lone_leftover_word_beside_such_an_alias_names_nothing(norm):
    assert ids(norm, "crew resto service") == ["waiter"]


@pytest.mark.parametrize("text, expected", [
    ("pernah jdsatpm di ruko", ["security_guard"]),    # glued filler + a slip in the skill word
    ("jdkasir swalayan", ["cashier"]),
])
def test_generic_word_glued_to_a_skill_word(norm, text, expected):
    assert ids(norm, text) == expected


@pytest.mark.parametrize("word", ["geomekanika"])
def test_only_the_last_of_two_glued_words_may_be_cut_short(norm, word):
    # "geom" is no word cut short beside a slip of "mekanikal": one word the vocabulary lacks
    assert norm._repair([word]) == [word] and ids(norm, word) == []


def test_known_words_are_not_cut(norm):
    assert norm.core("diesel") == "diesel"


@pytest.mark.parametrize("text, expected", [
    ("benerin mesin produksi", ["machine_maintenance"]),
    ("betulin motor matic", ["motorcycle_mechanic"]),
    ("memperbaiki ac split", ["hvac"]),
    ("nganterin paket ke customer", ["courier"]),
])
def test_colloquial_repair_and_deliver_verbs(norm, text, expected):
    assert ids(norm, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("bungkus barang kiriman", "packing"),
    ("cat pagar rumah", "painting"),
    ("fix cars", "automotive_mechanic"),
    ("ngaduk semen buat pondasi", "masonry"),
    ("tambal ban mobil dan motor", "motorcycle_mechanic"),
    ("lipat baju laundry kiloan", "laundry"),
])
def test_more_everyday_work_phrasings(norm, text, expected):
    assert expected in ids(norm, text)


@pytest.mark.parametrize("text, expected", [
    ("hrdgeneralis", ["hr_admin"]),              # two skill words run together, one with a slip
    ("ngecattemobk rumah", ["painting"]),
    ("operatorforkift", ["forklift"]),
])
def test_two_skill_words_run_together_with_a_slip(norm, text, expected):
    assert ids(norm, text) == expected


def test_swapped_letters_in_a_three_letter_skill_word(norm):
    assert ids(norm, "tukang als pagar") == ["welding"]
    assert norm.core("ppc") == "ppc"          # acronyms are left alone


def test_everyday_phrasing_without_an_alias_word_is_only_a_suggestion(norm):
    # no word of "nyiram bunga di taman" is an alias: the word vote guesses gardening, which
    # staff may confirm; until then it earns nothing
    (m,) = norm.mentions("nyiram bunga di taman")
    assert (m.competency_id, m.suggestion) == (None, "gardening")


@pytest.mark.parametrize("text", [
    "agen koran harian",        # "koran" is a word, not a slip of "korean" (not an official title,
                                # so the real-word gate is what keeps it unplaced)
    "ahli prakiraan cuaca",     # two initials are not the alias "pc"
    "teknisi fisika",           # "fisika" is physics, not a slip of "fisik"
    "penasihat hukum",
])
def test_real_words_are_never_repaired_into_skill_words(norm, text):
    assert norm.competencies(text) == []


def test_real_word_gate_leaves_real_slips_alone(norm):
    assert ids(norm, "tkang bubud") == ["lathe"]          # not words of either language: repaired
    assert norm.real_word("koran") and not norm.real_word("bubud")


def test_a_trait_is_named_by_its_own_word_not_a_derived_one(norm):
    # "penelitian" is research, "kesehatan" health care: neither is the trait of its root
    assert norm.mentions("manajer penelitian") == () or all(
        m.method != "soft" for m in norm.mentions("manajer penelitian"))
    assert all(m.method != "soft" for m in norm.mentions("petugas kesehatan masyarakat"))
    assert any(m.method == "soft" for m in norm.mentions("teliti"))


def test_remains_of_an_alias_need_its_generic_words(norm):
    # "kimia" is left of "operator kimia" once "operator" goes; a chemist is no process operator
    assert "process_operator" not in norm.competencies("ahli kimia")
    assert "process_operator" in norm.competencies("operator kimia")


def test_a_title_head_names_the_trade_when_nothing_after_it_does(norm):
    # KBJI's "Operator Mesin <product>": a machine operator, whatever the product
    (m,) = [m for m in norm.mentions("operator mesin pembuat kancing baju") if m.competency_id]
    assert (m.competency_id, m.method) == ("production_operator", "head")
    # ... but a product that is a trade of its own wins
    assert "production_operator" not in norm.competencies("operator mesin jahit")


def test_a_managers_title_names_what_is_managed_not_a_trade(norm):
    # "produksi" alone is a generic trade word: the production manager is no machine operator
    assert "production_operator" not in norm.competencies("manajer produksi tambang batu")
    (m,) = [m for m in norm.mentions("manajer produksi tambang batu") if m.method == "suggestion"]
    assert m.suggestion == "production_operator"
    assert "production_operator" in norm.competencies("staf produksi")


def test_a_digit_after_a_word_is_its_number_word_where_aliases_say_so(norm):
    assert ids(norm, "servis kendaraan roda 2") == ids(norm, "servis kendaraan roda dua") == ["motorcycle_mechanic"]
    # elsewhere a number stays a count: "tukang las 2" is still exactly a welder
    (m,) = norm.mentions("tukang las 2")
    assert (m.competency_id, m.method, m.confidence) == ("welding", "exact", 1.0)


def test_a_word_many_trades_use_says_the_trade_only_when_nothing_else_does(norm):
    # alone it is read; beside a fragment naming a trade it is no second trade
    assert ids(norm, "maintenance") == ["machine_maintenance"]
    assert ids(norm, "maintenance & topologi network lan wan") == ["networking"]
