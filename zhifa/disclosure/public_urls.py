"""The URLconf of the public host (``ZHIFA_PUBLIC_HOST``; set per request by
``middleware.PublicPortalMiddleware``): the portal at the root, the public catalog of powers,
document verification (the QR codes on documents point at the public address) and the public
API. Nothing else exists there — internal pages, the admin and the internal API are 404."""

from django.urls import include, path

from zhifa.disclosure.api import public_api
from zhifa.disclosure.views import portal
from zhifa.documents.public import verify_page

urlpatterns = [
    # The shared base template of the catalog and verification pages links to "home".
    path("", portal.index, name="home"),
    path("", include("zhifa.disclosure.portal_urls")),
    path("catalog/", include("zhifa.law.urls")),
    path("v/<str:code>", verify_page, name="verify"),
    path("api/v1/public/", public_api.urls),
]

handler404 = "zhifa.disclosure.views.portal.not_found"
