"""What `petrograd serve` tells the teacher: the address students type, and the warning on a network."""

from __future__ import annotations

import ipaddress
import socket


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.x, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_addresses() -> list[str]:
    """This machine's addresses others on the network can use (best effort, sends nothing)."""
    found: list[str] = []
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # UDP connect picks a route; no packet leaves
        found.append(probe.getsockname()[0])
    except OSError:
        pass
    finally:
        probe.close()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if address not in found and not address.startswith("127."):
                found.append(address)
    except OSError:
        pass
    return found


ALL_INTERFACES = ("0", "0.0.0.0", "::", "[::]", "")


def bind_address(host: str) -> str:
    """The address to listen on: ``0`` (as in ``--host 0``) is every IPv4 interface."""
    return "0.0.0.0" if host.strip() == "0" else host.strip()


def student_urls(host: str, port: int) -> list[str]:
    """The addresses to give students for a bind address (never ``http://0:8000/``, which no one can type)."""
    if host in ALL_INTERFACES:
        hosts = lan_addresses() or [socket.gethostname()]
    else:
        hosts = [host]
    return [f"http://[{h}]:{port}/" if ":" in h else f"http://{h}:{port}/" for h in hosts]


def banner_lines(title: str, host: str, port: int, max_players: int, saves_dir: str,
                 web_build: bool = False) -> list[str]:
    """What the teacher sees at start: where to point students, and what is at stake."""
    lines = [f"petrograd serve: '{title}' for up to {max_players} players; saves in {saves_dir}"]
    if is_loopback(host):
        lines.append(f"Open http://{'127.0.0.1' if host == 'localhost' else host}:{port}/ in a browser on this computer.")
        lines.append("Only this computer can connect. To serve a classroom, add --host 0.0.0.0 (see the teacher guide).")
    else:
        lines.append("Give students this address:")
        lines.extend(f"    {url}" for url in student_urls(host, port))
        lines.append("Warning: anyone on this network can open that address and play (no password).")
        lines.append("Each student's saves are kept under their player code; stop the server when the lesson ends.")
    if web_build:
        lines.append("The accessible version (screen readers, no server) is linked from the page, at /web/.")
    lines.append("Press Ctrl+C to stop.")
    return lines
