#!/usr/bin/env python3
"""Set up and run kiemdiem with nothing but Python 3.11+ (standard library only).

    python3 run.py demo    # virtualenv, install, migrate, demo data, serve on 127.0.0.1:8000
    python3 run.py test    # virtualenv, install with dev extras, Chromium, lint, migrations, tests

Extra arguments after `test` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py may be started by an older python3
        sys.exit("kiemdiem needs Python 3.11 or newer")
    if not PYTHON.exists():
        say(f"Creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say("Installing kiemdiem and its dependencies")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


# Debian packages the tests use: the browser, the fonts standing in for Times New Roman, and
# LibreOffice + poppler to prove that every generated DOCX/XLSX opens and has its text.
TEST_PACKAGES = (
    "chromium",
    "fonts-liberation2",
    "libreoffice-writer-nogui",
    "libreoffice-calc-nogui",
    "poppler-utils",
)


def debian_package_installed(name: str) -> bool:
    query = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False
    )
    return query.stdout.endswith("install ok installed")


def ensure_test_packages() -> None:
    """Install the Debian packages of TEST_PACKAGES that are missing (as root, with apt-get)."""
    apt = shutil.which("apt-get")
    if apt is None or shutil.which("dpkg-query") is None:
        say("Not a Debian system: the browser and document tests skip what is missing")
        return
    missing = [name for name in TEST_PACKAGES if not debian_package_installed(name)]
    if not missing:
        return
    if os.geteuid() != 0:
        say(f"Missing {', '.join(missing)} and not root: those tests will be skipped")
        return
    say(f"Installing Debian's {', '.join(missing)} for the browser and document tests")
    quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(apt, "update", "-qq", env=quiet)
    run(apt, "install", "-y", "-qq", "--no-install-recommends", *missing, env=quiet)


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    run(PYTHON, ROOT / "manage.py", *args, env=env)


SECRET_KEY_FILE = ROOT / ".secret_key"


def ensure_secret_key() -> None:
    """The first start writes a random key beside the data and keeps it (settings read it)."""
    if os.environ.get("SECRET_KEY") or SECRET_KEY_FILE.exists():
        return
    import secrets

    SECRET_KEY_FILE.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    SECRET_KEY_FILE.chmod(0o600)
    say(f"Wrote a new secret key to {SECRET_KEY_FILE}")


def demo() -> None:
    ensure_venv("")
    ensure_secret_key()
    manage("migrate", "--no-input", "-v", "0")
    # The demo's shared password is for this machine only: the command says so and asks.
    manage("demo", "--i-know-this-is-demo")
    say("Starting the background worker and the web server on http://127.0.0.1:8000")
    worker = subprocess.Popen([str(PYTHON), str(ROOT / "manage.py"), "db_worker"], cwd=ROOT)
    try:
        # DEBUG stays off; --insecure lets the development server hand out the static files.
        manage("runserver", "--insecure", "127.0.0.1:8000")
    finally:
        worker.terminate()


def test(pytest_args: list[str]) -> None:
    ensure_venv("dev")
    ensure_test_packages()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    say(f"Database: {os.environ.get('DATABASE_URL') or 'SQLite (default)'}")
    say("ruff check")
    run(BIN / "ruff", "check", ".")
    say("mypy (django-stubs; strict on core, services, selectors and the rules engine)")
    run(BIN / "mypy", "kiemdiem", "config")
    say("makemigrations --check")
    manage("makemigrations", "--check", "--dry-run", env=env)
    say("pytest")
    run(PYTHON, "-m", "pytest", *pytest_args, env=env)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "demo":
        demo()
    elif command == "test":
        test(sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
