"""Checkout views: Oscar's flow with our address form, payment methods and a
placement that is all-or-nothing (order, payment records, stock)."""

import logging

import stripe
from django import http
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.apps.checkout import views as oscar_views
from oscar.core.loading import get_class, get_model

from checkout.emails import send_order_emails
from checkout.forms import PaymentMethodForm
from checkout.payment import available_methods, get_method
from checkout.payment.base import whole_dong
from checkout.payment.stripe_card import PaymentAlreadyRefunded, StripeCard
from marketplace.order.fulfilment import lines_by_producer

logger = logging.getLogger("oscar.checkout")

UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Order = get_model("order", "Order")
Province = get_model("regions", "Province")


class ShippingAddressView(oscar_views.ShippingAddressView):
    def get_available_addresses(self):
        # Address-book entries predate the province/ward fields the delivery fee
        # needs, so the buyer enters the address on the current map each time.
        return []

    def get_initial(self):
        initial = super().get_initial() or {}
        initial.pop("country", None)
        return initial


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    """payment-details: choose a method; preview: review (and pay by card);
    place_order: take/arrange payment, then place the order."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        methods = available_methods()
        ctx["payment_methods"] = methods
        ctx.setdefault("payment_form", PaymentMethodForm(methods=methods))
        method = get_method(self.checkout_session._get("payment", "method"))
        ctx["payment_method"] = method
        if self.preview and isinstance(method, StripeCard):
            ctx.update(self.stripe_context(ctx))
        return ctx

    def stripe_context(self, ctx) -> dict:
        from django.conf import settings

        total = ctx.get("order_total")
        basket = self.request.basket
        try:
            intent = StripeCard().prepare(
                order_number=self.generate_order_number(basket), basket_id=basket.id, total=total,
                attempt=self.checkout_session._get("payment", "stripe_attempt", 0),
            )
        except stripe.StripeError:
            logger.exception("Basket #%s: cannot create a Stripe PaymentIntent", basket.id)
            return {"stripe_unavailable": True}
        self.checkout_session._set("payment", "stripe_intent", intent.id)
        return {
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_client_secret": intent.client_secret,
            "stripe_return_url": self.request.build_absolute_uri(reverse("checkout:preview")),
        }

    def get(self, request, *args, **kwargs):
        # Stripe sends the buyer back here after a redirect-based card check (3-D
        # Secure); the server re-fetches the PaymentIntent before placing anything.
        if self.preview and request.GET.get("payment_intent"):
            return self.handle_place_order_submission(request)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # The method choice posts to payment-details itself (Oscar posts to the
        # preview, whose pre-condition is exactly that a method was chosen).
        if not self.preview:
            return self.handle_payment_details_submission(request)
        return super().post(request, *args, **kwargs)

    def handle_payment_details_submission(self, request):
        methods = available_methods()
        form = PaymentMethodForm(request.POST, methods=methods)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        self.checkout_session._set("payment", "method", form.cleaned_data["payment_method"])
        return http.HttpResponseRedirect(reverse("checkout:preview"))

    def handle_place_order_submission(self, request):
        method = get_method(self.checkout_session._get("payment", "method"))
        if method is None:
            return http.HttpResponseRedirect(reverse("checkout:payment-details"))
        payment_kwargs = {"method": method}
        if isinstance(method, StripeCard):
            intent_id = request.POST.get("payment_intent") or request.GET.get("payment_intent")
            if intent_id != self.checkout_session._get("payment", "stripe_intent"):
                intent_id = None  # only the intent this session created may pay
            payment_kwargs["payment_intent_id"] = intent_id
        return self.submit(**self.build_submission(payment_kwargs=payment_kwargs))

    def render_preview(self, request, **kwargs):
        kwargs.pop("method", None)
        kwargs.pop("payment_intent_id", None)
        return super().render_preview(request, **kwargs)

    def render_payment_details(self, request, **kwargs):
        kwargs.pop("method", None)
        kwargs.pop("payment_intent_id", None)
        return super().render_payment_details(request, **kwargs)

    def next_stripe_attempt(self):
        # A refunded intent is spent: the next try needs a fresh one.
        attempt = self.checkout_session._get("payment", "stripe_attempt", 0) + 1
        self.checkout_session._set("payment", "stripe_attempt", attempt)

    def handle_payment(self, order_number, total, method=None, **kwargs):
        try:
            result = method.take_payment(order_number, total, **kwargs)
        except Exception:
            if getattr(method, "refunded", False):
                self.next_stripe_attempt()
            raise
        self._payment = (method, result)
        # Looked up by its unique code: concurrent first orders then race safely
        # (get_or_create retries the read after an IntegrityError), where a lookup
        # by name would let AutoSlugField mint "cash-on-delivery-2".
        source_type, _ = SourceType.objects.get_or_create(
            code=slugify(result.source_type), defaults={"name": result.source_type}
        )
        self.add_payment_source(
            Source(
                source_type=source_type, currency=total.currency,
                amount_allocated=result.amount_allocated, amount_debited=result.amount_debited,
                reference=result.reference,
            )
        )
        for event_type, amount, reference in result.events:
            self.add_payment_event(event_type, amount, reference=reference)

    def handle_order_placement(self, order_number, user, basket, shipping_address, shipping_method,
                               shipping_charge, billing_address, order_total, surcharges=None, **kwargs):
        method, result = self._payment
        kwargs.update(
            payment_method=method.code,
            payment_status=result.payment_status,
            language=translation.get_language() or "vi",
        )
        try:
            # Order, lines, addresses, stock allocation and payment records commit
            # together or not at all.
            with transaction.atomic():
                method.record_placement(result, order_number)
                return super().handle_order_placement(
                    order_number, user, basket, shipping_address, shipping_method,
                    shipping_charge, billing_address, order_total, surcharges=surcharges, **kwargs
                )
        except PaymentAlreadyRefunded:
            self.next_stripe_attempt()
            raise
        except Exception as error:
            if result.amount_debited:
                self.next_stripe_attempt()
                try:
                    method.undo_payment(result, order_number)
                except Exception:
                    logger.exception("Order #%s: refund after failed placement failed", order_number)
                    raise UnableToPlaceOrder(
                        _("%(reason)s Your card was charged and we could not refund it automatically: "
                          "our team has been alerted and will refund you. Reference: %(ref)s")
                        % {"reason": error if isinstance(error, UnableToPlaceOrder) else "", "ref": result.reference}
                    ) from error
                raise UnableToPlaceOrder(
                    _("%(reason)s Your card payment of %(amount)s ₫ has been refunded.")
                    % {"reason": error if isinstance(error, UnableToPlaceOrder)
                       else _("We could not place your order."),
                       "amount": f"{whole_dong(result.amount_debited):,}".replace(",", ".")}
                ) from error
            raise

    def send_order_placed_email(self, order):
        # After commit, in the buyer's language; producers get their own notice.
        transaction.on_commit(lambda: send_order_emails(order.pk))


class ThankYouView(oscar_views.ThankYouView):
    def get_context_data(self, *args, **kwargs):
        ctx = super().get_context_data(*args, **kwargs)
        order = ctx["order"]
        method = get_method(order.payment_method)
        if method:
            ctx["payment_method"] = method
            ctx.update(method.instructions(order))
        ctx["lines_by_producer"] = lines_by_producer(order)
        return ctx


def province_wards(request, code):
    """The wards of one province, for the address form's dependent select."""
    province = get_object_or_404(Province, pk=code)
    wards = list(province.wards.order_by("short_name").values("code", "name"))
    response = http.JsonResponse({"province": province.code, "wards": wards})
    response["Cache-Control"] = "public, max-age=86400"
    return response
