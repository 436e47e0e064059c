"""Look for likely duplicate people and bring the review queue up to date (e.g. nightly)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.people.duplicates import duplicate_threshold, duplicates_scan


class Command(BaseCommand):
    help = "Score the person index for likely duplicates and update the review queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help=f"Lowest score to queue, 0 to 1 (default {duplicate_threshold()})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = duplicates_scan(actor=None, threshold=options["threshold"])
        self.stdout.write(
            f"{result.found} likely duplicate pairs: {result.added} new, "
            f"{result.updated} rescored, {result.withdrawn} withdrawn "
            f"({time.monotonic() - started:.1f} s)"
        )
