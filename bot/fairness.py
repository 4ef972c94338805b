"""Heavy checks a few at a time, people taking turns.

A flood of long messages (2,000 people pasting 4,096 characters at once) must not hold up
someone sending one short line: short checks never wait here, and long ones start at most
`slots` at a time, one person's turn after another's, so nobody waits behind one
person's whole batch. Waiting costs only a suspended coroutine, never a thread or a
database query.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager


class FairGate:
    def __init__(self, slots: int = 1) -> None:
        self._slots = slots
        self._active = 0
        self._queues: dict[Hashable, deque[asyncio.Future[None]]] = {}
        self._ring: deque[Hashable] = deque()  # people with waiting work, in turn order
        self._seconds = 0.05  # moving average of one heavy check
        self._waiting = 0

    def has_waiting(self, person: Hashable) -> bool:
        """Whether this person has checks waiting (their next message must queue behind)."""
        return person in self._queues

    @property
    def waiting(self) -> int:
        """Heavy checks waiting for their turn."""
        return self._waiting

    def estimated_wait(self) -> float:
        """Seconds a check arriving now would wait, roughly."""
        if self._active < self._slots and not self._ring:
            return 0.0
        return (self._waiting + 1) * self._seconds / self._slots

    @asynccontextmanager
    async def turn(self, person: Hashable) -> AsyncIterator[None]:
        """Wait for this person's turn, then hold one slot for the body."""
        if self._active < self._slots and not self._ring:
            self._active += 1
        else:
            await self._wait(person)
        started = time.perf_counter()
        try:
            yield
        finally:
            self._seconds = 0.8 * self._seconds + 0.2 * (time.perf_counter() - started)
            self._hand_over()

    async def _wait(self, person: Hashable) -> None:
        ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._queues.get(person)
        if queue is None:
            queue = self._queues[person] = deque()
            self._ring.append(person)
        queue.append(ticket)
        self._waiting += 1
        try:
            await ticket  # the slot is handed over with the ticket
        except asyncio.CancelledError:
            if ticket.done() and not ticket.cancelled():
                self._hand_over()  # we were given a slot we will not use
            else:
                self._forget(person, ticket)
            raise

    def _forget(self, person: Hashable, ticket: asyncio.Future[None]) -> None:
        queue = self._queues.get(person)
        if queue is None or ticket not in queue:
            return
        queue.remove(ticket)
        self._waiting -= 1
        if not queue:
            del self._queues[person]
            self._ring.remove(person)

    def _hand_over(self) -> None:
        """Give the freed slot to the next person in turn, or free it."""
        while self._ring:
            person = self._ring.popleft()
            queue = self._queues[person]
            ticket = queue.popleft()
            self._waiting -= 1
            if queue:
                self._ring.append(person)  # their next check waits for everyone else's
            else:
                del self._queues[person]
            if not ticket.done():
                ticket.set_result(None)
                return
        self._active -= 1
