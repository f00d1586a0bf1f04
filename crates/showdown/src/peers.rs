//! The bump-arena peers behind one interface, so each workload is written once.
//!
//! [`BumpPeer`] is the handful of operations the workloads need. Each implementation forwards
//! to the library's own typed API where it has one (arenakit `alloc_str`, bumpalo
//! `alloc_slice_fill_with`, bump-scope `alloc_str`, blink-alloc `copy_str`, ...), so a workload
//! measures what a user of that library would write. All methods are `#[inline(always)]`: after
//! monomorphisation the workload loops contain exactly the library's code.
//!
//! Each peer has two names: [`NAME`](BumpPeer::NAME) for its warm rows (one arena reused
//! through `reset`) and [`COLD_NAME`](BumpPeer::COLD_NAME) for its cold rows (a fresh arena
//! per batch, see [`BumpBatch::run_cold`](crate::workloads::BumpBatch::run_cold)).
//!
//! The general-purpose allocators are not `BumpPeer`s (they free per object, not by reset):
//! each workload has one heap version, generic over an `allocator_api2` allocator, that runs
//! on glibc, mimalloc and jemalloc ([`crate::sysalloc`]). typed-arena is not one either: it
//! has no reset and hands out only its one element type, so the workloads it fits call it
//! directly, with a fresh arena per batch (or per round).

use arenakit::source::MemorySource;
use bump_scope::BumpBox;
use bump_scope::settings::BumpSettings;
use bump_scope::traits::BumpAllocatorTyped;
use std::alloc::{Layout, handle_alloc_error};
use std::mem::MaybeUninit;
use std::ptr::NonNull;

/// bump-scope's `Bump` with a minimum alignment of 8: the cursor stays 8-aligned, so requests of
/// alignment 8 or less need no run-time rounding (the fast configuration in `docs/peer-notes.md`).
pub type BumpScope8 = bump_scope::Bump<bump_scope::alloc::Global, BumpSettings<8>>;

/// The operations the workloads need from a bump arena.
///
/// References handed out borrow the arena; [`reset`](BumpPeer::reset) takes `&mut self`, so
/// none survives it.
// Handing out `&mut T` from `&self` is what an arena does: each call returns a fresh block
// nothing else aliases, so `clippy::mut_from_ref`'s concern does not apply.
#[allow(clippy::mut_from_ref)]
pub trait BumpPeer {
    /// Short name for tables and ratio baselines.
    const NAME: &'static str;

    /// Name of the peer's cold rows (a fresh arena per batch, dropped after it).
    const COLD_NAME: &'static str;

    /// The peer with its library's default settings.
    fn fresh() -> Self;

    /// Uninitialised memory for `layout`.
    fn alloc_layout(&self, layout: Layout) -> NonNull<u8>;

    /// Moves `value` into the arena.
    fn alloc_copy<T: Copy>(&self, value: T) -> &mut T;

    /// Copies `s` into the arena.
    fn alloc_str(&self, s: &str) -> &mut str;

    /// `len` values, the `i`-th being `f(i)`.
    fn alloc_slice_fill_with<T: Copy>(&self, len: usize, f: impl FnMut(usize) -> T) -> &mut [T];

    /// `len` uninitialised values of `T`, never touched.
    fn alloc_uninit_slice<T>(&self, len: usize) -> &mut [MaybeUninit<T>];

    /// Frees every allocation at once, keeping memory for reuse as the library does.
    fn reset(&mut self);
}

impl<S: MemorySource> BumpPeer for arenakit::Arena<S>
where
    arenakit::Arena<S>: Default,
{
    const NAME: &'static str = "arenakit";
    const COLD_NAME: &'static str = "arenakit cold";

    fn fresh() -> Self {
        Self::default()
    }

    #[inline(always)]
    fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        arenakit::Arena::alloc_layout(self, layout)
    }

    #[inline(always)]
    fn alloc_copy<T: Copy>(&self, value: T) -> &mut T {
        self.alloc(value)
    }

    #[inline(always)]
    fn alloc_str(&self, s: &str) -> &mut str {
        arenakit::Arena::alloc_str(self, s)
    }

    #[inline(always)]
    fn alloc_slice_fill_with<T: Copy>(&self, len: usize, f: impl FnMut(usize) -> T) -> &mut [T] {
        arenakit::Arena::alloc_slice_fill_with(self, len, f)
    }

    #[inline(always)]
    fn alloc_uninit_slice<T>(&self, len: usize) -> &mut [MaybeUninit<T>] {
        arenakit::Arena::alloc_uninit_slice(self, len)
    }

    #[inline(always)]
    fn reset(&mut self) {
        arenakit::Arena::reset(self);
    }
}

impl BumpPeer for bumpalo::Bump {
    const NAME: &'static str = "bumpalo";
    const COLD_NAME: &'static str = "bumpalo cold";

    fn fresh() -> Self {
        bumpalo::Bump::new()
    }

    #[inline(always)]
    fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        bumpalo::Bump::alloc_layout(self, layout)
    }

    #[inline(always)]
    fn alloc_copy<T: Copy>(&self, value: T) -> &mut T {
        self.alloc(value)
    }

    #[inline(always)]
    fn alloc_str(&self, s: &str) -> &mut str {
        bumpalo::Bump::alloc_str(self, s)
    }

    #[inline(always)]
    fn alloc_slice_fill_with<T: Copy>(&self, len: usize, f: impl FnMut(usize) -> T) -> &mut [T] {
        bumpalo::Bump::alloc_slice_fill_with(self, len, f)
    }

    /// bumpalo has no uninitialised-slice method; `alloc_layout` of the array layout is its
    /// equivalent.
    #[inline(always)]
    fn alloc_uninit_slice<T>(&self, len: usize) -> &mut [MaybeUninit<T>] {
        let layout = Layout::array::<T>(len).expect("slice size overflows");
        let ptr = bumpalo::Bump::alloc_layout(self, layout).cast::<MaybeUninit<T>>();
        // SAFETY: `ptr` is a fresh block for `len` values of `T`, aligned, handed out to no one
        // else and valid until `reset` (which needs `&mut self`, so the borrow of `self` bounds
        // the slice); `MaybeUninit` needs no initialisation.
        unsafe { NonNull::slice_from_raw_parts(ptr, len).as_mut() }
    }

    #[inline(always)]
    fn reset(&mut self) {
        bumpalo::Bump::reset(self);
    }
}

impl BumpPeer for BumpScope8 {
    const NAME: &'static str = "bump-scope";
    const COLD_NAME: &'static str = "bump-scope cold";

    fn fresh() -> Self {
        BumpScope8::new()
    }

    #[inline(always)]
    fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        self.allocate_layout(layout)
    }

    #[inline(always)]
    fn alloc_copy<T: Copy>(&self, value: T) -> &mut T {
        BumpBox::leak(self.alloc(value))
    }

    #[inline(always)]
    fn alloc_str(&self, s: &str) -> &mut str {
        BumpBox::leak(bump_scope::Bump::alloc_str(self, s))
    }

    #[inline(always)]
    fn alloc_slice_fill_with<T: Copy>(
        &self,
        len: usize,
        mut f: impl FnMut(usize) -> T,
    ) -> &mut [T] {
        // bump-scope's filler takes no index; count the calls (in order, once per element).
        let mut index = 0;
        BumpBox::leak(bump_scope::Bump::alloc_slice_fill_with(self, len, || {
            let value = f(index);
            index += 1;
            value
        }))
    }

    #[inline(always)]
    fn alloc_uninit_slice<T>(&self, len: usize) -> &mut [MaybeUninit<T>] {
        BumpBox::leak(bump_scope::Bump::alloc_uninit_slice(self, len))
    }

    #[inline(always)]
    fn reset(&mut self) {
        bump_scope::Bump::reset(self);
    }
}

impl BumpPeer for blink_alloc::Blink {
    const NAME: &'static str = "blink-alloc";
    const COLD_NAME: &'static str = "blink-alloc cold";

    fn fresh() -> Self {
        blink_alloc::Blink::new()
    }

    #[inline(always)]
    fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        match self.allocator().allocate(layout) {
            Ok(block) => block.cast(),
            Err(_) => handle_alloc_error(layout),
        }
    }

    #[inline(always)]
    fn alloc_copy<T: Copy>(&self, value: T) -> &mut T {
        self.put_no_drop(value)
    }

    #[inline(always)]
    fn alloc_str(&self, s: &str) -> &mut str {
        self.copy_str(s)
    }

    /// blink-alloc has no fill-with method; the slots are written one by one, as
    /// arenakit and bumpalo do internally.
    #[inline(always)]
    fn alloc_slice_fill_with<T: Copy>(
        &self,
        len: usize,
        mut f: impl FnMut(usize) -> T,
    ) -> &mut [T] {
        let slots = self.alloc_uninit_slice::<T>(len);
        for (i, slot) in slots.iter_mut().enumerate() {
            slot.write(f(i));
        }
        // SAFETY: the loop initialised every element; `MaybeUninit<T>` has the layout of `T`.
        unsafe { &mut *(slots as *mut [MaybeUninit<T>] as *mut [T]) }
    }

    #[inline(always)]
    fn alloc_uninit_slice<T>(&self, len: usize) -> &mut [MaybeUninit<T>] {
        let layout = Layout::array::<T>(len).expect("slice size overflows");
        let ptr = BumpPeer::alloc_layout(self, layout).cast::<MaybeUninit<T>>();
        // SAFETY: as for bumpalo: a fresh, aligned block for `len` values, valid until `reset`
        // (which needs `&mut self`); `MaybeUninit` needs no initialisation.
        unsafe { NonNull::slice_from_raw_parts(ptr, len).as_mut() }
    }

    #[inline(always)]
    fn reset(&mut self) {
        blink_alloc::Blink::reset(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise<A: BumpPeer>() {
        let mut arena = A::fresh();
        for _ in 0..3 {
            let p = arena.alloc_layout(Layout::from_size_align(64, 8).unwrap());
            assert_eq!(p.as_ptr() as usize % 8, 0);
            assert_eq!(*arena.alloc_copy([7u64; 8]), [7; 8]);
            assert_eq!(arena.alloc_str("hello"), "hello");
            assert_eq!(
                arena.alloc_slice_fill_with(4, |i| i as u64 * 2),
                &[0, 2, 4, 6]
            );
            assert_eq!(arena.alloc_uninit_slice::<u64>(100_000).len(), 100_000);
            arena.reset();
        }
    }

    #[test]
    fn names_are_distinct() {
        let names = [
            <arenakit::Arena as BumpPeer>::NAME,
            bumpalo::Bump::NAME,
            BumpScope8::NAME,
            blink_alloc::Blink::NAME,
            <arenakit::Arena as BumpPeer>::COLD_NAME,
            bumpalo::Bump::COLD_NAME,
            BumpScope8::COLD_NAME,
            blink_alloc::Blink::COLD_NAME,
        ];
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert_eq!(bumpalo::Bump::COLD_NAME, "bumpalo cold");
    }

    #[test]
    fn every_peer_does_the_operations() {
        exercise::<arenakit::Arena>();
        exercise::<bumpalo::Bump>();
        exercise::<BumpScope8>();
        exercise::<blink_alloc::Blink>();
    }
}
