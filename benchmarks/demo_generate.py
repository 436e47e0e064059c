"""How long `frontdoor demo` takes to build a synthetic council, on SQLite and PostgreSQL.

The foundation issue asks for 50,000 contacts in under a minute. Each run starts from an
empty, freshly migrated database, so the figure is the whole cost a new machine pays.

    .venv/bin/python benchmarks/demo_generate.py [--contacts 50000] [--repeat 3] [--label L]

The demo builds contacts, people and, since November 2026, the casework that followed them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTDOOR = [sys.executable, str(ROOT / "manage.py")]
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def run(args: list[str], database_url: str) -> float:
    env = os.environ | {"DATABASE_URL": database_url}
    started = time.perf_counter()
    subprocess.run(FRONTDOOR + args, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def fresh_sqlite(folder: str, index: int) -> str:
    return f"sqlite:///{folder}/bench-{index}.sqlite3"


def fresh_postgres(index: int) -> str:
    name = f"frontdoor_bench_{os.getpid()}_{index}"
    psql = ["psql", f"{POSTGRES}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    return f"{POSTGRES}/{name}"


def drop_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    subprocess.run(["psql", f"{POSTGRES}/postgres", "-q", "-c", f"DROP DATABASE {name}"])


def measure(database: str, contacts: int, repeat: int) -> dict[str, object]:
    seconds = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(repeat):
            url = fresh_sqlite(folder, index) if database == "sqlite" else fresh_postgres(index)
            run(["migrate", "--noinput"], url)
            seconds.append(
                run(
                    [
                        "demo",
                        "--seed",
                        "1",
                        "--contacts",
                        str(contacts),
                        "--start",
                        "2024-11-01",
                        "--go-live",
                        "2025-11-01",
                    ],
                    url,
                )
            )
            if database == "postgresql":
                drop_postgres(url)
    return {
        "database": database,
        "contacts": contacts,
        "runs_seconds": [round(s, 2) for s in seconds],
        "median_seconds": round(statistics.median(seconds), 2),
        "target_seconds": 60,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--label", default="", help="added to the results file's name, to keep another run's"
    )
    options = parser.parse_args()
    result = {
        "benchmark": "demo_generate",
        "date": date.today().isoformat(),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "results": [
            measure(db, options.contacts, options.repeat) for db in ("sqlite", "postgresql")
        ],
    }
    label = f"-{options.label}" if options.label else ""
    out = ROOT / "benchmarks" / "results" / f"demo_generate-{result['date']}{label}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
