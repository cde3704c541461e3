"""An interim operation (R13) stays open until the final operation (R4) is certified."""

TITLE = "Interim then final operation"
STORY = (
    "The batteries are first stored (R13, an interim operation), then smelted (R4). The "
    "certificate of the interim operation does not close the movement: it now awaits the "
    "certificate of the final operation, due one calendar year after receipt (OECD Decision "
    "Annex IC paras 47–49 [V]; R1013 Art. 9(7) [V]). The final certificate is linked to the "
    "interim one and closes the movement."
)
WORLD = {"export": "JP", "transit": ["SG"], "import": "MY"}
NOTIFICATION = {"operations": ["R13", "R4"], "shipments": 12, "tonnes": "240"}
STEPS = [
    {"who": "notifier", "does": "announce", "day": 0,
     "with": {"departure": 3, "arrival": 13, "quantity_tonnes": "20"},
     "expect": {"status": "announced"}},
    {"who": "carrier.sg", "does": "handover", "day": 3, "expect": {"status": "departed"}},
    {"who": "customs.jp", "does": "customs_exit", "day": 4, "expect": {"status": "exported"}},
    {"who": "customs.my", "does": "import_entry", "day": 12, "expect": {"status": "imported"}},
    {"who": "facility.my", "does": "receipt", "day": 13,
     "with": {"received_on": 13, "quantity_tonnes": "20", "accepted": True},
     "expect": {"status": "received", "awaiting": "certificate", "due_day": 378}},
    {"who": "facility.my", "does": "certificate", "day": 15,
     "with": {"operation": "R13", "completed_on": 14, "quantity_tonnes": "20"},
     "expect": {"status": "interim", "awaiting": "final_certificate", "due_day": 378}},
    {"who": "ca.my", "does": "dashboard", "day": 16,
     "expect": {"awaiting_certificate": 1, "closed": 0}},
    {"who": "facility.my", "does": "certificate", "day": 100,
     "with": {"operation": "R4", "completed_on": 95, "quantity_tonnes": "20"},
     "expect": {"status": "completed", "closed_late": False, "linked": True}},
    {"who": "ca.my", "does": "dashboard", "day": 101,
     "expect": {"awaiting_certificate": 0, "closed": 1, "closed_on_time": 1}},
]
