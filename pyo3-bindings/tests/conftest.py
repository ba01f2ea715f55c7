"""Shared fixtures for the minzheng Python tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from support import BASE_REQUEST


@pytest.fixture
def request_dict() -> dict[str, Any]:
    """A fresh copy of a valid request (see ``support.BASE_REQUEST``)."""
    return copy.deepcopy(BASE_REQUEST)
