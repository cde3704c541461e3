"""A rejected shipment and its take-back (Basel Art. 8)."""

TITLE = "Rejection and take-back"
STORY = (
    "The smelter finds the batteries cracked and leaking and rejects the shipment on receipt. "
    "The rejection opens the take-back: the waste must return to the state of export within "
    "90 days of that state being informed (Basel Art. 8 [V]); under illegal traffic caused by "
    "the exporter it would be 30 days (Art. 9(2) [V]). The take-back is tracked on its own: "
    "nothing is overdue on day 103, the 90th day; the return shipment leaves on day 40 and "
    "the notifier confirms the waste is back on day 60."
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
     "with": {"received_on": 13, "quantity_tonnes": "20", "accepted": False,
              "reason": "batteries cracked, acid leaking"},
     "expect": {"status": "rejected", "awaiting": "take_back", "due_day": 103,
                "take_back": "art8"}},
    {"who": "system", "does": "run_overdue", "day": 103, "expect": {"alerts": 0}},
    {"who": "carrier.sg", "does": "take_back_departure", "day": 40,
     "expect": {"status": "returning", "take_back": "art8"}},
    {"who": "notifier", "does": "take_back_receipt", "day": 60,
     "with": {"returned_on": 60, "quantity_tonnes": "20"},
     "expect": {"status": "returned", "closed_late": False}},
    {"who": "ca.jp", "does": "dashboard", "day": 200,
     "expect": {"closed": 1, "take_back_open": 0, "overdue": 0}},
]
