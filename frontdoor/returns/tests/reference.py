"""The DfE's own census rules (csc-validator-be-cin 0.1.13, in .venv-cin-reference) run beside
the tests through `tools/cin_reference_serve.py`, so pandas and the rules load once per run."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PYTHON = ROOT / ".venv-cin-reference" / "bin" / "python"
SERVER = ROOT / "tools" / "cin_reference_serve.py"


@dataclass(frozen=True)
class ReferenceFindings:
    issues: frozenset[tuple[str, str | None]]  # (rule code, LAchildID); None: the whole return
    crashes: tuple[str, ...]


class ReferenceRules:
    def __init__(self) -> None:
        if not PYTHON.exists():
            raise RuntimeError(
                f"{PYTHON} is missing: `make .venv-cin-reference/.installed` makes it"
            )
        self.process = subprocess.Popen(
            [str(PYTHON), str(SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def check(self, path: Path) -> ReferenceFindings:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        issues = {(code, child) for code, child in answer["issues"]}
        issues |= {(code, None) for code in answer["return_level"]}
        return ReferenceFindings(frozenset(issues), tuple(answer["crashes"]))

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)
