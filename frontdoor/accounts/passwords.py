"""Changing a password, and resetting a forgotten one by a link sent by email (the links
that staff administration sends come here too). Every change and every bad link is audited;
the request page says the same whether or not an account exists."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseBase
from django.urls import reverse_lazy

from frontdoor.core.audit import audit_write

from .services import password_reset_completed


class SecretInput(forms.PasswordInput):
    """A password box that never shows back what was typed."""

    def __init__(self, autocomplete: str) -> None:
        super().__init__(attrs={"autocomplete": autocomplete}, render_value=False)


def _secret_field(label: str, autocomplete: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, strip=False, widget=SecretInput(autocomplete), help_text=help_text
    )


NEW_PASSWORD_HINT = (
    "At least 12 characters. Three random words together make a good one. "
    "Not a common password, and not like your name or username."
)


class SetPasswordForm(auth_forms.SetPasswordForm):
    new_password1 = _secret_field("New password", "new-password", NEW_PASSWORD_HINT)
    new_password2 = _secret_field("Confirm new password", "new-password")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The passwords do not match: enter the same one twice",
        }


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    old_password = _secret_field("Current password", "current-password")
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages["password_incorrect"] = "Your current password is not right"


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_write(
            actor=self.request.user,
            action="password.changed",
            obj=self.request.user,  # type: ignore[arg-type]
            summary="Changed their own password",
        )
        messages.success(self.request, "Your password has been changed")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        audit_write(
            actor=None,
            action="password_reset.requested",
            object_type="user",
            object_id=form.cleaned_data["email"][:40],
            summary="A password reset link was asked for",
        )
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def dispatch(self, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().dispatch(*args, **kwargs)
        # A good link first redirects to the page without the token in its address.
        if not self.validlink and response.status_code == 200:
            audit_write(
                actor=None,
                action="password_reset.invalid_link",
                object_type="user",
                object_id=str(self.user.pk) if self.user else "",
                summary="A password reset link that had expired, was used or was wrong",
            )
        return response

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_reset_completed(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
