//! Typed values from the positioned document: [`Node`] is a serde
//! deserializer, so the model's structs are read from the very tree that the
//! schema check walked (aliases expanded first, see [`super::doc::Doc::into_tree`]).

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::doc::{Kind, Node};

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
    use crate::model::doc;
    use crate::model::learner::{Learner, Status};
    use serde::Deserialize as _;

    fn tree(src: &str) -> Node {
        doc::parse(src).unwrap().into_tree().unwrap()
    }

    #[test]
    fn a_file_reads_as_a_tree_and_then_as_typed_values() {
        let node = tree("name: Kim\npace: 1\nprogress:\n  w1/t1: {status: done, evidence: https://x.org/a}\n");
        assert_eq!(node.get("pace").map(|n| &n.kind), Some(&Kind::Int(1)));
        let l: Learner = Learner::deserialize(node).unwrap();
        assert_eq!((l.name.as_str(), l.pace), ("Kim", Some(1.0)));
        assert_eq!(l.progress["w1/t1"].status, Status::Done);
        assert_eq!(l.progress["w1/t1"].evidence, ["https://x.org/a"]);
    }

    #[test]
    fn aliases_are_read_as_what_they_name() {
        let node = tree("name: &n Kim\ngithub: *n\nprogress:\n  w1/t1: &p {status: done}\n  w1/t2: *p\n");
        let l: Learner = Learner::deserialize(node).unwrap();
        assert_eq!(l.github.as_deref(), Some("Kim"));
        assert_eq!(l.progress["w1/t2"].status, Status::Done);
    }

    #[test]
    fn quoted_text_stays_text() {
        let node = tree("name: '007'\ngithub: 'true'\n");
        let l: Learner = Learner::deserialize(node).unwrap();
        assert_eq!((l.name.as_str(), l.github.as_deref()), ("007", Some("true")));
    }
}
