"""The audit log's hash chain: each event's hash covers its content and the previous hash,
so altering or deleting a stored event breaks every hash after it."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainedEvent:
    id: int
    at: str
    actor: str
    action: str
    subject: str
    old: Any
    new: Any
    contest_id: int | None
    prev_hash: str
    hash: str


def event_hash(prev_hash: str, at: str, actor: str, action: str, subject: str,
               old: Any, new: Any, contest_id: int | None) -> str:
    body = json.dumps(
        [prev_hash, at, actor, action, subject, old, new, contest_id],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def first_broken(events: Iterable[ChainedEvent]) -> ChainedEvent | None:
    """Walk the chain in id order; return the first event whose link or hash is wrong."""
    prev = GENESIS
    for ev in events:
        expected = event_hash(prev, ev.at, ev.actor, ev.action, ev.subject, ev.old, ev.new, ev.contest_id)
        if ev.prev_hash != prev or ev.hash != expected:
            return ev
        prev = ev.hash
    return None
