from marketplace import currency


def display_currency(request) -> dict:
    """The currency chosen for approximate prices and the ones on offer (the
    selector), computed once per request."""
    return {
        "display_currency": currency.chosen_currency(request),
        "display_currencies": list(currency.currencies()),
    }
