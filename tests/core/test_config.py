"""Settings are read from the environment: booleans, lists, the database URL and the secret key."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from koperasi.config import (
    DEVELOPMENT_SECRET_KEY,
    database_config,
    database_owner_url,
    env_bool,
    env_list,
    env_positive_int,
    secret_key,
)
from koperasi.core.db import embedded


@pytest.mark.parametrize("raw", ["1", "true", "True", "yes", "on", " ON "])
def test_truthy_words_are_true(raw):
    assert env_bool({"DEBUG": raw}, "DEBUG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", ""])
def test_falsy_words_are_false(raw):
    assert env_bool({"DEBUG": raw}, "DEBUG", True) is False


def test_a_missing_boolean_takes_the_default():
    assert env_bool({}, "DEBUG", True) is True


def test_an_unreadable_boolean_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool({"DEBUG": "maybe"}, "DEBUG", False)


def test_lists_are_comma_separated_and_trimmed():
    assert env_list({"ALLOWED_HOSTS": "a.example, b.example,,"}, "ALLOWED_HOSTS", []) == ["a.example", "b.example"]
    assert env_list({}, "ALLOWED_HOSTS", ["localhost"]) == ["localhost"]


def test_without_database_url_the_app_uses_the_embedded_server_as_the_app_role():
    server = embedded.server()
    config = database_config({})
    assert (config["USER"], config["HOST"], config["NAME"]) == ("koperasi_app", str(server.socket_dir), "koperasi")
    assert database_owner_url({}) == server.url("koperasi_owner")


def test_a_database_url_alone_has_no_owner_url_and_an_owner_url_is_kept():
    assert database_owner_url({"DATABASE_URL": "postgres://app@db/k"}) == ""
    owner = "postgres://owner@db/k"
    assert database_owner_url({"DATABASE_URL": "postgres://app@db/k", "DATABASE_OWNER_URL": owner}) == owner


def test_database_url_gives_a_postgresql_connection():
    config = database_config({"DATABASE_URL": "postgres://app:secret@db.internal:5433/koperasi"})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "app",
        "secret",
        "db.internal",
        5433,
        "koperasi",
    )


def test_other_database_engines_are_refused():
    with pytest.raises(ImproperlyConfigured):
        database_config({"DATABASE_URL": "mysql://root@localhost/koperasi"})


def test_a_secret_key_is_required_when_debug_is_off():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        secret_key({}, required=True)
    assert secret_key({"SECRET_KEY": "s" * 60}, required=True) == "s" * 60


def test_development_falls_back_to_a_key_marked_insecure():
    assert secret_key({}, required=False) == DEVELOPMENT_SECRET_KEY
    assert DEVELOPMENT_SECRET_KEY.startswith("django-insecure-")


@pytest.mark.indonesian
def test_time_zone_and_language_default_to_jakarta_and_bahasa_indonesia(settings):
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.LANGUAGE_CODE == "id"


def test_whole_number_settings_take_their_default_and_refuse_nonsense():
    assert env_positive_int({}, "SESSION_IDLE_SECONDS", 28800, minimum=60) == 28800
    assert env_positive_int({"SESSION_IDLE_SECONDS": " 900 "}, "SESSION_IDLE_SECONDS", 28800, minimum=60) == 900
    for bad in ("8h", "-5", "30"):
        with pytest.raises(ImproperlyConfigured, match="SESSION_IDLE_SECONDS"):
            env_positive_int({"SESSION_IDLE_SECONDS": bad}, "SESSION_IDLE_SECONDS", 28800, minimum=60)
