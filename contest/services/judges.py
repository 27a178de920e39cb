"""Judge credentials: one-time login links (the QR on the card) and PINs."""

import hashlib
import secrets

from werkzeug.security import generate_password_hash

from contest.models import Judge
from contest.services import login_throttle

PIN_DIGITS = 6
# A six-digit PIN has a million values whatever the hash costs; the real defence is the
# per-account slowdown on wrong PINs, so issuing a panel's PINs need not take seconds.
PIN_HASH_METHOD = "pbkdf2:sha256:60000"
# Checked against when the code typed is unknown: a wrong code costs the same time as a wrong PIN.
UNKNOWN_PIN_HASH = generate_password_hash(secrets.token_hex(8), method=PIN_HASH_METHOD)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_login_token(judge: Judge) -> str:
    """A new one-time login token; the previous one stops working. Returns the raw token."""
    raw = secrets.token_urlsafe(24)
    judge.login_token_hash = token_hash(raw)
    return raw


def issue_pin(judge: Judge) -> str:
    """A new random PIN of PIN_DIGITS digits. Returns it in clear, once."""
    pin = "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))
    judge.pin_hash = generate_password_hash(pin, method=PIN_HASH_METHOD)
    login_throttle.clear(login_throttle.judge_key(judge.contest_id, judge.code))
    return pin


def login_path(raw_token: str) -> str:
    """The path the QR code opens (served by the judge blueprint)."""
    return f"/judge/login/{raw_token}"
