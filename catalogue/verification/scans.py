"""Counting verification scans: one row per certificate and day, no personal data.

The count is written by the page's beacon image, not by the page itself, so the
page can be cached by a CDN and its rendering never waits on (or fails with) a
write. The write is one upsert statement (``INSERT … SELECT … ON CONFLICT DO
UPDATE SET count = count + 1``): concurrent scans of one certificate add up
without a read, a lock held across statements, or a lost update.
"""

import datetime
import logging

from django.db import DatabaseError, connection
from django.db.models import F, Max, Q, Sum
from oscar.core.loading import get_model

from catalogue.certification import lapsed_certificate_q, today

Certificate = get_model("catalogue", "Certificate")
CertificateScan = get_model("catalogue", "CertificateScan")

logger = logging.getLogger(__name__)


def record_scan(code: str, day: datetime.date | None = None) -> bool:
    """Count one scan of the certificate with ``code`` on ``day`` (default today).

    Returns whether a certificate has that code. A database error is logged and
    swallowed: a lost count must never break a shopper's check."""
    qn = connection.ops.quote_name
    scans, certificates = qn(CertificateScan._meta.db_table), qn(Certificate._meta.db_table)
    sql = (
        f"INSERT INTO {scans} ({qn('certificate_id')}, {qn('day')}, {qn('count')}) "
        f"SELECT {qn('id')}, %s, 1 FROM {certificates} WHERE {qn('code')} = %s "
        f"ON CONFLICT ({qn('certificate_id')}, {qn('day')}) "
        f"DO UPDATE SET {qn('count')} = {scans}.{qn('count')} + 1"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [day or today(), code])
            return cursor.rowcount > 0
    except DatabaseError:
        logger.warning("Could not count a scan of certificate %s", code, exc_info=True)
        return False


def lapsed_scans(since: datetime.date | None = None, province=None):
    """Certificates whose codes were scanned on days when they had already expired
    or been revoked, most such scans first: packets still sold under a lapsed
    certificate, or labels copied onto other goods. Each certificate carries
    ``lapsed_scans`` and ``last_lapsed_scan``."""
    after_lapse = lapsed_certificate_q(on=F("scans__day"))
    if since is not None:
        after_lapse &= Q(scans__day__gte=since)
    certificates = Certificate.objects.all()
    if province is not None:
        certificates = certificates.filter(product__producer__province=province)
    return (
        certificates.annotate(
            lapsed_scans=Sum("scans__count", filter=after_lapse),
            last_lapsed_scan=Max("scans__day", filter=after_lapse),
        )
        .filter(lapsed_scans__gt=0)
        .select_related("decision", "product__producer__province", "superseded_by")
        .order_by("-lapsed_scans", "-last_lapsed_scan", "pk")
    )
