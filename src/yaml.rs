//! The one module that uses serde_yaml. Everything else deserialises through
//! [`from_str`], so replacing serde_yaml with a maintained fork changes only this file.

use serde::de::DeserializeOwned;

/// A deserialisation error with the 1-based line and column serde_yaml gave, if any.
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

pub fn from_str<T: DeserializeOwned>(src: &str) -> Result<T, Error> {
    serde_yaml::from_str(src).map_err(|e| {
        let loc = e.location();
        Error { message: e.to_string(), line: loc.as_ref().map(|l| l.line()), column: loc.as_ref().map(|l| l.column()) }
    })
}
