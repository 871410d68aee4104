//! The one module that uses serde_yaml, for the theme's UI strings (plain
//! `key: text` maps). Project files are read by [`crate::model::doc`] and
//! deserialised from that positioned document ([`crate::model::de`]).

use serde::de::DeserializeOwned;

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
