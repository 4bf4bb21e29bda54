"""Kill a build at random moments: the output folder always holds one complete build and its manifest."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_project
from helpers import edit

from generator.build import build
from generator.output import sha256

VERSION_A = "Read the story and talk about the questions."
VERSION_B = "Read the story, then talk about the questions in pairs."


def committed_state(out: Path) -> dict[str, str]:
    """path -> sha256 of the build in ``out``, after checking the manifest matches the files exactly."""
    manifest = json.loads((out / "manifest.json").read_text())
    listed = {a["path"]: a["sha256"] for a in manifest["artifacts"]}
    on_disk = {p.relative_to(out).as_posix() for p in (out / "packs").rglob("*")
               if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}
    assert on_disk == set(listed), "files and manifest disagree"
    for path, digest in listed.items():
        assert sha256((out / path).read_bytes()) == digest, f"{path} does not match the manifest"
    return listed


GUIDE = "packs/ks2/demo/guide.pdf"


def version_of(state: dict[str, str], states: dict[str, dict[str, str]]) -> str | None:
    """Which version's complete build ``state`` is: its guide identifies it, its file list must be whole."""
    for name, reference in states.items():
        if state[GUIDE] == reference[GUIDE] and set(state) == set(reference):
            return name
    return None


def start_build(root: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "--project", str(root), "build", "--out", str(out),
                             "--jobs", "1", "--stage", "ks2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    """A project, an output folder holding version A, the states of versions A and B, and a full run's time."""
    project = make_project(tmp_path_factory.mktemp("kill"))
    out = project.root / "build"
    build(project, out=out, jobs=1, stages=["ks2"])
    state_a = committed_state(out)
    edit(project, "ks2.yaml", VERSION_A, VERSION_B)
    started = time.monotonic()
    run = start_build(project.root, out)
    assert run.wait(timeout=300) == 0, run.stderr.read()
    seconds = time.monotonic() - started
    state_b = committed_state(out)
    assert state_a != state_b
    return project, out, {"A": state_a, "B": state_b}, seconds


@pytest.mark.parametrize("how", ["SIGKILL", "SIGKILL", "SIGKILL", "SIGTERM", "SIGINT"])
def test_a_build_stopped_at_any_moment_leaves_one_complete_build(two_versions, how, request):
    project, out, states, seconds = two_versions
    current = version_of(committed_state(out), states)
    target = "B" if current == "A" else "A"
    old, new = (VERSION_A, VERSION_B) if target == "B" else (VERSION_B, VERSION_A)
    edit(project, "ks2.yaml", old, new)
    # A reproducible moment between start-up and just after the usual finishing time.
    delay = random.Random(request.node.name).uniform(0.3, 1.1) * seconds
    run = start_build(project.root, out)
    time.sleep(delay)
    run.send_signal(getattr(signal, how))
    status = run.wait(timeout=120)
    err = run.stderr.read()
    state = committed_state(out)  # files and manifest agree ...
    held = version_of(state, states)  # ... and they are all of one version
    assert held in ("A", "B")
    if how != "SIGKILL" and status != 0:
        assert "Traceback" not in err
        assert status == 130, err
        assert "complete build" in err, err
        if "nothing was changed" in err:
            assert held == current
    # The next build cleans whatever the stopped one left behind.
    build(project, out=out, jobs=1, stages=["ks2"])
    assert version_of(committed_state(out), states) == target
    assert not list(out.glob(".staging-*")) and not list(out.rglob("*.part"))


def test_ctrl_c_during_start_up_ends_with_130_and_a_message_never_a_signal_death(two_versions):
    """Start-up (imports, loading lessons) is where Python used to die by SIGINT (-2, no message)."""
    project, out, states, _ = two_versions
    current = version_of(committed_state(out), states)
    old, new = (VERSION_A, VERSION_B) if current == "A" else (VERSION_B, VERSION_A)
    edit(project, "ks2.yaml", old, new)  # so that each run has real work to stop
    # Before Python has imported its own start-up modules no program can catch a signal: start after that.
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    python_start_up = time.monotonic() - started
    for moment in [3 * python_start_up + 0.05 + i * 0.02 for i in range(20)]:
        run = start_build(project.root, out)
        time.sleep(moment)
        run.send_signal(signal.SIGINT)
        status = run.wait(timeout=120)
        err = run.stderr.read()
        if status == 0:  # a fast machine finished the build first: then it is the new one
            assert version_of(committed_state(out), states) != current
            break
        assert status == 130, f"stopped after {moment:.2f} s: status {status}, stderr {err!r}"
        assert "Traceback" not in err and "complete build" in err, err
        assert version_of(committed_state(out), states) == current


def test_a_stop_that_a_library_turns_into_its_own_error_still_ends_as_a_stop(monkeypatch, capsys):
    """pydantic-core's Rust start-up turns a KeyboardInterrupt during its import into a PanicException
    (a BaseException): once a stop was requested, any error on the way out is reported as the stop."""
    from generator import cli, launch

    class PanicException(BaseException):
        pass

    def run(args):
        launch._stop_requested = True  # the handler ran ...
        raise PanicException("failed to import datetime C API")  # ... and a library replaced its exception

    monkeypatch.setattr(cli, "_run", run)
    monkeypatch.setattr(launch, "_stop_requested", False)
    assert cli.main(["check"]) == 130
    assert "interrupted: the output folder holds a complete build" in capsys.readouterr().err
    monkeypatch.setattr(launch, "_stop_requested", False)

    def bug(args):
        raise PanicException("a real panic, no stop")

    monkeypatch.setattr(cli, "_run", bug)
    with pytest.raises(PanicException):
        cli.main(["check"])
