"""Receivers for the services tests: a real local HTTPS server with a self-signed certificate
made here (cryptography), which checks each batch's signature and content hash and keeps the
first copy of each batch id, as a receiving body would."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from courtqc.services import channels


def self_signed(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) for 127.0.0.1, valid for a day."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    c, k = folder / "cert.pem", folder / "key.pem"
    c.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    k.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return c, k


class Receiver:
    """The body's HTTPS endpoint. `fail_first`: answer 503 to that many requests first;
    `delay_s`: wait before answering (so a sender can be killed mid-send)."""

    def __init__(self, folder: Path, secret: str, *, fail_first: int = 0, delay_s: float = 0.0):
        self.secret = secret
        self.fail_first = fail_first
        self.delay_s = delay_s
        self.requests = 0
        self.bad_signatures = 0
        self.batches: dict[str, dict] = {}  # first copy of each batch id
        self.duplicates = 0
        self.lock = threading.Lock()
        cert, key = self_signed(folder)
        self.cert = cert
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # type: ignore[no-untyped-def]
                pass

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers["Content-Length"]))
                with outer.lock:
                    outer.requests += 1
                    fail = outer.requests <= outer.fail_first
                if outer.delay_s:
                    time.sleep(outer.delay_s)
                if fail:
                    self.send_response(503)
                    self.end_headers()
                    return
                if not channels.verify(outer.secret, self.headers[channels.SIGNATURE_HEADER], data):
                    with outer.lock:
                        outer.bad_signatures += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                env = json.loads(data)
                rows_hash = hashlib.sha256(channels.canonical(env["rows"])).hexdigest()
                assert rows_hash == env["content_hash"] == self.headers[channels.HASH_HEADER]
                bid = env["batch_id"]
                with outer.lock:
                    dup = bid in outer.batches
                    if dup:
                        outer.duplicates += 1
                    else:
                        outer.batches[bid] = env
                body = json.dumps({"receipt": f"R-{bid}", "duplicate": dup}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.server.server_address[1]}/courtqc/push"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def rows(self) -> list[dict]:
        return [r for env in self.batches.values() for r in env["rows"]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
