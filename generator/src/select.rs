//! Optional stage after loading: cut a large document down to the operations a user asked
//! for (`--operations`, `--tags`) and the components they reference. Pointers of what is
//! kept do not change, so diagnostics still name the original file's lines.

use std::collections::BTreeSet;

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use crate::Error;
use crate::document::METHODS;
use crate::load::Loaded;

/// Which operations to keep. An operation is kept when its operationId is in
/// `operations` or one of its tags is in `tags`; with both empty, everything is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// operationIds to keep.
    pub operations: Vec<String>,
    /// Tags whose operations to keep.
    pub tags: Vec<String>,
}

impl Selection {
    /// True when nothing is selected, so the whole document is kept.
    pub fn is_all(&self) -> bool {
        self.operations.is_empty() && self.tags.is_empty()
    }
}

/// Keeps the selected operations and what they reference. A selected operationId or tag
/// that no operation has is an error, so that a typo never yields a smaller client quietly.
pub fn select(mut loaded: Loaded, selection: &Selection) -> Result<Loaded, Error> {
    if selection.is_all() {
        return Ok(loaded);
    }
    let mut found_ids = BTreeSet::new();
    let mut found_tags = BTreeSet::new();
    let mut all_ids = Vec::new();
    let mut all_tags = BTreeSet::new();
    if let Some(Value::Mapping(paths)) = loaded.value.get_mut("paths") {
        for (_, item) in paths.iter_mut() {
            let Value::Mapping(item) = item else { continue };
            for method in METHODS {
                let Some(Value::Mapping(operation)) = item.get(method) else {
                    continue;
                };
                let id = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let tags: Vec<String> = match operation.get("tags") {
                    Some(Value::Sequence(tags)) => tags
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    _ => Vec::new(),
                };
                all_ids.extend(id.clone());
                all_tags.extend(tags.iter().cloned());
                let by_id = id.as_ref().filter(|id| selection.operations.contains(id));
                let by_tag: Vec<&String> =
                    tags.iter().filter(|t| selection.tags.contains(t)).collect();
                found_ids.extend(by_id.cloned());
                found_tags.extend(by_tag.iter().map(|t| t.to_string()));
                if by_id.is_none() && by_tag.is_empty() {
                    item.remove(method);
                }
            }
        }
        paths.retain(|_, item| match item {
            Value::Mapping(item) => METHODS.iter().any(|m| item.contains_key(*m)),
            _ => false,
        });
    }

    let mut problems = Vec::new();
    for id in selection
        .operations
        .iter()
        .filter(|id| !found_ids.contains(*id))
    {
        problems.push(loaded.diagnostic(
            "/paths",
            format!("no operation has operationId `{id}`"),
            format!("pick operationIds the document has: {}", some(&all_ids)),
        ));
    }
    for tag in selection
        .tags
        .iter()
        .filter(|tag| !found_tags.contains(*tag))
    {
        let tags: Vec<String> = all_tags.iter().cloned().collect();
        problems.push(loaded.diagnostic(
            "/paths",
            format!("no operation has tag `{tag}`"),
            format!("pick tags the document's operations have: {}", some(&tags)),
        ));
    }
    if !problems.is_empty() {
        return Err(Error::Spec(problems));
    }

    prune_components(&mut loaded.value);
    loaded.spec = OpenAPI::deserialize(&loaded.value).map_err(|e| {
        Error::Spec(vec![loaded.diagnostic(
            "",
            format!("the selected part is not a valid OpenAPI document: {e}"),
            "select other operations",
        )])
    })?;
    Ok(loaded)
}

/// A list for a message, cut short when long.
fn some(names: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut list = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        list.push_str(&format!(", and {} more", names.len() - SHOWN));
    }
    if list.is_empty() {
        "(none)".into()
    } else {
        list
    }
}

/// Removes components that nothing kept references, directly or not. Security schemes
/// stay: they are named by requirement, not by `$ref`.
fn prune_components(root: &mut Value) {
    let mut reachable = BTreeSet::new();
    let mut queue = Vec::new();
    for (key, value) in root.as_mapping().into_iter().flatten() {
        if key.as_str() != Some("components") {
            collect_refs(value, &mut queue);
        }
    }
    while let Some(target) = queue.pop() {
        if !reachable.insert(target.clone()) {
            continue;
        }
        if let Some(node) = component(root, &target) {
            collect_refs(node, &mut queue);
        }
    }
    let Some(Value::Mapping(components)) = root.get_mut("components") else {
        return;
    };
    for (section, entries) in components.iter_mut() {
        let (Some(section), Value::Mapping(entries)) =
            (section.as_str().map(str::to_string), entries)
        else {
            continue;
        };
        if section == "securitySchemes" {
            continue;
        }
        entries.retain(|name, _| {
            name.as_str()
                .is_some_and(|name| reachable.contains(&(section.clone(), name.to_string())))
        });
    }
}

/// `(section, name)` of every `#/components/<section>/<name>` reference under `node`.
fn collect_refs(node: &Value, out: &mut Vec<(String, String)>) {
    match node {
        Value::Mapping(map) => {
            for (key, value) in map {
                if key.as_str() == Some("$ref")
                    && let Some(target) =
                        value.as_str().and_then(|t| t.strip_prefix("#/components/"))
                {
                    let mut parts = target.splitn(3, '/');
                    if let (Some(section), Some(name)) = (parts.next(), parts.next()) {
                        out.push((section.to_string(), crate::diagnostic::unescape_token(name)));
                    }
                } else {
                    collect_refs(value, out);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

fn component<'v>(root: &'v Value, (section, name): &(String, String)) -> Option<&'v Value> {
    root.get("components")?
        .get(section.as_str())?
        .as_mapping()
        .and_then(|m: &Mapping| m.get(name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      operationId: getA
      tags: [alpha]
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/A" } } } }
  /b:
    get:
      operationId: getB
      tags: [beta]
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/B" } } } }
components:
  schemas:
    A: { type: object, properties: { inner: { $ref: "#/components/schemas/Inner" } } }
    Inner: { type: string }
    B: { type: integer }
"##;

    fn loaded() -> Loaded {
        crate::load::load_str(DOC, std::path::Path::new("doc.yaml")).unwrap()
    }

    #[test]
    fn keeps_the_selected_operations_and_what_they_reference() {
        let kept = select(
            loaded(),
            &Selection {
                operations: vec!["getA".into()],
                tags: vec![],
            },
        )
        .unwrap();
        assert_eq!(kept.spec.paths.paths.keys().collect::<Vec<_>>(), ["/a"]);
        let schemas: Vec<&String> = kept
            .spec
            .components
            .as_ref()
            .unwrap()
            .schemas
            .keys()
            .collect();
        assert_eq!(schemas, ["A", "Inner"]);
    }

    #[test]
    fn selects_by_tag() {
        let kept = select(
            loaded(),
            &Selection {
                operations: vec![],
                tags: vec!["beta".into()],
            },
        )
        .unwrap();
        assert_eq!(kept.spec.paths.paths.keys().collect::<Vec<_>>(), ["/b"]);
    }

    #[test]
    fn an_unknown_id_or_tag_is_an_error_that_lists_the_choices() {
        let Err(Error::Spec(problems)) = select(
            loaded(),
            &Selection {
                operations: vec!["getC".into()],
                tags: vec!["gamma".into()],
            },
        ) else {
            panic!("expected an error");
        };
        assert_eq!(problems.len(), 2);
        let text = problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            text.contains("`getC`") && text.contains("`getA`, `getB`"),
            "{text}"
        );
        assert!(
            text.contains("`gamma`") && text.contains("`alpha`, `beta`"),
            "{text}"
        );
    }
}
