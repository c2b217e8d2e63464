"""Fixtures shared by the search tests: an Elasticsearch to test against."""

import os
import uuid

import pytest
from elastic_transport import Urllib3HttpNode

from catalogue.search.backends import elasticsearch_backend

REAL_CLUSTER = os.environ.get("ELASTICSEARCH_URL")


class PlainJsonNode(Urllib3HttpNode):
    """Test-only transport node. The ES 8 client sends the versioned media type
    ``application/vnd.elasticsearch+json; compatible-with=8``, which osmem-server
    answers with 406; this sends plain ``application/json`` (and ``x-ndjson`` for
    bulk). Production code never uses it: a real cluster accepts both."""

    def perform_request(self, method, target, body=None, request_timeout=None, headers=None):
        headers = dict(headers or {})
        for name in list(headers):
            if name.lower() in ("accept", "content-type"):
                headers[name] = (
                    headers[name].replace("vnd.elasticsearch+", "").split(";")[0].strip()
                )
        return super().perform_request(
            method, target, body=body, request_timeout=request_timeout, headers=headers
        )


@pytest.fixture(scope="session")
def osmem():
    if REAL_CLUSTER:
        yield None
        return
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


@pytest.fixture
def elasticsearch_settings(settings, osmem):
    """Point the project at a fresh Elasticsearch: a clone of osmem, or a unique
    index prefix on the real cluster (deleted afterwards)."""
    prefix = f"ocop-test-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    clone = None
    if REAL_CLUSTER:
        settings.ELASTICSEARCH_URL = REAL_CLUSTER
        settings.ELASTICSEARCH_CLIENT_OPTIONS = {}
    else:
        clone = osmem.clone()
        settings.ELASTICSEARCH_URL = clone.url
        settings.ELASTICSEARCH_CLIENT_OPTIONS = {"node_class": PlainJsonNode}
    yield settings
    backend = elasticsearch_backend()
    if REAL_CLUSTER and backend is not None:
        backend.client.indices.delete(index=f"{prefix}-products*", ignore_unavailable=True)
    if clone is not None:
        clone.close()
