"""Customs: the watchlist, risk profiles, screened declarations, and what officers record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tbmnet.apps.registry.models import Organisation


class EntityKind(models.TextChoices):
    COMPANY = "company", _("Company")
    PERSON = "person", _("Person")
    VESSEL = "vessel", _("Vessel")
    CONTAINER = "container", _("Container")
    AIRCRAFT = "aircraft", _("Aircraft")


class SharingLevel(models.TextChoices):
    """Traffic Light Protocol (FIRST TLP 2.0): who may see an entry beyond its author."""

    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    RED = "red", "TLP:RED"


class WatchlistEntity(models.Model):
    entity_id = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=16, choices=EntityKind.choices)
    name = models.CharField(max_length=300)
    aliases = models.JSONField(default=list, blank=True)
    address = models.TextField(blank=True)
    country = models.CharField(max_length=2, blank=True)
    identifiers = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=500)
    shared_by = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    sharing_level = models.CharField(max_length=8, choices=SharingLevel.choices,
                                     default=SharingLevel.GREEN)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "watchlist entities"

    def __str__(self) -> str:
        return f"{self.name} ({self.entity_id})"


class RiskProfile(models.Model):
    """A rule an authority writes as data; ``definition`` is read by tbmnet.screening.profiles."""

    profile_id = models.CharField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    definition = models.JSONField(help_text="weight, when (all|any), conditions, validity")
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["profile_id"]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.title}"


class DeclarationStatus(models.TextChoices):
    OPEN = "open", _("Awaiting action")
    RELEASED = "released", _("Released")
    DOCUMENTS_CHECKED = "documents_checked", _("Documents checked")
    INSPECTED = "inspected", _("Inspected")
    SEIZED = "seized", _("Seized")
    REFERRED = "referred", _("Referred to the competent authority")


class Declaration(models.Model):
    """A customs declaration as screened: its fields, the screening result, its handling."""

    declaration_id = models.CharField(max_length=80)
    customs_office = models.CharField(max_length=120)
    office = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="declarations")
    state = models.CharField(max_length=2, db_index=True,
                             help_text="the state whose customs screened it")
    date = models.DateField()
    direction = models.CharField(max_length=10)
    state_of_export = models.CharField(max_length=2)
    state_of_import = models.CharField(max_length=2)
    hs_code = models.CharField(max_length=12)
    description = models.TextField()
    exporter_name = models.CharField(max_length=300)
    importer_name = models.CharField(max_length=300)
    net_mass_kg = models.DecimalField(max_digits=14, decimal_places=2)
    notification_number = models.CharField(max_length=40, blank=True)
    containers = models.CharField(max_length=500, blank=True)
    fields = models.JSONField(help_text="the declaration as received")
    decision = models.CharField(max_length=20, db_index=True)
    risk = models.PositiveSmallIntegerField(db_index=True)
    matched_notification = models.CharField(max_length=40, blank=True)
    matched_movement = models.CharField(max_length=40, blank=True)
    flags = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=DeclarationStatus.choices,
                              default=DeclarationStatus.OPEN, db_index=True)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    screened_at = models.DateTimeField()

    class Meta:
        ordering = ["-risk", "-screened_at"]
        constraints = [models.UniqueConstraint(fields=["state", "customs_office",
                                                       "declaration_id"],
                                               name="declaration_unique")]
        indexes = [models.Index(fields=["state", "status", "-risk"])]

    def __str__(self) -> str:
        return f"{self.declaration_id} ({self.customs_office})"

    @property
    def flag_codes(self) -> list[str]:
        return [flag["code"] for flag in self.flags]


class InspectionKind(models.TextChoices):
    DOCUMENTARY = "documentary", _("Documentary check")
    PHYSICAL = "physical", _("Physical inspection")


class Inspection(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE,
                                    related_name="inspections")
    kind = models.CharField(max_length=12, choices=InspectionKind.choices)
    findings = models.TextField()
    compliant = models.BooleanField()
    waste_codes_found = models.JSONField(default=list, blank=True,
                                         help_text='e.g. ["Y46"] when household waste is found')
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="inspections/%Y/%m/")
    caption = models.CharField(max_length=200, blank=True)


class Seizure(models.Model):
    declaration = models.OneToOneField(Declaration, on_delete=models.CASCADE,
                                       related_name="seizure")
    containers = models.CharField(max_length=500)
    quantity_kg = models.DecimalField(max_digits=14, decimal_places=2)
    reason = models.TextField()
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    at = models.DateTimeField()


class Referral(models.Model):
    """A declaration handed to the competent authority of the office's state."""

    declaration = models.OneToOneField(Declaration, on_delete=models.CASCADE,
                                       related_name="referral")
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                  related_name="referrals_received")
    note = models.TextField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    at = models.DateTimeField()
