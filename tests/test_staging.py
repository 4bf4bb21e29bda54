"""All-or-nothing output (generator/staging.py): one commit point, leftovers cleaned, siblings kept."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.errors import LessonpackError, OutputError
from generator.output import sha256
from generator.staging import BuildInterrupted, Staging, read_manifest


def entry(path: str, data: bytes) -> dict:
    return {"path": path, "sha256": sha256(data), "bytes": len(data), "kind": "x"}


def commit(out: Path, files: dict[str, bytes], carry: bool = True) -> Staging:
    with Staging(out) as stage:
        entries = []
        for path, data in files.items():
            stage.write(path, data)
            entries.append(entry(path, data))
        kept = stage.carry_all_except(set(files)) if carry else []
        stage.commit(kept + entries)
    return stage


def state(out: Path) -> dict[str, bytes]:
    """The files the manifest lists, checked against it, and no unlisted file in packs/."""
    manifest = json.loads((out / "manifest.json").read_text())
    listed = {a["path"]: a for a in manifest["artifacts"]}
    found = {p.relative_to(out).as_posix() for p in (out / "packs").rglob("*") if p.is_file()}
    assert found - {"packs/.manifest.json"} == set(listed)
    files = {}
    for path, artifact in listed.items():
        data = (out / path).read_bytes()
        assert sha256(data) == artifact["sha256"], path
        files[path] = data
    return files


OLD = {"packs/ks1/a/guide.pdf": b"old a", "packs/ks1/b/guide.pdf": b"old b"}
NEW = {"packs/ks1/a/guide.pdf": b"new a", "packs/ks2/c/guide.pdf": b"new c"}


def test_a_commit_replaces_the_listed_files_and_keeps_the_rest_of_the_output_folder(tmp_path):
    (tmp_path / "themes" / "large-print").mkdir(parents=True)
    (tmp_path / "themes" / "large-print" / "keep.txt").write_text("sibling")
    (tmp_path / "coverage.html").write_text("report")
    commit(tmp_path, OLD)
    commit(tmp_path, NEW)
    assert state(tmp_path) == {**OLD, **NEW}
    assert (tmp_path / "themes" / "large-print" / "keep.txt").read_text() == "sibling"
    assert (tmp_path / "coverage.html").read_text() == "report"
    assert not list(tmp_path.glob(".staging-*"))


def test_unchanged_files_are_carried_by_hard_link_not_copied(tmp_path):
    commit(tmp_path, OLD)
    before = os.stat(tmp_path / "packs/ks1/b/guide.pdf").st_ino
    commit(tmp_path, NEW)
    assert os.stat(tmp_path / "packs/ks1/b/guide.pdf").st_ino == before


def test_carry_refuses_a_file_edited_by_hand_since_the_build(tmp_path):
    commit(tmp_path, OLD)
    (tmp_path / "packs/ks1/b/guide.pdf").write_bytes(b"edited")
    with Staging(tmp_path) as stage:
        assert stage.carry("packs/ks1/b/guide.pdf") is None
        assert stage.carry("packs/ks1/a/guide.pdf")["sha256"] == sha256(b"old a")
        assert stage.carry("packs/ks9/none.pdf") is None
    assert "packs/ks1/b/guide.pdf: changed since it was built; rebuilt" in stage.warnings


@pytest.mark.parametrize("step", ["write", "commit-manifest", "exchange"])
def test_a_failure_at_any_step_before_the_swap_leaves_the_previous_build(tmp_path, monkeypatch, step):
    commit(tmp_path, OLD)
    import generator.staging as staging

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError):
        with Staging(tmp_path) as stage:
            if step == "write":
                monkeypatch.setattr("builtins.open", boom)
            stage.write("packs/ks1/a/guide.pdf", b"new a")
            if step == "commit-manifest":
                monkeypatch.setattr(Path, "write_text", boom)
            if step == "exchange":
                monkeypatch.setattr(staging, "_exchange", boom)
            stage.commit([entry("packs/ks1/a/guide.pdf", b"new a")])
    monkeypatch.undo()
    assert state(tmp_path) == OLD
    assert not list(tmp_path.glob(".staging-*"))


def test_a_full_disk_says_so_and_names_the_file(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError) as caught:
        with Staging(tmp_path) as stage:
            monkeypatch.setattr("builtins.open", full)
            stage.write("packs/ks1/a/guide.pdf", b"x")
    assert str(caught.value) == (f"{tmp_path.as_posix()}/packs/ks1/a/guide.pdf: error: cannot write the build: "
                                 "No space left on device\n  hint: free some disk space")


def test_ctrl_c_says_the_previous_build_is_kept(tmp_path):
    commit(tmp_path, OLD)
    with pytest.raises(BuildInterrupted) as caught:
        with Staging(tmp_path) as stage:
            stage.write("packs/ks1/a/guide.pdf", b"new")
            raise KeyboardInterrupt
    assert str(caught.value) == (f"error: interrupted: {tmp_path.as_posix()} still holds the previous complete build; "
                                 "nothing was changed")
    assert state(tmp_path) == OLD


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path):
    commit(tmp_path, OLD)
    (tmp_path / ".staging-dead" / "packs").mkdir(parents=True)
    (tmp_path / "packs/ks1/.guide.pdf.x.part").write_bytes(b"half")
    commit(tmp_path, NEW)
    assert not (tmp_path / ".staging-dead").exists()
    assert not list(tmp_path.rglob("*.part"))


@pytest.mark.parametrize("body", ["{not json", '{"artifacts": 3}', "[]",
                                  '{"artifacts": [{"path": "../../etc/passwd", "sha256": "' + "0" * 64 + '", "bytes": 1}]}',
                                  '{"artifacts": [{"path": "packs/a", "sha256": "zz", "bytes": 1}]}',
                                  "[" * 100_000])
def test_a_corrupt_earlier_manifest_is_treated_as_absent_with_a_warning(tmp_path, body):
    commit(tmp_path, OLD)
    (tmp_path / "packs" / ".manifest.json").write_text(body)
    stage = commit(tmp_path, NEW)
    assert state(tmp_path) == NEW
    [warning] = stage.warnings
    assert warning.startswith(f"{tmp_path.as_posix()}/manifest.json: earlier manifest ignored (")
    assert warning.endswith("); the build starts from scratch")


def test_an_older_build_with_a_plain_manifest_is_read_and_replaced(tmp_path):
    (tmp_path / "packs/ks1/b").mkdir(parents=True)
    (tmp_path / "packs/ks1/b/guide.pdf").write_bytes(b"old b")
    (tmp_path / "manifest.json").write_text(json.dumps({"artifacts": [entry("packs/ks1/b/guide.pdf", b"old b")]}))
    assert set(read_manifest(tmp_path)[0]) == {"packs/ks1/b/guide.pdf"}
    commit(tmp_path, NEW)
    assert state(tmp_path) == {**NEW, "packs/ks1/b/guide.pdf": b"old b"}
    assert (tmp_path / "manifest.json").is_symlink()


@pytest.mark.parametrize("in_the_way", ["packs", "manifest.json"])
def test_a_path_in_the_way_is_refused_before_anything_is_written(tmp_path, in_the_way):
    if in_the_way == "packs":
        (tmp_path / "packs").write_text("a file")
    else:
        (tmp_path / "manifest.json").mkdir()
    with pytest.raises(OutputError) as caught:
        commit(tmp_path, NEW)
    assert str(caught.value).startswith(f"{(tmp_path / in_the_way).as_posix()}: error: is in the way")


def test_an_output_folder_that_is_a_link_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OutputError, match="is a link"):
        commit(tmp_path / "out", NEW)


def test_nothing_is_written_outside_the_owned_folder(tmp_path):
    with pytest.raises(LessonpackError, match="refusing to write outside packs/"):
        with Staging(tmp_path) as stage:
            stage.write("packs/../../escape.txt", b"x")
    assert not (tmp_path.parent / "escape.txt").exists()


def test_two_builds_cannot_write_to_one_folder_at_once(tmp_path):
    with Staging(tmp_path):
        with pytest.raises(OutputError, match="another lessonpack build is writing to this folder"):
            with Staging(tmp_path):
                pass


def test_every_staged_file_and_folder_is_on_disk_before_the_swap_and_the_swap_after(tmp_path, monkeypatch):
    # A power cut right after "done" must not leave empty files: fsync files, then folders, swap, fsync out.
    import generator.staging as staging

    commit(tmp_path / "out", {"packs/ks2/a/guide.pdf": b"old"})
    events: list[tuple[str, str]] = []
    real_fsync, real_exchange = os.fsync, staging._exchange

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def exchange(a, b):
        events.append(("swap", str(b)))
        return real_exchange(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(staging, "_exchange", exchange)
    files = {"packs/ks2/b/guide.pdf": b"guide", "packs/ks3/c/letter.pdf": b"letter"}
    stage = Staging(tmp_path / "out")
    with stage:
        root = stage.root
        for path, data in files.items():
            stage.write(path, data)
        stage.commit(stage.carry_all_except(set(files)) + [entry(p, d) for p, d in files.items()])
    swap = events.index(("swap", str(tmp_path / "out/packs")))
    before = {path for kind, path in events[:swap]}
    staged = root / "packs"
    assert {str(staged / p.removeprefix("packs/")) for p in files} <= before  # the new files
    assert str(staged / ".manifest.json") in before
    assert {str(staged), str(staged / "ks2"), str(staged / "ks2/b"), str(staged / "ks3"),
            str(staged / "ks3/c"), str(staged / "ks2/a")} <= before  # every folder, carried ones too
    assert ("fsync", str(tmp_path / "out")) in events[swap:]  # the swap itself
    assert set(state(tmp_path / "out")) == {"packs/ks2/a/guide.pdf", *files}
