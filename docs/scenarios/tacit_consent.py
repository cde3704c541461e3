"""Tacit consent under the OECD amber procedure (OECD Decision, Annex IC para 31)."""

TITLE = "Tacit consent (OECD amber)"
STORY = (
    "Germany to Belgium through France, A1160 for recovery (R4): among OECD members the amber "
    "procedure applies. Belgium acknowledges on day 1; neither France nor Belgium answers. "
    "Silence for 30 days after the acknowledgement is consent: on day 31 nothing happens yet, "
    "on day 32 the scheduled job `tbmnet deadlines run` records both tacit consents and the "
    "consent is signed. Running the job again changes nothing."
)
WORLD = {"export": "DE", "transit": ["FR"], "import": "BE"}
STEPS = [
    {"who": "notifier", "does": "file", "expect": {"status": "draft"}},
    {"who": "notifier", "does": "submit",
     "expect": {"status": "submitted", "verdict": "consent_required", "procedure": "oecd"}},
    {"who": "ca.de", "does": "transmit", "day": 0, "expect": {"status": "transmitted"}},
    {"who": "ca.be", "does": "acknowledge", "day": 1,
     "expect": {"states": {"BE": "acknowledged"}, "due": {"BE": 31, "FR": 31}}},
    {"who": "system", "does": "run_deadlines", "day": 31,
     "expect": {"tacit": 0, "status": "transmitted"}},
    {"who": "system", "does": "run_deadlines", "day": 32,
     "expect": {"tacit": 2, "status": "consented", "consent": "signed"}},
    {"who": "system", "does": "run_deadlines", "day": 33, "expect": {"tacit": 0}},
    {"who": "public", "does": "verify", "day": 60, "expect": {"verify": "genuine"}},
]
