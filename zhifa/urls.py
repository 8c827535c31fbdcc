from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhifa.api import api
from zhifa.core import views as core_views
from zhifa.documents.public import verify_page

admin.site.site_header = "zhifa 执法平台管理后台"
admin.site.site_title = "zhifa 管理后台"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("notifications/", core_views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", core_views.notification_open, name="notification_open"),
    path("notifications/channels/", core_views.notification_channels, name="notification_channels"),
    path(
        "notifications/read-all/", core_views.notifications_read_all, name="notifications_read_all"
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("zhifa.security.identity_urls")),  # login, 2FA, password, sessions
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("org/", include("zhifa.org.urls")),
    path("parties/", include("zhifa.parties.urls")),
    path("catalog/", include("zhifa.law.urls")),
    path("calendar/", include("zhifa.calendar.urls")),
    path("cases/", include("zhifa.cases.urls")),
    path("documents/", include("zhifa.documents.urls")),
    path("delivery/", include("zhifa.delivery.urls")),
    path("p/", include("zhifa.delivery.party_urls")),
    path("gongshi/", include("zhifa.disclosure.portal_urls")),
    path("disclosure/", include("zhifa.disclosure.urls")),
    path("security/", include("zhifa.security.urls")),
    path("v/<str:code>", verify_page, name="verify"),
]

handler403 = "zhifa.core.views_errors.forbidden"
