"""Casework's signals, for the apps above it (safeguarding) to hook in without casework
knowing them."""

from django.dispatch import Signal

# Sent inside the closing transaction, before a referral is closed, with `referral`,
# `closed_on` and `reason`. A receiver refuses the closure by raising DomainError.
referral_closing = Signal()
