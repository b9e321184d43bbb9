"""The two halves of `--cluster` without a cluster: what a worker does with a brief it is sent
(`cluster_task.build_shipped`: the same bytes as a local build, errors at the user's paths, a
refusal when its code differs or the answer would be too large) and how the client hands work
out and takes it back (`cluster.Cluster.results`: at most two briefs a worker in flight, a
too-large answer never fetched), the latter against a stand-in for Dask's client."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from briefgen.edge import cluster_task
from briefgen.edge.cluster import Cluster
from briefgen.edge.cluster_bundle import facts_bytes, template_bundle
from briefgen.edge.cluster_task import Shipped, build_shipped, decode, fingerprint
from briefgen.errors import BriefgenError
from briefgen.pipeline import build, design_for

ROOT = Path(__file__).parent.parent
TINY = ROOT / "facts" / "tiny.yaml"
OPTIONS = (None, ("pdf", "md"), False, (), 1, None, None)  # audience, formats, ... language


def shipped(path: Path | str, data: bytes | None, template: str | None = None,
            mark: tuple = ()) -> Shipped:
    return Shipped(str(path), data, template, OPTIONS, "1700000000", datetime.date(2024, 1, 1),
                   mark or fingerprint())


def test_a_shipped_brief_is_the_local_brief(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    answer = decode(build_shipped(shipped("facts/tiny.yaml", TINY.read_bytes()), None))
    assert answer.outputs == build(TINY, ("pdf", "md")).outputs


def test_a_custom_template_is_laid_out_on_the_worker_and_errors_name_the_users_paths(tmp_path):
    """The template folder's files travel in a bundle; a problem found while building names the
    facts file and the template file as the user gave them."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "brief.xml.j2").write_text('{% extends "builtin/brief.xml.j2" %}\n'
                                         '{% block footer %}{{ 1 // 0 }}{% endblock %}\n',
                                         encoding="utf-8")
    bundle = template_bundle(str(folder), [design_for(str(folder), None)])
    assert [name for name, _ in bundle.files] == ["brief.xml.j2"]
    answer = decode(build_shipped(shipped("in/tiny.yaml", TINY.read_bytes(), str(folder)),
                                  bundle))
    assert isinstance(answer, BriefgenError)
    assert [str(p) for p in answer.problems] == [
        f"error: {folder}/brief.xml.j2:2: template: ZeroDivisionError: integer division or "
        "modulo by zero"]
    broken = decode(build_shipped(shipped("in/bad.yaml", b"title: [\n"), None))
    assert str(broken.problems[0]).startswith("error: in/bad.yaml:")


def test_a_worker_with_other_code_refuses_the_brief():
    other = tuple((name, "0.0.1" if name == "reportlab" else version)
                  for name, version in fingerprint())
    answer = decode(build_shipped(shipped("facts/tiny.yaml", TINY.read_bytes(), mark=other),
                                  None))
    assert isinstance(answer, BriefgenError)
    version = dict(fingerprint())["reportlab"]
    assert str(answer.problems[0]) == (
        f"error: facts/tiny.yaml: a worker of the cluster has reportlab {version} (here "
        "0.0.1): install the same briefgen and libraries on every worker")


def test_a_worker_refuses_to_send_back_more_than_the_limit(monkeypatch):
    monkeypatch.setattr(cluster_task, "MAX_RESULT_BYTES", 1000)
    answer = decode(build_shipped(shipped("facts/tiny.yaml", TINY.read_bytes()), None))
    assert isinstance(answer, BriefgenError)
    assert "more than a cluster worker sends back (1,000)" in str(answer)


def test_a_facts_file_is_sent_only_as_a_local_build_would_read_it(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (1024 * 1024 + 1))
    assert facts_bytes(str(TINY)) == TINY.read_bytes()
    assert facts_bytes(str(big)) is None and facts_bytes(str(tmp_path / "none.yaml")) is None
    assert facts_bytes(str(tmp_path)) is None


class Future:
    def __init__(self, client, value):
        self.client, self.value, self.key, self.status = client, value, id(self), "finished"

    def result(self):
        self.client.fetched += 1
        return self.value

    def cancel(self):
        self.client.cancelled.append(self)

    def release(self):
        pass


class Client:
    """What `Cluster` asks of Dask's client, for one worker of one thread; `size` is what the
    scheduler says each answer weighs."""

    def __init__(self, size: int = 100) -> None:
        self.size, self.submitted, self.fetched, self.cancelled = size, 0, 0, []

    def nthreads(self):
        return {"tcp://worker:1": 1}

    def submit(self, function, brief, bundle, pure):
        self.submitted += 1
        return Future(self, ("brief", {"pdf": brief.facts.encode()}, (), 1, 1))

    def nbytes(self, keys, summary):
        return dict.fromkeys(keys, self.size)

    def cancel(self, futures, force):
        self.cancelled += futures


@pytest.fixture
def no_waiting(monkeypatch):
    """Dask's `wait` made a no-op: the stand-in's futures are done when made."""
    import distributed

    monkeypatch.setattr(distributed, "wait", lambda futures, timeout=None: None)


def jobs(count: int) -> list[tuple]:
    return [(None, str(TINY), *OPTIONS) for _ in range(count)]


def test_at_most_two_briefs_a_worker_are_in_flight(no_waiting):
    """Ten briefs on one worker: two are sent first, then one more as each comes back; leaving
    early cancels what is still out."""
    client = Client()
    results = Cluster(client, False).results(jobs(10))
    first = next(results)
    assert first.outputs == {"pdf": str(TINY).encode()}
    assert client.submitted == 3 and client.fetched == 1
    next(results)
    assert client.submitted == 4
    results.close()
    assert len(client.cancelled) == 2


def test_an_answer_larger_than_a_brief_may_be_is_never_fetched(no_waiting):
    client = Client(size=cluster_task.MAX_RESULT_BYTES * 2)
    answers = list(Cluster(client, False).results(jobs(2)))
    assert client.fetched == 0
    assert all(isinstance(a, BriefgenError) and "it was not fetched" in str(a) for a in answers)
    assert str(answers[0].problems[0]).startswith(f"error: {TINY}: the cluster's answer is ")


def test_a_workers_paths_are_written_back_as_the_users(tmp_path):
    """A problem a worker finds names the template folder as laid out there, given or
    resolved (a font file is named by its resolved path): each is written back as the user's
    path, as given or as resolved here."""
    from briefgen.edge.cluster_bundle import Bundle
    from briefgen.edge.cluster_task import _places, _user_paths

    bundle = Bundle("ab" * 32, (("theme.yaml", b"page: a4\n"),), None)
    brief = Shipped("in/f.yaml", b"", "mine", OPTIONS, None, datetime.date(2024, 1, 1),
                    fingerprint(), ("/home/u/in/f.yaml", "/home/u/mine", "/srv/real/mine"))
    places = _places(brief, bundle)
    given, real = places[1][0], places[2][0]
    assert Path(given, "theme.yaml").read_bytes() == b"page: a4\n"
    assert Path(given).resolve() == Path(real)
    text = f"{given}/theme.yaml: {real}/fonts/House.ttf cannot be used, nor {given}"
    assert _user_paths(text, places) == \
        "mine/theme.yaml: /srv/real/mine/fonts/House.ttf cannot be used, nor mine"


def test_a_brief_waiting_on_a_cluster_that_lost_its_workers_fails_instead_of_hanging(
        monkeypatch):
    """Every worker gone: Dask would keep the work waiting for ever; after WORKERS_SECONDS
    without a worker, the brief fails at its facts file."""
    import distributed

    from briefgen.edge import cluster

    def never(futures, timeout=None):
        raise TimeoutError

    client = Client()
    client.nthreads = dict  # no worker
    monkeypatch.setattr(distributed, "wait", never)
    monkeypatch.setattr(cluster, "WORKERS_SECONDS", 0.05)
    answer = next(Cluster(client, False).results(jobs(1)))
    assert str(answer.problems[0]) == (f"error: {TINY}: the cluster could not build it: "
                                       "TimeoutError: no worker for 0.05 s")
    assert client.fetched == 0


def test_the_folder_of_a_killed_worker_process_is_removed_by_the_next():
    """A worker process killed outright leaves its folder: the next one removes it (and never
    a live process's)."""
    import os
    import tempfile

    from briefgen.edge.cluster_task import PREFIX, _remove_orphans

    gone = Path(tempfile.mkdtemp(prefix=f"{PREFIX}999999999-"))
    (gone / "facts.yaml").write_text("title: x\n", encoding="utf-8")
    alive = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    try:
        _remove_orphans()
        assert not gone.exists() and alive.is_dir()
    finally:
        alive.rmdir()
