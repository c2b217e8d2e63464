"""Uploaded bank statements and their credit lines. Models of the ``checkout``
app (its migrations)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatementLayout(models.TextChoices):
    """The column layouts an operator chooses from on upload (``parsers``)."""

    VIETCOMBANK = "vietcombank", _("Vietcombank (VCB Digibank / iBanking CSV export)")
    TECHCOMBANK = "techcombank", _("Techcombank (Business Online CSV export)")
    GENERIC = "generic", _("Generic: date, amount, description, reference")


class BankStatement(models.Model):
    """One uploaded statement file."""

    layout = models.CharField(_("layout"), max_length=16, choices=StatementLayout.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    #: Credit lines in the file, and how many of them an earlier upload already had.
    credit_count = models.PositiveIntegerField(_("credits"), default=0)
    already_imported = models.PositiveIntegerField(_("credits already imported"), default=0)
    #: Debits (money leaving the account) in the file: skipped.
    debit_count = models.PositiveIntegerField(_("debits skipped"), default=0)

    class Meta:
        app_label = "checkout"
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"


class StatementLine(models.Model):
    """One credit on a statement, imported once whatever the number of uploads
    (``fingerprint``), and what became of it."""

    class Outcome(models.TextChoices):
        #: Transfer code and exact amount: the order was marked paid on upload.
        MATCHED = "matched", _("Matched automatically")
        #: Waiting for an operator's decision (``review_reason`` says why).
        REVIEW = "review", _("To review")
        #: An operator assigned it to an order, which was marked paid.
        ASSIGNED = "assigned", _("Assigned by an operator")
        #: An overpayment: the order was marked paid and the excess recorded as owed back.
        REFUND_OWED = "refund_owed", _("Paid, excess owed back")
        IGNORED = "ignored", _("Ignored")

    class ReviewReason(models.TextChoices):
        UNKNOWN = "unknown", _("No order code in the note")
        AMBIGUOUS = "ambiguous", _("Several order codes in the note")
        NO_ORDER = "no_order", _("The code names no order")
        #: Compared with what the order still asks for (``amount_due``: its total
        #: less the lines cancelled before the transfer), not its placed total.
        PARTIAL = "partial", _("Less than the amount due on the order")
        OVERPAID = "overpaid", _("More than the amount due on the order")
        DUPLICATE = "duplicate", _("The order is already paid")
        NOT_AWAITING = "not_awaiting", _("The order is not awaiting a transfer")

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines",
                                  verbose_name=_("bank statement"))
    #: The line in the uploaded file (1 = its first line).
    line_number = models.PositiveIntegerField(_("line"))
    booked_on = models.DateField(_("date"))
    #: Whole đồng, credited to the shop's account.
    amount = models.PositiveBigIntegerField(_("amount"))
    description = models.TextField(_("transfer note"), blank=True)
    #: The bank's own reference of the transaction, where the layout has one.
    reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    #: SHA-256 of the date, amount, folded note, reference and the occurrence of
    #: that same line in its file: the same credit uploaded again is recognised.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    review_reason = models.CharField(_("why it needs review"), max_length=16, choices=ReviewReason.choices,
                                     blank=True)
    #: The order the code in the note names (also for lines to review), or the
    #: one an operator assigned it to.
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="statement_lines", verbose_name=_("order"))
    #: The order's PaymentEvent this line paid (one per line at most).
    payment_event = models.OneToOneField("order.PaymentEvent", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="statement_line", verbose_name=_("payment event"))
    #: Set by an operator's decision: who, when, and why (required to ignore).
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)

    class Meta:
        app_label = "checkout"
        ordering = ["statement", "line_number"]
        verbose_name = _("bank statement line")
        verbose_name_plural = _("bank statement lines")
        indexes = [models.Index(fields=["outcome"], name="checkout_stmtline_outcome")]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.line_number} {self.amount} {self.outcome}"

    @property
    def payment_reference(self) -> str:
        """The reference of the PaymentEvent this line records: the bank's
        reference where there is one, always naming the line uniquely."""
        return f"{self.reference or 'statement'}#{self.fingerprint[:12]}"[:128]
