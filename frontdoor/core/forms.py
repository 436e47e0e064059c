"""Form pieces in the GOV.UK Design System's patterns, shared by every app."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .parsing import is_number, make_date


class GovukDateInput(forms.MultiWidget):
    """Day, month and year in three boxes (the GOV.UK date input pattern)."""

    parts: tuple[str, ...] = ("day", "month", "year")
    with_time = False

    def __init__(self) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in self.parts
        }
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.day, local.month, local.year, f"{local:%H:%M}"]
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None] * len(self.parts)


class DateBoxesOrIso(GovukDateInput):
    """Day, month and year boxes on the page, read back as year-month-day text for a
    `forms.DateField`. A link may give the date as year-month-day under the field's own name
    instead (`?start=2026-03-18`), so that shared links stay short."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        day, month, year = (str(data.get(f"{name}_{part}", "")).strip() for part in self.parts)
        if day or month or year:
            return f"{year}-{month}-{day}"
        return data.get(name)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:  # as typed, to show again beside its error
                typed = re.fullmatch(r"([^-]*)-([^-]*)-([^-]*)", value.strip())
                return [typed[3], typed[2], typed[1]] if typed else [value, None, None]
        return super().decompress(value)


class GovukDateTimeInput(GovukDateInput):
    parts = ("day", "month", "year", "time")
    with_time = True


def _parse_date(label: str, day: str, month: str, year: str) -> date:
    missing = [name for name, v in (("day", day), ("month", month), ("year", year)) if not v]
    if missing:
        raise ValidationError(f"{label} must include a {' and '.join(missing)}")
    if not is_number(year, 4) or len(year) != 4 or int(year) < 1900:
        raise ValidationError(f"{label} year must include 4 numbers")
    made = make_date(year, month, day)
    if made is None:
        raise ValidationError(f"{label} must be a real date")
    return made


def _parse_time(label: str, text: str) -> time:
    text = text.strip().replace(".", ":")
    for fmt in ("%H:%M", "%H%M"):
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValidationError(f"{label} time must be a real time, like 14:30")


class GovukDateField(forms.MultiValueField):
    widget = GovukDateInput

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        fields = [forms.CharField(required=False) for _ in self.widget.parts]
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, label=label, **kwargs)
        self.error_messages["required"] = f"Enter {label[0].lower() + label[1:]}"
        self.error_messages["incomplete"] = self.error_messages["required"]

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list[:3])
        return _parse_date(str(self.label), day, month, year)


class GovukDateTimeField(GovukDateField):
    widget = GovukDateTimeInput

    def compress(self, data_list: list[str]) -> datetime | None:  # type: ignore[override]
        if not data_list or not any(data_list):
            return None
        day = super().compress(data_list)
        clock = str(data_list[3] or "").strip()
        if not clock:
            raise ValidationError(f"{self.label} must include a time")
        assert day is not None
        return timezone.make_aware(datetime.combine(day, _parse_time(str(self.label), clock)))


class GovukForm(forms.Form):
    """A form whose errors also go in the error summary; renders with {% govuk_field %}."""

    def add_domain_error(self, field: str | None, message: str) -> None:
        self.add_error(field if field in self.fields else None, message)


class VersionedForm(GovukForm):
    """A form about a record that others may change at the same time."""

    version = forms.IntegerField(widget=forms.HiddenInput)


BLANK = [("", "Select")]
YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value: bool | None) -> str:
    """A stored yes/no answer as the radio value that shows it."""
    return "" if value is None else ("yes" if value else "no")


def yes_no_answer(value: str | None) -> bool | None:
    """The radio value back as the stored answer (None when neither was chosen)."""
    return {"yes": True, "no": False}.get(value or "")


def text_field(label: str, **kwargs: Any) -> forms.CharField:
    """Optional free text in a textarea: the service says when it is required."""
    return forms.CharField(label=label, required=False, widget=forms.Textarea, **kwargs)


def line_field(label: str, **kwargs: Any) -> forms.CharField:
    """Optional text on one line."""
    return forms.CharField(label=label, required=False, **kwargs)


def radio_field(label: str, choices: Any, **kwargs: Any) -> forms.ChoiceField:
    """Optional radios: the service says when a choice is required."""
    return forms.ChoiceField(
        label=label, choices=choices, required=False, widget=forms.RadioSelect, **kwargs
    )
