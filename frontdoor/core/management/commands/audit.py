"""`frontdoor audit ...`: check the audit log's hash chain, or ship its rows elsewhere.

frontdoor audit verify                      exit 1 and name the first broken row, if any
frontdoor audit export --since 2026-12-01   JSON lines on standard output (or -o FILE)
"""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date like 2026-12-01") from None


class Command(BaseCommand):
    help = "Verify the audit log's hash chain, or export its rows as JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        verbs.add_parser("verify", help="walk the chain; exit 1 at the first broken row")
        export = verbs.add_parser("export", help="rows since a day, one JSON object a line")
        export.add_argument(
            "--since", required=True, help="the first day to export, like 2026-12-01"
        )
        export.add_argument("-o", "--output", help="the file to write (default: standard out)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "verify":
            self._verify()
        else:
            self._export(options)

    def _verify(self) -> None:
        from frontdoor.core.audit import verify_chain

        report = verify_chain()
        if report.ok:
            self.stdout.write(f"The audit chain holds: {report.rows} rows. Head: {report.head}")
            return
        self.stderr.write(
            f"The audit chain is broken at row {report.broken_at}: {report.problem}. "
            f"{report.rows - 1} rows before it hold."
        )
        sys.exit(1)

    def _export(self, options: dict[str, Any]) -> None:
        from frontdoor.core.audit import exported, rows_since

        try:
            since = _day(options["since"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        moment = timezone.make_aware(datetime.combine(since, time.min))
        with contextlib.ExitStack() as stack:
            stream: Any = self.stdout
            if options["output"]:
                stream = stack.enter_context(open(options["output"], "w", encoding="utf-8"))
            count = 0
            for event in rows_since(moment):
                stream.write(json.dumps(exported(event), ensure_ascii=False) + "\n")
                count += 1
        self.stderr.write(f"Exported {count} audit rows since {since:%-d %B %Y}.")
