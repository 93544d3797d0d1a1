"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

from config.api import api
from kiemdiem.worklist import views as worklist_views

urlpatterns = [
    path("", worklist_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("kiemdiem.accounts.urls")),
    path("orgs/", include("kiemdiem.orgs.urls")),
    path("rules/", include("kiemdiem.classification.urls")),
    path("reviews/", include("kiemdiem.reviews.urls")),
    path("voting/", include("kiemdiem.voting.urls")),
    path("conferences/", include("kiemdiem.conferences.urls")),
    path("classification/", include("kiemdiem.classification.decision_urls")),
    path("news/", include("kiemdiem.bulletin.urls")),
    path("awards/", include("kiemdiem.awards.urls")),
    path("documents/", include("kiemdiem.documents.urls")),
    path("reports/", include("kiemdiem.reports.urls")),
]
# Uploads and generated files are never served from MEDIA_ROOT directly: the views that hand
# them out (news photos, document batches) check who asks.
