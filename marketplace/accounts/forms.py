from oscar.apps.customer.forms import EmailUserCreationForm
from oscar.apps.customer.utils import normalise_email


class RegistrationForm(EmailUserCreationForm):
    """Oscar's registration form without "a user with that email address already
    exists": whether an address has an account is told only to its mailbox
    (``marketplace.accounts.registration``)."""

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])
