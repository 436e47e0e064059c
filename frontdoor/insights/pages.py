"""What the dashboard and the service review show, built out of their views: each table, chart
and CSV from the chosen window, measure and filters. A CSV is built alone (only the table it
holds is counted); the page builds them all. The views bind the form and answer the request."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.utils import timezone

from . import report, selectors
from .catalogue import FILTER_LABELS, HEADLINE, LEARNING, MEASURES, Measure
from .selectors import Filters, Value
from .staffing import WEEKDAYS

WEEKDAYS_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
BREAKDOWNS = (("source", "Source"), ("locality", "Locality"))
Choices = dict[str, list[tuple[str, str]]]


@dataclass(frozen=True)
class Csv:
    filename: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]


def labels_of(choices: Choices, dimension: str) -> dict[str, str]:
    return dict(choices.get(dimension, []))


def not_applied(key: str, filters: Filters) -> list[str]:
    """The chosen filters this measure cannot be narrowed by (shown next to it)."""
    m = MEASURES[key]
    return [FILTER_LABELS[name] for name in filters.active() if name not in m.filters]


def filters_text(filters: Filters, choices: Choices) -> str:
    return ", ".join(
        f"{FILTER_LABELS[k]}: {labels_of(choices, k).get(v, v)}"
        for k, v in filters.active().items()
    )


# --- The dashboard --------------------------------------------------------------------------


class DashboardPage:
    def __init__(
        self, start: date, end: date, filters: Filters, chosen: Measure, choices: Choices
    ) -> None:
        self.start, self.end, self.filters = start, end, filters
        self.chosen, self.choices = chosen, choices

    def csv(self, table: str) -> Csv | None:
        """The download of one table, or None for a table the dashboard does not have."""
        start, end, chosen = self.start, self.end, self.chosen
        if table in ("headline", "learning"):
            tiles = self.tiles if table == "headline" else self.learning_tiles
            return Csv(
                f"{table}-{start}-to-{end}.csv",
                report.Tile.CSV_HEADER,
                (t.csv_row() for t in tiles),
            )
        if table == "trend":
            return Csv(
                f"{chosen.key}-weekly-{start}-to-{end}.csv",
                ["week_starting", "measure", "value", "numerator", "denominator"],
                (
                    [monday, chosen.key, report.raw(v), v.numerator, v.denominator]
                    for monday, v in self.series
                ),
            )
        if table == "heatmap":
            grid = self.grid
            return Csv(
                f"contacts-by-hour-{start}-to-{end}.csv",
                ["weekday", *[f"{h:02d}:00" for h in range(24)], "total"],
                ([WEEKDAYS[d], *grid[d], sum(grid[d])] for d in range(7)),
            )
        if table in dict(BREAKDOWNS):
            rows = self.breakdown_rows(table) or []
            return Csv(
                f"{chosen.key}-by-{table}-{start}-to-{end}.csv",
                [table, "label", "measure", "value", "numerator", "denominator"],
                (
                    [
                        r["code"],
                        r["label"],
                        chosen.key,
                        report.raw(r["raw"]),
                        r["raw"].numerator,
                        r["raw"].denominator,
                    ]
                    for r in rows
                ),
            )
        return None

    def context(self, csv_links: dict[str, str]) -> dict[str, Any]:
        """Everything the page shows; `csv_links` is each table's download link."""
        length = (self.end - self.start).days + 1
        return {
            "start": self.start,
            "end": self.end,
            "chosen": self.chosen,
            "days": length,
            "previous_start": self.start - timedelta(days=length),
            "previous_end": self.start - timedelta(days=1),
            "filters_text": filters_text(self.filters, self.choices),
            "tiles": self.tiles,
            "learning_tiles": self.learning_tiles,
            "trend": self.trend,
            "trend_chart": self.trend_chart,
            "heatmap": heatmap(self.grid),
            "breakdowns": [
                self.breakdown(dimension, label, csv_links[dimension])
                for dimension, label in BREAKDOWNS
            ],
        }

    @cached_property
    def tiles(self) -> list[report.Tile]:
        return self._tiles(HEADLINE)

    @cached_property
    def learning_tiles(self) -> list[report.Tile]:
        """The quality loop's figures: audits, monitored calls, the survey, oversight."""
        return self._tiles(LEARNING)

    def _tiles(self, keys: Iterable[str]) -> list[report.Tile]:
        start, end, filters = self.start, self.end, self.filters
        return [
            report.Tile(
                MEASURES[key],
                selectors.compare(key, start, end, filters),
                not_applied(key, filters),
            )
            for key in keys
        ]

    @cached_property
    def series(self) -> list[tuple[date, Value]]:
        return selectors.weekly_series(self.chosen.key, self.start, self.end, self.filters)

    @property
    def trend(self) -> list[dict[str, Any]]:
        return [
            {
                "week": monday,
                "value": report.value_text(self.chosen, v),
                "detail": report.value_detail(self.chosen, v),
            }
            for monday, v in self.series
        ]

    @property
    def trend_chart(self) -> dict[str, Any]:
        return {
            "type": "line",
            "label": self.chosen.name,
            "unit": self.chosen.unit,
            "labels": [f"{monday:%-d %B %Y}" for monday, _ in self.series],
            "series": [{"label": self.chosen.name, "data": [v.value for _, v in self.series]}],
        }

    @cached_property
    def grid(self) -> list[list[int]]:
        return selectors.contacts_by_hour_and_weekday(self.start, self.end, self.filters)

    def breakdown_rows(self, dimension: str) -> list[dict[str, Any]] | None:
        """The rows of a breakdown, or None when the measure cannot be split that way."""
        m = self.chosen
        if dimension not in m.filters:
            return None
        try:
            values = selectors.breakdown(m.key, dimension, self.start, self.end, self.filters)
        except ValueError:
            return None
        labels = labels_of(self.choices, dimension)
        return [
            {
                "code": code,
                "label": labels.get(code, code) if code else "Not recorded",
                "value": report.value_text(m, v),
                "detail": report.value_detail(m, v),
                "raw": v,
            }
            for code, v in values
        ]

    def breakdown(self, dimension: str, label: str, csv_link: str) -> dict[str, Any]:
        rows = self.breakdown_rows(dimension)
        return {
            "dimension": dimension,
            "label": label,
            "rows": rows,
            "chart_id": f"chart-{dimension}",
            "csv": csv_link,
            "chart": {
                "type": "bar",
                "label": f"{self.chosen.name} by {label.lower()}",
                "unit": self.chosen.unit,
                "labels": [r["label"] for r in rows or []],
                "series": [
                    {"label": self.chosen.name, "data": [r["raw"].value for r in rows or []]}
                ],
            },
        }


def heatmap(grid: list[list[int]]) -> dict[str, Any]:
    biggest = max((n for row in grid for n in row), default=0)
    rows = []
    for d, counts in enumerate(grid):
        cells = []
        for hour, n in enumerate(counts):
            # Five steps of blue; the number is always written in the cell.
            level = 0 if not n or not biggest else min(5, 1 + int(5 * n / (biggest + 1)))
            cells.append({"hour": hour, "count": n, "level": level})
        rows.append(
            {"day": WEEKDAYS[d], "short": WEEKDAYS_SHORT[d], "cells": cells, "total": sum(counts)}
        )
    hour_totals = [sum(grid[d][h] for d in range(7)) for h in range(24)]
    return {
        "rows": rows,
        "hours": [f"{h:02d}" for h in range(24)],
        "hour_totals": hour_totals,
        "total": sum(hour_totals),
        "biggest": biggest,
    }


# --- The service review ----------------------------------------------------------------------


class ReviewPage:
    def __init__(self, change_date: date, weeks: int, filters: Filters, choices: Choices) -> None:
        self.change_date, self.weeks, self.filters, self.choices = (
            change_date,
            weeks,
            filters,
            choices,
        )

    @cached_property
    def rows(self) -> list[report.ReviewRow]:
        change_date, weeks, filters = self.change_date, self.weeks, self.filters
        return [
            report.ReviewRow(
                MEASURES[key],
                selectors.before_after(key, change_date, weeks, filters),
                year_before(key, change_date, weeks, filters),
                not_applied(key, filters),
            )
            for key in report.REVIEW_KEYS
            if key in MEASURES
        ]

    def csv(self, table: str) -> Csv:
        """The weekly table, or else the summary."""
        change_date = self.change_date
        if table == "weekly":
            return Csv(
                f"service-review-weekly-{change_date}.csv",
                ["week_starting", "period", "measure", "value", "numerator", "denominator"],
                (
                    [
                        monday,
                        "before" if monday < change_date else "after",
                        r.measure.key,
                        report.raw(v),
                        v.numerator,
                        v.denominator,
                    ]
                    for r in self.rows
                    for monday, v in r.result.weekly
                ),
            )
        return Csv(
            f"service-review-{change_date}-{self.weeks}-weeks.csv",
            report.ReviewRow.CSV_HEADER,
            (r.csv_row() for r in self.rows),
        )

    def context(self) -> dict[str, Any]:
        change_date, rows = self.change_date, self.rows
        span = timedelta(weeks=self.weeks)
        year_start = change_date - timedelta(days=selectors.YEAR_AGO_DAYS)
        weeks_list = [monday for monday, _ in rows[0].result.weekly] if rows else []
        counts = [r for r in rows if r.measure.unit == "count"]
        shares = [r for r in rows if r.measure.unit == "percent"]
        return {
            "change_date": change_date,
            "weeks": self.weeks,
            "before_start": change_date - span,
            "before_end": change_date - timedelta(days=1),
            "after_end": change_date + span - timedelta(days=1),
            "year_start": year_start,
            "year_end": year_start + span - timedelta(days=1),
            "rows": rows,
            "weekly_rows": [
                {
                    "week": monday,
                    "after": monday >= change_date,
                    "values": [report.value_text(r.measure, r.weekly_value(monday)) for r in rows],
                }
                for monday in weeks_list
            ],
            "charts": [
                weekly_chart("review-chart-1", "Counts a week", counts, weeks_list, change_date),
                weekly_chart(
                    "review-chart-2", "Percentages a week", shares, weeks_list, change_date
                ),
            ],
            "filters_text": filters_text(self.filters, self.choices),
            "future": change_date + span - timedelta(days=1) > timezone.localdate(),
            "generated": timezone.localtime(),
        }


def year_before(key: str, change_date: date, weeks: int, filters: Filters) -> Value:
    """The weeks after the change, 52 weeks earlier (the same weekdays a year before)."""
    first = change_date - timedelta(days=selectors.YEAR_AGO_DAYS)
    return selectors.measure_value(key, first, first + timedelta(weeks=weeks, days=-1), filters)


def weekly_chart(
    chart_id: str, title: str, rows: list[report.ReviewRow], weeks: list[date], change_date: date
) -> dict[str, Any]:
    return {
        "id": chart_id,
        "type": "line",
        "label": title,
        "unit": "percent" if "Percent" in title else "count",
        "labels": [f"{monday:%-d %B %Y}" for monday in weeks],
        "marker": next((i for i, monday in enumerate(weeks) if monday >= change_date), None),
        "series": [
            {"label": r.measure.name, "data": [_plain(r.weekly_value(w)) for w in weeks]}
            for r in rows
        ],
    }


def _plain(v: Value | None) -> float | None:
    return None if v is None else v.value
