"""Configuration from the environment, with strict helpers.

Every setting can be given as ``SOCIALMAP_<NAME>``; a bad value stops the app
with a message instead of silently falling back.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


class ConfigError(ValueError):
    """A setting in the environment has a value we cannot use."""


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"SOCIALMAP_{name}")
    return default if value in (None, "") else value


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"SOCIALMAP_{name} must be a whole number, not {raw!r}") from None


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"SOCIALMAP_{name} must be true or false, not {raw!r}")


def instance_path() -> Path:
    return Path(env_str("INSTANCE_PATH", "instance")).resolve()


def load_or_create_secret_key(folder: Path) -> str:
    """The session secret lives in the instance folder so it survives restarts (development only:
    production gives SOCIALMAP_SECRET_KEY).

    Several workers starting together must end up with one key: each writes its own candidate to a
    private file and links it into place, which only one of them can do; the others read the winner's.
    """
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    candidate = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32))
    try:
        os.link(candidate, key_file)
    except FileExistsError:
        pass  # another worker was first: use its key
    finally:
        candidate.unlink()
    return key_file.read_text().strip()


class Config:
    """Settings read once from the environment when the app is made."""

    def __init__(self, overrides: dict | None = None) -> None:
        overrides = overrides or {}
        folder = Path(overrides.get("INSTANCE_PATH") or instance_path())
        self.INSTANCE_PATH = str(folder)
        self.SQLALCHEMY_DATABASE_URI = env_str("DATABASE_URL") or f"sqlite:///{folder / 'socialmap.db'}"
        self.SEARCH_INDEX_PATH = env_str("SEARCH_INDEX_PATH") or str(folder / "search-index")
        # A missing or damaged index is rebuilt in a background thread while searches answer from
        # SQL; off (the test suite), the search that finds it rebuilds it first.
        self.SEARCH_REBUILD_IN_BACKGROUND = env_bool("SEARCH_REBUILD_IN_BACKGROUND", True)
        # `socialmap prune-changes` deletes search change-log rows older than this; an index that had
        # not followed them by then is rebuilt (search/pruning.py).
        self.SEARCH_CHANGE_RETENTION_DAYS = env_int("SEARCH_CHANGE_RETENTION_DAYS", 14)
        # Production (SOCIALMAP_PRODUCTION=true, docs/deploy.md) takes nothing from defaults that only
        # suit one development process: the secret and the rate-limit store must be given.
        self.PRODUCTION = bool(overrides.get("PRODUCTION", env_bool("PRODUCTION", False)))
        secret = overrides.get("SECRET_KEY") or env_str("SECRET_KEY")
        if not secret and self.PRODUCTION:
            raise ConfigError("SOCIALMAP_SECRET_KEY must be set in production (for example: "
                              "python3 -c 'import secrets; print(secrets.token_hex(32))')")  # fmt: skip
        self.SECRET_KEY = secret or load_or_create_secret_key(folder)
        # How many proxies (nginx, a load balancer) stand in front and set X-Forwarded-For/-Proto/
        # -Host/-Port/-Prefix: their values are believed only for that many hops (0: none, direct).
        self.PROXY_HOPS = env_int("PROXY_HOPS", 0)
        # "json": one JSON object per log line (production, for a log collector); "text": plain.
        self.LOG_FORMAT = env_str("LOG_FORMAT", "json" if self.PRODUCTION else "text")
        # Keys the worker pseudonyms and the stored submission keys (HMAC), so that nobody with only the
        # code and the database can tell who recorded a referral. Keep it outside the database and never
        # change it (old pseudonyms would stop matching). Without it (development) it follows SECRET_KEY.
        self.PSEUDONYM_KEY = overrides.get("PSEUDONYM_KEY") or env_str("PSEUDONYM_KEY") or hmac.new(
            self.SECRET_KEY.encode(), b"socialmap-pseudonym-key", hashlib.sha256).hexdigest()  # fmt: skip
        self.BABEL_DEFAULT_LOCALE = "nl"
        self.BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
        self.MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        self.MAP_TILE_ATTRIBUTION = env_str(
            "MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors"
        )
        # Addresses geocoded with geopy (issue 16): "nominatim" or "photon", at SOCIALMAP_GEOCODER_URL (for
        # example a municipality's own server; else the public one). Unset: no geocoding, a location
        # without coordinates gets its village's and is shown as approximate.
        self.GEOCODER = env_str("GEOCODER")
        if self.GEOCODER not in (None, "nominatim", "photon"):
            raise ConfigError(f"SOCIALMAP_GEOCODER must be nominatim or photon, not {self.GEOCODER!r}")
        self.GEOCODER_URL = env_str("GEOCODER_URL")
        self.GEOCODER_TIMEOUT = env_int("GEOCODER_TIMEOUT", 5)
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.SESSION_COOKIE_NAME = "socialmap_session"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        # Mail: SMTP when SOCIALMAP_SMTP_HOST is set, else written to the outbox folder.
        self.PUBLIC_URL = env_str("PUBLIC_URL", "http://localhost:5000")  # for links in e-mails sent by cron
        self.MAIL_FROM = env_str("MAIL_FROM", "Sociale Kaart <noreply@sociale-kaart.example.org>")
        # Where residents report accessibility problems (the accessibility statement, /toegankelijkheid).
        self.CONTACT_EMAIL = env_str("CONTACT_EMAIL", "toegankelijkheid@sociale-kaart.example.org")
        self.MAIL_OUTBOX = env_str("MAIL_OUTBOX") or str(folder / "outbox")
        self.SMTP_HOST = env_str("SMTP_HOST")
        self.SMTP_PORT = env_int("SMTP_PORT", 587)
        self.SMTP_STARTTLS = env_bool("SMTP_STARTTLS", True)
        self.SMTP_USER = env_str("SMTP_USER")
        self.SMTP_PASSWORD = env_str("SMTP_PASSWORD")
        # Freshness: remind editors after this many days, hide from residents after this many.
        self.FRESHNESS_REMIND_DAYS = env_int("FRESHNESS_REMIND_DAYS", 183)
        self.FRESHNESS_HIDE_DAYS = env_int("FRESHNESS_HIDE_DAYS", 365)
        self.FOLLOW_UP_DAYS = env_int("FOLLOW_UP_DAYS", 56)  # ask for the outcome after 8 weeks
        self.TOKEN_MAX_AGE_SECONDS = env_int("TOKEN_MAX_AGE_SECONDS", 14 * 24 * 3600)
        # Sign-in attempts per address; a shared store (redis://…) when there are several processes.
        self.RATELIMIT_STORAGE_URI = env_str("RATELIMIT_STORAGE_URI")
        if self.RATELIMIT_STORAGE_URI is None:
            if self.PRODUCTION:
                # memory:// counts per worker: with several, an attacker gets that many times the limit
                raise ConfigError("SOCIALMAP_RATELIMIT_STORAGE_URI must be set in production "
                                  "(redis://localhost:6379/0 when several processes serve the site)")  # fmt: skip
            self.RATELIMIT_STORAGE_URI = "memory://"
        self.LOGIN_RATE_LIMIT = env_str("LOGIN_RATE_LIMIT", "10 per minute; 50 per hour")
        self.WTF_CSRF_TIME_LIMIT = None  # a form left open all morning still submits
        # Larger bodies get 413 before they are read; the biggest real input is an edit form (no uploads).
        self.MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
        # Anonymous pages and API answers kept per process (web/cache.py); 0 turns the cache off.
        self.RESPONSE_CACHE_BYTES = env_int("RESPONSE_CACHE_BYTES", 32 * 1024 * 1024)
        # Page views are counted in memory and written at most this often per process (feedback/services.py).
        self.PAGE_VIEW_FLUSH_SECONDS = env_int("PAGE_VIEW_FLUSH_SECONDS", 5)


def to_dict(config: object) -> dict:
    return {key: getattr(config, key) for key in dir(config) if key.isupper()}
