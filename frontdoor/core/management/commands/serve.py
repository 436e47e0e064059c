"""`frontdoor serve`: the service as it runs in production. gunicorn serves the web
application (whitenoise serves its static files, collected first), and the task worker
runs queued background work beside it; if either stops, the other is stopped too, and the
command exits with its status so that the supervisor (systemd, a container) restarts both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Frontdoor with gunicorn, and run the task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("FRONTDOOR_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(
                os.environ.get("FRONTDOOR_WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1))
            ),
        )
        parser.add_argument("--certfile", help="serve HTTPS with this certificate")
        parser.add_argument("--keyfile", help="and this key")
        parser.add_argument("--no-task-worker", action="store_true")
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        web = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", options["bind"], "--workers", str(options["workers"]),
            "--graceful-timeout", "20", "--timeout", "60",
        ]  # fmt: skip
        # No gunicorn access log: it would write each address's query string (a search is a
        # name); Frontdoor logs each request itself, without one (core/logs.py).
        if options["certfile"]:
            web += ["--certfile", options["certfile"], "--keyfile", options["keyfile"]]
        children = [subprocess.Popen(web)]
        if not options["no_task_worker"]:
            children.append(subprocess.Popen([sys.executable, "-m", "frontdoor.cli", "db_worker"]))

        def stop(*_: Any) -> None:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        stop()
        codes = [child.wait() for child in children]
        sys.exit(next((code for code in codes if code), 0))
