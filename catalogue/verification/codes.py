"""Verification codes: what a shopper types from a label or reads in a QR code.

Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L, U): about
49 bits from ``secrets``, so codes cannot be guessed or enumerated the way a
database id can, and they stay short enough to print under a QR code and type
on a phone. A code is given once, when the certificate is created, and never
changes: it is printed on packets.
"""

import re
import secrets

#: Crockford-style: digits and capitals a person cannot confuse when reading aloud.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
#: What a typed code may look like once normalised (used by the URL and the search).
CODE_RE = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")
_TYPED_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_verification_code() -> str:
    """A fresh random code (the uniqueness constraint catches the rare collision)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str) -> str:
    """A code as typed by a person ("abcd-2345 km") in its stored form, or "" when
    it cannot be one."""
    candidate = _TYPED_SEPARATORS.sub("", text or "").upper()
    return candidate if CODE_RE.match(candidate) else ""
