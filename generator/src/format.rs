//! Stage 5: format the tokens with prettyplease (stable, deterministic) under a
//! do-not-edit header.

use proc_macro2::TokenStream;

use crate::{Error, REGENERATE_COMMAND};

/// Formats `tokens` as a Rust file that opens with the do-not-edit header.
pub fn format(tokens: &TokenStream, spec_name: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens.clone()).map_err(|e| Error::Format(e.to_string()))?;
    let body = prettyplease::unparse(&file);
    Ok(format!("{}\n{body}", header(spec_name)))
}

/// The header every generated file opens with.
pub fn header(spec_name: &str) -> String {
    format!(
        "// @generated from spec/{spec_name} by `{REGENERATE_COMMAND}`. DO NOT EDIT.\n\
         // Edit the spec and regenerate; `{REGENERATE_COMMAND} -- --check` verifies this file.\n"
    )
}
