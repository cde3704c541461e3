"""Illegal-traffic cases (Basel Art. 9), opened by a competent authority, e.g. from a referral,
and worked with the state of export until the waste is taken back or soundly disposed of."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tbmnet.apps.registry.models import Organisation


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    TAKE_BACK = "take_back", _("Take-back under way")
    DISPOSAL = "disposal", _("Environmentally sound disposal under way")
    CLOSED = "closed", _("Closed")


class IllegalTrafficGround(models.TextChoices):
    """Basel Convention Art. 9(1): what makes a movement illegal traffic."""

    NO_NOTIFICATION = "9(1)(a)", _("Art. 9(1)(a): without notification to all States concerned")
    NO_CONSENT = "9(1)(b)", _("Art. 9(1)(b): without the consent of a State concerned")
    FRAUD = "9(1)(c)", _("Art. 9(1)(c): consent obtained by falsification or fraud")
    NOT_CONFORMING = "9(1)(d)", _("Art. 9(1)(d): not in material conformity with the documents")
    DUMPING = "9(1)(e)", _("Art. 9(1)(e): deliberate disposal contrary to the Convention")
    UNDETERMINED = "", _("Not yet determined")


class Responsibility(models.TextChoices):
    """Basel Convention Art. 9(2)–(4): who is at fault decides what becomes of the waste."""

    EXPORTER = "9(2)", _("Art. 9(2): the exporter or generator; the state of export takes "
                         "the waste back (or has it otherwise disposed of) within 30 days")
    IMPORTER = "9(3)", _("Art. 9(3): the importer or disposer; the state of import ensures "
                         "environmentally sound disposal within 30 days")
    UNASSIGNED = "9(4)", _("Art. 9(4): responsibility cannot be assigned; the states "
                           "concerned cooperate to dispose of it as soon as possible")


class Case(models.Model):
    number = models.CharField(max_length=30, unique=True)
    status = models.CharField(max_length=12, choices=CaseStatus.choices,
                              default=CaseStatus.OPEN)
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    ground = models.CharField(max_length=8, choices=IllegalTrafficGround.choices, blank=True)
    state_of_export = models.CharField(max_length=2, blank=True)
    state_of_import = models.CharField(max_length=2, blank=True)
    summary = models.TextField()
    referral = models.OneToOneField("customs.Referral", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="case")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField()
    responsibility = models.CharField(max_length=4, choices=Responsibility.choices, blank=True)
    informed_on = models.DateField(null=True, blank=True,
                                   help_text="the state of export informed (Art. 9(2) clock)")
    due_on = models.DateField(null=True, blank=True)
    deadline_basis = models.CharField(max_length=300, blank=True)
    return_departed_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    disposed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.number


class CaseEvent(models.Model):
    """One step of a case, by one of the two sides, in the order it was recorded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField()
    happened_on = models.DateField()
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.happened_on}"
