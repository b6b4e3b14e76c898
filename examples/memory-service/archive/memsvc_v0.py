"""First draft: memories in a dict, lost on restart. Replaced by src/memsvc (files under /app/data)."""

MEMORIES = {}


def remember(memory_id, content):
    MEMORIES[memory_id] = content
