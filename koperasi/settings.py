"""Django settings, all read from the environment (see docs/operations.md for the list).

With no DATABASE_URL the app uses the embedded PostgreSQL server (koperasi/core/db/embedded.py);
with no REDIS_URL Celery runs tasks eagerly in-process and the cache is local memory.
"""

import os
import sys
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from koperasi.config import (
    database_backup_url,
    database_config,
    database_owner_url,
    email_config,
    env_bool,
    env_list,
    env_positive_int,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ
TESTING = "pytest" in sys.modules

# Development (the embedded server: no DATABASE_URL) runs with DEBUG on unless told otherwise, so any
# manage.py command works on a fresh clone; with DATABASE_URL set (production) it is off unless told.
DEBUG = env_bool(ENV, "DEBUG", not ENV.get("DATABASE_URL", "").strip())
HTTPS = env_bool(ENV, "HTTPS", False)
SECRET_KEY = secret_key(ENV, required=not (DEBUG or TESTING))
ALLOWED_HOSTS = env_list(ENV, "ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list(ENV, "CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "koperasi.core",
    "koperasi.accounts",
    "koperasi.tenancy",
    "koperasi.ledger",
    "members",
    "waserda",
    "procurement",
    "processing",
    "performance",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "koperasi.core.middleware.RequestSizeMiddleware",
    "koperasi.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "koperasi.core.middleware.ServiceUnavailableMiddleware",
    "koperasi.core.middleware.LanguageMiddleware",
    "koperasi.core.middleware.NullCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "koperasi.accounts.middleware.SessionIdleMiddleware",
    "koperasi.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "koperasi.urls"
WSGI_APPLICATION = "koperasi.wsgi.application"
ASGI_APPLICATION = "koperasi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "koperasi.core.context_processors.navigation",
            ],
            "builtins": ["koperasi.core.templatetags.formatting"],
        },
    }
]

DATABASES = {"default": database_config(ENV)}
# Mail (invitations, password reset): EMAIL_URL, printed to the console when unset.
globals().update(email_config(ENV))
# The owner role (migrations, test databases); see koperasi/core/db/embedded.py for the default.
DATABASE_OWNER_URL = database_owner_url(ENV)
DATABASE_BACKUP_URL = database_backup_url(ENV)
# The non-owner role the app connects as in production (see koperasi/core/db/roles.py).
DATABASE_APP_ROLE = ENV.get("DATABASE_APP_ROLE", "koperasi_app")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Login throttling (koperasi/accounts/throttling.py): from this many failures of one username from one
# client (or of any usernames from one client) on, a growing delay; counts older than the window expire.
LOGIN_FAILURE_LIMIT = int(ENV.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_CLIENT_FAILURE_LIMIT = int(ENV.get("LOGIN_CLIENT_FAILURE_LIMIT", "20"))
LOGIN_FAILURE_WINDOW_SECONDS = int(ENV.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
LOGIN_BACKOFF_SECONDS = int(ENV.get("LOGIN_BACKOFF_SECONDS", "30"))
LOGIN_BACKOFF_MAX_SECONDS = int(ENV.get("LOGIN_BACKOFF_MAX_SECONDS", "900"))
# A logged-in session ends after this many seconds without a request (default 8 hours); at the next
# request the user is sent to the login page, told why (koperasi/accounts/middleware.py).
SESSION_IDLE_SECONDS = env_positive_int(ENV, "SESSION_IDLE_SECONDS", 8 * 3600, minimum=60)
# API tokens (koperasi/accounts/authentication.py) expire this many days after they are made.
API_TOKEN_DAYS = env_positive_int(ENV, "API_TOKEN_DAYS", 90)
# The header the TLS proxy in front of the app appends the client's address to (e.g. X-Forwarded-For);
# unset: REMOTE_ADDR is the client. Set it only behind such a proxy, or clients could forge it.
TRUSTED_PROXY_HEADER = ENV.get("TRUSTED_PROXY_HEADER", "").strip()
# Days after today an entry may be dated (scheduled documents); 0: nothing is posted after today.
LEDGER_FUTURE_DAYS = int(ENV.get("LEDGER_FUTURE_DAYS", "0"))

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = ENV.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# A page's request body at most (a form with the largest upload it takes, 5 MB, and room to spare);
# RequestSizeMiddleware answers 413 above it. The API's JSON bodies stop at DATA_UPLOAD_MAX_MEMORY_SIZE.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
STATIC_ROOT = Path(ENV.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Development and tests serve static files straight from the app folders; production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

REDIS_URL = ENV.get("REDIS_URL", "").strip()
# The cache is Redis when REDIS_URL is set; when Redis is down it misses and pages go on working
# (koperasi/core/cache.py). Nothing in it is the only copy of anything.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "koperasi.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a real Redis broker when REDIS_URL is set, otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Results are kept (in Redis, for an hour) only for tasks that ask for them (ignore_result=False).
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it has finished, and one whose worker died (killed, out of memory) goes back
# to the queue: it runs again, so every task is idempotent (the monthly jobs are keyed on cooperative and
# month). A task unacknowledged by a worker that vanished is handed out again after the visibility timeout
# (seconds, CELERY_VISIBILITY_TIMEOUT; longer than the longest task, or a slow one is handed out twice).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(ENV.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 3

REST_FRAMEWORK = {
    # Token first: an unauthenticated call is answered 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "koperasi.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "koperasi.core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "koperasi.core.api.DefaultPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "koperasi.core.api.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koperasi ERP API",
    "DESCRIPTION": "Versioned REST API of the Koperasi ERP. Tenant resources live under /api/v1/k/<slug>/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "DEFAULT_GENERATOR_CLASS": "koperasi.core.schema.TenantAwareSchemaGenerator",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "koperasi.core.schema.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "koperasi.tenancy.models.Role",
        "AssignableRoleEnum": "koperasi.tenancy.models.ASSIGNABLE_ROLES",
    },
}

# HTTPS hardening for production (HTTPS=1): what `manage.py check --deploy` asks for.
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(ENV.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": ENV.get("LOG_LEVEL", "INFO")},
}
