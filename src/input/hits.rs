//! Where any of three bytes occur in a slice, in order. A block of 64 bytes
//! is compared at once into a bit mask, and each occurrence is then a bit
//! taken off it: on rows of short fields (an activity log's `user,time,action`)
//! this costs a few instructions a field, where starting a vector search
//! for each one costs tens.

/// Bytes compared into one mask.
const BLOCK: usize = 64;

/// The positions of `a`, `b` or `c` in a slice, ascending.
pub struct Hits3<'d> {
    data: &'d [u8],
    /// Start of the block `mask` describes.
    base: usize,
    /// Bit `i` set: `data[base + i]` is one of the bytes, not yet given.
    mask: u64,
    needles: [u8; 3],
}

impl<'d> Hits3<'d> {
    pub fn new(data: &'d [u8], a: u8, b: u8, c: u8) -> Self {
        let needles = [a, b, c];
        Hits3 {
            data,
            base: 0,
            mask: block_mask(data, 0, needles),
            needles,
        }
    }
}

impl Iterator for Hits3<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += BLOCK;
            if self.base >= self.data.len() {
                return None;
            }
            self.mask = block_mask(self.data, self.base, self.needles);
        }
        let bit = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.base + bit)
    }
}

/// The mask of the block at `data[at..]` (shorter at the end of the data).
#[inline]
fn block_mask(data: &[u8], at: usize, needles: [u8; 3]) -> u64 {
    match data.get(at..at + BLOCK) {
        Some(block) => full_block_mask(block.try_into().unwrap_or(&[0; BLOCK]), needles),
        None => scalar_mask(data.get(at..).unwrap_or_default(), needles),
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn full_block_mask(block: &[u8; BLOCK], [a, b, c]: [u8; 3]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: the build enables SSE2 (every x86_64 processor has it), and
    // each load reads 16 bytes of `block`, unaligned.
    unsafe {
        let (va, vb, vc) = (
            _mm_set1_epi8(a as i8),
            _mm_set1_epi8(b as i8),
            _mm_set1_epi8(c as i8),
        );
        let mut mask = 0u64;
        for (i, lane) in block.chunks_exact(16).enumerate() {
            let v = _mm_loadu_si128(lane.as_ptr().cast::<__m128i>());
            let eq = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                _mm_cmpeq_epi8(v, vc),
            );
            mask |= u64::from(_mm_movemask_epi8(eq) as u16) << (16 * i);
        }
        mask
    }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn full_block_mask(block: &[u8; BLOCK], needles: [u8; 3]) -> u64 {
    scalar_mask(block, needles)
}

/// The mask of up to 64 bytes, a byte at a time.
fn scalar_mask(bytes: &[u8], [a, b, c]: [u8; 3]) -> u64 {
    bytes
        .iter()
        .take(BLOCK)
        .enumerate()
        .filter(|(_, &x)| x == a || x == b || x == c)
        .fold(0, |m, (i, _)| m | 1 << i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(data: &[u8]) -> Vec<usize> {
        Hits3::new(data, b',', b'\n', b'"').collect()
    }

    fn expected(data: &[u8]) -> Vec<usize> {
        memchr::memchr3_iter(b',', b'\n', b'"', data).collect()
    }

    #[test]
    fn every_occurrence_is_found_in_order() {
        assert_eq!(hits(b""), Vec::<usize>::new());
        assert_eq!(hits(b"abc"), Vec::<usize>::new());
        assert_eq!(hits(b"a,b\n\"c\""), [1, 3, 4, 6]);
        // Across block boundaries, at both ends of a block, and in the
        // short block at the end.
        for len in [63, 64, 65, 127, 128, 129, 200] {
            let mut data = vec![b'x'; len];
            for i in (0..len)
                .step_by(7)
                .chain([0, 63, 64, len - 1])
                .filter(|&i| i < len)
            {
                data[i] = [b',', b'\n', b'"'][i % 3];
            }
            assert_eq!(hits(&data), expected(&data), "{len} bytes");
        }
    }

    #[test]
    fn bytes_near_the_ones_sought_are_not_them() {
        // Bytes one off each needle, and bytes with the high bit set (a
        // signed compare would be wrong for them).
        let mut data = Vec::new();
        for _ in 0..40 {
            data.extend_from_slice(b"+-\x0b\x09!#\xac\x8a\xa2\xff,");
        }
        assert_eq!(hits(&data), expected(&data));
        let high: Vec<u8> = (0..=255u8).cycle().take(700).collect();
        let found: Vec<usize> = Hits3::new(&high, 0xff, 0x80, 0x00).collect();
        let want: Vec<usize> = memchr::memchr3_iter(0xff, 0x80, 0x00, &high).collect();
        assert_eq!(found, want);
    }

    #[test]
    fn the_vector_and_byte_masks_agree() {
        let data: Vec<u8> = (0..64u32).map(|i| (i * 37 % 256) as u8).collect();
        let block: &[u8; BLOCK] = data.as_slice().try_into().unwrap();
        for needles in [[0, 37, 74], [b',', b'\n', b'"'], [255, 128, 1]] {
            assert_eq!(
                full_block_mask(block, needles),
                scalar_mask(&data, needles),
                "{needles:?}"
            );
        }
    }
}
