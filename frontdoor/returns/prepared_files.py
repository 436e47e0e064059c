"""The census file and Annex A, prepared in the background: asked for on the returns page,
made by the task worker (`prepare_return_file`), waited for on a page of their own and then
downloaded by the analyst who asked. Each is a run of the return (`ReturnRun`, audited with
the children it holds) once it is made."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from frontdoor.core.services import require

from .annex_a_workbook import write_annex_a
from .cin_census import CensusError, write_cin_census
from .models import PreparedFile, ReturnRun
from .services import return_run_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@transaction.atomic
def census_file_request(*, actor: Any, year: int, la: str) -> PreparedFile:
    return _request(
        actor,
        kind=ReturnRun.Kind.CENSUS_XML,
        year=year,
        la=la,
        filename=f"cin-census-{year}-{la}.xml",
        content_type="application/xml",
    )


@transaction.atomic
def annex_a_request(*, actor: Any, as_at: date) -> PreparedFile:
    return _request(
        actor,
        kind=ReturnRun.Kind.ANNEX_A,
        as_at=as_at,
        filename=f"annex-a-{as_at:%Y-%m-%d}.xlsx",
        content_type=XLSX,
    )


def _request(actor: Any, **fields: Any) -> PreparedFile:
    require(actor, "returns.view_returns")
    now = timezone.now()
    PreparedFile.objects.filter(
        requested_at__lt=now - timedelta(hours=PreparedFile.KEPT_HOURS)
    ).delete()
    prepared = PreparedFile.objects.create(requested_by=actor, requested_at=now, **fields)
    prepare_return_file.enqueue(prepared.pk)
    return prepared


@task()
def prepare_return_file(prepared_id: int) -> str:
    """Make the file asked for and keep it for its download; a census that cannot be made
    (its LA code, say) is kept as the reason, for the page to show."""
    prepared = PreparedFile.objects.get(pk=prepared_id)
    folder = tempfile.mkdtemp(prefix="return-")
    path = os.path.join(folder, prepared.filename)
    try:
        with transaction.atomic():
            prepared.run = _make(prepared, path)
            with open(path, "rb") as made:
                prepared.content = made.read()
    except CensusError as error:
        prepared.error = str(error)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    prepared.finished_at = timezone.now()
    prepared.save()
    return prepared.status


def _make(prepared: PreparedFile, path: str) -> ReturnRun:
    actor = prepared.requested_by
    if prepared.kind == ReturnRun.Kind.ANNEX_A:
        assert prepared.as_at is not None
        write_annex_a(prepared.as_at, path)
        return return_run_record(actor=actor, kind=prepared.kind, as_at=prepared.as_at)
    assert prepared.year is not None
    result = write_cin_census(prepared.year, prepared.la, path)
    return return_run_record(
        actor=actor,
        kind=prepared.kind,
        year=prepared.year,
        la=prepared.la,
        children=result.children,
        warnings=len(result.warnings),
    )
