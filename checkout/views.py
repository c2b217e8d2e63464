"""Checkout views: Oscar's flow with our address form and payment methods. The
views only talk to a payment method through its interface
(``checkout.payment.base.PaymentMethod``); taking payment and placing the order
is ``checkout.placement``."""

import logging

from django import http
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.checkout import views as oscar_views
from oscar.core.loading import get_class, get_model

from checkout.forms import PaymentMethodForm, PickUpForm
from checkout.payment import available_methods, payment_instructions
from checkout.payment.base import PaymentSpent, UnableToPlaceOrder, UnableToTakePayment
from checkout.phones import HOME_REGION, normalise_mobile
from checkout.placement import OrderSubmission, place_order, release_payment
from marketplace.order.buyer import buyer_order_path
from marketplace.order.fulfilment import lines_by_producer
from marketplace.sales_points.pickup import points_serving
from marketplace.shipping.methods import ClickAndCollect

logger = logging.getLogger("oscar.checkout")

FailedPreCondition = get_class("checkout.exceptions", "FailedPreCondition")
PaymentError = get_class("payment.exceptions", "PaymentError")
Province = get_model("regions", "Province")


def buyer_fields(checkout_session) -> dict:
    """Who the buyer is (name, mobile) from the address stored in the session."""
    fields = checkout_session.new_shipping_address_fields() or {}
    return {key: fields[key] for key in ("first_name", "phone_number") if key in fields}


class ShippingAddressView(oscar_views.ShippingAddressView):
    def get_available_addresses(self):
        # Address-book entries predate the province/ward fields the delivery fee
        # needs, so the buyer enters the address on the current map each time.
        return []

    def get_initial(self):
        if self.checkout_session.collection_point_code():
            # The stored address is a sales point's: keep only who the buyer is.
            return buyer_fields(self.checkout_session)
        initial = super().get_initial() or {}
        initial.pop("country", None)
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_pick_up"] = bool(points_serving(self.request.basket))
        return ctx

    def form_valid(self, form):
        self.checkout_session.deliver_home()
        return super().form_valid(form)


class PickUpView(oscar_views.CheckoutSessionMixin, generic.FormView):
    """Click and collect: the buyer chooses one of the sales points holding the
    whole basket; the point's address becomes the order's shipping address and
    its pick-up the shipping method (no fee)."""

    template_name = "oscar/checkout/pick_up.html"
    form_class = PickUpForm
    pre_conditions = ["check_basket_is_not_empty", "check_basket_is_valid", "check_user_email_is_captured"]
    skip_conditions = ["skip_unless_basket_requires_shipping"]

    def dispatch(self, request, *args, **kwargs):
        self.points = points_serving(request.basket)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.points:
            messages.info(request, _("No sales point holds everything in your basket: we deliver it to you."))
            return http.HttpResponseRedirect(reverse("checkout:shipping-address"))
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "points": self.points}

    def get_initial(self):
        initial = buyer_fields(self.checkout_session)
        code = self.checkout_session.collection_point_code()
        if code:
            initial["sales_point"] = code
        return initial

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "points": self.points}

    def form_valid(self, form):
        self.checkout_session.ship_to_new_address(form.shipping_address_fields())
        self.checkout_session.collect_at(form.cleaned_data["sales_point"].code)
        self.checkout_session.use_shipping_method(ClickAndCollect.code)
        return http.HttpResponseRedirect(reverse("checkout:payment-details"))


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    """payment-details: choose a method; preview: review (and pay, for methods
    that take the payment on the page); place_order: ``checkout.placement``."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        methods = available_methods()
        ctx["payment_methods"] = methods
        ctx.setdefault("payment_form", PaymentMethodForm(methods=methods))
        method = self.payment_method()
        ctx["payment_method"] = method
        if self.preview and method:
            basket = self.request.basket
            ctx.update(method.preview_context(
                self.request, self.checkout_session, basket=basket,
                order_number=str(self.generate_order_number(basket)), total=ctx.get("order_total"),
            ))
        return ctx

    def get(self, request, *args, **kwargs):
        # A gateway sends the buyer back here after paying on its page (Stripe
        # after a 3-D Secure check): the order is placed at once.
        method = self.payment_method() if self.preview else None
        if method and method.is_gateway_return(request):
            return self.handle_place_order_submission(request)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # The method choice posts to payment-details itself (Oscar posts to the
        # preview, whose pre-condition is exactly that a method was chosen).
        if not self.preview:
            return self.handle_payment_details_submission(request)
        return super().post(request, *args, **kwargs)

    def check_basket_is_valid(self, request):
        """Oscar's check, and when it fails as the buyer comes back from paying
        (a product lost its certificate or its stock while they were on the
        gateway's page), the payment is given back instead of being left taken
        behind a redirect to the basket."""
        try:
            super().check_basket_is_valid(request)
        except FailedPreCondition as failed:
            method = self.payment_method() if self.preview and self.is_order_submission(request) else None
            if method is not None:
                told = release_payment(
                    method, str(self.generate_order_number(request.basket)),
                    method.payment_details(request, self.checkout_session),
                    email=self.checkout_session.get_guest_email() or getattr(request.user, "email", "") or "",
                    language=translation.get_language() or "vi", reason=" ".join(failed.messages),
                )
                if told:
                    failed.messages.append(told)
                    self.checkout_session.start_new_payment_attempt()
            raise

    def is_order_submission(self, request) -> bool:
        """This request places the order: "Place order" posted, or a gateway's return."""
        if request.method == "POST":
            return request.POST.get("action") == "place_order"
        method = self.payment_method()
        return request.method == "GET" and method is not None and method.is_gateway_return(request)

    def handle_payment_details_submission(self, request):
        form = PaymentMethodForm(request.POST, methods=available_methods())
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        self.checkout_session.pay_by(form.cleaned_data["payment_method"])
        return http.HttpResponseRedirect(reverse("checkout:preview"))

    def handle_place_order_submission(self, request):
        method = self.payment_method()
        if method is None:
            return http.HttpResponseRedirect(reverse("checkout:payment-details"))
        details = method.payment_details(request, self.checkout_session)
        return self.submit(**self.build_submission(payment_kwargs={"method": method, "details": details}))

    def submit(self, user, basket, shipping_address, shipping_method, shipping_charge, billing_address,
               order_total, payment_kwargs=None, order_kwargs=None, surcharges=None):
        """Oscar's ``submit``, with payment and placement in ``checkout.placement``:
        freeze the basket, place the order, and show the outcome."""
        order_number = str(self.generate_order_number(basket))
        self.checkout_session.set_order_number(order_number)
        self.freeze_basket(basket)
        self.checkout_session.set_submitted_basket(basket)
        submission = OrderSubmission(
            number=order_number, user=user, basket=basket, total=order_total,
            shipping_method=shipping_method, shipping_charge=shipping_charge,
            shipping_address=shipping_address, billing_address=billing_address, surcharges=surcharges,
            order_fields=order_kwargs or {}, language=translation.get_language() or "vi", request=self.request,
        )
        try:
            try:
                order = place_order(submission, payment_kwargs["method"], payment_kwargs["details"])
            except PaymentSpent:
                self.checkout_session.start_new_payment_attempt()
                raise
        except UnableToTakePayment as error:
            logger.warning("Order #%s: unable to take payment (%s)", order_number, error)
            self.restore_frozen_basket()
            return self.render_payment_details(self.request, error=str(error))
        except UnableToPlaceOrder as error:
            logger.warning("Order #%s: unable to place order (%s)", order_number, error)
            self.restore_frozen_basket()
            return self.render_preview(self.request, error=str(error))
        except PaymentError:
            logger.exception("Order #%s: payment error", order_number)
            self.restore_frozen_basket()
            return self.render_preview(self.request, error=_(
                "A problem occurred while processing payment for this order - no payment has been taken.  "
                "Please contact customer services if this problem persists"))
        except Exception:
            logger.exception("Order #%s: unhandled exception while placing order", order_number)
            self.restore_frozen_basket()
            return self.render_preview(self.request, error=_(
                "A problem occurred while placing this order. Please contact customer services."))
        return self.handle_successful_order(order)

    def send_order_placed_email(self, order):
        """Nothing to do: the placement schedules the emails when it commits."""


class ThankYouView(oscar_views.ThankYouView):
    def get_context_data(self, *args, **kwargs):
        ctx = super().get_context_data(*args, **kwargs)
        order = ctx["order"]
        ctx.update(payment_instructions(order))
        ctx["lines_by_producer"] = lines_by_producer(order)
        ctx["order_page_url"] = buyer_order_path(order)
        return ctx


def province_wards(request, code):
    """The wards of one province, for the address form's dependent select."""
    province = get_object_or_404(Province, pk=code)
    wards = list(province.wards.order_by("short_name").values("code", "name"))
    response = http.JsonResponse({"province": province.code, "wards": wards})
    response["Cache-Control"] = "public, max-age=86400"
    return response


def phone_check(request):
    """The checkout's mobile number check, for the page's script when the buyer
    leaves the field: the same rule and message as the form (``normalise_mobile``),
    in the buyer's language."""
    number = request.GET.get("number", "")[:64]
    country = request.GET.get("country", "")[:4] or HOME_REGION
    try:
        e164 = normalise_mobile(number, country)
    except ValidationError as error:
        return http.JsonResponse({"valid": False, "message": " ".join(error.messages)})
    return http.JsonResponse({"valid": True, "e164": e164})
