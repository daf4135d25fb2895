"""Settings: defaults, every variable parsed, every bad value refused at once, the README table."""

from __future__ import annotations

import dataclasses
import runpy
from pathlib import Path

import pytest

from dashboard.analysis import estimates, qualitative
from dashboard.settings import DEFAULT_DATA_DIR, README, Settings, SettingsError, settings_table, with_table

ROOT = Path(__file__).resolve().parents[1]

#: One good value per variable, and what it must parse to.
GOOD = {
    "DASHBOARD_DATA_DIR": ("/srv/extracts/current", ("data_dir", Path("/srv/extracts/current"))),
    "DASHBOARD_SUPPRESSION_THRESHOLD": ("20", ("suppression_threshold", 20)),
    "DASHBOARD_MIN_PARTICIPANTS": (" 5 ", ("min_participants", 5)),
    "DASHBOARD_LOW_RELIABILITY_NEFF": ("42.5", ("low_reliability_neff", 42.5)),
    "DASHBOARD_RELOAD_SECONDS": ("2.5", ("reload_seconds", 2.5)),
    "DASHBOARD_VIEW_CACHE": ("64", ("view_cache", 64)),
    "HOST": ("0.0.0.0", ("host", "0.0.0.0")),
    "PORT": ("8123", ("port", 8123)),
    "DASH_DEBUG": ("1", ("debug", True)),
    "BIND": ("unix:/run/dashboard.sock", ("bind", "unix:/run/dashboard.sock")),
    "WEB_CONCURRENCY": ("4", ("workers", 4)),
    "GUNICORN_THREADS": ("8", ("threads", 8)),
    "LOG_LEVEL": ("WARNING", ("log_level", "warning")),
}

#: At least one bad value per variable.
BAD = {
    "DASHBOARD_SUPPRESSION_THRESHOLD": ["0", "-3", "ten", "9.5"],
    "DASHBOARD_MIN_PARTICIPANTS": ["0", "many"],
    "DASHBOARD_LOW_RELIABILITY_NEFF": ["0.5", "nan", "inf", "thirty"],
    "DASHBOARD_RELOAD_SECONDS": ["-5", "soon", "inf"],
    "DASHBOARD_VIEW_CACHE": ["-1", "big", "1.5"],
    "HOST": ["my host"],
    "PORT": ["0", "65536", "http"],
    "DASH_DEBUG": ["ture", "2"],
    "BIND": ["0.0.0.0", "localhost:http", "unix:", "host:0"],
    "WEB_CONCURRENCY": ["0", "auto"],
    "GUNICORN_THREADS": ["0", "two"],
    "LOG_LEVEL": ["loud"],
}


def test_defaults():
    settings = Settings.from_env({})
    assert settings == Settings()
    assert settings.data_dir == DEFAULT_DATA_DIR
    assert (settings.suppression_threshold, settings.min_participants, settings.low_reliability_neff) == (10, 3, 30.0)
    assert (settings.reload_seconds, settings.view_cache) == (30.0, 512)
    assert (settings.host, settings.port, settings.debug) == ("127.0.0.1", 8050, False)
    assert (settings.bind, settings.threads, settings.log_level) == ("127.0.0.1:8050", 2, "info")
    assert settings.workers >= 2


def test_defaults_agree_with_the_analysis_defaults():
    """The functions' own defaults (used by tests and notebooks) are the app's defaults."""
    settings = Settings()
    assert settings.suppression_threshold == estimates.DEFAULT_SUPPRESSION_THRESHOLD
    assert settings.low_reliability_neff == estimates.DEFAULT_LOW_RELIABILITY_NEFF
    assert settings.min_participants == qualitative.DEFAULT_MIN_PARTICIPANTS


def test_every_field_has_its_variable_and_description():
    names = [f.metadata["env"] for f in dataclasses.fields(Settings)]
    assert sorted(names) == sorted(GOOD) and len(set(names)) == len(names)
    for f in dataclasses.fields(Settings):
        assert f.metadata["doc"] and f.metadata["allowed"], f.name


@pytest.mark.parametrize("env", sorted(GOOD))
def test_each_variable_is_parsed(env):
    text, (name, value) = GOOD[env]
    assert getattr(Settings.from_env({env: text}), name) == value


def test_all_variables_at_once():
    settings = Settings.from_env({env: text for env, (text, _) in GOOD.items()})
    assert {name: getattr(settings, name) for _, (name, _) in GOOD.values()} == dict(v for _, v in GOOD.values())


@pytest.mark.parametrize(("env", "value"), [(env, value) for env, values in BAD.items() for value in values])
def test_a_bad_value_is_refused_with_what_is_allowed(env, value):
    with pytest.raises(SettingsError) as error:
        Settings.from_env({env: value})
    (problem,) = error.value.problems
    assert problem.startswith(f"{env}={value!r}: must be ")


def test_every_problem_is_listed_at_once():
    environ = {env: values[0] for env, values in BAD.items()}
    with pytest.raises(SettingsError) as error:
        Settings.from_env(environ)
    assert len(error.value.problems) == len(BAD)
    message = str(error.value)
    assert message.startswith(f"Settings refused ({len(BAD)} problem(s))")
    for env, value in environ.items():
        assert f"  - {env}={value!r}: must be " in message
    assert "DASHBOARD_SUPPRESSION_THRESHOLD='0': must be a whole number, at least 1" in message


def test_blank_means_unset():
    assert (
        Settings.from_env({"DASHBOARD_SUPPRESSION_THRESHOLD": "", "PORT": "  ", "DASHBOARD_DATA_DIR": ""}) == Settings()
    )


def test_explicit_zero_rules():
    """0 turns reloading and the view cache off; it never turns suppression off."""
    off = Settings.from_env({"DASHBOARD_RELOAD_SECONDS": "0", "DASHBOARD_VIEW_CACHE": "0"})
    assert (off.reload_seconds, off.view_cache) == (0.0, 0)
    for env in ("DASHBOARD_SUPPRESSION_THRESHOLD", "DASHBOARD_MIN_PARTICIPANTS", "DASHBOARD_LOW_RELIABILITY_NEFF"):
        with pytest.raises(SettingsError, match=f"{env}='0'"):
            Settings.from_env({env: "0"})


def test_settings_made_in_code_obey_the_same_rules():
    assert dataclasses.replace(Settings(), suppression_threshold=5).suppression_threshold == 5
    with pytest.raises(SettingsError, match="DASHBOARD_SUPPRESSION_THRESHOLD=0: must be"):
        dataclasses.replace(Settings(), suppression_threshold=0)
    with pytest.raises(SettingsError) as error:
        Settings(port=0, view_cache=-1, log_level="loud", threads=0)
    assert len(error.value.problems) == 4
    assert Settings(data_dir="elsewhere").data_dir == Path("elsewhere")  # type: ignore[arg-type]


def test_a_misspelt_dashboard_variable_is_refused():
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"DASHBOARD_SUPRESSION_THRESHOLD": "20", "DASHBOARD_COLOUR": "blue", "UNRELATED": "x"})
    assert error.value.problems == (
        "DASHBOARD_COLOUR='blue': not a setting; see the settings table in README.md",
        "DASHBOARD_SUPRESSION_THRESHOLD='20': not a setting; did you mean DASHBOARD_SUPPRESSION_THRESHOLD?",
    )


def test_gunicorn_reads_its_settings_through_the_module(monkeypatch):
    for env, value in {
        "BIND": "0.0.0.0:9000",
        "WEB_CONCURRENCY": "3",
        "GUNICORN_THREADS": "4",
        "LOG_LEVEL": "DEBUG",
    }.items():
        monkeypatch.setenv(env, value)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["bind"], config["workers"], config["threads"], config["loglevel"]) == ("0.0.0.0:9000", 3, 4, "debug")


def test_gunicorn_stops_on_a_bad_setting(monkeypatch, capsys):
    monkeypatch.setenv("WEB_CONCURRENCY", "lots")
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert stop.value.code == 1
    assert "WEB_CONCURRENCY='lots': must be a whole number, at least 1" in capsys.readouterr().err


def test_readme_settings_table_is_generated_from_the_settings():
    """If this fails, run `python -m dashboard.settings docs`."""
    readme = README.read_text(encoding="utf-8")
    assert settings_table() in readme
    assert with_table(readme) == readme


def test_table_replacement_keeps_the_rest_of_the_readme():
    table = settings_table()
    stale = "intro\n" + table.replace("| 10 |", "| 11 |") + "\noutro\n"
    assert with_table(stale) == "intro\n" + table + "\noutro\n"
    with pytest.raises(ValueError, match="no settings table markers"):
        with_table("no markers here")
