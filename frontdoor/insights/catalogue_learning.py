"""The learning measures (issue 15, the quality loop): how much of the front door's work is
audited, how the audits grade it, how many calls are listened to and the feedback taken in,
what partners say in the survey, and whether open cases have management oversight. Shown on
the dashboard in their own group, "Learning"; counted in `learning_specs.py`."""

from __future__ import annotations

from .definitions import Measure

LEARNING_GROUP = "Learning"

_DECISION_FILTERS = ("source", "channel", "locality", "team", "age_band", "ethnicity")
_CHILD_FILTERS = ("source", "locality", "team", "age_band", "ethnicity")
_SURVEY_FILTERS = ("source", "channel", "team")

LEARNING_MEASURES = (
    Measure(
        key="decisions_audited_share",
        name="Decisions audited",
        definition=(
            "Of the settled decisions (final or authorised) made in the period, the percentage "
            "that have a decision audit, whenever the audit was done. Denominator: settled "
            "decisions made in the period, counted on the decision date."
        ),
        counts="decisions (settled)",
        date_field="Decision.decided_at",
        filters=_DECISION_FILTERS,
        unit="percent",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="assessments_audited_share",
        name="Assessments audited",
        definition=(
            "Of the social work assessments authorised in the period, the percentage that have "
            "an audit, whenever the audit was done. Denominator: assessments authorised in the "
            "period."
        ),
        counts="assessments (authorised)",
        date_field="Assessment.authorised_on",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="audits_good_share",
        name="Audits graded good or outstanding",
        definition=(
            "Of the audits done in the period, the percentage whose overall grade is good or "
            "outstanding, by the grade that stands: the moderator's once an audit is moderated, "
            "the auditor's until then (so an audit graded requires improvement and moderated "
            "to good counts as good). Denominator: audits done in the period. Team is the "
            "audited worker's."
        ),
        counts="decision and assessment audits",
        date_field="Audit.audited_at",
        filters=("team",),
        unit="percent",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="audits_moderated_share",
        name="Audits moderated",
        definition=(
            "Of the audits done in the period, the percentage a second auditor has moderated "
            "(by now). Denominator: audits done in the period. Team is the audited worker's."
        ),
        counts="decision and assessment audits",
        date_field="Audit.audited_at",
        filters=("team",),
        unit="percent",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="calls_monitored",
        name="Calls monitored",
        definition=(
            "Calls a manager listened to (live or recorded) and gave the consultant social "
            "worker feedback on, counted on the day they were listened to. Team is the "
            "worker's; break it down by worker for each worker's calls monitored."
        ),
        counts="monitored calls",
        date_field="MonitoredCall.listened_at",
        filters=("team",),
        unit="count",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="calls_monitored_per_csw",
        name="Calls monitored per consultant social worker",
        definition=(
            "Calls monitored in the period divided by the number of active consultant social "
            "workers. Denominator: active users with the consultant social worker role (as "
            "now), of the team when narrowed by team. Team is the monitored worker's."
        ),
        counts="monitored calls",
        date_field="MonitoredCall.listened_at",
        filters=("team",),
        unit="per_worker",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="call_feedback_acknowledged_share",
        name="Call feedback acknowledged",
        definition=(
            "Of the calls monitored in the period, the percentage whose feedback the worker "
            "has acknowledged (by now). Denominator: calls monitored in the period."
        ),
        counts="monitored calls",
        date_field="MonitoredCall.listened_at",
        filters=("team",),
        unit="percent",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="survey_response_rate",
        name="Partner survey response rate",
        definition=(
            "Of the partner survey invitations made in the period (one for each contact whose "
            "feedback was sent to the referrer), the percentage the referrer has answered. "
            "Denominator: invitations made in the period. Source, channel and team are the "
            "contact's (the team of its named CSW); break it down by agency."
        ),
        counts="survey invitations",
        date_field="SurveyInvitation.created_at",
        filters=_SURVEY_FILTERS,
        unit="percent",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="survey_mean_score",
        name="Partner survey mean score",
        definition=(
            "The mean of the scores (1 poor to 5 very good) given to the survey's scale "
            "questions, across all of them, in the answers to invitations made in the period. "
            "Yes or no answers are not scores and are left out: the survey results page shows "
            "each question's mean and share of yes. Denominator: scale answers."
        ),
        counts="survey answers (scale questions)",
        date_field="SurveyInvitation.created_at",
        filters=_SURVEY_FILTERS,
        unit="score",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="closures_signed_off_share",
        name="Closures signed off by a manager",
        definition=(
            "Of the referrals closed in the period (counted on the closure date the worker "
            "set), the percentage whose closure or step down a manager authorised. Referrals "
            "closed before sign-off began, or for a reason the council exempts "
            "(FRONTDOOR_SIGN_OFF_NEEDED), have none. Denominator: referrals closed in the period."
        ),
        counts="referrals (closed)",
        date_field="Referral.closed_on",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="better",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="re_referrals_after_signed_off_closures",
        name="Re-referral within 12 months of a signed-off closure",
        definition=(
            "Of the referrals closed in the period with a manager's sign-off, the percentage "
            "whose child was referred again in the 12 months (365 days) after the closure date, "
            "as known today: a recent period's figure can still rise. Read it beside the same "
            "measure for closures not signed off. Denominator: signed-off referrals closed in "
            "the period."
        ),
        counts="referrals (closed, signed off)",
        date_field="Referral.closed_on; the later Referral.referral_date",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="worse",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="re_referrals_after_closures_not_signed_off",
        name="Re-referral within 12 months of a closure not signed off",
        definition=(
            "Of the referrals closed in the period without a manager's sign-off (before "
            "sign-off began, or for an exempt reason), the percentage whose child was referred "
            "again in the 12 months (365 days) after the closure date, as known today. "
            "Denominator: referrals closed in the period without sign-off."
        ),
        counts="referrals (closed, not signed off)",
        date_field="Referral.closed_on; the later Referral.referral_date",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="worse",
        group=LEARNING_GROUP,
    ),
    Measure(
        key="oversight_in_time",
        name="Open cases with management oversight on time",
        definition=(
            "Of the referrals open at the end of the period's last day that were made on or "
            "before the first of the last 20 working days up to it, the percentage with a "
            "management oversight or supervision record on the referral made in those days "
            "(the FRONTDOOR_OVERSIGHT_WORKING_DAYS setting, 20 by default: about monthly). "
            "Oversight of a child recorded without naming the referral does not count. "
            "Denominator: referrals open at the end of the last day made on or before the "
            "first of those working days."
        ),
        counts="referrals (open, made on or before the oversight period's first day)",
        date_field="Referral.referral_date and closed_on, Oversight.recorded_at (as at the end "
        "date)",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="better",
        point_in_time=True,
        group=LEARNING_GROUP,
    ),
)
