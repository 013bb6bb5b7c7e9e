"""Watch records: normalisation, validation, masks, and private fields kept out of repr."""
from __future__ import annotations

import pytest

from entente.errors import ConfigError
from entente.watch.api import build_watch
from entente.watch.records import Watch, mask_email, mask_url


def test_records_normalise_codes_and_lists() -> None:
    w = Watch.create("  Iran   and friends ", actors=["irn", "IRN, aze"], types=["accuse"], modes=["Denied"])
    assert w.name == "Iran and friends"
    assert w.actors == ["IRN", "AZE"]
    assert w.types == ["ACCUSE"] and w.modes == ["denied"]
    assert w.feed is True and len(w.id) == 24


@pytest.mark.parametrize(("fields", "message"), [
    ({}, "at least one criterion"),
    ({"actors": ["ISR"], "modes": ["rumoured"]}, "unknown mode"),
    ({"partners": ["AZE"]}, "partners need actors"),
    ({"actors": ["ISR"], "min_intensity": 11}, "from 0 to 10"),
    ({"actors": ["ISR"], "shift_threshold": 0.5}, "needs a dyad"),
    ({"actors": ["ISR"], "partners": ["AZE"], "shift_threshold": 0.5, "types": ["ACCUSE"]}, "no event filters"),
    ({"actors": ["ISR"], "email": "not-an-address"}, "e-mail address"),
    ({"actors": ["ISR"], "webhook_url": "ftp://example.org/x"}, "http or https"),
    ({"actors": ["ISR"], "webhook_url": "https://user:pw@example.org/x"}, "no credentials"),
    ({"actors": ["ISR"], "webhook_secret": "abcdefghij"}, "give a webhook URL"),
    ({"actors": ["ISR"], "webhook_url": "https://example.org/x", "webhook_secret": "short"}, "8 to 512"),
    ({"actors": ["ISR"], "feed": False}, "needs a channel"),
    ({"actors": ["IS R!"]}, "not a valid actor"),
])
def test_records_invalid_watches_are_refused(fields: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Watch.create("w", **fields)


def test_records_build_watch_from_a_dyad_and_default_feed() -> None:
    w = build_watch(name="d", dyad=["ISR", "AZE"])
    assert w.dyad == ("ISR", "AZE") and w.feed is True
    w = build_watch(name="d", dyad=["ISR", "AZE"], email="a@example.org")
    assert w.feed is False and w.channels == ["email"]
    with pytest.raises(ConfigError):
        build_watch(name="d", dyad=["ISR", "AZE"], actors=["IRN"])


def test_records_masks() -> None:
    assert mask_email("alice@example.org") == "a***@example.org"
    assert mask_url("https://hooks.example.org:8443/T0/B1/secret?x=1") == "https://hooks.example.org:8443/…"


def test_records_private_fields_stay_out_of_repr_and_public_view() -> None:
    w = Watch.create("w", actors=["ISR"], email="alice@example.org", webhook_url="https://hooks.example.org/T0K3N",
                     webhook_secret="very-secret-value")
    shown = repr(w) + str(w.public_dict()) + w.describe()
    for private in ("alice@example.org", "T0K3N", "very-secret-value"):
        assert private not in shown
    channels = w.public_dict()["channels"]
    assert channels["email"] == {"address": "a***@example.org", "mode": "immediate"}
    assert channels["webhook"] == {"url": "https://hooks.example.org/…", "has_secret": True}
