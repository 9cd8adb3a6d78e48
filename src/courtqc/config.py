"""Every setting courtqc reads from its surroundings, in one typed object, read once.

A setting comes, first found wins, from: the environment (`COURTQC_<NAME>`), the YAML file
named by `COURTQC_CONFIG` (keys are the field names: `cms_dsn: postgresql://...`), the default
here. Nothing is read at import time: code asks `settings()` when it needs a value, so a test or
a command that sets a variable first is obeyed. Command-line options still win over both (a
command passes its `--dsn` explicitly). docs/CONFIG.md lists them all; a test keeps that table
equal to `render_table()`.

Variables that only the test suite and scripts read (COURTQC_PG_PORT, COURTQC_SCREENSHOTS ...)
are not settings of the package and are listed apart in docs/CONFIG.md.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from courtqc.errors import InvalidInput

PREFIX = "COURTQC_"
#: The environment variable naming the optional YAML settings file.
CONFIG_FILE_ENV = "COURTQC_CONFIG"

#: The PostgreSQL cluster scripts/pg.sh starts, with the simulated CMS's database.
DEFAULT_CMS_DSN = "postgresql://postgres@127.0.0.1:55432/simcms"


class Settings(BaseSettings):
    """courtqc's settings. Field name `x` is the variable COURTQC_X and the YAML key `x`."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="forbid", frozen=True)

    cms_dsn: str = Field(
        DEFAULT_CMS_DSN,
        description="PostgreSQL DSN of the court CMS (the simulator, CDC's source); "
        "`--dsn` overrides it",
    )
    allocator: str = Field(
        "auto",
        description="memory allocator of long-running commands: `auto`, `tcmalloc`, `jemalloc` "
        "or `system` (courtqc.runtime)",
    )
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint of the optional LLM extraction backend"
    )
    llm_model: str | None = Field(None, description="model name at that endpoint")
    llm_api_key: SecretStr | None = Field(None, description="its API key, if it needs one")
    llm_timeout: float = Field(60.0, description="seconds to wait for one LLM answer", gt=0)
    # Far above any form or model text the platform takes.
    max_body_bytes: int = Field(
        1024 * 1024,
        gt=0,
        description="largest HTTP request body the API takes, in bytes "
        "(CMS events: 4 MiB; courtqc.web.limits)",
    )
    # The deepest body the API takes (a CMS event) nests ~5 deep.
    max_json_depth: int = Field(
        32, gt=0, description="deepest JSON nesting the API takes (courtqc.web.limits)"
    )
    real_dir: Path | None = Field(
        None,
        description="the labelled real judgments for extraction's evaluation "
        "(default: ../shared/data/real beside the repository)",
    )
    nodes_file: Path | None = Field(
        None,
        description="a court's own workflow-node catalogue, read over the packaged one "
        "(courtqc.domain.nodes, docs/NODES.md)",
    )
    verification_file: Path | None = Field(
        None,
        description="the 核验反馈 policy (least answered alerts, least helpful rate) read over "
        "the packaged models/verification.yaml (courtqc.models.lifecycle, docs/MODELS.md)",
    )
    spark_memory: str = Field(
        "2g", description="memory of a local Spark driver (courtqc.spark; `spark.driver.memory`)"
    )
    mq_url: str = Field(
        "amqp://guest:guest@127.0.0.1:55673/%2F",
        description="AMQP URL of the RabbitMQ broker of the message-queue intake "
        "(courtqc.ingest.mq; scripts/rabbitmq.sh starts one there); `--url` overrides it",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Explicit values, then the environment, then the YAML file (no .env, no secrets dir)."""
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = os.environ.get(CONFIG_FILE_ENV)
        if path:
            if not Path(path).is_file():
                raise InvalidInput(
                    f"{CONFIG_FILE_ENV}={path}: 配置文件不存在 (no such settings file)"
                )
            sources.append(YamlConfigSettingsSource(settings_cls, yaml_file=path))
        return tuple(sources)


def env_name(field: str) -> str:
    """The environment variable of a settings field."""
    return PREFIX + field.upper()


def load() -> Settings:
    """Read the settings now (environment, then the YAML file). A value that does not parse is
    an `InvalidInput` naming its variable, not a pydantic report."""
    try:
        return Settings()
    except ValidationError as e:
        problems = "; ".join(_problem(err) for err in e.errors())
        raise InvalidInput(f"配置有误 (invalid settings): {problems}") from None


def _problem(err: Any) -> str:
    field = str(err["loc"][0]) if err["loc"] else ""
    if err["type"] == "extra_forbidden":  # only a YAML file can name an unknown setting
        return f"{CONFIG_FILE_ENV} 文件中的未知设置 (unknown setting) {field!r}"
    return f"{env_name(field)}: {err['msg']}"


@functools.cache
def settings() -> Settings:
    """The process's settings, read on first use and kept. Tests that change the environment
    call `settings.cache_clear()` afterwards."""
    return load()


def render_table() -> str:
    """The Markdown table of every setting (docs/CONFIG.md holds it)."""
    rows = ["| variable (YAML key) | default | what it sets |", "|---|---|---|"]
    for name, f in Settings.model_fields.items():
        default = "—" if f.default is None else f"`{f.default}`"
        rows.append(f"| `{env_name(name)}` (`{name}`) | {default} | {f.description} |")
    return "\n".join(rows) + "\n"
