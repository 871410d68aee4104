//! The one module that uses serde_yaml. Everything else deserialises through
//! [`from_str`] or [`tree`], so replacing serde_yaml with a maintained fork
//! changes only this file.

use serde::de::DeserializeOwned;

use crate::model::doc::Node;
use crate::model::plain::Plain;

/// A deserialisation error with the 1-based line and column serde_yaml gave, if any.
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl From<serde_yaml::Error> for Error {
    fn from(e: serde_yaml::Error) -> Self {
        let loc = e.location();
        Error { message: e.to_string(), line: loc.as_ref().map(|l| l.line()), column: loc.as_ref().map(|l| l.column()) }
    }
}

pub fn from_str<T: DeserializeOwned>(src: &str) -> Result<T, Error> {
    Ok(serde_yaml::from_str(src)?)
}

/// A document parsed once by serde_yaml, as a tree without positions (see
/// [`Plain`] for what it refuses so that the positioned parser decides).
pub fn tree(src: &str) -> Result<Node, Error> {
    Ok(serde_yaml::from_str::<Plain>(src)?.0)
}
