from django.urls import path

from zhifa.law import views

app_name = "law"
urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("<str:code>/", views.item_detail, name="item_detail"),
]
