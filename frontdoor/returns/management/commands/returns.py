"""`frontdoor returns ...`: the statutory returns, written from the records.

frontdoor returns cin-census --year 2026 --la 845 -o cin-2026.xml
frontdoor returns annex-a --as-at 2026-11-23 -o annex-a.xlsx
"""

from __future__ import annotations

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

    def handle(self, *args: Any, **options: Any) -> None:
        if options["return_name"] == "cin-census":
            self._cin_census(options)
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
        from frontdoor.returns.annex_a import write_annex_a

        try:
            write_annex_a(options["as_at"], options["output"])
        except OSError as error:
            raise CommandError(str(error)) from error
        as_at = options["as_at"]
        self.stdout.write(f"Wrote Annex A as at {as_at:%-d %B %Y} to {options['output']}")
