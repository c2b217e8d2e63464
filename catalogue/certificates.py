"""Services on certificates: what operators do to them (revoke one, correct a
decision's signing date). Each changes what buyers see, so each reindexes the
products concerned once its transaction commits.

The rule itself (valid, sellable, current star) is ``catalogue.certification``.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from catalogue.certification import certificate_valid_until, today
from catalogue.models import Certificate, RecognitionDecision
from catalogue.search.indexing import schedule_reindex


def revoke_certificate(
    certificate: Certificate,
    reason: str,
    on: datetime.date | None = None,
    reason_en: str = "",
) -> Certificate:
    """Revoke a certificate (a province withdrew the recognition): the product
    stops being sellable at once and search drops it once this commits.

    ``reason_en`` is the optional English version shown on English pages."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("A revocation needs a reason.")
    with transaction.atomic():
        certificate.status = certificate.STATUS_REVOKED
        certificate.revoked_on = on or today()
        certificate.revocation_reason = reason
        certificate.revocation_reason_en = (reason_en or "").strip()
        certificate.save(
            update_fields=[
                "status", "revoked_on", "revocation_reason", "revocation_reason_en", "date_updated"
            ]
        )
        schedule_reindex([certificate.product_id])
    return certificate


def redate_decision(decision: RecognitionDecision) -> list[int]:
    """Recompute ``valid_until`` of a decision's certificates from its signing date
    (after an operator corrected the date) and reindex their products.

    Returns the ids of the products concerned."""
    valid_until = certificate_valid_until(decision.signed_on)
    with transaction.atomic():
        certificates = decision.certificates.exclude(valid_until=valid_until)
        product_ids = list(certificates.values_list("product_id", flat=True))
        certificates.update(valid_until=valid_until, date_updated=timezone.now())
        schedule_reindex(product_ids)
    return product_ids
