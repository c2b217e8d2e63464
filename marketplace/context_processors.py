from marketplace import currency, page_cache


def display_currency(request) -> dict:
    """The currency chosen for approximate prices and the ones on offer (the
    selector), computed once per request."""
    return {
        "display_currency": currency.chosen_currency(request),
        "display_currencies": list(currency.currencies()),
    }


def csrf_placeholder(request) -> dict:
    """While a page is rendered for the page cache, its forms carry a placeholder
    instead of a CSRF token (each visitor gets their own when it is served).
    Listed last: it overrides Django's built-in ``csrf`` processor."""
    if getattr(request, "page_cache_placeholders", False):
        return {"csrf_token": page_cache.CSRF_PLACEHOLDER}
    return {}
