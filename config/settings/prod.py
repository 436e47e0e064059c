import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(
            f"Set {name} in the environment: production settings need it (docs/operations.md)"
        )
    return value


SECRET_KEY = required("DJANGO_SECRET_KEY")
# Rotating the key: the old one here (comma-separated) keeps sessions and links it signed
# working until they expire (docs/operations.md).
SECRET_KEY_FALLBACKS = [
    key for key in os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if key
]
FRONTDOOR_AUDIT_KEY = required("FRONTDOOR_AUDIT_KEY")
required("DATABASE_URL")  # production never falls back to the development SQLite file
FRONTDOOR_TRUSTED_PROXIES = int(os.environ.get("FRONTDOOR_TRUSTED_PROXIES", "0"))
ALLOWED_HOSTS = required("ALLOWED_HOSTS").split(",")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_HSTS_SECONDS = 31536000
# gov.uk is on the browsers' HSTS preload list already; a council serving any subdomain
# over plain HTTP turns these off.
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true") == "true"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "true") == "true"
# Every user signs in with a second factor (an authenticator app) in production.
FRONTDOOR_REQUIRE_MFA = os.environ.get("FRONTDOOR_REQUIRE_MFA", "true") == "true"
FRONTDOOR_SESSION_IDLE_MINUTES = float(os.environ.get("FRONTDOOR_SESSION_IDLE_MINUTES", "30"))
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Frontdoor")
