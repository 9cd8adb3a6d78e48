"""`courtqc serve` and `courtqc users ...` / `courtqc apikey ...`: run the platform, manage who
may use it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from courtqc.web.roles import ROLE_ZH, ROLES

err = Console(stderr=True)
out = Console()

users_app = typer.Typer(
    help="平台用户：演示账号、新建、列表、改密 (platform users)", no_args_is_help=True
)
keys_app = typer.Typer(help="办案系统接口密钥 (machine API keys)", no_args_is_help=True)

DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB store the platform serves")]


def _fail(msg: str, code: int = 2) -> None:
    err.print(f"[red]错误[/red] {msg}")
    raise typer.Exit(code)


def _open(db: Path):  # type: ignore[no-untyped-def]
    from courtqc.web.db import Store

    try:
        return Store(db)
    except FileNotFoundError as e:
        _fail(str(e))
    except Exception as e:  # a locked file (a server already running on it) and the like
        _fail(f"无法打开 {db}: {e}")
    raise AssertionError


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
    from courtqc.web.users import UserError, seed_demo_users

    store = _open(db)
    with store.cursor() as con:
        try:
            accounts = seed_demo_users(con, password)
        except UserError as e:
            _fail(str(e))
    store.close()
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
    from courtqc.web.users import UserError, create

    store = _open(db)
    with store.cursor() as con:
        try:
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
        except UserError as e:
            _fail(str(e))
    store.close()
    out.print(f"已创建用户 {u.username}（{ROLE_ZH[u.role]}，{u.court_code}）")


@users_app.command("list")
def list_cmd(db: DbOpt) -> None:
    """Every user with role, court and whether active."""
    from courtqc.web.users import list_users

    store = _open(db)
    with store.cursor() as con:
        us = list_users(con)
    store.close()
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
    from courtqc.web.users import UserError, by_name, set_password

    store = _open(db)
    with store.cursor() as con:
        found = by_name(con, username)
        if found is None:
            _fail(f"没有用户 {username!r} (no such user)")
        try:
            set_password(con, found[0].user_id, password)
        except UserError as e:
            _fail(str(e))
    store.close()
    out.print(f"已更新 {username} 的密码")


@keys_app.command("create")
def key_create_cmd(
    db: DbOpt,
    name: Annotated[str, typer.Option("--name", help="what it is for, e.g. 浦东法院办案系统")],
    court: Annotated[str, typer.Option("--court", help="court whose cases it reports on")],
) -> None:
    """Create a key for a court's CMS; it is printed once and only its hash is kept."""
    from courtqc.web.security import create_api_key

    store = _open(db)
    with store.cursor() as con:
        if (
            con.execute("SELECT count(*) FROM courts WHERE court_code = ?", [court]).fetchone()[0]
            == 0
        ):
            _fail(f"未知法院 {court!r} (unknown court)")
        key = create_api_key(con, name, court, "cli")
    store.close()
    out.print(key)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="apikey")

    @app.command("serve")
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
                "yet, first node-check the pending cases at their current node (as the CMS would)",
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

        from courtqc.web.app import create_app
        from courtqc.web.security import Settings

        if not db.exists():
            _fail(f"数据库不存在 (no such store): {db}")
        err.print(f"准备中 (preparing {db}: platform tables, indicator facts) …")
        settings = Settings(  # a bad proxy address is an InvalidInput: named, exit 2
            secure_cookies=secure_cookies, trusted_proxies=tuple(trusted_proxy or ())
        )
        try:
            app = create_app(db, settings=settings, models_dir=models_dir)
        except Exception as e:
            _fail(f"无法启动 (cannot start): {e}")
        url = f"http://{host}:{port}/"
        if demo:
            from courtqc.web.demo import has_pushes, replay_pending
            from courtqc.web.users import seed_demo_users

            with app.state.store.cursor() as con:
                if not has_pushes(con):
                    err.print("节点检查回放 (node-checking pending cases, as the CMS would) …")
                    n, pushed = replay_pending(con, app.state.registry.all(con), limit=300)
                    err.print(f"  {n} 件未结案件，推送预警 {pushed} 条")
                print_accounts(seed_demo_users(con), url)
        else:
            out.print(f"courtqc 平台 → [bold]{url}[/bold]  (API: {url}api/docs)")
        # The app reads X-Forwarded-* itself, from the configured proxies only
        # (courtqc.web.security.client_address): uvicorn must not rewrite the client first.
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
