"""GOV.UK date and date-time inputs, and the error summary that links to the first box."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django import forms

from frontdoor.accounts.tests.factories import london
from frontdoor.core.forms import GovukDateField, GovukDateTimeField, GovukForm
from frontdoor.core.templatetags.govuk import govuk_error_summary


class DateForm(GovukForm):
    name = forms.CharField(label="Name", required=False)
    born = GovukDateField(label="Date of birth")
    seen = GovukDateTimeField(label="Received", required=False)
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, required=False
    )


def bound(**data: str) -> DateForm:
    form = DateForm(data)
    form.is_valid()
    return form


def test_three_boxes_make_a_date() -> None:
    form = bound(born_day="27", born_month="3", born_year="2015")
    assert form.errors == {}
    assert form.cleaned_data["born"] == date(2015, 3, 27)
    assert form.cleaned_data["seen"] is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter date of birth"),
        ("", "3", "2015", "Date of birth must include a day"),
        ("", "", "2015", "Date of birth must include a day and month"),
        ("27", "3", "15", "Date of birth year must include 4 numbers"),
        ("27", "3", "1850", "Date of birth year must include 4 numbers"),
        ("31", "2", "2015", "Date of birth must be a real date"),
        ("27", "13", "2015", "Date of birth must be a real date"),
        ("x", "3", "2015", "Date of birth must be a real date"),
    ],
)
def test_date_problems_are_named_for_the_field(
    day: str, month: str, year: str, message: str
) -> None:
    form = bound(born_day=day, born_month=month, born_year=year)
    assert form.errors["born"] == [message]


def test_typed_boxes_are_kept_when_the_date_is_wrong() -> None:
    form = bound(born_day="31", born_month="2", born_year="2015")
    assert form["born"].value() == ["31", "2", "2015"]


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("14:30", london(2026, 11, 6, 14, 30)),
        ("14.30", london(2026, 11, 6, 14, 30)),
        ("1430", london(2026, 11, 6, 14, 30)),
        (" 09:05 ", london(2026, 11, 6, 9, 5)),
    ],
)
def test_date_and_time_make_a_london_datetime(clock: str, expected: datetime) -> None:
    form = bound(
        born_day="1", born_month="1", born_year="2015",
        seen_day="6", seen_month="11", seen_year="2026", seen_time=clock,
    )  # fmt: skip
    assert form.errors == {}
    assert form.cleaned_data["seen"] == expected


def test_summer_time_is_applied() -> None:
    form = bound(
        born_day="1", born_month="1", born_year="2015",
        seen_day="1", seen_month="7", seen_year="2026", seen_time="14:00",
    )  # fmt: skip
    assert form.cleaned_data["seen"] == datetime(2026, 7, 1, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("clock", "message"),
    [
        ("", "Received must include a time"),
        ("25:00", "Received time must be a real time, like 14:30"),
    ],
)
def test_time_problems(clock: str, message: str) -> None:
    form = bound(
        born_day="1", born_month="1", born_year="2015",
        seen_day="6", seen_month="11", seen_year="2026", seen_time=clock,
    )  # fmt: skip
    assert form.errors == {"seen": [message]}


def test_add_domain_error_puts_unknown_fields_in_the_summary_only() -> None:
    form = bound(born_day="1", born_month="1", born_year="2015")
    form.add_domain_error("name", "Enter a name")
    form.add_domain_error("children", "Add at least one child this contact is about")
    assert form.errors["name"] == ["Enter a name"]
    assert form.non_field_errors() == ["Add at least one child this contact is about"]


def test_error_summary_links_to_the_first_box_of_each_field() -> None:
    form = bound(born_day="", born_month="3", born_year="2015")
    form.add_error("kind", "Select a kind")
    form.add_error("name", "Enter a name")
    form.add_error(None, "Somebody else changed this record")
    items = govuk_error_summary(form)["items"]
    assert items == [
        {"href": "", "message": "Somebody else changed this record"},
        {"href": "#id_born_day", "message": "Date of birth must include a day"},
        {"href": "#id_kind_0", "message": "Select a kind"},
        {"href": "#id_name", "message": "Enter a name"},
    ]


def test_error_summary_ignores_unbound_forms() -> None:
    assert govuk_error_summary(DateForm())["items"] == []


def test_date_widget_shows_saved_values_in_london_time() -> None:
    form = DateForm(initial={"seen": datetime(2026, 7, 1, 13, 0, tzinfo=UTC)})
    assert form.fields["seen"].widget.decompress(form["seen"].value()) == [1, 7, 2026, "14:00"]


def test_error_summary_lists_problems_outside_any_form_first_and_skips_empty_ones() -> None:
    form = bound(born_day="", born_month="3", born_year="2015")
    items = govuk_error_summary(form, children="Add at least one child", other="")["items"]
    assert items == [
        {"href": "#children", "message": "Add at least one child"},
        {"href": "#id_born_day", "message": "Date of birth must include a day"},
    ]


def test_a_multiple_choice_field_is_drawn_as_checkboxes_not_radios() -> None:
    from django import forms
    from django.template import Context, Template

    class Concerns(forms.Form):
        categories = forms.MultipleChoiceField(
            choices=[("16A", "Neglect"), ("17A", "Emotional abuse")],
            widget=forms.CheckboxSelectMultiple,
        )

    html = Template("{% load govuk %}{% govuk_field form.categories %}").render(
        Context({"form": Concerns(data={"categories": ["16A", "17A"]})})
    )
    assert html.count('type="checkbox"') == 2
    assert 'type="radio"' not in html
    assert html.count(" checked") == 2
