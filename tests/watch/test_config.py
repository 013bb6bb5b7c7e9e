"""Delivery settings from a TOML file and the environment, checked before any delivery."""
from __future__ import annotations

from pathlib import Path

import pytest

from entente.errors import ConfigError
from entente.watch.config import AlertConfig, load_config


def test_config_defaults_without_file_or_environment() -> None:
    config = load_config(environ={})
    assert config == AlertConfig()
    assert config.smtp.host is None and config.backoff(1) == 30 and config.backoff(3) == 120
    assert config.backoff(100) == config.backoff_max


def test_config_file_then_environment(tmp_path: Path) -> None:
    path = tmp_path / "entente.toml"
    path.write_text('[smtp]\nhost = "smtp.example.org"\nport = 587\nfrom = "alerts@example.org"\nstarttls = true\n'
                    'username = "entente"\npassword = "pw"\n[alerts]\nbase_url = "https://entente.example.org"\n'
                    "max_attempts = 3\ndigest_interval = 600\n", encoding="utf-8")
    config = load_config(environ={"ENTENTE_CONFIG": str(path), "ENTENTE_SMTP_PORT": "2525",
                                  "ENTENTE_WEBHOOK_ALLOW_PRIVATE": "yes"})
    assert (config.smtp.host, config.smtp.port, config.smtp.sender) == ("smtp.example.org", 2525, "alerts@example.org")
    assert config.smtp.starttls and config.smtp.username == "entente" and config.smtp.password == "pw"
    assert config.max_attempts == 3 and config.digest_interval == 600.0 and config.allow_private_webhooks
    assert config.feed_url("abc") == "https://entente.example.org/watches/abc/feed.atom"
    assert load_config(environ={"ENTENTE_SMTP_HOST": "h", "ENTENTE_SMTP_SSL": "1"}).smtp.port == 465


@pytest.mark.parametrize(("text", "env", "message"), [
    ("[smtp]\nhots = 'x'\n", {}, "unknown setting 'hots'"),
    ("[smtp]\nport = '25'\n", {}, "port must be a whole number"),
    ("[alerts]\nmax_attempts = true\n", {}, "max_attempts must be a whole number"),
    ("[smtp]\nstarttls = true\nssl = true\n", {}, "exclude each other"),
    ("[smtp]\nusername = 'u'\n", {}, "go together"),
    ("[alerts]\nbase_url = 'ftp://x'\n", {}, "http or https"),
    ("[smtp\n", {}, "cannot read"),
    ("", {"ENTENTE_SMTP_STARTTLS": "maybe"}, "true or false"),
])
def test_config_errors_are_clear(tmp_path: Path, text: str, env: dict[str, str], message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path, environ=env)


def test_config_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no configuration file"):
        load_config(environ={"ENTENTE_CONFIG": str(tmp_path / "none.toml")})
