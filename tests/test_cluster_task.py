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
from briefgen.edge.cluster_answer import decode as decode_answer
from briefgen.edge.cluster_answer import encode_brief
from briefgen.edge.cluster_bundle import facts_bytes, template_bundle
from briefgen.edge.cluster_task import Shipped, build_shipped, fingerprint
from briefgen.errors import BriefgenError
from briefgen.pipeline import build, design_for

ROOT = Path(__file__).parent.parent
TINY = ROOT / "facts" / "tiny.yaml"
OPTIONS = (None, ("pdf", "md"), False, (), 1, None, None)  # audience, formats, ... language


def decode(answer: bytes, facts: str = "facts/tiny.yaml") -> object:
    return decode_answer(answer, facts, OPTIONS[1])


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

    def nthreads(self, callback_timeout=None):
        return {"tcp://worker:1": 1}

    def submit(self, function, brief, bundle, pure):
        self.submitted += 1
        return Future(self, encode_brief({"pdf": brief.facts.encode(), "md": b""}, (), 1, 1))

    def nbytes(self, keys, summary):
        return dict.fromkeys(keys, self.size)

    def cancel(self, futures, force, callback_timeout=None):
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
    assert first.outputs == {"pdf": str(TINY).encode(), "md": b""}
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
    """Every worker gone (or a scheduler that does not answer): Dask would keep the work
    waiting for ever; after WORKERS_SECONDS without a worker, the brief fails at its facts
    file, and every brief after it fails at once, without waiting again."""
    import distributed

    from briefgen.edge import cluster

    waits = []

    def never(futures, timeout=None):
        waits.append(timeout)
        raise TimeoutError

    def silent(callback_timeout=None):
        raise TimeoutError  # the scheduler does not answer

    client = Client()
    client.nthreads = silent
    monkeypatch.setattr(distributed, "wait", never)
    monkeypatch.setattr(cluster, "WORKERS_SECONDS", 0.05)
    monkeypatch.setattr(cluster, "POLL_SECONDS", 0.01)
    results = Cluster(client, False).results(jobs(6))
    first = next(results)
    assert str(first.problems[0]) == (f"error: {TINY}: the cluster could not build it: "
                                      "no worker for 0.05 s (the scheduler has none, or does "
                                      "not answer)")
    waited = len(waits)
    assert [str(a) for a in results] == [str(first)] * 5
    assert len(waits) == waited and client.fetched == 0


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


@pytest.mark.parametrize("answer, why", [
    (("error", SystemExit(0)), "it is a tuple, not bytes"),
    (b"no header", "it has no header"),
    (b"[1]\n", "its header is not an object"),
    (b'{"kind": "brief", "files": {"pdf": 3}, "notes": [], "pages": 1, "asked": 1}\nabc',
     "formats ['pdf'], asked ['md', 'pdf']"),
    (b'{"kind": "brief", "files": {"pdf": 3, "md": "x"}, "notes": [], "pages": 1, '
     b'"asked": 1}\nabc', "the lengths of its md"),
    (b'{"kind": "brief", "files": {"pdf": 3, "md": 0}, "notes": [], "pages": 1, '
     b'"asked": 1}\nabcd', "its files are longer than it says"),
    (b'{"kind": "brief", "files": {"pdf": 9, "md": 0}, "notes": [], "pages": 1, '
     b'"asked": 1}\nabc', "its files are shorter than it says"),
    (b'{"kind": "brief", "files": {"pdf": 0, "md": 0}, "notes": [1], "pages": 1, '
     b'"asked": 1}\n', "its notes are not text"),
    (b'{"kind": "brief", "files": {"pdf": 0, "md": 0}, "notes": [], "pages": "1", '
     b'"asked": 1}\n', "its page counts"),
    (b'{"kind": "error", "class": "SystemExit", "problems": []}\n',
     "an error without a problem"),
    (b'{"kind": "error", "problems": [{"file": "x", "message": 3}]}\n',
     "its message is not a str"),
    (b'{"kind": "exec"}\n', "kind 'exec'"),
])
def test_an_answer_not_shaped_as_a_workers_is_an_error_at_the_facts_file(answer, why):
    """Whatever a worker sends back is checked, field by field, against the formats asked:
    anything else is one located line, never an exception object raised here."""
    got = decode(answer, "in/a.yaml")
    assert type(got) is BriefgenError
    assert str(got) == (f"error: in/a.yaml: the cluster's answer is not a brief's ({why}): is "
                        "every worker's briefgen this one?")


def test_an_error_answer_is_rebuilt_as_briefgens_own_problem():
    """An error's class is kept only if it is one of briefgen's: SystemExit is not."""
    from briefgen.errors import TemplateError

    answer = (b'{"kind": "error", "class": "TemplateError", "problems": [{"file": "t.j2", '
              b'"message": "m", "line": 2, "field": "template", "details": ["d"]}]}\n')
    got = decode(answer)
    assert type(got) is TemplateError
    assert str(got) == "error: t.j2:2: template: m\n  d"
    other = decode(answer.replace(b"TemplateError", b"SystemExit"))
    assert type(other) is BriefgenError


def test_a_page_per_file_answer_is_measured_exactly():
    """A brief's PNG pages travel inside one bytes value, whose size Dask reads exactly (it
    samples a long tuple's): 2,000 small pages and a large one weigh what they hold."""
    from dask.sizeof import sizeof

    pages = tuple([b"x"] * 2000 + [b"y" * (8 << 20)])
    answer = encode_brief({"png": pages}, (), 2001, 1)
    assert sizeof(answer) >= 2000 + (8 << 20)
    assert sizeof(pages) < (8 << 20)  # what a tuple would have been taken for
    assert decode_answer(answer, "a.yaml", ("png",)).outputs == {"png": pages}


def test_a_bundle_sends_what_templates_include_and_only_the_audiences_used(tmp_path):
    """A template folder's files at any depth, .j2 or not (a template may include
    `parts/x.j2` or `label.txt`); the audiences of the batch whole, with the default and
    what they extend; the others by name only, and never one whose link leads outside."""
    folder = tmp_path / "mine"
    (folder / "parts").mkdir(parents=True)
    (folder / "audiences").mkdir()
    (folder / "brief.xml.j2").write_text('{% extends "builtin/brief.xml.j2" %}\n',
                                         encoding="utf-8")
    (folder / "parts" / "x.j2").write_text("x", encoding="utf-8")
    (folder / "label.txt").write_text("label", encoding="utf-8")
    (folder / "audiences" / "board.yaml").write_text("extends: base\nlabel: Board\n",
                                                     encoding="utf-8")
    (folder / "audiences" / "base.yaml").write_text("label: Base\n", encoding="utf-8")
    (folder / "audiences" / "other.yaml").write_text("label: Other\n" + "#" * 5000,
                                                     encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("label: secret\n", encoding="utf-8")
    (folder / "audiences" / "leak.yaml").symlink_to(secret)
    bundle = template_bundle(str(folder / "brief.xml.j2"),
                             [design_for(str(folder / "brief.xml.j2"), "board")], ("board",))
    files = dict(bundle.files)
    assert sorted(files) == ["audiences/base.yaml", "audiences/board.yaml", "audiences/leak.yaml",
                             "audiences/other.yaml", "brief.xml.j2", "label.txt", "parts/x.j2"]
    assert files["audiences/base.yaml"] == b"label: Base\n"
    assert files["audiences/other.yaml"] == b"" and files["audiences/leak.yaml"] == b""
    assert files["parts/x.j2"] == b"x" and files["label.txt"] == b"label"


def test_a_worker_keeps_only_the_last_bundles_laid_out():
    """Each edited template is a new bundle: a standing worker removes the older ones."""
    from briefgen.edge.cluster_bundle import Bundle
    from briefgen.edge.cluster_task import KEEP_BUNDLES, _folder, _lay_out

    made = [_lay_out(Bundle(f"{n:x}" * 64, (("theme.yaml", b"page: a4\n"),), None))
            for n in range(KEEP_BUNDLES + 3)]
    assert [real.is_dir() for _, real in made] == [False] * 3 + [True] * KEEP_BUNDLES
    assert len(list(_folder().glob("*-template"))) <= KEEP_BUNDLES + 1


def test_no_log_line_of_dask_reaches_stderr():
    """Dask's configuration gives `distributed.client` a level of its own: its "Failed to
    reconnect to scheduler" line would be printed when a scheduler dies mid-batch."""
    import logging

    from briefgen.edge.cluster_connect import distributed_package

    distributed_package()
    for name in ("distributed.client", "distributed.core", "distributed.worker",
                 "tornado.application"):
        assert not logging.getLogger(name).isEnabledFor(logging.CRITICAL), name

