"""`.ci/system-packages`: what `make test`, `make run` and CI call to bring the Debian packages a bare machine lacks.

The script is run for real against stand-ins for dpkg-query, apt-get, id and sudo on PATH, so each branch (all
present, install as root, cannot install) is exercised without touching this machine's packages.
"""

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "system-packages"


def _stub(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/bin/bash\n" + body + "\n")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """A fake Debian: `installed` lists the packages dpkg-query reports; apt-get appends its arguments to a log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    installed = tmp_path / "installed"
    installed.write_text("")
    log = tmp_path / "apt.log"
    _stub(
        bin_dir,
        "dpkg-query",
        f'pkg="${{@: -1}}"; grep -qx "$pkg" {installed} && printf "install ok installed" || exit 1',
    )
    _stub(bin_dir, "apt-get", f'echo "$*" >> {log}')

    def run(mode="test", uid=0, sudo_works=False):
        _stub(bin_dir, "id", f"echo {uid}")
        _stub(bin_dir, "sudo", 'shift; "$@"' if sudo_works else "exit 1")
        env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
        return subprocess.run(["bash", str(SCRIPT), mode], env=env, capture_output=True, text=True)

    run.installed = installed
    run.log = log
    return run


def test_nothing_to_do_when_every_package_is_installed(machine):
    machine.installed.write_text("chromium\npoppler-utils\nredis-server\nlibharfbuzz-subset0\nfonts-liberation\n")
    result = machine("test")
    assert result.returncode == 0, result.stderr
    assert not machine.log.exists()


def test_root_installs_only_what_is_missing(machine):
    machine.installed.write_text("chromium\nredis-server\nlibharfbuzz-subset0\nfonts-liberation\n")
    result = machine("test", uid=0)
    assert result.returncode == 0, result.stderr
    lines = machine.log.read_text().splitlines()
    # apt-get waits for another apt-get's lock instead of failing (seen on a bare machine)
    assert lines[0] == "-o DPkg::Lock::Timeout=600 update -qq"
    assert lines[1].startswith("-o DPkg::Lock::Timeout=600 install") and lines[1].split()[-1] == "poppler-utils"
    assert "chromium" not in lines[1]


def test_run_needs_only_the_pdf_packages(machine):
    machine.installed.write_text("libharfbuzz-subset0\nfonts-liberation\n")
    result = machine("run", uid=1000)
    assert result.returncode == 0, result.stderr
    assert not machine.log.exists()


def test_sudo_without_a_password_installs(machine):
    result = machine("run", uid=1000, sudo_works=True)
    assert result.returncode == 0, result.stderr
    assert machine.log.read_text().splitlines()[1].endswith("libharfbuzz-subset0 fonts-liberation")


def test_without_root_or_sudo_one_line_names_the_missing_packages(machine):
    machine.installed.write_text("chromium\nfonts-liberation\n")
    result = machine("test", uid=1000)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "poppler-utils redis-server libharfbuzz-subset0" in result.stderr
    assert "apt-get install" in result.stderr
    assert not machine.log.exists()


def test_make_test_and_ci_both_go_through_the_script():
    root = SCRIPT.parents[1]
    makefile = (root / "Makefile").read_text()
    assert "test: system-packages-test install" in makefile
    assert "bash .ci/system-packages test" in makefile
    ci = (root / ".ci" / "run").read_text()
    assert "bash .ci/system-packages test" in ci and "make test" in ci
    assert "bash .ci/start-redis" in makefile and "bash .ci/start-redis" in ci
