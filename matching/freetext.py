"""Free text compared with free text: character n-gram TF-IDF cosine, and an index over it.

Requirements the taxonomy cannot place ("pengecatan body mobil") are compared with what seekers
wrote, not with the taxonomy. Character n-grams (char_wb 3-5) survive typos, glued words and
Indonesian affixes ("pengecatan" / "cat") far better than whole words.

Design:
- `FreeTextModel` keeps n-grams as dict keys (no fitted vocabulary, so phrases never seen before
  still get vectors) and weights them with an IDF taken from the taxonomy's aliases at construction. The
  weights therefore do not drift as seekers come and go: the same pair always gets the same
  similarity, in the index and in an explanation alike. N-grams no alias has get the highest
  IDF, which is right: they are the distinctive part of a phrase the taxonomy does not know.
- `PhraseIndex` keeps one row per distinct phrase (seekers repeat phrases a lot), a CSC matrix
  so a query only touches the columns of its own n-grams, plus a small row-wise delta for
  phrases added since the last merge, so an upsert never rebuilds the whole matrix. A bulk load
  may build the matrix in a background thread (`merge_in_background`); queries wait for it.
"""
from __future__ import annotations

from array import array
from collections import Counter
from functools import lru_cache
import threading
from math import log, sqrt
import re

import numpy as np
import scipy.sparse as sp

# scikit-learn's char_wb analyser (ngram_range=(3, 5), lowercase=False) and its smooth IDF,
# written out: importing scikit-learn costs every worker ~0.5 s and ~70 MB (scipy.stats and
# more) for two short functions. tests/unit/test_matching_core.py checks both against it.
MIN_N, MAX_N = 3, 5
_WHITE_SPACES = re.compile(r"\s\s+")


def _char_wb(text: str) -> list[str]:
    """sklearn's `_char_wb_ngrams`: n-grams of each space-padded word, a short word once."""
    out: list[str] = []
    for w in _WHITE_SPACES.sub(" ", text).split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(MIN_N, MAX_N + 1):
            if w_len <= n:         # the (padded) word itself, once, and no longer n-grams
                out.append(w)
                break
            out.extend([w[i:i + n] for i in range(w_len - n + 1)])
    return out


def char_ngrams(text: str) -> Counter:
    """Counts of the character n-grams (3-5) of each space-padded word."""
    return Counter(_char_wb(text))


def smooth_idf(texts: list[str]) -> dict[str, float]:
    """sklearn's TfidfVectorizer(smooth_idf=True) IDF: ln((1 + n) / (1 + df)) + 1."""
    df: Counter = Counter()
    for text in texts:
        df.update(set(_char_wb(text)))
    n = len(texts)
    return {gram: log((1 + n) / (1 + d)) + 1.0 for gram, d in sorted(df.items())}


class FreeTextModel:
    """Unit-length TF-IDF vectors (as dicts) over character n-grams, with a fixed IDF.

    The IDF is fitted once (scikit-learn's smooth IDF) on the reference texts; vectors are built here
    because a fitted vocabulary would drop the n-grams it never saw, and those are exactly the
    telling part of a phrase the taxonomy does not know (they get the highest IDF instead)."""

    def __init__(self, reference_texts: list[str]):
        texts = [t for t in reference_texts if t.strip()] or ["-"]
        self.idf = smooth_idf(texts)
        self.max_idf = log(1 + len(texts)) + 1.0
        self.vector = lru_cache(maxsize=200_000)(self._vector)

    def _vector(self, text: str) -> dict[str, float]:
        # sublinear tf so a repeated word does not dominate
        weights = {g: (1.0 + log(c)) * self.idf.get(g, self.max_idf) for g, c in char_ngrams(text).items()}
        norm = sqrt(sum(w * w for w in weights.values())) or 1.0
        return {g: w / norm for g, w in weights.items()}

    def similarity(self, a: str, b: str) -> float:
        if not a or not b:
            return 0.0
        va, vb = self.vector(a), self.vector(b)
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(w * vb.get(g, 0.0) for g, w in va.items())


class PhraseIndex:
    """Distinct phrases -> ids, and the phrases most similar to a query above a threshold."""

    def __init__(self, model: FreeTextModel, merge_every: int = 4096):
        self.model = model
        self.merge_every = merge_every
        self.ids: dict[str, int] = {}
        self.texts: list[str] = []
        self.columns: dict[str, int] = {}
        self._main = sp.csc_matrix((0, 0))
        self._delta_texts: list[str] = []
        self._delta: sp.csr_matrix | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, text: str) -> int:
        pid = self.ids.get(text)
        if pid is None:
            with self._lock:
                pid = self.ids[text] = len(self.texts)
                self.texts.append(text)
                self._delta_texts.append(text)
                self._delta = None
        return pid

    def add_many(self, texts, merge: bool = True) -> list[int]:
        """Ids of these texts, adding the new ones; `merge=False` defers the matrix work (bulk
        loads add everything, then call `merge()` once)."""
        out = [self.add(t) for t in texts]
        if merge and len(self._delta_texts) >= self.merge_every:
            self.merge()
        return out

    def merge(self) -> None:
        with self._lock:
            self._merge()

    def merge_in_background(self, then=None) -> None:
        """Build the matrix in a thread: until it is done, `add` and `search` wait for it, so a
        worker answers everything else at once (a plain Lock may be released by another thread).
        `then()` runs in that thread once the matrix is built."""
        self._lock.acquire()
        threading.Thread(target=self._merge_and_release, args=(then,), daemon=True, name="padan-phrases").start()

    def _merge_and_release(self, then=None) -> None:
        try:
            self._merge()
        finally:
            self._lock.release()
        if then is not None:
            then()

    def _rows(self, texts: list[str]) -> sp.csr_matrix:
        # Compact typed buffers, and vectors not kept in the model's cache: an index of a
        # million phrases must not hold a million dicts (queries still use the cache).
        indptr, indices, data = array("q", [0]), array("i"), array("f")
        for text in texts:
            for gram, weight in self.model._vector(text).items():
                indices.append(self.columns.setdefault(gram, len(self.columns)))
                data.append(weight)
            indptr.append(len(indices))
        return sp.csr_matrix((np.frombuffer(data, np.float32), np.frombuffer(indices, np.int32),
                              np.frombuffer(indptr, np.int64)), shape=(len(texts), len(self.columns)))

    def _merge(self) -> None:
        if self._delta_texts:
            new = self._rows(self._delta_texts)
            main = self._main
            if main.shape[0] == 0:
                self._main = new.tocsc()    # a worker's first build: no stacking copy of a million entries
            else:
                main.resize((main.shape[0], new.shape[1]))
                self._main = sp.vstack([main, new], format="csc")
            self._delta_texts, self._delta = [], None

    def search(self, text: str, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """(phrase ids, cosine) of phrases with cosine >= threshold."""
        with self._lock:
            return self._search(text, threshold)

    def _search(self, text: str, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        query = self.model.vector(text)
        if not query or not self.texts:
            return np.empty(0, np.int64), np.empty(0)
        sims = self._scores(self._main, query)
        if self._delta_texts:
            if self._delta is None:
                self._delta = self._rows(self._delta_texts)
            sims = np.concatenate([sims, self._scores(self._delta, query)])
        hits = np.flatnonzero(sims >= threshold)
        return hits, sims[hits]

    def _scores(self, matrix, query: dict[str, float]) -> np.ndarray:
        cols, weights = [], []
        for gram, weight in query.items():
            col = self.columns.get(gram)
            if col is not None and col < matrix.shape[1]:
                cols.append(col)
                weights.append(weight)
        if not cols:
            return np.zeros(matrix.shape[0])
        if sp.isspmatrix_csc(matrix):
            # columns are contiguous in CSC: only the query's n-grams are read
            return np.asarray(matrix[:, cols] @ np.array(weights)).ravel()
        q = np.zeros(matrix.shape[1])
        q[cols] = weights
        return matrix @ q
