"""The platform admin of the demo."""

from demo import DemoLogin, demo_step, ensure_demo_authenticator, ensure_user


@demo_step("platform admin")
def platform_admin() -> list[DemoLogin]:
    password = "admin-koperasi-2026"
    admin = ensure_user(
        "admin", password, full_name="Admin Platform", email="admin@example.org", is_staff=True, is_superuser=True
    )
    ensure_demo_authenticator(admin)
    return [DemoLogin("platform admin", "admin", password, "code: manage.py demo_code")]
