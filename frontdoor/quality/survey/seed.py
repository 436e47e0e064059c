"""The survey's first questions, for the council to change in the admin. The migration that
makes the survey's tables adds them (kept here so a regenerated migration can call it)."""

from __future__ import annotations

from typing import Any

QUESTIONS = [
    ("How easy was it to get through to us?", "scale"),
    ("How good was the conversation with the social worker?", "scale"),
    ("Was the outcome of your contact explained to you?", "yes_no"),
    ("Would you call us again about a child you are worried about?", "yes_no"),
]


def add_questions(apps: Any, schema_editor: Any) -> None:
    question = apps.get_model("quality", "SurveyQuestion")
    for order, (text, kind) in enumerate(QUESTIONS, start=1):
        question.objects.get_or_create(text=text, defaults={"kind": kind, "order": order})
