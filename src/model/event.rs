//! The events a YAML reader gives as it reads a file, in order: what
//! [`super::doc`] builds a document from, whichever reader gave them.

use std::borrow::Cow;

use saphyr_parser::ScalarStyle;

/// One event of the parse, from either reader: saphyr's full YAML parser,
/// or [`super::plain`]'s reader of the common subset waymark files are
/// written in.
pub enum Ev<'a> {
    DocumentStart,
    /// The text, its style, its anchor id (0 for none), whether it is tagged `!!str`.
    Scalar(Cow<'a, str>, ScalarStyle, usize, bool),
    Alias(usize),
    SequenceStart(usize),
    MappingStart(usize),
    SequenceEnd,
    MappingEnd,
}
