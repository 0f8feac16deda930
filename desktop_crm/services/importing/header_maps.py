"""Known column headers (Google old and new, Outlook, LinkedIn, HubSpot, Apple, Thunderbird,
Dutch Excel, generic English and Dutch) mapped to record fields.

Headers are compared in a compact form (case-folded, letters and digits only), so
"E-mail Address", "email_address" and "EmailAddress" are one header."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from desktop_crm.services.importing.records import IDENTITY_FIELDS, Field

_NON_ALNUM = re.compile(r"[^0-9a-z\u00c0-\u024f]+")

EN, NL = "en", "nl"

# compact header -> (field, language of the word or None when it is the same in both)
_EXACT: dict[str, tuple[Field, str | None]] = {}


def _add(field: Field, lang: str | None, *headers: str) -> None:
    for header in headers:
        _EXACT[compact(header)] = (field, lang)


def compact(header: str) -> str:
    """'E-mail 1 - Value' → 'email1value'."""
    text = header.replace("\ufeff", "").strip().casefold()
    text = text.replace("ë", "e").replace("é", "e").replace("ï", "i")
    return _NON_ALNUM.sub("", text)


_add(Field.FULL_NAME, EN, "Name", "Full Name", "Display Name", "Contact Name", "Fullname")
_add(Field.FULL_NAME, NL, "Naam", "Volledige naam", "Contactpersoon", "Contactnaam", "Weergavenaam")
_add(Field.GIVEN_NAME, EN, "First Name", "Given Name", "First", "Forename", "firstname")
_add(Field.GIVEN_NAME, NL, "Voornaam", "Roepnaam", "Voornamen")
_add(Field.MIDDLE_NAME, EN, "Middle Name", "Additional Name", "Middle", "Middle Names")
_add(Field.MIDDLE_NAME, NL, "Tussenvoegsel", "Tussenvoegsels", "Tussenv", "Voorvoegsel")
_add(Field.FAMILY_NAME, EN, "Last Name", "Family Name", "Surname", "Last", "lastname")
_add(Field.FAMILY_NAME, NL, "Achternaam", "Familienaam", "Geslachtsnaam")
_add(Field.PREFIX, EN, "Name Prefix", "Title", "Prefix", "Salutation", "Honorific")
_add(Field.PREFIX, NL, "Aanhef", "Titel", "Titulatuur")
_add(Field.SUFFIX, EN, "Name Suffix", "Suffix")
_add(Field.SUFFIX, NL, "Achtervoegsel")
_add(
    Field.BIRTHDAY,
    EN,
    "Birthday",
    "Date of Birth",
    "Birth Date",
    "Birthdate",
    "DOB",
    "BDAY",
    "date_of_birth",
)
_add(Field.BIRTHDAY, NL, "Geboortedatum", "Verjaardag", "Geboortedag", "Geb. datum", "Gebdatum")
_add(Field.BIRTH_YEAR, EN, "Birth Year")
_add(Field.BIRTH_MONTH, EN, "Birth Month")
_add(
    Field.COMPANY,
    EN,
    "Company",
    "Company Name",
    "Organization",
    "Organisation",
    "Organization Name",
    "Organization 1 - Name",
    "Org",
    "Employer",
    "Account Name",
    "company",
)
_add(Field.COMPANY, NL, "Bedrijf", "Bedrijfsnaam", "Organisatie", "Firma", "Werkgever")
_add(
    Field.JOB_TITLE,
    EN,
    "Job Title",
    "Position",
    "Organization Title",
    "Organization 1 - Title",
    "Role",
    "jobtitle",
)
_add(Field.JOB_TITLE, NL, "Functie", "Functietitel", "Functienaam")
_add(
    Field.ADDRESS,
    EN,
    "Address",
    "Address 1 - Formatted",
    "Home Address",
    "Business Address",
    "Postal Address",
    "Full Address",
)
_add(Field.ADDRESS, NL, "Adres", "Volledig adres", "Postadres")
_add(
    Field.STREET,
    EN,
    "Street",
    "Street Address",
    "Address 1 - Street",
    "Home Street",
    "Business Street",
    "Address Line 1",
)
_add(Field.STREET, NL, "Straat", "Straatnaam", "Straat en huisnummer")
_add(
    Field.POSTAL_CODE,
    EN,
    "Postal Code",
    "Zip",
    "Zip Code",
    "Postcode",
    "Address 1 - Postal Code",
    "Home Postal Code",
    "Business Postal Code",
    "ZipCode",
)
_add(Field.CITY, EN, "City", "Town", "Address 1 - City", "Home City", "Business City")
_add(Field.CITY, NL, "Plaats", "Woonplaats", "Stad", "Plaatsnaam", "Vestigingsplaats")
_add(
    Field.REGION,
    EN,
    "State",
    "Region",
    "Province",
    "State/Region",
    "Address 1 - Region",
    "Home State",
    "Business State",
    "County",
)
_add(Field.REGION, NL, "Provincie")
_add(
    Field.COUNTRY,
    EN,
    "Country",
    "Country/Region",
    "Address 1 - Country",
    "Home Country",
    "Business Country",
    "Home Country/Region",
    "Business Country/Region",
)
_add(Field.COUNTRY, NL, "Land")
_add(
    Field.WEBSITE,
    None,
    "Website",
    "Web Site",
    "URL",
    "Web Page",
    "Homepage",
    "Website 1 - Value",
    "Website URL",
    "Web",
    "Web Address",
    "Webpagina",
    "Webpage",
)
_add(Field.NOTES, EN, "Notes", "Note", "Comments", "Comment", "Memo", "Remarks")
_add(Field.NOTES, NL, "Notities", "Notitie", "Opmerkingen", "Opmerking", "Aantekeningen")
_add(Field.TAGS, EN, "Labels", "Group Membership", "Categories", "Tags", "Tag", "Groups")
_add(Field.TAGS, NL, "Groepen", "Categorieen")
_add(Field.LEAD_SOURCE, EN, "Lead Source", "Leadsource")
_add(Field.LEAD_SOURCE, NL, "Herkomst", "Bron")
_add(Field.STAGE, EN, "Stage")
_add(Field.STAGE, NL, "Fase")
_add(Field.LIFECYCLE_STAGE, EN, "Lifecycle Stage", "lifecyclestage")
_add(Field.LEAD_STATUS, EN, "Lead Status", "hs_lead_status")
# Outlook writes these beside the address; they repeat the name or say "SMTP".
_add(Field.IGNORE, None, "E-mail Display Name", "E-mail 2 Display Name", "E-mail 3 Display Name")

# Label columns that belong to a numbered value column: "E-mail 1 - Type" → "E-mail 1 - Value".
_LABEL = re.compile(
    r"^(email|phone|address|website|relation|event|im|organization)(\d*)(type|label)$"
)
_FAX = re.compile(r"fax")
_EMAIL = re.compile(
    r"^(primary|secondary|work|home|other|personal|business|private|prive|werk|zakelijk|"
    r"alternate|additional|alternative)?e?mail(\d+)?(adres|address|addr)?(\d+)?(value)?$"
)
_PHONE = re.compile(
    r"^(primary|home|work|business|mobile|cell|other|companymain|car|radio|assistants|callback|"
    r"main|private|prive|werk|zakelijk|vast|vaste|direct|ttytdd|office|kantoor)?"
    r"(phone|telephone|tel|telefoon|telefoonnummer|mobile|cell|cellphone|mobiel|mobiele|gsm|"
    r"telnr|mobielnummer|mobieletelefoon|mobilephone)(\d+)?(value|number|nummer|nr)?(\d+)?$"
)
_ENGLISH_PHONE = re.compile(r"phone|mobile|cell")
_DUTCH_PHONE = re.compile(r"telefoon|mobiel")


# Recognising a header by what it means: a word that says email, phone or fax, with any
# qualifier around it ("Contact Email", "Email Work", "Pager", "Phone Video", "homePhone").
_SPLIT_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_EMAIL_WORDS = frozenset(
    "email emails mail emailadres emailaddress emailadresse mailadres mailaddress".split()
)
_PHONE_WORDS = frozenset(
    "phone phones telephone tel telefoon telefoonnummer telnr mobile mobiel mobiele cell "
    "cellphone cellular gsm pager beeper mobilephone mobielnummer".split()
)
_FAX_WORDS = frozenset("fax telefax faxnummer".split())
# A column about an address or a number, not the address or number itself.
_NOT_A_VALUE = frozenset(
    "type typ label display name opt opted optout optin unsubscribed subscribed subscription "
    "consent status verified valid bounced bounce domain format count date sent opened clicked "
    "campaign permission preference preferences allow allowed ext extension country code area "
    "id hash do not no never".split()
)
# Qualifiers in English and Dutch; a header made of these and an email word is certain
# enough to accept a header line on it alone (a foreign "E-Mail-Adresse" is not).
_KNOWN_QUALIFIERS = frozenset(
    "contact primary secondary main home work business office private personal other "
    "alternate alternative additional address addr adres value number nummer nr prive werk "
    "zakelijk thuis kantoor overig persoonlijk".split()
)


def header_words(header: str) -> list[str]:
    """'Contact E-mail' → ['contact', 'email']; 'homePhone2' → ['home', 'phone', '2']."""
    text = _SPLIT_CAMEL.sub(" ", header.replace("\ufeff", ""))
    text = re.sub(r"(?<![a-z])e[-\s]?mail", "email", text.casefold())
    text = text.replace("ë", "e").replace("é", "e").replace("ï", "i")
    return re.findall(r"[a-z\u00c0-\u024f]+|\d+", text)


def _by_meaning(header: str) -> Field | None:
    words = header_words(header)
    if not words or any(w in _NOT_A_VALUE for w in words):
        return None
    if any(w in _FAX_WORDS for w in words):
        return Field.FAX
    if any(w in _EMAIL_WORDS for w in words):
        return Field.EMAIL
    if any(w in _PHONE_WORDS for w in words):
        return Field.PHONE
    return None


def _certain_email(header: str) -> bool:
    """An email column named only with English or Dutch words ('Contact Email')."""
    words = header_words(header)
    return (
        any(w in _EMAIL_WORDS for w in words)
        and _by_meaning(header) == Field.EMAIL
        and all(w in _EMAIL_WORDS or w in _KNOWN_QUALIFIERS or w.isdigit() for w in words)
    )


def guess_field(header: str, *, thunderbird_birth: bool = False) -> tuple[Field, str | None]:
    """The field a header holds and the header's language (nl, en or None)."""
    key = compact(header)
    if not key:
        return Field.IGNORE, None
    if thunderbird_birth and key == "birthday" and header.strip().casefold() == "birth day":
        return Field.BIRTH_DAY, EN
    if key in _EXACT:
        return _EXACT[key]
    if _LABEL.match(key):
        return Field.LABEL, None
    if _FAX.search(key):
        return Field.FAX, None
    if _EMAIL.match(key):
        return Field.EMAIL, None
    if _PHONE.match(key):
        lang = EN if _ENGLISH_PHONE.search(key) else NL if _DUTCH_PHONE.search(key) else None
        return Field.PHONE, lang
    meaning = _by_meaning(header)
    if meaning is not None:
        return meaning, None
    return Field.CUSTOM, None


def auto_mapping(headers: Sequence[str]) -> list[Field]:
    """One field per column, as the wizard shows it before the user changes anything."""
    compacts = {compact(h) for h in headers}
    thunderbird = "birthmonth" in compacts or "birthyear" in compacts
    return [guess_field(h, thunderbird_birth=thunderbird)[0] for h in headers]


def is_dutch(headers: Sequence[str]) -> bool:
    """R3: Dutch headers mean day-first dates. More Dutch than English words decides."""
    dutch = english = 0
    for header in headers:
        lang = guess_field(header)[1]
        dutch += lang == NL
        english += lang == EN
    return dutch > english


def header_score(cells: Sequence[str]) -> int:
    """How many cells are known headers; 0 unless one of them can identify a person."""
    fields = auto_mapping(cells)
    if not any(
        f in IDENTITY_FIELDS and (f != Field.EMAIL or _certain(cell))
        for f, cell in zip(fields, cells, strict=True)
    ):
        return 0
    return sum(1 for f in fields if f not in (Field.CUSTOM, Field.IGNORE))


def _certain(header: str) -> bool:
    """An email column known by name or by its fixed pattern, or named in English or Dutch."""
    key = compact(header)
    return key in _EXACT or _EMAIL.match(key) is not None or _certain_email(header)


def label_partner(headers: Sequence[str], index: int) -> int | None:
    """For a label column ("Phone 1 - Type"), the index of its value column ("Phone 1 - Value")."""
    match = _LABEL.match(compact(headers[index]))
    if not match:
        return None
    kind, number = match[1], match[2]
    for i, header in enumerate(headers):
        key = compact(header)
        if (
            i != index
            and key.startswith(kind)
            and key in (f"{kind}{number}value", f"{kind}{number}address", f"{kind}{number}")
        ):
            return i
    return None


def header_signature(headers: Sequence[str]) -> str:
    """A stable key for a set of headers, so the wizard can remember a mapping per export type."""
    joined = "\x1f".join(compact(h) for h in headers)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def detect_flavour(headers: Sequence[str]) -> str:
    """A name for where the file probably comes from, shown by the wizard."""
    keys = {compact(h) for h in headers}
    if "groupmembership" in keys and "email1value" in keys:
        return "google_legacy"
    if "labels" in keys and "email1value" in keys:
        return "google"
    if "lifecyclestage" in keys or "recordid" in keys or "hsleadstatus" in keys:
        return "hubspot"
    if "connectedon" in keys:
        return "linkedin"
    if "emailaddress" in keys and ("businessphone" in keys or "email2address" in keys):
        return "outlook"
    if "primaryemail" in keys and "birthmonth" in keys:
        return "thunderbird"
    if is_dutch(headers):
        return "dutch"
    return "generic"
