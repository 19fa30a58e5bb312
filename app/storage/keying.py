"""Turning a passphrase into SQLCipher's `PRAGMA key` / `PRAGMA rekey` statements, safely.

PRAGMA values cannot be bound parameters, so the passphrase goes into a SQL string literal. Inside a
single-quoted SQLite literal the only special character is the quote itself, written twice; everything else
(spaces, backslashes, semicolons, newlines, any Unicode) is taken literally and reaches SQLCipher as the UTF-8
bytes of the passphrase, which it feeds to its default KDF (PBKDF2-HMAC-SHA512, 256,000 iterations).

Some passphrases are refused rather than mangled: the empty one (SQLCipher reads an empty key as "no
encryption"), one containing NUL (SQL text cannot carry it), one shaped like `x'…hex…'` (SQLCipher would take
it as a raw key and skip the KDF), and text that cannot be encoded as UTF-8 (lone surrogates).

Statements are run with `executescript`, which prepares and finalizes them without entering the driver's
statement cache, so the passphrase does not outlive the call inside a cached statement.
"""

from __future__ import annotations

import re

from app.storage.errors import InvalidPassphrase

_RAW_KEY_SHAPE = re.compile(r"[xX]'[0-9A-Fa-f]*'\Z")


def check_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str):
        raise TypeError("the passphrase must be a str")
    if not passphrase:
        raise InvalidPassphrase("The passphrase cannot be empty.")
    if "\x00" in passphrase:
        raise InvalidPassphrase("The passphrase cannot contain a NUL character.")
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidPassphrase(
            "The passphrase contains characters that cannot be stored; please retype it."
        ) from None
    if _RAW_KEY_SHAPE.match(passphrase):
        raise InvalidPassphrase(
            "A passphrase of the form x'…' is not allowed (it would bypass key stretching)."
        )


def sql_literal(text: str) -> str:
    """`text` as a single-quoted SQLite string literal."""
    return "'" + text.replace("'", "''") + "'"


def key_statement(passphrase: str, pragma: str = "key") -> str:
    """`PRAGMA key = '…';` (or rekey) for `passphrase`, after refusing the passphrases listed above."""
    if pragma not in ("key", "rekey"):
        raise ValueError(pragma)
    check_passphrase(passphrase)
    return f"PRAGMA {pragma} = {sql_literal(passphrase)};"
