//! End to end: the client generated from `tests/corpus/valid/dwolla.yaml` calls every
//! operation of that document against Stoplight Prism serving the same document.
//!
//! `scripts/prism-e2e.sh` copies this file into the examples of a generated copy of the
//! client crate and runs `cargo run --example dwolla_prism -- BASE_URL [OPERATIONS]`.
//! Every call must succeed with the status the document declares, and no response may
//! carry `sl-violations`, Prism's report of a request or response that breaks the
//! document. `OPERATIONS`, when given, is how many operations the client has: each must
//! have been called. One line per call; the exit status is nonzero when any failed.

mod common;

use std::process::ExitCode;

use dwolla_exchange_sessions::types::{
    BankAccountDetails, BankAccountDetailsBankAccountType, BankAccountFromExchange, BankAccountFromExchangeBankAccountType,
    BankAccountFromExchangeLinks, CreateApplicationAccessTokenBody, CreateApplicationAccessTokenBodyGrantType, CreateCustomerBody,
    CreateCustomerExchangeBody, CreateCustomerExchangeSessionBody, CreateCustomerFundingSourceBody, CreatePersonalCustomer,
    CreatePersonalCustomerType, CreateReAuthExchangeSessionBody, CreateReAuthExchangeSessionBodyLinks, CreateReceiveOnlyUser,
    CreateReceiveOnlyUserType, CreateUnverifiedCustomer, CustomerContactUpdate, CustomerStatusChange, CustomerStatusChangeStatus,
    ExchangePartnerLink, ExchangeSessionWithRedirect, ExchangeSessionWithRedirectLinks, ExchangeSessionWithoutRedirect, LinkHref,
    ListCustomersStatus, MxExchangeRequest, PlaidExchangeRequest, RemoveFundingSource, RenameFundingSource, UpdateCustomerBody,
    UpdateOrRemoveFundingSourceBody,
};
use common::{Answer, Tally, opts};
use dwolla_exchange_sessions::{CallOptions, Client, Created, Credentials, Error, Multipart};
use reqwest::StatusCode;
use reqwest::header::LOCATION;

const CUSTOMER: &str = "5b29279d-6359-4c87-a318-e09095532733";
const DOCUMENT: &str = "56502f7a-fa59-4a2f-8579-0f8bc9d7b9cc";
const FUNDING_SOURCE: &str = "49dbaa24-1580-4b1c-8b58-24e26656fa31";
const EXCHANGE_PARTNER: &str = "https://api-sandbox.dwolla.com/exchange-partners/bca8d065-49a5-475b-a6b4-509bc8504d22";
const EXCHANGE: &str = "2f2ad3b6-7d1e-4a4e-8f8d-3c5b2a1e9d70";
const EXCHANGE_SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
const REDIRECT_URL: &str = "https://example.com/plaid/oauth-return";

/// The calls made so far and their failures.
#[derive(Default)]
struct Report {
    tally: Tally,
}

impl Report {
    /// A call that answers `200`; `detail` describes its body.
    fn ok<A: Answer>(&mut self, operation: &'static str, case: &str, result: Result<A, Error>, detail: impl FnOnce(&A) -> String) {
        self.record(operation, case, result, StatusCode::OK, detail);
    }

    /// A call that answers `201` with a `Location`; `detail` describes its body.
    fn created<T, Op>(
        &mut self,
        operation: &'static str,
        case: &str,
        result: Result<Created<T, Op>, Error>,
        detail: impl FnOnce(&T) -> String,
    ) {
        self.record(operation, case, result, StatusCode::CREATED, |created| {
            let location = created
                .headers()
                .get(LOCATION)
                .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
            format!("Location {:?}{}", location.unwrap_or_default(), detail(created.body()))
        });
    }

    fn record<A: Answer>(
        &mut self,
        operation: &'static str,
        case: &str,
        result: Result<A, Error>,
        status: StatusCode,
        detail: impl FnOnce(&A) -> String,
    ) {
        let name = self.tally.call(operation, case);
        let verdict = match &result {
            Ok(answer) if answer.status() != status => Err(format!("status {}, expected {status}", answer.status())),
            Ok(answer) if status == StatusCode::CREATED && !answer.headers().contains_key(LOCATION) => {
                Err("201 without a Location header".into())
            }
            Ok(answer) => match answer.headers().get("sl-violations") {
                Some(violations) => Err(format!("sl-violations: {}", String::from_utf8_lossy(violations.as_bytes()))),
                None => Ok(detail(answer)),
            },
            Err(error) => Err(describe(error)),
        };
        match verdict {
            Ok(detail) => self.tally.pass(&name, format_args!("{status} {detail}")),
            Err(reason) => self.tally.fail(&name, reason),
        }
    }
}

/// An error with what Prism said: for an error status, its body and violations.
fn describe(error: &Error) -> String {
    match error.api() {
        Some(api) => {
            let violations = api
                .headers()
                .get("sl-violations")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            format!(
                "{error}; body {}; sl-violations {}",
                String::from_utf8_lossy(api.raw_body()),
                violations.as_deref().unwrap_or("none")
            )
        }
        None => format!("{error} ({error:?})"),
    }
}

/// The detail of a `201` without a body.
fn no_body(_: &()) -> String {
    String::new()
}

fn link(href: &str) -> LinkHref {
    LinkHref { href: href.into() }
}

fn partner() -> ExchangePartnerLink {
    ExchangePartnerLink {
        exchange_partner: link(EXCHANGE_PARTNER),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (base_url, expected) = match common::args("dwolla_prism") {
        Ok(args) => args,
        Err(code) => return code,
    };
    // Client credentials: the runtime fetches its token from the document's own `POST /token`
    // (Basic auth, form body) and sends it as a bearer token everywhere else.
    let credentials = Credentials::client_credentials("e2e-client-id", "e2e-client-secret");
    let client = match common::client(base_url, credentials) {
        Ok(client) => client,
        Err(code) => return code,
    };
    let mut report = Report::default();
    run(&client, &mut report).await;
    report.tally.finish(expected, None)
}

/// Calls every operation, each `oneOf` body variant at least once.
async fn run(client: &Client, report: &mut Report) {
    let token = CreateApplicationAccessTokenBody {
        grant_type: CreateApplicationAccessTokenBodyGrantType::ClientCredentials,
    };
    let result = opts(client.create_application_access_token()).body(token).send().await;
    report.ok("createApplicationAccessToken", "form", result, |r| {
        format!("token_type {}, expires_in {}", r.token_type, r.expires_in)
    });

    let result = opts(client.get_root()).send().await;
    report.ok("getRoot", "", result, |r| format!("{} links", r.links.0.len()));

    // Customers.
    let result = opts(client.list_customers())
        .limit(25u64)
        .offset(0u64)
        .search("jane")
        .status(ListCustomersStatus::Verified)
        .send()
        .await;
    report.ok("listCustomers", "", result, |r| format!("{} customers", r.embedded.customers.len()));

    let unverified = CreateCustomerBody::UnverifiedCustomer(CreateUnverifiedCustomer {
        first_name: "Jane".into(),
        last_name: "Doe".into(),
        email: "jane.doe@example.com".into(),
        business_name: None,
        correlation_id: Some("crm-000123".into()),
    });
    let result = opts(client.create_customer())
        .idempotency_key("e2e-create-customer-unverified")
        .body(unverified)
        .send()
        .await;
    report.created("createCustomer", "unverified", result, no_body);
    let receive_only = CreateCustomerBody::ReceiveOnlyUser(CreateReceiveOnlyUser {
        first_name: "Rex".into(),
        last_name: "Roe".into(),
        email: "rex.roe@example.com".into(),
        type_: CreateReceiveOnlyUserType::ReceiveOnly,
        business_name: Some("Roe Hardware".into()),
    });
    let result = opts(client.create_customer()).body(receive_only).send().await;
    report.created("createCustomer", "receive-only", result, no_body);
    let personal = CreateCustomerBody::PersonalCustomer(CreatePersonalCustomer {
        first_name: "Pat".into(),
        last_name: "Poe".into(),
        email: "pat.poe@example.com".into(),
        type_: CreatePersonalCustomerType::Personal,
        address1: "99-99 33rd St".into(),
        address2: None,
        city: "Some City".into(),
        state: "NY".into(),
        postal_code: "11101".into(),
        date_of_birth: "1970-01-01".parse().expect("a date"),
        ssn: "1234".into(),
    });
    let result = opts(client.create_customer()).body(personal).send().await;
    report.created("createCustomer", "personal", result, no_body);

    let result = opts(client.get_customer()).id(CUSTOMER).send().await;
    report.ok("getCustomer", "", result, |r| format!("{} {}", r.first_name, r.last_name));

    let status = UpdateCustomerBody::StatusChange(CustomerStatusChange {
        status: CustomerStatusChangeStatus::Suspended,
    });
    let result = opts(client.update_customer()).id(CUSTOMER).body(status).send().await;
    report.ok("updateCustomer", "status change", result, |r| format!("status {}", r.status));
    let contact = UpdateCustomerBody::ContactUpdate(CustomerContactUpdate {
        email: Some("jane.d@example.com".into()),
        address1: None,
        city: None,
        state: None,
        postal_code: None,
        phone: Some("5554321234".into()),
    });
    let result = opts(client.update_customer()).id(CUSTOMER).body(contact).send().await;
    report.ok("updateCustomer", "contact update", result, |r| format!("email {}", r.email));

    // Documents.
    let form = Multipart::new()
        .text("documentType", "passport")
        .file("file", "passport.png", "image/png", PNG.to_vec());
    let result = opts(client.upload_customer_document()).id(CUSTOMER).body(form).send().await;
    report.created("uploadCustomerDocument", "multipart", result, no_body);

    let result = opts(client.list_customer_documents()).id(CUSTOMER).send().await;
    report.ok("listCustomerDocuments", "", result, |r| {
        format!("{} documents", r.embedded.documents.len())
    });

    let result = opts(client.get_document()).id(DOCUMENT).send().await;
    report.ok("getDocument", "", result, |r| format!("status {}", r.status));

    // Funding sources and micro-deposits.
    let details = CreateCustomerFundingSourceBody::Details(BankAccountDetails {
        routing_number: "222222226".into(),
        account_number: "123456789".into(),
        bank_account_type: BankAccountDetailsBankAccountType::Checking,
        name: "Jane's checking".into(),
    });
    let result = opts(client.create_customer_funding_source())
        .id(CUSTOMER)
        .body(details)
        .send()
        .await;
    report.created("createCustomerFundingSource", "account details", result, no_body);
    let from_exchange = CreateCustomerFundingSourceBody::FromExchange(BankAccountFromExchange {
        links: BankAccountFromExchangeLinks {
            exchange: link(&format!("https://api-sandbox.dwolla.com/exchanges/{EXCHANGE}")),
        },
        bank_account_type: BankAccountFromExchangeBankAccountType::Savings,
        name: "Jane's savings".into(),
    });
    let result = opts(client.create_customer_funding_source())
        .id(CUSTOMER)
        .body(from_exchange)
        .send()
        .await;
    report.created("createCustomerFundingSource", "from exchange", result, no_body);

    let result = opts(client.list_customer_funding_sources())
        .id(CUSTOMER)
        .removed(false)
        .send()
        .await;
    report.ok("listCustomerFundingSources", "", result, |r| {
        format!("{} funding sources", r.embedded.funding_sources.len())
    });

    let result = opts(client.get_funding_source()).id(FUNDING_SOURCE).send().await;
    report.ok("getFundingSource", "", result, |r| format!("{} ({})", r.name, r.status));

    let rename = UpdateOrRemoveFundingSourceBody::RenameFundingSource(RenameFundingSource { name: "Household".into() });
    let result = opts(client.update_or_remove_funding_source())
        .id(FUNDING_SOURCE)
        .body(rename)
        .send()
        .await;
    report.ok("updateOrRemoveFundingSource", "rename", result, |r| format!("name {}", r.name));
    let remove = UpdateOrRemoveFundingSourceBody::RemoveFundingSource(RemoveFundingSource { removed: true });
    let result = opts(client.update_or_remove_funding_source())
        .id(FUNDING_SOURCE)
        .body(remove)
        .send()
        .await;
    report.ok("updateOrRemoveFundingSource", "remove", result, |r| {
        format!("removed {}", r.removed)
    });

    let result = opts(client.initiate_micro_deposits()).id(FUNDING_SOURCE).send().await;
    report.created("initiateMicroDeposits", "", result, no_body);

    let result = opts(client.get_micro_deposits()).id(FUNDING_SOURCE).send().await;
    report.ok("getMicroDeposits", "", result, |r| format!("status {}", r.status));

    // Exchanges.
    let result = opts(client.list_exchange_partners()).send().await;
    report.ok("listExchangePartners", "", result, |r| {
        format!("{} partners", r.embedded.exchange_partners.len())
    });

    let partner_id = EXCHANGE_PARTNER.rsplit('/').next().unwrap_or_default();
    let result = opts(client.get_exchange_partner()).id(partner_id).send().await;
    report.ok("getExchangePartner", "", result, |r| r.name.clone());

    let plaid = PlaidExchangeRequest {
        links: partner(),
        token: "processor-sandbox-0d9e2b1c".into(),
    };
    let result = opts(client.create_account_exchange()).body(plaid.clone()).send().await;
    report.created("createAccountExchange", "body and Location", result, |e| {
        format!(", body: exchange {} ({})", e.id, e.status)
    });

    let result = opts(client.get_exchange()).id(EXCHANGE).send().await;
    report.ok("getExchange", "", result, |r| format!("status {}", r.status));

    let mx = CreateCustomerExchangeBody::MxExchangeRequest(MxExchangeRequest {
        links: partner(),
        available_connection_token: "eyJtZW1iZXJHdWlkIjoiTUJSLTEyMyJ9".into(),
    });
    let result = opts(client.create_customer_exchange()).id(CUSTOMER).body(mx).send().await;
    report.created("createCustomerExchange", "MX", result, no_body);
    let result = opts(client.create_customer_exchange())
        .id(CUSTOMER)
        .body(CreateCustomerExchangeBody::PlaidExchangeRequest(plaid))
        .send()
        .await;
    report.created("createCustomerExchange", "Plaid", result, no_body);

    let result = opts(client.list_customer_exchanges()).id(CUSTOMER).send().await;
    report.ok("listCustomerExchanges", "", result, |r| {
        format!("{} exchanges", r.embedded.exchanges.len())
    });

    let result = opts(client.list_available_exchange_connections()).id(CUSTOMER).send().await;
    report.ok("listAvailableExchangeConnections", "", result, |r| {
        format!("{} connections", r.embedded.available_exchange_connections.len())
    });

    // Exchange sessions.
    let with_redirect = CreateCustomerExchangeSessionBody::WithRedirect(ExchangeSessionWithRedirect {
        links: ExchangeSessionWithRedirectLinks {
            exchange_partner: link(EXCHANGE_PARTNER),
            redirect_url: link(REDIRECT_URL),
        },
    });
    let result = opts(client.create_customer_exchange_session())
        .id(CUSTOMER)
        .body(with_redirect)
        .send()
        .await;
    report.created("createCustomerExchangeSession", "with redirect", result, no_body);
    let without_redirect = CreateCustomerExchangeSessionBody::WithoutRedirect(ExchangeSessionWithoutRedirect { links: partner() });
    let result = opts(client.create_customer_exchange_session())
        .id(CUSTOMER)
        .body(without_redirect)
        .send()
        .await;
    report.created("createCustomerExchangeSession", "without redirect", result, no_body);

    let result = opts(client.retrieve_customer_exchange_session()).id(EXCHANGE_SESSION).send().await;
    report.ok("retrieveCustomerExchangeSession", "", result, |r| format!("created {}", r.created));

    let reauth = CreateReAuthExchangeSessionBody {
        links: Some(CreateReAuthExchangeSessionBodyLinks {
            redirect_url: Some(link(REDIRECT_URL)),
        }),
    };
    let result = opts(client.create_re_auth_exchange_session())
        .id(EXCHANGE)
        .body(reauth)
        .send()
        .await;
    report.created("createReAuthExchangeSession", "with body", result, no_body);
    let result = opts(client.create_re_auth_exchange_session()).id(EXCHANGE).send().await;
    report.created("createReAuthExchangeSession", "no body", result, no_body);
}

/// A 1x1 PNG, the uploaded document.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63,
    0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
    0x82,
];
