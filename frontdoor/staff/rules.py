"""Who may administer staff: system administrators; who recertifies a team: its manager, or
a head of service for a team without one."""

import rules

from frontdoor.accounts.models import Role
from frontdoor.accounts.rules import is_head_of_service, is_system_administrator, is_team_manager


@rules.predicate
def manages_the_team(user, team) -> bool:  # type: ignore[no-untyped-def]
    return team is None or (user.team_id is not None and user.team_id == team.pk)


@rules.predicate
def team_has_no_manager(user, team) -> bool:  # type: ignore[no-untyped-def]
    if team is None:
        return True
    return not team.user_set.filter(role=Role.TEAM_MANAGER, is_active=True).exists()


rules.add_perm("staff.manage_users", is_system_administrator)
rules.add_perm(
    "staff.recertify_team",
    (is_team_manager & manages_the_team) | (is_head_of_service & team_has_no_manager),
)
