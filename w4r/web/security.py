"""What keeps a room full of teenagers from breaking the room: signed cookies, CSRF tokens,
a rate limit per device and a lock on the organiser's PIN after repeated failures.

All state is in memory (it is one laptop, one event); the signing key comes
from the event's store, so cookies stay valid when the server restarts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

MAX_PIN_FAILURES = 5  # wrong PINs in a row from one address before it is locked out
PIN_LOCK_SECONDS = 300
ORGANISER_SESSION_SECONDS = 12 * 3600


class Signer:
    """``value.signature`` strings that only this event's server can have made."""

    def __init__(self, key: bytes):
        self._key = key

    def _mac(self, purpose: str, value: str) -> str:
        return hmac.new(self._key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()[:32]

    def sign(self, purpose: str, value: str) -> str:
        return f"{value}.{self._mac(purpose, value)}"

    def unsign(self, purpose: str, signed: str | None) -> str | None:
        if not signed or "." not in signed:
            return None
        value, mac = signed.rsplit(".", 1)
        return value if hmac.compare_digest(mac, self._mac(purpose, value)) else None

    def csrf_token(self, device: str) -> str:
        """The token every form of this device carries: bound to its cookie, so another site cannot know it."""
        return self._mac("csrf", device)

    def csrf_ok(self, device: str | None, token: str | None) -> bool:
        return bool(device and token) and hmac.compare_digest(str(token), self.csrf_token(device))


def new_device_id() -> str:
    return secrets.token_urlsafe(16)


def new_pin() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def new_room_code() -> str:
    # No 0/O or 1/I/L: read off a projector by thirty people.
    alphabet = "ACDEFGHJKMNPQRTUVWXY34679"
    return "".join(secrets.choice(alphabet) for _ in range(5))


class RateLimit:
    """A token bucket per device and action: ``burst`` at once, then ``per_minute``."""

    def __init__(self, burst: int, per_minute: float, clock=time.monotonic):
        self.burst, self.rate = float(burst), per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > 10_000:  # a flood of new devices: forget the full buckets
                self._buckets = {k: v for k, v in self._buckets.items() if v[0] < self.burst}
            return True


@dataclass
class _Attempts:
    failures: int = 0
    locked_until: float = 0.0


class PinGuard:
    """Checks the organiser's PIN; five wrong ones in a row lock that address out for five minutes."""

    def __init__(self, pin: str, clock=time.monotonic):
        self._pin = pin
        self._clock = clock
        self._by_client: dict[str, _Attempts] = {}
        self._sessions: dict[str, float] = {}
        self._lock = threading.Lock()

    def locked(self, client: str) -> float:
        """Seconds until ``client`` may try again (0: it may now)."""
        with self._lock:
            a = self._by_client.get(client)
            return max(0.0, a.locked_until - self._clock()) if a else 0.0

    def try_pin(self, client: str, pin: str) -> str | None:
        """A new organiser session id when the PIN is right; None when wrong or locked."""
        with self._lock:
            a = self._by_client.setdefault(client, _Attempts())
            now = self._clock()
            if a.locked_until > now:
                return None
            if hmac.compare_digest(pin.strip().encode(), self._pin.encode()):
                a.failures = 0
                session = secrets.token_urlsafe(24)
                self._sessions[session] = now + ORGANISER_SESSION_SECONDS
                return session
            a.failures += 1
            if a.failures >= MAX_PIN_FAILURES:
                a.failures = 0
                a.locked_until = now + PIN_LOCK_SECONDS
            return None

    def session_ok(self, session: str | None) -> bool:
        if not session:
            return False
        with self._lock:
            expires = self._sessions.get(session)
            if expires is None or expires < self._clock():
                self._sessions.pop(session, None)
                return False
            return True

    def end_session(self, session: str | None) -> None:
        with self._lock:
            self._sessions.pop(session or "", None)
