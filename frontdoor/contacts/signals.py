"""Signals for apps downstream of the front door (apps depend downward, so contacts cannot
call casework: casework listens instead)."""

from django.dispatch import Signal

# Sent inside the service's transaction when a decision becomes settled (decided and, where
# it needed one, authorised), with `decision` and `actor`. A receiver that raises rolls the
# decision back too, so a settled decision never lacks what follows from it.
decision_settled = Signal()

# Sent inside contact_feedback_sent's transaction when the feedback to the referrer is
# recorded as sent, with `contact` and `actor` (the quality app invites the referrer to its
# survey). A receiver that raises rolls the recording back too.
feedback_recorded = Signal()
