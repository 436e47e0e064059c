"""Password rules (the NCSC's), changing a password, and resetting one by a link."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.tests.factories import audit_since_now, error_summary, make_user

pytestmark = pytest.mark.django_db
OLD = "old-long-password-1"
NEW = "marble-lantern-orchard"


@pytest.fixture
def worker() -> User:
    user = make_user(Role.CSW, username="amara", first_name="Amara", email="amara@example.gov.uk")
    user.set_password(OLD)
    user.save()
    return user


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short-pass1", "too short"),
        ("123456789012345", "entirely numeric"),
        ("q1w2e3r4t5y6", "too common"),
        ("amara.okafor.amara", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password: str, problem: str) -> None:
    user = User(username="amara.okafor", first_name="Amara", last_name="Okafor")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert problem in " ".join(refused.value.messages)


def test_the_demo_password_and_three_random_words_pass() -> None:
    validate_password("frontdoor-demo", User(username="csw1"))
    validate_password(NEW, User(username="csw1"))


def test_changing_a_password(client: Client, worker: User) -> None:
    client.force_login(worker)
    assert b"Change your password" in client.get("/accounts/password/").content
    events = audit_since_now()
    response = client.post(
        "/accounts/password/",
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/"
    assert b"Your password has been changed" in response.content
    worker.refresh_from_db()
    assert worker.check_password(NEW)
    assert events.get(action="password.changed").actor == worker
    assert client.get("/").status_code == 200  # still signed in


def test_a_refused_change_says_why_at_each_box_and_shows_no_password_back(
    client: Client, worker: User
) -> None:
    client.force_login(worker)
    response = client.post(
        "/accounts/password/",
        {"old_password": "not-my-password", "new_password1": "short", "new_password2": "short"},
    )
    html = response.content.decode()
    problems = error_summary(html)
    assert ("#id_old_password", "Your current password is not right") in problems
    assert any(href == "#id_new_password2" and "too short" in m for href, m in problems)
    assert "not-my-password" not in html and 'value="short"' not in html
    worker.refresh_from_db()
    assert worker.check_password(OLD)


def test_a_reset_request_says_the_same_whether_or_not_there_is_an_account(
    client: Client, worker: User
) -> None:
    known = client.post("/accounts/password-reset/", {"email": "amara@example.gov.uk"}, follow=True)
    unknown = client.post(
        "/accounts/password-reset/", {"email": "nobody@example.gov.uk"}, follow=True
    )
    for response in (known, unknown):
        assert response.redirect_chain[-1][0] == "/accounts/password-reset/sent/"
        assert b"If an account exists for the email address you entered" in response.content
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amara@example.gov.uk"]


def _link_in(message: str) -> str:
    found = re.search(r"http://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)", message)
    assert found
    return found.group(1)


def test_a_reset_link_sets_a_new_password_once_and_ends_a_lockout(
    client: Client, worker: User
) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "amara", "password": "wrong-wrong-wrong"})
    assert AccessAttempt.objects.filter(username="amara").exists()
    client.post("/accounts/password-reset/", {"email": "amara@example.gov.uk"})
    link = _link_in(str(mail.outbox[0].body))
    events = audit_since_now()
    form_page = client.get(link, follow=True)
    assert b"Set a new password" in form_page.content
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert done.redirect_chain[-1][0] == "/accounts/password-reset/done/"
    assert b"Your password has been set" in done.content
    worker.refresh_from_db()
    assert worker.check_password(NEW)
    assert events.get(action="password_reset.completed").actor == worker
    assert not AccessAttempt.objects.filter(username="amara").exists()

    again = Client().get(link, follow=True)
    assert b"This link does not work" in again.content
    assert events.filter(action="password_reset.invalid_link").count() == 1


def test_a_wrong_or_expired_link_shows_a_clear_page_and_is_audited(
    client: Client, worker: User
) -> None:
    uid = urlsafe_base64_encode(force_bytes(worker.pk))
    token = default_token_generator.make_token(worker)
    worker.set_password("changed-meanwhile-99")  # changing the password spends the token
    worker.save()
    events = audit_since_now()
    response = client.get(f"/accounts/password-reset/{uid}/{token}/")
    assert response.status_code == 200
    assert b"This link does not work" in response.content
    assert b"Get a new link" in response.content
    bad = events.get(action="password_reset.invalid_link")
    assert bad.actor is None and bad.object_id == str(worker.pk)
    garbage = client.get("/accounts/password-reset/xyz/abc-def/")
    assert b"This link does not work" in garbage.content
