"""Field-level encryption of personal data: AES-256-GCM with key ids, and HMAC blind indexes.

Stored form of an encrypted value: ``"<keyid>$<base64url(nonce(12) + ciphertext + tag)>"``. The key id
lets old rows decrypt after a new primary key is introduced; ``rotate_field_keys`` re-encrypts them.
The blind index is ``HMAC-SHA256(hash key, normalised value)`` so equality lookups and duplicate
detection work without storing the value in clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_SEPARATOR = "$"
_KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class DecryptionError(Exception):
    """Raised when a stored value cannot be decrypted (unknown key id or tampered data)."""


@dataclass(frozen=True)
class Keyring:
    primary_id: str
    keys: dict[str, bytes]
    hash_key: bytes


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=b"hrportal-field-crypto", info=purpose).derive(
        secret.encode("utf-8")
    )


def parse_keys(spec: str) -> list[tuple[str, bytes]]:
    """Parse ``"k2:base64,k1:base64"``; the first key is the primary one."""
    parsed: list[tuple[str, bytes]] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        key_id, sep, b64 = item.partition(":")
        if not sep or not _KEY_ID_RE.match(key_id):
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS entry {key_id!r} must look like 'keyid:base64'")
        try:
            key = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
        except ValueError as exc:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS entry {key_id!r} is not base64") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS entry {key_id!r} must decode to 32 bytes")
        parsed.append((key_id, key))
    return parsed


@lru_cache(maxsize=8)
def _keyring_for(spec: str, hash_spec: str, secret_key: str) -> Keyring:
    dev_key = ("dev", _derive(secret_key, b"field-encryption"))
    entries = parse_keys(spec) if spec else [dev_key]
    if not entries:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS names no key")
    if all(key_id != "dev" for key_id, _ in entries):
        # Data written before real keys were configured (a development database) stays readable, and
        # rotate_field_keys moves it to the primary key. The derived key never encrypts once keys are set.
        entries.append(dev_key)
    if hash_spec:
        hash_key = base64.urlsafe_b64decode(hash_spec + "=" * (-len(hash_spec) % 4))
    else:
        hash_key = _derive(secret_key, b"blind-index")
    return Keyring(primary_id=entries[0][0], keys=dict(entries), hash_key=hash_key)


def keyring() -> Keyring:
    return _keyring_for(settings.FIELD_ENCRYPTION_KEYS, settings.FIELD_HASH_KEY, settings.SECRET_KEY)


def generate_key() -> str:
    """A new random 256-bit key in the form FIELD_ENCRYPTION_KEYS expects (without the id)."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii").rstrip("=")


def encrypt(plaintext: str) -> str:
    ring = keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(ring.keys[ring.primary_id]).encrypt(nonce, plaintext.encode("utf-8"), ring.primary_id.encode())
    return ring.primary_id + _SEPARATOR + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def key_id_of(token: str) -> str | None:
    key_id, sep, _ = token.partition(_SEPARATOR)
    return key_id if sep else None


def decrypt(token: str) -> str:
    ring = keyring()
    key_id, sep, body = token.partition(_SEPARATOR)
    if not sep or key_id not in ring.keys:
        raise DecryptionError(f"no key with id {key_id!r} to decrypt this value")
    try:
        raw = base64.urlsafe_b64decode(body)
        return AESGCM(ring.keys[key_id]).decrypt(raw[:12], raw[12:], key_id.encode()).decode("utf-8")
    except Exception as exc:  # InvalidTag, binascii errors, bad UTF-8
        raise DecryptionError("stored value failed authentication") from exc


def needs_rotation(token: str) -> bool:
    return key_id_of(token) != keyring().primary_id


def normalise_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def normalise_email(value: str) -> str:
    return (value or "").strip().lower()


def blind_index(value: str, *, kind: str) -> str:
    """HMAC of the normalised value; empty input gives an empty index (no false duplicates)."""
    normalised = {"phone": normalise_phone, "email": normalise_email}.get(kind, str.strip)(value or "")
    if not normalised:
        return ""
    mac = hmac.new(keyring().hash_key, f"{kind}:{normalised}".encode(), hashlib.sha256)
    return mac.hexdigest()


def encrypt_bytes(data: bytes) -> bytes:
    """Seal a file's bytes (resumes at rest): ``keyid$`` + nonce + ciphertext + tag, key id authenticated."""
    ring = keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(ring.keys[ring.primary_id]).encrypt(nonce, data, ring.primary_id.encode())
    return ring.primary_id.encode() + _SEPARATOR.encode() + nonce + sealed


def decrypt_bytes(blob: bytes) -> bytes:
    ring = keyring()
    key_id_raw, sep, body = blob.partition(_SEPARATOR.encode())
    key_id = key_id_raw.decode("ascii", errors="replace")
    if not sep or key_id not in ring.keys:
        raise DecryptionError(f"no key with id {key_id!r} to decrypt this file")
    try:
        return AESGCM(ring.keys[key_id]).decrypt(body[:12], body[12:], key_id.encode())
    except Exception as exc:
        raise DecryptionError("stored file failed authentication") from exc
