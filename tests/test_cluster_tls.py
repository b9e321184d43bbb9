"""`--cluster tls://...` against a real Dask cluster that speaks TLS only (a scheduler and one
worker, with a certificate made for it by Dask's `Security.temporary`, kept for the module):
with the settings docs/cluster.md gives, the briefs are the local ones, byte for byte; a setting
missing or wrong is one line naming it, exit code 1, nothing written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from dask_cluster import DaskCluster, briefgen

ROOT = Path(__file__).parent.parent
TINY = ROOT / "facts" / "tiny.yaml"
DOCS = (ROOT / "docs" / "cluster.md").read_text(encoding="utf-8")
SETTING = "DASK_DISTRIBUTED__COMM__TLS__"
RIGHT = {"CA_FILE": "ca.pem", "CLIENT__CERT": "cert.pem", "CLIENT__KEY": "key.pem"}


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """The cluster, and the folder of its ca.pem, cert.pem and key.pem."""
    folder = tmp_path_factory.mktemp("tls")
    running = DaskCluster(1, tls=folder)
    yield running, folder
    running.close()


@pytest.fixture(scope="module")
def stranger(tmp_path_factory):
    """A certificate and key of another authority than the cluster's."""
    from distributed.security import Security

    other = Security.temporary()
    folder = tmp_path_factory.mktemp("stranger")
    (folder / "cert.pem").write_text(other.tls_client_cert, encoding="utf-8")
    (folder / "key.pem").write_text(other.tls_client_key, encoding="utf-8")
    return folder


def docs_settings(tmp_path: Path, folder: Path) -> dict[str, str]:
    """docs/cluster.md's Dask configuration, as written, with its files put in `folder`: the
    environment that makes Dask read it (DASK_CONFIG)."""
    yaml = re.search(r"## TLS.*?```yaml\n(.*?)```", DOCS, re.DOTALL).group(1)
    yaml = yaml.replace("/etc/dask/ca.pem", str(folder / "ca.pem")) \
        .replace("/etc/dask/client.pem", str(folder / "cert.pem")) \
        .replace("/etc/dask/client-key.pem", str(folder / "key.pem"))
    config = tmp_path / "dask"
    config.mkdir()
    (config / "distributed.yaml").write_text(yaml, encoding="utf-8")
    return {"DASK_CONFIG": str(config)}


def test_the_docs_settings_build_the_local_briefs(tls, tmp_path):
    cluster, folder = tls
    args = ["build", TINY, "-a", "analyst", "-f", "pdf", "-f", "md"]
    local = briefgen(*args, "-o", tmp_path / "local")
    remote = briefgen(*args, "-o", tmp_path / "remote", "--cluster", cluster.address,
                      env=docs_settings(tmp_path, folder))
    assert (remote.returncode, remote.stderr) == (0, ""), remote.stderr
    assert local.returncode == 0
    for name in ("tiny-analyst.pdf", "tiny-analyst.md"):
        assert (tmp_path / "remote" / name).read_bytes() == \
            (tmp_path / "local" / name).read_bytes(), name


def refused(cluster: DaskCluster, env: dict[str, str], tmp_path: Path) -> str:
    """`briefgen build` on the TLS cluster with `env`: exit code 1, nothing written; stderr."""
    done = briefgen("build", TINY, "-f", "md", "-o", tmp_path / "out", "--cluster",
                    cluster.address, env=env, timeout=120)
    assert (done.returncode, done.stdout) == (1, "")
    assert not (tmp_path / "out").exists()
    return done.stderr


@pytest.mark.parametrize("given, line", [
    ({}, "tls:// needs Dask's TLS settings: distributed.comm.tls.ca-file and "
         "distributed.comm.tls.client.cert are not set"),
    ({**RIGHT, "CA_FILE": "{stranger}/cert.pem"},
     "the scheduler's TLS certificate is not signed by the authority of "
     "distributed.comm.tls.ca-file"),
    ({**RIGHT, "CLIENT__CERT": "{stranger}/cert.pem", "CLIENT__KEY": "{stranger}/key.pem"},
     "the scheduler ended the TLS handshake: it does not accept this client's certificate "
     "(distributed.comm.tls.client.cert)"),
])
def test_no_settings_or_a_certificate_the_other_side_refuses(tls, stranger, tmp_path, given,
                                                             line):
    """Against the real scheduler: no settings; a scheduler's certificate of another authority
    than ca-file's; a client certificate of another authority than the scheduler's."""
    cluster, folder = tls
    env = {SETTING + key: str(folder / value.format(stranger=stranger))
           for key, value in given.items()}
    assert refused(cluster, env, tmp_path) == f"error: --cluster {cluster.address}: {line}\n"


@pytest.mark.parametrize("given, line", [
    ({"CLIENT__CERT": "cert.pem"},
     "tls:// needs Dask's TLS settings: distributed.comm.tls.ca-file is not set"),
    ({**RIGHT, "CA_FILE": "gone.pem"},
     "Dask's TLS setting distributed.comm.tls.ca-file: no such file: {tls}/gone.pem"),
    ({**RIGHT, "CA_FILE": "key.pem"},
     "Dask's TLS setting distributed.comm.tls.ca-file is not a certificate ([X509: "
     "NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found (_ssl.c:N))"),
    ({**RIGHT, "CLIENT__KEY": "ca.pem"},
     "Dask's TLS settings distributed.comm.tls.client.cert and .key are not a certificate and "
     "its key ([SSL] PEM lib (_ssl.c:N))"),
    ({**RIGHT, "CA_FILE": "."},
     "Dask's TLS setting distributed.comm.tls.ca-file: a folder, not a file: {tls}"),
    ({**RIGHT, "CLIENT__CERT": "pipe.pem"},
     "Dask's TLS setting distributed.comm.tls.client.cert: not a regular file: "
     "{tls}/pipe.pem"),
    ({"CA_FILE": "ca.pem", "CLIENT__CERT": "cert.pem"},
     "Dask's TLS setting distributed.comm.tls.client.key is not set, and the certificate of "
     "distributed.comm.tls.client.cert has no key in it: set client.key to its key's file"),
])
def test_a_setting_missing_or_not_usable_is_one_line(tls, tmp_path, given, line):
    """Settings checked before connecting (here, in this process: Dask's configuration set as
    the environment variables would set it): one missing, a file not there, a file not a
    certificate, a key not the certificate's, a folder, a named pipe (never read: it would
    wait for a writer), a certificate without its key."""
    import dask.config

    from briefgen.edge.cluster_tls import check_settings

    cluster, folder = tls
    if not (folder / "pipe.pem").exists():
        os.mkfifo(folder / "pipe.pem")
    names = {"CA_FILE": "ca-file", "CLIENT__CERT": "client.cert", "CLIENT__KEY": "client.key"}
    settings = {f"distributed.comm.tls.{names[key]}": str(folder / value)
                for key, value in given.items()}
    with dask.config.set(settings):
        said = check_settings(cluster.address)
    assert re.sub(r"_ssl\.c:\d+", "_ssl.c:N", said) == line.format(tls=folder)


def test_a_missing_file_is_said_by_the_command_too(tls, tmp_path):
    cluster, folder = tls
    env = {SETTING + key: str(folder / value) for key, value in RIGHT.items()}
    env[SETTING + "CLIENT__CERT"] = str(tmp_path / "gone.pem")
    assert refused(cluster, env, tmp_path) == (
        f"error: --cluster {cluster.address}: Dask's TLS setting "
        f"distributed.comm.tls.client.cert: no such file: {tmp_path}/gone.pem\n")


def test_a_certificate_holding_its_key_needs_no_key_setting(tls, tmp_path):
    """Dask reads the key from the certificate's file when client.key is not set."""
    import dask.config

    from briefgen.edge.cluster_tls import check_settings

    cluster, folder = tls
    both = tmp_path / "both.pem"
    both.write_bytes((folder / "cert.pem").read_bytes() + (folder / "key.pem").read_bytes())
    with dask.config.set({"distributed.comm.tls.ca-file": str(folder / "ca.pem"),
                          "distributed.comm.tls.client.cert": str(both)}):
        assert check_settings(cluster.address) is None


def test_tcp_to_a_scheduler_that_speaks_tls_says_to_give_tls(tls, tmp_path):
    cluster, _ = tls
    plain = cluster.address.replace("tls://", "tcp://")
    done = briefgen("build", TINY, "-f", "md", "-o", tmp_path / "out", "--cluster", plain,
                    timeout=120)
    assert (done.returncode, done.stdout) == (1, "")
    assert not (tmp_path / "out").exists()
    assert done.stderr == (f"error: --cluster {plain}: the scheduler speaks TLS: give its "
                           f"address as {cluster.address}, with Dask's TLS settings\n")
