"""The party's page, mounted at /p/ (a short address for an SMS)."""

from django.urls import path

from zhifa.delivery.views import party

app_name = "party"
urlpatterns = [
    path("", party.home, name="home"),
    path("doc/<int:pk>/", party.document, name="document"),
    path("doc/<int:pk>/pdf/", party.pdf, name="pdf"),
    path("statement/", party.statement, name="statement"),
    path("hearing/", party.hearing, name="hearing"),
    path("leave/", party.leave, name="leave"),
    path("<str:token>", party.link, name="link"),
    path("<str:token>/code/", party.code, name="code"),
    path("<str:token>/confirm/", party.confirm, name="confirm"),
    path("<str:token>/renew/", party.renew, name="renew"),
]
