"""A bounded memory of answers, shared by threads: first in, first out."""

from __future__ import annotations


def remember(memory: dict, key: object, value: object, size: int) -> None:
    """Put `key` -> `value` in `memory`, first taking out the oldest entry when it already
    holds `size` (dicts keep insertion order). Safe without a lock: another thread may have
    taken the oldest out already, and then nothing more is taken."""
    if len(memory) >= size:
        try:
            del memory[next(iter(memory))]
        except (KeyError, RuntimeError, StopIteration):
            pass
    memory[key] = value
