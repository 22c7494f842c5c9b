"""The client's address for the login rate limit (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

Behind a proxy every request comes from the proxy's address, so django-axes would count every
member's failures together and five wrong passwords from anywhere would lock a member out. The
client's own address is therefore read from ``X-Forwarded-For``, but only when the request comes
from a trusted proxy (``LEERNETWERK_TRUSTED_PROXIES``, default the loopback addresses where the
documented nginx runs): the header is walked from the right, past the trusted proxies, and the
first other address is the client (what a client wrote in front of it is not believed). A request
from anywhere else is counted under its own address, whatever header it sends. Together with
``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]`` an attacker locks out only their own
address for that username, never the member at theirs (ADR 0012).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from leernetwerk.kernel import conf

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> IPAddress | None:
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.5:443"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    networks = []
    for entry in trusted:
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            continue  # the system check is the place to complain; never a crash at login
    return tuple(networks)


def is_trusted_proxy(address: IPAddress | None) -> bool:
    if address is None:
        return False
    networks = _networks(tuple(conf.get("LEERNETWERK_TRUSTED_PROXIES") or ()))
    return any(address.version == net.version and address in net for net in networks)


def client_ip_address(request) -> str | None:
    """The address django-axes counts failed logins under (see the module docstring)."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if not is_trusted_proxy(peer):
        return str(peer) if peer is not None else request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            break  # garbled from here on: not believed; the last good hop stands
        if not is_trusted_proxy(address):
            return str(address)
        peer = address
    return str(peer)
