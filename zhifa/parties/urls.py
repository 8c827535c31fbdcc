from django.urls import path

from zhifa.parties import views

app_name = "parties"
urlpatterns = [
    path("", views.party_list, name="party_list"),
    path("new/", views.party_create, name="party_create"),
    path("<int:pk>/", views.party_detail, name="party_detail"),
    path("<int:pk>/edit/", views.party_edit, name="party_edit"),
]
