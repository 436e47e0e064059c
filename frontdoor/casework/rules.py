"""Who may do what with referrals, assessments, plans, early help and oversight.

Object permissions take a Referral (or an EarlyHelpEpisode for early help). A team manager
acts for their own team's referrals; a head of service for every team's.
"""

import rules

from frontdoor.accounts.rules import (
    is_front_door_practitioner,
    is_head_of_service,
    is_manager,
    is_pathway_advisor,
    is_performance_analyst,
    is_team_manager,
)


@rules.predicate
def manages_the_team(user, referral) -> bool:  # type: ignore[no-untyped-def]
    if referral is None:
        return True
    return user.team_id is not None and referral.team_id == user.team_id


@rules.predicate
def has_no_team(user, referral) -> bool:  # type: ignore[no-untyped-def]
    return referral is None or referral.team_id is None


@rules.predicate
def is_allocated_worker(user, referral) -> bool:  # type: ignore[no-untyped-def]
    if referral is None:
        return True
    return referral.worker_id == user.pk


@rules.predicate
def leads_the_early_help(user, episode) -> bool:  # type: ignore[no-untyped-def]
    if episode is None:
        return True
    return episode.advisor_id in (None, user.pk)


manages_referral = is_head_of_service | (is_team_manager & manages_the_team)

# Performance analysts read casework to put right what the census checks find.
rules.add_perm("casework.view_casework", is_front_door_practitioner | is_performance_analyst)
rules.add_perm("casework.allocate_referral", manages_referral)
# A team manager sends on their own team's referrals, or places one no team covers.
rules.add_perm(
    "casework.change_referral_team",
    is_head_of_service | (is_team_manager & (manages_the_team | has_no_team)),
)
# The allocated worker only while they are an active practitioner; and, asked without a
# referral, only roles that could be allocated one (not partners, analysts or admins).
rules.add_perm(
    "casework.work_on_referral",
    (is_front_door_practitioner & is_allocated_worker) | manages_referral,
)
rules.add_perm("casework.authorise_assessment", manages_referral)
# Closing a referral or stepping it down is signed off as an assessment is (the service refuses
# the manager who asked for it).
rules.add_perm("casework.authorise_closure", manages_referral)
rules.add_perm(
    "casework.work_on_early_help", (is_pathway_advisor & leads_the_early_help) | is_manager
)
rules.add_perm("casework.view_early_help_queue", is_pathway_advisor | is_manager)
# Asked with a referral: only its own team's manager (or a head of service); the service checks
# the team of early help and of oversight of the child as a whole.
rules.add_perm("casework.record_oversight", manages_referral)
