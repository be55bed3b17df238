"""Callback crypto against the official worked example (shared/reference/wecom.md §5) and its failure modes."""

from __future__ import annotations

import base64
import struct

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from wecom.protocol.crypto import (
    CallbackCrypto,
    CryptoErrorCode,
    WeComCryptoError,
    parse_xml,
    signature,
    xml_fields,
)

TOKEN = "QDG6eK"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
CORP_ID = "wx5823bf96d3bd56c7"

C1 = {
    "msg_signature": "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
    "timestamp": "1409659589",
    "nonce": "263014780",
    "echostr": "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
}
C1_PLAIN = "1616140317555161061"

C2_ENCRYPT = (
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3"
    "TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gs"
    "ijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUa"
    "x5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIG"
    "HBZZIs2pDBS8R07+qN+E7Q=="
)
C2 = {"msg_signature": "477715d11cdb4164915debcba66cb864d751f3e6", "timestamp": "1409659813", "nonce": "1372623149"}
C2_BODY = (
    f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><Encrypt><![CDATA[{C2_ENCRYPT}]]></Encrypt>"
    "<AgentID><![CDATA[218]]></AgentID></xml>"
)
C2_PLAIN = (
    "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n"
    "<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n"
    "<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>"
)


@pytest.fixture
def crypto():
    return CallbackCrypto(TOKEN, AES_KEY, CORP_ID)


def error_code(excinfo) -> CryptoErrorCode:
    return excinfo.value.code


# --- the documentation's example, exactly ----------------------------------------------------------------


def test_c1_verify_url_returns_the_echo_plaintext(crypto):
    assert crypto.verify_url(C1["msg_signature"], C1["timestamp"], C1["nonce"], C1["echostr"]) == C1_PLAIN


def test_c2_signature_matches_the_documented_sort_order():
    expected_sort_str = "1372623149" + "1409659813" + "QDG6eK" + C2_ENCRYPT
    assert "".join(sorted([TOKEN, C2["timestamp"], C2["nonce"], C2_ENCRYPT])) == expected_sort_str
    assert signature(TOKEN, C2["timestamp"], C2["nonce"], C2_ENCRYPT) == C2["msg_signature"]


def test_c2_decrypt_message_returns_the_documented_xml(crypto):
    plain = crypto.decrypt_message(C2_BODY, C2["msg_signature"], C2["timestamp"], C2["nonce"])
    assert plain == C2_PLAIN
    fields = xml_fields(plain)
    assert fields["FromUserName"] == "mycreate" and fields["Content"] == "hello"
    assert fields["MsgId"] == "4561255354251345929"


# --- negative cases ------------------------------------------------------------------------------------


def test_c2_with_another_receiveid_fails_with_40005():
    other = CallbackCrypto(TOKEN, AES_KEY, "wx0000000000000000")
    with pytest.raises(WeComCryptoError) as excinfo:
        other.decrypt_message(C2_BODY, C2["msg_signature"], C2["timestamp"], C2["nonce"])
    assert error_code(excinfo) == CryptoErrorCode.VALIDATE_RECEIVEID == -40005


@pytest.mark.parametrize("field", ["msg_signature", "timestamp", "nonce"])
def test_c1_with_any_signed_value_changed_fails_with_40001(crypto, field):
    tampered = {**C1, field: C1[field][:-1] + ("0" if C1[field][-1] != "0" else "1")}
    with pytest.raises(WeComCryptoError) as excinfo:
        crypto.verify_url(**tampered)
    assert error_code(excinfo) == CryptoErrorCode.VALIDATE_SIGNATURE == -40001


def test_c2_with_wrong_token_fails_with_40001():
    with pytest.raises(WeComCryptoError) as excinfo:
        CallbackCrypto("WrongT", AES_KEY, CORP_ID).decrypt_message(
            C2_BODY, C2["msg_signature"], C2["timestamp"], C2["nonce"]
        )
    assert error_code(excinfo) == -40001


def test_signature_is_checked_before_decrypting(crypto):
    # A forged Encrypt with the original signature never reaches the AES layer.
    forged = C2_BODY.replace(C2_ENCRYPT, C2_ENCRYPT[:-4] + "AAA=")
    with pytest.raises(WeComCryptoError) as excinfo:
        crypto.decrypt_message(forged, C2["msg_signature"], C2["timestamp"], C2["nonce"])
    assert error_code(excinfo) == -40001


@pytest.mark.parametrize(
    "key",
    [
        AES_KEY[:-1],  # 42 characters
        AES_KEY + "A",  # 44 characters
        "!" * 43,  # not base64
        "",
    ],
)
def test_bad_encoding_aes_key_fails_with_40004(key):
    with pytest.raises(WeComCryptoError) as excinfo:
        CallbackCrypto(TOKEN, key, CORP_ID)
    assert error_code(excinfo) == CryptoErrorCode.ILLEGAL_AES_KEY == -40004


def test_corrupt_base64_fails_with_40010(crypto):
    with pytest.raises(WeComCryptoError) as excinfo:
        crypto.decrypt("not*base64*at*all")
    assert error_code(excinfo) == CryptoErrorCode.DECODE_BASE64 == -40010


def test_truncated_ciphertext_fails_with_40007(crypto):
    truncated = base64.b64encode(base64.b64decode(C2_ENCRYPT)[:-16]).decode()
    with pytest.raises(WeComCryptoError) as excinfo:
        crypto.decrypt(truncated)
    assert error_code(excinfo) == CryptoErrorCode.DECRYPT_AES == -40007


def _raw_encrypt(plain: bytes) -> str:
    key = base64.b64decode(AES_KEY + "=")
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def test_bad_padding_fails_with_40008(crypto):
    body = b"0123456789abcdef" + struct.pack(">I", 5) + b"hello" + CORP_ID.encode()
    pad = 32 - len(body) % 32
    good = body + bytes([pad]) * pad
    assert crypto.decrypt(_raw_encrypt(good)) == "hello"
    inconsistent = body + bytes([pad + 1]) * (pad - 1) + bytes([pad])  # last byte says pad, others disagree
    with pytest.raises(WeComCryptoError) as excinfo:
        crypto.decrypt(_raw_encrypt(inconsistent))
    assert error_code(excinfo) == CryptoErrorCode.ILLEGAL_BUFFER == -40008
    too_big = body + bytes([0x40]) * pad  # pad value above the 32-byte block
    with pytest.raises(WeComCryptoError) as excinfo:
        crypto.decrypt(_raw_encrypt(too_big))
    assert error_code(excinfo) == -40008


def test_length_field_beyond_the_buffer_fails_with_40008(crypto):
    body = b"0123456789abcdef" + struct.pack(">I", 4000) + b"hello" + CORP_ID.encode()
    pad = 32 - len(body) % 32
    with pytest.raises(WeComCryptoError) as excinfo:
        crypto.decrypt(_raw_encrypt(body + bytes([pad]) * pad))
    assert error_code(excinfo) == -40008


def test_body_without_encrypt_or_with_a_doctype_fails_with_40002(crypto):
    with pytest.raises(WeComCryptoError) as excinfo:
        crypto.decrypt_message("<xml><ToUserName>x</ToUserName></xml>", "sig", "1", "2")
    assert error_code(excinfo) == CryptoErrorCode.PARSE_XML == -40002
    bomb = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>'
    with pytest.raises(WeComCryptoError) as excinfo:
        crypto.decrypt_message(bomb, "sig", "1", "2")
    assert error_code(excinfo) == -40002
    with pytest.raises(WeComCryptoError) as excinfo:
        parse_xml("<xml><Encrypt>unclosed</xml>")
    assert error_code(excinfo) == -40002


def test_text_that_mentions_a_doctype_inside_cdata_is_fine():
    assert xml_fields("<xml><Content><![CDATA[<!DOCTYPE html> 你好]]></Content></xml>")["Content"] == "<!DOCTYPE html> 你好"


# --- our own encryption is what WeCom (and the samples) would read ------------------------------------------


def test_encrypt_decrypt_round_trip_with_chinese_text(crypto):
    message = "<xml><Content><![CDATA[面试确认：张三 2025-01-02 14:00]]></Content></xml>"
    first, second = crypto.encrypt(message), crypto.encrypt(message)
    assert first != second  # random 16-byte prefix
    assert crypto.decrypt(first) == crypto.decrypt(second) == message
    assert len(base64.b64decode(first)) % 32 == 0


def test_exactly_aligned_plaintext_gets_a_full_block_of_padding(crypto):
    # 16 + 4 + len(msg) + 18 (corp id) = 64 → a whole extra 32-byte block of 0x20.
    message = "x" * 26
    sealed = base64.b64decode(crypto.encrypt(message))
    key = base64.b64decode(AES_KEY + "=")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(sealed) + decryptor.finalize()
    assert len(plain) == 96 and plain[-32:] == bytes([32]) * 32
    assert crypto.decrypt(base64.b64encode(sealed).decode()) == message


def test_encrypt_with_the_documented_random_prefix_is_deterministic(crypto):
    c = crypto.encrypt("hello", random_prefix=b"\x00" * 16)
    assert c == crypto.encrypt("hello", random_prefix=b"\x00" * 16)
    assert crypto.decrypt(c) == "hello"


def test_passive_reply_verifies_and_decrypts(crypto):
    reply_plain = (
        "<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName>"
        "<CreateTime>1409659813</CreateTime><MsgType><![CDATA[update_button]]></MsgType>"
        "<Button><ReplaceName><![CDATA[已确认]]></ReplaceName></Button></xml>"
    )
    reply = crypto.encrypt_reply(reply_plain, nonce=C2["nonce"], timestamp=C2["timestamp"])
    fields = xml_fields(reply)
    assert set(fields) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    assert fields["TimeStamp"] == C2["timestamp"] and fields["Nonce"] == C2["nonce"]
    assert fields["MsgSignature"] == signature(TOKEN, C2["timestamp"], C2["nonce"], fields["Encrypt"])
    assert crypto.decrypt_reply(reply) == reply_plain
    with pytest.raises(WeComCryptoError) as excinfo:
        CallbackCrypto("OtherToken", AES_KEY, CORP_ID).decrypt_reply(reply)
    assert error_code(excinfo) == -40001


def test_encrypted_callback_envelope_decrypts_through_the_post_path(crypto):
    params, body = crypto.encrypt_callback("<xml><Event><![CDATA[template_card_event]]></Event></xml>", agent_id=218)
    assert xml_fields(body)["ToUserName"] == CORP_ID
    assert xml_fields(crypto.decrypt_message(body, **params))["Event"] == "template_card_event"
