import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koperasi.settings")
application = get_asgi_application()

from koperasi.core.startup import refuse_an_unsafe_production_start  # noqa: E402 (needs the app loaded)

refuse_an_unsafe_production_start()
