"""Any passphrase works, reaches SQLCipher's own KDF byte-for-byte, and the KDF is SQLCipher 4's default."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.storage import InvalidPassphrase, Store, WrongPassphrase
from app.storage.files import DB_NAME
from app.storage.keying import key_statement, sql_literal

PASSPHRASES = {
    "quotes": "it's \"quoted\" '' ''' and ends with '",
    "spaces": "  four words with spaces  ",
    "non_ascii": "café ñandú Привет 日本語 🙂 \u200b",
    "very_long": "long passphrase; -- not a comment\n" * 300,
    "sql_looking": "'); DROP TABLE messages; --",
}


def open_with_bound_key(path: Path, passphrase: str) -> list[tuple]:
    """Open the file as any SQLCipher client can, the passphrase a bound parameter (ATTACH … KEY ?), i.e.
    without our escaping: proves the exact passphrase bytes went through SQLCipher's default KDF."""
    conn = sqlcipher.connect(":memory:")
    try:
        conn.execute("ATTACH DATABASE ? AS other KEY ?", (str(path), passphrase))
        return conn.execute("SELECT title FROM other.conversations").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("passphrase", PASSPHRASES.values(), ids=PASSPHRASES.keys())
def test_any_passphrase_round_trips_exactly(data_dir: Path, passphrase: str) -> None:
    with Store.create(data_dir, passphrase) as store:
        store.create_conversation("secret title")

    assert open_with_bound_key(data_dir / DB_NAME, passphrase) == [("secret title",)]
    with pytest.raises(sqlcipher.DatabaseError):
        open_with_bound_key(data_dir / DB_NAME, passphrase[:-1] + "x")
    with Store.open(data_dir, passphrase) as store:
        assert [c.title for c in store.list_conversations()] == ["secret title"]


def test_the_literal_escapes_only_quotes() -> None:
    assert sql_literal("a'b''c") == "'a''b''''c'"
    assert key_statement("it's") == "PRAGMA key = 'it''s';"
    assert key_statement("x", "rekey") == "PRAGMA rekey = 'x';"
    conn = sqlcipher.connect(":memory:")
    for passphrase in PASSPHRASES.values():  # SQLite reads each literal back as exactly the passphrase
        assert conn.execute(f"SELECT {sql_literal(passphrase)}").fetchone()[0] == passphrase


@pytest.mark.parametrize(
    "passphrase",
    ["", "nul\x00inside", "x'" + "ab" * 32 + "'", "X'" + "0F" * 48 + "'", "lone \udc80 surrogate"],
    ids=["empty", "nul", "raw_key", "raw_key_with_salt", "surrogate"],
)
def test_passphrases_sqlcipher_would_misread_are_refused(data_dir: Path, passphrase: str) -> None:
    with pytest.raises(InvalidPassphrase):
        Store.create(data_dir, passphrase)
    assert not (data_dir / DB_NAME).exists()


def test_default_sqlcipher4_settings_are_untouched(store: Store, store_dir: Path) -> None:
    conn = store._conn
    version = conn.execute("PRAGMA cipher_version").fetchone()[0]
    assert version.startswith("4.")
    settings = {row[0] for row in conn.execute("PRAGMA cipher_settings")}
    assert settings == {
        "PRAGMA kdf_iter = 256000;",
        "PRAGMA cipher_page_size = 4096;",
        "PRAGMA cipher_use_hmac = 1;",
        "PRAGMA cipher_plaintext_header_size = 0;",
        "PRAGMA cipher_hmac_algorithm = HMAC_SHA512;",
        "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA512;",
    }
    # The file starts with its random salt, not "SQLite format 3".
    assert not (store_dir / DB_NAME).read_bytes().startswith(b"SQLite format 3")


def test_plain_cipher_compatibility_4_open_reads_it(store_dir: Path) -> None:
    """What `sqlcipher history.db` + `PRAGMA cipher_compatibility = 4; PRAGMA key = '…'` does."""
    conn = sqlcipher.connect(str(store_dir / DB_NAME))
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute(key_statement("correct horse battery staple"))
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
    conn.close()


def test_wrong_passphrase_is_refused(store_dir: Path) -> None:
    with pytest.raises(WrongPassphrase, match="does not unlock"):
        Store.open(store_dir, "correct horse battery stapler")
