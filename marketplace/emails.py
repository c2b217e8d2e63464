"""Sending the shop's own emails: one subject and one plain-text body template,
rendered in the recipient's language.

A message is a pair of templates, ``<name>_subject.txt`` and ``<name>_body.txt``
(``accounts/email/activation`` → ``accounts/email/activation_subject.txt`` …).
Callers send after the transaction commits (``transaction.on_commit``)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import override


def send_email(name: str, recipients: list[str], context: dict, *, language: str | None = None) -> None:
    """Render ``<name>_subject.txt`` and ``<name>_body.txt`` in ``language`` (the
    site's default when None) with ``shop_name`` in the context, and send them."""
    with override(language or settings.LANGUAGE_CODE):
        context = {"shop_name": settings.OSCAR_SHOP_NAME, **context}
        subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
        body = render_to_string(f"{name}_body.txt", context)
    EmailMultiAlternatives(subject, body, settings.OSCAR_FROM_EMAIL, recipients).send()
