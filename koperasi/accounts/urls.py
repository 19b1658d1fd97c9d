from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from koperasi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "invitation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/invitation.html", success_url=reverse_lazy("accounts:login")
        ),
        name="invitation",
    ),
]
