"""Who may run the statutory returns. (Not `rules.py`: `rules/` holds the census rules.)

The returns page lists named children with their faults, so it is for the people who make the
returns (performance analysts) and the head of service who signs them off. Not for system
administrators: they run the service, and need-to-know keeps children's records from them.
"""

import rules

from frontdoor.accounts.rules import is_head_of_service, is_performance_analyst

can_view_returns = is_performance_analyst | is_head_of_service
rules.add_perm("returns.view_returns", can_view_returns)
