"""How the normaliser reads real text nobody on the project wrote: job titles of KBJI 2014
and skill strings of real job postings, labelled by hand by someone who saw only the list of
competencies (ids and labels), never the aliases.

    python bench/eval_real_text.py                  # our dev sets and ../shared/eval/real, in-process
    python bench/eval_real_text.py --holdout        # the untouched hold-out sets as well
    python bench/eval_real_text.py --show 40        # and the rows read wrongly (dev sets only)

Scores as `../shared/eval/real_text.py` does (the same definitions, read in-process instead
of over HTTP, so a round of error analysis takes seconds):
- recall: rows with a `must` where a must id is read;
- precision: read competencies that are in must + ok;
- false alarms: rows with empty must + ok where anything is read.
A reading is a mention with a competency id; a suggestion is not. The hold-out sets
(`realtext/*_holdout.tsv`) are never looked at row by row: `--show` ignores them.
"""
import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matching.normalise import Normaliser  # noqa: E402
from matching.taxonomy import load_taxonomy  # noqa: E402

HERE = Path(__file__).resolve().parent / "realtext"
SHARED = ROOT.parent / "shared" / "eval" / "real"
DEV = [("shared KBJI", SHARED / "kbji_dev.tsv"), ("shared postings", SHARED / "postings_dev.tsv"),
       ("own KBJI dev", HERE / "kbji_dev.tsv"), ("own postings dev", HERE / "postings_dev.tsv")]
HOLDOUT = [("own KBJI hold-out", HERE / "kbji_holdout.tsv"), ("own postings hold-out", HERE / "postings_holdout.tsv")]


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def score(norm: Normaliser, rows: list[dict], show: int = 0) -> tuple[float, float, float, int, int]:
    rec, prec, fa = [0, 0], [0, 0], [0, 0]
    for row in rows:
        must = set((row["must"] or "").split())
        ok = must | set((row["ok"] or "").split())
        mentions = norm.mentions(row["text"][:300])
        read = {m.competency_id for m in mentions if m.competency_id}
        if must:
            rec[1] += 1
            rec[0] += bool(read & must)
        prec[1] += len(read)
        prec[0] += len(read & ok)
        if not ok:
            fa[1] += 1
            fa[0] += bool(read)
        if show and ((must and not read & must) or (read - ok)):
            show -= 1
            how = ", ".join(f"{m.competency_id}<{m.method}:{m.words or m.alias}>" for m in mentions if m.competency_id)
            print(f"  {row['text']!r}: read [{how}]; must {sorted(must)}; ok {sorted(ok - must)}")
    return rec[0] / max(1, rec[1]), prec[0] / max(1, prec[1]), fa[0] / max(1, fa[1]), rec[1], fa[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--holdout", action="store_true", help="also score the untouched hold-out sets")
    ap.add_argument("--show", type=int, default=0, help="print up to N wrongly read rows per dev set")
    ap.add_argument("--only", help="score only sets whose name contains this")
    args = ap.parse_args()
    norm = Normaliser(load_taxonomy())
    sets = DEV + (HOLDOUT if args.holdout else [])
    for name, path in sets:
        if not path.exists() or (args.only and args.only not in name):
            continue
        r, p, f, nr, nf = score(norm, load(path), 0 if "hold-out" in name else args.show)
        print(f"{name}: recall {r:.3f} (of {nr}), precision {p:.3f}, false alarms {f:.3f} (of {nf})")


if __name__ == "__main__":
    main()
