"""Illegal-traffic cases (Basel Art. 9), opened by a competent authority, e.g. from a referral."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tbmnet.apps.registry.models import Organisation


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    TAKE_BACK = "take_back", _("Take-back under way")
    CLOSED = "closed", _("Closed")


class IllegalTrafficGround(models.TextChoices):
    """Basel Convention Art. 9(1): what makes a movement illegal traffic."""

    NO_NOTIFICATION = "9(1)(a)", _("Art. 9(1)(a): without notification to all States concerned")
    NO_CONSENT = "9(1)(b)", _("Art. 9(1)(b): without the consent of a State concerned")
    FRAUD = "9(1)(c)", _("Art. 9(1)(c): consent obtained by falsification or fraud")
    NOT_CONFORMING = "9(1)(d)", _("Art. 9(1)(d): not in material conformity with the documents")
    DUMPING = "9(1)(e)", _("Art. 9(1)(e): deliberate disposal contrary to the Convention")
    UNDETERMINED = "", _("Not yet determined")


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

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.number
