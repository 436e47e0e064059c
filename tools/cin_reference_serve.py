"""The DfE CIN census rules (PyPI csc-validator-be-cin) as a small line server, so that a test
run pays for importing pandas and the rules once, not once per return.

Reads one CIN census XML path per line on stdin; answers one JSON line per path on stdout:
{"issues": [[rule code, LAchildID], ...], "return_level": [rule code, ...],
 "crashes": ["Error with rule ...", ...]}

Runs in .venv-cin-reference (see tools/cin_reference_run.py, which runs one file).
"""

import contextlib
import importlib
import io
import json
import sys
import warnings
import xml.etree.ElementTree as ET

warnings.simplefilter("ignore")  # pandas FutureWarnings from the rule code

from cin_validator import cin_validator  # noqa: E402

RULESET = sys.argv[1] if len(sys.argv) > 1 else "cin2025_26"
registry = importlib.import_module(f"cin_validator.rules.{RULESET}").registry


def check(path: str) -> dict[str, list]:
    root = ET.parse(path).getroot()
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        tables = cin_validator.process_data(cin_validator.convert_data(root))
        result = cin_validator.CinValidator(tables, registry)
    issues = result.full_issue_df
    return {
        "issues": sorted(
            {
                (str(code), str(child))
                for code, child in zip(issues["rule_code"], issues["child_id"], strict=True)
            }
        ),
        "return_level": sorted({str(code) for code in result.multichild_issues["rule_code"]}),
        "crashes": [
            line for line in captured.getvalue().splitlines() if line.startswith("Error with rule")
        ],
    }


for line in sys.stdin:
    path = line.strip()
    if not path:
        continue
    try:
        answer = check(path)
    except Exception as error:  # an unreadable file: say so and keep serving
        answer = {"issues": [], "return_level": [], "crashes": [f"{type(error).__name__}: {error}"]}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
