"""Sections of the producer's home page that come from certificate applications
and expiry reminders (``marketplace.producers.dashboard.home.HOME_SECTIONS`` lists
every section, in order)."""

from catalogue.expiry import expiring_certificates
from catalogue.models import CertificateApplication


def applications_section(producer) -> dict:
    """Applications awaiting an officer's review."""
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
