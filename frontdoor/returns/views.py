"""The statutory returns page: run the CIN census checks, put right or explain what they find,
and download the census file and Annex A.

Views are thin: a GET form bound over its defaults (so a run is a link that can be shared),
a selector that runs the checks, a service for every write. A bad value is an error at its
field, never a server error. Every run that names children, and every download, is recorded
(`ReturnRun`) with an audit event listing the children it named.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from frontdoor.core.errors import DomainError
from frontdoor.core.spreadsheets import csv_cell
from frontdoor.core.view_helpers import require_permission

from . import services
from .annex_a_workbook import write_annex_a
from .cin_census import CensusError, write_cin_census
from .forms import AnnexAForm, CensusForm, ExplainForm, bound_data
from .models import ExplainedQuery, ReturnRun
from .selectors import CensusChecks, ChildRow, RecordLink, census_checks

PERMISSION = "returns.view_returns"
ROWS_PER_RULE = 200  # children listed on the page under each rule; the CSV has them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _file_response(path: str, folder: str, filename: str, content_type: str) -> FileResponse:
    """Stream the file written in `folder`, which is removed now (the open file lives on
    until it has been sent)."""
    handle = open(path, "rb")  # noqa: SIM115  (FileResponse closes it)
    shutil.rmtree(folder, ignore_errors=True)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


@require_GET
def census_xml(request: HttpRequest) -> HttpResponseBase:
    def make(data: dict[str, Any]) -> HttpResponseBase:
        year, la = data["year"], data["la"]
        filename = f"cin-census-{year}-{la}.xml"
        folder = tempfile.mkdtemp(prefix="census-")
        try:
            result = write_cin_census(year, la, os.path.join(folder, filename))
        except CensusError as error:
            shutil.rmtree(folder, ignore_errors=True)
            form, annex_form = _forms(request)
            form.is_valid()
            form.add_error("la", str(error))
            return _page(request, {"form": form, "annex_form": annex_form, "failed": "census"})
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        services.return_run_record(
            actor=request.user,
            kind=ReturnRun.Kind.CENSUS_XML,
            year=year,
            la=la,
            children=result.children,
            warnings=len(result.warnings),
        )
        response = _file_response(result.path, folder, filename, "application/xml")
        response["X-Census-Children"] = str(result.children)
        response["X-Census-Warnings"] = str(len(result.warnings))
        return response

    return _download(request, "census", make)


@require_GET
def annex_a_xlsx(request: HttpRequest) -> HttpResponseBase:
    def make(data: dict[str, Any]) -> HttpResponseBase:
        as_at = data["as_at"]
        filename = f"annex-a-{as_at:%Y-%m-%d}.xlsx"
        folder = tempfile.mkdtemp(prefix="annex-a-")
        path = os.path.join(folder, filename)
        try:
            write_annex_a(as_at, path)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        services.return_run_record(actor=request.user, kind=ReturnRun.Kind.ANNEX_A, as_at=as_at)
        return _file_response(path, folder, filename, XLSX)

    return _download(request, "annex_a", make)


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
