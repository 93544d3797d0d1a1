from django.urls import path

from kiemdiem.conferences import views

app_name = "conferences"
urlpatterns = [
    path("", views.conference_list, name="conference_list"),
    path("new/", views.conference_new, name="conference_new"),
    path("<int:pk>/", views.conference_detail, name="conference_detail"),
    path("<int:pk>/start/", views.conference_start, name="conference_start"),
    path("<int:pk>/attendance/", views.attendance_mark, name="attendance_mark"),
    path("<int:pk>/step/", views.step_complete, name="step_complete"),
    path("<int:pk>/criticism/", views.criticism_add, name="criticism_add"),
    path("<int:pk>/ballot/", views.ballot_open, name="ballot_open"),
    path("<int:pk>/report/adopt/", views.report_adopt, name="report_adopt"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
]
