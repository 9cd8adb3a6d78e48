"""How a batch reaches its body: an HTTPS webhook with a signed body, or a file drop of signed
JSONL or CSV with a manifest. Both carry the batch id and content hash, so the body can check
what it got and drop a batch it already has.

Signature (both channels): HMAC-SHA256 with the body's own key over `"<timestamp>.<bytes>"`,
sent as `X-Courtqc-Signature: t=<timestamp>,v1=<hex>` (the webhook) or written in the manifest
(the file drop, over the manifest's canonical JSON without its signature). `verify()` is what a
receiver runs; the tests' receivers do.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from courtqc.errors import InvalidInput, Unavailable

SIGNATURE_HEADER = "X-Courtqc-Signature"
BATCH_HEADER = "X-Courtqc-Batch"
HASH_HEADER = "X-Courtqc-Content-SHA256"
RESEND_HEADER = "X-Courtqc-Resend"


@dataclass(frozen=True)
class Receiver:
    """Where a body receives: `channel` webhook (target: https URL) or file (target: folder)."""

    body_id: str
    channel: str
    target: str
    secret: str
    file_format: str = "jsonl"
    ca_file: str | None = None


@dataclass(frozen=True)
class Outcome:
    ok: bool
    receipt: str | None = None
    http_status: int | None = None
    error: str | None = None
    retry: bool = True  # worth trying again (network, 5xx, 429) or not (4xx: the body refuses)


def sign(secret: str, timestamp: str, data: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + data, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, data: bytes) -> bool:
    """A receiver's check of `X-Courtqc-Signature` (or a manifest's `signature`)."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        expected = sign(secret, parts["t"], data)
    except (ValueError, KeyError):
        return False
    return hmac.compare_digest(expected, header)


def canonical(obj: Any) -> bytes:
    """The one byte form of a JSON value: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def send_webhook(rcv: Receiver, envelope: dict, *, resend: bool, timeout: float = 30.0) -> Outcome:
    """POST the batch; 2xx is delivered (the body's answer is the receipt); 409 "already have
    it" is delivered too (the body deduplicated by id)."""
    if not rcv.target.startswith("https://"):
        raise InvalidInput(f"推送地址必须是 https (the webhook must be https): {rcv.target}")
    data = canonical(envelope)
    ts = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        BATCH_HEADER: envelope["batch_id"],
        HASH_HEADER: envelope["content_hash"],
        SIGNATURE_HEADER: sign(rcv.secret, ts, data),
        RESEND_HEADER: "1" if resend else "0",
    }
    try:
        r = httpx.post(
            rcv.target,
            content=data,
            headers=headers,
            timeout=timeout,
            verify=ssl.create_default_context(cafile=rcv.ca_file) if rcv.ca_file else True,
        )
    except httpx.HTTPError as e:
        return Outcome(False, error=f"{type(e).__name__}: {e}"[:500])
    if 200 <= r.status_code < 300 or r.status_code == 409:
        return Outcome(True, receipt=r.text[:1000], http_status=r.status_code)
    retry = r.status_code >= 500 or r.status_code in (408, 429)
    return Outcome(False, http_status=r.status_code, error=r.text[:500], retry=retry)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary name, flush to disk, rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _csv(rows: list[dict], fields: list[str]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return ("\ufeff" + buf.getvalue()).encode()  # BOM: spreadsheet programs read UTF-8


def drop_file(rcv: Receiver, envelope: dict, *, resend: bool) -> Outcome:
    """Write `<batch>.jsonl|csv` then `<batch>.manifest.json` (the manifest last: its presence
    means the data file is whole). A re-send writes the very same bytes under the same names."""
    folder = Path(rcv.target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        bid = envelope["batch_id"]
        fields = [f["name"] for f in envelope["fields"]]
        if rcv.file_format == "csv":
            data = _csv(envelope["rows"], fields)
        else:
            data = b"".join(canonical(r) + b"\n" for r in envelope["rows"])
        name = f"{bid}.{rcv.file_format}"
        _atomic_write(folder / name, data)
        manifest = {k: v for k, v in envelope.items() if k != "rows"}
        manifest.update(file=name, file_sha256=hashlib.sha256(data).hexdigest(), resend=resend)
        ts = str(int(time.time()))
        manifest["signature"] = sign(rcv.secret, ts, canonical(manifest))
        mpath = folder / f"{bid}.manifest.json"
        _atomic_write(mpath, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    except OSError as e:
        return Outcome(False, error=f"{type(e).__name__}: {e}"[:500])
    return Outcome(True, receipt=f"manifest {mpath} sha256 {manifest['file_sha256']}")


def deliver(rcv: Receiver, envelope: dict, *, resend: bool = False) -> Outcome:
    if rcv.channel == "webhook":
        return send_webhook(rcv, envelope, resend=resend)
    if rcv.channel == "file":
        return drop_file(rcv, envelope, resend=resend)
    raise Unavailable(f"未知的推送渠道 {rcv.channel} (unknown channel)")


def verify_manifest(secret: str, manifest: dict) -> bool:
    """A receiver's check of a dropped manifest's signature."""
    m = dict(manifest)
    sig = m.pop("signature", "")
    return verify(secret, sig, canonical(m))
