//! Which operations page: a `GET` with an integer (or string) `offset` query parameter
//! whose success body is a HAL list, `_embedded` holding one array. typify's types decide
//! the fields the generated `pages()` reads.

use generator::model::{FieldStep, Model, Scalar};
use generator::{load, model, types};

mod common;
use common::workspace_root;

/// The model of `document` (relative to the workspace root), with its types.
fn typed(document: &str) -> Model {
    let loaded = load::load(&workspace_root().join(document)).expect("the document loads");
    let mut model = model::build(&loaded.spec);
    types::generate(&loaded, &mut model).expect("the types generate");
    model
}

fn paged(model: &Model) -> Vec<&str> {
    let mut ids: Vec<&str> = model
        .operations
        .iter()
        .filter(|op| op.paging.is_some())
        .map(|op| op.operation_id.as_str())
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_list_of_dwollas_published_document_pages() {
    let model = typed("tests/corpus/real/dwolla-openapi.yml");
    assert_eq!(
        paged(&model),
        [
            "listAndSearchCustomers",
            "listAndSearchTransfers",
            "listCustomerLabels",
            "listCustomerMassPayments",
            "listCustomerTransfers",
            "listEvents",
            "listLabelLedgerEntries",
            "listMassPaymentItems",
            "listMassPayments",
            "listWebhooks",
        ]
    );
    let customers = model
        .operations
        .iter()
        .find(|op| op.operation_id == "listAndSearchCustomers")
        .and_then(|op| op.paging.as_ref())
        .expect("customers page");
    assert!(matches!(customers.offset_type, Scalar::Integer(_)));
    // Dwolla types `_links` as a map of links: `next` is an entry.
    let next = customers.next.as_ref().expect("a next link");
    assert!(
        matches!(&next[1], FieldStep::Key(key) if key == "next"),
        "{next:?}"
    );
    let transfers = model
        .operations
        .iter()
        .find(|op| op.operation_id == "listCustomerTransfers")
        .and_then(|op| op.paging.as_ref())
        .expect("transfers page");
    assert_eq!(transfers.offset_type, Scalar::Text);
}

#[test]
fn a_list_without_links_pages_by_offset_and_total() {
    let model = typed("tests/corpus/valid/hal_lists.yaml");
    assert_eq!(
        paged(&model),
        ["listCustomerTransfers", "listCustomers", "listEvents"]
    );
    let events = model
        .operations
        .iter()
        .find(|op| op.operation_id == "listEvents")
        .and_then(|op| op.paging.as_ref())
        .expect("events page");
    assert!(events.next.is_none());
    assert!(events.total.is_some());
    assert_eq!(events.item_type.replace(' ', ""), "types::Event");
}

#[test]
fn operations_that_are_not_lists_do_not_page() {
    // The default spec's connections list has no `offset`; nothing else is a list.
    assert!(paged(&typed("spec/exchange-sessions.yaml")).is_empty());
}
