"""Unit tests of the store, run on the host: `python3.11 -m unittest discover -s examples/memory-service/tests`
They stay out of the image (.dockerignore)."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from memsvc.store import InvalidMemory, MemoryStore, validate  # noqa: E402


class StoreTests(unittest.TestCase):
    def test_a_stored_memory_reads_back(self):
        with tempfile.TemporaryDirectory() as directory:
            store = MemoryStore(directory)
            stored = store.add(validate({"content": "remember the milk", "tags": ["todo"]}))
            self.assertEqual(store.get(stored["id"]), stored)
            self.assertEqual(store.count(), 1)

    def test_unknown_and_malformed_ids_are_absent(self):
        with tempfile.TemporaryDirectory() as directory:
            store = MemoryStore(directory)
            self.assertIsNone(store.get("0" * 32))
            self.assertIsNone(store.get("../../etc/passwd"))

    def test_invalid_memories_are_refused(self):
        for document in (None, [], {}, {"content": "  "}, {"content": "x", "tags": "todo"}, {"content": "x" * 10_001}):
            with self.assertRaises(InvalidMemory):
                validate(document)


if __name__ == "__main__":
    unittest.main()
