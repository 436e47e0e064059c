"""Who may do what in the quality loop."""

import rules

from frontdoor.accounts.rules import is_manager, is_performance_analyst

# The partner feedback survey's results: partners' views, no child's data.
rules.add_perm("quality.view_survey_results", is_manager | is_performance_analyst)
