"""Django settings. The database is DATABASE_URL when set, else var/tbmnet.sqlite3."""

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
# The project root (src/tbmnet/settings.py -> ../../); TBMNET_HOME overrides it.
PROJECT_DIR = Path(os.environ.get("TBMNET_HOME", PACKAGE_DIR.parent.parent))
VAR_DIR = PROJECT_DIR / "var"

SECRET_KEY = os.environ.get("TBMNET_SECRET_KEY", "dev-only-not-secret-change-me-in-production")
DEBUG = os.environ.get("TBMNET_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("TBMNET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs page's assets locally (no CDN on these machines)
    "tbmnet.apps.audit",
    "tbmnet.apps.registry",
    "tbmnet.apps.notifications",
    "tbmnet.apps.movements",
    "tbmnet.apps.customs",
    "tbmnet.apps.cases",
    "tbmnet.apps.reporting",
    "tbmnet.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tbmnet.urls"
WSGI_APPLICATION = "tbmnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'tbmnet.sqlite3'}", conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers queue for the lock at BEGIN instead of failing with "database is locked" when
    # a read transaction tries to become a write one (several threads serving at once).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20,
                                                          transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("TBMNET_MEDIA_ROOT", VAR_DIR / "media"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
