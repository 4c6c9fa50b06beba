"""A run's text memory answers a text asked again (by another rule) from what it gave."""

from __future__ import annotations

import pytest

from sheets_okr.lint.text import memory as M


def test_a_text_asked_again_is_neither_fingerprinted_nor_analysed_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    prints: list[str] = []
    fingerprint = M.fingerprint
    monkeypatch.setattr(M, "fingerprint", lambda text: prints.append(text) or fingerprint(text))
    analysed: list[str] = []
    memory = M.TextMemory()
    for _ in range(3):
        assert memory.classify("Launch the partner portal",
                               lambda t: analysed.append(t) or "activity") == "activity"
    assert prints == analysed == ["Launch the partner portal"]
    assert memory.used == {fingerprint("Launch the partner portal"): "activity"}
