"""The long schemathesis run: every operation, positive and negative requests plus the coverage
phase's boundary values, against the real app on SQLite or PostgreSQL; prints how many requests
got which status and whether any server error or answer outside the document was found.

    python bench/fuzz.py                      # SQLite, 50 examples per operation
    python bench/fuzz.py --examples 200 --database postgresql
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


class Tally:
    """A pytest plugin counting every request schemathesis sends, by answer status."""

    def __init__(self):
        self.statuses = collections.Counter()

    def pytest_configure(self, config):
        from schemathesis.generation.case import Case
        real, statuses = Case.call, self.statuses

        def counted(case, *args, **kwargs):
            response = real(case, *args, **kwargs)
            statuses[response.status_code] += 1
            return response
        Case.call = counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=50, help="generated requests per operation and mode")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    os.environ.update(FUZZ_EXAMPLES=str(args.examples), FUZZ_COVERAGE="1", TEST_DATABASE=args.database)
    tally, started = Tally(), time.monotonic()
    code = pytest.main(["-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT),
                        str(ROOT / "tests/api/test_schemathesis.py")], plugins=[tally])
    total = sum(tally.statuses.values())
    print(f"\n{total} requests in {time.monotonic() - started:.0f} s on {args.database}, "
          f"{args.examples} examples per operation plus the coverage phase")
    print("answers by status:", ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses.items())))
    print("server errors:", sum(n for s, n in tally.statuses.items() if s >= 500),
          "| goal: 0 server errors and 0 schema violations:", "met" if code == 0 else "NOT met (failures above)")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
