"""``/healthz/``: is this web process able to serve the shop?

Load balancers and orchestrators poll it, and ``bench/http.py`` uses it as the
floor of its load test: the cheapest request the stack can answer, through the
same middleware as every page, with one round trip to the database. It adds no
caching headers and renders no template.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)


def healthz(request) -> HttpResponse:
    """200 ``ok`` when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
