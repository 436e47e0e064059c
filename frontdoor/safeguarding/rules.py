"""Who may do what in safeguarding.

A MASH partner answers only the checks addressed to their own agency and sees nothing else
about the child. Council staff at the front door work the enquiries; managers record
strategy discussions (they chair them); the referral's worker and managers carry the
section 47 enquiry, conference and plan.
"""

import rules

from frontdoor.accounts.rules import (
    is_csw,
    is_front_door_practitioner,
    is_head_of_service,
    is_locality_social_worker,
    is_manager,
    is_mash_partner,
    is_performance_analyst,
)


@rules.predicate
def check_is_for_their_agency(user, check) -> bool:  # type: ignore[no-untyped-def]
    if check is None:
        return False  # only a check of their own agency, never checks in general
    return bool(user.agency) and check.partner_agency == user.agency


@rules.predicate
def holds_the_referral(user, record) -> bool:  # type: ignore[no-untyped-def]
    """The worker allocated the referral the section 47 (or plan) belongs to, or its team."""
    if record is None:
        return True
    referral = record.referral
    return referral.worker_id == user.pk or (
        user.team_id is not None and referral.team_id == user.team_id
    )


mash_staff = is_csw | is_manager
rules.add_perm("safeguarding.view_mash", mash_staff)
rules.add_perm("safeguarding.work_on_mash", mash_staff)
rules.add_perm(
    "safeguarding.answer_check", (is_mash_partner & check_is_for_their_agency) | mash_staff
)
rules.add_perm("safeguarding.view_partner_checks", is_mash_partner)
rules.add_perm("safeguarding.record_strategy", is_csw | is_manager | is_locality_social_worker)
rules.add_perm(
    "safeguarding.work_on_section47",
    is_head_of_service | ((is_manager | is_locality_social_worker | is_csw) & holds_the_referral),
)
# Performance analysts read it to put right what the census checks find.
rules.add_perm(
    "safeguarding.view_safeguarding", is_front_door_practitioner | is_performance_analyst
)
