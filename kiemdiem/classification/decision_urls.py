from django.urls import path

from kiemdiem.classification import decision_views as views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_board, name="decision_board"),
    path("proposals/<int:pk>/decide/", views.decision_make, name="decision_make"),
    path("decisions/<int:pk>/annul/", views.decision_annul, name="decision_annul"),
    path("units/<int:pk>/notify/", views.decisions_notify, name="decisions_notify"),
    path("units/<int:pk>/confirm/", views.decisions_confirm, name="decisions_confirm"),
    path("ballots/<int:pk>/proposals/", views.proposals_from_ballot, name="proposals_from_ballot"),
]
