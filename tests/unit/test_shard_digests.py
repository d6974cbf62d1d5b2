"""The per-text cache beside the store (store.shard_digests): an entry comes back only
under the signature and code it was kept with, and only as it was kept."""

from __future__ import annotations

from pathlib import Path

from summitreader.store.shard_digests import ShardDigests

A, B = "a" * 64, "b" * 64
SIG = (1, 2, 3, 0, 0, 0)


def kept(tmp_path: Path, code: object = "v1") -> ShardDigests:
    return ShardDigests(tmp_path / "store.test.json", code)


def test_an_entry_comes_back_only_under_its_signature_and_code(tmp_path):
    first = kept(tmp_path)
    first.put(A, SIG, [["quote"], [1]])
    first.put(B, None, [])
    first.save()
    again = kept(tmp_path)
    assert again.get(A, SIG) == [["quote"], [1]] and again.get(B, None) == []
    assert again.get(A, (1, 2, 4, 0, 0, 0)) is None  # the file changed since
    assert again.get(A, None) is None and again.get(B, SIG) is None
    assert kept(tmp_path, "v2").get(A, SIG) is None  # the code changed since
    assert kept(tmp_path, None).get(A, SIG) is None  # nothing is trusted


def test_a_damaged_entry_is_not_given_back(tmp_path):
    first = kept(tmp_path)
    first.put(A, SIG, ["the quote"])
    first.put(B, SIG, ["another"])
    first.save()
    path = tmp_path / "store.test.json"
    path.write_bytes(path.read_bytes().replace(b"the quote", b"the quota"))
    again = kept(tmp_path)
    assert again.get(A, SIG) is None and again.get(B, SIG) == ["another"]
    path.write_bytes(path.read_bytes()[:-3])  # cut short
    assert kept(tmp_path).get(B, SIG) is None


def test_texts_not_asked_for_are_let_go_only_when_every_text_was(tmp_path):
    first = kept(tmp_path)
    first.put(A, SIG, [1])
    first.put(B, SIG, [2])
    first.save()
    some = kept(tmp_path)
    some.put(A, SIG, [3])  # a search of one text's highlights
    some.save()
    assert kept(tmp_path).get(B, SIG) == [2]
    every = kept(tmp_path)
    every.put(A, SIG, [4])  # the library, without B now
    every.save(prune=True)
    after = kept(tmp_path)
    assert after.get(A, SIG) == [4] and after.get(B, SIG) is None
