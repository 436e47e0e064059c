"""Person search latency at national scale, on SQLite and PostgreSQL.

Builds a fresh, migrated database per backend, loads N synthetic people (realistic UK name
frequencies, double-barrelled surnames, aliases, test-range NHS numbers) straight into the
person index tables, then times `people.selectors.people_matching` in-process on Q queries.
Each query is a copy of a random person with one error applied (a typo, transposed letters,
a nickname, a phonetic spelling, part of a double-barrelled surname, first and last names
swapped, day and month swapped, a year out, no date of birth), searched by name and date of
birth as a worker would type them. Reports p50/p95/p99 overall and per error type, how often
the person is the first or in the first three results, and the size of the index.
Goal: p95 under 50 ms on PostgreSQL at 1,000,000 people on a 2-core machine.

    .venv/bin/python benchmarks/search_latency.py [--people 1000000] [--queries 1000]
        [--databases sqlite postgresql] [--sqlite-people N]

Results go to benchmarks/results/search_latency-<date>.json.
"""

from __future__ import annotations

import argparse
import inspect
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
SETTINGS = "config.settings.base"  # DEBUG off, as in production
FAILURES: list[str] = []  # searches that raised, in the worker


# --- the orchestrator: fresh databases, one worker process per database --------------------


def django_env(database_url: str) -> dict[str, str]:
    return os.environ | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": SETTINGS}


def fresh_postgres() -> str:
    name = f"frontdoor_search_bench_{os.getpid()}"
    psql = ["psql", f"{POSTGRES}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    return f"{POSTGRES}/{name}"


def drop_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    subprocess.run(["psql", f"{POSTGRES}/postgres", "-q", "-c", f"DROP DATABASE {name}"])


def code_version() -> dict[str, Any]:
    """Which commit was measured, and whether the matcher had uncommitted changes."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": git("status", "--porcelain", "--", "frontdoor/people").splitlines(),
    }


def measure(database: str, people: int, options: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        if database == "sqlite":
            url = f"sqlite:///{folder}/search-bench.sqlite3"
        else:
            url = fresh_postgres()
        try:
            print(f"{database}: migrating", flush=True)
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"],
                env=django_env(url),
                check=True,
                capture_output=True,
                cwd=ROOT,
            )
            out = Path(folder) / "result.json"
            command = [
                sys.executable,
                __file__,
                "--worker",
                str(out),
                "--people",
                str(people),
                "--queries",
                str(options.queries),
                "--warm-up",
                str(options.warm_up),
                "--seed",
                str(options.seed),
                "--limit",
                str(options.limit),
            ]
            if options.with_postcode:
                command.append("--with-postcode")
            subprocess.run(command, env=django_env(url), check=True, cwd=ROOT)
            return json.loads(out.read_text())
        finally:
            if database == "postgresql" and not options.keep:
                drop_postgres(url)


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB"


def postgres_version() -> str:
    done = subprocess.run(
        ["psql", f"{POSTGRES}/postgres", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000_000, help="people in the index")
    parser.add_argument(
        "--sqlite-people",
        type=int,
        help="people for SQLite if it cannot take --people in reasonable time (default: same)",
    )
    parser.add_argument("--queries", type=int, default=1_000, help="timed searches")
    parser.add_argument("--warm-up", type=int, default=100, help="untimed searches first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=20, help="results asked for per search")
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--with-postcode", action="store_true", help="search with the postcode too")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--output", type=Path, help="default: results/search_latency-<date>.json")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        return worker(options)

    results = []
    for database in options.databases:
        people = options.people
        if database == "sqlite" and options.sqlite_people:
            people = options.sqlite_people
        results.append(measure(database, people, options))
    result = {
        "benchmark": "search_latency",
        "date": date.today().isoformat(),
        "machine": machine(),
        "python": platform.python_version(),
        "postgresql": postgres_version(),
        "code": code_version(),
        "searched_by": "name, date of birth" + (", postcode" if options.with_postcode else ""),
        "goal": "p95 under 50 ms on PostgreSQL at 1,000,000 people",
        "seed": options.seed,
        "results": results,
    }
    out = options.output or BENCHMARKS / "results" / f"search_latency-{result['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print()
    for entry in results:
        print(summary(entry))
    print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def summary(entry: dict[str, Any]) -> str:
    latency, hits, size = entry["latency_ms"], entry["hit_rate"], entry["index_size"]
    lines = [
        f"{entry['database']} at {entry['people']:,} people: "
        f"p50 {latency['p50']} ms, p95 {latency['p95']} ms, p99 {latency['p99']} ms"
        + (
            f" (in SQL: p50 {entry['sql_ms']['p50']}, p95 {entry['sql_ms']['p95']})"
            if entry["sql_ms"]
            else ""
        )
        + "; "
        f"top-1 {hits['top1']:.1%}, top-3 {hits['top3']:.1%}; "
        f"index {size['index_total_bytes'] / 2**20:,.0f} MiB; load {entry['load_seconds']} s"
    ]
    if entry["searches_that_raised"]:
        failed = entry["searches_that_raised"]
        lines.append(f"  WARNING: {len(failed)} searches raised an exception, e.g. {failed[0]}")
    for error, figures in entry["by_error"].items():
        lines.append(
            f"  {error:<18} p50 {figures['p50']:>7} p95 {figures['p95']:>7} "
            f"p99 {figures['p99']:>7} ms  top-1 {figures['top1']:.0%} top-3 {figures['top3']:.0%}"
        )
    return "\n".join(lines)


# --- the worker: load, then time searches, in a process with Django set up ---------------


def percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        values = values * 2 or [0.0, 0.0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "p50": round(cuts[49], 2),
        "p95": round(cuts[94], 2),
        "p99": round(cuts[98], 2),
        "mean": round(statistics.fmean(values), 2),
        "max": round(max(values), 2),
    }


def search_arguments(query: Any, limit: int, with_postcode: bool) -> dict[str, Any]:
    """Keyword arguments for `people_matching`, kept to those its signature has."""
    from _people import AS_AT

    from frontdoor.people.selectors import people_matching

    accepted = inspect.signature(people_matching).parameters
    wanted = {
        "name": query.name,
        "date_of_birth": query.date_of_birth,
        "limit": limit,
        "today": AS_AT,
    }
    if with_postcode:
        wanted["postcode"] = query.postcode
    return {key: value for key, value in wanted.items() if key in accepted}


class SqlClock:
    """Adds up the time spent in the database (a Django execute wrapper), so that a search's
    time can be split into SQL and Python."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.statements = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.statements += 1


def run_query(query: Any, options: argparse.Namespace) -> tuple[float, float, int | None]:
    """Milliseconds taken in all and in SQL, and the 1-based rank of the person searched for
    (None: missed). The SQL time is whole on PostgreSQL (psycopg fetches the result inside
    `execute`); SQLite steps through rows as they are fetched, after the wrapper returns."""
    from django.db import connection

    from frontdoor.people.selectors import people_matching

    arguments = search_arguments(query, options.limit, options.with_postcode)
    clock = SqlClock()
    with connection.execute_wrapper(clock):
        started = time.perf_counter()
        try:
            matches = people_matching(**arguments)
        except Exception as error:  # a bug in the matcher: counted as a miss, and reported
            FAILURES.append(f"{query.error}: {query.name} {query.date_of_birth}: {error!r}")
            matches = []
        elapsed = (time.perf_counter() - started) * 1000
    ids = [match.person.pk for match in matches]
    rank = ids.index(query.target) + 1 if query.target in ids else None
    return elapsed, clock.seconds * 1000, rank


def explain(query: Any, options: argparse.Namespace) -> list[dict[str, Any]]:
    """The SQL one search runs, each statement with its plan: EXPLAIN (ANALYZE, BUFFERS) on
    PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from frontdoor.people.selectors import people_matching

    with CaptureQueriesContext(connection) as captured:
        people_matching(**search_arguments(query, options.limit, options.with_postcode))
    statements = []
    with connection.cursor() as cursor:
        for executed in captured.captured_queries:
            sql = executed["sql"]
            if not sql.lstrip("( ").upper().startswith(("SELECT", "WITH")):
                continue
            if connection.vendor == "postgresql":
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = [" ".join(str(part) for part in row) for row in cursor.fetchall()]
            statements.append({"sql": sql, "ms": float(executed["time"]) * 1000, "plan": plan})
    return statements


def worker(options: argparse.Namespace) -> int:
    sys.path.insert(0, str(BENCHMARKS))
    import django

    django.setup()
    from _people import ERROR_TYPES, PeopleGenerator, index_sizes, load_people, make_queries
    from django.db import connection

    database = connection.vendor
    print(f"{database}: generating {options.people:,} people", flush=True)
    started = time.perf_counter()
    people = list(PeopleGenerator(options.seed).people(options.people))
    generate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    counts = load_people(people, log=lambda line: print(f"{database}:{line}", flush=True))
    load_seconds = time.perf_counter() - started
    queries = make_queries(people, options.queries, seed=options.seed + 1)
    warm_up = make_queries(people, options.warm_up, seed=options.seed + 2)
    del people

    print(f"{database}: {options.warm_up} warm-up searches, then {len(queries)} timed", flush=True)
    for query in warm_up:
        run_query(query, options)
    load_before = os.getloadavg()
    timings, sql_ms = [], []
    for query in queries:
        elapsed, in_sql, rank = run_query(query, options)
        timings.append((query, elapsed, rank))
        sql_ms.append(in_sql)

    def hit_rates(rows: list[tuple[Any, float, int | None]]) -> dict[str, float]:
        ranks = [rank for _query, _ms, rank in rows]
        return {
            "top1": round(sum(r == 1 for r in ranks) / len(ranks), 4),
            "top3": round(sum(r is not None and r <= 3 for r in ranks) / len(ranks), 4),
            f"top{options.limit}": round(sum(r is not None for r in ranks) / len(ranks), 4),
        }

    by_error = {}
    for error in ERROR_TYPES:
        rows = [row for row in timings if row[0].error == error]
        if rows:
            by_error[error] = {
                "queries": len(rows),
                **percentiles([ms for _q, ms, _r in rows]),
                **hit_rates(rows),
            }
    slowest = sorted(timings, key=lambda row: -row[1])[:3]
    result = {
        "database": database,
        "people": options.people,
        "rows": counts,
        "generate_seconds": round(generate_seconds, 1),
        "load_seconds": round(load_seconds, 1),
        "queries": len(queries),
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "warm_up_queries": options.warm_up,
        "limit": options.limit,
        "latency_ms": percentiles([ms for _q, ms, _r in timings]),
        "sql_ms": percentiles(sql_ms) if database == "postgresql" else None,
        "hit_rate": hit_rates(timings),
        "by_error": by_error,
        "searches_that_raised": FAILURES,
        "index_size": index_sizes(),
        "slowest": [
            {
                "error": query.error,
                "name": query.name,
                "date_of_birth": str(query.date_of_birth),
                "ms": round(ms, 2),
                "rank": rank,
                "statements": explain(query, options),
            }
            for query, ms, rank in slowest
        ],
    }
    print(summary(result), flush=True)
    options.worker.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
