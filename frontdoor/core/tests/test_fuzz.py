"""No server error on any input: every URL the resolver lists, its forms filled badly and its
ids out of range, as every persona of the permission matrix, on whichever database the suite
runs on. Answers must be the page (with its errors), a redirect, or a 4xx GOV.UK page.

The probes are the same every run (derandomised) so that CI is repeatable;
`benchmarks/fuzz.py` runs many more, at random.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fuzz import (
    BAD_VALUE,
    IDS,
    QUERY_KEYS,
    SHARPEST,
    Form,
    Tally,
    filled,
    forms_on,
    is_govuk_page,
    pressed,
    send,
    spoiled,
)
from .permission_world import World, build_world
from .test_permission_matrix import (
    EXPECTED,
    PERSONAS,
    expected_outcome,
    url_for,
    url_names,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FRONTDOOR_FUZZ_EXAMPLES", "12"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("FRONTDOOR_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=list(HealthCheck),
)
PATTERNS = {name: pattern for name, pattern in url_names() if not name.startswith("admin:")}
# Signing out ends the probe's session; the sign-in page is fuzzed as everyone else's is.
FUZZED = sorted(set(PATTERNS) - {"logout"})


def client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(world.users[persona])
    return client


def forms_for(world: World, name: str, url: str) -> list[tuple[str, Form]]:
    """Each form the page shows to a persona who may open it, with that persona."""
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    found = []
    for persona in PERSONAS:
        if expected_outcome(EXPECTED[name][0], persona) != "ok":
            continue
        page = client_for(world, persona).get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for form in forms_on(url, page.content.decode(), reverse("logout")):
            shape = (form.action, form.method, tuple(sorted(form.fields)))
            if shape not in seen:
                seen.add(shape)
                found.append((persona, form))
    return found


def with_ids(name: str, ids: list[int]) -> str:
    """The URL with these ids, even those the resolver would never reverse (too long)."""
    converters = PATTERNS[name].pattern.converters  # type: ignore[attr-defined]
    stand_ins = {key: 900_000_000_000_000_001 + n for n, key in enumerate(converters)}
    url = reverse(name, kwargs=stand_ins)
    for stand_in, bad in zip(stand_ins.values(), ids, strict=True):
        url = url.replace(str(stand_in), str(bad))
    return url


@pytest.mark.parametrize("name", FUZZED)
def test_no_server_error(name: str, monkeypatch: Any) -> None:
    world = build_world(monkeypatch)
    url = url_for(name, PATTERNS[name], world)
    converters = list(PATTERNS[name].pattern.converters)  # type: ignore[attr-defined]
    targets = forms_for(world, name, url)
    bare = [(persona, Form(url, method)) for persona in PERSONAS for method in ("GET", "POST")]
    tally = Tally()

    def answer(persona: str, method: str, action: str, fields: dict[str, list[str]]) -> None:
        response = send(client_for(world, persona), method, action, fields)
        tally.count(name, method, response.status_code)
        assert response.status_code < 500, (persona, method, action, fields)
        if response.status_code in (400, 404):
            assert is_govuk_page(response), (persona, method, action, fields)

    # first the sweep: every field of every form at once, with each of the sharpest values
    for persona, form in targets:
        for button in pressed(form):
            for bad in SHARPEST:
                answer(persona, form.method, form.action, spoiled(form, button, bad))

    @FUZZ
    @given(st.data())
    def probe(data: Any) -> None:
        # three probes in four fill a form the page shows, when it shows one
        shown = [st.sampled_from(targets)] * 3 if targets else []
        persona, form = data.draw(st.one_of(*shown, st.sampled_from(bare)))
        fields = data.draw(filled(form))
        action = form.action
        if converters and form.action == url and data.draw(st.booleans()):
            action = with_ids(name, [data.draw(st.sampled_from(IDS)) for _ in converters])
        if not form.fields and data.draw(st.booleans()):
            fields[data.draw(st.sampled_from(QUERY_KEYS))] = [data.draw(BAD_VALUE)]
        answer(persona, form.method, action, fields)

    probe()
    tally.save()
