"""qa: answers quoted verbatim from your documents, with citations, and claims checked against them.

    from qa import Engine, Settings
    engine = Engine(Settings(source="source", index="index"))
    engine.ask("How many firefighters are there in China?").to_json()
    engine.verify("There are more than 220,000 firefighters in China.").to_json()

Importing ``qa`` is light: torch, faiss and gradio load only when an engine first needs them.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Engine", "Settings", "QAError", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Engine":
        from qa.engine import Engine

        return Engine
    if name == "Settings":
        from qa.settings import Settings

        return Settings
    if name == "QAError":
        from qa.errors import QAError

        return QAError
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
