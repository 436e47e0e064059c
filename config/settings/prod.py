import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
FRONTDOOR_AUDIT_KEY = os.environ["FRONTDOOR_AUDIT_KEY"]
FRONTDOOR_TRUSTED_PROXIES = int(os.environ.get("FRONTDOOR_TRUSTED_PROXIES", "0"))
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_HSTS_SECONDS = 31536000
# Every user signs in with a second factor (an authenticator app) in production.
FRONTDOOR_REQUIRE_MFA = os.environ.get("FRONTDOOR_REQUIRE_MFA", "true") == "true"
FRONTDOOR_SESSION_IDLE_MINUTES = float(os.environ.get("FRONTDOOR_SESSION_IDLE_MINUTES", "30"))
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Frontdoor")
