"""The compact word table answers the normaliser's questions exactly as wordfreq does."""
import wordfreq

from matching.normalise import Normaliser
from matching.taxonomy import load_taxonomy
from matching.wordlists import zipf_table


def _wordfreq(word: str) -> float:
    return max(wordfreq.zipf_frequency(word, "id"), wordfreq.zipf_frequency(word, "en"))


def test_the_table_gives_wordfreqs_answer_at_and_above_the_threshold():
    norm = Normaliser(load_taxonomy())
    words = sorted(norm.vocab | {"koran", "bedah", "cuaca", "perahu", "kerja", "work", "bubud", "tkang", "xqzv"})
    table = zipf_table(3.0)
    for word in words:
        expected = _wordfreq(word)
        assert table.get(word, 0.0) == (expected if expected >= 3.0 else 0.0), word
    assert norm.real_word("koran") and not norm.real_word("bubud")
    assert len(table) < 100_000      # the point: a fraction of the lists it came from
