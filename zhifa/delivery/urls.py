from django.urls import path

from zhifa.delivery.views import staff

app_name = "delivery"
urlpatterns = [
    path("case/<int:case_id>/", staff.case_services, name="case"),
    path("case/<int:case_id>/consent/", staff.consent, name="consent"),
    path("case/<int:case_id>/serve/<int:document_id>/<slug:mode>/", staff.serve, name="serve"),
    path("service/<int:pk>/postal-receipt/", staff.postal_receipt, name="postal_receipt"),
    path("service/<int:pk>/failure/", staff.failure, name="failure"),
    path("service/<int:pk>/resend/", staff.resend, name="resend"),
    path("service/<int:pk>/receipt/", staff.receipt, name="receipt"),
    path("consent/<int:pk>/scan/", staff.consent_scan, name="consent_scan"),
]
