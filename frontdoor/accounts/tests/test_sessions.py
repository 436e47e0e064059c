"""Sessions end on the server after 30 minutes without a request and 10 hours after signing
in; the page's timeout warning reads its timings from <body>."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client, override_settings

from frontdoor.accounts.middleware import LAST_ACTIVITY
from frontdoor.accounts.models import Role
from frontdoor.accounts.signin import SIGNED_IN_AT
from frontdoor.accounts.tests.factories import audit_since_now, make_user

pytestmark = pytest.mark.django_db


def signed_in() -> Client:
    client = Client()
    client.force_login(make_user(Role.CSW))
    assert client.get("/").status_code == 200
    return client


def set_session(client: Client, **values: float) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_the_settings_are_as_the_council_asked() -> None:
    assert settings.FRONTDOOR_SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE <= 10 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_activity_keeps_the_session() -> None:
    client = signed_in()
    set_session(client, **{LAST_ACTIVITY: time.time() - 29 * 60})
    assert client.get("/").status_code == 200
    assert time.time() - client.session[LAST_ACTIVITY] < 5


def test_thirty_minutes_without_a_request_signs_out_with_a_message() -> None:
    client = signed_in()
    set_session(client, **{LAST_ACTIVITY: time.time() - 31 * 60})
    events = audit_since_now()
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/people/"
    assert "_auth_user_id" not in client.session
    login = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in login
    assert events.get(action="signin.idle_timeout").actor is not None


def test_ten_hours_after_signing_in_the_session_ends_however_busy() -> None:
    client = signed_in()
    set_session(client, **{SIGNED_IN_AT: time.time() - 10 * 60 * 60 - 60})
    response = client.get("/")
    assert response.status_code == 302
    login = client.get(response["Location"]).content.decode()
    assert "because you had been signed in for 10 hours" in login


def test_asking_how_long_is_left_is_not_activity_but_staying_signed_in_is() -> None:
    client = signed_in()
    set_session(client, **{LAST_ACTIVITY: time.time() - 20 * 60})
    left = client.get("/accounts/keep-alive/").json()
    assert left["signed_in"] and 9 * 60 < left["seconds_left"] <= 10 * 60
    assert client.get("/accounts/keep-alive/").json()["seconds_left"] <= 10 * 60
    stay = client.post("/accounts/keep-alive/").json()
    assert stay["seconds_left"] > 29 * 60


def test_asking_after_the_session_ended_says_so() -> None:
    client = signed_in()
    set_session(client, **{LAST_ACTIVITY: time.time() - 31 * 60})
    response = client.get("/accounts/keep-alive/")
    assert response.status_code == 401 and response.json()["signed_in"] is False
    login = client.get("/accounts/login/").content.decode()
    assert "You were signed out after 30 minutes without activity" in login


def test_the_pages_timeout_warning_signs_out_saying_why() -> None:
    client = signed_in()
    events = audit_since_now()
    response = client.post("/accounts/logout/", {"reason": "idle"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert b"You were signed out after 30 minutes without activity" in response.content
    assert "_auth_user_id" not in client.session
    assert events.filter(action="signin.idle_timeout").count() == 1


@override_settings(FRONTDOOR_SESSION_IDLE_MINUTES=0.1, FRONTDOOR_SESSION_WARNING_SECONDS=4)
def test_the_page_carries_the_timings_for_the_warning() -> None:
    html = signed_in().get("/").content.decode()
    assert 'data-session-idle-seconds="6"' in html
    assert 'data-session-warning-seconds="4"' in html
    assert 'data-keep-alive-url="/accounts/keep-alive/"' in html
    assert 'data-sign-out-url="/accounts/logout/"' in html
    anonymous = Client().get("/accounts/login/").content.decode()
    assert "data-session-idle-seconds" not in anonymous
