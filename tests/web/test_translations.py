"""The French catalogue is complete and its compiled .mo (committed) matches the .po."""

import ast
import gettext
from pathlib import Path

import tbmnet

LC_MESSAGES = Path(tbmnet.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def _entries(po: str) -> list[dict[str, str]]:
    """Each block of a .po file as {keyword: text}, continuation lines joined."""
    entries = []
    for block in po.split("\n\n"):
        entry: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, text = line.partition(" ")
                entry[key] = ast.literal_eval(text)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def test_every_french_message_is_translated_and_compiled():
    po = (LC_MESSAGES / "django.po").read_text(encoding="utf-8")
    assert "Language: fr\\n" in po and "Plural-Forms: nplurals=2; plural=(n > 1);" in po
    assert "#, fuzzy" not in po
    mo = gettext.GNUTranslations(open(LC_MESSAGES / "django.mo", "rb"))
    entries = _entries(po)
    assert len(entries) > 100
    for entry in entries:
        msgid = entry["msgid"]
        if "msgid_plural" in entry:
            assert entry["msgstr[0]"] and entry["msgstr[1]"], msgid
            assert mo.ngettext(msgid, entry["msgid_plural"], 2) == entry["msgstr[1]"], msgid
            continue
        assert entry["msgstr"], f"untranslated: {msgid!r}"
        compiled = (mo.pgettext(entry["msgctxt"], msgid) if "msgctxt" in entry
                    else mo.gettext(msgid))
        assert compiled == entry["msgstr"], f"django.mo is stale for {msgid!r}: " \
                                            "run make messages"


def test_choice_and_event_labels_follow_the_language():
    from django.utils import translation

    from tbmnet.apps.cases.models import CaseStatus, IllegalTrafficGround
    from tbmnet.apps.customs.models import DeclarationStatus, EntityKind, InspectionKind
    from tbmnet.apps.movements.workflow import EVENTS
    from tbmnet.apps.notifications.models import (
        MEANS_OF_TRANSPORT,
        PACKAGING_TYPES,
        PHYSICAL_CHARACTERISTICS,
    )

    labels = [DeclarationStatus.SEIZED.label, InspectionKind.PHYSICAL.label,
              EntityKind.VESSEL.label, CaseStatus.OPEN.label,
              IllegalTrafficGround.NO_CONSENT.label, PACKAGING_TYPES["1"],
              MEANS_OF_TRANSPORT["S"], PHYSICAL_CHARACTERISTICS["5"], EVENTS["handover"].label]
    with translation.override("en"):
        assert [str(label) for label in labels] == [
            "Seized", "Physical inspection", "Vessel", "Open",
            "Art. 9(1)(b): without the consent of a State concerned", "Drum", "Sea", "Liquid",
            "Handover to a carrier (block 8)"]
    with translation.override("fr"):
        assert [str(label) for label in labels] == [
            "Saisie", "Inspection physique", "Navire", "Ouvert",
            "Art. 9(1)(b) : sans le consentement d'un État concerné", "Fût", "Mer", "Liquide",
            "Remise à un transporteur (case 8)"]
