//! Compares two [`Surface`]s and names every change by its rule and the generated item it
//! touches.

use std::collections::{BTreeMap, HashMap};

use super::Change;
use super::rules::RuleId;
use super::surface::{Body, Field, Op, Shape, Surface};
use crate::model::BodyKind;

/// Every change from `before` to `after`: operations in document order, then types by name.
pub fn diff(before: &Surface, after: &Surface) -> Vec<Change> {
    let mut out = Changes(Vec::new());
    let old: HashMap<&str, &Op> = before
        .operations
        .iter()
        .map(|op| (op.client_method.as_str(), op))
        .collect();
    let new: HashMap<&str, &Op> = after
        .operations
        .iter()
        .map(|op| (op.client_method.as_str(), op))
        .collect();
    for op in &before.operations {
        match new.get(op.client_method.as_str()) {
            Some(after_op) => operation(&mut out, op, after_op),
            None => {
                let mut gone = vec![
                    format!("`Client::{}`", op.client_method),
                    format!("`operations::{}`", op.builder),
                ];
                if !op.errors.is_empty() {
                    gone.push(format!("`operations::{}Error`", op.builder));
                }
                if op.created.is_some() {
                    gone.push(format!("`created::{}`", op.builder));
                }
                out.push(
                    RuleId::OperationRemoved,
                    format!("Client::{}", op.client_method),
                    format!("{} is gone, and with it {}.", describe(op), gone.join(", ")),
                );
            }
        }
    }
    for op in after
        .operations
        .iter()
        .filter(|op| !old.contains_key(op.client_method.as_str()))
    {
        out.push(
            RuleId::OperationAdded,
            format!("Client::{}", op.client_method),
            format!(
                "{} is new: `Client::{}()` starts `operations::{}`.",
                describe(op),
                op.client_method,
                op.builder
            ),
        );
    }
    types(&mut out, before, after);
    out.0
}

struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, rule: RuleId, item: String, detail: String) {
        self.0.push(Change { rule, item, detail });
    }
}

fn describe(op: &Op) -> String {
    format!("`{}` (`{} {}`)", op.operation_id, op.method, op.path)
}

fn operation(out: &mut Changes, before: &Op, after: &Op) {
    let id = &after.operation_id;
    let client = format!("Client::{}", after.client_method);
    let builder = format!("operations::{}", after.builder);
    if before.path != after.path {
        out.push(
            RuleId::PathChanged,
            client.clone(),
            format!(
                "`{id}` moves from `{}` to `{}`; its setters stay.",
                before.path, after.path
            ),
        );
    }
    if before.method != after.method {
        out.push(
            RuleId::MethodChanged,
            client.clone(),
            format!(
                "`{id}` is sent as `{}` instead of `{}`.",
                after.method, before.method
            ),
        );
    }
    parameters(out, before, after, &builder);
    body(out, id, before.body.as_ref(), after.body.as_ref(), &builder);

    let send = format!("{builder}::send");
    if before.success != after.success {
        out.push(
            RuleId::ResponseRetyped,
            send.clone(),
            format!(
                "`send()` returns `{}` where it returned `{}`.",
                returned(after),
                returned(before)
            ),
        );
    } else if before.accept != after.accept {
        let show = |accept: &Option<String>| accept.clone().unwrap_or_else(|| "nothing".into());
        out.push(
            RuleId::ResponseMediaTypeChanged,
            client.clone(),
            format!(
                "`{id}` accepts `{}` instead of `{}`; the body type stays `{}`.",
                show(&after.accept),
                show(&before.accept),
                after.success
            ),
        );
    }
    errors(out, before, after);
    created(out, before, after, &send);
}

/// What `send()` returns, as its signature spells it.
fn returned(op: &Op) -> String {
    match &op.created {
        Some(_) => format!("Created<{}, created::{}>", op.success, op.builder),
        None => format!("ResponseValue<{}>", op.success),
    }
}

fn parameters(out: &mut Changes, before: &Op, after: &Op, builder: &str) {
    let id = &after.operation_id;
    for param in &before.params {
        let setter = format!("{builder}::{}", param.setter);
        match after.params.iter().find(|p| p.setter == param.setter) {
            None => out.push(
                RuleId::ParameterRemoved,
                setter,
                format!(
                    "the {} parameter `{}` of `{id}` is gone, and its setter with it.",
                    param.location, param.name
                ),
            ),
            Some(new) => {
                if new.ty != param.ty {
                    out.push(
                        RuleId::ParameterRetyped,
                        setter.clone(),
                        format!(
                            "the setter for `{}` takes `{}` where it took `{}`.",
                            new.name, new.ty, param.ty
                        ),
                    );
                }
                if new.required && !param.required {
                    out.push(RuleId::ParameterNowRequired, setter.clone(), format!("`{}` becomes required: calls to `{id}` that never set it fail at `send()`.", new.name));
                } else if param.required && !new.required {
                    out.push(
                        RuleId::ParameterNowOptional,
                        setter.clone(),
                        format!("`{}` becomes optional.", new.name),
                    );
                }
                if new.location != param.location {
                    out.push(
                        RuleId::ParameterMoved,
                        setter,
                        format!(
                            "`{}` moves from the {} to the {}.",
                            new.name, param.location, new.location
                        ),
                    );
                }
            }
        }
    }
    for param in after
        .params
        .iter()
        .filter(|p| !before.params.iter().any(|old| old.setter == p.setter))
    {
        let setter = format!("{builder}::{}", param.setter);
        if param.required {
            out.push(
                RuleId::ParameterAddedRequired,
                setter,
                format!("`{id}` takes a new required {} parameter `{}` (`{}`): calls that do not set it fail at `send()`.", param.location, param.name, param.ty),
            );
        } else {
            out.push(
                RuleId::ParameterAddedOptional,
                setter,
                format!(
                    "`{id}` takes a new optional {} parameter `{}` (`{}`).",
                    param.location, param.name, param.ty
                ),
            );
        }
    }
}

fn body(out: &mut Changes, id: &str, before: Option<&Body>, after: Option<&Body>, builder: &str) {
    let item = format!("{builder}::body");
    match (before, after) {
        (None, None) => {}
        (None, Some(new)) if new.needed => out.push(
            RuleId::RequestBodyAddedRequired,
            item,
            format!("`{id}` takes a `{}` body (`{}`) that calls must set: those that do not fail at `send()`.", new.media_type, new.ty),
        ),
        (None, Some(new)) => out.push(
            RuleId::RequestBodyAddedOptional,
            item,
            format!("`{id}` takes a `{}` body (`{}`); calls that do not set it send its default.", new.media_type, new.ty),
        ),
        (Some(old), None) => out.push(RuleId::RequestBodyRemoved, item, format!("`{id}` no longer takes a `{}` body; `body` and `body_map` are gone.", old.media_type)),
        (Some(old), Some(new)) => {
            if old.kind != new.kind {
                out.push(
                    RuleId::RequestEncodingChanged,
                    item.clone(),
                    format!("the body goes as `{}` ({:?}) instead of `{}` ({:?}): `body` takes `{}` where it took `{}`.", new.media_type, new.kind, old.media_type, old.kind, new.ty, old.ty),
                );
            } else {
                if old.media_type != new.media_type {
                    out.push(RuleId::RequestMediaTypeChanged, item.clone(), format!("the body goes as `{}` instead of `{}`, still as `{}`.", new.media_type, old.media_type, new.ty));
                }
                if old.ty != new.ty {
                    out.push(RuleId::RequestBodyRetyped, item.clone(), format!("`body` takes `{}` where it took `{}`.", new.ty, old.ty));
                }
            }
            if new.required != old.required {
                let word = if new.required { "required" } else { "optional" };
                if new.required && new.kind == BodyKind::Multipart {
                    out.push(RuleId::RequestBodyNowRequired, item, format!("the multipart body of `{id}` becomes required: calls that never set it fail at `send()`."));
                } else {
                    out.push(RuleId::RequestBodyRequiredChanged, item, format!("the body of `{id}` becomes {word}; the builder sends one either way."));
                }
            }
        }
    }
}

fn errors(out: &mut Changes, before: &Op, after: &Op) {
    let id = &after.operation_id;
    let name = format!("operations::{}Error", after.builder);
    let statuses = |op: &Op| {
        op.errors
            .iter()
            .map(|e| format!("`{}`", e.status))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (before.errors.is_empty(), after.errors.is_empty()) {
        (true, true) => return,
        (true, false) => {
            return out.push(
                RuleId::ErrorEnumAdded,
                name,
                format!(
                    "`{id}` declares error statuses ({}), typed by a new enum.",
                    statuses(after)
                ),
            );
        }
        (false, true) => {
            return out.push(
                RuleId::ErrorEnumRemoved,
                name,
                format!(
                    "`{id}` declares no error status any more ({} are gone); the enum is gone.",
                    statuses(before)
                ),
            );
        }
        (false, false) => {}
    }
    let payload = |p: &Option<String>| {
        p.as_ref()
            .map(|t| format!("`{t}`"))
            .unwrap_or_else(|| "no body".into())
    };
    for old in &before.errors {
        let item = format!("{name}::{}", old.variant);
        match after.errors.iter().find(|e| e.status == old.status) {
            None => out.push(
                RuleId::ErrorStatusRemoved,
                item,
                format!("`{id}` no longer declares `{}`.", old.status),
            ),
            Some(new) if new.payload != old.payload => out.push(
                RuleId::ErrorSchemaChanged,
                item,
                format!(
                    "the `{}` variant carries {} where it carried {}.",
                    new.status,
                    payload(&new.payload),
                    payload(&old.payload)
                ),
            ),
            Some(_) => {}
        }
    }
    for new in after
        .errors
        .iter()
        .filter(|e| !before.errors.iter().any(|old| old.status == e.status))
    {
        out.push(
            RuleId::ErrorStatusAdded,
            format!("{name}::{}", new.variant),
            format!("`{id}` declares `{}` ({}); the enum is exhaustive, so a `match` on it without a wildcard stops compiling.", new.status, payload(&new.payload)),
        );
    }
}

fn created(out: &mut Changes, before: &Op, after: &Op, send: &str) {
    let id = &after.operation_id;
    let marker = format!("created::{}", after.builder);
    let retrieve = format!("Created<_, {marker}>::retrieve");
    match (&before.created, &after.created) {
        (None, None) => {}
        (None, Some(_)) => out.push(RuleId::CreatedAdded, send.to_string(), format!("`{id}` answers with a `Location`: `send()` returns `{}` where it returned `{}`.", returned(after), returned(before))),
        (Some(_), None) => out.push(RuleId::CreatedRemoved, marker, format!("`{id}` answers without a `Location`: `send()` returns `{}` and the marker is gone.", returned(after))),
        (Some(old), Some(new)) => match (&old.retrieve, &new.retrieve) {
            (None, Some((target, _))) => out.push(RuleId::RetrieveAdded, retrieve, format!("the `Location` of `{id}` names `{target}`, which `retrieve()` calls.")),
            (Some((target, _)), None) => out.push(RuleId::RetrieveRemoved, retrieve, format!("the `Location` of `{id}` no longer names a `GET` operation (it named `{target}`).")),
            (Some((old_target, old_ty)), Some((new_target, new_ty))) if old_ty != new_ty => out.push(
                RuleId::RetrieveRetyped,
                retrieve,
                format!("`retrieve()` calls `{new_target}` and returns `ResponseValue<{new_ty}>` where it called `{old_target}` and returned `ResponseValue<{old_ty}>`."),
            ),
            (Some((old_target, _)), Some((new_target, ty))) if old_target != new_target => {
                out.push(RuleId::RetrieveTargetChanged, retrieve, format!("`retrieve()` calls `{new_target}` instead of `{old_target}`, still returning `ResponseValue<{ty}>`."))
            }
            _ => {}
        },
    }
}

fn types(out: &mut Changes, before: &Surface, after: &Surface) {
    let mut names: BTreeMap<&str, (Option<&Shape>, Option<&Shape>)> = BTreeMap::new();
    for (name, shape) in &before.types {
        names.entry(name).or_default().0 = Some(shape);
    }
    for (name, shape) in &after.types {
        names.entry(name).or_default().1 = Some(shape);
    }
    for (name, pair) in names {
        let item = format!("types::{name}");
        match pair {
            (Some(old), None) => out.push(
                RuleId::TypeRemoved,
                item,
                format!("the {} `{name}` is gone.", old.kind()),
            ),
            (None, Some(new)) => out.push(
                RuleId::TypeAdded,
                item,
                format!("a new {} `{name}`.", new.kind()),
            ),
            (Some(Shape::Struct(old)), Some(Shape::Struct(new))) => {
                fields(out, name, old, new, before, after)
            }
            (Some(Shape::Enum(old)), Some(Shape::Enum(new))) => {
                for value in old.iter().filter(|v| !new.contains(v)) {
                    out.push(
                        RuleId::EnumValueRemoved,
                        format!("{item}::{}", crate::model::type_name(value)),
                        format!("`{value}` is no longer a value of `{name}`."),
                    );
                }
                for value in new.iter().filter(|v| !old.contains(v)) {
                    out.push(
                        RuleId::EnumValueAdded,
                        format!("{item}::{}", crate::model::type_name(value)),
                        format!("`{value}` is a new value of `{name}`; the enum is exhaustive, so a `match` on it without a wildcard stops compiling."),
                    );
                }
            }
            (Some(old), Some(new)) if old != new => {
                let show = |shape: &Shape| match shape {
                    Shape::Newtype(inner) => format!("a newtype of `{inner}`"),
                    Shape::Union(branches) => format!("a union enum of `{branches}`"),
                    other => format!(
                        "{} {}",
                        if other.kind().starts_with(|c| "aeiou".contains(c)) {
                            "an"
                        } else {
                            "a"
                        },
                        other.kind()
                    ),
                };
                out.push(
                    RuleId::TypeShapeChanged,
                    item,
                    format!("`{name}` becomes {} where it was {}.", show(new), show(old)),
                );
            }
            _ => {}
        }
    }
}

fn fields(
    out: &mut Changes,
    name: &str,
    old: &[Field],
    new: &[Field],
    before: &Surface,
    after: &Surface,
) {
    let input = before.input.contains(name) || after.input.contains(name);
    let output = before.output.contains(name) || after.output.contains(name);
    // typify derives `Default` for a struct none of whose properties is required.
    let lost_default = old.iter().all(|f| !f.required) && new.iter().any(|f| f.required);
    let default_note = if lost_default {
        format!("; `{name}` no longer implements `Default`")
    } else {
        String::new()
    };
    let shown = |f: &Field| {
        if f.option {
            format!("Option<{}>", f.ty)
        } else {
            f.ty.clone()
        }
    };
    for field in old {
        let item = format!("types::{name}::{}", field.rust);
        let Some(now) = new.iter().find(|f| f.rust == field.rust) else {
            out.push(
                RuleId::FieldRemoved,
                item,
                format!(
                    "`{name}` loses the property `{}`: the field and its builder setter are gone.",
                    field.json
                ),
            );
            continue;
        };
        if now.ty != field.ty {
            out.push(
                RuleId::FieldRetyped,
                item,
                format!(
                    "the field is `{}` where it was `{}`.",
                    shown(now),
                    shown(field)
                ),
            );
        } else if now.option && !field.option {
            let why = if output {
                RuleId::ResponseFieldNowOptional
            } else {
                RuleId::RequestFieldNowOptional
            };
            let detail = if output {
                format!(
                    "`{}` may be absent: the field is `Option<{}>`, so code reading it stops compiling.",
                    now.json, now.ty
                )
            } else {
                format!(
                    "`{}` becomes optional: the field is `Option<{}>`; struct literals must write `Some(..)`, builders are unaffected.",
                    now.json, now.ty
                )
            };
            out.push(why, item, detail);
        } else if field.option && !now.option {
            let why = if input {
                RuleId::RequestFieldNowRequired
            } else {
                RuleId::ResponseFieldNowRequired
            };
            let detail = if input {
                format!(
                    "`{}` becomes required: the field is `{}` instead of an `Option`, and builders that never set it fail{default_note}.",
                    now.json, now.ty
                )
            } else {
                format!(
                    "`{}` is always present: the field is `{}` instead of an `Option`, so code matching on it stops compiling{default_note}.",
                    now.json, now.ty
                )
            };
            out.push(why, item, detail);
        } else if now.required && !field.required && input {
            out.push(RuleId::RequestFieldNowRequired, item, format!("`{}` becomes required: the field stays `{}`, but builders that never set it fail{default_note}.", now.json, now.ty));
        } else if now.required != field.required {
            let word = if now.required { "required" } else { "optional" };
            out.push(
                RuleId::FieldRequirednessSameType,
                item,
                format!(
                    "`{}` becomes {word}; the field stays `{}`.",
                    now.json,
                    shown(now)
                ),
            );
        }
    }
    for field in new.iter().filter(|f| !old.iter().any(|o| o.rust == f.rust)) {
        let item = format!("types::{name}::{}", field.rust);
        if field.required && input {
            out.push(
                RuleId::RequestFieldAddedRequired,
                item,
                format!("`{name}` gains the required property `{}`: struct literals must name the field `{}: {}` and builders must set it{default_note}.", field.json, field.rust, shown(field)),
            );
        } else {
            let word = if field.required {
                "required"
            } else {
                "optional"
            };
            out.push(
                RuleId::FieldAdded,
                item,
                format!("`{name}` gains the {word} property `{}`: struct literals of `types::{name}` must name the new field `{}: {}`{default_note}.", field.json, field.rust, shown(field)),
            );
        }
    }
}
