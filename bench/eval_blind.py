"""Blind hold-out run of the shared matching-quality check.

Uses bench/holdout/phrasings_blind.py (written without looking at the taxonomy) instead of the
shared sample phrasings, and its own soft-skill NOISE and STYLE. Run from the project root with
the project's environment active (check.py starts its own server via flask and gunicorn):

    python bench/eval_blind.py                  # both tiers, seed 4711
    python bench/eval_blind.py --tier plain     # any flag of check.py
    python bench/eval_blind.py --seed 7         # another draw of seekers and vacancies
"""
import argparse
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
sys.path.insert(0, str(SHARED_EVAL))

import check  # noqa: E402
import phrasings  # noqa: E402  (the shared sample; check.main imports the same module object)


def load_blind():
    spec = importlib.util.spec_from_file_location("phrasings_blind", HERE / "holdout" / "phrasings_blind.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_disjoint(blind):
    """No string of the hold-out may also be in the shared sample (it would not be a hold-out)."""
    shared = {s.lower() for pool in phrasings.PHRASINGS.values() for s in pool} | {s.lower() for s in phrasings.NOISE}
    ours = [s for pool in blind.PHRASINGS.values() for s in pool] + list(blind.NOISE)
    clash = sorted({s for s in ours if s.lower() in shared})
    if clash:
        raise SystemExit(f"hold-out strings also in the shared sample: {clash}")
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
                      seed=own.seed, label="blind hold-out")


if __name__ == "__main__":
    main()
