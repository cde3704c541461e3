"""Consent with a transit state: story 1, Japan to Malaysia through Singapore."""

TITLE = "Consent with a transit state"
STORY = (
    "Twelve shipments of spent lead-acid batteries under a general notification (Basel "
    "Art. 6(6)-(8)), by sea through Singapore. Singapore is a Party that has not waived "
    "written consent, so its consent is required (Art. 6(4)); the notification is consented "
    "only when both Singapore and Malaysia have consented."
)
WORLD = {"export": "JP", "transit": ["SG"], "import": "MY"}
STEPS = [
    {"who": "notifier", "does": "file", "expect": {"status": "draft"}},
    {"who": "notifier", "does": "submit",
     "expect": {"status": "submitted", "verdict": "consent_required"}},
    {"who": "ca.my", "does": "transmit", "expect": {"error": "NotAllowed"}},
    {"who": "ca.jp", "does": "transmit", "day": 0,
     "expect": {"status": "transmitted", "states": {"SG": "received", "MY": "received"},
                "due": {"SG": 60}}},
    {"who": "ca.my", "does": "consent", "day": 20,
     "with": {"conditions": "each shipment sealed; containers listed"},
     "expect": {"status": "transmitted", "states": {"MY": "consented"}}},
    {"who": "ca.sg", "does": "consent", "day": 30,
     "expect": {"status": "consented", "states": {"SG": "consented"}, "consent": "signed"}},
    {"who": "public", "does": "verify", "day": 60, "expect": {"verify": "genuine"}},
]
