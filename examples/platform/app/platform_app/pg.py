"""A minimal PostgreSQL client (protocol 3.0, SCRAM-SHA-256, simple queries): the stdlib has none, PyPI is offline."""
import base64
import hashlib
import hmac
import os
import socket
import struct


class PgError(Exception):
    pass


class Connection:
    def __init__(self, host, port, user, password, database, timeout=5):
        self._socket = socket.create_connection((host, port), timeout=timeout)
        self._reader = self._socket.makefile("rb")
        parameters = b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in (("user", user), ("database", database))) + b"\0"
        self._send(None, struct.pack("!i", 196608) + parameters)
        self._authenticate(password)

    def _send(self, kind, payload):
        header = (kind or b"") + struct.pack("!i", len(payload) + 4)
        self._socket.sendall(header + payload)

    def _receive(self):
        header = self._reader.read(5)
        if len(header) < 5:
            raise PgError("the server closed the connection")
        kind, length = header[:1], struct.unpack("!i", header[1:])[0]
        return kind, self._reader.read(length - 4)

    @staticmethod
    def _error(payload):
        fields = dict((part[:1], part[1:].decode(errors="replace")) for part in payload.split(b"\0") if part)
        return PgError(f"{fields.get(b'S', 'ERROR')}: {fields.get(b'M', '?')}")

    def _authenticate(self, password):
        client_nonce = base64.b64encode(os.urandom(18)).decode()
        client_first_bare = f"n=,r={client_nonce}"
        salted = auth_message = None
        while True:
            kind, payload = self._receive()
            if kind == b"E":
                raise self._error(payload)
            if kind == b"Z":
                return
            if kind != b"R":
                continue  # ParameterStatus, BackendKeyData
            code = struct.unpack("!i", payload[:4])[0]
            if code == 0:
                continue
            if code == 10:  # SASL: the mechanisms offered
                if b"SCRAM-SHA-256" not in payload:
                    raise PgError("the server offers no SCRAM-SHA-256")
                first = ("n,," + client_first_bare).encode()
                self._send(b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(first)) + first)
            elif code == 11:  # SASL continue: server-first-message
                server_first = payload[4:].decode()
                attributes = dict(item.split("=", 1) for item in server_first.split(","))
                if not attributes["r"].startswith(client_nonce):
                    raise PgError("the server's nonce does not extend ours")
                salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(attributes["s"]), int(attributes["i"]))
                client_key = hmac.digest(salted, b"Client Key", "sha256")
                without_proof = f"c=biws,r={attributes['r']}"
                auth_message = f"{client_first_bare},{server_first},{without_proof}".encode()
                signature = hmac.digest(hashlib.sha256(client_key).digest(), auth_message, "sha256")
                proof = bytes(a ^ b for a, b in zip(client_key, signature))
                self._send(b"p", f"{without_proof},p={base64.b64encode(proof).decode()}".encode())
            elif code == 12:  # SASL final: check the server knows the password too
                server_key = hmac.digest(salted, b"Server Key", "sha256")
                expected = base64.b64encode(hmac.digest(server_key, auth_message, "sha256")).decode()
                if payload[4:].decode() != f"v={expected}":
                    raise PgError("the server's signature does not match")
            else:
                raise PgError(f"unsupported authentication request {code}")

    def query(self, sql):
        """Runs one statement; returns the rows as lists of strings (None for NULL)."""
        self._send(b"Q", sql.encode() + b"\0")
        rows, error = [], None
        while True:
            kind, payload = self._receive()
            if kind == b"D":
                count, offset, row = struct.unpack("!h", payload[:2])[0], 2, []
                for _ in range(count):
                    length = struct.unpack("!i", payload[offset:offset + 4])[0]
                    offset += 4
                    row.append(None if length < 0 else payload[offset:offset + length].decode())
                    offset += max(length, 0)
                rows.append(row)
            elif kind == b"E":
                error = self._error(payload)
            elif kind == b"Z":
                if error:
                    raise error
                return rows

    def close(self):
        try:
            self._send(b"X", b"")
        except OSError:
            pass
        self._socket.close()


def literal(text):
    """A SQL string literal (standard_conforming_strings is on)."""
    return "'" + str(text).replace("'", "''") + "'"
