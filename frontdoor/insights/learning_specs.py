"""How the learning measures (the quality loop, issue 15) are counted: audits of decisions and
assessments, their grades and moderation, monitored calls and their feedback, the partner
survey, and management oversight of open cases. Read live (`rollup=False`): the records are
few, and a moderation changes an audit's standing grade after the day it was made."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from frontdoor.casework.models import Oversight, Referral
from frontdoor.core.working_days import calendar
from frontdoor.quality.audits.models import Audit
from frontdoor.quality.calls.models import MonitoredCall
from frontdoor.quality.grading import Grade
from frontdoor.quality.survey.models import SurveyAnswer, SurveyInvitation, SurveyQuestion

from .spec import ASSESSMENT_DONE, DECISION, Spec, child_dims

GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)
OVERSIGHT_WORKING_DAYS = 20


def oversight_working_days() -> int:
    """How often an open case is to have management oversight, in working days (the
    FRONTDOOR_OVERSIGHT_WORKING_DAYS setting; 20, about a month, unless set)."""
    return int(getattr(settings, "FRONTDOOR_OVERSIGHT_WORKING_DAYS", OVERSIGHT_WORKING_DAYS))


def oversight_window_start(at: date, days: int | None = None) -> date:
    """The first of the last `days` working days up to and including `at` (so that `at` to
    itself holds that many working days)."""
    cal, wanted, seen, day = calendar(), days or oversight_working_days(), 0, at
    while True:
        if cal.is_working_day(day):
            seen += 1
            if seen >= wanted:
                return day
        day -= timedelta(days=1)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _overseen(qs: QuerySet[Any], at: date) -> QuerySet[Any]:
    """Open referrals made on or before the first day of the oversight window, marked with
    whether oversight or supervision was recorded on them within the window."""
    first = oversight_window_start(at)
    recent = Oversight.objects.filter(
        referral=OuterRef("pk"),
        recorded_at__gte=_midnight(first),
        recorded_at__lt=_midnight(at + timedelta(days=1)),
    )
    return qs.filter(referral_date__lte=first).annotate(p_overseen=Exists(recent))


# The standing grade: the moderator's once moderated, the auditor's until then.
_GRADED_GOOD = Q(moderated_at__isnull=True, overall_grade__in=GOOD_OR_BETTER) | Q(
    moderated_at__isnull=False, moderated_grade__in=GOOD_OR_BETTER
)
_AUDIT: dict[str, Any] = {
    "model": Audit,
    "date": "audited_at",
    "is_datetime": True,
    "person": "person",
    "dims": {"team": "worker__team_id"},
    "den": "rows",
    "rollup": False,
}
_CALL: dict[str, Any] = {
    "model": MonitoredCall,
    "date": "listened_at",
    "is_datetime": True,
    "dims": {"team": "worker__team_id", "worker": "worker_id"},
    "rollup": False,
}


def referred_again_within_a_year() -> Any:
    """The closed referral's child was referred again in the 12 months after it closed."""
    return Exists(
        Referral.objects.filter(
            person=OuterRef("person"),
            referral_date__gt=OuterRef("closed_on"),
            referral_date__lte=OuterRef("closed_on") + timedelta(days=365),
        )
    )


_CLOSED: dict[str, Any] = {
    "model": Referral,
    "date": "closed_on",
    "person": "person",
    "dims": child_dims(""),
    "den": "rows",
    "rollup": False,
}
_SIGNED_OFF = Q(closure_signed_off_at__isnull=False)


def _contact_dims(prefix: str) -> dict[str, str]:
    return {
        "source": f"{prefix}referral_source",
        "channel": f"{prefix}channel",
        "team": f"{prefix}csw__team_id",
    }


LEARNING_SPECS: dict[str, Spec] = {
    "decisions_audited_share": Spec(
        **DECISION, num=Q(quality_audit__isnull=False), den="rows", rollup=False
    ),
    "assessments_audited_share": Spec(
        **ASSESSMENT_DONE, num=Q(quality_audit__isnull=False), den="rows", rollup=False
    ),
    "audits_good_share": Spec(**_AUDIT, num=_GRADED_GOOD),
    "audits_moderated_share": Spec(**_AUDIT, num=Q(moderated_at__isnull=False)),
    "calls_monitored": Spec(**_CALL),
    # Not by worker: the denominator is every consultant social worker (of a team, or all).
    "calls_monitored_per_csw": Spec(**{**_CALL, "dims": {"team": "worker__team_id"}}, den="csws"),
    "call_feedback_acknowledged_share": Spec(
        **_CALL, num=Q(acknowledged_at__isnull=False), den="rows"
    ),
    "survey_response_rate": Spec(
        model=SurveyInvitation,
        date="created_at",
        is_datetime=True,
        dims={**_contact_dims("contact__"), "agency": "agency"},
        num=Q(response__isnull=False),
        den="rows",
        rollup=False,
    ),
    "survey_mean_score": Spec(
        model=SurveyAnswer,
        date="response__invitation__created_at",
        is_datetime=True,
        base=Q(kind=SurveyQuestion.Kind.SCALE),
        dims={
            **_contact_dims("response__invitation__contact__"),
            "agency": "response__invitation__agency",
        },
        num_sum="value",
        den="rows",
        rollup=False,
    ),
    "closures_signed_off_share": Spec(**_CLOSED, base=Q(closed_on__isnull=False), num=_SIGNED_OFF),
    "re_referrals_after_signed_off_closures": Spec(
        **_CLOSED,
        base=Q(closed_on__isnull=False) & _SIGNED_OFF,
        num_exists=referred_again_within_a_year,
    ),
    "re_referrals_after_closures_not_signed_off": Spec(
        **_CLOSED,
        base=Q(closed_on__isnull=False) & ~_SIGNED_OFF,
        num_exists=referred_again_within_a_year,
    ),
    "oversight_in_time": Spec(
        model=Referral,
        date="referral_date",
        person="person",
        dims=child_dims(""),
        point="open",
        point_filter=_overseen,
        num=Q(p_overseen=True),
        den="rows",
        rollup=False,
    ),
}
