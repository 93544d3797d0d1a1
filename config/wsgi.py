"""WSGI entry point (also what `runserver` serves): refuses to serve without a kept secret key."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
if settings.SECRET_KEY_MISSING:
    raise ImproperlyConfigured(
        f"SECRET_KEY is not set and {settings.SECRET_KEY_FILE} does not exist: set SECRET_KEY in "
        "the environment, or start once with `python3 run.py demo`, which writes the key file."
    )
