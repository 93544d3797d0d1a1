from django.urls import path

from kiemdiem.orgs import views
from kiemdiem.orgs.roster.urls import roster_urlpatterns

app_name = "orgs"
urlpatterns = [
    path("", views.unit_tree, name="unit_tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/children/", views.unit_children, name="unit_children"),
    path("people/", views.person_search, name="person_search"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    *roster_urlpatterns,
]
