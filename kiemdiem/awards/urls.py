from django.urls import path

from kiemdiem.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.eligible_list, name="eligible_list"),
    path("proposals/create/", views.proposal_create, name="proposal_create"),
    path("badges/", views.badge_list, name="badge_list"),
    path("units/<int:pk>/history/", views.unit_history, name="unit_history"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/docx/", views.decision_docx, name="decision_docx"),
]
