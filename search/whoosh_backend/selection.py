"""A selection of documents: a boolean mask over document numbers, with what counting over it
needs (how many, their numbers, the rest) computed once. The facets of one search mostly count
over the same matches, and finding the numbers in a mask of 100,000 documents costs more than
counting most facets over them."""

from __future__ import annotations

from functools import cached_property

import numpy as np

NARROW_SHARE = 4  # a selection of fewer than 1 / NARROW_SHARE of the documents is narrow


class Selection:
    """The documents a boolean mask selects."""

    def __init__(self, mask: np.ndarray) -> None:
        self.mask = mask

    @cached_property
    def count(self) -> int:
        return int(np.count_nonzero(self.mask))

    @cached_property
    def docs(self) -> np.ndarray:
        """Their document numbers, ascending."""
        return np.flatnonzero(self.mask)

    @cached_property
    def narrow(self) -> bool:
        """Whether few documents are selected: reading their own numbers (`docs`) then costs
        less than a pass over the whole mask."""
        return self.count * NARROW_SHARE < len(self.mask)

    @cached_property
    def rest(self) -> Selection:
        """The documents this one leaves out."""
        return Selection(~self.mask)


def selection(mask: np.ndarray | Selection) -> Selection:
    """A mask as a selection (a selection as itself)."""
    return mask if isinstance(mask, Selection) else Selection(mask)
