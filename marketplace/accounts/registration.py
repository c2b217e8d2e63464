"""Registration that does not reveal which email addresses have accounts.

Oscar's form answered "A user with that email address already exists", and logged
new customers in at once, so anyone could test addresses. Here every registration
gets the same answer ("check your email") and the address's owner gets the email
that fits: a link that activates the new account, or, when the address already has
an account, a note with links to sign in or reset the password. Nobody is signed
in before proving they read that mailbox.

An account waiting for activation is inactive and has never logged in. Registering
again with its address replaces its password, which voids the earlier link (the
token covers the password hash): the newest registration wins, so nobody can
plant a password on an address they do not read.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import get_language, override
from oscar.apps.customer.utils import normalise_email

from marketplace.accounts.sites import absolute_url
from marketplace.emails import send_email

User = get_user_model()


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """One-use activation links: the hash covers the password, last login and
    active flag, so activating (or registering again) voids the link."""

    key_salt = "marketplace.accounts.registration.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_tokens = ActivationTokenGenerator()


def _awaiting_activation(user) -> bool:
    return not user.is_active and user.last_login is None


def register_customer(form) -> None:
    """Register from Oscar's (valid) registration form, or notify the address's
    owner that it already has an account. Same outcome for the caller either way."""
    email = normalise_email(form.cleaned_data["email"])
    language = get_language()
    with transaction.atomic():
        existing = list(User._default_manager.select_for_update().filter(email__iexact=email).order_by("pk"))
        if any(not _awaiting_activation(user) for user in existing):
            owner = next(user for user in existing if not _awaiting_activation(user))
            User().set_password(form.cleaned_data["password1"])  # as slow as a registration
            transaction.on_commit(lambda: send_already_registered(owner.pk, language))
            return
        if existing:
            user = existing[0]
            user.set_password(form.cleaned_data["password1"])
            user.save(update_fields=["password"])
        else:
            user = form.save(commit=False)
            user.email = email
            user.is_active = False
            user.save()
        transaction.on_commit(lambda: send_activation(user.pk, language))


def activation_path(user) -> str:
    return reverse(
        "accounts-activate",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": activation_tokens.make_token(user)},
    )


def user_for_activation(uidb64: str, token: str):
    """The account an activation link names, or None when the link is wrong, used
    or replaced by a newer registration."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User._default_manager.filter(pk=pk).first()
    if user is None or not _awaiting_activation(user) or not activation_tokens.check_token(user, token):
        return None
    return user


def activate(user) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])


def _send(template: str, user, language: str, context: dict) -> None:
    send_email(f"accounts/email/{template}", [user.email], {"user": user, **context}, language=language)


def send_activation(user_id: int, language: str) -> None:
    user = User._default_manager.get(pk=user_id)
    with override(language):
        url = absolute_url(activation_path(user))
    _send("activation", user, language, {"activation_url": url})


def send_already_registered(user_id: int, language: str) -> None:
    user = User._default_manager.get(pk=user_id)
    with override(language):
        login_url = absolute_url(reverse("customer:login"))
        reset_url = absolute_url(reverse("password-reset"))
    _send("already_registered", user, language, {"login_url": login_url, "reset_url": reset_url})


