from django.urls import path

from zhifa.documents import views

app_name = "documents"
urlpatterns = [
    path("case/<int:case_id>/", views.case_documents, name="case"),
    path("case/<int:case_id>/issue/<slug:kind>/", views.issue, name="issue"),
    path("case/<int:case_id>/preview/<slug:kind>/", views.preview, name="preview"),
    path("case/<int:case_id>/sign/", views.sign, name="sign"),
    path("case/<int:case_id>/court-package/", views.build_package, name="build_package"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/rerender/", views.rerender, name="rerender"),
    path("<int:pk>/print/", views.print_roll, name="print"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
    path("package/<int:pk>/", views.package_download, name="package"),
    path("signature/<int:pk>/", views.signature_image, name="signature"),
]
