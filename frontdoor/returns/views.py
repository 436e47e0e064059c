"""The statutory returns page: run the CIN census checks, put right or explain what they find,
and download the census file and Annex A (made in the background: `prepared_files.py`).

Views are thin: a GET form bound over its defaults (so a run is a link that can be shared),
a selector that runs the checks, a service for every write. A bad value is an error at its
field, never a server error. Every run that names children, and every download, is recorded
(`ReturnRun`) with an audit event listing the children it named.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from frontdoor.core.errors import DomainError
from frontdoor.core.spreadsheets import csv_cell
from frontdoor.core.view_helpers import require_permission

from . import prepared_files, services
from .forms import AnnexAForm, CensusForm, ExplainForm, bound_data
from .models import ExplainedQuery, PreparedFile, ReturnRun
from .selectors import CensusChecks, ChildRow, RecordLink, census_checks

PERMISSION = "returns.view_returns"
ROWS_PER_RULE = 200  # children listed on the page under each rule; the CSV has them all


def _forms(request: HttpRequest) -> tuple[CensusForm, AnnexAForm]:
    return (
        CensusForm(bound_data(request.GET, CensusForm.defaults())),
        AnnexAForm(bound_data(request.GET, AnnexAForm.defaults())),
    )


def _index_url(year: object, la: object, anchor: str = "") -> str:
    query = urlencode({"year": year, "la": la, "run": "1"})
    return f"{reverse('returns:index')}?{query}{anchor}"


def _explain_form(row: ChildRow, checks: CensusChecks) -> ExplainForm:
    return ExplainForm(
        prefix=row.key,
        initial={
            "year": checks.census.year,
            "la": checks.la,
            "code": row.code,
            "person": row.person_id,
        },
    )


def _results(
    request: HttpRequest, checks: CensusChecks, bound: ExplainForm | None = None
) -> dict[str, Any]:
    """The findings as the page lists them, with an explain form on each query (the one
    that was sent, with its errors, in place of a blank one), and the run recorded."""
    sections = []
    listed: set[int] = set()
    for group in checks.outstanding:
        shown = group.rows[:ROWS_PER_RULE]
        rows = []
        for row in shown:
            form = None
            if row.is_query:
                form = bound if bound is not None and bound.prefix == row.key else None
                form = form or _explain_form(row, checks)
            rows.append({"row": row, "form": form})
            if row.person_id is not None:
                listed.add(row.person_id)
        sections.append({"group": group, "rows": rows, "more": len(group.rows) - len(shown)})
    explained = checks.explained
    listed.update(row.person_id for row in explained if row.person_id is not None)
    services.return_run_record(
        actor=request.user,
        kind=ReturnRun.Kind.CHECKS,
        person_ids=sorted(listed),
        year=checks.census.year,
        la=checks.la,
        children=len(listed),
        findings=len(checks.rows),
        warnings=len(checks.warnings),
    )
    return {"checks": checks, "sections": sections, "explained": explained}


def _page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    context.setdefault("explain_form", None)
    return render(request, "returns/index.html", context)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require_permission(request, PERMISSION)
    form, annex_form = _forms(request)
    context: dict[str, Any] = {"form": form, "annex_form": annex_form}
    if "run" in request.GET and form.is_valid():
        checks = census_checks(form.cleaned_data["year"], form.cleaned_data["la"])
        context |= _results(request, checks)
    return _page(request, context)


def _download(
    request: HttpRequest, form_name: str, make: Callable[[Any], HttpResponseBase]
) -> HttpResponseBase:
    """Run `make` on the cleaned form, or show the page with the form's errors."""
    require_permission(request, PERMISSION)
    form, annex_form = _forms(request)
    chosen = form if form_name == "census" else annex_form
    if not chosen.is_valid():
        return _page(request, {"form": form, "annex_form": annex_form, "failed": form_name})
    return make(chosen.cleaned_data)


@require_GET
def census_xml(request: HttpRequest) -> HttpResponseBase:
    def make(data: dict[str, Any]) -> HttpResponseBase:
        prepared = prepared_files.census_file_request(
            actor=request.user, year=data["year"], la=data["la"]
        )
        return redirect("returns:prepared", file_id=prepared.pk)

    return _download(request, "census", make)


@require_GET
def annex_a_xlsx(request: HttpRequest) -> HttpResponseBase:
    def make(data: dict[str, Any]) -> HttpResponseBase:
        prepared = prepared_files.annex_a_request(actor=request.user, as_at=data["as_at"])
        return redirect("returns:prepared", file_id=prepared.pk)

    return _download(request, "annex_a", make)


def _prepared(request: HttpRequest, file_id: int) -> PreparedFile:
    """A file this user asked for, while it is kept."""
    require_permission(request, PERMISSION)
    kept_since = timezone.now() - timedelta(hours=PreparedFile.KEPT_HOURS)
    return get_object_or_404(
        PreparedFile.objects.select_related("run").defer("content"),
        pk=file_id,
        requested_by=request.user,
        requested_at__gte=kept_since,
    )


@require_GET
def prepared(request: HttpRequest, file_id: int) -> HttpResponse:
    """The file being made: the page looks again every few seconds until it is ready."""
    return render(request, "returns/prepared.html", {"prepared": _prepared(request, file_id)})


@require_GET
def prepared_download(request: HttpRequest, file_id: int) -> HttpResponseBase:
    made = _prepared(request, file_id)
    if made.status != "ready":
        return redirect("returns:prepared", file_id=made.pk)
    content = PreparedFile.objects.values_list("content", flat=True).get(pk=made.pk) or b""
    response = HttpResponse(bytes(content), content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


@require_GET
def findings_csv(request: HttpRequest) -> HttpResponseBase:
    def make(data: dict[str, Any]) -> HttpResponseBase:
        checks = census_checks(data["year"], data["la"])
        services.return_run_record(
            actor=request.user,
            kind=ReturnRun.Kind.FINDINGS_CSV,
            person_ids=checks.person_ids,
            year=checks.census.year,
            la=checks.la,
            children=len(checks.person_ids),
            findings=len(checks.rows),
            warnings=len(checks.warnings),
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"cin-census-{checks.census.year}-{checks.la}-checks.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(
            ["rule", "type", "message", "LA child ID", "person id", "record", "record link",
             "explained reason", "explained by", "explained at"]
        )  # fmt: skip
        for row in checks.rows:
            explained = row.explanation
            links: list[RecordLink | None] = list(row.records) or [None]
            for link in links:
                writer.writerow(
                    csv_cell(value)
                    for value in [
                        row.code,
                        row.kind,
                        row.message,
                        row.la_child_id,
                        row.person_id or "",
                        link.label if link else "",
                        request.build_absolute_uri(link.url) if link else "",
                        explained.reason if explained else "",
                        explained.explained_by if explained else "",
                        explained.explained_at.isoformat() if explained else "",
                    ]
                )
        return response

    return _download(request, "census", make)


@require_POST
def explain(request: HttpRequest) -> HttpResponse:
    require_permission(request, PERMISSION)
    key = request.POST.get("row", "")[:40]
    form = ExplainForm(request.POST, prefix=key)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.query_explain(
                actor=request.user,
                year=data["year"],
                code=data["code"],
                person_id=data["person"],
                reason=data["reason"],
            )
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            messages.success(request, f"Query {data['code']} explained: no longer outstanding")
            return redirect(_index_url(data["year"], data["la"], "#explained"))
    # Show the page again, the checks run as before, with the error at the row's box.
    census = CensusForm(
        {"year": request.POST.get(f"{key}-year", ""), "la": request.POST.get(f"{key}-la", "")}
    )
    context: dict[str, Any] = {
        "form": census,
        "annex_form": AnnexAForm(AnnexAForm.defaults()),
        "explain_form": form,
    }
    if census.is_valid():
        checks = census_checks(census.cleaned_data["year"], census.cleaned_data["la"])
        context |= _results(request, checks, bound=form)
    return _page(request, context)


@require_POST
def withdraw(request: HttpRequest, explanation_id: int) -> HttpResponse:
    require_permission(request, PERMISSION)
    kept = get_object_or_404(ExplainedQuery, pk=explanation_id)
    services.query_explanation_withdraw(actor=request.user, explanation_id=kept.pk)
    messages.success(request, f"The explanation of query {kept.code} was withdrawn")
    return redirect(_index_url(kept.year, request.POST.get("la", ""), "#outstanding"))
