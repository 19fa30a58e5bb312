"""New passphrases: common passwords and their trivial variants are refused, offline, from the shipped list."""

from __future__ import annotations

import pytest

from app.checksum import sha256_of
from app.paths import assets_dir
from app.storage import passphrase_policy
from app.storage.passphrase_policy import COMMON, LIST_SHA256, REPETITIVE, TOO_SHORT, common_passwords, problem


def test_the_shipped_list_is_the_pinned_one_and_is_read_whole() -> None:
    path = assets_dir() / "passwords" / passphrase_policy.LIST_NAME
    assert sha256_of(path) == LIST_SHA256
    known = common_passwords()
    assert len(known) == 30_000
    assert {"password", "123456", "qwerty", "iloveyou", "trustno1"} <= known


@pytest.mark.parametrize("passphrase", [
    "password", "PASSWORD", "Password1", "Password123!", "1password", "!!password1234",  # capitals, digits, symbols
    "p@ssw0rd", "P@ssw0rd1!", "pass word", "passwordpassword",  # swaps, spaces, typed twice
    "iloveyou123456", "dragon2024!", "Sunshine2023", "qwertyuiop", "football99", "letmein!!", "trustno1",
])
def test_common_passwords_and_trivial_variants_are_refused(passphrase: str) -> None:
    assert problem(passphrase) == COMMON


@pytest.mark.parametrize("passphrase", [
    "quiet river stones 7", "correct horse battery staple", "My dog Rex 2019", "zoo 83920571",
    "tidewater lantern 42", "lanterns over the bay 42",
])
def test_ordinary_passphrases_are_accepted(passphrase: str) -> None:
    assert problem(passphrase) is None


def test_too_short_and_repetitive_ones_are_refused_with_their_own_reason() -> None:
    assert problem("a1b2c3") == TOO_SHORT
    assert problem("aaaaaaaaaaaa") == REPETITIVE
    assert problem("abababababab") == REPETITIVE


def test_a_damaged_list_falls_back_to_the_built_in_worst_ones(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "passwords"
    folder.mkdir()
    (folder / passphrase_policy.LIST_NAME).write_text("only-this-one\n", encoding="utf-8")  # not the pinned file
    monkeypatch.setattr(passphrase_policy, "assets_dir", lambda: tmp_path)
    common_passwords.cache_clear()
    try:
        assert "only-this-one" not in common_passwords()
        assert problem("Password1") == COMMON and problem("only-this-one") is None
    finally:
        common_passwords.cache_clear()
