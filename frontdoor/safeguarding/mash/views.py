"""MASH pages: the list of open enquiries, one enquiry, and the partners' agency checks.

The enquiry page handles its own forms: a button's `action` says which form was sent. Each
calls one service; a rule the service refuses is shown at its field with everything typed
kept, and a stale version shows the conflict message with the latest values and the form's
version brought up to date. Partners see only their own agency's checks and, of the child,
only the name, date of birth and current address; opening another agency's check is refused
and audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from frontdoor.contacts.selectors import Rag, rag_for
from frontdoor.core.audit import audit_view, audit_write
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.forms import GovukForm
from frontdoor.core.parsing import parse_id
from frontdoor.core.view_helpers import GET_OR_POST, require_permission
from frontdoor.people.access import Scope, open_record
from frontdoor.safeguarding.mash import selectors, services
from frontdoor.safeguarding.mash.forms import (
    AnswerForm,
    ChaseForm,
    ChecksForm,
    ConcludeForm,
    ConsentForm,
    RateForm,
)
from frontdoor.safeguarding.models import AgencyCheck, MashEnquiry

WORK = "safeguarding.work_on_mash"


def _posted_id(request: HttpRequest, name: str) -> int:
    pk = parse_id(request.POST.get(name))
    if pk is None:
        raise Http404
    return pk


AnyForm = TypeVar("AnyForm", bound=GovukForm)


def _conflicted(form: AnyForm, message: str, latest: Model) -> AnyForm:
    """`form` again with what was typed, `latest`'s version, and the conflict message."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix("version")] = str(latest.version)  # type: ignore[attr-defined]
    again = type(form)(data, prefix=form.prefix)
    again.is_valid()
    again.add_error(None, message)
    return again


# --- The list --------------------------------------------------------------------------------


def mash_list(request: HttpRequest) -> HttpResponse:
    require_permission(request, "safeguarding.view_mash")
    rows = selectors.open_enquiry_rows()
    for row in rows:
        audit_view(actor=request.user, obj=row.enquiry, summary="MASH enquiries list")
    return render(request, "safeguarding/mash_list.html", {"rows": rows})


# --- One enquiry -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Action:
    """One form of the enquiry page about the enquiry itself, and the service it calls."""

    form: type[GovukForm]
    run: Callable[[Any, MashEnquiry, GovukForm], str]  # returns the success message


def _rate(user: Any, enquiry: MashEnquiry, form: GovukForm) -> str:
    data = form.cleaned_data
    rated = services.mash_rate(
        actor=user,
        enquiry_id=enquiry.pk,
        version=data["version"],
        rag=data["rag"],
        reason=data["reason"],
    )
    due = timezone.localtime(rated.due_at)
    return f"Rated {rated.get_rag_display().lower()}: checks are due by {due:%-d %B %Y, %H:%M}"


def _consent(user: Any, enquiry: MashEnquiry, form: GovukForm) -> str:
    data = form.cleaned_data
    services.mash_consent_record(
        actor=user,
        enquiry_id=enquiry.pk,
        version=data["version"],
        consent=data["consent"],
        reason=data["consent_reason"],
    )
    return "Consent decision recorded"


def _checks(user: Any, enquiry: MashEnquiry, form: GovukForm) -> str:
    assert isinstance(form, ChecksForm)
    checks = services.checks_request(
        actor=user,
        enquiry_id=enquiry.pk,
        version=form.cleaned_data["version"],
        requests=form.requests(),
    )
    return f"{len(checks)} check{'' if len(checks) == 1 else 's'} requested"


def _conclude(user: Any, enquiry: MashEnquiry, form: GovukForm) -> str:
    data = form.cleaned_data
    concluded = services.mash_conclude(
        actor=user,
        enquiry_id=enquiry.pk,
        version=data["version"],
        outcome=data["outcome"],
        rationale=data["rationale"],
    )
    return f"MASH enquiry concluded: {concluded.get_outcome_display()}"


ACTIONS = {
    "rate": _Action(RateForm, _rate),
    "consent": _Action(ConsentForm, _consent),
    "checks": _Action(ChecksForm, _checks),
    "conclude": _Action(ConcludeForm, _conclude),
}


def _answer_prefix(check_id: int) -> str:
    return f"c{check_id}"


@GET_OR_POST
def mash_detail(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    require_permission(request, "safeguarding.view_mash")
    enquiry = get_object_or_404(MashEnquiry.objects.select_related("person"), pk=enquiry_id)
    open_record(
        request,
        people=[enquiry.person],
        scope=Scope.CASE,
        obj=enquiry,
        audit=request.method != "POST",
    )
    if request.method != "POST":
        return _enquiry_page(request, enquiry.pk)
    name = request.POST.get("action", "")
    if name == "chase":
        return _chase(request, enquiry)
    if name == "answer":
        return _answer(request, enquiry)
    action = ACTIONS.get(name)
    if action is None:
        return _enquiry_page(request, enquiry.pk, status=400)
    require_permission(request, WORK, enquiry)
    form = action.form(request.POST)
    if not form.is_valid():
        return _enquiry_page(request, enquiry.pk, name, form)
    try:
        message = action.run(request.user, enquiry, form)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ConflictError as error:
        form = _conflicted(form, error.message, MashEnquiry.objects.get(pk=enquiry.pk))
        return _enquiry_page(request, enquiry.pk, name, form)
    except DomainError as error:
        form.add_domain_error(error.field, error.message)
        return _enquiry_page(request, enquiry.pk, name, form)
    messages.success(request, message)
    return redirect("safeguarding:mash", enquiry_id=enquiry.pk)


def _check_of(request: HttpRequest, enquiry: MashEnquiry) -> AgencyCheck:
    return get_object_or_404(AgencyCheck, pk=_posted_id(request, "check"), enquiry=enquiry)


def _chase(request: HttpRequest, enquiry: MashEnquiry) -> HttpResponse:
    require_permission(request, WORK, enquiry)
    check = _check_of(request, enquiry)
    form = ChaseForm(request.POST)
    form.is_valid()
    try:
        chased = services.check_chase(actor=request.user, check_id=check.pk)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except DomainError as error:
        form.add_domain_error(None, f"{check.get_agency_display()}: {error.message}")
        return _enquiry_page(request, enquiry.pk, "chase", form)
    messages.success(
        request,
        f"Recorded that you chased {chased.get_agency_display()} "
        f"({chased.times_chased} time{'' if chased.times_chased == 1 else 's'})",
    )
    return redirect("safeguarding:mash", enquiry_id=enquiry.pk)


def _answer(request: HttpRequest, enquiry: MashEnquiry) -> HttpResponse:
    """MASH staff record a partner's answer on the partner's behalf."""
    check = _check_of(request, enquiry)
    require_permission(request, "safeguarding.answer_check", check)
    form = AnswerForm(request.POST, prefix=_answer_prefix(check.pk))
    bound = f"answer-{check.pk}"
    if not form.is_valid():
        return _enquiry_page(request, enquiry.pk, bound, form)
    try:
        services.check_answer(
            actor=request.user,
            check_id=check.pk,
            version=form.cleaned_data["version"],
            **form.details(),
        )
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ConflictError as error:
        form = _conflicted(form, error.message, AgencyCheck.objects.get(pk=check.pk))
        return _enquiry_page(request, enquiry.pk, bound, form)
    except DomainError as error:
        form.add_domain_error(error.field, error.message)
        return _enquiry_page(request, enquiry.pk, bound, form)
    messages.success(request, f"Answer from {check.get_agency_display()} recorded")
    return redirect("safeguarding:mash", enquiry_id=enquiry.pk)


@dataclass(frozen=True)
class CheckRow:
    check: AgencyCheck
    rag: Rag | None  # of the due time, while waiting for the answer
    overdue: bool
    can_answer: bool  # on the partner's behalf
    answer_form: GovukForm


def _enquiry_page(
    request: HttpRequest,
    enquiry_id: int,
    action: str = "",
    bound: GovukForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    enquiry = selectors.enquiry_for_page(enquiry_id=enquiry_id)
    now = timezone.now()
    version = {"version": enquiry.version}
    forms: dict[str, GovukForm] = {
        "rate": RateForm(initial=version),
        "consent": ConsentForm(
            initial=version | {"consent": enquiry.consent, "consent_reason": enquiry.consent_reason}
        ),
        "checks": ChecksForm(initial=version),
        "conclude": ConcludeForm(initial=version),
    }
    if action in forms and bound is not None:
        forms[action] = bound
    can_work = enquiry.is_open and user.has_perm(WORK, enquiry)
    checks: list[CheckRow] = []
    for check in enquiry.checks.all():
        answer_form: GovukForm = AnswerForm(
            initial={"version": check.version}, prefix=_answer_prefix(check.pk)
        )
        if action == f"answer-{check.pk}" and bound is not None:
            answer_form = bound
        waiting = check.answered_at is None
        checks.append(
            CheckRow(
                check=check,
                rag=rag_for(check.due_at, now) if waiting else None,
                overdue=waiting and check.due_at <= now,
                can_answer=((waiting and enquiry.is_open) or answer_form.is_bound)
                and user.has_perm("safeguarding.answer_check", check),
                answer_form=answer_form,
            )
        )
    return render(
        request,
        "safeguarding/mash.html",
        {
            "enquiry": enquiry,
            "person": enquiry.person,
            "decision": getattr(enquiry.origin, "decision", None) if enquiry.origin else None,
            "rag": rag_for(enquiry.due_at, now) if enquiry.is_open else None,
            "checks": checks,
            "waiting": sum(1 for row in checks if row.check.answered_at is None),
            "concluded_into": selectors.concluded_into(enquiry),
            "can_work": can_work,
            # A form with typed text is shown even if it can no longer be sent, so that
            # nothing typed is lost.
            "show": {name: can_work or name == action for name in forms},
            "form": bound,
        }
        | {f"{name}_form": form for name, form in forms.items()},
        status=status,
    )


# --- Partners' checks ------------------------------------------------------------------------


def partner_checks(request: HttpRequest) -> HttpResponse:
    """The checks addressed to the partner's agency, waiting or answered in the last week."""
    require_permission(request, "safeguarding.view_partner_checks")
    user: Any = request.user
    now = timezone.now()
    rows = [
        selectors.partner_view(check, now)
        for check in selectors.partner_checks(agency=user.agency, now=now)
    ]
    for row in rows:
        audit_view(actor=user, obj=row.check, summary="Agency checks list")
    return render(
        request,
        "safeguarding/partner_checks.html",
        {
            "waiting": [row for row in rows if row.check.answered_at is None],
            "answered": [row for row in rows if row.check.answered_at is not None],
            "agency": user.get_agency_display(),
        },
    )


@GET_OR_POST
def partner_check(request: HttpRequest, check_id: int) -> HttpResponse:
    require_permission(request, "safeguarding.view_partner_checks")
    check = get_object_or_404(
        AgencyCheck.objects.select_related("enquiry__person", "answered_by"), pk=check_id
    )
    user: Any = request.user
    if not user.has_perm("safeguarding.answer_check", check):
        audit_write(
            actor=user,
            action="view_denied",
            obj=check,
            summary=f"{user.get_agency_display() or 'No agency'} partner opened a check to "
            f"{check.get_agency_display()}",
        )
        raise PermissionDenied
    if not selectors.partner_checks(agency=user.agency).filter(pk=check.pk).exists():
        raise Http404  # a check long answered, or on a concluded enquiry
    form = AnswerForm(
        request.POST if request.method == "POST" else None, initial={"version": check.version}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.check_answer(
                    actor=user,
                    check_id=check.pk,
                    version=form.cleaned_data["version"],
                    **form.details(),
                )
            except PermissionDeniedError:
                raise PermissionDenied from None
            except ConflictError as error:
                check = AgencyCheck.objects.select_related("enquiry__person", "answered_by").get(
                    pk=check.pk
                )
                form = _conflicted(form, error.message, check)
            except DomainError as error:
                form.add_domain_error(error.field, error.message)
            else:
                messages.success(request, "Your answer has been sent to the MASH")
                return redirect("safeguarding:partner_checks")
    else:
        audit_view(actor=user, obj=check)
    return render(
        request,
        "safeguarding/partner_check.html",
        {
            "row": selectors.partner_view(check),
            "form": form,
            "can_answer": check.answered_at is None or form.is_bound,
        },
    )
