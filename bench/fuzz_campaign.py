"""A long fuzz campaign over courtqc's input entry points (issue 16): `courtqc load`,
`courtqc extract` (single documents and JSONL), and — where they have landed — `courtqc models
validate` and the CMS event API.

Each input is built by a seeded generator from the issue's crashing inputs (tests/fuzz/corpus.py)
and valid templates, then mutated: byte flips, truncation, other encodings, duplicated columns,
garbage codes, deep nesting, long runs of one character. An input *crashes* when anything but
a deliberate error (`courtqc.errors.CourtqcError`, the extractor's `ExtractInputError`) escapes,
and *hangs* when it runs past --hang seconds. Time is per KB of input, with inputs under 1 KB
counted as 1 KB (a fixed cost per call is not a cost per byte), both in wall-clock time and in
the process's CPU time (which a busy machine's scheduling does not inflate).

    nice -n 10 .venv/bin/python bench/fuzz_campaign.py --inputs 100000 --seed 1

prints one line per target and a summary (inputs tried, crashes, hangs, slowest input in s/KB
with what it was), and writes the crashing inputs under --out for replay. Figures:
docs/BENCHMARKS.md, "Fuzz campaign".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fuzz import corpus  # noqa: E402

PUMP = "\t \n\u3000、，,。：:；;第条款项之《》〈〉()（）“”\"'[]【】一二三四五六七八九十百千万元年月日号1234567890.%某×"
ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-32", "latin-1")


class Hang(Exception):
    pass


def _alarm(*_: object) -> None:
    raise Hang


@dataclass
class Tally:
    tried: int = 0
    crashes: int = 0
    hangs: int = 0
    seconds: float = 0.0
    slowest: tuple[float, float, str] = (0.0, 0.0, "")  # wall clock: (s/KB, s, what)
    slowest_cpu: tuple[float, float, str] = (0.0, 0.0, "")  # CPU time of the process
    # where the slowest input's wall clock went: CPU, waiting for a core, other waits (I/O, locks)
    slowest_split: tuple[float, float, float] = (0.0, 0.0, 0.0)
    crash_kinds: dict[str, int] = field(default_factory=dict)


# ----------------------------------------------------------------- generators -----------------


def _run_of(rng: random.Random) -> str:
    c = rng.choice(PUMP) if rng.random() < 0.9 else chr(rng.randrange(0x20, 0x2FFFF))
    return c * rng.choice((1, 2, 17, 100, 500, 1500, 3000, rng.randrange(1, 5000)))


def _mutate_text(rng: random.Random, text: str) -> str:
    for _ in range(rng.randrange(1, 4)):
        k = rng.randrange(len(text) + 1)
        op = rng.random()
        if op < 0.45:
            text = text[:k] + _run_of(rng) + text[k:]
        elif op < 0.6:
            j = rng.randrange(len(text) + 1)
            a, b = sorted((k, j))
            text = text[:a] + text[b:]
        elif op < 0.75:
            j = rng.randrange(len(text) + 1)
            a, b = sorted((k, j))
            text = text[:b] + text[a:b] * rng.randrange(1, 4) + text[b:]
        elif op < 0.9:
            text = (
                text[:k]
                + "".join(chr(rng.randrange(0, 0x30000)) for _ in range(rng.randrange(1, 30)))
                + text[k:]
            )
        else:
            text = (
                text[:k] + rng.choice(("\ud800", "\udfff", "\x00", "\ufeff", "\ufffd")) + text[k:]
            )
    return text


def _base_docs() -> list[str]:
    from tests.test_extract import CIVIL, CRIMINAL, OLD_STYLE, SECOND

    return [CRIMINAL, CIVIL, OLD_STYLE, SECOND, corpus.JUDGMENT] + [
        t for _, t in corpus.extract_texts()
    ]


def gen_extract(rng: random.Random, docs: list[str]) -> tuple[str, str]:
    return "extract text", _mutate_text(rng, rng.choice(docs))


def gen_extract_jsonl(rng: random.Random, docs: list[str]) -> tuple[str, bytes]:
    if rng.random() < 0.1:
        why, data = rng.choice(corpus.extract_jsonl())
        return f"corpus: {why}", data
    lines = []
    for i in range(rng.randrange(1, 6)):
        text = _mutate_text(rng, rng.choice(docs)) if rng.random() < 0.7 else rng.choice(docs)
        rec: object = {"id": i, "text": text}
        r = rng.random()
        if r < 0.05:
            rec = {"id": i, "text": json.loads("[" * 30 + "]" * 30)}
        elif r < 0.1:
            rec = [text]
        line = json.dumps(rec, ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.05:
            line = "[" * rng.randrange(60, 5000) + line
        if rng.random() < 0.05:
            k = rng.randrange(len(line) + 1)
            line = line[:k] + rng.choice(("\\ud800", '"', "}", "\\", "\x00")) + line[k:]
        lines.append(line)
    text = "\n".join(lines) + "\n"
    enc = rng.choice(ENCODINGS[:6])
    data = text.encode(enc, errors="surrogatepass" if enc.startswith("utf-8") else "replace")
    return f"extract jsonl ({enc})", _flip(rng, data, 0.1)


def _flip(rng: random.Random, data: bytes, p: float) -> bytes:
    if rng.random() >= p or not data:
        return data
    b = bytearray(data)
    for _ in range(rng.randrange(1, 10)):
        b[rng.randrange(len(b))] = rng.randrange(256)
    if rng.random() < 0.3:
        b = b[: rng.randrange(len(b) + 1)]
    return bytes(b)


_GARBAGE = ("", "ZZ9999", "沪9", "'; DROP TABLE cases; --", "\x01\x02", "朝三暮四", "99999999999999999999",
            "-1", "1e309", "NaN", "null", "沪0115\u0000", "\ud800", "2024-13-45", "９９", "　", "\t" * 3000)  # fmt: skip


def gen_load(rng: random.Random) -> tuple[str, str, bytes]:
    r = rng.random()
    if r < 0.1:
        s = rng.choice(corpus.load_corpus())
        return f"corpus: {s.why}", s.name, s.data
    header = corpus.CASES_HEADER.split(",")
    rows = [corpus._case(i).split(",") for i in range(1, rng.randrange(2, 20))]
    for row in rows:
        if rng.random() < 0.3:
            j = rng.randrange(len(row))
            row[j] = rng.choice(_GARBAGE) if rng.random() < 0.7 else _run_of(rng)
    if rng.random() < 0.1:
        j = rng.randrange(len(header))
        header = [*header, header[j]]
        rows = [[*row, row[j]] for row in rows]
    kind = rng.choice(("csv", "jsonl", "json"))
    if kind == "csv":
        text = (
            "\n".join(",".join(x.replace(",", "，") for x in row) for row in [header, *rows]) + "\n"
        )
    else:
        recs: list[object] = [dict(zip(header, row, strict=False)) for row in rows]
        for rec in recs:
            if rng.random() < 0.05:
                assert isinstance(rec, dict)
                rec[rng.choice(header)] = rng.choice(([1, [2]], {"a": {"b": 1}}, 2**70, -0.0, True))
        if rng.random() < 0.05:
            recs.append(json.loads("[" * 70 + "]" * 70))
        if kind == "json":
            text = json.dumps(recs, ensure_ascii=rng.random() < 0.5)
            if rng.random() < 0.05:
                text = "[" * rng.randrange(100, 20000) + text
        else:
            text = "\n".join(json.dumps(x, ensure_ascii=rng.random() < 0.5) for x in recs) + "\n"
    enc = rng.choice(ENCODINGS)
    data = text.encode(enc, errors="surrogatepass" if enc.startswith("utf-8") else "replace")
    return f"load {kind} ({enc})", f"cases.{kind}", _flip(rng, data, 0.15)


# ----------------------------------------------------------------- targets --------------------


def make_targets(
    tmp: Path,
) -> dict[str, Callable[[random.Random], tuple[str, int, Callable[[], object]]]]:
    """target name → (rng → (what, the input's bytes, call))."""
    import duckdb

    from courtqc.extract import extract
    from courtqc.extract.cli import _jsonl
    from courtqc.extract.text import ExtractInputError
    from courtqc.ingest.load import load_file
    from courtqc.schema import create_schema

    docs = _base_docs()
    con = duckdb.connect(":memory:")
    create_schema(con)

    def t_extract(rng: random.Random):
        what, text = gen_extract(rng, docs)

        def call() -> object:
            try:
                ex = extract(text, checks=True)
            except ExtractInputError:
                return None
            return json.dumps(ex.to_dict(), ensure_ascii=False, default=str).encode()

        return what, text.encode("utf-8", "surrogatepass"), call

    def t_jsonl(rng: random.Random):
        what, data = gen_extract_jsonl(rng, docs)

        def call() -> object:
            out = []
            for src, text, err in _jsonl(data, "fuzz.jsonl", "text"):
                if err is None:
                    try:
                        d = extract(text or "", source=src).to_dict(with_sections=False)
                    except ExtractInputError as e:
                        d = {"error": str(e), "source": src}
                else:
                    d = {"error": err, "source": src}
                out.append(json.dumps(d, ensure_ascii=False).encode())  # what the CLI writes
            return out

        return what, data, call

    def t_load(rng: random.Random):
        what, name, data = gen_load(rng)
        path = tmp / name
        path.write_bytes(data)

        def call() -> object:
            from courtqc.ingest.load import LoadError

            con.execute("BEGIN")
            try:
                return load_file(con, path)
            except LoadError:
                return None
            finally:
                con.execute("ROLLBACK")

        return what, data, call

    targets = {"load": t_load, "extract": t_extract, "extract-jsonl": t_jsonl}
    targets.update(_later_targets(tmp))
    return targets


def _later_targets(tmp: Path) -> dict:
    """`courtqc models validate` (safe YAML, issue 16's other owner, landed): the library call
    the command makes, on mutated built-in models and YAML bombs. Events are added here once
    their hardening lands."""
    from courtqc.models.library import ModelError, load_model_file

    base = sorted((REPO / "src/courtqc/models/builtin").glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in base]
    bombs = [
        "a: &a [*a]\n",
        "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\ne: [*d, *d, *d]\n",
        "x: " + "[" * 5000 + "]" * 5000 + "\n",
        "logic: {sql: 'SELECT " + "(" * 5000 + "1" + ")" * 5000 + "'}\n",
    ]

    def t_models(rng: random.Random):
        text = rng.choice(bombs) if rng.random() < 0.05 else _mutate_text(rng, rng.choice(texts))
        enc = rng.choice(ENCODINGS[:6])
        data = _flip(rng, text.encode(enc, errors="replace"), 0.1)
        path = tmp / "model.yaml"
        path.write_bytes(data)

        def call() -> object:
            try:
                return load_model_file(path)
            except ModelError as e:
                assert str(e).strip()
                return None

        return f"models validate ({enc})", data, call

    return {"models-validate": t_models, "events": _events_target(tmp)}


_SCALARS = (None, True, 0, -1, 99999999999, 2**64, -(2**63) - 1, 1e308, "", "x" * 3000, "\ud800",
            "2025-13-45", "二〇二五年三月一日", "NaN", [], {}, [[[]]], "0101", "9999")  # fmt: skip


def _events_target(tmp: Path) -> Callable:
    """`courtqc ingest serve`'s POST /events through the ASGI app itself (FastAPI's TestClient;
    real DuckDB store, real API keys): valid events of the test court with values, rows and
    cases changed, other cases' rows, deep nesting, huge numbers, broken JSON bytes. A crash
    here is a 5xx answer (or anything raised through the client)."""
    import warnings

    import duckdb

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from tests.support import cms_rows as R
    from tests.support.web_court import build

    from courtqc.web.events_app import create_app
    from courtqc.web.security import create_api_key

    path = tmp / "events.duckdb"
    ids = build(path)
    con = duckdb.connect(str(path))
    key = create_api_key(con, "浦东法院办案系统", "沪0115", "fuzz")
    case_no = dict(con.execute("SELECT case_id, case_no FROM cases").fetchall())
    client = TestClient(create_app(con, "simcms"), raise_server_exceptions=False)
    counter = iter(range(1, 10**9))

    def body(rng: random.Random) -> bytes:
        case = rng.choice(list(ids.values()))
        other = rng.choice(list(ids.values()))
        n = 800000 + next(counter) % 100000
        rows = {
            "tb_ws": [R.ws(n, case)],
            "tb_lcjl": [R.lcjl(n, case, node=rng.choice(("0101", "0103", "0105", "0201")))],
            "tb_dsr": [R.dsr(n, rng.choice((case, other)))],
            "tb_ajk": [R.ajk(n, case, n)],
        }
        for table in rng.sample(sorted(rows), rng.randrange(0, 3)):
            del rows[table]
        for _ in range(rng.choice((0, 0, 0, 1, 2, 3))):
            table = rng.choice(sorted(rows) or ["tb_ws"])
            if table in rows:
                col = rng.choice(sorted(rows[table][0]))
                rows[table][0][col] = rng.choice(_SCALARS)
        ev: object = R.event(
            case_no.get(case, "（2025）沪0115民初1号"), rows,
            node=rng.choice(("0101", "0103", "0201") * 6 + ("9999", "")),
            occurred_at=f"2025-{rng.randrange(1, 13):02d}-01T09:30:00"
            if rng.random() < 0.85
            else rng.choice((None, "2030-01-01T00:00:00", "昨天")),
        )  # fmt: skip
        r = rng.random()
        if r < 0.1:
            ev = [ev] * rng.randrange(0, 50)
        text = json.dumps(ev, ensure_ascii=False)
        if r > 0.95:  # deep nesting, written as text (json.dumps itself would recurse)
            n = rng.randrange(10, 5000)
            text = rng.choice(("[", '{"a":')) * n + text + rng.choice(("]", "}")) * n
        if rng.random() < 0.3:
            text = _mutate_text(rng, text)
        data = text.encode("utf-8", "surrogatepass")
        if rng.random() < 0.1:
            data = _flip(rng, data, 0.05)
        return data

    def t_events(rng: random.Random):
        data = body(rng)
        idem = rng.choice(("", "k", None)) if rng.random() < 0.05 else f"fz-{next(counter)}"
        headers = {"X-API-Key": key, "Content-Type": "application/json"}
        if idem is not None:
            headers["Idempotency-Key"] = idem

        def call() -> object:
            r = client.post("/events", content=data, headers=headers)
            if r.status_code >= 500 or "Traceback" in r.text:
                raise AssertionError(f"HTTP {r.status_code}: {r.text[:200]}")
            return r.status_code

        return "POST /events", data, call

    return t_events


# ----------------------------------------------------------------- campaign -------------------


def _runqueue_wait() -> float:
    """Seconds this process's threads have waited for a core (the second field of Linux's
    /proc/<pid>/task/<tid>/schedstat): wall time an input spent runnable but not running. An
    input slow by the wall clock and not by CPU is either this or a real wait (disk, a lock)."""
    total = 0
    for task in Path("/proc/self/task").glob("*/schedstat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(task.read_text().split()[1])
    return total / 1e9


def run(n: int, seed: int, hang: float, out_dir: Path, only: list[str] | None) -> dict[str, Tally]:
    from courtqc.errors import CourtqcError
    from courtqc.extract.text import ExtractInputError

    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(seed)
    tmp = Path(tempfile.mkdtemp(prefix="courtqc-fuzz-"))
    targets = make_targets(tmp)
    names = [t for t in targets if not only or t in only]
    weights = {"load": 1, "extract": 6, "extract-jsonl": 3, "events": 2}
    w = [weights.get(t, 1) for t in names]
    tallies = {t: Tally() for t in names}
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names:  # imports and caches load on first calls: not an input's cost
        for k in range(20):
            with contextlib.suppress(Exception):  # the campaign proper records any failure
                targets[name](random.Random(-1 - k))[2]()
    started = time.perf_counter()
    for i in range(n):
        name = rng.choices(names, w)[0]
        what, data, call = targets[name](random.Random(rng.getrandbits(64)))
        size = len(data)
        tally = tallies[name]
        tally.tried += 1
        t0, c0, q0 = time.perf_counter(), time.process_time(), _runqueue_wait()
        signal.setitimer(signal.ITIMER_REAL, hang)
        try:
            call()
        except (CourtqcError, ExtractInputError):
            pass
        except Hang:
            tally.hangs += 1
            (out_dir / f"hang-{name}-{i}.txt").write_text(what, encoding="utf-8")
        except Exception as e:  # a crash: anything but a deliberate error
            tally.crashes += 1
            kind = f"{type(e).__name__}: {str(e)[:80]}"
            tally.crash_kinds[kind] = tally.crash_kinds.get(kind, 0) + 1
            (out_dir / f"crash-{name}-{i}.txt").write_text(
                what + "\n" + traceback.format_exc(), encoding="utf-8"
            )
            (out_dir / f"crash-{name}-{i}.bin").write_bytes(data)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        tally.seconds += dt
        kb = max(size / 1024, 1.0)
        if dt / kb > tally.slowest[0]:
            tally.slowest = (dt / kb, dt, f"{what}, {size} bytes")
            queued = _runqueue_wait() - q0
            tally.slowest_split = (cpu, queued, max(0.0, dt - cpu - queued))
            (out_dir / f"slowest-{name}.bin").write_bytes(data)  # to replay it
        if cpu / kb > tally.slowest_cpu[0]:
            tally.slowest_cpu = (cpu / kb, cpu, f"{what}, {size} bytes")
        if (i + 1) % 2000 == 0:  # the figures so far, in case the run is cut short
            print(f"{i + 1} inputs, {time.perf_counter() - started:.0f} s", file=sys.stderr)
            report(tallies, time.perf_counter() - started, seed, sys.stderr)
    return tallies


def report(tallies: dict[str, Tally], total: float, seed: int, out: TextIO = sys.stdout) -> None:
    print(
        "| target | inputs | crashes | hangs | mean ms | slowest s/KB (wall) | slowest input "
        "| slowest s/KB (CPU) | slowest input (CPU) |",
        file=out,
    )
    print("|---|---:|---:|---:|---:|---:|---|---:|---|", file=out)
    for name, t in tallies.items():
        mean = 1000 * t.seconds / max(t.tried, 1)
        print(
            f"| {name} | {t.tried} | {t.crashes} | {t.hangs} | {mean:.1f} | "
            f"{t.slowest[0]:.3f} | {t.slowest[2]} ({t.slowest[1]:.2f} s) | "
            f"{t.slowest_cpu[0]:.3f} | {t.slowest_cpu[2]} ({t.slowest_cpu[1]:.2f} s) |",
            file=out,
        )
        c, q, w = t.slowest_split
        print(f"    slowest by wall: {c:.2f} s CPU, {q:.2f} s waiting for a core, "
              f"{w:.2f} s other waits", file=out)  # fmt: skip
        for kind, count in sorted(t.crash_kinds.items(), key=lambda kv: -kv[1])[:5]:
            print(f"    crash ×{count}: {kind}", file=out)
    tried = sum(t.tried for t in tallies.values())
    crashes = sum(t.crashes + t.hangs for t in tallies.values())
    print(
        f"{tried} inputs in {total:.0f} s, seed {seed}: {crashes} crashes or hangs",
        file=out,
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hang", type=float, default=30.0, help="seconds after which an input hangs")
    ap.add_argument("--out", type=Path, default=Path("var/fuzz"), help="crashing inputs go here")
    ap.add_argument("--only", nargs="*", help="targets to run (default: all available)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    tallies = run(args.inputs, args.seed, args.hang, args.out, args.only)
    report(tallies, time.perf_counter() - t0, args.seed)


if __name__ == "__main__":
    main()
