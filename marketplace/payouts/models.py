"""What the shop owes each producer: commission rates, the commission stored on
each order line, the append-only ledger and the payout statements.

Money is whole đồng (VND has no minor unit): ``BigIntegerField`` amounts, never
floats. The rules live in the service modules: ``commission`` (rates and the
rounding), ``ledger`` (what is written when), ``clearing`` (when money becomes
available) and ``statements`` (statements, approval, the bank file).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalogue.groups import GROUP_CHOICES


class CommissionRate(models.Model):
    """The shop's commission, a percent of the line total, for a product group
    (blank: every group), optionally for one producer (an override), valid from a
    moment until another (blank: open). The most specific rate valid when the
    order is placed applies (``commission.rate_in_force``)."""

    #: OCOP group code; blank for a rate that applies to every group.
    group_code = models.CharField(_("OCOP group"), max_length=32, choices=GROUP_CHOICES, blank=True)
    #: Set for a producer's own rate, which overrides the group's.
    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, null=True, blank=True,
        related_name="commission_rates", verbose_name=_("producer"),
    )
    #: Percent of the line total, e.g. 12.50.
    percent = models.DecimalField(
        _("commission (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    valid_from = models.DateTimeField(_("valid from"))
    #: Exclusive; blank while the rate has no end.
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group_code", "producer_id", "-valid_from"]
        verbose_name = _("commission rate")
        verbose_name_plural = _("commission rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="payouts_commission_percent_range"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="payouts_commission_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.percent}% {self.group_code or '*'} {self.producer or ''}".strip()

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": _("The end must come after the start.")})
        if self.valid_from is None:
            return
        overlapping = CommissionRate.objects.filter(
            group_code=self.group_code, producer_id=self.producer_id
        ).exclude(pk=self.pk).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=self.valid_from))
        if self.valid_until:
            overlapping = overlapping.filter(valid_from__lt=self.valid_until)
        if overlapping.exists():
            raise ValidationError(
                _("Another rate for this group and producer is valid in this period: end it first."))


class LineCommission(models.Model):
    """The commission in force when the line's order was placed, stored so that a
    later rate change never rewrites history, and the line's share of the order's
    delivery fee (credited to the producer only when it delivered itself)."""

    line = models.OneToOneField(
        "order.Line", on_delete=models.PROTECT, related_name="commission", verbose_name=_("order line"))
    #: The rate that applied; empty when none was set (the default percent applied).
    rate = models.ForeignKey(
        CommissionRate, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commission rate"),
    )
    percent = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2)
    #: The line total the commission was taken from, whole đồng.
    line_total = models.BigIntegerField(_("line total"))
    #: Whole đồng, ``line_total × percent / 100`` rounded half up.
    amount = models.BigIntegerField(_("commission"))
    #: This line's part of the order's delivery fee, whole đồng.
    delivery_fee_share = models.BigIntegerField(_("delivery fee share"), default=0)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("line commission")
        verbose_name_plural = _("line commissions")

    def __str__(self) -> str:
        return f"{self.percent}% = {self.amount} ₫"


class EntryKind(models.TextChoices):
    #: A line was delivered: line total − commission (+ the delivery fee share
    #: when the producer delivered itself).
    SALE = "sale", _("Sale")
    #: A credited line was refunded or returned: minus its sale.
    REVERSAL = "reversal", _("Reversal")
    #: An operator's correction, with its reason.
    ADJUSTMENT = "adjustment", _("Adjustment")
    #: Money paid out to the producer by a statement: minus its total.
    PAYOUT = "payout", _("Payout")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("Ledger entries are never changed: add a correcting entry."))

    def delete(self):
        raise AppendOnlyError(_("Ledger entries are never deleted: add a correcting entry."))


class AppendOnlyError(Exception):
    pass


class LedgerEntry(models.Model):
    """One movement of what the shop owes a producer, in whole đồng (positive: owed
    to the producer). Append-only: a row is never changed or deleted (the model
    refuses, and a PostgreSQL trigger refuses whatever gets past the ORM);
    corrections are new entries. The balance is the sum of the entries."""

    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, related_name="ledger_entries",
        verbose_name=_("producer"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    #: Whole đồng, signed.
    amount = models.BigIntegerField(_("amount"))
    #: The line a sale or reversal is about.
    line = models.ForeignKey(
        "order.Line", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries",
        verbose_name=_("order line"),
    )
    #: The refund (an Oscar payment event "Refunded" or "Refund due") a reversal follows.
    refund = models.ForeignKey(
        "order.PaymentEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("refund"),
    )
    #: The statement a payout pays.
    statement = models.ForeignKey(
        "payouts.PayoutStatement", on_delete=models.PROTECT, null=True, blank=True,
        related_name="payout_entries", verbose_name=_("statement"),
    )
    #: Why: mandatory for adjustments.
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    #: Who made it (None: the shop itself, or the buyer confirming a delivery).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.UniqueConstraint(fields=["line"], condition=Q(kind="sale"), name="payouts_one_sale_per_line"),
            models.UniqueConstraint(
                fields=["line"], condition=Q(kind="reversal"), name="payouts_one_reversal_per_line"),
            models.UniqueConstraint(
                fields=["statement"], condition=Q(kind="payout"), name="payouts_one_payout_per_statement"),
            models.CheckConstraint(
                condition=~Q(kind__in=["sale", "reversal"]) | Q(line__isnull=False),
                name="payouts_line_entries_have_line"),
            models.CheckConstraint(
                condition=~Q(kind="payout") | Q(statement__isnull=False), name="payouts_payout_has_statement"),
            models.CheckConstraint(
                condition=~Q(kind="adjustment") | ~Q(reason=""), name="payouts_adjustment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ₫"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Ledger entries are never changed: add a correcting entry."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Ledger entries are never deleted: add a correcting entry."))


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    #: Approved: the payout is in the ledger and the transfer in the bank file.
    APPROVED = "approved", _("Approved")
    #: The operator confirmed the bank transfer.
    PAID = "paid", _("Paid")


class PayoutStatement(models.Model):
    """What one producer is paid for a period: the ledger entries it settles
    (``settled``), their total, and where the payment stands."""

    #: e.g. ``PO-20261130-000012``: the period's end and the producer, unique.
    number = models.CharField(_("number"), max_length=32, unique=True)
    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, related_name="payout_statements",
        verbose_name=_("producer"),
    )
    #: The entries available at the end of this day (Vietnam time) are settled.
    period_until = models.DateField(_("period until"))
    status = models.CharField(
        _("status"), max_length=16, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    #: Whole đồng: the sum of the settled entries.
    total = models.BigIntegerField(_("total"))
    settled = models.ManyToManyField(
        LedgerEntry, through="StatementEntry", related_name="statements", verbose_name=_("settled entries"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    #: The bank's reference for the transfer, as the operator confirmed it.
    bank_reference = models.CharField(_("bank reference"), max_length=64, blank=True)

    class Meta:
        ordering = ["-period_until", "number"]
        verbose_name = _("payout statement")
        verbose_name_plural = _("payout statements")
        constraints = [
            models.UniqueConstraint(fields=["producer", "period_until"], name="payouts_one_statement_per_period"),
            models.CheckConstraint(condition=Q(total__gt=0), name="payouts_statement_total_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class StatementEntry(models.Model):
    """An entry settled by a statement: each entry is settled at most once."""

    statement = models.ForeignKey(PayoutStatement, on_delete=models.PROTECT, related_name="+")
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="settlement")

    class Meta:
        verbose_name = _("settled entry")
        verbose_name_plural = _("settled entries")

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.entry_id}"


class BankAccountStatus(models.TextChoices):
    #: Entered by the producer, waiting for an operator.
    PENDING = "pending", _("Waiting for confirmation")
    #: Confirmed by an operator: statements are paid here.
    CONFIRMED = "confirmed", _("Confirmed")
    #: Was confirmed; a newer confirmed account replaced it.
    REPLACED = "replaced", _("Replaced")
    #: An operator refused it, or the producer entered another before it was confirmed.
    REJECTED = "rejected", _("Refused")


class ProducerBankAccount(models.Model):
    """Where a producer is paid: a bank of the NAPAS list (by BIN), the account
    number and the holder's name as the bank writes it (upper case, no accents).
    A producer has at most one confirmed and one pending account; statements are
    paid only to the confirmed one (``bank_accounts.confirmed_bank_details``)."""

    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, related_name="bank_accounts",
        verbose_name=_("producer"),
    )
    #: The bank's 6-digit NAPAS BIN (e.g. 970436 Vietcombank).
    bank_bin = models.CharField(_("bank"), max_length=6)
    #: 6–19 digits.
    account_number = models.CharField(_("account number"), max_length=19)
    #: Upper case without accents, as banks require ("HOP TAC XA QUANG THO II").
    holder = models.CharField(_("account holder"), max_length=120)
    status = models.CharField(
        _("status"), max_length=16, choices=BankAccountStatus.choices, default=BankAccountStatus.PENDING)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("entered by"))

    class Meta:
        ordering = ["producer_id", "-created_at", "-pk"]
        verbose_name = _("producer bank account")
        verbose_name_plural = _("producer bank accounts")
        constraints = [
            models.UniqueConstraint(fields=["producer"], condition=Q(status="confirmed"),
                                    name="payouts_one_confirmed_account"),
            models.UniqueConstraint(fields=["producer"], condition=Q(status="pending"),
                                    name="payouts_one_pending_account"),
            models.CheckConstraint(condition=Q(bank_bin__regex=r"^[0-9]{6}$"), name="payouts_account_bin_digits"),
            models.CheckConstraint(condition=Q(account_number__regex=r"^[0-9]{6,19}$"),
                                   name="payouts_account_number_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.bank_bin} {self.account_number} {self.holder}"

    @property
    def masked_number(self) -> str:
        """The last four digits shown, the rest as dots."""
        return "•" * max(len(self.account_number) - 4, 0) + self.account_number[-4:]


class BankAccountChange(models.Model):
    """The log of a producer's bank account: each account entered (old → new), who
    asked and when, and the operator's decision (who and when)."""

    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, related_name="bank_account_changes",
        verbose_name=_("producer"))
    #: The confirmed account when the change was asked for (None: the first account).
    old_account = models.ForeignKey(
        ProducerBankAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("old account"))
    new_account = models.OneToOneField(
        ProducerBankAccount, on_delete=models.PROTECT, related_name="change", verbose_name=_("new account"))
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("asked by"))
    #: Empty while waiting; then confirmed or refused.
    decision = models.CharField(_("decision"), max_length=16, blank=True, choices=[
        (BankAccountStatus.CONFIRMED, _("Confirmed")), (BankAccountStatus.REJECTED, _("Refused"))])
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"))

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("bank account change")
        verbose_name_plural = _("bank account changes")

    def __str__(self) -> str:
        return f"{self.old_account or '—'} → {self.new_account}"
