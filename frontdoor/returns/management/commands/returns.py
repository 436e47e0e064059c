"""`frontdoor returns ...`: the statutory returns, written from the records.

frontdoor returns cin-census --year 2026 --la 845 -o cin-2026.xml
frontdoor returns annex-a --as-at 2026-11-23 -o annex-a.xlsx
frontdoor returns check --year 2026 --la 845 [--json findings.json]
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Write a statutory return: the DfE CIN census (cin-census) or Ofsted's Annex A."

    def add_arguments(self, parser: CommandParser) -> None:
        returns = parser.add_subparsers(dest="return_name", required=True, metavar="RETURN")
        census = returns.add_parser(
            "cin-census", help="the DfE Children in Need census XML for a year"
        )
        census.add_argument(
            "--year", type=int, required=True, help="census year: 2026 is April 2025 to March 2026"
        )
        census.add_argument("--la", required=True, help="the three-digit LA code, like 845")
        census.add_argument("-o", "--output", required=True, help="the XML file to write")
        census.add_argument("--serial-no", default="001", help="SerialNo in the header")
        annex = returns.add_parser("annex-a", help="Ofsted's Annex A lists, as an Excel file")
        annex.add_argument(
            "--as-at", type=date.fromisoformat, required=True, help="the day, like 2026-11-23"
        )
        annex.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        check = returns.add_parser(
            "check", help="the DfE census rules on the year's return; exit 1 if an error is found"
        )
        check.add_argument("--year", type=int, required=True, help="census year, like 2026")
        check.add_argument("--la", required=True, help="the three-digit LA code, like 845")
        check.add_argument("--json", help="also write the findings to this JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["return_name"] == "cin-census":
            self._cin_census(options)
        elif options["return_name"] == "check":
            self._check(options)
        else:
            self._annex_a(options)

    def _cin_census(self, options: dict[str, Any]) -> None:
        from frontdoor.returns.cin_census import CensusError, write_cin_census

        try:
            result = write_cin_census(
                options["year"], options["la"], options["output"], serial_no=options["serial_no"]
            )
        except (CensusError, OSError) as error:
            raise CommandError(str(error)) from error
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(
            f"Wrote the {options['year']} CIN census for LA {options['la']} to "
            f"{result.path}: {result.children} children, {result.episodes} episodes"
        )

    def _annex_a(self, options: dict[str, Any]) -> None:
        from frontdoor.returns.annex_a_workbook import write_annex_a

        try:
            write_annex_a(options["as_at"], options["output"])
        except OSError as error:
            raise CommandError(str(error)) from error
        as_at = options["as_at"]
        self.stdout.write(f"Wrote Annex A as at {as_at:%-d %B %Y} to {options['output']}")

    def _check(self, options: dict[str, Any]) -> None:
        from frontdoor.returns.census_data import CensusYear, census_return
        from frontdoor.returns.rules import RULES, check_return

        findings = check_return(census_return(CensusYear(options["year"]), options["la"]))
        children: dict[str, set[str]] = {}
        for finding in findings:
            children.setdefault(finding.code, set()).add(finding.la_child_id or "")
        for code in sorted(children):
            rule = RULES[code]
            self.stdout.write(
                f"{rule.kind.upper():5} {code:6} children={len(children[code] - {''}):<5} "
                f"{rule.message}"
            )
        if options["json"]:
            rows = [{"code": f.code, "kind": f.kind, "LAchildID": f.la_child_id} for f in findings]
            with open(options["json"], "w", encoding="utf-8") as out:
                json.dump(rows, out, indent=1)
        if any(not finding.is_query for finding in findings):
            raise SystemExit(1)
