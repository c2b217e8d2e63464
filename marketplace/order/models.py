"""Order models: Oscar's, plus what an OCOP marketplace order needs to know.

Our models come first; Oscar's ``import *`` last fills in the rest."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress
from oscar.apps.order.abstract_models import AbstractLine, AbstractOrder, AbstractShippingEvent

from marketplace.languages import is_english
from marketplace.order.carriers import Carrier, tracking_url
from marketplace.order.statuses import LineStatus, OrderStatus, PaymentStatus


class Order(AbstractOrder):
    #: The payment method's code (``checkout.payment``): cod, vietqr, stripe.
    payment_method = models.CharField(_("payment method"), max_length=32, blank=True)
    #: Where the money stands, separate from the fulfilment ``status`` (which
    #: follows the lines): a COD order can be shipped before it is paid.
    payment_status = models.CharField(
        _("payment status"), max_length=32, choices=PaymentStatus.choices, blank=True
    )
    #: The language the buyer used at checkout; their emails are written in it.
    language = models.CharField(_("language"), max_length=8, blank=True)

    @property
    def status_label(self) -> str:
        """The order's status in the reader's language (Oscar stores the English value)."""
        return str(OrderStatus(self.status).label) if self.status in OrderStatus.values else self.status

    class Meta(AbstractOrder.Meta):
        app_label = "order"


class Line(AbstractLine):
    def get_title(self) -> str:
        """The title as ordered (``title``, Vietnamese); on English pages and in
        English emails, the product's English title while the product exists."""
        if is_english() and self.product is not None:
            return self.product.get_title()
        return self.title

    @property
    def description(self) -> str:
        # Oscar's description is the stored title followed by the chosen options.
        return self.get_title() + super().description[len(self.title):]

    @property
    def status_label(self) -> str:
        """The line's status in the reader's language (Oscar stores the English value)."""
        return str(LineStatus(self.status).label) if self.status in LineStatus.values else self.status

    class Meta(AbstractLine.Meta):
        app_label = "order"


class ShippingEvent(AbstractShippingEvent):
    """Oscar's shipping event (lines and quantities), with the parcel's carrier
    and tracking number when lines are shipped: one event is one shipment."""

    #: Empty for events that are not a shipment (delivered).
    carrier = models.CharField(_("carrier"), max_length=16, choices=Carrier.choices, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)

    @property
    def tracking_url(self) -> str:
        return tracking_url(self.carrier, self.tracking_number)

    class Meta(AbstractShippingEvent.Meta):
        app_label = "order"


#: Countries the shop ships to, by ISO code, named in the reader's language.
COUNTRY_NAMES = {"VN": _("Vietnam")}


class ShippingAddress(AbstractShippingAddress):
    #: The destination on the current (2025) map; the fee zone comes from the province.
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("province"),
    )
    ward = models.ForeignKey(
        "regions.Ward", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("ward"),
    )

    def active_address_fields(self):
        """Oscar's printed address lines, the country named in the reader's language
        ("Vietnam" on English pages and emails). The stored name, and so the
        address hash, stay as they are."""
        values = self.get_address_field_values([name for name in self.base_fields if name != "country"])
        if self.country_id:
            name = COUNTRY_NAMES.get(self.country_id)  # no query for the shop's own country
            values.append(str(name) if name else self.country.printable_name)
        return values

    class Meta(AbstractShippingAddress.Meta):
        app_label = "order"


class RefundPaid(models.Model):
    """An operator paid back a refund that was due (a ``Refund due`` payment event:
    a transfer or cash the shop cannot send back through an API): who, when, and
    the bank's reference of the transfer. One per event: marking it twice is a no-op
    (``marketplace.order.refunds_due.mark_refunded``)."""

    event = models.OneToOneField("order.PaymentEvent", on_delete=models.PROTECT, related_name="refund_paid",
                                 verbose_name=_("refund due"))
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("paid by"))
    paid_at = models.DateTimeField(_("paid at"), default=timezone.now)
    #: The reference of the bank transfer that paid the buyer back.
    bank_reference = models.CharField(_("bank reference"), max_length=64)

    class Meta:
        app_label = "order"
        verbose_name = _("refund paid")
        verbose_name_plural = _("refunds paid")

    def __str__(self) -> str:
        return f"{self.event_id}: {self.bank_reference}"


# Oscar models this fork does not replace, imported after ours so ours win (Oscar's
# documented way to fork an app): hence below the code, star, and unused here.
from oscar.apps.order.models import *  # noqa: E402,F401,F403
