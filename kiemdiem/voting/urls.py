from django.urls import path

from kiemdiem.voting import views

app_name = "voting"
urlpatterns = [
    path("", views.ballot_list, name="ballot_list"),
    path("<int:pk>/", views.ballot_detail, name="ballot_detail"),
    path("<int:pk>/open/", views.ballot_open, name="ballot_open"),
    path("<int:pk>/close/", views.ballot_close, name="ballot_close"),
    path("<int:pk>/confirm/", views.ballot_confirm, name="ballot_confirm"),
    path("<int:pk>/counts/", views.counts_enter, name="counts_enter"),
    path("<int:pk>/slips.pdf", views.ballot_slips, name="ballot_slips"),
    path("<int:pk>/vote/", views.ballot_vote, name="ballot_vote"),
    path("vote/", views.vote, name="vote"),
    path("receipts/", views.receipt_check, name="receipt_check"),
]
