"""Agreement harness, part (a): the demo council's CIN census passes the DfE's own rules.

Builds the demo council in a fresh SQLite database, exports the census for a year, checks
the file against the schema, runs the DfE rules (PyPI `csc-validator-be-cin`, in the venv
`make cin-reference` keeps in .venv-cin-reference) and Frontdoor's own (`frontdoor returns
check`), and fails if either reports any ERROR rule or a rule crashes. Queries (codes ending
in Q) are listed but do not fail the run. Where the two disagree on which children a rule
finds, the rule is listed (the corpus in frontdoor/returns/tests names the DfE code's bugs).

    make cin-reference                       # what CI runs
    .venv/bin/python benchmarks/cin_reference.py [--contacts 6000] [--year 2026] [--keep DIR]

Exit 0: no ERROR finding; 1: ERROR findings, a crash or a schema error. A summary (rules,
children, timings) is written to benchmarks/results/cin_reference-CONTACTS.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from frontdoor.returns.schema import schema_errors  # noqa: E402

MANAGE = [sys.executable, str(ROOT / "manage.py")]
REFERENCE_PYTHON = ROOT / ".venv-cin-reference" / "bin" / "python"
RUNNER = ROOT / "tools" / "cin_reference_run.py"
RESULTS = ROOT / "benchmarks" / "results"


def default_year(today: date) -> int:
    """The latest census year that has ended: 2026 from 1 April 2026."""
    return today.year if today >= date(today.year, 4, 1) else today.year - 1


def run(args: list[str], env: dict[str, str], allowed: tuple[int, ...] = (0,)) -> float:
    started = time.perf_counter()
    done = subprocess.run(MANAGE + args, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in allowed:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"frontdoor {' '.join(args)} failed")
    if done.stderr.strip():
        sys.stderr.write(done.stderr)
    return time.perf_counter() - started


def reference(xml: Path, out: Path) -> tuple[dict[str, object], float, int]:
    if not REFERENCE_PYTHON.exists():
        raise SystemExit(f"{REFERENCE_PYTHON} is missing: run `make cin-reference`")
    started = time.perf_counter()
    done = subprocess.run(
        [str(REFERENCE_PYTHON), str(RUNNER), str(xml), "--json", str(out)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1, 2) or not out.exists():
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit("the reference validator did not run")
    print(done.stdout.splitlines()[0] if done.stdout else "")
    return json.loads(out.read_text()), seconds, done.returncode


def summarise(found: dict[str, object]) -> dict[str, dict[str, object]]:
    """{rule code: {"type", "children", "message"}} from the runner's JSON."""
    children: dict[str, set[str]] = defaultdict(set)
    messages: dict[str, str] = {}
    for issue in found["issues"]:  # type: ignore[attr-defined]
        code = str(issue["rule_code"])
        children[code].add(str(issue["LAchildID"]))
        messages[code] = str(issue["rule_description"])
    for issue in found["return_level"]:  # type: ignore[attr-defined]
        code = str(issue["rule_code"])
        children.setdefault(code, set())
        messages[code] = str(issue["rule_description"])
    return {
        code: {
            "type": "QUERY" if code.endswith("Q") else "ERROR",
            "children": len(children[code]),
            "message": messages[code],
        }
        for code in sorted(children)
    }


def disagreements(found: dict[str, object], ours: list[dict[str, str]]) -> dict[str, dict]:
    """{rule: how many (rule, child) findings only one side has} where the sides differ."""
    theirs = {(str(i["rule_code"]), str(i["LAchildID"])) for i in found["issues"]}  # type: ignore[attr-defined]
    theirs |= {(str(i["rule_code"]), "") for i in found["return_level"]}  # type: ignore[attr-defined]
    mine = {(row["code"], row["LAchildID"] or "") for row in ours}
    codes = {code for code, _ in theirs ^ mine}
    return {
        code: {
            "reference_only": len({f for f in theirs - mine if f[0] == code}),
            "frontdoor_only": len({f for f in mine - theirs if f[0] == code}),
        }
        for code in sorted(codes)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=default_year(date.today()))
    parser.add_argument("--la", default="845")
    parser.add_argument("--keep", help="keep the database, export and findings in this folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        database = folder / "cin-reference.sqlite3"
        database.unlink(missing_ok=True)
        env = os.environ | {
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        }
        xml, findings = folder / f"cin-census-{args.year}.xml", folder / "reference.json"
        run(["migrate", "--noinput"], env)
        demo_seconds = run(
            ["demo", "--contacts", str(args.contacts), "--seed", str(args.seed)], env
        )
        export_seconds = run(
            ["returns", "cin-census", "--year", str(args.year), "--la", args.la, "-o", str(xml)],
            env,
        )
        problems = schema_errors(xml)
        found, reference_seconds, exit_code = reference(xml, findings)
        ours_file = folder / "frontdoor.json"
        ours_seconds = run(
            ["returns", "check", "--year", str(args.year), "--la", args.la, "--json",
             str(ours_file)],
            env, allowed=(0, 1),
        )  # fmt: skip
        ours = json.loads(ours_file.read_text())

    rules = summarise(found)
    crashes = list(found["crashes"])  # type: ignore[call-overload]
    errors = {code: rule for code, rule in rules.items() if rule["type"] == "ERROR"}
    our_errors = sorted({row["code"] for row in ours if row["kind"] == "error"})
    differ = disagreements(found, ours)
    summary = {
        "contacts": args.contacts,
        "seed": args.seed,
        "year": args.year,
        "seconds": {
            "demo": round(demo_seconds, 2),
            "export": round(export_seconds, 2),
            "reference": round(reference_seconds, 2),
            "frontdoor_check": round(ours_seconds, 2),
        },
        "frontdoor_errors": our_errors,
        "disagreements": differ,
        "schema_errors": problems[:20],
        "rules": rules,
        "crashes": crashes,
        "passed": not errors and not our_errors and not crashes and not problems,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = RESULTS / f"cin_reference-{args.contacts}.json"
    results.write_text(json.dumps(summary, indent=1) + "\n")

    print(
        f"demo {demo_seconds:.1f} s, export {export_seconds:.1f} s, "
        f"reference {reference_seconds:.1f} s (exit {exit_code})"
    )
    for problem in problems[:20]:
        print(f"SCHEMA: {problem}")
    for code, rule in rules.items():
        print(f"{rule['type']:5} {code:6} children={rule['children']:<5} {rule['message']}")
    for crash in crashes:
        print(f"CRASH: {crash}")
    print(f"Frontdoor's own rules: {len(ours)} findings in {ours_seconds:.1f} s")
    for code, counts in differ.items():
        print(f"DIFFERS {code:6} only the DfE code: {counts['reference_only']}, "
              f"only Frontdoor: {counts['frontdoor_only']}")  # fmt: skip
    for code in our_errors:
        print(f"FRONTDOOR ERROR {code}")
    if summary["passed"]:
        print("PASS: no ERROR rule broken by the demo council's census")
        return 0
    print(
        f"FAIL: {len(errors)} ERROR rules (DfE code), {len(our_errors)} (Frontdoor), "
        f"{len(crashes)} crashes, {len(problems)} schema errors"
    )
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
