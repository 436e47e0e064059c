import rules

from frontdoor.accounts.rules import is_front_door_practitioner

rules.add_perm("people.view_person", is_front_door_practitioner)
rules.add_perm("people.add_person", is_front_door_practitioner)
