"""Login and logout pages, and the API token endpoint, all behind the same throttle."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from koperasi.accounts import throttling
from koperasi.accounts.forms import ThrottledAuthenticationForm
from koperasi.accounts.selectors import confirmed_device, requires_two_factor
from koperasi.accounts.services import check_second_factor, create_api_token, record_event
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


class ObtainTokenSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The current code of the user's authenticator app (or a recovery code): required for"
        " platform admins, managers and assessors.",
    )
    name = serializers.CharField(
        required=False, max_length=100, help_text="What the token is for (shown in the list of tokens)."
    )

    def validate(self, attrs):
        user = authenticate(self.context["request"], username=attrs["username"], password=attrs["password"])
        if user is None:
            raise ValidationError(_("Unable to log in with provided credentials."), code="authorization")
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key: shown only now, keep it safe.")
    id = serializers.IntegerField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class ObtainTokenView(APIView):
    """Exchange a username and password (and, for users with two-factor login, the app's current code)
    for a new API token that expires after ``API_TOKEN_DAYS`` (throttled like the login page)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=ObtainTokenSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        username = str(request.data.get("username", "")) if isinstance(request.data, dict) else ""
        client = throttling.client_address(request)
        wait = throttling.wait_seconds(username, client)
        if wait:
            return _throttled(wait)
        serializer = ObtainTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            wait = throttling.record_failure(username, client)
            return self._refused(request, serializer.errors, wait)
        throttling.clear_failures(username, client)
        user = serializer.validated_data["user"]
        if requires_two_factor(user):
            refused = self._second_factor_refused(request, user, serializer.validated_data.get("code", ""), client)
            if refused is not None:
                return refused
        name = serializer.validated_data.get("name") or _("API login %(date)s") % {
            "date": formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
        }
        token, key = create_api_token(user, name)
        record_event("api_token", actor=user, obj=token, ip_address=client or None)
        return Response({"token": key, "id": token.pk, "name": token.name, "expires_at": token.expires_at})

    def _second_factor_refused(self, request, user, code: str, client: str) -> Response | None:
        if confirmed_device(user) is None:
            message = _("Your account needs two-factor login: log in on the web once to set up your authenticator app.")
            return self._refused(request, {"code": [message]}, 0)
        if not code:
            return self._refused(request, {"code": [_("Type the current code of your authenticator app.")]}, 0)
        check = check_second_factor(user, code, client)
        if check.throttled:
            return _throttled(check.wait)
        if not check.passed:
            return self._refused(request, {"code": [_("This code is not right, or it was used already.")]}, check.wait)
        return None

    def _refused(self, request, errors, wait: int) -> Response:
        """The usual 400; when the next try must wait, saying until when."""
        response = exception_handler(ValidationError(errors), {"request": request, "view": self})
        if wait:
            response.data["retry_after"] = wait
            response["Retry-After"] = str(wait)
        return response


def _throttled(wait: int) -> Response:
    """429 saying when to try again (``Retry-After`` and ``retry_after``, in seconds)."""
    body = {"detail": throttling.retry_message(wait), "code": "throttled", "retry_after": wait, "errors": {}}
    return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(wait)})
