"""Error analysis for the matcher on any phrasing set (PHRASINGS, RELATED, NOISE, STYLE).

Prints, per concept, how the normaliser places each phrasing (the concept's majority competency
is taken as its target), flags phrasings placed elsewhere or not at all, and the same for garbled
variants (the realistic tier's abbreviations, openings, remarks and slips). Then runs the
realistic (or plain) tier in-process and lists the worst-ranked vacancies: requirement
mentions, the top 10 with their relevance and credits, and relevant seekers left out, with why.

    python bench/diagnose.py --pools-file bench/holdout/phrasings_blind.py
    python bench/diagnose.py --pools-file ... --tier plain --worst 8 --seed 4711
    python bench/diagnose.py --set shared            # the shared sample
    python bench/diagnose.py --pools-file ... --only-misses   # concept table: problems only

For error analysis only: fix categories of failure, never copy a phrasing into the taxonomy.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import eval_inprocess as ev  # noqa: E402  (puts the project root and shared/eval on sys.path)

from matching.engine import MatchEngine  # noqa: E402
from matching.taxonomy import load_taxonomy  # noqa: E402


def describe(norm, text: str) -> str:
    ms = norm.mentions(text)
    if not ms:
        return "(nothing)"
    return "; ".join(f"{m.competency_id or '?'}[{m.method} {m.confidence:.2f}]"
                     + ("" if m.competency_id else f" core='{m.core}'") for m in ms)


def hard_ids(norm, text: str) -> set[str]:
    return {m.competency_id for m in norm.mentions(text) if m.is_hard}


def concept_table(norm, pools, style, seed, only_misses: bool) -> Counter:
    rng = random.Random(seed)
    tally = Counter()
    for concept, phrases in pools.items():
        votes = Counter(c for p in phrases for c in hard_ids(norm, p))
        target = votes.most_common(1)[0][0] if votes else None
        lines = []
        for i, p in enumerate(phrases):
            side = "V" if i % 2 == 0 else "S"
            ids = hard_ids(norm, p)
            ok = target in ids
            extra = ids - {target}
            variants = []
            for _ in range(4):
                g = ev.scenario.garble(p, style, rng)
                if rng.random() < 0.35:
                    g = f"{rng.choice(style['prefixes'])} {g}"
                if rng.random() < 0.2:
                    g = f"{g} {rng.choice(style['suffixes'])}"
                variants.append(g)
            bad_variants = [g for g in variants if target not in hard_ids(norm, g)]
            tally["phrasings"] += 1
            tally["placed_ok"] += ok
            tally["variants"] += len(variants)
            tally["variants_ok"] += len(variants) - len(bad_variants)
            flag = "ok " if ok and not extra else ("+  " if ok else "MISS")
            if only_misses and ok and not extra and not bad_variants:
                continue
            lines.append(f"  {flag} {side} {p!r}: {describe(norm, p)}")
            for g in bad_variants:
                lines.append(f"        garbled {g!r}: {describe(norm, g)}")
        if lines or not only_misses:
            print(f"{concept} -> {target} (votes {dict(votes.most_common(3))})")
            print("\n".join(lines))
    return tally


def worst_vacancies(pools, related, noise, style, tier, seed, worst: int, taxonomy) -> None:
    data = ev.build_tier(tier, pools, related, noise, style, seed, 600, 40)
    seekers, vacancies, rel = data
    today = date.today()
    engine = MatchEngine(taxonomy)
    sp, vp = ev.profiles(seekers, vacancies, today)
    for p in sp:
        engine.upsert_seeker(p)
    norm = engine.normaliser
    rows = []
    for v, prof in zip(vacancies, vp):
        ranked = engine.rank_seekers(prof, limit=10, today=today)
        keys = [seekers[m.candidate_id]["key"] for m in ranked]
        rows.append((ev.metrics.ndcg_at(keys, rel[v["key"]], 10), ev.metrics.precision_at(keys, rel[v["key"]], 10),
                     v, prof, ranked))
    print(f"\n{tier} tier, seed {seed}: nDCG@10 {statistics.mean(r[0] for r in rows):.3f}, "
          f"P@10 {statistics.mean(r[1] for r in rows):.3f}")
    by_concept: dict[str, list[float]] = {}
    for nd, _, v, _, _ in rows:
        for c in v["concepts"]:
            by_concept.setdefault(c, []).append(nd)
    print("mean nDCG by vacancy concept (worst first):",
          ", ".join(f"{c} {statistics.mean(x):.2f}" for c, x in sorted(by_concept.items(),
                                                                        key=lambda kv: statistics.mean(kv[1]))[:15]))
    for nd, pr, v, prof, ranked in sorted(rows, key=lambda r: r[0])[:worst]:
        r = rel[v["key"]]
        print(f"\n== {v['key']} nDCG {nd:.3f} P@10 {pr:.2f} concepts {v['concepts']} "
              f"edu>={v.get('min_education')} max_age={v.get('max_age')}")
        for req in v["required_skills"]:
            print(f"   req {req!r}: {describe(norm, req)}")
        top_ids = set()
        for m in ranked:
            s = seekers[m.candidate_id]
            top_ids.add(m.candidate_id)
            how = ", ".join(f"{x.how}:{x.competency_id}<-{x.seeker_text!r} {x.credit:.2f}" for x in m.matched)
            print(f"   {'+' if r[s['key']] > 0 else '-'} rel {r[s['key']]:.2f} score {m.skill_score:.2f} "
                  f"{s['concepts']} | {how}")
        missed = sorted(((r[s["key"]], i) for i, s in enumerate(seekers) if r[s["key"]] >= 0.99 and i not in top_ids),
                        reverse=True)[:4]
        for _, i in missed:
            s = seekers[i]
            ex = engine.explain(prof, sp[i], today=today)
            score = getattr(ex, "skill_score", None) if ex is not None else None
            print(f"   MISSED {s['concepts']} score {score if score is None else round(score, 2)} skills:")
            for e in s["skills"]:
                print(f"       {e!r}: {describe(norm, e)}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=["shared", "own", "swap", "file"], default="file")
    ap.add_argument("--pools-file")
    ap.add_argument("--tier", choices=["plain", "realistic"], default="realistic")
    ap.add_argument("--seed", type=int, default=890)
    ap.add_argument("--worst", type=int, default=6)
    ap.add_argument("--only-misses", action="store_true")
    ap.add_argument("--no-table", action="store_true")
    ap.add_argument("--no-worst", action="store_true")
    args = ap.parse_args(argv)
    if args.set == "file":
        module = ev.load_pools(args.pools_file)
        pools, related, noise, style = module.PHRASINGS, module.RELATED, module.NOISE, module.STYLE
    else:
        pools, noise, style = ev.sets()[args.set]
        related = ev.phrasings.RELATED
    taxonomy = load_taxonomy()
    engine = MatchEngine(taxonomy)
    if not args.no_table:
        tally = concept_table(engine.normaliser, pools, style, args.seed, args.only_misses)
        print(f"\nplaced on target: {tally['placed_ok']}/{tally['phrasings']} phrasings, "
              f"{tally['variants_ok']}/{tally['variants']} garbled variants")
        print("noise:", "; ".join(f"{n!r}: {describe(engine.normaliser, n)}" for n in noise
                                  if hard_ids(engine.normaliser, n)) or "all soft/unplaced")
    if not args.no_worst:
        worst_vacancies(pools, related, noise, style, args.tier, args.seed, args.worst, taxonomy)


if __name__ == "__main__":
    main()
