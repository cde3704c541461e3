"""Request for further information: the clock stops until the notifier answers."""

TITLE = "Request for information"
STORY = (
    "Malaysia asks for the contract with the smelter (Basel Art. 6(2) and 6(3)(b)); "
    "Singapore asks which vessel calls there. Singapore's 60-day clock stops on day 10 and "
    "runs again when the notifier answers on day 25, so its due date moves from day 60 to "
    "day 75. Then both consent."
)
WORLD = {"export": "JP", "transit": ["SG"], "import": "MY"}
STEPS = [
    {"who": "notifier", "does": "file", "expect": {"status": "draft"}},
    {"who": "notifier", "does": "submit", "expect": {"status": "submitted"}},
    {"who": "ca.jp", "does": "transmit", "day": 0, "expect": {"due": {"SG": 60}}},
    {"who": "ca.my", "does": "request_information", "day": 10,
     "with": {"reason": "the contract with the smelter, please"},
     "expect": {"states": {"MY": "information_requested"}}},
    {"who": "ca.sg", "does": "request_information", "day": 10,
     "with": {"reason": "which vessel calls at Singapore?"},
     "expect": {"states": {"SG": "information_requested"}, "due": {"SG": None}}},
    {"who": "notifier", "does": "answer", "day": 25,
     "with": {"answer": "contract C-2026-1 attached; MV Blue Pearl"},
     "expect": {"states": {"MY": "acknowledged", "SG": "acknowledged"}, "due": {"SG": 75}}},
    {"who": "ca.my", "does": "consent", "day": 30,
     "with": {"conditions": "each shipment sealed"},
     "expect": {"states": {"MY": "consented"}, "status": "transmitted"}},
    {"who": "ca.sg", "does": "consent", "day": 31,
     "expect": {"status": "consented", "consent": "signed"}},
]
