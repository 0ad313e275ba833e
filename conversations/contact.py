"""Contact details as people type them: Dutch phone numbers by default, e-mail addresses by syntax only."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from conversations.parsing import Invalid, Ok, Parsed

DEFAULT_REGION = "NL"
MAX_TEXT = 500


def parse_phone(text: str) -> Parsed[str]:
    """`06 12345678`, `+31 6 1234 5678`, `020-1234567`, `0032 …` → E.164 (`+31612345678`)."""
    try:
        number = phonenumbers.parse(text.strip()[:40], DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return Invalid("Dat lijkt geen geldig telefoonnummer. Typ het zoals u het belt, bijvoorbeeld 06 12345678.")
    return Ok(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def show_phone(e164: str) -> str:
    """A stored number the way a Dutch reader expects it: national format for NL, international otherwise."""
    number = phonenumbers.parse(e164, DEFAULT_REGION)
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def parse_email(text: str) -> Parsed[str]:
    """Syntax only: no DNS look-up, so the check never leaves this machine."""
    try:
        result = validate_email(text.strip()[:254], check_deliverability=False)
    except EmailNotValidError:
        return Invalid("Dat lijkt geen geldig e-mailadres. Bijvoorbeeld: naam@bedrijf.nl.")
    return Ok(result.normalized)


def parse_text(text: str, *, minimum: int = 1) -> Parsed[str]:
    cleaned = " ".join("".join(c for c in text if c.isprintable()).split())
    if len(cleaned) < minimum:
        return Invalid("Typ een paar woorden, bijvoorbeeld uw voor- en achternaam.")
    if len(cleaned) > MAX_TEXT:
        return Invalid(f"Dat is wat lang; houd het onder de {MAX_TEXT} tekens.")
    return Ok(cleaned)


def telefoonnummers_in(text: str) -> list[str]:
    """The valid phone numbers anywhere in a message ("bel me op 06-12345678"), as E.164, found by phonenumbers."""
    gevonden = phonenumbers.PhoneNumberMatcher(text[:MAX_TEXT], DEFAULT_REGION)
    return list(
        dict.fromkeys(phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164) for m in gevonden)
    )


def emailadressen_in(text: str) -> list[str]:
    """The e-mail addresses anywhere in a message, by syntax only."""
    kandidaten = [w.strip(".,;:!?()<>\"'") for w in text[:MAX_TEXT].split() if "@" in w]
    gelezen = [parse_email(k) for k in kandidaten]
    return list(dict.fromkeys(g.value for g in gelezen if isinstance(g, Ok)))
