"""The registry: who is who. Organisations in a country, their users and roles, facility permits,
and the dated party lists an administrator may correct (with the source of the correction)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    NOTIFIER = "notifier", _("Notifier / exporter")
    GENERATOR = "generator", _("Generator")
    CONSIGNEE = "consignee", _("Consignee / importer")
    CARRIER = "carrier", _("Carrier")
    FACILITY = "facility", _("Disposal or recovery facility")
    COMPETENT_AUTHORITY = "competent_authority", _("Competent authority")
    CUSTOMS_ADMINISTRATION = "customs_administration", _("Customs administration")
    CUSTOMS_OFFICE = "customs_office", _("Customs office")
    SECRETARIAT = "secretariat", _("Secretariat / enforcement network")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    NGO = "ngo", _("NGO")


class Role(models.TextChoices):
    """What a user does for their organisation; access is decided by role and country."""

    NOTIFIER = "notifier", _("Notifier")
    COMPETENT_AUTHORITY = "competent_authority", _("Competent authority officer")
    CUSTOMS = "customs", _("Customs officer")
    CARRIER = "carrier", _("Carrier")
    FACILITY = "facility", _("Facility operator")
    SECRETARIAT = "secretariat", _("Network / secretariat")
    INTELLIGENCE = "intelligence", _("Intelligence partner")
    PUBLIC = "public", _("Public / NGO")


class Organisation(models.Model):
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField(max_length=300)
    country = models.CharField(max_length=2, db_index=True, help_text="ISO 3166-1 alpha-2")
    code = models.CharField(
        max_length=40, blank=True,
        help_text="official code: competent authority code (notification block 15), "
                  "customs office code, or company registration number")
    abbreviation = models.CharField(max_length=40, blank=True)
    region = models.CharField(max_length=120, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children",
                               help_text="e.g. the customs administration of an office")
    address = models.TextField(blank=True)
    contact_person = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    source = models.CharField(max_length=500, blank=True,
                              help_text="where the record comes from (reference data, demo, user)")

    class Meta:
        ordering = ["country", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "country", "code", "name"],
                                               name="organisation_unique")]
        indexes = [models.Index(fields=["kind", "country"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class NetworkMember(models.Model):
    """A state that belongs to an enforcement network or convention secretariat's region.

    The network's secretariat sees, across its members, what is shared with the network."""

    network = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members",
                                limit_choices_to={"kind": OrganisationKind.SECRETARIAT})
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["network", "country"]
        constraints = [models.UniqueConstraint(fields=["network", "country"],
                                               name="network_member_unique")]

    def __str__(self) -> str:
        return f"{self.country} in {self.network.name}"


class Membership(models.Model):
    """A user acting for an organisation in a role."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"],
                                               name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class Permit(models.Model):
    """What a facility may do: operations (Basel Annex IV), waste codes, capacity, validity."""

    facility = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="permits",
                                 limit_choices_to={"kind": OrganisationKind.FACILITY})
    number = models.CharField(max_length=80)
    issued_by = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="permits_issued",
                                  limit_choices_to={"kind": OrganisationKind.COMPETENT_AUTHORITY})
    operations = models.JSONField(default=list, help_text='e.g. ["R4", "R13"]')
    waste_codes = models.JSONField(default=list, help_text='e.g. ["A1160", "Y31"]')
    capacity_tonnes_per_year = models.DecimalField(max_digits=12, decimal_places=2, null=True,
                                                   blank=True)
    valid_from = models.DateField()
    valid_until = models.DateField()

    class Meta:
        ordering = ["facility", "-valid_until"]
        constraints = [models.UniqueConstraint(fields=["facility", "number"],
                                               name="permit_unique")]

    def __str__(self) -> str:
        return f"{self.number} ({self.facility.name})"

    def covers(self, *, operation: str, waste_codes: list[str], on) -> bool:
        return (self.valid_from <= on <= self.valid_until and operation in self.operations
                and set(waste_codes) <= set(self.waste_codes))


class BorderPoint(models.Model):
    """A point of entry or exit (notification block 15(c))."""

    country = models.CharField(max_length=2, db_index=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=500)

    class Meta:
        ordering = ["country", "name"]
        constraints = [models.UniqueConstraint(fields=["country", "name"],
                                               name="border_point_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class Verification(models.TextChoices):
    VERIFIED = "V", "checked against a primary text"
    SECONDARY = "S", "secondary source"
    UNVERIFIED = "U", "unverified"


class PartyStatus(models.Model):
    """A state's standing under an instrument, loaded from codes/data/parties.csv.

    Lists are partial: an administrator corrects a row in the admin and must give the source
    of the correction (``corrected_source``)."""

    instrument = models.CharField(max_length=40)
    country = models.CharField(max_length=2)
    role = models.CharField(max_length=40)
    date_of_effect = models.DateField(null=True, blank=True)
    as_of = models.DateField(null=True, blank=True)
    verification = models.CharField(max_length=1, choices=Verification.choices)
    source = models.CharField(max_length=1000)
    note = models.TextField(blank=True)
    corrected_source = models.CharField(max_length=1000, blank=True,
                                        help_text="source of an administrator's correction")
    corrected_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True,
                                      help_text="the legality engine is rebuilt when it moves")

    class Meta:
        ordering = ["instrument", "country"]
        verbose_name_plural = "party statuses"
        constraints = [models.UniqueConstraint(fields=["instrument", "country", "role"],
                                               name="party_status_unique")]

    def __str__(self) -> str:
        return f"{self.country}: {self.role} of {self.instrument}"


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash of the secret is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
