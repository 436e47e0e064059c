"""The fuzz of `frontdoor/core/tests/test_fuzz.py` at length: many random probes per URL
instead of CI's few fixed ones, on SQLite and on PostgreSQL. Reports the probes sent, what
they were answered with (2xx/3xx/4xx; a 5xx fails the run) and the URLs that failed.

    .venv/bin/python benchmarks/fuzz.py [--examples 200] [--databases sqlite postgresql]

Results go to benchmarks/results/fuzz-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432/fuzz_bench"  # pytest-django makes test_<name>


def run(database: str, examples: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as work:
        tally, junit = Path(work, "tally.jsonl"), Path(work, "junit.xml")
        env = os.environ | {
            "FRONTDOOR_FUZZ_EXAMPLES": str(examples),
            "FRONTDOOR_FUZZ_RANDOM": "1",
            "FRONTDOOR_FUZZ_TALLY": str(tally),
        }
        env.pop("DATABASE_URL", None)
        if database == "postgresql":
            env["DATABASE_URL"] = POSTGRES
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pytest", "-n", "auto", "-q", "-p", "no:cacheprovider",
             "--create-db", f"--junitxml={junit}", "frontdoor/core/tests/test_fuzz.py"],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        statuses: Counter[str] = Counter()
        probes = 0
        for line in tally.read_text().splitlines() if tally.exists() else []:
            row = json.loads(line)
            probes += row["probes"]
            statuses.update(row["statuses"])
        failed = [
            case.get("name", "")
            for case in ET.parse(junit).iter("testcase")
            if case.find("failure") is not None or case.find("error") is not None
        ]
        return {
            "database": database,
            "urls": sum(1 for _ in ET.parse(junit).iter("testcase")),
            "random_examples_per_url": examples,
            "probes_answered": probes,
            "answers": dict(sorted(statuses.items())),
            "failed_urls": failed,
            "seconds": round(seconds, 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    results = {
        "date": date.today().isoformat(),
        "machine": f"{os.cpu_count()}-core {platform.machine()}, "
        f"Python {platform.python_version()}",
        "runs": [run(database, args.examples) for database in args.databases],
    }
    out = ROOT / "benchmarks" / "results" / f"fuzz-{results['date']}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
