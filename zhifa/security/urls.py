from django.urls import path

from zhifa.security import identity_views, views

app_name = "security"
urlpatterns = [
    path("audit/", views.audit, name="audit"),
    path("audit/export.<str:fmt>", views.export, name="export"),
    # the security administrator: reset a user's second factor (identity_views)
    path("two-factor/", identity_views.second_factor_accounts, name="second_factor_accounts"),
    path(
        "two-factor/<int:pk>/reset/", identity_views.second_factor_reset, name="second_factor_reset"
    ),
]
