"""Roster import/export pages, included into the orgs namespace."""

from django.urls import path

from kiemdiem.orgs.roster import views

roster_urlpatterns = [
    path("roster/import/", views.roster_import, name="roster_import"),
    path("roster/import/<int:pk>/", views.roster_job, name="roster_job"),
    path("roster/export/", views.roster_export_download, name="roster_export"),
]
