"""Narrowing for the type checker where a test knows more than a signature says."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def present(value: T | None) -> T:
    """The value a test relies on being there (a catalog row's optional price, a found breakeven)."""
    assert value is not None
    return value


def number(value: object) -> float:
    """A cell's value a test reads as a number (openpyxl types a value as any cell content)."""
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return value


def text(value: object) -> str:
    """A cell's value a test reads as text."""
    assert isinstance(value, str), value
    return value
