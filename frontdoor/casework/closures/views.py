"""The page where a manager authorises or returns a closure or step down, seeing first the
child's re-referral history and their other open concerns."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frontdoor.casework.clocks import today
from frontdoor.casework.closures import selectors, services
from frontdoor.casework.closures.forms import ClosureDecisionForm
from frontdoor.casework.closures.models import ClosureRequest
from frontdoor.casework.referrals.views import refresh_version
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.once import create_once
from frontdoor.core.view_helpers import GET_OR_POST, posted, require_permission
from frontdoor.people.access import Scope, open_record


@GET_OR_POST
def closure_detail(request: HttpRequest, closure_id: int) -> HttpResponse:
    require_permission(request, "casework.view_casework")
    try:
        closure = selectors.closure_for_page(request_id=closure_id)
    except ClosureRequest.DoesNotExist:
        raise Http404 from None
    referral = closure.referral
    require_permission(request, "casework.authorise_closure", referral)
    open_record(
        request,
        people=[referral.person],
        scope=Scope.CASE,
        obj=closure,
        audit=request.method == "GET",
        summary="Opened to authorise a closure",
    )
    form = ClosureDecisionForm(posted(request), initial={"version": closure.version})
    if request.method == "POST" and closure.is_waiting and form.is_valid():
        action = request.POST.get("action", "")
        data = form.cleaned_data

        def act() -> str:
            if action == "return":
                services.closure_return(
                    actor=request.user,
                    request_id=closure.pk,
                    version=data["version"],
                    comment=data["comment"],
                )
                messages.success(request, "Returned to the worker: the episode stays open")
            else:
                done = services.closure_authorise(
                    actor=request.user,
                    request_id=closure.pk,
                    version=data["version"],
                    comment=data["comment"],
                )
                messages.success(
                    request,
                    "Stepped down: early help is open for the pathway advisors"
                    if done.kind == ClosureRequest.Kind.STEP_DOWN
                    else "Episode closed",
                )
            return selectors.closure_url(closure)

        try:
            return redirect(create_once(request, act))
        except ConflictError as error:
            closure.refresh_from_db()
            refresh_version(form, closure.version)
            form.add_error(None, error.message)
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
    return render(
        request,
        "casework/closure.html",
        {
            "closure": closure,
            "referral": referral,
            "person": referral.person,
            "form": form,
            "history": selectors.re_referral_history(referral, today()),
            "concerns": selectors.other_open_concerns(referral),
            "due_on": selectors.closure_due_on(closure),
        },
    )
