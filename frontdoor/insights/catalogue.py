"""The metric catalogue: every measure the dashboard, the evaluation report and
docs/measures.md show, in one place, in plain English.

Counting rules follow the DfE Children in Need census where they overlap: a referral is a
child in need episode counted on its referral date; a re-referral is a referral within 12
months of a previous referral of the same child; an assessment is completed on the date a
manager authorised it; an initial conference is in time when held within 15 working days of
the strategy discussion that started the section 47 enquiry.

A record about several children (a contact, a strategy discussion) is counted once; its
age band, ethnicity and locality are those of its first child (the one added first).

How each measure is computed lives in `selectors.py`, keyed by the same `key`.
"""

from __future__ import annotations

from .catalogue_learning import LEARNING_MEASURES
from .definitions import FILTER_LABELS as FILTER_LABELS
from .definitions import FILTERS as FILTERS
from .definitions import UNITS as UNITS
from .definitions import Measure

_CONTACT_FILTERS = ("source", "channel", "locality", "team", "age_band", "ethnicity")
_DECISION_FILTERS = ("source", "channel", "locality", "team", "age_band", "ethnicity")
_REFERRAL_FILTERS = ("source", "channel", "locality", "team", "age_band", "ethnicity")
_CHILD_FILTERS = ("source", "locality", "team", "age_band", "ethnicity")
_MASH_FILTERS = ("source", "channel", "age_band", "ethnicity")

_ALL = (
    # --- the seed review's table first (CADS three-month review, March 2019, section 2) ----
    Measure(
        key="contacts",
        name="Contacts",
        definition=(
            "Contacts recorded (not drafts), counted on the day they were received. A contact "
            "about several children counts once."
        ),
        counts="contacts (status recorded)",
        date_field="Contact.received_at",
        filters=_CONTACT_FILTERS,
        unit="count",
        headline=True,
    ),
    Measure(
        key="contacts_police",
        name="Police contacts",
        definition=(
            "Recorded contacts whose referral source is the police (CIN census code 6), "
            "counted on the day they were received."
        ),
        counts="contacts (status recorded, source 6)",
        date_field="Contact.received_at",
        filters=_CONTACT_FILTERS,
        unit="count",
        headline=True,
    ),
    Measure(
        key="contacts_telephone",
        name="Telephone conversations",
        definition=(
            "Recorded contacts taken by telephone: the professionals' line, the contact "
            "centre and the out of hours service, counted on the day they were received."
        ),
        counts="contacts (status recorded, channel professional line, contact centre or out "
        "of hours)",
        date_field="Contact.received_at",
        filters=_CONTACT_FILTERS,
        unit="count",
        headline=True,
    ),
    Measure(
        key="contacts_email",
        name="Emails",
        definition="Recorded contacts that came by email, counted on the day they were received.",
        counts="contacts (status recorded, channel email)",
        date_field="Contact.received_at",
        filters=_CONTACT_FILTERS,
        unit="count",
        headline=True,
    ),
    Measure(
        key="referrals",
        name="Referrals",
        definition=(
            "Referrals (child in need episodes, as in the CIN census) counted on their "
            "referral date. A later contact that joins an open episode is not a new referral."
        ),
        counts="referrals (CIN episodes)",
        date_field="Referral.referral_date",
        filters=_REFERRAL_FILTERS,
        unit="count",
        headline=True,
    ),
    Measure(
        key="strategy_discussions",
        name="Strategy discussions",
        definition="Strategy discussions held, counted on the day they were held.",
        counts="strategy discussions",
        date_field="StrategyDiscussion.held_at",
        filters=_CHILD_FILTERS,
        unit="count",
        headline=True,
    ),
    Measure(
        key="section_47s",
        name="Section 47 enquiries",
        definition="Section 47 enquiries (one per child), counted on the day they started.",
        counts="section 47 enquiries",
        date_field="Section47.started_on",
        filters=_CHILD_FILTERS,
        unit="count",
        headline=True,
    ),
    Measure(
        key="assessments_started",
        name="Social work assessments started",
        definition="Social work assessments, counted on the day they started.",
        counts="assessments",
        date_field="Assessment.started_on",
        filters=_CHILD_FILTERS,
        unit="count",
        headline=True,
    ),
    Measure(
        key="assessments_completed",
        name="Social work assessments completed",
        definition=(
            "Social work assessments completed, counted on the day a manager authorised them "
            "(the CIN census's assessment authorisation date)."
        ),
        counts="assessments (authorised)",
        date_field="Assessment.authorised_on",
        filters=_CHILD_FILTERS,
        unit="count",
    ),
    Measure(
        key="assessments_nfa_share",
        name="Assessments ending in no further action",
        definition=(
            "Of the assessments completed (authorised) in the period, the percentage whose "
            "outcome was no further action. Denominator: assessments authorised in the period."
        ),
        counts="assessments (authorised)",
        date_field="Assessment.authorised_on",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="worse",
        headline=True,
    ),
    Measure(
        key="assessments_service_share",
        name="Assessments leading to a social work service",
        definition=(
            "Of the assessments completed (authorised) in the period, the percentage that "
            "found the child requires children's social care support. Denominator: "
            "assessments authorised in the period."
        ),
        counts="assessments (authorised)",
        date_field="Assessment.authorised_on",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="better",
    ),
    Measure(
        key="police_contacts_nfa_share",
        name="Police contacts not meeting the criteria",
        definition=(
            "Of the children on police contacts (source 6) decided in the period, the "
            "percentage decided as advice or information only, or universal services: no "
            "social care or early help response. Denominator: settled decisions (final or "
            "authorised) on children of police contacts, counted on the decision date."
        ),
        counts="decisions (settled) on children of police contacts",
        date_field="Decision.decided_at",
        filters=_DECISION_FILTERS,
        unit="percent",
        higher_is="worse",
        headline=True,
    ),
    # --- channel shares and conversion -----------------------------------------------------
    Measure(
        key="contacts_telephone_share",
        name="Share of contacts by telephone",
        definition=(
            "Of the recorded contacts received in the period, the percentage taken by "
            "telephone (professionals' line, contact centre, out of hours). Denominator: "
            "recorded contacts received in the period."
        ),
        counts="contacts (status recorded)",
        date_field="Contact.received_at",
        filters=_CONTACT_FILTERS,
        unit="percent",
        higher_is="better",
    ),
    Measure(
        key="contacts_email_share",
        name="Share of contacts by email",
        definition=(
            "Of the recorded contacts received in the period, the percentage that came by "
            "email. Denominator: recorded contacts received in the period."
        ),
        counts="contacts (status recorded)",
        date_field="Contact.received_at",
        filters=_CONTACT_FILTERS,
        unit="percent",
    ),
    Measure(
        key="contacts_notification_share",
        name="Share of contacts by police notification",
        definition=(
            "Of the recorded contacts received in the period, the percentage that were police "
            "notifications. Denominator: recorded contacts received in the period."
        ),
        counts="contacts (status recorded)",
        date_field="Contact.received_at",
        filters=_CONTACT_FILTERS,
        unit="percent",
    ),
    Measure(
        key="contact_conversion",
        name="Contacts becoming referrals",
        definition=(
            "Of the children decided in the period, the percentage whose decision accepted "
            "them for a social work response (social work assessment, strategy discussion or "
            "immediate protection). Denominator: settled decisions (final or authorised), "
            "counted on the decision date."
        ),
        counts="decisions (settled)",
        date_field="Decision.decided_at",
        filters=_DECISION_FILTERS,
        unit="percent",
    ),
    Measure(
        key="decisions_in_time",
        name="Decisions within 1 working day",
        definition=(
            "Of the settled decisions (final or authorised) made in the period, the "
            "percentage made by the contact's decision due time, 1 working day after it was "
            "received. Denominator: settled decisions made in the period."
        ),
        counts="decisions (settled)",
        date_field="Decision.decided_at",
        filters=_DECISION_FILTERS,
        unit="percent",
        higher_is="better",
        headline=True,
    ),
    # --- referrals -------------------------------------------------------------------------
    Measure(
        key="re_referrals",
        name="Re-referrals within 12 months",
        definition=(
            "Referrals in the period made within 12 months of a previous referral of the "
            "same child (the CIN census rule), counted on their referral date."
        ),
        counts="referrals (re-referral)",
        date_field="Referral.referral_date",
        filters=_REFERRAL_FILTERS,
        unit="count",
        higher_is="worse",
    ),
    Measure(
        key="re_referral_rate",
        name="Re-referral rate",
        definition=(
            "Of the referrals in the period, the percentage made within 12 months of a "
            "previous referral of the same child. Denominator: referrals in the period. "
            "Break it down by locality for the rate by locality."
        ),
        counts="referrals",
        date_field="Referral.referral_date",
        filters=_REFERRAL_FILTERS,
        unit="percent",
        higher_is="worse",
        headline=True,
    ),
    Measure(
        key="referrals_per_10k",
        name="Referrals per 10,000 children",
        definition=(
            "Referrals in the period per 10,000 children in the council's child population "
            "(the FRONTDOOR_CHILD_POPULATION setting). Not annualised: a 12-week window "
            "gives a 12-week rate."
        ),
        counts="referrals",
        date_field="Referral.referral_date",
        filters=_REFERRAL_FILTERS,
        unit="per_10k",
    ),
    Measure(
        key="contacts_per_10k",
        name="Contacts per 10,000 children",
        definition=(
            "Recorded contacts in the period per 10,000 children in the council's child "
            "population (the FRONTDOOR_CHILD_POPULATION setting). Not annualised."
        ),
        counts="contacts (status recorded)",
        date_field="Contact.received_at",
        filters=_CONTACT_FILTERS,
        unit="per_10k",
    ),
    # --- MASH and child protection ---------------------------------------------------------
    Measure(
        key="mash_enquiries",
        name="MASH enquiries",
        definition=(
            "MASH enquiries opened, counted on the day they were opened. Break it down by "
            "RAG rating (the rating as it stands now)."
        ),
        counts="MASH enquiries",
        date_field="MashEnquiry.opened_at",
        filters=_MASH_FILTERS,
        unit="count",
    ),
    Measure(
        key="mash_checks_in_time",
        name="MASH checks answered in time",
        definition=(
            "Of the agency checks falling due in the period, the percentage answered by "
            "their due time (set by the enquiry's RAG rating). Denominator: checks due in the "
            "period, answered or not."
        ),
        counts="agency checks",
        date_field="AgencyCheck.due_at",
        filters=_MASH_FILTERS,
        unit="percent",
        higher_is="better",
    ),
    Measure(
        key="conferences_in_time",
        name="Initial conferences within 15 working days",
        definition=(
            "Of the initial child protection conferences held in the period, the percentage "
            "held by their due date, 15 working days after the strategy discussion that "
            "started the section 47 enquiry. Denominator: initial conferences held in the "
            "period."
        ),
        counts="initial child protection conferences",
        date_field="Conference.held_on",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="better",
    ),
    # --- assessments -----------------------------------------------------------------------
    Measure(
        key="assessments_in_time",
        name="Assessments within 45 working days",
        definition=(
            "Of the assessments completed (authorised) in the period, the percentage "
            "authorised within 45 working days of the referral date (their due date). "
            "Denominator: assessments authorised in the period."
        ),
        counts="assessments (authorised)",
        date_field="Assessment.authorised_on",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="better",
        headline=True,
    ),
    Measure(
        key="children_seen_in_time",
        name="Children seen within the local timescale",
        definition=(
            "Of the referrals whose child-seen date fell due in the period, the percentage "
            "where an assessment records the child seen on or before that date. Denominator: "
            "referrals whose child-seen due date is in the period."
        ),
        counts="referrals",
        date_field="Referral.child_seen_due_on",
        filters=_CHILD_FILTERS,
        unit="percent",
        higher_is="better",
    ),
    # --- workload (as at the last day of the period) ---------------------------------------
    Measure(
        key="unallocated_cases",
        name="Unallocated cases",
        definition=(
            "Referrals open at the end of the period's last day with no worker allocated by "
            "then. A case's age band is the child's on the referral date."
        ),
        counts="referrals (open, no worker)",
        date_field="Referral.referral_date, closed_on and allocated_at (as at the end date)",
        filters=_CHILD_FILTERS,
        unit="count",
        higher_is="worse",
        point_in_time=True,
        headline=True,
    ),
    Measure(
        key="open_cases",
        name="Open cases",
        definition=(
            "Referrals open at the end of the period's last day. Break it down by team for "
            "the caseload per team. A case's age band is the child's on the referral date."
        ),
        counts="referrals (open)",
        date_field="Referral.referral_date and closed_on (as at the end date)",
        filters=_CHILD_FILTERS,
        unit="count",
        point_in_time=True,
    ),
    Measure(
        key="caseload_per_worker",
        name="Caseload per worker",
        definition=(
            "Referrals open at the end of the period's last day and allocated to a worker, "
            "divided by the number of workers holding at least one of them. Denominator: "
            "workers with an open allocated referral. The worker is the one allocated now; a "
            "case's age band is the child's on the referral date."
        ),
        counts="referrals (open, allocated)",
        date_field="Referral.referral_date, closed_on and allocated_at (as at the end date)",
        filters=_CHILD_FILTERS,
        unit="per_worker",
        higher_is="worse",
        point_in_time=True,
        headline=True,
    ),
    # --- early help ------------------------------------------------------------------------
    Measure(
        key="early_help_decisions_per_advisor",
        name="Early help decisions per pathway advisor",
        definition=(
            "Settled decisions of early help made in the period, divided by the number of "
            "active pathway advisors. Denominator: active users with the pathway advisor role "
            "(as now)."
        ),
        counts="decisions (settled, outcome early help)",
        date_field="Decision.decided_at",
        filters=_DECISION_FILTERS,
        unit="per_worker",
        higher_is="worse",
        headline=True,
    ),
    Measure(
        key="early_help_episodes",
        name="Early help episodes opened",
        definition=(
            "Early help episodes opened, counted on the day they opened. Break it down by "
            "worker for each pathway advisor's new episodes."
        ),
        counts="early help episodes",
        date_field="EarlyHelpEpisode.opened_on",
        filters=("locality", "age_band", "ethnicity"),
        unit="count",
    ),
    *LEARNING_MEASURES,
)

MEASURES: dict[str, Measure] = {m.key: m for m in _ALL}
HEADLINE: tuple[str, ...] = tuple(m.key for m in _ALL if m.headline)
LEARNING: tuple[str, ...] = tuple(m.key for m in _ALL if m.group == "Learning")


def measure(key: str) -> Measure:
    """The measure called `key`; KeyError names the known ones when there is none."""
    try:
        return MEASURES[key]
    except KeyError:
        raise KeyError(f"No measure {key!r}; known: {', '.join(MEASURES)}") from None
