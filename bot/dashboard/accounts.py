"""Staff sign-in credentials: e-mail addresses normalised one way, passwords hashed with argon2id."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024

_hasher = PasswordHasher()
# Verified when the e-mail address is unknown, so an unknown address costs as much time as a wrong password
# and the response time does not tell which addresses have an account.
_UNKNOWN_USER_HASH = _hasher.hash("geen gebruiker met dit adres")


class InvalidAccount(ValueError):
    """An e-mail address or password that cannot be used; `str()` is one Dutch sentence."""


def normalise_email(text: str) -> str:
    """The address as stored and compared: syntax checked, domain and local part in lower case."""
    try:
        result = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidAccount(f"Dit is geen geldig e-mailadres: {error}") from None
    return result.normalized.lower()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidAccount(f"Het wachtwoord is te kort: gebruik minstens {MIN_PASSWORD_LENGTH} tekens.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidAccount(f"Het wachtwoord is te lang: hoogstens {MAX_PASSWORD_LENGTH} tekens.")


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher.hash(password)


@dataclass(frozen=True)
class Verified:
    ok: bool
    new_hash: str | None = None
    """A fresh hash when the stored one used weaker parameters than today's defaults."""


def verify_password(stored_hash: str | None, password: str) -> Verified:
    """Slow on purpose (argon2): call it from a worker thread in a server."""
    try:
        _hasher.verify(stored_hash or _UNKNOWN_USER_HASH, password[:MAX_PASSWORD_LENGTH])
    except (VerificationError, InvalidHashError):
        return Verified(False)
    if stored_hash is None:
        return Verified(False)
    return Verified(True, _hasher.hash(password) if _hasher.check_needs_rehash(stored_hash) else None)
