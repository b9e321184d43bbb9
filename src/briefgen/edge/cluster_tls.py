"""`--cluster tls://HOST:PORT`: Dask's TLS settings checked before connecting, so a setting that
is missing or cannot be used is one line naming it, and a handshake refused is said as such.

Dask reads its TLS settings from its own configuration (a YAML file in ~/.config/dask, or
DASK_DISTRIBUTED__COMM__TLS__... environment variables): `distributed.comm.tls.ca-file`, the
authority the scheduler's certificate must be signed by, and `distributed.comm.tls.client.cert`
(with `.key`, unless the key is in the same file), this client's own. Each may be a file's path
or the PEM text itself. Without them Dask would fail deep in its connection code.
"""

from __future__ import annotations

import os
import ssl

SETTING = "distributed.comm.tls."
PROBE_SECONDS = 2  # for a scheduler that a tcp:// client could not talk to, to answer TLS
HEAD_BYTES = 1 << 20  # of a certificate file, read to find its key (a chain is some kB)


def check_settings(address: str) -> str | None:
    """Why Dask's TLS settings cannot connect to the tls:// `address` (one line), or None; a
    tcp:// or local address needs none."""
    if not address.startswith("tls://"):
        return None
    import dask.config

    values = {key: dask.config.get(SETTING + key, None) for key in
              ("ca-file", "client.cert", "client.key")}
    missing = [SETTING + key for key in ("ca-file", "client.cert") if not values[key]]
    if missing:
        return (f"tls:// needs Dask's TLS settings: {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not set")
    for key, value in values.items():
        wrong = _not_a_file(value) if value and not _pem(value) else None
        if wrong is not None:
            return f"Dask's TLS setting {SETTING}{key}: {wrong}: {value}"
    if not values["client.key"] and b"PRIVATE KEY-----" not in _head(values["client.cert"]):
        return (f"Dask's TLS setting {SETTING}client.key is not set, and the certificate of "
                f"{SETTING}client.cert has no key in it: set client.key to its key's file")
    ca = values["ca-file"]
    try:
        ssl.create_default_context(**({"cadata": ca} if _pem(ca) else {"cafile": ca}))
    except (ssl.SSLError, OSError, ValueError) as exc:
        return f"Dask's TLS setting {SETTING}ca-file is not a certificate ({_reason(exc)})"
    from distributed.security import Security

    try:
        Security().get_connection_args("client")
    except (ssl.SSLError, OSError, ValueError) as exc:
        return (f"Dask's TLS settings {SETTING}client.cert and .key are not a certificate and "
                f"its key ({_reason(exc)})")
    return None


def refused(error: BaseException) -> str | None:
    """A connection error said as a TLS handshake refused, or None if it is not one."""
    text = str(error)
    if "TLS certificate does not match" in text or "CERTIFICATE_VERIFY_FAILED" in text:
        return (f"the scheduler's TLS certificate is not signed by the authority of "
                f"{SETTING}ca-file")
    if "SSLEOFError" in text or "ALERT" in text.upper():
        return (f"the scheduler ended the TLS handshake: it does not accept this client's "
                f"certificate ({SETTING}client.cert)")
    if "SSL" in text or "TLS" in text:
        return f"the TLS handshake failed ({_reason(error)})"
    return None


def speaks_tls(address: str) -> bool:
    """Whether the scheduler at a tcp:// `address` answers a TLS handshake (one that checks no
    certificate): it wants tls://, and a plain connection is dropped without a word."""
    import socket

    host, _, port = address.partition("://")[2].rpartition(":")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS) \
                as plain, context.wrap_socket(plain):
            return True
    except (OSError, ValueError):  # ssl.SSLError is an OSError: it spoke something else
        return False


def _not_a_file(path: str) -> str | None:
    """Why a setting's path is not a file to read (a folder, a pipe...), or None."""
    if os.path.isdir(path):
        return "a folder, not a file"
    if os.path.exists(path) and not os.path.isfile(path):
        return "not a regular file"
    return None if os.path.isfile(path) else "no such file"


def _head(value: str) -> bytes:
    """The start of a setting's PEM text (what a certificate file holds, at most HEAD_BYTES):
    enough to find a key in it."""
    if _pem(value):
        return value.encode("utf-8", "replace")
    with open(value, "rb") as handle:
        return handle.read(HEAD_BYTES)


def _pem(value: str) -> bool:
    """A setting holding the PEM text itself, not a path (as Dask tells them apart)."""
    return "\n" in value


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
