"""How every shop form field is rendered (``oscar/partials/form_field.html``):
the browser's autofill hints for contact and address fields, by field name, so
Oscar's own forms (sign-in, registration, reviews) get them without a fork."""

from django import template

register = template.Library()

#: Field name → the HTML ``autocomplete`` token (WCAG 1.3.5, identify input purpose).
#: A widget that sets its own ``autocomplete`` keeps it.
AUTOCOMPLETE = {
    "first_name": "name",
    "name": "name",
    "email": "email",
    "username": "email",  # Oscar signs in by email address
    "phone_number": "tel",
    "line1": "address-line1",
    "line2": "address-line2",
    "province": "address-level1",
    "ward": "address-level2",  # since 2025 the ward is the level below the province
    "postcode": "postal-code",
    "password": "current-password",
    "password1": "new-password",
    "password2": "new-password",
}


@register.filter
def with_autocomplete(field):
    """The bound field, its widget carrying the autofill hint for its name."""
    token = AUTOCOMPLETE.get(field.name)
    if token and not field.is_hidden:
        field.field.widget.attrs.setdefault("autocomplete", token)
    return field
