"""Round tick values for value axes: labels read 0, 50, 100 rather than 0, 47.3, 94.6."""

from __future__ import annotations

import math


def nice_step(top: float, ticks: int = 4) -> float:
    """The smallest of 1, 2, 2.5 or 5 × 10ⁿ that covers `top` in about `ticks` steps."""
    if top <= 0:
        return 1.0
    rough = top / ticks
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= rough:
            return factor * power
    return 10 * power


def nice_ticks(top: float, ticks: int = 4, *, whole: bool = False) -> list[float]:
    """Tick values from 0 to just above `top`; `whole` keeps the step a whole number (counts)."""
    step = nice_step(top, ticks)
    if whole:
        step = max(1.0, math.ceil(step))
    count = max(1, math.ceil(top / step)) if top > 0 else 1
    return [step * i for i in range(count + 1)]


def sparse_positions(count: int, most: int = 12) -> list[int]:
    """Which of `count` categories get a label when at most `most` fit: every k-th, from 0."""
    if count <= most:
        return list(range(count))
    every = math.ceil(count / most)
    return list(range(0, count, every))
