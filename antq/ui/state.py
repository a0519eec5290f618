"""The app's process-wide state: one snapshot reader of the database. Query results are cached by
the questions themselves (antq/cache.py), keyed by the snapshot's version."""

from __future__ import annotations

import streamlit as st

from antq import db


@st.cache_resource(show_spinner=False)
def reader() -> db.SnapshotReader:
    return db.SnapshotReader()


def snapshot() -> db.Snapshot:
    """The current version of the database, read-only: a page run reads all its figures from one."""
    return reader().snapshot()
