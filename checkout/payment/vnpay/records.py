"""What VNPay said about a transaction, recorded once: shared by the IPN view and
the payment method's ``querydr`` check (neither imports the other)."""

from django.utils import timezone

from checkout.payment.vnpay.models import VnpayTransaction

Status = VnpayTransaction.Status


def record_payment(txn_ref: str, *, amount_vnd: int, paid: bool, transaction_no: str = "", bank_code: str = "",
                   response_code: str = "", pay_date: str = "") -> bool:
    """Move a pending transaction to paid or failed (from the IPN or a ``querydr``
    answer, both checked by signature and amount by the caller). One conditional
    UPDATE: False when it was no longer pending (a replay, or the other path won)."""
    return bool(VnpayTransaction.objects.filter(txn_ref=txn_ref, status=Status.PENDING, amount=amount_vnd).update(
        status=Status.PAID if paid else Status.FAILED, transaction_no=transaction_no[:32],
        bank_code=bank_code[:32], response_code=response_code[:4], pay_date=pay_date[:14],
        updated_at=timezone.now(),
    ))
