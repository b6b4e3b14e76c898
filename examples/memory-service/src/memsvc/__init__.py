"""memsvc: a small memory/workflow service. Memories are JSON documents kept as files under a data directory."""

__version__ = "0.1.0"
