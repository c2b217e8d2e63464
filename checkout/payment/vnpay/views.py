"""VNPay's IPN: ``/checkout/vnpay/ipn/`` (register this URL with VNPay).

VNPay calls it server to server (GET, signed query string) after each payment,
and retries until it gets an answer it understands: ``{"RspCode", "Message"}``
with the codes of VNPay's protocol. A notification changes a transaction only when
it is signed with the shop's secret, names a transaction the shop started, is for
exactly its amount, and the transaction is still pending: replays and late
duplicates get "already confirmed" and change nothing.
"""

import logging

from django.conf import settings
from django.http import HttpResponseNotFound, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from checkout.payment.vnpay.client import SUCCESS, VnpayGateway
from checkout.payment.vnpay.models import VnpayTransaction
from checkout.payment.vnpay.records import record_payment

logger = logging.getLogger(__name__)


def answer(code: str, message: str) -> JsonResponse:
    return JsonResponse({"RspCode": code, "Message": message})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def vnpay_ipn(request):
    if not settings.VNPAY_HASH_SECRET:
        return HttpResponseNotFound("VNPay is not configured")
    params = request.GET if request.method == "GET" else request.POST
    if not VnpayGateway().verify(params):
        logger.warning("VNPay IPN with an invalid signature for %s", params.get("vnp_TxnRef"))
        return answer("97", "Invalid signature")
    txn = VnpayTransaction.objects.filter(txn_ref=params.get("vnp_TxnRef", "")).first()
    if txn is None:
        return answer("01", "Order not found")
    amount = params.get("vnp_Amount", "")
    if not amount.isdigit() or int(amount) != txn.amount * 100:
        logger.error("VNPay IPN for %s: amount %s, expected %s × 100", txn.txn_ref, amount, txn.amount)
        return answer("04", "Invalid amount")
    paid = params.get("vnp_ResponseCode") == SUCCESS and params.get("vnp_TransactionStatus") == SUCCESS
    recorded = record_payment(
        txn.txn_ref, amount_vnd=txn.amount, paid=paid, transaction_no=params.get("vnp_TransactionNo", ""),
        bank_code=params.get("vnp_BankCode", ""), response_code=params.get("vnp_ResponseCode", ""),
        pay_date=params.get("vnp_PayDate", ""),
    )
    if not recorded:
        return answer("02", "Order already confirmed")
    logger.info("VNPay IPN: %s %s", txn.txn_ref, "paid" if paid else f"not paid ({params.get('vnp_ResponseCode')})")
    return answer(SUCCESS, "Confirm Success")
