"""The fair gate: slots are bounded, people take turns, cancellation frees everything."""

from __future__ import annotations

import asyncio

from bot.fairness import FairGate


async def test_people_take_turns_and_slots_are_bounded() -> None:
    gate = FairGate(slots=1)
    order: list[str] = []
    release = asyncio.Event()

    async def job(person: str, name: str) -> None:
        async with gate.turn(person):
            order.append(name)
            await release.wait()

    first = asyncio.create_task(job("a", "a1"))
    await asyncio.sleep(0)  # a1 holds the only slot
    tasks = [asyncio.create_task(job("a", f"a{n}")) for n in (2, 3)]
    tasks += [asyncio.create_task(job("b", "b1")), asyncio.create_task(job("c", "c1"))]
    for _ in range(3):
        await asyncio.sleep(0)
    assert order == ["a1"] and gate.waiting == 4
    assert gate.estimated_wait() > 0
    release.set()
    await asyncio.gather(first, *tasks)
    assert order == ["a1", "a2", "b1", "c1", "a3"]  # a's second waits for b's and c's turns
    assert gate.waiting == 0 and gate.estimated_wait() == 0.0


async def test_a_cancelled_waiter_leaves_no_trace() -> None:
    gate = FairGate(slots=1)
    hold = asyncio.Event()

    async def job(person: str) -> None:
        async with gate.turn(person):
            await hold.wait()

    running = asyncio.create_task(job("a"))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(job("b"))
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    assert gate.waiting == 0
    hold.set()
    await running
    async with gate.turn("c"):  # the slot is free again
        pass
