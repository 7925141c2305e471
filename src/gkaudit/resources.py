"""Where the shipped rules and templates live: bundled in the wheel, or the checkout's rules/."""

from __future__ import annotations

from pathlib import Path


def rules_dir() -> Path:
    bundled = Path(__file__).parent / "_rules"
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parents[2] / "rules"
