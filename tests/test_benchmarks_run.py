"""Every speed benchmark still runs against the current schema and code: each once, with tiny sizes, in a process of
its own on a throwaway SQLite file in a folder of the test's (``FAIRCONTACT_BENCH_OUT``), with the environment a
developer's shell has (no test settings, no ``DATABASE_URL``: a benchmark given one drops that database). Two of
them had stopped at their first insert when contacts gained a ``scope`` column, and nothing noticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

RUNS = {
    "bench_gate.py": ["--customers", "60", "--contacts", "600", "--restricted", "10", "--calls", "20"],
    "bench_import.py": ["--rows", "400", "--customers", "40"],
    "bench_indicators.py": ["--contacts", "600", "--customers", "60", "--recompute-only"],
    "bench_reads.py": ["--customers", "40", "--calls", "5", "--list-calls", "5"],
    "bench_reports.py": ["--cases", "6", "--runs", "1"],
    "bench_prepared.py": ["--cases", "6", "--runs", "1"],
}


@pytest.mark.parametrize("script", sorted(RUNS))
def test_a_benchmark_runs_to_its_figures(script, tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "DATABASE_URL" and name != "DJANGO_SETTINGS_MODULE" and not name.startswith("FAIRCONTACT_")
    }
    env["FAIRCONTACT_BENCH_OUT"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *RUNS[script]],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert any(character.isdigit() for character in done.stdout), done.stdout
