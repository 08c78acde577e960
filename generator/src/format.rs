//! Stage 5: format the syntax tree with prettyplease (stable, deterministic) under a
//! do-not-edit header.

use proc_macro2::TokenStream;

use crate::{Error, REGENERATE_COMMAND};

/// Formats `file` as Rust source that opens with the do-not-edit header.
pub fn format(file: &syn::File, spec_name: &str) -> String {
    format!(
        "{}\n{}",
        header(spec_name),
        wrap(&prettyplease::unparse(file))
    )
}

/// Parses and formats `tokens`, for stages that emit tokens rather than a tree.
pub fn format_tokens(tokens: TokenStream, spec_name: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Format(e.to_string()))?;
    Ok(format(&file, spec_name))
}

/// Formats `items` as one part of a file, without the header: a file formatted in parts
/// reads as if formatted whole, since each item is printed on its own lines.
pub fn format_items(items: Vec<syn::Item>) -> String {
    let mut file: syn::File = syn::parse_quote!();
    file.items = items;
    wrap(&prettyplease::unparse(&file))
}

/// Parses and formats `tokens` as one part of a file ([`format_items`]).
pub fn format_part(tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Format(e.to_string()))?;
    Ok(format_items(file.items))
}

/// The header every generated file opens with.
pub fn header(spec_name: &str) -> String {
    format!(
        "// @generated from spec/{spec_name} by `{REGENERATE_COMMAND}`. DO NOT EDIT.\n\
         // Edit the spec and regenerate; `{REGENERATE_COMMAND} -- --check` verifies this file.\n"
    )
}

/// The widest line the generated files may have.
pub const MAX_WIDTH: usize = 100;

/// Wraps what prettyplease leaves wider than [`MAX_WIDTH`]: doc comments (line and block)
/// at a space, and a string literal alone on its line with `\` line continuations, which
/// the compiler reads as the same string. Code blocks inside docs are left as they are, and
/// so is a line with nowhere to break.
pub fn wrap(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 32);
    // Inside a `/** … */` doc, and inside a fenced code block of any doc.
    let (mut in_block, mut in_fence) = (false, false);
    for line in source.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let doc_line = ["///", "//!"].iter().find(|p| trimmed.starts_with(**p));
        if doc_line.is_none()
            && !in_block
            && (trimmed.starts_with("/**") || trimmed.starts_with("/*!"))
            && !trimmed.contains("*/")
        {
            in_block = true;
        }
        let text = match doc_line {
            Some(prefix) => Some(&trimmed[prefix.len()..]),
            None if in_block => Some(line),
            None => None,
        };
        if let Some(text) = text {
            let fence = text.trim_start().starts_with("```");
            if fence {
                in_fence = !in_fence;
            }
            if in_block && line.contains("*/") {
                in_block = false;
            }
            if line.len() > MAX_WIDTH && !in_fence && !fence {
                match doc_line {
                    Some(prefix) => wrap_words(&mut out, &format!("{indent}{prefix}"), text),
                    None => wrap_words(&mut out, "", text),
                }
                continue;
            }
        } else {
            in_fence = false;
            if line.len() > MAX_WIDTH && wrap_literal(&mut out, indent, trimmed) {
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Writes `text` after `prefix` in lines of at most [`MAX_WIDTH`], breaking at spaces. A
/// continuation line never starts with what Markdown would read as a new block.
fn wrap_words(out: &mut String, prefix: &str, text: &str) {
    let starts_block = |rest: &str| {
        let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        rest.starts_with(['-', '*', '+', '#', '>', '|', '=', '`'])
            || (digits.len() < rest.len() && digits.starts_with(['.', ')']))
    };
    let mut rest = text;
    let mut first = true;
    loop {
        // A `///` continuation gets the space a block doc's raw lines do without.
        let lead = if first || prefix.is_empty() { "" } else { " " };
        let room = MAX_WIDTH.saturating_sub(prefix.len() + lead.len());
        if rest.len() <= room {
            out.push_str(&format!("{prefix}{lead}{rest}\n"));
            return;
        }
        let mut breaks = rest
            .char_indices()
            .filter(|&(i, c)| c == ' ' && i > 0 && !starts_block(rest[i..].trim_start()));
        // The last break that fits, else the first one there is.
        let fits = breaks
            .clone()
            .rev()
            .find(|&(i, _)| i <= room)
            .or_else(|| breaks.next());
        let Some((at, _)) = fits.filter(|&(at, _)| !rest[..at].trim().is_empty()) else {
            out.push_str(&format!("{prefix}{lead}{rest}\n"));
            return;
        };
        out.push_str(&format!("{prefix}{lead}{}\n", rest[..at].trim_end()));
        rest = rest[at..].trim_start();
        first = false;
    }
}

/// Breaks `line`, a string literal alone on its line (maybe followed by `,`, `)` or `;`),
/// with `\` continuations; `false` when it is not such a line.
fn wrap_literal(out: &mut String, indent: &str, line: &str) -> bool {
    let end = line.trim_end_matches([',', ')', ';']);
    let tail = &line[end.len()..];
    let Some(body) = end.strip_prefix('"').and_then(|b| b.strip_suffix('"')) else {
        return false;
    };
    // Where a break may go: between two characters outside an escape, before one that is
    // not whitespace (a continuation skips the whitespace that starts the next line).
    let mut points = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            return false; // an unescaped quote: more than one literal
        }
        if c == '\\' {
            match chars.next() {
                Some((_, 'u')) => {
                    for (_, c) in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
                Some((_, 'x')) => {
                    chars.next();
                    chars.next();
                }
                Some(_) => {}
                None => return false,
            }
        }
        if let Some(&(next, c)) = chars.peek()
            && !c.is_whitespace()
            && i > 0
        {
            points.push((next, body[..next].ends_with(' ')));
        }
    }
    let room = MAX_WIDTH.saturating_sub(indent.len() + 2); // the quote and the `\`
    let mut pieces = Vec::new();
    let mut start = 0;
    while body.len() - start > room.saturating_sub(tail.len()) {
        let mut candidates = points
            .iter()
            .filter(|&&(p, _)| p > start && p - start <= room);
        let after_space = candidates.clone().rev().find(|&&(_, space)| space);
        let Some(&(at, _)) = after_space.or_else(|| candidates.next_back()) else {
            break;
        };
        pieces.push(&body[start..at]);
        start = at;
    }
    if pieces.is_empty() {
        return false;
    }
    out.push_str(&format!("{indent}\"{}\\\n", pieces[0]));
    for piece in &pieces[1..] {
        out.push_str(&format!("{indent}{piece}\\\n"));
    }
    out.push_str(&format!("{indent}{}\"{tail}\n", &body[start..]));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_doc_line_wraps_at_spaces_and_never_starts_a_markdown_block() {
        let words = "word ".repeat(30);
        let source = format!("    /// {words}- not a list\n    ///{words}\nfn f() {{}}\n");
        let wrapped = wrap(&source);
        assert!(wrapped.lines().all(|l| l.len() <= MAX_WIDTH), "{wrapped}");
        assert!(
            wrapped
                .lines()
                .all(|l| !l.trim_start().starts_with("/// -")),
            "{wrapped}"
        );
        fn text(s: &str) -> Vec<&str> {
            s.split_whitespace()
                .map(|w| w.trim_start_matches("///"))
                .filter(|w| !w.is_empty())
                .collect()
        }
        assert_eq!(text(&wrapped), text(&source));
    }

    #[test]
    fn a_long_block_doc_wraps_but_its_code_blocks_do_not() {
        let long = "x ".repeat(60);
        let code = format!("let a = \"{}\";", "y".repeat(120));
        let source = format!("/**{long}\n```\n{code}\n```\n{long}\n*/\nfn f() {{}}\n");
        let wrapped = wrap(&source);
        assert!(wrapped.contains(&code), "{wrapped}");
        let long_lines = wrapped.lines().filter(|l| l.len() > MAX_WIDTH).count();
        assert_eq!(long_lines, 1, "{wrapped}");
    }

    #[test]
    fn a_long_string_literal_continues_on_the_next_lines_with_the_same_value() {
        let value = format!(
            "{{\\\"a\\\":\\\"{}\\\",\\\"b\\\":\\\"\\u{{e9}}\\\"}} and some words at the end",
            "z".repeat(150)
        );
        let source = format!("fn f() {{\n    g(\n        \"{value}\",\n    );\n}}\n");
        let wrapped = wrap(&source);
        assert!(wrapped.lines().all(|l| l.len() <= MAX_WIDTH), "{wrapped}");
        let literal = |s: &str| -> String {
            let file: syn::File = syn::parse_str(s).unwrap();
            let syn::Item::Fn(f) = &file.items[0] else {
                panic!()
            };
            let syn::Stmt::Expr(syn::Expr::Call(call), _) = &f.block.stmts[0] else {
                panic!()
            };
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &call.args[0]
            else {
                panic!()
            };
            s.value()
        };
        assert_eq!(literal(&wrapped), literal(&source));
    }
}
