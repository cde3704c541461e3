"""One movement end to end (story 1): prior notice to certificate of recovery."""

TITLE = "One movement, end to end"
STORY = (
    "Spent lead-acid batteries (A1160) from Japan to a permitted smelter in Malaysia (R4), by "
    "sea through Singapore, under a general notification of 12 shipments. The notifier gives "
    "prior notice of shipment 1 on day 0; the shipping line takes it over, Japanese customs "
    "record the exit, Singapore the transit, Port Klang the entry. The smelter confirms "
    "receipt on the day of arrival (within 3 days: OECD Decision Annex IC para 46 [V]) with an "
    "approximate completion date, and certifies recovery five days after completion (within "
    "30 days of completion and one year of receipt: Annex IC para 48 [V]). The Malaysian "
    "authority's dashboard shows the movement closed within the deadline."
)
WORLD = {"export": "JP", "transit": ["SG"], "import": "MY"}
NOTIFICATION = {"operations": ["R4"], "shipments": 12, "tonnes": "240"}
STEPS = [
    {"who": "notifier", "does": "announce", "day": 0,
     "with": {"departure": 3, "arrival": 13, "quantity_tonnes": "20"},
     "expect": {"serial": "1 of 12", "status": "announced", "awaiting": "receipt", "due_day": 16}},
    {"who": "carrier.sg", "does": "handover", "day": 3, "with": {"means": "S"},
     "expect": {"status": "departed"}},
    {"who": "customs.jp", "does": "customs_exit", "day": 4, "expect": {"status": "exported"}},
    {"who": "customs.sg", "does": "transit_entry", "day": 8, "expect": {"status": "in_transit"}},
    {"who": "customs.sg", "does": "transit_exit", "day": 9, "expect": {"status": "exported"}},
    {"who": "customs.my", "does": "import_entry", "day": 12, "expect": {"status": "imported"}},
    {"who": "facility.my", "does": "receipt", "day": 13,
     "with": {"received_on": 13, "quantity_tonnes": "19.8", "accepted": True,
              "approximate_completion_on": 20},
     "expect": {"status": "received", "awaiting": "certificate", "due_day": 50}},
    {"who": "facility.my", "does": "certificate", "day": 25,
     "with": {"operation": "R4", "completed_on": 20, "quantity_tonnes": "19.8"},
     "expect": {"status": "completed", "closed_late": False}},
    {"who": "system", "does": "run_overdue", "day": 400, "expect": {"alerts": 0}},
    {"who": "ca.my", "does": "dashboard", "day": 400,
     "expect": {"closed": 1, "closed_on_time": 1, "overdue": 0, "awaiting_receipt": 0}},
]
