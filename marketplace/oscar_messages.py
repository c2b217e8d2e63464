"""Messages of Oscar and Django that their Vietnamese catalogues leave untranslated
or translate badly. Listed here so that ``makemessages`` keeps them in ours
(``locale/vi``), which takes precedence over the libraries' catalogues."""

from django.utils.translation import gettext_noop

MESSAGES = [
    # Oscar's basket and order lines
    gettext_noop("'%(product)s' is no longer available"),
    gettext_noop("'%(title)s' is no longer available"),
    gettext_noop("'%(title)s' is no longer available to buy (%(reason)s). Please adjust your basket to continue"),
    # Django's validators (a NUL byte in any form field)
    gettext_noop("Null characters are not allowed."),
]
