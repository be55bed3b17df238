"""The OAuth2 return from WeCom (``wecom:oauth_callback``): code → auth/getuserinfo → employee → login.

Every failure is a page a person on a phone can act on, never a 500: a state this browser did not start
(400), a code that was already used or is older than five minutes (400: reopen the link from WeCom), somebody
who is not an active employee with a portal account (403), WeCom unreachable (503).
"""

from __future__ import annotations

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hrportal import login_throttle
from wecom import conf
from wecom.oauth import services as oauth
from wecom.protocol.errors import InvalidOAuthCode, WeComError

log = logging.getLogger(__name__)

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _problem(request, *, status: int, title: str, message: str, next_url: str = "", password_login: bool = True):
    return render(
        request, "wecom/oauth_problem.html",
        {"title": title, "message": message, "next_url": next_url, "password_login": password_login},
        status=status,
    )


def _login_failed(request, userid: str) -> None:
    """A refused WeCom login counts like a wrong password: axes throttles the address (and the WeCom
    userid), and the audit log records it (hrportal.login_throttle)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": f"wecom:{userid}" if userid else ""}, request=request,
        via="wecom_oauth",
    )


@never_cache
@require_GET
def oauth_callback(request):
    if not conf.is_configured():
        raise Http404("WeCom is not configured")
    code = request.GET.get("code", "").strip()
    try:
        target = oauth.resolve_state(request, request.GET.get("state", ""))
    except oauth.InvalidState as exc:
        log.warning("WeCom OAuth callback refused from %s: %s", request.META.get("REMOTE_ADDR"), exc)
        return _problem(
            request, status=400, title=_("登录链接无效"),
            message=_("这个登录链接不是本浏览器发起的，或已被使用。请回到企业微信，重新点开消息中的链接。"),
        )
    if not code or len(code) > 512:
        return _problem(
            request, status=400, title=_("未获得企业微信授权"),
            message=_("企业微信没有返回授权码。请回到企业微信，重新点开消息中的链接。"), next_url=target.next_url,
        )
    if not AxesProxyHandler.is_allowed(request, {}):  # the address is locked (hrportal.login_throttle)
        return login_throttle.lockout_response(request)
    try:
        user = oauth.user_for_code(code)
    except InvalidOAuthCode:
        log.info("WeCom OAuth code rejected (used, expired or unknown)")
        _login_failed(request, "")
        return _problem(
            request, status=400, title=_("链接已失效"),
            message=_("企业微信的登录授权只能使用一次，且 5 分钟内有效。请回到企业微信，重新点开消息中的链接。"),
            next_url=target.next_url,
        )
    except oauth.UnknownWeComUser as exc:
        log.warning("WeCom OAuth login refused for %r: %s", exc.userid, exc)
        _login_failed(request, exc.userid or "")
        return _problem(
            request, status=403, title=_("没有可用的门户账号"),
            message=_("你的企业微信账号没有关联到在职员工的门户账号。请联系 HR 或管理员开通，或使用用户名和密码登录。"),
            next_url=target.next_url,
        )
    except WeComError as exc:
        log.warning("WeCom OAuth code exchange failed: %s", exc)
        return _problem(
            request, status=503, title=_("企业微信暂时不可用"),
            message=_("暂时无法向企业微信确认你的身份，请稍后重新点开链接，或使用用户名和密码登录。"),
            next_url=target.next_url,
        )
    if target.user_id is not None and target.user_id != user.pk:
        log.warning("WeCom OAuth link for user %s was opened by user %s; refused", target.user_id, user.pk)
        return _problem(
            request, status=403, title=_("这个链接是发给其他同事的"),
            message=_("这条消息中的链接只能由收件人本人打开。"), password_login=False,
        )
    login(request, user, backend=LOGIN_BACKEND)
    log.info("user %s signed in through WeCom OAuth", user.pk)
    return redirect(target.next_url)
