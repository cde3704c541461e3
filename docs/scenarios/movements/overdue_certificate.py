"""A certificate that comes late: one alert to the authorities of export and import."""

TITLE = "Overdue certificate"
STORY = (
    "The smelter confirms receipt on day 13 and expects to complete recovery by day 20, so the "
    "certificate is due by day 50 (30 days after completion: OECD Decision Annex IC para 48 "
    "[V]). On day 50 the scheduled job `tbmnet deadlines run` raises nothing; on day 51 it "
    "raises one overdue alert to the authorities of Japan and Malaysia, and running it again "
    "raises no second one. The certificate finally arrives on day 60: the movement closes, "
    "late, and the facility's register shows a late certificate to the authorities that "
    "consent to movements to it."
)
WORLD = {"export": "JP", "transit": ["SG"], "import": "MY"}
NOTIFICATION = {"operations": ["R4"], "shipments": 12, "tonnes": "240"}
STEPS = [
    {"who": "notifier", "does": "announce", "day": 0,
     "with": {"departure": 3, "arrival": 13, "quantity_tonnes": "20"},
     "expect": {"status": "announced"}},
    {"who": "carrier.sg", "does": "handover", "day": 3, "expect": {"status": "departed"}},
    {"who": "customs.jp", "does": "customs_exit", "day": 4, "expect": {"status": "exported"}},
    {"who": "customs.my", "does": "import_entry", "day": 12, "expect": {"status": "imported"}},
    {"who": "facility.my", "does": "receipt", "day": 13,
     "with": {"received_on": 13, "quantity_tonnes": "20", "accepted": True,
              "approximate_completion_on": 20},
     "expect": {"status": "received", "awaiting": "certificate", "due_day": 50}},
    {"who": "system", "does": "run_overdue", "day": 50, "expect": {"alerts": 0}},
    {"who": "system", "does": "run_overdue", "day": 51,
     "expect": {"alerts": 1, "alerted": ["JP", "MY"]}},
    {"who": "system", "does": "run_overdue", "day": 52, "expect": {"alerts": 0}},
    {"who": "ca.jp", "does": "dashboard", "day": 52,
     "expect": {"overdue": 1, "awaiting_certificate": 1}},
    {"who": "facility.my", "does": "receipt", "day": 53,
     "with": {"received_on": 13, "quantity_tonnes": "20", "accepted": True},
     "expect": {"error": "InvalidTransition"}},
    {"who": "facility.my", "does": "certificate", "day": 60,
     "with": {"operation": "R4", "completed_on": 20, "quantity_tonnes": "20"},
     "expect": {"status": "completed", "closed_late": True, "late_certificates": 1}},
    {"who": "ca.my", "does": "dashboard", "day": 61,
     "expect": {"closed": 1, "closed_on_time": 0, "overdue": 0}},
]
