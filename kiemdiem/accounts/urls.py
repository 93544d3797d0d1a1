from django.contrib.auth import views as auth_views
from django.urls import path

from kiemdiem.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("me/", views.account, name="account"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("units/<int:pk>/logins/", views.unit_logins, name="unit_logins"),
    path("units/<int:pk>/grants/", views.unit_grant, name="unit_grant"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
]
