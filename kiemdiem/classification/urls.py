from django.urls import path

from kiemdiem.classification import views

app_name = "classification"
urlpatterns = [
    path("", views.rules_check, name="rules_check"),
]
