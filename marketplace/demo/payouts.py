"""The demo's payouts: commission rates, a confirmed bank account for each demo
producer account, and a few delivered and paid orders of their products so the
producer's money page shows figures (pending, clearing after the holding period).
Every step is idempotent: rates only when there are none, accounts only for
producers without a confirmed one, orders only once (keyed by the buyer's email)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from marketplace.demo import data
from marketplace.order.carriers import Carrier
from marketplace.order.fulfilment import change_line_status, mark_paid, ship_lines
from marketplace.order.statuses import LineStatus, PaymentStatus
from marketplace.order.utils import OrderCreator
from marketplace.payouts import bank_accounts
from marketplace.payouts.commission import record_commissions
from marketplace.payouts.models import CommissionRate

Producer = get_model("producers", "Producer")
Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")

#: The demo buyer of the payouts orders (their key: orders are made once).
BUYER_EMAIL = "demo-payouts@example.vn"
#: (producer key, BIN, account number) of the demo producers' bank accounts.
BANK_ACCOUNTS = {"bao-la": ("970436", "0071000123456"), "zeng-nham": ("970405", "3900205123456")}


def ensure_commission_rates() -> int:
    """10 % for every group and 12 % for handicrafts, from the start of the year."""
    if CommissionRate.objects.exists():
        return 0
    start = timezone.make_aware(datetime.datetime(timezone.localdate().year, 1, 1))
    CommissionRate.objects.create(percent=Decimal("10"), valid_from=start, note="Demo")
    CommissionRate.objects.create(group_code="handicraft", percent=Decimal("12"), valid_from=start, note="Demo")
    return 2


def _demo_producers():
    for email, key in data.PRODUCER_ACCOUNTS:
        producer = Producer.objects.filter(tax_code=data.PRODUCERS[key].tax_code).select_related("partner").first()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if producer is not None and user is not None:
            yield key, producer, user


def ensure_bank_accounts(operator) -> int:
    made = 0
    for key, producer, user in _demo_producers():
        if bank_accounts.confirmed_account(producer) or key not in BANK_ACCOUNTS:
            continue
        bank_bin, number = BANK_ACCOUNTS[key]
        account = bank_accounts.pending_account(producer) or bank_accounts.request_account(
            producer, user, bank_bin, number, producer.name)
        bank_accounts.confirm_account(operator, account)
        made += 1
    return made


def _place(records, quantity: int):
    basket = Basket.objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    for record in records:
        basket.add_product(record.product, quantity)
    method = get_class("shipping.methods", "Free")()
    charge = method.calculate(basket)
    total = get_class("checkout.calculators", "OrderTotalCalculator")().calculate(basket, charge)
    order = OrderCreator().place_order(basket=basket, total=total, shipping_method=method, shipping_charge=charge,
                                       guest_email=BUYER_EMAIL, payment_method="cod",
                                       payment_status=PaymentStatus.AWAITING_COD)
    record_commissions(order)
    return order


def ensure_delivered_orders(operator) -> int:
    """Two cash-on-delivery orders per demo producer, delivered and the cash
    recorded: their money is pending for the holding period, then available."""
    if Order.objects.filter(guest_email=BUYER_EMAIL).exists():
        return 0
    made = 0
    for _key, producer, user in _demo_producers():
        records = list(StockRecord.objects.filter(partner=producer.partner, num_in_stock__gte=5,
                                                  product__in=Product.objects.sellable()).select_related("product")
                       .order_by("pk")[:2])
        for quantity, chosen in ((2, records[:1]), (1, records[1:2] or records[:1])):
            if not chosen:
                continue
            with transaction.atomic():
                order = _place(chosen, quantity)
                ids = list(order.lines.values_list("pk", flat=True))
                ship_lines(user, order, ids, Carrier.GHN, f"GHNDEMO{order.number}")
                change_line_status(user, order, ids, LineStatus.DELIVERED)
                mark_paid(operator, order, "COD demo")
            made += 1
    return made


def ensure_payouts(operator) -> dict:
    return {"rates": ensure_commission_rates(), "bank_accounts": ensure_bank_accounts(operator),
            "orders": ensure_delivered_orders(operator)}
