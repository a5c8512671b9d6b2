"""Everyday Indonesian and English words: how common a word is (wordfreq's Zipf scale).

The normaliser asks only whether a word is common enough to be a real word (Zipf >= 3) or a very
common one (>= 4), never how rare a rare word is. So it keeps a table of just the words at or
above the lowest threshold it uses (~52,000 of wordfreq's ~350,000 entries for the two
languages), built once from wordfreq's lists, which are then let go: they held ~37 MB in every
worker for answers this table gives in a few MB. A word not in the table counts as 0.

wordfreq: code Apache-2.0, word lists CC-BY-SA 4.0 (see pyproject.toml).
"""
from __future__ import annotations

import gc
from functools import lru_cache
from math import log10
from types import MappingProxyType
from typing import Mapping

LANGUAGES = ("id", "en")


@lru_cache(maxsize=4)
def zipf_table(min_zipf: float) -> Mapping[str, float]:
    """{word: Zipf frequency, the higher of the two languages} for words at or above `min_zipf`."""
    import wordfreq

    table: dict[str, float] = {}
    for language in LANGUAGES:
        for word, freq in wordfreq.get_frequency_dict(language, wordlist="best").items():
            zipf = round(log10(freq) + 9, 2)        # as wordfreq.zipf_frequency rounds it
            if zipf >= min_zipf and zipf > table.get(word, 0.0):
                table[word] = zipf
    _forget_lists(wordfreq)
    return MappingProxyType(table)


def _forget_lists(wordfreq) -> None:
    for name in ("get_frequency_dict", "get_frequency_list"):
        getattr(wordfreq, name).cache_clear()
    getattr(wordfreq, "_wf_cache", {}).clear()
    gc.collect()
