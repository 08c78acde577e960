//! The workspace's tests live in this package's `[[test]]` targets. The top-level README is
//! included here so that its quickstart compiles as a doctest.
#![doc = include_str!("../../README.md")]
