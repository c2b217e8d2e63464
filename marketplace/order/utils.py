"""Order placement: Oscar's ``OrderCreator`` with the certificate re-check and
stock allocation that cannot oversell (``marketplace.partner.stock``), in a number
of queries that does not grow with the basket.

Oscar's ``place_order`` writes the order, then each line, its prices and
attributes one by one, allocates each line's stock, and its analytics receiver
reads the lines back to add to each product's purchase counter. Here the same
writes go in batches inside the same transaction: the lines, their prices and
attributes in one ``INSERT`` each, all the stock in one conditional ``UPDATE``
(``allocate_stock``: records locked in id order, a line whose stock is gone raises
``OutOfStock`` and rolls back the order and everything allocated with it), and
the analytics counters in one statement after it (called here, not by the
``order_placed`` signal, whose only receiver is the analytics one).
"""

from collections import Counter
from decimal import Decimal as D

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from oscar.apps.order.utils import *  # noqa: F401,F403
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator
from oscar.core.loading import get_model

from catalogue.search.indexing import schedule_reindex
from marketplace.basket.lines import load_lines
from marketplace.order.exceptions import OutOfStock, ProductNotCertified, UnableToPlaceOrder
from marketplace.partner.models import LedgerSource
from marketplace.partner.stock import (
    InsufficientStock,
    StockMove,
    StockOrigin,
    allocate_stock,
    tracks_stock,
)
from marketplace.payouts.commission import record_commissions

Order = get_model("order", "Order")
Line = get_model("order", "Line")
LinePrice = get_model("order", "LinePrice")
LineAttribute = get_model("order", "LineAttribute")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
ProductRecord = get_model("analytics", "ProductRecord")
UserRecord = get_model("analytics", "UserRecord")
#: By name: sales points sit above orders (their pick-up flow changes orders).
PickUp = get_model("sales_points", "PickUp")


class OrderCreator(OscarOrderCreator):
    def place_order(self, basket, total, shipping_method, shipping_charge, user=None, shipping_address=None,
                    billing_address=None, order_number=None, status=None, request=None, surcharges=None,
                    **kwargs):
        """Oscar's ``place_order`` (same checks, same vouchers and offers, same
        transaction), with the lines, stock and counters written in batches."""
        if basket._lines is None:
            # A request's basket comes loaded by the middleware; any other caller's here.
            basket._lines = load_lines(basket, for_display=False)
        lines = list(basket.all_lines())
        if not lines:
            raise ValueError(_("Empty baskets cannot be submitted"))
        # Re-check the certificates at placement: the basket may be hours old and a
        # certificate may have expired or been revoked since. The lines' certificates
        # were read in this request (the rule of ``Product.objects.sellable()``).
        for line in lines:
            if not line.product.is_sellable:
                raise ProductNotCertified(
                    _("“%(title)s” is no longer OCOP-certified and cannot be ordered. "
                      "Please remove it from your basket.")
                    % {"title": line.product.get_title()}
                )
        # The number is known before the lines allocate, for their ledger entries.
        order_number = order_number or OrderNumberGenerator().order_number(basket)
        status = status or getattr(settings, "OSCAR_INITIAL_ORDER_STATUS", None)
        self._stock_origin = StockOrigin.for_user(LedgerSource.ONLINE_ORDER, user, order_number)
        # Click and collect sells from the chosen point's own stock records; home
        # delivery from the lines' (the producers') records.
        point = getattr(shipping_method, "sales_point", None)
        self._point_records = {
            record.product_id: record
            for record in StockRecord.objects.at_sales_point(point)
            .filter(product_id__in={line.product_id for line in lines}).select_related("partner")
        } if point else None
        self._point = point

        # The order number is unique in its table: no query to look for it first.
        try:
            with transaction.atomic():
                kwargs["surcharges"] = surcharges
                order = self.create_order_model(
                    user, basket, shipping_address, shipping_method, shipping_charge, billing_address, total,
                    order_number, status, request, **kwargs,
                )
                vouchers = []
                for voucher in basket.vouchers.select_for_update():
                    if not voucher.is_active():  # basket ignores inactive vouchers
                        basket.vouchers.remove(voucher)
                        continue
                    available_to_user, message = voucher.is_available_to_user(user=user)
                    if not available_to_user:
                        raise ValueError(message)
                    vouchers.append(voucher)
                for application in basket.offer_applications:
                    application["message"] = application["offer"].apply_deferred_benefit(basket, order, application)
                    if application["result"].affects_shipping:
                        shipping_discount = shipping_method.discount(basket)
                        if shipping_discount <= D("0.00"):
                            continue
                        application["discount"] = shipping_discount
                    self.create_discount_model(order, application)
                    self.record_discount(application)
                for voucher in vouchers:
                    self.record_voucher_usage(order, voucher, user)
                # In basket order, so that the line pks follow what the buyer saw.
                order_lines = self.create_all_line_models(order, lines)
                # The commission in force now is stored on each line: later rate
                # changes never rewrite what this order owes its producers.
                record_commissions(order, order_lines)
                self.allocate_stock(lines)
        except IntegrityError:
            if Order._default_manager.filter(number=order_number).exists():
                raise ValueError(_("There is already an order with number %s") % order_number) from None
            raise

        record_order_in_analytics(order, order_lines, user)
        # Search shows availability: one reindex for the order's products once it
        # has committed (never for a rolled-back placement; on_commit defers it when
        # the caller wraps placement in a larger transaction).
        schedule_reindex(line.product_id for line in lines if tracks_stock(line))
        return order

    def create_order_model(self, *args, **kwargs):
        # In the placement transaction: a pick-up exists exactly with its order.
        order = super().create_order_model(*args, **kwargs)
        if self._point is not None:
            PickUp.objects.create(order=order, sales_point=self._point)
        return order

    def _stockrecord_for(self, line):
        """The record a basket line sells from: the pick-up point's, or its own."""
        if self._point_records is None or not tracks_stock(line):
            return line.stockrecord
        record = self._point_records.get(line.product_id)
        if record is None:
            raise OutOfStock(line.product.get_title(), 0)
        return record

    def create_all_line_models(self, order, basket_lines) -> list:
        """The order's lines with their prices, attributes and discounts: Oscar's
        ``create_line_models`` for every line, one ``INSERT`` per table."""
        order_lines = Line._default_manager.bulk_create([self._line_model(order, line) for line in basket_lines])
        prices, attributes = [], []
        for order_line, basket_line in zip(order_lines, basket_lines, strict=True):
            prices += [
                LinePrice(order=order, line=order_line, quantity=quantity, price_incl_tax=price_incl_tax,
                          price_excl_tax=price_excl_tax, tax_code=basket_line.tax_code)
                for price_incl_tax, price_excl_tax, quantity in basket_line.get_price_breakdown()
            ]
            attributes += [
                LineAttribute(line=order_line, option=attribute.option, type=attribute.option.code,
                              value=attribute.value)
                for attribute in basket_line.attributes.all()
            ]
        LinePrice._default_manager.bulk_create(prices)
        if attributes:
            LineAttribute._default_manager.bulk_create(attributes)
        for order_line, basket_line in zip(order_lines, basket_lines, strict=True):
            # Offers' per-line discounts (none unless an offer applied) and Oscar's hook.
            self.create_line_discount_models(order, order_line, basket_line)
            self.create_additional_line_models(order, order_line, basket_line)
        return order_lines

    def _line_model(self, order, basket_line):
        """An unsaved order line (the fields of Oscar's ``create_line_models``)."""
        stockrecord = basket_line.stockrecord
        if not stockrecord:
            raise UnableToPlaceOrder(f"Basket line #{basket_line.id} has no stockrecord")
        record = self._stockrecord_for(basket_line)
        # A pick-up line is the point's sale (its shelf, its staff); the price
        # stays the online one the buyer saw.
        product = basket_line.product
        fields = {
            "order": order,
            "partner": record.partner, "partner_name": record.partner.name,
            "partner_sku": record.partner_sku, "stockrecord": record,
            "product": product, "title": product.get_title(), "upc": product.upc,
            "quantity": basket_line.quantity,
            "line_price_excl_tax": basket_line.line_price_excl_tax_incl_discounts,
            "line_price_incl_tax": basket_line.line_price_incl_tax_incl_discounts,
            "line_price_before_discounts_excl_tax": basket_line.line_price_excl_tax,
            "line_price_before_discounts_incl_tax": basket_line.line_price_incl_tax,
            "unit_price_incl_tax": basket_line.unit_price_incl_tax,
            "unit_price_excl_tax": basket_line.unit_price_excl_tax,
            "tax_code": basket_line.tax_code,
            "num_allocated": basket_line.quantity,
        }
        if hasattr(settings, "OSCAR_INITIAL_LINE_STATUS"):
            fields["status"] = settings.OSCAR_INITIAL_LINE_STATUS
        return Line(**fields)

    def allocate_stock(self, lines) -> None:
        """Allocate every stock-tracking line's quantity from the record it sells
        from, all at once, or fail the whole placement."""
        lines = [line for line in lines if tracks_stock(line)]
        records = {line.pk: self._stockrecord_for(line) for line in lines}
        try:
            allocate_stock([StockMove(records[line.pk].pk, line.quantity) for line in lines], self._stock_origin)
        except InsufficientStock as short:
            [line] = [line for line in lines if records[line.pk].pk == short.stockrecord_id][:1]
            raise OutOfStock(line.product.get_title(), short.available) from None

    def update_stock_records(self, line):
        """Oscar's per-line allocation; placement allocates all lines at once."""
        self.allocate_stock([line])


def record_order_in_analytics(order, order_lines, user) -> None:
    """Oscar's analytics for a placed order (``receive_order_placed``: purchases per
    product; a signed-in buyer's orders, lines, items and spending) in one
    statement whatever the number of lines. Upserts: a first purchase creates the
    counter row, and concurrent first purchases of a product both count."""
    purchases = Counter()
    for line in order_lines:
        purchases[line.product_id] += line.quantity
    products = connection.ops.quote_name(ProductRecord._meta.db_table)
    values = ", ".join(["(CAST(%s AS integer), 0, 0, CAST(%s AS integer), 0.0)"] * len(purchases))
    sql = (
        f"INSERT INTO {products} (product_id, num_views, num_basket_additions, num_purchases, score)"
        f" VALUES {values} ON CONFLICT (product_id) DO UPDATE"
        f" SET num_purchases = {products}.num_purchases + EXCLUDED.num_purchases"
    )
    params = [value for pk, quantity in sorted(purchases.items()) for value in (pk, quantity)]
    statements = [(sql, params)]
    if user is not None and user.is_authenticated:
        buyers = connection.ops.quote_name(UserRecord._meta.db_table)
        buyer_sql = (
            f"INSERT INTO {buyers} (user_id, num_product_views,"
            " num_basket_additions, num_orders, num_order_lines, num_order_items, total_spent, date_last_order)"
            " VALUES (%s, 0, 0, 1, %s, %s, %s, %s) ON CONFLICT (user_id) DO UPDATE SET"
            f" num_orders = {buyers}.num_orders + 1,"
            f" num_order_lines = {buyers}.num_order_lines + EXCLUDED.num_order_lines,"
            f" num_order_items = {buyers}.num_order_items + EXCLUDED.num_order_items,"
            f" total_spent = {buyers}.total_spent + EXCLUDED.total_spent,"
            " date_last_order = EXCLUDED.date_last_order"
        )
        buyer_params = [user.pk, len(order_lines), sum(line.quantity for line in order_lines),
                        order.total_incl_tax, order.date_placed]
        if connection.vendor == "postgresql":
            # One round trip: the products' upsert as a data-modifying WITH.
            statements = [(f"WITH purchases AS ({sql}) {buyer_sql}", params + buyer_params)]
        else:  # SQLite has no data-modifying WITH
            statements.append((buyer_sql, buyer_params))
    with connection.cursor() as cursor:
        for statement, statement_params in statements:
            cursor.execute(statement, statement_params)
