"""``VnpayGateway``: VNPay's v2.1.0 protocol, with no SDK (VNPay publishes none for
Python).

- The payment page is a GET redirect whose parameters are signed with
  HMAC-SHA512 over the sorted, URL-encoded ``key=value`` pairs (the same string
  as the query, before ``vnp_SecureHash``); the return URL and the IPN come back
  signed the same way.
- ``querydr`` and ``refund`` are JSON POSTs to ``VNPAY_API_URL``, signed over
  their fields joined by ``|`` in the order VNPay's documentation fixes; their
  answers are signed the same way and are checked before being believed.
- ``vnp_Amount`` is the amount × 100 (VNPay's protocol, even for VND, which has
  no minor unit); dates are ``yyyyMMddHHmmss`` in Vietnam's time (GMT+7).

Tests inject the HTTP client (``VnpayGateway.http_client``), so nothing reaches
the network.
"""

import hashlib
import hmac
import json
import re
import unicodedata
import urllib.request
import uuid
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote_plus

from django.conf import settings
from django.utils import timezone

VERSION = "2.1.0"
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

#: ``vnp_ResponseCode`` / ``vnp_TransactionStatus`` of a successful payment or call.
SUCCESS = "00"
#: ``vnp_ResponseCode`` on the return URL when the buyer cancelled on VNPay's page.
CANCELLED_BY_BUYER = "24"

#: The fields each API call signs, in VNPay's order.
QUERYDR_FIELDS = ("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
                  "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo")
QUERYDR_ANSWER_FIELDS = ("vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
                         "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
                         "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode",
                         "vnp_PromotionAmount")
REFUND_FIELDS = ("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType",
                 "vnp_TxnRef", "vnp_Amount", "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy",
                 "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo")
REFUND_ANSWER_FIELDS = ("vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
                        "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
                        "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo")

#: ``vnp_TransactionType`` of a refund.
FULL_REFUND = "02"
PARTIAL_REFUND = "03"

HttpPost = Callable[[str, dict], dict]


class GatewayError(Exception):
    """VNPay could not be reached, or answered something that is not signed by it."""


def vnpay_time(moment: datetime | None = None) -> str:
    return (moment or timezone.now()).astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def plain_text(text: str, limit: int = 255) -> str:
    """VNPay wants descriptions in unaccented Vietnamese, letters, digits and spaces."""
    text = unicodedata.normalize("NFKD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^A-Za-z0-9 ]", " ", text).split())[:limit]


def vnp_amount(amount_vnd: int) -> int:
    """VNPay counts in hundredths of the currency, VND included."""
    return amount_vnd * 100


def _hmac(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode("utf-8"), hashlib.sha512).hexdigest()


def query_string(params: Mapping[str, str]) -> str:
    """The sorted ``key=value`` pairs, URL-encoded as VNPay's own sample code does
    (``quote_plus``): both the query and the string that is signed."""
    return "&".join(f"{quote_plus(key)}={quote_plus(str(params[key]))}" for key in sorted(params))


@dataclass(frozen=True)
class ApiAnswer:
    response_code: str
    transaction_status: str
    transaction_no: str
    amount_vnd: int | None
    message: str
    data: dict


def _post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 (a configured https URL)
        return json.loads(response.read())


class VnpayGateway:
    #: Tests set a ``(url, json_body) -> json_answer`` callable here; None = urllib.
    http_client: HttpPost | None = None

    def __init__(self, *, tmn_code: str | None = None, hash_secret: str | None = None,
                 payment_url: str | None = None, api_url: str | None = None, http_client: HttpPost | None = None):
        self.tmn_code = tmn_code or settings.VNPAY_TMN_CODE
        self.hash_secret = hash_secret or settings.VNPAY_HASH_SECRET
        self.payment_url = payment_url or settings.VNPAY_PAYMENT_URL
        self.api_url = api_url or settings.VNPAY_API_URL
        self.post = http_client or self.http_client or _post_json

    # Redirect, return URL and IPN -------------------------------------------

    def sign(self, params: Mapping[str, str]) -> str:
        return _hmac(self.hash_secret, query_string(params))

    def pay_url(self, *, txn_ref: str, amount_vnd: int, order_info: str, return_url: str, ip_address: str,
                locale: str, created: datetime, expires: datetime) -> str:
        params = {
            "vnp_Version": VERSION, "vnp_Command": "pay", "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(vnp_amount(amount_vnd)), "vnp_CurrCode": "VND", "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": plain_text(order_info), "vnp_OrderType": "other", "vnp_Locale": locale,
            "vnp_ReturnUrl": return_url, "vnp_IpAddr": ip_address,
            "vnp_CreateDate": vnpay_time(created), "vnp_ExpireDate": vnpay_time(expires),
        }
        return f"{self.payment_url}?{query_string(params)}&vnp_SecureHash={self.sign(params)}"

    def verify(self, params: Mapping[str, str]) -> bool:
        """Whether VNPay signed these return-URL or IPN parameters (all ``vnp_``
        parameters but the hash itself are signed)."""
        received = str(params.get("vnp_SecureHash") or "").lower()
        signed = {key: value for key, value in params.items()
                  if key.startswith("vnp_") and key not in ("vnp_SecureHash", "vnp_SecureHashType")}
        return bool(received) and hmac.compare_digest(received, self.sign(signed))

    # API (querydr, refund) --------------------------------------------------

    def _call(self, body: dict, fields: tuple, answer_fields: tuple) -> ApiAnswer:
        if not self.api_url:
            raise GatewayError("VNPAY_API_URL is not set")
        body["vnp_SecureHash"] = _hmac(self.hash_secret, "|".join(str(body.get(f, "")) for f in fields))
        try:
            answer = self.post(self.api_url, body)
        except (OSError, ValueError) as error:
            raise GatewayError(f"VNPay API unreachable: {error}") from error
        if not isinstance(answer, dict):
            raise GatewayError("VNPay API answered something that is not a JSON object")
        expected = _hmac(self.hash_secret, "|".join(str(answer.get(f) or "") for f in answer_fields))
        if not hmac.compare_digest(str(answer.get("vnp_SecureHash") or "").lower(), expected):
            raise GatewayError(f"VNPay API answer is not signed by VNPay (code {answer.get('vnp_ResponseCode')})")
        amount = answer.get("vnp_Amount")
        return ApiAnswer(
            response_code=str(answer.get("vnp_ResponseCode") or ""),
            transaction_status=str(answer.get("vnp_TransactionStatus") or ""),
            transaction_no=str(answer.get("vnp_TransactionNo") or ""),
            amount_vnd=int(amount) // 100 if str(amount or "").isdigit() else None,
            message=str(answer.get("vnp_Message") or ""), data=answer,
        )

    def _request(self, command: str, request_id: str | None, ip_address: str) -> dict:
        return {
            "vnp_RequestId": request_id or uuid.uuid4().hex, "vnp_Version": VERSION, "vnp_Command": command,
            "vnp_TmnCode": self.tmn_code, "vnp_CreateDate": vnpay_time(), "vnp_IpAddr": ip_address,
        }

    def query(self, *, txn_ref: str, transaction_date: str, ip_address: str = "127.0.0.1") -> ApiAnswer:
        """``querydr``: what VNPay knows of the payment ``txn_ref`` (created at
        ``transaction_date``, the ``vnp_CreateDate`` of its redirect)."""
        body = self._request("querydr", None, ip_address) | {
            "vnp_TxnRef": txn_ref, "vnp_TransactionDate": transaction_date,
            "vnp_OrderInfo": f"Query {txn_ref}",
        }
        return self._call(body, QUERYDR_FIELDS, QUERYDR_ANSWER_FIELDS)

    def refund(self, *, txn_ref: str, transaction_no: str, transaction_date: str, amount_vnd: int, full: bool,
               request_id: str, created_by: str, reason: str, ip_address: str = "127.0.0.1") -> ApiAnswer:
        """Refund ``amount_vnd`` of a paid transaction. ``request_id`` is derived
        from the shop's idempotency key: VNPay refuses a request id it has seen
        the same day, so a retry cannot refund twice."""
        body = self._request("refund", request_id, ip_address) | {
            "vnp_TransactionType": FULL_REFUND if full else PARTIAL_REFUND, "vnp_TxnRef": txn_ref,
            "vnp_Amount": vnp_amount(amount_vnd), "vnp_TransactionNo": transaction_no,
            "vnp_TransactionDate": transaction_date, "vnp_CreateBy": plain_text(created_by, 250),
            "vnp_OrderInfo": plain_text(reason) or f"Refund {txn_ref}",
        }
        return self._call(body, REFUND_FIELDS, REFUND_ANSWER_FIELDS)
