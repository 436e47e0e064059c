"""Run the DfE CIN census rules (PyPI package csc-validator-be-cin) on one CIN census XML file.

Copied from shared/tools (the DfE rules runner) so that CI needs nothing outside the
repository; `make cin-reference` runs it in .venv-cin-reference.

Usage: python cin_reference_run.py FILE.xml [--ruleset cin2025_26] [--json OUT.json]
Exit 0: no child-level and no return-level findings; 1: findings; 2: a rule crashed.

The package prints and swallows a crashing rule and counts it as passed; this runner
turns that into exit 2 so that a crash never reads as a pass.
"""

import argparse
import contextlib
import importlib
import io
import json
import sys
import time
import warnings
import xml.etree.ElementTree as ET

warnings.simplefilter("ignore")  # pandas FutureWarnings from the rule code

from cin_validator import cin_validator  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("xml")
parser.add_argument("--ruleset", default="cin2025_26")  # cin2022_23 .. cin2026_27
parser.add_argument("--json")
args = parser.parse_args()

started = time.perf_counter()
root = ET.parse(args.xml).getroot()  # <Message> with no XML namespace
tables = cin_validator.process_data(cin_validator.convert_data(root))
registry = importlib.import_module(f"cin_validator.rules.{args.ruleset}").registry
captured = io.StringIO()
with contextlib.redirect_stdout(captured):
    result = cin_validator.CinValidator(tables, registry)
elapsed = time.perf_counter() - started

crashes = [line for line in captured.getvalue().splitlines() if line.startswith("Error with rule")]
issues = result.full_issue_df  # one row per (child, rule, table, column, row)
return_level = result.multichild_issues.drop_duplicates()
print(
    f"ruleset={args.ruleset} rules={len(registry)} passed={len(result.rules_passed)} "
    f"children={len(tables['ChildIdentifiers'])} seconds={elapsed:.2f}"
)
for code, group in issues.groupby("rule_code", sort=True):
    print(f"[{code}] {group['rule_description'].iloc[0]}")
    for _, row in group.iterrows():
        print(
            f"    child={row['child_id']} {row['tables_affected']}.{row['columns_affected']}"
            f" row={row['row_id']}"
        )
for _, row in return_level.iterrows():
    print(f"[{row['rule_code']}] (return level) {row['rule_description']}")
for crash in crashes:
    print("CRASH:", crash)
if args.json:
    with open(args.json, "w") as out:
        json.dump(
            {
                "issues": json.loads(result.user_report.to_json(orient="records")),
                "return_level": json.loads(return_level.to_json(orient="records")),
                "crashes": crashes,
            },
            out,
            indent=1,
        )
sys.exit(2 if crashes else (1 if len(issues) or len(return_level) else 0))
