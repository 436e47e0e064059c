"""docs/measures.md is what `frontdoor insights_docs` writes from the catalogue."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from frontdoor.insights.catalogue import FILTERS, MEASURES, UNITS, measure
from frontdoor.insights.measures_doc import as_markdown


def test_the_committed_measures_doc_is_the_catalogue() -> None:
    committed = (Path(settings.BASE_DIR) / "docs" / "measures.md").read_text(encoding="utf-8")
    assert committed == as_markdown(), "run `frontdoor insights_docs` and commit docs/measures.md"


def test_the_command_writes_the_doc(tmp_path: Path) -> None:
    out = tmp_path / "measures.md"
    call_command("insights_docs", output=out, stdout=StringIO())
    text = out.read_text(encoding="utf-8")
    assert text == as_markdown()
    for m in MEASURES.values():
        assert f"## {m.name}\n" in text and m.definition in text


def test_every_measure_is_described_completely() -> None:
    for key, m in MEASURES.items():
        assert m.key == key and measure(key) is m
        assert m.name and m.definition and m.counts and m.date_field
        assert set(m.filters) <= set(FILTERS)
        assert m.unit in UNITS
        assert m.higher_is in ("better", "worse", "neutral")
        if m.unit == "percent":
            assert "Denominator" in m.definition or "denominator" in m.definition, key
