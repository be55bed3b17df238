"""The position page's "re-fit now" button (issue 3, item 5). Access: hrportal.policy (URL rule and the
refit_weights capability); the position is loaded through recruiting.access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrportal import policy, queues
from recruiting import access
from recruiting.weighting import services as weighting


@require_POST
def position_refit_weights(request, pk):
    position = access.get_position_for_user(request.user, pk)
    if not policy.can(request.user, "refit_weights"):
        raise PermissionDenied("refit_weights")
    result = weighting.schedule_refit(position.pk)
    if queues.redis_enabled():
        messages.info(request, _("已提交重新拟合筛选权重，完成后刷新本页即可看到新版本。"))
    elif result is None:
        messages.info(request, _("重新拟合完成：权重没有变化，仍使用当前版本。"))
    else:
        messages.success(request, _("重新拟合完成：已启用权重版本 v%(version)s。") % {"version": result.version})
    return redirect("recruiting:position_detail", pk=position.pk)
