"""Movements (one shipment each) under a consented notification, their events, the take-back
of a rejected shipment, overdue alerts, and the facility register (ESM assessments and
inspections). Tables and enums only: the acts are in ``services``, the order in ``workflow``.

Boxes follow the harmonised movement document (rules.md §7, blocks 1–22).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tbmnet.apps.notifications.models import Notification
from tbmnet.apps.registry.models import Organisation


class MovementStatus(models.TextChoices):
    ANNOUNCED = "announced", _("Prior notice given")
    DEPARTED = "departed", _("Handed over to the carrier")
    EXPORTED = "exported", _("Left the state of export")
    IN_TRANSIT = "in_transit", _("In a state of transit")
    IMPORTED = "imported", _("Entered the state of import")
    RECEIVED = "received", _("Received, awaiting the certificate")
    INTERIM = "interim", _("Interim operation certified, awaiting the final certificate")
    COMPLETED = "completed", _("Disposal or recovery certified")
    REJECTED = "rejected", _("Rejected by the facility: take-back open")
    RETURNING = "returning", _("Being returned to the state of export")
    RETURNED = "returned", _("Returned to the state of export")
    CANCELLED = "cancelled", _("Cancelled before departure")


class DueKind(models.TextChoices):
    """What a movement awaits next, and so which deadline runs (see ``deadlines``)."""

    RECEIPT = "receipt", _("Receipt confirmation")
    CERTIFICATE = "certificate", _("Certificate of disposal or recovery")
    FINAL_CERTIFICATE = "final_certificate", _("Certificate of the final operation")
    TAKE_BACK = "take_back", _("Take-back to the state of export")


class Movement(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.PROTECT,
                                     related_name="movements")
    # Block 2: serial / total ("3 of 12").
    serial = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=MovementStatus.choices,
                              default=MovementStatus.ANNOUNCED, db_index=True)
    code = models.CharField(max_length=32, unique=True, help_text="in this movement's QR code")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    # Prior notice (MovementAnnouncement)
    announced_at = models.DateTimeField()
    departure_on = models.DateField(help_text="block 6: intended, then actual, shipment date")
    expected_arrival_on = models.DateField()
    # Block 5
    quantity_tonnes = models.DecimalField(max_digits=14, decimal_places=3)
    quantity_m3 = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    # Block 7: [{"type": "4", "count": 20}]
    packaging = models.JSONField(default=list, blank=True)
    # Block 8: intended carriers, in order; handovers are events.
    carriers = models.ManyToManyField(Organisation, related_name="+", blank=True)
    containers = models.JSONField(default=list, blank=True)
    vehicles = models.JSONField(default=list, blank=True, help_text="vehicle/vessel ids")
    information = models.TextField(blank=True, help_text="block 16")
    # Route, copied from the notification so that access and scans need no join.
    export_state = models.CharField(max_length=2, db_index=True)
    import_state = models.CharField(max_length=2, db_index=True)
    transit_states = models.JSONField(default=list, blank=True)
    export_authority = models.ForeignKey(Organisation, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    import_authority = models.ForeignKey(Organisation, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="movements_to_facility")
    # Block 18 (receipt) and 19 (certificate), as recorded by the facility.
    received_on = models.DateField(null=True, blank=True)
    received_tonnes = models.DecimalField(max_digits=14, decimal_places=3, null=True,
                                          blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # The deadline that runs now (NULL when nothing is awaited): scanned set-based.
    due_kind = models.CharField(max_length=20, choices=DueKind.choices, blank=True)
    due_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_late = models.BooleanField(default=False,
                                      help_text="a confirmation came after its deadline")

    class Meta:
        ordering = ["-announced_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "serial"],
                                    condition=~Q(status="cancelled"),
                                    name="movement_serial_unique"),
        ]
        indexes = [models.Index(fields=["due_on"], name="movement_due_on",
                                condition=Q(due_on__isnull=False))]

    @property
    def audit_chain_key(self) -> tuple[str, str]:
        """A movement's audit records go to its notification's chain: a prior notice or a
        cancellation records on both in one transaction, which must hold one chain's head
        only (two, taken in opposite orders by two transactions, could deadlock)."""
        return ("notifications.Notification", str(self.notification_id))

    def __str__(self) -> str:
        return f"{self.notification.number} {self.serial}/{self.total}"

    @property
    def serial_label(self) -> str:
        return f"{self.serial} of {self.total}"


class MovementEvent(models.Model):
    """One event on the movement, by the party entitled to record it (``workflow.EVENTS``)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24)
    message = models.CharField(max_length=48, help_text="UN/CEFACT e-Basel message")
    status_after = models.CharField(max_length=12, choices=MovementStatus.choices)
    state = models.CharField(max_length=2, blank=True)
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["movement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "idempotency_key"],
                                    condition=Q(idempotency_key__isnull=False),
                                    name="movement_event_idempotency"),
        ]

    def __str__(self) -> str:
        return f"{self.movement} {self.kind}"


class TakeBackBasis(models.TextChoices):
    RE_IMPORT = "art8", _("Basel Art. 8: movement cannot be completed (90 days)")
    ILLEGAL_TRAFFIC = "art9_2", _("Basel Art. 9(2): illegal traffic, exporter at fault (30 days)")


class TakeBackStatus(models.TextChoices):
    OPEN = "open", _("Open: waste to be returned")
    RETURNING = "returning", _("Return shipment under way")
    RETURNED = "returned", _("Returned to the state of export")


class TakeBack(models.Model):
    """The return of a rejected shipment, tracked on its own with its own deadline."""

    movement = models.OneToOneField(Movement, on_delete=models.CASCADE,
                                    related_name="take_back")
    basis = models.CharField(max_length=8, choices=TakeBackBasis.choices)
    reason = models.TextField()
    informed_on = models.DateField(help_text="the state of export informed (the clock starts)")
    due_on = models.DateField()
    deadline_basis = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=TakeBackStatus.choices,
                              default=TakeBackStatus.OPEN)
    departed_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    returned_tonnes = models.DecimalField(max_digits=14, decimal_places=3, null=True,
                                          blank=True)

    def __str__(self) -> str:
        return f"take-back of {self.movement}"


class OverdueAlert(models.Model):
    """One alert per breach (movement + kind), to the authorities of export and import: those
    of its movement (copied there from the notification), not columns of their own, so the
    scan that raises a million alerts checks one foreign key per row, not three. No index of
    its own on the movement either: the unique (movement, kind) leads with it."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="alerts",
                                 db_index=False)
    kind = models.CharField(max_length=20, choices=DueKind.choices)
    due_on = models.DateField()
    raised_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["movement", "kind"],
                                               name="overdue_alert_once")]

    def __str__(self) -> str:
        return f"{self.movement}: {self.kind} overdue since {self.due_on}"

    @property
    def export_authority(self) -> Organisation | None:
        return self.movement.export_authority

    @property
    def import_authority(self) -> Organisation | None:
        return self.movement.import_authority


class AssessmentOutcome(models.TextChoices):
    SOUND = "sound", _("Environmentally sound")
    CONDITIONS = "conditions", _("Sound, with conditions")
    NOT_SOUND = "not_sound", _("Not environmentally sound")


class EsmAssessment(models.Model):
    """An authority's assessment of a facility's environmentally sound management."""

    facility = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                 related_name="esm_assessments")
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField()
    outcome = models.CharField(max_length=12, choices=AssessmentOutcome.choices)
    summary = models.TextField()
    valid_until = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["facility", "-assessed_on"]


class InspectionOutcome(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    MINOR = "minor", _("Minor findings")
    MAJOR = "major", _("Major findings")


class FacilityInspection(models.Model):
    facility = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                 related_name="inspections")
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    inspected_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=InspectionOutcome.choices)
    findings = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["facility", "-inspected_on"]
