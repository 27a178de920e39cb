"""How long a judge account waits after wrong PINs.

The whole hall shares one IP address, so the slowdown belongs to the judge account, not
the address: a flood of wrong PINs on one account never slows another judge down. A few
typos are free; after that each further wrong PIN doubles the wait, up to a cap. With
6-digit PINs the cap holds a guesser to about a hundred tries a day.
"""

FREE_ATTEMPTS = 3
BASE_DELAY_SECONDS = 5
MAX_DELAY_SECONDS = 15 * 60


def pin_delay_seconds(failures: int) -> int:
    """Seconds the account waits after its ``failures``-th consecutive wrong PIN."""
    if failures < FREE_ATTEMPTS:
        return 0
    exponent = failures - FREE_ATTEMPTS
    if exponent >= 20:  # 5 * 2**20 is far past the cap; avoid huge integers on floods
        return MAX_DELAY_SECONDS
    return min(BASE_DELAY_SECONDS * 2**exponent, MAX_DELAY_SECONDS)
