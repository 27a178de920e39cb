from dataclasses import replace

from contest.domain.audit_chain import GENESIS, ChainedEvent, event_hash, first_broken


def make_chain(n: int) -> list[ChainedEvent]:
    events, prev = [], GENESIS
    for i in range(1, n + 1):
        fields = (f"2024-09-21T10:00:{i:02d}", "judge:3:GK13", "sheet.submit", f"sheet:{i}", None, {"points": i})
        digest = event_hash(prev, *fields, 1)
        events.append(ChainedEvent(i, *fields, 1, prev, digest))
        prev = digest
    return events


def test_an_intact_chain_verifies():
    assert first_broken(make_chain(5)) is None


def test_an_altered_value_is_named():
    chain = make_chain(5)
    chain[2] = replace(chain[2], new={"points": 999})
    assert first_broken(chain).id == 3


def test_a_deleted_event_breaks_the_next_link():
    chain = make_chain(5)
    del chain[1]
    assert first_broken(chain).id == 3
