from django.contrib.auth import get_user_model
from oscar.apps.customer import auth_backends
from oscar.apps.customer.utils import normalise_email

User = get_user_model()


class EmailBackend(auth_backends.EmailBackend):
    """Oscar's email-and-password backend, as slow for an unknown email as for a
    known one.

    Oscar's returns at once when no account has the email, so a wrong password took
    ~510 ms for an existing email and ~290 ms for an unknown one: response times
    told which emails have accounts. Here the password hasher runs once whenever no
    account matches, as Django's ModelBackend does for unknown usernames."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        identifier = email if email is not None else username
        if identifier is not None and password is not None and "@" in normalise_email(identifier):
            if not User._default_manager.filter(email__iexact=normalise_email(identifier)).exists():
                User().set_password(password)
                return None
        return super().authenticate(request, username=username, password=password, email=email, **kwargs)
