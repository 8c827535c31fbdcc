from django.urls import path

from zhifa.cases.views import case, intake, lists

app_name = "cases"
urlpatterns = [
    path("", lists.case_list, name="list"),
    path("deadlines/", lists.deadline_list, name="deadlines"),
    path("new/clue/", intake.new_clue, name="new_clue"),
    path("new/on-the-spot/", intake.on_the_spot, name="on_the_spot"),
    path("<int:pk>/", case.case_detail, name="detail"),
    path("<int:pk>/evidence/<int:file_pk>/", case.evidence_file, name="evidence"),
    path("<int:pk>/<slug:step>/", case.step_page, name="step"),
]
