"""The quality loop's front page: each part the user's role opens, in one list."""

from __future__ import annotations

from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse


class Part(NamedTuple):
    label: str
    url_name: str
    permission: str
    description: str


PARTS = [
    Part(
        "Weekly case review",
        "quality:case_review_this_week",
        "quality.view_case_review",
        "This week's meeting: last week's decisions sampled by the council's rules, each with "
        "the child's history, findings, themes and actions; attendance and minutes.",
    ),
    Part(
        "Case review findings over time",
        "quality:case_review_over_time",
        "quality.view_case_review",
        "Per week: cases reviewed, those that should have been different, and the themes.",
    ),
    Part(
        "Decision audits",
        "quality:audit_sample",
        "quality.audit_work",
        "This month's sample of decisions and assessments to audit against the rubric, and "
        "audits waiting to be moderated.",
    ),
    Part(
        "My audits and learning",
        "quality:my_audits",
        "quality.view_own_quality",
        "Audits of your work, their moderated grades and the learning actions set for you.",
    ),
    Part(
        "Call monitoring",
        "quality:call_monitoring",
        "quality.monitor_calls",
        "Record a call you listened to and see the feedback given to your team.",
    ),
    Part(
        "My call feedback",
        "quality:my_call_feedback",
        "quality.view_own_quality",
        "Feedback on calls of yours that a manager listened to: acknowledge it here.",
    ),
    Part(
        "Partner survey",
        "quality:survey_results",
        "quality.view_survey_results",
        "What referrers say of their contact with the front door, by agency and month, and "
        "how many answer.",
    ),
    Part(
        "Feedback on referrals your team received",
        "quality:locality_feedback",
        "quality.give_locality_feedback",
        "Your team's referrals of the last 3 months: say when one should not have come to "
        "you, or came too late.",
    ),
    Part(
        "Raise a disagreement",
        "quality:disagreement_raise",
        "quality.raise_disagreement",
        "Disagree with a decision on a contact, yours or for a partner professional: find "
        "the decision by its contact reference and say what you want instead.",
    ),
    Part(
        "Open disagreements",
        "quality:disagreements",
        "quality.view_disagreements",
        "Disagreements with decisions still open, the stage each is at, who answers it and "
        "when it is due; overdue ones marked.",
    ),
]


def parts_for(user: object) -> list[tuple[Part, str]]:
    """The parts this user may open, each with its address (a part not built is left out)."""
    shown = []
    for part in PARTS:
        if not user.has_perm(part.permission):  # type: ignore[attr-defined]
            continue
        try:
            shown.append((part, reverse(part.url_name)))
        except NoReverseMatch:
            continue
    return shown


def home(request: HttpRequest) -> HttpResponse:
    parts = parts_for(request.user)
    if not parts:
        raise PermissionDenied("The quality loop is for the front door's staff")
    return render(request, "quality/home.html", {"parts": parts})
