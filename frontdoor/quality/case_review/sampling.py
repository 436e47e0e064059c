"""Which of a week's decisions the case review meeting looks at, and why.

The rules live in settings (`FRONTDOOR_CASE_REVIEW_RULES`, `FRONTDOOR_CASE_REVIEW_RANDOM_SHARE`)
rather than in an admin-edited table: they are the council's quality policy, changed rarely
and on purpose, through review and deployment; and each meeting keeps the rules its sample
was drawn by (`CaseReviewMeeting.rules`), so a change never rewrites an earlier week's agenda.
Every rule is a key of `RULES`; settings may turn one off or change its number.

The week reviewed is Monday to Sunday (Europe/London) before the meeting's week. A decision
returned by a manager is being made again, so is not sampled; drafts have no decisions.
"""

from __future__ import annotations

import math
import random
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from frontdoor.casework.models import Referral
from frontdoor.contacts.models import (
    NO_FURTHER_ACTION_OUTCOMES,
    Contact,
    ContactChild,
    Decision,
    Outcome,
)
from frontdoor.contacts.selectors import decisions_where_level_and_outcome_disagree
from frontdoor.core.codes import ReferralSource
from frontdoor.quality.locality.selectors import sampled_by_feedback

# The rules, in agenda order, each with its settings by default. Numbers: `months` back from
# the decision, `count` of contacts.
DEFAULT_RULES: dict[str, dict[str, Any]] = {
    "strategy_discussion": {"enabled": True},
    "nfa_after_referral": {"enabled": True, "months": 12},
    "police_nfa": {"enabled": True},
    "repeat_contacts": {"enabled": True, "count": 3, "months": 12},
    "level_outcome_disagree": {"enabled": True},
    "locality_feedback": {"enabled": True},
}
RULE_LABELS = {
    "strategy_discussion": "Every strategy discussion and immediate protection",
    "nfa_after_referral": "No further action on a child referred in the months before",
    "police_nfa": "A police contact that did not meet the threshold",
    "repeat_contacts": "A child with several contacts in the months to the decision",
    "level_outcome_disagree": "The outcome does not follow the level of need",
    "locality_feedback": "The locality team said the referral should not have come to them, "
    "or came too late",
}
DEFAULT_RANDOM_SHARE = 0.10


def rules_in_force() -> dict[str, Any]:
    """The rules from settings over the defaults, and the random share: what a meeting keeps."""
    configured = getattr(settings, "FRONTDOOR_CASE_REVIEW_RULES", {})
    rules = {key: {**default, **configured.get(key, {})} for key, default in DEFAULT_RULES.items()}
    share = float(getattr(settings, "FRONTDOOR_CASE_REVIEW_RANDOM_SHARE", DEFAULT_RANDOM_SHARE))
    return {"rules": rules, "random_share": share}


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (that month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Sampled:
    decision: Decision
    reasons: list[str] = field(default_factory=list)
    first_rule: int = 0  # the index of the first rule that chose it, for agenda order


def _reviewed_week(week_starting: date) -> tuple[datetime, datetime]:
    start = week_starting - timedelta(days=7)
    return _midnight(start), _midnight(week_starting)


def week_decisions(week_starting: date) -> list[Decision]:
    since, before = _reviewed_week(week_starting)
    return list(
        Decision.objects.filter(
            decided_at__gte=since,
            decided_at__lt=before,
            contact_child__contact__status=Contact.Status.RECORDED,
        )
        .exclude(status=Decision.Status.RETURNED)
        .select_related("contact_child__contact", "contact_child__person")
        .order_by("decided_at", "pk")
    )


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _referred_before(decisions: list[Decision], months: int) -> set[int]:
    """The decisions whose child had a referral dated in the `months` up to the decision."""
    people = {d.contact_child.person_id for d in decisions}
    referrals: dict[int, list[date]] = {}
    for person_id, day in Referral.objects.filter(person_id__in=people).values_list(
        "person_id", "referral_date"
    ):
        referrals.setdefault(person_id, []).append(day)
    found = set()
    for decision in decisions:
        day = _local_day(decision.decided_at)
        since = months_before(day, months)
        if any(since <= r <= day for r in referrals.get(decision.contact_child.person_id, [])):
            found.add(decision.pk)
    return found


def _many_contacts(decisions: list[Decision], count: int, months: int) -> set[int]:
    """The decisions whose child had `count` or more contacts (this one included) received in
    the `months` to the decision."""
    people = {d.contact_child.person_id for d in decisions}
    received: dict[int, list[tuple[int, datetime]]] = {}
    links = ContactChild.objects.filter(
        person_id__in=people, contact__status=Contact.Status.RECORDED
    ).values_list("person_id", "contact_id", "contact__received_at")
    for person_id, contact_id, at in links:
        received.setdefault(person_id, []).append((contact_id, at))
    found = set()
    for decision in decisions:
        since = _midnight(months_before(_local_day(decision.decided_at), months))
        contacts = {
            contact_id
            for contact_id, at in received.get(decision.contact_child.person_id, [])
            if since <= at <= decision.decided_at
        }
        if len(contacts) >= count:
            found.add(decision.pk)
    return found


def _nfa(decision: Decision) -> bool:
    return decision.outcome in NO_FURTHER_ACTION_OUTCOMES


def draw_sample(week_starting: date, rules: dict[str, Any] | None = None) -> list[Sampled]:
    """The decisions of the week before `week_starting` the meeting reviews, in agenda order,
    each with the words of every rule that chose it. The random share of the rest is drawn with
    a seed from the week, so drawing again gives the same sample."""
    config = rules or rules_in_force()
    on = {key: rule for key, rule in config["rules"].items() if rule.get("enabled")}
    decisions = week_decisions(week_starting)
    picked: dict[int, Sampled] = {}
    order = list(DEFAULT_RULES)

    def pick(decision: Decision, key: str, words: str) -> None:
        sampled = picked.setdefault(decision.pk, Sampled(decision, first_rule=order.index(key)))
        sampled.reasons.append(words)

    if "strategy_discussion" in on:
        for d in decisions:
            if d.outcome == Outcome.STRATEGY_DISCUSSION:
                pick(d, "strategy_discussion", "Strategy discussion")
            elif d.outcome == Outcome.IMMEDIATE_PROTECTION:
                pick(d, "strategy_discussion", "Immediate protection")
    if rule := on.get("nfa_after_referral"):
        months = int(rule["months"])
        referred = _referred_before([d for d in decisions if _nfa(d)], months)
        for d in decisions:
            if d.pk in referred:
                pick(d, "nfa_after_referral", after_referral_words(months))
    if "police_nfa" in on:
        for d in decisions:
            if _nfa(d) and d.contact_child.contact.referral_source == ReferralSource.POLICE:
                pick(d, "police_nfa", "Police contact that did not meet the threshold")
    if rule := on.get("repeat_contacts"):
        count, months = int(rule["count"]), int(rule["months"])
        many = _many_contacts(decisions, count, months)
        for d in decisions:
            if d.pk in many:
                pick(d, "repeat_contacts", f"{count} or more contacts in {months} months")
    if "level_outcome_disagree" in on:
        ids = {d.pk for d in decisions}
        disagree = set(
            decisions_where_level_and_outcome_disagree(
                Decision.objects.filter(pk__in=ids)
            ).values_list("pk", flat=True)
        )
        for d in decisions:
            if d.pk in disagree:
                pick(d, "level_outcome_disagree", "Outcome does not follow the level of need")
    if "locality_feedback" in on:
        _pick_locality_feedback(week_starting, decisions, pick)
    rest = [d for d in decisions if d.pk not in picked]
    share = float(config["random_share"])
    wanted = min(len(rest), math.ceil(share * len(rest))) if share > 0 else 0
    chosen = random.Random(f"case-review-{week_starting.isoformat()}").sample(rest, wanted)
    sampled = sorted(picked.values(), key=lambda s: (s.first_rule, s.decision.decided_at))
    for d in sorted(chosen, key=lambda d: (d.decided_at, d.pk)):
        sampled.append(Sampled(d, ["Chosen at random from the rest of the week"], len(order)))
    return sampled


def after_referral_words(months: int) -> str:
    return f"No further action after a referral in the last {months} months"


LOCALITY_WORDS = {
    "not_for_us": "Locality said it should not have come to them",
    "too_late": "Locality said it came too late",
}


def _pick_locality_feedback(week_starting: date, decisions: list[Decision], pick: Any) -> None:
    """The rule "locality_feedback": the decision that opened a referral whose locality team,
    during the week reviewed, said it should not have come to them or came too late (and had
    not withdrawn it by the week's end). It is the week the feedback was given that counts,
    not the week of the decision: a team says so only once it has worked the referral, by
    when the decision's own week has long been reviewed. So the decision may be from an
    earlier week; it is sampled with the words of each kind given."""
    since, before = _reviewed_week(week_starting)
    found = sampled_by_feedback(since, before)
    if not found:
        return
    in_week = {d.pk: d for d in decisions}
    wanted = {pk for pk, _ in found} - set(in_week)
    earlier = {
        d.pk: d
        for d in Decision.objects.filter(
            pk__in=wanted, contact_child__contact__status=Contact.Status.RECORDED
        )
        .exclude(status=Decision.Status.RETURNED)
        .select_related("contact_child__contact", "contact_child__person")
    }
    for pk, kind in found:
        decision = in_week.get(pk) or earlier.get(pk)
        if decision is not None:
            pick(decision, "locality_feedback", LOCALITY_WORDS[kind])
