"""Who may do what in the quality loop."""

import rules

from frontdoor.accounts.rules import is_front_door_practitioner, is_manager

# The weekly case review: managers run it and record findings; any front-door practitioner
# reads its minutes; an action's owner sees it in their tray and marks it done.
rules.add_perm("quality.run_case_review", is_manager)
rules.add_perm("quality.view_case_review", is_front_door_practitioner)
