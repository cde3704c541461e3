"""Objection: the state of import refuses (Basel Art. 6(2))."""

TITLE = "Objection"
STORY = (
    "Singapore has consented to the transit, but Malaysia objects: the smelter's permit is "
    "suspended. One objection ends the notification; no consent is issued and nothing can be "
    "decided on it any more."
)
WORLD = {"export": "JP", "transit": ["SG"], "import": "MY"}
STEPS = [
    {"who": "notifier", "does": "file", "expect": {"status": "draft"}},
    {"who": "notifier", "does": "submit", "expect": {"status": "submitted"}},
    {"who": "ca.jp", "does": "transmit", "day": 0, "expect": {"status": "transmitted"}},
    {"who": "ca.sg", "does": "consent", "day": 5, "expect": {"states": {"SG": "consented"}}},
    {"who": "ca.my", "does": "object", "day": 12, "with": {"reason": ""},
     "expect": {"error": "ValidationFailed"}},
    {"who": "ca.my", "does": "object", "day": 12,
     "with": {"reason": "the smelter's permit is suspended"},
     "expect": {"status": "objected", "states": {"MY": "objected"}, "consent": "none"}},
    {"who": "ca.my", "does": "consent", "day": 13, "expect": {"error": "InvalidTransition"}},
]
