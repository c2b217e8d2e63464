"""Helpers for the public JSON API (/api/v1/...)."""


def public_api_endpoints(endpoints):
    """drf-spectacular preprocessing hook: document our /api/ endpoints only, not
    Wagtail's admin API (which needs an admin request and is not public)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
