"""The README's API tour, run exactly as written (bash, curl, `./dev flask`) against the live server:
a command that only works after activating .venv, or that assumes ids, fails here first."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).parents[2]


def _tour() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## API tour"):]
    block = re.search(r"\n\n((?:    .*\n)+)", section[section.index("`./dev demo` running"):]).group(1)
    return "\n".join(line[4:] for line in block.splitlines())


def test_the_readme_api_tour_works_when_copied_literally(live_server, database_url, clean_database):
    env = dict(os.environ, PORT=str(urlsplit(live_server).port), DATABASE_URL=database_url,
               VENV=str(Path(sys.executable).parents[1]))
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", _tour()], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert (report["local_hires"], report["total_hires"]) == (1, 1)
    assert '"full_name": "Budi"' in done.stdout or "Budi" in done.stdout  # the matches answer named him
