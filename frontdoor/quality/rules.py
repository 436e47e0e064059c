"""Who may do what in the quality loop."""

import rules

from frontdoor.accounts.models import Team
from frontdoor.accounts.rules import (
    is_csw,
    is_front_door_practitioner,
    is_locality_social_worker,
    is_manager,
    is_performance_analyst,
    is_team_manager,
)

# The weekly case review (issue 15.1): managers run it and record findings; any front-door
# practitioner reads its minutes; an action's owner sees it in their tray and marks it done.
rules.add_perm("quality.run_case_review", is_manager)
rules.add_perm("quality.view_case_review", is_front_door_practitioner)
# Decision audits (issue 15.2): managers and social workers audit and moderate; the services
# refuse anyone's own work. Everyone whose work may be audited reads their own audits,
# learning actions and call feedback.
rules.add_perm("quality.audit_work", is_manager | is_csw | is_locality_social_worker)
rules.add_perm("quality.moderate_audit", is_manager | is_csw | is_locality_social_worker)
rules.add_perm("quality.view_own_quality", is_front_door_practitioner)
# Call monitoring (issue 15.3): a manager listens in and gives feedback.
rules.add_perm("quality.monitor_calls", is_manager)
# The partner feedback survey's results: partners' views, no child's data.
rules.add_perm("quality.view_survey_results", is_manager | is_performance_analyst)
# The quality page: anyone who opens a part of it.
rules.add_perm("quality.view_quality", is_front_door_practitioner | is_performance_analyst)


# Locality feedback (issue 15.5): a locality team's social workers and manager say of a
# referral they hold that it should not have come to them, or came too late; the service
# refuses a referral another team holds.
@rules.predicate
def in_locality_team(user) -> bool:  # type: ignore[no-untyped-def]
    team = getattr(user, "team", None)
    return bool(team is not None and team.kind == Team.Kind.LOCALITY)


rules.add_perm(
    "quality.give_locality_feedback",
    (is_locality_social_worker | is_team_manager) & in_locality_team,
)
# Professional disagreements (issue 15.7): any front-door practitioner raises one with a
# decision (theirs or a partner's) and reads it (through the access model); managers see the
# open ones and answer a stage (the services say whose stage it is, never one's own decision).
rules.add_perm("quality.raise_disagreement", is_front_door_practitioner)
rules.add_perm("quality.view_disagreement", is_front_door_practitioner)
rules.add_perm("quality.view_disagreements", is_manager)
rules.add_perm("quality.answer_disagreement", is_manager)
