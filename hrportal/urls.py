from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from hrportal import views
from hrportal.ai import views as ai_views
from hrportal.privacy import views as privacy_views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("audit/", views.audit_log, name="audit_log"),
    path("privacy/report/", privacy_views.privacy_report, name="privacy_report"),
    path("ai/", ai_views.ai_admin, name="ai_admin"),
    path("recruiting/", include("recruiting.urls")),
    path("interviews/", include("interviews.urls")),
    path("wecom/", include("wecom.urls")),
    path("payroll/", include("payroll.urls")),
    path("api/v1/", include("api.urls")),
    path("integrations/", include("api.pages.urls")),
    path("admin/", admin.site.urls),
]
