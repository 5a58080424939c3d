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
    /// A stream, read into `buf`.
    Stream {
        reader: Box<dyn Read + Send>,
        buf: Vec<u8>,
        eof: bool,
    },
}

/// One input, read in windows.
pub struct Source {
    kind: Kind,
    /// Offset of the current window in the input.
    start: u64,
    map: Option<Mmap>,
    progress: ProgressBar,
}

impl Source {
    /// A file mapped from byte `from` on (past a byte-order mark).
    pub fn mapped(file: File, from: u64, progress: ProgressBar) -> io::Result<Source> {
        let len = file.metadata()?.len();
        progress.inc(from.min(len));
        Ok(Source {
            kind: Kind::Mapped { file, len },
            start: from.min(len),
            map: None,
            progress,
        })
    }

    /// A stream (its progress counted by whoever reads the raw bytes).
    pub fn stream(reader: Box<dyn Read + Send>, progress: ProgressBar) -> Source {
        Source {
            kind: Kind::Stream {
                reader,
                buf: Vec::new(),
                eof: false,
            },
            start: 0,
            map: None,
            progress,
        }
    }

    /// Drops the first `consumed` bytes of the current window and returns
    /// the next one: what was left of it, then new bytes, `want` bytes in all
    /// unless the input ends first (then the flag is true).
    pub fn advance(&mut self, consumed: usize, want: usize) -> io::Result<(&[u8], bool)> {
        self.start += consumed as u64;
        match &mut self.kind {
            Kind::Mapped { file, len } => {
                self.progress.inc(consumed as u64);
                // Unmap the old window before mapping the next one.
                self.map = None;
                let end = (*len).min(self.start + want as u64);
                let eof = end == *len;
                if end <= self.start {
                    return Ok((&[], true));
                }
                // SAFETY: the mapping is read-only and private to this reader;
                // a file truncated while mapped is the caller's risk, as with
                // every tool that maps its input (ripgrep, ...).
                let map = unsafe {
                    MmapOptions::new()
                        .offset(self.start)
                        .len((end - self.start) as usize)
                        .populate()
                        .map(&*file)?
                };
                let _ = map.advise(memmap2::Advice::Sequential);
                let map = self.map.insert(map);
                Ok((&map[..], eof))
            }
            Kind::Stream { reader, buf, eof } => {
                buf.drain(..consumed.min(buf.len()));
                while buf.len() < want && !*eof {
                    let need = (want - buf.len()) as u64;
                    if reader.by_ref().take(need).read_to_end(buf)? == 0 {
                        *eof = true;
                    }
                }
                Ok((&buf[..], *eof))
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
        let mut consumed = 0;
        loop {
            let (w, eof) = s.advance(consumed, step).unwrap();
            // Consume half of each window, so leftovers carry over.
            let take = if eof { w.len() } else { w.len().div_ceil(2) };
            out.extend_from_slice(&w[..take]);
            consumed = take;
            if eof {
                return out;
            }
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
    fn an_empty_file_is_one_empty_last_window() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.csv");
        std::fs::write(&path, b"").unwrap();
        let mut s = Source::mapped(File::open(&path).unwrap(), 0, ProgressBar::hidden()).unwrap();
        let (w, eof) = s.advance(0, WINDOW).unwrap();
        assert!(w.is_empty() && eof);
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
