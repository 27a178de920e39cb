import pytest

from contest.domain.login_delay import MAX_DELAY_SECONDS, login_delay_seconds


@pytest.mark.parametrize(("failures", "seconds"), [
    pytest.param(0, 0, id="none"),
    pytest.param(2, 0, id="two-typos-are-free"),
    pytest.param(3, 5, id="third-wrong-pin-waits"),
    pytest.param(4, 10, id="doubles"),
    pytest.param(6, 40, id="keeps-doubling"),
    pytest.param(30, MAX_DELAY_SECONDS, id="capped"),
    pytest.param(10**9, MAX_DELAY_SECONDS, id="flood-stays-capped"),
])
def test_wait_grows_exponentially_with_a_cap(failures: int, seconds: int):
    assert login_delay_seconds(failures) == seconds
