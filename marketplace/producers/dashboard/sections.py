"""Sections of the producer's home page, each a template include under
``templates/producers/home/`` with the function that builds its context. The home
page includes a section with ``{% include section.template %}`` after merging
``section.context(producer)`` (one place to add a section)."""

from catalogue.certification import today
from catalogue.expiry import expiring_certificates
from catalogue.models import CertificateApplication
from marketplace.producers.reports import month_to_date, sales_report


def applications_section(producer) -> dict:
    """Applications awaiting review, and those decided in the last days."""
    return {
        "pending_applications": list(
            CertificateApplication.objects.filter(producer=producer, status=CertificateApplication.STATUS_PENDING)
            .select_related("product")
            .order_by("-date_created")[:10]
        ),
    }


def expiry_section(producer) -> dict:
    """Certificates lapsing within 90 days (the reminders' warnings)."""
    return {"expiring": expiring_certificates(producer)}


def sales_section(producer) -> dict:
    """This month's units and revenue, linking to the full report."""
    start, end = month_to_date(today())
    return {"month_sales": sales_report(producer, start, end)}


#: (template, context function) of each section this app adds to the home page.
SECTIONS = (
    ("producers/home/applications.html", applications_section),
    ("producers/home/expiry.html", expiry_section),
    ("producers/home/sales.html", sales_section),
)
