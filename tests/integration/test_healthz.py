"""``/healthz/``: the deployment's health check and the load benchmark's floor."""

from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_after_one_database_round_trip(client, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert captured.captured_queries[0]["sql"] == "SELECT 1"
    # A probe result must not be kept by a cache: the view adds no caching headers.
    assert not response.has_header("Cache-Control") and not response.has_header("Expires")


def test_healthz_answers_503_when_the_database_does_not(client, caplog):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert "the database does not answer" in caplog.text

