"""Refresh the measures' daily rollups (cron: `frontdoor insights_refresh`, nightly or more
often; `--full` rebuilds every day from the first record)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.insights.rollup_build import refresh
from frontdoor.insights.tasks import insights_refresh_task


class Command(BaseCommand):
    help = "Refresh the insights rollups up to yesterday (today is always read live)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Rebuild every day")
        parser.add_argument("--through", type=date.fromisoformat, help="Last day (YYYY-MM-DD)")
        parser.add_argument(
            "--jobs", type=int, default=1, help="Chunks of days rebuilt at once (PostgreSQL)"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue it for the task worker instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = insights_refresh_task.enqueue(full=options["full"])
            self.stdout.write(f"Queued the insights refresh as task {result.id}")
            return
        done = refresh(through=options["through"], full=options["full"], jobs=options["jobs"])
        self.stdout.write(
            f"Rollups rebuilt from {done['from']} through {done['through']}: {done['rows']} rows"
        )
