"""Login and logout pages, and the API token endpoint, all behind the same throttle."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from koperasi.accounts import throttling
from koperasi.accounts.forms import ThrottledAuthenticationForm
from koperasi.accounts.services import record_event


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record_event("login", actor=form.get_user(), ip_address=throttling.client_ip(self.request))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(error.code == "locked" for error in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    pass


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (throttled like the login page)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        username = str(request.data.get("username", ""))
        ip_address = throttling.client_ip(request)
        if throttling.is_locked(username, ip_address):
            return Response(
                {
                    "detail": _("Too many failed attempts. Try again in %(minutes)s minutes.")
                    % {"minutes": throttling.lockout_minutes()},
                    "code": "throttled",
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            throttling.record_failure(username, ip_address)
            serializer.is_valid(raise_exception=True)
        throttling.clear_failures(username, ip_address)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        record_event("api_token", actor=user, ip_address=ip_address)
        return Response({"token": token.key})
