"""Login and logout pages, and the API token endpoint, all behind the same throttle."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from koperasi.accounts import throttling
from koperasi.accounts.forms import ThrottledAuthenticationForm
from koperasi.accounts.services import record_event
from koperasi.core.api import exception_handler


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record_event("login", actor=form.get_user(), ip_address=throttling.client_address(self.request) or None)
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
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
        username = str(request.data.get("username", "")) if isinstance(request.data, dict) else ""
        client = throttling.client_address(request)
        wait = throttling.wait_seconds(username, client)
        if wait:
            return _throttled(wait)
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            wait = throttling.record_failure(username, client)
            if not wait:
                serializer.is_valid(raise_exception=True)
            # Wrong, and the next try must wait: the usual 400, saying until when.
            response = exception_handler(ValidationError(serializer.errors), {"request": request, "view": self})
            response.data["retry_after"] = wait
            response["Retry-After"] = str(wait)
            return response
        throttling.clear_failures(username, client)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        record_event("api_token", actor=user, ip_address=client or None)
        return Response({"token": token.key})


def _throttled(wait: int) -> Response:
    """429 saying when to try again (``Retry-After`` and ``retry_after``, in seconds)."""
    body = {"detail": throttling.retry_message(wait), "code": "throttled", "retry_after": wait, "errors": {}}
    return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(wait)})
