"""Free text compared with free text: character n-gram TF-IDF cosine, and an index over it.

Requirements the taxonomy cannot place ("pengecatan body mobil") are compared with what seekers
wrote, not with the taxonomy. Character n-grams (char_wb 3-5) survive typos, glued words and
Indonesian affixes ("pengecatan" / "cat") far better than whole words.

Design:
- `FreeTextModel` hashes n-grams (no fitted vocabulary, so phrases never seen before still get
  vectors) and weights them with an IDF taken from the taxonomy's aliases at construction. The
  weights therefore do not drift as seekers come and go: the same pair always gets the same
  similarity, in the index and in an explanation alike. N-grams no alias has get the highest
  IDF, which is right: they are the distinctive part of a phrase the taxonomy does not know.
- `PhraseIndex` keeps one row per distinct phrase (seekers repeat phrases a lot), a CSC matrix
  so a query only touches the columns of its own n-grams, plus a small row-wise delta for
  phrases added since the last merge, so an upsert never rebuilds the whole matrix.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

N_FEATURES = 2 ** 20


class FreeTextModel:
    def __init__(self, reference_texts: list[str], ngram_range=(3, 5)):
        self._hasher = HashingVectorizer(analyzer="char_wb", ngram_range=ngram_range, n_features=N_FEATURES,
                                         alternate_sign=False, norm=None)
        counts = self._hasher.transform(reference_texts or [""])
        df = np.bincount(counts.indices, minlength=N_FEATURES)
        n = counts.shape[0]
        self.idf = np.log((1 + n) / (1 + df)) + 1.0
        self.vector = lru_cache(maxsize=200_000)(self._vector)

    def _vector(self, text: str) -> sp.csr_matrix:
        return self.vectors([text])

    def vectors(self, texts: list[str]) -> sp.csr_matrix:
        """Unit-length rows; sublinear tf so a repeated word does not dominate."""
        counts = self._hasher.transform(texts).astype(np.float64)
        counts.data = 1.0 + np.log(counts.data)
        counts.data *= self.idf[counts.indices]
        return normalize(counts, copy=False)

    def similarity(self, a: str, b: str) -> float:
        if not a or not b:
            return 0.0
        return float(self.vector(a).multiply(self.vector(b)).sum())


class PhraseIndex:
    """Distinct phrases -> ids, and the phrases most similar to a query above a threshold."""

    def __init__(self, model: FreeTextModel, merge_every: int = 4096):
        self.model = model
        self.merge_every = merge_every
        self.ids: dict[str, int] = {}
        self.texts: list[str] = []
        self._main = sp.csc_matrix((0, N_FEATURES))
        self._delta_texts: list[str] = []
        self._delta: sp.csr_matrix | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, text: str) -> int:
        pid = self.ids.get(text)
        if pid is None:
            pid = self.ids[text] = len(self.texts)
            self.texts.append(text)
            self._delta_texts.append(text)
            self._delta = None
        return pid

    def add_many(self, texts) -> list[int]:
        out = [self.add(t) for t in texts]
        if len(self._delta_texts) >= self.merge_every:
            self._merge()
        return out

    def _merge(self) -> None:
        if self._delta_texts:
            new = self.model.vectors(self._delta_texts)
            self._main = sp.vstack([self._main, new], format="csc")
            self._delta_texts, self._delta = [], None

    def search(self, text: str, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """(phrase ids, cosine) of phrases with cosine >= threshold."""
        q = self.model.vector(text)
        if not q.nnz or not self.texts:
            return np.empty(0, np.int64), np.empty(0)
        sims = np.asarray(self._main[:, q.indices] @ q.data).ravel()
        if self._delta_texts:
            if self._delta is None:
                self._delta = self.model.vectors(self._delta_texts)
            sims = np.concatenate([sims, np.asarray(self._delta[:, q.indices] @ q.data).ravel()])
        hits = np.flatnonzero(sims >= threshold)
        return hits, sims[hits]
