"""`frontdoor backup [-o FILE]`: the whole database to one file, with a manifest beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Back the database up (pg_dump custom format, or SQLite's online backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", help="the file to write (default: a dated name)")

    def handle(self, *args: Any, **options: Any) -> None:
        from frontdoor.core.backup import BackupError, backup, default_name

        path = Path(options["output"] or default_name())
        try:
            manifest = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['counts'])} tables to {path}; "
            f"audit chain head {manifest['audit_head']}"
        )
