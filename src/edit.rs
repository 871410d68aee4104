//! Learner-file edits that keep comments and formatting, with a lock and an atomic rename.
