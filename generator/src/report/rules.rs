//! The report's rules: every kind of spec edit it recognises, what it does to the generated
//! crate's public API, and what cargo-semver-checks is expected to say about it. One table,
//! [`RULES`], indexed by [`RuleId`]; `docs/change-report.md` explains the choices.

/// How a change affects code that depends on the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// The public API is unchanged (the wire may differ).
    None,
    /// Something is added; existing code keeps compiling and working.
    Additive,
    /// Existing code may stop compiling, or start failing where it worked.
    Breaking,
}

impl Verdict {
    /// The word the report uses.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::None => "none",
            Verdict::Additive => "additive",
            Verdict::Breaking => "breaking",
        }
    }
}

/// Names a row of [`RULES`]; the discriminant is the row's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)] // Each variant is documented by its row in RULES.
pub enum RuleId {
    OperationAdded,
    OperationRemoved,
    PathChanged,
    MethodChanged,
    RequestMediaTypeChanged,
    RequestEncodingChanged,
    ResponseMediaTypeChanged,
    ResponseRetyped,
    ParameterAddedOptional,
    ParameterAddedRequired,
    ParameterRemoved,
    ParameterRetyped,
    ParameterNowRequired,
    ParameterNowOptional,
    ParameterMoved,
    RequestBodyAddedOptional,
    RequestBodyAddedRequired,
    RequestBodyRemoved,
    RequestBodyRetyped,
    RequestBodyNowRequired,
    RequestBodyRequiredChanged,
    FieldAdded,
    RequestFieldAddedRequired,
    FieldRemoved,
    FieldRetyped,
    ResponseFieldNowOptional,
    ResponseFieldNowRequired,
    RequestFieldNowOptional,
    RequestFieldNowRequired,
    FieldRequirednessSameType,
    EnumValueAdded,
    EnumValueRemoved,
    TypeAdded,
    TypeRemoved,
    TypeShapeChanged,
    ErrorEnumAdded,
    ErrorEnumRemoved,
    ErrorStatusAdded,
    ErrorStatusRemoved,
    ErrorSchemaChanged,
    CreatedAdded,
    CreatedRemoved,
    RetrieveAdded,
    RetrieveRemoved,
    RetrieveTargetChanged,
    RetrieveRetyped,
}

impl RuleId {
    /// Its row of [`RULES`].
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }
}

/// One kind of spec edit and its consequence for the generated crate.
#[derive(Debug)]
pub struct Rule {
    /// Which rule this is.
    pub id: RuleId,
    /// Its stable name, printed in the report (kebab-case).
    pub name: &'static str,
    /// The verdict every change of this kind gets.
    pub verdict: Verdict,
    /// The spec edit.
    pub edit: &'static str,
    /// What it does to code using the crate.
    pub effect: &'static str,
    /// The cargo-semver-checks lints expected to fire, or empty when it sees nothing
    /// (it compares items, not types, so type changes escape it).
    pub semver_checks: &'static str,
}

use RuleId as R;
use Verdict::{Additive, Breaking, None as Unchanged};

macro_rules! rule {
    ($id:ident, $name:literal, $verdict:expr, $edit:literal, $effect:literal, $lints:literal) => {
        Rule {
            id: R::$id,
            name: $name,
            verdict: $verdict,
            edit: $edit,
            effect: $effect,
            semver_checks: $lints,
        }
    };
}

/// Every rule, in [`RuleId`] order.
pub const RULES: &[Rule] = &[
    rule!(
        OperationAdded,
        "operation-added",
        Additive,
        "an operation is added",
        "a new `Client` method and operation builder",
        "inherent_method_added, exhaustive_struct_with_private_fields_added"
    ),
    rule!(
        OperationRemoved,
        "operation-removed",
        Breaking,
        "an operation is removed (or its operationId renamed)",
        "its `Client` method, builder and error enum disappear",
        "inherent_method_missing, struct_missing, enum_missing"
    ),
    rule!(
        PathChanged,
        "path-changed",
        Unchanged,
        "an operation's path changes, its parameters staying",
        "same method and setters; requests go to the new path",
        ""
    ),
    rule!(
        MethodChanged,
        "method-changed",
        Unchanged,
        "an operation's HTTP method changes",
        "same method and setters; requests use the new method",
        ""
    ),
    rule!(
        RequestMediaTypeChanged,
        "request-media-type-changed",
        Unchanged,
        "the request media type changes within one encoding (e.g. one `+json` type for another)",
        "same `body` setter; only `Content-Type` changes",
        ""
    ),
    rule!(
        RequestEncodingChanged,
        "request-encoding-changed",
        Breaking,
        "the request media type changes encoding (JSON, form, multipart, text, bytes)",
        "`body` takes another type; `body_map` may disappear",
        "inherent_method_missing and method_requires_different_generic_type_params when body_map goes, else nothing"
    ),
    rule!(
        ResponseMediaTypeChanged,
        "response-media-type-changed",
        Unchanged,
        "a response media type changes, the success body's Rust type staying",
        "only `Accept` changes",
        ""
    ),
    rule!(
        ResponseRetyped,
        "response-retyped",
        Breaking,
        "the success response's body changes schema, appears, disappears or stops being JSON",
        "`send()` returns another type",
        ""
    ),
    rule!(
        ParameterAddedOptional,
        "parameter-added-optional",
        Additive,
        "an optional parameter is added",
        "a new builder setter",
        "inherent_method_added"
    ),
    rule!(
        ParameterAddedRequired,
        "parameter-added-required",
        Breaking,
        "a required parameter is added",
        "a new builder setter that callers must call: `send()` fails with `Error::InvalidRequest` until they do",
        "inherent_method_added"
    ),
    rule!(
        ParameterRemoved,
        "parameter-removed",
        Breaking,
        "a parameter is removed",
        "its builder setter disappears",
        "inherent_method_missing"
    ),
    rule!(
        ParameterRetyped,
        "parameter-retyped",
        Breaking,
        "a parameter's schema changes its Rust type",
        "the setter accepts another type",
        ""
    ),
    rule!(
        ParameterNowRequired,
        "parameter-now-required",
        Breaking,
        "an optional parameter becomes required",
        "calls that never set it fail at `send()`",
        ""
    ),
    rule!(
        ParameterNowOptional,
        "parameter-now-optional",
        Unchanged,
        "a required parameter becomes optional",
        "same setter; calls may now leave it out",
        ""
    ),
    rule!(
        ParameterMoved,
        "parameter-moved",
        Unchanged,
        "a parameter moves between query, header and path, keeping its name",
        "same setter; it goes elsewhere on the wire",
        ""
    ),
    rule!(
        RequestBodyAddedOptional,
        "request-body-added-optional",
        Additive,
        "a request body is added that calls may leave out: an object with no required property (the builder sends its default) or an optional multipart body",
        "new `body` (and `body_map`) setters",
        "inherent_method_added"
    ),
    rule!(
        RequestBodyAddedRequired,
        "request-body-added-required",
        Breaking,
        "a request body is added that calls must set: an object with a required property, any other type, or a required multipart body (progenitor sends every other body, whatever its `required`)",
        "new `body` setters; calls that never set it fail at `send()`",
        "inherent_method_added"
    ),
    rule!(
        RequestBodyRemoved,
        "request-body-removed",
        Breaking,
        "the request body is removed",
        "the `body` setters disappear",
        "inherent_method_missing"
    ),
    rule!(
        RequestBodyRetyped,
        "request-body-retyped",
        Breaking,
        "the request body's schema changes its Rust type",
        "`body` takes another type",
        ""
    ),
    rule!(
        RequestBodyNowRequired,
        "request-body-now-required",
        Breaking,
        "an optional multipart body becomes required",
        "calls that never set it fail at `send()`",
        ""
    ),
    rule!(
        RequestBodyRequiredChanged,
        "request-body-required-changed",
        Unchanged,
        "a request body's `required` changes, other than a multipart body becoming required",
        "nothing: progenitor sends every JSON, form, text and bytes body anyway (its default when unset)",
        ""
    ),
    rule!(
        FieldAdded,
        "field-added",
        Breaking,
        "a property is added to an object schema (other than a required one in a request)",
        "a new pub field: struct literals of the type stop compiling; the type's builder is unaffected",
        "constructible_struct_adds_field, inherent_method_added"
    ),
    rule!(
        RequestFieldAddedRequired,
        "request-field-added-required",
        Breaking,
        "a required property is added to an object schema that requests send",
        "a new pub field that struct literals must name and builders must set",
        "constructible_struct_adds_field, inherent_method_added"
    ),
    rule!(
        FieldRemoved,
        "field-removed",
        Breaking,
        "a property is removed",
        "its pub field and builder setter disappear",
        "struct_pub_field_missing, inherent_method_missing"
    ),
    rule!(
        FieldRetyped,
        "field-retyped",
        Breaking,
        "a property's schema changes its Rust type",
        "the field has another type",
        ""
    ),
    rule!(
        ResponseFieldNowOptional,
        "response-field-now-optional",
        Breaking,
        "a property of a response schema becomes optional or nullable",
        "the field becomes an `Option`: code reading it stops compiling",
        ""
    ),
    rule!(
        ResponseFieldNowRequired,
        "response-field-now-required",
        Breaking,
        "an optional property of a response schema becomes required",
        "the field stops being an `Option`: code matching on it stops compiling",
        ""
    ),
    rule!(
        RequestFieldNowOptional,
        "request-field-now-optional",
        Breaking,
        "a property of a request-only schema becomes optional",
        "the field becomes an `Option`: struct literals must wrap it in `Some`; builders are unaffected",
        ""
    ),
    rule!(
        RequestFieldNowRequired,
        "request-field-now-required",
        Breaking,
        "an optional property of a schema that requests send becomes required",
        "struct literals and builders that left it out stop working",
        ""
    ),
    rule!(
        FieldRequirednessSameType,
        "field-requiredness-same-type",
        Unchanged,
        "a property's requiredness changes where its Rust type does not (arrays, maps, defaults)",
        "same field type",
        ""
    ),
    rule!(
        EnumValueAdded,
        "enum-value-added",
        Breaking,
        "a value is added to a string enum",
        "a new variant of an exhaustive enum: `match`es without a wildcard stop compiling",
        "enum_variant_added"
    ),
    rule!(
        EnumValueRemoved,
        "enum-value-removed",
        Breaking,
        "a value is removed from a string enum",
        "its variant disappears",
        "enum_variant_missing"
    ),
    rule!(
        TypeAdded,
        "type-added",
        Additive,
        "a schema is added",
        "a new type in `types` (and, for a struct, its builder)",
        "exhaustive_struct_added or exhaustive_enum_added, exhaustive_struct_with_private_fields_added"
    ),
    rule!(
        TypeRemoved,
        "type-removed",
        Breaking,
        "a schema is removed",
        "its type in `types` disappears",
        "struct_missing, enum_missing"
    ),
    rule!(
        TypeShapeChanged,
        "type-shape-changed",
        Breaking,
        "a schema changes kind (object, enum, union, alias) or its union's branches",
        "the type is redefined",
        "enum_changed_kind, struct_missing or constructible_struct_changed_type when the kind changes, else nothing"
    ),
    rule!(
        ErrorEnumAdded,
        "error-enum-added",
        Additive,
        "an operation without error responses gets one",
        "a new `operations::<Op>Error` enum",
        "exhaustive_enum_added"
    ),
    rule!(
        ErrorEnumRemoved,
        "error-enum-removed",
        Breaking,
        "an operation's last error response is removed",
        "its `operations::<Op>Error` enum disappears",
        "enum_missing"
    ),
    rule!(
        ErrorStatusAdded,
        "error-status-added",
        Breaking,
        "an error status is added",
        "a new variant of the exhaustive `operations::<Op>Error`",
        "enum_variant_added"
    ),
    rule!(
        ErrorStatusRemoved,
        "error-status-removed",
        Breaking,
        "an error status is removed",
        "its variant of `operations::<Op>Error` disappears",
        "enum_variant_missing"
    ),
    rule!(
        ErrorSchemaChanged,
        "error-schema-changed",
        Breaking,
        "an error status's body changes schema, appears or disappears",
        "its variant carries another type",
        "enum_unit_variant_changed_kind or enum_tuple_variant_changed_kind when a body appears or goes, else nothing"
    ),
    rule!(
        CreatedAdded,
        "created-added",
        Breaking,
        "a success response gains a `Location` header",
        "`send()` returns `Created<T, created::<Op>>` instead of `ResponseValue<T>`",
        "exhaustive_enum_added"
    ),
    rule!(
        CreatedRemoved,
        "created-removed",
        Breaking,
        "the `Location` header goes",
        "`send()` returns `ResponseValue<T>`; the marker `created::<Op>` disappears",
        "enum_missing"
    ),
    rule!(
        RetrieveAdded,
        "retrieve-added",
        Additive,
        "the `Location` starts naming a `GET` operation",
        "`Created<_, created::<Op>>::retrieve()` appears",
        "inherent_method_added only when no other operation's `Created` has a `retrieve` yet"
    ),
    rule!(
        RetrieveRemoved,
        "retrieve-removed",
        Breaking,
        "the `Location` stops naming a `GET` operation",
        "`retrieve()` disappears",
        "inherent_method_missing only when no other operation's `Created` keeps a `retrieve`"
    ),
    rule!(
        RetrieveTargetChanged,
        "retrieve-target-changed",
        Unchanged,
        "the `Location` names another `GET` operation with the same body type",
        "`retrieve()` calls the other operation",
        ""
    ),
    rule!(
        RetrieveRetyped,
        "retrieve-retyped",
        Breaking,
        "the `GET` that `retrieve()` calls changes body type",
        "`retrieve()` returns another type",
        ""
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_rule_ids_and_names_are_unique() {
        for (index, rule) in RULES.iter().enumerate() {
            assert_eq!(rule.id as usize, index, "{} is out of place", rule.name);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.name
            );
        }
        let names: std::collections::BTreeSet<_> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(names.len(), RULES.len());
        assert_eq!(RuleId::RetrieveRetyped as usize, RULES.len() - 1);
    }

    #[test]
    fn verdicts_order_from_none_to_breaking() {
        assert!(Verdict::None < Verdict::Additive && Verdict::Additive < Verdict::Breaking);
    }
}
