"""VNPay (domestic cards, bank accounts, VNPAY-QR), protocol v2.1.0, all in this package:

- ``client``: ``VnpayGateway``: signing and checking VNPay's parameters, the
  payment page URL, and the ``querydr`` and ``refund`` API calls
- ``method``: ``VnpayPayment``, the payment method the checkout talks to
- ``views``: ``/checkout/vnpay/ipn/``, VNPay's server-to-server notification
- ``models``: each payment sent to VNPay and what became of it, each refund

Nothing is imported here, so ``checkout.models`` can load the models before the
app registry is ready.
"""
