//! Stage 1a: defects of a document that have exactly one safe reading, read that way, each
//! with a warning at its place. Runs on the parsed YAML, before normalisation and the typed
//! parse, so pointers are the user's own.
//!
//! - A value of a `type: string` enum that YAML read as a number or a boolean (`4.1`,
//!   `true`) is that text.
//! - `null` as a security requirement's scopes (`security: [{oauth2: null}]`) is no scopes.
//! - A security requirement naming a scheme `components/securitySchemes` does not define is
//!   a bearer token, the client's own credential.
//!
//! Integers beyond 64 bits in `minimum`/`maximum` are read in [`crate::load`], because the
//! YAML parser itself stops at them.
//!
//! One edit needs no warning, because it changes no meaning: `minLength: 0` bounds nothing,
//! and is dropped (typify would check `len < 0`, which rustc rejects as a useless comparison).

use serde_yaml::Value;

use crate::diagnostic::escape_token;

/// One reading made, for its warning: where, and what was read how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// JSON pointer of the node.
    pub pointer: String,
    /// What the document says, and how it is read.
    pub message: String,
    /// How to say it so that nothing needs reading.
    pub fix: String,
}

/// Reads `value` leniently in place; returns what it read, in document order.
pub fn read(value: &mut Value) -> Vec<Reading> {
    let mut readings = Vec::new();
    walk(value, &mut String::new(), &mut readings);
    undefined_schemes(value, &mut readings);
    readings
}

/// Security requirements, the document's and each operation's, naming an undefined scheme.
fn undefined_schemes(value: &Value, readings: &mut Vec<Reading>) {
    let defined: Vec<&str> = value
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_mapping)
        .map(|m| m.keys().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut lists: Vec<(String, &Value)> = Vec::new();
    if let Some(security) = value.get("security") {
        lists.push(("/security".to_string(), security));
    }
    let paths = value.get("paths").and_then(Value::as_mapping);
    for (path, item) in paths.into_iter().flatten() {
        let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
            continue;
        };
        for (method, operation) in item {
            if let (Some(method), Some(security)) = (method.as_str(), operation.get("security")) {
                let pointer = format!("/paths/{}/{method}/security", escape_token(path));
                lists.push((pointer, security));
            }
        }
    }
    for (pointer, security) in lists {
        let Some(requirements) = security.as_sequence() else {
            continue;
        };
        for (index, requirement) in requirements.iter().enumerate() {
            let names = requirement.as_mapping().into_iter().flat_map(|m| m.keys());
            for name in names.filter_map(Value::as_str) {
                if defined.contains(&name) {
                    continue;
                }
                readings.push(Reading {
                    pointer: format!("{pointer}/{index}/{}", escape_token(name)),
                    message: format!(
                        "security scheme `{name}` is not defined in `components/securitySchemes`; \
                         read as a bearer token"
                    ),
                    fix: format!(
                        "define `{name}` under `components/securitySchemes`, or name a scheme \
                         defined there"
                    ),
                });
            }
        }
    }
}

fn walk(value: &mut Value, pointer: &mut String, readings: &mut Vec<Reading>) {
    match value {
        Value::Mapping(map) => {
            if map.get("minLength").and_then(Value::as_u64) == Some(0) {
                map.remove("minLength");
            }
            let is_string = map.get("type").and_then(Value::as_str) == Some("string");
            for (key, child) in map.iter_mut() {
                let Some(key) = key.as_str() else { continue };
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_token(key));
                match key {
                    "enum" if is_string => stringify_enum(child, pointer, readings),
                    "security" if child.is_sequence() => {
                        empty_null_scopes(child, pointer, readings)
                    }
                    _ => walk(child, pointer, readings),
                }
                pointer.truncate(len);
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{index}"));
                walk(item, pointer, readings);
                pointer.truncate(len);
            }
        }
        Value::Tagged(tagged) => walk(&mut tagged.value, pointer, readings),
        _ => {}
    }
}

fn stringify_enum(value: &mut Value, pointer: &str, readings: &mut Vec<Reading>) {
    let Value::Sequence(items) = value else {
        return;
    };
    for (index, item) in items.iter_mut().enumerate() {
        let text = match item {
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            _ => continue,
        };
        readings.push(Reading {
            pointer: format!("{pointer}/{index}"),
            message: format!(
                "a `type: string` enum value that YAML reads as a {}; read as the string `{text}`",
                if matches!(item, Value::Bool(_)) {
                    "boolean"
                } else {
                    "number"
                }
            ),
            fix: format!("quote it: `\"{text}\"`"),
        });
        *item = Value::String(text);
    }
}

fn empty_null_scopes(value: &mut Value, pointer: &str, readings: &mut Vec<Reading>) {
    let Value::Sequence(requirements) = value else {
        return;
    };
    for (index, requirement) in requirements.iter_mut().enumerate() {
        let Value::Mapping(schemes) = requirement else {
            continue;
        };
        for (scheme, scopes) in schemes.iter_mut() {
            if scopes.is_null() {
                let name = scheme.as_str().unwrap_or_default();
                readings.push(Reading {
                    pointer: format!("{pointer}/{index}/{}", escape_token(name)),
                    message: format!("`{name}: null` in a security requirement; read as no scopes"),
                    fix: format!("write `{name}: []`"),
                });
                *scopes = Value::Sequence(Vec::new());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &str =
        "components: {securitySchemes: {oauth2: {type: oauth2}, key: {type: apiKey}}}";

    #[test]
    fn string_enum_numbers_and_booleans_become_their_text_and_are_reported() {
        let mut value: Value = serde_yaml::from_str(
            "Version: {type: string, enum: [4.1, true, v2, 7]}\nCount: {type: integer, enum: [1]}",
        )
        .unwrap();
        let readings = read(&mut value);
        let pointers: Vec<&str> = readings.iter().map(|r| r.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/Version/enum/0", "/Version/enum/1", "/Version/enum/3"]
        );
        let expected: Value =
            serde_yaml::from_str("Version: {type: string, enum: ['4.1', 'true', v2, '7']}\nCount: {type: integer, enum: [1]}")
                .unwrap();
        assert_eq!(value, expected, "an integer enum keeps its numbers");
    }

    #[test]
    fn a_zero_min_length_is_dropped_silently() {
        let mut value: Value =
            serde_yaml::from_str("Code: {type: string, minLength: 0, maxLength: 3}").unwrap();
        assert!(read(&mut value).is_empty());
        let expected: Value = serde_yaml::from_str("Code: {type: string, maxLength: 3}").unwrap();
        assert_eq!(value, expected);
    }

    #[test]
    fn an_undefined_scheme_is_read_as_a_bearer_token_and_reported() {
        let mut value: Value = serde_yaml::from_str(
            "security: [{oauth: []}]\npaths:\n  /token:\n    post:\n      \
             security: [{basicAuth: []}, {oauth: []}]\ncomponents:\n  securitySchemes:\n    \
             oauth: {type: oauth2}\n",
        )
        .unwrap();
        let readings = read(&mut value);
        let pointers: Vec<&str> = readings.iter().map(|r| r.pointer.as_str()).collect();
        assert_eq!(pointers, ["/paths/~1token/post/security/0/basicAuth"]);
        assert!(readings[0].message.contains("`basicAuth` is not defined"));
    }

    #[test]
    fn null_scopes_are_no_scopes() {
        let mut value: Value = serde_yaml::from_str(&format!(
            "security: [{{oauth2: null, key: [read]}}]\n{SCHEMES}"
        ))
        .unwrap();
        let readings = read(&mut value);
        assert_eq!(readings.len(), 1);
        assert_eq!(readings[0].pointer, "/security/0/oauth2");
        let expected: Value = serde_yaml::from_str(&format!(
            "security: [{{oauth2: [], key: [read]}}]\n{SCHEMES}"
        ))
        .unwrap();
        assert_eq!(value, expected);
    }
}
