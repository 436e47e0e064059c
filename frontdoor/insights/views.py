"""The insights pages: the dashboard, the service review, staffing and the measures' definitions.

Views are thin: a GET form is bound to the query string over its defaults (so every view can
be shared as a link), the selectors give counts and rates, report.py says them, and the same
URL with `format=csv` (and `table=` on the dashboard) downloads what a table shows. A bad
value in the URL is an error at its field, never a server error. Aggregates only: no page
names a child, so nothing here is audited as a read of a child's record.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.core.view_helpers import require_permission

from . import pages, report, selectors
from .catalogue import FILTER_LABELS, HEADLINE, MEASURES, UNITS
from .forms import DashboardForm, ReviewForm, StaffingForm, bound_data, last_complete_weeks
from .report_staffing import staffing_plan
from .selectors import Filters
from .staffing import WEEKDAYS

PERMISSION = "insights.view_dashboard"


def _link(params: dict[str, object], **more: str) -> str:
    """A query string holding every choice made, so a shared link shows the same figures
    tomorrow (the defaults, like "the last 12 weeks", move with the date)."""
    return "?" + urlencode(
        {k: str(v) for k, v in {**params, **more}.items() if v not in ("", None)}
    )


# --- The dashboard --------------------------------------------------------------------------


def _csv_or_400(made: pages.Csv | None) -> HttpResponse:
    if made is None:
        return HttpResponse("Unknown table.", status=400, content_type="text/plain")
    return report.csv_response(made.filename, made.header, made.rows)


FIX_FIRST = "Fix the errors on the page first."


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
    wants_csv = request.GET.get("format") == "csv"
    if not form.is_valid():
        if wants_csv:
            return HttpResponse(FIX_FIRST, status=400, content_type="text/plain")
        return render(request, "insights/dashboard.html", {"form": form, "today": today})

    filters = Filters(**form.filter_values())
    page = pages.DashboardPage(
        form.cleaned_data["start"],
        form.cleaned_data["end"],
        filters,
        MEASURES[form.cleaned_data["measure"]],
        choices,
    )
    if wants_csv:
        return _csv_or_400(page.csv(request.GET.get("table", "")))
    params = {"start": page.start, "end": page.end, "measure": page.chosen.key}
    params |= filters.as_query()
    csv_links = {
        name: _link(params, format="csv", table=name)
        for name in ("headline", "learning", "trend", "heatmap", *[d for d, _ in pages.BREAKDOWNS])
    }
    context = {"form": form, "today": today, **page.context(csv_links)}
    context |= {"share": _link(params), "csv": csv_links}
    return render(request, "insights/dashboard.html", context)


# --- The service review ----------------------------------------------------------------------


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
    wants_csv = request.GET.get("format") == "csv"
    if not form.is_valid():
        if wants_csv:
            return HttpResponse(FIX_FIRST, status=400, content_type="text/plain")
        return render(request, "insights/review.html", {"form": form})

    change_date, weeks = form.cleaned_data["change_date"], form.cleaned_data["weeks"]
    filters = Filters(**form.filter_values())
    page = pages.ReviewPage(change_date, weeks, filters, choices)
    if wants_csv:
        return _csv_or_400(page.csv(request.GET.get("table", "summary")))
    params = {"change_date": change_date, "weeks": weeks, **filters.as_query()}
    context = {"form": form, **page.context()}
    context |= {
        "share": _link(params),
        "csv": _link(params, format="csv", table="summary"),
        "csv_weekly": _link(params, format="csv", table="weekly"),
    }
    return render(request, "insights/review.html", context)


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
