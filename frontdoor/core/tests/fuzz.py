"""Bad input for every page: the forms a page shows, filled with what a slip, a paste or a
probe can send, and its URL with ids that are no record's.

A page's forms are read from the page itself, as a browser would (so every new form is fuzzed
without a line here), as a persona the permission matrix lets in. Each probe keeps most fields
at their shown values, so that a bad value reaches the code that reads it, and spoils a few:
a huge number, another script's digits, a date at the calendar's ends, a NUL, a long paste,
or a button's `add:<id>` with a bad id. The test (`test_fuzz.py`) runs a few probes per URL;
`benchmarks/fuzz.py` runs many.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.test import Client
from hypothesis import strategies as st

# What people and probes send that code tends not to expect.
NASTY = (
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "99999999999999999999",
    "9" * 400,
    "²",
    "٣",
    "１２",
    "1e309",
    "NaN",
    "-inf",
    "\x00",
    "a\x00b",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "31/12/2026",
    "00:00",
    "25:61",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%n",
    "../../etc/passwd",
    "A" * 10_001,
    "on",
    "null",
    "[]",
    "🙂",
    "Ʃ\u200b\u202e",
)
# Query parameters views read directly (not through a form the page shows).
QUERY_KEYS = ("q", "page", "format", "table", "team", "role", "print", "person", "next",
              "full", "active", "enquiry", "change_date", "weeks", "measure", "run", "decision",
              "contact")  # fmt: skip
# What a probe leaves alone: without them every post would be refused before it is read.
KEPT = ("csrfmiddlewaretoken", "once")
IDS = (0, 1, 2**31, 2**63, 10**20, 10**30)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name: values it may take
    shown: dict[str, list[str]] = field(default_factory=dict)  # name: values as shown
    buttons: dict[str, list[str]] = field(default_factory=dict)  # name: values it may send


class FormReader(HTMLParser):
    """The forms of a page with each field's shown value and the values it may take."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self._form = Form(action=action, method=(a.get("method") or "get").upper())
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None:
            return
        if tag == "option" and self._select:
            form.fields[self._select].append(a.get("value", ""))
            if "selected" in a:
                form.shown.setdefault(self._select, []).append(a.get("value", ""))
        if not name:
            return
        kind = a.get("type", "submit" if tag == "button" else "text")
        if tag in ("input", "button") and kind == "submit":
            form.buttons.setdefault(name, []).append(a.get("value", ""))
        elif tag == "input":
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            form.fields.setdefault(name, []).append(value)
            if kind not in ("checkbox", "radio") or "checked" in a:
                form.shown.setdefault(name, []).append(value)
        elif tag == "select":
            self._select = name
            form.fields.setdefault(name, [])
        elif tag == "textarea":
            self._textarea = name
            form.fields.setdefault(name, [""])
            form.shown[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.shown[self._textarea] = [data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(url: str, html: str, sign_out: str) -> list[Form]:
    """The forms of a page that stay on this site, but for signing out."""
    reader = FormReader(url)
    reader.feed(html)
    return [
        form
        for form in reader.forms
        if not urlsplit(form.action).netloc and urlsplit(form.action).path != sign_out
    ]


def _spoil(pair: tuple[str, str]) -> str:
    """A button's `verb:<id>` keeps its verb and takes a bad id; any other value is replaced."""
    shown, bad = pair
    return f"{shown.split(':', 1)[0]}:{bad}" if ":" in shown else bad


# The kinds that have broken pages before, drawn more often than the rest.
SHARPEST = ("99999999999999999999", "²", "\x00", "0001-01-01", "9999-12-31", "-1", "A" * 10_001)
BAD_VALUE = st.one_of(
    *[st.sampled_from(SHARPEST)] * 3,
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)


def bad_value(values: list[str]) -> st.SearchStrategy[str]:
    verbs = [value for value in values if ":" in value]
    if not verbs:
        return BAD_VALUE
    return st.one_of(BAD_VALUE, st.tuples(st.sampled_from(verbs), BAD_VALUE).map(_spoil))


def pressed(form: Form) -> list[dict[str, list[str]]]:
    """Each button the form may be sent with (or none, when it has no named button)."""
    return [{name: [value]} for name, values in form.buttons.items() for value in values] or [{}]


def as_shown(form: Form) -> dict[str, list[str]]:
    return {name: list(values) for name, values in form.shown.items() if values}


def spoiled(form: Form, button: dict[str, list[str]], bad: str) -> dict[str, list[str]]:
    """Every field of the form given `bad`; a `verb:<id>` button keeps its verb."""
    data = {name: [bad] for name in form.fields if name not in KEPT}
    data.update({name: form.shown[name] for name in KEPT if name in form.shown})
    return data | {name: [_spoil((values[0], bad))] for name, values in button.items()}


@st.composite
def filled(draw: Any, form: Form) -> dict[str, list[str]]:
    """The form as shown, sent with one of its buttons, with up to three fields spoiled
    and up to two left out."""
    data = as_shown(form) | draw(st.sampled_from(pressed(form)))
    names = sorted((set(form.fields) | set(form.buttons)) - set(KEPT))
    values = {**form.fields, **form.buttons}
    if names:
        for name in draw(st.sets(st.sampled_from(names), min_size=1, max_size=3)):
            data[name] = [draw(bad_value(values[name]))]
        for name in draw(st.sets(st.sampled_from(names), max_size=2)):
            data.pop(name, None)
    if draw(st.booleans()):
        data[draw(st.sampled_from(QUERY_KEYS))] = [draw(BAD_VALUE)]
    return data


@dataclass
class Tally:
    """What the probes were answered with, for the benchmark's report."""

    statuses: Counter[str] = field(default_factory=Counter)
    probes: int = 0

    def count(self, name: str, method: str, status: int) -> None:
        self.probes += 1
        self.statuses[f"{status // 100}xx"] += 1

    def save(self) -> None:
        path = os.environ.get("FRONTDOOR_FUZZ_TALLY")
        if not path:
            return
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"probes": self.probes, "statuses": self.statuses}) + "\n")


def send(client: Client, method: str, url: str, data: dict[str, list[str]]) -> Any:
    if method == "POST":
        return client.post(url, data)
    return client.get(url, data)


def is_govuk_page(response: Any) -> bool:
    return "text/html" not in response.get("Content-Type", "") or b"govuk-" in response.content
