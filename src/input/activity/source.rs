//! The bytes of one input, a window at a time, so that a log larger than
//! memory can be read. A file is memory-mapped one window at a time (a
//! mapping dropped is memory given back; a whole-file mapping would count
//! every page read against the process); stdin and transcoded inputs are
//! read into a buffer. Inputs that are not UTF-8 are transcoded to UTF-8 as
//! they stream by.

use std::fs::File;
use std::io::{self, Read};

use indicatif::ProgressBar;
use memmap2::{Mmap, MmapOptions};

/// Windows hold at least this many bytes, unless the input ends first.
pub const WINDOW: usize = 16 << 20;

/// Where the bytes come from.
enum Kind {
    /// A regular file, mapped a window at a time.
    Mapped { file: File, len: u64 },
    /// A stream, read into buffers.
    Stream {
        reader: Box<dyn Read + Send>,
        eof: bool,
        /// Buffers of windows done with, to read into again.
        spare: Vec<Vec<u8>>,
    },
}

/// One input, read in windows.
pub struct Source {
    kind: Kind,
    /// Where the input starts (past a byte-order mark).
    from: u64,
    /// Input offset up to which progress has been counted.
    counted: u64,
    progress: ProgressBar,
}

enum Bytes {
    Map(Mmap),
    Buf(Vec<u8>),
    Empty,
}

/// Bytes of an input from offset `start`.
pub struct Window {
    bytes: Bytes,
    /// Offset of the first byte in the input.
    pub start: u64,
    /// The window reaches the end of the input.
    pub eof: bool,
}

impl std::ops::Deref for Window {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Map(m) => m,
            Bytes::Buf(b) => b,
            Bytes::Empty => &[],
        }
    }
}

impl Source {
    /// A file mapped from byte `from` on (past a byte-order mark).
    pub fn mapped(file: File, from: u64, progress: ProgressBar) -> io::Result<Source> {
        let len = file.metadata()?.len();
        Ok(Source {
            kind: Kind::Mapped { file, len },
            from: from.min(len),
            counted: 0,
            progress,
        })
    }

    /// A stream (its progress counted by whoever reads the raw bytes).
    pub fn stream(reader: Box<dyn Read + Send>, progress: ProgressBar) -> Source {
        Source {
            kind: Kind::Stream {
                reader,
                eof: false,
                spare: Vec::new(),
            },
            from: 0,
            counted: 0,
            progress,
        }
    }

    /// The first window, `want` bytes from the start of the input.
    pub fn first(&mut self, want: usize) -> io::Result<Window> {
        self.window(self.from, &[], want)
    }

    /// The window from input offset `at`, `want` bytes long unless the
    /// input ends first. Windows are asked for in order; `carry` holds the
    /// bytes from `at` that the last window already had (a stream cannot be
    /// read twice).
    pub fn window(&mut self, at: u64, carry: &[u8], want: usize) -> io::Result<Window> {
        match &mut self.kind {
            Kind::Mapped { file, len } => {
                let counted = self.counted.max(self.from);
                if at > counted {
                    self.progress.inc(at - counted);
                    self.counted = at;
                }
                let end = (*len).min(at + want as u64);
                let eof = end == *len;
                if end <= at {
                    return Ok(Window {
                        bytes: Bytes::Empty,
                        start: at,
                        eof: true,
                    });
                }
                // SAFETY: the mapping is read-only and private to this reader;
                // a file truncated while mapped is the caller's risk, as with
                // every tool that maps its input (ripgrep, ...).
                let map = unsafe {
                    MmapOptions::new()
                        .offset(at)
                        .len((end - at) as usize)
                        .populate()
                        .map(&*file)?
                };
                let _ = map.advise(memmap2::Advice::Sequential);
                Ok(Window {
                    bytes: Bytes::Map(map),
                    start: at,
                    eof,
                })
            }
            Kind::Stream { reader, eof, spare } => {
                let mut buf = spare.pop().unwrap_or_default();
                buf.clear();
                buf.extend_from_slice(carry);
                while buf.len() < want && !*eof {
                    let need = (want - buf.len()) as u64;
                    if reader.by_ref().take(need).read_to_end(&mut buf)? == 0 {
                        *eof = true;
                    }
                }
                Ok(Window {
                    bytes: Bytes::Buf(buf),
                    start: at,
                    eof: *eof,
                })
            }
        }
    }

    /// The window from input offset `at` when the window after it was
    /// already prepared: `carry` (the bytes from `at` to where `next`
    /// starts) followed by `next`, which a stream cannot read again.
    pub fn rejoin(&mut self, at: u64, carry: &[u8], next: Window) -> io::Result<Window> {
        match next.bytes {
            Bytes::Buf(rest) => {
                let mut buf = Vec::with_capacity(carry.len() + rest.len());
                buf.extend_from_slice(carry);
                buf.extend_from_slice(&rest);
                Ok(Window {
                    bytes: Bytes::Buf(buf),
                    start: at,
                    eof: next.eof,
                })
            }
            _ => self.window(at, carry, carry.len() + next.len()),
        }
    }

    /// Gives back a window done with (a stream reads into its buffer again).
    pub fn recycle(&mut self, w: Window) {
        if let (Kind::Stream { spare, .. }, Bytes::Buf(b)) = (&mut self.kind, w.bytes) {
            if spare.len() < 2 {
                spare.push(b);
            }
        }
    }
}

/// Counts the bytes read through it on a progress bar.
pub struct Counting<R> {
    pub inner: R,
    pub progress: ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.inc(n as u64);
        Ok(n)
    }
}

/// Transcodes a stream in another encoding to UTF-8.
pub struct Transcoding<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    raw_pos: usize,
    raw_len: usize,
    inner_eof: bool,
    out: Vec<u8>,
    out_pos: usize,
    out_len: usize,
    done: bool,
}

impl<R: Read> Transcoding<R> {
    /// `inner` must start after any byte-order mark.
    pub fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Transcoding {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; 64 << 10],
            raw_pos: 0,
            raw_len: 0,
            inner_eof: false,
            out: vec![0; 3 * (64 << 10) + 16],
            out_pos: 0,
            out_len: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Transcoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_pos < self.out_len {
                let n = buf.len().min(self.out_len - self.out_pos);
                buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                return Ok(n);
            }
            if self.done || buf.is_empty() {
                return Ok(0);
            }
            if self.raw_pos == self.raw_len && !self.inner_eof {
                self.raw_len = self.inner.read(&mut self.raw)?;
                self.raw_pos = 0;
                self.inner_eof = self.raw_len == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.raw[self.raw_pos..self.raw_len],
                &mut self.out,
                self.inner_eof,
            );
            self.raw_pos += read;
            self.out_pos = 0;
            self.out_len = written;
            if self.inner_eof && result == encoding_rs::CoderResult::InputEmpty {
                self.done = written == 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(mut s: Source, step: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = s.first(step).unwrap();
        loop {
            // Use half of each window, so the rest carries over.
            let take = if w.eof { w.len() } else { w.len().div_ceil(2) };
            out.extend_from_slice(&w[..take]);
            if w.eof {
                return out;
            }
            let next = s.window(w.start + take as u64, &w[take..], step).unwrap();
            s.recycle(std::mem::replace(&mut w, next));
        }
    }

    #[test]
    fn windows_of_a_file_and_a_stream_cover_the_input_once() {
        let data: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.bin");
        std::fs::write(&path, &data).unwrap();
        let f = File::open(&path).unwrap();
        let mapped = Source::mapped(f, 3, ProgressBar::hidden()).unwrap();
        assert_eq!(read_all(mapped, 70_001), data[3..]);
        let stream = Source::stream(
            Box::new(io::Cursor::new(data.clone())),
            ProgressBar::hidden(),
        );
        assert_eq!(read_all(stream, 70_001), data);
    }

    #[test]
    fn rejoining_keeps_every_byte_of_a_stream() {
        let data: Vec<u8> = (0..50_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut s = Source::stream(
            Box::new(io::Cursor::new(data.clone())),
            ProgressBar::hidden(),
        );
        let a = s.first(30_000).unwrap();
        let b = s.window(30_000, &[], 30_000).unwrap();
        // Go back to offset 10,000 of the first window after reading the second.
        let back = s.rejoin(10_000, &a[10_000..b.start as usize], b).unwrap();
        let mut got = back.to_vec();
        let mut w = back;
        while !w.eof {
            let at = w.start + w.len() as u64;
            w = s.window(at, &[], 30_000).unwrap();
            got.extend_from_slice(&w);
        }
        assert_eq!(got, data[10_000..]);
    }

    #[test]
    fn an_empty_file_is_one_empty_last_window() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.csv");
        std::fs::write(&path, b"").unwrap();
        let mut s = Source::mapped(File::open(&path).unwrap(), 0, ProgressBar::hidden()).unwrap();
        let w = s.first(WINDOW).unwrap();
        assert!(w.is_empty() && w.eof);
    }

    #[test]
    fn transcodes_utf16_and_windows_1251_in_small_reads() {
        let text = "Пользователь;Дата\nАнна;01.02.2024\n".repeat(5000);
        let (utf16, _, _) = encoding_rs::UTF_16LE.encode(&text);
        // encoding_rs encodes UTF-16 as UTF-8 (it is a decode-only encoding): build it by hand.
        assert!(!utf16.is_empty());
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut out = String::new();
        Transcoding::new(io::Cursor::new(bytes), encoding_rs::UTF_16LE)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
        let mut out = Vec::new();
        let mut t = Transcoding::new(
            io::Cursor::new(cp1251.into_owned()),
            encoding_rs::WINDOWS_1251,
        );
        let mut small = [0u8; 7];
        loop {
            let n = t.read(&mut small).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&small[..n]);
        }
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }
}
