"""Masthead's settings, read from the environment (and a local .env file).

Production differs from development only by environment variables: see
.env.example for every one of them. Secrets have no production default.
"""

import logging
from pathlib import Path
from urllib.parse import urlencode

import environ
from django.core.exceptions import ImproperlyConfigured

from masthead.operations.log_format import logging_settings
from masthead.operations.media_storage import default_storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "masthead"

env = environ.Env()
# Real environment variables win over the file: read_env only fills the gaps.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "data")))

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Put a long random value in the environment or in "
        ".env (`make .env` writes one for development)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Masthead")

INSTALLED_APPS = [
    "masthead.accounts",
    "masthead.publishing",
    "masthead.discussion",
    "masthead.moderation",
    "masthead.importers",
    "masthead.operations",
    "masthead.notifications",
    "demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    # Outermost, so every line logged while answering carries the request's id.
    "masthead.operations.request_ids.RequestIdMiddleware",
    "masthead.operations.request_logging.RequestLogMiddleware",
    # Warns once if a proxy relays requests and TRUSTED_PROXY_COUNT is 0.
    "masthead.operations.proxies.UntrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "masthead.operations.security_headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "masthead.page_cache.PageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "masthead.accounts.sign_in_doors.SignInLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Listed before Wagtail's redirects, so it sees only the 404s they leave:
    # an old permalink's feed/, amp/ and comment-page-N/ (importers/old_suffixes.py).
    "masthead.importers.old_suffixes.OldAddressEndingsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Editors sign in to Wagtail's admin by username; readers by e-mail.
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "masthead.publishing.context_processors.site_navigation",
            ],
        },
    },
]

# Database: a tuned SQLite file by default, PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'masthead.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on while one writer writes; IMMEDIATE takes the
        # write lock at BEGIN so concurrent writers queue on the busy timeout
        # instead of failing half-way with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Opening SQLite and running the PRAGMAs above costs about 2 ms; keep the
    # connection for later requests, as for PostgreSQL.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Tests use a file, not memory, so threads in concurrency tests share it
    # the way worker processes share the real database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL connections: each thread of each worker of each server holds one.
# A pool per process (DATABASE_POOL_MAX_SIZE) or PgBouncer in transaction mode
# (DATABASE_PGBOUNCER) bounds them; see deploy/README.md for the arithmetic.
DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=0)
DATABASE_PGBOUNCER = env.bool("DATABASE_PGBOUNCER", default=False)
if DATABASE_POOL_MAX_SIZE or DATABASE_PGBOUNCER:
    from masthead.database_connections import postgresql_connection_settings

    DATABASES["default"] = postgresql_connection_settings(
        DATABASES["default"],
        pool_max_size=DATABASE_POOL_MAX_SIZE,
        pool_min_size=env.int("DATABASE_POOL_MIN_SIZE", default=1),
        pool_timeout=env.float("DATABASE_POOL_TIMEOUT", default=10.0),
        behind_pgbouncer=DATABASE_PGBOUNCER,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is optional: when REDIS_URL is set, the cache, sessions and the task
# queue use it; without it they fall back to the database.
REDIS_URL = env.str("REDIS_URL", default="")
# Seconds a Redis call may take before it counts as failed, so a Redis that
# stops answering costs a request milliseconds instead of hanging a worker.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)


def redis_services(url: str, *, timeout: float) -> dict:
    """The settings that put the cache, sessions and task queue on Redis at `url`.

    Redis going away slows pages down but stops nothing: the cache answers as
    an empty one (operations/cache_safety.py), sessions are also kept in the
    database, and tasks go to the database queue (operations/task_fallback.py).
    """
    timeouts = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    cache = {
        "BACKEND": "masthead.operations.cache_safety.ForgivingRedisCache",
        "LOCATION": url,
        "OPTIONS": timeouts,
    }
    return {
        "CACHES": {
            "default": {**cache, "KEY_PREFIX": "masthead"},
            "renditions": {**cache, "KEY_PREFIX": "masthead-renditions"},
        },
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
        # django-rq takes no connection options beside a URL: redis-py reads
        # them from its query string.
        "RQ_QUEUES": {
            "default": {"URL": url + ("&" if "?" in url else "?") + urlencode(timeouts)}
        },
        "TASKS": {
            "default": {
                "BACKEND": "masthead.operations.task_fallback.RQWithDatabaseFallback",
                "QUEUES": ["default"],
                "OPTIONS": {"FALLBACK": "database"},
            },
            "database": {
                "BACKEND": "django_tasks_db.DatabaseBackend",
                "QUEUES": ["default"],
            },
        },
    }


if REDIS_URL:
    vars().update(redis_services(REDIS_URL, timeout=REDIS_TIMEOUT))
    INSTALLED_APPS.append("django_tasks_rq")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "masthead_cache",
        },
        # Wagtail looks up image renditions here; memory is cheaper than a
        # database round trip for each picture on a page.
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# Static files are hashed and compressed by WhiteNoise in production; the
# development server serves them straight from the apps.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploads stay on this server's disk unless MEDIA_STORAGE_URL names an
# S3-compatible bucket, which every app server then shares
# (masthead/operations/media_storage.py; keys in AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY).
MEDIA_STORAGE_URL = env.str("MEDIA_STORAGE_URL", default="")
STORAGES = {
    "default": default_storage_from_url(MEDIA_STORAGE_URL),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: any Django backend through EMAIL_URL; the console by default.
vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
# A mail server that stops answering must not hold a worker (and its mail) forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# A notification mail a worker has held this long is taken as lost (the worker
# died) and sent again: keep it well above EMAIL_TIMEOUT.
NOTIFICATION_MAIL_LEASE_SECONDS = env.int(
    "NOTIFICATION_MAIL_LEASE_SECONDS", default=600
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reader accounts (django-allauth): e-mail is the login, verified before use.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks for the name shown beside comments (accounts/names.py).
ACCOUNT_FORMS = {"signup": "masthead.accounts.forms.SignupForm"}
# Its mails speak as the site, link to BASE_URL and carry an HTML part.
ACCOUNT_ADAPTER = "masthead.accounts.mail_adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "masthead.accounts.names.shown_name"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up, reset and login answer alike whether or not an address has an
# account; the owner of a taken address gets a mail saying so instead.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    # allauth's own limits, kept in the cache: tighter than its defaults on
    # the doors that send mail to an address someone else may have typed.
    "signup": "10/m/ip",
    "login": "30/m/ip",
    # Per address only: a limit per account (key) from everywhere would let
    # anyone lock a reader out; masthead's own sign-in limits count accounts.
    "login_failed": "10/m/ip",
    "reset_password": "20/m/ip,3/m/key",
}
# Third-party sign-in is addable by settings: see the README ("Reader accounts").
SOCIAL_LOGIN_PROVIDERS = env.list("SOCIAL_LOGIN_PROVIDERS", default=[])
if SOCIAL_LOGIN_PROVIDERS:
    INSTALLED_APPS += [
        "allauth.socialaccount",
        *(f"allauth.socialaccount.providers.{name}" for name in SOCIAL_LOGIN_PROVIDERS),
    ]
# Reply notifications: how long a guest's confirmation link stays good.
SUBSCRIPTION_CONFIRM_DAYS = env.int("SUBSCRIPTION_CONFIRM_DAYS", default=7)

# Wagtail
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = BASE_URL
# Wagtail's database backend, handed only queries it can run (see the module).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "masthead.publishing.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Documents always pass Wagtail's privacy checks in its own view; with a bucket
# Wagtail would otherwise redirect to the file's public URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls home from a newsroom's server
# No remote avatars: Gravatar would learn which editors use the admin, and the
# admin's img-src policy blocks it anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Wagtail's default, stated because imports rely on it: a Persian or Greek
# title keeps a readable slug ("رسالت") instead of an empty or hex one.
WAGTAIL_ALLOW_UNICODE_SLUGS = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security: strict by default outside DEBUG; `check --deploy` stays clean.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    # Only behind a proxy that sets this header itself (see deploy/).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: one JSON object per line from every logger (operations/log_format.py),
# or plain text for a terminal, the default while DEBUG is on.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = logging_settings(
    log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO")
)
if LOG_FORMAT == "json":
    # Python's warnings too ("No directory at ..."), so no line is bare text.
    logging.captureWarnings(True)

# Masthead
# Anonymous readers' pages come from a cache invalidated by key (page_cache.py).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_MAX_MB = env.int("PAGE_CACHE_MAX_MB", default=64)  # per worker process
# A CDN or caching proxy in front (masthead/edge_cache.py): anonymous pages
# may be kept there for FRONTEND_CACHE_SECONDS because every change purges the
# addresses it shows on. One backend from the environment: an HTTP PURGE
# address (nginx as in deploy/, Varnish), Cloudflare, or CloudFront. Wagtail's
# own frontend_cache app stays uninstalled: its handlers purge during the
# editor's request, under the Site's host name rather than BASE_URL's.
WAGTAILFRONTENDCACHE = {}
if env.str("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_PURGE_URL"),
    }
if env.str("CLOUDFLARE_ZONE_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env.str("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env.str("CLOUDFLARE_API_TOKEN", default=""),
    }
if env.str("CLOUDFRONT_DISTRIBUTION_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env.str("CLOUDFRONT_DISTRIBUTION_ID"),
    }
FRONTEND_CACHE_SECONDS = env.int("FRONTEND_CACHE_SECONDS", default=60 * 60)
ARTICLES_PER_PAGE = 12
# A page of a discussion holds whole threads, at most this many comments
# (replies included) and about this much comment HTML; see discussion/paging.py.
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=200)
COMMENT_PAGE_BYTES = env.int("COMMENT_PAGE_BYTES", default=240_000)
COMMENT_DISPLAY_DEPTH = 5  # deeper replies show at this depth, "in reply to" someone
COMMENT_REPLIES_SHOWN = 3  # replies under a top-level comment before "N more replies"
COMMENT_EDIT_MINUTES = env.int("COMMENT_EDIT_MINUTES", default=15)
COMMENT_MIN_SECONDS = 3  # faster than this from form to post is held as a bot's
# Posting limits, per hashed address and per e-mail (django-ratelimit rates).
COMMENT_RATE_PER_IP = env.str("COMMENT_RATE_PER_IP", default="6/m")
COMMENT_RATE_PER_EMAIL = env.str("COMMENT_RATE_PER_EMAIL", default="30/h")
# Previews per hashed address: each renders up to 10,000 characters of Markdown.
COMMENT_PREVIEW_RATE_PER_IP = env.str("COMMENT_PREVIEW_RATE_PER_IP", default="10/m")
RATELIMIT_USE_CACHE = "default"
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit lists only memcached and django-redis. Django's own Redis
    # backend increments atomically; the database cache does not, so under a
    # burst a few extra posts may pass: acceptable for a single small server.
    "django_ratelimit.W001",
    "django_ratelimit.E003",
]
# Tries at every login and password-reset door (accounts/sign_in_limits.py):
# per account from one address, per address, and per account from browsers
# that never signed in to it (the owner's own browser is spared that one).
SIGN_IN_LIMITS = {
    "sign_in": {"account_address": "5/15m", "address": "20/h", "account": "50/h"},
    "reset": {"account_address": "3/h", "address": "10/h", "account": "10/h"},
}
# Keys and proxies for recognising a reader without storing their address.
IP_HASH_KEY = env.str("IP_HASH_KEY", default="")
# How many proxies in front add to X-Forwarded-For (1 behind deploy/'s nginx).
# At 0 every reader behind a proxy is the proxy's address (operations/proxies.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Operations (masthead/operations): request logs, the RQ worker, health probes.
# Error reports (optional): unhandled errors go to Sentry, or any service that
# speaks its protocol, with nothing that names a reader (error_reports.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from masthead.operations.error_reports import start_error_reports

    start_error_reports(
        dsn=SENTRY_DSN,
        environment=env.str(
            "SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"
        ),
        release=env.str("SENTRY_RELEASE", default=""),
    )
if REDIS_URL:
    # django-rq provides `manage.py rqworker`, which runs the RQ task queue.
    INSTALLED_APPS.append("django_rq")
# Prometheus figures at /metrics (operations/metrics.py), for a scraper that
# sends `Authorization: Bearer METRICS_TOKEN` or comes from one of these
# addresses or networks (as TRUSTED_PROXY_COUNT reads the client's address).
# Neither set: /metrics is a 404 for everyone.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_ADDRESSES = env.list("METRICS_ALLOWED_ADDRESSES", default=[])
# Load balancers and Prometheus reach the app server over plain HTTP from
# inside the network; a redirect to HTTPS would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
