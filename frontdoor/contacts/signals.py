"""Signals for apps downstream of the front door (apps depend downward, so contacts cannot
call casework: casework listens instead)."""

from django.dispatch import Signal

# Sent inside the service's transaction when a decision becomes settled (decided and, where
# it needed one, authorised), with `decision` and `actor`. A receiver that raises rolls the
# decision back too, so a settled decision never lacks what follows from it.
decision_settled = Signal()
