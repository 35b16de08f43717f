"""Passwords never leave the program: domain.redact masks them in any text."""
from __future__ import annotations

import pytest

from salesterm.domain.errors import Message, UserError
from salesterm.domain.redact import redact


@pytest.mark.parametrize("text, expected", [
    ("--db postgresql://rep:S3cretPW@127.0.0.1:1/x", "--db postgresql://rep:***@127.0.0.1:1/x"),
    ("postgres://rep:p@ss@db.example/sales", "postgres://rep:***@db.example/sales"),
    ("mysql://u:S3cretPW@h/x", "mysql://u:***@h/x"),
    ("postgresql://:S3cretPW@h/x", "postgresql://:***@h/x"),
    ("host=h port=5 password=S3cretPW dbname=x", "host=h port=5 password=*** dbname=x"),
    ("password = 'S3cret PW' user=x", "password = *** user=x"),
    (r"password='S3cret\'PW' user=x", "password=*** user=x"),
    ("PGPASSWORD=S3cretPW salesterm", "PGPASSWORD=*** salesterm"),
    ("postgresql://h/db?password=S3cretPW&sslmode=require", "postgresql://h/db?password=***&sslmode=require"),
    ("{'host': 'h', 'password': 'S3cretPW', 'port': 5}", "{'host': 'h', 'password': '***', 'port': 5}"),
    ('{"password": "S3cret PW"}', "{\"password\": '***'}"),
])
def test_passwords_are_masked(text, expected):
    assert redact(text) == expected
    assert "S3cret" not in redact(text)


@pytest.mark.parametrize("text", [
    "postgresql://rep@127.0.0.1:55432/sales",
    "/home/王伟/salesterm.db",
    "mail me: wang@example.com",
    "line 2, column A: no customer called 鑫源商行",
])
def test_text_without_a_password_is_left_alone(text):
    assert redact(text) == text


def test_a_user_error_never_shows_a_password_in_either_language():
    exc = UserError("database.unsupported_url_value_use_file", value="mysql://rep:S3cretPW@h/x")
    assert "S3cretPW" not in str(exc) and "rep:***@h/x" in str(exc)
    assert "S3cretPW" not in exc.text("zh")
    assert "S3cretPW" not in Message("database.postgresql_value", value="password=S3cretPW").text("en")
