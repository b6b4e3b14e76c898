"""A minimal Redis client (RESP, AUTH with a password): one connection per call is enough for this app."""
import socket


class RedisError(Exception):
    pass


def command(host, port, password, *args):
    def encode(*parts):
        return (f"*{len(parts)}\r\n" + "".join(f"${len(str(p).encode())}\r\n{p}\r\n" for p in parts)).encode()

    with socket.create_connection((host, port), timeout=3) as connection:
        reader = connection.makefile("rb")
        connection.sendall((encode("AUTH", password) if password else b"") + encode(*args))
        replies = [_read(reader) for _ in range(2 if password else 1)]
    for reply in replies:
        if isinstance(reply, RedisError):
            raise reply
    return replies[-1]


def _read(reader):
    line = reader.readline().decode().rstrip("\r\n")
    if not line:
        raise RedisError("the server closed the connection")
    kind, rest = line[:1], line[1:]
    if kind == "-":
        return RedisError(rest)
    if kind in "+:":
        return rest
    if kind == "$":
        length = int(rest)
        return None if length < 0 else reader.read(length + 2)[:-2].decode()
    raise RedisError(f"unexpected reply {line!r}")
