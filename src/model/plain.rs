//! The document tree without positions, as serde data both ways: built from
//! any serde deserializer (serde_yaml's, in `crate::model::yaml`) for the schema
//! check, then deserialised into the typed model. A file that needs no
//! diagnostic goes text → tree → typed value, with no other copy between.

use std::fmt;

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

use super::doc::{self, Entry, Kind, Node, Span, Style};

/// A tree read from a deserializer. Reading fails, so that the positioned
/// parser decides, on anything that tree may show differently: tags, text
/// that a plain scalar would not be (`007`, `true`, `~`), numbers past i64
/// and duplicate keys.
pub struct Plain(pub Node);

impl<'de> de::Deserialize<'de> for Plain {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Plain, D::Error> {
        d.deserialize_any(Build).map(Plain)
    }
}

fn node(kind: Kind) -> Node {
    let style = if matches!(kind, Kind::Seq(_) | Kind::Map(_)) { Style::Collection } else { Style::Plain };
    Node { span: Span::default(), style, kind }
}

struct Build;

impl<'de> Visitor<'de> for Build {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(node(Kind::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(node(Kind::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(Build)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
        Ok(node(Kind::Bool(b)))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Node, E> {
        Ok(node(Kind::Int(i)))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Node, E> {
        match i64::try_from(u) {
            Ok(i) => Ok(node(Kind::Int(i))),
            Err(_) => Err(E::custom("a number past i64")),
        }
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Node, E> {
        Ok(node(Kind::Float(f)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Node, E> {
        self.visit_string(s.to_owned())
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Node, E> {
        if doc::plain_reads_as_text(&s) {
            Ok(node(Kind::Str(s)))
        } else {
            Err(E::custom("text that a plain scalar would read as something else"))
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Plain(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(node(Kind::Seq(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<Entry> = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((Plain(key), Plain(value))) = map.next_entry()? {
            if entries.iter().any(|e| e.key.kind == key.kind) {
                return Err(de::Error::custom("a duplicate key"));
            }
            entries.push(Entry { key, value });
        }
        Ok(node(Kind::Map(entries)))
    }
}

impl IntoDeserializer<'_, Error> for Node {
    type Deserializer = Node;

    fn into_deserializer(self) -> Node {
        self
    }
}

/// Typed values from the tree, taking its strings rather than copying them.
impl<'de> Deserializer<'de> for Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Null => v.visit_unit(),
            Kind::Bool(b) => v.visit_bool(b),
            Kind::Int(i) => v.visit_i64(i),
            Kind::Float(f) => v.visit_f64(f),
            Kind::Str(s) => v.visit_string(s),
            Kind::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = v.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Kind::Map(entries) => {
                let mut map = MapDeserializer::new(entries.into_iter().map(|e| (e.key, e.value)));
                let value = v.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
            Kind::Alias(_) => Err(de::Error::custom("an alias in a tree without anchors")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Str(s) => v.visit_enum(s.into_deserializer()),
            _ => Err(de::Error::invalid_type(de::Unexpected::Other(self.describe()), &"a name")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::learner::{Learner, Status};
    use serde::Deserialize as _;

    fn tree(src: &str) -> Option<Node> {
        crate::model::yaml::tree(src).ok()
    }

    #[test]
    fn a_file_reads_as_a_tree_and_then_as_typed_values() {
        let node = tree("name: Kim\npace: 1\nprogress:\n  w1/t1: {status: done, evidence: https://x.org/a}\n").unwrap();
        assert_eq!(node.get("pace").map(|n| &n.kind), Some(&Kind::Int(1)));
        let l: Learner = Learner::deserialize(node).unwrap();
        assert_eq!((l.name.as_str(), l.pace), ("Kim", 1.0));
        assert_eq!(l.progress["w1/t1"].status, Status::Done);
        assert_eq!(l.progress["w1/t1"].evidence, ["https://x.org/a"]);
    }

    #[test]
    fn what_the_tree_may_show_differently_is_refused() {
        for src in ["a: !tag x\n", "a: '007'\n", "a: 'true'\n", "a: 18446744073709551615\n", "a: 1\na: 2\n"] {
            assert!(tree(src).is_none(), "{src:?}");
        }
        assert!(tree("a: 7\nb: 'x'\n").is_some());
    }
}
