from django.urls import path

from zhifa.calendar import views

app_name = "calendar"
urlpatterns = [
    path("", views.year_view, name="year"),
    path("<int:year>/", views.year_view, name="year_of"),
    path("deadline/", views.deadline_view, name="deadline"),
    path("import/", views.import_view, name="import"),
]
