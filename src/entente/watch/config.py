"""Delivery settings: the SMTP server, links, retries and digests.

Read from a TOML file named by `ENTENTE_CONFIG` (or given), then from environment variables,
which win. Unknown keys and wrong types are refused before any delivery starts::

    [smtp]
    host = "smtp.example.org"      # ENTENTE_SMTP_HOST; no host: e-mail deliveries wait and retry
    port = 587                     # ENTENTE_SMTP_PORT (default 25, or 465 with ssl)
    from = "entente@example.org"   # ENTENTE_SMTP_FROM
    starttls = true                # ENTENTE_SMTP_STARTTLS
    ssl = false                    # ENTENTE_SMTP_SSL (SMTP over TLS from the first byte)
    username = "entente"           # ENTENTE_SMTP_USERNAME
    password = "..."               # ENTENTE_SMTP_PASSWORD (never printed: repr shows ***)
    timeout = 15                   # seconds

    [alerts]
    base_url = "https://entente.example.org"   # ENTENTE_BASE_URL: links in feeds and e-mails
    webhook_timeout = 10           # seconds
    max_attempts = 12              # failures before a delivery is marked failed (`deliver --retry-failed`)
    backoff_base = 30              # seconds before the first retry; doubles after each failure
    backoff_max = 21600            # the longest wait between two attempts (6 hours)
    digest_interval = 86400        # seconds between two digest e-mails of a watch
    allow_private_webhooks = false # ENTENTE_WEBHOOK_ALLOW_PRIVATE: post to loopback/private addresses
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError

CONFIG_ENV = "ENTENTE_CONFIG"


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Where e-mail goes. `host` None means no server is configured."""

    host: str | None = None
    port: int = 25
    sender: str = "entente@localhost"
    starttls: bool = False
    ssl: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 15.0

    def __repr__(self) -> str:
        return (f"SmtpConfig(host={self.host!r}, port={self.port}, sender={self.sender!r}, "
                f"starttls={self.starttls}, ssl={self.ssl}, username={self.username!r}, "
                f"password={'***' if self.password else None}, timeout={self.timeout})")


@dataclass(frozen=True, slots=True)
class AlertConfig:
    """Everything delivery needs besides the watches themselves."""

    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    base_url: str | None = None
    webhook_timeout: float = 10.0
    max_attempts: int = 12
    backoff_base: float = 30.0
    backoff_max: float = 6 * 3600.0
    digest_interval: float = 24 * 3600.0
    allow_private_webhooks: bool = False

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failure: base, 2 x base, 4 x base, ... up to the cap."""
        return float(min(self.backoff_max, self.backoff_base * 2 ** max(0, attempts - 1)))

    def feed_url(self, watch_id: str) -> str | None:
        return f"{self.base_url.rstrip('/')}/watches/{watch_id}/feed.atom" if self.base_url else None


_SMTP_KEYS = {"host": str, "port": int, "from": str, "starttls": bool, "ssl": bool, "username": str,
              "password": str, "timeout": (int, float)}
_ALERT_KEYS = {"base_url": str, "webhook_timeout": (int, float), "max_attempts": int,
               "backoff_base": (int, float), "backoff_max": (int, float), "digest_interval": (int, float),
               "allow_private_webhooks": bool}
_ENV = {
    "ENTENTE_SMTP_HOST": ("smtp", "host"), "ENTENTE_SMTP_PORT": ("smtp", "port"),
    "ENTENTE_SMTP_FROM": ("smtp", "from"), "ENTENTE_SMTP_STARTTLS": ("smtp", "starttls"),
    "ENTENTE_SMTP_SSL": ("smtp", "ssl"), "ENTENTE_SMTP_USERNAME": ("smtp", "username"),
    "ENTENTE_SMTP_PASSWORD": ("smtp", "password"), "ENTENTE_BASE_URL": ("alerts", "base_url"),
    "ENTENTE_WEBHOOK_ALLOW_PRIVATE": ("alerts", "allow_private_webhooks"),
}


def load_config(path: str | Path | None = None, *, environ: Mapping[str, str] | None = None) -> AlertConfig:
    """The delivery settings from `path` (or the file `ENTENTE_CONFIG` names) and the environment."""
    env = os.environ if environ is None else environ
    path = path or env.get(CONFIG_ENV) or None
    sections: dict[str, dict[str, Any]] = {"smtp": {}, "alerts": {}}
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"no configuration file at {path} (named by {CONFIG_ENV} or --config)") from exc
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read the configuration {path}: {exc}") from exc
        for name in ("smtp", "alerts"):
            value = data.get(name, {})
            if not isinstance(value, dict):
                raise ConfigError(f"[{name}] in {path} must be a table")
            sections[name].update(value)
    for var, (section, key) in _ENV.items():
        if env.get(var) not in (None, ""):
            sections[section][key] = _from_env(var, env[var], (_SMTP_KEYS if section == "smtp" else _ALERT_KEYS)[key])
    _check("smtp", sections["smtp"], _SMTP_KEYS)
    _check("alerts", sections["alerts"], _ALERT_KEYS)
    smtp_values = dict(sections["smtp"])
    if "from" in smtp_values:
        smtp_values["sender"] = smtp_values.pop("from")
    if smtp_values.get("ssl") and "port" not in smtp_values:
        smtp_values["port"] = 465
    smtp_kwargs: dict[str, Any] = {k: (float(v) if k == "timeout" else v) for k, v in smtp_values.items()}
    smtp = SmtpConfig(**smtp_kwargs)
    alerts: dict[str, Any] = {k: (float(v) if isinstance(v, int) and not isinstance(v, bool) and k != "max_attempts"
                                  else v) for k, v in sections["alerts"].items()}
    config = AlertConfig(smtp=smtp, **alerts)
    _validate(config)
    return config


def with_smtp(config: AlertConfig, **changes: Any) -> AlertConfig:
    """A copy of `config` with some SMTP settings changed."""
    return replace(config, smtp=replace(config.smtp, **changes))


def _check(section: str, values: dict[str, Any], keys: dict[str, Any]) -> None:
    for key, value in values.items():
        if key not in keys:
            raise ConfigError(f"unknown setting {key!r} in [{section}]; known: {', '.join(sorted(keys))}")
        expected = keys[key]
        if isinstance(value, bool) != (expected is bool) or not isinstance(value, expected):
            raise ConfigError(f"[{section}] {key} must be a {_type_name(expected)}, not {type(value).__name__}")


def _validate(config: AlertConfig) -> None:
    smtp = config.smtp
    if not 0 < smtp.port < 65536:
        raise ConfigError(f"[smtp] port {smtp.port} is not a TCP port")
    if smtp.starttls and smtp.ssl:
        raise ConfigError("[smtp] starttls and ssl exclude each other: ssl is TLS from the start (port 465)")
    if bool(smtp.username) != bool(smtp.password):
        raise ConfigError("[smtp] username and password go together")
    if "@" not in smtp.sender:
        raise ConfigError("[smtp] from must be an e-mail address")
    if config.max_attempts < 1:
        raise ConfigError("[alerts] max_attempts must be at least 1")
    for name in ("webhook_timeout", "backoff_base", "backoff_max", "digest_interval"):
        if getattr(config, name) < 0:
            raise ConfigError(f"[alerts] {name} must not be negative")
    if config.base_url and not config.base_url.startswith(("http://", "https://")):
        raise ConfigError("[alerts] base_url must be an http or https URL")


def _from_env(var: str, raw: str, expected: Any) -> Any:
    if expected is bool:
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{var} must be true or false, not {raw!r}")
    if expected is int:
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigError(f"{var} must be a whole number, not {raw!r}") from exc
    return raw


def _type_name(expected: Any) -> str:
    if isinstance(expected, tuple):
        return "number"
    return {str: "string", int: "whole number", bool: "boolean"}.get(expected, str(expected))

