"""Claim files scored per kind and as a confusion matrix."""

from __future__ import annotations

import pytest

from qa.errors import QAError


def test_claim_files_score_per_kind(tmp_path):
    from qa.measure.claimset import Claim, _by_kind, _confusion, read_claims

    path = tmp_path / "claims.jsonl"
    path.write_text(
        '{"claim": "A.", "supported": true, "verdict": "supported", "kind": "paraphrase"}\n'
        '{"claim": "B.", "supported": false}\n',
        encoding="utf-8",
    )
    claims = read_claims(path)
    assert claims == [Claim("A.", True, "supported", "paraphrase"), Claim("B.", False)]
    rows = [
        {"kind": c.label, "verdict": v, "right": c.right(v)}
        for c, v in zip(claims, ["not_found", "not_found"])
    ]
    assert _by_kind(rows) == {
        "paraphrase": {"claims": 1, "accuracy": 0.0},
        "false": {"claims": 1, "accuracy": 1.0},
    }
    assert _confusion(claims, rows)["supported"] == {"supported": 0, "contradicted": 0, "not_found": 1}
    path.write_text('{"claim": "A.", "supported": true, "verdict": "maybe"}\n', encoding="utf-8")
    with pytest.raises(QAError, match="verdict must be one of"):
        read_claims(path)
