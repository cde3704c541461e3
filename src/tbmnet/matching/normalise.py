"""Normalise names and addresses of parties for comparison across scripts.

A name becomes a `NormalisedName`: lower-case ASCII tokens with legal forms ("Co., Ltd.",
"GmbH", "ООО", "有限公司", "บริษัท ... จำกัด") taken out and kept apart as canonical codes,
common abbreviations expanded and stopwords dropped. Transliteration uses rigour
(`ascii_text`: rigour's own spellings for Cyrillic, Greek, Hangul..., ICU for Han and Thai);
legal forms use our own table first, then rigour's org-type table for the long tail.
All functions are pure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from rigour.addresses import address_fingerprint
from rigour.names import extract_org_types, remove_org_types
from rigour.text.translit import ascii_text

__all__ = [
    "NormalisedName",
    "fold",
    "identifier_key",
    "name_key",
    "normalise_address",
    "normalise_name",
    "skeleton",
]

# Letters that stand for one sound in several spellings, and so come back different from a
# round trip through another script ("Lucky" -> "Луккй" -> "lukki"): c, q -> k; w -> v;
# y -> i; kh -> h (Cyrillic х); dzh -> j (Cyrillic дж); doubled letters once.
_SKELETON_TABLE = str.maketrans({"c": "k", "q": "k", "w": "v", "y": "i"})
_DOUBLE_RE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=1 << 18)  # words recur: a name's words, and the same names again
def skeleton(token: str) -> str:
    """A spelling-insensitive form of an ASCII token: "lucky", "luky", "lukki" -> "luki"."""
    if "h" in token:
        token = token.replace("dzh", "j").replace("kh", "h").replace("ph", "f")
    return _DOUBLE_RE.sub(r"\1", token.translate(_SKELETON_TABLE))


# Legal forms written in scripts that ICU would otherwise transliterate syllable by syllable.
# Longest first; each maps to a canonical code.
_SCRIPT_LEGAL_FORMS: tuple[tuple[str, str], ...] = (
    ("股份有限公司", "plc"),
    ("有限责任公司", "ltd"),
    ("有限責任公司", "ltd"),
    ("有限公司", "ltd"),
    ("株式会社", "kk"),
    ("有限会社", "ltd"),
    ("合同会社", "llc"),
    ("公司", "co"),
    ("주식회사", "jsc"),
    ("(주)", "jsc"),
    ("유한회사", "ltd"),
    ("ห้างหุ้นส่วนจำกัด", "lp"),
    ("ห้างหุ้นส่วนสามัญ", "partnership"),
    ("บริษัทมหาชนจำกัด", "plc"),
    ("(มหาชน)", "plc"),
    ("มหาชน", "plc"),
    ("จำกัด", "ltd"),
    ("บริษัท", "co"),
    ("บจก.", "ltd"),
    ("บมจ.", "plc"),
)
# Keys in the same form as the input they meet (NFKC splits Thai SARA AM, for one).
_SCRIPT_LEGAL_MAP = {unicodedata.normalize("NFKC", k).casefold(): v for k, v in _SCRIPT_LEGAL_FORMS}
_SCRIPT_LEGAL_RE = re.compile("|".join(re.escape(k) for k in _SCRIPT_LEGAL_MAP))

# Latin legal-form phrases (as token tuples) -> canonical code. rigour's table handles the
# long tail; this one fixes the common forms it splits ("Co., Ltd." vs "Company Limited").
_LEGAL_PHRASES: dict[tuple[str, ...], str] = {}


def _add_legal(code: str, *phrases: str) -> None:
    for phrase in phrases:
        words = tuple(phrase.split())
        _LEGAL_PHRASES[words] = code
        # As written from another script ("к.в." -> "k v", "ко., лтд." -> "ko ltd"); one
        # word only if long enough not to be an ordinary word ("ink").
        bent = tuple(skeleton(w) for w in words)
        if bent != words and (len(words) > 1 or len(bent[0]) >= 4):
            _LEGAL_PHRASES.setdefault(bent, code)


_add_legal(
    "ltd",
    "co ltd",
    "company ltd",
    "company limited",
    "co limited",
    "limited",
    "ltd",
    "pte ltd",
    "pte limited",
    "private limited",
    "pvt ltd",
    "private ltd",
    "pvt limited",
    "youxian gongsi",
    "youxian zeren gongsi",
    "yuxian gongsi",
    "ltda",
)
_add_legal(
    "plc",
    "public limited company",
    "public company limited",
    "plc",
    "pcl",
    "gufen youxian gongsi",
    "public co ltd",
    "tbk",
)
# Bulgarian ООД and ЕООД (single-member) are limited liability companies.
_add_legal("llc", "llc", "limited liability company", "ooo", "l l c", "tov", "ood", "eood")
_add_legal("inc", "inc", "incorporated")
_add_legal("corp", "corp", "corporation")
_add_legal("co", "co", "company", "gongsi", "cos")
_add_legal("bhd", "sdn bhd", "sendirian berhad", "bhd", "berhad")
_add_legal("pt", "pt", "perseroan terbatas")
_add_legal("gmbh", "gmbh", "gesellschaft mit beschrankter haftung")
_add_legal(
    "sa",
    "sa",
    "s a",
    "societe anonyme",
    "sociedad anonima",
    "sa de cv",
    "s a de c v",
    "s de r l de c v",
    "s de rl de cv",
    "s de r l",
    "s a c",
    "sac",
    "s c s",
    "s r l",
    "s a s",
    "s p a",
    "c v",
    "c a",
)
_add_legal("sarl", "sarl")
_add_legal("jsc", "jsc", "ojsc", "cjsc", "pjsc", "zao", "oao", "pao", "ao", "joint stock company")
_add_legal("kk", "kk", "kabushiki kaisha", "kabushikigaisha")
_add_legal("llp", "llp", "lp")
_add_legal("fze", "fze", "fzco", "fzc", "fz llc")
_add_legal("bv", "bv", "nv", "ag", "srl", "spa", "sas", "ab", "as", "oy", "sl", "cv")
_MAX_LEGAL_LEN = max(len(k) for k in _LEGAL_PHRASES)
# Words of legal forms, as skeletons: a run of them with a bent one at either end of a name
# is a legal form written with a slip.
_LEGAL_WORDS_RAW = frozenset(
    w for phrase in _LEGAL_PHRASES for w in phrase if len(w) >= 3 and w.isalpha()
) | frozenset(
    (
        "closed open joint stock public private limited liability company companies "
        "corporation incorporated partnership aktsionernoe obshchestvo otkrytoe zakrytoe "
        "publichnoe tovarystvo obmezhenoyu vidpovidalnistyu sociedad societe anonima anonyme "
        "responsabilidad limitada"
    ).split()
)
_LEGAL_WORDS = frozenset(skeleton(w) for w in _LEGAL_WORDS_RAW)
_LEGAL_WORDS_FOUR = tuple(w for w in _LEGAL_WORDS - {"open"} if len(w) == 4)
# Ordinary words too: only as written ("Acme Opens" keeps its word).
_PLAIN_LEGAL_WORDS = frozenset({"open", "klosed"})
_LEGAL_WORDS_LONG = tuple(w for w in _LEGAL_WORDS - _PLAIN_LEGAL_WORDS if len(w) >= 4)
# (Not ЕООД's skeleton "eod": "West End" keeps its word.)
_LEGAL_WORDS_SHORT = tuple(w for w in _LEGAL_WORDS if len(w) == 3 and w != "eod")
# As written, for slips that a skeleton would make two ("liited" -> "lited").
_LEGAL_WORDS_LONG_RAW = tuple(
    w for w in _LEGAL_WORDS_RAW - _PLAIN_LEGAL_WORDS - {"open", "closed"} if len(w) >= 5
)
# Abbreviations of legal forms that no ordinary word is one slip from: as the last word of a
# name, a word of two to four letters one slip from one of them is that form ("Ltod", "Tld",
# "Ytda", "Lcl", "Td"). ("Plc", "Inc", "Co" or "Spa" are not: "Pac", "Inn", "Eco", "Gas".)
_TAIL_FORMS = ("ltd", "ltda", "llc", "gmbh", "jsc", "ojsc", "cjsc", "pjsc", "bhd", "llp", "fzco")
# These only with their first letter ("Oof", not "Zoo").
_TAIL_FORMS_SAME_START = ("ooo", "ood")
_LEGAL_FIRST = frozenset(k[0] for k in _LEGAL_PHRASES)

# Abbreviations written out in full (applied to both sides, so direction does not matter).
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "impeks": ("import", "export"),
    "intl": ("international",),
    "int": ("international",),
    "natl": ("national",),
    "mfg": ("manufacturing",),
    "mfrs": ("manufacturers",),
    "inds": ("industries",),
    "indus": ("industries",),
    "ind": ("industries",),
    "industry": ("industries",),
    "svcs": ("services",),
    "svc": ("services",),
    "serv": ("services",),
    "eng": ("engineering",),
    "engg": ("engineering",),
    "grp": ("group",),
    "hldgs": ("holdings",),
    "hldg": ("holdings",),
    "holding": ("holdings",),
    "bros": ("brothers",),
    "assn": ("association",),
    "assoc": ("association",),
    "mgmt": ("management",),
    "trdg": ("trading",),
    "tdg": ("trading",),
    "impex": ("import", "export"),
    "imex": ("import", "export"),
    "exim": ("export", "import"),
    "ctr": ("center",),
    "centre": ("center",),
    "tech": ("technology",),
    "technologies": ("technology",),
    "techn": ("technology",),
    "dev": ("development",),
    "env": ("environmental",),
    "enviro": ("environmental",),
    "recyc": ("recycling",),
    "mohd": ("mohammed",),
    "muhd": ("mohammed",),
}

STOPWORDS = frozenset("the of and a an de del la le les des du da di do y e et und for".split())

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_APOSTROPHE_RE = re.compile(r"[\u2019'`\u02bc\u02b9]")


@dataclass(frozen=True, slots=True)
class NormalisedName:
    """A name ready for comparison.

    `tokens` are the core words in their original order (legal forms removed, unless the
    name is nothing but legal forms); `legal_forms` the canonical codes taken out;
    `syllabic` is True when the name was written in Han characters, so tokens are pinyin
    syllables rather than words.
    """

    tokens: tuple[str, ...]
    legal_forms: tuple[str, ...] = ()
    syllabic: bool = False
    #: Words taken out as legal forms by rigour's long-tail table ("cvba", "kft"): a typo
    #: can make one ("CUBA" -> "CvBA"), so matching may still count them as words.
    dropped: tuple[str, ...] = ()
    #: The words of the legal forms taken out, as written ("co", "ltd"; "compayn"): which
    #: of two names equal in their core words is written more like the query.
    legal_words: tuple[str, ...] = ()

    @property
    def sorted_key(self) -> str:
        """Tokens sorted and space-joined: insensitive to word order."""
        return " ".join(sorted(self.tokens))

    @property
    def joined_key(self) -> str:
        """Tokens joined without spaces: insensitive to word splitting."""
        return "".join(self.tokens)


def fold(text: str) -> str:
    """Case-fold and transliterate `text` to lower-case ASCII (any script)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        text = ascii_text(text).lower()
    return text


def _strip_script_legal_forms(text: str, found: list[str]) -> str:
    def repl(match: re.Match[str]) -> str:
        found.append(_SCRIPT_LEGAL_MAP[match.group(0)])
        return " "

    return _SCRIPT_LEGAL_RE.sub(repl, text)


def _merge_initials(tokens: list[str]) -> list[str]:
    """Join runs of two or more single letters: "s a" -> "sa", "i b m" -> "ibm"."""
    if all(len(tok) > 1 for tok in tokens):
        return tokens
    out: list[str] = []
    run: list[str] = []
    for tok in tokens:
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            continue
        if run:
            out.append("".join(run)) if len(run) > 1 else out.extend(run)
            run = []
        out.append(tok)
    if run:
        out.append("".join(run)) if len(run) > 1 else out.extend(run)
    return out


def _strip_legal_phrases(tokens: list[str], found: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        if tokens[i] not in _LEGAL_FIRST:
            out.append(tokens[i])
            i += 1
            continue
        for size in range(min(_MAX_LEGAL_LEN, n - i), 0, -1):
            code = _LEGAL_PHRASES.get(tuple(tokens[i : i + size]))
            if code is not None:
                found.append(code)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


#: Legal-form words that never lead a name: a word like one of them before the name is a
#: name ("Caishai Metals" is not "Kaisha Metals"; "Kabushiki Kaisha X" leads with
#: "kabushiki").
_NEVER_LEADING = frozenset({"kaisha", "berhad"})


@lru_cache(maxsize=1 << 16)  # trade words ("trading", "metals") come back in most names
def _legal_word(token: str, *, last: bool, lead: bool = False) -> str | None:
    """How `token` reads as a word of a legal form: "exact" ("joint"), "bent" (a slip or
    foreign spelling of one: "sotck", "ilmited"), or None. A three-letter slip ("lta") is
    only read so as the last word; with `lead` (the first word of the name), a slip of a
    form that never leads a name is not read so."""
    if token in _ABBREVIATIONS or token in STOPWORDS or not token.isalpha():
        return None
    if token in _LEGAL_WORDS_RAW:
        return "exact"
    if last and 2 <= len(token) <= 4 and _near_tail_form(token):
        return "bent"
    key = skeleton(token)
    if len(key) == 2:
        # "Ко., Лтд." -> "ko ltd": bent, but only next to a legal form taken out.
        return "short" if last and key == "ko" else None
    if key in _LEGAL_WORDS:
        return "bent"
    if len(key) == 4:  # only two letters swapped ("ocrp"): "core" is a word, not "corp"
        letters = sorted(key)
        for word in _LEGAL_WORDS_FOUR:
            if sorted(word) == letters and OSA.distance(key, word) == 1:
                return "bent"
    elif len(key) >= 5:
        # One slip, or two between long words (seven letters or more on both sides) if the
        # first letter stays ("republic" is not "public", nor "caichai" "kaisha").
        limit = 2 if len(key) >= 7 else 1
        for word, words in ((key, _LEGAL_WORDS_LONG), (token, _LEGAL_WORDS_LONG_RAW)):
            near = process.extractOne(word, words, scorer=OSA.distance, score_cutoff=limit)
            if near is not None and (
                near[1] <= 1 or (near[0][0] == key[0] and len(near[0]) >= 7)
            ):
                return None if lead and near[0] in _NEVER_LEADING else "bent"
            if token == key:
                break  # written as its skeleton: the same words
    elif last and len(key) == 3 and len(token) == 3:
        # One letter off a three-letter form with its first letter ("lta"), or one letter
        # short of a four-letter one ("orp").
        for word in _LEGAL_WORDS_SHORT:
            if word[0] == key[0] and OSA.distance(key, word, score_cutoff=1) <= 1:
                return "bent"
        for word in _LEGAL_WORDS_FOUR:
            if OSA.distance(key, word, score_cutoff=1) <= 1:
                return "bent"
    return None


def _near_tail_form(token: str) -> bool:
    """One slip from an abbreviation of a legal form that no ordinary word is near."""
    # Two letters only as "Ltd" or "LLC" with one left out ("Td", "Lc"; not "HD" for "Bhd").
    forms = _TAIL_FORMS if len(token) > 2 else ("ltd", "llc")
    if process.extractOne(token, forms, scorer=OSA.distance, score_cutoff=1) is not None:
        return True
    for form in _TAIL_FORMS_SAME_START:
        if token[0] == form[0] and len(token) == 3 and OSA.distance(token, form) <= 1:
            return True
    return False


_INITIAL_FORMS = ("sa", "ag", "bv", "nv", "ab", "as", "oy", "sas", "spa", "srl", "sarl", "sl")


def _near_initials(joined: str) -> bool:
    return any(
        abs(len(w) - len(joined)) <= 1 and OSA.distance(joined, w, score_cutoff=1) <= 1
        for w in _INITIAL_FORMS
    )


def _strip_bent_edges(tokens: list[str], found: list[str]) -> tuple[list[str], list[str]]:
    """Take off the words of a legal form that exact matching missed because one of them is
    bent ("Joint Sotck Company X", "X Closed Joint-Stocck Company", "X Ltda" as "X Lta") or
    left over ("closed" of "closed joint stock company"): a run of legal-form words at either
    end with a bent word, or next to a legal form taken out; one word at least is kept."""
    bent: list[str] = []
    # Initials of a legal form with a slip at the end ("S.OA.", "S.HA.S."): two to four
    # tokens of one or two letters that, joined, are one letter off a legal form.
    run = 0
    while run < min(4, len(tokens) - 1) and len(tokens[-1 - run]) <= 2:
        run += 1
    if run >= 2:
        joined = "".join(tokens[len(tokens) - run :])
        if joined.isalpha() and _near_initials(joined):
            bent = tokens[len(tokens) - run :]
            tokens = tokens[: len(tokens) - run]
            found.append("legal")
    for at_end in (True, False):
        run = 0
        kinds = []
        while run < min(4, len(tokens) - 1):
            tok = tokens[-1 - run] if at_end else tokens[run]
            kind = _legal_word(tok, last=at_end and run == 0, lead=not at_end and run == 0)
            if kind is None:
                break
            kinds.append(kind)
            run += 1
        # A run of legal-form words next to a legal form already taken out goes with it
        # ("X Closed Joint-Stock Company": rigour takes "joint stock company").
        if "bent" not in kinds and not (kinds and found):
            continue
        if "short" in kinds and not found:
            continue
        # Drop only up to the outermost bent word's run.
        if at_end:
            bent = tokens[len(tokens) - run :] + bent
            tokens = tokens[: len(tokens) - run]
        else:
            bent = tokens[:run] + bent
            tokens = tokens[run:]
        found.append("legal")
    return tokens, bent


def _pinyin_fix(token: str) -> str:
    """Spell pinyin u-umlaut one way: "lv"/"lyu" -> "lu", "nv"/"nyu" -> "nu"."""
    if token[:2] in ("lv", "nv"):
        return token[0] + "u" + token[2:]
    if token[:3] in ("lyu", "nyu"):
        return token[0] + "u" + token[3:]
    return token


def normalise_name(text: str, *, legal_forms: bool = True) -> NormalisedName:
    """Normalise a party name (company, person or vessel) for comparison.

    With `legal_forms=False` (persons) legal-form words are kept as ordinary tokens. The
    answers are remembered (`NAME_MEMORY`): a screened party is normalised for the
    watchlist, the consent and the risk profiles, and traders come back.
    """
    return _normalise_name(text, legal_forms)


#: Names whose normal form is remembered.
NAME_MEMORY = 1 << 18


@lru_cache(maxsize=NAME_MEMORY)
def _normalise_name(text: str, legal_forms: bool) -> NormalisedName:
    raw = unicodedata.normalize("NFKC", text).casefold()
    found: list[str] = []
    syllabic = _HAN_RE.search(raw) is not None
    if legal_forms and not raw.isascii():
        raw = _strip_script_legal_forms(raw, found)
        # Cyrillic, Greek and other forms are best recognised before transliteration.
        for _, code in extract_org_types(raw, generic=True):
            found.append(code)
        stripped = remove_org_types(raw, replacement=" ")
        if stripped.strip():
            raw = stripped
    ascii_ = raw if raw.isascii() else ascii_text(raw).lower()
    ascii_ = _APOSTROPHE_RE.sub("", ascii_).replace("&", " and ")
    tokens = _TOKEN_RE.findall(ascii_)
    all_tokens = tokens = _merge_initials(tokens)
    dropped: tuple[str, ...] = ()
    if legal_forms and tokens and not syllabic:
        # Legal forms written in initials first ("S.A. DE C.V. S.A."), before the initials
        # of the name are joined.
        tokens = _merge_initials(_strip_legal_phrases(_TOKEN_RE.findall(ascii_), found))
        tokens = _strip_legal_phrases(tokens, found)
        if tokens:
            rest = " ".join(tokens)
            extra = extract_org_types(rest, generic=True)
            if extra:
                cleaned = _TOKEN_RE.findall(remove_org_types(rest, replacement=" "))
                if cleaned:
                    found.extend(code for _, code in extra)
                    kept = set(cleaned)
                    dropped = tuple(t for t in tokens if t not in kept)
                    tokens = cleaned
        tokens, bent = _strip_bent_edges(tokens, found)
        if bent:
            dropped = (*dropped, *bent)
    expanded: list[str] = []
    for tok in tokens:
        if tok in STOPWORDS:
            continue
        full = _ABBREVIATIONS.get(tok) or _ABBREVIATIONS.get(skeleton(tok))
        if full is None:
            expanded.append(_pinyin_fix(tok) if tok[0] in "ln" else tok)
        else:
            expanded.extend(full)
    legal_words: tuple[str, ...] = ()
    if found:
        core = set(tokens)
        legal_words = tuple(t for t in all_tokens if t not in core and t not in STOPWORDS)
    if not expanded:
        # A name made only of legal forms or stopwords: keep what was written.
        expanded = [t for t in all_tokens] or []
        found = []
        legal_words = ()
    return NormalisedName(
        tuple(expanded), tuple(dict.fromkeys(found)), syllabic, dropped, legal_words
    )


def name_key(text: str) -> str:
    """A word-order-insensitive comparison key for a name (legal forms removed)."""
    return normalise_name(text).sorted_key


def normalise_address(text: str) -> str:
    """Normalise an address: ASCII, keywords shortened, countries as codes (rigour)."""
    key = address_fingerprint(text)
    if key is None:
        return ""
    return fold(key)


_ID_PREFIXES = ("imo", "no", "nr", "reg", "registration", "number")


def identifier_key(value: str) -> str:
    """Normalise an identifier (IMO number, registration no.): alphanumerics upper-cased.

    A leading "IMO"/"No." label is dropped, so "IMO 9187629" and "9187629" meet.
    """
    tokens = _TOKEN_RE.findall(fold(value))
    while len(tokens) > 1 and tokens[0] in _ID_PREFIXES:
        tokens = tokens[1:]
    key = "".join(tokens).upper()
    if key.startswith("IMO") and key[3:].isdigit():
        key = key[3:]
    return key
