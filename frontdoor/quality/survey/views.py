"""The referrer's survey page (public: no sign-in, no child's details) and the results page
for managers and performance analysts."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from frontdoor.core.errors import DomainError
from frontdoor.core.view_helpers import GET_OR_POST, posted, require_permission

from . import services
from .forms import PeriodForm, SurveyForm
from .selectors import SurveyLinkError, invitation_open, questions_asked, survey_results

REFUSED = {
    # reason: (status, heading, what to say)
    "invalid": (
        404,
        "This survey link is not valid",
        "Check you copied the whole link from the email or letter we sent you.",
    ),
    "expired": (
        410,
        "This survey link has expired",
        "The survey was open for a few weeks after our feedback to you and has now closed.",
    ),
    "used": (
        410,
        "This survey has already been answered",
        "Each link can be used once, and this one has been used.",
    ),
}


def _refused(request: HttpRequest, error: SurveyLinkError) -> HttpResponse:
    services.survey_link_refused(error=error)
    status, heading, text = REFUSED[error.reason]
    return render(
        request, "quality/survey/refused.html", {"heading": heading, "text": text}, status=status
    )


@GET_OR_POST
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_open(token)
    except SurveyLinkError as error:
        return _refused(request, error)
    form = SurveyForm(posted(request), questions=list(questions_asked()))
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(
                token=token, answers=form.answers(), comment=form.cleaned_data["comment"]
            )
        except SurveyLinkError as error:
            return _refused(request, error)
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            return redirect("survey:thanks")
    return render(
        request,
        "quality/survey/answer.html",
        {
            "form": form,
            "contacted_on": timezone.localtime(invitation.contact.received_at),
            "council_name": settings.FRONTDOOR_COUNCIL_NAME,
        },
        status=400 if form.is_bound else 200,
    )


def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/survey/thanks.html")


def _last_twelve_months(today: date) -> dict[str, str]:
    year, month = (
        (today.year, today.month - 11) if today.month == 12 else (today.year - 1, today.month + 1)
    )
    return {"start": date(year, month, 1).isoformat(), "end": today.isoformat()}


def survey_results_page(request: HttpRequest) -> HttpResponse:
    require_permission(request, "quality.view_survey_results")
    data = {**_last_twelve_months(timezone.localdate()), **request.GET.dict()}
    form = PeriodForm(data)
    results = (
        survey_results(form.cleaned_data["start"], form.cleaned_data["end"])
        if form.is_valid()
        else None
    )
    return render(
        request,
        "quality/survey/results.html",
        {"form": form, "results": results},
        status=200 if results else 400,
    )
