"""``VnpayPayment``: pay on VNPay's page (domestic card, internet banking, VNPAY-QR).

1. The preview page records a ``VnpayTransaction`` (the order number and total)
   and offers the signed redirect to VNPay.
2. VNPay calls the IPN (``views.vnpay_ipn``) server to server: a signed
   notification for exactly the recorded amount marks the transaction paid.
3. VNPay sends the buyer back to the preview page (``vnp_ReturnUrl``). Its query
   string is never trusted: the order is placed only if the IPN marked the
   transaction paid, or a signed ``querydr`` answer says so now (the IPN can
   arrive after the buyer). A signed "cancelled"/"failed" code only explains to
   the buyer why nothing was placed.
"""

import hashlib
import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from checkout.payment.base import (
    PaymentMethod,
    PaymentResult,
    PaymentSpent,
    RefundedBeforePlacement,
    RefundFailed,
    RefundResult,
    SourceTypeName,
    UnableToPlaceOrder,
    UnableToTakePayment,
    UnplacedPayment,
    whole_dong,
)
from checkout.payment.vnpay.client import (
    CANCELLED_BY_BUYER,
    SUCCESS,
    GatewayError,
    VnpayGateway,
    vnpay_time,
)
from checkout.payment.vnpay.models import VnpayRefund, VnpayTransaction
from checkout.payment.vnpay.records import record_payment
from marketplace.order.statuses import PaymentEventName, PaymentStatus

logger = logging.getLogger(__name__)

Status = VnpayTransaction.Status
#: Pending payments older than this are not asked about any more.
QUERY_PENDING_DAYS = 1


class VnpayNotPaid(PaymentSpent, UnableToTakePayment):
    """The buyer cancelled or VNPay refused: this transaction is finished, the
    next try gets a new one."""


class VnpayAlreadyUsed(PaymentSpent, UnableToPlaceOrder):
    """The transaction already paid for an order (a second click, a replay)."""


class VnpayRefundedMeanwhile(PaymentSpent, UnableToPlaceOrder):
    """The buyer came back after ``settle_unplaced_payments`` had refunded the
    payment (no order within the grace period)."""


def start_transaction(order_number: str, amount_vnd: int, *, email: str = "", language: str = "") -> VnpayTransaction:
    """The transaction the preview page sends the buyer to VNPay with: the pending
    one for this order and amount while its link is still valid, else a new one
    (the basket changed, the link expired, or the last try failed)."""
    fresh = timezone.now() - timedelta(minutes=max(settings.VNPAY_EXPIRE_MINUTES - 2, 1))
    current = VnpayTransaction.objects.filter(
        order_number=order_number, amount=amount_vnd, status=Status.PENDING, created_at__gte=fresh,
    ).order_by("-created_at").first()
    if current:
        return current
    tries = VnpayTransaction.objects.filter(order_number=order_number).count()
    return VnpayTransaction.objects.create(
        txn_ref=f"{order_number}V{tries + 1}", order_number=order_number, amount=amount_vnd,
        created_vnp=vnpay_time(), email=email[:254], language=language[:8],
    )


def confirm_with_query(txn: VnpayTransaction) -> None:
    """Ask VNPay (``querydr``) about a transaction the IPN has not confirmed yet,
    and record a definite answer. An unsigned or unreachable answer changes nothing."""
    if not settings.VNPAY_API_URL:
        return
    try:
        answer = VnpayGateway().query(txn_ref=txn.txn_ref, transaction_date=txn.created_vnp)
    except GatewayError as error:
        logger.warning("VNPay: querydr for %s failed: %s", txn.txn_ref, error)
        return
    if answer.response_code != SUCCESS or not answer.transaction_status:
        return  # VNPay does not know it (yet): the buyer may not have paid
    if answer.amount_vnd != txn.amount:
        logger.error("VNPay: querydr for %s reports %s ₫, expected %s ₫", txn.txn_ref, answer.amount_vnd, txn.amount)
        return
    if answer.transaction_status == "01":
        return  # still being processed
    data = answer.data
    record_payment(txn.txn_ref, amount_vnd=txn.amount, paid=answer.transaction_status == SUCCESS,
                   transaction_no=answer.transaction_no, bank_code=str(data.get("vnp_BankCode") or ""),
                   response_code=answer.transaction_status, pay_date=str(data.get("vnp_PayDate") or ""))


def request_id(idempotency_key: str) -> str:
    """``vnp_RequestId`` (32 characters at most) named by the business operation:
    VNPay refuses a request id it has already seen that day."""
    return hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]


def refund_transaction(txn: VnpayTransaction, amount_vnd: int, *, reason: str, idempotency_key: str) -> str:
    """Refund ``amount_vnd`` of a paid transaction through VNPay's refund API;
    VNPay's refund transaction number, or RefundFailed."""
    done = VnpayRefund.objects.filter(idempotency_key=idempotency_key).first()
    if done:
        return done.reference
    refunded = sum(txn.refunds.values_list("amount", flat=True))
    try:
        answer = VnpayGateway().refund(
            txn_ref=txn.txn_ref, transaction_no=txn.transaction_no, transaction_date=txn.created_vnp,
            amount_vnd=amount_vnd, full=not refunded and amount_vnd == txn.amount,
            request_id=request_id(idempotency_key), created_by="Cho OCOP", reason=reason,
        )
    except GatewayError as error:
        logger.warning("VNPay: refund %s of %s failed: %s", idempotency_key, txn.txn_ref, error)
        raise RefundFailed(_("VNPay could not be reached for the refund; nothing was cancelled. "
                             "Please try again later.")) from error
    if answer.response_code != SUCCESS:
        logger.warning("VNPay refused refund %s of %s: %s %s", idempotency_key, txn.txn_ref,
                       answer.response_code, answer.message)
        raise RefundFailed(_("VNPay refused the refund (code %(code)s); nothing was cancelled. "
                             "Please try again later.") % {"code": answer.response_code})
    VnpayRefund.objects.create(idempotency_key=idempotency_key, transaction=txn, amount=amount_vnd,
                               reference=answer.transaction_no[:64])
    return answer.transaction_no


def refund_unplaced(txn: VnpayTransaction, *, reason: str) -> None:
    """Give back a paid transaction no order was placed with, and record it."""
    refund_transaction(txn, txn.amount, reason=reason, idempotency_key=f"vnpay-unplaced-{txn.txn_ref}")
    VnpayTransaction.objects.filter(pk=txn.pk).update(status=Status.REFUNDED, updated_at=timezone.now())
    logger.warning("Order #%s: VNPay payment %s refunded: no order was placed with it", txn.order_number,
                   txn.txn_ref)


def refunded_meanwhile_message() -> str:
    return _("Your VNPay payment was refunded because the order was not completed in time. Nothing was "
             "ordered; please place your order again.")


def settle_unplaced(paid_before) -> list[UnplacedPayment]:
    """Refund the VNPay payments confirmed paid before ``paid_before`` that no
    order claimed (the buyer never came back to the return URL). A payment still
    pending whose link has expired is first checked with ``querydr`` (its IPN may
    have been lost); one found paid gets the grace period from now. Each payment
    is locked while it is refunded, so the buyer's late return either places the
    order first or finds it refunded."""
    expired = timezone.now() - timedelta(minutes=settings.VNPAY_EXPIRE_MINUTES)
    for txn in VnpayTransaction.objects.filter(
            status=Status.PENDING, created_at__lt=expired,
            created_at__gte=expired - timedelta(days=QUERY_PENDING_DAYS)).order_by("created_at"):
        confirm_with_query(txn)
    settled = []
    candidates = VnpayTransaction.objects.filter(status=Status.PAID, updated_at__lt=paid_before)
    for txn_ref in candidates.order_by("updated_at").values_list("txn_ref", flat=True):
        with transaction.atomic():
            txn = VnpayTransaction.objects.select_for_update().filter(txn_ref=txn_ref, status=Status.PAID).first()
            if txn is None:
                continue  # placed or refunded meanwhile
            try:
                refund_unplaced(txn, reason=f"No order placed for {txn.order_number}")
            except RefundFailed as error:
                settled.append(UnplacedPayment(txn.txn_ref, txn.order_number, txn.amount, refunded=False,
                                               detail=str(error)))
                continue
        settled.append(UnplacedPayment(txn.txn_ref, txn.order_number, txn.amount, refunded=True,
                                       email=txn.email, language=txn.language))
    return settled


class VnpayPayment(PaymentMethod):
    code = "vnpay"
    name = gettext_lazy("VNPay: domestic ATM card, internet banking or VNPAY-QR")
    description = gettext_lazy("You pay now on VNPay's secure page with a Vietnamese bank card, internet "
                               "banking or your banking app's QR scanner; the order is placed once VNPay "
                               "confirms the payment.")
    place_order_template = "checkout/payment/vnpay/place_order.html"
    instructions_template = "checkout/payment/vnpay/instructions.html"
    instructions_text_template = "checkout/payment/vnpay/instructions.txt"

    @classmethod
    def is_enabled(cls) -> bool:
        return bool(settings.VNPAY_TMN_CODE and settings.VNPAY_HASH_SECRET and settings.VNPAY_PAYMENT_URL)

    @classmethod
    def urls(cls):
        from checkout.payment.vnpay.views import vnpay_ipn

        return [path("vnpay/ipn/", vnpay_ipn, name="vnpay-ipn")]

    def preview_context(self, request, session, *, basket, order_number, total):
        email = session.get_guest_email() or getattr(request.user, "email", "") or ""
        txn = start_transaction(str(order_number), whole_dong(total.incl_tax), email=email,
                                language=translation.get_language() or settings.LANGUAGE_CODE)
        session.set_payment_reference(txn.txn_ref)
        created = timezone.now()
        url = VnpayGateway().pay_url(
            txn_ref=txn.txn_ref, amount_vnd=txn.amount, order_info=f"Cho OCOP don hang {order_number}",
            return_url=request.build_absolute_uri(reverse("checkout:preview")),
            ip_address=request.META.get("REMOTE_ADDR") or "127.0.0.1",
            locale="en" if (translation.get_language() or "vi").startswith("en") else "vn",
            created=created, expires=created + timedelta(minutes=settings.VNPAY_EXPIRE_MINUTES),
        )
        return {"vnpay_url": url}

    def payment_details(self, request, session):
        # Only the transaction this session started may pay for its order; the
        # return's response code is read only when VNPay signed it.
        txn_ref = request.GET.get("vnp_TxnRef")
        signed = VnpayGateway().verify(request.GET)
        return {
            "txn_ref": txn_ref if txn_ref and txn_ref == session.payment_reference() else None,
            "return_code": request.GET.get("vnp_ResponseCode", "") if signed else "",
        }

    def is_gateway_return(self, request):
        return bool(request.GET.get("vnp_TxnRef"))

    def take_payment(self, order_number, total, txn_ref: str | None = None, return_code: str = "", **details):
        order_number = str(order_number)
        txn = VnpayTransaction.objects.filter(txn_ref=txn_ref, order_number=order_number).first() if txn_ref else None
        if txn is None:
            raise UnableToTakePayment(_("This VNPay payment does not match your order. Please try again."))
        if txn.status == Status.PENDING:
            confirm_with_query(txn)
            txn.refresh_from_db()
        if txn.status == Status.FAILED or (txn.status == Status.PENDING and return_code and return_code != SUCCESS):
            VnpayTransaction.objects.filter(pk=txn.pk, status=Status.PENDING).update(
                status=Status.FAILED, response_code=return_code[:4], updated_at=timezone.now())
            if (return_code or txn.response_code) == CANCELLED_BY_BUYER:
                raise VnpayNotPaid(_("You cancelled the payment on VNPay's page. Nothing was ordered or charged."))
            raise VnpayNotPaid(_("VNPay did not take the payment (code %(code)s). Nothing was ordered; "
                                 "please try again or choose another payment method.")
                               % {"code": return_code or txn.response_code or "-"})
        if txn.status == Status.PENDING:
            raise UnableToTakePayment(_("VNPay has not confirmed your payment yet. Please wait a moment and "
                                        "reload this page; if you paid, your order will be placed."))
        if txn.status == Status.REFUNDED:
            raise VnpayRefundedMeanwhile(refunded_meanwhile_message())
        if txn.status != Status.PAID:
            raise VnpayAlreadyUsed(_("This VNPay payment has already been used. Please check your orders."))
        if txn.amount != whole_dong(total.incl_tax):
            # The basket changed while the buyer was on VNPay's page: never place
            # an order for a different amount than was paid.
            try:
                refund_unplaced(txn, reason=f"Order {order_number} changed during payment")
            except RefundFailed:
                logger.exception("Order #%s: VNPay payment %s does not match and could not be refunded",
                                 order_number, txn.txn_ref)
            raise RefundedBeforePlacement(
                _("Your basket changed while you were paying, so the VNPay payment was refunded. "
                  "Please check your basket and pay again.")
            )
        return PaymentResult(
            source_type=SourceTypeName.VNPAY,
            amount_allocated=total.incl_tax,
            amount_debited=total.incl_tax,
            reference=txn.txn_ref,
            payment_status=PaymentStatus.PAID,
            events=[(PaymentEventName.PAID, total.incl_tax, txn.transaction_no or txn.txn_ref)],
        )

    def claim_payment(self, result, order_number):
        claimed = VnpayTransaction.objects.filter(txn_ref=result.reference, status=Status.PAID).update(
            status=Status.PLACED, updated_at=timezone.now())
        if not claimed and VnpayTransaction.objects.filter(txn_ref=result.reference, status=Status.REFUNDED).exists():
            raise VnpayRefundedMeanwhile(refunded_meanwhile_message())
        if not claimed:
            raise VnpayAlreadyUsed(_("This VNPay payment has already been used. Please check your orders."))

    def refund_how(self):
        return _("Refunded through VNPay at once to the card or account you paid with; your bank shows it "
                 "within a few working days.")

    def given_back_message(self, amount):
        return _("Your VNPay payment of %(amount)s ₫ has been refunded through VNPay to the card or account "
                 "you paid with; your bank shows it within a few working days.") % {"amount": amount}

    def not_given_back_message(self, reference):
        return _("Your VNPay payment was taken and VNPay could not refund it automatically: our team has been "
                 "alerted and will refund you. Reference: %(ref)s") % {"ref": reference}

    def settle_unplaced(self, paid_before):
        return settle_unplaced(paid_before)

    def release_payment(self, order_number, txn_ref: str | None = None, **details):
        if not txn_ref:
            return None
        with transaction.atomic():
            txn = VnpayTransaction.objects.select_for_update().filter(
                txn_ref=txn_ref, order_number=str(order_number)).first()
            if txn is None:
                return None
            if txn.status == Status.PENDING:
                confirm_with_query(txn)  # the IPN may not have arrived yet
                txn.refresh_from_db()
            if txn.status != Status.PAID:
                return None  # not paid (yet: a late IPN is refunded by settle_unplaced_payments)
            refund_unplaced(txn, reason=f"Order {order_number} can no longer be placed")
        return Decimal(txn.amount)

    def undo_payment(self, result, order_number):
        with transaction.atomic():
            txn = VnpayTransaction.objects.select_for_update().get(txn_ref=result.reference)
            if txn.status == Status.PAID:
                refund_unplaced(txn, reason=f"Order {order_number} could not be placed")

    def refund(self, order, amount, *, reason, idempotency_key):
        source = order.sources.filter(source_type__name=SourceTypeName.VNPAY).first()
        txn = VnpayTransaction.objects.filter(txn_ref=source.reference).first() if source else None
        if txn is None or not txn.transaction_no:
            raise RefundFailed(_("This order has no VNPay payment to refund."))
        reference = refund_transaction(txn, whole_dong(amount), reason=reason, idempotency_key=idempotency_key)
        return RefundResult(amount=amount, settled=True, reference=reference or request_id(idempotency_key))

    def instructions(self, order):
        return {"vnpay_paid": whole_dong(order.total_incl_tax)}
