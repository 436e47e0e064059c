from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run as soon as they are enqueued, inside the test's transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Sign-in as in production (lockout on, django-axes), but no second factor unless a test
# asks for it with override_settings(FRONTDOOR_REQUIRE_MFA=True). No single sign-on unless
# a test starts its own provider.
AXES_ENABLED = True
FRONTDOOR_REQUIRE_MFA = False
FRONTDOOR_OIDC_ENABLED = False
