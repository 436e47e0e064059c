"""The insights pages: the dashboard, the service review, staffing and the measures' definitions.

Views are thin: a GET form is bound to the query string over its defaults (so every view can
be shared as a link), the selectors give counts and rates, report.py says them, and the same
URL with `format=csv` (and `table=` on the dashboard) downloads what a table shows. A bad
value in the URL is an error at its field, never a server error. Aggregates only: no page
names a child, so nothing here is audited as a read of a child's record.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.core.view_helpers import require_permission

from . import report, selectors
from .catalogue import FILTER_LABELS, HEADLINE, MEASURES, UNITS, Measure
from .forms import DashboardForm, ReviewForm, StaffingForm, bound_data, last_complete_weeks
from .report_staffing import staffing_plan
from .selectors import Filters, Value
from .staffing import WEEKDAYS

PERMISSION = "insights.view_dashboard"
WEEKDAYS_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
BREAKDOWNS = (("source", "Source"), ("locality", "Locality"))


def _link(params: dict[str, object], **more: str) -> str:
    """A query string holding every choice made, so a shared link shows the same figures
    tomorrow (the defaults, like "the last 12 weeks", move with the date)."""
    return "?" + urlencode(
        {k: str(v) for k, v in {**params, **more}.items() if v not in ("", None)}
    )


def _labels(choices: dict[str, list[tuple[str, str]]], dimension: str) -> dict[str, str]:
    return dict(choices.get(dimension, []))


def _applies(key: str, filters: Filters) -> list[str]:
    """The chosen filters this measure cannot be narrowed by (shown next to it)."""
    m = MEASURES[key]
    return [FILTER_LABELS[name] for name in filters.active() if name not in m.filters]


# --- The dashboard --------------------------------------------------------------------------


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require_permission(request, PERMISSION)
    today = timezone.localdate()
    start, end = last_complete_weeks(today)
    choices = selectors.filter_choices()
    first = HEADLINE[0] if HEADLINE else next(iter(MEASURES))
    form = DashboardForm(
        bound_data(
            request.GET, {"start": start.isoformat(), "end": end.isoformat(), "measure": first}
        ),
        choices=choices,
        measures=[(m.key, m.name) for m in MEASURES.values()],
    )
    context: dict[str, Any] = {"form": form, "today": today}
    if not form.is_valid():
        if request.GET.get("format") == "csv":
            return HttpResponse(
                "Fix the errors on the page first.", status=400, content_type="text/plain"
            )
        return render(request, "insights/dashboard.html", context)

    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    filters = Filters(**form.filter_values())
    chosen = MEASURES[form.cleaned_data["measure"]]
    table = request.GET.get("table", "")
    wants_csv = request.GET.get("format") == "csv"
    params = {"start": start, "end": end, "measure": chosen.key, **filters.as_query()}

    length = (end - start).days + 1
    context.update(
        start=start,
        end=end,
        chosen=chosen,
        days=length,
        previous_start=start - timedelta(days=length),
        previous_end=start - timedelta(days=1),
        filters_text=", ".join(
            f"{FILTER_LABELS[k]}: {_labels(choices, k).get(v, v)}"
            for k, v in filters.active().items()
        ),
    )

    if not wants_csv or table == "headline":
        tiles = [
            report.Tile(
                MEASURES[key], selectors.compare(key, start, end, filters), _applies(key, filters)
            )
            for key in HEADLINE
        ]
        if wants_csv:
            return report.csv_response(
                f"headline-{start}-to-{end}.csv",
                report.Tile.CSV_HEADER,
                (t.csv_row() for t in tiles),
            )
        context["tiles"] = tiles

    if not wants_csv or table == "trend":
        series = selectors.weekly_series(chosen.key, start, end, filters)
        if wants_csv:
            return report.csv_response(
                f"{chosen.key}-weekly-{start}-to-{end}.csv",
                ["week_starting", "measure", "value", "numerator", "denominator"],
                (
                    [monday, chosen.key, report.raw(v), v.numerator, v.denominator]
                    for monday, v in series
                ),
            )
        context["trend"] = [
            {
                "week": monday,
                "value": report.value_text(chosen, v),
                "detail": report.value_detail(chosen, v),
            }
            for monday, v in series
        ]
        context["trend_chart"] = {
            "type": "line",
            "label": chosen.name,
            "unit": chosen.unit,
            "labels": [f"{monday:%-d %B %Y}" for monday, _ in series],
            "series": [{"label": chosen.name, "data": [v.value for _, v in series]}],
        }

    if not wants_csv or table == "heatmap":
        grid = selectors.contacts_by_hour_and_weekday(start, end, filters)
        if wants_csv:
            return report.csv_response(
                f"contacts-by-hour-{start}-to-{end}.csv",
                ["weekday", *[f"{h:02d}:00" for h in range(24)], "total"],
                ([WEEKDAYS[d], *grid[d], sum(grid[d])] for d in range(7)),
            )
        context["heatmap"] = _heatmap(grid)

    for dimension, label in BREAKDOWNS:
        if wants_csv and table != dimension:
            continue
        rows = _breakdown(chosen, dimension, start, end, filters, choices)
        if wants_csv:
            return report.csv_response(
                f"{chosen.key}-by-{dimension}-{start}-to-{end}.csv",
                [dimension, "label", "measure", "value", "numerator", "denominator"],
                (
                    [
                        r["code"],
                        r["label"],
                        chosen.key,
                        report.raw(r["raw"]),
                        r["raw"].numerator,
                        r["raw"].denominator,
                    ]
                    for r in rows or []
                ),
            )
        context.setdefault("breakdowns", []).append(
            {
                "dimension": dimension,
                "label": label,
                "rows": rows,
                "chart_id": f"chart-{dimension}",
                "csv": _link(params, format="csv", table=dimension),
                "chart": {
                    "type": "bar",
                    "label": f"{chosen.name} by {label.lower()}",
                    "unit": chosen.unit,
                    "labels": [r["label"] for r in rows or []],
                    "series": [
                        {"label": chosen.name, "data": [r["raw"].value for r in rows or []]}
                    ],
                },
            }
        )

    if wants_csv:
        return HttpResponse("Unknown table.", status=400, content_type="text/plain")
    context["share"] = _link(params)
    context["csv"] = {
        name: _link(params, format="csv", table=name)
        for name in ("headline", "trend", "heatmap", *[d for d, _ in BREAKDOWNS])
    }
    return render(request, "insights/dashboard.html", context)


def _heatmap(grid: list[list[int]]) -> dict[str, Any]:
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


def _breakdown(
    m: Measure,
    dimension: str,
    start: date,
    end: date,
    filters: Filters,
    choices: dict[str, list[tuple[str, str]]],
) -> list[dict[str, Any]] | None:
    """The rows of a breakdown, or None when the measure cannot be split that way."""
    if dimension not in m.filters:
        return None
    try:
        values = selectors.breakdown(m.key, dimension, start, end, filters)
    except ValueError:
        return None
    labels = _labels(choices, dimension)
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


# --- The service review ----------------------------------------------------------------------


def _year_before(key: str, change_date: date, weeks: int, filters: Filters) -> Value:
    """The weeks after the change, 52 weeks earlier (the same weekdays a year before)."""
    first = change_date - timedelta(days=selectors.YEAR_AGO_DAYS)
    return selectors.measure_value(key, first, first + timedelta(weeks=weeks, days=-1), filters)


@require_GET
def review(request: HttpRequest) -> HttpResponse:
    require_permission(request, PERMISSION)
    choices = selectors.filter_choices()
    form = ReviewForm(
        bound_data(
            request.GET, {"change_date": report.default_change_date().isoformat(), "weeks": "12"}
        ),
        choices=choices,
    )
    context: dict[str, Any] = {"form": form}
    wants_csv = request.GET.get("format") == "csv"
    if not form.is_valid():
        if wants_csv:
            return HttpResponse(
                "Fix the errors on the page first.", status=400, content_type="text/plain"
            )
        return render(request, "insights/review.html", context)

    change_date, weeks = form.cleaned_data["change_date"], form.cleaned_data["weeks"]
    filters = Filters(**form.filter_values())
    span = timedelta(weeks=weeks)
    rows = []
    rows = [
        report.ReviewRow(
            MEASURES[key],
            selectors.before_after(key, change_date, weeks, filters),
            _year_before(key, change_date, weeks, filters),
            _applies(key, filters),
        )
        for key in report.REVIEW_KEYS
        if key in MEASURES
    ]
    table = request.GET.get("table", "summary")
    if wants_csv and table == "weekly":
        return report.csv_response(
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
                for r in rows
                for monday, v in r.result.weekly
            ),
        )
    if wants_csv:
        return report.csv_response(
            f"service-review-{change_date}-{weeks}-weeks.csv",
            report.ReviewRow.CSV_HEADER,
            (r.csv_row() for r in rows),
        )

    params = {"change_date": change_date, "weeks": weeks, **filters.as_query()}
    weeks_list = [monday for monday, _ in rows[0].result.weekly] if rows else []
    weekly_rows = [
        {
            "week": monday,
            "after": monday >= change_date,
            "values": [report.value_text(r.measure, r.weekly_value(monday)) for r in rows],
        }
        for monday in weeks_list
    ]
    counts = [r for r in rows if r.measure.unit == "count"]
    shares = [r for r in rows if r.measure.unit == "percent"]
    context.update(
        change_date=change_date,
        weeks=weeks,
        before_start=change_date - span,
        before_end=change_date - timedelta(days=1),
        after_end=change_date + span - timedelta(days=1),
        year_start=change_date - timedelta(days=selectors.YEAR_AGO_DAYS),
        year_end=change_date - timedelta(days=selectors.YEAR_AGO_DAYS) + span - timedelta(days=1),
        rows=rows,
        weekly_rows=weekly_rows,
        charts=[
            _weekly_chart("review-chart-1", "Counts a week", counts, weeks_list, change_date),
            _weekly_chart("review-chart-2", "Percentages a week", shares, weeks_list, change_date),
        ],
        filters_text=", ".join(
            f"{FILTER_LABELS[k]}: {_labels(choices, k).get(v, v)}"
            for k, v in filters.active().items()
        ),
        future=change_date + span - timedelta(days=1) > timezone.localdate(),
        share=_link(params),
        csv=_link(params, format="csv", table="summary"),
        csv_weekly=_link(params, format="csv", table="weekly"),
        generated=timezone.localtime(),
    )
    return render(request, "insights/review.html", context)


def _weekly_chart(
    chart_id: str, title: str, rows: list[report.ReviewRow], weeks: list[date], change_date: date
) -> dict[str, Any]:
    return {
        "id": chart_id,
        "type": "line",
        "label": title,
        "unit": "percent" if "Percent" in title else "count",
        "labels": [f"{monday:%d %b}" for monday in weeks],
        "marker": next((i for i, monday in enumerate(weeks) if monday >= change_date), None),
        "series": [
            {"label": r.measure.name, "data": [_plain(r.weekly_value(w)) for w in weeks]}
            for r in rows
        ],
    }


def _plain(v: Value | None) -> float | None:
    return None if v is None else v.value


# --- Staffing ---------------------------------------------------------------------------------


@require_GET
def staffing(request: HttpRequest) -> HttpResponse:
    require_permission(request, PERMISSION)
    start, end = last_complete_weeks(timezone.localdate())
    form = StaffingForm(
        bound_data(
            request.GET,
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "wait_seconds": "20",
                "target_percent": "90",
                "close_hour": "17",
            },
        ),
        choices={},
    )
    context: dict[str, Any] = {"form": form}
    wants_csv = request.GET.get("format") == "csv"
    if not form.is_valid():
        if wants_csv:
            return HttpResponse(
                "Fix the errors on the page first.", status=400, content_type="text/plain"
            )
        return render(request, "insights/staffing.html", context)
    data = form.cleaned_data
    result = staffing_plan(
        data["start"],
        data["end"],
        wait_seconds=data["wait_seconds"],
        target_share=data["target_percent"] / 100,
        close_hour=data["close_hour"],
    )
    if wants_csv:
        return report.csv_response(
            f"staffing-{data['start']}-to-{data['end']}.csv",
            ["weekday", "hour", "calls", "calls_per_hour", "csws_needed"],
            (
                [
                    WEEKDAYS[s.weekday],
                    f"{s.hour:02d}:00",
                    s.calls,
                    round(s.calls_per_hour, 3),
                    s.agents,
                ]
                for row in result.slots
                for s in row
            ),
        )
    biggest = max((s.calls_per_hour for row in result.slots for s in row), default=0)
    context.update(
        plan=result,
        start=data["start"],
        end=data["end"],
        hours=[f"{h:02d}" for h in range(24)],
        rows=[
            {
                "day": WEEKDAYS[d],
                "cells": [
                    {
                        "slot": s,
                        "level": 0
                        if not s.calls
                        else min(5, 1 + int(5 * s.calls_per_hour / (biggest + 1e-9))),
                    }
                    for s in row
                ],
                "peak_agents": max(s.agents for s in row),
            }
            for d, row in enumerate(result.slots)
        ],
        handle_minutes=(result.handle_seconds or 0) / 60,
        closing_percent=None if result.closing.share is None else f"{result.closing.share:.1%}",
        target_percent=data["target_percent"],
        csv=_link(
            {k: data[k] for k in ("start", "end", "wait_seconds", "target_percent", "close_hour")},
            format="csv",
        ),
    )
    return render(request, "insights/staffing.html", context)


# --- The measures' definitions -----------------------------------------------------------------


@require_GET
def measures(request: HttpRequest) -> HttpResponse:
    require_permission(request, PERMISSION)
    rows = [
        {
            "measure": m,
            "unit": UNITS.get(m.unit, m.unit),
            "filters": [FILTER_LABELS[f] for f in m.filters],
            "higher": {"better": "Higher is better", "worse": "Lower is better"}.get(
                m.higher_is, "Neither higher nor lower is better in itself"
            ),
            "in_review": m.key in report.REVIEW_KEYS,
        }
        for m in MEASURES.values()
    ]
    return render(
        request,
        "insights/measures.html",
        {"rows": rows, "dashboard": reverse("insights:dashboard")},
    )
