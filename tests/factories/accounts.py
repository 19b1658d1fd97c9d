import factory

from koperasi.accounts.models import User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


def with_authenticator(user: User, secret: str | None = None) -> str:
    """Give ``user`` a confirmed authenticator app; returns its base32 secret (``totp.code_at(secret)``
    is then the code the app shows now)."""
    from koperasi.accounts import totp
    from koperasi.accounts.services import install_device

    secret = secret or totp.new_secret()
    install_device(user, secret)
    return secret


def api_token_for(user: User, name: str = "test", days: int | None = None) -> str:
    """A new API token of ``user``; returns its key (for ``Authorization: Token <key>``)."""
    from koperasi.accounts.services import create_api_token

    _token, key = create_api_token(user, name, days)
    return key
