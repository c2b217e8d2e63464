"""Messages of Oscar and Django that their Vietnamese catalogues leave untranslated
or translate badly. Listed here so that ``makemessages`` keeps them in ours
(``locale/vi``), which takes precedence over the libraries' catalogues."""

from django.utils.translation import gettext_noop

MESSAGES = [
    # Oscar's basket and order lines
    gettext_noop("'%(product)s' is no longer available"),
    gettext_noop("'%(title)s' is no longer available"),
    gettext_noop("'%(title)s' is no longer available to buy (%(reason)s). Please adjust your basket to continue"),
    # Oscar's stock level on the product page ("Trong kho ( 23 có sẵn)")
    gettext_noop("In stock (%d available)"),
    # Order and line statuses (stored in English, shown translated)
    gettext_noop("Confirmed"),
    gettext_noop("Processing"),
    gettext_noop("Packed"),
    gettext_noop("Shipped"),
    gettext_noop("Delivered"),
    gettext_noop("Cancelled"),
    # Oscar's dashboard pages producers use, translated wrongly or not at all
    gettext_noop("Customer checked out as a guest."),
    gettext_noop("New customers"),
    gettext_noop("Method code"),
    gettext_noop("UPC"),
    gettext_noop("Search engine optimisation"),
    gettext_noop("Status Changes"),
    gettext_noop("No status changes."),
    # Wagtail's editor, as producers see it for their stories
    gettext_noop("Page title"),
    gettext_noop("Save draft"),
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Skip to main content"),
    gettext_noop("Editing %(page_type)s"),
    gettext_noop("Live"),
    gettext_noop("Promote"),
    gettext_noop("More actions"),
    gettext_noop("The page title as you'd like it to be seen by the public"),
    gettext_noop("A comma-separated list of tags."),
    gettext_noop('Multi-word tags with spaces will automatically be enclosed in double quotes (").'),
    # Django's validators (a NUL byte in any form field)
    gettext_noop("Null characters are not allowed."),
]
