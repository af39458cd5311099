"""Byline fields and the roles a claim gives their values."""

from __future__ import annotations


def test_byline_roles():
    from qa.text.fields import fields, role_conflicts

    found = fields("Edit:Ann Lee\u00a0\u00a0\u00a0\u00a0Responsible editor:Bo Chen")
    assert found == {"Edit": "Ann Lee", "Responsible editor": "Bo Chen"}
    assert role_conflicts("Ann Lee was the responsible editor.", found) == [
        ("Ann Lee", "Bo Chen (Responsible editor)")
    ]
    assert role_conflicts("The piece was edited by Bo Chen.", found) == [("Bo Chen", "Ann Lee (Edit)")]
    assert role_conflicts("The piece was edited by Ann Lee.", found) == []
