"""Catalogue fork: products and categories that speak Vietnamese and English, and
the OCOP certification that decides whether a product may be sold.

Oscar's own models are defined at the bottom (``from ... import *``) so that ours,
defined first, replace them.
"""

import datetime
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import (
    AbstractCategory,
    AbstractProduct,
    AbstractProductImage,
)
from oscar.apps.catalogue.managers import ProductQuerySet as OscarProductQuerySet
from oscar.core.loading import get_class

from catalogue import certification
from catalogue.groups import GROUP_CHOICES, GROUPS_BY_CODE, LEGACY_GROUPS_2018
from catalogue.scans import CHECKS
from catalogue.verification.codes import new_verification_code
from marketplace.languages import is_english


class ProductQuerySet(OscarProductQuerySet):
    def sellable(self, on: datetime.date | None = None):
        """Products with a valid OCOP certificate on ``on`` (default today)."""
        return self.filter(
            Exists(Certificate.objects.valid(on).filter(product=OuterRef("pk")))
        )

    def holding_star(self, star: int, on: datetime.date | None = None):
        """Products whose current star on ``on`` is ``star`` (the highest star
        among their valid certificates, as search counts it)."""
        valid = Certificate.objects.valid(on)
        return self.filter(
            certification.holds_star(
                star, lambda s: Exists(valid.filter(product=OuterRef("pk"), star=s))
            )
        )

    def with_certification(self):
        """Prefetch certificates (newest first) with their decisions, so the star
        badge and notices on a list cost one query, not one per product."""
        return self.prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related("decision").order_by(
                    "-valid_until", "-pk"
                ),
            )
        )

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .select_related("producer__province", "producer__ward", "producer__partner")
            .with_certification()
        )


class Product(AbstractProduct):
    #: English title; the Vietnamese one is Oscar's ``title``.
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    #: English description; the Vietnamese one is Oscar's ``description``.
    description_en = models.TextField(_("description (English)"), blank=True)
    #: Who makes it. Certification belongs to the product, never to the producer.
    producer = models.ForeignKey(
        "producers.Producer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("producer"),
    )

    #: Pack size as sold, in the producer's words ("hộp 10 gói x 20 g", "chai 500 ml").
    pack_size = models.CharField(_("pack size"), max_length=64, blank=True)
    #: Shipping weight of one unit, packed.
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    def get_title(self):
        if is_english() and self.title_en:
            return self.title_en
        return super().get_title()

    get_title.short_description = AbstractProduct.get_title.short_description

    def get_description(self) -> str:
        if is_english() and self.description_en:
            return self.description_en
        return self.description

    def is_review_permitted(self, user) -> bool:
        """Verified purchases only: a buyer who received the product, once. (The
        rule is the orders'; loaded by name since orders sit above the catalogue.)"""
        has_received = get_class("order.fulfilment", "has_received")
        return has_received(user, self) and not self.has_review_by(user)

    def __str__(self) -> str:
        # Basket lines describe themselves with str(product): English on English pages.
        return self.get_title() or super().__str__()

    # Certification. These read the prefetched ``certificates`` when a list used
    # ``with_certification()``, so they cost no query there.

    @cached_property
    def _certificates(self) -> list:
        return list(self.certificates.all())

    @property
    def current_certificate(self):
        """The certificate that gives the product its current star today."""
        return certification.current_certificate(self._certificates)

    @property
    def latest_certificate(self):
        """The newest certificate whatever its state (for "expired"/"revoked" notices)."""
        return max(self._certificates, key=lambda c: (c.valid_until, c.pk), default=None)

    @property
    def is_sellable(self) -> bool:
        return self.current_certificate is not None

    @property
    def was_ever_certified(self) -> bool:
        return bool(self._certificates)

    @property
    def ocop_star(self) -> int | None:
        certificate = self.current_certificate
        return certificate.star if certificate else None

    @property
    def group(self):
        """The OCOP product group, from the product's category."""
        for category in self.categories.all():
            if category.group_code:
                return GROUPS_BY_CODE.get(category.group_code)
        return None


class ProductImage(AbstractProductImage):
    #: What the photo shows, read aloud to buyers who cannot see it.
    alt_text = models.CharField(_("image description (Vietnamese)"), max_length=200, blank=True)
    alt_text_en = models.CharField(_("image description (English)"), max_length=200, blank=True)

    def get_alt_text(self) -> str:
        if is_english() and self.alt_text_en:
            return self.alt_text_en
        return self.alt_text or self.product.get_title()


class Category(AbstractCategory):
    #: English name; the Vietnamese one is Oscar's ``name``.
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    #: OCOP group code (food, beverage, herbal, handicraft, ornamental, tourism)
    #: for the six top-level group categories; blank for sub-categories.
    group_code = models.CharField(
        _("OCOP group"), max_length=32, choices=GROUP_CHOICES, blank=True, db_index=True
    )

    def get_name(self) -> str:
        if is_english() and self.name_en:
            return self.name_en
        return self.name

    def __str__(self) -> str:
        return self.get_name()


def validate_scan(upload) -> None:
    """Decision scans: one whole PDF, JPEG or PNG file (``catalogue.scans``), within
    the size limit."""
    limit = settings.CERTIFICATE_SCAN_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The scan is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)},
            code="scan_too_large",
        )
    extension = os.path.splitext(upload.name)[1].lower()
    if extension not in CHECKS:
        raise ValidationError(
            _("Upload the decision as a PDF, JPEG or PNG file."), code="scan_bad_type"
        )
    data = upload.read()
    upload.seek(0)
    CHECKS[extension](data)


class RecognitionDecision(models.Model):
    """A signed decision recognising OCOP products ("Quyết định công nhận"); one
    decision lists many products, each with its own star."""

    LEVEL_DISTRICT = "district"
    LEVEL_PROVINCE = "province"
    LEVEL_CENTRAL = "central"
    LEVEL_CHOICES = [
        (LEVEL_DISTRICT, _("District")),
        (LEVEL_PROVINCE, _("Province")),
        (LEVEL_CENTRAL, _("Central")),
    ]
    CRITERIA_1048 = "1048"
    CRITERIA_148 = "148"
    CRITERIA_CHOICES = [
        (CRITERIA_1048, _("Decision 1048/QĐ-TTg (2019)")),
        (CRITERIA_148, _("Decision 148/QĐ-TTg (2023)")),
    ]
    #: Criteria 148 apply to decisions signed from this day.
    CRITERIA_148_FROM = datetime.date(2023, 2, 24)

    #: Number exactly as printed, e.g. "1032/QĐ-UBND".
    number = models.CharField(_("decision number"), max_length=64)
    #: Signing date: certificates run 36 months from it.
    signed_on = models.DateField(_("signed on"))
    #: Issuer exactly as printed ("UBND tỉnh Thừa Thiên Huế"), never rewritten to the
    #: current map: it is a historical record.
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    #: Level as printed; which level may grant which star changed over time, so it
    #: is stored, not derived.
    issuing_level = models.CharField(_("issuing level"), max_length=16, choices=LEVEL_CHOICES)
    criteria_version = models.CharField(
        _("criteria version"), max_length=8, choices=CRITERIA_CHOICES
    )
    #: Scanned decision (PDF, JPEG or PNG).
    scan = models.FileField(
        _("scan"), upload_to="decisions/%Y/", blank=True, validators=[validate_scan]
    )
    date_created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["number", "signed_on", "issuing_body"], name="unique_recognition_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"

    @classmethod
    def criteria_for(cls, signed_on: datetime.date) -> str:
        return cls.CRITERIA_148 if signed_on >= cls.CRITERIA_148_FROM else cls.CRITERIA_1048


class CertificateQuerySet(models.QuerySet):
    def valid(self, on: datetime.date | None = None):
        """Certificates that make their product sellable on ``on`` (default today)."""
        return self.filter(certification.valid_certificate_q(on=on))


class Certificate(models.Model):
    """One product's OCOP recognition within a decision."""

    STATUS_ACTIVE = certification.ACTIVE
    STATUS_REVOKED = "revoked"
    STATUS_SUPERSEDED = "superseded"
    STATUS_CHOICES = [
        (STATUS_ACTIVE, _("Active")),
        (STATUS_REVOKED, _("Revoked")),
        (STATUS_SUPERSEDED, _("Superseded")),
    ]
    STAR_CHOICES = [(star, f"{star}★") for star in certification.STARS]

    decision = models.ForeignKey(
        RecognitionDecision,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("recognition decision"),
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("product"),
    )
    #: Certificate number as printed, where the province issues one.
    number = models.CharField(_("certificate number"), max_length=64, blank=True)
    #: Recognised star. Only 3–5 are OCOP certifications; 1★/2★ are never stored.
    star = models.PositiveSmallIntegerField(_("star rating"), choices=STAR_CHOICES)
    #: Scored 5★ by the province and sent for national review: sold as 4★ until the
    #: central decision ("awaiting national 5★ review").
    potential_5 = models.BooleanField(_("potential 5★"), default=False)
    #: Score out of 100, when published.
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    #: Signing date + 36 months (set on save when empty).
    valid_until = models.DateField(_("valid until"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=STATUS_ACTIVE, db_index=True
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("revocation reason"), blank=True)
    #: The reason in English, for English pages (shown next to the reason as
    #: written); optional, operators fill it when they can.
    revocation_reason_en = models.TextField(_("revocation reason (English)"), blank=True)
    #: 2018 (Decision 490) group as printed on older certificates, if any.
    legacy_group = models.CharField(
        _("group as printed (2018)"),
        max_length=64,
        blank=True,
        choices=[(name, name) for name in LEGACY_GROUPS_2018],
    )
    #: Public verification code (``/verify/<code>/``, QR codes, labels): random, not
    #: the database id, given on creation and never changed (it is printed on packets).
    code = models.CharField(
        _("verification code"), max_length=16, unique=True, editable=False,
        default=new_verification_code,
    )
    #: The newer certificate that replaced this one (status "superseded"): its
    #: verification page sends the shopper there.
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    date_created = models.DateTimeField(auto_now_add=True)
    date_updated = models.DateTimeField(auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_until", "-pk"]
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(star__in=list(certification.STARS)),
                name="certificate_star_3_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(potential_5=False) | models.Q(star=4),
                name="certificate_potential_5_is_4_star",
            ),
            models.UniqueConstraint(
                fields=["decision", "product"], name="unique_certificate_per_decision"
            ),
        ]
        indexes = [
            # The sellable test (an EXISTS per product on lists, basket and placement).
            models.Index(fields=["product", "status", "valid_until"], name="certificate_sellable_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.star}★ ({self.decision.number})"

    def save(self, *args, **kwargs):
        if not self.valid_until and self.decision_id:
            self.valid_until = certification.certificate_valid_until(self.decision.signed_on)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.potential_5 and self.star != 4:
            raise ValidationError(
                {"potential_5": _("A potential 5★ product is recognised as 4★ until the national review.")}
            )
        if self.status == self.STATUS_REVOKED and not (self.revocation_reason or "").strip():
            raise ValidationError(
                {"revocation_reason": _("Give the reason for the revocation (it is shown to buyers).")}
            )

    def is_valid_on(self, on: datetime.date) -> bool:
        return certification.is_valid(self, on)

    def state(self, on: datetime.date | None = None) -> str:
        """valid / expired / revoked / superseded on ``on`` (default today)."""
        return certification.certificate_state(self, on)

    def get_verification_url(self) -> str:
        from django.urls import reverse

        return reverse("catalogue-verify", kwargs={"code": self.code})


def current_certificate_subquery(on: datetime.date | None = None, field: str = "pk"):
    """``field`` of each product's current certificate, as a subquery over a product
    queryset: the valid certificate with the highest star, then the latest
    valid-until (``Product.current_certificate`` in SQL, for counting by star)."""
    return models.Subquery(
        Certificate.objects.valid(on).filter(product=OuterRef("pk"))
        .order_by("-star", "-valid_until", "-pk")
        .values(field)[:1]
    )


class CertificateScan(models.Model):
    """How many times a certificate's verification page was opened on one day.
    Nothing about who opened it (no address, account, device or cookie): the
    count alone is the signal (scans after expiry point at stale or fake labels)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="scans", verbose_name=_("certificate")
    )
    #: Day in the shop's time zone.
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("scans"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("certificate scans on a day")
        verbose_name_plural = _("certificate scans")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "day"], name="unique_certificate_scan_day")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.day}: {self.count}"


class PrivateStorage(FileSystemStorage):
    """Where application scans live: ``PRIVATE_MEDIA_ROOT`` (read at each use),
    outside the public media path, with no URL: served only by a
    permission-checked view."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; use the permission-checked view.")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


class CertificateApplication(models.Model):
    """A producer's request to have a recognition decision recorded as a
    certificate of one of their products (a renewal when the product already holds
    one). An OCOP officer compares it with the scan and approves or rejects it;
    services are in ``catalogue.applications``."""

    STATUS_PENDING = "pending"
    STATUS_APPROVED = "approved"
    STATUS_REJECTED = "rejected"
    STATUS_CHOICES = [
        (STATUS_PENDING, _("Awaiting review")),
        (STATUS_APPROVED, _("Approved")),
        (STATUS_REJECTED, _("Rejected")),
    ]

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="applications", verbose_name=_("product")
    )
    #: The product's producer when submitted: scoping (isolation, officers'
    #: provinces) reads it without a join through the product.
    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.CASCADE, related_name="applications",
        verbose_name=_("producer"),
    )
    #: The certificate this application renews (None for a first certificate).
    renews = models.ForeignKey(
        Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="renewals",
        verbose_name=_("renews"),
    )
    #: What the producer copied from the decision, exactly as printed.
    decision_number = models.CharField(_("decision number"), max_length=64)
    signed_on = models.DateField(_("signed on"))
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    issuing_level = models.CharField(
        _("issuing level"), max_length=16, choices=RecognitionDecision.LEVEL_CHOICES
    )
    criteria_version = models.CharField(
        _("criteria version"), max_length=8, choices=RecognitionDecision.CRITERIA_CHOICES
    )
    star = models.PositiveSmallIntegerField(_("star rating"), choices=Certificate.STAR_CHOICES)
    potential_5 = models.BooleanField(_("potential 5★"), default=False)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    #: The decision's scan, private (``PRIVATE_MEDIA_ROOT``).
    scan = models.FileField(
        _("scan of the decision"), upload_to="applications/%Y/%m/", storage=private_storage,
        validators=[validate_scan],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=STATUS_PENDING, db_index=True
    )
    #: Given by the officer on rejection; shown to the producer.
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    #: The certificate the approval created.
    certificate = models.OneToOneField(
        Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="application",
        verbose_name=_("certificate"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("submitted by"),
    )
    date_created = models.DateTimeField(_("submitted at"), auto_now_add=True)
    date_decided = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-date_created", "-pk"]
        verbose_name = _("certificate application")
        verbose_name_plural = _("certificate applications")
        permissions = [("review_certificateapplication", _("Can review certificate applications"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(potential_5=False) | models.Q(star=4),
                name="application_potential_5_is_4_star",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.decision_number}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.STATUS_PENDING

    @property
    def is_renewal(self) -> bool:
        return self.renews_id is not None


class ApplicationEvent(models.Model):
    """One step of an application (submitted, approved, rejected): who, when,
    what changed. Shown on the application to the producer and officers."""

    ACTION_SUBMITTED = "submitted"
    ACTION_APPROVED = "approved"
    ACTION_REJECTED = "rejected"
    ACTION_CHOICES = [
        (ACTION_SUBMITTED, _("Submitted")),
        (ACTION_APPROVED, _("Approved")),
        (ACTION_REJECTED, _("Rejected")),
    ]

    application = models.ForeignKey(
        CertificateApplication, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=16, choices=ACTION_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("by"),
    )
    #: A reason or remark in the actor's words.
    note = models.TextField(_("note"), blank=True)
    #: What the step changed, as {field label: [before, after]} (text).
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    date_created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["date_created", "pk"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.date_created:%d/%m/%Y %H:%M})"


class OfficerScope(models.Model):
    """The provinces an OCOP officer reviews. An officer without a scope (or with
    no provinces) reviews every province."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_scope"
    )
    provinces = models.ManyToManyField(
        "regions.Province", blank=True, related_name="+", verbose_name=_("provinces")
    )

    class Meta:
        verbose_name = _("OCOP officer's provinces")
        verbose_name_plural = _("OCOP officers' provinces")

    def __str__(self) -> str:
        return str(self.user)


class ExpiryReminder(models.Model):
    """A reminder sent about a certificate's expiry at a threshold (90, 30, 7 or
    0 days): the unique pair makes ``notify_expiring_certificates`` idempotent."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="expiry_reminders"
    )
    #: Days before ``valid_until`` (0: the last valid day).
    threshold = models.PositiveSmallIntegerField(_("days before expiry"))
    date_sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "threshold"], name="unique_expiry_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.threshold}"


# Oscar models this fork does not replace, imported after ours so ours win (Oscar's
# documented way to fork an app): hence below the code, star, and unused here.
from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403

# The search table is a model of this app defined in its own module; importing it
# here registers it with the app (Django looks for models in models.py).
from catalogue.search.models import ProductSearchDocument  # noqa: E402,F401
