"""The command line as a user runs it: check, bad config, help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.configs import write_config
from wallboard.store import head_revision, make_engine, open_store, schema_state

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_wallboard.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60, env=env)


def test_check_tells_a_reachable_store(tmp_path: Path, store_url: str) -> None:
    open_store(store_url).dispose()
    config = write_config(tmp_path, store_url=store_url)
    result = run("check", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "store reachable" in result.stdout
    assert f"revision {head_revision()}, the newest" in result.stdout
    assert "wallboard_ci:wallboard_ci@" not in result.stdout  # the password is not printed


def test_check_writes_nothing_and_migrate_brings_the_store_up_to_date(
        tmp_path: Path, empty_store_url: str) -> None:
    config = str(write_config(tmp_path, store_url=empty_store_url))
    result = run("check", "--config", config, cwd=tmp_path)
    if empty_store_url.startswith("sqlite"):
        # A missing embedded store is created by `migrate` only: neither by check nor by
        # a start, which stops with one line saying so.
        assert result.returncode == 1 and "does not exist" in result.stderr
        assert "run_wallboard.py migrate" in result.stderr
        started = run("--config", config, "--port", "1", cwd=tmp_path)
        assert started.returncode == 1 and "migrate" in started.stderr
        assert len(started.stderr.strip().splitlines()) == 1, started.stderr
        assert not (tmp_path / "store.db").exists()
    else:
        # A shared store is migrated by the admin; the wall would refuse to start on it.
        assert result.returncode == 1
        assert "behind" in result.stderr and "run_wallboard.py migrate" in result.stderr
        engine = make_engine(empty_store_url)
        assert schema_state(engine).current is None  # check created nothing
        engine.dispose()
        started = run("--config", config, "--port", "1", cwd=tmp_path)
        assert started.returncode == 1 and "migrate" in started.stderr
    migrated = run("migrate", "--config", config, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert f"migrated from empty to {head_revision()}" in migrated.stdout
    again = run("migrate", "--config", config, cwd=tmp_path)
    assert "nothing to do" in again.stdout
    assert run("check", "--config", config, cwd=tmp_path).returncode == 0


def test_check_tells_an_unreachable_store(tmp_path: Path) -> None:
    (tmp_path / "taken.db").mkdir()  # a folder where the database file should be
    for url in ("postgresql+psycopg://nobody:secret@127.0.0.1:1/none",
                f"sqlite:///{tmp_path / 'taken.db'}"):
        result = run("check", "--config", str(write_config(tmp_path, store_url=url)),
                     cwd=tmp_path)
        assert result.returncode == 1
        assert "store unreachable" in result.stderr
        assert "secret" not in result.stderr


def test_relative_store_path_follows_the_config_not_the_working_dir(tmp_path: Path) -> None:
    folder = tmp_path / "wall"
    folder.mkdir()
    config = write_config(folder, store_url="sqlite:///data/w.db")
    missing = run("check", "--config", str(config), cwd=tmp_path)
    assert missing.returncode == 1 and str(folder / "data" / "w.db") in missing.stderr
    assert run("migrate", "--config", str(config), cwd=tmp_path).returncode == 0
    assert (folder / "data" / "w.db").exists()
    checked = run("check", "--config", str(config), cwd=tmp_path)
    assert checked.returncode == 0 and str(folder / "data" / "w.db") in checked.stdout
    assert not (tmp_path / "data").exists()


def test_bad_config_stops_with_one_clear_line(tmp_path: Path) -> None:
    config = write_config(tmp_path, teams=[{"key": "a", "name": "A", "goal": 140}])
    result = run("--config", str(config), cwd=tmp_path)
    assert result.returncode == 1
    expected = f"config error: {config}: teams[1].goal: 140 is outside -100..100"
    assert result.stderr.strip() == expected


def test_config_from_the_environment(tmp_path: Path) -> None:
    config = write_config(tmp_path, wall={"panels": ["goals", "nope"]})
    env = {"WALLBOARD_CONFIG": str(config), "PATH": "/usr/bin:/bin"}
    result = run("check", cwd=ROOT, env=env)
    assert result.returncode == 1
    assert "wall.panels: unknown panel 'nope'" in result.stderr


def test_help_explains_every_option(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for word in ("--config", "--host", "--port", "--demo", "0.0.0.0", "check"):
        assert word in result.stdout


def test_commands_never_fill_a_missing_store_silently(tmp_path: Path) -> None:
    """forget, export-person and backup refuse a missing store file with one line and create
    nothing; import creates a new store only saying so (a wrong path is noticed)."""
    store = tmp_path / "data" / "gone.db"
    config = str(write_config(tmp_path, store_url=f"sqlite:///{store}"))
    for args in (["forget", "--customer", "Maria Jensen"],
                 ["export-person", "--response", "csv:1"], ["backup", str(tmp_path / "b.db")]):
        result = run(*args, "--config", config, cwd=tmp_path)
        assert result.returncode == 1, (args, result.stderr)
        assert f"{args[0]} error: the store file {store} does not exist" in result.stderr
        assert "run_wallboard.py migrate" in result.stderr and "Traceback" not in result.stderr
        assert not store.exists() and not store.parent.exists()
    csv = tmp_path / "in.csv"
    csv.write_text("id,score,team,answered_at\n1,9,support,2026-11-30 10:00\n", encoding="utf-8")
    imported = run("import", str(csv), "--config", config, cwd=tmp_path)
    assert f"import: no store file at {store} yet: creating a new, empty store" in (
        imported.stderr), imported.stderr
    assert store.exists()
