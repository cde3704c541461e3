"""The legality engine: may this waste go from here to there, for this operation, on this date?

``Engine.check(proposal)`` answers with a ``Verdict``: ``prohibited`` (wins over everything),
``consent_required`` (lawful only under the prior informed consent procedures listed) or
``not_controlled`` (no instrument puts it under control, and the reasons say why). Every
reason cites instrument and article and carries the confidence of the facts it relies on.

Party standings, national rules and regions are injected (``Engine(parties=...)``); the
defaults load the packaged reference files. The engine compiles them into dicts and
frozensets once, so one verdict costs a few dozen dict probes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from . import deadlines as dl
from .model import (
    CONSENT_REQUIRED,
    EXEMPTS,
    HAZARDOUS,
    INFORMS,
    NON_HAZARDOUS,
    NOT_CONTROLLED,
    OTHER,
    PROHIBITED,
    PROHIBITS,
    RADIOACTIVE,
    REQUIRES_CONSENT,
    Proposal,
    ProposalError,
    Reason,
    Verdict,
    Waste,
)
from .tables import (
    EXPORT_PROHIBITION,
    HAZARDOUS_DEFINITION,
    IMPORT_PROHIBITION,
    NON_PARTY,
    PARTY,
    TRANSIT_NO_WRITTEN_CONSENT,
    TRANSIT_PROHIBITION,
    UNLISTED,
    NationalRule,
    NationalRules,
    PartyRow,
    PartyTable,
    Regions,
    Standing,
    default_regions,
    load_national_rules,
    weakest,
)

_BASEL = "Basel Convention"
_BAN = "Basel Convention (Ban Amendment)"
_BAMAKO = "Bamako Convention"
_WAIGANI = "Waigani Convention"
_OECD = "OECD Decision C(2001)107/FINAL"
_NATIONAL = "National law"
_IAEA = "IAEA Code of Practice (1990)"

# Entry into force of each instrument, with its tag, when no instruments table is injected
# (the packaged instruments.csv overrides these; rules.md §1, §4, §5).
DEFAULT_IN_FORCE: dict[str, tuple[date, str]] = {
    "basel": (date(1992, 5, 5), "V"),         # Basel Art. 25(1); UNTC XXVII-3
    "basel_ban": (date(2019, 12, 5), "V"),    # Ban Amendment, Art. 17(5); UNTC XXVII-3-a
    "bamako": (date(1998, 4, 22), "S"),       # conflicting 1999-03-10 reported (rules.md §4)
    "waigani": (date(2001, 10, 21), "S"),
    "oecd": (date(2001, 6, 14), "U"),         # adoption date of C(2001)107 not sourced
}

# OECD adherents that do not yet take part in the control system (rules.md §2, [S]:
# oecd.org "The OECD control system for waste recovery": Colombia adheres "with a specific
# timeframe for implementation ... currently not participating").
OECD_NOT_PARTICIPATING: Mapping[str, str] = {
    "CO": "Colombia adheres with a specific timeframe for implementation and is currently not "
          "participating [S: oecd.org]",
}

# Regional agreements treated as Basel Art. 11 agreements, with the evidence.
# Waigani: rules.md §5 "Australia may receive hazardous wastes exported from Forum Island
# Countries that are not Basel Parties" [S: internationalwasteplatform]. The OECD Decision:
# rules.md §1 Art 4(5) "The OECD Decision is such an arrangement" [S].
ART11_WAIGANI_CONFIDENCE = "S"
ART11_OECD_CONFIDENCE = "S"

_CODE_LISTS_BASEL = ("basel_viii", "basel_ix")
_CODE_LISTS_Y = ("basel_y", "bamako")

# Reason texts as str.format templates: rendered only when a reason's text is read (the
# verdict of screening or of the API reads a few; a bare verdict reads none).
_T_BASEL_NOT_IN_FORCE = ("The Basel Convention entered into force on {0}, after the date of "
                         "the movement.")
_T_BASEL_PIC = ("{0} wastes between Parties ({1} to {2}): written notification through the "
                "competent authority of export and the written consent of the State of import "
                "before the movement starts.")
_T_NO_PARTY = ("Neither {0} ({1}) nor {2} ({3}) is a Party on this date: the Convention binds "
               "neither.")
_T_BASEL_STATUS_UNKNOWN = (
    "No row in the party table for {0} under the Basel Convention: party status unknown, not "
    "guessed. If a Party trades with a non-Party, Art. 4(5) forbids it unless an Art. 11 "
    "agreement covers it; verify the status.")
_T_ART11 = ("{0} is not a Party ({1}), but {2}: Art. 4(5) does not forbid the movement and the "
            "Convention's procedure gives way to the agreement (Art. 11(2)).")
_T_NON_PARTY = ("{0} is not a Party ({1}): a Party may not export hazardous or other wastes "
                "to, or import them from, a non-Party, and no Art. 11 agreement covering this "
                "pair is recorded.")
_T_TRANSIT_NON_PARTY = ("{0} (transit) is not a Party ({1}): it is notified but its consent is "
                        "not a Basel requirement.")
_T_TRANSIT_UNKNOWN = ("No row in the party table for {0} (transit): unknown whether its "
                      "written consent is required.")
_T_TRANSIT_TACIT = ("{0} (transit) declared that it needs no prior written consent ({1}): "
                    "silence for 60 days after receipt of the notification is consent.")
_T_TRANSIT_CONSENT = ("{0} (transit) is a Party ({1}) and has made no recorded declaration "
                      "waiving prior written consent: its written consent is required.")
_T_ANNEX_VII = ("{0} is listed in Annex VII ({1}), {2} is not [S: Annex VII membership derived "
                "from OECD/EU membership]")
_T_BAN = (_T_ANNEX_VII + "; {0} is bound by the Ban Amendment ({3}): it prohibits movements "
          "{4} to States not listed in Annex VII.")
_T_BAN_NOT_BOUND = (_T_ANNEX_VII + ", but {0} is not bound by the Ban Amendment on this date "
                    "({3}).")
_T_BAN_UNKNOWN = (_T_ANNEX_VII + "; whether {0} has accepted the Ban Amendment is not in the "
                  "party table (unknown, not guessed). If it is bound, Art. 4A prohibits "
                  "movements {3} to States not in Annex VII.")
_T_BAMAKO_PIC = ("Hazardous wastes between Bamako Parties ({0}: {1}; {2}: {3}): notification "
                 "per Annex IV A and the written response of the Party of import.")
_T_BAMAKO_BAN = ("{0} is a Bamako Party ({1}) and {2} is not ({3}): the import of all "
                 "hazardous wastes, for any reason, into Africa from non-Contracting Parties is "
                 "prohibited (an illegal and criminal act).")
_T_BAMAKO_EXPORTER_UNKNOWN = (
    "{0} is a Bamako Party but {1} has no row in the party table (unknown, not guessed): if it "
    "is not a Party, Art. 4(1) prohibits the import.")
_T_BAMAKO_IMPORTER_UNKNOWN = (
    "{0} is in Africa but has no row in the Bamako party table (the list is partial; unknown, "
    "not guessed): if it is a Party, Art. 4(1) prohibits this import from a non-Party.")
_T_WAIGANI_IMPORT_BAN = (
    "{0} is a Pacific Island Developing Party ({1}) and {2} is outside the Convention Area: it "
    "bans the import of all hazardous and radioactive wastes from outside the Convention Area.")
_T_WAIGANI_EXPORT_BAN = (
    "{0} is an Other Party ({1}) and {2} is a Forum Island Country or territory in the "
    "Convention Area: the export of all hazardous and radioactive wastes there is banned (an "
    "illegal and criminal act).")
_T_WAIGANI_PIC = ("Hazardous wastes between Waigani Parties ({0}: {1}; {2}: {3}): notification "
                  "per Annex VI A and consent.")
# (Annex VIII listed, Annex I listed) -> (article, text) of classification.hazardous
_T_HAZARDOUS = {
    (viii, annex_i): (
        "Art. 1(1)(a), Annex " + which,
        f"Listed in Annex {which}: hazardous (an Annex VIII entry or Annex I category is "
        "hazardous unless it has no Annex III characteristic).")
    for viii, annex_i, which in ((True, False, "VIII"), (False, True, "I"),
                                 (True, True, "VIII and I"))}
# Bamako membership is open to OAU/AU member States only: outside Africa, a non-Party.
_OUTSIDE_AFRICA = Standing(NON_PARTY, "", "S", explanation="outside Africa: only OAU/AU "
                           "member States may join [S]")


@dataclass(frozen=True, slots=True)
class _CodeVersion:
    list: str
    start: date | None
    end: date | None
    annex: str  # "VIII", "IX", "I", "II", "bamako", "H", "op_A", "op_B", "hs"
    draft: bool
    validity: str


@dataclass(frozen=True, slots=True)
class _Usable:
    start_or_min: date
    end_or_max: date
    version: _CodeVersion


_LIST_GROUPS = (_CODE_LISTS_BASEL, _CODE_LISTS_Y, ("operation",), ("basel_h",), ("hs",))


def _annex_of(code) -> str:
    if code.list == "basel_viii":
        return "VIII"
    if code.list == "basel_ix":
        return "IX"
    if code.list == "basel_y":
        return "II" if code.details.get("annex_group", "").startswith("Annex II") else "I"
    if code.list == "operation":
        return "op_A" if code.code.startswith("D") else "op_B"
    return {"basel_h": "H", "bamako": "bamako", "hs": "hs"}[code.list]


class Engine:
    """Compiled legality rules over injected reference data."""

    def __init__(self, *, parties: Iterable[PartyRow] | None = None,
                 national_rules: Iterable[NationalRule] | None = None,
                 regions: Regions | None = None,
                 in_force: Mapping[str, tuple[date, str]] | None = None,
                 codes=None, countries: Iterable[str] | None = None) -> None:
        if parties is None:
            from tbmnet.codes.reference import parties as packaged_parties

            parties = packaged_parties()
        if national_rules is None:
            national_rules = load_national_rules()
        if in_force is None:
            in_force = _packaged_in_force()
        if codes is None:
            from tbmnet.codes import catalogue

            codes = catalogue()
        if countries is None:
            import pycountry

            countries = [c.alpha_2 for c in pycountry.countries] + ["EU"]
        self.parties = PartyTable(parties)
        self.national = NationalRules(national_rules)
        self.regions = regions or default_regions()
        self.in_force = dict(DEFAULT_IN_FORCE) | dict(in_force)
        self.countries = frozenset(countries)
        self._starts = {k: v[0] for k, v in self.in_force.items() if v and v[0] is not None}
        # entry into force of each instrument (date.min: no date, in force on every date)
        starts = self._starts
        self._from_basel = starts.get("basel", date.min)
        self._from_basel_ban = starts.get("basel_ban", date.min)
        self._from_bamako = starts.get("bamako", date.min)
        self._from_waigani = starts.get("waigani", date.min)
        self._from_oecd = starts.get("oecd", date.min)
        self._codes: dict[str, tuple[_CodeVersion, ...]] = {}
        grouped: dict[str, list[_CodeVersion]] = {}
        for code in codes:
            grouped.setdefault(code.code, []).append(_CodeVersion(
                code.list, code.effective_from, code.effective_to, _annex_of(code),
                code.status == "not_adopted_draft", code.validity))
        self._codes = {k: tuple(v) for k, v in grouped.items()}
        # code -> ((start, end, annex), ...) for Basel Annexes VIII, IX, I and II: the hot path
        self._annex_versions = {
            k: tuple((v.start or date.min, v.end or date.max, v.annex) for v in vs
                     if v.list in ("basel_viii", "basel_ix", "basel_y") and not v.draft)
            for k, vs in self._codes.items()}
        self._bamako_annex_i = frozenset(k for k, v in self._codes.items()
                                         if any(c.list == "bamako" for c in v))
        self._periods: tuple[tuple[object, object], tuple[date, ...]] | None = None
        # (code, lists asked for) -> its adopted versions of those lists, for validate
        self._usable: dict[tuple[str, tuple[str, ...]], tuple[_Usable, ...]] = {}
        for k, vs in self._codes.items():
            for lists in _LIST_GROUPS:
                usable = tuple(_Usable(v.start or date.min, v.end or date.max, v) for v in vs
                               if v.list in lists and not v.draft)
                if usable:
                    self._usable[(k, lists)] = usable

    # --- periods in which the law stands still --------------------------------------------

    def change_dates(self) -> tuple[date, ...]:
        """Sorted dates from which a dated fact the engine relies on may change: a party's
        date of effect, a code version's start or the day after its end, an instrument's
        entry into force, a national rule's first day or the day after its last."""
        dates = set(self.parties.change_dates()) | set(self.national.change_dates())
        dates.update(self._starts.values())
        for versions in self._codes.values():
            for v in versions:
                if v.start is not None:
                    dates.add(v.start)
                if v.end is not None and v.end < date.max:
                    dates.add(v.end + timedelta(days=1))
        return tuple(sorted(dates))

    def period(self, on: date) -> int:
        """The number of the period between two change dates that ``on`` falls in.

        Every dated fact is the same on two dates of the same period, so ``validate`` and
        ``check`` give the same answer for proposals that differ only in such dates (the
        date is in no reason text): a cache may key on the period instead of the date.
        Follows ``parties`` and ``national`` when they are replaced.
        """
        tables = (self.parties, self.national)
        cached = self._periods
        if cached is None or cached[0][0] is not tables[0] or cached[0][1] is not tables[1]:
            cached = self._periods = (tables, self.change_dates())
        return bisect_right(cached[1], on)

    # --- input ---------------------------------------------------------------------------

    def _version(self, field: str, code: str, on: date, lists: tuple[str, ...]) -> _CodeVersion:
        # the hot path: the code has a version of these lists in force on the date
        for v in self._usable.get((code, lists), ()):
            if v.start_or_min <= on <= v.end_or_max:
                return v.version
        versions = self._codes.get(code)
        if not versions:
            raise ProposalError(field, f"unknown code {code!r}")
        mine = [v for v in versions if v.list in lists]
        if not mine:
            raise ProposalError(field, f"{code!r} is not a code of this kind "
                                f"(it stands in {', '.join(sorted({v.list for v in versions}))})")
        for v in mine:
            if v.draft:
                continue
            if (v.start is None or v.start <= on) and (v.end is None or on <= v.end):
                return v
        raise ProposalError(field, f"{code} is not in force on {on.isoformat()} "
                            f"({mine[-1].validity})")

    def validate(self, proposal: Proposal) -> None:
        """Raise ProposalError naming the field for any unknown country, code or operation."""
        on = proposal.date
        for field, country in (("state_of_export", proposal.state_of_export),
                               ("state_of_import", proposal.state_of_import)):
            if country not in self.countries:
                raise ProposalError(field, f"unknown country {country!r} "
                                    "(expected an ISO 3166-1 alpha-2 code)")
        for i, country in enumerate(proposal.states_of_transit):
            if country not in self.countries:
                raise ProposalError(f"states_of_transit[{i}]", f"unknown country {country!r} "
                                    "(expected an ISO 3166-1 alpha-2 code)")
        if proposal.state_of_export == proposal.state_of_import:
            raise ProposalError("state_of_import", "the state of import is the state of export "
                                f"({proposal.state_of_import}): not a transboundary movement")
        self._version("operation", proposal.operation, on, ("operation",))
        waste = proposal.waste
        for i, code in enumerate(waste.basel_codes):
            self._version(f"waste.basel_codes[{i}]", code, on, _CODE_LISTS_BASEL)
        for i, code in enumerate(waste.y_codes):
            self._version(f"waste.y_codes[{i}]", code, on, _CODE_LISTS_Y)
        for i, code in enumerate(waste.h_codes):
            self._version(f"waste.h_codes[{i}]", code, on, ("basel_h",))
        for i, code in enumerate(waste.hs_codes):
            self._version(f"waste.hs_codes[{i}]", code, on, ("hs",))
        if not (waste.basel_codes or waste.y_codes or waste.radioactive):
            raise ProposalError("waste.basel_codes", "give at least one Basel code (Annex VIII "
                                "or IX) or Y code, or set radioactive: true")

    # --- the verdict ---------------------------------------------------------------------

    def check(self, proposal: Proposal) -> Verdict:
        """The verdict for one valid proposal (call ``validate`` first for untrusted input)."""
        on = proposal.date
        exp, imp, op = proposal.state_of_export, proposal.state_of_import, proposal.operation
        if proposal.states_of_transit:
            transit = tuple(sorted({t for t in proposal.states_of_transit
                                    if t != exp and t != imp}))
            concerned = (exp, imp, *transit)
        else:
            transit, concerned = (), (exp, imp)
        disposal = op[0] == "D"
        reasons: list[Reason] = []
        add = reasons.append
        procedures: set[str] = set()
        waste = proposal.waste
        codes = frozenset((*waste.basel_codes, *waste.y_codes))
        standing = self.parties.standing

        klass, annex_11a = self._classify(waste, on, codes, op, concerned, add)
        hazardous = klass == HAZARDOUS

        # National law first: import, export and transit prohibitions (Basel Art. 4(1)(a)-(b),
        # 4(11); Bamako and Waigani recognise the same sovereign right).
        if not self.national.countries.isdisjoint(concerned):
            self._national(on, exp, imp, transit, codes, op, klass, add)

        # --- OECD Decision: recovery among participating Adherents ----------------------
        oecd_regime = False
        if not disposal and (hazardous or klass == NON_HAZARDOUS) and on >= self._from_oecd:
            oecd_regime = True
            for s in concerned:
                if s in OECD_NOT_PARTICIPATING or not standing("oecd", s, on).is_party:
                    oecd_regime = False
                    break
            if oecd_regime:
                if hazardous or any(c[:1] == "A" for c in waste.oecd_codes):
                    procedures.add("oecd")
                    add(Reason("oecd.amber", _OECD, "Chapter II (Amber control procedure)",
                               "Recovery between OECD Adherents of a waste on the Amber list "
                               "(Appendix 4, which includes Basel Annex VIII): prior informed "
                               "consent of the authorities concerned, tacit consent after 30 "
                               "days (Annex IC para 31).", REQUIRES_CONSENT, "S"))
                else:
                    add(Reason("oecd.green", _OECD, "Chapter II (Green control procedure)",
                               "Recovery between OECD Adherents of a Green-listed waste "
                               "(Appendix 3, mirroring Basel Annex IX): only the controls "
                               "normally applied in commercial transactions.", INFORMS, "S"))
            elif standing("oecd", exp, on).is_party and standing("oecd", imp, on).is_party:
                add(Reason("oecd.outside", _OECD, "Chapter II",
                           "Export and import states are OECD Adherents but not every state "
                           "concerned takes part in the OECD control system: the movement "
                           "falls back to the Basel Convention.", INFORMS, "S"))
        elif not disposal and klass == OTHER and all(
                self._oecd_participant(s, on) for s in concerned):
            add(Reason("oecd.annex_ii_unchecked", _OECD, "Appendices 3 and 4",
                       "Whether this Basel Annex II waste is on an OECD list was not checked "
                       "(the OECD did not adopt Y48 or B3011 [S: EU 2020/2174 recitals]); the "
                       "engine applies the Basel Convention instead.", INFORMS, "U"))

        # --- Basel Convention ----------------------------------------------------------
        basel_pic = False
        if on < self._from_basel:
            add(Reason("basel.not_in_force", _BASEL, "Art. 25(1)", _T_BASEL_NOT_IN_FORCE,
                       INFORMS, self.in_force["basel"][1],
                       (self.in_force["basel"][0].isoformat(),)))
        elif klass == RADIOACTIVE:
            add(Reason("basel.radioactive_excluded", _BASEL, "Art. 1(3)",
                       "Radioactive wastes subject to other international control systems "
                       "are outside the Basel Convention.", INFORMS, "V"))
        elif klass == NON_HAZARDOUS:
            add(Reason("basel.annex_ix", _BASEL, "Art. 1(1), Annex IX",
                       "Annex IX wastes are presumed not hazardous (unless Annex I content "
                       "gives them an Annex III characteristic), and no state concerned "
                       "defines them as hazardous in the national rules (Art. 1(1)(b), "
                       "Art. 3): not controlled by the Basel Convention.", INFORMS, "V"))
        else:
            sx, si = standing("basel", exp, on), standing("basel", imp, on)
            if imp == "AQ" and sx.is_party:
                add(Reason("basel.antarctica", _BASEL, "Art. 4(6)",
                           "Parties do not allow the export of hazardous or other wastes for "
                           "disposal within the area south of 60° South latitude.",
                           PROHIBITS, "V"))
            basel_pic = self._basel_parties(on, exp, imp, sx, si, oecd_regime, klass, add)
            if basel_pic and oecd_regime and "oecd" in procedures:
                basel_pic = False
                add(Reason("basel.art11_oecd", _BASEL, "Art. 11(2)",
                           "The OECD Decision is an Art. 11 arrangement among its Adherents: "
                           "its Amber procedure replaces the Basel procedure for this "
                           "recovery movement.", EXEMPTS, ART11_OECD_CONFIDENCE))
            if hazardous and (sx.is_party or si.is_party):
                self._ban(on, exp, imp, disposal, annex_11a, add)

        transit_modes: dict[str, tuple[str, str]] = {}
        if basel_pic:
            procedures.add("basel")
            add(Reason("basel.pic", _BASEL, "Art. 6(1)-(3)", _T_BASEL_PIC, REQUIRES_CONSENT,
                       "V", ("Hazardous" if hazardous else "Other", exp, imp)))
            for state in transit:
                transit_modes[state] = self._basel_transit(on, state, add)

        # --- Bamako Convention (Africa) ------------------------------------------------
        if (hazardous or klass == RADIOACTIVE or not codes.isdisjoint(self._bamako_annex_i)) \
                and on >= self._from_bamako:
            self._bamako(on, exp, imp, procedures, add)

        # --- Waigani Convention (South Pacific) ----------------------------------------
        if (hazardous or klass == RADIOACTIVE) and on >= self._from_waigani:
            self._waigani(on, exp, imp, klass, procedures, reasons)

        if klass == RADIOACTIVE and not procedures:
            add(Reason("iaea.code_of_practice", _IAEA, "paras 1-8",
                       "Radioactive waste: the (non-binding) IAEA Code of Practice expects prior "
                       "notification and consent of the sending, receiving and transit States "
                       "under their laws; the engine does not judge it.", INFORMS, "S"))

        prohibited = False
        for r in reasons:
            if r.effect == PROHIBITS:
                prohibited = True
                break
        if prohibited:
            # prohibited wins over everything: consent findings would only mislead
            return Verdict(PROHIBITED, (), klass,
                           tuple([r for r in reasons if r.effect != REQUIRES_CONSENT]), {})
        if procedures:
            procs = tuple(sorted(procedures))
            return Verdict(CONSENT_REQUIRED, procs, klass, tuple(reasons),
                           dl.deadlines_for(procs, transit=transit_modes))
        for r in reasons:
            if r.effect == INFORMS or r.effect == EXEMPTS:
                break
        else:
            add(Reason("none.not_controlled", "Basel, Bamako, Waigani, OECD", "-",
                       "None of the instruments puts this movement under control.",
                       INFORMS, "S"))
        return Verdict(NOT_CONTROLLED, (), klass, tuple(reasons), {})

    # --- the pieces ----------------------------------------------------------------------

    def _in_force(self, instrument: str, on: date) -> bool:
        start = self._starts.get(instrument)
        return start is None or start <= on

    def _oecd_participant(self, state: str, on: date) -> bool:
        return state not in OECD_NOT_PARTICIPATING and \
            self.parties.standing("oecd", state, on).is_party

    def _classify(self, waste: Waste, on: date, codes: frozenset[str], op: str,
                  concerned: tuple[str, ...], add) -> tuple[str, bool]:
        """Classification on the movement's date; True when hazardous under Art. 1(1)(a)."""
        if waste.radioactive or "Y0" in codes:
            add(Reason("classification.radioactive", _BAMAKO, "Art. 2(2), Annex I (Y0)",
                       "Radioactive waste: outside the Basel Convention (Art. 1(3)) but within "
                       "Bamako (Art. 2(2)) and Waigani (Art. 4(1)).", INFORMS, "S"))
            return RADIOACTIVE, False
        viii = annex_i = annex_ii = False
        versions = self._annex_versions
        for code in codes:
            for start, end, annex in versions.get(code, ()):
                if start <= on <= end:
                    if annex == "VIII":
                        viii = True
                    elif annex == "I":
                        annex_i = True
                    elif annex == "II":
                        annex_ii = True
                    break
        if viii or annex_i:
            article, text = _T_HAZARDOUS[viii, annex_i]
            add(Reason("classification.hazardous", _BASEL, article, text, INFORMS, "V"))
            return HAZARDOUS, True
        if annex_ii:
            add(Reason("classification.other", _BASEL, "Art. 1(2), Annex II",
                       "An Annex II category ('other wastes', e.g. Y46-Y49 from the dates "
                       "their amendments took effect): subject to the same control.",
                       INFORMS, "V"))
            return OTHER, False
        national = self.national
        if national.countries.isdisjoint(concerned):
            return NON_HAZARDOUS, False
        for state in concerned:
            for rule in national.of(HAZARDOUS_DEFINITION, state):
                if rule.covers(on=on, codes=codes, operation=op):
                    add(Reason("classification.national_definition", _BASEL,
                               f"Art. 1(1)(b), Art. 3; {rule.article}",
                               f"{state} defines this waste as hazardous under its national "
                               f"law ({rule.rule_id}: {rule.text}).", INFORMS,
                               rule.verification))
                    return HAZARDOUS, False
        return NON_HAZARDOUS, False

    def _national(self, on, exp, imp, transit, codes, op, klass, add) -> None:
        checks = [(IMPORT_PROHIBITION, imp, exp)] + [(EXPORT_PROHIBITION, exp, None)] + \
            [(TRANSIT_PROHIBITION, t, exp) for t in transit]
        for kind, state, origin in checks:
            for rule in self.national.of(kind, state):
                if not rule.codes and klass == NON_HAZARDOUS:
                    continue  # a blanket ban covers hazardous and other wastes only
                if rule.covers(on=on, codes=codes, operation=op, from_country=origin):
                    article = "Art. 4(1)(a)-(b)" if kind == IMPORT_PROHIBITION else "Art. 4(11)"
                    word = {IMPORT_PROHIBITION: "import into", EXPORT_PROHIBITION:
                            "export from", TRANSIT_PROHIBITION: "transit through"}[kind]
                    add(Reason(f"national.{kind}", f"{_NATIONAL} ({state}); {_BASEL}",
                               f"{rule.article}; Basel {article}",
                               f"{state} prohibits the {word} {state} of this waste "
                               f"({rule.rule_id}: {rule.text})"
                               + ("" if rule.verification != "U" else " — unverified rule")
                               + ".", PROHIBITS, rule.verification))

    def _basel_parties(self, on, exp, imp, sx: Standing, si: Standing, oecd_regime: bool,
                       klass: str, add) -> bool:
        """Art. 4(5) and Art. 11: True when the Basel PIC procedure applies."""
        if sx.is_party and si.is_party:
            return True
        if sx.status == NON_PARTY and si.status == NON_PARTY:
            add(Reason("basel.no_party", _BASEL, "Art. 2, Art. 4(5)", _T_NO_PARTY, INFORMS,
                       weakest(sx.confidence, si.confidence),
                       (exp, sx.explanation, imp, si.explanation)))
            return False
        if UNLISTED in (sx.status, si.status):
            unknown = [s for s, st in ((exp, sx), (imp, si)) if st.status == UNLISTED]
            other_non = NON_PARTY in (sx.status, si.status)
            add(Reason("basel.party_status_unknown", _BASEL, "Art. 4(5)",
                       _T_BASEL_STATUS_UNKNOWN, INFORMS, "U", (" and ".join(unknown),)))
            return not other_non
        # exactly one Party and one non-Party: Art. 4(5), unless an Art. 11 agreement
        non_party = exp if sx.status == NON_PARTY else imp
        explanation = (sx if sx.status == NON_PARTY else si).explanation
        confidence = (sx if sx.status == NON_PARTY else si).confidence
        cover = self._art11(on, exp, imp, oecd_regime)
        if cover is not None:
            add(Reason(cover[0], _BASEL, "Art. 11", _T_ART11, EXEMPTS,
                       weakest(confidence, cover[2]), (non_party, explanation, cover[1])))
            return False
        add(Reason("basel.non_party", _BASEL, "Art. 4(5)", _T_NON_PARTY, PROHIBITS, confidence,
                   (non_party, explanation)))
        return False

    def _art11(self, on, exp, imp, oecd_regime) -> tuple[str, str, str] | None:
        if oecd_regime:
            return ("basel.art11_oecd", "the OECD Decision covers recovery movements between "
                    "its Adherents [S]", ART11_OECD_CONFIDENCE)
        if on >= self._from_waigani:
            we = self.parties.standing("waigani", exp, on)
            wi = self.parties.standing("waigani", imp, on)
            if we.is_party and wi.is_party:
                return ("basel.art11_waigani", "both are Parties to the Waigani Convention, a "
                        "regional agreement under Art. 11 [S: rules.md §5]",
                        weakest(ART11_WAIGANI_CONFIDENCE, we.confidence, wi.confidence))
        for rule in self.national.agreements(exp, imp):
            if rule.in_force(on):
                return ("basel.art11_agreement", f"agreement {rule.rule_id} ({rule.text}) "
                        "covers the pair", rule.verification)
        return None

    def _basel_transit(self, on, state, add) -> tuple[str, str]:
        st = self.parties.standing("basel", state, on)
        if st.status == NON_PARTY:
            add(Reason("basel.transit_non_party", _BASEL, "Art. 7", _T_TRANSIT_NON_PARTY,
                       INFORMS, st.confidence, (state, st.explanation)))
            return dl.TRANSIT_NOTIFY_ONLY, st.confidence
        if st.status == UNLISTED:
            add(Reason("basel.transit_status_unknown", _BASEL, "Art. 6(4), Art. 7",
                       _T_TRANSIT_UNKNOWN, INFORMS, "U", (state,)))
            return dl.TRANSIT_UNKNOWN, "U"
        for rule in self.national.of(TRANSIT_NO_WRITTEN_CONSENT, state):
            if rule.in_force(on):
                confidence = weakest(st.confidence, rule.verification)
                add(Reason("basel.transit_tacit_consent", _BASEL, "Art. 6(4), Art. 13",
                           _T_TRANSIT_TACIT, REQUIRES_CONSENT, confidence,
                           (state, rule.rule_id)))
                return dl.TRANSIT_TACIT, confidence
        add(Reason("basel.transit_consent", _BASEL, "Art. 6(4)", _T_TRANSIT_CONSENT,
                   REQUIRES_CONSENT, st.confidence, (state, st.explanation)))
        return dl.TRANSIT_WRITTEN, st.confidence

    def _ban(self, on, exp, imp, disposal, annex_11a, add) -> None:
        """Art. 4A (Ban Amendment): Annex VII Parties bound by it, to non-Annex VII States."""
        if on < self._from_basel_ban:
            return
        standing = self.parties.standing
        vii_exp = standing("basel_annex_vii", exp, on)
        if not vii_exp.is_party:
            return
        if standing("basel_annex_vii", imp, on).is_party:
            return
        if disposal:
            article, scope = "Art. 4A(1)", "for Annex IV A (disposal) operations"
        elif annex_11a:
            article, scope = "Art. 4A(2)", ("of Art. 1(1)(a) hazardous wastes for Annex IV B "
                                            "(recovery) operations")
        else:
            add(Reason("basel.ban_amendment_scope", _BAN, "Art. 4A(2)",
                       "The ban on movements for recovery covers only Art. 1(1)(a) hazardous "
                       "wastes; this waste is hazardous only under national law.",
                       INFORMS, "V"))
            return
        bound = standing("basel_ban", exp, on)
        if bound.is_party:
            add(Reason("basel.ban_amendment", _BAN, article, _T_BAN, PROHIBITS,
                       weakest(bound.confidence, vii_exp.confidence),
                       (exp, vii_exp.explanation, imp, bound.explanation, scope)))
        elif bound.status == NON_PARTY:
            add(Reason("basel.ban_amendment_not_bound", _BAN, article, _T_BAN_NOT_BOUND,
                       INFORMS, bound.confidence,
                       (exp, vii_exp.explanation, imp, bound.explanation)))
        else:
            add(Reason("basel.ban_amendment_status_unknown", _BAN, article, _T_BAN_UNKNOWN,
                       INFORMS, "U", (exp, vii_exp.explanation, imp, scope)))

    def _bamako_standing(self, state: str, on: date) -> Standing:
        st = self.parties.standing("bamako", state, on)
        if st.status == UNLISTED and state not in self.regions.africa:
            return _OUTSIDE_AFRICA
        return st

    def _bamako(self, on, exp, imp, procedures, add) -> None:
        bi, bx = self._bamako_standing(imp, on), self._bamako_standing(exp, on)
        if bi.is_party and bx.is_party:
            procedures.add("bamako")
            add(Reason("bamako.pic", _BAMAKO, "Art. 6(1)-(2)", _T_BAMAKO_PIC, REQUIRES_CONSENT,
                       weakest(bi.confidence, bx.confidence),
                       (exp, bx.explanation, imp, bi.explanation)))
        elif bi.is_party and bx.status == NON_PARTY:
            add(Reason("bamako.import_ban", _BAMAKO, "Art. 4(1)", _T_BAMAKO_BAN, PROHIBITS,
                       weakest(bi.confidence, bx.confidence, "S"),
                       (imp, bi.explanation, exp, bx.explanation)))
        elif bi.is_party:
            add(Reason("bamako.party_status_unknown", _BAMAKO, "Art. 4(1)",
                       _T_BAMAKO_EXPORTER_UNKNOWN, INFORMS, "U", (imp, exp)))
        elif bi.status == UNLISTED and bx.status != PARTY:
            add(Reason("bamako.party_status_unknown", _BAMAKO, "Art. 4(1)",
                       _T_BAMAKO_IMPORTER_UNKNOWN, INFORMS, "U", (imp,)))

    def _waigani(self, on, exp, imp, klass, procedures, reasons: list[Reason]) -> None:
        add = reasons.append
        area = self.regions.convention_area
        we = self.parties.standing("waigani", exp, on)
        wi = self.parties.standing("waigani", imp, on)
        # A ban here is the only reason of a waigani.* rule that prohibits.
        banned = False
        if wi.is_party and wi.role == "pacific_island_developing_party" and exp not in area:
            banned = True
            add(Reason("waigani.import_ban", _WAIGANI, "Art. 4(1)(a)", _T_WAIGANI_IMPORT_BAN,
                       PROHIBITS, weakest(wi.confidence, "S"), (imp, wi.explanation, exp)))
        if we.is_party and we.role == "other_party" and imp in area and \
                self.parties.role("waigani", imp) != "other_party":
            banned = True
            add(Reason("waigani.export_ban", _WAIGANI, "Art. 4(1)(b)", _T_WAIGANI_EXPORT_BAN,
                       PROHIBITS, weakest(we.confidence, "S"), (exp, we.explanation, imp)))
        if we.is_party and wi.is_party and klass == HAZARDOUS and not banned:
            procedures.add("waigani")
            add(Reason("waigani.pic", _WAIGANI, "Art. 6(1)", _T_WAIGANI_PIC, REQUIRES_CONSENT,
                       weakest(we.confidence, wi.confidence),
                       (exp, we.explanation, imp, wi.explanation)))
        elif klass == HAZARDOUS and not banned and (we.is_party or wi.is_party) and any(
                st.status == UNLISTED and state in area for state, st in ((exp, we), (imp, wi))):
            add(Reason("waigani.party_status_unknown", _WAIGANI, "Art. 6",
                       "One state is a Waigani Party, the other in the Convention Area has no "
                       "row in the party table (unknown, not guessed).", INFORMS, "U"))


def _packaged_in_force() -> dict[str, tuple[date, str]]:
    from tbmnet.codes.reference import instruments

    return {key: (inst.entry_into_force or inst.adopted, inst.verification)
            for key, inst in instruments().items() if (inst.entry_into_force or inst.adopted)}


_default: Engine | None = None


def default_engine() -> Engine:
    """The engine over the packaged reference data, built once per process."""
    global _default
    if _default is None:
        _default = Engine()
    return _default
