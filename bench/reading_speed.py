"""Normalisation rate and ranking latency in CPU time, to compare two versions of the engine on
one machine even while other work loads it (wall-clock figures are in bench/matching.py).

    .venv/bin/python bench/reading_speed.py                       # this checkout
    git worktree add /tmp/padan-before 5eafc38                    # the first release, for comparison
    (cd /tmp/padan-before && /path/to/checkout/.venv/bin/python /path/to/checkout/bench/reading_speed.py)

It imports `matching` and `bench.matching` from the current directory, so run inside the
checkout to measure: 20,000 synthetic seekers (bench/matching.py's World, seed 7), every
distinct entry normalised cold, then 200 vacancies ranked three times.
"""
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

import bench.matching as bm  # noqa: E402
from matching.engine import MatchEngine  # noqa: E402
from matching.normalise import Normaliser  # noqa: E402
from matching.taxonomy import load_taxonomy  # noqa: E402


def main(seekers: int = 20_000) -> None:
    taxonomy, today = load_taxonomy(), date(2024, 6, 1)
    world = bm.World(taxonomy, 7)
    people = [world.seeker(i, today) for i in range(seekers)]
    entries = list(dict.fromkeys(e for s in people for e in s.skills))
    norm = Normaliser(taxonomy)
    norm.mentions("warm up")                     # loads the word lists once, as a worker does at start
    start = time.process_time()
    for entry in entries:
        norm.mentions(entry)
    rate = len(entries) / (time.process_time() - start)
    engine = MatchEngine(taxonomy, normaliser=norm)
    for person in people:
        engine.upsert_seeker(person)
    vacancies = [world.vacancy(j) for j in range(200)]
    for vacancy in vacancies:
        engine.rank_seekers(vacancy, 20, today)
    times = []
    for _ in range(3):
        for vacancy in vacancies:
            start = time.process_time()
            engine.rank_seekers(vacancy, 20, today)
            times.append((time.process_time() - start) * 1000)
    times.sort()
    print(f"normalisation {rate:,.0f} entries/s (CPU) over {len(entries):,} distinct entries; "
          f"rank one vacancy's top 20, CPU p50 {times[len(times) // 2]:.2f} ms, p99 {times[int(len(times) * .99)]:.2f} ms")


if __name__ == "__main__":
    main()
