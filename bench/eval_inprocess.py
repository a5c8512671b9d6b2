"""Matching quality of MatchEngine in-process (no HTTP): the shared eval scenario, and hold-outs.

Runs /work/shared/eval's generator (`scenario.build`, `scenario.build_realistic`, seed 890,
600 seekers, 40 vacancies) straight against the engine and prints P@10 and nDCG@10 the way
../shared/eval/check.py does.

Hold-outs guard against tuning to the sample list (phrasings.py is never copied into the
taxonomy or the code; these checks would show it if it were):
- "own": phrasings, opening phrases, remarks, connectors, abbreviations and soft-skill noise
  written here, none equal to a phrasings.py string, for the same concepts plus five concepts
  phrasings.py does not have (so the free-text fallback is exercised on whole unseen skills).
  Do not add these strings to the taxonomy either: then this check would measure nothing.
- "swap": phrasings.py with the vacancy and seeker sides exchanged.
- "... withheld": the same sets against a taxonomy from which every alias equal to one of the
  set's phrasings is removed, so each phrasing must be placed by its parts, typo correction,
  the n-gram fallback or free-text comparison: what an unseen phrasing meets in real life.

    python bench/eval_inprocess.py                      # all sets, both tiers
    python bench/eval_inprocess.py --set shared --tier plain
    python bench/eval_inprocess.py --set file --pools-file bench/holdout/phrasings_blind.py
      (any module with PHRASINGS, RELATED, NOISE and STYLE, e.g. a blind hold-out)
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(EVAL_DIR))

import metrics  # noqa: E402
import phrasings  # noqa: E402
import scenario  # noqa: E402

from matching.engine import MatchEngine  # noqa: E402
from matching.profiles import SeekerProfile, SkillRequirement, VacancyProfile  # noqa: E402
from matching.taxonomy import Taxonomy, load_taxonomy  # noqa: E402

HOME_REGENCY = "3216"

OWN_PHRASINGS = {
    "LATHE": ["bubut manual", "turning operator", "juru bubut", "operator lathe konvensional",
              "tukang bubut besi", "machinist bubut"],
    "CNC": ["CNC milling operator", "operator CNC lathe", "programmer CNC Fanuc", "msn CNC",
            "CNC setter", "G-code programming"],
    "MILLING": ["frais manual", "milling operator", "operator milling konvensional", "mesin milling"],
    "MEASURING": ["vernier caliper", "micrometer", "dial indicator", "pengukuran presisi",
                  "caliper digital", "alat ukur mekanik"],
    "INJECTION": ["plastic injection", "operator injection", "injection molding machine", "molding plastik",
                  "mesin injek plastik", "setter mesin injection"],
    "ELECTRICAL": ["teknisi listrik", "electrician", "instalasi kelistrikan", "electrical installation",
                   "listrik tegangan rendah", "pemasangan instalasi listrik"],
    "PLC": ["programming PLC Siemens", "PLC Mitsubishi", "otomasi PLC", "PLC troubleshooting",
            "programmable logic controller"],
    "WELDING": ["tukang las", "welding SMAW", "las argon", "welder 6G", "juru las", "las MIG"],
    "FORKLIFT": ["forklift operator", "driver forklift", "operator forklift ber-SIO", "reach truck"],
    "WAREHOUSE": ["staff gudang", "warehouse staff", "stock opname", "administrasi gudang", "warehouse admin"],
    "QC": ["QC inspector", "quality inspector", "pemeriksaan kualitas produk", "QC line", "kontrol kualitas"],
    "DRAWING": ["membaca gambar teknik", "baca gambar", "drawing reading", "gambar mesin"],
    "CAD": ["Autocad 2D", "SolidWorks", "drafter CAD", "desain 3D CAD", "CAD designer"],
    "SEWING": ["penjahit", "operator jahit", "jahit garmen", "sewing", "operator mesin jahit"],
    "AUTO": ["mekanik mobil", "car mechanic", "servis mobil", "teknisi otomotif", "perawatan mobil"],
    "MOTO": ["mekanik motor", "servis motor", "motorcycle mechanic", "teknisi motor"],
    "OFFICE": ["Ms Office", "Microsoft Excel", "admin kantor", "administrasi", "staff administrasi", "Ms Word"],
    "ACCOUNTING": ["pembukuan", "bookkeeping", "MYOB", "akuntan", "staff accounting"],
    "COOKING": ["juru masak", "koki", "kitchen staff", "masak"],
    "DRIVER": ["supir", "pengemudi", "driver SIM B1", "sopir truk", "supir pribadi"],
    "HVAC": ["servis AC", "air conditioner technician", "teknisi pendingin", "refrigerasi", "pasang AC"],
    "WEBDEV": ["web developer", "programmer PHP", "frontend developer", "Laravel", "pemrograman web"],
    "DESIGN": ["graphic designer", "Photoshop", "desainer grafis", "Adobe Photoshop"],
    "MAINTENANCE": ["teknisi maintenance", "perawatan mesin", "mekanik maintenance", "maintenance mekanik"],
    "SAFETY": ["safety officer", "keselamatan kerja", "K3 umum", "HSE officer"],
    "CUSTSERV": ["pelayanan pelanggan", "customer care", "CS", "customer service officer"],
    "SALES": ["salesman", "sales marketing", "pemasaran", "penjualan"],
    "ELECTRONICS": ["teknisi elektronik", "service elektronik", "reparasi elektronik", "perakitan elektronik"],
    "BARISTA": ["peracik kopi", "barista cafe", "espresso", "coffee barista"],
    "BEAUTY": ["salon", "hair stylist", "make up artist", "perias pengantin"],
    "MASONRY": ["kuli bangunan", "tukang bangunan", "tukang tembok", "pasang bata"],
    # concepts phrasings.py does not have: only the free-text fallback can match these
    "PAINTING": ["pengecatan", "spray painting", "tukang cat", "painter", "pengecatan body", "cat semprot"],
    "BAKERY": ["pembuatan roti", "baker", "tukang roti", "bakery", "membuat kue", "roti dan kue"],
    "PRINTING": ["operator printing", "mesin cetak offset", "percetakan", "sablon", "cetak offset"],
    "GARDEN": ["tukang kebun", "gardener", "perawatan taman", "pertamanan"],
    "LAUNDRY": ["laundry", "setrika pakaian", "operator laundry", "cuci setrika"],
}
OWN_NOISE = ["ulet", "pekerja keras", "cepat tanggap", "mampu bekerja di bawah tekanan", "loyal", "ramah",
             "sabar", "kreatif", "bisa naik motor", "punya SIM C"]
OWN_STYLE = {
    "prefixes": ["ahli", "terampil", "berpengalaman di", "punya pengalaman", "skill:"],
    "suffixes": ["(2 thn)", "sudah bersertifikat", "level menengah", "min 1 tahun"],
    "connectors": [" dan ", " / ", "; "],
    "abbreviations": {"operator": "opr", "mesin": "msn", "teknisi": "tekn", "pengalaman": "pngalaman"},
}


def birth_date(nik: str, today: date) -> date | None:
    """NIK digits 7-12 are DDMMYY; women's day is +40; yy above this year's is last century."""
    try:
        day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
        day -= 40 if day > 40 else 0
        year = 1900 + yy if yy > today.year % 100 else 2000 + yy
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def profiles(seekers, vacancies, today):
    seeker_profiles = [SeekerProfile(id=i, skills=tuple(s["skills"]), education_level=s["education_level"],
                                     birth_date=birth_date(s["nik"], today), gender=s["gender"],
                                     is_local=s["nik"].startswith(HOME_REGENCY))
                       for i, s in enumerate(seekers)]
    vacancy_profiles = [VacancyProfile(id=j, title=v["title"],
                                       required_skills=tuple(SkillRequirement(t) for t in v["required_skills"]),
                                       min_education=v.get("min_education"), max_age=v.get("max_age"))
                        for j, v in enumerate(vacancies)]
    return seeker_profiles, vacancy_profiles


def evaluate(engine_factory, data, today, limit=10):
    seekers, vacancies, rel = data
    engine = engine_factory()
    seeker_profiles, vacancy_profiles = profiles(seekers, vacancies, today)
    for p in seeker_profiles:
        engine.upsert_seeker(p)
    ndcg, prec, latency = [], [], []
    for v, vp in zip(vacancies, vacancy_profiles):
        t0 = time.perf_counter()
        ranked = [seekers[m.candidate_id]["key"] for m in engine.rank_seekers(vp, limit=limit, today=today)]
        latency.append((time.perf_counter() - t0) * 1000)
        ndcg.append(metrics.ndcg_at(ranked, rel[v["key"]], 10))
        prec.append(metrics.precision_at(ranked, rel[v["key"]], 10))
    return statistics.mean(ndcg), statistics.mean(prec), statistics.median(latency)


def build_tier(tier, pools, related, noise, style, seed, n_seekers, n_vacancies):
    if tier == "plain":
        return scenario.build(pools, related, noise, seed, n_seekers, n_vacancies)
    return scenario.build_realistic(pools, related, noise, seed, style, n_seekers, n_vacancies)


def sets():
    swapped = {c: [x for pair in zip(p[1::2], p[0::2]) for x in pair] + (p[-1:] if len(p) % 2 else [])
               for c, p in phrasings.PHRASINGS.items()}
    return {
        "shared": (phrasings.PHRASINGS, phrasings.NOISE, phrasings.STYLE),
        "own": (OWN_PHRASINGS, OWN_NOISE, OWN_STYLE),
        "swap": (swapped, phrasings.NOISE, phrasings.STYLE),
    }


def withheld(taxonomy: Taxonomy, pools) -> Taxonomy:
    """The taxonomy without the aliases that equal one of the set's phrasings."""
    phrases = {" ".join(p.lower().split()) for pool in pools.values() for p in pool}
    comps = {cid: replace(c, aliases=tuple(a for a in c.aliases if a not in phrases))
             for cid, c in taxonomy.competencies.items()}
    return Taxonomy(comps, taxonomy.filler, taxonomy.abbreviations)


def load_pools(path: str):
    spec = importlib.util.spec_from_file_location("pools_file", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_own_is_unseen():
    shared = {p.lower() for pool in phrasings.PHRASINGS.values() for p in pool} | {n.lower() for n in phrasings.NOISE}
    copied = [p for pool in OWN_PHRASINGS.values() for p in pool if p.lower() in shared]
    copied += [n for n in OWN_NOISE if n.lower() in shared]
    assert not copied, f"hold-out phrasings copied from phrasings.py: {copied}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=["shared", "own", "swap", "all", "file"], default="all")
    ap.add_argument("--pools-file", help="with --set file: a module with PHRASINGS, RELATED, NOISE, STYLE")
    ap.add_argument("--tier", choices=["plain", "realistic", "both"], default="both")
    ap.add_argument("--taxonomy", help="taxonomy folder (default: matching/data/taxonomy)")
    ap.add_argument("--withheld", choices=["no", "yes", "both"], default="both",
                    help="also run against the taxonomy without the set's phrasings as aliases")
    ap.add_argument("--seed", type=int, default=890)
    ap.add_argument("--seekers", type=int, default=600)
    ap.add_argument("--vacancies", type=int, default=40)
    args = ap.parse_args(argv)
    check_own_is_unseen()
    taxonomy = load_taxonomy(args.taxonomy)
    today = date.today()
    tiers = ["plain", "realistic"] if args.tier == "both" else [args.tier]
    related = {}
    if args.set == "file":
        module = load_pools(args.pools_file)
        chosen = {Path(args.pools_file).stem: (module.PHRASINGS, module.NOISE, module.STYLE)}
        related = {Path(args.pools_file).stem: module.RELATED}
    else:
        chosen = sets() if args.set == "all" else {args.set: sets()[args.set]}
    results = {}
    variants = {"no": [False], "yes": [True], "both": [False, True]}[args.withheld]
    for name, (pools, noise, style) in chosen.items():
        for hold in variants:
            tax = withheld(taxonomy, pools) if hold else taxonomy
            label = f"{name} phrasings{', aliases withheld' if hold else ''}"
            for tier in tiers:
                data = build_tier(tier, pools, related.get(name, phrasings.RELATED), noise, style, args.seed,
                                  args.seekers, args.vacancies)
                ndcg, prec, ms = evaluate(lambda tax=tax: MatchEngine(tax), data, today)
                results[(name, hold, tier)] = ndcg
                print(f"{label}, {tier}: {args.seekers} seekers, {args.vacancies} vacancies; "
                      f"median ranking {ms:.2f} ms; P@10 {prec:.3f}; nDCG@10 {ndcg:.3f}", flush=True)
    return results


if __name__ == "__main__":
    main()
