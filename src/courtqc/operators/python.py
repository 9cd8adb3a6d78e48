"""Python operators (registered for `logic: {python: {operator: ...}}`) — for checks that need
more than SQL, such as reading judgment text."""

from __future__ import annotations
