"""Write docs/measures.md from the metric catalogue: `frontdoor insights_docs`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from frontdoor.insights.measures_doc import as_markdown

DEFAULT = Path(settings.BASE_DIR) / "docs" / "measures.md"


class Command(BaseCommand):
    help = "Write docs/measures.md from the insights metric catalogue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=DEFAULT)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["output"]
        path.write_text(as_markdown(), encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
