"""`frontdoor restore FILE [--replace]`: bring a backup back, then check it: the rows of
every table as the manifest recorded, and the audit chain whole. Exit 1 otherwise."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Restore a backup made by `frontdoor backup`, and check it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="the backup file (its .json manifest beside it)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="restore over a database that already holds records (they are replaced)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from frontdoor.core.backup import BackupError, restore

        try:
            result = restore(Path(options["backup"]), replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        differ = {
            table: (result.expected.get(table), result.counts.get(table))
            for table in sorted(set(result.counts) | set(result.expected))
            if result.expected.get(table) != result.counts.get(table)
        }
        for table, (expected, found) in differ.items():
            self.stderr.write(f"{table}: {found} rows, the backup had {expected}")
        if not result.chain_ok:
            self.stderr.write(f"The audit chain is broken at {result.chain_problem}")
        if not result.ok:
            sys.exit(1)
        rows = sum(result.counts.values())
        self.stdout.write(f"Restored {rows} rows in {len(result.counts)} tables; audit chain holds")
