"""A batch run through a real Dask scheduler and two workers gives the same manifest as a local run."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from campaign_helpers import ROOT, write_campaign
from generator.campaign.batch import batch
from generator.errors import LessonpackError
from generator.project import Project

PROJECT = Project(ROOT)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cluster():
    """A scheduler and two single-threaded workers on 127.0.0.1; stopped after the test."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = ["--no-dashboard"]
    processes = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                   "--port", str(port), *common], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    for _ in range(2):
        processes.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address,
                                           "--nthreads", "1", "--host", "127.0.0.1", *common], cwd=ROOT,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_dask_run_gives_the_same_manifest_as_a_local_run(cluster, tmp_path):
    file = write_campaign(tmp_path / "c")
    local = batch(PROJECT, file, jobs=1, out=tmp_path / "local", chunk=2)
    remote = batch(PROJECT, file, scheduler=cluster, out=tmp_path / "dask", chunk=2)
    assert local.ok and remote.ok and remote.rendered == 4
    assert (tmp_path / "dask" / "manifest.json").read_bytes() == (tmp_path / "local" / "manifest.json").read_bytes()


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    file = write_campaign(tmp_path / "c")
    with pytest.raises(LessonpackError) as caught:
        batch(PROJECT, file, scheduler=f"tcp://127.0.0.1:{_free_port()}", out=tmp_path / "out")
    assert caught.value.message.startswith("cannot reach the Dask scheduler at tcp://127.0.0.1:")
