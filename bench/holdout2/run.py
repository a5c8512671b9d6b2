"""Second blind hold-out, run over HTTP with the shared matching-quality check.

Like bench/eval_blind.py, but loads bench/holdout2/phrasings_blind2.py (written without looking
at the taxonomy, the matcher, the tests or the first hold-out) and its own NOISE and STYLE.
Run from the project root with the project's environment active:

    python bench/holdout2/run.py                 # both tiers, seed 4711 (own server per tier)
    python bench/holdout2/run.py --tier plain    # any flag of check.py
    python bench/holdout2/run.py --seed 7        # another draw of seekers and vacancies
"""
import argparse
import importlib.util
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
sys.path.insert(0, str(SHARED_EVAL))

import check  # noqa: E402
import phrasings  # noqa: E402  (the shared sample; check.main imports the same module object)


def load_blind():
    spec = importlib.util.spec_from_file_location("phrasings_blind2", HERE / "phrasings_blind2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _grams(text):
    words = re.findall(r"[\w&/-]+", text.lower())
    return {" ".join(words[i:i + n]) for n in (2, 3, 4) for i in range(len(words) - n + 1)}


def assert_disjoint(blind):
    """No hold-out string may equal, or share a multi-word phrase with, the shared sample."""
    shared = [s for pool in phrasings.PHRASINGS.values() for s in pool] + list(phrasings.NOISE)
    ours = [s for pool in blind.PHRASINGS.values() for s in pool] + list(blind.NOISE)
    lower = {s.lower() for s in shared}
    clash = sorted({s for s in ours if s.lower() in lower})
    if clash:
        raise SystemExit(f"hold-out strings also in the shared sample: {clash}")
    shared_grams = set().union(*(_grams(s) for s in shared))
    overlap = {s: sorted(_grams(s) & shared_grams) for s in ours if _grams(s) & shared_grams}
    if overlap:
        raise SystemExit(f"hold-out strings reuse multi-word phrases of the shared sample: {overlap}")
    seen = {}
    for concept, pool in blind.PHRASINGS.items():
        for s in pool:
            if s.lower() in seen and seen[s.lower()] != concept:
                raise SystemExit(f"{s!r} is in both {seen[s.lower()]} and {concept}")
            seen[s.lower()] = concept
    for a, b in blind.RELATED:
        if a not in blind.PHRASINGS or b not in blind.PHRASINGS:
            raise SystemExit(f"RELATED names an unknown concept: {(a, b)}")


def main():
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--seed", type=int, default=4711)
    own, rest = ap.parse_known_args()
    sys.argv = [sys.argv[0]] + rest  # the remaining flags (--tier, --seekers, ...) go to check.main
    blind = load_blind()
    assert_disjoint(blind)
    phrasings.NOISE = blind.NOISE  # check.main reads NOISE from the shared module
    return check.main(pools=blind.PHRASINGS, related=blind.RELATED, style=blind.STYLE,
                      seed=own.seed, label="blind hold-out 2")


if __name__ == "__main__":
    main()
