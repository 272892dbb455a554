"""`.ci/run`, the CI entry point, on stub tools: a pytest run that collected nothing fails CI, and the Debian
packages the tests need (chromium, calibre's ebook-convert) are installed in one apt call when missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

SCRIPT = ROOT / ".ci" / "run"


def stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/bash\n" + body + "\n")
    path.chmod(0o755)


def run_ci(
    tmp_path: Path, *, pytest_status: int, have: tuple[str, ...], ruff_status: int = 0
) -> tuple[int, str]:
    """.ci/run in a copy of the repository layout, with python3, pip, ruff, pytest and apt-get stubbed."""
    repo, bin_ = tmp_path / "repo", tmp_path / "bin"
    (repo / ".ci").mkdir(parents=True)
    bin_.mkdir()
    shutil.copy(SCRIPT, repo / ".ci" / "run")
    venv_python = f"#!/bin/bash\nexit {pytest_status}\n"
    venv_ruff = f"#!/bin/bash\nexit {ruff_status}\n"
    stub(
        bin_,
        "python3",
        'mkdir -p .venv/bin; printf "#!/bin/bash\\nexit 0\\n" > .venv/bin/pip; '
        f"printf '{venv_python}' > .venv/bin/python; printf '{venv_ruff}' > .venv/bin/ruff; "
        "chmod +x .venv/bin/pip .venv/bin/python .venv/bin/ruff",
    )
    stub(bin_, "apt-get", f'echo "apt-get $*" >> {tmp_path / "apt.log"}')
    for tool in have:
        stub(bin_, tool, "exit 0")
    for tool in ("dirname", "mkdir", "printf", "chmod"):
        found = shutil.which(tool)
        if found is None:
            pytest.skip(f"no {tool} here")
        os.symlink(found, bin_ / tool)
    done = subprocess.run(
        ["/bin/bash", str(repo / ".ci" / "run")],
        check=False,
        cwd=repo,
        env={"PATH": str(bin_)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    log = tmp_path / "apt.log"
    return done.returncode, log.read_text() if log.exists() else ""


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="needs bash")
@pytest.mark.parametrize("status", [0, 1, 2, 5])
def test_ci_fails_whenever_pytest_does_including_no_tests_collected(tmp_path, status):
    code, _ = run_ci(tmp_path, pytest_status=status, have=("chromium", "ebook-convert"))
    assert code == status


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="needs bash")
def test_ci_installs_what_is_missing_in_one_apt_call(tmp_path):
    _, log = run_ci(tmp_path, pytest_status=0, have=("chromium",))
    assert "install -y -qq calibre" in log and "chromium" not in log
    _, log = run_ci(tmp_path / "both", pytest_status=0, have=())
    installs = [line for line in log.splitlines() if " install " in line]
    assert installs == ["apt-get install -y -qq chromium calibre"]
    _, log = run_ci(tmp_path / "none", pytest_status=0, have=("chromium", "ebook-convert"))
    assert log == ""


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="needs bash")
def test_ci_fails_on_a_style_failure_before_the_tests(tmp_path):
    code, _ = run_ci(tmp_path, pytest_status=0, have=("chromium", "ebook-convert"), ruff_status=1)
    assert code == 1


def test_the_code_keeps_to_its_own_style():
    """What CI checks before the tests, here too, so a local run finds it first."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    for args in (["format", "--check", "--quiet"], ["check", "--quiet"]):
        done = subprocess.run(
            [ruff, *args, "src", "tests"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
