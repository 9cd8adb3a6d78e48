"""Scenario models (应用场景模型) as data: definitions, validation, compilation, lifecycle."""

from courtqc.models.definition import ModelDef
from courtqc.models.library import (
    CompiledModel,
    ModelError,
    ModelProblem,
    builtin_models,
    compile_model,
    load_dir,
    load_model_file,
    load_model_text,
    parse_model,
)

__all__ = [
    "CompiledModel",
    "ModelDef",
    "ModelError",
    "ModelProblem",
    "builtin_models",
    "compile_model",
    "load_dir",
    "load_model_file",
    "load_model_text",
    "parse_model",
]
