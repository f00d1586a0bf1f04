//! The registry of values whose destructors run when the arena is reset or dropped.
//!
//! Only [`Arena::alloc_owned`](crate::Arena::alloc_owned) registers values, and only values
//! that need `Drop`. Each registered value is stored in arena memory inside a [`DropNode`]: a
//! small header (the next node and a type-erased drop function) followed by the value. The
//! nodes form a singly linked list, newest first, whose head lives in the arena; registering a
//! value costs one allocation (header and value together) and two pointer writes, and needs no
//! memory outside the arena.
//!
//! # Why only `T: Send + 'static`
//!
//! A destructor run at reset or arena drop runs *later* than the borrow checker can see and
//! possibly on *another thread*:
//!
//! - `Arena` is `Send`. A `!Send` value (an `Rc`, a `MutexGuard`) dropped after the arena moved
//!   to another thread would break its thread affinity, so registered values must be `Send`.
//! - A value holding a borrow (`struct Guard<'b>(&'b RefCell<..>)` with a `Drop` impl) could
//!   have its destructor run after that borrow ended, reading freed memory, so registered
//!   values must be `'static`.
//!
//! Values that borrow the arena itself (`&'a str` fields, the classic arena graph) fail the
//! second rule, which is why [`Arena::alloc`](crate::Arena::alloc) takes only types without
//! drop glue instead, and [`Arena::alloc_no_drop`](crate::Arena::alloc_no_drop) exists for the
//! rest.

use core::cell::Cell;
use core::ptr::NonNull;

/// The type-erased part of a node.
#[repr(C)]
pub(crate) struct DropHeader {
    next: Option<NonNull<DropHeader>>,
    /// Drops the value of the node this header starts; must be called at most once.
    drop_value: unsafe fn(NonNull<DropHeader>),
}

/// A registered value with its header in front, as stored in arena memory.
#[repr(C)]
pub(crate) struct DropNode<T> {
    header: DropHeader,
    value: T,
}

impl<T> DropNode<T> {
    /// A node holding `value`, not yet linked.
    pub(crate) fn new(value: T) -> Self {
        DropNode {
            header: DropHeader {
                next: None,
                drop_value: drop_value::<T>,
            },
            value,
        }
    }
}

/// Drops the `T` in the node that `header` starts.
///
/// # Safety
///
/// `header` points to the header of a live `DropNode<T>` (the `#[repr(C)]` layout puts the
/// header first) whose value has not been dropped, and the value is not used afterwards.
unsafe fn drop_value<T>(header: NonNull<DropHeader>) {
    let node = header.cast::<DropNode<T>>().as_ptr();
    // SAFETY: by the caller's guarantee the node is live, so the place expression is in bounds.
    let value = unsafe { &raw mut (*node).value };
    // SAFETY: the value is initialised, dropped only here, and unused afterwards (caller).
    unsafe { core::ptr::drop_in_place(value) }
}

/// The list of registered values, newest first.
#[derive(Default)]
pub(crate) struct DropList {
    head: Cell<Option<NonNull<DropHeader>>>,
}

impl DropList {
    /// Links the node at `node` into the list and returns its value.
    ///
    /// # Safety
    ///
    /// `node` points to an initialised `DropNode<T>` in arena memory that stays valid until
    /// [`run`](DropList::run) is called, and the node is registered only once. The value must be
    /// droppable wherever and whenever `run` is called (the caller ensures `T: Send + 'static`).
    pub(crate) unsafe fn register<'a, T>(&self, node: NonNull<DropNode<T>>) -> &'a mut T {
        let header = node.cast::<DropHeader>();
        // SAFETY: the caller guarantees the node is initialised; we hold the only pointer to it.
        unsafe { (*header.as_ptr()).next = self.head.get() };
        self.head.set(Some(header));
        // SAFETY: the value is initialised and lives as long as the arena memory, which the
        // caller's lifetime `'a` is tied to; the list only touches it again in `run`, which
        // needs the arena exclusively.
        unsafe { &mut (*node.as_ptr()).value }
    }

    /// Drops every registered value, newest first, each exactly once, and empties the list.
    ///
    /// If a destructor panics, the remaining values are still dropped while the panic unwinds
    /// (a second panic aborts, as for a panicking element of a `Vec`).
    ///
    /// # Safety
    ///
    /// Every registered node is still valid and no reference to a registered value is in use.
    pub(crate) unsafe fn run(&self) {
        /// Drops the rest of the list if a destructor unwinds.
        struct Rest<'l>(&'l DropList);
        impl Drop for Rest<'_> {
            fn drop(&mut self) {
                // SAFETY: the guarantees of the enclosing `run` still hold for the rest.
                unsafe { self.0.run() }
            }
        }
        while let Some(header) = self.head.get() {
            // SAFETY: the node is valid (caller's guarantee); unlink it before dropping so it is
            // dropped exactly once even if its destructor panics.
            let node = unsafe { header.read() };
            self.head.set(node.next);
            let rest = Rest(self);
            // SAFETY: the node was registered once and is no longer on the list, so this is the
            // only drop of its value; no reference to it is in use.
            unsafe { (node.drop_value)(header) };
            core::mem::forget(rest);
        }
    }
}
