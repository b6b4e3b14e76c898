"""Memories as one JSON file each under the data directory, written atomically (temporary file, then rename)."""

import json
import os
import re
import threading
import uuid
from datetime import datetime, timezone

MAX_CONTENT_LENGTH = 10_000
MAX_TAGS = 20
_ID = re.compile(r"^[0-9a-f]{32}$")


class InvalidMemory(ValueError):
    """The client sent a memory we cannot store; the message says why."""


def validate(document):
    """Returns the memory to store from a decoded request body, or raises InvalidMemory."""
    if not isinstance(document, dict):
        raise InvalidMemory("the body must be a JSON object")
    content = document.get("content")
    if not isinstance(content, str) or not content.strip():
        raise InvalidMemory("content is required")
    if len(content) > MAX_CONTENT_LENGTH:
        raise InvalidMemory(f"content is longer than {MAX_CONTENT_LENGTH} characters")
    tags = document.get("tags", [])
    if not isinstance(tags, list) or len(tags) > MAX_TAGS or not all(isinstance(tag, str) and tag for tag in tags):
        raise InvalidMemory(f"tags must be a list of at most {MAX_TAGS} non-empty strings")
    return {"content": content, "tags": tags}


class MemoryStore:
    def __init__(self, directory):
        self._directory = directory
        self._lock = threading.Lock()
        os.makedirs(directory, exist_ok=True)

    @property
    def directory(self):
        return self._directory

    def add(self, memory):
        stored = {
            "id": uuid.uuid4().hex,
            "content": memory["content"],
            "tags": memory["tags"],
            "created_at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        }
        path = self._path(stored["id"])
        temporary = f"{path}.tmp"
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(stored, file, ensure_ascii=False)
            file.flush()
            os.fsync(file.fileno())
        # A reader never sees half a memory: the rename is atomic within the directory.
        os.replace(temporary, path)
        return stored

    def get(self, memory_id):
        if not _ID.match(memory_id):
            return None
        try:
            with open(self._path(memory_id), encoding="utf-8") as file:
                return json.load(file)
        except FileNotFoundError:
            return None

    def count(self):
        with self._lock:
            return sum(1 for name in os.listdir(self._directory) if name.endswith(".json"))

    def writable(self):
        return os.access(self._directory, os.W_OK)

    def _path(self, memory_id):
        return os.path.join(self._directory, f"{memory_id}.json")
