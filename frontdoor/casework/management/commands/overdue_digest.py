"""Note every casework clock that has run out: run once a day (cron: `frontdoor overdue_digest`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.casework.digest import overdue_digest
from frontdoor.casework.tasks import overdue_digest_task


class Command(BaseCommand):
    help = "Record every work-tray item whose clock has run out (the daily digest)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue it for the task worker instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = overdue_digest_task.enqueue()
            self.stdout.write(f"Queued the overdue digest as task {result.id}")
            return
        digest = overdue_digest()
        self.stdout.write(
            f"Overdue on {digest.on:%-d %B %Y}: {digest.overdue}, of which "
            f"{digest.newly_overdue} newly noted"
        )
