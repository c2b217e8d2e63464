"""VNPay's bookkeeping in the database. Models of the ``checkout`` app (its
migrations)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VnpayTransaction(models.Model):
    """One payment sent to VNPay (one ``vnp_TxnRef``) and what became of it.

    Written when the preview page builds the signed redirect; moved to paid or
    failed only by a signed IPN (or a signed ``querydr`` answer) for exactly its
    amount, and to placed by the placement transaction that wrote its order. Each
    move is a conditional UPDATE from the state before it, so a replayed IPN, an
    IPN racing the buyer's return, or a second place-order click changes nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for VNPay")
        PAID = "paid", _("Paid, order not yet placed")
        FAILED = "failed", _("Not paid")
        PLACED = "placed", _("Order placed")
        REFUNDED = "refunded", _("Refunded, no order")

    #: ``vnp_TxnRef``: the order number and the checkout's attempt.
    txn_ref = models.CharField(_("VNPay reference"), max_length=100, primary_key=True)
    order_number = models.CharField(_("order number"), max_length=128, db_index=True)
    #: Whole đồng (VNPay's ``vnp_Amount`` is this × 100).
    amount = models.PositiveBigIntegerField(_("amount"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    #: ``vnp_CreateDate`` of the redirect: ``querydr`` and ``refund`` name the payment by it.
    created_vnp = models.CharField(_("created (VNPay time)"), max_length=14)
    #: From the IPN: VNPay's transaction number, the bank, VNPay's codes.
    transaction_no = models.CharField(_("VNPay transaction"), max_length=32, blank=True)
    bank_code = models.CharField(_("bank"), max_length=32, blank=True)
    response_code = models.CharField(_("response code"), max_length=4, blank=True)
    pay_date = models.CharField(_("paid at (VNPay time)"), max_length=14, blank=True)
    #: Who pays and in which language, from the checkout: a payment no order was
    #: placed with is refunded later (``settle_unplaced_payments``) and the
    #: buyer told, when their checkout session is out of reach.
    email = models.EmailField(_("buyer's email"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        app_label = "checkout"
        verbose_name = _("VNPay payment")
        verbose_name_plural = _("VNPay payments")

    def __str__(self) -> str:
        return f"{self.txn_ref}: {self.status}"


class VnpayRefund(models.Model):
    """A refund VNPay accepted, by the shop's idempotency key: a retried
    cancellation finds it here and does not ask VNPay again."""

    idempotency_key = models.CharField(_("idempotency key"), max_length=255, primary_key=True)
    transaction = models.ForeignKey(VnpayTransaction, on_delete=models.PROTECT, related_name="refunds",
                                    verbose_name=_("VNPay payment"))
    amount = models.PositiveBigIntegerField(_("amount"))
    #: VNPay's transaction number of the refund.
    reference = models.CharField(_("VNPay refund"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        app_label = "checkout"
        verbose_name = _("VNPay refund")
        verbose_name_plural = _("VNPay refunds")

    def __str__(self) -> str:
        return f"{self.idempotency_key}: {self.amount}"
