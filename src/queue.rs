//! The mentor's queue: awaiting review, changes requested, behind, stale, blocked.
