from django.urls import path

from kiemdiem.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("units/<int:pk>/", views.unit_statistics, name="unit_statistics"),
    path("units/<int:pk>/organizations/", views.unit_organizations, name="unit_organizations"),
    path("units/<int:pk>/quota/", views.unit_quota, name="unit_quota"),
    path("units/<int:pk>/late/", views.unit_late, name="unit_late"),
    path("units/<int:pk>/xlsx/", views.unit_statistics_xlsx, name="unit_statistics_xlsx"),
    path("units/<int:pk>/pdf/", views.unit_statistics_pdf, name="unit_statistics_pdf"),
    path("units/<int:pk>/docx/", views.unit_statistics_docx, name="unit_statistics_docx"),
    path("units/<int:pk>/issue/", views.unit_statistics_issue, name="unit_statistics_issue"),
]
