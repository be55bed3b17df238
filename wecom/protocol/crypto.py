"""WeCom callback crypto, compatible with Tencent's WXBizMsgCrypt samples.

Scheme (加解密方案说明, shared/reference/wecom.md §4):

- ``AESKey = base64decode(EncodingAESKey + "=")``, exactly 32 bytes; AES-256-CBC with ``IV = AESKey[:16]``.
- Plaintext = ``random(16) + len(msg) as 4-byte big-endian + msg + receiveid``, PKCS#7-padded to a
  multiple of **32** bytes (not the AES block size), then base64.
- Signature = ``sha1("".join(sorted([token, timestamp, nonce, encrypt])))`` in lowercase hex.

Errors carry the sample's error codes (``ierror.py``: -40001 … -40011) so logs read the same as any other
WeCom integration. XML is parsed with the standard library but any DOCTYPE is refused before the tree is
built, so no entity expansion or external entity can be reached from a callback body.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import struct
import time
import xml.etree.ElementTree as ET  # noqa: S405 - only used behind _reject_doctype (no DTD, no entities)
from enum import IntEnum
from xml.parsers import expat

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAD_BLOCK = 32
MAX_XML_BYTES = 512 * 1024  # callbacks are a few KiB; anything this big is not from WeCom


class CryptoErrorCode(IntEnum):
    """The error codes of the official WXBizMsgCrypt samples (``ierror.py``)."""

    OK = 0
    VALIDATE_SIGNATURE = -40001
    PARSE_XML = -40002
    COMPUTE_SIGNATURE = -40003
    ILLEGAL_AES_KEY = -40004
    VALIDATE_RECEIVEID = -40005
    ENCRYPT_AES = -40006
    DECRYPT_AES = -40007
    ILLEGAL_BUFFER = -40008
    ENCODE_BASE64 = -40009
    DECODE_BASE64 = -40010
    GEN_RETURN_XML = -40011


class WeComCryptoError(Exception):
    """A callback could not be verified, decrypted or encrypted; ``code`` is the sample's error code."""

    def __init__(self, code: CryptoErrorCode | int, message: str = ""):
        self.code = CryptoErrorCode(code)
        super().__init__(f"{self.code.name} ({int(self.code)}){': ' + message if message else ''}")


def signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """SHA1 over the four strings sorted lexicographically and concatenated, lowercase hex."""
    try:
        parts = sorted([str(token), str(timestamp), str(nonce), str(encrypt)])
        return hashlib.sha1("".join(parts).encode("utf-8")).hexdigest()  # noqa: S324 - fixed by the protocol
    except (TypeError, UnicodeEncodeError) as exc:
        raise WeComCryptoError(CryptoErrorCode.COMPUTE_SIGNATURE, str(exc)) from exc


def _aes_key(encoding_aes_key: str) -> bytes:
    if not isinstance(encoding_aes_key, str) or len(encoding_aes_key) != 43:
        raise WeComCryptoError(CryptoErrorCode.ILLEGAL_AES_KEY, "EncodingAESKey must be 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise WeComCryptoError(CryptoErrorCode.ILLEGAL_AES_KEY, "EncodingAESKey is not base64") from exc
    if len(key) != 32:
        raise WeComCryptoError(CryptoErrorCode.ILLEGAL_AES_KEY, "EncodingAESKey must decode to 32 bytes")
    return key


def generate_encoding_aes_key() -> str:
    """A new random EncodingAESKey (43 characters), as the admin console would generate."""
    return base64.b64encode(os.urandom(32)).decode("ascii")[:43]


# --- strict XML ---------------------------------------------------------------------------------------


def _reject_doctype(data: bytes) -> None:
    """Run expat once with handlers that refuse any DTD; CDATA that merely *mentions* one is fine."""

    def refuse(*_args):
        raise WeComCryptoError(CryptoErrorCode.PARSE_XML, "DOCTYPE/ENTITY declarations are not allowed")

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise WeComCryptoError(CryptoErrorCode.PARSE_XML, str(exc)) from exc


def parse_xml(data: bytes | str) -> ET.Element:
    """Parse a callback or reply document; refuses DTDs, entity declarations and oversized input (-40002)."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not raw.strip():
        raise WeComCryptoError(CryptoErrorCode.PARSE_XML, "empty document")
    if len(raw) > MAX_XML_BYTES:
        raise WeComCryptoError(CryptoErrorCode.PARSE_XML, "document too large")
    _reject_doctype(raw)
    try:
        return ET.fromstring(raw)  # noqa: S314 - DTDs were refused above
    except ET.ParseError as exc:
        raise WeComCryptoError(CryptoErrorCode.PARSE_XML, str(exc)) from exc


def xml_fields(data: bytes | str | ET.Element) -> dict[str, str]:
    """The root's direct children as ``{tag: text}`` (text stripped of surrounding whitespace).

    Nested structures (``SelectedItems`` of vote cards) are left to the caller: parse with ``parse_xml``.
    """
    root = data if isinstance(data, ET.Element) else parse_xml(data)
    return {child.tag: (child.text or "").strip() for child in root}


def _cdata(value: str) -> str:
    # "]]>" cannot appear inside one CDATA section; split it across two, as XML allows.
    return "<![CDATA[" + str(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


REPLY_TEMPLATE = (
    "<xml>\n"
    "<Encrypt>{encrypt}</Encrypt>\n"
    "<MsgSignature>{signature}</MsgSignature>\n"
    "<TimeStamp>{timestamp}</TimeStamp>\n"
    "<Nonce>{nonce}</Nonce>\n"
    "</xml>"
)


# --- the crypto object ----------------------------------------------------------------------------------


class CallbackCrypto:
    """Verify, decrypt and encrypt WeCom callbacks for one app (token + EncodingAESKey + receiveid).

    ``receive_id`` is the corp id for a self-built app. Construction fails with -40004 when the
    EncodingAESKey is not 43 base64 characters decoding to 32 bytes.
    """

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str):
        self.token = token
        self.key = _aes_key(encoding_aes_key)
        self.receive_id = receive_id

    # -- primitives -------------------------------------------------------------------------------------

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def encrypt(self, message: str, *, random_prefix: bytes | None = None) -> str:
        """Base64 ciphertext of ``message`` for this app's receiveid (the ``Encrypt`` field)."""
        try:
            msg = message.encode("utf-8")
            prefix = random_prefix if random_prefix is not None else os.urandom(16)
            if len(prefix) != 16:
                raise ValueError("random prefix must be 16 bytes")
            plain = prefix + struct.pack(">I", len(msg)) + msg + self.receive_id.encode("utf-8")
            pad = PAD_BLOCK - len(plain) % PAD_BLOCK
            plain += bytes([pad]) * pad
            encryptor = self._cipher().encryptor()
            sealed = encryptor.update(plain) + encryptor.finalize()
        except (ValueError, TypeError, AttributeError, UnicodeEncodeError) as exc:
            raise WeComCryptoError(CryptoErrorCode.ENCRYPT_AES, str(exc)) from exc
        try:
            return base64.b64encode(sealed).decode("ascii")
        except (binascii.Error, ValueError) as exc:  # pragma: no cover - b64encode of bytes cannot fail
            raise WeComCryptoError(CryptoErrorCode.ENCODE_BASE64, str(exc)) from exc

    def decrypt(self, encrypted: str) -> str:
        """Plaintext of an ``Encrypt`` value; checks padding, length and receiveid (-40005 on mismatch)."""
        try:
            sealed = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError, TypeError) as exc:
            raise WeComCryptoError(CryptoErrorCode.DECODE_BASE64, "Encrypt is not valid base64") from exc
        if not sealed or len(sealed) % PAD_BLOCK:
            # WeCom always pads to 32 bytes, so anything else was truncated or forged.
            raise WeComCryptoError(CryptoErrorCode.DECRYPT_AES, "ciphertext length is not a multiple of 32")
        try:
            decryptor = self._cipher().decryptor()
            plain = decryptor.update(sealed) + decryptor.finalize()
        except ValueError as exc:  # pragma: no cover - lengths were checked above
            raise WeComCryptoError(CryptoErrorCode.DECRYPT_AES, str(exc)) from exc
        pad = plain[-1]
        if not 1 <= pad <= PAD_BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise WeComCryptoError(CryptoErrorCode.ILLEGAL_BUFFER, "bad PKCS#7 padding")
        content = plain[16:-pad]
        if len(content) < 4:
            raise WeComCryptoError(CryptoErrorCode.ILLEGAL_BUFFER, "plaintext too short")
        (msg_len,) = struct.unpack(">I", content[:4])
        if msg_len > len(content) - 4:
            raise WeComCryptoError(CryptoErrorCode.ILLEGAL_BUFFER, "message length exceeds the buffer")
        msg, from_receive_id = content[4 : 4 + msg_len], content[4 + msg_len :]
        if not hmac.compare_digest(from_receive_id, self.receive_id.encode("utf-8")):
            raise WeComCryptoError(CryptoErrorCode.VALIDATE_RECEIVEID, "receiveid does not match")
        try:
            return msg.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WeComCryptoError(CryptoErrorCode.ILLEGAL_BUFFER, "message is not UTF-8") from exc

    def check_signature(self, msg_signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        expected = signature(self.token, timestamp, nonce, encrypt)
        if not isinstance(msg_signature, str) or not hmac.compare_digest(
            expected.encode("ascii"), msg_signature.strip().lower().encode("utf-8", "replace")
        ):
            raise WeComCryptoError(CryptoErrorCode.VALIDATE_SIGNATURE, "msg_signature does not match")

    # -- the four operations of the samples ------------------------------------------------------------

    def verify_url(self, msg_signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """URL verification (GET): check the signature over echostr and return its plaintext.

        Pass the *decoded* query values (Django's ``request.GET`` already decodes ``%2B`` etc.).
        The view must answer with exactly this string: no quotes, BOM or newline.
        """
        self.check_signature(msg_signature, timestamp, nonce, echostr)
        return self.decrypt(echostr)

    def decrypt_message(self, body: bytes | str, msg_signature: str, timestamp: str, nonce: str) -> str:
        """Callback (POST): read ``Encrypt`` from the XML body, check the signature, return the plaintext XML."""
        root = parse_xml(body)
        encrypt_el = root.find("Encrypt")
        if encrypt_el is None or not (encrypt_el.text or "").strip():
            raise WeComCryptoError(CryptoErrorCode.PARSE_XML, "no Encrypt element")
        encrypt = encrypt_el.text.strip()
        self.check_signature(msg_signature, timestamp, nonce, encrypt)
        return self.decrypt(encrypt)

    def encrypt_reply(self, reply_xml: str, nonce: str | None = None, timestamp: str | int | None = None) -> str:
        """Passive reply (the callback's HTTP response body): encrypted, signed XML envelope.

        ``timestamp``/``nonce`` may reuse the request's; new ones are generated when omitted.
        """
        ts = str(timestamp if timestamp is not None else int(time.time()))
        nonce = nonce if nonce is not None else str(secrets.randbelow(10**10))
        encrypt = self.encrypt(reply_xml)
        sig = signature(self.token, ts, nonce, encrypt)
        try:
            return REPLY_TEMPLATE.format(encrypt=_cdata(encrypt), signature=_cdata(sig), timestamp=ts, nonce=_cdata(nonce))
        except (KeyError, ValueError) as exc:  # pragma: no cover - format of plain strings cannot fail
            raise WeComCryptoError(CryptoErrorCode.GEN_RETURN_XML, str(exc)) from exc

    def decrypt_reply(self, reply: bytes | str) -> str:
        """Read a passive reply back (what the WeCom server does): verify its own signature and decrypt."""
        fields = xml_fields(reply)
        if not fields.get("Encrypt"):
            raise WeComCryptoError(CryptoErrorCode.PARSE_XML, "no Encrypt element")
        self.check_signature(fields.get("MsgSignature", ""), fields.get("TimeStamp", ""), fields.get("Nonce", ""),
                             fields["Encrypt"])
        return self.decrypt(fields["Encrypt"])

    def encrypt_callback(
        self, message_xml: str, *, agent_id: int | str, timestamp: str | int | None = None, nonce: str | None = None
    ) -> tuple[dict[str, str], str]:
        """What WeCom POSTs to the callback URL: ``(query params, XML body)``. Used by the fake server."""
        ts = str(timestamp if timestamp is not None else int(time.time()))
        nonce = nonce if nonce is not None else str(secrets.randbelow(10**10))
        encrypt = self.encrypt(message_xml)
        body = (
            f"<xml><ToUserName>{_cdata(self.receive_id)}</ToUserName><Encrypt>{_cdata(encrypt)}</Encrypt>"
            f"<AgentID>{_cdata(str(agent_id))}</AgentID></xml>"
        )
        params = {"msg_signature": signature(self.token, ts, nonce, encrypt), "timestamp": ts, "nonce": nonce}
        return params, body


def cdata_xml(root: str, fields: dict[str, str | int]) -> str:
    """A flat XML document in WeCom's style: strings as CDATA, ints bare (``<CreateTime>123</CreateTime>``)."""
    inner = "".join(
        f"<{tag}>{value if isinstance(value, int) else _cdata(value)}</{tag}>" for tag, value in fields.items()
    )
    return f"<{root}>{inner}</{root}>"
