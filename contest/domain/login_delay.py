"""How long a login name waits after wrong passwords or PINs.

The whole hall may share one IP address, so the slowdown belongs to the name typed (an
organizer's username, a judge's code), not the address: a flood of wrong guesses on one name
never slows another person down. A few typos are free; after that each further wrong guess
doubles the wait, up to a cap. With 6-digit PINs the cap holds a guesser to about a hundred
tries a day.
"""

FREE_ATTEMPTS = 3
BASE_DELAY_SECONDS = 5
MAX_DELAY_SECONDS = 15 * 60


def login_delay_seconds(failures: int) -> int:
    """Seconds the name waits after its ``failures``-th consecutive wrong guess."""
    if failures < FREE_ATTEMPTS:
        return 0
    exponent = failures - FREE_ATTEMPTS
    if exponent >= 20:  # 5 * 2**20 is far past the cap; avoid huge integers on floods
        return MAX_DELAY_SECONDS
    return min(BASE_DELAY_SECONDS * 2**exponent, MAX_DELAY_SECONDS)
