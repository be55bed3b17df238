"""The WeCom callback endpoint (/wecom/callback/): URL verification (GET) and messages/events (POST).

Status codes, chosen so WeCom retries only what a retry can fix and an attacker learns little:

- 404: callbacks are not configured (no token/key/corp id, see ``wecom.callbacks.services.callback_crypto``).
- 400: a required query parameter is missing or malformed, the body is not the expected XML, or the
  ciphertext cannot be decrypted.
- 403: a present but wrong signature, a receiveid that is not our corp, or a stale timestamp
  (``WECOM_CALLBACK_MAX_AGE``). Nothing is stored.
- 413: the body is larger than ``WECOM_CALLBACK_MAX_BYTES``.
- 200 with an empty body: accepted (also for repeated deliveries, other apps' callbacks, unknown senders
  and unknown message types, which are stored as ignored so WeCom stops retrying).
"""

from __future__ import annotations

import logging
import re
import time

from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wecom import conf
from wecom.callbacks import services
from wecom.callbacks.registry import CallbackMessage
from wecom.protocol.crypto import CryptoErrorCode, WeComCryptoError, xml_fields

log = logging.getLogger(__name__)

FORBIDDEN_CODES = {CryptoErrorCode.VALIDATE_SIGNATURE, CryptoErrorCode.VALIDATE_RECEIVEID}
_TIMESTAMP = re.compile(r"[0-9]{1,20}")


def _plain(body: str = "", status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


def _refuse(request, status: int, reason: str) -> HttpResponse:
    log.warning("WeCom callback %s from %s refused (%s): %s", request.method, request.META.get("REMOTE_ADDR"),
                status, reason)
    return _plain(status=status)


def _crypto_failure(request, exc: WeComCryptoError) -> HttpResponse:
    return _refuse(request, 403 if exc.code in FORBIDDEN_CODES else 400, str(exc))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request):
    crypto = services.callback_crypto()
    if crypto is None:
        raise Http404("WeCom callbacks are not configured")
    names = ("msg_signature", "timestamp", "nonce", "echostr") if request.method == "GET" else (
        "msg_signature", "timestamp", "nonce")
    params = {name: request.GET.get(name, "") for name in names}
    missing = [name for name, value in params.items() if not value]
    if missing:
        return _refuse(request, 400, f"missing {', '.join(missing)}")
    # ASCII digits of a sane length: str.isdigit() also takes "²" (int() then raises: a 500), "١٢٣" (read as
    # 123, then answered 403 as stale) and thousands of digits (int() refuses them: a 500).
    if not _TIMESTAMP.fullmatch(params["timestamp"]):
        return _refuse(request, 400, "timestamp is not a number")

    if request.method == "GET":
        # URL verification has no side effect, so no freshness window: the admin console may retry it.
        try:
            echo = crypto.verify_url(params["msg_signature"], params["timestamp"], params["nonce"], params["echostr"])
        except WeComCryptoError as exc:
            return _crypto_failure(request, exc)
        return _plain(echo)

    max_age = conf.callback_max_age()
    if max_age and abs(time.time() - int(params["timestamp"])) > max_age:
        return _refuse(request, 403, f"timestamp {params['timestamp']} is outside the {max_age} s window")
    max_bytes = conf.callback_max_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        return _refuse(request, 413, f"body of {declared} bytes")
    body = request.read(max_bytes + 1)
    if len(body) > max_bytes:
        return _refuse(request, 413, "body too large")

    try:
        plaintext = crypto.decrypt_message(body, params["msg_signature"], params["timestamp"], params["nonce"])
        message = CallbackMessage.from_fields(xml_fields(plaintext))
    except WeComCryptoError as exc:
        return _crypto_failure(request, exc)
    except ValueError as exc:
        return _refuse(request, 400, f"undecodable callback: {exc}")

    services.record_callback(message=message)
    return _plain()
