//! The one module that uses serde_yaml. Everything else deserialises through
//! [`from_str`] or [`Parsed`], so replacing serde_yaml with a maintained fork
//! changes only this file.

use serde::de::DeserializeOwned;

use crate::model::doc::{Entry, Kind, Node, Span, Style};

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

/// A document parsed once by serde_yaml: it can be looked at as a tree
/// (without positions) and then turned into a typed value, so a file that
/// needs no diagnostic is parsed only once.
pub struct Parsed(serde_yaml::Value);

impl Parsed {
    pub fn new(src: &str) -> Result<Parsed, Error> {
        Ok(Parsed(serde_yaml::from_str(src)?))
    }

    /// The document as a tree without positions, for the schema check; None
    /// for what the positioned tree may show differently (tags, text that
    /// looks like a number or a boolean).
    pub fn tree(&self) -> Option<Node> {
        node(&self.0)
    }

    pub fn into_typed<T: DeserializeOwned>(self) -> Result<T, Error> {
        Ok(serde_yaml::from_value(self.0)?)
    }
}

fn node(v: &serde_yaml::Value) -> Option<Node> {
    use serde_yaml::Value as V;
    let (kind, style) = match v {
        V::Null => (Kind::Null, Style::Plain),
        V::Bool(b) => (Kind::Bool(*b), Style::Plain),
        V::Number(n) => match n.as_i64() {
            Some(i) => (Kind::Int(i), Style::Plain),
            None => (Kind::Float(n.as_f64()?), Style::Plain),
        },
        // Text that a plain scalar would not be (`007`, `true`, `~`) may have
        // been plain, which the positioned parser reads differently: it decides.
        V::String(s) if !matches!(crate::model::doc::resolve_plain(s), Kind::Str(_)) => return None,
        V::String(s) => (Kind::Str(s.clone()), Style::Plain),
        V::Sequence(items) => (Kind::Seq(items.iter().map(node).collect::<Option<_>>()?), Style::Collection),
        V::Mapping(m) => (
            Kind::Map(m.iter().map(|(k, v)| Some(Entry { key: node(k)?, value: node(v)? })).collect::<Option<_>>()?),
            Style::Collection,
        ),
        V::Tagged(_) => return None,
    };
    Some(Node { span: Span::default(), style, kind })
}
