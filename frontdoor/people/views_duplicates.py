"""The duplicate review queue: pairs the scan found, one pair's review, and undoing a merge.

For business support and managers (`people.review_duplicates`); everybody else gets 403.
Every action is a POST form: nothing needs JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdoor.core.errors import DomainError

from .access import Scope, open_record, restricted_for
from .duplicates import duplicate_detail, duplicate_dismiss, duplicates_open
from .merging import duplicate_merge, merges_recent, person_merge_undo
from .models import DuplicateCandidate, Merge, Person
from .tasks import duplicates_scan_task


def _named(person: Person) -> str:
    """A person's name with their record's reference: two duplicates often share a name."""
    return f"{person.full_name} ({person.la_child_id or f'record {person.pk}'})"


def _require_reviewer(user: Any) -> None:
    if not user.has_perm("people.review_duplicates"):
        raise PermissionDenied


@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request.user)
    items, total = duplicates_open(limit=50)
    # A pair with a restricted record is reviewed only by somebody named on it.
    ids = [summary.person.pk for item in items for summary in (item.left, item.right)]
    hidden = restricted_for(request.user, ids)
    items = [i for i in items if not {i.left.person.pk, i.right.person.pk} & set(hidden)]
    return render(
        request,
        "people/duplicates.html",
        {"items": items, "total": total, "merges": merges_recent(limit=20)},
    )


@require_POST
def duplicates_scan(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request.user)
    duplicates_scan_task.enqueue(actor_id=request.user.pk)
    messages.success(
        request, "The search for duplicates has started. The list updates when it ends."
    )
    return redirect("people:duplicates")


DECISIONS = ("keep_first", "keep_second", "not_same")


@require_http_methods(["GET", "POST"])
def duplicate_review(request: HttpRequest, candidate_id: int) -> HttpResponse:
    _require_reviewer(request.user)
    try:
        item = duplicate_detail(candidate_id=candidate_id)
    except DuplicateCandidate.DoesNotExist as missing:
        raise Http404 from missing
    if request.method == "POST":  # a restricted record is merged only by somebody named on it
        for summary in (item.left, item.right):
            open_record(
                request,
                people=[summary.person],
                scope=Scope.IDENTITY,
                obj=summary.person,
                audit=False,
            )
    error = ""
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            if decision == "not_same":
                duplicate_dismiss(actor=request.user, candidate_id=candidate_id)
                messages.success(request, "Recorded as not the same person")
                return redirect("people:duplicates")
            if decision in ("keep_first", "keep_second"):
                kept = item.left if decision == "keep_first" else item.right
                merged = item.right if decision == "keep_first" else item.left
                merge = duplicate_merge(
                    actor=request.user, candidate_id=candidate_id, kept_id=kept.person.pk
                )
                moved = len(merge.moved)
                messages.success(
                    request,
                    f"{_named(merged.person)} merged into {_named(kept.person)}: "
                    f"{moved} linked record{'' if moved == 1 else 's'} moved",
                )
                return redirect("people:duplicates")
            error = "Choose whether to merge the records or that they are not the same person"
        except DomainError as refused:
            error = refused.message
        item = duplicate_detail(candidate_id=candidate_id)
    else:
        for summary in (item.left, item.right):
            open_record(
                request,
                people=[summary.person],
                scope=Scope.IDENTITY,
                obj=summary.person,
                summary="Duplicate review",
            )
    return render(request, "people/duplicate_review.html", {"item": item, "error": error})


@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    _require_reviewer(request.user)
    try:
        merge = person_merge_undo(actor=request.user, merge_id=merge_id)
    except Merge.DoesNotExist as missing:
        raise Http404 from missing
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        again = f"Merge undone: {_named(merge.merged)} is a separate record again"
        messages.success(request, again)
    return redirect("people:duplicates")
