"""Looking certificates up: the search box of ``/verify/`` and of the dashboard's
certificate list."""

from django.db.models import Q
from oscar.core.loading import get_model

from catalogue.verification.codes import normalise_code

Certificate = get_model("catalogue", "Certificate")

#: Results shown for a search of the register.
MAX_RESULTS = 20


def certificate_search_q(text: str) -> Q:
    """Certificates whose decision number, verification code, product name (either
    language) or producer name contains ``text``."""
    text = " ".join(text.split())
    condition = (
        Q(decision__number__icontains=text)
        | Q(product__title__icontains=text)
        | Q(product__title_en__icontains=text)
        | Q(product__producer__name__icontains=text)
    )
    code = normalise_code(text)
    if code:
        condition |= Q(code=code)
    return condition


def search_certificates(text: str):
    """The register search of ``/verify/``: matching certificates, newest first."""
    if not text.strip():
        return Certificate.objects.none()
    return (
        Certificate.objects.filter(certificate_search_q(text))
        .select_related("decision", "product__producer__province")
        .order_by("-decision__signed_on", "product__title", "pk")[:MAX_RESULTS]
    )
