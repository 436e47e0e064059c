"""The referrer's survey form, made from the questions asked, and the results' period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from frontdoor.core.forms import DateBoxesOrIso, GovukForm, text_field

from .models import SurveyQuestion

SCALE = [
    ("5", "5: very good"),
    ("4", "4: good"),
    ("3", "3: neither good nor poor"),
    ("2", "2: poor"),
    ("1", "1: very poor"),
]
YES_NO = [("1", "Yes"), ("0", "No")]


class SurveyForm(GovukForm):
    comment = text_field(
        "Is there anything else you would like to tell us?",
        help_text="Do not include the names or details of any child or family",
        max_length=2000,
    )

    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        asked = {}
        for question in questions:
            name = f"question_{question.pk}"
            scale = question.kind == SurveyQuestion.Kind.SCALE
            field = forms.ChoiceField(
                label=question.text,
                choices=SCALE if scale else YES_NO,
                required=question.required,
                widget=forms.RadioSelect,
            )
            field.error_messages["required"] = f"Select an answer to “{question.text}”"
            field.error_messages["invalid_choice"] = (
                f"Select one of the answers to “{question.text}”"
            )
            asked[name] = field
        # the questions first, the comment last
        self.fields = {**asked, "comment": self.fields["comment"]}  # type: ignore[assignment]

    def answers(self) -> dict[int, int | None]:
        return {
            question.pk: int(value)
            if (value := self.cleaned_data.get(f"question_{question.pk}")) not in (None, "")
            else None
            for question in self.questions
        }


class PeriodForm(GovukForm):
    start = forms.DateField(
        label="From",
        widget=DateBoxesOrIso,
        input_formats=["%Y-%m-%d"],
        help_text="For example, 1 12 2026",
    )
    end = forms.DateField(
        label="To",
        widget=DateBoxesOrIso,
        input_formats=["%Y-%m-%d"],
        help_text="For example, 31 12 2026",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, words in (("start", "the first day"), ("end", "the last day")):
            self.fields[name].error_messages["required"] = f"Enter {words}"
            self.fields[name].error_messages["invalid"] = (
                f"{words.capitalize()} must be a real date, like 1 12 2026"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error("end", "The last day must be the same as or after the first day")
            elif (end - start).days > 3 * 366:
                self.add_error("end", "Choose a period of 3 years or less")
        return data
