"""Blind hold-out runs of the shared matching-quality check, over HTTP.

Uses a hold-out written without looking at the taxonomy (bench/holdout/phrasings_blind.py, or
with --holdout 2 bench/holdout2/phrasings_blind2.py) instead of the shared sample phrasings,
with its own soft-skill NOISE and STYLE. Run from the project root with the project's
environment active (check.py starts its own server via flask and gunicorn):

    python bench/eval_blind.py                  # hold-out 1, both tiers, seed 4711
    python bench/eval_blind.py --holdout 2      # the second hold-out
    python bench/eval_blind.py --tier plain     # any flag of check.py
    python bench/eval_blind.py --seed 7         # another draw of seekers and vacancies
"""
import argparse
import importlib.util
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
sys.path.insert(0, str(SHARED_EVAL))

import check  # noqa: E402
import phrasings  # noqa: E402  (the shared sample; check.main imports the same module object)


HOLDOUTS = {"1": HERE / "holdout" / "phrasings_blind.py", "2": HERE / "holdout2" / "phrasings_blind2.py"}


def load_blind(number: str):
    spec = importlib.util.spec_from_file_location(f"phrasings_blind{number}", HOLDOUTS[number])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _grams(text):
    words = re.findall(r"[\w&/-]+", text.lower())
    return {" ".join(words[i:i + n]) for n in (2, 3, 4) for i in range(len(words) - n + 1)}


def assert_disjoint(blind):
    """No hold-out string may equal the shared sample's (it would not be a hold-out); multi-word
    phrases shared with it are reported."""
    shared = [s for pool in phrasings.PHRASINGS.values() for s in pool] + list(phrasings.NOISE)
    ours = [s for pool in blind.PHRASINGS.values() for s in pool] + list(blind.NOISE)
    lower = {s.lower() for s in shared}
    clash = sorted({s for s in ours if s.lower() in lower})
    if clash:
        raise SystemExit(f"hold-out strings also in the shared sample: {clash}")
    shared_grams = set().union(*(_grams(s) for s in shared))
    overlap = sorted(s for s in ours if _grams(s) & shared_grams)
    if overlap:
        print(f"note: {len(overlap)} hold-out strings share a multi-word phrase with the sample", file=sys.stderr)
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
    ap.add_argument("--holdout", choices=sorted(HOLDOUTS), default="1")
    own, rest = ap.parse_known_args()
    sys.argv = [sys.argv[0]] + rest  # the remaining flags (--tier, --seekers, ...) go to check.main
    blind = load_blind(own.holdout)
    assert_disjoint(blind)
    phrasings.NOISE = blind.NOISE  # check.main reads NOISE from the shared module
    return check.main(pools=blind.PHRASINGS, related=blind.RELATED, style=blind.STYLE,
                      seed=own.seed, label=f"blind hold-out {own.holdout}")


if __name__ == "__main__":
    main()
