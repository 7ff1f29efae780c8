"""Verify Fastgen webhooks with the Python standard library only.

* ``X-Fastgen-Signature``: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole
  secret string (UTF-8 bytes).
* Standard Webhooks: ``webhook-signature`` holds space-separated ``v1,<base64>`` entries,
  HMAC-SHA256 of ``<webhook-id>.<webhook-timestamp>.<body>`` keyed with the base64-decoded
  part of the secret after ``whsec_``.

Always pass the raw request body bytes, never a re-serialised object.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import time
from typing import Mapping, Optional, Sequence, Union

__all__ = [
    "DEFAULT_TOLERANCE_SECONDS",
    "WebhookVerificationError",
    "sign_fastgen",
    "sign_standard",
    "standard_signature_header",
    "verify_fastgen",
    "verify_standard",
]

DEFAULT_TOLERANCE_SECONDS = 5 * 60
_SECRET_PREFIX = "whsec_"
_LOWER_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,15}")

Body = Union[bytes, bytearray, str]


class WebhookVerificationError(Exception):
    """Raised when a webhook must be refused. ``reason`` is a short machine-readable code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _bytes(body: Body) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _standard_key(secret: str) -> bytes:
    if not isinstance(secret, str) or not secret.startswith(_SECRET_PREFIX):
        raise WebhookVerificationError("invalid_secret")
    encoded = secret[len(_SECRET_PREFIX):]
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("invalid_secret") from None
    if not key or base64.b64encode(key).decode("ascii") != encoded:
        raise WebhookVerificationError("invalid_secret")
    return key


def sign_fastgen(secret: str, body: Body) -> str:
    return hmac.new(secret.encode("utf-8"), _bytes(body), hashlib.sha256).hexdigest()


def sign_standard(secret: str, msg_id: str, timestamp: int, body: Body) -> str:
    content = f"{msg_id}.{timestamp}.".encode("utf-8") + _bytes(body)
    mac = hmac.new(_standard_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode("ascii")


def verify_fastgen(secret: str, body: Body, signature_header: Optional[str]) -> None:
    """Check ``X-Fastgen-Signature``; raises WebhookVerificationError. Uppercase hex is refused."""
    header = (signature_header or "").strip()
    if not header:
        raise WebhookVerificationError("missing_header")
    if not _LOWER_HEX_SHA256.fullmatch(header):
        raise WebhookVerificationError("malformed_header")
    if not hmac.compare_digest(sign_fastgen(secret, body), header):
        raise WebhookVerificationError("signature_mismatch")


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return (value or "").strip()
    return ""


def verify_standard(
    secret: str,
    headers: Mapping[str, str],
    body: Body,
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: Optional[int] = None,
) -> None:
    """Check the Standard Webhooks headers (names are case-insensitive).

    Accepts if any ``v1,`` entry matches; refuses timestamps more than ``tolerance`` seconds
    in the past or the future. Raises WebhookVerificationError.
    """
    key = _standard_key(secret)
    msg_id = _header(headers, "webhook-id")
    ts = _header(headers, "webhook-timestamp")
    signature = _header(headers, "webhook-signature")
    if not (msg_id and ts and signature):
        raise WebhookVerificationError("missing_header")
    if not _TIMESTAMP.fullmatch(ts):
        raise WebhookVerificationError("malformed_header")
    timestamp = int(ts)
    current = int(time.time()) if now is None else int(now)
    if current - timestamp > tolerance:
        raise WebhookVerificationError("timestamp_too_old")
    if timestamp - current > tolerance:
        raise WebhookVerificationError("timestamp_too_new")

    content = f"{msg_id}.{timestamp}.".encode("utf-8") + _bytes(body)
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode("ascii")
    matched = False
    for entry in signature.split(" "):
        version, _, value = entry.partition(",")
        if version == "v1" and hmac.compare_digest(expected.encode("ascii"), value.encode("utf-8", "replace")):
            matched = True  # keep going: every entry is compared
    if not matched:
        raise WebhookVerificationError("signature_mismatch")


def standard_signature_header(secrets_newest_first: Sequence[str], msg_id: str, timestamp: int, body: Body) -> str:
    return " ".join(sign_standard(s, msg_id, timestamp, body) for s in secrets_newest_first)
