"""The insights pages' GET forms: every choice lives in the URL, so a view can be shared.

Dates are typed as YYYY-MM-DD in one box (the form is the URL's own format, so what is shared
is what is shown); anything that is not a real date, or a window that ends before it starts,
is an error at the field, never a server error.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django import forms

from frontdoor.core.forms import DateBoxesOrIso, GovukForm
from frontdoor.core.parsing import EARLIEST, LATEST, in_range

from .catalogue import FILTER_LABELS, FILTERS

MAX_WINDOW_DAYS = 3 * 366
DATE_HINT = "For example, 18 3 2026"


class IsoDateField(forms.DateField):
    """A date in day, month and year boxes (or year-month-day in a shared link), with GOV.UK
    wording for the errors."""

    widget = DateBoxesOrIso

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(label=label, input_formats=["%Y-%m-%d"], **kwargs)
        name = label[0].lower() + label[1:]
        self.error_messages["required"] = f"Enter the {name}"
        self.error_messages["invalid"] = f"The {name} must be a real date, like 18 3 2026"
        self.name = name

    def to_python(self, value: Any) -> Any:
        day = super().to_python(value)
        if day is not None and not in_range(day):
            raise forms.ValidationError(
                f"The {self.name} must be between {EARLIEST:%-d %B %Y} and {LATEST:%-d %B %Y}"
            )
        return day


def last_complete_weeks(today: date, weeks: int = 12) -> tuple[date, date]:
    """The `weeks` whole weeks (Monday to Sunday) that ended before today."""
    end = today - timedelta(days=today.weekday() + 1)
    return end - timedelta(days=7 * weeks - 1), end


def bound_data(query: Mapping[str, str], defaults: Mapping[str, object]) -> dict[str, object]:
    """The query string over the defaults: an empty form shows the defaults as if chosen."""
    data: dict[str, object] = dict(defaults)
    data.update(query.items())
    return data


class FilterFields(GovukForm):
    """Source, channel, locality, team, age band, ethnicity: each "All" unless chosen."""

    def __init__(self, *args: Any, choices: Mapping[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, label in FILTER_LABELS.items():
            if name not in choices:
                continue
            self.fields[name] = forms.ChoiceField(
                label=label, required=False, choices=[("", "All"), *choices[name]]
            )
            self.fields[name].error_messages["invalid_choice"] = (
                f"Choose {label[0].lower() + label[1:]} from the list"
            )

    def filter_values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in FILTERS if name in self.fields}

    def filter_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in FILTERS if name in self.fields]


class WindowForm(FilterFields):
    """A window of dates (the dashboard and the staffing page)."""

    start = IsoDateField(label="Start date")
    end = IsoDateField(label="End date")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date must be the same as or after the start date")
            elif (end - start).days > MAX_WINDOW_DAYS:
                self.add_error("end", "The window must be 3 years or shorter")
        return data


class DashboardForm(WindowForm):
    def __init__(self, *args: Any, measures: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["measure"] = forms.ChoiceField(
            label="Measure for the trend and breakdowns", choices=measures
        )
        self.fields["measure"].error_messages["invalid_choice"] = "Choose a measure from the list"
        self.fields["measure"].error_messages["required"] = "Choose a measure"


class ReviewForm(FilterFields):
    change_date = IsoDateField(
        label="Date of the change",
        help_text="The first day of the new way of working (go-live). " + DATE_HINT,
    )
    weeks = forms.IntegerField(
        label="Weeks before and after",
        min_value=1,
        max_value=52,
        error_messages={
            "required": "Enter the number of weeks",
            "invalid": "The number of weeks must be a whole number, like 12",
            "min_value": "The number of weeks must be 1 or more",
            "max_value": "The number of weeks must be 52 or fewer",
        },
    )


class StaffingForm(WindowForm):
    wait_seconds = forms.IntegerField(
        label="Target wait in seconds",
        min_value=1,
        max_value=600,
        error_messages={
            "required": "Enter the target wait in seconds",
            "invalid": "The target wait must be a whole number of seconds, like 20",
            "min_value": "The target wait must be 1 second or more",
            "max_value": "The target wait must be 600 seconds or fewer",
        },
    )
    target_percent = forms.IntegerField(
        label="Calls to answer within the wait (%)",
        min_value=50,
        max_value=99,
        error_messages={
            "required": "Enter the percentage of calls to answer within the wait",
            "invalid": "The percentage must be a whole number, like 90",
            "min_value": "The percentage must be 50 or more",
            "max_value": "The percentage must be 99 or less",
        },
    )
    close_hour = forms.TypedChoiceField(
        label="Closing time to test",
        coerce=int,
        choices=[(h, f"{h}:00") for h in range(12, 24)],
        error_messages={"invalid_choice": "Choose a closing time from the list"},
    )


def clean_value(form: forms.Form, name: str) -> Any:
    """A field's cleaned value, or None when it had an error."""
    try:
        return form.cleaned_data[name]
    except (AttributeError, KeyError):
        return None
