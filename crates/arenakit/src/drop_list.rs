//! The registry of values whose destructors run when the arena is reset or dropped.
//!
//! Only [`Arena::alloc_owned`](crate::arena::Arena::alloc_owned) registers values, and only values
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
//! second rule, which is why [`Arena::alloc`](crate::arena::Arena::alloc) takes only types without
//! drop glue instead, and [`Arena::alloc_no_drop`](crate::arena::Arena::alloc_no_drop) exists for the
//! rest.

use core::cell::Cell;
use core::ptr::NonNull;

/// The type-erased part of a node.
#[repr(C)]
pub struct DropHeader {
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

/// Where a drop list keeps its head: a `Cell` for the single-thread arena, an atomic pointer
/// for the thread-safe one (registration is a lock-free push).
pub trait ListHead: Default {
    /// Links `node` (whose `next` this sets) in front of the list.
    ///
    /// # Safety
    ///
    /// `node` points to an initialised, unregistered node that nothing else accesses.
    unsafe fn push(&self, node: NonNull<DropHeader>);

    /// Detaches the whole list, leaving it empty.
    fn take(&self) -> Option<NonNull<DropHeader>>;

    /// Whether the list is empty (a load, where `take` is a read-modify-write).
    fn is_empty(&self) -> bool;
}

impl ListHead for Cell<Option<NonNull<DropHeader>>> {
    unsafe fn push(&self, node: NonNull<DropHeader>) {
        // SAFETY: the caller guarantees exclusive access to the initialised node.
        unsafe { (*node.as_ptr()).next = self.get() };
        self.set(Some(node));
    }

    fn take(&self) -> Option<NonNull<DropHeader>> {
        Cell::take(self)
    }

    #[inline(always)]
    fn is_empty(&self) -> bool {
        self.get().is_none()
    }
}

#[cfg(feature = "std")]
impl ListHead for core::sync::atomic::AtomicPtr<DropHeader> {
    unsafe fn push(&self, node: NonNull<DropHeader>) {
        use core::sync::atomic::Ordering;
        let mut head = self.load(Ordering::Relaxed);
        loop {
            // SAFETY: the caller guarantees exclusive access to the initialised node; it is not
            // reachable by others until the exchange below publishes it.
            unsafe { (*node.as_ptr()).next = NonNull::new(head) };
            // Release: whoever takes the list sees the node's contents. Nodes are only removed
            // by `take` with the arena exclusively borrowed, so there is no ABA problem.
            match self.compare_exchange_weak(
                head,
                node.as_ptr(),
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }

    fn take(&self) -> Option<NonNull<DropHeader>> {
        NonNull::new(self.swap(core::ptr::null_mut(), core::sync::atomic::Ordering::Acquire))
    }

    #[inline(always)]
    fn is_empty(&self) -> bool {
        // Acquire, as `take`: a reset that finds nodes goes on to `take` them anyway.
        self.load(core::sync::atomic::Ordering::Acquire).is_null()
    }
}

/// The list of registered values, newest first.
#[derive(Default)]
pub(crate) struct DropList<H: ListHead = Cell<Option<NonNull<DropHeader>>>> {
    head: H,
}

impl DropList {
    /// An empty single-thread list, in a `const` context.
    pub(crate) const fn new_local() -> Self {
        DropList {
            head: Cell::new(None),
        }
    }

    /// The newest registered node, if any: a mark for [`run_newer_than`](Self::run_newer_than).
    pub(crate) fn head(&self) -> Option<NonNull<DropHeader>> {
        self.head.get()
    }

    /// Drops the values registered after `mark` (a [`head`](Self::head) read earlier),
    /// newest first, each exactly once, and keeps `mark` and the older ones registered. If a
    /// destructor panics, the others newer than `mark` are still dropped.
    ///
    /// # Safety
    ///
    /// `mark` is `None` or a node on this list; every node is valid, and no reference to a
    /// value registered after `mark` is in use.
    pub(crate) unsafe fn run_newer_than(&self, mark: Option<NonNull<DropHeader>>) {
        let newer = self.head.replace(mark);
        // SAFETY: the nodes from the old head down to `mark` are valid, registered once, and
        // unused (caller); `mark` and the older ones stay registered.
        unsafe { run_chain(newer, mark) }
    }
}

impl<H: ListHead> DropList<H> {
    /// Links the node at `node` into the list and returns its value.
    ///
    /// # Safety
    ///
    /// `node` points to an initialised `DropNode<T>` in arena memory that stays valid until
    /// [`run`](DropList::run) is called, and the node is registered only once. The value must be
    /// droppable wherever and whenever `run` is called (the caller ensures `T: Send + 'static`).
    /// `'a` must not outlive the borrow of the arena under which the node was allocated (`run`
    /// needs the arena exclusively, so no returned reference is in use when it drops the
    /// value).
    pub(crate) unsafe fn register<'a, T>(&self, node: NonNull<DropNode<T>>) -> &'a mut T {
        // SAFETY: the caller guarantees the node is initialised and registered once; the
        // `#[repr(C)]` layout puts the header first.
        unsafe { self.head.push(node.cast::<DropHeader>()) };
        // SAFETY: the value is initialised and lives as long as the arena memory, which the
        // caller's lifetime `'a` is tied to; the list only touches it again in `run`, which
        // needs the arena exclusively.
        unsafe { &mut (*node.as_ptr()).value }
    }

    /// Whether no value is registered.
    #[inline(always)]
    pub(crate) fn is_empty(&self) -> bool {
        self.head.is_empty()
    }

    /// Drops every registered value, newest first, each exactly once, and empties the list.
    ///
    /// If a destructor panics, the remaining values are still dropped while the panic unwinds
    /// (a second panic aborts, as for a panicking element of a `Vec`).
    ///
    /// # Safety
    ///
    /// Every registered node is still valid and no reference to a registered value is in use.
    #[inline(always)]
    pub(crate) unsafe fn run(&self) {
        if let Some(chain) = self.head.take() {
            // SAFETY: the caller's guarantees cover every node of the detached chain.
            unsafe { run_chain_cold(chain) }
        }
    }
}

/// [`run_chain`] of a whole, non-empty chain, out of line: an arena with nothing to drop pays
/// one test at reset.
///
/// # Safety
///
/// As for [`run_chain`] with no stop.
#[cold]
#[inline(never)]
unsafe fn run_chain_cold(chain: NonNull<DropHeader>) {
    // SAFETY: the caller's guarantees.
    unsafe { run_chain(Some(chain), None) }
}

/// Drops the values of a detached chain of nodes, newest first, up to (not including) `stop`.
///
/// # Safety
///
/// Every node of the chain before `stop` is valid, registered once, and no reference to its
/// value is in use; `stop` is `None` or a node of the chain.
unsafe fn run_chain(mut chain: Option<NonNull<DropHeader>>, stop: Option<NonNull<DropHeader>>) {
    /// Drops the rest of the chain (up to `stop`) if a destructor unwinds.
    struct Rest(Option<NonNull<DropHeader>>, Option<NonNull<DropHeader>>);
    impl Drop for Rest {
        fn drop(&mut self) {
            // SAFETY: the guarantees of the enclosing `run_chain` hold for the rest.
            unsafe { run_chain(self.0, self.1) }
        }
    }
    while let Some(header) = chain.filter(|&h| Some(h) != stop) {
        // SAFETY: the node is valid (caller's guarantee); step past it before dropping so it is
        // dropped exactly once even if its destructor panics.
        let node = unsafe { header.read() };
        chain = node.next;
        let rest = Rest(chain, stop);
        // SAFETY: the node is no longer reachable from `chain`, so this is the only drop of its
        // value; no reference to it is in use.
        unsafe { (node.drop_value)(header) };
        core::mem::forget(rest);
    }
}
