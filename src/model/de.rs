//! Typed values from the positioned document: a [`Read`] of a document's
//! node is a serde deserializer, so the model's structs are read from the
//! very document that the schema check walked, aliases followed as they are
//! met.

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use std::collections::BTreeMap;

use super::doc::{Doc, Kind, Node};

/// A node of `doc`, read in place: strings are copied out of the document
/// into the typed values, and the document stays as it was (its places are
/// what later diagnostics point at).
#[derive(Clone, Copy)]
pub struct Read<'a> {
    pub node: &'a Node,
    pub doc: &'a Doc,
}

impl<'a> Read<'a> {
    pub fn new(node: &'a Node, doc: &'a Doc) -> Self {
        Read { node, doc }
    }

    /// A tree without aliases (see [`Doc::into_tree`]), read on its own.
    pub fn tree(node: &'a Node) -> Self {
        static NO_ANCHORS: Doc = Doc { root: None, anchors: BTreeMap::new(), dropped: BTreeMap::new() };
        Read { node, doc: &NO_ANCHORS }
    }

    fn at(self, node: &'a Node) -> Self {
        Read { node, doc: self.doc }
    }
}

impl<'a> IntoDeserializer<'a, Error> for Read<'a> {
    type Deserializer = Read<'a>;

    fn into_deserializer(self) -> Read<'a> {
        self
    }
}

impl<'de> Deserializer<'de> for Read<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        // An alias reads as what it names; the parse bounded what that adds.
        match &self.doc.resolve(self.node).kind {
            Kind::Null => v.visit_unit(),
            Kind::Bool(b) => v.visit_bool(*b),
            Kind::Int(i) => v.visit_i64(*i),
            Kind::Float(f) => v.visit_f64(*f),
            Kind::Str(s) => v.visit_borrowed_str(s),
            Kind::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.iter().map(|n| self.at(n)));
                let value = v.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Kind::Map(entries) => {
                let mut map = MapDeserializer::new(entries.iter().map(|e| (self.at(&e.key), self.at(&e.value))));
                let value = v.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
            Kind::Alias(_) => Err(de::Error::custom("an alias to nothing")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.doc.resolve(self.node).kind {
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
        let node = self.doc.resolve(self.node);
        match &node.kind {
            Kind::Str(s) => v.visit_enum(s.as_str().into_deserializer()),
            _ => Err(de::Error::invalid_type(de::Unexpected::Other(node.describe()), &"a name")),
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

    fn read(src: &str) -> Learner {
        let doc = doc::parse(src).unwrap();
        Learner::deserialize(Read::new(doc.root.as_ref().unwrap(), &doc)).unwrap()
    }

    #[test]
    fn a_file_reads_as_a_tree_and_then_as_typed_values() {
        let l = read("name: Kim\npace: 1\nprogress:\n  w1/t1: {status: done, evidence: https://x.org/a}\n");
        assert_eq!((l.name.as_str(), l.pace), ("Kim", Some(1.0)));
        assert_eq!(l.progress["w1/t1"].status, Status::Done);
        assert_eq!(l.progress["w1/t1"].evidence, [Box::from("https://x.org/a")]);
    }

    #[test]
    fn aliases_are_read_as_what_they_name() {
        let l = read("name: &n Kim\ngithub: *n\nprogress:\n  w1/t1: &p {status: done}\n  w1/t2: *p\n");
        assert_eq!(l.github.as_deref(), Some("Kim"));
        assert_eq!(l.progress["w1/t2"].status, Status::Done);
    }

    /// Read in place, a document gives what its expanded tree gives.
    #[test]
    fn a_document_read_in_place_is_its_tree() {
        let src = "name: &n Kim\ngithub: *n\npace: 0.5\nprogress:\n  w1/t1: &p {status: done, evidence: https://x.org/a}\n  w1/t2: *p\njournal:\n  - {date: 2026-09-07, note: hi}\n";
        let doc = doc::parse(src).unwrap();
        let read = Learner::deserialize(Read::new(doc.root.as_ref().unwrap(), &doc)).unwrap();
        let tree = doc.clone().into_tree().unwrap();
        let moved = Learner::deserialize(Read::tree(&tree)).unwrap();
        assert_eq!(format!("{read:?}"), format!("{moved:?}"));
        assert_eq!(read.github.as_deref(), Some("Kim"));
        assert_eq!(read.progress["w1/t2"].evidence, [Box::from("https://x.org/a")]);
        assert!(
            doc.root.unwrap().get("github").is_some_and(|n| matches!(n.kind, Kind::Alias(_))),
            "the document is kept as written"
        );
    }

    #[test]
    fn quoted_text_stays_text() {
        let l = read("name: '007'\ngithub: 'true'\n");
        assert_eq!((l.name.as_str(), l.github.as_deref()), ("007", Some("true")));
    }
}
