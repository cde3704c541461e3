"""Notifications (every box of the Basel/OECD notification form), the states concerned and
their decisions, and signed consents. Tables and enums only: the acts are in ``services``.

Blocks follow the harmonised notification document (rules.md §7): the notifier fills 1–18,
the competent authorities 19–21 (here: ``Decision`` rows).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tbmnet.apps.registry.models import Organisation


class NotificationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the authority of export")
    TRANSMITTED = "transmitted", _("Transmitted to the states concerned")
    CONSENTED = "consented", _("Consented")
    OBJECTED = "objected", _("Objected")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


class NotificationKind(models.TextChoices):
    """Block 3 A: one shipment, or several under a general notification (Basel Art. 6(6))."""

    SINGLE = "single", _("Individual shipment")
    GENERAL = "general", _("Multiple shipments (general notification)")


class Purpose(models.TextChoices):
    """Block 3 B."""

    DISPOSAL = "disposal", _("Disposal (D)")
    RECOVERY = "recovery", _("Recovery (R)")


class StateRole(models.TextChoices):
    EXPORT = "export", _("State of export")
    TRANSIT = "transit", _("State of transit")
    IMPORT = "import", _("State of import")


class StateStatus(models.TextChoices):
    """Where one state concerned stands (blocks 19–21 of the form)."""

    PENDING = "pending", _("Awaiting the notification")
    RECEIVED = "received", _("Received, awaiting decision")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INFORMATION_REQUESTED = "information_requested", _("Further information requested")
    TRANSMITTED = "transmitted", _("Transmitted (state of export)")
    NOTIFIED = "notified", _("Notified only (no consent required)")
    CONSENTED = "consented", _("Consented")
    OBJECTED = "objected", _("Objected")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class DecisionKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    INFORMATION_REQUEST = "information_request", _("Request for further information")
    CONSENT = "consent", _("Consent")
    OBJECTION = "objection", _("Objection")
    WITHDRAWAL = "withdrawal", _("Withdrawal of consent")


# Block 7: packaging types of the harmonised form (R1013 Annex IC).
PACKAGING_TYPES = {
    "1": _("Drum"), "2": _("Wooden barrel"), "3": _("Jerrican"), "4": _("Box"), "5": _("Bag"),
    "6": _("Composite packaging"), "7": _("Pressure receptacle"), "8": _("Bulk"),
    "9": _("Other"),
}
# Block 8: means of transport.
MEANS_OF_TRANSPORT = {"R": _("Road"), "T": _("Train/rail"), "S": _("Sea"), "A": _("Air"),
                      "W": _("Inland waterways")}
# Block 13: physical characteristics.
PHYSICAL_CHARACTERISTICS = {
    "1": _("Powdery/powder"), "2": _("Solid"), "3": _("Viscous/paste"), "4": _("Sludgy"),
    "5": _("Liquid"), "6": _("Gaseous"), "7": _("Other"),
}


class Notification(models.Model):
    number = models.CharField(max_length=20, unique=True,
                              help_text="block 3: 'CC NNNN NNNNNN' (rules.md §7)")
    status = models.CharField(max_length=20, choices=NotificationStatus.choices,
                              default=NotificationStatus.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Blocks 1 and 2
    notifier = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="notifications")
    consignee = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="notifications_as_consignee")
    # Block 3
    kind = models.CharField(max_length=10, choices=NotificationKind.choices,
                            default=NotificationKind.SINGLE)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, blank=True)
    pre_consented = models.BooleanField(default=False)
    # Block 4
    shipments = models.PositiveIntegerField(null=True, blank=True)
    # Block 5
    quantity_tonnes = models.DecimalField(max_digits=14, decimal_places=3, null=True,
                                          blank=True)
    quantity_m3 = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    # Block 6
    first_departure = models.DateField(null=True, blank=True)
    last_departure = models.DateField(null=True, blank=True)
    # Block 7
    packaging_types = models.JSONField(default=list, blank=True)
    special_handling = models.BooleanField(default=False)
    # Block 8
    carriers = models.ManyToManyField(Organisation, blank=True, related_name="+")
    means_of_transport = models.JSONField(default=list, blank=True)
    # Block 9
    generators = models.ManyToManyField(Organisation, blank=True, related_name="+")
    generation_site = models.TextField(blank=True)
    generation_process = models.TextField(blank=True)
    # Block 10
    facility = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="notifications_as_facility")
    facility_site = models.TextField(blank=True)
    # Block 11
    operations = models.JSONField(default=list, blank=True)
    technology = models.TextField(blank=True)
    reason_for_export = models.TextField(blank=True)
    # Block 12
    designation = models.CharField(max_length=300, blank=True)
    composition = models.TextField(blank=True)
    # Block 13
    physical_characteristics = models.JSONField(default=list, blank=True)
    # Block 14 (i)–(xii)
    basel_codes = models.JSONField(default=list, blank=True)
    oecd_codes = models.JSONField(default=list, blank=True)
    ec_codes = models.JSONField(default=list, blank=True)
    national_export_codes = models.JSONField(default=list, blank=True)
    national_import_codes = models.JSONField(default=list, blank=True)
    other_codes = models.JSONField(default=list, blank=True)
    y_codes = models.JSONField(default=list, blank=True)
    h_codes = models.JSONField(default=list, blank=True)
    un_classes = models.JSONField(default=list, blank=True)
    un_numbers = models.JSONField(default=list, blank=True)
    un_shipping_names = models.JSONField(default=list, blank=True)
    hs_codes = models.JSONField(default=list, blank=True)
    radioactive = models.BooleanField(default=False)
    # Block 15: StateConcerned rows. Block 16
    customs_office_entry = models.CharField(max_length=200, blank=True)
    customs_office_exit = models.CharField(max_length=200, blank=True)
    customs_office_export = models.CharField(max_length=200, blank=True)
    # Block 17
    declaration_name = models.CharField(max_length=200, blank=True)
    declaration_date = models.DateField(null=True, blank=True)
    declaration_signed = models.BooleanField(default=False)
    generator_declaration_name = models.CharField(max_length=200, blank=True)
    insurance = models.TextField(blank=True, help_text="insurance policy (Basel Art. 6(11))")
    financial_guarantee = models.TextField(blank=True)
    contract_reference = models.CharField(max_length=200, blank=True,
                                          help_text="exporter–disposer contract (Art. 6(3)(b))")
    # Block 18
    annexes = models.JSONField(default=list, blank=True, help_text="titles of the annexes")

    # The legality engine's verdict at submission, and an authority's override of it.
    verdict = models.JSONField(null=True, blank=True)
    procedure = models.CharField(max_length=20, blank=True,
                                 help_text="the PIC procedure whose clocks apply")
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    override_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    transmitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # What later movements used of it (see selectors.remaining).
    shipments_used = models.PositiveIntegerField(default=0)
    tonnes_used = models.DecimalField(max_digits=14, decimal_places=3, default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["notifier", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def annex_count(self) -> int:
        return len(self.annexes)

    def state(self, role: str) -> "StateConcerned | None":
        return next((s for s in self.states.all() if s.role == role), None)


class StateConcerned(models.Model):
    """Block 15: one state of export, transit or import, its authority, its clock."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE,
                                     related_name="states")
    position = models.PositiveSmallIntegerField(default=0, help_text="order along the route")
    state = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    role = models.CharField(max_length=10, choices=StateRole.choices)
    authority = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    exit_point = models.CharField(max_length=200, blank=True)
    entry_point = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=24, choices=StateStatus.choices,
                              default=StateStatus.PENDING, db_index=True)
    consent_required = models.BooleanField(default=True)
    # The clock (see services.due_dates): which deadline, from when, stopped for how long.
    procedure = models.CharField(max_length=20, blank=True)
    tacit_after_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="silence for this many days is consent")
    decision_days = models.PositiveIntegerField(null=True, blank=True)
    deadline_basis = models.CharField(max_length=300, blank=True,
                                      help_text="article and confidence tag of the clock")
    received_on = models.DateField(null=True, blank=True)
    clock_starts_on = models.DateField(null=True, blank=True)
    clock_stopped_on = models.DateField(null=True, blank=True)
    days_stopped = models.PositiveIntegerField(default=0)
    due_on = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["notification", "position"]
        constraints = [models.UniqueConstraint(fields=["notification", "state"],
                                               name="state_concerned_unique")]

    def __str__(self) -> str:
        return f"{self.notification.number} {self.state} ({self.role})"

    @property
    def is_open(self) -> bool:
        return self.status in (StateStatus.RECEIVED, StateStatus.ACKNOWLEDGED,
                               StateStatus.INFORMATION_REQUESTED)


class Decision(models.Model):
    """What one state's authority decided (form blocks 19–21), or what silence gave."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE,
                                      related_name="decisions")
    state_concerned = models.ForeignKey(StateConcerned, on_delete=models.CASCADE,
                                        related_name="decisions")
    kind = models.CharField(max_length=24, choices=DecisionKind.choices)
    tacit = models.BooleanField(default=False)
    conditions = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True, help_text="the notifier's answer to a request")
    answered_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.state_concerned.state} {self.kind}{' (tacit)' if self.tacit else ''}"


class AuthorityKey(models.Model):
    """An authority's Ed25519 signing key. The private key is kept in the database for now
    (raw bytes, base64): move it to an HSM or a key file before production."""

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    key_id = models.CharField(max_length=32, unique=True)
    public_key = models.CharField(max_length=64)
    private_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key_id} ({self.authority})"


class Consent(models.Model):
    """The signed consent record: canonical JSON signed by the export authority's key."""

    notification = models.OneToOneField(Notification, on_delete=models.PROTECT,
                                        related_name="consent")
    code = models.CharField(max_length=32, unique=True, help_text="in the QR code's address")
    record = models.JSONField()
    signature = models.CharField(max_length=128)
    key = models.ForeignKey(AuthorityKey, on_delete=models.PROTECT, related_name="consents")
    valid_from = models.DateField()
    valid_until = models.DateField()
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True, db_index=True)
    revoked_reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"consent {self.code} for {self.notification.number}"
