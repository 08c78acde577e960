//! Stage 5: format the syntax tree with prettyplease (stable, deterministic) under a
//! do-not-edit header.

use proc_macro2::TokenStream;

use crate::{Error, REGENERATE_COMMAND};

/// Formats `file` as Rust source that opens with the do-not-edit header.
pub fn format(file: &syn::File, spec_name: &str) -> String {
    format!("{}\n{}", header(spec_name), prettyplease::unparse(file))
}

/// Parses and formats `tokens`, for stages that emit tokens rather than a tree.
pub fn format_tokens(tokens: TokenStream, spec_name: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Format(e.to_string()))?;
    Ok(format(&file, spec_name))
}

/// The header every generated file opens with.
pub fn header(spec_name: &str) -> String {
    format!(
        "// @generated from spec/{spec_name} by `{REGENERATE_COMMAND}`. DO NOT EDIT.\n\
         // Edit the spec and regenerate; `{REGENERATE_COMMAND} -- --check` verifies this file.\n"
    )
}
