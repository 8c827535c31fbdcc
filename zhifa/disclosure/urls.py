"""Staff pages of disclosure (login required): what is due, late or to be withdrawn; one
publication with its history and credit repair."""

from django.urls import path

from zhifa.disclosure.views import staff

app_name = "disclosure"
urlpatterns = [
    path("", staff.overview, name="overview"),
    path("<int:pk>/", staff.publication_detail, name="detail"),
    path("<int:pk>/repair/", staff.repair_request, name="repair_request"),
    path("repairs/<int:pk>/<str:decision>/", staff.repair_decide, name="repair_decide"),
]
