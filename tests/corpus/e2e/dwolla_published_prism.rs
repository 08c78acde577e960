//! End to end: the client generated from Dwolla's published document,
//! `tests/corpus/real/dwolla-openapi.yml`, calls every operation of that document against
//! Stoplight Prism serving the same document.
//!
//! `scripts/prism-e2e.sh` copies this file into the examples of a generated copy of the
//! client crate and runs `cargo run --example dwolla_published_prism -- BASE_URL [OPERATIONS]`.
//! Every call must succeed with a status the document declares, and no response may carry
//! `sl-violations`, Prism's report of a request or response that breaks the document,
//! except the calls listed in `CONTRADICTIONS`: there the document contradicts itself
//! (`tests/corpus/e2e/dwolla-published-contradictions.md` says how), the call is still
//! made, and Prism must report exactly the listed violation. `OPERATIONS`, when given, is
//! how many operations the client has: each must have been called. One line per call; the
//! exit status is nonzero when any failed.

mod common;

use std::process::ExitCode;
use std::time::Duration;

use dwolla_exchange_sessions::types::{
    CancelTransferBody, CertifyBeneficialOwnershipForCustomerBody, CreateAccountExchangeBody, CreateAccountFundingSource,
    CreateApplicationAccessTokenBody, CreateApplicationAccessTokenBodyGrantType, CreateBeneficialOwnerForCustomerBody,
    CreateClientTokenBody, CreateCustomerBody, CreateCustomerExchangeBody, CreateCustomerExchangeSessionBody, CreateCustomerFundingSource,
    CreateCustomerLabelBody, CreateLabelLedgerEntryBody, CreateLabelReallocationBody, CreateReAuthExchangeSessionBody,
    CreateWebhookSubscriptionBody, InitiateMassPaymentBody, InitiateOrVerifyMicroDepositsBody, InitiateTransferBody,
    UpdateBeneficialOwnerBody, UpdateBody, UpdateMassPaymentBody, UpdateOrRemoveFundingSourceBody, UpdateWebhookSubscriptionBody,
    VerifyKbaQuestionsBody,
};
use common::{Answer, Tally, opts};
use dwolla_exchange_sessions::{CallOptions, Client, Credentials, Error, Multipart};
use futures::{StreamExt, TryStreamExt};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, LOCATION};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

// Identifiers from the document's examples.
const ACCOUNT: &str = "ca32853c-48fa-40be-ae75-77b37504581b";
const CUSTOMER: &str = "707177c3-bf15-4e7e-b37c-55c3898d9bf4";
const BENEFICIAL_OWNER: &str = "07d59716-ef22-4fe6-98e8-f3190233dfb8";
const BUSINESS_CLASSIFICATION: &str = "9ed3f670-7d6f-11e3-b1ce-5404a6144203";
const DOCUMENT: &str = "56502f7a-fa59-4a2f-8579-0f8bc9d7b9cc";
const KBA: &str = "70b9d7bb-7e7c-4c9e-a3b7-6f0d8b5b9f2a";
const FUNDING_SOURCE: &str = "707177c3-bf15-4e7e-b37c-55c3898d9bf4";
const DESTINATION: &str = "9c7f8d57-cd45-4e7a-bf7a-914dbd6131db";
const TRANSFER: &str = "15c6bcce-46f7-e811-8112-e8dd3bececa8";
const MASS_PAYMENT: &str = "b4b5a699-5278-4727-8f81-a50800ea9abc";
const MASS_PAYMENT_ITEM: &str = "c7d2b5e4-8b1f-4a7c-9d3e-2f1a5b6c7d8e";
const LABEL: &str = "7e042ffe-e25e-40d2-b86e-748b98845ecc";
const OTHER_LABEL: &str = "c91c501c-f49b-48be-a93b-12b45e152d45";
const LEDGER_ENTRY: &str = "32d68709-62dd-43d6-a6df-562f4baec526";
const REALLOCATION: &str = "fd36b78c-42f3-4e57-b2a4-f0a5b6c73ef0";
const EVENT: &str = "81f6e13c-557c-4449-9331-da5c65e61095";
const WEBHOOK_SUBSCRIPTION: &str = "5af4c10a-f6de-4ac8-840d-42cb65454216";
const WEBHOOK: &str = "9ece9660-aa34-41eb-80d7-0125d53b45e8";
const EXCHANGE_PARTNER: &str = "292317ec-e252-47d8-93c3-2d128e037aa4";
const EXCHANGE: &str = "6bc9109a-04fd-49b6-ace6-ca06fd282d65";
const EXCHANGE_SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
const API: &str = "https://api.dwolla.com";

/// The calls where Dwolla's document contradicts itself so that no conforming call passes
/// Prism: `(operation, case, the messages of exactly the violations Prism reports)`. Each
/// is explained in `tests/corpus/e2e/dwolla-published-contradictions.md`.
const CONTRADICTIONS: &[(&str, &str, &[&str])] = &[
    // `basicAuth` is never defined, and the operation says the credentials go in a header.
    ("createApplicationAccessToken", "form", &["Invalid security scheme used"]),
    // Three identical `status` branches, and three branches that require nothing.
    ("update", "suspend", &[ONE_OF]),
    // `UpdateUnverifiedBank` and `UpdateVerifiedBank` both take `{"name": ..}`.
    ("updateOrRemoveFundingSource", "rename", &[ONE_OF]),
    // `InitiateMicroDeposits` is any object, so it matches every `VerifyMicroDeposits`.
    ("initiateOrVerifyMicroDeposits", "verify", &[ONE_OF]),
    // `ForWeb` matches every `WithRedirect` body; Prism's `400` then breaks the `400`'s
    // own `oneOf` of three identical branches.
    (
        "createCustomerExchangeSession",
        "with redirect",
        &[ONE_OF, "Response body must match exactly one schema in oneOf"],
    ),
    // `ForWeb` is any object, so it matches every `WithRedirect` body.
    ("createReAuthExchangeSession", "with redirect", &[ONE_OF]),
];

/// Prism's report of a request body that matches several branches of a `oneOf`.
const ONE_OF: &str = "Request body must match exactly one schema in oneOf";

/// The calls made so far and their failures.
#[derive(Default)]
struct Report {
    tally: Tally,
    /// Calls that met their listed contradiction.
    known: usize,
}

impl Report {
    /// A call that answers `200`.
    fn ok<A: Answer>(&mut self, operation: &'static str, case: &str, result: Result<A, Error>) {
        self.record(operation, case, result, &[StatusCode::OK]);
    }

    /// A call that answers `201` with a `Location`.
    fn created<A: Answer>(&mut self, operation: &'static str, case: &str, result: Result<A, Error>) {
        self.record(operation, case, result, &[StatusCode::CREATED]);
    }

    /// A call that answers one of `statuses`; a `201` must carry a `Location`. For a listed
    /// contradiction, Prism's violation must be the listed one instead.
    fn record<A: Answer>(&mut self, operation: &'static str, case: &str, result: Result<A, Error>, statuses: &[StatusCode]) {
        let name = self.tally.call(operation, case);
        let listed = CONTRADICTIONS
            .iter()
            .find(|(o, c, _)| *o == operation && *c == case)
            .map(|(_, _, violations)| *violations);
        let (status, headers, body) = match &result {
            Ok(answer) => (answer.status(), answer.headers(), None),
            Err(error) => match error.api() {
                Some(api) => (
                    api.status(),
                    api.headers(),
                    Some(String::from_utf8_lossy(api.raw_body()).into_owned()),
                ),
                None => {
                    self.tally.fail(&name, format!("{error} ({error:?})"));
                    return;
                }
            },
        };
        let violations = headers
            .get("sl-violations")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let verdict = match listed {
            Some(listed) => {
                // Without a declared `400`, Prism answers `422` with them in the body.
                let reported = messages(violations.as_deref(), body.as_deref());
                let mut expected: Vec<String> = listed.iter().map(|m| m.to_string()).collect();
                expected.sort();
                if reported == expected {
                    self.known += 1;
                    println!("known {name:<56} {status} the listed contradiction: {}", reported.join("; "));
                    return;
                }
                Err(format!(
                    "expected exactly the listed violations {expected:?}, got status {status}, violations {reported:?}"
                ))
            }
            None => Self::verdict(status, headers, violations, body, statuses),
        };
        match verdict {
            Ok(detail) => self.tally.pass(&name, format_args!("{status} {detail}")),
            Err(reason) => self.tally.fail(&name, reason),
        }
    }

    /// Whether an answer with no listed contradiction succeeded; `Ok` holds its detail.
    fn verdict(
        status: StatusCode,
        headers: &HeaderMap,
        violations: Option<String>,
        body: Option<String>,
        statuses: &[StatusCode],
    ) -> Result<String, String> {
        match (&violations, body) {
            (Some(violations), _) => Err(format!("status {status}, sl-violations: {violations}")),
            (None, Some(body)) => Err(format!("status {status}; body {body}")),
            (None, None) if !statuses.contains(&status) => Err(format!("status {status}, expected {statuses:?}")),
            (None, None) if status == StatusCode::CREATED && !headers.contains_key(LOCATION) => Err("201 without a Location header".into()),
            (None, None) => Ok(headers
                .get(LOCATION)
                .map(|l| format!("Location {:?}", String::from_utf8_lossy(l.as_bytes())))
                .unwrap_or_default()),
        }
    }
}

/// The messages of the violations Prism reported, sorted: from `sl-violations`, else from
/// the `validation` of the problem body it makes up when the operation declares no `400`.
fn messages(header: Option<&str>, body: Option<&str>) -> Vec<String> {
    let list = match (header, body) {
        (Some(header), _) => serde_json::from_str::<Value>(header).ok(),
        (None, Some(body)) => serde_json::from_str::<Value>(body).ok().map(|mut b| b["validation"].take()),
        (None, None) => None,
    };
    let mut messages: Vec<String> = match list {
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| v["message"].as_str().unwrap_or("(no message)").to_string())
            .collect(),
        _ => Vec::new(),
    };
    messages.sort();
    messages
}

/// A typed body from the document's example values.
fn typed<T: DeserializeOwned>(value: Value) -> T {
    match serde_json::from_value(value) {
        Ok(typed) => typed,
        Err(error) => panic!("the example does not fit {}: {error}", std::any::type_name::<T>()),
    }
}

fn href(path: &str) -> Value {
    json!({ "href": format!("{API}/{path}") })
}

/// `Prefer: code=N`: which of the declared statuses Prism answers.
fn prefer(code: u16) -> (HeaderName, HeaderValue) {
    (
        HeaderName::from_static("prefer"),
        HeaderValue::from_str(&format!("code={code}")).expect("a header value"),
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (base_url, expected) = match common::args("dwolla_published_prism") {
        Ok(args) => args,
        Err(code) => return code,
    };
    if let Err(reason) = prism_validates(&base_url).await {
        eprintln!("Prism does not validate request bodies, so this run would prove nothing: {reason}");
        return ExitCode::FAILURE;
    }
    // A fixed bearer token: the document's `POST /token` cannot hand one out (see
    // `CONTRADICTIONS`), so the client-credentials flow cannot start against Prism.
    let client = match common::client(base_url, Credentials::bearer("e2e-access-token")) {
        Ok(client) => client,
        Err(code) => return code,
    };
    let mut report = Report::default();
    run(&client, &mut report).await;
    let known = report.known;
    report.tally.finish(expected, Some(known))
}

/// Whether Prism validates request bodies against this document: it skips them all, saying
/// the request "passed", when it cannot load a schema dialect. A body without the required
/// `url`, sent around the client, must come back with that violation.
async fn prism_validates(base_url: &str) -> Result<(), String> {
    let response = reqwest::Client::new()
        .post(format!("{base_url}/webhook-subscriptions"))
        .header("authorization", "Bearer e2e-access-token")
        .header("accept", "application/vnd.dwolla.v1.hal+json")
        .header("content-type", "application/json")
        .body(r#"{"secret": "sshhhhhh"}"#)
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let violations = response
        .headers()
        .get("sl-violations")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    match messages(violations.as_deref(), None) {
        found if found.iter().any(|m| m == "Request body must have required property 'url'") => Ok(()),
        found => Err(format!("status {}, violations {found:?}", response.status())),
    }
}

/// Calls every operation at least once.
async fn run(client: &Client, report: &mut Report) {
    root_and_accounts(client, report).await;
    customers(client, report).await;
    beneficial_owners(client, report).await;
    documents_and_kba(client, report).await;
    funding_sources(client, report).await;
    transfers(client, report).await;
    mass_payments(client, report).await;
    labels(client, report).await;
    events_and_webhooks(client, report).await;
    exchanges(client, report).await;
}

async fn root_and_accounts(client: &Client, report: &mut Report) {
    let token = CreateApplicationAccessTokenBody {
        grant_type: CreateApplicationAccessTokenBodyGrantType::ClientCredentials,
    };
    let result = opts(client.create_application_access_token()).body(token).send().await;
    report.ok("createApplicationAccessToken", "form", result);

    let result = opts(client.get_root()).send().await;
    report.ok("getRoot", "", result);

    let result = opts(client.get_account()).id(ACCOUNT).send().await;
    report.ok("getAccount", "", result);

    let body: CreateAccountFundingSource = typed(json!({
        "routingNumber": "222222226",
        "accountNumber": "123456789",
        "bankAccountType": "checking",
        "name": "My Bank",
    }));
    let result = opts(client.create_funding_source()).body(body).send().await;
    report.created("createFundingSource", "", result);

    let result = opts(client.list_funding_sources()).id(ACCOUNT).removed("false").send().await;
    report.ok("listFundingSources", "", result);

    let result = opts(client.list_and_search_transfers())
        .id(ACCOUNT)
        .search("Doe")
        .start_amount("1.00")
        .end_amount("100.00")
        .start_date("2024-01-01")
        .end_date("2024-12-31")
        .status("pending")
        .correlation_id("8a2cdc8d-629d-4a24-98ac-40b735229fe2")
        .limit("25")
        .offset("0")
        .send()
        .await;
    report.ok("listAndSearchTransfers", "", result);

    let result = opts(client.list_mass_payments())
        .id(ACCOUNT)
        .limit(std::num::NonZeroU32::new(25).expect("nonzero"))
        .offset(0)
        .correlation_id("ad6ca82d-59f7-45f0-a8d2-94c2cd4e8841")
        .send()
        .await;
    report.ok("listMassPayments", "", result);

    let result = opts(client.create_on_demand_transfer_authorization()).send().await;
    report.ok("createOnDemandTransferAuthorization", "", result);

    let body: CreateClientTokenBody = typed(json!({
        "action": "customer.update",
        "_links": { "customer": { "href": format!("https://api-sandbox.dwolla.com/customers/{CUSTOMER}") } },
    }));
    let result = opts(client.create_client_token()).body(body).send().await;
    report.ok("createClientToken", "", result);
}

async fn customers(client: &Client, report: &mut Report) {
    let result = opts(client.list_and_search_customers())
        .limit(25)
        .offset(0)
        .search("Jane")
        .status("verified")
        .send()
        .await;
    report.ok("listAndSearchCustomers", "", result);
    // The pagination engine: a page stream and an item stream over the same list.
    let pages: Result<Vec<_>, Error> = opts(client.list_and_search_customers())
        .limit(25)
        .pages()
        .take(2)
        .try_collect()
        .await;
    let pages = pages.map(|pages| pages.len());
    stream("listAndSearchCustomers", "pages()", pages, report);
    let items: Result<Vec<_>, Error> = opts(client.list_events()).limit(25).items().take(3).try_collect().await;
    let items = items.map(|items| items.len());
    stream("listEvents", "items()", items, report);

    let receive_only: CreateCustomerBody = typed(json!({
        "firstName": "Account",
        "lastName": "Admin",
        "email": "accountAdmin@email.com",
        "type": "receive-only",
        "businessName": "Jane Corp llc",
    }));
    let result = opts(client.create_customer())
        .idempotency_key("e2e-create-customer-receive-only")
        .body(receive_only)
        .send()
        .await;
    report.created("createCustomer", "receive-only", result);
    let personal: CreateCustomerBody = typed(json!({
        "firstName": "Account",
        "lastName": "Admin",
        "email": "accountAdmin@email.com",
        "ipAddress": "143.156.7.8",
        "type": "personal",
        "address1": "99-99 33rd St",
        "city": "Some City",
        "state": "NY",
        "postalCode": "11101",
        "dateOfBirth": "1980-09-12",
        "ssn": "1234",
    }));
    let result = opts(client.create_customer()).body(personal).send().await;
    report.created("createCustomer", "verified personal", result);

    let result = opts(client.get_customer()).id(CUSTOMER).send().await;
    report.ok("getCustomer", "", result);

    let suspend = UpdateBody::SuspendCustomer(typed(json!({ "status": "suspended" })));
    let result = opts(client.update()).id(CUSTOMER).body(suspend).send().await;
    report.ok("update", "suspend", result);

    let result = opts(client.list_business_classifications()).send().await;
    report.ok("listBusinessClassifications", "", result);

    let result = opts(client.retrieve_business_classification())
        .id(BUSINESS_CLASSIFICATION)
        .send()
        .await;
    report.ok("retrieveBusinessClassification", "", result);
}

fn stream(operation: &'static str, case: &str, result: Result<usize, Error>, report: &mut Report) {
    let name = report.tally.call(operation, case);
    match result {
        Ok(0) => report.tally.fail(&name, "the stream was empty".into()),
        Ok(n) => report.tally.pass(&name, format_args!("{n} from the stream")),
        Err(error) => report.tally.fail(&name, format!("{error} ({error:?})")),
    }
}

fn us_owner() -> Value {
    json!({
        "firstName": "John",
        "lastName": "Doe",
        "dateOfBirth": "1980-01-31",
        "address": {
            "address1": "462 Main Street",
            "address2": "Suite 123",
            "city": "Des Moines",
            "postalCode": "50309",
            "country": "USA",
            "stateProvinceRegion": "IA",
        },
        "ssn": "123456789",
    })
}

async fn beneficial_owners(client: &Client, report: &mut Report) {
    let result = opts(client.list_beneficial_owners_for_customer()).id(CUSTOMER).send().await;
    report.ok("listBeneficialOwnersForCustomer", "", result);

    let body: CreateBeneficialOwnerForCustomerBody = typed(us_owner());
    let result = opts(client.create_beneficial_owner_for_customer())
        .id(CUSTOMER)
        .body(body)
        .send()
        .await;
    report.created("createBeneficialOwnerForCustomer", "US", result);

    let result = opts(client.retrieve_beneficial_owner()).id(BENEFICIAL_OWNER).send().await;
    report.ok("retrieveBeneficialOwner", "", result);

    let body: UpdateBeneficialOwnerBody = typed(us_owner());
    let result = opts(client.update_beneficial_owner()).id(BENEFICIAL_OWNER).body(body).send().await;
    report.ok("updateBeneficialOwner", "US", result);

    let result = opts(client.delete_beneficial_owner()).id(BENEFICIAL_OWNER).send().await;
    report.ok("deleteBeneficialOwner", "", result);

    let result = opts(client.get_beneficial_ownership_status_for_customer())
        .id(CUSTOMER)
        .send()
        .await;
    report.ok("getBeneficialOwnershipStatusForCustomer", "", result);

    let body: CertifyBeneficialOwnershipForCustomerBody = typed(json!({ "status": "certified" }));
    let result = opts(client.certify_beneficial_ownership_for_customer())
        .id(CUSTOMER)
        .body(body)
        .send()
        .await;
    report.ok("certifyBeneficialOwnershipForCustomer", "", result);
}

async fn documents_and_kba(client: &Client, report: &mut Report) {
    let result = opts(client.list_customer_documents()).id(CUSTOMER).send().await;
    report.ok("listCustomerDocuments", "", result);

    let form = Multipart::new()
        .text("documentType", "license")
        .file("file", "license.png", "image/png", PNG.to_vec());
    let result = opts(client.create_customer_document()).id(CUSTOMER).body(form).send().await;
    report.created("createCustomerDocument", "multipart", result);

    let result = opts(client.list_beneficial_owner_documents()).id(BENEFICIAL_OWNER).send().await;
    report.ok("listBeneficialOwnerDocuments", "", result);

    let form = Multipart::new()
        .text("documentType", "passport")
        .file("file", "passport.png", "image/png", PNG.to_vec());
    let result = opts(client.create_beneficial_owner_document())
        .id(BENEFICIAL_OWNER)
        .body(form)
        .send()
        .await;
    report.created("createBeneficialOwnerDocument", "multipart", result);

    let result = opts(client.retrieve_document()).id(DOCUMENT).send().await;
    report.ok("retrieveDocument", "", result);

    let result = opts(client.initiate_kba_for_customer()).id(CUSTOMER).send().await;
    report.created("initiateKbaForCustomer", "", result);

    let result = opts(client.get_kba_questions()).id(KBA).send().await;
    report.ok("getKbaQuestions", "", result);

    let body: VerifyKbaQuestionsBody = typed(json!({
        "answers": [{ "questionId": "2355953375", "answerId": "2687969335" }],
    }));
    let result = opts(client.verify_kba_questions()).id(KBA).body(body).send().await;
    report.ok("verifyKbaQuestions", "", result);
}

async fn funding_sources(client: &Client, report: &mut Report) {
    let result = opts(client.list_customer_funding_sources())
        .id(CUSTOMER)
        .removed("false")
        .send()
        .await;
    report.ok("listCustomerFundingSources", "", result);

    let body: CreateCustomerFundingSource = typed(json!({
        "routingNumber": "222222226",
        "accountNumber": "123456789",
        "bankAccountType": "checking",
        "name": "Jane Doe's Checking",
    }));
    let result = opts(client.create_customer_funding_source()).id(CUSTOMER).body(body).send().await;
    report.created("createCustomerFundingSource", "bank account", result);

    let result = opts(client.get_funding_source()).id(FUNDING_SOURCE).send().await;
    report.ok("getFundingSource", "", result);

    let body = UpdateOrRemoveFundingSourceBody::UpdateVerifiedBank(typed(json!({ "name": "Jane Doe’s Checking" })));
    let result = opts(client.update_or_remove_funding_source())
        .id(FUNDING_SOURCE)
        .body(body)
        .send()
        .await;
    report.ok("updateOrRemoveFundingSource", "rename", result);
    let body = UpdateOrRemoveFundingSourceBody::RemoveBank(typed(json!({ "removed": true })));
    let result = opts(client.update_or_remove_funding_source())
        .id(FUNDING_SOURCE)
        .body(body)
        .send()
        .await;
    report.ok("updateOrRemoveFundingSource", "remove", result);

    let result = opts(client.get_micro_deposits()).id(FUNDING_SOURCE).send().await;
    report.ok("getMicroDeposits", "", result);

    let (name, value) = prefer(201);
    let result = opts(client.initiate_or_verify_micro_deposits())
        .header(name, value)
        .id(FUNDING_SOURCE)
        .body(InitiateOrVerifyMicroDepositsBody::InitiateMicroDeposits(None))
        .send()
        .await;
    report.created("initiateOrVerifyMicroDeposits", "initiate", result);
    let verify = InitiateOrVerifyMicroDepositsBody::VerifyMicroDeposits(typed(json!({
        "amount1": { "value": "0.02", "currency": "USD" },
        "amount2": { "value": "0.03", "currency": "USD" },
    })));
    let result = opts(client.initiate_or_verify_micro_deposits())
        .id(FUNDING_SOURCE)
        .body(verify)
        .send()
        .await;
    report.ok("initiateOrVerifyMicroDeposits", "verify", result);

    let result = opts(client.get_funding_source_balance()).id(FUNDING_SOURCE).send().await;
    report.ok("getFundingSourceBalance", "", result);

    let result = opts(client.get_van_routing()).id(FUNDING_SOURCE).send().await;
    report.ok("getVanRouting", "", result);

    let result = opts(client.simulate_bank_transfer_processing()).send().await;
    report.ok("simulateBankTransferProcessing", "", result);
}

async fn transfers(client: &Client, report: &mut Report) {
    let body: InitiateTransferBody = typed(json!({
        "_links": {
            "source": href(&format!("funding-sources/{FUNDING_SOURCE}")),
            "destination": href(&format!("funding-sources/{DESTINATION}")),
        },
        "amount": { "value": "5.00", "currency": "USD" },
    }));
    let result = opts(client.initiate_transfer())
        .idempotency_key("19051a62-3403-11e6-ac61-9e71128cae77")
        .body(body)
        .send()
        .await;
    report.created("initiateTransfer", "", result);

    let result = opts(client.get_transfer()).id(TRANSFER).send().await;
    report.ok("getTransfer", "", result);

    let body: CancelTransferBody = typed(json!({ "status": "cancelled" }));
    let result = opts(client.cancel_transfer()).id(TRANSFER).body(body).send().await;
    report.ok("cancelTransfer", "", result);

    let result = opts(client.list_customer_transfers())
        .id(CUSTOMER)
        .limit("25")
        .offset("0")
        .status("pending")
        .send()
        .await;
    report.ok("listCustomerTransfers", "", result);

    let result = opts(client.list_transfer_fees()).id(TRANSFER).send().await;
    report.ok("listTransferFees", "", result);

    let result = opts(client.get_transfer_failure_reason()).id(TRANSFER).send().await;
    report.ok("getTransferFailureReason", "", result);
}

async fn mass_payments(client: &Client, report: &mut Report) {
    let body: InitiateMassPaymentBody = typed(json!({
        "_links": { "source": href(&format!("funding-sources/{FUNDING_SOURCE}")) },
        "items": [{
            "_links": { "destination": href(&format!("funding-sources/{DESTINATION}")) },
            "amount": { "value": "5.00", "currency": "USD" },
            "correlationId": "ad6ca82d-59f7-45f0-a8d2-94c2cd4e8841",
        }],
        "status": "deferred",
        "correlationId": "ad6ca82d-59f7-45f0-a8d2-94c2cd4e8841",
    }));
    let result = opts(client.initiate_mass_payment())
        .idempotency_key("19051a62-3403-11e6-ac61-9e71128cae78")
        .body(body)
        .send()
        .await;
    report.created("initiateMassPayment", "", result);

    let result = opts(client.get_mass_payment()).id(MASS_PAYMENT).send().await;
    report.ok("getMassPayment", "", result);

    let body: UpdateMassPaymentBody = typed(json!({ "status": "pending" }));
    let result = opts(client.update_mass_payment()).id(MASS_PAYMENT).body(body).send().await;
    report.ok("updateMassPayment", "", result);

    let result = opts(client.list_mass_payment_items())
        .id(MASS_PAYMENT)
        .limit("25")
        .offset("0")
        .status("success")
        .send()
        .await;
    report.ok("listMassPaymentItems", "", result);

    let result = opts(client.get_mass_payment_item()).item_id(MASS_PAYMENT_ITEM).send().await;
    report.ok("getMassPaymentItem", "", result);

    let result = opts(client.list_customer_mass_payments())
        .id(CUSTOMER)
        .limit(25)
        .offset(0)
        .correlation_id("ad6ca82d-59f7-45f0-a8d2-94c2cd4e8841")
        .send()
        .await;
    report.ok("listCustomerMassPayments", "", result);
}

async fn labels(client: &Client, report: &mut Report) {
    let body: CreateCustomerLabelBody = typed(json!({ "amount": { "currency": "USD", "value": "12.34" } }));
    let result = opts(client.create_customer_label()).id(CUSTOMER).body(body).send().await;
    report.created("createCustomerLabel", "", result);

    let result = opts(client.list_customer_labels())
        .id(CUSTOMER)
        .limit("25")
        .offset("0")
        .send()
        .await;
    report.ok("listCustomerLabels", "", result);

    let result = opts(client.get_label()).id(LABEL).send().await;
    report.ok("getLabel", "", result);

    let body: CreateLabelLedgerEntryBody = typed(json!({ "amount": { "value": "-5.00", "currency": "USD" } }));
    let result = opts(client.create_label_ledger_entry()).id(LABEL).body(body).send().await;
    report.created("createLabelLedgerEntry", "", result);

    let result = opts(client.list_label_ledger_entries()).id(LABEL).limit(25).offset(0).send().await;
    report.ok("listLabelLedgerEntries", "", result);

    let result = opts(client.get_label_ledger_entry()).ledger_entry_id(LEDGER_ENTRY).send().await;
    report.ok("getLabelLedgerEntry", "", result);

    let body: CreateLabelReallocationBody = typed(json!({
        "_links": { "from": href(&format!("labels/{OTHER_LABEL}")), "to": href(&format!("labels/{LABEL}")) },
        "amount": { "currency": "USD", "value": "15.00" },
    }));
    let result = opts(client.create_label_reallocation()).body(body).send().await;
    report.created("createLabelReallocation", "", result);

    let result = opts(client.retrieve_label_reallocation())
        .reallocation_id(REALLOCATION)
        .send()
        .await;
    report.ok("retrieveLabelReallocation", "", result);

    let result = opts(client.remove_label()).id(LABEL).send().await;
    report.ok("removeLabel", "", result);
}

async fn events_and_webhooks(client: &Client, report: &mut Report) {
    let result = opts(client.list_events()).limit(25).offset(0).send().await;
    report.ok("listEvents", "", result);

    let result = opts(client.get_event()).id(EVENT).send().await;
    report.ok("getEvent", "", result);

    let result = opts(client.list_webhook_subscriptions()).send().await;
    report.ok("listWebhookSubscriptions", "", result);

    let body: CreateWebhookSubscriptionBody = typed(json!({ "url": "http://myapplication.com/webhooks", "secret": "sshhhhhh" }));
    let result = opts(client.create_webhook_subscription()).body(body).send().await;
    report.created("createWebhookSubscription", "", result);

    let result = opts(client.get_webhook_subscription()).id(WEBHOOK_SUBSCRIPTION).send().await;
    report.ok("getWebhookSubscription", "", result);

    let body: UpdateWebhookSubscriptionBody = typed(json!({ "paused": true }));
    let result = opts(client.update_webhook_subscription())
        .id(WEBHOOK_SUBSCRIPTION)
        .body(body)
        .send()
        .await;
    report.ok("updateWebhookSubscription", "", result);

    let result = opts(client.list_webhooks())
        .id(WEBHOOK_SUBSCRIPTION)
        .limit("25")
        .offset("0")
        .start_date("2024-01-01")
        .end_date("2024-12-31")
        .send()
        .await;
    report.ok("listWebhooks", "", result);

    let result = opts(client.get_webhook()).id(WEBHOOK).send().await;
    report.ok("getWebhook", "", result);

    let result = opts(client.list_webhook_retries()).id(WEBHOOK).send().await;
    report.ok("listWebhookRetries", "", result);

    let result = opts(client.retry_webhook()).id(WEBHOOK).send().await;
    report.created("retryWebhook", "", result);

    let result = opts(client.delete()).id(WEBHOOK_SUBSCRIPTION).send().await;
    report.ok("delete", "", result);
}

async fn exchanges(client: &Client, report: &mut Report) {
    let result = opts(client.list_exchange_partners()).send().await;
    report.ok("listExchangePartners", "", result);

    let result = opts(client.get_exchange_partner()).id(EXCHANGE_PARTNER).send().await;
    report.ok("getExchangePartner", "", result);

    let result = opts(client.list_account_exchanges()).send().await;
    report.ok("listAccountExchanges", "", result);

    let token_based = json!({
        "_links": { "exchange-partner": href(&format!("exchange-partners/{EXCHANGE_PARTNER}")) },
        "token": "sandbox-token-abc123",
    });
    let body: CreateAccountExchangeBody = typed(token_based.clone());
    let result = opts(client.create_account_exchange()).body(body).send().await;
    report.created("createAccountExchange", "token", result);

    let result = opts(client.get_exchange()).id(EXCHANGE).send().await;
    report.ok("getExchange", "", result);

    let result = opts(client.list_customer_exchanges()).id(CUSTOMER).send().await;
    report.ok("listCustomerExchanges", "", result);

    let body: CreateCustomerExchangeBody = typed(token_based);
    let result = opts(client.create_customer_exchange()).id(CUSTOMER).body(body).send().await;
    report.created("createCustomerExchange", "token", result);

    let body = CreateCustomerExchangeSessionBody::WithRedirect(typed(json!({
        "_links": {
            "exchange-partner": href(&format!("exchange-partners/{EXCHANGE_PARTNER}")),
            "redirect-url": { "href": "https://example.com/app123" },
        },
    })));
    let result = opts(client.create_customer_exchange_session()).id(CUSTOMER).body(body).send().await;
    report.created("createCustomerExchangeSession", "with redirect", result);
    let body = CreateCustomerExchangeSessionBody::ForWeb(typed(json!({
        "_links": { "exchange-partner": href(&format!("exchange-partners/{EXCHANGE_PARTNER}")) },
    })));
    let result = opts(client.create_customer_exchange_session()).id(CUSTOMER).body(body).send().await;
    report.created("createCustomerExchangeSession", "for web", result);

    let result = opts(client.retrieve_customer_exchange_session()).id(EXCHANGE_SESSION).send().await;
    report.ok("retrieveCustomerExchangeSession", "", result);

    let body = CreateReAuthExchangeSessionBody::WithRedirect(typed(json!({
        "_links": { "redirect-url": { "href": "https://example.com/app123" } },
    })));
    let result = opts(client.create_re_auth_exchange_session()).id(EXCHANGE).body(body).send().await;
    report.created("createReAuthExchangeSession", "with redirect", result);
    let body = CreateReAuthExchangeSessionBody::ForWeb(typed(json!({})));
    let result = opts(client.create_re_auth_exchange_session()).id(EXCHANGE).body(body).send().await;
    report.created("createReAuthExchangeSession", "for web", result);
    let result = opts(client.create_re_auth_exchange_session()).id(EXCHANGE).send().await;
    report.created("createReAuthExchangeSession", "no body", result);

    let result = opts(client.list_available_exchange_connections()).id(CUSTOMER).send().await;
    report.ok("listAvailableExchangeConnections", "", result);
}

/// A 1x1 PNG, the uploaded document.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63,
    0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
    0x82,
];
