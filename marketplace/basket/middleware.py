"""Oscar's basket middleware, with the basket's lines loaded once with everything
the strategy asks of them (``marketplace.basket.lines``): on every page a
signed-in buyer with a basket opens, Oscar asked four queries per line."""

from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware

from marketplace.basket.lines import load_lines


class BasketMiddleware(OscarBasketMiddleware):
    def apply_offers_to_basket(self, request, basket):
        if basket.id is not None:
            basket._lines = load_lines(basket)
        super().apply_offers_to_basket(request, basket)
