"""Single sign-on end to end against a real OpenID Connect provider run by the test (see
oidc_provider.py): the browser's redirects are followed by hand, and Frontdoor's token
exchange, JWKS fetch, signature and nonce checks and userinfo call all go over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
import requests
from django.test import Client, override_settings
from joserfc.jwk import RSAKey

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.sso_discovery import discover
from frontdoor.accounts.tests.factories import audit_since_now, make_user

from .oidc_provider import Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider() -> Iterator[Provider]:
    running = Provider().start()
    with override_settings(**running.settings()):
        yield running
    running.stop()


@pytest.fixture
def worker() -> User:
    return make_user(Role.CSW, username="amara", email="Amara.Okafor@northshire.example")


def sign_on(client: Client, provider: Provider, email: str, next_path: str = "/people/"):  # type: ignore[no-untyped-def]
    """The browser's part: Frontdoor sends it to the provider, the provider sends it back."""
    provider.signed_in_as = {"sub": "sub-123", "email": email, "name": "Someone"}
    start = client.get(f"/accounts/sso/start/?next={next_path}")
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.url}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlparse(at_provider.headers["Location"])
    assert back.netloc == "testserver" and back.path == "/accounts/sso/callback/"
    return client.get(f"{back.path}?{back.query}")


def test_the_sign_in_page_offers_single_sign_on_only_when_it_is_set_up(provider: Provider) -> None:
    assert b"Sign in with your council account" in Client().get("/accounts/login/").content
    with override_settings(FRONTDOOR_OIDC_ENABLED=False):
        assert b"Sign in with your council account" not in Client().get("/accounts/login/").content
        assert Client().get("/accounts/sso/start/").status_code == 404


def test_a_member_of_staff_signs_on_with_their_council_account(
    provider: Provider, worker: User
) -> None:
    client = Client()
    events = audit_since_now()
    done = sign_on(client, provider, "amara.okafor@northshire.example")
    assert done.status_code == 302 and done["Location"] == "/people/"
    assert client.session["_auth_user_id"] == str(worker.pk)
    assert client.get("/people/").status_code == 200
    signed_in = events.get(action="signin.succeeded")
    assert signed_in.actor == worker and "single sign-on" in signed_in.summary
    # Frontdoor itself fetched the token, the provider's keys and the user's details.
    assert {"POST /token", "GET /jwks", "GET /userinfo"} <= set(provider.requests)
    assert User.objects.count() == 1


def test_nobody_is_made_a_frontdoor_user_by_signing_on(provider: Provider, worker: User) -> None:
    client = Client()
    events = audit_since_now()
    done = sign_on(client, provider, "stranger@northshire.example")
    assert done["Location"] == "/accounts/sso/refused/"
    page = client.get(done["Location"])
    assert page.status_code == 403
    assert b"There is no Frontdoor account for your council account" in page.content
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 1
    refused = events.get(action="signin.sso_refused")
    assert refused.object_id == "stranger@northshire.example" and refused.actor is None


def test_a_user_without_a_role_is_refused(provider: Provider) -> None:
    make_user("", username="norole", email="norole@northshire.example")
    client = Client()
    done = sign_on(client, provider, "norole@northshire.example")
    page = client.get(done["Location"])
    assert b"Your Frontdoor account has no role yet" in page.content
    assert "_auth_user_id" not in client.session


def test_an_inactive_user_is_refused(provider: Provider, worker: User) -> None:
    worker.is_active = False
    worker.save()
    client = Client()
    page = client.get(sign_on(client, provider, worker.email)["Location"])
    assert b"Your Frontdoor account is switched off" in page.content


def test_an_id_token_signed_with_another_key_is_refused(provider: Provider, worker: User) -> None:
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "provider-key-1"})
    client = Client()
    done = sign_on(client, provider, worker.email)
    assert done["Location"] == "/accounts/sso/refused/"
    assert "_auth_user_id" not in client.session
    page = client.get(done["Location"])
    assert b"could not check" in page.content


def test_the_provider_is_found_from_its_issuer(provider: Provider) -> None:
    assert discover(provider.url) == (
        f"{provider.url}/authorize",
        f"{provider.url}/token",
        f"{provider.url}/userinfo",
        f"{provider.url}/jwks",
    )


def test_an_id_token_meant_for_another_service_is_refused(provider: Provider, worker: User) -> None:
    provider.audience = "some-other-service"
    client = Client()
    done = sign_on(client, provider, worker.email)
    assert done["Location"] == "/accounts/sso/refused/"
    assert "_auth_user_id" not in client.session


def test_refused_sign_ons_do_not_lock_out_the_address(provider: Provider, worker: User) -> None:
    for _ in range(6):
        client = Client()
        assert sign_on(client, provider, "stranger@northshire.example")["Location"] == (
            "/accounts/sso/refused/"
        )
    client = Client()
    assert sign_on(client, provider, worker.email)["Location"] == "/people/"
    assert client.session["_auth_user_id"] == str(worker.pk)
