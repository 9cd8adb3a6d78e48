"""`courtqc serve` and `courtqc users ...` / `courtqc apikey ...`: run the platform, manage who
may use it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from courtqc.cli_common import DbOpt, err, fail, opened, out
from courtqc.web.roles import ROLE_ZH, ROLES

if TYPE_CHECKING:
    import duckdb

users_app = typer.Typer(
    help="平台用户：演示账号、新建、列表、改密 (platform users)", no_args_is_help=True
)
keys_app = typer.Typer(help="办案系统接口密钥 (machine API keys)", no_args_is_help=True)


@contextmanager
def _cursor(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the platform's store at `db`, which must exist (NotFound; Unavailable when
    a running server holds it), with the platform tables in place; closed afterwards."""
    from courtqc.web.db import Store

    store = opened(db, Store)
    try:
        with store.cursor() as con:
            yield con
    finally:
        store.close()


def print_accounts(accounts: list[dict], url: str | None = None) -> None:
    """One line per account (never wrapped, so a password can be copied whole)."""
    out.print("演示账号 (demo accounts, one per role):", highlight=False)
    for a in accounts:
        judge = "" if a["judge_id"] is None else f"  judge_id={a['judge_id']}"
        out.print(
            f"  {a['username']:<11} {a['password']:<18} {a['role_zh']} ({a['role']}), "
            f"{a['court_code']}{judge}",
            soft_wrap=True,
            highlight=False,
        )
    if url:
        out.print(f"用浏览器打开 (open) {url} 并以上述任一账号登录 (log in).", soft_wrap=True)


@users_app.command("seed")
def seed_cmd(
    db: DbOpt,
    password: Annotated[
        str | None, typer.Option("--password", help="one password for all (default: random each)")
    ] = None,
) -> None:
    """Create (or reset) one demo account per role and print them with their passwords."""
    from courtqc.web.users import seed_demo_users

    with _cursor(db) as con:
        accounts = seed_demo_users(con, password)  # UserError (InvalidInput): reported, exit 2
    print_accounts(accounts)


@users_app.command("add")
def add_cmd(
    db: DbOpt,
    username: Annotated[str, typer.Option("--username")],
    role: Annotated[str, typer.Option("--role", help=" | ".join(ROLES))],
    court: Annotated[str, typer.Option("--court", help="court code, e.g. 沪0115")],
    password: Annotated[str, typer.Option("--password", prompt=True, hide_input=True)],
    judge_id: Annotated[int | None, typer.Option("--judge-id")] = None,
    dept_id: Annotated[int | None, typer.Option("--dept-id")] = None,
    name: Annotated[str | None, typer.Option("--name", help="display name")] = None,
) -> None:
    """Add a user (password hashed with argon2)."""
    from courtqc.web.users import create

    with _cursor(db) as con:
        u = create(
            con,
            username,
            password,
            role,
            court,
            display_name=name,
            judge_id=judge_id,
            dept_id=dept_id,
        )
    out.print(f"已创建用户 {u.username}（{ROLE_ZH[u.role]}，{u.court_code}）")


@users_app.command("list")
def list_cmd(db: DbOpt) -> None:
    """Every user with role, court and whether active."""
    from courtqc.web.users import list_users

    with _cursor(db) as con:
        us = list_users(con)
    t = Table("编号", "用户名", "姓名", "角色", "法院", "法官编号", "启用")
    for u in us:
        t.add_row(
            str(u.user_id),
            u.username,
            u.display_name,
            ROLE_ZH.get(u.role, u.role),
            u.court_code,
            "" if u.judge_id is None else str(u.judge_id),
            "是" if u.active else "否",
        )
    out.print(t)


@users_app.command("passwd")
def passwd_cmd(
    db: DbOpt,
    username: Annotated[str, typer.Option("--username")],
    password: Annotated[str, typer.Option("--password", prompt=True, hide_input=True)],
) -> None:
    """Set a user's password (ends their sessions)."""
    from courtqc.errors import NotFound
    from courtqc.web.users import by_name, set_password

    with _cursor(db) as con:
        found = by_name(con, username)
        if found is None:
            raise NotFound(f"没有用户 {username!r} (no such user)")
        set_password(con, found[0].user_id, password)
    out.print(f"已更新 {username} 的密码")


@keys_app.command("create")
def key_create_cmd(
    db: DbOpt,
    name: Annotated[str, typer.Option("--name", help="what it is for, e.g. 浦东法院办案系统")],
    court: Annotated[str, typer.Option("--court", help="court whose cases it reports on")],
) -> None:
    """Create a key for a court's CMS; it is printed once and only its hash is kept."""
    from courtqc.errors import NotFound
    from courtqc.web.security import create_api_key

    with _cursor(db) as con:
        known = con.execute("SELECT count(*) FROM courts WHERE court_code = ?", [court])
        if known.fetchone()[0] == 0:
            raise NotFound(f"未知法院 {court!r} (unknown court)")
        key = create_api_key(con, name, court, "cli")
    out.print(key)


def serve_cmd(
    db: DbOpt,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    models_dir: Annotated[
        Path | None, typer.Option("--models-dir", help="extra model YAML directory")
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="create / reset one account per role and print them; if no model has pushed "
            "yet, first replay the last 60 days of workflow events in node mode (as CDC would)",
        ),
    ] = False,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            help="mark cookies Secure: the browser reaches the server over HTTPS (a TLS proxy)",
        ),
    ] = False,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            help="address or network (CIDR) of a reverse proxy whose X-Forwarded-For and "
            "X-Forwarded-Proto are believed; repeat for several (default: none)",
        ),
    ] = None,
) -> None:
    """Serve the platform: the HTTP API (OpenAPI at /api/docs) and the web UI."""
    import uvicorn

    from courtqc.errors import CourtqcError
    from courtqc.web.app import create_app
    from courtqc.web.security import Settings

    if not db.exists():
        fail(f"数据库不存在 (no such store): {db}")
    err.print(f"准备中 (preparing {db}: platform tables, indicator facts) …")
    settings = Settings(  # a bad proxy address is an InvalidInput: named, exit 2
        secure_cookies=secure_cookies, trusted_proxies=tuple(trusted_proxy or ())
    )
    try:
        app = create_app(db, settings=settings, models_dir=models_dir)
    except CourtqcError:
        raise  # reported by the top-level group with its own message
    except Exception as e:  # a store locked by another server, a bad --models-dir, ...
        fail(f"无法启动 (cannot start): {e}")
    url = f"http://{host}:{port}/"
    if demo:
        from courtqc.web.demo import has_pushes, replay_recent
        from courtqc.web.users import seed_demo_users

        with app.state.store.cursor() as con:
            if not has_pushes(con):
                err.print("节点检查回放 (replaying the last 60 days' events in node mode) …")
                n, pushed = replay_recent(con, app.state.registry.all(con), days=60)
                err.print(f"  {n} 个节点事件，推送预警 {pushed} 条")
            print_accounts(seed_demo_users(con), url)
    else:
        out.print(f"courtqc 平台 → [bold]{url}[/bold]  (API: {url}api/docs)")
    # The app reads X-Forwarded-* itself, from the configured proxies only
    # (courtqc.web.security.client_address): uvicorn must not rewrite the client first.
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


def register(app: typer.Typer) -> None:
    """Add `courtqc users ...`, `courtqc apikey ...` and `courtqc serve` to the top-level app."""
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="apikey")
    app.command("serve")(serve_cmd)
