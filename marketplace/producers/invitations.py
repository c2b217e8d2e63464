"""Bringing a producer's people in: an operator invites a producer's first user,
and a producer's user invites colleagues to the same producer.

The invitee gets an email, in their language, with a link to choose a password
(valid ``PASSWORD_RESET_TIMEOUT``, three days by default, and once: the token
covers the password hash and last login). Someone who already has an account is
added at once and told so, with a link to sign in. Signing in afterwards is the
ordinary email login (django-axes throttles it as any other)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import override
from oscar.apps.customer.forms import generate_username
from oscar.apps.customer.utils import normalise_email

from marketplace.accounts.sites import absolute_url
from marketplace.emails import send_email
from marketplace.producers.models import Producer, ProducerUserProfile, language_of

User = get_user_model()


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """One-use set-password links: choosing a password (or signing in) voids it."""

    key_salt = "marketplace.producers.invitations.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def dashboard_access() -> Permission:
    return Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")


def invite_user(producer: Producer, email: str, *, invited_by, language: str | None = None):
    """Give ``email`` access to ``producer``'s dashboard and email them.

    Returns the user (created without a usable password when new). Inviting the
    same address again sends a fresh link."""
    email = normalise_email(email)
    language = language or settings.LANGUAGE_CODE
    with transaction.atomic():
        user = User._default_manager.select_for_update().filter(email__iexact=email).order_by("pk").first()
        is_new = user is None
        if is_new:
            user = User._default_manager.create_user(username=generate_username(), email=email)
            user.set_unusable_password()
            user.save(update_fields=["password"])
        needs_password = not user.has_usable_password()
        user.user_permissions.add(dashboard_access())
        producer.partner.users.add(user)
        profile, _created = ProducerUserProfile.objects.get_or_create(
            user=user, defaults={"language": language}
        )
        if is_new or needs_password:
            profile.language = language
        profile.invited_by, profile.invited_at = invited_by, timezone.now()
        profile.save()
        if needs_password:
            transaction.on_commit(lambda: send_invitation(user.pk, producer.pk))
        else:
            transaction.on_commit(lambda: send_added_to_producer(user.pk, producer.pk))
    return user


def colleagues_of(producer: Producer):
    return producer.partner.users.select_related("producer_profile").order_by("email", "pk")


def invitation_path(user) -> str:
    return reverse(
        "producer-dashboard:producer-invitation-accept",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_tokens.make_token(user)},
    )


def user_for_invitation(uidb64: str, token: str):
    """The invited user a link names, or None when it is wrong, used or too old."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User._default_manager.filter(pk=pk, is_active=True).first()
    if user is None or not invitation_tokens.check_token(user, token):
        return None
    return user


def accept_invitation(user, password: str) -> None:
    """The invitee chose a password (already validated by the form)."""
    user.set_password(password)
    user.save(update_fields=["password"])


def _send(template: str, user, producer: Producer, context: dict) -> None:
    send_email(f"producers/email/{template}", [user.email], {"user": user, "producer": producer, **context},
               language=language_of(user))


def send_invitation(user_id: int, producer_id: int) -> None:
    user = User._default_manager.select_related("producer_profile").get(pk=user_id)
    producer = Producer.objects.get(pk=producer_id)
    with override(language_of(user)):
        url = absolute_url(invitation_path(user))
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    _send("invitation", user, producer, {"accept_url": url, "days": days})


def send_added_to_producer(user_id: int, producer_id: int) -> None:
    user = User._default_manager.select_related("producer_profile").get(pk=user_id)
    producer = Producer.objects.get(pk=producer_id)
    with override(language_of(user)):
        url = absolute_url(reverse("dashboard:login"))
    _send("added", user, producer, {"login_url": url})
