//! Larger specs built deterministically from the real one.

use serde_yaml::Value;

/// The real spec with its operations cloned `copies` times: copy 1 is the real operations
/// unchanged (so the shared `Location` example still names their `GET` path); copy `n > 1`
/// lives under `/v{n}{path}` with every operationId suffixed `n`. Components are shared, so
/// only the operation count grows.
/// `copies == 0` returns the real spec unchanged.
pub fn cloned_operations(real: &str, copies: usize) -> String {
    if copies == 0 {
        return real.to_string();
    }
    let mut doc: Value = serde_yaml::from_str(real).expect("the real spec is YAML");
    let paths = doc
        .get("paths")
        .and_then(Value::as_mapping)
        .cloned()
        .expect("the spec has paths");
    let mut cloned = serde_yaml::Mapping::new();
    cloned.extend(paths.clone());
    for n in 2..=copies {
        for (path, item) in &paths {
            let path = format!("/v{n}{}", path.as_str().expect("paths are strings"));
            let mut item = item.clone();
            if let Some(item) = item.as_mapping_mut() {
                for (_, operation) in item.iter_mut() {
                    if let Some(id) = operation.get_mut("operationId") {
                        *id = Value::String(format!(
                            "{}{n}",
                            id.as_str().expect("operationId is a string")
                        ));
                    }
                }
            }
            cloned.insert(Value::String(path), item);
        }
    }
    doc["paths"] = Value::Mapping(cloned);
    serde_yaml::to_string(&doc).expect("a YAML value serializes")
}

/// Number of operations in a spec's text.
pub fn operation_count(spec: &str) -> usize {
    let doc: Value = serde_yaml::from_str(spec).expect("YAML");
    doc["paths"]
        .as_mapping()
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_mapping)
                .flat_map(|item| item.values())
                .filter(|op| op.get("operationId").is_some())
                .count()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_scale_the_operation_count() {
        let real = std::fs::read_to_string(crate::real_spec_path()).unwrap();
        assert_eq!(operation_count(&real), 4);
        let forty = cloned_operations(&real, 10);
        assert_eq!(operation_count(&forty), 40);
        assert!(forty.contains("/v10/customers/{id}/exchange-sessions"));
        assert!(forty.contains("createCustomerExchangeSession10"));
        assert!(forty.contains("\n  /exchange-sessions/{id}:"), "copy 1 keeps the real paths");
        assert_eq!(forty, cloned_operations(&real, 10), "deterministic");
    }
}
