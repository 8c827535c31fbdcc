"""The public portal's pages (no login). Mounted at /gongshi/ on the main host and at the root of
``ZHIFA_PUBLIC_HOST`` (``public_urls``)."""

from django.urls import path

from zhifa.disclosure.views import portal

app_name = "gongshi"
urlpatterns = [
    path("", portal.index, name="index"),
    path("shiqian/", portal.before, name="before"),
    path("jueding/", portal.decision_search, name="search"),
    path("jueding/<int:pk>/", portal.decision_detail, name="detail"),
    path("tongji/", portal.statistics, name="statistics"),
]
