"""Sign-in and account pages, all under /accounts/. Names are not namespaced: Django's auth
views and mozilla-django-oidc look them up by these names."""

from django.urls import path

from . import passwords, sso, two_factor, views
from .signin import SignInView

urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
    path("locked/", views.lockouts, name="signin_lockouts"),
    path("two-factor/", two_factor.verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        two_factor.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("password/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path("password-reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        passwords.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        passwords.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("sso/refused/", sso.refused, name="sso_refused"),
    # Single sign-on (mozilla-django-oidc's views, by the names it looks them up by).
    path("sso/start/", sso.CouncilSignOnStart.as_view(), name="oidc_authentication_init"),
    path(
        "sso/callback/",
        sso.CouncilSignOnCallback.as_view(),
        name="oidc_authentication_callback",
    ),
]
