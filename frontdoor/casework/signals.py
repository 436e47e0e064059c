"""Casework's signals, for the apps above it (safeguarding) to hook in without casework
knowing them."""

from django.dispatch import Signal

# Sent whenever a closure is checked (when the worker asks for it, and again inside the
# transaction that closes it on a manager's authorisation), with `referral`, `closed_on` and
# `reason`. A receiver refuses the closure by raising DomainError; it writes nothing.
referral_closing = Signal()
