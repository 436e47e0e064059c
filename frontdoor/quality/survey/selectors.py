"""Reads for the survey: the link a referrer is given, the invitation a link opens, and the
results by agency and month."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Avg, Count, F, Min, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from .models import SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse
from .tokens import sign, unsign

NO_AGENCY = "Agency not recorded"


class SurveyLinkError(Exception):
    """A link that cannot be used: `reason` is "invalid", "expired" or "used"."""

    def __init__(self, reason: str, invitation: SurveyInvitation | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def survey_path(invitation: SurveyInvitation) -> str:
    return reverse("survey:answer", kwargs={"token": sign(invitation.token_id)})


def invitation_open(token: str, *, now: datetime | None = None) -> SurveyInvitation:
    """The invitation a link opens, or SurveyLinkError saying why it cannot be used."""
    token_id = unsign(token)
    invitation = (
        SurveyInvitation.objects.select_related("contact").filter(token_id=token_id).first()
        if token_id
        else None
    )
    if invitation is None:
        raise SurveyLinkError("invalid")
    if invitation.used_at is not None:
        raise SurveyLinkError("used", invitation)
    if invitation.expires_at <= (now or timezone.now()):
        raise SurveyLinkError("expired", invitation)
    return invitation


def questions_asked() -> QuerySet[SurveyQuestion]:
    return SurveyQuestion.objects.filter(active=True)


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    answers: int
    mean: float  # a scale question's mean score; a yes/no question's share of yes, 0 to 1

    @property
    def percent_yes(self) -> float:
        return round(100 * self.mean, 1)


@dataclass
class ResultRow:
    agency: str
    month: date | None  # None on the total row
    invitations: int = 0
    responses: int = 0
    questions: dict[str, QuestionResult] = field(default_factory=dict)  # by question text

    @property
    def response_rate(self) -> float | None:
        """Responses as a percentage of invitations, to one decimal place."""
        if not self.invitations:
            return None
        return round(100 * self.responses / self.invitations, 1)

    # (kind, result or None) for each of the results' columns, filled in by survey_results
    cells: list[tuple[str, QuestionResult | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Comment:
    agency: str
    month: date
    answered_at: datetime
    text: str


@dataclass(frozen=True)
class SurveyResults:
    start: date
    end: date
    columns: list[tuple[str, str]]  # (question text, kind), in the order they were asked
    rows: list[ResultRow]  # by month, then agency
    total: ResultRow
    comments: list[Comment]


def _month(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def _agency(value: str) -> str:
    return value or NO_AGENCY


def survey_results(start: date, end: date) -> SurveyResults:
    """For the invitations made from `start` to `end` (inclusive, London days), by the
    referrer's agency and the month of the invitation: invitations, responses, the response
    rate, each scale question's mean score, each yes/no question's share of yes; and the
    free-text comments. Answers are grouped by the question's words as they were asked."""
    zone = timezone.get_current_timezone()
    lo = timezone.make_aware(datetime.combine(start, time.min), zone)
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone)
    invited = SurveyInvitation.objects.filter(created_at__gte=lo, created_at__lt=hi)
    rows: dict[tuple[str, date], ResultRow] = {}
    for group in (
        invited.annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("agency", "month")
        .annotate(invitations=Count("id"), responses=Count("response"))
    ):
        key = (_agency(group["agency"]), _month(group["month"]))
        row = rows.setdefault(key, ResultRow(*key))
        row.invitations += group["invitations"]
        row.responses += group["responses"]

    answers = SurveyAnswer.objects.filter(response__invitation__in=invited)
    columns = [
        (item["question_text"], item["kind"])
        for item in answers.values("question_text", "kind")
        .annotate(first=Min("id"))
        .order_by("first")
    ]
    for item in (
        answers.annotate(
            agency=F("response__invitation__agency"),
            month=TruncMonth("response__invitation__created_at", tzinfo=zone),
        )
        .values("agency", "month", "question_text")
        .annotate(n=Count("id"), mean=Avg("value"))
    ):
        row = rows[(_agency(item["agency"]), _month(item["month"]))]
        row.questions[item["question_text"]] = QuestionResult(item["n"], float(item["mean"]))

    total = ResultRow("All agencies", None)
    for row in rows.values():
        total.invitations += row.invitations
        total.responses += row.responses
    for overall in answers.values("question_text").annotate(n=Count("id"), mean=Avg("value")):
        total.questions[overall["question_text"]] = QuestionResult(
            overall["n"], float(overall["mean"])
        )

    comments = [
        Comment(
            _agency(response.invitation.agency),
            timezone.localtime(response.invitation.created_at, zone).date().replace(day=1),
            response.answered_at,
            response.comment,
        )
        for response in SurveyResponse.objects.filter(invitation__in=invited)
        .exclude(comment="")
        .select_related("invitation")
        .order_by("answered_at", "id")
    ]
    ordered = sorted(rows.values(), key=lambda r: (r.month or date.min, r.agency))
    for row in [*ordered, total]:
        row.cells = [(kind, row.questions.get(text)) for text, kind in columns]
    return SurveyResults(start, end, columns, ordered, total, comments)
