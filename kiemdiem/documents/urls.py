from django.urls import path

from kiemdiem.documents import views

app_name = "documents"
urlpatterns = [
    path("units/<int:pk>/self-reviews/", views.self_review_batch, name="self_review_batch"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
