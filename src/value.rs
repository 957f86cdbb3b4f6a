//! A JSON-shaped value, and reading settings from one with plain words when they are wrong.
//!
//! What the JS API receives as an object (`{ lr: 0.01 }`, the network's settings, a network
//! file once `JSON.parse` has read it) reaches the core as a [`Value`]: the wasm door converts
//! it, and each type reads itself with [`Fields`]. Unknown fields are refused (a misspelt `lr`
//! must not silently mean the default), missing ones are named, and every message is written for
//! a learner rather than by serde's derived deserializers (serde still writes the results).

/// A JSON value. Objects keep their fields in the order given.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` (and JavaScript's `undefined`).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number; JSON has no NaN, so a file writes a non-finite number as `null`.
    Number(f64),
    /// A string.
    Text(String),
    /// An array.
    List(Vec<Value>),
    /// An object: (name, value) pairs.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// What the value is, in the words of an error message.
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::Text(_) => "text",
            Value::List(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

/// A number as JavaScript writes it, for messages: "Infinity", "-Infinity", "NaN", and an
/// exponent for very large or small magnitudes ("1e+308", not 309 digits), so a learner sees
/// what they typed.
pub fn number_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else if v != 0.0 && !(1e-6..1e21).contains(&v.abs()) {
        let text = format!("{v:e}");
        if text.contains("e-") {
            text
        } else {
            text.replacen('e', "e+", 1)
        }
    } else {
        format!("{v}")
    }
}

/// The largest integer every f64 holds exactly (2^53): whole-number fields stop there.
const MAX_WHOLE: f64 = 9_007_199_254_740_992.0;

/// An object's fields, checked against the names a type knows.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a> {
    entries: &'a [(String, Value)],
}

impl<'a> Fields<'a> {
    /// The fields of `value`, which must be an object whose every name is in `known`.
    pub fn of(value: &'a Value, known: &[&str]) -> Result<Self, String> {
        let Value::Object(entries) = value else {
            return Err(format!("expected an object, not {}", value.kind()));
        };
        if let Some((name, _)) = entries
            .iter()
            .find(|(name, _)| !known.contains(&name.as_str()))
        {
            return Err(format!(
                "unknown field `{name}` (the fields are {})",
                known.join(", ")
            ));
        }
        Ok(Self { entries })
    }

    /// The field's value; absent and `null` are both `None`.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.entries
            .iter()
            .rev() // as JSON.parse does, the last of repeated names wins
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .filter(|v| **v != Value::Null)
    }

    /// A field that must be present.
    pub fn need(&self, name: &str) -> Result<&'a Value, String> {
        self.get(name)
            .ok_or_else(|| format!("missing field `{name}`"))
    }

    /// An optional number.
    #[inline(never)]
    pub fn number(&self, name: &str) -> Result<Option<f64>, String> {
        self.get(name).map(|v| number(v, name)).transpose()
    }

    /// An optional whole number from 0 to 2^53.
    #[inline(never)]
    pub fn whole(&self, name: &str) -> Result<Option<u64>, String> {
        self.get(name).map(|v| whole(v, name)).transpose()
    }

    /// An optional string.
    #[inline(never)]
    pub fn text(&self, name: &str) -> Result<Option<String>, String> {
        self.get(name).map(|v| text(v, name)).transpose()
    }

    /// An optional list, each item read by `item`.
    pub fn list<T>(
        &self,
        name: &str,
        item: impl Fn(&Value, &str) -> Result<T, String>,
    ) -> Result<Option<Vec<T>>, String> {
        self.get(name).map(|v| list(v, name, item)).transpose()
    }
}

/// A number.
pub fn number(value: &Value, name: &str) -> Result<f64, String> {
    match value {
        Value::Number(v) => Ok(*v),
        other => Err(format!(
            "field `{name}` must be a number, not {}",
            other.kind()
        )),
    }
}

/// A whole number from 0 to 2^53.
pub fn whole(value: &Value, name: &str) -> Result<u64, String> {
    match value {
        Value::Number(v) if v.fract() == 0.0 && (0.0..=MAX_WHOLE).contains(v) => Ok(*v as u64),
        Value::Number(v) => Err(format!(
            "field `{name}` must be a whole number from 0, not {}",
            number_text(*v)
        )),
        other => Err(format!(
            "field `{name}` must be a whole number, not {}",
            other.kind()
        )),
    }
}

/// A whole number that fits a `usize` (all of 0..2^53 on 64-bit machines, 0..2^32 in wasm32).
#[inline(never)]
pub fn size(value: &Value, name: &str) -> Result<usize, String> {
    let n = whole(value, name)?;
    usize::try_from(n).map_err(|_| format!("field `{name}` is too large ({n})"))
}

/// A string.
pub fn text(value: &Value, name: &str) -> Result<String, String> {
    match value {
        Value::Text(s) => Ok(s.clone()),
        other => Err(format!("field `{name}` must be text, not {}", other.kind())),
    }
}

/// A list, each item read by `item`; an error says which item.
///
/// A plain loop over a non-generic slice: it runs in the browser on every weight of a network
/// file, and stops at the first bad item with its index in the message.
pub fn list<T>(
    value: &Value,
    name: &str,
    item: impl Fn(&Value, &str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let items = items(value, name)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        match item(v, name) {
            Ok(x) => out.push(x),
            Err(e) => return Err(at_index(e, name, i)),
        }
    }
    Ok(out)
}

#[inline(never)]
fn items<'a>(value: &'a Value, name: &str) -> Result<&'a [Value], String> {
    match value {
        Value::List(items) => Ok(items),
        other => Err(format!(
            "field `{name}` must be a list, not {}",
            other.kind()
        )),
    }
}

#[inline(never)]
fn at_index(e: String, name: &str, i: usize) -> String {
    format!("{e} (item {i} of `{name}`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(pairs: &[(&str, Value)]) -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn reads_known_fields_and_treats_null_as_absent() {
        let v = object(&[
            ("lr", Value::Number(0.5)),
            ("eps", Value::Null),
            ("name", Value::Text("adam".into())),
            (
                "sizes",
                Value::List(vec![Value::Number(3.0), Value::Number(4.0)]),
            ),
        ]);
        let f = Fields::of(&v, &["lr", "eps", "name", "sizes", "seed"]).unwrap();
        assert_eq!(f.number("lr"), Ok(Some(0.5)));
        assert_eq!(f.number("eps"), Ok(None));
        assert_eq!(f.whole("seed"), Ok(None));
        assert_eq!(f.text("name"), Ok(Some("adam".into())));
        assert_eq!(f.list("sizes", size), Ok(Some(vec![3, 4])));
        assert_eq!(f.need("seed"), Err("missing field `seed`".into()));
    }

    #[test]
    fn refuses_unknown_fields_wrong_types_and_non_whole_numbers() {
        let v = object(&[("lrr", Value::Number(0.5))]);
        assert_eq!(
            Fields::of(&v, &["lr", "eps"]).unwrap_err(),
            "unknown field `lrr` (the fields are lr, eps)"
        );
        assert_eq!(
            Fields::of(&Value::List(vec![]), &["lr"]).unwrap_err(),
            "expected an object, not a list"
        );
        let v = object(&[
            ("lr", Value::Text("0.1".into())),
            ("n", Value::Number(2.5)),
            ("m", Value::Number(-1.0)),
            ("k", Value::Number(1e300)),
            (
                "xs",
                Value::List(vec![Value::Number(1.0), Value::Bool(true)]),
            ),
        ]);
        let f = Fields::of(&v, &["lr", "n", "m", "k", "xs"]).unwrap();
        assert_eq!(
            f.number("lr"),
            Err("field `lr` must be a number, not text".into())
        );
        assert_eq!(
            f.whole("n"),
            Err("field `n` must be a whole number from 0, not 2.5".into())
        );
        assert_eq!(
            f.whole("m"),
            Err("field `m` must be a whole number from 0, not -1".into())
        );
        assert!(f.whole("k").is_err());
        assert_eq!(
            f.list("xs", number),
            Err("field `xs` must be a number, not true or false (item 1 of `xs`)".into())
        );
    }

    #[test]
    fn the_last_of_repeated_names_wins_as_in_json_parse() {
        let v = object(&[("lr", Value::Number(1.0)), ("lr", Value::Number(2.0))]);
        assert_eq!(Fields::of(&v, &["lr"]).unwrap().number("lr"), Ok(Some(2.0)));
    }
}
