"""The WSGI application: Django, with the public verification's API form answered beside it
(see tbmnet.apps.notifications.verification_wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tbmnet.settings")


def _application():
    django_app = get_wsgi_application()  # sets Django up: apps may be imported from here on
    from tbmnet.apps.notifications.verification_wsgi import with_lean_verification

    return with_lean_verification(django_app)


application = _application()
