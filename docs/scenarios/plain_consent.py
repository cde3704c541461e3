"""Plain consent: Japan to Malaysia, no transit (Basel Art. 6(1)-(3))."""

TITLE = "Plain consent"
STORY = (
    "A Japanese recycler notifies one shipment of spent lead-acid batteries (A1160) to a "
    "Malaysian smelter (R4). The Japanese authority transmits it, Malaysia acknowledges and "
    "consents with a condition; the consent is signed and a border officer verifies it."
)
WORLD = {"export": "JP", "transit": [], "import": "MY"}
STEPS = [
    {"who": "notifier", "does": "file", "with": {"kind": "single", "shipments": 1,
                                                 "quantity_tonnes": "20"},
     "expect": {"status": "draft"}},
    {"who": "notifier", "does": "submit",
     "expect": {"status": "submitted", "verdict": "consent_required"}},
    {"who": "ca.jp", "does": "transmit", "day": 0,
     "expect": {"status": "transmitted", "states": {"MY": "received"}}},
    {"who": "ca.my", "does": "acknowledge", "day": 2,
     "expect": {"states": {"MY": "acknowledged"}}},
    {"who": "ca.my", "does": "consent", "day": 10,
     "with": {"conditions": "container numbers listed in the movement document"},
     "expect": {"status": "consented", "consent": "signed"}},
    {"who": "public", "does": "verify", "day": 50, "expect": {"verify": "genuine"}},
]
