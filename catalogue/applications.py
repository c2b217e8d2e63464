"""Certificate applications: a producer submits a recognition decision for one of
their products; an OCOP officer approves it (the certificate is created, a renewal
supersedes the old certificate at the same moment, so the product never leaves
sale) or rejects it with a reason. Every step is an ``ApplicationEvent``; the
producer is emailed in their language once the step has committed."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalogue.certification import certificate_valid_until, today
from catalogue.models import (
    ApplicationEvent,
    Certificate,
    CertificateApplication,
    Product,
    RecognitionDecision,
)
from catalogue.search.indexing import schedule_reindex
from marketplace.accounts.sites import absolute_url
from marketplace.emails import send_email

logger = logging.getLogger(__name__)

#: The decision fields a producer copies from the scan, in the order shown.
DECISION_FIELDS = (
    "decision_number", "signed_on", "issuing_body", "issuing_level", "criteria_version",
    "star", "potential_5", "certificate_number",
)


# Who sees what


def is_officer(user) -> bool:
    return user.is_active and user.has_perm("catalogue.review_certificateapplication")


def officer_applications(user) -> QuerySet:
    """The applications an officer reviews: all, or those of producers in the
    provinces of their ``OfficerScope``."""
    applications = CertificateApplication.objects.all()
    scope = getattr(user, "officer_scope", None)
    if scope is not None:
        province_ids = list(scope.provinces.values_list("pk", flat=True))
        if province_ids:
            applications = applications.filter(producer__province_id__in=province_ids)
    return applications


def applications_visible_to(user) -> QuerySet:
    """Applications ``user`` may read: an officer's scope, and the producer's own
    (the producers whose partner the user belongs to)."""
    if not user.is_authenticated:
        return CertificateApplication.objects.none()
    own = Q(producer__partner__users=user)
    if is_officer(user):
        return CertificateApplication.objects.filter(
            Q(pk__in=officer_applications(user).values("pk")) | own
        ).distinct()
    return CertificateApplication.objects.filter(own).distinct()


def can_review(user, application: CertificateApplication) -> bool:
    return (
        application.is_pending
        and is_officer(user)
        and officer_applications(user).filter(pk=application.pk).exists()
    )


# Steps


def submit_application(product: Product, user, **decision) -> CertificateApplication:
    """Record an application for ``product`` (renewing its current certificate, if
    any) with the decision's fields and scan (``decision["scan"]``, already
    validated by ``validate_scan``)."""
    if product.producer is None or not product.producer.partner.users.filter(pk=user.pk).exists():
        raise PermissionDenied
    signed_on: datetime.date = decision["signed_on"]
    if signed_on > today():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    if certificate_valid_until(signed_on) < today():
        raise ValidationError(
            {"signed_on": _("A decision signed on this date has already expired (certificates run 36 months).")}
        )
    if decision.get("potential_5") and decision.get("star") != 4:
        raise ValidationError(
            {"potential_5": _("A potential 5★ product is recognised as 4★ until the national review.")}
        )
    with transaction.atomic():
        if product.applications.filter(status=CertificateApplication.STATUS_PENDING).exists():
            raise ValidationError(_("This product already has an application awaiting review."))
        application = CertificateApplication.objects.create(
            product=product,
            producer=product.producer,
            renews=product.current_certificate,
            submitted_by=user,
            **decision,
        )
        ApplicationEvent.objects.create(
            application=application, action=ApplicationEvent.ACTION_SUBMITTED, actor=user,
        )
    return application


def _decision_for(application: CertificateApplication) -> RecognitionDecision:
    """The recognition decision the application names: an existing one with the
    same number, date and issuer (one decision lists many products), or a new one."""
    decision, _created = RecognitionDecision.objects.get_or_create(
        number=application.decision_number,
        signed_on=application.signed_on,
        issuing_body=application.issuing_body,
        defaults={
            "issuing_level": application.issuing_level,
            "criteria_version": application.criteria_version,
        },
    )
    return decision


def _locked_pending(application: CertificateApplication, officer) -> CertificateApplication:
    locked = CertificateApplication.objects.select_for_update().get(pk=application.pk)
    if not locked.is_pending:
        raise ValidationError(_("This application has already been decided."))
    if not can_review(officer, locked):
        raise PermissionDenied
    return locked


def approve_application(application: CertificateApplication, officer) -> Certificate:
    """Create the certificate the application describes. A renewal supersedes the
    certificate it renews in the same transaction (no moment without a valid
    certificate); search reindexes the product once this commits."""
    with transaction.atomic():
        application = _locked_pending(application, officer)
        decision = _decision_for(application)
        if Certificate.objects.filter(decision=decision, product=application.product).exists():
            raise ValidationError(_("This product already has a certificate from this decision."))
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    decision=decision,
                    product=application.product,
                    number=application.certificate_number,
                    star=application.star,
                    potential_5=application.potential_5,
                )
        except IntegrityError:
            raise ValidationError(_("This product already has a certificate from this decision.")) from None
        changes = {
            str(_("certificate")): ["", str(certificate)],
            str(_("valid until")): ["", certificate.valid_until.isoformat()],
        }
        renewed = application.renews
        if renewed is not None and renewed.status == Certificate.STATUS_ACTIVE:
            renewed.status = Certificate.STATUS_SUPERSEDED
            renewed.superseded_by = certificate  # its verification page links to the new one
            renewed.save(update_fields=["status", "superseded_by", "date_updated"])
            changes[str(_("renewed certificate"))] = [str(renewed), str(_("Superseded"))]
        application.status = CertificateApplication.STATUS_APPROVED
        application.certificate = certificate
        application.date_decided = timezone.now()
        application.save(update_fields=["status", "certificate", "date_decided"])
        ApplicationEvent.objects.create(
            application=application, action=ApplicationEvent.ACTION_APPROVED, actor=officer,
            changes=changes,
        )
        schedule_reindex([application.product_id])
        transaction.on_commit(lambda: send_decision_email(application.pk))
    return certificate


def reject_application(application: CertificateApplication, officer, reason: str) -> CertificateApplication:
    """Refuse the application with a reason the producer reads."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection (the producer reads it).")})
    with transaction.atomic():
        application = _locked_pending(application, officer)
        application.status = CertificateApplication.STATUS_REJECTED
        application.rejection_reason = reason
        application.date_decided = timezone.now()
        application.save(update_fields=["status", "rejection_reason", "date_decided"])
        ApplicationEvent.objects.create(
            application=application, action=ApplicationEvent.ACTION_REJECTED, actor=officer, note=reason,
        )
        transaction.on_commit(lambda: send_decision_email(application.pk))
    return application


# Emails


def producer_recipients(producer) -> list[str]:
    """The producer's users and contact address."""
    emails = {user.email for user in producer.partner.users.all() if user.email and user.is_active}
    if producer.email:
        emails.add(producer.email)
    return sorted(emails)


def send_to_producer(producer, template: str, context: dict) -> bool:
    """Send ``templates/producers/email/<template>_{subject,body}.txt`` to the
    producer in their language; False when they have no address."""
    recipients = producer_recipients(producer)
    if not recipients:
        logger.warning("Producer %s has no email address for %s", producer, template)
        return False
    send_email(f"producers/email/{template}", recipients, {"producer": producer, **context},
               language=producer.language)
    return True


def send_decision_email(application_id: int) -> None:
    application = CertificateApplication.objects.select_related(
        "product", "producer__partner", "certificate"
    ).get(pk=application_id)
    with translation.override(application.producer.language or settings.LANGUAGE_CODE):
        url = absolute_url(reverse("producer-dashboard:application-detail", kwargs={"pk": application.pk}))
    send_to_producer(application.producer, f"application_{application.status}",
                     {"application": application, "product": application.product, "url": url})
