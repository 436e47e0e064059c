import rules

from frontdoor.accounts.rules import (
    is_business_support,
    is_front_door_practitioner,
    is_head_of_service,
    is_manager,
    is_performance_analyst,
)

# Performance analysts read children's records and correct what the statutory returns need
# (identifiers, characteristics), where the census checks send them; every view is audited.

rules.add_perm("people.view_person", is_front_door_practitioner | is_performance_analyst)
rules.add_perm("people.add_person", is_front_door_practitioner)
rules.add_perm("people.change_person", is_front_door_practitioner | is_performance_analyst)
rules.add_perm("people.add_significantevent", is_front_door_practitioner)
rules.add_perm("people.review_duplicates", is_business_support | is_manager)
# The access model's own pages (people/access.py decides who reads which child).
rules.add_perm("people.view_break_glass_report", is_manager)
rules.add_perm("people.restrict_person", is_head_of_service)
