"""The server's time as a judge's tablet last heard it: a signed token the judge cannot forge.

Why: a sheet refused by a lock is kept for the head judge's review when it was captured before the
lock (a tablet offline in the hall must lose nothing). The tablet's own clock cannot decide that:
it may simply be wrong, or set to 1970 on purpose. So every answer that tells the tablet its state
carries a token with the server's time, signed for that judge; the tablet attaches the newest token
it holds to each sheet when the judge confirms it, with the milliseconds passed since it arrived
(the tablet's monotonic clock, which no wall-clock error touches). "Captured before the lock" means:
signed time + that age is before the lock. A wrong tablet clock changes nothing; a made-up token
fails the signature; understating the age moves the estimate back at most to the signed time.

What it cannot prove: a judge may keep an old token and attach it later. That is why such a sheet
is only ``pending_review`` (it counts once the head judge accepts it), never received outright.
"""

from datetime import UTC, datetime

from itsdangerous import BadSignature, Signer

_SALT = "judge-clock"
_MAX_TOKEN = 200


def issue(secret: str, judge_id: int, now: datetime) -> str:
    """A token for ``judge_id`` carrying ``now`` (naive UTC, as stored) to the microsecond."""
    micros = int(now.replace(tzinfo=UTC).timestamp() * 1_000_000)
    return Signer(secret, salt=_SALT).sign(f"{judge_id}.{micros}").decode("ascii")


def read(secret: str, judge_id: int, token: object) -> datetime | None:
    """The server time in a token this server issued to this judge; None for anything else."""
    if not isinstance(token, str) or len(token) > _MAX_TOKEN or not token.isascii():
        return None
    try:
        value = Signer(secret, salt=_SALT).unsign(token).decode("ascii")
    except BadSignature:
        return None
    owner, _, micros = value.partition(".")
    if owner != str(judge_id) or not micros.isdigit():
        return None
    return datetime.fromtimestamp(int(micros) / 1_000_000, UTC).replace(tzinfo=None)
