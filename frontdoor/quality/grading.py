"""Grading against a rubric, shared by decision audits and call monitoring: the four grades
Ofsted uses, each item of a rubric graded with a comment (required when the grade is low),
and the form fields that take them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models

from frontdoor.core.errors import DomainError
from frontdoor.core.forms import radio_field, text_field


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# A grade that says what is wrong must say why.
LOW_GRADES = frozenset({Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE})


@dataclass(frozen=True)
class RubricItem:
    key: str
    label: str  # "Threshold applied": the question's heading
    phrase: str  # "the threshold applied": as it reads inside a sentence


def grade_field(key: str) -> str:
    return f"{key}_grade"


def comment_field(key: str) -> str:
    return f"{key}_comment"


def checked_grades(
    rubric: Sequence[RubricItem], grades: Mapping[str, tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """(key, grade, comment) for every item of `rubric`, in its order, the comment stripped;
    a `DomainError` at the first item without a grade, or low without a comment."""
    checked = []
    for item in rubric:
        grade, comment = grades.get(item.key, ("", ""))
        if grade not in Grade.values:
            raise DomainError(f"Select a grade for {item.phrase}", field=grade_field(item.key))
        comment = (comment or "").strip()
        if grade in LOW_GRADES and not comment:
            verb = "is inadequate" if grade == Grade.INADEQUATE else "requires improvement"
            raise DomainError(f"Enter why {item.phrase} {verb}", field=comment_field(item.key))
        checked.append((item.key, grade, comment))
    return checked


def add_rubric_fields(form: forms.Form, rubric: Sequence[RubricItem]) -> None:
    """A grade (radios) and a comment for each item, named `<key>_grade` and `<key>_comment`."""
    for item in rubric:
        form.fields[grade_field(item.key)] = radio_field(item.label, Grade.choices)
        form.fields[comment_field(item.key)] = text_field(
            f"Comment on {item.phrase}",
            help_text="Required when the grade is requires improvement or inadequate",
        )


def posted_grades(
    data: Mapping[str, Any], rubric: Sequence[RubricItem]
) -> dict[str, tuple[str, str]]:
    """The rubric's answers out of a form's cleaned data, for a service."""
    return {
        item.key: (data.get(grade_field(item.key)) or "", data.get(comment_field(item.key)) or "")
        for item in rubric
    }


def rubric_rows(form: forms.Form, rubric: Sequence[RubricItem]) -> list[tuple[Any, Any]]:
    """(grade field, comment field) bound pairs, for a template to lay out item by item."""
    return [(form[grade_field(item.key)], form[comment_field(item.key)]) for item in rubric]
