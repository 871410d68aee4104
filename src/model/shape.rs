//! A file kind's JSON Schema compiled once into plain structures: the
//! structural check and the indentation reader look a value's rules up by
//! index and enum, not by text keys in a JSON tree, so a file of a hundred
//! thousand values costs no map lookups per value. `$ref`s are resolved
//! here. Only the keywords the built-in schemas use are known: a schema
//! with another one does not compile (the tests compile all three), rather
//! than being checked as if the keyword were not there.

use std::collections::HashMap;

use serde_json::Value;

/// Index of a [`Shape`] in its [`Shapes`].
pub type ShapeId = usize;

/// A JSON Schema `type` other than `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    String,
    Number,
    Integer,
    Boolean,
    Array,
    Object,
}

impl Type {
    fn named(name: &str) -> Type {
        match name {
            "string" => Type::String,
            "number" => Type::Number,
            "integer" => Type::Integer,
            "boolean" => Type::Boolean,
            "array" => Type::Array,
            "object" => Type::Object,
            other => panic!("built-in schema: unknown type `{other}`"),
        }
    }
}

/// A string's `format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Date,
    Uri,
    GithubRepo,
    GitBranch,
    AgeRecipient,
    Timezone,
}

impl Format {
    fn named(name: &str) -> Format {
        match name {
            "date" => Format::Date,
            "uri" => Format::Uri,
            "github-repo" => Format::GithubRepo,
            "git-branch" => Format::GitBranch,
            "age-recipient" => Format::AgeRecipient,
            "timezone" => Format::Timezone,
            other => panic!("built-in schema: unknown format `{other}`"),
        }
    }
}

/// A string's `pattern`: the schemas use two, an id and a full task id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    Id,
    FullId,
}

/// `additionalProperties`: what a key that is not in `properties` may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    /// Not said: anything.
    Any,
    /// `false`: an unknown key.
    Refused,
    /// A mapping of ids (`progress`): each value of this shape.
    Each(ShapeId),
}

/// The rules of one value.
#[derive(Clone, Debug)]
pub struct Shape {
    pub title: Option<String>,
    /// `anyOf`: the value is checked against the alternative its type fits.
    pub any_of: Option<Vec<ShapeId>>,
    /// `enum`: the texts the value may be.
    pub options: Option<Vec<String>>,
    pub ty: Option<Type>,
    /// `"type": [..., "null"]`: the value may also be left empty.
    pub nullable: bool,
    /// `type` is written as one name, not a list: `anyOf` chooses by it.
    pub single_type: bool,
    pub min_items: Option<u64>,
    pub items: Option<ShapeId>,
    /// `minLength`: the text may not be blank.
    pub min_length: bool,
    pub pattern: Option<Pattern>,
    pub format: Option<Format>,
    pub minimum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// `properties`, sorted by key (the order messages list them in).
    pub properties: Option<Vec<(String, ShapeId)>>,
    pub required: Vec<String>,
    pub extra: Extra,
}

impl Shape {
    /// The shape of the value of `key`, when `properties` names it.
    pub fn property(&self, key: &str) -> Option<ShapeId> {
        self.properties.as_ref()?.iter().find(|(k, _)| k == key).map(|(_, id)| *id)
    }

    /// The keys `properties` names, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.properties.iter().flatten().map(|(k, _)| k.as_str())
    }
}

/// One schema, compiled: its shapes and which is the file's.
#[derive(Debug)]
pub struct Shapes {
    shapes: Vec<Shape>,
    root: ShapeId,
}

/// Keywords that say nothing the checks use.
const IGNORED: [&str; 6] = ["$schema", "$id", "$defs", "description", "default", "maxLength"];

impl Shapes {
    /// Compile `schema`. Panics on what the built-in schemas never hold (an
    /// unknown keyword, type, format or `$ref`).
    pub fn compile(schema: &Value) -> Shapes {
        let mut c = Compiler { root: schema, shapes: Vec::new(), defs: HashMap::new() };
        let root = c.compile(schema);
        Shapes { shapes: c.shapes, root }
    }

    pub fn root(&self) -> &Shape {
        &self.shapes[self.root]
    }

    pub fn get(&self, id: ShapeId) -> &Shape {
        &self.shapes[id]
    }
}

struct Compiler<'j> {
    root: &'j Value,
    shapes: Vec<Shape>,
    /// Each `$defs` entry's shape, compiled once however often it is named.
    defs: HashMap<&'j str, ShapeId>,
}

impl<'j> Compiler<'j> {
    fn compile(&mut self, value: &'j Value) -> ShapeId {
        let Some(name) = ref_name(value) else {
            let shape = self.shape(value);
            self.shapes.push(shape);
            return self.shapes.len() - 1;
        };
        if let Some(&id) = self.defs.get(name) {
            return id;
        }
        // The slot is taken before the definition is read, so that a
        // definition may name itself.
        let def = self.def(name);
        let id = self.shapes.len();
        self.shapes.push(Shape::empty());
        self.defs.insert(name, id);
        self.shapes[id] = self.shape(def);
        id
    }

    /// The definition `$ref` names, through definitions that only name another.
    fn def(&self, name: &str) -> &'j Value {
        let mut def = &self.root["$defs"][name];
        for _ in 0..16 {
            assert!(def.is_object(), "built-in schema: no definition `{name}`");
            match ref_name(def) {
                Some(next) => def = &self.root["$defs"][next],
                None => return def,
            }
        }
        panic!("built-in schema: `$ref` `{name}` never ends")
    }

    fn shape(&mut self, value: &'j Value) -> Shape {
        let object = value.as_object().expect("built-in schema: a schema is an object");
        let mut shape = Shape::empty();
        for (key, v) in object {
            match key.as_str() {
                "title" => shape.title = Some(text(v).to_string()),
                "anyOf" => {
                    let alts = v.as_array().expect("built-in schema: `anyOf` is a list");
                    shape.any_of = Some(alts.iter().map(|a| self.compile(a)).collect());
                }
                "enum" => {
                    let options = v.as_array().expect("built-in schema: `enum` is a list");
                    shape.options = Some(options.iter().map(|o| text(o).to_string()).collect());
                }
                "type" => match v {
                    Value::String(name) => {
                        shape.ty = Some(Type::named(name));
                        shape.single_type = true;
                    }
                    Value::Array(names) => {
                        let names: Vec<&str> = names.iter().map(text).collect();
                        shape.nullable = names.contains(&"null");
                        let mut types = names.iter().filter(|n| **n != "null").map(|n| Type::named(n));
                        shape.ty = types.next();
                        assert!(types.next().is_none(), "built-in schema: a type list has one type beside null");
                    }
                    _ => panic!("built-in schema: `type` is a name or a list"),
                },
                "minItems" => shape.min_items = Some(v.as_u64().expect("built-in schema: `minItems` is a count")),
                "items" => shape.items = Some(self.compile(v)),
                "minLength" => shape.min_length = true,
                "pattern" => {
                    shape.pattern = Some(if text(v).contains('/') { Pattern::FullId } else { Pattern::Id });
                }
                "format" => shape.format = Some(Format::named(text(v))),
                "minimum" => shape.minimum = Some(number(v)),
                "exclusiveMinimum" => shape.exclusive_minimum = Some(number(v)),
                "maximum" => shape.maximum = Some(number(v)),
                "properties" => {
                    let props = v.as_object().expect("built-in schema: `properties` is a mapping");
                    let mut compiled: Vec<(String, ShapeId)> =
                        props.iter().map(|(k, p)| (k.clone(), self.compile(p))).collect();
                    compiled.sort_by(|a, b| a.0.cmp(&b.0));
                    shape.properties = Some(compiled);
                }
                "required" => {
                    let keys = v.as_array().expect("built-in schema: `required` is a list");
                    shape.required = keys.iter().map(|k| text(k).to_string()).collect();
                }
                "additionalProperties" => {
                    shape.extra = match v {
                        Value::Bool(false) => Extra::Refused,
                        Value::Bool(true) => Extra::Any,
                        _ => Extra::Each(self.compile(v)),
                    }
                }
                other => assert!(IGNORED.contains(&other), "built-in schema: unknown keyword `{other}`"),
            }
        }
        shape
    }
}

impl Shape {
    fn empty() -> Shape {
        Shape {
            title: None,
            any_of: None,
            options: None,
            ty: None,
            nullable: false,
            single_type: false,
            min_items: None,
            items: None,
            min_length: false,
            pattern: None,
            format: None,
            minimum: None,
            exclusive_minimum: None,
            maximum: None,
            properties: None,
            required: Vec::new(),
            extra: Extra::Any,
        }
    }
}

/// The definition a `{"$ref": "#/$defs/NAME"}` names (its other keys are not read).
fn ref_name(value: &Value) -> Option<&str> {
    let r = value.get("$ref")?.as_str().expect("built-in schema: `$ref` is text");
    Some(r.strip_prefix("#/$defs/").expect("built-in schema: `$ref` names a definition"))
}

fn text(v: &Value) -> &str {
    v.as_str().expect("built-in schema: a name is text")
}

fn number(v: &Value) -> f64 {
    v.as_f64().expect("built-in schema: a bound is a number")
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use serde_json::json;

    use super::*;
    use crate::model::schema::FileKind;

    /// The definition a value names, followed as JSON Schema reads `$ref`.
    fn deref<'j>(root: &'j Value, mut v: &'j Value) -> &'j Value {
        while let Some(r) = v.get("$ref").and_then(Value::as_str) {
            v = &root["$defs"][r.trim_start_matches("#/$defs/")];
        }
        v
    }

    fn strings(v: Option<&Value>) -> Option<Vec<String>> {
        Some(v?.as_array()?.iter().map(|s| s.as_str().unwrap().to_string()).collect())
    }

    /// The compiled shape `id` says what `json` says, down every property,
    /// item, alternative and definition.
    fn same(root: &Value, json: &Value, shapes: &Shapes, id: ShapeId, seen: &mut HashSet<ShapeId>) {
        let json = deref(root, json);
        assert!(json.is_object(), "{json}");
        if !seen.insert(id) {
            return;
        }
        let shape = shapes.get(id);
        let f = |key: &str| json.get(key).and_then(Value::as_f64);
        assert_eq!(shape.title.as_deref(), json.get("title").and_then(Value::as_str), "{json}");
        assert_eq!(shape.options, strings(json.get("enum")), "{json}");
        let (ty, nullable, single) = match json.get("type") {
            Some(Value::String(t)) => (Some(t.as_str()), false, true),
            Some(Value::Array(ts)) => {
                (ts.iter().filter_map(Value::as_str).find(|t| *t != "null"), ts.iter().any(|t| t == "null"), false)
            }
            _ => (None, false, false),
        };
        let names = [
            ("string", Type::String),
            ("number", Type::Number),
            ("integer", Type::Integer),
            ("boolean", Type::Boolean),
            ("array", Type::Array),
            ("object", Type::Object),
        ];
        assert_eq!(shape.ty, ty.map(|t| names.iter().find(|(n, _)| *n == t).unwrap().1), "{json}");
        assert_eq!((shape.nullable, shape.single_type), (nullable, single), "{json}");
        assert_eq!(shape.min_items, json.get("minItems").and_then(Value::as_u64));
        assert_eq!(shape.min_length, json.get("minLength").is_some());
        let pattern = json.get("pattern").and_then(Value::as_str);
        assert_eq!(shape.pattern, pattern.map(|p| if p.contains('/') { Pattern::FullId } else { Pattern::Id }));
        let formats = [
            ("date", Format::Date),
            ("uri", Format::Uri),
            ("github-repo", Format::GithubRepo),
            ("git-branch", Format::GitBranch),
            ("age-recipient", Format::AgeRecipient),
            ("timezone", Format::Timezone),
        ];
        let format = json.get("format").and_then(Value::as_str);
        assert_eq!(shape.format, format.map(|t| formats.iter().find(|(n, _)| *n == t).unwrap().1), "{json}");
        assert_eq!(shape.minimum, f("minimum"));
        assert_eq!(shape.exclusive_minimum, f("exclusiveMinimum"));
        assert_eq!(shape.maximum, f("maximum"));
        assert_eq!(shape.required, strings(json.get("required")).unwrap_or_default(), "{json}");
        let props = json.get("properties").and_then(Value::as_object);
        assert_eq!(shape.keys().collect::<Vec<_>>(), props.iter().flat_map(|p| p.keys()).collect::<Vec<_>>());
        for (key, prop) in props.into_iter().flatten() {
            same(root, prop, shapes, shape.property(key).unwrap(), seen);
        }
        match (json.get("items"), shape.items) {
            (Some(items), Some(i)) => same(root, items, shapes, i, seen),
            (None, None) => {}
            other => panic!("items differ: {other:?}"),
        }
        let alts = json.get("anyOf").and_then(Value::as_array);
        assert_eq!(alts.map(Vec::len), shape.any_of.as_ref().map(Vec::len), "{json}");
        for (alt, &i) in alts.into_iter().flatten().zip(shape.any_of.iter().flatten()) {
            same(root, alt, shapes, i, seen);
        }
        match (json.get("additionalProperties"), shape.extra) {
            (None | Some(Value::Bool(true)), Extra::Any) | (Some(Value::Bool(false)), Extra::Refused) => {}
            (Some(each), Extra::Each(i)) => same(root, each, shapes, i, seen),
            other => panic!("additionalProperties differ: {other:?}"),
        }
    }

    #[test]
    fn the_compiled_schemas_say_what_the_json_says() {
        for kind in FileKind::ALL {
            let (root, shapes) = (kind.schema(), kind.shapes());
            let mut seen = HashSet::new();
            same(root, root, shapes, shapes.root, &mut seen);
            // Every definition is reached, each compiled once however often it is named.
            let defs = root.get("$defs").and_then(Value::as_object).map_or(0, |d| d.len());
            assert!(seen.len() > defs, "{kind:?}");
            assert_eq!(seen.len(), shapes.shapes.len(), "{kind:?}: a shape no value reaches");
        }
    }

    #[test]
    fn a_definition_named_twice_is_one_shape() {
        let shapes = FileKind::Roadmap.shapes();
        let week = shapes.get(shapes.get(shapes.root().property("weeks").unwrap()).items.unwrap());
        let task = shapes.get(shapes.get(week.property("tasks").unwrap()).items.unwrap());
        let requires = shapes.get(task.property("requires").unwrap()).items.unwrap();
        let aliases = shapes.get(task.property("aliases").unwrap()).items.unwrap();
        assert_eq!(requires, aliases);
        assert_eq!(shapes.get(requires).pattern, Some(Pattern::FullId));
    }

    #[test]
    fn a_definition_may_name_itself() {
        let schema = json!({
            "type": "object",
            "properties": {"child": {"$ref": "#/$defs/node"}},
            "$defs": {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}}}}
        });
        let shapes = Shapes::compile(&schema);
        let node = shapes.root().property("child").unwrap();
        assert_eq!(shapes.get(node).property("child"), Some(node));
    }

    #[test]
    #[should_panic(expected = "unknown keyword `oneOf`")]
    fn a_keyword_the_checks_do_not_read_does_not_compile() {
        // Else a schema edit using it would be checked as if it were not there.
        Shapes::compile(&json!({"oneOf": [{"type": "string"}, {"type": "null"}]}));
    }
}
