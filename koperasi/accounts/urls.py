from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from koperasi.accounts import account_views, views
from koperasi.accounts.forms import PasswordResetByMailForm

app_name = "accounts"
SET_PASSWORD = {"template_name": "registration/invitation.html", "success_url": reverse_lazy("accounts:login")}
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/", account_views.two_factor, name="two-factor"),
    path("security/", account_views.security, name="security"),
    path("security/reset/", account_views.reset_two_factor, name="two-factor-reset"),
    path("tokens/", account_views.api_tokens, name="api-tokens"),
    path("tokens/<int:pk>/revoke/", account_views.revoke_api_token, name="api-token-revoke"),
    path(
        "invitation/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(**SET_PASSWORD), name="invitation"
    ),
    # Forgotten password: Django's views, the mail through EMAIL_URL; the same answer for any address.
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetByMailForm,
            template_name="registration/password_reset.html",
            email_template_name="registration/password_reset_mail.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password-reset-sent"),
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(**SET_PASSWORD), name="reset"),
]
