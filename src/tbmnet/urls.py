from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from tbmnet.api import api


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("customs/", include("tbmnet.apps.customs.urls")),
    path("cases/", include("tbmnet.apps.cases.urls")),
    path("movements/", include("tbmnet.apps.movements.urls")),
    path("", include("tbmnet.apps.notifications.urls")),
    path("", include("tbmnet.web.urls")),
]
if settings.DEBUG:  # inspection photos; a production server serves MEDIA_ROOT itself
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
