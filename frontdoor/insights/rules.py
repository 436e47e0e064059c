"""Who may see the dashboard, the service review and the staffing page.

They show counts and rates only, never a named child: managers run the service on them,
performance analysts build them, system administrators support them.
"""

import rules

from frontdoor.accounts.rules import (
    is_head_of_service,
    is_performance_analyst,
    is_system_administrator,
    is_team_manager,
)

can_view_insights = (
    is_team_manager | is_head_of_service | is_performance_analyst | is_system_administrator
)
rules.add_perm("insights.view_dashboard", can_view_insights)
