"""Free text -> the competencies it names.

People write skills as they speak: "op. bubut & baca gambar", "Lathe Operator", "tkg las",
"pengalaman 2 thn sbg operator forklift (bersertifikat)", with typos and in either language.
The normaliser turns one such entry into `Mention`s, one per skill it names.

Pipeline (each step is generic; nothing here knows a particular competency):
1. clean: lower case, strip accents, expand abbreviations token by token ("op." -> operator,
   taxonomy `[words]` first, then a small built-in set of chat abbreviations), drop durations
   ("2 thn", "(1 tahun)") and punctuation; connectors (, & / ; + newline, "dan", "and", "serta",
   "atau") become fragment separators.
2. the whole entry is tried as one alias first (an alias may itself contain a connector), then
   every fragment on its own.
3. each token is made canonical against the alias vocabulary: kept if known, else an Indonesian
   or English affix-stripped form that is known ("pembubutan" -> "bubut", "welding" -> "weld"),
   else a typo correction (OSA distance 1, 2 from 10 letters; in words under 7 letters only a
   dropped, doubled or swapped letter, so "kelas" never becomes "keras" and "las" is never
   touched; ties go to the word more aliases use). Slips across a space are undone first
   ("mesinbubut", "mesinb ubut"). Filler words ("mampu", "pengalaman", "sebagai", taxonomy
   `[words]` filler) are then dropped, leaving the fragment's core.
4. matching, most precise first:
   - exact alias (whole fragment or core). Where aliases of several competencies reduce to the
     same core, the one that lost the fewest filler words owns it ("jahit" is sewing, not the
     remains of "teknisi mesin jahit").
   - aliases inside the core as adjacent words in any order ("mesin bubut operator"), longest
     first, non-overlapping; a lone word inside longer text only counts if it is an alias by
     itself.
   - a whole-core typo match (rapidfuzz OSA) that keeps every real word as written;
   - a title head ("operator mesin ...") when nothing after it names a trade.
   Guesses are suggestions (method "suggestion", `competency_id=None`, the guess in
   `suggestion`): never a reading, no match credit until staff confirm an alias:
   - initials of a written-out name ("programmable logic controller" -> "plc");
   - a word vote: the alias sharing the most telling words (IDF over competencies), if it
     explains at least half of the core and names at most two competencies;
   - the nearest alias by character n-gram TF-IDF cosine (char_wb 3-5, as scikit-learn's
     analyzer but hand-rolled in `freetext` so one phrase costs microseconds), above a threshold.
   A reading found inside longer text or through a repaired typo carries lower confidence; the
   scorer treats a requirement placed with confidence under 0.85 as uncertain (see `scoring`).
5. what cannot be placed stays as free text (`competency_id=None`, method "unknown"); its
   `core` (canonical words without generic ones) is what the engine compares with other free
   text. Soft skills (group "soft") are reported with method "soft" and never count as hard
   skills.

Everything is token based, so an alias only ever matches whole words. Results are cached per
distinct entry; the cache is bounded.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from math import log

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .freetext import FreeTextModel, PhraseIndex
from .occupations import Occupation, by_title
from .taxonomy import Taxonomy
from .wordlists import zipf_table

SEP = "|"
CONNECTOR_WORDS = frozenset({"dan", "and", "serta", "atau", "or", "maupun", "plus"})
_CONNECTOR_CHARS = re.compile(r"[,&/;+\n\r|]")
_DURATION = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*\+?\s*(?:thn|tahun|th|tahunan|bln|bulan|bulanan|minggu|mgg|hari|"
    r"years?|yrs?|yr|months?|mos?)\b")
_TOKEN = re.compile(r"[^\s.]+\.?|\.")
_REDUP = re.compile(r"^([a-z]{3,})2(an|nya)?$")
_VOWELS = frozenset("aeiou")
_DIGIT_WORDS = dict(zip("123456789", "satu dua tiga empat lima enam tujuh delapan sembilan".split()))
_NUMBER = re.compile(r"(?<![\w.])\d{1,4}(?![\w.])")

# Generic Indonesian/English function words and experience talk: never a skill by themselves.
BASE_FILLER = frozenset("""
    yang di ke dari pada dalam untuk dengan sebagai oleh bagi secara juga sudah telah pernah
    sedang akan bisa dapat mampu mau siap sangat cukup lebih kurang minimal min maks max sekitar
    memiliki mempunyai punya menguasai paham memahami mengerti mengetahui tahu terbiasa biasa
    berpengalaman pengalaman pengalamn experience experienced exp bekerja kerja bagian divisi
    posisi jabatan sebagai selama tahun bulan minggu hari keahlian keterampilan ketrampilan
    kemampuan skill skills skilled expert ahli terampil handal mahir baik bagus lancar
    bersertifikat sertifikat bersertifikasi sertifikasi certified certificate tingkat level
    dasar basic menengah lanjut lanjutan advanced pemula beginner intermediate
    in as of the a an at on for with to able can good knowledge familiar proficient
    saya aku i my pt cv perusahaan company pendidikan lulusan jurusan
    sebuah suatu seorang
""".split())

# Everyday words that are no skill and no typo either: known as written, so a slip rule or a
# cut-short completion never turns them into a skill word ("bawa" is not "bawah", "stand" not
# "standard"). Unlike filler they stay in the core: "bawa truk" keeps both words.
COMMON_WORDS = frozenset("""
    bawa bawain membawa dibawa anter antar ngantar angkat ngangkat angkut ngangkut pegang megang
    pakai pake make ambil ngambil kasih ngasih kirim ngirim terima nerima jual jualan beli cari
    nyari bikin buat bantu bantuin urus ngurus ngurusin tunggu nunggu nungguin ganti gantiin cek
    ngecek periksa hitung ngitung catat nyatet tulis nulis jalan jalanin naik turun masuk keluar
    pulang pergi datang balik kembali tanya jawab minta suruh ajak panggil pindah pindahin susun
    nyusun atur ngatur beres rapi rapihin simpan nyimpen buang ngebuang tarik dorong geser
    rumah kantor toko warung pasar kota desa kampung jalanan orang anak ibu bapak tamu teman
    barang benda meja kursi pintu jendela lantai dinding atap kamar ruang ruangan halaman depan
    belakang dalam luar atas kiri kanan pagi siang sore malam shift harian bulanan borongan
    banyak sedikit besar kecil berat ringan cepat lambat bersih kotor rusak bocor mampet baru lama
    stand store crew helper help work worker shop drive carry deliver serve table order guest
    call phone fix repair handle keep take make set run running setting check support
""".split())

# Chat abbreviations common in Indonesian forms; the taxonomy's [words] may add or override.
BASE_ABBREVIATIONS = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "utk": "untuk", "sbg": "sebagai",
    "tkg": "tukang", "op": "operator", "op.": "operator", "opr": "operator", "thn": "tahun",
    "th": "tahun", "bln": "bulan", "pngalaman": "pengalaman", "pglmn": "pengalaman",
    "pengalamn": "pengalaman", "bs": "bisa", "sdh": "sudah", "sy": "saya", "krj": "kerja",
    "dll": "", "dsb": "", "etc": "", "tsb": "", "&amp;": "&",
}

_ID_PREFIXES = (("menge", ""), ("penge", ""), ("meng", ""), ("meng", "k"), ("peng", ""), ("peng", "k"),
                ("meny", "s"), ("peny", "s"), ("mem", "p"), ("mem", ""), ("pem", "p"), ("pem", ""),
                ("men", "t"), ("men", ""), ("pen", "t"), ("pen", ""), ("me", ""), ("pe", ""),
                ("ber", ""), ("be", ""), ("per", ""), ("ter", ""), ("ke", ""), ("di", ""), ("", ""))
# Jakarta colloquial verb forms: nge-/ng-/ny-/m- prefixes ("ngelas", "ngecat", "nyapu", "mbubut")
# and the -in suffix ("beresin", "pasangin"); tried after the standard affixes.
_COLLOQUIAL_PREFIXES = (("nge", ""), ("ng", ""), ("ng", "k"), ("ny", "s"), ("ny", "c"), ("mb", "b"),
                        ("", ""))
_COLLOQUIAL_SUFFIXES = ("in", "nya", "")
_ID_SUFFIXES = ("an", "kan", "i", "nya", "")
_EN_SUFFIXES = ("s", "es", "ing", "er", "ers", "ed", "ment", "ion")


@dataclass(frozen=True)
class Mention:
    """One skill named in an entry. `competency_id` is None for text the taxonomy can't place."""
    text: str                      # the cleaned fragment it was found in
    competency_id: str | None
    confidence: float              # in [0, 1]
    method: str                    # exact | occupation | alias_in_text | fuzzy | head | soft | suggestion | unknown
    alias: str | None = None       # the alias (cleaned) that matched, if any
    core: str = ""                 # the fragment without generic words: what free text compares
    suggestion: str | None = None  # an uncertain candidate (method "suggestion"): never a reading,
                                   # earns no credit until staff confirm it as an alias
    words: str = ""                # the words of the entry that named the competency

    @property
    def is_hard(self) -> bool:
        return self.competency_id is not None and self.method != "soft"


@dataclass(frozen=True)
class NormaliseConfig:
    fuzzy_min_len: int = 6              # shorter cores must match exactly (short words are ambiguous)
    word_vote_min_coverage: float = 0.5  # share of the core's word weight a competency must explain
    word_vote_max_ties: int = 2
    word_vote_confidence: float = 0.8
    acronym_confidence: float = 0.85
    head_confidence: float = 0.85       # a title's head alone: sure enough to count, below an alias
    acronym_min_words: int = 3          # two initials ("pc" of "prakiraan cuaca") name too many things
    ngram_threshold: float = 0.62       # cosine to the nearest alias for the n-gram fallback
    ngram_min_len: int = 4
    alias_in_text_confidence: float = 0.9
    corrected_confidence: float = 0.9   # factor when a typo had to be corrected
    two_typos_min_len: int = 10         # words this long may carry two slips
    two_slips_min_len: int = 6          # from here two drop/double/swap slips (no substitution)
    generic_word_spread: int = 5        # a word in this many competencies' aliases is generic
    real_word_zipf: float = 3.0         # a word this frequent (wordfreq Zipf, Indonesian or English)
                                        # is a real word: never "corrected" into a skill word
    lexeme_zipf: float = 4.0            # a word this common is not cut down to a root under 4 letters
    cache_size: int = 200_000


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def stem_candidates(token: str) -> list[str]:
    """Possible roots of an Indonesian or English derived word, most likely first."""
    out: list[str] = []
    if token.endswith("in") and len(token) >= 6:
        # the colloquial -in suffix is a strong signal: try it before standard prefixes, so
        # "beresin" is "beres", not "be" + "resin"
        out += [c for c in _colloquial(token) if len(c) < len(token) - 1]
    for prefix, restore in _ID_PREFIXES:
        if not token.startswith(prefix):
            continue
        rest = token[len(prefix):]
        for suffix in _ID_SUFFIXES:
            if suffix and not rest.endswith(suffix):
                continue
            if not prefix and suffix and token.startswith("pe"):
                # pe-...-an is one confix: "perawatan" is care, not "perawat" (a nurse);
                # "pendidikan" is schooling, not "pendidik"
                continue
            root = restore + (rest[: len(rest) - len(suffix)] if suffix else rest)
            # short prefixes on short roots are mostly not affixes at all ("kelas" is not ke+las)
            if len(root) < 3 or root == token or (len(prefix) < 3 and prefix and len(root) < 4):
                continue
            out.append(root)
    out += _colloquial(token)
    for suffix in _EN_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            base = token[: -len(suffix)]
            out += [base, base + "e"]
            if len(base) > 3 and base[-1] == base[-2]:
                out.append(base[:-1])          # programming -> program
    return list(dict.fromkeys(out))


def _colloquial(token: str) -> list[str]:
    out = []
    for prefix, restore in _COLLOQUIAL_PREFIXES:
        if not token.startswith(prefix):
            continue
        rest = token[len(prefix):]
        for suffix in _COLLOQUIAL_SUFFIXES:
            if (not prefix and not suffix) or (suffix and not rest.endswith(suffix)):
                continue
            root = restore + (rest[: len(rest) - len(suffix)] if suffix else rest)
            if len(root) >= 3 and root != token:
                out.append(root)
    return out


class Normaliser:
    """Maps free-text skill entries to taxonomy competencies; build once per taxonomy."""

    def __init__(self, taxonomy: Taxonomy, config: NormaliseConfig | None = None):
        self.taxonomy = taxonomy
        self.config = config or NormaliseConfig()
        self.abbreviations = {**BASE_ABBREVIATIONS, **taxonomy.abbreviations}
        self.filler = BASE_FILLER | {w for f in taxonomy.filler for w in self._clean_tokens(f) if w != SEP}
        self._build_alias_index()
        self.official = by_title(taxonomy.occupations, self._title_key)
        self.mentions = lru_cache(maxsize=self.config.cache_size)(self._mentions)
        self._canonical = lru_cache(maxsize=self.config.cache_size)(self._canonical_token)
        self._zipf_table = zipf_table(min(self.config.real_word_zipf, self.config.lexeme_zipf))
        self.real_word = lru_cache(maxsize=self.config.cache_size)(self._real_word)
        self._good = lru_cache(maxsize=self.config.cache_size)(self._good_form)

    # ---- index -------------------------------------------------------------------------------
    def _build_alias_index(self) -> None:
        exact: dict[str, dict[str, str]] = {}       # cleaned alias -> {competency id: alias}
        core: dict[str, dict] = {}                  # alias without filler words
        bag: dict[tuple, dict] = {}                 # sorted core words (word order free)
        self.vocab: set[str] = set()
        # (core, competency) -> {the generic words an alias has beside that core: the alias}
        self._generic_parts: dict[tuple[str, str], dict[frozenset, str]] = {}
        for alias, comp_id in self.taxonomy.alias_items():
            tokens = [t for t in self._clean_tokens(alias) if t != SEP and t not in CONNECTOR_WORDS]
            if not tokens:
                continue
            self.vocab.update(tokens)
            exact.setdefault(" ".join(tokens), {}).setdefault(comp_id, alias)
            core_tokens = [t for t in tokens if t not in self.filler] or tokens
            # numbers fall out in cleaning ("api 510" -> "api"): what is left is no alias by itself
            dropped = len(tokens) - len(core_tokens) + len(_NUMBER.findall(alias))
            self._generic_parts.setdefault((" ".join(core_tokens), comp_id), {}).setdefault(
                frozenset(t for t in tokens if t in self.filler), alias)
            _keep_best(core.setdefault(" ".join(core_tokens), {}), comp_id, dropped, alias)
            _keep_best(bag.setdefault(tuple(sorted(core_tokens)), {}), comp_id, dropped, alias)
        self.exact = exact
        numbers = set(_DIGIT_WORDS.values())
        self._number_pairs = {(a, b) for key in exact for a, b in zip(key.split(), key.split()[1:]) if b in numbers}
        self.core_index, self.bag = _precedence(core), _precedence(bag)
        # words that are an alias by themselves, not the remains of "teknisi mesin jahit"
        self.pure_single = {k[0] for k, hits in bag.items() if len(k) == 1 and min(d for d, _ in hits.values()) == 0}
        self._build_word_votes()
        self.max_alias_len = max((len(k) for k in bag), default=1)
        self._known = self.vocab | self.filler | CONNECTOR_WORDS | COMMON_WORDS
        self._known_list = sorted(self._known)
        self._known_by_len: dict[int, list[str]] = {}
        for word in self._known_list:
            self._known_by_len.setdefault(len(word), []).append(word)
        skeletons: dict[str, tuple[int, str]] = {}
        for word in self._known_list:
            if len(word) >= 4 and word.isalpha() and _VOWELS.intersection(word):
                skel = "".join(c for c in word if c not in _VOWELS)
                rank = self.word_freq.get(word, 0)
                if len(skel) >= 3 and (skel not in skeletons or rank > skeletons[skel][0]):
                    skeletons[skel] = (rank, word)
        self._skeletons = {k: w for k, (_, w) in skeletons.items() if k not in self._known}
        self._core_keys = list(core)
        self._keys_by_len: dict[int, list[str]] = {}
        for key in self._core_keys:
            self._keys_by_len.setdefault(len(key), []).append(key)
        self._pool = lru_cache(maxsize=256)(self._length_pool)
        self._alias_ngrams = PhraseIndex(FreeTextModel(self._core_keys))
        self._alias_ngrams.add_many(self._core_keys)

    def _build_word_votes(self) -> None:
        """word -> the aliases (word-order-free keys) using it, and how telling the word is (IDF
        over competencies: "mobil" says more than "mekanik")."""
        word_keys: dict[str, list[tuple]] = {}
        word_comps: dict[str, set[str]] = {}
        for key, hits in self.bag.items():
            for word in set(key):
                word_keys.setdefault(word, []).append(key)
                word_comps.setdefault(word, set()).update(hits)
        n = max(1, len(self.taxonomy))
        self.word_keys = word_keys
        self.word_freq = {w: len(k) for w, k in word_keys.items()}
        # how many competencies' aliases use a word: "produksi", "pabrik", "perawatan" are in
        # many trades' aliases and say little about which trade when other words say more
        self.word_spread = {w: len(c) for w, c in word_comps.items()}
        self.word_idf = {w: log(1 + n / len(c)) for w, c in word_comps.items()}
        self.unknown_word_idf = log(1 + n)

    # ---- public ------------------------------------------------------------------------------
    def competencies(self, text: str) -> list[str]:
        """The hard competency ids an entry names (convenience for callers and tests)."""
        return [m.competency_id for m in self.mentions(text) if m.is_hard]

    def occupation(self, text: str) -> Occupation | None:
        """The official occupation (KBJI 2014) the whole entry is the title of, if any."""
        return self.official.get(self._title_key(text))

    def core(self, text: str) -> str:
        """An entry's words without generic words, canonicalised: what free text is compared on."""
        return " ".join(self._phrase(f) for f in self._fragments(self.clean(text)))

    def clean(self, text: str) -> list[str]:
        return self._clean_tokens(text)

    # ---- cleaning ----------------------------------------------------------------------------
    def _clean_tokens(self, text: str) -> list[str]:
        text = strip_accents(str(text)).lower()
        text = _DURATION.sub(" ", text)
        # "(Siemens / Omron)", "(Ms. Excel, Word)": what brackets hold elaborates the skill
        # before them, so a connector inside does not split the entry into separate skills
        text = re.sub(r"\(([^)]*)\)?", lambda m: " " + _CONNECTOR_CHARS.sub(" ", m.group(1)) + " ", text)
        text = _CONNECTOR_CHARS.sub(f" {SEP} ", text)
        tokens: list[str] = []
        abbreviations = getattr(self, "abbreviations", BASE_ABBREVIATIONS)
        for raw in _TOKEN.findall(text):
            expanded = abbreviations.get(raw, abbreviations.get(raw.rstrip("."))) if raw != "." else ""
            for word in (raw if expanded is None else expanded).split():
                tokens += re.sub(r"[^\w|]+", " ", word).replace("_", " ").split()
        # "bersih2", "sayur2an": the digit writes a reduplication; the word itself is the skill
        tokens = [_REDUP.sub(r"\1\2", t) for t in tokens]
        # "roda 2" is "roda dua": a lone digit after a word is that number's word where aliases
        # say so; other numbers ("min 2", "las 2", ages, years, counts) say nothing about a skill
        tokens = [_DIGIT_WORDS[t] if t in _DIGIT_WORDS and i and self._numbered(tokens[i - 1], _DIGIT_WORDS[t])
                  else t for i, t in enumerate(tokens)]
        tokens = [SEP if t in CONNECTOR_WORDS else t for t in tokens if not (t.isdigit() and len(t) < 5)]
        return tokens

    def _numbered(self, word: str, number: str) -> bool:
        pairs = getattr(self, "_number_pairs", None)      # None while the aliases themselves are read
        return word.isalpha() and (pairs is None or (word, number) in pairs)

    def _fragments(self, tokens: list[str]) -> list[list[str]]:
        out, current = [], []
        for token in tokens + [SEP]:
            if token == SEP:
                if current:
                    out.append(current)
                current = []
            else:
                current.append(token)
        return out

    # ---- token canonicalisation ------------------------------------------------------------
    def _canonical_token(self, token: str) -> tuple[str, bool]:
        """(canonical token, whether a typo was corrected)."""
        if token in self._known or any(c.isdigit() for c in token):
            return token, False
        for root in stem_candidates(token):
            if root in self.vocab and not (len(root) < 4 and self.zipf(token) >= self.config.lexeme_zipf):
                # a very common word is a word of its own: "perahu" (a boat) holds no "ahu"
                return root, False
        n = len(token)
        if n >= 3 and token.isalpha() and not _VOWELS.intersection(token):
            # phone shorthand drops the vowels: "mtr" motor, "brg" barang, "prnh" pernah
            found = self._skeletons.get(token)
            if found:
                return found, False
        if n == 3 and token.isalpha() and _VOWELS.intersection(token):
            # two letters swapped in a three-letter skill word ("als" for "las"); never between
            # acronyms, which have no vowel to swap and are too many to tell apart
            swapped = sorted((-self.word_freq.get(w, 0), w) for w in _swaps(token)
                             if w in self.pure_single and w[1] in _VOWELS)
            if swapped:
                return swapped[0][1], True
        if self.real_word(token):
            # "koran", "bedah", "cuaca": a word of the language the taxonomy lacks names something
            # else; repairing it into the nearest skill word is how a newspaper agent became Korean
            return token, False
        if n >= 4 and token.isalpha():
            # a word cut short: "kary" karyawan, "tekn" teknisi (the most used completion)
            found = self._truncation(token)
            if found:
                return found, False
        if n < 4:
            return token, False
        # doubled letters are the commonest slip on a phone: "ccat" is "cat" before it is "cacat"
        undoubled = self._undouble(token)
        if undoubled:
            return undoubled, True
        # one slip for ordinary words, two only in long ones: a looser rule turns other trades'
        # words into ours ("painting" is two edits from "printing")
        max_dist = 2 if n >= self.config.two_typos_min_len else 1
        lengths = [n + 1] if n == 4 else range(n - max_dist, n + max_dist + 1)
        pool = self._pool("words", tuple(lengths))
        # among equally near words, one a keyboard slip away (a dropped, doubled or swapped letter)
        # before one reached by a stray extra letter: "tkang" is "tukang", not "tang"
        found = [(dist, not _slips_within_two(token, word), -self.word_freq.get(word, 0), word)
                 for word, dist, _ in process.extract(token, pool, scorer=OSA.distance, score_cutoff=max_dist, limit=8)
                 if n >= 7 or _slip(token, word)]
        if not found and n >= self.config.two_slips_min_len:
            # two keyboard slips in an ordinary word ("gduang" + a doubled letter): only drops,
            # doubled and swapped letters count, never a substituted one, so a real word of
            # another trade ("painting" / "printing") is not reached
            pool = self._pool("words", tuple(range(n - 2, n + 3)))
            found = [(dist, False, -self.word_freq.get(word, 0), word)
                     for word, dist, _ in process.extract(token, pool, scorer=OSA.distance, score_cutoff=2, limit=20)
                     if word.isalpha() and _slips_within_two(token, word)]
        if not found:
            return token, False
        # nearest first; among equals the word more aliases use ("welde" -> "welder", not "weld")
        return min(found)[-1], True

    def _real_word(self, token: str) -> bool:
        """A word of everyday Indonesian or English (wordfreq's lists), as written."""
        return self.zipf(token) >= self.config.real_word_zipf

    def zipf(self, token: str) -> float:
        """How common a word is in Indonesian or English (Zipf; 0 below the thresholds used)."""
        return self._zipf_table.get(token, 0.0)

    def _undouble(self, token: str) -> str | None:
        """A skill word the token is with one or two doubled letters written once."""
        once = {token[:i] + token[i + 1:] for i in range(1, len(token)) if token[i] == token[i - 1]}
        for candidates in (once, {c[:i] + c[i + 1:] for c in once for i in range(1, len(c)) if c[i] == c[i - 1]}):
            known = [w for w in candidates if w in self.vocab]
            if known:
                return max(known, key=lambda w: (self.word_freq.get(w, 0), w))
        return None

    def _truncation(self, token: str) -> str | None:
        best = None
        lo = bisect_left(self._known_list, token)
        for word in self._known_list[lo:lo + 200]:
            if not word.startswith(token):
                break
            if len(token) * 5 >= len(word) * 2 and word.isalpha():
                rank = (self.word_freq.get(word, 0), -len(word))
                if best is None or rank > best[0]:
                    best = (rank, word)
        return best[1] if best else None

    def _length_pool(self, kind: str, lengths: tuple[int, ...]) -> list[str]:
        """Known words or alias keys of the given lengths: an edit distance of d can only reach
        strings within d letters of the length, so the rest is never compared."""
        by_len = self._known_by_len if kind == "words" else self._keys_by_len
        return [w for m in lengths for w in by_len.get(m, ())]

    def _repair(self, tokens: list[str]) -> list[str]:
        """Undo a slip across a space: "mesinbubut", "mesinb ubut", "auto cad" -> known words."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt and ((token not in self._known and not self.real_word(token))
                        or (nxt not in self._known and not self.real_word(nxt))):
                joined = self._split_known(token + nxt)
                if joined:
                    out += joined
                    i += 2
                    continue
                shifted = self._shift_slip(token, nxt)
                if shifted:
                    out.append(shifted[0])
                    tokens = tokens[:i + 1] + [shifted[1]] + tokens[i + 2:]
                    i += 1
                    continue
            glued = token not in self._known and not self.real_word(token)   # "internet" is not inter+net
            out += (self._split_known(token) or self._split_glued(token) if glued else None) or [token]
            i += 1
        return out

    def _split_glued(self, word: str) -> list[str] | None:
        """A generic word glued to a skill word that may carry a slip: "jdsatpm", "helperdi".
        Only a word that is no known word and no slip of one is cut; the skill part keeps 5+
        letters, so short words ("kelas") are never split."""
        if len(word) < 7 or not word.isalpha():
            return None
        canon, corrected = self._canonical(word)
        if corrected or canon in self._known:
            return None
        for cut in range(2, len(word) - 4):
            left, right = word[:cut], word[cut:]
            if left in self.filler and right not in self.filler:
                canon, _ = self._canonical(right)
                if canon in self.vocab and canon not in self.filler:
                    return [left, right]
        for cut in range(len(word) - 2, 4, -1):
            left, right = word[:cut], word[cut:]
            if right in self.filler and left not in self.filler:
                canon, _ = self._canonical(left)
                if canon in self.vocab and canon not in self.filler:
                    return [left, right]
        # two skill words run together, one of them with a slip: "hrdgenerlist", "ngecattembbok"
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if len(left) < 5 and len(right) < 5:
                continue
            (lc, lfix), (rc, rfix) = self._canonical(left), self._canonical(right)
            # each half as written or with a slip, never a derived form: "penyem|belih" is no
            # pair of skill words, it is one word the vocabulary lacks; and only the last word
            # can be one cut short ("biom|ekanika" is not "biomass" + "mekanikal")
            if (lc != left and not lfix and len(lc) < 5) or (rc != right and not rfix and len(rc) < 5) \
                    or (not lfix and len(lc) > len(left)):
                continue
            if lc in self.vocab and rc in self.vocab and not (lfix and rfix) and \
                    lc not in self.filler and rc not in self.filler and \
                    len(left if lfix else right) >= 5 and len(right if lfix else left) >= 3:
                return [left, right]
        return None

    def _good_form(self, word: str) -> bool:
        """A word known as written or by its affixes (no typo correction)."""
        if len(word) < 2:
            return False
        # cheap on purpose: shift slips try many letter cuts, and a full typo search on each
        # was most of the normaliser's time
        return word in self._known or any(root in self.vocab for root in stem_candidates(word))

    def _shift_slip(self, left: str, right: str) -> tuple[str, str] | None:
        """A letter swapped across the space: "mesi nbubut", "mesinb ubut" -> "mesin bubut"."""
        if self._good(left) and self._good(right):
            return None
        if len(left) < 2 or len(right) < 2:
            return None
        for a, b in ((left[:-1], left[-1] + right), (left + right[0], right[1:])):
            if len(a) >= 2 and len(b) >= 2 and self._good(a) and self._good(b):
                return a, b
        return None

    def _split_known(self, word: str) -> list[str] | None:
        if word in self.vocab:
            return [word]
        # both halves must be skill words of 3+ letters: "kelas" is not "ke" + "las"
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if left in self.vocab and right in self.vocab:
                return [left, right]
        return None

    def _phrase(self, tokens: list[str], words: list[str] | None = None) -> str:
        """The fragment for free-text comparison: canonical words without the generic ones.
        Trade words the taxonomy calls filler ("mesin", "tukang") stay: between two free texts
        "perawatan mesin" and "perawatan taman" differ exactly there."""
        words = words if words is not None else [self._canonical(t)[0] for t in self._repair(tokens)]
        return " ".join(w for w in words if w not in BASE_FILLER and w not in CONNECTOR_WORDS)

    # ---- matching ----------------------------------------------------------------------------
    def _mentions(self, text: str) -> tuple[Mention, ...]:
        tokens = self._clean_tokens(text)
        whole = [t for t in tokens if t != SEP]
        if not whole:
            return ()
        hit = self.exact.get(" ".join(whole))
        if hit and len(self._fragments(tokens)) > 1:      # an alias that contains a connector
            return tuple(self._make(" ".join(whole), hit, 1.0, "exact", self._phrase(whole)))
        occupation = None if hit else self.official.get(" ".join(whole))
        if occupation is not None:
            return tuple(self._occupation(whole, occupation))
        out: list[Mention] = []
        weak: list[tuple[list[Mention], str]] = []
        for fragment in self._fragments(tokens):
            found = self._match_fragment(fragment)
            why = self._weak(fragment) if found else None
            if why:
                weak.append((found, why))
            else:
                out += found
        # a fragment that is a single word left over from filler-stripped aliases of several
        # trades ("pos" of "pos jaga" and "mesin pos") is ambiguous, and a word many trades use
        # says little; beside other skills in the same entry such a fragment keeps only the
        # competencies those name ("mesin kasir / pos")
        named = {m.competency_id for m in out if m.is_hard}
        for found, why in weak:
            if not named:
                out += found
                continue
            if why == "remains" and sum(m.is_hard for m in found) < 2:
                out += found
                continue
            kept = [m for m in found if m.competency_id in named or not m.is_hard]
            out += kept or [Mention(found[0].text, None, 0.0, "unknown", None, found[0].core)]
        out = self._managed(whole, out)
        return tuple(_dedupe(out + self._head(whole, out)))

    def _title_key(self, title: str) -> str:
        return " ".join(t for t in self._clean_tokens(title) if t != SEP)

    def _occupation(self, words: list[str], occupation: Occupation) -> list[Mention]:
        """An official title is what the occupation list says it is, and nothing else: the words
        inside it name no other trade ("Teknisi Bedah" is no builder), and a title no competency
        fits stays unplaced rather than guessed."""
        text, phrase = " ".join(words), self._phrase(words)
        hits = {c: occupation.title.lower() for c in occupation.competencies}
        return (self._make(text, hits, 1.0, "occupation", phrase, text)
                or [Mention(text, None, 0.0, "unknown", None, phrase)])

    def _managed(self, words: list[str], found: list[Mention]) -> list[Mention]:
        """A manager's title ("Manajer Produksi Penggalian") names what is managed, not a trade
        the manager practises: a lone generic trade word in it is only a suggestion."""
        if not words or words[0] not in self.taxonomy.ranks:
            return found
        return [self._suggest(m.text, m.competency_id, m.confidence, m.core)
                if m.is_hard and len(m.words.split()) == 1 and self._generic(m.words) else m for m in found]

    def _head(self, words: list[str], found: list[Mention]) -> list[Mention]:
        """A title that begins with a head the taxonomy names ("operator mesin ...": a machine
        operator, KBJI 8) is that trade when nothing after the head names one."""
        if any(m.is_hard for m in found):
            return []
        for head, comp_id in self.taxonomy.heads.items():
            size = len(head.split())
            if " ".join(words[:size]) == head:
                return self._make(" ".join(words), {comp_id: head}, self.config.head_confidence, "head",
                                  self._phrase(words), head)
        return []


    def _weak(self, tokens: list[str]) -> str | None:
        """Why the fragment alone may not say the trade: "remains" when its core is one word that
        is no alias by itself, only what is left of aliases whose other words are filler;
        "generic" when it is one word many trades' aliases use ("maintenance" of "maintenance &
        topologi network")."""
        words = [self._canonical(t)[0] for t in self._repair(tokens)]
        core = [w for w in words if w not in self.filler]
        if len(core) != 1 or (core[0],) not in self.bag:
            return None
        if self._generic(core[0]):
            return "generic"
        return "remains" if " ".join(tokens) not in self.exact and core[0] not in self.pure_single else None

    def _make(self, text: str, hits: dict[str, str], confidence: float, method: str, core: str,
              words: str = "") -> list[Mention]:
        out = []
        for comp_id, alias in hits.items():
            soft = self.taxonomy.is_soft(comp_id)
            if soft and not self._as_written(alias, text):
                continue
            out.append(Mention(text, comp_id, round(min(1.0, confidence), 4), "soft" if soft else method,
                               alias, core, words=words or text))
        return out

    def _match_fragment(self, tokens: list[str]) -> list[Mention]:
        text = " ".join(tokens)
        if text in self.exact:
            return self._make(text, self.exact[text], 1.0, "exact", self._phrase(tokens))
        canon = [self._canonical(t) for t in self._repair(tokens)]
        corrected = any(flag for _, flag in canon)
        words = [w for w, _ in canon]
        core = [w for w in words if w not in self.filler]
        core_text = " ".join(core)
        phrase = self._phrase(tokens, words)
        factor = self.config.corrected_confidence if corrected else 1.0
        method = "fuzzy" if corrected else "exact"
        if " ".join(words) in self.exact:
            return self._make(text, self.exact[" ".join(words)], factor, method, phrase)
        if len(core_text) < 2:
            return []                   # "skill(s)": a lone letter names nothing
        if core_text in self.core_index:
            return self._core_hit(text, self.core_index[core_text], words, core, factor, method, phrase)
        if not core:
            return []
        found = self._alias_in_text(core) or self._alias_in_text(self._rooted(core))
        # "crew store fashion kasir": the generic+telling alias is there beside the lone one
        named = {c for hits, _, _ in found for c in hits}
        found += [f for f in self._alias_with_filler(words, core, with_rest=not found)
                  if not named.intersection(f[0])]
        if not found:
            return self._fallback(text, core_text, phrase)
        return [m for hits, size, span in found
                for m in self._make(text, hits, self._cover_confidence(size, core, factor),
                                    "fuzzy" if corrected else "alias_in_text", phrase, " ".join(span))]

    def _core_hit(self, text, hits, words, core, factor, method, phrase) -> list[Mention]:
        """The core is an alias once generic words are dropped. When it is one word that is no
        alias by itself ("kimia" of "operator kimia"), the alias's generic words must be in
        the text too: "ahli kimia" is a chemist, not a chemical process operator."""
        if len(core) == 1 and core[0] not in self.pure_single:
            present = set(words)
            sure = {}
            for comp_id in hits:
                written = [a for generic, a in self._generic_parts.get((core[0], comp_id), {}).items()
                           if generic <= present]
                if written:
                    sure[comp_id] = written[0]
            if not sure:
                return [self._suggest(text, next(iter(hits)), self.config.alias_in_text_confidence, phrase)]
            hits = sure
        return self._make(text, hits, factor, method, phrase, " ".join(core))

    def _as_written(self, alias: str | None, text: str) -> bool:
        """Every word of the alias is in the text as written: a trait is named by its own word,
        never by a derived one ("penelitian" is research, not "teliti"; "kesehatan" is health
        care, not "sehat")."""
        written = set(text.split())
        return alias is not None and all(w in written for w in self._clean_tokens(alias) if w != SEP)

    def _rooted(self, core: list[str]) -> list[str]:
        """Derived words replaced by a root that is an alias by itself ("pengelasan" -> "las"),
        tried only once the words as written matched nothing: they may be aliases' words too."""
        out = []
        for word in core:
            roots = [r for r in stem_candidates(word) if r in self.pure_single
                     and not (len(r) < 4 and self.zipf(word) >= self.config.lexeme_zipf)
                     ] if word not in self.pure_single else []
            out.append(roots[0] if roots else word)
        return out

    def _cover_confidence(self, covered: int, core: list[str], factor: float) -> float:
        if covered == len(core):
            return factor
        return self.config.alias_in_text_confidence * factor

    def _alias_in_text(self, core: list[str]) -> list[tuple[dict[str, str], int, tuple]]:
        """Aliases inside the core as adjacent words in any order, longest first, not overlapping."""
        used = [False] * len(core)
        found = []
        for size in range(min(self.max_alias_len, len(core)), 0, -1):
            for start in range(len(core) - size + 1):
                if any(used[start:start + size]):
                    continue
                if size == 1 and len(core[start]) < 2:
                    continue
                hits = self.bag.get(tuple(sorted(core[start:start + size])))
                # a lone word inside a longer text only counts if it is an alias on its own:
                # "servis" is left of "servis mesin" once filler goes, but names no skill
                if hits and (size > 1 or size == len(core) or core[start] in self.pure_single):
                    used[start:start + size] = [True] * size
                    found.append((hits, size, tuple(core[start:start + size]),
                                  size == 1 and len(core) > 1 and self._generic(core[start])))
        # a generic trade word alone ("produksi" in "qc line produksi", "perawatan" in
        # "perawatan tanaman") names the trade only when nothing more telling was found
        if any(not generic for *_, generic in found):
            found = [f for f in found if not f[3]]
        return [(hits, size, span) for hits, size, span, _ in found]

    def _alias_with_filler(self, words: list[str], core: list[str],
                           with_rest: bool = True) -> list[tuple[dict[str, str], int, tuple]]:
        """Aliases whose telling word is only telling beside a generic one ("crew store": "store"
        alone names nothing) found as written, in order, inside a longer text; what is left of
        the core is then searched as usual. Tried only when the core alone placed nothing."""
        used = [False] * len(words)
        found = []
        for size in range(min(self.max_alias_len, len(words)), 1, -1):
            for start in range(len(words) - size + 1):
                span = words[start:start + size]
                if any(used[start:start + size]) or not any(w in self.filler for w in span):
                    continue
                hits = self.exact.get(" ".join(span))
                if hits and any(w not in self.filler for w in span):
                    used[start:start + size] = [True] * size
                    found.append((hits, sum(w not in self.filler for w in span), tuple(span)))
        if not found or not with_rest:
            return found
        rest = [w for w, u in zip(words, used) if not u and w not in self.filler]
        # a lone leftover word counts only as an alias by itself ("service" names no trade)
        if len(rest) == 1 and rest[0] not in self.pure_single:
            rest = []
        return found + (self._alias_in_text(rest) if rest else [])

    def _generic(self, word: str) -> bool:
        return self.word_spread.get(word, 0) >= self.config.generic_word_spread

    def _fallback(self, text: str, core_text: str, phrase: str) -> list[Mention]:
        cfg = self.config
        key = self._typo_alias(core_text)
        if key:
            return self._make(text, self.core_index[key], cfg.corrected_confidence, "fuzzy", phrase, core_text)
        # what follows are guesses: offered to staff as suggestions, never readings
        # ("pembuat produk tembakau" has the initials of PowerPoint)
        acronym = self._acronym(core_text.split())
        if acronym:
            return [self._suggest(text, next(iter(self.core_index[acronym])), cfg.acronym_confidence,
                                  phrase or core_text)]
        votes, coverage = self._word_vote(core_text.split())
        if votes:
            return [self._suggest(text, votes[0], cfg.word_vote_confidence * coverage, phrase or core_text)]
        if len(core_text.replace(" ", "")) >= cfg.ngram_min_len:
            key, sim = self._nearest_alias(core_text)
            if key and sim >= cfg.ngram_threshold:
                return [self._suggest(text, next(iter(self.core_index[key])), sim * cfg.corrected_confidence,
                                      phrase or core_text)]
        return [Mention(text, None, 0.0, "unknown", None, phrase or core_text)]

    def _suggest(self, text: str, comp_id: str, confidence: float, core: str) -> Mention:
        """An uncertain candidate: unplaced (counted with the unknown phrases, no match credit),
        with the competency staff may confirm by adding the phrase as an alias."""
        if self.taxonomy.is_soft(comp_id):
            return Mention(text, None, 0.0, "unknown", None, core)
        return Mention(text, None, round(min(1.0, confidence), 4), "suggestion", None, core, suggestion=comp_id)

    def _acronym(self, words: list[str]) -> str | None:
        """"programmable logic controller" -> the alias "plc": initials of a written-out name."""
        if len(words) < self.config.acronym_min_words or not all(w.isalpha() for w in words):
            return None
        if not any(w in self.vocab for w in words):
            return None                 # "hayati selain kedokteran" is no HSK: some word must be ours
        initials = "".join(w[0] for w in words)
        return initials if initials in self.core_index and initials in self.pure_single else None

    def _word_vote(self, words: list[str]) -> tuple[list[str], float]:
        """The competencies of the alias sharing the most telling words with the core (alias
        words the core lacks break ties). Only a clear, narrow winner counts: a word many
        trades use places nothing."""
        idf = self.word_idf
        present = set(words)
        total = sum(idf.get(w, self.unknown_word_idf) for w in present)
        best: dict[str, tuple[float, float]] = {}
        shared_aliases: dict[str, int] = {}
        for key in {k for w in present for k in self.word_keys.get(w, ())}:
            shared = sum(idf[w] for w in present.intersection(key))
            rank = (round(shared / total, 9), round(shared / sum(idf[w] for w in set(key)), 9))
            for comp_id in self.bag[key]:
                shared_aliases[comp_id] = shared_aliases.get(comp_id, 0) + 1
                if rank > best.get(comp_id, (0.0, 0.0)):
                    best[comp_id] = rank
        # last tie-break: the competency more of whose aliases use these words
        best = {c: (*r, shared_aliases[c]) for c, r in best.items()}
        if not best:
            return [], 0.0
        top = max(best.values())
        winners = sorted(c for c, r in best.items() if r == top)
        if top[0] < self.config.word_vote_min_coverage or len(winners) > self.config.word_vote_max_ties:
            return [], 0.0
        return winners, top[0]

    def _typo_alias(self, core_text: str) -> str | None:
        """An alias one slip away from the whole core (two in long ones). Word-level correction
        missed it, e.g. a substituted letter in a short word that the other words make safe."""
        n = len(core_text)
        words = core_text.split()
        # a slip makes a non-word; the real words of the phrase must stay as written, or
        # "pembuat topi" (hat maker) would be "pembuat kopi" (coffee maker)
        kept = {w for w in words if w in self._known or self.real_word(w)}
        if n < self.config.fuzzy_min_len or len(kept) == len(set(words)):
            return None
        max_dist = 2 if n >= 16 else 1
        pool = self._pool("keys", tuple(range(n - max_dist, n + max_dist + 1)))
        for key, _, _ in process.extract(core_text, pool, scorer=OSA.distance, score_cutoff=max_dist, limit=3):
            if kept - set(key.split()):
                continue
            if " " in core_text or n >= 7 or _slip(core_text, key):
                return key
        return None

    def _nearest_alias(self, core_text: str) -> tuple[str | None, float]:
        ids, sims = self._alias_ngrams.search(core_text, 0.0)
        if not len(ids):
            return None, 0.0
        best = int(sims.argmax())
        return self._core_keys[int(ids[best])], float(sims[best])


def _keep_best(hits: dict, comp_id: str, dropped: int, alias: str) -> None:
    if comp_id not in hits or dropped < hits[comp_id][0]:
        hits[comp_id] = (dropped, alias)


def _precedence(index: dict) -> dict:
    """Where aliases of several competencies reduce to the same key, keep those that lost the
    fewest filler words: "jahit" belongs to sewing, not to "teknisi mesin jahit"."""
    out = {}
    for key, hits in index.items():
        least = min(d for d, _ in hits.values())
        out[key] = {cid: alias for cid, (d, alias) in hits.items() if d == least}
    return out


def _slip(token: str, word: str) -> bool:
    """In short words only a dropped, doubled or swapped letter counts as a typo: a substituted
    letter turns one real word into another too often ("kelas" / "keras")."""
    if len(token) != len(word):
        return True
    return sorted(token) == sorted(word)


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}


def _token_slips(token: str) -> set[str]:
    """Undo one slip on the typed side: a doubled letter written once more, or two swapped."""
    return {token[:i] + token[i + 1:] for i in range(1, len(token)) if token[i] == token[i - 1]} | _swaps(token)


def _word_slips(word: str) -> set[str]:
    """Make one slip on the dictionary side: a letter dropped, or two swapped."""
    return {word[:i] + word[i + 1:] for i in range(len(word))} | _swaps(word)


def _slips_within_two(token: str, word: str) -> bool:
    """At most two slips (a dropped, a doubled or two swapped letters) apart. A substituted
    letter is not a slip here: that is how one real word becomes another ("dealer" / "sealer")."""
    typed = {token} | _token_slips(token)
    meant = {word} | _word_slips(word)
    if typed & meant:                                   # up to one slip on each side
        return True
    return (any(word in _token_slips(t) for t in typed)          # two on the typed side
            or any(token in _word_slips(w) for w in meant))      # two letters dropped


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """One mention per competency (the most confident); unknown fragments kept once each."""
    best: dict[object, Mention] = {}
    for m in mentions:
        key = m.competency_id or ("?", m.core)
        if key not in best or m.confidence > best[key].confidence:
            best[key] = m
    return list(best.values())


_DEFAULT: dict[int, Normaliser] = {}


def normalise(text: str, taxonomy: Taxonomy) -> list[Mention]:
    """Convenience: mentions of one entry with a normaliser cached per taxonomy object."""
    norm = _DEFAULT.get(id(taxonomy))
    if norm is None or norm.taxonomy is not taxonomy:
        norm = _DEFAULT[id(taxonomy)] = Normaliser(taxonomy)
    return list(norm.mentions(text))
