"""The matching package must stay usable without the web stack (bench, workers, notebooks)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_matching_imports_no_web_or_database_library():
    code = ("import sys, matching, matching.engine, matching.normalise, matching.scoring, matching.taxonomy; "
            "bad = sorted(m for m in ('flask', 'sqlalchemy', 'marshmallow') if m in sys.modules); "
            "print('loaded:', bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "loaded: []" in result.stdout


def test_matching_and_the_worker_never_import_scikit_learn():
    """scikit-learn (with scipy.stats) was ~70 MB and ~0.5 s of every worker's start for two short
    functions; freetext.py now has them written out (checked against it in test_matching_core)."""
    code = ("import sys, matching.engine, matching.normalise, service.matches, service.needs, service.rereads; "
            "print('loaded:', sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn')[:3])")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "loaded: []" in result.stdout
