//! Stage 4: run progenitor on the adapted spec, then add what progenitor lacks.

use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;

use crate::adapt::Adapted;
use crate::load::Loaded;
use crate::{Error, extras};

/// The inner state every generated `Client` carries; the hand-written hooks read it.
const INNER_TYPE: &str = "::std::sync::Arc<crate::client::Shared>";

/// progenitor's settings for this client: builder methods, one merged `Client`, hooks
/// implemented by hand beside the generated file.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(INNER_TYPE.parse().expect("INNER_TYPE is a valid Rust path"))
        // Ordered maps keep serialized bodies and Debug output stable.
        .with_map_type("::std::collections::BTreeMap");
    settings
}

/// Generates the client's tokens: progenitor's output followed by [`extras`].
pub fn generate(loaded: &Loaded, adapted: &Adapted) -> Result<TokenStream, Error> {
    let progenitor = run_progenitor(loaded, adapted)?;
    let file: syn::File = syn::parse2(progenitor.clone()).map_err(|e| Error::Format(e.to_string()))?;
    let extras = extras::emit(&file, adapted).map_err(|message| Error::Generate {
        file: loaded.path.clone(),
        context: "the client extensions".into(),
        message,
    })?;
    Ok(quote! {
        #progenitor
        #extras
    })
}

/// Runs progenitor, turning both its errors and its panics into [`Error::Generate`].
fn run_progenitor(loaded: &Loaded, adapted: &Adapted) -> Result<TokenStream, Error> {
    let settings = settings();
    let result = std::panic::catch_unwind(|| Generator::new(&settings).generate_tokens(&adapted.spec));
    let generate_error = |message: String| Error::Generate {
        file: loaded.path.clone(),
        context: "the client".into(),
        message,
    };
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err(generate_error(error.to_string())),
        Err(panic) => Err(generate_error(panic_message(&panic))),
    }
}

/// The text of a caught panic.
pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "progenitor panicked".into())
}
