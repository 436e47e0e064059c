"""The manager's form on a closure asked for: authorise, or return with a comment."""

from __future__ import annotations

from frontdoor.core.forms import VersionedForm, text_field


class ClosureDecisionForm(VersionedForm):
    comment = text_field(
        "Comment",
        help_text="Required when you return it: say why the episode stays open and what to do",
    )
