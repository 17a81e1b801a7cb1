"""Installable at an office: the wheel carries its templates, example config and data, and works
installed in a fresh virtual environment with no checkout anywhere on sys.path.

The wheel is built once from a copy of the sources (so the checkout gets no build/ or
.egg-info); each supported interpreter found on the machine (the oldest and the newest) gets
its own venv, where pip installs the wheel and its dependencies the way an office's pip would.
Then, from an empty folder, `ppid demo`, `ppid notices --pdf` and `ppid report` run with
`python -W error`: no warning from anywhere, no traceback.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

# Every template, the example config and the data files of the checkout (a template added later
# is checked too).
BUNDLED = sorted(p.relative_to(REPO).as_posix() for pattern in ("templates/*.docx", "data/*.csv", "data/*.toml")
                 for p in (REPO / "automation").glob(pattern))


def _version(exe: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run([exe, "-c", "import sys, venv, ensurepip; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    major, minor = map(int, out.stdout.split())
    return major, minor


def supported_interpreters() -> list[str]:
    """The oldest and the newest Python >= 3.11 that can make a venv: this one, pythonX.Y on
    PATH, and pyenv's (PPID_PYTHONS, a list separated by os.pathsep, replaces the search)."""
    if os.environ.get("PPID_PYTHONS"):
        candidates = os.environ["PPID_PYTHONS"].split(os.pathsep)
    else:
        candidates = [sys.executable]
        candidates += [w for v in range(11, 20) if (w := shutil.which(f"python3.{v}"))]
        root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
        candidates += sorted(glob.glob(os.path.join(root, "versions", "3.*", "bin", "python3")))
    found: dict[tuple[int, int], str] = {}
    for exe in candidates:
        version = _version(exe)
        if version is not None and version >= (3, 11):
            found.setdefault(version, exe)
    versions = sorted(found)
    return [found[v] for v in dict.fromkeys([versions[0], versions[-1]])] if versions else [sys.executable]


INTERPRETERS = supported_interpreters()


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PPID_CONFIG", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(extra)
    return env


def _run(args: list[str], cwd: Path, timeout: int = 300, **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=_clean_env(**env), capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    for package in ("automation", "sheets"):
        shutil.copytree(REPO / package, src / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)], cwd=src)
    assert done.returncode == 0, done.stderr
    (built,) = dist.glob("ppid_sheets-*.whl")
    return built


def test_wheel_holds_templates_config_and_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = next(z.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert len(BUNDLED) >= 11 and "automation/data/config.toml" in BUNDLED  # 8 templates, 2 csv, 1 toml today
    assert [n for n in BUNDLED if n not in names] == []
    assert "ppid = automation.cli.main:run" in entry_points
    assert not [n for n in names if n.startswith("tests/")]


@pytest.mark.libreoffice
@pytest.mark.parametrize("python", INTERPRETERS, ids=lambda exe: Path(exe).parent.parent.name)
def test_wheel_in_a_fresh_venv_runs_from_an_empty_folder(wheel: Path, python: str, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert _run([python, "-m", "venv", str(venv)], cwd=tmp_path).returncode == 0
    py = venv / "bin" / "python"
    done = _run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr

    office = tmp_path / "kantor"
    office.mkdir()
    where = _run([str(py), "-c", "import automation; print(automation.__file__)"], cwd=office).stdout.strip()
    assert where.startswith(str(venv)) and "site-packages" in where, where

    def ppid(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        # python -W error: a warning raised anywhere (a deprecated numpy idiom of ours included) fails the run
        return _run([str(py), "-W", "error", "-m", "automation", *args], cwd=cwd)

    demo = ppid("demo", "--today", "2026-11-27", cwd=office)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    folder = office / "ppid-demo"
    assert (folder / "config.toml").is_file() and (folder / "register-ppid.xlsx").is_file()
    assert "Laporan: \"Laporan 2026-10\" dibuat" in demo.stdout

    notices = ppid("notices", "--pdf", "--force", "--kind", "tanggapan-keberatan", "--today", "2026-11-27",
                   cwd=folder)
    assert notices.returncode == 0, notices.stdout + notices.stderr
    # 4: the demo's own line counts "Tanggapan Keberatan 4" (answered objections of seed 7)
    assert "4 PDF dibuat dengan LibreOffice." in notices.stdout
    (combined,) = (folder / "surat" / "cetak").glob("cetak_*.pdf")
    assert combined.stat().st_size > 10_000

    report = ppid("report", "--month", "2026-09", "--today", "2026-11-27", cwd=folder)
    assert report.returncode == 0, report.stdout + report.stderr
    assert (folder / "laporan" / "Laporan-2026-09.xlsx").is_file()
    assert (folder / "laporan" / "Laporan-2026-09.docx").is_file()

    # the console script works too
    starter = _run([str(venv / "bin" / "ppid"), "config", "baru/config.toml"], cwd=office)
    assert starter.returncode == 0 and (office / "baru" / "config.toml").is_file()


def test_runs_from_a_zip_on_sys_path(tmp_path: Path) -> None:
    """importlib.resources, not __file__: templates and data are read from inside a zip too."""
    archive = tmp_path / "ppid.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for package in ("automation", "sheets"):
            for p in (REPO / package).rglob("*"):
                if p.is_file() and "__pycache__" not in p.parts:
                    z.write(p, p.relative_to(REPO).as_posix())
    empty = tmp_path / "kosong"
    empty.mkdir()
    where = _run([sys.executable, "-c", "import automation; print(automation.__file__)"], cwd=empty,
                 PYTHONPATH=str(archive)).stdout.strip()
    assert where == str(archive / "automation" / "__init__.py")
    done = _run([sys.executable, "-W", "error", "-m", "automation", "demo", "--today", "2026-11-27"], cwd=empty,
                PYTHONPATH=str(archive))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Laporan: \"Laporan 2026-10\" dibuat" in done.stdout
    assert len(list((empty / "ppid-demo" / "surat").rglob("*.docx"))) > 100  # 128 letters (see the demo's line)
