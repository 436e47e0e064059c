"""Check Frontdoor's Annex A export with an independent reader: liiatools 0.2.0's cleanfile.

liiatools (MIT, by the London Innovation and Improvement Alliance) matches each sheet's
headers to Ofsted's lists, coerces codes and dates, and logs every cell it had to blank and
every required cell left empty. It installs on Python 3.11 only with `--no-deps` and old
pins, so it lives in a venv of its own, benchmarks/.venv-liiatools, made on first use.

The harness builds the demo council (`frontdoor demo`) in a fresh SQLite database in a temp
folder (or uses `--database-url`), exports Annex A as at today, times the export, runs
`python -m liiatools annex-a cleanfile` on it and fails (exit 1) if liiatools

- blanked any cell ("made blank because they could not be formatted correctly"),
- found a required cell empty ("blank cells that should have contained data"),
- could not match a sheet's headers, found a sheet missing, or dropped or duplicated a column,
- wrote no cleaned workbook, or dropped rows from it.

Cells liiatools changed to another code (not blanks) are listed as warnings: its 0.2.0 code
lists predate the census's RC9, which its patterns read as RC8.

    .venv/bin/python benchmarks/annex_a_liiatools.py [--contacts 6000] [--as-at 2026-11-23]

Results go to benchmarks/results/annex_a_liiatools-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
VENV = BENCHMARKS / ".venv-liiatools"
VENV_PYTHON = VENV / "bin" / "python"
LIIATOOLS = "liiatools==0.2.0"
# The README's install notes: liiatools' own pins do not resolve, so its needs are listed here.
LIIATOOLS_NEEDS = [
    "pandas<2",
    "numpy<2",
    "lxml<5",
    "more-itertools<9",
    "sfdata-stream-parser==0.4.1",
    "xmlschema<2",
    "click",
    "PyYAML",
    "tablib[xlsx,cli]<4",
    "regex",
    "dacite",
    "XlsxWriter",
    "openpyxl",
    "xlrd",
    "click-log<0.5",
    "python-decouple",
]
LA_CODE = "bar"  # liiatools accepts only London councils' codes
SETTINGS = "config.settings.base"

BLANKED = "Number of cells that have been made blank"
MISSING = "Number of blank cells that should have contained data"
PROBLEMS = (
    BLANKED,
    MISSING,
    "Failed to find a set of matching columns headers",
    "The following sheets are missing",
    "Headers of unexpected columns",
    "duplicate column",
)


def ensure_venv() -> None:
    """benchmarks/.venv-liiatools with liiatools 0.2.0, made once and then reused."""
    marker = VENV / ".installed"
    if marker.exists():
        return
    print(f"making {VENV.relative_to(ROOT)} with {LIIATOOLS}", flush=True)
    python = os.environ.get("LIIATOOLS_PYTHON", "python3.11")
    subprocess.run([python, "-m", "venv", "--clear", str(VENV)], check=True)
    pip = [str(VENV_PYTHON), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--no-deps", LIIATOOLS], check=True)
    subprocess.run([*pip, *LIIATOOLS_NEEDS], check=True)
    marker.touch()


def build_and_export(database_url: str | None, folder: Path, contacts: int, as_at: date) -> dict:
    """Migrate and fill a fresh database with the demo council (unless given one), then
    export Annex A: runs in a child process so Django is set up against that database."""
    env = os.environ | {"DJANGO_SETTINGS_MODULE": SETTINGS}
    env["DATABASE_URL"] = database_url or f"sqlite:///{folder}/demo.sqlite3"
    manage = [sys.executable, str(ROOT / "manage.py")]
    if database_url is None:
        print("building the demo council in a fresh SQLite database", flush=True)
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "demo", "--contacts", str(contacts)], env=env, check=True)
    out = folder / "annex-a.xlsx"
    result = subprocess.run(
        [sys.executable, __file__, "--step", "export", "--as-at", as_at.isoformat(), str(out)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def export_step(as_at: date, path: str) -> None:
    """In the child process: export, timed, and print what was written as JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from frontdoor.returns.annex_a import annex_a_rows
    from frontdoor.returns.annex_a_workbook import write_annex_a

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        write_annex_a(as_at, path)
        seconds = time.perf_counter() - started
    rows = {name: len(data) for name, data in annex_a_rows(as_at).items()}
    print(
        json.dumps(
            {"seconds": round(seconds, 3), "queries": len(queries.captured_queries), "rows": rows}
        )
    )


def run_liiatools(workbook: Path, folder: Path) -> tuple[list[str], Path | None, str]:
    logs = folder / "logs"
    output = folder / "cleaned"
    logs.mkdir()
    output.mkdir()
    command = [
        str(VENV_PYTHON),
        "-m",
        "liiatools",
        "annex-a",
        "cleanfile",
        "--i",
        str(workbook),
        "--la_code",
        LA_CODE,
        "--la_log_dir",
        str(logs),
        "--o",
        str(output),
    ]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"liiatools failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
    log_text = "".join(p.read_text() for p in sorted(logs.glob("*.txt")))
    cleaned = sorted(output.glob("*.xlsx"))
    return find_problems(log_text), (cleaned[0] if cleaned else None), log_text


def find_problems(log_text: str) -> list[str]:
    """The log's complaints, one line each with its sheet: "List 3: Number of ... : {...}"."""
    problems = []
    sheet = ""
    lines = log_text.splitlines()
    for i, line in enumerate(lines):
        if re.fullmatch(r"List \d+", line.strip()):
            sheet = line.strip()
        elif any(p in line for p in PROBLEMS):
            detail = lines[i + 1] if line.startswith((BLANKED, MISSING)) else ""
            problems.append(f"{sheet}: {line.strip()} {detail}".strip())
    return problems


def compare(original: Path, cleaned: Path) -> tuple[list[str], list[str]]:
    """Rows liiatools dropped (problems) and text cells it changed to another code (warnings).
    Child IDs, dates of birth and ages are left out: liiatools rewrites them on purpose."""
    from openpyxl import load_workbook

    skip = {"Child Unique ID", "Date of Birth", "Age", "Age of Child (Years)"}
    before = load_workbook(original, read_only=True)
    after = load_workbook(cleaned, read_only=True)
    problems: list[str] = []
    changed: dict[tuple[str, str, str, str], int] = {}
    for name in before.sheetnames:
        rows_before = list(before[name].iter_rows(values_only=True))
        if name not in after.sheetnames:
            if len(rows_before) > 1:
                problems.append(f"{name}: missing from liiatools' output")
            continue
        rows_after = list(after[name].iter_rows(values_only=True))
        if len(rows_after) != len(rows_before):
            problems.append(f"{name}: {len(rows_before) - 1} rows in, {len(rows_after) - 1} out")
            continue
        if not rows_before:
            continue
        header_after = {h: i for i, h in enumerate(rows_after[0])}
        for col, header in enumerate(rows_before[0]):
            if header in skip or header not in header_after:
                continue
            j = header_after[header]
            for row_before, row_after in zip(rows_before[1:], rows_after[1:], strict=True):
                value, cleaned_value = row_before[col], row_after[j]
                if isinstance(value, str) and value and str(cleaned_value or "") != value:
                    key = (name, str(header), value, str(cleaned_value))
                    changed[key] = changed.get(key, 0) + 1
    warnings = [
        f"{sheet}: {header}: {a!r} became {b!r} ({n} cells)"
        for (sheet, header, a, b), n in sorted(changed.items())
    ]
    return problems, warnings


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=6000, help="demo size (default 6000)")
    parser.add_argument("--as-at", type=date.fromisoformat, help="inspection date (today)")
    parser.add_argument("--database-url", help="export this database instead of a fresh demo")
    parser.add_argument(
        "--output", type=Path, help="default: results/annex_a_liiatools-<date>.json"
    )
    parser.add_argument("--step", choices=["export"], help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    options = parser.parse_args()
    as_at = options.as_at or date.today()
    if options.step == "export":
        export_step(as_at, options.path)
        return 0

    ensure_venv()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        export = build_and_export(options.database_url, folder, options.contacts, as_at)
        print(
            f"export as at {as_at}: {export['seconds']} s, {export['queries']} queries, "
            f"rows {export['rows']}",
            flush=True,
        )
        workbook = folder / "annex-a.xlsx"
        print("liiatools annex-a cleanfile", flush=True)
        problems, cleaned, log_text = run_liiatools(workbook, folder)
        warnings: list[str] = []
        if cleaned is None:
            problems.append("liiatools wrote no cleaned workbook")
        else:
            dropped, warnings = compare(workbook, cleaned)
            problems += dropped
    result: dict[str, Any] = {
        "date": date.today().isoformat(),
        "as_at": as_at.isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "database": "given" if options.database_url else f"fresh SQLite, demo {options.contacts}",
        "liiatools": LIIATOOLS,
        "export_seconds": export["seconds"],
        "export_queries": export["queries"],
        "rows": export["rows"],
        "problems": problems,
        "warnings": warnings,
        "log": log_text,
    }
    output = options.output or BENCHMARKS / "results" / f"annex_a_liiatools-{date.today()}.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n")
    for warning in warnings:
        print(f"warning: {warning}")
    if problems:
        print("FAILED: liiatools found problems:")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print(f"OK: no cell blanked, no required cell missing ({output})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
