"""Where saves go by default: $PETROGRAD_SAVES, the checkout, else the system's user data folder (platformdirs)."""

from __future__ import annotations

import pytest

from game.play import options


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """As installed from a wheel: no checkout to save into, a home of our own."""
    monkeypatch.delenv("PETROGRAD_SAVES", raising=False)
    monkeypatch.setattr(options, "CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def test_saves_go_to_the_systems_user_data_folder(installed):
    assert options.default_saves_dir() == str(installed / "data" / "petrograd-1917" / "saves")


def test_saves_in_the_folder_earlier_versions_used_are_still_found(installed):
    earlier = installed / "home" / ".local" / "share" / "petrograd-1917" / "saves"
    earlier.mkdir(parents=True)
    (earlier / "autosave.json").write_text("{}")
    assert options.default_saves_dir() == str(earlier)
    chosen = installed / "data" / "petrograd-1917" / "saves"
    chosen.mkdir(parents=True)  # once the system's folder exists, it is the one
    assert options.default_saves_dir() == str(chosen)


def test_the_environment_and_the_checkout_come_first(installed, monkeypatch):
    monkeypatch.setenv("PETROGRAD_SAVES", "/somewhere/else")
    assert options.default_saves_dir() == "/somewhere/else"
    monkeypatch.delenv("PETROGRAD_SAVES")
    checkout = installed / "checkout"
    checkout.mkdir()
    (checkout / "pyproject.toml").write_text("")
    monkeypatch.setattr(options, "CHECKOUT", checkout)
    assert options.default_saves_dir() == str(checkout / "saves")
