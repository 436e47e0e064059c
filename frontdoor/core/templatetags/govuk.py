"""Render Django form fields and errors with GOV.UK Design System markup."""

from __future__ import annotations

from typing import Any

from django import forms, template

from frontdoor.core.forms import GovukDateInput

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, GovukDateInput):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it must be asked about first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


def first_input_id(bound: forms.BoundField) -> str:
    """Where the error summary link should land: the first box of the field."""
    kind = _kind(bound.field.widget)
    if kind == "date":
        return f"{bound.auto_id}_day"
    if kind in ("radios", "checkboxes"):
        return f"{bound.auto_id}_0"
    return bound.auto_id


@register.inclusion_tag("govuk/field.html")
def govuk_field(bound: forms.BoundField, **options: Any) -> dict[str, Any]:
    widget = bound.field.widget
    kind = _kind(widget)
    value = bound.value()
    context: dict[str, Any] = {
        "field": bound,
        "kind": kind,
        "label_size": options.get("label_size", ""),
        "width": options.get("width", ""),
        "rows": options.get("rows", 5),
        "errors": bound.errors,
        "value": "" if value is None else value,
    }
    if kind == "date":
        parts = widget.decompress(value) if not isinstance(value, list) else value
        context["parts"] = [
            {
                "name": f"{bound.html_name}_{part}",
                "id": f"{bound.auto_id}_{part}",
                "label": part.capitalize(),
                "value": "" if parts[index] is None else parts[index],
                "width": 4 if part in ("year", "time") else 2,
            }
            for index, part in enumerate(widget.parts)
        ]
    if kind in ("radios", "checkboxes", "select"):
        chosen = value if isinstance(value, list | tuple) else [value]
        chosen = [str(v) for v in chosen if v not in (None, "")]
        context["options"] = [
            {
                "value": str(option_value),
                "label": option_label,
                "id": f"{bound.auto_id}_{index}",
                "checked": str(option_value) in chosen,
            }
            for index, (option_value, option_label) in enumerate(bound.field.choices)  # type: ignore[attr-defined]
        ]
    return context


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_to_check: forms.Form, **anchored: str) -> dict[str, Any]:
    """Every error of the forms, each linked to its field. Keyword arguments add problems that
    belong to no form field, listed first: `children=message` links to #children."""
    items: list[dict[str, Any]] = [
        {"href": f"#{anchor}", "message": m} for anchor, m in anchored.items() if m
    ]
    for form in forms_to_check:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            items.append({"href": "", "message": message})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            anchor = first_input_id(form[name]) if name in form.fields else name
            items.extend({"href": f"#{anchor}", "message": m} for m in errors)
    return {"items": items}


@register.simple_tag(takes_context=True)
def submit_once(context: Any) -> str:
    """The hidden one-time token of a form that creates a record (`core/once.py`): the one it
    was sent with when the form is shown again, else a new one."""
    from django.utils.html import format_html

    from frontdoor.core.once import FIELD, new_token, posted_token

    request = context.get("request")
    token = (posted_token(request) if request is not None else "") or new_token()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token)
