//! Runs code that may panic (progenitor, typify, prettyplease) and turns a panic into a value,
//! without the default hook printing "thread panicked" to stderr.

use std::backtrace::Backtrace;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

/// A panic caught by [`catch`].
#[derive(Debug)]
pub struct CaughtPanic {
    /// The panic's message.
    pub message: String,
    /// Where it was raised (`file:line:column`), when known.
    pub location: Option<String>,
    /// The stack when it was raised, captured only after [`capture_backtraces`]`(true)`.
    pub backtrace: Option<Backtrace>,
}

impl std::fmt::Display for CaughtPanic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "panicked")?;
        if let Some(location) = &self.location {
            write!(f, " at {location}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(backtrace) = &self.backtrace {
            write!(f, "\nstack backtrace:\n{backtrace}")?;
        }
        Ok(())
    }
}

static CAPTURE_BACKTRACES: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

thread_local! {
    // Depth of nested `catch` calls on this thread; the hook stays quiet while it is > 0.
    static GUARDED: Cell<usize> = const { Cell::new(0) };
    static LAST: RefCell<Option<(Option<String>, Option<Backtrace>)>> = const { RefCell::new(None) };
}

/// Makes later caught panics carry a backtrace (the CLI's `--verbose`). Off by default:
/// capturing costs time and the text is only shown on request.
pub fn capture_backtraces(enabled: bool) {
    CAPTURE_BACKTRACES.store(enabled, Ordering::Relaxed);
}

/// Runs `f`; a panic inside it is returned as [`CaughtPanic`] and prints nothing.
///
/// Panics on other threads, or outside any `catch`, still go to the previous hook.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, CaughtPanic> {
    install_hook();
    GUARDED.with(|depth| depth.set(depth.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|payload| {
        let (location, backtrace) = LAST
            .with(|last| last.borrow_mut().take())
            .unwrap_or_default();
        CaughtPanic {
            message: payload_message(payload.as_ref()),
            location,
            backtrace,
        }
    })
}

fn install_hook() {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if GUARDED.with(Cell::get) == 0 {
                previous(info);
                return;
            }
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            let backtrace = CAPTURE_BACKTRACES
                .load(Ordering::Relaxed)
                .then(Backtrace::force_capture);
            LAST.with(|last| *last.borrow_mut() = Some((location, backtrace)));
        }));
    });
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_string()
    } else {
        "a panic without a message".to_string()
    }
}
