"""`frontdoor demo`: demo users, and two years of synthetic front-door data and casework."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from frontdoor.demo.generator import DemoOptions, demo_data_present, generate
from frontdoor.demo.users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users


class Command(BaseCommand):
    help = "Create the demo users and, unless data is already present, synthetic contacts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--contacts", type=int, default=6000, help="contacts to create (default 6000)"
        )
        parser.add_argument(
            "--start", type=date.fromisoformat, help="first day of data (default 730 days ago)"
        )
        parser.add_argument(
            "--go-live",
            type=date.fromisoformat,
            help="day the new front door started (default a year after the start)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "delete contacts, decisions, people and their names, addresses, relationships, "
                "duplicate reviews and merges, referrals, early help and all other casework, "
                "and the quality loop's audits, monitored calls and survey answers first"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users = ensure_demo_users()
        if demo_data_present() and not options["reset"]:
            self.stdout.write("Demo data already present; use --reset to replace it")
            self._login_table()
            return
        now = timezone.now()
        start = options["start"] or timezone.localdate(now) - timedelta(days=730)
        go_live = options["go_live"] or start + timedelta(days=365)
        if start > timezone.localdate(now):
            raise CommandError("--start must not be in the future")
        if options["contacts"] < 0:
            raise CommandError("--contacts must not be negative")
        demo = DemoOptions(options["seed"], options["contacts"], start, go_live, now)
        self.stdout.write(
            f"Generating {demo.contacts} contacts with seed {demo.seed}, "
            f"from {start:%-d %B %Y} to now, go-live {go_live:%-d %B %Y}"
        )
        result = generate(demo, users, reset=options["reset"], progress=self._progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.people} people ({result.duplicates} of them second records "
                f"of a child), {result.relationships} relationships, {result.contacts} "
                f"contacts and {result.decisions} decisions; {result.referrals} referrals "
                f"(children in need episodes) and {result.early_help} early help episodes; "
                f"{result.quality.get('audit', 0)} decision audits, "
                f"{result.quality.get('monitoredcall', 0)} monitored calls and "
                f"{result.quality.get('surveyresponse', 0)} partner survey responses. "
                f"Go-live: {go_live:%-d %B %Y}."
            )
        )
        self._login_table()

    def _progress(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def _login_table(self) -> None:
        width = max(len(name) for _, name, _ in DEMO_USERS)
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  {'Username':<14} {'Name':<{width}}  Role")
        for username, name, role in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {name:<{width}}  {role}")
